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
   numbered paragraph or a heading; the last is unfinished unless it ends a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from teikit.errors import Problem
from teikit.model import SPACE, Block, BlockKind, PageLayout, RunningHead
from teikit.read import NAVIGATION_LINE, Page

_SECTION_HEAD = re.compile(rf"^(\d+(?:\.\d+)*){SPACE}*\|{SPACE}*(\S.*?){SPACE}*$")
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
# A numbered paragraph: number, full stop, then an EN/EM SPACE or two spaces (the layout's
# separator); a single space is accepted only when the number follows on from the last one.
_PARAGRAPH_START = re.compile(r"^(\d{1,4})\.([\u2002\u2003] ?| {2,}| (?=\S))")
_FOOTNOTE_START = re.compile(r"^(\d{1,4})([\u2002\u2003] ?| {2,})(?=[^\s|])")
_OPENING_QUOTE = re.compile(r"^[“‘\"']")
# A trailing footnote marker, glued (``doing so.”264``) or after one space, is not part of how
# a line ends: ``so.”`` ends a sentence whatever number follows it.
_TRAILING_MARKER = re.compile(r"(?<=[^\s\d])\s?\d{1,4}$")
_ENDS_CLAUSE = re.compile(r"(?:[.:;?!…”’\"')\]]|; and|; or|, and|, or)$")
_ENDS_SENTENCE = re.compile(r"(?:[.?!…][”’\"')\]]?|[”’\"'][.?!])$")
_ENDS_ITEM = re.compile(r"(?:;|; and|; or|, and|, or)$")
_HEAD_CONNECTOR = re.compile(r"(?:\b(?:to|and|of|the|for|in|on|a|an|with)|[,–-])$")
_HEADING_END = re.compile(r"[.:;,?!…]$|[.?!…][”’\"']$")

#: A line shorter than this share of the page's measure ends its block.
SHORT_LINE = 0.8
#: Lines shorter than this share of the measure, four or more in a row, are a flattened table.
TABLE_LINE = 0.45
TABLE_MIN_LINES = 4


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str
    rtext: str = ""
    """``text`` without trailing whitespace (empty for a blank line)."""
    core: str = ""
    """``rtext`` without a trailing footnote marker: how the line ends, for the rules."""


