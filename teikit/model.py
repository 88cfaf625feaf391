"""The vocabulary every stage speaks.

A page's text is read once and never rewritten (spaCy's ``Doc``): every later stage describes it
with offsets. :class:`Block` is a layout region of the page, :class:`Span` an annotation inside
it (a footnote marker, a person, a date). Only :mod:`teikit.tei` turns offsets into elements.

These are slotted frozen dataclasses because the conversion path makes tens of thousands of
them a second; the user-facing results (:mod:`teikit.report`) are pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    """What a region of a page is, as the page layout shows it."""

    NAVIGATION = "navigation"
    """``Previous page | Contents | Next page``: not content, dropped and reported."""
    RUNNING_HEAD = "running-head"
    """``9.6 | 27 June 2007 to April 2008`` or ``The Report of the Iraq Inquiry``."""
    PARAGRAPH = "paragraph"
    """A numbered paragraph (``563.``) or an unnumbered one."""
    QUOTATION = "quotation"
    """A block quotation paragraph; belongs to the paragraph before it."""
    LIST_ITEM = "list-item"
    """One item of a (bulleted) list; belongs to the paragraph before it."""
    HEADING = "heading"
    """A heading line: opens a new ``div``."""
    TABLE_CELL = "table-cell"
    """One line of a table flattened to one cell per line."""
    FOOTNOTE = "footnote"
    """A footnote at the foot of the page, possibly wrapped over several lines."""
    PAGE_NUMBER = "page-number"
    """The printed page number."""


#: The kinds that hold the page's running text: what the TEI body is made of, what footnote
#: markers are looked for in, and (with :attr:`BlockKind.FOOTNOTE`) what entities are read in.
#: Navigation, running head and page number are furniture.
BODY_KINDS = frozenset(
    {
        BlockKind.PARAGRAPH,
        BlockKind.QUOTATION,
        BlockKind.LIST_ITEM,
        BlockKind.HEADING,
        BlockKind.TABLE_CELL,
    }
)

#: The kinds that hold the text entities are read in: the running text and the footnotes.
TEXT_KINDS = BODY_KINDS | {BlockKind.FOOTNOTE}

#: The kinds that belong to the paragraph before them (a quotation or a list it introduces):
#: the TEI nests them in that paragraph.
ATTACHED_KINDS = frozenset({BlockKind.QUOTATION, BlockKind.LIST_ITEM})

#: The kinds that open a new paragraph of the text (unless they continue the page before):
#: what a quotation or a list cannot run on into.
OPENING_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.HEADING})

#: The spaces the report's pages set between words (ordinary, no-break, en, em, thin): the
#: entity stage reads each as a space, and a layout profile's ``spaces`` must be among them.
#: The one definition of a space; a stage that needs a space pattern builds it from these
#: (:data:`SPACE`), never from a list of its own.
SPACES = " \u00a0\u2002\u2003\u2009"
#: :data:`SPACES` as one regular-expression character class, so that stages agree on what a
#: space is.
SPACE = f"[{SPACES}]"
#: The wide spaces (EN, EM) of :data:`SPACES` that a layout sets after a paragraph's or a
#: footnote's number, where a plain space would be an ordinary word space.
WIDE_SPACES = "\u2002\u2003"
#: The months' names in English, January first, as one regular-expression alternation: the
#: date recogniser reads them, and the layout knows a line opening with a date by them.
MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)


@dataclass(frozen=True, slots=True)
class Block:
    """A region ``text[start:end]`` of a page, without its trailing newline.

    ``label_end`` marks the end of a label the encoding turns into an attribute (``563.`` of a
    numbered paragraph, ``264`` of a footnote); content starts at :attr:`content_start`.
    ``continues`` says the block carries on from the previous page; ``unfinished`` that it
    carries on onto the next one.
    """

    kind: BlockKind
    start: int
    end: int
    n: str | None = None
    label_end: int | None = None
    continues: bool = False
    unfinished: bool = False

    @property
    def content_start(self) -> int:
        """Where the block's text starts once its label is taken off."""
        if self.label_end is None:
            return self.start
        return self.label_end


@dataclass(frozen=True, slots=True)
class Span:
    """An annotation ``text[start:end]`` of a page, e.g. a person, a date or a note marker.

    ``label`` is the TEI element it becomes (``persName``, ``roleName``, ``date``, ``orgName``,
    ``placeName``); ``attrs`` are its attributes in a fixed order, so output is stable.
    """

    start: int
    end: int
    label: str
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str) -> str | None:
        """The value of attribute ``name``, or ``None``."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Marker:
    """A footnote reference ``text[start:end]`` in the page's body, e.g. the ``264`` of
    ``summer.264``; ``note`` is the index of its footnote block in the page's blocks, or
    ``None`` when the page holds no footnote with that number."""

    start: int
    end: int
    n: str
    note: int | None


@dataclass(frozen=True, slots=True)
class RunningHead:
    """What a page's running head says: a section number and title, or the report title."""

    text: str
    section: str | None = None
    title: str | None = None
    dated: bool = True
    """The title names the section's period (``27 June 2007 to April 2008``), which the dates
    stage reads for the year of a yearless date; the layout profile says whether it does."""


@dataclass(slots=True)
class PageLayout:
    """Everything the layout and footnote stages found on one page."""

    blocks: list[Block] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    head: RunningHead | None = None
    page_number: str | None = None
    cut_short: bool = False
    navigation_lines: int = 0
