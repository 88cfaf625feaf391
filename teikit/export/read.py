"""TEI files -> the records every exporter shares: documents, persons, paragraphs, notes,
mentions and dates, each with a page and an id that joins across formats.

This is the exporters' one reading module. It parses only with the hardened parser
(:func:`teikit.safexml.parse_file`) and walks each document's ``text`` once, in reading order,
keeping a small cursor (the current page, the paragraph and the note it is inside). Every
record id is ``DOCUMENT/ANCHOR``; ``ANCHOR`` is also the ``id`` of the element in that
document's page of the reading edition (``p-3``, ``m-7``, ``d-2``, the note's own ``xml:id``), so
a row of ``mentions.csv`` links straight to its place in the HTML.

The walk is the corpus index's (:class:`teikit.tei.walk.Walk`): what a paragraph, a note, a
mention and a date are, and what text each has, are decided there once for both readers;
this module keeps its records with the elements themselves, to anchor the reading edition's
ids on, and writes every text with its spaces folded (:func:`teikit.tei.io.clean`). The
persons are :class:`teikit.corpus.Person`, as :meth:`teikit.Corpus.persons` answers them.

It reads teikit's output and, as far as it goes, any TEI P5: unknown elements are walked
through, a ``persName`` without ``@ref`` is no mention of a known person, a document without a
``standOff`` has no personography.

>>> from pathlib import Path
>>> doc = read_document(Path("tests/data/export/alpha.xml"))
>>> doc.id, doc.section, doc.page_from, doc.page_to
('alpha', '9.6', '287', '288')
>>> [m.person for m in doc.mentions][:3]
['pers-maliki', 'pers-maliki', 'pers-browne']
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teikit.corpus import Corpus, Person
from teikit.errors import InputError, Problem, UsageError
from teikit.safexml import parse_file
from teikit.tei.io import clean
from teikit.tei.io import local_name as local
from teikit.tei.walk import Walk, unit_text
from teikit.xmlnames import TEI_NS, XML_ID, T

NS = {"t": TEI_NS}

Element = etree._Element


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a ``p`` in ``text`` not inside another ``p`` or ``ab`` or a ``note``,
    whatever holds it (the walk's definition, which :meth:`teikit.Corpus.paragraphs` uses,
    but for the ``ab`` it also counts); quotations and lists included in its text, notes left
    out."""

    id: str
    document: str
    n: str
    part: str
    page: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    document: str
    paragraph: str
    n: str
    page: str
    missing: bool
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A ``persName`` that points to a person (``@ref="#pers-…"``)."""

    id: str
    person: str
    document: str
    paragraph: str
    note: str
    page: str
    text: str


@dataclass(frozen=True, slots=True)
class DateRef:
    """A ``date`` with its normalised value: ``when``, or a range ``from``/``to`` (also from
    ``notBefore``/``notAfter``); ``start`` is what the timeline sorts on."""

    id: str
    document: str
    paragraph: str
    note: str
    page: str
    when: str
    from_: str
    to: str
    cert: str
    text: str

    @property
    def start(self) -> str:
        return self.when or self.from_ or self.to

    @property
    def iso(self) -> str:
        """``2007-11-01`` or ``2007-06-27/2008-04`` (ISO 8601 interval)."""
        return self.when or f"{self.from_}/{self.to}"


@dataclass(slots=True)
class Document:
    """One TEI file as the exporters see it. ``anchors`` maps the elements that get an id in
    the reading edition to it; ``pages`` maps each ``pb`` to its page label (``""`` when the
    number was not printed)."""

    id: str
    path: Path
    tree: etree._ElementTree
    title: str
    section: str
    section_title: str
    page_from: str
    page_to: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    anchors: dict[Element, str] = field(default_factory=dict)
    pages: dict[Element, str] = field(default_factory=dict)

    @property
    def root(self) -> Element:
        return self.tree.getroot()

    @property
    def pages_label(self) -> str:
        if not self.page_from:
            return ""
        if self.page_to in ("", self.page_from):
            return f"p. {self.page_from}"
        return f"pp. {self.page_from}–{self.page_to}"


@dataclass(slots=True)
class Collection:
    """What an export reads: the TEI files, and the persons and their co-occurrences as
    :class:`teikit.Corpus` answers them (so ``teikit query`` and ``teikit export`` agree).

    The documents are read one at a time (:meth:`documents`), so an export holds one TEI tree
    in memory whatever the size of the corpus."""

    files: list[Path]
    """The TEI files, in the order they were found."""
    persons: list[Person]
    """Every person declared or mentioned, sorted by id."""
    pairs: dict[tuple[str, str], int]
    """(person a, person b) with a < b -> paragraphs naming both (their own text, not notes)."""
    progress: Callable[[str, int, int], None] = field(default=lambda stage, done, total: None)

    def documents(
        self, files: Iterable[Path] | None = None, *, records: bool = True
    ) -> Iterator[Document]:
        """Each of ``files`` (default: all, in order) read as a :class:`Document`, one at a
        time; the previous one is no longer referenced here when the next is read.
        ``records=False`` reads only the header and the page numbers (see
        :func:`read_document`)."""
        chosen = self.files if files is None else list(files)
        for done, path in enumerate(chosen, 1):
            yield read_document(path, records=records)
            self.progress("reading", done, len(chosen))


def read_collection(
    paths: Iterable[str | os.PathLike[str]], progress: Callable[[str, int, int], None]
) -> Collection:
    """Open each path as a :class:`~teikit.corpus.Corpus` (a file, a folder of ``*.xml`` and
    ``*.tei`` in it and below, or a glob) and gather its files, persons and co-occurrences;
    the documents themselves are read later, one at a time (:meth:`Collection.documents`).

    Raises :class:`InputError` for a path that matches nothing or a file that cannot be read as
    TEI, and :class:`UsageError` when a file is given twice or two files would get the same
    document id (their name without ``.xml``).
    """
    files: list[Path] = []
    people: dict[str, list[Person]] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    for given in paths:
        progress(f"opening {given}", 0, 0)
        # index=False: an export never writes beside its input (teikit query keeps an index
        # there; reusing it would make a rerun faster).
        with Corpus.open(Path(given), index=False) as corpus:
            errors = [p for p in corpus.problems if p.severity == "error"]
            if errors:
                raise InputError(errors[0])
            if not corpus.files:
                raise InputError(Problem.make("TK406", f"{given}", file=str(given)))
            files.extend(corpus.root / name for name in corpus.files)
            for person in corpus.persons():
                people.setdefault(person.id, []).append(person)
            for pair in corpus.cooccurrence():
                pairs[pair.person_a, pair.person_b] += pair.count
    _check_unique(files)
    persons = [_merged(group) for _, group in sorted(people.items())]
    return Collection(files, persons, dict(sorted(pairs.items())), progress)


def _merged(group: list[Person]) -> Person:
    """One person from the same id in several corpora: names, titles, documents and pages
    joined in order, mentions added up, the first Wikidata id and the widest dates kept."""
    if len(group) == 1:
        return group[0]
    firsts = [p.first_date for p in group if p.first_date]
    lasts = [p.last_date for p in group if p.last_date]
    return group[0].model_copy(
        update={
            "names": tuple(dict.fromkeys(n for p in group for n in p.names)),
            "titles": tuple(dict.fromkeys(t for p in group for t in p.titles)),
            "mention_count": sum(p.mention_count for p in group),
            "documents": tuple(dict.fromkeys(d for p in group for d in p.documents)),
            "pages": tuple(dict.fromkeys(g for p in group for g in p.pages)),
            "first_date": min(firsts, default=None),
            "last_date": max(lasts, default=None),
            "wikidata": next((p.wikidata for p in group if p.wikidata), None),
        }
    )


def _check_unique(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in files:
        if path.stem in seen:
            same = seen[path.stem].resolve() == path.resolve()
            raise UsageError(
                f"{path} is given twice; give each file or folder once"
                if same
                else f"{seen[path.stem]} and {path} would both be exported as {path.stem!r}; "
                "rename one or export them separately"
            )
        seen[path.stem] = path


def read_document(path: Path, *, records: bool = True) -> Document:
    """Parse one TEI file (hardened parser) and gather its records; with ``records=False``
    only its header and page numbers (``pages``, ``page_from``, ``page_to``), which is much
    quicker: no paragraphs, notes, mentions, dates or anchors."""
    tree = parse_file(path)
    root = tree.getroot()
    if local(root) != "TEI":
        raise InputError(
            Problem.make(
                "TK405", f"root element is <{local(root)}>, not a TEI document", file=str(path)
            )
        )
    bibl = root.find("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl", NS)
    section = section_title = page_from = page_to = ""
    if bibl is not None:
        scope = bibl.find("t:biblScope[@unit='section']", NS)
        section = scope.get("n", "") if scope is not None else ""
        section_title = clean(bibl.findtext("t:title[@level='a']", "", NS) or "")
        pages = bibl.find("t:biblScope[@unit='page']", NS)
        if pages is not None:
            page_from, page_to = pages.get("from", ""), pages.get("to", "")
    title = clean(root.findtext("t:teiHeader/t:fileDesc/t:titleStmt/t:title", "", NS) or "")
    doc = Document(
        id=path.stem,
        path=path,
        tree=tree,
        title=title or path.stem,
        section=section,
        section_title=section_title,
        page_from=page_from,
        page_to=page_to,
    )
    if records:
        _Reading(doc).run()
    else:
        text = root.find("t:text", NS)
        if text is not None:
            _label_pages(doc, text)
    labels = [label for label in doc.pages.values() if label]
    if not doc.page_from and labels:
        doc.page_from, doc.page_to = labels[0], labels[-1]
    return doc


def fullest(names: Iterable[str]) -> str:
    """The longest name (ties: the first in alphabetical order): what a register shows."""
    ordered = sorted(n for n in names if n)
    return max(ordered, key=len) if ordered else ""


def display_name(person: Person) -> str:
    """The name a register, a table or a network shows for ``person``: the fullest of its
    names, else its id."""
    return fullest(person.names) or person.id


def paragraph_text(element: Element) -> str:
    """The text of an element as a paragraph of its own (:func:`teikit.tei.walk.unit_text`:
    notes and forme work left out, blocks apart by a space), every space folded."""
    return clean(unit_text(element))


class _Reading(Walk):
    """The walk (:class:`teikit.tei.walk.Walk`) over ``text``, keeping what the exporters
    read: paragraphs and notes (with the page label where each opens, or, for a note, where it
    ends), mentions of a person (``@ref="#…"``) and dates with a value, each anchored on its
    element; every ``pb`` anchored too, for the reading edition's page marks."""

    def __init__(self, doc: Document) -> None:
        super().__init__(TEI_NS, None)
        self.doc = doc
        self.label = doc.page_from  # the page label in effect (a pb's, from doc.pages)
        self.paragraph = ""  # the record id of the paragraph open, if any
        self.note = ""  # the record id of the innermost note open, if any
        self.counts = {"p": 0, "m": 0, "d": 0, "n": 0, "pb": 0}
        #: per open unit: its element, its page label where it opened, and the note that
        #: was open outside it (a note); None for a unit the exports do not keep
        self.kept: list[tuple[Element, str, str] | None] = []

    def run(self) -> None:
        text = self.doc.root.find("t:text", NS)
        if text is not None:
            _label_pages(self.doc, text)
            self.walk(text, "/tei:TEI/tei:text")

    def _anchor(self, element: Element, kind: str) -> str:
        self.counts[kind] += 1
        anchor = f"{kind}-{self.counts[kind]}"
        self.doc.anchors[element] = anchor
        return anchor

    def page_break(self, el: Element) -> None:
        super().page_break(el)
        self._anchor(el, "pb")
        self.label = self.doc.pages.get(el, "")

    def open_unit(self, el: Element, name: str, path: str) -> None:
        super().open_unit(el, name, path)
        doc = self.doc
        if name == "note":
            anchor = el.get(XML_ID) or self._anchor(el, "n")
            doc.anchors[el] = anchor
            self.kept.append((el, self.label, self.note))
            self.note = f"{doc.id}/{anchor}"
        elif name == "p":  # opens only outside any paragraph and note
            # An ``ab`` the walk counts as a paragraph too is no paragraph of the exports
            # (teikit writes one for text that fits no block; its anchors and rows would
            # renumber every paragraph after it).
            self.paragraph = f"{doc.id}/{self._anchor(el, 'p')}"
            self.kept.append((el, self.label, ""))
        else:
            self.kept.append(None)

    def close_unit(self) -> None:
        unit = self.stack[-1][0]
        super().close_unit()
        kept = self.kept.pop()
        if kept is None:
            return
        el, label, outer = kept
        doc = self.doc
        if unit.kind == "note":
            doc.notes.append(
                Note(
                    self.note,
                    doc.id,
                    self.paragraph,
                    el.get("n", ""),
                    self.label,
                    el.get("type") == "missing",
                    clean(unit.text),
                )
            )
            self.note = outer
        else:
            doc.paragraphs.append(
                Paragraph(
                    self.paragraph,
                    doc.id,
                    el.get("n", ""),
                    el.get("part", ""),
                    label,
                    clean(unit.text),
                )
            )
            self.paragraph = ""

    def mention(
        self,
        el: Element,
        path: str,
        start: int,
        end: int,
        text: str,
        titles: tuple[str, ...],
    ) -> None:
        ref = el.get("ref", "")
        if ref.startswith("#"):
            anchor = self._anchor(el, "m")
            doc = self.doc
            doc.mentions.append(
                Mention(
                    f"{doc.id}/{anchor}",
                    ref[1:],
                    doc.id,
                    self.paragraph,
                    self.note,
                    self.label,
                    clean(text),
                )
            )

    def dated(self, el: Element, path: str, text: str, page: str | None) -> None:
        when = el.get("when", "")
        start = el.get("from") or el.get("notBefore") or ""
        end = el.get("to") or el.get("notAfter") or ""
        if not (when or start or end):
            return
        anchor = self._anchor(el, "d")
        doc = self.doc
        doc.dates.append(
            DateRef(
                f"{doc.id}/{anchor}",
                doc.id,
                self.paragraph,
                self.note,
                self.label,
                when,
                start,
                end,
                el.get("cert", ""),
                clean(text),
            )
        )


def _label_pages(doc: Document, text: Element) -> None:
    """Each ``pb``'s page label: its ``@n``, else the number printed at the foot of its page
    (``fw type="pageNum"``), else, for a document of one page, the header's first page."""
    current: Element | None = None
    for element in text.iter(f"{T}pb", f"{T}fw"):
        if local(element) == "pb":
            current = element
            doc.pages[element] = element.get("n", "")
        elif element.get("type") == "pageNum" and current is not None and not doc.pages[current]:
            doc.pages[current] = clean(element.text or "")
    first = next(iter(doc.pages), None)
    if first is not None and not doc.pages[first] and len(doc.pages) == 1:
        doc.pages[first] = doc.page_from