def parse_layout(page: Page, *, problems: list[Problem] | None = None) -> PageLayout:
    """Find the blocks of ``page``; oddities go to ``problems`` (when given).

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
    lines = _lines(text)
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
    has_top_nav = first < last and _is_navigation(lines[first].text)
    while first < last and _is_navigation(lines[first].text):
        top_blocks.append(_block(BlockKind.NAVIGATION, lines[first], lines[first]))
        navigation += 1
        first += 1
        while first < last and not lines[first].text.strip():
            first += 1
    has_bottom_nav = last > first and _is_navigation(lines[last - 1].text)
    while last > first and _is_navigation(lines[last - 1].text):
        bottom_blocks.insert(0, _block(BlockKind.NAVIGATION, lines[last - 1], lines[last - 1]))
        navigation += 1
        last -= 1
        while last > first and not lines[last - 1].text.strip():
            last -= 1

    width = _measure(lines[first:last])  # refined below, once the foot is known
    if first < last:
        head_lines = _running_head(lines, first, last, has_top_nav, width)
        if head_lines:
            head_first, head_last = lines[first], lines[first + head_lines - 1]
            top_blocks.append(_block(BlockKind.RUNNING_HEAD, head_first, head_last))
            layout.head = _parse_head(text[head_first.start : head_last.end])
            if head_lines > 1:
                found.append(page.problem("TK213", layout.head.text, at=head_first.start))
            first += head_lines
    if layout.head is None:
        found.append(page.problem("TK207"))

    # 2. the foot: page number, footnotes ---------------------------------------------------
    while last > first and not lines[last - 1].text.strip():
        last -= 1
    page_number_line: _Line | None = None
    if last > first and has_bottom_nav:
        match = _PAGE_NUMBER.match(lines[last - 1].text)
        if match:
            page_number_line = lines[last - 1]
            layout.page_number = match.group(1)
            last -= 1
    footnotes_from = _footnote_region(lines, first, last)
    if page_number_line is None and not has_bottom_nav and footnotes_from < last:
        # a page cut short after its footnotes may still end with its printed number
        match = _PAGE_NUMBER.match(lines[last - 1].text)
        if match and last - 1 > footnotes_from:
            page_number_line = lines[last - 1]
            layout.page_number = match.group(1)
            last -= 1
    footnote_blocks = _footnote_blocks(lines, footnotes_from, last)
    width = _measure(lines[first:footnotes_from])

    # 3 and 4. the body -----------------------------------------------------------------------
    body = _body_blocks(page, lines[first:footnotes_from], width, found)

    layout.cut_short = not has_bottom_nav
    if layout.cut_short:
        missing = [
            what
            for what, absent in (
                ("no footnotes", not footnote_blocks),
                ("no page number", page_number_line is None),
                ("no closing navigation line", True),
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


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    # what the rules ask of every line is worked out once here, not at each question
    for piece in text.split("\n"):
        rtext = piece.rstrip()
        core = _strip_marker(rtext) if rtext else ""
        lines.append(_Line(start, start + len(piece), piece, rtext, core))
        start += len(piece) + 1
    return lines


def _measure(lines: Sequence[_Line]) -> int:
    """The page's measure: the length of a full line (the 80th percentile of the lines that
    are at least half as long as the longest, so that table cells do not pull it down)."""
    lengths = sorted([len(line.rtext) for line in lines])
    if not lengths or not lengths[-1]:
        return 80
    # the lines at least half as long as the longest (blank ones, of length 0, among the rest)
    lengths = lengths[bisect.bisect_left(lengths, lengths[-1] / 2) :]
    return max(60, lengths[min(len(lengths) - 1, (len(lengths) * 4) // 5)])


def _is_navigation(line: str) -> bool:
    return line.strip() == NAVIGATION_LINE


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
    stripped = _TRAILING_MARKER.sub("", line)
    return stripped if stripped else line


def _ends_clause(line: str) -> bool:
    return _ENDS_CLAUSE.search(_strip_marker(line)) is not None


def _ends_sentence(text: str) -> bool:
    return _ENDS_SENTENCE.search(_strip_marker(text)) is not None


# --- running head -----------------------------------------------------------------------------


def _running_head(lines: list[_Line], first: int, last: int, after_nav: bool, width: int) -> int:
    """How many lines, from ``first``, the running head takes (0, 1 or 2)."""
    line = lines[first].text.strip()
    if _PARAGRAPH_START.match(line) or _FOOTNOTE_START.match(line):
        return 0
    section = _SECTION_HEAD.match(line)
    if section is None and not after_nav:
        return 0
    if section is None and (_ENDS_CLAUSE.search(line) or len(line) > width * 0.75):
        return 0  # a body line, not a bare section title
    if first + 1 < last and _HEAD_CONNECTOR.search(line):
        following = lines[first + 1].text.strip()
        if (
            following
            and len(following) < width * 0.6
            and not _PARAGRAPH_START.match(following)
            and not _ENDS_CLAUSE.search(following)
        ):
            return 2
    return 1


def _parse_head(raw: str) -> RunningHead:
    text = re.sub(r"\s+", " ", raw).strip()
    match = _SECTION_HEAD.match(text)
    if match:
        return RunningHead(text=text, section=match.group(1), title=match.group(2))
    return RunningHead(text=text, section=None, title=None if _is_report_title(text) else text)


def _is_report_title(text: str) -> bool:
    return text.lower().startswith("the report of")


# --- the foot ---------------------------------------------------------------------------------


def _footnote_region(lines: list[_Line], first: int, last: int) -> int:
    """Index of the first footnote line, or ``last`` when the page has no footnotes.

    The footnotes are the last run of lines in which every line either opens a footnote
    (number, then an EN SPACE or two spaces) or continues the footnote above it, with the
    footnote numbers rising one by one.
    """
    starts = [i for i in range(first, last) if _FOOTNOTE_START.match(lines[i].text)]
    if not starts:
        return last
    # walk back from the last footnote start while the numbers fall by one
    region = starts[-1]
    number = int(_match_number(lines[region].text))
    for i in reversed(starts[:-1]):
        previous = int(_match_number(lines[i].text))
        if not 1 <= number - previous <= 5:
            break
        region, number = i, previous
    # a lone "footnote" must not be a body line in disguise: it needs a full line above it
    # to be ended (the body's last line) or to be the start of the foot
    return region


def _match_number(line: str) -> str:
    match = _FOOTNOTE_START.match(line)
    assert match is not None
    return match.group(1)


def _footnote_blocks(lines: list[_Line], first: int, last: int) -> list[Block]:
    blocks: list[Block] = []
    i = first
    while i < last:
        match = _FOOTNOTE_START.match(lines[i].text)
        assert match is not None
        j = i + 1
        while j < last and not _FOOTNOTE_START.match(lines[j].text):
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


def _body_blocks(
    page: Page, lines: Sequence[_Line], width: int, problems: list[Problem]
) -> list[Block]:
    """Group body lines into blocks and classify them."""
    table = _table_lines(lines, width)
    groups = _group_lines(lines, width, table)
    return _classify(page, lines, groups, width, table, problems)


def _group_lines(lines: Sequence[_Line], width: int, table: set[int]) -> list[list[int]]:
    """Group the body's lines (by index) into blocks; every table line stands alone."""
    groups: list[list[int]] = []
    current: list[int] = []
    last_number: int | None = None
    # inside a list (after an introducing colon), a line ending like an item ends a block
    in_list = False
    quotes_open = 0  # opening minus closing double quotation marks in the current block
    for index, line in enumerate(lines):
        text = line.rtext
        if not text:
            if current:
                groups.append(current)
                current = []
            continue
        if current and (index in table or index - 1 in table):
            groups.append(current)
            current = []
        elif current:
            previous_line = lines[current[-1]]
            previous = previous_line.rtext
            opens = _opens_paragraph(text, previous, last_number, width)
            after = lines[index + 1].text if index + 1 < len(lines) else None
            if opens or _ends_block(
                previous_line,
                text,
                width,
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
        match = _PARAGRAPH_START.match(text)
        if match and (not current) and _opens_paragraph(text, "", last_number, width):
            last_number = int(match.group(1))
            in_list = False
        current.append(index)
        quotes_open += text.count("“") - text.count("”")
    if current:
        groups.append(current)
    return groups


def _opens_paragraph(line: str, previous: str, last_number: int | None, width: int) -> bool:
    match = _PARAGRAPH_START.match(line)
    if match is None:
        return False
    if match.group(2).strip(" ") or len(match.group(2)) >= 2:
        return True  # EN SPACE or two spaces: the layout's own separator
    number = int(match.group(1))
    # with a single space, "2003. The ..." could be a sentence wrapped after a year
    follows_on = last_number is not None and number == last_number + 1
    ended = not previous or _ends_clause(previous) or len(previous) < width * SHORT_LINE
    return follows_on and ended


def _ends_block(
    previous_line: _Line,
    line: str,
    width: int,
    *,
    in_list: bool,
    open_quote: bool,
    after: str | None,
) -> bool:
    """Does ``previous_line`` end its block, given that ``line`` follows it (and ``after``
    follows ``line``)? ``open_quote`` says a quotation opened in the block is still open."""
    previous = previous_line.rtext
    if len(previous) < width * SHORT_LINE:
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
        and _PARAGRAPH_START.match(after)
        and _heading_shaped(line, width)
    ):
        return True
    # a long line that ends a sentence, followed by a quotation mark opening the next line
    return bool(
        line.startswith("“") and _ENDS_SENTENCE.search(core) and len(previous) < width * 0.95
    )


