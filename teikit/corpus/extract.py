"""One parsed TEI document -> flat records: units of text, person mentions, dates, persons.

The walk (:class:`teikit.tei.walk.Walk`, the one the exports read through too) reads each
element once, in document order; this module keeps what every question needs as rows: the
text of each *unit* (a paragraph, head, note or other block), the offsets of each
``persName`` in that text, each ``date`` with its calendar span, and the ``pb/@n`` and section
in effect. The index stores these records; the queries never need the tree again (only
``xpath()`` does).

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
    CORPORA,
    DOCUMENTS,
    PARAGRAPH_KINDS,
    Declared,
    date_span,
    declared_persons,
    local,
    normalise,
)
from teikit.tei.walk import Unit, Walk
from teikit.xmlnames import TEI_NS
from teikit.xmlnames import XML_ID as _XML_ID

if TYPE_CHECKING:  # the walk only reads trees it is given; importing lxml is the caller's
    from lxml import etree

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
    units: list[Unit] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    dates: list[tuple[Any, ...]] = field(default_factory=list)
    persons: list[Declared] = field(default_factory=list)
    title: str | None = None


#: A ``date``'s calendar span, remembered: a corpus repeats the same few thousand values.
_span = lru_cache(maxsize=8192)(date_span)


class _IndexWalk(Walk):
    """The walk (:class:`teikit.tei.walk.Walk`), keeping each mention and date as a row of the
    index's tables."""

    def __init__(self, ns: str, section: str | None, record: DocRecord) -> None:
        super().__init__(ns, section, record.units)
        self.rec = record
        self.doc_id = record.doc_id
        self.base = record.doc_id * UNIT_STRIDE
        #: a mention's titles as the index keeps them (JSON): a few distinct values
        self.titles_json: dict[tuple[str, ...], str] = {}

    def unit_id(self) -> int | None:
        """The index id of the innermost open unit."""
        return self.base + self.stack[-1][0].ord if self.stack else None

    def mention(
        self,
        el: etree._Element,
        path: str,
        start: int,
        end: int,
        text: str,
        titles: tuple[str, ...],
    ) -> None:
        stack = self.stack
        unit = self.base + stack[-1][0].ord if stack else None
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

    def dated(self, el: etree._Element, path: str, text: str, page: str | None) -> None:
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
        walk = _IndexWalk(ns, str(section) or None, record)
        for i, child in enumerate(texts, start=1):
            step = f"{p}text" + (f"[{i}]" if len(texts) > 1 else "")
            walk.walk(child, f"{path}/{step}")
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
