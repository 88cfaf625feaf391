"""Blocks + spans -> a TEI ``body``: the only place where offsets become elements.

The builder walks the pages of one document in order and keeps a small cursor: the current
``div``, the paragraph that quotations and list items attach to, and the innermost element a
block continued on the next page will carry on in. Every character of a block's content is
written once, through :meth:`_Writer.text` (the one text/tail helper), so nothing is lost.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from teikit.model import BODY_KINDS, Block, BlockKind, Marker, PageLayout, Span
from teikit.options import ConvertOptions
from teikit.read import Page
from teikit.tei.ids import IdMaker
from teikit.xmlnames import NSMAP, XML_ID, T

Element = etree._Element

# A hyphen at a line end joins the word across the line (the hyphen itself is kept).
_HYPHENS = frozenset("-\u2010\u00ad")
_HYPHEN_BREAK = re.compile("[-\u2010\u00ad]\n")


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page as the builder needs it: text, layout, entity spans, and whether it carries
    on from the page before it in this document (so split blocks are joined)."""

    page: Page
    layout: PageLayout
    spans: Sequence[Span] = ()
    joins_previous: bool = False


@dataclass(slots=True)
class _Cursor:
    div: Element
    container: Element | None = None
    """The paragraph (or list item) that quotations and list items attach to."""
    open_inner: Element | None = None
    """Where text continued from this page onto the next one carries on."""
    open_outer: Element | None = None
    """The outermost element of the unfinished block, which gets ``part="I"``."""
    table: Element | None = None
    foot: list[Element] | None = None
    """The previous page's foot (orphan notes, page number), placed once it is known whether
    the next page carries on inside the unfinished block or not."""
    item: Element | None = None
    """The list item a following quotation belongs to (an item that ends with a colon)."""


class _Pending:
    """Text waiting to be written where the next text of ``parent`` goes: the tail of
    ``after`` (a child just made, whose tail is still empty), or, when ``after`` is ``None``,
    ``parent``'s own content (its text, or its last child's tail). Gathered in Python and
    given to lxml in one assignment by :meth:`flush`, which runs before ``parent`` gets a new
    child."""

    __slots__ = ("after", "empty", "parent", "pending")

    def __init__(self, parent: Element) -> None:
        self.parent = parent
        self.after: Element | None = None
        self.empty = False
        """``parent`` is known to be new and empty: its text is set, not appended to."""
        self.pending: list[str] = []

    def flush(self) -> None:
        if self.pending:
            value = "".join(self.pending)
            self.pending.clear()
            if self.after is not None:
                self.after.tail = value
            elif self.empty:
                self.parent.text = value
            else:
                _Writer.text(self.parent, value)

    def child(self, tag: str) -> Element:
        """A new last child of ``parent``; the text after it goes to its tail."""
        self.flush()
        element = etree.SubElement(self.parent, tag)
        self.after = element
        return element

    def adopt(self, element: Element) -> None:
        """Append ``element`` (out of the tree, no tail) as ``parent``'s new last child."""
        self.flush()
        self.parent.append(element)
        self.after = element

    def enter(self, element: Element) -> None:
        """Write inside ``element`` (new and empty) from now on."""
        self.parent, self.after, self.empty = element, None, True

    def leave(self, element: Element, parent: Element) -> None:
        """``element`` is finished: the text after it is its tail in ``parent``."""
        self.flush()
        self.parent, self.after, self.empty = parent, element, False


