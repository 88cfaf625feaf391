"""Blocks + spans -> a TEI ``body``: the only place where offsets become elements.

The builder walks the pages of one document in order and keeps a small cursor: the current
``div``, the paragraph that quotations and list items attach to, and the innermost element a
block continued on the next page will carry on in. Every character of a block's content is
written once, so nothing is lost: a block's content (its text, with its entity spans, footnote
notes and ``<lb/>``s) is written as one string of markup and parsed into elements by libxml2 in
one call (:class:`_Writer`); text added to an element that has content already goes through
:meth:`_Writer.text`, the one text/tail helper.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from teikit.model import ATTACHED_KINDS, BODY_KINDS, Block, BlockKind, Marker, PageLayout, Span
from teikit.options import ConvertOptions
from teikit.read import Page
from teikit.tei.ids import IdMaker
from teikit.xmlnames import NSMAP, TEI_NS, XML_ID, XML_NS, T

Element = etree._Element

# A line end after one of these joins the word across the line (the hyphen itself is kept).
_HYPHENS = ("-", "\u2010", "\u00ad")


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


class _Writer:
    """Writes a range of page text into an element: spans become elements, footnote markers
    become notes, and line ends are joined or kept as ``<lb/>``.

    A range is written as one string of markup (escaped text and tags, gathered in a list and
    joined once) and handed to libxml2 in one parse, whose result is moved into the tree: one
    C call builds every element of a paragraph, where building them one at a time cost a
    Python call, a ``SubElement`` and a text or tail assignment per span, marker and line end.
    A range with no element in it is plain text and is not parsed at all.
    """

    def __init__(
        self,
        page: Page,
        layout: PageLayout,
        spans: Sequence[Span],
        options: ConvertOptions,
        ids: IdMaker,
        notes: dict[str, Element],
        tags: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, str]],
    ) -> None:
        text = page.text
        self.text_of = text
        self.layout = layout
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self.span_starts = [s.start for s in self.spans]
        self.tags = tags
        """Start and end tags by (label, attributes), shared by the document's pages."""
        self.markers: list[Marker] = sorted(layout.markers, key=lambda m: m.start)
        self.marker_starts = [m.start for m in self.markers]
        self.keep_lines = options.line_breaks == "keep"
        # Every line end of the page decided once: the page's text with each "\n" replaced by
        # one character (so offsets still hold): a space or _JOINED when lines are joined,
        # _LB or _LB_NO_BREAK when they are kept. A line end after a hyphen joins the word
        # across the line (the hyphen itself is kept). str.replace, not a regular expression:
        # a pattern has to be tried at every character of the page.
        self.illegal = "\x00" in text or "\x01" in text or "\x02" in text
        """The page holds characters XML cannot, among them those that stand for line ends
        here (read.py refuses such a page; a ``Page`` made by hand may hold them): a range
        holding one fails, as lxml fails to set such text."""
        flat = text
        if "\n" in text:
            after_hyphen, other = (_LB_NO_BREAK, _LB) if self.keep_lines else (_JOINED, " ")
            for hyphen in _HYPHENS:
                if hyphen + "\n" in flat:
                    flat = flat.replace(hyphen + "\n", hyphen + after_hyphen)
            flat = flat.replace("\n", other)
        self.flat = flat
        self.sentinels = flat is not text
        self.escape = "&" in text or "<" in text or ">" in text
        self.direct = not self.spans and not self.keep_lines
        """No markup is needed to write this page: see :meth:`_direct`."""
        self.ids = ids
        self.notes = notes
        """The document's notes so far, by number: a marker and its footnote read on two
        pages (a page cut short by the scrape) become one note."""
        self.adopted: list[Element] = []
        """Notes read earlier without their marker, moved into the range being written."""

    # -- the one text/tail helper ------------------------------------------------------------

    @staticmethod
    def text(parent: Element, value: str | None) -> None:
        """Append ``value`` to ``parent``'s content: its text, or its last child's tail."""
        if not value:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + value
        else:
            parent.text = (parent.text or "") + value

    # -- ranges ------------------------------------------------------------------------------

    def element(
        self,
        parent: Element,
        name: str,
        attributes: tuple[tuple[str, str], ...],
        start: int,
        end: int,
    ) -> Element:
        """A new last child ``name`` of ``parent``, with ``attributes`` (in this order) and
        ``text[start:end]`` as its content."""
        if self.direct:
            element = etree.SubElement(parent, T + name)
            for key, value in attributes:
                element.set(key, value)
            self._direct(element, start, end)
            return element
        content = self._content(start, end)
        if content is None:  # plain text
            element = etree.SubElement(parent, T + name)
            for key, value in attributes:
                element.set(key, value)
            text = self.flat[start:end]
            if self.sentinels and not self.keep_lines:
                text = text.replace(_JOINED, "")
            if text:
                element.text = text
            return element
        if attributes:
            start_tag = _start_tag(name, attributes, namespace=True)
        else:
            start_tag = f'<{name} xmlns="{TEI_NS}">'
        element = self._parse(f"{start_tag}{content}</{name}>")
        parent.append(element)
        return element

    def fill(self, parent: Element, start: int, end: int) -> None:
        """Append ``text[start:end]`` to the content of ``parent``, which has some already."""
        if self.direct:
            self._direct(parent, start, end)
            return
        content = self._content(start, end)
        if content is None:
            text = self.flat[start:end]
            _Writer.text(parent, text.replace(_JOINED, "") if self.sentinels else text)
            return
        fragment = self._parse(f"{_OPEN_FRAGMENT}{content}{_CLOSE_FRAGMENT}")
        _Writer.text(parent, fragment.text)
        parent.extend(list(fragment))

    def _direct(self, parent: Element, start: int, end: int) -> None:
        """Append ``text[start:end]`` to ``parent``'s content element by element: on a page
        without entity spans, with lines joined, a range holds at most a few footnote notes,
        and making them one at a time costs less than a parse (and moving its result)."""
        if self.illegal:
            _check_xml_chars(self.text_of, start, end)
        flat = self.flat
        markers = self.markers
        marker = bisect.bisect_left(self.marker_starts, start)
        while marker < len(markers) and markers[marker].start < end:
            found = markers[marker]
            if start < found.start:
                _Writer.text(parent, flat[start : found.start].replace(_JOINED, ""))
            earlier = self._unanchored(found)
            if earlier is None:
                note = etree.SubElement(parent, _NOTE)
                note.set("place", "foot")
                note.set("n", found.n)
                note.set(XML_ID, self.ids.note(found.n))
                self.notes.setdefault(found.n, note)
                if found.note is None:
                    note.set("type", "missing")
                else:
                    block = self.layout.blocks[found.note]
                    self._direct(note, block.content_start, block.end)
            else:  # its footnote came earlier in the document: it moves here
                _detach(earlier)
                del earlier.attrib["anchored"]
                parent.append(earlier)
            start = found.end
            marker += 1
        if start < end:
            _Writer.text(parent, flat[start:end].replace(_JOINED, ""))

    def _content(self, start: int, end: int) -> str | None:
        """The markup of ``text[start:end]``, or ``None`` when it is plain text (no span, no
        marker, no kept line end): then it needs no parse."""
        if self.illegal:
            _check_xml_chars(self.text_of, start, end)
        lo = bisect.bisect_left(self.span_starts, start)
        marker = bisect.bisect_left(self.marker_starts, start)
        if (lo == len(self.spans) or self.span_starts[lo] >= end) and (
            marker == len(self.markers) or self.marker_starts[marker] >= end
        ):
            if not self.keep_lines or not self.sentinels:
                return None
            chunk = self.flat[start:end]
            if _LB not in chunk and _LB_NO_BREAK not in chunk:
                return None
        parts: list[str] = []
        self._write(parts, start, end)
        markup = "".join(parts)
        if self.sentinels:
            if self.keep_lines:
                return markup.replace(_LB, "<lb/>").replace(_LB_NO_BREAK, '<lb break="no"/>')
            return markup.replace(_JOINED, "")
        return markup

    def _parse(self, markup: str) -> Element:
        """Parse the markup of a range: one call into libxml2 for all its elements."""
        try:
            root = etree.fromstring(markup.encode(), _PARSERS.parser)
        except etree.XMLSyntaxError:  # the page's text holds a character XML cannot
            raise ValueError(_NOT_XML) from None
        if self.markers or root.tag == _NOTE:
            # the notes made here join the document's notes, in document order (as they were
            # made); a note moved here from earlier is one of them already
            for note in root.iter(_NOTE):
                self.notes.setdefault(note.get("n") or "", note)
        if self.adopted:
            for placeholder, earlier in zip(list(root.iter(_ADOPTED)), self.adopted, strict=True):
                earlier.tail = placeholder.tail
                placeholder.getparent().replace(placeholder, earlier)
            self.adopted.clear()
        return root

    def _write(self, parts: list[str], start: int, end: int) -> None:
        """Append the markup of ``text[start:end]`` to ``parts``.

        One pass over the range: spans open and close on a stack (they nest: the entity stage
        guarantees it, and a span that would cross the end of the one around it is left as
        plain text). The text between two boundaries is one slice of :attr:`flat`; a stretch
        holding a footnote marker (or text to escape) goes through :meth:`_plain`.
        """
        flat = self.flat
        slow = self.escape
        marker_starts = self.marker_starts
        marker = bisect.bisect_left(marker_starts, start)
        next_marker = marker_starts[marker] if marker < len(marker_starts) else _NEVER
        lo = bisect.bisect_left(self.span_starts, start)
        hi = bisect.bisect_left(self.span_starts, end, lo)
        tags = self.tags
        # the open spans: (the end of the one around it, its end tag); ``limit`` is the end
        # of the innermost one (``end`` when none is open)
        stack: list[tuple[int, str]] = []
        limit = end
        position = start
        for span in self.spans[lo:hi]:
            span_start = span.start
            span_end = span.end
            if span_end > end:
                continue
            while span_start >= limit:
                if slow or next_marker < limit:
                    marker, next_marker = self._plain(parts, position, limit, marker)
                elif position < limit:
                    parts.append(flat[position:limit])
                position = limit
                limit, end_tag = stack.pop()
                parts.append(end_tag)
            if span_end > limit:
                continue  # crosses the end of the span around it: plain text
            if slow or next_marker < span_start:
                marker, next_marker = self._plain(parts, position, span_start, marker)
            elif position < span_start:
                parts.append(flat[position:span_start])
            position = span_start
            key = (span.label, span.attrs)
            found = tags.get(key)
            if found is None:
                found = tags[key] = (_start_tag(span.label, span.attrs), f"</{span.label}>")
            parts.append(found[0])
            stack.append((limit, found[1]))
            limit = span_end
        while stack:
            if slow or next_marker < limit:
                marker, next_marker = self._plain(parts, position, limit, marker)
            elif position < limit:
                parts.append(flat[position:limit])
            position = limit
            limit, end_tag = stack.pop()
            parts.append(end_tag)
        if slow or next_marker < end:
            self._plain(parts, position, end, marker)
        elif position < end:
            parts.append(flat[position:end])

    def _plain(self, parts: list[str], start: int, end: int, marker: int) -> tuple[int, int]:
        """Text without spans, ``marker`` the index of the first footnote marker at or after
        ``start``: markers become notes. Returns the index of the first marker at or after
        ``end`` and where it starts."""
        markers = self.markers
        if start < end:
            while marker < len(markers) and markers[marker].start < end:
                found = markers[marker]
                self._text(parts, start, found.start)
                earlier = self._unanchored(found)
                if earlier is None:
                    self._note(parts, found)
                else:  # its footnote came earlier in the document: it moves here
                    _detach(earlier)
                    del earlier.attrib["anchored"]
                    self.adopted.append(earlier)
                    parts.append(_ADOPTED_TAG)
                start = found.end
                marker += 1
            self._text(parts, start, end)
        return marker, (markers[marker].start if marker < len(markers) else _NEVER)

    def _text(self, parts: list[str], start: int, end: int) -> None:
        if start < end:
            chunk = self.flat[start:end]
            if self.escape:
                chunk = chunk.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(chunk)

    def _unanchored(self, marker: Marker) -> Element | None:
        """The note of ``marker`` read earlier in the document without its marker (a page cut
        short by the scrape puts a marker and its footnote on two pages), if there is one.

        Notes made in the range being written are not in :attr:`notes` yet; that changes no
        answer: such a note is never unanchored, and it is registered only when no note of its
        number was there before it.
        """
        earlier = self.notes.get(marker.n)
        if marker.note is None and earlier is not None and earlier.get("anchored") == "false":
            return earlier
        return None

    def _note(self, parts: list[str], marker: Marker) -> None:
        # the id is made of [A-Za-z0-9._-] (IdMaker): nothing in it to escape
        n = _escape_attribute(marker.n)
        tag = f'<note place="foot" n="{n}" xml:id="{self.ids.note(marker.n)}"'
        if marker.note is None:
            parts.append(tag + ' type="missing"/>')
            return
        parts.append(tag + ">")
        block = self.layout.blocks[marker.note]
        if self.illegal:
            _check_xml_chars(self.text_of, block.content_start, block.end)
        self._write(parts, block.content_start, block.end)
        parts.append("</note>")

    def orphan_note(self, parent: Element, block: Block) -> None:
        """A footnote whose marker is not on the page: kept, at the end of the page, with
        TEI's ``anchored="false"`` (the text does not show where it refers to)."""
        earlier = self.notes.get(block.n or "")
        if earlier is not None and earlier.get("type") == "missing" and not _has_text(earlier):
            # its marker came earlier in the document without a footnote: this is its text
            del earlier.attrib["type"]
            self.fill(earlier, block.content_start, block.end)
            return
        attributes = (
            ("place", "foot"),
            ("n", block.n or ""),
            (XML_ID, self.ids.note(block.n or "x")),
            ("anchored", "false"),
        )
        note = self.element(parent, "note", attributes, block.content_start, block.end)
        self.notes.setdefault(block.n or "", note)


