"""The one walk of a TEI ``text``: units of text, person mentions, dates, pages and sections.

Both readers of TEI go through :class:`Walk`: the corpus index (:mod:`teikit.corpus.extract`
makes rows of it) and the exports (:mod:`teikit.export.read` anchors the reading edition's ids
on the elements it is shown). What a unit is, what a paragraph is, what text a unit, a
``persName`` or a ``date`` has, which page and section are in effect, and each record's XPath:
all of it is decided here, once, and a consumer only says what it keeps, by overriding
:meth:`Walk.mention` and :meth:`Walk.dated` (called once a ``persName`` or ``date`` has been
read, with its text) and, where it needs the elements, :meth:`Walk.open_unit`,
:meth:`Walk.close_unit` and :meth:`Walk.page_break` (calling the walk's own first).

The walk reads each element once, in document order, and keeps the text of each *unit* (a
paragraph, head, note or other block, XML whitespace collapsed, notes and forme work left out
of the text around them) with the offsets of each ``persName`` in it. It is the corpus
index's hot path (hundreds of thousands of elements a corpus), hence its shape: what to do
with a tag is worked out once per tag (:meth:`Walk.name`), a child's XPath step is written
from counts kept in the loop over its siblings, and only where something below it may become
a record. Like the rest of :mod:`teikit.tei`'s reading side it does not import lxml: it walks
trees it is given.

>>> from teikit.safexml import parse_bytes
>>> tree = parse_bytes(
...     b'<text xmlns="http://www.tei-c.org/ns/1.0"><body><p n="1">Mr <persName>Blair</persName>'
...     b' wrote<note n="2">In <date when="2003">2003</date>.</note>.</p></body></text>',
...     source="example", problems=[])
>>> walk = Walk(TEI_NS, None)
>>> walk.walk(tree.getroot(), "/tei:text")
>>> [(u.kind, u.text, u.parent) for u in walk.units]
[('p', 'Mr Blair wrote.', None), ('note', 'In 2003.', 0)]
>>> walk.units[1].xpath
'/tei:text/tei:body/tei:p/tei:note'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from teikit.tei.io import BLOCKS, FORME_WORK, PARAGRAPH_KINDS, collapse, local, normalise, text_of
from teikit.xmlnames import TEI_NS
from teikit.xmlnames import XML_ID as _XML_ID

if TYPE_CHECKING:  # the walk only reads trees it is given; importing lxml is the caller's
    from lxml import etree

#: Elements whose text is a unit on its own, unless they stand inside another unit (a ``p``
#: inside a ``quote`` inside a ``p`` belongs to the outer ``p``). A ``note`` is always its own
#: unit: its text is read at its marker but is not part of the paragraph's text.
UNITS = frozenset({"p", "ab", "head", "item", "cell", "l", "note", "label", "byline", "trailer"})
# What the corpus and the exports call a paragraph (:data:`teikit.tei.io.PARAGRAPH_KINDS`), in
# TEI teikit did not write as in its own: every ``p`` (or ``ab``) in ``text`` that is not
# inside another ``p`` or ``ab`` or inside a ``note``, whatever holds it: ``div``,
# ``div1``-``div7``, ``list/item``, ``table/row/cell``, ``figure``, ``sp``, ``floatingText``,
# ``front``, ``back``, ``group/text``. The XPath
# ``//tei:text//tei:p[not(ancestor::tei:p) and not(ancestor::tei:note)]`` selects the
# same ``p``. A paragraph inside another unit (an ``item``, a ``cell``) is a unit of its own,
# left out of the text of the unit around it, as a note is.
#: Units inside which a ``p`` is part of the text, not a paragraph of its own.
_ENCLOSING = frozenset({"p", "ab", "note"})
#: Forme work and figure descriptions: kept on the page, not part of any sentence.
_SKIP_TEXT = frozenset({FORME_WORK, "figDesc"})
_BLOCKS = BLOCKS

# What the walk does with an element, by its tag (:meth:`Walk.name`). A plain or foreign
# element without children only adds its text (the codes below ``_SKIP`` are those).
_PLAIN, _FOREIGN, _SKIP, _PB, _LB, _PERSON, _DATE, _OTHER = range(8)
#: (local name or None, code, may be a unit, a block, a div): worked out once per tag
_Info = tuple[str | None, int, bool, bool, bool]


@dataclass(slots=True)
class Unit:
    """A unit of text: its order in the document, its element's local name (``kind``), XPath
    and attributes, the section and page in effect where it opens, the ``ord`` of the unit a
    note stands in (``parent``), its text (set when it closes) and the page breaks inside it
    (offset in ``text``, ``pb/@n``)."""

    ord: int
    kind: str
    xpath: str
    xml_id: str | None
    section: str | None
    page: str | None
    n: str | None
    parent: int | None  # a note: the ord of the unit it stands in
    place: str | None = None
    type: str | None = None
    target: str | None = None
    text: str = ""
    pages: list[tuple[int, str | None]] = field(default_factory=list)


class _Text:
    """A unit's text being collected. Pieces are kept raw and whitespace is collapsed only when
    an offset is asked for (a ``persName`` starts or ends, a page breaks) or the unit closes:
    one regex pass per stretch between marks instead of one per piece. Collapsing stretch by
    stretch, dropping a stretch's leading space after a space, gives the same text as
    collapsing it all at once, so the offsets are offsets into the final text."""

    __slots__ = ("done", "length", "parts", "space")

    def __init__(self) -> None:
        self.parts: list[str] = []  # raw pieces since the last mark
        self.done: list[str] = []  # collapsed stretches
        self.length = 0
        self.space = True  # at the start, leading whitespace is dropped

    def offset(self) -> int:
        """The length of the collapsed text so far."""
        parts = self.parts
        if parts:
            return self.offset_of(collapse(parts[0] if len(parts) == 1 else "".join(parts)))
        return self.length

    def offset_of(self, text: str) -> int:
        """:meth:`offset`, given the collapsed join of the pieces since the last mark (the
        caller made it already): the pieces are not joined and collapsed a second time."""
        self.parts.clear()
        if self.space and text.startswith(" "):
            text = text[1:]
        if text:
            self.done.append(text)
            self.length += len(text)
            self.space = text.endswith(" ")
        return self.length

    def value(self) -> str:
        self.offset()
        return "".join(self.done).rstrip(" ")


class Walk:
    """One recursive pass over a ``text`` (:meth:`walk`): units, mentions and dates with their
    context, in document order.

    ``ns`` is the document's TEI namespace (``""``: none, TEI P4); ``section`` the document's
    own section, which wins over any ``div/@n``. ``units`` collects every unit; what becomes of
    a ``persName`` or ``date`` is the consumer's (:meth:`mention`, :meth:`dated`: nothing
    here). State a consumer may read in its hooks: ``stack`` (the open units, innermost last,
    each with its text so far), ``page`` (the ``pb/@n`` in effect) and ``current_section``.
    """

    def __init__(self, ns: str, section: str | None, units: list[Unit] | None = None) -> None:
        self.ns = ns
        self.prefix = "tei:" if ns else ""
        self.doc_section = section
        self.units: list[Unit] = [] if units is None else units
        self.page: str | None = None
        #: the section in effect: the document's, else the ``@n`` of the nearest ``div``
        #: that has one; kept as divs open and close (``sections``: the ones outside)
        self.current_section = section
        self.sections: list[str | None] = []
        self.stack: list[tuple[Unit, _Text]] = []  # open units, innermost last
        self.parts: list[str] | None = None  # the innermost open unit's raw pieces
        #: tag -> what to do with it (:meth:`name`)
        self.names: dict[str, _Info] = {}
        #: bumped whenever the pieces of the open unit stop being the plain text of the
        #: elements being read (a mark, a page or line break, a skipped or block element, a
        #: unit opening): a person's or date's text can then no longer be joined from them
        self.epoch = 0
        self.role = f"{{{ns}}}roleName" if ns else "roleName"

    # --- what a consumer keeps ---------------------------------------------------------------

    def mention(
        self,
        el: etree._Element,
        path: str,
        start: int,
        end: int,
        text: str,
        titles: tuple[str, ...],
    ) -> None:
        """A ``persName`` has been read: its offsets in the innermost open unit's text (0, 0
        outside any), its text (whitespace collapsed) and the text of its ``roleName``\\ s."""

    def dated(self, el: etree._Element, path: str, text: str, page: str | None) -> None:
        """A ``date`` has been read: its text (whitespace collapsed) and the page it starts on."""

    # --- the walk ------------------------------------------------------------------------------

    def walk(self, el: etree._Element, path: str) -> None:
        """Walk ``el`` (a ``text``, or any element of the document) whose XPath is ``path``."""
        self.element(el, self.names.get(el.tag) or self.name(el.tag), path)

    def name(self, tag: str) -> _Info:
        """What the walk does with elements of this tag, worked out once per tag."""
        name = local(tag, self.ns)
        if name is None:
            info: _Info = (None, _FOREIGN, False, False, False)
        else:
            if name in _SKIP_TEXT:
                code = _SKIP
            elif name == "pb":
                code = _PB
            elif name == "lb":
                code = _LB
            elif name == "persName":
                code = _PERSON
            elif name == "date":
                code = _DATE
            elif name in UNITS or name in _BLOCKS or name.startswith("div"):
                code = _OTHER
            else:
                code = _PLAIN
            info = (name, code, name in UNITS, name in _BLOCKS, name.startswith("div"))
        self.names[tag] = info
        return info

    def element(self, el: etree._Element, info: _Info, path: str) -> None:
        name, code, unit_kind, block_kind, is_div = info
        if code == _FOREIGN:  # a foreign element: its text counts, its markup means nothing here
            self.add(el.text)
            self.children(el, path)
            return
        self.epoch += 1
        if code == _PERSON:
            self.person(el, path)
            return
        if code == _DATE:
            self.date(el, path)
            return
        if code == _SKIP:
            return
        if code == _PB:
            self.page_break(el)
            return
        if code == _LB:
            if el.get("break") != "no":
                self.add(" ")
            return
        assert name is not None
        opened = unit_kind and (
            name == "note"
            or not self.stack
            or (
                name in PARAGRAPH_KINDS
                and not any(unit.kind in _ENCLOSING for unit, _ in self.stack)
            )
        )
        if opened:
            self.open_unit(el, name, path)
        block = block_kind and not opened
        if block:
            self.add(" ")
        if is_div:
            self.sections.append(self.current_section)
            n = el.get("n")
            if n is not None and self.doc_section is None:
                self.current_section = n
        self.add(el.text)
        if len(el):
            self.children(el, path)
        if is_div:
            self.current_section = self.sections.pop()
        if block:
            self.add(" ")
        if opened:
            self.close_unit()

    def children(self, el: etree._Element, path: str) -> None:
        names = self.names
        parts = self.parts  # the open unit's pieces; read again after a child that may change it
        #: each tag's count among the children so far and the element children so far: a
        #: child's XPath step needs its number among same-named siblings (and whether it has
        #: any), a foreign one its position among all
        counts: dict[str, int] = {}
        position = 0
        for child in el:
            tag = child.tag
            if tag.__class__ is str:
                position += 1
                k = counts[tag] = counts.get(tag, 0) + 1
                try:
                    info = names[tag]
                except KeyError:
                    info = self.name(tag)
                code = info[1]
                if code <= _FOREIGN and not len(child):
                    # most elements: their text, and no path needed (nothing below them)
                    text = child.text
                    if text and parts is not None:
                        parts.append(text)
                else:
                    # The step of this child's XPath: numbered among same-named siblings only
                    # when it has some; a foreign element by its position among all.
                    if code == _FOREIGN:
                        step = f"*[{position}]"
                    elif k > 1 or next(child.itersiblings(tag), None) is not None:
                        step = f"{self.prefix}{info[0]}[{k}]"
                    else:
                        step = f"{self.prefix}{info[0]}"
                    if code == _PLAIN:
                        text = child.text
                        if text and parts is not None:
                            parts.append(text)
                        self.children(child, f"{path}/{step}")
                    else:
                        self.element(child, info, f"{path}/{step}")
                    parts = self.parts
            # a comment's or processing instruction's tail is text all the same
            tail = child.tail
            if tail and parts is not None:
                parts.append(tail)

    def add(self, text: str | None) -> None:
        if text and self.parts is not None:
            self.parts.append(text)

    def offset(self) -> int:
        self.epoch += 1
        if not self.stack:
            return 0
        return self.stack[-1][1].offset()

    def page_break(self, el: etree._Element) -> None:
        """A ``pb``: its ``@n`` is the page in effect, and a page break of the open unit."""
        self.page = el.get("n")
        if self.stack:
            unit, text = self.stack[-1]
            unit.pages.append((text.offset(), self.page))

    def open_unit(self, el: etree._Element, name: str, path: str) -> None:
        """``el`` opens a unit of kind ``name``; its text is collected until it closes."""
        parent = None
        if name == "note":
            for unit, _ in reversed(self.stack):
                if unit.kind != "note":
                    parent = unit.ord
                    break
        get = el.get
        units = self.units
        # positional: ord, kind, xpath, xml_id, section, page, n, parent, place, type, target
        unit = Unit(
            len(units),
            name,
            path,
            get(_XML_ID),
            self.current_section,
            self.page,
            get("n"),
            parent,
            get("place"),
            get("type"),
            get("target"),
        )
        units.append(unit)
        text = _Text()
        self.stack.append((unit, text))
        self.parts = text.parts

    def close_unit(self) -> None:
        """The innermost open unit closes: its text is final."""
        unit, text = self.stack.pop()
        unit.text = text.value()
        self.parts = self.stack[-1][1].parts if self.stack else None

    def person(self, el: etree._Element, path: str) -> None:
        # The offsets in the open unit's text (self.offset() inlined: the walk's most
        # frequent call); units opened inside a persName are closed by its end.
        self.epoch += 1
        collected = self.stack[-1][1] if self.stack else None
        if collected is not None:
            start = collected.offset() if collected.parts else collected.length
        else:
            start = 0
        flat: str | None
        pieces = _plain_leaves(el, self.names, self.role) if len(el) else None
        if pieces is not None:
            # Only plain leaves inside (a roleName, a forename): their pieces are the
            # element's text, added as children() would add them, without a walk below.
            texts, titles = pieces
            if self.parts is not None:
                self.parts.extend(texts)
            joined = collapse("".join(texts))
            flat, text = joined, joined.strip(" ")
        elif len(el):
            titles = tuple(t for t in (text_of(r) for r in el.iter(self.role)) if t)
            epoch, parts = self.epoch, self.parts
            self.add(el.text)
            self.children(el, path)
            if epoch == self.epoch and parts is not None:
                # the pieces since the mark are exactly this element's text (itertext)
                joined = collapse("".join(parts))
                flat, text = joined, joined.strip(" ")
            else:
                flat, text = None, text_of(el)
        else:
            titles = ()
            raw = el.text
            if raw:
                self.add(raw)
                flat = collapse(raw)
                text = flat.strip(" ")
            else:
                flat, text = None, ""
        self.epoch += 1
        if collected is None:
            end = 0
        elif flat is not None:
            # the pieces since the start mark are this element's text, collapsed above
            # (normalise = collapse, then strip): reused for the end offset
            end = collected.offset_of(flat)
        else:
            end = collected.offset() if collected.parts else collected.length
        self.mention(el, path, start, end, text, titles)

    def date(self, el: etree._Element, path: str) -> None:
        page = self.page
        if len(el):
            epoch, parts = self.epoch, self.parts
            first_piece = len(parts) if parts is not None else 0
            self.add(el.text)
            self.children(el, path)
            if epoch == self.epoch and parts is not None:
                text = normalise("".join(parts[first_piece:]))
            else:
                text = text_of(el)
        else:
            self.add(el.text)
            text = normalise(el.text) if el.text else ""
        self.dated(el, path, text, page)


def _plain_leaves(
    el: etree._Element, names: dict[str, _Info], role: str
) -> tuple[list[str], tuple[str, ...]] | None:
    """The text pieces (``el.text``, each child's text and tail) and the ``roleName`` titles
    of an element whose children are all plain leaves of a known tag; ``None`` otherwise (a
    comment, a child with children, a mark, an unseen tag: the walk below decides)."""
    text = el.text
    pieces = [text] if text else []
    titles: list[str] = []
    for child in el:
        tag = child.tag
        info = names.get(tag) if tag.__class__ is str else None
        if info is None or info[1] != _PLAIN or len(child):
            return None
        text = child.text
        if text:
            pieces.append(text)
            if tag == role:
                title = normalise(text)
                if title:
                    titles.append(title)
        text = child.tail
        if text:
            pieces.append(text)
    return pieces, tuple(titles)


def unit_text(el: etree._Element, ns: str = TEI_NS) -> str:
    """The text ``el`` has as a paragraph of its own, whatever its tag: its notes (units of
    their own) and forme work left out, blocks and line breaks a space apart, XML whitespace
    collapsed. The text :class:`Walk` gives a paragraph, for an element a consumer picks."""
    walk = Walk(ns, None)
    walk.open_unit(el, "p", "")
    walk.add(el.text)
    walk.children(el, "")
    walk.close_unit()
    return walk.units[0].text
