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

import calendar
import re
from dataclasses import dataclass, field

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Elements whose text is a unit on its own, unless they stand inside another unit (a ``p``
#: inside a ``quote`` inside a ``p`` belongs to the outer ``p``). A ``note`` is always its own
#: unit: its text is read at its marker but is not part of the paragraph's text.
_UNITS = frozenset({"p", "ab", "head", "item", "cell", "l", "note", "label", "byline", "trailer"})
PARAGRAPH_KINDS = ("p", "ab")
#: Forme work and the like: kept on the page, not part of any sentence.
_SKIP_TEXT = frozenset({"fw", "figDesc"})
#: Blocks inside a unit (quoted paragraphs, list items): a space keeps their words apart.
_BLOCKS = frozenset({"p", "ab", "quote", "list", "item", "table", "row", "cell", "l", "lg", "head"})
#: XML's whitespace only, as XPath's normalize-space(): NO-BREAK, EN and THIN spaces are the
#: page's characters and stay (search and ``contains`` match any space for a space).
_WS = re.compile(r"[ \t\r\n]+")
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


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


@dataclass(slots=True)
class MentionRec:
    unit: int | None
    person: str | None
    text: str
    titles: tuple[str, ...]
    start: int
    end: int
    xpath: str
    xml_id: str | None
    section: str | None
    page: str | None


@dataclass(slots=True)
class DateRec:
    unit: int | None
    text: str
    when: str | None
    from_date: str | None
    to_date: str | None
    not_before: str | None
    not_after: str | None
    cert: str | None
    start: str | None
    end: str | None
    inferred: bool
    xpath: str
    xml_id: str | None
    section: str | None
    page: str | None


@dataclass(slots=True)
class PersonRec:
    id: str
    names: tuple[str, ...]
    titles: tuple[str, ...]
    wikidata: str | None


@dataclass(slots=True)
class DocRecord:
    units: list[UnitRec] = field(default_factory=list)
    mentions: list[MentionRec] = field(default_factory=list)
    dates: list[DateRec] = field(default_factory=list)
    persons: list[PersonRec] = field(default_factory=list)
    title: str | None = None


def is_tei(root: etree._Element) -> bool:
    """Whether ``root`` is a ``TEI`` or ``teiCorpus`` element (in the TEI namespace or none)."""
    return root.tag in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus", "TEI", "teiCorpus")


def normalise(text: str) -> str:
    """Collapse runs of XML whitespace to one space and strip them from the ends."""
    return _WS.sub(" ", text).strip(" ")


def text_of(el: etree._Element) -> str:
    """The element's text, whitespace collapsed (``itertext`` yields only ``str`` here)."""
    return normalise("".join(t for t in el.itertext() if isinstance(t, str)))


def date_span(value: str | None) -> tuple[str, str] | None:
    """The first and last ISO day an ISO 8601 date (``2007``, ``2007-11``, ``2007-11-01``) covers.

    >>> date_span("2007-11")
    ('2007-11-01', '2007-11-30')
    >>> date_span("around then") is None
    True
    """
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    year_s, month_s, day_s = match.groups()
    year = int(year_s)
    if month_s is None:
        return f"{year_s}-01-01", f"{year_s}-12-31"
    month = int(month_s)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1] if year > 0 else 31
    if day_s is None:
        return f"{year_s}-{month_s}-01", f"{year_s}-{month_s}-{last:02d}"
    if not 1 <= int(day_s) <= last:
        return None
    day = f"{year_s}-{month_s}-{day_s}"
    return day, day


class _Text:
    """A unit's text being collected: whitespace collapsed as it is appended, so offsets taken
    during the walk are offsets into the final text."""

    __slots__ = ("length", "parts", "space")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.space = True  # at the start, leading whitespace is dropped

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = _WS.sub(" ", text)
        if self.space and text.startswith(" "):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.space = text.endswith(" ")

    def value(self) -> str:
        return "".join(self.parts).rstrip(" ")


def _local(tag: str, ns: str) -> str | None:
    """The local name of an element of the document's TEI namespace, else ``None``."""
    if ns:
        return tag[len(ns) + 2 :] if tag.startswith(ns, 1) and tag[0] == "{" else None
    return None if tag.startswith("{") else tag


