"""Values that used to pass the checks and go wrong later: each is now a located DataError at
load, and the value just inside each limit still loads."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

import mlguide
from tests.conftest import MINIMAL_DATA
from tests.test_hostile_data import edit, error_for

PYTORCH = Path("frameworks") / "pytorch.toml"


def set_details(data: Path, text: str) -> Path:
    """PyTorch's deployment details replaced by ``text`` (written as a TOML basic string,
    so ``text`` holds no quote or backslash)."""
    path = data / PYTORCH
    toml = path.read_text(encoding="utf-8")
    start = toml.index('details = """', toml.index("[positions.deployment]"))
    end = toml.index('"""', start + len('details = """')) + 3
    path.write_text(toml[:start] + f'details = "{text}"' + toml[end:], encoding="utf-8")
    return path


def loads(data: Path) -> mlguide.Guide:
    return mlguide.load_uncached([data], package_data=False)


# --- patterns match the whole value -------------------------------------------------------


def test_id_with_a_trailing_newline_is_refused(data_copy: Path) -> None:
    """``"origin\\n"`` is no id (``$`` alone lets a newline through; the id is matched in
    full), so it is not exported with the newline."""
    path = data_copy / "aspects.toml"
    edit(path, 'id = "origin"', 'id = "origin\\n"')
    assert error_for(data_copy) == (
        f"{path}: aspects[0].id: 'origin\\n' is not a valid id (lower-case letters, digits "
        "and single hyphens, starting with a letter)"
    )


def test_version_with_a_trailing_newline_is_refused(data_copy: Path) -> None:
    """``"2.15.0\\n"`` is no version."""
    path = data_copy / PYTORCH
    edit(path, 'version = "2.15.0"', 'version = "2.15.0\\n"')
    assert error_for(data_copy).startswith(
        f"{path}: framework.latest.version: '2.15.0\\n' is not a well-formed version"
    )


# --- URLs ---------------------------------------------------------------------------------


def test_url_with_a_newline_is_refused(data_copy: Path) -> None:
    """A URL holding a newline (which ``urlsplit`` silently drops) is refused, not printed
    split over two lines."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org/a\\nb"')
    assert error_for(data_copy) == (
        f"{path}: framework.homepage: URL holds a space or control character at position "
        "22 (got 'https://pytorch.org/a\\nb'); write it %-encoded"
    )


def test_url_with_a_space_is_refused(data_copy: Path) -> None:
    """A space is no part of a URL either."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org/a b"')
    assert "URL holds a space or control character at position 22" in error_for(data_copy)


def test_url_with_an_encoded_newline_is_read(data_copy: Path) -> None:
    """Just inside: the same URL %-encoded is a valid URL."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org/a%0Ab"')
    assert loads(data_copy).framework("pytorch").homepage == "https://pytorch.org/a%0Ab"


def test_url_with_port_65536_is_refused(data_copy: Path) -> None:
    """One past the largest port: refused with the range."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org:65536/"')
    assert error_for(data_copy) == (
        f"{path}: framework.homepage: URL has an invalid port (a port is 1 to 65535; got "
        "'https://pytorch.org:65536/')"
    )


def test_url_with_port_99999_is_refused(data_copy: Path) -> None:
    """The reported case: port 99999."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org:99999/"')
    assert "URL has an invalid port" in error_for(data_copy)


def test_url_with_port_65535_is_read(data_copy: Path) -> None:
    """Just inside: the largest port is a valid one."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org:65535/"')
    assert loads(data_copy).framework("pytorch").homepage == "https://pytorch.org:65535/"


def test_url_with_port_0_is_refused(data_copy: Path) -> None:
    """Just outside at the low end: port 0 is no port to connect to."""
    path = data_copy / PYTORCH
    edit(path, 'homepage = "https://pytorch.org"', 'homepage = "https://pytorch.org:0/"')
    assert "URL has an invalid port" in error_for(data_copy)


# --- bidirectional controls (Trojan-source style spoofing) --------------------------------

