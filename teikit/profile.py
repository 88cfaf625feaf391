"""Layout profiles: everything a page layout means to teikit, in one frozen object.

A :class:`LayoutProfile` says how a file is cut into pages, which lines are furniture
(navigation lines, the running head, the printed page number), how a numbered paragraph and a
footnote are labelled, what shows that a page is complete, the thresholds of the block
classifier, and what the TEI header says about the source. It reaches every stage through
:attr:`teikit.ConvertOptions.profile`; no stage keeps a layout constant of its own.

Two profiles are built in (:data:`PROFILES`): ``web``, the default, reads the report as its web
edition serves it (a navigation line opens and closes every page, an EN SPACE or two spaces
after a paragraph or footnote number); ``pdftotext`` reads the same report as ``pdftotext``
prints it (pages separated by form feeds, no navigation lines, plain spaces). A profile is
also a TOML file: :func:`to_toml` writes a complete, commented one and :func:`load_profile`
reads it back (or a built-in by name)::

    teikit profile show web > mine.toml      # edit it, then
    teikit convert pages/ --profile mine.toml

>>> load_profile("pdftotext").page_delimiter
'form-feed'
>>> load_profile("web") == LayoutProfile()
True

The module is of rank 0 (it imports only :mod:`teikit.errors` and :mod:`teikit.model`):
:mod:`teikit.options` holds a profile, and every stage from :mod:`teikit.read` on reads one.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from teikit.errors import InputError, Problem
from teikit.model import SPACES, WIDE_SPACES

#: The spaces the entity stage reads between words (``teikit.model.SPACE``): a profile's
#: ``spaces`` must be among them, or persons and dates would split at a space they do not know.
ENTITY_SPACES = SPACES

#: The TOML tables of a profile file, in the order :func:`to_toml` writes them, with what
#: each is about (the table's comment).
TABLES: dict[str, str] = {
    "": "the profile",
    "source": "the source, for the TEI header (sourceDesc, availability)",
    "pages": "how a file is cut into pages, and the furniture at a page's edges",
    "running_head": "the running head: the first line of a page",
    "paragraphs": "numbered paragraphs: 563.<gap>text",
    "footnotes": "footnotes at the foot of a page (264<gap>text) and their markers in the body",
    "classifier": "the block classifier's thresholds, as shares of the page's measure (the "
    "length of a full line) unless said otherwise",
    "text": "the text itself",
}


def _field(table: str, key: str, default: Any, doc: str, choices: tuple[str, ...] = ()) -> Any:
    """A profile field written as ``key`` in TOML table ``table``, with ``doc`` above it."""
    meta = {"table": table, "key": key, "doc": doc, "choices": choices}
    return field(default=default, metadata=meta)


class MarkerMatch(NamedTuple):
    """A footnote marker candidate (:meth:`LayoutProfile.markers`): the number is
    ``text[start:end]``, ``before`` the character before it (or before ``gap``), ``gap`` the
    space or newline between them, or ``""`` when the number is glued."""

    before: str
    gap: str
    start: int
    end: int


_WEB_GAP = f"[{WIDE_SPACES}] ?| {{2,}}"


@dataclass(frozen=True, slots=True, kw_only=True)
class LayoutProfile:
    """What a page layout means. Frozen; the defaults are the ``web`` profile.

    Patterns are Python regular expressions (:mod:`re`), matched against one line with its
    leading and trailing spaces left on unless a field says otherwise. Make a variant with
    :func:`dataclasses.replace` or write a TOML file (:func:`to_toml`, :func:`load_profile`).
    """

    name: str = _field("", "name", "web", "The profile's name (teikit profile list).")
    description: str = _field(
        "",
        "description",
        "The Report of the Iraq Inquiry as its web edition serves it, one page per address: a "
        "navigation line opens and closes each page, an EN SPACE or two spaces follow a "
        "paragraph or footnote number.",
        "What layout this profile reads.",
    )

    # --- the source ---------------------------------------------------------------------------
    title: str = _field(
        "source",
        "title",
        "The Report of the Iraq Inquiry",
        "The whole report's title: the header's title and sourceDesc/bibl/title[@level='m'].",
    )
    publisher: str = _field(
        "source", "publisher", "The Iraq Inquiry", "Who published the source (sourceDesc)."
    )
    date: str = _field(
        "source", "date", "2016", "When the source was published, ISO 8601 (sourceDesc/date)."
    )
    licence: str = _field(
        "source",
        "licence",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        "The licence statement (publicationStmt/availability/licence).",
    )
    licence_url: str = _field(
        "source",
        "licence_url",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "Where the licence is (licence/@target).",
    )

    # --- pages --------------------------------------------------------------------------------
    page_delimiter: Literal["navigation", "form-feed"] = _field(
        "pages",
        "delimiter",
        "navigation",
        "What separates pages in a file. 'navigation': a navigation line opens a page (one "
        "that closes the page before it does not), and a form feed too; 'form-feed': only a "
        "form feed, and the first line of a page is where its running head sits.",
        ("navigation", "form-feed"),
    )
    navigation: str = _field(
        "pages",
        "navigation",
        r"Previous page \| Contents \| Next page",
        "A navigation or furniture line at a page's top or bottom edge (the whole line, "
        "spaces around it aside); kept as furniture, never as text. '' when the layout has none.",
    )
    page_complete: Literal["navigation", "page-number"] = _field(
        "pages",
        "complete",
        "navigation",
        "What shows a page is complete (not cut short): 'navigation', a closing navigation "
        "line; 'page-number', a printed page number as the page's last line. A page cut short "
        "may have lost its footnotes, so markers are then also found by their sequence.",
        ("navigation", "page-number"),
    )
    page_number: str = _field(
        "pages",
        "number",
        r"\d{1,4}",
        "The printed page number (alone on its line, spaces around it aside).",
    )
    page_number_at: Literal["foot", "none"] = _field(
        "pages",
        "number_at",
        "foot",
        "Where the page number sits: 'foot', the last line before the closing navigation line "
        "(or the page's last line); 'none', the layout prints none.",
        ("foot", "none"),
    )

    # --- running head -------------------------------------------------------------------------
    head_section: str = _field(
        "running_head",
        "section",
        r"\d+(?:\.\d+)*",
        "The section number a running head starts with (9.6 in '9.6 | 27 June 2007 to April "
        "2008'); it names the section a page belongs to.",
    )
    head_separator: str = _field(
        "running_head",
        "separator",
        r"\|",
        "What stands between the section number and the section title (spaces around it aside).",
    )
    report_head: str = _field(
        "running_head",
        "report",
        r"(?i)the report of",
        "A head that names the whole report, not a section (even pages), matched at its start; "
        "such a page takes its section from the page beside it.",
    )
    head_period: bool = _field(
        "running_head",
        "period",
        True,
        "The section title names the section's period ('27 June 2007 to April 2008'), which "
        "the dates stage reads to give yearless dates their year.",
    )

    # --- paragraphs ---------------------------------------------------------------------------
    paragraph_number: str = _field(
        "paragraphs",
        "number",
        r"\d{1,4}",
        "A paragraph number, kept in @n (e.g. '\\d{1,4}(?:\\.\\d{1,3})?' for 12.3).",
    )
    paragraph_after_number: str = _field(
        "paragraphs", "after_number", r"\.", "What follows the number in the label (563.)."
    )
    paragraph_gap: str = _field(
        "paragraphs",
        "gap",
        _WEB_GAP,
        "The space after the label that alone marks a numbered paragraph ('' when the layout "
        "has none: then only a single space, see single_space).",
    )
    paragraph_single_space: Literal["follows-on", "after-ended-line"] = _field(
        "paragraphs",
        "single_space",
        "follows-on",
        "When a label followed by one ordinary space opens a paragraph ('2003. The' may be a "
        "sentence wrapped after a year): 'follows-on', when its number follows the page's "
        "previous paragraph number and the line before ended a clause or was short; "
        "'after-ended-line', when the line before ended a clause or was short (or there is "
        "none) and its number follows the page's previous one, if any.",
        ("follows-on", "after-ended-line"),
    )
    paragraph_gap_width: int = _field(
        "paragraphs",
        "gap_width",
        0,
        "How many characters a label's gap counts for when a line's length is measured "
        "against the page's measure (0: as printed). The print sets a wide gap that "
        "pdftotext may print as one space, which would make a full first line look short.",
    )
    paragraph_numbering: Literal["integer", "dotted"] = _field(
        "paragraphs",
        "numbering",
        "integer",
        "How paragraph numbers are ordered and what follows what: 'integer' (563 then 564); "
        "'dotted' (12.3 then 12.4 or 13; compared part by part).",
        ("integer", "dotted"),
    )

    # --- footnotes ----------------------------------------------------------------------------
    footnote_number: str = _field(
        "footnotes", "number", r"\d{1,4}", "A footnote number (a whole number), kept in @n."
    )
    footnote_gap: str = _field(
        "footnotes",
        "gap",
        _WEB_GAP,
        "The space between a footnote's number and its text.",
    )
    footnote_needs_marker: bool = _field(
        "footnotes",
        "needs_marker",
        False,
        "A line opens a footnote only when its number stands as a marker in the text above "
        "(the foot's first note), or follows the previous footnote's number by one, or by up "
        "to max_step with its marker above: needed when the gap is an ordinary space, with "
        "which body lines ('18 to 22 June') also start.",
    )
    footnote_max_step: int = _field(
        "footnotes",
        "max_step",
        5,
        "The footnotes at a page's foot rise by at least 1 and at most this much from one to "
        "the next.",
    )
    marker_number: str = _field(
        "footnotes",
        "marker",
        r"[1-9]\d{0,3}",
        "A footnote marker in the body (glued to the word or punctuation before it).",
    )

    # --- the block classifier -----------------------------------------------------------------
    short_line: float = _field(
        "classifier", "short_line", 0.8, "A body line shorter than this ends its block."
    )
    full_line: float = _field(
        "classifier",
        "full_line",
        0.95,
        "A line ending a sentence and shorter than this ends its block when the next line "
        "opens a quotation.",
    )
    table_line: float = _field(
        "classifier",
        "table_line",
        0.45,
        "Lines shorter than this, table_min_lines or more in a row, are a flattened table.",
    )
    table_min_lines: int = _field(
        "classifier", "table_min_lines", 4, "How many short lines in a row make a table."
    )
    heading_max: float = _field(
        "classifier",
        "heading_max",
        0.75,
        "A heading line (or a running head without a section number) is at most this long.",
    )
    head_wrap_max: float = _field(
        "classifier",
        "head_wrap_max",
        0.6,
        "A running head's wrapped second line is shorter than this (or than "
        "peek_head_wrap_max characters, on a page too short to show its measure).",
    )
    peek_head_max: int = _field(
        "classifier",
        "peek_head_max",
        60,
        "Characters: when pages are grouped into documents (before the measure is known), "
        "a head without a section number is at most this long ...",
    )
    peek_head_wrap_max: int = _field(
        "classifier",
        "peek_head_wrap_max",
        50,
        "... and its wrapped second line shorter than this.",
    )
    min_measure: int = _field(
        "classifier",
        "min_measure",
        60,
        "Characters: the shortest measure a page is given (a page of short lines).",
    )

    # --- text ---------------------------------------------------------------------------------
    spaces: str = _field(
        "text",
        "spaces",
        ENTITY_SPACES,
        "The spaces set between words (in the running head around the separator); each "
        "must be one the entity stage knows: "
        + ", ".join(f"U+{ord(c):04X}" for c in ENTITY_SPACES),
    )

    # --- compiled forms of the patterns above (not fields of the TOML file) ------------------
    navigation_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    """A whole navigation line (spaces around it aside), or ``None`` when there is none."""
    navigation_lines_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    """The navigation lines of a file (multiline), for cutting it into pages."""
    navigation_next_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    """A navigation line with the newline before it: :attr:`navigation_lines_re` opening on
    a plain character (see :meth:`navigation_lines`)."""
    page_number_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A page-number line; group 1 is the number."""
    page_number_before_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A page-number line and nothing but blank lines after it, at the end of a text."""
    head_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A section running head; group 1 the section number, group 2 the title."""
    report_head_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    paragraph_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A paragraph label; group 1 the number, group ``gap`` the layout's own gap (``None``
    when it is a single space)."""
    footnote_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A footnote label; group 1 the number."""
    marker_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A footnote marker candidate, glued or after one space (groups before, gap, num)."""
    marker_number_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """:attr:`marker_re` without what comes before the number: a search for it skips to the
    next digit at C speed, where ``marker_re``, which opens with almost any character, is
    tried at every offset of the text (see :meth:`markers`)."""

    def __post_init__(self) -> None:
        self._check()
        # Compiled once when the profile is made (a bad pattern fails here, where the file is
        # named), not at each page; they are part of the value, not a cache.
        space = "[" + re.escape(self.spaces) + "]" if self.spaces else " "
        navigation = re.compile(rf"(?:{self.navigation})") if self.navigation else None
        line = rf"[^\S\n]*(?:{self.navigation})[^\S\n]*$"
        lines = re.compile("^" + line, re.MULTILINE) if self.navigation else None
        # ``^`` (multiline) is where the text starts or after a newline: the newline itself
        # opens this one, which ``re`` finds with a fast scan instead of trying every offset.
        after_newline = re.compile("\n" + line, re.MULTILINE) if self.navigation else None
        gap = self.paragraph_gap
        paragraph = rf"^({self.paragraph_number}){self.paragraph_after_number}" + (
            rf"(?:(?P<gap>{gap})| (?=\S))" if gap else r" (?=\S)"
        )
        compiled = {
            "navigation_re": navigation,
            "navigation_lines_re": lines,
            "navigation_next_re": after_newline,
            "page_number_re": re.compile(rf"^\s*({self.page_number})\s*$"),
            "page_number_before_re": re.compile(
                rf"^[ \t]*(?:{self.page_number})[ \t]*\n[ \t\n]*\Z", re.MULTILINE
            ),
            "head_re": re.compile(
                rf"^({self.head_section}){space}*(?:{self.head_separator}){space}*(\S.*?){space}*$"
            ),
            "report_head_re": re.compile(self.report_head),
            "paragraph_re": re.compile(paragraph),
            "footnote_re": re.compile(
                rf"^({self.footnote_number})(?:{self.footnote_gap})(?=[^\s|])"
            ),
            "marker_re": re.compile(
                rf"(?P<before>[^\s\d])(?P<gap>[ \n]?)(?P<num>{self.marker_number})"
                r"(?=[\s,;:.)\]]|$)(?![.,]\d)"
            ),
            "marker_number_re": re.compile(rf"(?:{self.marker_number})(?=[\s,;:.)\]]|$)(?![.,]\d)"),
        }
        for name, value in compiled.items():
            object.__setattr__(self, name, value)

    def navigation_lines(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each navigation line of ``text``: the spans
        ``navigation_lines_re.finditer(text)`` finds, found faster (empty when the profile
        has no navigation line).

        ``finditer`` tries the pattern at every offset, where ``^`` fails at all but the
        line starts; here the first line is tried alone and every other line start is found
        by searching :attr:`navigation_next_re` for the newline before it. A search resumes
        one offset before the previous match's end, so that a line starting right there (the
        newline having ended that match) is found as ``finditer`` finds it. A pattern that
        matches an empty line (a navigation pattern that can be empty) is left to
        ``finditer``: its rules for empty matches are its own.
        """
        lines, next_line = self.navigation_lines_re, self.navigation_next_re
        if lines is None or next_line is None:
            return []
        found: list[tuple[int, int]] = []
        position = 0
        first = lines.match(text)
        if first is not None:
            if first.end() == 0:
                return [match.span() for match in lines.finditer(text)]
            found.append(first.span())
            position = first.end() - 1
        while (match := next_line.search(text, position)) is not None:
            start, end = match.start() + 1, match.end()
            if end == start:
                return [match.span() for match in lines.finditer(text)]
            found.append((start, end))
            position = end - 1
        return found

    def markers(self, text: str, pos: int = 0, end: int | None = None) -> Iterator[MarkerMatch]:
        """The footnote marker candidates of ``text[pos:end]``: what :attr:`marker_re`'s
        ``finditer`` finds, as ``(before, gap, start, end)`` of each number, found faster.

        A number is searched for (``marker_number_re``) and what stands before it is checked
        here: one character that is neither a space nor a digit, after it at most one space
        or newline (the gap), both inside ``text[pos:end]``. The matches are the same, in the
        same order: ``marker_re``'s matches cannot overlap, since each number ends before a
        non-digit and the next one's ``before`` is a non-digit.
        """
        stop = len(text) if end is None else end
        for match in self.marker_number_re.finditer(text, pos, stop):
            start = match.start()
            if start <= pos:
                continue
            c = text[start - 1]
            if c == " " or c == "\n":
                if start - 2 < pos:
                    continue
                before = text[start - 2]
                if before.isspace() or before.isdecimal():
                    continue
                yield MarkerMatch(before, c, start, match.end())
            elif not (c.isspace() or c.isdecimal()):
                yield MarkerMatch(c, "", start, match.end())

    def _check(self) -> None:
        """Refuse fields that contradict each other (``ValueError``, one line)."""
        if not set(self.spaces) <= set(ENTITY_SPACES):
            odd = ", ".join(f"U+{ord(c):04X}" for c in self.spaces if c not in ENTITY_SPACES)
            raise ValueError(
                f"text.spaces holds {odd}, which the entity stage does not read as a space"
            )
        if self.page_complete == "page-number" and self.page_number_at == "none":
            raise ValueError(
                "pages.complete = 'page-number' needs a printed page number (pages.number_at)"
            )
        if self.page_delimiter == "navigation" and not self.navigation:
            raise ValueError("pages.delimiter = 'navigation' needs a pages.navigation pattern")
        if self.page_complete == "navigation" and not self.navigation:
            raise ValueError("pages.complete = 'navigation' needs a pages.navigation pattern")

    # --- what the stages ask -----------------------------------------------------------------

    @staticmethod
    def builtins() -> dict[str, LayoutProfile]:
        """The built-in profiles by name (``web``, the default, and ``pdftotext``)."""
        return dict(PROFILES)

    def to_toml(self) -> str:
        """This profile as a complete, commented TOML file (:func:`to_toml`)."""
        return to_toml(self)

    def is_navigation(self, line: str) -> bool:
        """Is ``line`` a navigation (furniture) line?"""
        return (
            self.navigation_re is not None
            and self.navigation_re.fullmatch(line.strip()) is not None
        )

    @property
    def head_at_page_top(self) -> bool:
        """Is a page's first line its running head's place even without a navigation line
        above it (pages cut at form feeds start at the top of the printed page)?"""
        return self.page_delimiter == "form-feed"

    def paragraph_key(self, n: str) -> tuple[int, ...]:
        """The order of paragraph number ``n``: ``(563,)``; ``(12, 3)`` for a dotted ``12.3``.

        >>> LayoutProfile(paragraph_numbering="dotted").paragraph_key("12.10")
        (12, 10)
        """
        if self.paragraph_numbering == "integer":
            return (int(n),)
        return tuple(int(part) for part in re.findall(r"\d+", n))

    def follows(self, previous: str, n: str) -> bool:
        """Is ``n`` the paragraph number right after ``previous``?

        >>> dotted = LayoutProfile(paragraph_numbering="dotted")
        >>> [dotted.follows("12.3", n) for n in ("12.4", "13", "13.1", "12.5")]
        [True, True, True, False]
        """
        a, b = self.paragraph_key(previous), self.paragraph_key(n)
        if self.paragraph_numbering == "integer":
            return b[0] == a[0] + 1
        if len(b) > len(a) and b[: len(a)] == a:
            return all(part == 1 for part in b[len(a) :])  # 12 then 12.1
        for level in range(min(len(a), len(b))):
            if b[:level] == a[:level] and b[level] == a[level] + 1:
                return all(part == 1 for part in b[level + 1 :])
        return False