# The characters that stand for a line end in _Writer.flat. XML forbids them (read.py refuses a
# page holding one), so they can never be the page's own text.
_JOINED = "\x00"
"""A line end after a hyphen, lines joined: nothing."""
_LB = "\x01"
"""A line end, lines kept: ``<lb/>``."""
_LB_NO_BREAK = "\x02"
"""A line end after a hyphen, lines kept: ``<lb break="no"/>``."""
# What XML 1.0 cannot hold (and lxml refuses to set as text).
# What lxml says when text it is given holds such a character.
_NOT_XML = (
    "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_NOTE = T + "note"
# Where a note read earlier is moved to, in a range's markup, until it is in the tree.
_ADOPTED = T + "teikit-adopted"
_ADOPTED_TAG = "<teikit-adopted/>"
_OPEN_FRAGMENT = f'<range xmlns="{TEI_NS}">'
_CLOSE_FRAGMENT = "</range>"
_XML_PREFIX = "{" + XML_NS + "}"
_ATTRIBUTE_SPECIAL = re.compile('[&<"\t\n\r]')
# Past any offset: "no more markers".
_NEVER = 1 << 62


def _start_tag(
    label: str,
    attributes: Sequence[tuple[str, str]],
    *,
    empty: bool = False,
    namespace: bool = False,
) -> str:
    """``<label a="v" ...>``, attribute values escaped; ``{XML_NS}id`` is ``xml:id``. With
    ``namespace``, the tag declares TEI's namespace (the root of a parsed range)."""
    out = [f'<{label} xmlns="{TEI_NS}"' if namespace else f"<{label}"]
    for name, value in attributes:
        if name.startswith(_XML_PREFIX):
            name = "xml:" + name[len(_XML_PREFIX) :]
        out.append(f' {name}="{_escape_attribute(value)}"')
    out.append("/>" if empty else ">")
    return "".join(out)


def _check_xml_chars(text: str, start: int, end: int) -> None:
    if _ILLEGAL.search(text, start, end):
        raise ValueError(_NOT_XML)


def _escape_attribute(value: str) -> str:
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


class _Parsers(threading.local):
    """The parser of ranges' markup, one per thread (lxml parsers are not shared across
    threads). The markup is teikit's own (escaped text, tags it wrote, no DOCTYPE and no
    entity but the predefined ones), so the hardened parser of :mod:`teikit.safexml`, made
    for documents from elsewhere, is not needed; ids are not collected (libxml2 would hash
    every ``xml:id`` of every range for nothing)."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, collect_ids=False
        )


_PARSERS = _Parsers()


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
        self._tags: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, str]] = {}
        self._separator = "" if options.line_breaks == "keep" else " "

    # -- pages -------------------------------------------------------------------------------

    def add(self, item: PageInput) -> None:
        """Add one page to the document."""
        page, layout = item.page, item.layout
        writer = self._writer = _Writer(
            page, layout, item.spans, self.options, self.ids, self._notes, self._tags
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
            writer.element(cursor.div, "head", (), block.content_start, block.end)
            cursor.container = None
            cursor.table = None
            return
        if kind is BlockKind.TABLE_CELL:
            if cursor.table is None:
                cursor.table = etree.SubElement(cursor.div, T + "table")
                cursor.table.set("type", "flattened")
            row = etree.SubElement(cursor.table, T + "row")
            writer.element(row, "cell", (), block.content_start, block.end)
            cursor.container = None
            # a cell is one line: the next page never carries on inside it (a cell holds no
            # pb), so text after a page break is a block of its own
            cursor.open_inner = cursor.open_outer = None
            return
        cursor.table = None
        if kind is not BlockKind.QUOTATION and kind is not BlockKind.LIST_ITEM:
            cursor.item = None
        if kind is BlockKind.PARAGRAPH:
            attributes: tuple[tuple[str, str], ...] = ()
            if block.n is not None:
                attributes = (("n", block.n),)
            if block.continues:
                attributes += (("part", "F"),)
            p = writer.element(cursor.div, "p", attributes, block.content_start, block.end)
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
            p = writer.element(quote, "p", (), block.content_start, block.end)
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
            item = writer.element(lst, "item", (), block.content_start, block.end)
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
_ATTACHED = ATTACHED_KINDS
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