@dataclass(slots=True)
class _State:
    mode: str = "para"  # "para" | "quote" | "list"
    outer: str = "para"  # what a quotation returns to when it ends
    last_number: int | None = None


def _classify(
    page: Page,
    lines: Sequence[_Line],
    line_groups: list[list[int]],
    width: int,
    table: set[int],
    problems: list[Problem],
) -> list[Block]:
    text = page.text
    kinds: list[Block] = []
    groups = [[lines[i] for i in group] for group in line_groups]
    # a group is a table cell when its (single) line is a table line
    tables = {n for n, group in enumerate(line_groups) if len(group) == 1 and group[0] in table}
    state = _State()
    for index, group in enumerate(groups):
        first, last = group[0], group[-1]
        raw = text[first.start : last.end]
        line = first.text.strip()
        previous_raw = text[groups[index - 1][0].start : groups[index - 1][-1].end] if index else ""
        introduced = bool(previous_raw) and _strip_marker(previous_raw).endswith(":")
        following = groups[index + 1] if index + 1 < len(groups) else None

        match = _PARAGRAPH_START.match(first.text)
        if match and _opens_paragraph(
            first.text, _last_line(previous_raw), state.last_number, width
        ):
            number = int(match.group(1))
            _check_number(page, number, state.last_number, first.start, problems)
            state.last_number = number
            state.mode = state.outer = "para"
            kinds.append(
                _block(
                    BlockKind.PARAGRAPH,
                    first,
                    last,
                    n=match.group(1),
                    label_end=first.start + match.end(),
                )
            )
            continue
        if index in tables:
            if index - 1 not in tables:
                size = 1
                while index + size in tables:
                    size += 1
                problems.append(page.problem("TK209", str(size), at=first.start))
            kinds.append(_block(BlockKind.TABLE_CELL, first, last))
            state.mode = state.outer = "para"
            continue
        if _is_heading(group, raw, width, state, following, text, index == 0):
            kinds.append(_block(BlockKind.HEADING, first, last))
            state.mode = state.outer = "para"
            continue
        continues = index == 0
        quoted = _OPENING_QUOTE.match(line) is not None
        item_like = _ENDS_ITEM.search(_strip_marker(raw)) is not None
        if introduced and quoted and not item_like:
            kind = BlockKind.QUOTATION
            state.outer = state.mode if state.mode != "quote" else state.outer
            state.mode = "quote"
        elif introduced:
            kind = BlockKind.LIST_ITEM
            state.mode = state.outer = "list"
        elif state.mode == "quote" and quoted:
            kind = BlockKind.QUOTATION
        elif state.mode == "quote" and state.outer == "list":
            kind = BlockKind.LIST_ITEM
            state.mode = "list"
        elif state.mode == "list":
            kind = BlockKind.LIST_ITEM
        elif (continues and quoted and (_ends_closing_quote(raw) or following is None)) or (
            quoted and state.mode == "para" and kinds and _ends_closing_quote(raw)
        ):
            kind = BlockKind.QUOTATION
            state.mode, state.outer = "quote", "para"
        else:
            kind = BlockKind.PARAGRAPH
            state.mode = state.outer = "para"
            if not continues:
                excerpt = " ".join(raw.split())
                excerpt = excerpt[:40] + ("…" if len(excerpt) > 40 else "")
                problems.append(page.problem("TK206", excerpt, at=first.start))
        kinds.append(_block(kind, first, last, continues=continues))
    return kinds


