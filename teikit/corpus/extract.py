"""One parsed TEI document -> flat records: units of text, person mentions, dates, persons.

The walk reads each element once, in document order, and keeps what every question needs:
the text of each *unit* (a paragraph, head, note or other block, whitespace collapsed, notes
and forme work left out of the text around them), the offsets of each ``persName`` in that text,
each ``date`` with its calendar span, and the ``pb/@n`` and section in effect. The index stores
these records; the queries never need the tree again (only ``xpath()`` does).

Anything TEI allows is tolerated: documents without persons or dates, ``teiCorpus`` files,
TEI without a namespace, personographies in the header, ``@key`` instead of ``@ref``.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from teikit.tei.io import (
    BLOCKS,
    CORPORA,
    DOCUMENTS,
    FORME_WORK,
    PARAGRAPH_KINDS,
    Declared,
    collapse,
    date_span,
    declared_persons,
    local,
    normalise,
    text_of,
)
from teikit.xmlnames import TEI_NS
from teikit.xmlnames import XML_ID as _XML_ID

if TYPE_CHECKING:  # the walk only reads trees it is given; importing lxml is the caller's
    from lxml import etree

#: Elements whose text is a unit on its own, unless they stand inside another unit (a ``p``
#: inside a ``quote`` inside a ``p`` belongs to the outer ``p``). A ``note`` is always its own
#: unit: its text is read at its marker but is not part of the paragraph's text.
_UNITS = frozenset({"p", "ab", "head", "item", "cell", "l", "note", "label", "byline", "trailer"})
# What the corpus calls a paragraph (:data:`teikit.tei.io.PARAGRAPH_KINDS`), in TEI teikit
# did not write as in its own: every ``p`` (or ``ab``) in ``text`` that is not inside another
# ``p`` or ``ab`` or inside a ``note``, whatever holds it: ``div``, ``div1``-``div7``,
# ``list/item``, ``table/row/cell``, ``figure``, ``sp``, ``floatingText``, ``front``,
# ``back``, ``group/text``. The XPath
# ``//tei:text//tei:p[not(ancestor::tei:p) and not(ancestor::tei:note)]`` selects the
# same ``p``. A paragraph inside another unit (an ``item``, a ``cell``) is a unit of its own,
# left out of the text of the unit around it, as a note is.
#: Units inside which a ``p`` is part of the text, not a paragraph of its own.
_ENCLOSING = frozenset({"p", "ab", "note"})
#: Forme work and figure descriptions: kept on the page, not part of any sentence.
_SKIP_TEXT = frozenset({FORME_WORK, "figDesc"})
_BLOCKS = BLOCKS

# What the walk does with an element, by its tag (:meth:`_Walk.name`). A plain or foreign
# element without children only adds its text (the codes below ``_SKIP`` are those).
_PLAIN, _FOREIGN, _SKIP, _PB, _LB, _PERSON, _DATE, _OTHER = range(8)
#: (local name or None, code, may be a unit, a block, a div): worked out once per tag
_Info = tuple[str | None, int, bool, bool, bool]


@dataclass(slots=True)
class UnitRec:
    ord: int
    kind: str
    xpath: str
    xml_id: str | None
    section: str | None
    page: str | None
    n: str | None
    parent: int | None  # a note: the ord of the paragraph it stands in
    place: str | None = None
    type: str | None = None
    target: str | None = None
    text: str = ""
    pages: list[tuple[int, str | None]] = field(default_factory=list)


#: A unit's id in the index is its document's id times this, plus its order in the document:
#: the walk of one file knows every id its rows need (a mention's or date's unit too) before
#: the index has seen any other file, so mentions and dates come out as rows ready to insert.
UNIT_STRIDE = 1 << 32


@dataclass(slots=True)
class DocRecord:
    """One document's records. ``units`` are objects (a unit's text, pages and parent are
    known only when it closes or the walk ends); ``mentions`` and ``dates`` are rows of the
    index's tables (``doc_id`` first, then their unit's id: ``doc_id * UNIT_STRIDE + ord``)."""

    doc_id: int = 0
    units: list[UnitRec] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    dates: list[tuple[Any, ...]] = field(default_factory=list)
    persons: list[Declared] = field(default_factory=list)
    title: str | None = None


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


#: A ``date``'s calendar span, remembered: a corpus repeats the same few thousand values.
_span = lru_cache(maxsize=8192)(date_span)


class _Walk:
    """One recursive pass over a ``text``: units, mentions and dates with their context.

    Each element is read once, in document order. A child's XPath step is written only when
    something below it may become a record (a leaf that only adds text needs none), numbered
    from counts kept in the same loop over its siblings; what to do with an element is worked
    out once per tag (:meth:`name`).
    """

    def __init__(self, ns: str, prefix: str, section: str | None, record: DocRecord) -> None:
        self.ns = ns
        self.prefix = prefix
        self.doc_section = section
        self.rec = record
        self.page: str | None = None
        #: the section in effect: the document's, else the ``@n`` of the nearest ``div``
        #: that has one; kept as divs open and close (``sections``: the ones outside)
        self.current_section = section
        self.sections: list[str | None] = []
        self.stack: list[tuple[UnitRec, _Text]] = []  # open units, innermost last
        self.parts: list[str] | None = None  # the innermost open unit's raw pieces
        #: tag -> what to do with it (:meth:`name`)
        self.names: dict[str, _Info] = {}
        #: bumped whenever the pieces of the open unit stop being the plain text of the
        #: elements being read (a mark, a page or line break, a skipped or block element, a
        #: unit opening): a person's or date's text can then no longer be joined from them
        self.epoch = 0
        self.role = self.prefixed("roleName")
        self.doc_id = record.doc_id
        self.base = record.doc_id * UNIT_STRIDE
        #: a mention's titles as the index keeps them (JSON): a few distinct values
        self.titles_json: dict[tuple[str, ...], str] = {}

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
            elif name in _UNITS or name in _BLOCKS or name.startswith("div"):
                code = _OTHER
            else:
                code = _PLAIN
            info = (name, code, name in _UNITS, name in _BLOCKS, name.startswith("div"))
        self.names[tag] = info
        return info

    def section(self) -> str | None:
        return self.current_section

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
            self.page = el.get("n")
            if self.stack:
                unit, text = self.stack[-1]
                unit.pages.append((text.offset(), self.page))
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

    def unit_id(self) -> int | None:
        """The index id of the innermost open unit."""
        return self.base + self.stack[-1][0].ord if self.stack else None

    def open_unit(self, el: etree._Element, name: str, path: str) -> None:
        parent = None
        if name == "note":
            for unit, _ in reversed(self.stack):
                if unit.kind != "note":
                    parent = unit.ord
                    break
        get = el.get
        units = self.rec.units
        # positional: ord, kind, xpath, xml_id, section, page, n, parent, place, type, target
        unit = UnitRec(
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
        unit, text = self.stack.pop()
        unit.text = text.value()
        self.parts = self.stack[-1][1].parts if self.stack else None

    def person(self, el: etree._Element, path: str) -> None:
        # The offsets in the open unit's text (self.offset() inlined: the walk's most
        # frequent call); units opened inside a persName are closed by its end.
        self.epoch += 1
        stack = self.stack
        if stack:
            open_unit, collected = stack[-1]
            start = collected.offset() if collected.parts else collected.length
            unit: int | None = self.base + open_unit.ord
        else:
            collected, start, unit = None, 0, None
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
        get = el.get
        xml_id, section, page = get(_XML_ID), self.current_section, self.page
        titles_json = self.titles_json.get(titles)
        if titles_json is None:
            titles_json = self.titles_json[titles] = json.dumps(titles)
        value = get("ref") or get("key")
        if value and " " not in value and value.isprintable():
            # one reference, no whitespace (nearly every mention; str.split splits on every
            # Unicode space, all of which are not printable but " "): no list of them
            refs: list[str | None] = [value.split("#", 1)[1] if "#" in value else value]
        else:
            refs = list(_refs(value)) or [None]
        # rows of the mentions table, one per person referred to
        mentions = self.rec.mentions
        for person in refs:
            mentions.append(
                (
                    self.doc_id,
                    unit,
                    person,
                    text,
                    titles_json,
                    start,
                    end,
                    path,
                    xml_id,
                    section,
                    page,
                )
            )

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
        get = el.get
        when, from_, to = get("when"), get("from"), get("to")
        not_before, not_after = get("notBefore"), get("notAfter")
        first = _span(when or from_ or not_before)
        last = _span(when or to or not_after)
        start = first[0] if first else (last[0] if last else None)
        end = last[1] if last else (first[1] if first else None)
        cert = get("cert")
        inferred = cert in ("medium", "low", "unknown") or get("evidence") == "conjecture"
        # a row of the dates table
        self.rec.dates.append(
            (
                self.doc_id,
                self.unit_id(),
                text,
                when,
                from_,
                to,
                not_before,
                not_after,
                cert,
                start,
                end,
                int(inferred),
                path,
                get(_XML_ID),
                self.current_section,
                page,
            )
        )

    def prefixed(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name


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


def _refs(value: str | None) -> list[str]:
    if not value:
        return []
    return [token.split("#", 1)[1] if "#" in token else token for token in value.split()]


def extract(tree: etree._ElementTree, doc_id: int = 0) -> DocRecord:
    """The records of one TEI document (``TEI`` or ``teiCorpus`` root; see
    :func:`teikit.tei.io.is_tei`), read as the index's document ``doc_id``."""
    # The walk makes hundreds of thousands of small records and no reference cycles; the
    # cyclic collector, left on, would re-scan them (and the tree's proxies) again and again,
    # which costs a fifth of the walk. Reference counting frees everything all the same.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _extract(tree, doc_id)
    finally:
        if enabled:
            gc.enable()


