"""The chain: read -> layout -> footnotes -> entities -> TEI, one document at a time.

Pages are grouped into documents before any is converted: one per section by default (the
running head's section number; an even page, which names only the report, belongs to the
section of the page next to it), or one per page. Then each document goes through the stages
and comes out as a :class:`Conversion`: the TEI tree, its report, and its file name.

A :class:`Converter` does the work and holds what a run reuses (the person authority, the
pages its planning pass read); the module's functions each make one. Nothing is cached in
the module itself.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from teikit._version import __version__ as _version
from teikit.entities import (
    DateContext,
    Person,
    PersonAuthority,
    find_entities,
    listperson_element,
)
from teikit.entities.run import NO_NAMES, RunNames, learn_names, names_in_text
from teikit.errors import InputError, Problem
from teikit.footnotes import find_markers
from teikit.layout import parse_layout, peek
from teikit.model import BlockKind, PageLayout, RunningHead, Span
from teikit.options import ConvertOptions
from teikit.profile import LayoutProfile
from teikit.read import Page, read_file, read_normalised, read_text, split_pages
from teikit.report import ConversionReport, DocumentReport, PageReport
from teikit.safexml import parse_bytes
from teikit.tei.build import BodyBuilder, Element, PageInput
from teikit.tei.header import DocumentInfo, document_title, stand_off, tei_document, tei_header
from teikit.tei.ids import IdMaker
from teikit.tei.serialize import to_bytes, write_atomic


@dataclass(frozen=True, slots=True)
class Conversion:
    """One TEI document made from one or more pages: what every ``convert*`` function yields.

    A conversion made in this process holds the tree it built. One made in another process
    (:func:`teikit.convert_parallel` with ``jobs`` > 1, :func:`teikit.convert_distributed`)
    holds the document's bytes instead, since an lxml tree cannot travel between processes;
    its :attr:`root` parses them again on each access. Either way :meth:`to_bytes` gives the
    same bytes for the same input.
    """

    name: str
    """The output file name, e.g. ``section-9.6.xml``."""
    document: Element | bytes
    """The ``TEI`` element, or the document's bytes when it was converted in another process."""
    report: DocumentReport
    validation: tuple[Problem, ...] = ()
    """Problems found validating the document on the way (``convert_distributed(schema=)``)."""

    @property
    def root(self) -> Element:
        """The ``TEI`` element (parsed anew from the bytes if this conversion holds bytes)."""
        if isinstance(self.document, bytes):
            return parse_bytes(self.document, source=self.name, max_bytes=None).getroot()
        return self.document

    @property
    def problems(self) -> list[Problem]:
        """Everything the stages noticed on this document's pages."""
        return [p for page in self.report.pages for p in page.problems]

    def to_bytes(self) -> bytes:
        """The document as teikit writes it: UTF-8, byte-stable."""
        if isinstance(self.document, bytes):
            return self.document
        return to_bytes(self.document)

    def serialized(self) -> Conversion:
        """This conversion holding its bytes instead of its tree, to send to another process."""
        if isinstance(self.document, bytes):
            return self
        return replace(self, document=self.to_bytes())

    def write(self, folder: str | Path) -> Path:
        """Write the document into ``folder`` atomically; return its path."""
        path = Path(folder) / self.name
        write_atomic(path, self.to_bytes())
        return path


@dataclass(slots=True)
class _PageEntry:
    page: Page
    head: RunningHead | None
    number: str | None
    key: str | None = None


