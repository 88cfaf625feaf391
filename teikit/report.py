"""What a conversion did, as pydantic models users can keep (``model_dump_json()``)."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from teikit.errors import Problem


class PageReport(BaseModel):
    """What was found on one page, and every oddity noticed there."""

    model_config = ConfigDict(frozen=True)

    source: str
    index: int
    """Position of the page in its file (0 for the first)."""
    page_number: str | None
    """The printed page number, when the page shows one."""
    section: str | None
    running_head: str | None
    blocks: dict[str, int]
    """How many blocks of each kind (``paragraph``, ``quotation``, ``footnote``, ...)."""
    paragraphs: list[str]
    """The numbers of the numbered paragraphs, in order."""
    notes: list[str]
    """The numbers of the footnotes at the foot of the page."""
    markers: list[str]
    """The footnote markers found in the text, in order."""
    navigation_lines: int
    cut_short: bool
    problems: list[Problem]


class DocumentReport(BaseModel):
    """One output document: its name, its pages, what is in it."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    section: str | None
    pages: list[PageReport]
    persons: int = 0
    dates: int = 0


class ConversionReport(BaseModel):
    """The report of a whole run (``teikit convert --report report.json``)."""

    teikit_version: str
    documents: list[DocumentReport] = Field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(len(d.pages) for d in self.documents)

    def problems(self) -> list[Problem]:
        """Every problem of every page, in order."""
        return [p for d in self.documents for page in d.pages for p in page.problems]

    def summary(self) -> str:
        """One line: documents, pages, paragraphs, notes, and problems by severity."""
        pages = [page for d in self.documents for page in d.pages]
        paragraphs = sum(len(p.paragraphs) for p in pages)
        notes = sum(len(p.notes) for p in pages)
        markers = sum(len(p.markers) for p in pages)
        severities = Counter(problem.severity for problem in self.problems())
        return (
            f"{len(self.documents)} documents, {len(pages)} pages, {paragraphs} numbered "
            f"paragraphs, {markers} note markers, {notes} footnotes; "
            f"{severities.get('warning', 0)} warnings, {severities.get('info', 0)} notices"
        )