def _last_line(raw: str) -> str:
    return raw.rsplit("\n", 1)[-1].rstrip()


def _ends_closing_quote(raw: str) -> bool:
    core = _strip_marker(raw)
    return bool(re.search(r"[”’\"'][.,;:]?$|[.?!…][”’]$", core))


def _check_number(
    page: Page, number: int, last: int | None, at: int, problems: list[Problem]
) -> None:
    if last is None:
        return
    if number <= last:
        problems.append(page.problem("TK205", str(number), at=at))
    elif number > last + 1:
        problems.append(page.problem("TK204", f"{last} to {number}", at=at))


def _heading_shaped(line: str, width: int) -> bool:
    """A short line without closing punctuation that starts like a title (a marker after
    the punctuation, ``judged.”264``, does not hide it; ``; and`` ends a list item)."""
    line = line.strip()
    core = _strip_marker(line)
    return bool(
        line
        and len(line) <= width * 0.75
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
    text: str,
    first_on_page: bool,
) -> bool:
    if len(group) != 1:
        return False
    line = raw.strip()
    if not _heading_shaped(line, width):
        return False
    if _OPENING_QUOTE.match(line) and not re.search(r"[”’\"']$", line) and following is None:
        return False
    if following is None:
        # the last line of a page cut short: a heading if it reads like the start of one
        return not first_on_page and state.mode == "para" and not _OPENING_QUOTE.match(line)
    next_line = following[0].text
    opens_numbered = _PARAGRAPH_START.match(next_line) is not None
    if state.mode in ("list", "quote") or first_on_page:
        return opens_numbered
    return True


