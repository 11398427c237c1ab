"""The HTML guide in a real browser (issue 7): tabs, print, accessibility, layout, links.

The session builds the guide as build-scripts/guide does (the HTML site, the PDF handout copied
into it) into a temporary folder, serves it on 127.0.0.1 and drives Debian's Chromium through
Playwright. Every check lives in tests/browser/checks.py and returns the problems it finds, so
that a failure lists all of them, page by page; ``test_checks_catch_a_broken_tab`` shows the
checks failing on a deliberately broken copy of a page.

Run with ``tox run -e browser``; ``build-scripts/setup --browser`` (as root) installs Chromium
and axe-core. Nothing here may skip: a missing browser or axe-core is a failure.

Keyboard: sphinx-design 0.8 renders each tab-set as a group of radio inputs (one ``name`` per
tab-set), so the keys are the browser's radio-group keys: Tab reaches the selected tab (one
stop per tab-set), ArrowRight/ArrowDown and ArrowLeft/ArrowUp select the next/previous tab and
wrap around, Space selects the focused tab (which the arrows have already selected). Enter,
Home and End do nothing, and the tabs are announced as radio buttons, not as a tab list (no
``role="tablist"``/``"tab"``/``"tabpanel"``, no ``aria-selected``).
"""

from __future__ import annotations

import json
import shutil
import struct
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup

import mlguide
from tests.browser import checks
from tests.browser.site import REPO, BuiltGuide, build_guide, build_site_in_theme, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETUP_HINT = "run build-scripts/setup --browser (as root) to install it"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
#: The compare panel: one tab per aspect (sync group mlguide-aspect).
COMPARE_PAGE = "differences/index.html"
#: A page with several tab-sets in one sync group (mlguide-framework): the code examples.
SYNCED_PAGE = "code.html"
SCREENSHOT_PAGES = {"index.html": "home", "differences/deployment.html": "deployment"}

NewContext = Callable[..., "BrowserContext"]


# --- the site, the server, the browser ----------------------------------------------------


@pytest.fixture(scope="session")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltGuide]:
    started = time.monotonic()
    guide = build_guide(tmp_path_factory.mktemp("guide"))
    print(f"\nHTML built in {time.monotonic() - started:.1f} s: {len(guide.pages)} pages")
    yield guide
    guide.close()


@pytest.fixture(scope="session")
def base_url(built_guide: BuiltGuide) -> Iterator[str]:
    with serve(built_guide.html) as url:
        yield url


@pytest.fixture
def guard() -> checks.NetworkGuard:
    return checks.NetworkGuard()


@pytest.fixture
def new_context(
    chromium: Browser, base_url: str, guard: checks.NetworkGuard
) -> Iterator[NewContext]:
    """Make browser contexts on the local site; every request to another host is aborted (and
    fails the test), console errors are recorded in ``guard``."""
    contexts: list[BrowserContext] = []

    def make(
        viewport: dict[str, int] = DESKTOP,
        theme: str | None = None,
        base: str | None = None,
        color_scheme: str | None = None,
    ) -> BrowserContext:
        """A context on the furo site (or on the one at ``base``); ``theme`` is furo's
        stored choice, ``color_scheme`` the system's (which every theme's "auto" follows)."""
        context = chromium.new_context(
            base_url=base or base_url,
            viewport=viewport,
            color_scheme=color_scheme or "light",  # type: ignore[arg-type]
        )
        context.set_default_timeout(15_000)
        context.route("**/*", guard.route)
        context.on("request", guard.request)
        context.on("console", guard.console)
        context.on("weberror", lambda web_error: guard.page_error(web_error.error))
        if theme:  # furo reads its colour theme from localStorage before painting
            context.add_init_script(f"localStorage.setItem('theme', {json.dumps(theme)})")
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not guard.external, f"requests left 127.0.0.1: {guard.external}"


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()