#: The built-in profiles by name.
PROFILES: dict[str, LayoutProfile] = {
    "web": LayoutProfile(),
    "pdftotext": LayoutProfile(
        name="pdftotext",
        description="The Report of the Iraq Inquiry as pdftotext prints it: pages separated "
        "by form feeds, no navigation lines, plain ASCII spaces (one after a paragraph or "
        "footnote number); a page is complete when its last line is its printed number.",
        page_delimiter="form-feed",
        navigation="",
        page_complete="page-number",
        paragraph_gap=r" {2,}",
        paragraph_single_space="after-ended-line",
        paragraph_gap_width=2,
        footnote_gap=" +",
        footnote_needs_marker=True,
        spaces=" ",
    ),
}

#: The profile used when none is named: the web edition.
DEFAULT_PROFILE = PROFILES["web"]


def profile_fields() -> list[dataclasses.Field[Any]]:
    """The fields a profile file holds, in the order :func:`to_toml` writes them."""
    return [f for f in dataclasses.fields(LayoutProfile) if f.init]


def load_profile(name_or_path: str | Path) -> LayoutProfile:
    """A built-in profile by name (``web``, ``pdftotext``) or a profile TOML file by path.

    A file may leave keys out: they take the value of the profile its ``base`` key names
    (``web`` when it names none). A bad file raises :class:`InputError` (TK108) with one line
    that says what to fix.
    """
    if isinstance(name_or_path, str) and name_or_path in PROFILES:
        return PROFILES[name_or_path]
    path = Path(name_or_path)
    source = str(path)
    if not path.is_file():
        known = ", ".join(PROFILES)
        raise InputError(
            Problem.make(
                "TK108", f"no such profile or file (built-in profiles: {known})", file=source
            )
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem.make("TK108", f"cannot read it: {exc}", file=source)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem.make("TK108", f"not TOML: {exc}", file=source)) from None
    return from_dict(data, source=source)


