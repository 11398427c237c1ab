"""The typed, frozen data model of the comparison.

Every class here is a frozen dataclass that pydantic v2 validates with ``extra="forbid"``
(see ``mlguide.loader``): a script gets completion and immutability, and a data file with a
typo gets a precise error instead of a silently ignored key. They are standard-library
dataclasses rather than ``pydantic.BaseModel`` subclasses so that ``import mlguide`` and a
cached :func:`mlguide.load` never import pydantic: validation, JSON export and the JSON
Schema import it when they run.

``None`` always means *unknown*. It is never used for "no" or "not supported"; a field
that can be false says so with a boolean or a tuple that may be empty.

Sequences are tuples, so a loaded guide is immutable all the way down: no caller can change
what the next :func:`mlguide.load` returns.

Text fields documented as Markdown accept inline Markdown (code, emphasis, links).
Raw HTML in them is never passed through by the renderers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from mlguide.shorten import shown

__all__ = [
    "BOTTOM_LINE_MAX_CHARS",
    "HEADLINE_MAX_CHARS",
    "LABEL_MAX_CHARS",
    "NOT_ASSESSED",
    "PRIMARY_KINDS",
    "REASON_MAX_CHARS",
    "SOURCE_KIND_LABELS",
    "SUMMARY_MAX_CHARS",
    "VERDICT_LABELS",
    "Aspect",
    "AspectsFile",
    "BottomLine",
    "Claim",
    "ClaimVerdict",
    "ClaimsFile",
    "Example",
    "ExamplesFile",
    "Framework",
    "FrameworkFile",
    "GuideFile",
    "GuideInfo",
    "HistoryEntry",
    "Position",
    "PositionEntry",
    "Recommendation",
    "RecommendationsFile",
    "Release",
    "Snippet",
    "Source",
    "SourceKind",
    "Verdict",
    "VersionRef",
]

#: Longest position summary, in characters: it must fit a cell of the at-a-glance matrix.
SUMMARY_MAX_CHARS = 120
#: Longest history label, in characters: it must fit a timeline event.
LABEL_MAX_CHARS = 48
#: Longest verdict headline, in characters: it must fit the matrix's verdict column.
HEADLINE_MAX_CHARS = 80
#: Longest reason for a pick, in characters: one line of the handout's decision table.
REASON_MAX_CHARS = 140
#: Longest bottom line, in characters: the sentence the handout and home page open with.
BOTTOM_LINE_MAX_CHARS = 320

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+(?:\.\d+){0,3}(?:(?:a|b|rc)\d+|\.dev\d+|\.post\d+)?$")


# Patterns match a whole value (``fullmatch``): ``$`` alone would let a trailing newline in.


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            f"{shown(value)} is not a valid id (lower-case letters, digits and single hyphens, "
            "starting with a letter)"
        )
    return value


#: What no URL holds (urlsplit silently drops some of them): whitespace and control characters.
_URL_NEVER = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _check_https(value: str) -> str:
    bad = _URL_NEVER.search(value)
    if bad:
        raise ValueError(
            f"URL holds a space or control character at position {bad.start() + 1} (got "
            f"{shown(value)}); write it %-encoded"
        )
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(f"URL must be an absolute https:// address (got {shown(value)})")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:  # out of range, not a number, or 0: no port to connect to
        raise ValueError(f"URL has an invalid port (a port is 1 to 65535; got {shown(value)})")
    return value


def _check_version(value: str) -> str:
    if not _VERSION_RE.fullmatch(value):
        raise ValueError(
            f"{shown(value)} is not a well-formed version (expected digits and dots such as "
            "'2.16' or '2.16.1', optionally with a pre-release suffix such as 'rc0')"
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _check_summary(value: str) -> str:
    value = _check_text(value)
    if len(value) > SUMMARY_MAX_CHARS:
        raise ValueError(
            f"is {len(value)} characters long; a summary fits a table cell: at most "
            f"{SUMMARY_MAX_CHARS} (move the rest to `details`)"
        )
    return value


def _check_label(value: str) -> str:
    value = _check_text(value)
    if len(value) > LABEL_MAX_CHARS:
        raise ValueError(f"is {len(value)} characters long; a label has at most {LABEL_MAX_CHARS}")
    return value


def _limited(limit: int, what: str) -> Callable[[str], str]:
    """A check of non-empty text of at most ``limit`` characters (``what`` says why)."""

    def check(value: str) -> str:
        value = _check_text(value)
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; {what}: at most {limit}")
        return value

    check.__name__ = f"_check_{limit}_chars"
    return check


def _check_snippet_file(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.py", value):
        raise ValueError(f"{shown(value)} is not a relative path to a .py file inside examples/")
    return value


def _check_color(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"{shown(value)} is not a 6-digit hex colour such as '#d43c26'")
    return value


class _Check:
    """Annotated metadata that pydantic runs after its own validation of the field.

    ``json`` is what the JSON Schema says of the same rule (a pattern, a length), so that an
    editor using the schema flags what the check rejects. It imports pydantic only when
    pydantic asks for the schema, so that defining the model costs no pydantic import.
    """

    def __init__(self, func: Callable[[Any], Any], **json: Any) -> None:
        self.func = func
        self.json = json

    def __repr__(self) -> str:
        return f"checked by {self.func.__name__}"

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.func, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Callable[[Any], Any]) -> Any:
        result = handler(schema)
        result.update(self.json)
        return result


#: What an unknown date is written as in TOML, which has no null.
UNKNOWN_DATE = "unknown"


class _UnknownDate:
    """A date that may be unknown: ``"unknown"`` in TOML (which has no null) means ``None``."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        def unknown_to_none(value: Any) -> Any:
            return None if value == UNKNOWN_DATE else value

        return core_schema.no_info_before_validator_function(
            unknown_to_none,
            handler(source),
            json_schema_input_schema=core_schema.union_schema(
                [
                    core_schema.date_schema(),
                    core_schema.literal_schema([UNKNOWN_DATE]),
                    core_schema.none_schema(),
                ]
            ),
        )