def _table_lines(lines: Sequence[_Line], width: int) -> set[int]:
    """Indexes of lines in runs of very short lines: a table flattened to one cell per line.

    A run cannot start with the last line of a block whose previous line was full (that is a
    paragraph's short last line), nor take in a line that opens a numbered paragraph or ends
    like a list item.
    """
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, _Line(0, 0, "")]):
        text = line.text.strip()
        short = (
            bool(text)
            and len(text) < width * TABLE_LINE
            and not _PARAGRAPH_START.match(text)
            and not _ENDS_ITEM.search(text)
        )
        if short and not run and index > 0:
            previous = lines[index - 1]
            if len(previous.rtext) >= width * SHORT_LINE and not _ENDS_CLAUSE.search(previous.core):
                short = False  # the short last line of a paragraph
        if short:
            run.append(index)
            continue
        if len(run) >= TABLE_MIN_LINES:
            found.update(run)
        run = []
    return found


def peek(page: Page) -> tuple[RunningHead | None, str | None]:
    """The running head and printed page number of ``page``, read cheaply from its edges
    (enough to group pages into sections before converting them)."""
    lines = [line for line in page.text.split("\n") if line.strip()]
    after_nav = bool(lines) and _is_navigation(lines[0])
    while lines and _is_navigation(lines[0]):
        lines = lines[1:]
    closing_navs = 0
    while len(lines) > closing_navs and _is_navigation(lines[-1 - closing_navs]):
        closing_navs += 1
    if closing_navs > 1:
        lines = lines[: 1 - closing_navs]  # keep one, which the page number is read before
    head: RunningHead | None = None
    if lines:
        line = lines[0].strip()
        if _SECTION_HEAD.match(line) or (
            after_nav
            and not _PARAGRAPH_START.match(line)
            and not _ENDS_CLAUSE.search(line)
            and len(line) <= 60
        ):
            raw = line
            if len(lines) > 1 and _HEAD_CONNECTOR.search(line):
                following = lines[1].strip()
                if (
                    len(following) < 50
                    and not _PARAGRAPH_START.match(following)
                    and not (_ENDS_CLAUSE.search(following))
                ):
                    raw = f"{line} {following}"
            head = _parse_head(raw)
    number: str | None = None
    if len(lines) >= 2 and _is_navigation(lines[-1]):
        match = _PAGE_NUMBER.match(lines[-2])
        if match:
            number = match.group(1)
    return head, number