def from_dict(data: dict[str, Any], *, source: str = "<profile>") -> LayoutProfile:
    """A profile from the tables of a profile file (as :mod:`tomllib` reads them)."""

    def bad(detail: str) -> InputError:
        return InputError(Problem.make("TK108", detail, file=source))

    data = dict(data)
    base_name = data.pop("base", "web")
    if base_name not in PROFILES:
        raise bad(f"base {base_name!r} is no built-in profile (choose {', '.join(PROFILES)})")
    base = PROFILES[base_name]
    by_place = {(f.metadata["table"], f.metadata["key"]): f for f in profile_fields()}
    values: dict[str, Any] = {}
    for table in data:
        if table in TABLES and isinstance(data[table], dict):
            items = [(table, key, value) for key, value in data[table].items()]
        elif ("", table) in by_place:
            items = [("", table, data[table])]
        else:
            tables = ", ".join(name for name in TABLES if name)
            raise bad(f"unknown key or table {table!r} (the tables: {tables})")
        for where, key, value in items:
            spot = f"{where}.{key}" if where else key
            found = by_place.get((where, key))
            if found is None:
                raise bad(f"unknown key {spot!r}; see teikit profile show web")
            values[found.name] = _checked(found, value, spot, bad)
            if found.name in _PATTERNS:
                try:
                    re.compile(value)
                except re.error as exc:
                    raise bad(f"{spot} is not a regular expression: {exc}") from None
    try:
        return dataclasses.replace(base, **values)
    except re.error as exc:
        raise bad(f"a pattern does not compile: {exc}") from None
    except ValueError as exc:  # fields that contradict each other (LayoutProfile.__post_init__)
        raise bad(str(exc)) from None