class _Walk:
    def __init__(self, ns: str, prefix: str, section: str | None) -> None:
        self.ns = ns
        self.prefix = prefix
        self.doc_section = section
        self.rec = DocRecord()
        self.page: str | None = None
        self.divs: list[str | None] = []
        self.stack: list[tuple[UnitRec, _Text]] = []  # open units, innermost last

    def section(self) -> str | None:
        if self.doc_section is not None:
            return self.doc_section
        for n in reversed(self.divs):
            if n is not None:
                return n
        return None

    def paragraph_n(self) -> str | None:
        for unit, _ in reversed(self.stack):
            if unit.kind in PARAGRAPH_KINDS:
                return unit.n
        return None

    def element(self, el: etree._Element, name: str | None, path: str) -> None:
        if name is None:  # a foreign element: its text counts, its markup means nothing here
            self.add(el.text)
            self.children(el, path)
            return
        if name in _SKIP_TEXT:
            return
        if name == "pb":
            self.page = el.get("n")
            if self.stack:
                unit, text = self.stack[-1]
                unit.pages.append((text.length, self.page))
            return
        if name == "lb":
            if el.get("break") != "no":
                self.add(" ")
            return
        opened = name in _UNITS and (name == "note" or not self.stack)
        if opened:
            self.open_unit(el, name, path)
        block = name in _BLOCKS and not opened
        if block:
            self.add(" ")
        is_div = name.startswith("div")
        if is_div:
            self.divs.append(el.get("n"))
        if name == "persName":
            self.person(el, path)
        elif name == "date":
            self.date(el, path)
        else:
            self.add(el.text)
            self.children(el, path)
        if is_div:
            self.divs.pop()
        if block:
            self.add(" ")
        if opened:
            self.close_unit()

    def children(self, el: etree._Element, path: str) -> None:
        counts: dict[str, int] = {}
        for child in el:
            if isinstance(child.tag, str):
                counts[child.tag] = counts.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        position = 0
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):  # comment or processing instruction
                self.add(child.tail)
                continue
            position += 1
            name = _local(tag, self.ns)
            if name is None:
                step = f"*[{position}]"
            else:
                step = self.prefix + name
                if counts[tag] > 1:
                    seen[tag] = seen.get(tag, 0) + 1
                    step += f"[{seen[tag]}]"
            self.element(child, name, f"{path}/{step}")
            self.add(child.tail)

    def add(self, text: str | None) -> None:
        if self.stack and text:
            self.stack[-1][1].add(text)

    def offset(self) -> int:
        if not self.stack:
            return 0
        return self.stack[-1][1].length

    def unit_ord(self) -> int | None:
        return self.stack[-1][0].ord if self.stack else None

    def open_unit(self, el: etree._Element, name: str, path: str) -> None:
        parent = None
        if name == "note":
            for unit, _ in reversed(self.stack):
                if unit.kind != "note":
                    parent = unit.ord
                    break
        unit = UnitRec(
            ord=len(self.rec.units),
            kind=name,
            xpath=path,
            xml_id=el.get(_XML_ID),
            section=self.section(),
            page=self.page,
            n=el.get("n"),
            parent=parent,
            place=el.get("place"),
            type=el.get("type"),
            target=el.get("target"),
        )
        self.rec.units.append(unit)
        self.stack.append((unit, _Text()))

    def close_unit(self) -> None:
        unit, text = self.stack.pop()
        unit.text = text.value()

    def person(self, el: etree._Element, path: str) -> None:
        start = self.offset()
        titles = tuple(t for t in (text_of(r) for r in el.iter(self.prefixed("roleName"))) if t)
        self.add(el.text)
        self.children(el, path)
        end = self.offset()
        refs: list[str | None] = list(_refs(el.get("ref") or el.get("key"))) or [None]
        text = text_of(el)
        for ref in refs:
            self.rec.mentions.append(
                MentionRec(
                    unit=self.unit_ord(),
                    person=ref,
                    text=text,
                    titles=titles,
                    start=start,
                    end=end,
                    xpath=path,
                    xml_id=el.get(_XML_ID),
                    section=self.section(),
                    page=self.page,
                )
            )

    def date(self, el: etree._Element, path: str) -> None:
        page = self.page
        self.add(el.text)
        self.children(el, path)
        when, from_, to = el.get("when"), el.get("from"), el.get("to")
        not_before, not_after = el.get("notBefore"), el.get("notAfter")
        first = date_span(when or from_ or not_before)
        last = date_span(when or to or not_after)
        start = first[0] if first else (last[0] if last else None)
        end = last[1] if last else (first[1] if first else None)
        cert = el.get("cert")
        self.rec.dates.append(
            DateRec(
                unit=self.unit_ord(),
                text=text_of(el),
                when=when,
                from_date=from_,
                to_date=to,
                not_before=not_before,
                not_after=not_after,
                cert=cert,
                start=start,
                end=end,
                inferred=cert in ("medium", "low", "unknown") or el.get("evidence") == "conjecture",
                xpath=path,
                xml_id=el.get(_XML_ID),
                section=self.section(),
                page=page,
            )
        )

    def prefixed(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name


def _refs(value: str | None) -> list[str]:
    if not value:
        return []
    return [token.split("#", 1)[1] if "#" in token else token for token in value.split()]


def extract(tree: etree._ElementTree) -> DocRecord:
    """The records of one TEI document (``TEI`` or ``teiCorpus`` root; see :func:`is_tei`)."""
    root = tree.getroot()
    ns = TEI_NS if root.tag.startswith("{") else ""
    prefix = "tei:" if ns else ""
    q = {"tei": TEI_NS} if ns else {}
    p = prefix
    record = DocRecord()
    title = root.xpath(f"string(({p}teiHeader//{p}titleStmt/{p}title)[1])", namespaces=q)
    record.title = normalise(str(title)) or None
    record.persons = _persons(root, ns)
    texts: list[tuple[etree._Element, str]] = []
    if _local(root.tag, ns) == "TEI":
        texts = [(root, f"/{p}TEI")]
    else:
        for i, tei in enumerate(root.iterchildren(f"{{{ns}}}TEI" if ns else "TEI"), start=1):
            texts.append((tei, f"/{p}teiCorpus/{p}TEI[{i}]"))
    for tei, tei_path in texts:
        section = tei.xpath(
            f"string(({p}teiHeader//{p}biblScope[@unit='section']/@n)[1])", namespaces=q
        )
        walk = _Walk(ns, prefix, str(section) or None)
        walk.rec = record
        position = 0
        for child in tei:
            if not isinstance(child.tag, str):
                continue
            position += 1
            if _local(child.tag, ns) == "text":
                same = [c for c in tei if c.tag == child.tag]
                step = f"{p}text" + (f"[{same.index(child) + 1}]" if len(same) > 1 else "")
                walk.element(child, "text", f"{tei_path}/{step}")
        _link_targets(record)
    return record


def _link_targets(record: DocRecord) -> None:
    """Give a note standing apart from its paragraph (``note/@target``) that paragraph."""
    by_id = {u.xml_id: u for u in record.units if u.xml_id}
    for unit in record.units:
        if unit.kind == "note" and unit.parent is None and unit.target:
            ref = unit.target.split()[0].lstrip("#")
            target = by_id.get(ref)
            if target is not None and target.kind in PARAGRAPH_KINDS:
                unit.parent = target.ord


def _persons(root: etree._Element, ns: str) -> list[PersonRec]:
    def q(name: str) -> str:
        return f"{{{ns}}}{name}" if ns else name

    persons: list[PersonRec] = []
    for person in root.iter(q("person")):
        pid = person.get(_XML_ID)
        if not pid:
            continue
        names: list[str] = []
        titles: list[str] = []
        for pers_name in person.iter(q("persName")):
            name = text_of(pers_name)
            if name and name not in names:
                names.append(name)
            for role in pers_name.iter(q("roleName")):
                title = text_of(role)
                if title and title not in titles:
                    titles.append(title)
        wikidata = None
        for idno in person.iter(q("idno")):
            if idno.get("type") == "wikidata" and idno.text:
                wikidata = idno.text.strip()
        persons.append(PersonRec(pid, tuple(names), tuple(titles), wikidata))
    return persons
