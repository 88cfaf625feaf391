"""The entity stage: persons, dates, organisations and places as spans over a page's text.

The converter calls :func:`find_entities` once per page, in the order of the pages, with one
:class:`People` (the authority, which also records who was seen) and one :class:`DateContext`
per document, and the :class:`PersonAuthority` it holds for the whole run. It returns spans
sorted by ``(start, -end)``: ``persName`` (``@ref``, absent when the person is ambiguous)
with a nested ``roleName`` over the title, ``date`` (``@when`` | ``@from``/``@to`` |
``@notBefore``/``@notAfter``, then ``@cert``/``@evidence`` when the year was inferred),
``orgName`` and ``placeName``. Spans nest properly, stay inside one block and never
touch a footnote marker.
"""

from __future__ import annotations

import os.path
import re
from collections.abc import Iterable

from teikit.entities.claims import Claimed
from teikit.entities.dates import DateContext, FoundDate, PagePlace, find_dates, section_range
from teikit.entities.orgs import find_orgs_and_places
from teikit.entities.people import (
    People,
    Person,
    Resolution,
    listperson_element,
)
from teikit.entities.persons import PersonAuthority, PersonMention, find_persons
from teikit.errors import Problem
from teikit.model import OPENING_KINDS, TEXT_KINDS, BlockKind, PageLayout, Span
from teikit.read import Page

__all__ = [
    "DateContext",
    "FoundDate",
    "PagePlace",
    "People",
    "Person",
    "PersonAuthority",
    "PersonMention",
    "Resolution",
    "find_dates",
    "find_entities",
    "find_persons",
    "listperson_element",
    "section_range",
]

#: Blocks whose text is read for entities; navigation, running head and page number are not.
SCANNED = TEXT_KINDS
# Kinds that open a new paragraph for year inference; quotations, list items and table cells
# belong to the paragraph before them.
_OPENS_PARAGRAPH = OPENING_KINDS
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def find_entities(
    page: Page,
    layout: PageLayout,
    *,
    people: People,
    context: DateContext,
    problems: list[Problem] | None = None,
    authority: PersonAuthority | None = None,
) -> list[Span]:
    """Persons, dates, organisations and places of one page, as spans over ``page.text``.

    ``people`` resolves and records persons (read ``people.seen()`` afterwards for the
    ``listPerson``); ``authority`` is the :class:`PersonAuthority` over the same persons that
    the caller holds for the run (its compiled name forms; without it one is built for this
    page); ``context`` carries the year from page to page. Ambiguous persons
    (TK301), inferred years (TK302) and dates left without a year (TK304) are appended to
    ``problems`` when it is given.
    """
    text = page.text
    place = _place(page, layout.page_number)
    follows = context.page_place is None or _follows(context.page_place, place)
    context.page_place = place
    context.begin_page(layout.head, follows=follows)
    blocks = [b for b in layout.blocks if b.kind in SCANNED]
    ranges = [(b.content_start, b.end) for b in blocks]
    # Footnote markers are claimed first: no entity may touch one. Then persons, dates,
    # organisations and places, each taking only what is free. One set of intervals holds
    # markers and entities alike, so "free" is one bisection.
    taken = Claimed()
    for m_start, m_end in _merged((m.start, m.end) for m in layout.markers):
        taken.take(m_start, m_end)
    claim, free = taken.claim, taken.free

    spans: list[Span] = []
    footnotes = frozenset(i for i, b in enumerate(blocks) if b.kind is BlockKind.FOOTNOTE)
    for mention in find_persons(text, ranges, people, footnotes=footnotes, authority=authority):
        # Persons never overlap each other: a mention is refused only for a marker.
        if not claim(mention.start, mention.end):
            continue
        if mention.person_id is None:
            if problems is not None:
                detail = f"{mention.name!r} (could be {', '.join(mention.candidates)})"
                problems.append(page.problem("TK301", detail, at=mention.start))
            spans.append(Span(mention.start, mention.end, "persName"))
        else:
            consistent = people.record(
                mention.person_id,
                surname=mention.surname or mention.name,
                forenames=mention.forenames,
                title=mention.title,
                name=mention.name,
            )
            if not consistent and problems is not None:
                detail = f"{mention.name!r} shares {mention.person_id} with another forename"
                problems.append(page.problem("TK301", detail, at=mention.start))
            spans.append(
                Span(mention.start, mention.end, "persName", (("ref", "#" + mention.person_id),))
            )
        if mention.title_end is not None:
            spans.append(Span(mention.start, mention.title_end, "roleName"))

    context.set_page_body(
        text, [r for b, r in zip(blocks, ranges, strict=True) if b.kind is not BlockKind.FOOTNOTE]
    )
    notes = layout.blocks
    context.set_page_notes(
        [
            (m.start, notes[m.note].content_start, notes[m.note].end)
            for m in layout.markers
            if m.note is not None and m.note < len(notes)
        ]
    )
    for block, (start, end) in zip(blocks, ranges, strict=True):
        body = block.kind is not BlockKind.FOOTNOTE
        if block.kind in _OPENS_PARAGRAPH and not block.continues:
            context.begin_paragraph()
        if not body:
            context.begin_footnote()
        for found in find_dates(text, start, end, context, body=body):
            f_start, f_end = found.start, found.end
            if not claim(f_start, f_end):
                continue
            spans.append(Span(f_start, f_end, "date", found.attrs))
            if problems is not None and (found.inferred or found.yearless):
                code = "TK304" if found.yearless else "TK302"
                detail = repr(text[f_start:f_end])
                if found.basis and not found.yearless:
                    detail += f" (from {found.basis})"
                problems.append(page.problem(code, detail, at=f_start))
        if not body:
            context.end_footnote()
        for o_start, o_end, label in find_orgs_and_places(text, start, end):
            if free(o_start, o_end):
                spans.append(Span(o_start, o_end, label))
    spans.sort(key=_span_order)
    return spans


def _place(page: Page, number: str | None) -> PagePlace:
    """Where a page is: its file, its index in the file, its printed number, and the number
    its file's name ends with (``page1650.txt``) when it is the file's first page."""
    printed = int(number) if number and number.isdigit() else None
    # ``os.path``, not ``PurePath(...).stem``: the same stem at a tenth of the cost, per page.
    stem = os.path.splitext(os.path.basename(page.source))[0] if page.index == 0 else ""
    digits = _TRAILING_NUMBER.search(stem) if stem else None
    return page.source, page.index, printed, int(digits.group(1)) if digits else None


def _follows(previous: PagePlace, page: PagePlace) -> bool:
    """Is ``page`` the page after ``previous`` in the report (as far as one can tell)?"""
    if previous[0] == page[0]:
        return page[1] == previous[1] + 1
    # Printed page numbers, else the numbers the files' names end with.
    for before, after in ((previous[2], page[2]), (previous[3], page[3])):
        if before is not None and after is not None:
            return after == before + 1
    return True  # nothing tells: the run is taken to be in order


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping intervals joined (markers of a damaged page may overlap): what touches
    one of them touches their union."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _span_order(span: Span) -> tuple[int, int]:
    return span.start, -span.end