BIDI = ["\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_control_in_a_summary_is_refused(data_copy: Path, char: str) -> None:
    """Each bidirectional control (embedding and override U+202A..U+202E, isolates
    U+2066..U+2069, the marks U+200E, U+200F and U+061C) is refused in data text: it makes
    text read differently from what it holds."""
    path = data_copy / PYTORCH
    edit(path, 'name = "PyTorch"', f'name = "Py\\u{ord(char):04X}Torch"')
    assert error_for(data_copy) == (
        f"{path}: framework.name: bidirectional control character U+{ord(char):04X} at "
        "position 3 (it can make text read differently from what it holds)"
    )


NEAR_BIDI = ["\u202f", "\u2070", "\u200d", "\u05d0"]


@pytest.mark.parametrize("char", NEAR_BIDI, ids=[f"U+{ord(c):04X}" for c in NEAR_BIDI])
def test_characters_next_to_the_bidi_controls_are_read(data_copy: Path, char: str) -> None:
    """Just outside the refused ranges: a narrow no-break space (U+202F), superscript zero
    (U+2070), the zero-width joiner of emoji (U+200D) and a Hebrew letter are text."""
    path = data_copy / PYTORCH
    edit(path, 'name = "PyTorch"', f'name = "Py\\u{ord(char):04X}Torch"')
    assert loads(data_copy).framework("pytorch").name == f"Py{char}Torch"


def test_bidi_isolate_in_a_snippet_is_refused(tmp_path: Path) -> None:
    """A snippet holding U+2066 (the Trojan-source trick: code that reads differently from
    what runs) is refused, naming the snippet file."""
    from tests.test_hostile_snippets import with_snippets

    data = with_snippets(tmp_path / "data")
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.write_text('access = "user\u2066 # admin\u2069"\n', encoding="utf-8")
    assert error_for(data) == (
        f"{snippet}: bidirectional control character U+2066 in code (it can make code read "
        "differently from what runs)"
    )


# --- lengths that lay out in bounded time ---------------------------------------------------


def test_unbroken_run_of_1000_characters_is_read(data_copy: Path) -> None:
    """Just inside: 1,000 characters without a space lay out in bounded time."""
    set_details(data_copy, "x " + "[" * 1000)
    assert loads(data_copy).position("pytorch", "deployment").details == "x " + "[" * 1000


def test_unbroken_run_of_1001_characters_is_refused(data_copy: Path) -> None:
    """Just outside: 1,001 characters without a space or line break are refused, located."""
    path = set_details(data_copy, "x " + "[" * 1001)
    assert error_for(data_copy) == (
        f"{path}: positions.deployment.details: 1,001 characters without a space or line "
        "break from position 3; at most 1,000 lay out on a page in bounded time"
    )


def test_1000_characters_in_long_words_are_read(data_copy: Path) -> None:
    """Just inside: 40 words of 25 letters (each too long for a printed column) make 1,000
    characters of long words, the most a text may hold."""
    set_details(data_copy, " ".join(["w" * 25] * 40))
    assert len(loads(data_copy).position("pytorch", "deployment").details) == 40 * 26 - 1


def test_1001_characters_in_long_words_are_refused(data_copy: Path) -> None:
    """Just outside: one letter more in one of them, and the text is refused, located at
    the first long word (the PDF's layout of such words grows with the square of the text)."""
    path = set_details(data_copy, "short " + " ".join(["w" * 25] * 39 + ["w" * 26]))
    assert error_for(data_copy) == (
        f"{path}: positions.deployment.details: 1,001 characters in words of more than 24 "
        "characters (the first at position 7); at most 1,000 lay out on a page in bounded time"
    )


def test_words_of_24_characters_do_not_count_as_long(data_copy: Path) -> None:
    """Just inside the word length: 160 words of 24 letters (3,999 characters) fit a column
    each, lay out like ordinary words, and are read."""
    set_details(data_copy, " ".join(["w" * 24] * 160))
    assert len(loads(data_copy).position("pytorch", "deployment").details) == 3_999


def test_details_of_100000_brackets_is_refused_without_hanging(data_copy: Path) -> None:
    """The reported case, ``details = "[" * 100000`` (which hung the PDF build): refused at
    load, in one short line."""
    path = set_details(data_copy, "[" * 100_000)
    message = error_for(data_copy, timeout=10)
    assert message == (
        f"{path}: positions.deployment.details: is 100,000 characters long; a text field "
        "holds at most 20,000"
    )


def words(count: int) -> str:
    """``count`` characters of ordinary words."""
    return ("word " * (count // 5 + 1))[: count - 1] + "x"


def test_paragraph_of_4000_characters_is_read(data_copy: Path) -> None:
    """Just inside: a paragraph of exactly 4,000 characters (words) loads."""
    set_details(data_copy, words(4_000))
    assert len(loads(data_copy).position("pytorch", "deployment").details) == 4_000


def test_paragraph_of_4001_characters_is_refused(data_copy: Path) -> None:
    """Just outside: a second paragraph one character over 4,000 is refused, located."""
    path = set_details(data_copy, "First paragraph.\\n\\n" + words(4_001))
    assert error_for(data_copy) == (
        f"{path}: positions.deployment.details: paragraph 2 (from position 19) is 4,001 "
        "characters long; a paragraph holds at most 4,000 (a blank line starts a new one)"
    )


def test_text_of_20000_characters_in_paragraphs_is_read(data_copy: Path) -> None:
    """Just inside: five paragraphs making exactly 20,000 characters load."""
    set_details(data_copy, "\\n\\n".join([words(4_000)] * 4 + [words(3_992)]))
    assert len(loads(data_copy).position("pytorch", "deployment").details) == 20_000


def test_text_of_20001_characters_is_refused(data_copy: Path) -> None:
    """Just outside: one character more in the last paragraph and the text is refused."""
    path = set_details(data_copy, "\\n\\n".join([words(4_000)] * 4 + [words(3_993)]))
    assert error_for(data_copy) == (
        f"{path}: positions.deployment.details: is 20,001 characters long; a text field "
        "holds at most 20,000"
    )


def code_of(tmp_path: Path, code: str) -> Path:
    """The data with snippets, PyTorch's snippet replaced by ``code``; the snippet's path."""
    from tests.test_hostile_snippets import with_snippets

    data = with_snippets(tmp_path / "data")
    snippet = data / "examples" / "step" / "pytorch.py"
    snippet.write_text(code, encoding="utf-8")
    return snippet


def test_snippet_line_of_200_characters_is_read(tmp_path: Path) -> None:
    """Just inside: a code line of 200 characters."""
    snippet = code_of(tmp_path, "x = '" + "y" * 194 + "'\n")
    guide = mlguide.load_uncached([snippet.parents[2]], package_data=False)
    assert len(guide.snippet_code("step", "pytorch").splitlines()[0]) == 200


def test_snippet_line_of_201_characters_is_refused(tmp_path: Path) -> None:
    """Just outside: a code line of 201 characters is refused with its line number."""
    snippet = code_of(tmp_path, "import os\nx = '" + "y" * 195 + "'\n")
    assert error_for(snippet.parents[2]) == (
        f"{snippet}: line 2 is 201 characters long; a snippet's lines hold at most 200"
    )


def test_snippet_of_8000_characters_is_read(tmp_path: Path) -> None:
    """Just inside: a snippet of exactly 8,000 characters."""
    snippet = code_of(tmp_path, ("x = 1\n" * 1334)[:7_999] + "\n")
    guide = mlguide.load_uncached([snippet.parents[2]], package_data=False)
    assert len(guide.snippet_code("step", "pytorch")) == 8_000


def test_snippet_of_8001_characters_is_refused(tmp_path: Path) -> None:
    """Just outside: one character more is refused."""
    snippet = code_of(tmp_path, ("x = 1\n" * 1334)[:8_000] + "\n")
    assert error_for(snippet.parents[2]) == (
        f"{snippet}: is 8,001 characters long; a snippet holds at most 8,000"
    )


# --- an extra directory's guide.toml --------------------------------------------------------


def test_top_level_key_in_an_extra_guide_toml_is_refused(tmp_path: Path, data_copy: Path) -> None:
    """``frameworks = [...]`` at the top of an extra directory's guide.toml (meant for
    ``[guide]``) is an error naming the file, not silently dropped by the merge."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "guide.toml").write_text(
        'frameworks = ["pytorch", "tensorflow"]\n\n[guide]\ntitle = "Mine"\n', encoding="utf-8"
    )
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy, extra], package_data=False)
    assert str(info.value).startswith(f"{extra / 'guide.toml'}: frameworks: unknown key")


def test_misspelt_table_in_an_extra_guide_toml_is_refused(tmp_path: Path, data_copy: Path) -> None:
    """A ``[guid]`` table beside ``[guide]`` in an extra guide.toml is an error naming it."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "guide.toml").write_text(
        '[guide]\ntitle = "Mine"\n\n[guid]\nsubtitle = "Lost"\n', encoding="utf-8"
    )
    with pytest.raises(mlguide.DataError) as info:
        mlguide.load_uncached([data_copy, extra], package_data=False)
    assert str(info.value) == (f"{extra / 'guide.toml'}: guid: unknown key; did you mean 'guide'?")


def test_partial_guide_table_in_an_extra_guide_toml_merges(tmp_path: Path, data_copy: Path) -> None:
    """Just inside: an extra guide.toml giving only ``[guide]`` fields overrides those and
    keeps the rest."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "guide.toml").write_text('[guide]\ntitle = "Mine"\n', encoding="utf-8")
    guide = mlguide.load_uncached([data_copy, extra], package_data=False)
    assert guide.info.title == "Mine"
    assert guide.framework_ids == ["tensorflow", "pytorch"]


# --- lineage ------------------------------------------------------------------------------

SOURCE = (
    'sources = [{ title = "T", url = "https://example.org/t", publisher = "P", '
    'accessed = 2026-01-01, kind = "documentation" }]'
)


def write_lineage(data: Path, links: list[tuple[str, str]]) -> Path:
    path = data / "lineage.toml"
    nodes = "".join(f'[[nodes]]\nid = "{n}"\nname = "{n.upper()}"\n\n' for n in "abcd")
    path.write_text(
        nodes
        + "".join(
            f'[[links]]\nsource = "{s}"\ntarget = "{t}"\nkind = "became"\n'
            f'label = "{s} became {t}"\n{SOURCE}\n\n'
            for s, t in links
        ),
        encoding="utf-8",
    )
    return path


def test_lineage_cycle_is_refused_at_load(data_copy: Path) -> None:
    """a→b→c→a passed ``check`` and crashed the HTML build; now the load names the link that
    closes the cycle and the cycle itself."""
    path = write_lineage(data_copy, [("a", "b"), ("b", "c"), ("c", "a")])
    assert error_for(data_copy) == (
        f"{path}: links[2]: the links make a cycle: a → b → c → a (a lineage runs from "
        "earlier projects to later ones)"
    )


def test_lineage_link_to_itself_is_a_cycle(data_copy: Path) -> None:
    """The shortest cycle: a link from a node to itself."""
    path = write_lineage(data_copy, [("a", "b"), ("d", "d")])
    assert error_for(data_copy) == (
        f"{path}: links[1]: the links make a cycle: d → d (a lineage runs from earlier "
        "projects to later ones)"
    )


def test_lineage_diamond_is_no_cycle(data_copy: Path) -> None:
    """Just inside: a→b, a→c, b→d, c→d (two paths to one node, no way back) loads."""
    write_lineage(data_copy, [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    assert len(loads(data_copy).lineage.links) == 4


# --- nesting --------------------------------------------------------------------------------


def nest(data: Path, depth: int) -> Path:
    """A snippet folder ``depth`` folders below the data directory (examples/ is the first);
    returns the deepest folder."""
    folder = data / "examples"
    for n in range(depth - 1):
        folder = folder / f"{n}"
    folder.mkdir(parents=True)
    return folder


def test_folders_nested_16_deep_are_read(data_copy: Path) -> None:
    """Just inside: 16 folders below the data directory are walked."""
    (nest(data_copy, 16) / "unused.py").write_text("x = 1\n")
    assert loads(data_copy).frameworks


def test_folders_nested_17_deep_are_refused(data_copy: Path) -> None:
    """Just outside: the 17th folder is an error naming it."""
    deepest = nest(data_copy, 17)
    assert error_for(data_copy) == (f"{deepest}: folders nested more than 16 deep; not data")


def test_folders_nested_1500_deep_are_one_located_error(tmp_path: Path) -> None:
    """The reported case: 1,500 nested folders gave a RecursionError naming no file."""
    # in memory where the machine has it (/dev/shm): on disk, 1,500 nested folders take
    # seconds to make and to remove
    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(dir=shm)) if os.access(shm, os.W_OK) else tmp_path
    data = base / "data"
    shutil.copytree(MINIMAL_DATA, data)
    folder = data / "examples"
    folder.mkdir()
    # made (and removed) one level at a time relative to the last, so that neither this
    # test nor a clean-up walks a 3,000-character path or recurses 1,500 deep
    fds = [os.open(folder, os.O_RDONLY | os.O_DIRECTORY)]
    try:
        for _ in range(1500):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fds[-1]))
        message = error_for(data)
    finally:
        os.close(fds.pop())
        while fds:
            os.rmdir("d", dir_fd=fds[-1])
            os.close(fds.pop())
        if base != tmp_path:
            shutil.rmtree(base)
    assert re.fullmatch(
        rf"{re.escape(str(folder))}(/d){{16}}: folders nested more than 16 deep; not data",
        message,
    ), message


# --- messages stay one short line ---------------------------------------------------------


def test_100_kb_id_is_shown_shortened(data_copy: Path) -> None:
    """An id of 100,000 characters: the error names file and field and shows the id cut,
    with its length, in a short line."""
    path = data_copy / "aspects.toml"
    edit(path, 'id = "origin"', f'id = "{"Q" * 100_000}"')
    message = error_for(data_copy)
    assert message.startswith(f"{path}: aspects[0].id: 'QQQQ")
    assert "(100,000 characters) is not a valid id" in message
    assert len(message) < 300


def test_newline_in_the_data_directory_path_stays_on_one_line(tmp_path: Path) -> None:
    """A data directory whose name holds a newline: the error shows it escaped, on one line."""
    data = tmp_path / "odd\nname"
    data.mkdir()
    (data / "notes.toml").write_text("x = 1\n")
    message = error_for(data)
    assert message.startswith(f"{tmp_path}/odd\\nname/notes.toml: not a kind of file")
