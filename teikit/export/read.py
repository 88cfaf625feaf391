"""TEI files -> the records every exporter shares: documents, persons, paragraphs, notes,
mentions and dates, each with a page and an id that joins across formats.

This is the exporters' one reading module. It parses only with the hardened parser
(:func:`teikit.safexml.parse_file`) and walks each document's ``text`` once, in reading order,
keeping a small cursor (the current page, the paragraph and the note it is inside). Every
record id is ``DOCUMENT/ANCHOR``; ``ANCHOR`` is also the ``id`` of the element in that
document's page of the reading edition (``p-3``, ``m-7``, ``d-2``, the note's own ``xml:id``), so
a row of ``mentions.csv`` links straight to its place in the HTML.

What an element is and how its text is told (local names, blocks, forme work, spaces folded)
come from :mod:`teikit.tei.io`, the reading layer the corpus index shares; the persons are
:class:`teikit.corpus.Person`, as :meth:`teikit.Corpus.persons` answers them. The walk here
stays apart from the index's (:mod:`teikit.corpus.extract`) because it keeps what the
index cannot: the elements themselves, to anchor the reading edition's ids on.

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
from typing import ClassVar

from lxml import etree

from teikit.corpus import Corpus, Person
from teikit.errors import InputError, Problem, UsageError
from teikit.safexml import parse_file
from teikit.tei.io import BLOCKS, FORME_WORK, clean
from teikit.tei.io import clean_text_of as text_of
from teikit.tei.io import local_name as local
from teikit.xmlnames import TEI_NS, XML_ID, T

NS = {"t": TEI_NS}

Element = etree._Element


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a ``p`` in ``text`` not inside another ``p`` or a ``note``, whatever holds
    it (the definition :meth:`teikit.Corpus.paragraphs` uses); quotations and lists included
    in its text, notes left out."""

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
    walker = _Walker(doc)
    if records:
        walker.run()
    else:
        walker.label_pages()
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
    """The text of an element, notes and forme works left out, blocks apart by a space."""
    parts: list[str] = []
    _gather(element, parts)
    return clean("".join(parts))


#: Left out of a paragraph's text: its notes (read on their own) and forme work.
_SKIPPED = frozenset({"note", FORME_WORK})


def _gather(element: Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        name = local(child)
        if name and name not in _SKIPPED:
            if name in BLOCKS:
                parts.append(" ")
            if name == "lb" and child.get("break") != "no":
                parts.append(" ")
            _gather(child, parts)
            if name in BLOCKS:
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)


class _Walker:
    """One pass over ``text`` in reading order: pages, paragraphs, notes, mentions, dates."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.page = doc.page_from
        self.paragraph = ""
        self.note = ""
        self.counts = {"p": 0, "m": 0, "d": 0, "n": 0, "pb": 0}

    def run(self) -> None:
        text = self.doc.root.find("t:text", NS)
        if text is None:
            return
        self._label_pages(text)
        self._walk(text)

    def label_pages(self) -> None:
        text = self.doc.root.find("t:text", NS)
        if text is not None:
            self._label_pages(text)

    def _label_pages(self, text: Element) -> None:
        # A pb without @n takes the number printed at the foot of its page (fw pageNum).
        current: Element | None = None
        for element in text.iter(f"{T}pb", f"{T}fw"):
            if local(element) == "pb":
                current = element
                self.doc.pages[element] = element.get("n", "")
            elif (
                element.get("type") == "pageNum"
                and current is not None
                and not self.doc.pages[current]
            ):
                self.doc.pages[current] = clean(element.text or "")
        first = next(iter(self.doc.pages), None)
        if first is not None and not self.doc.pages[first] and len(self.doc.pages) == 1:
            self.doc.pages[first] = self.doc.page_from

    def _anchor(self, element: Element, kind: str) -> str:
        self.counts[kind] += 1
        anchor = f"{kind}-{self.counts[kind]}"
        self.doc.anchors[element] = anchor
        return anchor

    def _walk(self, element: Element) -> None:
        for child in element:
            name = local(child)
            handler = self._HANDLERS.get(name)
            if handler is None:
                self._walk(child)
            else:
                handler(self, child)

    def _pb(self, element: Element) -> None:
        self._anchor(element, "pb")
        self.page = self.doc.pages.get(element, "")

    def _p(self, element: Element) -> None:
        if self.paragraph or self.note:  # a p inside a quotation or a note: part of it
            self._walk(element)
            return
        anchor = self._anchor(element, "p")
        self.paragraph = f"{self.doc.id}/{anchor}"
        page = self.page
        self._walk(element)
        self.doc.paragraphs.append(
            Paragraph(
                self.paragraph,
                self.doc.id,
                element.get("n", ""),
                element.get("part", ""),
                page,
                paragraph_text(element),
            )
        )
        self.paragraph = ""

    def _note(self, element: Element) -> None:
        anchor = element.get(XML_ID) or self._anchor(element, "n")
        self.doc.anchors[element] = anchor
        outer = self.note  # a note inside a note: the p after the inner one is still the note's
        self.note = f"{self.doc.id}/{anchor}"
        self._walk(element)
        self.doc.notes.append(
            Note(
                self.note,
                self.doc.id,
                self.paragraph,
                element.get("n", ""),
                self.page,
                element.get("type") == "missing",
                paragraph_text(element),
            )
        )
        self.note = outer

    def _pers_name(self, element: Element) -> None:
        ref = element.get("ref", "")
        if ref.startswith("#"):
            anchor = self._anchor(element, "m")
            self.doc.mentions.append(
                Mention(
                    f"{self.doc.id}/{anchor}",
                    ref[1:],
                    self.doc.id,
                    self.paragraph,
                    self.note,
                    self.page,
                    text_of(element),
                )
            )

    def _date(self, element: Element) -> None:
        when = element.get("when", "")
        start = element.get("from") or element.get("notBefore") or ""
        end = element.get("to") or element.get("notAfter") or ""
        if not (when or start or end):
            return
        anchor = self._anchor(element, "d")
        self.doc.dates.append(
            DateRef(
                f"{self.doc.id}/{anchor}",
                self.doc.id,
                self.paragraph,
                self.note,
                self.page,
                when,
                start,
                end,
                element.get("cert", ""),
                text_of(element),
            )
        )

    def _skip(self, element: Element) -> None:
        pass

    _HANDLERS: ClassVar[dict[str, Callable[[_Walker, Element], None]]] = {
        "pb": _pb,
        "p": _p,
        "note": _note,
        "persName": _pers_name,
        "date": _date,
        "fw": _skip,
    }