class _Writer:
    """Writes a range of page text into an element: spans become elements, footnote markers
    become notes, and line ends are joined or kept as ``<lb/>``."""

    def __init__(
        self,
        page: Page,
        layout: PageLayout,
        spans: Sequence[Span],
        options: ConvertOptions,
        ids: IdMaker,
        notes: dict[str, Element],
    ) -> None:
        self.text_of = page.text
        self.layout = layout
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.span_starts = [s.start for s in self.spans]
        self.markers: list[Marker] = sorted(layout.markers, key=lambda m: m.start)
        self.marker_starts = [m.start for m in self.markers]
        self.keep_lines = options.line_breaks == "keep"
        self.hyphen_breaks = [m.end() - 1 for m in _HYPHEN_BREAK.finditer(page.text)]
        self.ids = ids
        self.notes = notes
        """The document's notes so far, by number: a marker and its footnote read on two
        pages (a page cut short by the scrape) become one note."""

    # -- the one text/tail helper ------------------------------------------------------------

    @staticmethod
    def text(parent: Element, value: str) -> None:
        """Append ``value`` to ``parent``'s content: its text, or its last child's tail."""
        if not value:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + value
        else:
            parent.text = (parent.text or "") + value

    # -- ranges ------------------------------------------------------------------------------

    def fill(self, parent: Element, start: int, end: int) -> None:
        """Write ``text[start:end]`` into ``parent`` with its spans and markers.

        One pass over the range: spans open and close on a stack (they nest: the entity stage
        guarantees it, and a span that would cross the end of the one around it is left as
        plain text), and the text between two boundaries is gathered in Python and handed to
        lxml once per text or tail, not once per line.
        """
        lo = bisect.bisect_left(self.span_starts, start)
        hi = bisect.bisect_left(self.span_starts, end)
        out = _Pending(parent)
        # most ranges hold no footnote marker: their text goes straight to the line handling
        marker = bisect.bisect_left(self.marker_starts, start)
        has_markers = marker < len(self.markers) and self.marker_starts[marker] < end
        plain = self._plain if has_markers else self._lines
        stack: list[tuple[Element, int]] = [(parent, end)]
        position = start
        for span in self.spans[lo:hi]:
            if span.end > end:
                continue
            while span.start >= stack[-1][1]:
                element, element_end = stack.pop()
                plain(out, position, element_end)
                position = element_end
                out.leave(element, stack[-1][0])
            if span.end > stack[-1][1]:
                continue  # crosses the end of the span around it: plain text
            plain(out, position, span.start)
            position = span.start
            element = out.child(T + span.label)
            if span.attrs:
                element.attrib.update(span.attrs)
            stack.append((element, span.end))
            out.enter(element)
        while len(stack) > 1:
            element, element_end = stack.pop()
            plain(out, position, element_end)
            position = element_end
            out.leave(element, stack[-1][0])
        plain(out, position, end)
        out.flush()

    def _plain(self, out: _Pending, start: int, end: int) -> None:
        """Text without spans: footnote markers become notes, line ends are handled."""
        if start >= end:
            return
        if self.markers:  # always, but for the ranges fill() knows to hold no marker
            lo = bisect.bisect_left(self.marker_starts, start)
            for marker in self.markers[lo:]:
                if marker.start >= end:
                    break
                self._lines(out, start, marker.start)
                earlier = self._unanchored(marker)
                if earlier is None:
                    self._note(out.child(T + "note"), marker)
                else:  # its footnote came earlier in the document: it moves here
                    out.flush()
                    _detach(earlier)
                    del earlier.attrib["anchored"]
                    out.adopt(earlier)
                start = marker.end
        self._lines(out, start, end)

    def _lines(self, out: _Pending, start: int, end: int) -> None:
        if start >= end:
            return
        text = self.text_of
        chunk = text[start:end]
        if "\n" not in chunk:
            out.pending.append(chunk)
            return
        if not self.keep_lines:
            # joined: a line end is a space, or nothing after a hyphen (the page's
            # hyphenated line ends are found once, in __init__)
            lo = bisect.bisect_left(self.hyphen_breaks, start)
            if lo == len(self.hyphen_breaks) or self.hyphen_breaks[lo] >= end:
                out.pending.append(chunk.replace("\n", " "))
                return
        position = start
        while position < end:
            newline = text.find("\n", position, end)
            if newline < 0:
                out.pending.append(text[position:end])
                return
            out.pending.append(text[position:newline])
            hyphen = newline > 0 and text[newline - 1] in _HYPHENS
            if self.keep_lines:
                lb = out.child(T + "lb")
                if hyphen:
                    lb.set("break", "no")
            elif not hyphen:
                out.pending.append(" ")
            position = newline + 1

    def _unanchored(self, marker: Marker) -> Element | None:
        """The note of ``marker`` read earlier in the document without its marker (a page cut
        short by the scrape puts a marker and its footnote on two pages), if there is one."""
        earlier = self.notes.get(marker.n)
        if marker.note is None and earlier is not None and earlier.get("anchored") == "false":
            return earlier
        return None

    def _note(self, note: Element, marker: Marker) -> None:
        note.set("place", "foot")
        note.set("n", marker.n)
        note.set(XML_ID, self.ids.note(marker.n))
        self.notes.setdefault(marker.n, note)
        if marker.note is None:
            note.set("type", "missing")
            return
        block = self.layout.blocks[marker.note]
        self.fill(note, block.content_start, block.end)

    def orphan_note(self, parent: Element, block: Block) -> None:
        """A footnote whose marker is not on the page: kept, at the end of the page, with
        TEI's ``anchored="false"`` (the text does not show where it refers to)."""
        earlier = self.notes.get(block.n or "")
        if earlier is not None and earlier.get("type") == "missing" and not _has_text(earlier):
            # its marker came earlier in the document without a footnote: this is its text
            del earlier.attrib["type"]
            self.fill(earlier, block.content_start, block.end)
            return
        note = etree.SubElement(parent, T + "note")
        self.notes.setdefault(block.n or "", note)
        note.set("place", "foot")
        note.set("n", block.n or "")
        note.set(XML_ID, self.ids.note(block.n or "x"))
        note.set("anchored", "false")
        self.fill(note, block.content_start, block.end)