def _extract(tree: etree._ElementTree, doc_id: int) -> DocRecord:
    root = tree.getroot()
    ns = TEI_NS if root.tag.startswith("{") else ""
    prefix = "tei:" if ns else ""
    q = {"tei": TEI_NS} if ns else {}
    p = prefix
    record = DocRecord(doc_id)
    title = root.xpath(f"string(({p}teiHeader//{p}titleStmt/{p}title)[1])", namespaces=q)
    record.title = normalise(str(title)) or None
    record.persons = declared_persons(root, ns)
    _documents(root, f"/{p}{local(root.tag, ns)}", ns, q, record)
    _link_targets(record)
    return record


def _documents(
    container: etree._Element, path: str, ns: str, q: dict[str, str], record: DocRecord
) -> None:
    """Walk the ``text`` of a ``TEI`` or ``teiCorpus`` and of every ``TEI`` and ``teiCorpus``
    inside it (P5 allows both), nested ones included, in document order."""
    p = "tei:" if ns else ""
    texts = [c for c in container if isinstance(c.tag, str) and local(c.tag, ns) == "text"]
    if texts:  # a teiCorpus may hold a text of its own too (model.resource)
        section = container.xpath(
            f"string(({p}teiHeader//{p}biblScope[@unit='section']/@n)[1])", namespaces=q
        )
        walk = _Walk(ns, p, str(section) or None, record)
        for i, child in enumerate(texts, start=1):
            step = f"{p}text" + (f"[{i}]" if len(texts) > 1 else "")
            walk.element(child, walk.name(child.tag), f"{path}/{step}")
    seen: dict[str, int] = {}
    for child in container:
        name = local(child.tag, ns) if isinstance(child.tag, str) else None
        if name in DOCUMENTS or name in CORPORA:
            seen[name] = seen.get(name, 0) + 1
            _documents(child, f"{path}/{p}{name}[{seen[name]}]", ns, q, record)


def _link_targets(record: DocRecord) -> None:
    """Give a note standing apart from its paragraph (``note/@target``) that paragraph."""
    by_id = {u.xml_id: u for u in record.units if u.xml_id}
    for unit in record.units:
        if unit.kind == "note" and unit.parent is None and unit.target:
            ref = unit.target.split()[0].lstrip("#")
            target = by_id.get(ref)
            if target is not None and target.kind in PARAGRAPH_KINDS:
                unit.parent = target.ord