def visit(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"


def tab_pages(guide: BuiltGuide) -> list[str]:
    """The pages with at least one tab-set."""
    pages = [p for p in guide.pages if 'class="sd-tab-set' in (guide.html / p).read_text("utf-8")]
    assert COMPARE_PAGE in pages and SYNCED_PAGE in pages, pages
    return pages


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {problem}" for page, found in problems.items() for problem in found)


# --- 1. tabs ------------------------------------------------------------------------------


def test_compare_panel_tab_click_shows_only_its_panel(page: Page) -> None:
    visit(page, COMPARE_PAGE)
    compare = page.locator(".sd-tab-set.mlguide-compare")
    assert compare.count() == 1
    labels = compare.locator(":scope > label.sd-tab-label")
    assert labels.count() >= 5, "the compare panel should have one tab per aspect"
    assert checks.is_menu(compare), "eighteen aspects take more than two rows: a menu"
    third = labels.nth(2)
    checks.choose_tab(third)
    panels = compare.locator(":scope > .sd-tab-content")
    for k in range(panels.count()):
        if k == 2:
            assert panels.nth(k).is_visible(), "the clicked aspect's panel is hidden"
        else:
            assert panels.nth(k).is_hidden(), f"panel {k + 1} still shows after clicking tab 3"
    assert checks.tab_click_problems(page) == []


def test_every_tab_on_every_page_shows_only_its_panel(page: Page, built_guide: BuiltGuide) -> None:
    problems = {}
    for path in tab_pages(built_guide):
        visit(page, path)
        problems[path] = checks.panel_problems(page, printing=False) + checks.tab_click_problems(
            page
        )
    assert not report(problems), report(problems)


def test_synced_tab_sets_on_a_page_follow(page: Page) -> None:
    visit(page, SYNCED_PAGE)
    group = "mlguide-framework"
    ids = checks.sync_ids(page, group)
    assert len(ids) >= 2, ids
    assert len(checks.sync_state(page, group, ids[1])) >= 2, "needs two tab-sets sharing a tab"
    assert checks.sync_problems(page, group) == []


def test_tab_choice_survives_reload_and_other_pages(page: Page) -> None:
    group = "mlguide-aspect"
    visit(page, "frameworks/pytorch.html")
    elsewhere = checks.sync_ids(page, group)
    visit(page, COMPARE_PAGE)
    here = checks.sync_ids(page, group)
    # an aspect that is the default (first) tab on neither page
    choice = next(i for i in reversed(here) if i in elsewhere[1:] and i != here[0])
    checks.choose_tab(page.locator(f'label[data-sync-group="{group}"][data-sync-id="{choice}"]'))

    def selected() -> list[dict[str, Any]]:
        state = checks.sync_state(page, group, choice)
        assert state, f"no {choice!r} tab on {page.url}"
        return [
            tab
            for tab in state
            if not (tab["checked"] and tab["shown"] and tab["menu"] in (None, tab["label"]))
        ]

    assert selected() == []
    page.reload(wait_until="load")
    assert selected() == [], "the aspect chosen was forgotten on reload"
    visit(page, "frameworks/pytorch.html")
    assert selected() == [], "the aspect chosen did not carry over to another page"

    visit(page, SYNCED_PAGE)
    last = checks.sync_ids(page, "mlguide-framework")[-1]
    checks.choose_tab(
        page.locator(f'label[data-sync-group="mlguide-framework"][data-sync-id="{last}"]').first
    )
    page.reload(wait_until="load")
    state = checks.sync_state(page, "mlguide-framework", last)
    assert state and all(tab["checked"] and tab["shown"] for tab in state), state


def test_keyboard_reaches_and_switches_every_tab(page: Page, built_guide: BuiltGuide) -> None:
    problems = {}
    for path in tab_pages(built_guide):
        visit(page, path)
        problems[path] = checks.keyboard_problems(page)
    assert not report(problems), report(problems)


# --- 2. print -----------------------------------------------------------------------------


def test_print_shows_every_panel_labelled(page: Page, built_guide: BuiltGuide) -> None:
    page.emulate_media(media="print")
    problems, panels = {}, 0
    for path in built_guide.pages:
        visit(page, path)
        problems[path] = checks.panel_problems(page, printing=True)
        panels += page.locator(".sd-tab-content, .mlguide-panel").count()
    assert panels > 50, f"only {panels} panels in the whole guide?"
    assert not report(problems), report(problems)


# --- 3. accessibility ---------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    new_context: NewContext, built_guide: BuiltGuide, theme: str
) -> None:
    """axe-core on every page, in furo's light and dark mode: no serious or critical
    violation. Every finding (of any impact) is printed, grouped by rule."""
    assert checks.AXE_JS.is_file(), f"axe-core is missing ({checks.AXE_JS}): {SETUP_HINT}"
    # (impact, rule, help) -> page -> elements
    found: dict[tuple[str, str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    # Two pages at a time, in two contexts (two renderer processes): axe runs on both cores.
    tabs = [new_context(theme=theme).new_page() for _ in range(2)]
    paths = list(built_guide.pages)
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start : start + len(tabs)], strict=False))
        for page, path in batch:
            visit(page, path)
            assert page.evaluate("() => document.body.dataset.theme") == theme, path
            checks.start_axe(page)
        for page, path in batch:
            for violation in checks.axe_results(page):
                key = (violation["impact"], violation["id"], violation["help"])
                found[key][path] += [
                    f"{node['target']}  {' '.join(node['html'].split())}"
                    for node in violation["nodes"]
                ]

    def describe(keys: list[tuple[str, str, str]]) -> str:
        lines = []
        for impact, rule, help_ in keys:
            pages = found[impact, rule, help_]
            count = sum(map(len, pages.values()))
            lines.append(f"{impact} {rule} ({help_}): {count} elements on {len(pages)} pages")
            # pages with the same offending markup (furo's sidebar, say) on one line
            alike: dict[tuple[str, ...], list[str]] = defaultdict(list)
            for path, elements in sorted(pages.items()):
                alike[tuple(e.split("  ", 1)[-1] for e in elements)].append(path)
            for paths in alike.values():
                elements = pages[paths[0]]
                more = f" (and {len(elements) - 2} more)" if len(elements) > 2 else ""
                where = paths[0] if len(paths) == 1 else f"{len(paths)} pages ({', '.join(paths)})"
                lines.append(f"  {where}: {' | '.join(elements[:2])}{more}")
        return "\n".join(lines)

    print(f"\naxe-core {theme} mode, {len(built_guide.pages)} pages:\n{describe(sorted(found))}")
    failing = sorted(k for k in found if k[0] in checks.FAILING_IMPACTS)
    assert not failing, f"{theme} mode:\n{describe(failing)}"


