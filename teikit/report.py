"""What a conversion did, as pydantic models users can keep (``model_dump_json()``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field

from teikit.entities.people import Person
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
    persons: list[Person] = Field(default_factory=list)
    """The persons mentioned in the document (its ``standOff/listPerson``), as the entity
    stage keeps them (:class:`teikit.entities.people.Person`, a frozen dataclass: the one
    person model of the converting side; pydantic writes and reads it as it would a model)."""
    dates: int = 0
    """How many dates were encoded."""


class ConversionReport(BaseModel):
    """The report of a whole run (``teikit convert --report report.json``)."""

    teikit_version: str
    documents: list[DocumentReport] = Field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(len(d.pages) for d in self.documents)

    def persons(self) -> list[Person]:
        """The run's personography: every person of every document, titles and names seen
        merged, in id order (the same whatever order the documents were converted in)."""
        merged: dict[str, Person] = {}
        for document in self.documents:
            for person in document.persons:
                known = merged.get(person.id)
                if known is None:
                    merged[person.id] = person
                    continue
                merged[person.id] = replace(
                    known,
                    titles=tuple(sorted({*known.titles, *person.titles})),
                    names=tuple(sorted({*known.names, *person.names})),
                    forenames=max(known.forenames, person.forenames, key=len),
                )
        return [merged[key] for key in sorted(merged)]

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
        persons = len(self.persons())
        dates = sum(d.dates for d in self.documents)
        return (
            f"{len(self.documents)} documents, {len(pages)} pages, {paragraphs} numbered "
            f"paragraphs, {markers} note markers, {notes} footnotes, {persons} persons, "
            f"{dates} dates; "
            f"{severities.get('warning', 0)} warnings, {severities.get('info', 0)} notices"
        )