def _check_nonempty(value: tuple[Any, ...]) -> tuple[Any, ...]:
    if not value:
        raise ValueError("needs at least one entry")
    return value


NON_EMPTY = _Check(_check_nonempty, minItems=1)
_NOT_BLANK = r"\S"
Id = Annotated[str, _Check(_check_id, pattern=_ID_RE.pattern)]
HttpsUrl = Annotated[str, _Check(_check_https, pattern=r"^https://[^/?#\s]+", format="uri")]
Version = Annotated[str, _Check(_check_version, pattern=_VERSION_RE.pattern)]
Text = Annotated[str, _Check(_check_text, pattern=_NOT_BLANK)]
Summary = Annotated[str, _Check(_check_summary, pattern=_NOT_BLANK, maxLength=SUMMARY_MAX_CHARS)]
Label = Annotated[str, _Check(_check_label, pattern=_NOT_BLANK, maxLength=LABEL_MAX_CHARS)]
Headline = Annotated[
    str,
    _Check(
        _limited(HEADLINE_MAX_CHARS, "a headline fits the matrix's verdict column"),
        pattern=_NOT_BLANK,
        maxLength=HEADLINE_MAX_CHARS,
    ),
]
Reason = Annotated[
    str,
    _Check(
        _limited(REASON_MAX_CHARS, "a reason is one line (move the rest to `advice`)"),
        pattern=_NOT_BLANK,
        maxLength=REASON_MAX_CHARS,
    ),
]
BottomLineText = Annotated[
    str,
    _Check(
        _limited(BOTTOM_LINE_MAX_CHARS, "the bottom line is one sentence"),
        pattern=_NOT_BLANK,
        maxLength=BOTTOM_LINE_MAX_CHARS,
    ),
]
Color = Annotated[str, _Check(_check_color, pattern=r"^#[0-9a-fA-F]{6}$")]
#: A date, or ``"unknown"`` (``None`` once loaded).
MaybeDate = Annotated[dt.date | None, _UnknownDate()]
Names = Annotated[tuple[Text, ...], NON_EMPTY]
SnippetFile = Annotated[
    str, _Check(_check_snippet_file, pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.py$")
]
IdList = Annotated[tuple[Id, ...], NON_EMPTY]

#: How pydantic validates every class here: unknown keys are errors.
PYDANTIC_CONFIG: dict[str, Any] = {"extra": "forbid", "use_attribute_docstrings": True}


class _Model:
    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = PYDANTIC_CONFIG


#: What kind of document a source is. The first five are primary sources (the project's or
#: vendor's own words); a package index page and an issue or pull-request thread are sources
#: of their own kinds; ``secondary`` is press, third-party blogs and the like.
SourceKind = Literal[
    "documentation",
    "repository",
    "release-notes",
    "blog",
    "paper",
    "package-index",
    "issue-thread",
    "secondary",
]
#: The kinds of source that count as primary.
PRIMARY_KINDS = ("documentation", "repository", "release-notes", "blog", "paper")
#: How each kind of source is named in a bibliography.
SOURCE_KIND_LABELS: dict[str, str] = {
    "documentation": "documentation",
    "repository": "repository",
    "release-notes": "release notes",
    "blog": "official blog or announcement",
    "paper": "paper by the project's authors",
    "package-index": "package index",
    "issue-thread": "issue or pull-request thread",
    "secondary": "secondary source",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Source(_Model):
    """A document that supports a fact, cited with the day it was read."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **PYDANTIC_CONFIG,
        "json_schema_extra": {"anyOf": [{"required": ["kind"]}, {"required": ["primary"]}]},
    }

    title: Text
    """Title of the page or document, as it appears there."""
    url: HttpsUrl
    """Address of the document; always https."""
    publisher: Text
    """Who published it, e.g. ``"PyTorch Foundation"`` or ``"Google"``."""
    accessed: dt.date
    """The day the document was read and the fact checked against it."""
    kind: SourceKind | None = None
    """What the document is: ``documentation``, ``repository``, ``release-notes``, ``blog``
    or ``paper`` (the project's or vendor's own: primary), ``package-index`` (a PyPI or npm
    page), ``issue-thread`` (an issue, pull request or mailing-list thread) or ``secondary``
    (press, third-party blogs)."""
    primary: bool | None = None
    """Whether the source is primary (the project's or vendor's own document). Derived from
    ``kind`` when that is given; data written before kinds existed gives only this flag (a
    data file should give ``kind``; when both are given they must agree)."""

    def __post_init__(self) -> None:
        if self.kind is None and self.primary is None:
            raise ValueError(
                'a source says what kind of document it is: `kind = "documentation"` '
                f"(or {', '.join(repr(k) for k in SOURCE_KIND_LABELS if k != 'documentation')})"
            )
        if self.kind is not None:
            primary = self.kind in PRIMARY_KINDS
            if self.primary is not None and self.primary != primary:
                raise ValueError(
                    f"`primary = {str(self.primary).lower()}` contradicts `kind = "
                    f"{self.kind!r}` (primary kinds: {', '.join(PRIMARY_KINDS)}); give `kind` alone"
                )
            # once loaded, ``primary`` always says whether the source is primary
            object.__setattr__(self, "primary", primary)

    @property
    def kind_label(self) -> str:
        """The kind as a bibliography names it (``"primary source"`` for data that gives
        only ``primary``)."""
        if self.kind is not None:
            return SOURCE_KIND_LABELS[self.kind]
        return "primary source" if self.primary else "secondary source"


#: One or more sources.
Sources = Annotated[tuple[Source, ...], NON_EMPTY]


@dataclass(frozen=True, kw_only=True, slots=True)
class VersionRef(_Model):
    """A release of one framework: which version, and when it came out."""

    framework: Id
    """Id of the framework the version belongs to."""
    version: Version
    """The version number, e.g. ``"2.0"``."""
    date: MaybeDate = None
    """Release date; ``None`` when unknown (``"unknown"`` in TOML)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Release(_Model):
    """A dated release of the framework being described, with the source that dates it."""

    version: Version | None = None
    """Version number; ``None`` when the release had none or it is unknown."""
    date: MaybeDate
    """Release date; ``None`` when unknown (``"unknown"`` in TOML)."""
    sources: Sources
    """Where the version and date come from."""


@dataclass(frozen=True, kw_only=True, slots=True)
class HistoryEntry(_Model):
    """One dated change: what changed, in which version, and when."""

    date: MaybeDate
    """When the change shipped or was announced; ``None`` when unknown (``"unknown"`` in
    TOML; such entries are left out of timelines, with a warning)."""
    version: Version | None = None
    """The release that brought the change, if it came with one."""
    label: Label
    """A short label for timelines and tables."""
    change: Text
    """What changed, in one or two sentences (Markdown)."""
    sources: tuple[Source, ...] = ()
    """Sources for this change (``mlguide check`` requires at least one: an entry is cited
    on its own, in a timeline as on its panel)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class PositionEntry(_Model):
    """One framework's position on one aspect, as written in a framework's data file.

    Either ``summary`` (a known position) or ``unknown`` (the reason it is unknown) is set.
    """

    # the rules of __post_init__, for editors that read the JSON Schema
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **PYDANTIC_CONFIG,
        "json_schema_extra": {
            "oneOf": [{"required": ["summary"]}, {"required": ["unknown"]}],
            "if": {"required": ["summary"]},
            "then": {"required": ["sources"]},
        },
    }

    summary: Summary | None = None
    """The position in a phrase that fits a table cell (Markdown)."""
    details: str = ""
    """The full position: what is true today and what to watch (Markdown)."""
    unknown: str | None = None
    """Set instead of ``summary`` when the position is unknown: the reason."""
    history: tuple[HistoryEntry, ...] = ()
    """What changed in which version and when, oldest first."""
    sources: tuple[Source, ...] = ()
    """Sources for the summary and details; at least one for a known position."""

    def __post_init__(self) -> None:
        if self.summary is None and self.unknown is None:
            raise ValueError("a position needs either `summary` or `unknown` (the reason)")
        if self.summary is not None and self.unknown is not None:
            raise ValueError("a position has either `summary` or `unknown`, not both")
        if self.unknown is not None and not self.unknown.strip():
            raise ValueError("`unknown` must give the reason the position is unknown")
        if self.summary is not None and not self.sources:
            raise ValueError("a known position cites at least one source in `sources`")

    @property
    def is_known(self) -> bool:
        """Whether the position is known (it has a summary)."""
        return self.summary is not None


#: What a reader sees for a position the data does not give.
NOT_ASSESSED = "Not assessed"


@dataclass(frozen=True, kw_only=True, slots=True)
class Position(PositionEntry):
    """A position placed in the guide: the entry plus the framework and aspect it belongs to.

    A framework from a project's own data directory may have no position on an aspect (one
    added by a later edition of the bundled data, say): the guide then holds a position that
    is not assessed, with neither summary nor reason, shown as "Not assessed".
    """

    framework: Id
    """Id of the framework."""
    aspect: Id
    """Id of the aspect."""
    assessed: bool = True
    """False when the data gives no position for this framework on this aspect."""

    def __post_init__(self) -> None:
        if self.assessed:
            PositionEntry.__post_init__(self)
        elif self.summary is not None or self.unknown is not None or self.sources:
            raise ValueError("a position that is not assessed has no summary, reason or sources")

    @property
    def cell_text(self) -> str:
        """The position as a table cell shows it (Markdown): the summary, ``Unknown: <the
        reason>``, or ``Not assessed``."""
        if not self.assessed:
            return NOT_ASSESSED
        if self.summary is not None:
            return self.summary
        return f"Unknown: {self.unknown}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Verdict(_Model):
    """Who leads on an aspect, or that nobody does, and why."""

    leaders: tuple[Id, ...] = ()
    """Ids of the frameworks that lead; empty when nobody clearly leads."""
    headline: Headline | None = None
    """The verdict in a phrase (Markdown), for the at-a-glance matrix, the handout and the
    CLI: who leads and on what (``"PyTorch: the active servers take it first"``) or, when
    nobody leads, what is true instead (``"Converged: all eager, compile on request"``).
    Without one, the leaders' names stand in (or "no single leader")."""
    summary: Text
    """The verdict in one or two sentences (Markdown)."""
    sources: Sources
    """Sources that support the verdict."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Aspect(_Model):
    """A dimension of comparison, such as deployment or the execution model."""

    id: Id
    """Stable identifier, used in directives, roles, the CLI and URLs."""
    title: Text
    """Heading for the aspect, e.g. ``"Deployment and serving"``."""
    question: Text
    """The question the aspect answers for a reader."""
    group: Text
    """The group the aspect belongs to, e.g. ``"Building models"``."""
    classic: bool = False
    """True for the differences the classic TensorFlow-vs-PyTorch comparison makes."""
    verdict: Verdict | None = None
    """Who leads; ``None`` when no verdict has been reached."""
    facts: Literal["releases"] | None = None
    """Facts the library derives for each framework and shows in this aspect's panels:
    ``"releases"`` adds the latest release, the release count of the twelve months to the
    as-of date, the Python range and the platforms, from the collected snapshot
    (:mod:`mlguide.releases`)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Framework(_Model):
    """A deep-learning framework and the facts of its profile card."""

    id: Id
    """Stable identifier, e.g. ``"pytorch"``."""
    name: Text
    """Display name, e.g. ``"PyTorch"``."""
    summary: Text
    """What the framework is, in one sentence (Markdown)."""
    creator: Text
    """The organisation or people that created it."""
    governance: Text
    """Who runs it today (Markdown)."""
    first_release: Release
    """The first public release."""
    latest: Release
    """The latest stable release as of the data's as-of date."""
    license: Text
    """SPDX license identifier, e.g. ``"Apache-2.0"``."""
    repository: HttpsUrl
    """Main source repository."""
    homepage: HttpsUrl
    """Official home page or documentation."""
    implementation_languages: Names
    """Languages the framework itself is written in."""
    api_languages: Names
    """Languages with an official API."""
    platforms: Names
    """Operating systems with official builds."""
    color: Color = "#555555"
    """Accent colour for panels and timelines (a 6-digit hex colour)."""
    milestones: tuple[HistoryEntry, ...] = ()
    """Framework-wide events (releases, governance changes) for timelines, oldest first."""
    sources: Sources
    """Sources for the profile facts."""


#: The verdicts a classic claim can get today.
ClaimVerdict = Literal["holds", "partly-holds", "outdated", "wrong"]
#: How each verdict reads in running text.
VERDICT_LABELS: dict[str, str] = {
    "holds": "holds",
    "partly-holds": "partly holds",
    "outdated": "outdated",
    "wrong": "wrong",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Claim(_Model):
    """A claim from the classic comparisons, with what is true today."""

    id: Id
    """Stable identifier."""
    claim: Text
    """The claim as the classic comparison makes it (paraphrased)."""
    aspects: tuple[Id, ...] = ()
    """Aspects the claim is about."""
    verdict: ClaimVerdict
    """Today's verdict: it still holds, it partly holds (see ``caveat``), it is outdated (was
    true once), or it was wrong."""
    caveat: Text | None = None
    """For a claim that partly holds: the part that does not, in a sentence (Markdown). It is
    shown wherever the verdict is."""
    since: VersionRef | None = None
    """For an outdated claim: the release since which it no longer holds; ``None`` when no
    single release marks the change (a trend, not a version)."""
    explanation: Text
    """Why, with what is true today (Markdown)."""
    sources: Sources
    """Sources for the verdict."""

    def __post_init__(self) -> None:
        if self.verdict != "outdated" and self.since is not None:
            raise ValueError("`since` applies only to a claim whose verdict is 'outdated'")
        if self.verdict == "partly-holds" and self.caveat is None:
            raise ValueError("a claim that partly holds says in `caveat` which part does not")
        if self.verdict != "partly-holds" and self.caveat is not None:
            raise ValueError("`caveat` applies only to a claim whose verdict is 'partly-holds'")

    def verdict_label(self, names: Mapping[str, str] | None = None) -> str:
        """The verdict without its caveat, e.g. ``"outdated since TensorFlow 2.0 (2019-09-30)"``.

        :param names: display names by framework id; ids are shown when not given.
        """
        if self.since is None:
            return VERDICT_LABELS[self.verdict]
        framework = (names or {}).get(self.since.framework, self.since.framework)
        when = f" ({self.since.date.isoformat()})" if self.since.date else ""
        return f"outdated since {framework} {self.since.version}{when}"

    def verdict_text(self, names: Mapping[str, str] | None = None) -> str:
        """The verdict as a reader sees it: the label, then the caveat when there is one, e.g.
        ``"partly holds: the Java half was not verified"``.

        :param names: display names by framework id; ids are shown when not given.
        """
        label = self.verdict_label(names)
        return f"{label}: {self.caveat}" if self.caveat else label


@dataclass(frozen=True, kw_only=True, slots=True)
class Recommendation(_Model):
    """Advice for one reader profile."""

    id: Id
    """Stable identifier."""
    profile: Text
    """Who the advice is for, e.g. ``"A beginner"``."""
    situation: Text
    """The reader's situation in a sentence (Markdown)."""
    picks: IdList
    """Framework ids in order of preference for this profile."""
    reason: Reason | None = None
    """Why the picks, in one line (Markdown): what the handout's and the home page's
    decision table print after the picks. The full argument stays in ``advice``."""
    advice: Text
    """The advice and its reasons (Markdown)."""
    aspects: tuple[Id, ...] = ()
    """Aspects that drive the advice."""
    sources: Sources
    """Sources for the facts the advice rests on."""


@dataclass(frozen=True, kw_only=True, slots=True)
class BottomLine(_Model):
    """The guide's answer in one sentence: which framework, for whom, and why."""

    summary: BottomLineText
    """The sentence (Markdown), at most 320 characters."""
    sources: Sources
    """Sources for the facts the sentence rests on."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Snippet(_Model):
    """One framework's code for an example task: a ``.py`` file beside the data."""

    framework: Id
    """Id of the framework the snippet uses."""
    file: SnippetFile
    """Path of the snippet, relative to the data directory's ``examples/`` folder."""


#: One or more snippets.
Snippets = Annotated[tuple[Snippet, ...], NON_EMPTY]


@dataclass(frozen=True, kw_only=True, slots=True)
class Example(_Model):
    """A task shown side by side in each framework's code."""

    id: Id
    """Stable identifier."""
    title: Text
    """Title of the task, e.g. ``"One training step"``."""
    description: Text
    """What the code shows (Markdown)."""
    aspects: tuple[Id, ...] = ()
    """Aspects the example illustrates."""
    snippets: Snippets
    """One snippet per framework."""

    def snippet(self, framework_id: str) -> Snippet | None:
        """The snippet of one framework, or ``None`` when the example has none for it."""
        return next((s for s in self.snippets if s.framework == framework_id), None)


@dataclass(frozen=True, kw_only=True, slots=True)
class GuideInfo(_Model):
    """Facts about the dataset as a whole."""

    title: Text
    """Title of the guide."""
    subtitle: Text
    """Subtitle of the guide."""
    as_of: dt.date
    """The day the data describes: versions and statuses are as of this date."""
    data_version: Text
    """Version of the dataset, bumped when facts change."""
    frameworks: tuple[Id, ...] = ()
    """Order in which frameworks are presented; frameworks not listed follow by id."""
    authors: Text = "The mlguide authors"
    """Who wrote the guide (used in PDF metadata)."""


# --- File shapes: what one TOML file holds. Errors are reported with these paths. ---


@dataclass(frozen=True, kw_only=True, slots=True)
class GuideFile(_Model):
    """``guide.toml``: facts about the dataset."""

    guide: GuideInfo


@dataclass(frozen=True, kw_only=True, slots=True)
class FrameworkFile(_Model):
    """``frameworks/<id>.toml``: one framework and its positions, keyed by aspect id.

    In an extra data directory the ``framework`` table may be left out: the file then adds
    or replaces positions of the existing framework named by the file's stem.
    """

    framework: Framework | None = None
    positions: dict[Id, PositionEntry] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True, slots=True)
class AspectsFile(_Model):
    """``aspects.toml``: the aspects, in the order the guide presents them."""

    aspects: tuple[Aspect, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimsFile(_Model):
    """``claims.toml``: the classic claims and today's verdicts."""

    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class RecommendationsFile(_Model):
    """``recommendations.toml``: the decision guide, and the guide's bottom line."""

    bottom_line: BottomLine | None = None
    recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class ExamplesFile(_Model):
    """``examples.toml``: code tasks shown side by side."""

    examples: tuple[Example, ...] = ()