# --- 4. layout ----------------------------------------------------------------------------


def test_phone_width_does_not_scroll_sideways_and_panels_stack(
    new_context: NewContext, built_guide: BuiltGuide
) -> None:
    page = new_context(viewport=PHONE).new_page()
    problems: dict[str, list[str]] = defaultdict(list)
    grids = 0
    for path in built_guide.pages:
        visit(page, path)
        problems[path] += checks.layout_problems(page)
        # grids inside tabs only have a layout once their tab shows
        labels = page.locator(".sd-tab-set:has(.mlguide-columns) > label.sd-tab-label")
        for k in range(labels.count()):
            checks.choose_tab(labels.nth(k))
            problems[f"{path}, tab {labels.nth(k).text_content().strip()!r}"] += (
                checks.layout_problems(page)
            )
        grids += page.locator(".mlguide-columns").count()
    assert grids > 10
    assert not report(problems), report(problems)


# --- 5. robustness ------------------------------------------------------------------------


def test_no_console_errors_and_no_foreign_requests(
    page: Page, built_guide: BuiltGuide, guard: checks.NetworkGuard
) -> None:
    for path in built_guide.pages:
        visit(page, path)
        page.wait_for_timeout(100)  # for errors just after the load event
    assert not guard.errors, "\n".join(guard.errors)
    assert not guard.external, f"requests left 127.0.0.1: {guard.external}"