def _checked(spec: dataclasses.Field[Any], value: Any, spot: str, bad: Any) -> Any:
    default: Any = spec.default
    kind = type(default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not kind:
        raise bad(f"{spot} must be a {_TOML_TYPE[kind]}, not {value!r}")
    choices = spec.metadata["choices"]
    if choices and value not in choices:
        raise bad(f"{spot} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    if kind in (int, float) and (value < 0 or (value == 0 and spec.name not in _MAY_BE_0)):
        least = "0 or more" if spec.name in _MAY_BE_0 else "more than 0"
        raise bad(f"{spot} must be {least}, not {value!r}")
    return value


# The fields that are regular expressions: each is checked on its own when a file is read, so
# that the error names the key.
_PATTERNS = frozenset(
    {
        "navigation",
        "page_number",
        "head_section",
        "head_separator",
        "report_head",
        "paragraph_number",
        "paragraph_after_number",
        "paragraph_gap",
        "footnote_number",
        "footnote_gap",
        "marker_number",
    }
)
_MAY_BE_0 = frozenset({"paragraph_gap_width"})
_TOML_TYPE = {str: "string", bool: "boolean (true or false)", int: "whole number", float: "number"}


def to_toml(profile: LayoutProfile) -> str:
    """The profile as a complete, commented TOML file, which :func:`load_profile` reads back
    to an equal profile."""
    out = [
        f"# teikit layout profile {profile.name!r}: what a page layout means to teikit.",
        "# Use it with: teikit convert INPUT... --profile THIS_FILE.toml",
        "# Patterns are Python regular expressions; in '...' strings a backslash is itself.",
        "# A key left out takes its value from the built-in profile named by `base` (web).",
    ]
    for table, about in TABLES.items():
        specs = [f for f in profile_fields() if f.metadata["table"] == table]
        out.append("")
        if table:
            out.extend(f"# {line}" for line in _wrap(f"--- {about}"))
            out.append(f"[{table}]")
        for spec in specs:
            for line in _wrap(spec.metadata["doc"]):
                out.append(f"# {line}")
            choices = spec.metadata["choices"]
            if choices:
                out.append(f"# One of: {', '.join(choices)}.")
            out.append(f"{spec.metadata['key']} = {_toml_value(getattr(profile, spec.name))}")
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 92) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    assert isinstance(value, str)
    if value.isascii() and value.isprintable() and "'" not in value:
        return f"'{value}'"  # a literal string: a pattern's backslashes stay as they are
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif char.isascii() and char.isprintable():
            escaped.append(char)
        else:
            code = ord(char)  # U+00A0 reads better than a blank
            escaped.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
    return '"' + "".join(escaped) + '"'


__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "LayoutProfile",
    "from_dict",
    "load_profile",
    "profile_fields",
    "to_toml",
]
