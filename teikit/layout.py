"""Page -> layout blocks: what each region of a page is.

The page's text is never changed here: every block is a pair of offsets into it, and every
line of the page belongs to exactly one block, so nothing can be dropped on the way.

How a page is read, top to bottom:

1. the navigation lines (top and bottom) and the running head (possibly wrapped over two
   lines) are found at the edges;
2. the foot of the page is read bottom-up: the printed page number, then the footnotes
   (``264\u2002Minute Binns ...``, wrapped lines belonging to the footnote above them);
3. the body's lines are grouped into blocks. The text is justified, so inside a block every
   line but the last runs (nearly) to the full measure: a *short* line ends a block. A line
   that opens a numbered paragraph (``563.\u2002``) always starts one, and so does a line
   after a colon (a quotation or a list follows);
4. each block is classified from its shape and its neighbours: numbered paragraph,
   quotation (opens with a quotation mark after an introducing colon, or after another
   quotation), list item (after an introducing colon, or ending ``;``/``; and``), heading (a
   single short line without closing punctuation, followed by a new block), table cell (a run
   of very short single lines: a table flattened to one cell per line), or an unnumbered
   paragraph. The first body block of a page continues the page before unless it opens a
   numbered paragraph or a heading; the last is unfinished unless it ends a sentence. These
   rules are ``_RULES``, an ordered table of small named functions (see ``_classify``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from teikit.errors import Problem
from teikit.model import MONTH_NAMES, Block, BlockKind, PageLayout, RunningHead
from teikit.profile import DEFAULT_PROFILE, LayoutProfile
from teikit.read import Page

# What a layout is (navigation lines, running head, paragraph and footnote labels, the page
# number, the classifier's thresholds) is the profile's (teikit/profile.py); the patterns
# here are the language's: how a clause, a sentence, a list item and a heading end.
_OPENING_QUOTE = re.compile(r"^[“‘\"']")


class _AtEnd:
    """A pattern anchored at the end (``...$``) whose matches are at most ``width``
    characters long, searched for only in a string's last ``width`` + 1 characters (one more
    for ``$`` before a final newline). A plain ``search`` tries such a pattern at every offset
    of the string; starting near the end finds the same match, since lookbehinds and ``\\b``
    still see the characters before the starting offset."""

    __slots__ = ("pattern", "width")

    def __init__(self, pattern: str, width: int) -> None:
        self.pattern = re.compile(pattern)
        self.width = width  # tests/test_layout.py checks it against the pattern's own

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text, max(0, len(text) - self.width - 1))


# A trailing footnote marker, glued (``doing so.”264``) or after one space, is not part of how
# a line ends: ``so.”`` ends a sentence whatever number follows it.
_TRAILING_MARKER = _AtEnd(r"(?<=[^\s\d])\s?\d{1,4}$", 5)
_ENDS_CLAUSE = _AtEnd(r"(?:[.:;?!…”’\"')\]]|; and|; or|, and|, or)$", 5)
_ENDS_SENTENCE = _AtEnd(r"(?:[.?!…][”’\"')\]]?|[”’\"'][.?!])$", 2)
_ENDS_ITEM = _AtEnd(r"(?:;|; and|; or|, and|, or)$", 5)
_HEAD_CONNECTOR = _AtEnd(r"(?:\b(?:to|and|of|the|for|in|on|a|an|with)|[,–-])$", 4)
_HEADING_END = _AtEnd(r"[.:;,?!…]$|[.?!…][”’\"']$", 2)
_CLOSING_QUOTE_END = _AtEnd(r"[”’\"'][.,;:]?$|[.?!…][”’]$", 2)
_QUOTE_END = _AtEnd(r"[”’\"']$", 1)


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is slow, and many are made
class _Line:
    start: int
    end: int
    text: str
    rtext: str = ""
    """``text`` without trailing whitespace (empty for a blank line)."""
    core: str = ""
    """``rtext`` without a trailing footnote marker: how the line ends, for the rules."""
    length: int = 0
    """How long the line is as printed, for the measure: ``len(rtext)``, but with a paragraph
    label's gap counted as ``LayoutProfile.paragraph_gap_width`` characters when the profile
    says so (pdftotext prints the print's wide gap as one space)."""


def parse_layout(
    page: Page,
    *,
    profile: LayoutProfile = DEFAULT_PROFILE,
    problems: list[Problem] | None = None,
) -> PageLayout:
    """Find the blocks of ``page`` as ``profile`` lays pages out; oddities go to ``problems``
    (when given).

    >>> from teikit.read import read_text
    >>> page = read_text("Previous page | Contents | Next page\\n"
    ...                  "9.6\\u2002|\\u2002Title\\n1.\\u2002Text.\\n2\\n"
    ...                  "Previous page | Contents | Next page")[0]
    >>> [(b.kind.value, b.n) for b in parse_layout(page).blocks]
    [('navigation', None), ('running-head', None), ('paragraph', '1'), ('page-number', '2'), \
('navigation', None)]
    """
    found: list[Problem] = [] if problems is None else problems
    text = page.text
    lines = _lines(text, profile)
    layout = PageLayout()
    top_blocks: list[Block] = []
    bottom_blocks: list[Block] = []

    # 1. the edges: navigation lines, running head ----------------------------------------
    first, last = 0, len(lines)
    while first < last and not lines[first].text.strip():
        first += 1
    while last > first and not lines[last - 1].text.strip():
        last -= 1
    # A navigation line may be repeated at either edge (scraped pages often repeat it): every
    # one is navigation, so none can be taken for the running head or the page number.
    navigation = 0
    is_navigation = profile.is_navigation
    has_top_nav = first < last and is_navigation(lines[first].text)
    while first < last and is_navigation(lines[first].text):
        top_blocks.append(_block(BlockKind.NAVIGATION, lines[first], lines[first]))
        navigation += 1
        first += 1
        while first < last and not lines[first].text.strip():
            first += 1
    has_bottom_nav = last > first and is_navigation(lines[last - 1].text)
    while last > first and is_navigation(lines[last - 1].text):
        bottom_blocks.insert(0, _block(BlockKind.NAVIGATION, lines[last - 1], lines[last - 1]))
        navigation += 1
        last -= 1
        while last > first and not lines[last - 1].text.strip():
            last -= 1

    width = _measure(lines[first:last], profile)  # refined below, once the foot is known
    if first < last:
        at_top = has_top_nav or profile.head_at_page_top
        head_lines = _running_head(lines, first, last, at_top, width, profile)
        if head_lines:
            head_first, head_last = lines[first], lines[first + head_lines - 1]
            top_blocks.append(_block(BlockKind.RUNNING_HEAD, head_first, head_last))
            layout.head = _parse_head(text[head_first.start : head_last.end], profile)
            if head_lines > 1:
                found.append(page.problem("TK213", layout.head.text, at=head_first.start))
            first += head_lines
    if layout.head is None:
        found.append(page.problem("TK207"))

    # 2. the foot: page number, footnotes ---------------------------------------------------
    while last > first and not lines[last - 1].text.strip():
        last -= 1
    numbered = profile.page_number_at == "foot"
    page_number = profile.page_number_re
    # complete: a closing navigation line, or (pdftotext) the printed number as the last line
    closed = has_bottom_nav
    if profile.page_complete == "page-number":
        closed = last > first and numbered and page_number.match(lines[last - 1].text) is not None
    page_number_line: _Line | None = None
    if last > first and closed and numbered:
        match = page_number.match(lines[last - 1].text)
        if match:
            page_number_line = lines[last - 1]
            layout.page_number = match.group(1)
            last -= 1
    footnotes_from = _footnote_region(lines, first, last, profile)
    if page_number_line is None and not closed and numbered and footnotes_from < last:
        # a page cut short after its footnotes may still end with its printed number
        match = page_number.match(lines[last - 1].text)
        if match and last - 1 > footnotes_from:
            page_number_line = lines[last - 1]
            layout.page_number = match.group(1)
            last -= 1
    footnote_blocks = _footnote_blocks(lines, first, footnotes_from, last, profile)
    width = _measure(lines[first:footnotes_from], profile)

    # 3 and 4. the body -----------------------------------------------------------------------
    body = _body_blocks(page, lines[first:footnotes_from], width, found, profile)

    layout.cut_short = not closed
    if layout.cut_short:
        missing = [
            what
            for what, absent in (
                ("no footnotes", not footnote_blocks),
                ("no page number", page_number_line is None),
                ("no closing navigation line", profile.page_complete == "navigation"),
            )
            if absent
        ]
        found.append(page.problem("TK201", ", ".join(missing)))
    elif page_number_line is None:
        found.append(page.problem("TK210"))
    if body:
        last_text = text[body[-1].start : body[-1].end]
        ended = _ends_sentence(last_text) or (
            body[-1].kind is BlockKind.LIST_ITEM and _ENDS_ITEM.search(_strip_marker(last_text))
        )
        if body[-1].kind is not BlockKind.HEADING and (layout.cut_short or not ended):
            body[-1] = _replace(body[-1], unfinished=True)
            found.append(page.problem("TK212", at=body[-1].start))
        if body[0].continues:
            found.append(page.problem("TK211", at=body[0].start))

    layout.blocks = top_blocks + body + footnote_blocks
    if page_number_line is not None:
        number = _block(BlockKind.PAGE_NUMBER, page_number_line, page_number_line)
        layout.blocks.append(_replace(number, n=layout.page_number))
    layout.blocks.extend(bottom_blocks)
    layout.navigation_lines = navigation
    return layout


# --- lines and measures -----------------------------------------------------------------------


def _lines(text: str, profile: LayoutProfile) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    gap_width = profile.paragraph_gap_width
    label = profile.paragraph_re
    # what the rules ask of every line is worked out once here, not at each question
    for piece in text.split("\n"):
        rtext = piece.rstrip()
        # _strip_marker only when the line ends in a digit (the common case costs no call)
        core = _strip_marker(rtext) if rtext[-1:].isdigit() else rtext
        length = len(rtext)
        if gap_width and rtext[:1].isdigit():
            match = label.match(rtext)
            if match is not None:
                gap = match.group("gap") or " "
                length += gap_width - len(gap)
        lines.append(_Line(start, start + len(piece), piece, rtext, core, length))
        start += len(piece) + 1
    return lines


def _measure(lines: Sequence[_Line], profile: LayoutProfile) -> int:
    """The page's measure: the length of a full line (the 80th percentile of the lines that
    are at least half as long as the longest, so that table cells do not pull it down)."""
    lengths = sorted([line.length for line in lines])
    if not lengths or not lengths[-1]:
        return 80
    # the lines at least half as long as the longest (blank ones, of length 0, among the rest)
    lengths = lengths[bisect.bisect_left(lengths, lengths[-1] / 2) :]
    return max(profile.min_measure, lengths[min(len(lengths) - 1, (len(lengths) * 4) // 5)])


def _block(kind: BlockKind, first: _Line, last: _Line, **fields: object) -> Block:
    return Block(kind, first.start, last.end, **fields)  # type: ignore[arg-type]


def _replace(block: Block, **changes: object) -> Block:
    values = {
        "kind": block.kind,
        "start": block.start,
        "end": block.end,
        "n": block.n,
        "label_end": block.label_end,
        "continues": block.continues,
        "unfinished": block.unfinished,
    }
    values.update(changes)
    return Block(**values)  # type: ignore[arg-type]


def _strip_marker(line: str) -> str:
    line = line.rstrip()
    if not line[-1:].isdigit():
        # the pattern ends in a digit; without one, skip the regex, which is costly here
        # because a search anchored only at the end is tried at every offset of the line
        return line
    # the one match (the line is stripped, so ``$`` is its end) taken off, as ``sub`` would
    match = _TRAILING_MARKER.search(line)
    if match is None:
        return line
    stripped = line[: match.start()] + line[match.end() :]
    return stripped if stripped else line


def _ends_sentence(text: str) -> bool:
    return _ENDS_SENTENCE.search(_strip_marker(text)) is not None


# --- running head -----------------------------------------------------------------------------


def _running_head(
    lines: list[_Line], first: int, last: int, at_top: bool, width: int, profile: LayoutProfile
) -> int:
    """How many lines, from ``first``, the running head takes (0, 1 or 2). ``at_top``: the
    line is at the page's top (after its navigation line, or a page cut at a form feed), where
    a head without a section number may stand."""
    line = lines[first].text.strip()
    if profile.paragraph_re.match(line) or profile.footnote_re.match(line):
        return 0
    section = profile.head_re.match(line)
    if section is None and not at_top:
        return 0
    if section is None and (_ENDS_CLAUSE.search(line) or len(line) > width * profile.heading_max):
        return 0  # a body line, not a bare section title
    if first + 1 < last and _HEAD_CONNECTOR.search(line):
        following = lines[first + 1].text.strip()
        # A head cannot end on a connector, so the line after one continues it unless it
        # is a body line. Its length is weighed against the measure, or against the bound
        # ``peek`` uses when no measure is known: a tiny page's measure is only the floor
        # ``min_measure``, against which a real head's second line may look long (and the
        # layout and ``peek`` must agree on what the head is).
        if (
            following
            and (
                len(following) < width * profile.head_wrap_max
                or len(following) < profile.peek_head_wrap_max
            )
            and not profile.paragraph_re.match(following)
            and not _ENDS_CLAUSE.search(following)
        ):
            return 2
    return 1


def _parse_head(raw: str, profile: LayoutProfile) -> RunningHead:
    text = re.sub(r"\s+", " ", raw).strip()
    dated = profile.head_period
    match = profile.head_re.match(text)
    if match:
        return RunningHead(text=text, section=match.group(1), title=match.group(2), dated=dated)
    report = profile.report_head_re.match(text) is not None
    return RunningHead(text=text, section=None, title=None if report else text, dated=dated)


# --- the foot ---------------------------------------------------------------------------------


def _footnote_region(lines: list[_Line], first: int, last: int, profile: LayoutProfile) -> int:
    """Index of the first footnote line, or ``last`` when the page has no footnotes.

    The footnotes are the last run of lines in which every line either opens a footnote
    (number, then the profile's gap: an EN SPACE or two spaces on the web) or continues the
    footnote above it, with the footnote numbers rising one by one (at most
    ``footnote_max_step``). When the profile's labels need a marker, a line opens a footnote
    only if its number stands as a marker in the text above it.
    """
    label = profile.footnote_re
    starts = [i for i in range(first, last) if label.match(lines[i].text)]
    if profile.footnote_needs_marker:
        starts = [
            i
            for i in starts
            if not _DATE_AT_START.match(lines[i].text)
            and _has_marker(lines, first, i, _match_number(lines[i].text, profile), profile)
        ]
    if not starts:
        return last
    # walk back from the last footnote start while the numbers fall by one
    region = starts[-1]
    number = int(_match_number(lines[region].text, profile))
    for i in reversed(starts[:-1]):
        previous = int(_match_number(lines[i].text, profile))
        if not 1 <= number - previous <= profile.footnote_max_step:
            break
        region, number = i, previous
    # a lone "footnote" must not be a body line in disguise: it needs a full line above it
    # to be ended (the body's last line) or to be the start of the foot
    return region


# With an ordinary space as a footnote's gap, a body line wrapped to open with a date
# ('1 October 2001.”') reads like footnote 1 whose text is 'October 2001.”'. A day, a month's
# name and a year are a date in running text; a footnote's text (a document described:
# 'Minute Binns to CJO, 1 October 2001') does not open with a month and a year.
_DATE_AT_START = re.compile(rf"(?:[1-9]|[12]\d|3[01]) +(?:{MONTH_NAMES}) +\d{{4}}\b")


def _match_number(line: str, profile: LayoutProfile) -> str:
    match = profile.footnote_re.match(line)
    assert match is not None
    return match.group(1)


def _has_marker(
    lines: list[_Line], first: int, index: int, number: str, profile: LayoutProfile
) -> bool:
    """Does ``number`` stand as a footnote marker in the lines ``first`` to ``index`` (the
    body above a would-be footnote)? A marker is glued to punctuation, a closing quotation
    mark or a word of four letters or more (``summer.264``, ``FRESCO10``; not ``JAM1``), or
    follows one space after sentence-final punctuation or a closing quotation mark."""
    for line in lines[first:index]:
        if number not in line.text:
            continue  # the cheap test first: most lines do not hold the number at all
        for before, gap, start, end in profile.markers(line.text):
            if line.text[start:end] != number:
                continue
            if gap:
                if before in _AFTER_SPACE:
                    return True
            elif not before.isalpha() or _WORD_BEFORE.search(line.text, 0, start):
                return True
    return False


# After these (sentence-final punctuation, a closing quotation mark), a marker may follow one
# space (``responsible.” 279``); after anything else it is glued.
_AFTER_SPACE = frozenset(".!?…”’\"')]")
_WORD_BEFORE = re.compile(r"(?<![\w\[])[^\W\d_]{4,}$")


def _footnote_blocks(
    lines: list[_Line], body: int, first: int, last: int, profile: LayoutProfile
) -> list[Block]:
    """The footnotes in lines ``first`` to ``last`` (the body starts at line ``body``)."""
    blocks: list[Block] = []
    label = profile.footnote_re
    i = first
    while i < last:
        match = label.match(lines[i].text)
        assert match is not None
        number = int(match.group(1))
        j = i + 1
        while j < last and not _opens_footnote(lines, body, first, j, number, profile):
            j += 1
        end_line = j - 1
        while end_line > i and not lines[end_line].text.strip():
            end_line -= 1
        blocks.append(
            _block(
                BlockKind.FOOTNOTE,
                lines[i],
                lines[end_line],
                n=match.group(1),
                label_end=lines[i].start + match.end(),
            )
        )
        i = j
    return blocks


# --- the body ---------------------------------------------------------------------------------


def _opens_footnote(
    lines: list[_Line], body: int, first: int, index: int, previous: int, profile: LayoutProfile
) -> bool:
    """Does line ``index`` of the foot open a new footnote (after footnote ``previous``)?"""
    match = profile.footnote_re.match(lines[index].text)
    if match is None:
        return False
    if not profile.footnote_needs_marker:
        return True
    if _DATE_AT_START.match(lines[index].text):
        return False
    # with an ordinary space as the gap, a wrapped line may start with a number ('2003 the'):
    # a new note follows the previous one, and has its marker above unless it is the very
    # next number (a note whose marker is on another page)
    step = int(match.group(1)) - previous
    if not 1 <= step <= profile.footnote_max_step:
        return False
    return step == 1 or _has_marker(lines, body, first, match.group(1), profile)


def _body_blocks(
    page: Page,
    lines: Sequence[_Line],
    width: int,
    problems: list[Problem],
    profile: LayoutProfile,
) -> list[Block]:
    """Group body lines into blocks and classify them."""
    table = _table_lines(lines, width, profile)
    groups = _group_lines(lines, width, table, profile)
    return _classify(page, lines, groups, width, table, problems, profile)


def _group_lines(
    lines: Sequence[_Line], width: int, table: set[int], profile: LayoutProfile
) -> list[list[int]]:
    """Group the body's lines (by index) into blocks; every table line stands alone."""
    groups: list[list[int]] = []
    current: list[int] = []
    last_number: str | None = None
    # inside a list (after an introducing colon), a line ending like an item ends a block
    in_list = False
    quotes_open = 0  # opening minus closing double quotation marks in the current block
    paragraph_re = profile.paragraph_re
    for index, line in enumerate(lines):
        text = line.rtext
        if not text:
            if current:
                groups.append(current)
                current = []
            continue
        match = paragraph_re.match(text)  # once per line, for every question below
        if current and (index in table or index - 1 in table):
            groups.append(current)
            current = []
        elif current:
            previous_line = lines[current[-1]]
            opens = _opens_paragraph(match, previous_line, last_number, width, profile)
            after = lines[index + 1].text if index + 1 < len(lines) else None
            if opens or _ends_block(
                previous_line,
                text,
                width,
                profile,
                in_list=in_list,
                open_quote=quotes_open > 0,
                after=after,
            ):
                if previous_line.core.endswith(":"):
                    in_list = not text.startswith(("“", "‘")) or in_list
                groups.append(current)
                current = []
        if not current:
            quotes_open = 0
        if match and (not current) and _opens_paragraph(match, None, last_number, width, profile):
            last_number = match.group(1)
            in_list = False
        current.append(index)
        quotes_open += text.count("“") - text.count("”")
    if current:
        groups.append(current)
    return groups


def _opens_paragraph(
    match: re.Match[str] | None,
    previous: _Line | None,
    last_number: str | None,
    width: int,
    profile: LayoutProfile,
) -> bool:
    """Does the line whose paragraph-label match is ``match`` (``None``: no label) open a
    numbered paragraph, after ``previous`` and paragraph ``last_number``?"""
    if match is None:
        return False
    if match.group("gap") is not None:
        return True  # the layout's own gap (an EN SPACE or two spaces on the web)
    # with a single space, "2003. The ..." could be a sentence wrapped after a year
    ended = (
        previous is None
        or not previous.rtext
        or _ENDS_CLAUSE.search(previous.core) is not None  # core: rtext, marker off
        or previous.length < width * profile.short_line
    )
    if last_number is None:
        return ended and profile.paragraph_single_space == "after-ended-line"
    return ended and profile.follows(last_number, match.group(1))


def _ends_block(
    previous_line: _Line,
    line: str,
    width: int,
    profile: LayoutProfile,
    *,
    in_list: bool,
    open_quote: bool,
    after: str | None,
) -> bool:
    """Does ``previous_line`` end its block, given that ``line`` follows it (and ``after``
    follows ``line``)? ``open_quote`` says a quotation opened in the block is still open."""
    previous = previous_line.length
    if previous < width * profile.short_line:
        return True
    core = previous_line.core
    if core.endswith(":"):
        return True
    if in_list and not open_quote and _ENDS_ITEM.search(core):
        return True
    # a heading line between the end of a paragraph and the start of a numbered one
    if (
        after is not None
        and _ENDS_SENTENCE.search(core)
        and profile.paragraph_re.match(after)
        and _heading_shaped(line, width, profile)
    ):
        return True
    # a long line that ends a sentence, followed by a quotation mark opening the next line
    return bool(
        line.startswith("“")
        and _ENDS_SENTENCE.search(core)
        and previous < width * profile.full_line
    )


class _Mode(Enum):
    """What the classifier is inside: the state its rules read and set."""

    PARAGRAPH = "paragraph"
    QUOTATION = "quotation"
    """Inside a run of quotation blocks (returns to ``_State.outer`` when it ends)."""
    LIST = "list"
    """Inside a list introduced by a colon."""


@dataclass(slots=True)
class _State:
    mode: _Mode = _Mode.PARAGRAPH
    outer: _Mode = _Mode.PARAGRAPH
    """What a quotation returns to when it ends."""
    last_number: str | None = None

    def enter(self, mode: _Mode) -> None:
        """Set both the mode and what a later quotation returns to."""
        self.mode = self.outer = mode


@dataclass(slots=True)
class _Group:
    """One group of body lines, as the classifier's rules see it, with its neighbours."""

    page: Page
    index: int
    group: list[_Line]
    previous: list[_Line] | None
    following: list[_Line] | None
    is_table: bool
    starts_tables: int
    """How many table groups in a row start here (0 unless this one opens a run)."""
    width: int
    profile: LayoutProfile
    problems: list[Problem]
    classified: list[Block]
    """The blocks classified so far on this page."""

    @property
    def first(self) -> _Line:
        return self.group[0]

    @property
    def raw(self) -> str:
        return self.page.text[self.group[0].start : self.group[-1].end]

    @property
    def line(self) -> str:
        return self.group[0].text.strip()

    @property
    def introduced(self) -> bool:
        """Does the block before end with a colon (introducing a quotation or a list)?"""
        if self.previous is None:
            return False
        previous_raw = self.page.text[self.previous[0].start : self.previous[-1].end]
        return bool(previous_raw) and _strip_marker(previous_raw).endswith(":")

    @property
    def quoted(self) -> bool:
        return _OPENING_QUOTE.match(self.line) is not None

    def block(self, kind: BlockKind, **fields: object) -> Block:
        return _block(kind, self.group[0], self.group[-1], **fields)

    def running(self, kind: BlockKind) -> Block:
        """A block of running text (the first on the page continues the page before)."""
        return self.block(kind, continues=self.index == 0)


# The block classifier's rules, in the order they are tried (as ftfy keeps its fixers): each
# takes a group and the classifier's state, and gives the group's block (setting the state
# for the next group) or ``None`` when it does not apply. The last rule always applies. A new
# block shape is a new rule in this table, in its place.
_Rule = Callable[[_Group, _State], "Block | None"]


def _numbered_paragraph(g: _Group, state: _State) -> Block | None:
    """A line opening a numbered paragraph (``563.\u2002``) opens one."""
    first = g.first
    match = g.profile.paragraph_re.match(first.text)
    if match is None or not _opens_paragraph(
        match,
        g.previous[-1] if g.previous is not None else None,
        state.last_number,
        g.width,
        g.profile,
    ):
        return None
    number = match.group(1)
    _check_number(g.page, number, state.last_number, first.start, g.problems, g.profile)
    state.last_number = number
    state.enter(_Mode.PARAGRAPH)
    return g.block(BlockKind.PARAGRAPH, n=number, label_end=first.start + match.end())


def _table_cell(g: _Group, state: _State) -> Block | None:
    """A line of a run of very short lines (``_table_lines``): a flattened table's cell."""
    if not g.is_table:
        return None
    if g.starts_tables:
        g.problems.append(g.page.problem("TK209", str(g.starts_tables), at=g.first.start))
    state.enter(_Mode.PARAGRAPH)
    return g.block(BlockKind.TABLE_CELL)


def _heading(g: _Group, state: _State) -> Block | None:
    """A single short line without closing punctuation, followed by a new block."""
    if not _is_heading(g.group, g.raw, g.width, state, g.following, g.index == 0, g.profile):
        return None
    state.enter(_Mode.PARAGRAPH)
    return g.block(BlockKind.HEADING)


def _introduced_quotation(g: _Group, state: _State) -> Block | None:
    """Opens with a quotation mark after an introducing colon (and does not end like an item)."""
    if not (g.introduced and g.quoted) or _ENDS_ITEM.search(_strip_marker(g.raw)):
        return None
    if state.mode is not _Mode.QUOTATION:
        state.outer = state.mode
    state.mode = _Mode.QUOTATION
    return g.running(BlockKind.QUOTATION)


def _introduced_item(g: _Group, state: _State) -> Block | None:
    """Any other block after an introducing colon opens a list."""
    if not g.introduced:
        return None
    state.enter(_Mode.LIST)
    return g.running(BlockKind.LIST_ITEM)


def _quotation_goes_on(g: _Group, state: _State) -> Block | None:
    """Inside quotations, another block opening with a quotation mark."""
    if state.mode is not _Mode.QUOTATION or not g.quoted:
        return None
    return g.running(BlockKind.QUOTATION)


def _back_to_list(g: _Group, state: _State) -> Block | None:
    """A quotation inside a list ends: the list goes on."""
    if state.mode is not _Mode.QUOTATION or state.outer is not _Mode.LIST:
        return None
    state.mode = _Mode.LIST
    return g.running(BlockKind.LIST_ITEM)


def _list_goes_on(g: _Group, state: _State) -> Block | None:
    """Inside a list, every block is an item until a numbered paragraph or a heading."""
    if state.mode is not _Mode.LIST:
        return None
    return g.running(BlockKind.LIST_ITEM)


def _standalone_quotation(g: _Group, state: _State) -> Block | None:
    """A quoted block ending with its closing quotation mark (or the page's only block that
    continues one from the page before)."""
    if not g.quoted:
        return None
    continues = g.index == 0
    if not (
        (continues and (_ends_closing_quote(g.raw) or g.following is None))
        or (state.mode is _Mode.PARAGRAPH and g.classified and _ends_closing_quote(g.raw))
    ):
        return None
    state.mode, state.outer = _Mode.QUOTATION, _Mode.PARAGRAPH
    return g.running(BlockKind.QUOTATION)


def _unnumbered_paragraph(g: _Group, state: _State) -> Block | None:
    """Anything else: a paragraph without a number (reported unless it continues the page
    before)."""
    state.enter(_Mode.PARAGRAPH)
    if g.index != 0:
        excerpt = " ".join(g.raw.split())
        excerpt = excerpt[:40] + ("…" if len(excerpt) > 40 else "")
        g.problems.append(g.page.problem("TK206", excerpt, at=g.first.start))
    return g.running(BlockKind.PARAGRAPH)


_RULES: tuple[_Rule, ...] = (
    _numbered_paragraph,
    _table_cell,
    _heading,
    _introduced_quotation,
    _introduced_item,
    _quotation_goes_on,
    _back_to_list,
    _list_goes_on,
    _standalone_quotation,
    _unnumbered_paragraph,
)


def _classify(
    page: Page,
    lines: Sequence[_Line],
    line_groups: list[list[int]],
    width: int,
    table: set[int],
    problems: list[Problem],
    profile: LayoutProfile,
) -> list[Block]:
    """Each group's block: the first of ``_RULES`` that applies to it."""
    kinds: list[Block] = []
    groups = [[lines[i] for i in group] for group in line_groups]
    # a group is a table cell when its (single) line is a table line
    tables = [len(group) == 1 and group[0] in table for group in line_groups]
    state = _State()
    count = len(groups)
    for index, group in enumerate(groups):
        is_table = tables[index]
        run = 0
        if is_table and not (index and tables[index - 1]):
            run = 1
            while index + run < count and tables[index + run]:
                run += 1
        g = _Group(
            page,
            index,
            group,
            groups[index - 1] if index else None,
            groups[index + 1] if index + 1 < count else None,
            is_table,
            run,
            width,
            profile,
            problems,
            kinds,
        )
        for rule in _RULES:
            block = rule(g, state)
            if block is not None:
                kinds.append(block)
                break
    return kinds


def _ends_closing_quote(raw: str) -> bool:
    core = _strip_marker(raw)
    return _CLOSING_QUOTE_END.search(core) is not None


def _check_number(
    page: Page,
    number: str,
    last: str | None,
    at: int,
    problems: list[Problem],
    profile: LayoutProfile,
) -> None:
    if last is None:
        return
    key, last_key = profile.paragraph_key(number), profile.paragraph_key(last)
    # the numbers as their keys print them (563, not 0563), as the report gives them
    shown, last_shown = ".".join(map(str, key)), ".".join(map(str, last_key))
    if key <= last_key:
        problems.append(page.problem("TK205", shown, at=at))
    elif not profile.follows(last, number):
        problems.append(page.problem("TK204", f"{last_shown} to {shown}", at=at))


def _heading_shaped(line: str, width: int, profile: LayoutProfile) -> bool:
    """A short line without closing punctuation that starts like a title (a marker after
    the punctuation, ``judged.”264``, does not hide it; ``; and`` ends a list item)."""
    line = line.strip()
    core = _strip_marker(line)
    return bool(
        line
        and len(line) <= width * profile.heading_max
        and not _HEADING_END.search(core)
        and not _ENDS_ITEM.search(core)
        and (line[0].isupper() or line[0].isdigit() or line[0] in "“‘\"'")
    )


def _is_heading(
    group: list[_Line],
    raw: str,
    width: int,
    state: _State,
    following: list[_Line] | None,
    first_on_page: bool,
    profile: LayoutProfile,
) -> bool:
    if len(group) != 1:
        return False
    line = raw.strip()
    if not _heading_shaped(line, width, profile):
        return False
    if _OPENING_QUOTE.match(line) and not _QUOTE_END.search(line) and following is None:
        return False
    if following is None:
        # the last line of a page cut short: a heading if it reads like the start of one
        return (
            not first_on_page and state.mode is _Mode.PARAGRAPH and not _OPENING_QUOTE.match(line)
        )
    next_line = following[0].text
    opens_numbered = profile.paragraph_re.match(next_line) is not None
    if state.mode is not _Mode.PARAGRAPH or first_on_page:
        return opens_numbered
    return True


def _table_lines(lines: Sequence[_Line], width: int, profile: LayoutProfile) -> set[int]:
    """Indexes of lines in runs of very short lines: a table flattened to one cell per line.

    A run cannot start with the last line of a block whose previous line was full (that is a
    paragraph's short last line), nor take in a line that opens a numbered paragraph or ends
    like a list item.
    """
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, _Line(0, 0, "")]):  # a blank line closes a run
        text = line.text.strip()
        short = (
            bool(text)
            and len(text) < width * profile.table_line
            and not profile.paragraph_re.match(text)
            and not _ENDS_ITEM.search(text)
        )
        if short and not run and index > 0:
            previous = lines[index - 1]
            if previous.length >= width * profile.short_line and not _ENDS_CLAUSE.search(
                previous.core
            ):
                short = False  # the short last line of a paragraph
        if short:
            run.append(index)
            continue
        if len(run) >= profile.table_min_lines:
            found.update(run)
        run = []
    return found


def peek(
    page: Page, profile: LayoutProfile = DEFAULT_PROFILE
) -> tuple[RunningHead | None, str | None]:
    """The running head and printed page number of ``page``, read cheaply from its edges
    (enough to group pages into sections before converting them)."""
    is_navigation = profile.is_navigation
    lines = [line for line in page.text.split("\n") if line.strip()]
    after_nav = bool(lines) and (is_navigation(lines[0]) or profile.head_at_page_top)
    while lines and is_navigation(lines[0]):
        lines = lines[1:]
    closing_navs = 0
    while len(lines) > closing_navs and is_navigation(lines[-1 - closing_navs]):
        closing_navs += 1
    if closing_navs > 1:
        lines = lines[: 1 - closing_navs]  # keep one, which the page number is read before
    paragraph = profile.paragraph_re
    head: RunningHead | None = None
    if lines:
        line = lines[0].strip()
        if profile.head_re.match(line) or (
            after_nav
            and not paragraph.match(line)
            and not _ENDS_CLAUSE.search(line)
            and len(line) <= profile.peek_head_max
        ):
            raw = line
            if len(lines) > 1 and _HEAD_CONNECTOR.search(line):
                following = lines[1].strip()
                if (
                    len(following) < profile.peek_head_wrap_max
                    and not paragraph.match(following)
                    and not (_ENDS_CLAUSE.search(following))
                ):
                    raw = f"{line} {following}"
            head = _parse_head(raw, profile)
    number: str | None = None
    if profile.page_number_at == "none":
        return head, number
    if profile.page_complete == "navigation":
        if len(lines) >= 2 and is_navigation(lines[-1]):
            match = profile.page_number_re.match(lines[-2])
            if match:
                number = match.group(1)
    elif len(lines) >= 2:
        match = profile.page_number_re.match(lines[-1])
        if match:
            number = match.group(1)
    return head, number