class BodyBuilder:
    """Builds the ``body`` of one TEI document from its pages, in order.

    >>> from teikit.read import read_text
    >>> from teikit.layout import parse_layout
    >>> page = read_text("7.\\u2002A short paragraph.")[0]
    >>> builder = BodyBuilder(ConvertOptions())
    >>> builder.add(PageInput(page, parse_layout(page)))
    >>> body = builder.finish()
    >>> etree.tostring(body.find(".//{*}p"), encoding="unicode")
    '<p xmlns="http://www.tei-c.org/ns/1.0" n="7" part="I">A short paragraph.</p>'
    """

    def __init__(self, options: ConvertOptions, ids: IdMaker | None = None) -> None:
        self.options = options
        self.ids = ids or IdMaker()
        self.body = etree.Element(T + "body", nsmap=NSMAP)
        self.cursor = _Cursor(div=etree.SubElement(self.body, T + "div"))
        self._writer: _Writer | None = None
        self._notes: dict[str, Element] = {}
        self._separator = "" if options.line_breaks == "keep" else " "

    # -- pages -------------------------------------------------------------------------------

    def add(self, item: PageInput) -> None:
        """Add one page to the document."""
        page, layout = item.page, item.layout
        writer = self._writer = _Writer(
            page, layout, item.spans, self.options, self.ids, self._notes
        )
        cursor = self.cursor
        blocks = layout.blocks
        body_blocks = [b for b in blocks if b.kind in BODY_KINDS]
        joins = bool(
            item.joins_previous
            and cursor.open_inner is not None
            and body_blocks
            and body_blocks[0].continues
        )
        if joins:
            assert cursor.open_inner is not None
            self._place_foot(cursor.open_inner)
        else:
            self._place_foot(cursor.div)
            self._close_unfinished()
            if item.joins_previous is False and _has_content(cursor.div):
                cursor.div = etree.SubElement(self.body, T + "div")
                cursor.container = None
            cursor.table = None

        # the page break and running head, at the join point or between blocks
        where = cursor.open_inner if joins and cursor.open_inner is not None else cursor.div
        pb = etree.SubElement(where, T + "pb")
        if layout.page_number:
            pb.set("n", layout.page_number)
        for block in blocks:
            if block.kind is BlockKind.RUNNING_HEAD:
                fw = etree.SubElement(where, T + "fw")
                fw.set("type", "header")
                fw.set("place", "top")
                # the head's spacing (EN and THIN SPACEs around the bar) is layout, not text
                fw.text = " ".join(page.text[block.start : block.end].split())

        for position, block in enumerate(body_blocks):
            if position == 0 and joins:
                assert cursor.open_inner is not None
                if block.kind in _ATTACHED and cursor.open_inner is cursor.open_outer:
                    # the paragraph broke off after introducing a quotation or a list, which
                    # opens the next page: it goes inside the paragraph, after the page break
                    cursor.open_inner = cursor.open_outer = None
                    self._block(block, writer)
                    continue
                self._separate(cursor.open_inner)
                writer.fill(cursor.open_inner, block.content_start, block.end)
                if not block.unfinished:
                    cursor.open_inner = cursor.open_outer = None
                continue
            self._block(block, writer)

        # the foot: footnotes whose marker is not on the page, then the printed page number
        marked = {m.note for m in layout.markers}
        holder = etree.Element(T + "div")
        for index, block in enumerate(blocks):
            if block.kind is BlockKind.FOOTNOTE and index not in marked:
                writer.orphan_note(holder, block)
        if layout.page_number:
            fw = etree.SubElement(holder, T + "fw")
            fw.set("type", "pageNum")
            fw.set("place", "bottom")
            fw.text = layout.page_number
        cursor.foot = list(holder)

    def finish(self) -> Element:
        """Close the document and return its ``body``."""
        self._place_foot(self.cursor.div)
        self._close_unfinished()
        for div in list(self.body):
            if not len(div) and not (div.text or "").strip():
                self.body.remove(div)
        if not len(self.body):
            etree.SubElement(etree.SubElement(self.body, T + "div"), T + "p")
        return self.body

    # -- blocks ------------------------------------------------------------------------------

    def _block(self, block: Block, writer: _Writer) -> None:
        kind = block.kind
        cursor = self.cursor
        if kind is BlockKind.HEADING:
            self._close_unfinished()
            if _has_content(cursor.div, ignore_milestones=True):
                cursor.div = etree.SubElement(self.body, T + "div")
            head = etree.SubElement(cursor.div, T + "head")
            writer.fill(head, block.content_start, block.end)
            cursor.container = None
            cursor.table = None
            return
        if kind is BlockKind.TABLE_CELL:
            if cursor.table is None:
                cursor.table = etree.SubElement(cursor.div, T + "table")
                cursor.table.set("type", "flattened")
            row = etree.SubElement(cursor.table, T + "row")
            cell = etree.SubElement(row, T + "cell")
            writer.fill(cell, block.content_start, block.end)
            cursor.container = None
            # a cell is one line: the next page never carries on inside it (a cell holds no
            # pb), so text after a page break is a block of its own
            cursor.open_inner = cursor.open_outer = None
            return
        cursor.table = None
        if kind is not BlockKind.QUOTATION and kind is not BlockKind.LIST_ITEM:
            cursor.item = None
        if kind is BlockKind.PARAGRAPH:
            p = etree.SubElement(cursor.div, T + "p")
            if block.n is not None:
                p.set("n", block.n)
            if block.continues:
                p.set("part", "F")
            writer.fill(p, block.content_start, block.end)
            cursor.container = p
            self._track(block, p, p)
            return
        # quotations and list items belong to the paragraph before them
        container = cursor.container
        if container is None:
            container = etree.SubElement(cursor.div, T + "p")
            if block.continues:
                container.set("part", "F")
            cursor.container = container
        if kind is BlockKind.QUOTATION:
            if cursor.item is not None:
                container = cursor.item
            quote = _last_child(container, "quote")
            if quote is None:
                self._separate(container)
                quote = etree.SubElement(container, T + "quote")
            p = etree.SubElement(quote, T + "p")
            writer.fill(p, block.content_start, block.end)
            self._track(block, p, container)
            return
        if kind is BlockKind.LIST_ITEM:
            if container.tag == T + "item":
                parent = container.getparent()
                assert parent is not None
                lst: Element | None = parent
            else:
                lst = _last_child(container, "list")
                if lst is None:
                    self._separate(container)
                    lst = etree.SubElement(container, T + "list")
            assert lst is not None
            item = etree.SubElement(lst, T + "item")
            writer.fill(item, block.content_start, block.end)
            introduces = writer.text_of[block.content_start : block.end].rstrip().endswith(":")
            cursor.item = item if introduces else None
            outer = lst.getparent()
            self._track(block, item, outer if outer is not None else item)
            return
        raise AssertionError(f"unexpected block kind {kind}")  # pragma: no cover

    def _place_foot(self, parent: Element) -> None:
        for element in self.cursor.foot or ():
            parent.append(element)
        self.cursor.foot = None

    def _track(self, block: Block, inner: Element, outer: Element) -> None:
        if block.unfinished:
            self.cursor.open_inner, self.cursor.open_outer = inner, outer
        else:
            self.cursor.open_inner = self.cursor.open_outer = None

    def _close_unfinished(self) -> None:
        """The unfinished block was not continued: mark it ``part="I"``."""
        cursor = self.cursor
        if cursor.open_outer is not None and cursor.open_outer.tag == T + "p":
            cursor.open_outer.set("part", "I")
        cursor.open_inner = cursor.open_outer = None

    def _separate(self, element: Element) -> None:
        """A block boundary is a line end: a space when lines are joined."""
        if self._separator and (len(element) or element.text):
            tail = element[-1].tail if len(element) else element.text
            if tail is None or not tail.endswith(" "):
                _Writer.text(element, self._separator)


# Blocks that belong to the paragraph before them.
_ATTACHED = frozenset({BlockKind.QUOTATION, BlockKind.LIST_ITEM})
_MILESTONES = frozenset({T + "pb", T + "fw", T + "lb"})


def _has_content(div: Element, *, ignore_milestones: bool = False) -> bool:
    if not ignore_milestones:
        return len(div) > 0
    return any(child.tag not in _MILESTONES for child in div)


def _has_text(element: Element) -> bool:
    return bool(len(element) or (element.text or "").strip())


def _detach(element: Element) -> None:
    """Take ``element`` out of the tree, leaving its tail (text that follows it) in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def _last_child(parent: Element, name: str) -> Element | None:
    """``parent``'s last child if it is a ``name`` with nothing but whitespace after it."""
    if not len(parent):
        return None
    last = parent[-1]
    if last.tag == T + name and not (last.tail or "").strip():
        return last
    return None