def expand_inputs(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files, directories (their ``*.txt``, recursively) and globs -> files, in natural order.

    Raises :class:`InputError` for an input that names nothing.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted((p for p in path.rglob("*.txt") if p.is_file()), key=natural_key)
        elif path.exists():
            found = [path]
        elif glob.has_magic(str(item)):
            found = sorted((Path(p) for p in glob.glob(str(item), recursive=True)), key=natural_key)
            found = [p for p in found if p.is_file()]
        else:
            found = []
        if not found:
            raise InputError(Problem.make("TK107", file=str(item)))
        files.extend(found)
    return files


def natural_key(path: str | Path) -> tuple[object, ...]:
    """Sort ``page9`` before ``page10``."""
    parts = re.split(r"(\d+)", str(path))
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def convert(
    inputs: str | Path | Iterable[str | Path],
    *,
    options: ConvertOptions | None = None,
) -> Iterator[Conversion]:
    """Convert text files into TEI documents, one per section (or per page):
    ``Converter(options).convert(inputs)``.

    >>> docs = list(convert("seeds/000_f6c87f8d16c5e508.txt"))
    >>> docs[0].name
    'section-9.6.xml'
    """
    return Converter(options).convert(inputs)


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where a page is (file and index in it) and what its edges said when it was planned."""

    source: str
    index: int
    head: RunningHead | None
    number: str | None
    key: str | None


@dataclass(frozen=True, slots=True)
class DocumentPlan:
    """One output document: its name and its pages, in order."""

    name: str
    pages: tuple[PageRef, ...]
    names: RunNames = NO_NAMES
    """The surnames the whole run names with a title (its first pass over names)."""


_Edges = tuple[str, int, RunningHead | None, str | None]
EdgeMapper = Callable[[Callable[[str, str], Any], list[str], list[str]], Iterable[Any]]
"""How the files are read for planning: ``map`` by default, or a process pool's ``map``."""

KeptPage = tuple[bytes, int]
"""A page kept from planning: its text in UTF-8 and its first line. UTF-8 because the report's
text is nearly all ASCII but for its spaces and quotation marks, which make a ``str`` of it
take two bytes a character: kept as UTF-8 it takes half the memory, and decoding it again
costs microseconds. Pages travel to worker processes in this form too (:meth:`Converter.take_kept`):
pickling UTF-8 bytes is a copy, where a :class:`~teikit.Page` would be decoded in the parent and
encoded again by ``pickle``."""

_FileRead = tuple[list[_Edges], list[tuple[str, str]], list[KeptPage] | None]
"""What planning learns from one file: its pages' edges, its titled names, and its pages."""

#: Bytes of page text (UTF-8) a :class:`Converter` keeps from its planning pass for the
#: conversion: about 4,000 of the report's pages. Within it every file is read and split into
#: pages once per run; the files planned after it is full are read again when their documents
#: are converted (once each, not once per document), so that memory stays flat however large
#: the corpus. Kept pages are let go as their documents are converted.
KEEP_BYTES = 12_000_000


class Converter:
    """Converts pages into TEI documents with one :class:`~teikit.ConvertOptions`.

    It holds what a run reuses, so nothing is cached in the module: the person authority
    (:attr:`person_authority`, loaded on first use, the user's ``--persons`` file merged over
    the built-in one, with its compiled name forms and the titled mentions read so far), the
    pages its planning pass read (up to ``keep_bytes`` bytes of text, each let go once its
    document is converted), and the last file it had to read again. Hold one to convert many
    texts or runs with the same options; :func:`teikit.convert`, :func:`teikit.convert_text`
    and :func:`teikit.convert_pages` each make a new one. One converter is not meant to be
    shared between threads.

    >>> converter = Converter(ConvertOptions(entities=False))
    >>> converter.convert_text("563.\\u2002The JIC judged.").name
    'document.xml'
    >>> [d.name for d in converter.convert("seeds/000_f6c87f8d16c5e508.txt")]
    ['section-9.6.xml']
    """

    __slots__ = ("_authority", "_kept", "_kept_bytes", "_last", "_waiting", "keep_bytes", "options")

    def __init__(
        self, options: ConvertOptions | None = None, *, keep_bytes: int | None = None
    ) -> None:
        self.options: ConvertOptions = options or ConvertOptions()
        # how many bytes of page text planning keeps for the conversion (default
        # KEEP_BYTES; 0: none, each document's pages are read again when it is converted)
        self.keep_bytes: int = KEEP_BYTES if keep_bytes is None else keep_bytes
        self._authority: PersonAuthority | None = None
        # source -> its pages, as planning read them; and how many of them no planned
        # document has taken yet (the file is let go at 0)
        self._kept: dict[str, list[KeptPage]] = {}
        self._waiting: dict[str, int] = {}
        self._kept_bytes = 0
        # The last file read again: a document's pages come from one file or from
        # consecutive files, so one file is enough to read each once, not once per document.
        self._last: tuple[str, list[Page]] | None = None

    @property
    def authority(self) -> tuple[Person, ...]:
        """The persons known before reading a page: teikit's built-in authority with the
        user's file (:attr:`ConvertOptions.persons`) merged over it. Loaded once."""
        return self.person_authority.persons

    @property
    def person_authority(self) -> PersonAuthority:
        """The :attr:`authority` as the person recognisers read it (its name forms compiled
        into one pattern, the titled mentions already read): built once per converter, and
        once per worker process in a parallel run."""
        if self._authority is None:
            self._authority = PersonAuthority.load(self.options.persons)
        return self._authority

    def convert(self, inputs: str | Path | Iterable[str | Path]) -> Iterator[Conversion]:
        """Convert text files (files, folders of ``*.txt``, globs) into TEI documents, one
        per section (or per page), in order. Each file is read once."""
        for plan in self.plan(inputs):
            yield self.convert_planned(plan)

    def convert_text(self, text: str, *, source: str = "<string>") -> Conversion:
        """Convert the page(s) in ``text`` into one TEI document (see
        :func:`teikit.convert_text`)."""
        profile = self.options.profile
        pages = read_text(text, source=source, profile=profile)
        entries = [_entry(page, profile) for page in pages]
        _assign_sections(entries)
        name = Path(source).stem + ".xml" if source != "<string>" else "document.xml"
        return self._convert_document(name, entries)

    def convert_pages(self, pages: Sequence[Page]) -> Iterator[Conversion]:
        """Group ``pages`` into documents and convert each, in order of first appearance."""
        options = self.options
        entries = [_entry(page, options.profile) for page in pages]
        _assign_sections(entries)
        names = NO_NAMES
        if options.entities:
            authority = self.person_authority
            names = learn_names(names_in_text(page.text, authority) for page in pages)
        for name, group in _documents(entries, options):
            yield self._convert_document(name, group, names)

    def plan(
        self, inputs: str | Path | Iterable[str | Path], *, map_files: EdgeMapper = map
    ) -> list[DocumentPlan]:
        """Group the pages of ``inputs`` into documents (see :func:`plan_documents`),
        reading each file once: for its pages' edges, for the run's first pass over names,
        and for the pages this converter keeps for :meth:`convert_planned`."""
        options = self.options
        files = [str(path) for path in expand_inputs(inputs)]
        # Files read in this process use this converter's authority; a reader sent to worker
        # processes travels without one (each worker lends its own), so the parent of a
        # pooled run does not build one it would not use.
        in_process = map_files is map
        read = PlanReader(
            options.profile,
            options.persons,
            options.entities,
            self.keep_bytes > 0,
            self.person_authority if options.entities and in_process else None,
        )
        entries: list[_PageEntry] = []
        found: list[list[tuple[str, str]]] = []
        for edges, names, pages in map_files(read, files, [options.encoding] * len(files)):
            entries.extend(
                _PageEntry(Page(source=source, text="", index=index), head, number)
                for source, index, head, number in edges
            )
            found.append(names)
            if pages and edges:
                self._keep(edges[0][0], pages)
        _assign_sections(entries)
        # the run's first pass over names (teikit.entities.run)
        names = learn_names(found) if options.entities else NO_NAMES
        return [
            DocumentPlan(
                name,
                tuple(PageRef(e.page.source, e.page.index, e.head, e.number, e.key) for e in group),
                names,
            )
            for name, group in _documents(entries, options)
        ]

    def convert_planned(
        self, plan: DocumentPlan, pages: Sequence[Page | KeptPage | None] | None = None
    ) -> Conversion:
        """Convert one planned document. Its pages are ``pages`` where given (from
        :meth:`take_pages` or :meth:`take_kept`, in another process), else those planning
        kept, else read again."""
        if pages is None:
            pages = self.take_kept(plan)
        entries = [
            _PageEntry(
                self._read_page(ref.source, ref.index)
                if page is None
                else page
                if isinstance(page, Page)
                else _kept_page(ref, page),
                ref.head,
                ref.number,
                ref.key,
            )
            for ref, page in zip(plan.pages, pages, strict=True)
        ]
        return self._convert_document(plan.name, entries, plan.names)

    def take_pages(self, plan: DocumentPlan) -> tuple[Page | None, ...]:
        """The pages of ``plan`` that planning kept (``None`` for one it did not keep), and
        let them go: each planned page is taken once."""
        return tuple(
            None if kept is None else _kept_page(ref, kept)
            for ref, kept in zip(plan.pages, self.take_kept(plan), strict=True)
        )

    def take_kept(self, plan: DocumentPlan) -> tuple[KeptPage | None, ...]:
        """:meth:`take_pages` as planning kept them (UTF-8 text and first line), the form in
        which :func:`teikit.convert_parallel` sends them to its workers."""
        return tuple(self._take(ref.source, ref.index) for ref in plan.pages)

    def _keep(self, source: str, pages: list[KeptPage]) -> None:
        if source in self._kept:  # the same file planned again: its pages are the same
            self._waiting[source] += len(pages)
            return
        size = sum(len(text) for text, _ in pages)
        if self._kept_bytes + size > self.keep_bytes:
            return
        self._kept[source] = pages
        self._waiting[source] = len(pages)
        self._kept_bytes += size

    def _take(self, source: str, index: int) -> KeptPage | None:
        pages = self._kept.get(source)
        if pages is None:
            return None
        self._waiting[source] -= 1
        if self._waiting[source] <= 0:
            del self._kept[source], self._waiting[source]
            self._kept_bytes -= sum(len(text) for text, _ in pages)
        return pages[index]

    def _read_page(self, source: str, index: int) -> Page:
        if self._last is None or self._last[0] != source:
            options = self.options
            self._last = (
                source,
                read_file(source, encoding=options.encoding, profile=options.profile),
            )
        return self._last[1][index]

    def _convert_document(
        self, name: str, entries: Sequence[_PageEntry], names: RunNames = NO_NAMES
    ) -> Conversion:
        """The chain over one document's pages."""
        options = self.options
        ids = IdMaker()
        builder = BodyBuilder(options, ids)
        reports: list[PageReport] = []
        previous: _PageEntry | None = None
        # Each document gets its own record of persons seen and its own date context, so that a
        # document's output never depends on which documents were converted before it (or on
        # which worker converted it).
        authority = self.person_authority if options.entities else None
        people = authority.new_people() if authority is not None else None
        if people is not None:
            people.run_names = names.surnames
        context = DateContext()
        dates = 0
        marked: set[int] = set()  # the numbers of the document's markers so far
        for entry in entries:
            page = entry.page
            problems: list[Problem] = []
            layout = parse_layout(page, profile=options.profile, problems=problems)
            markers = find_markers(
                page, layout, profile=options.profile, problems=problems, taken=marked
            )
            marked.update(int(marker.n) for marker in markers)
            spans: list[Span] = []
            if people is not None:
                spans = find_entities(
                    page,
                    layout,
                    people=people,
                    context=context,
                    problems=problems,
                    authority=authority,
                )
                dates += sum(1 for span in spans if span.label == "date")
            joins = previous is not None and _adjacent(previous, entry)
            builder.add(PageInput(page, layout, spans, joins_previous=joins))
            reports.append(_page_report(entry, layout, problems))
            previous = entry
        body = builder.finish()

        first = next((r.page_number for r in reports if r.page_number), None)
        last = next((r.page_number for r in reversed(reports) if r.page_number), None)
        head = next((e.head for e in entries if e.head and e.head.section), None) or next(
            (e.head for e in entries if e.head and e.head.title), None
        )
        info = DocumentInfo(
            section=head.section if head else None,
            section_title=head.title if head else None,
            first_page=first,
            last_page=last,
            sources=tuple(dict.fromkeys(Path(e.page.source).name for e in entries)),
            page_count=len(entries),
        )
        persons = people.seen() if people is not None else []
        standoff = stand_off(listperson_element(persons) if persons else None)
        root = tei_document(tei_header(info, options, version=_version), body, standoff)
        report = DocumentReport(
            name=name,
            title=document_title(info, options),
            section=info.section,
            pages=reports,
            persons=list(persons),
            dates=dates,
        )
        return Conversion(name=name, document=root, report=report)


def plan_documents(
    inputs: str | Path | Iterable[str | Path],
    *,
    options: ConvertOptions | None = None,
    map_files: EdgeMapper = map,
) -> list[DocumentPlan]:
    """Group the pages of ``inputs`` into documents, keeping of each page only where it is and
    what its edges say (running head, printed number): a plan holds no text.

    The plans alone: :func:`convert_planned` reads each document's pages again. To read each
    file once, plan and convert with one :class:`Converter` (:meth:`Converter.plan`,
    :meth:`Converter.convert_planned`), which keeps the pages planning read.
    """
    return Converter(options, keep_bytes=0).plan(inputs, map_files=map_files)


def convert_planned(plan: DocumentPlan, options: ConvertOptions) -> Conversion:
    """Read one planned document's pages again and convert it."""
    return Converter(options, keep_bytes=0).convert_planned(plan)


@dataclass(frozen=True, slots=True)
class PlanReader:
    """Reads one file for planning (a task for a worker process): where each of its pages
    is with its running head and printed number, the titled names of the run's first pass,
    and (``keep``) its pages, for the conversion.

    The person authority stays in the process that holds it: a reader sent to a worker
    leaves it behind, and the worker lends it its own, built once per process
    (:func:`teikit.parallel.pooled_map`). A reader without one builds one for each file.
    """

    profile: LayoutProfile
    persons: str | None
    entities: bool
    keep: bool
    authority: PersonAuthority | None = None

    def __reduce__(self) -> tuple[type[PlanReader], tuple[object, ...]]:
        return PlanReader, (self.profile, self.persons, self.entities, self.keep)

    def lend(self, authority: PersonAuthority) -> PlanReader:
        """This reader using ``authority`` (built over :attr:`persons`)."""
        return replace(self, authority=authority)

    def __call__(self, path: str, encoding: str) -> _FileRead:
        source = str(Path(path))
        text = read_normalised(source, encoding=encoding)
        pages = list(split_pages(text, source=source, profile=self.profile))
        edges: list[_Edges] = []
        for page in pages:
            head, number = peek(page, self.profile)
            edges.append((page.source, page.index, head, number))
        names: list[tuple[str, str]] = []
        if self.entities:
            authority = self.authority or PersonAuthority.load(self.persons)
            # The names need no pages: the file's text is searched whole (page breaks are
            # line breaks, and a title never runs over a navigation line).
            names = names_in_text(text, authority)
        kept = [(page.text.encode(), page.first_line) for page in pages] if self.keep else None
        return edges, names, kept


def _kept_page(ref: PageRef, kept: KeptPage) -> Page:
    # a kept page is the page read_file gives: split_pages numbers pages from 0 in order
    text, first_line = kept
    return Page(source=ref.source, text=text.decode(), index=ref.index, first_line=first_line)


def convert_text(
    text: str, *, source: str = "<string>", options: ConvertOptions | None = None
) -> Conversion:
    """Convert the page(s) in ``text`` into one TEI document:
    ``Converter(options).convert_text(text, source=source)``.

    >>> doc = convert_text("563.\\u2002The JIC judged.")
    >>> doc.root.find(".//{*}body//{*}p").get("n")
    '563'
    """
    return Converter(options).convert_text(text, source=source)


def convert_pages(
    pages: Sequence[Page], *, options: ConvertOptions | None = None
) -> Iterator[Conversion]:
    """Group ``pages`` into documents and convert each, in order of first appearance:
    ``Converter(options).convert_pages(pages)``."""
    return Converter(options).convert_pages(pages)


def make_report(conversions: Iterable[Conversion]) -> ConversionReport:
    """The run's report from its documents."""
    return ConversionReport(teikit_version=_version, documents=[c.report for c in conversions])


# --- grouping ---------------------------------------------------------------------------------


def _entry(page: Page, profile: LayoutProfile) -> _PageEntry:
    head, number = peek(page, profile)
    return _PageEntry(page, head, number)


def _section_key(head: RunningHead | None) -> str | None:
    if head is None:
        return None
    if head.section:
        return head.section
    if head.title:
        return re.sub(r"[^a-z0-9]+", "-", head.title.lower()).strip("-") or None
    return None


def _assign_sections(entries: list[_PageEntry]) -> None:
    """Each page's section; an even page takes it from an adjacent page."""
    for entry in entries:
        entry.key = _section_key(entry.head)
    for i, entry in enumerate(entries):
        if entry.key is not None:
            continue
        before = entries[i - 1] if i > 0 else None
        after = entries[i + 1] if i + 1 < len(entries) else None
        if before is not None and before.key and _adjacent(before, entry):
            entry.key = before.key
        elif after is not None and after.key and _adjacent(entry, after):
            entry.key = after.key


def _adjacent(first: _PageEntry, second: _PageEntry) -> bool:
    """Do the two pages follow one another in the report?"""
    a, b = first.page, second.page
    if a.source == b.source:
        return b.index == a.index + 1
    if first.number and second.number:
        return int(second.number) == int(first.number) + 1
    na, nb = _trailing_number(a.source), _trailing_number(b.source)
    return na is not None and nb is not None and nb == na + 1 and a.index == 0 and b.index == 0


def _trailing_number(source: str) -> int | None:
    match = re.search(r"(\d+)$", Path(source).stem)
    return int(match.group(1)) if match else None


def _documents(
    entries: list[_PageEntry], options: ConvertOptions
) -> Iterator[tuple[str, list[_PageEntry]]]:
    per_file: dict[str, int] = {}
    for entry in entries:
        per_file[entry.page.source] = per_file.get(entry.page.source, 0) + 1

    def page_name(entry: _PageEntry) -> str:
        stem = Path(entry.page.source).stem
        if per_file[entry.page.source] > 1:
            return f"{stem}-{entry.page.index + 1:03d}.xml"
        return f"{stem}.xml"

    if options.per_page:
        for entry in entries:
            yield page_name(entry), [entry]
        return
    groups: dict[str, list[_PageEntry]] = {}
    order: list[str] = []
    for entry in entries:
        name = f"section-{entry.key}.xml" if entry.key else page_name(entry)
        if name not in groups:
            groups[name] = []
            order.append(name)
        groups[name].append(entry)
    for name in order:
        yield name, groups[name]


def personography(persons: Sequence[Person], *, options: ConvertOptions | None = None) -> bytes:
    """The run's personography (``persons.xml``): a TEI document whose ``standOff`` lists
    every person of the run, e.g. ``make_report(conversions).persons()``."""
    options = options or ConvertOptions()
    info = DocumentInfo(
        section=None,
        section_title="Persons",
        first_page=None,
        last_page=None,
        sources=(),
        page_count=0,
    )
    header = tei_header(info, options, version=_version)
    root = tei_document(header, None, stand_off(listperson_element(persons)))
    return to_bytes(root)


def _page_report(entry: _PageEntry, layout: PageLayout, problems: list[Problem]) -> PageReport:
    counts: dict[str, int] = {}
    for block in layout.blocks:
        counts[block.kind.value] = counts.get(block.kind.value, 0) + 1
    return PageReport(
        source=entry.page.source,
        index=entry.page.index,
        page_number=layout.page_number,
        section=entry.key,
        running_head=layout.head.text if layout.head else None,
        blocks=counts,
        paragraphs=[
            b.n for b in layout.blocks if b.kind is BlockKind.PARAGRAPH and b.n is not None
        ],
        notes=[b.n for b in layout.blocks if b.kind is BlockKind.FOOTNOTE and b.n is not None],
        markers=[m.n for m in layout.markers],
        navigation_lines=layout.navigation_lines,
        cut_short=layout.cut_short,
        problems=problems,
    )


__all__ = [
    "Conversion",
    "Converter",
    "convert",
    "convert_pages",
    "convert_text",
    "expand_inputs",
    "make_report",
    "natural_key",
    "write_atomic",
]