def _ids(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {str(el["id"]) for el in soup.find_all(id=True)} | {
        str(el["name"]) for el in soup.find_all("a", attrs={"name": True})
    }


def test_internal_links_resolve(page: Page, built_guide: BuiltGuide, base_url: str) -> None:
    """Every link to the local site answers 200, and its #anchor exists on the target page.
    (The handout link is test_pdf_download_link's.)"""
    wanted: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    links = 0
    for path in built_guide.pages:
        visit(page, path)
        # getAttribute, not .href: the timeline's SVG links have no string .href
        for href in page.eval_on_selector_all(
            "a[href]", "(as) => as.map((a) => new URL(a.getAttribute('href'), a.baseURI).href)"
        ):
            parts = urlsplit(href)
            if parts.hostname != "127.0.0.1" or parts.path.endswith(tuple(built_guide.pdfs)):
                continue
            links += 1
            target = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
            wanted[target][unquote(parts.fragment)].append(path)
    assert links > 100, f"only {links} internal links?"
    broken = []
    for target, anchors in sorted(wanted.items()):
        try:
            with urllib.request.urlopen(target, timeout=10) as response:
                status, body = response.status, response.read()
                is_html = response.headers.get_content_type() == "text/html"
        except urllib.error.HTTPError as error:
            with error:
                broken.append(f"{target}: HTTP {error.code} (linked from {sorted(anchors)})")
            continue
        if status != 200:
            broken.append(f"{target}: HTTP {status}")
            continue
        ids = _ids(body.decode("utf-8")) if is_html else set()
        for anchor, sources in sorted(anchors.items()):
            if anchor and anchor not in ids:
                broken.append(f"{target}#{anchor}: no such id (linked from {sorted(set(sources))})")
    assert not broken, "\n".join(broken)


#: Pages Sphinx writes for every site, reached through the search box or the index.
SPHINX_PAGES = {"genindex.html", "py-modindex.html", "search.html"}


def test_every_page_is_reached_from_the_home_page(built_guide: BuiltGuide) -> None:
    """Following links (and the search form) from the home page reaches every page of the
    site but Sphinx's own indexes: no stray page. The handout's start page is the PDF's alone
    and is not in the site."""
    pages = set(built_guide.pages)
    assert "handout.html" not in pages, "the handout's start page was written into the site"
    seen: set[str] = set()
    todo = ["index.html"]
    while todo:
        path = todo.pop()
        if path in seen or path not in pages:
            continue
        seen.add(path)
        soup = BeautifulSoup((built_guide.html / path).read_text("utf-8"), "html.parser")
        for element in soup.find_all(["a", "form"]):
            target = element.get("href") or element.get("action")
            parts = urlsplit(urljoin(f"http://site/{path}", str(target or "")))
            if target and parts.netloc == "site":
                todo.append(unquote(parts.path.lstrip("/")))
    assert sorted(pages - seen - SPHINX_PAGES) == []
    assert len(seen) > 30, sorted(seen)


def test_pdf_download_link(page: Page, built_guide: BuiltGuide) -> None:
    visit(page, "index.html")
    links = page.locator("a.mlguide-download")
    assert links.count() == len(built_guide.pdfs), "the home page offers each PDF once"
    error = built_guide.handout_error()  # waits for the PDF build
    if error:
        pytest.fail(error, pytrace=False)
    for index, name in enumerate(built_guide.pdfs):
        link = links.nth(index)
        href = link.get_attribute("href")
        assert href and href.endswith(name), href
        response = page.request.get(link.evaluate("(a) => a.href"))
        assert response.status == 200, f"{href}: HTTP {response.status}"
        body = response.body()
        assert body.startswith(b"%PDF"), f"{href} is not a PDF: {body[:40]!r}"


def _equivalents_layout(page: Page) -> str:
    layout: str = page.evaluate(
        "() => getComputedStyle(document.querySelector('table.mlguide-equivalents')).display"
    )
    return layout


def test_equivalents_row_anchor_in_block_layout(page: Page) -> None:
    """In furo at 1280 px the equivalents have less than 80em: one block per task. Following
    a row's anchor puts the row in view at the top of the window, with each framework's code
    under its name."""
    visit(page, "equivalents.html#mlguide-equivalent-profile")
    page.evaluate(
        """async () => {
          await document.fonts.ready;
          document.getElementById("mlguide-equivalent-profile")
            .scrollIntoView({ behavior: "instant" });
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }"""
    )
    assert _equivalents_layout(page) == "block"
    row = page.locator("#mlguide-equivalent-profile")
    box = row.bounding_box()
    assert box is not None and 0 <= box["y"] <= 200, box
    labels = row.locator("p.mlguide-equiv-label")
    names = [labels.nth(i).inner_text() for i in range(labels.count())]
    assert names == ["TensorFlow", "PyTorch", "JAX", "Keras 3"], names


def test_equivalents_header_stays_in_view(page: Page, built_guide: BuiltGuide) -> None:
    """Where the equivalents have room for a table (their block given 82em, as a theme with a
    wide column gives it), scrolled down to a row's anchor, the table's header row is still
    at the top of the window (sticky, in furo too, whose table wrapper scrolls), and the
    row sits below the header, not under it."""
    visit(page, "equivalents.html#mlguide-equivalent-profile")
    page.add_style_tag(content=".mlguide-equivalents-block { width: 82em; }")
    assert _equivalents_layout(page) == "table"
    # the page may still grow after the load scrolled to the anchor (fonts, images):
    # scroll to it again, as following the anchor does (honouring scroll-margin-top)
    page.evaluate(
        """async () => {
          await document.fonts.ready;
          document.getElementById("mlguide-equivalent-profile")
            .scrollIntoView({ behavior: "instant" });  // furo scrolls smoothly otherwise
          await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        }"""
    )
    # the header cells are sticky (a <thead> itself cannot be): measure them
    top, bottom = page.evaluate(
        """() => {
          const cells = [...document.querySelectorAll("table.mlguide-equivalents > thead th")];
          const boxes = cells.map((c) => c.getBoundingClientRect());
          return [Math.min(...boxes.map((b) => b.top)), Math.max(...boxes.map((b) => b.bottom))];
        }"""
    )
    row = page.locator("#mlguide-equivalent-profile").bounding_box()
    assert row is not None
    assert page.evaluate("window.scrollY") > 500, "the anchor did not scroll the page"
    assert -1 <= top <= 1, f"header not at the top of the window: its top is at {top} px"
    assert row["y"] >= bottom - 1, f"the row (top {row['y']} px) is under the header ({bottom})"


# --- 6. the site on a phone and at a glance --------------------------------------------------

#: The pages measured at each window size, in furo (the guide's theme) and in
#: sphinx-book-theme (adopters'): the home page, the differences (all aspects, and one with a
#: timeline), the API equivalents, which to use (the decision picture) and the timeline.
SCREEN_PAGES = (
    "index.html",
    COMPARE_PAGE,
    "differences/deployment.html",
    "equivalents.html",
    "which-to-use.html",
    "timeline.html",
)
#: Read at both widths too: code in a migration route's table, and console blocks.
MORE_PAGES = ("migration/weights-across-frameworks.html", "library/cli.html")
WINDOWS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
OTHER_THEME = "sphinx_book_theme"
FRAMEWORK_COLOURS = [f.color for f in mlguide.load().frameworks]


@pytest.fixture(scope="session")
def book_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The guide built in sphinx-book-theme and served; its base URL."""
    started = time.monotonic()
    html = build_site_in_theme(tmp_path_factory.mktemp("book-theme"), OTHER_THEME)
    print(f"\nHTML in {OTHER_THEME} built in {time.monotonic() - started:.1f} s")
    with serve(html) as url:
        yield url


@pytest.fixture(params=["furo", OTHER_THEME])
def site(request: pytest.FixtureRequest, base_url: str) -> str:
    """The base URL of the guide in each theme measured."""
    if request.param == "furo":
        return base_url
    url: str = request.getfixturevalue("book_site")
    return url


@pytest.mark.parametrize("window", WINDOWS)
def test_pages_read_at_phone_and_desktop_widths(
    new_context: NewContext, site: str, window: str
) -> None:
    """On each page, at 390 x 844 and 1280 x 800: no word in a table cell and no token of code is
    broken across lines; no tab bar takes more than two rows; every picture is drawn with its
    text at 11 px or more, or its text view shows instead; no text is written in a
    framework's colour; nothing scrolls the page sideways. On the home page the answer comes first: the bottom line and the first picks in
    the first window, every pick within the first two, then the downloads, then the matrix."""
    viewport = WINDOWS[window]
    page = new_context(viewport=viewport, base=site).new_page()
    problems: dict[str, list[str]] = defaultdict(list)
    words, menus, drawn, text_views = 0, 0, [], []
    for path in SCREEN_PAGES + MORE_PAGES:
        visit(page, path)
        page.evaluate("() => document.fonts.ready")
        split, measured = checks.split_word_problems(page)
        found, pictures = checks.picture_problems(page)
        words += measured
        menus += sum(found_set["menu"] for found_set in checks.tab_rows(page))
        drawn += [p for p in pictures if p["drawn"]]
        text_views += [p for p in pictures if not p["drawn"] and p["textView"]]
        problems[path] += split + found + checks.tab_row_problems(page)
        problems[path] += checks.coloured_text_problems(page, FRAMEWORK_COLOURS)
        problems[path] += [p for p in checks.layout_problems(page) if "scrolls sideways" in p]
        if path == "index.html":
            problems[path] += checks.answer_first_problems(page)
    print(f"\n{site} at {window}: {words} words measured, {menus} tab-sets as menus, pictures "
          f"drawn {drawn}, as text {[p['name'] for p in text_views]}")  # fmt: skip
    assert not report(problems), report(problems)
    # the checks had something to measure
    assert words > 3000, words
    assert menus >= 1, "the compare panel's eighteen aspects should be a menu"
    if window == "phone":
        assert len(text_views) >= 3 and not drawn, (drawn, text_views)
    else:
        assert len(drawn) >= 3 and not text_views, (drawn, text_views)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("window", WINDOWS)
def test_pages_have_no_serious_accessibility_findings(
    new_context: NewContext, site: str, window: str, scheme: str
) -> None:
    """axe-core on the measured pages' content (``<main>``, or furo's article of role main:
    the themes' own navigation is theirs, and furo's is checked on every page by
    test_no_serious_accessibility_violations) at both widths, in light and dark mode (the
    system's, which both themes follow): nothing serious or critical."""
    assert checks.AXE_JS.is_file(), f"axe-core is missing ({checks.AXE_JS}): {SETUP_HINT}"
    page = new_context(viewport=WINDOWS[window], base=site, color_scheme=scheme).new_page()
    failing = []
    for path in SCREEN_PAGES:
        visit(page, path)
        dark = page.evaluate(
            """() => {
              const [r, g, b] = getComputedStyle(document.body).backgroundColor
                .match(/[0-9.]+/g).map(Number);
              return (r + g + b) / 3 < 80;
            }"""
        )
        assert dark == (scheme == "dark"), f"{path}: the page is not in {scheme} mode"
        checks.start_axe(page, within="main, [role=main]")
        for violation in checks.axe_results(page):
            if violation["impact"] in checks.FAILING_IMPACTS:
                targets = " | ".join(n["target"] for n in violation["nodes"][:3])
                failing.append(f"{path}: {violation['impact']} {violation['id']}: {targets}")
    assert not failing, "\n".join(failing)


def test_aspect_menu_by_keyboard_synced_and_remembered(
    new_context: NewContext, site: str, tmp_path: Path
) -> None:
    """The compare panel's aspects, offered as a menu at 1280 px: reached with Tab, named
    "Aspect" and announced as a list box (combobox); ArrowDown chooses the next aspect, whose
    panel alone shows. A second tab-set of the group on the page follows the choice, menu
    and all; the choice survives a reload and carries over to a framework's page."""
    group = "mlguide-aspect"
    context = new_context(viewport=WINDOWS["desktop"], base=site)
    page = context.new_page()
    visit(page, "frameworks/pytorch.html")
    elsewhere = checks.sync_ids(page, group)

    # the compare page with its tab-set twice (ids renamed), to see the menus sync on a page
    doubled = tmp_path / "doubled.html"
    served = page.request.get(site + COMPARE_PAGE).text()
    doubled.write_text(checks.double_first_tab_set(served), "utf-8")
    page.route(site + COMPARE_PAGE, lambda route: route.fulfill(path=doubled))
    visit(page, COMPARE_PAGE)
    sets = page.locator(".sd-tab-set.mlguide-compare")
    assert sets.count() == 2 and checks.is_menu(sets.nth(0)) and checks.is_menu(sets.nth(1))

    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement?.closest('.mlguide-tab-menu')"):
            break
    else:
        pytest.fail("Tab never reached the aspect menu")
    menu = page.locator(".mlguide-tab-menu select").first
    assert menu.aria_snapshot().startswith('- combobox "Aspect:"'), menu.aria_snapshot()
    here = checks.sync_ids(page, group)
    choice = here[0]
    for _ in range(len(here)):  # to an aspect that the framework page shows too, not its first
        page.keyboard.press("ArrowDown")
        choice = here[int(menu.input_value())]
        if choice in elsewhere[1:]:
            break
    else:
        pytest.fail(f"no aspect of {here} is on the framework page but first there: {elsewhere}")

    def unfollowed() -> list[dict[str, Any]]:
        state = checks.sync_state(page, group, choice)
        assert state, f"no {choice!r} tab on {page.url}"
        return [
            tab
            for tab in state
            if not (tab["checked"] and tab["shown"] and tab["menu"] in (None, tab["label"]))
        ]

    assert len(checks.sync_state(page, group, choice)) == 2
    assert unfollowed() == [], "the second tab-set did not follow the menu"
    assert checks.panel_problems(page, printing=False) == []
    page.unroute(site + COMPARE_PAGE)
    page.reload(wait_until="load")
    assert unfollowed() == [], "the aspect chosen in the menu was forgotten on reload"
    visit(page, "frameworks/pytorch.html")
    assert unfollowed() == [], "the aspect chosen in the menu did not carry over"


# --- 7. screenshots -----------------------------------------------------------------------


def test_screenshots_for_review(new_context: NewContext, built_guide: BuiltGuide) -> None:
    """Full-page screenshots of the home page and the deployment page, desktop and phone, into
    the built site's _screenshots/ and the repository's (git-ignored) build/screenshots/."""
    out = built_guide.html / "_screenshots"
    keep = REPO / "build" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_context(viewport=viewport).new_page()
        for path, name in SCREENSHOT_PAGES.items():
            visit(page, path)
            page.evaluate("() => document.fonts.ready")
            shot = out / f"{name}-{size}-{viewport['width']}.png"
            page.screenshot(path=str(shot), full_page=True)
            png = shot.read_bytes()
            assert png.startswith(b"\x89PNG\r\n\x1a\n"), shot
            width = struct.unpack(">I", png[16:20])[0]
            assert width == viewport["width"], f"{shot.name} is {width} px wide"
            shutil.copy2(shot, keep / shot.name)
    print(f"\nscreenshots in {out} and {keep}")


# --- the checks can fail ------------------------------------------------------------------


@pytest.mark.parametrize("remove", [True, False], ids=["label-removed", "label-emptied"])
@pytest.mark.parametrize("path", [COMPARE_PAGE, SYNCED_PAGE], ids=["menu", "tabs"])
def test_checks_catch_a_broken_tab(
    page: Page, built_guide: BuiltGuide, base_url: str, tmp_path: Path, remove: bool, path: str
) -> None:
    """A copy of a page with its third tab's label removed (or emptied), served in place of
    the real page: the tab, keyboard and print checks must each report it, on the compare
    page (its eighteen aspects offered as a menu) and on the code page (tabs)."""
    original = (built_guide.html / path).read_text("utf-8")
    html, label = checks.break_tab_label(original, 3, remove=remove)
    broken = tmp_path / "page.html"
    broken.write_text(html, "utf-8")
    page.route(base_url + path, lambda route: route.fulfill(path=broken))
    visit(page, path)
    first = page.locator(".sd-tab-set").first
    assert checks.is_menu(first) == (path == COMPARE_PAGE)
    panels = first.locator(":scope > .sd-tab-content").count()
    expected = f"panel 3 of {panels}: " + ("no tab label" if remove else "the tab label is empty")

    found = {
        "screen": checks.panel_problems(page, printing=False),
        "clicks": checks.tab_click_problems(page),
        "keyboard": checks.keyboard_problems(page),
    }
    page.emulate_media(media="print")
    found["print"] = checks.panel_problems(page, printing=True)
    print(f"\nthird tab's label {label!r} {'removed' if remove else 'emptied'}; the checks say:")
    for check, problems in found.items():
        print(f"  {check}:", *problems, sep="\n    ")
    assert any(expected in p for p in found["screen"]), found["screen"]
    assert any(expected in p for p in found["print"]), found["print"]
    if remove:
        assert any("panel 3 of" in p and "no tab label" in p for p in found["clicks"])
    if path == COMPARE_PAGE:  # the menu: one option short, or an empty one
        wanted = f"offers {panels - 1} of the {panels} panels" if remove else "option 3 is empty"
        assert any(wanted in p for p in found["keyboard"]), found["keyboard"]
    elif remove:
        assert any("ArrowRight" in p and "showing []" in p for p in found["keyboard"])
    else:  # an empty label can still be clicked, but the keyboard check sees it is empty
        assert any("tab 3 has an empty label" in p for p in found["keyboard"])


def test_checks_catch_wide_pages_side_by_side_cards_and_foreign_requests(
    page: Page, guard: checks.NetworkGuard
) -> None:
    """The layout check fails at desktop width (the cards stand side by side there) and on an
    element wider than the viewport; the network guard blocks and reports a request to another
    host, and records the console error it causes."""
    visit(page, "differences/deployment.html")
    side_by_side = checks.layout_problems(page)
    assert any("cards side by side" in p for p in side_by_side), side_by_side
    page.evaluate(
        "() => document.querySelector('article').append(Object.assign("
        "document.createElement('div'), {id: 'too-wide', style: 'width: 3000px; height: 1px'}))"
    )
    too_wide = checks.layout_problems(page)
    assert any("scrolls sideways" in p and "div#too-wide" in p for p in too_wide), too_wide

    outcome = page.evaluate(
        "() => fetch('https://example.org/x').then(() => 'fetched', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert guard.external == ["https://example.org/x"]
    assert any("ERR_BLOCKED_BY_CLIENT" in e or "example.org" in e for e in guard.errors), (
        guard.errors
    )
    print(
        "\nlayout:",
        *side_by_side,
        *too_wide,
        "network:",
        *guard.external,
        *guard.errors,
        sep="\n  ",
    )
    guard.external.clear()  # seen on purpose: not a failure of this test's context
