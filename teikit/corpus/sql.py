"""The index's SQL: every statement the questions ask of it, and the rows they read built
into results (:mod:`teikit.corpus.results`).

A unit is a paragraph, head, note or other block (``units u``, its document ``docs d``, its
parent ``units pu``); conditions are SQL text on ``u`` with their parameters, combined by
the questions. The tables are :mod:`teikit.corpus.store`'s.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from teikit.corpus import fulltext, results
from teikit.corpus.models import DateMention, Note, Paragraph, Person
from teikit.errors import UsageError
from teikit.tei.io import date_span

DateLike = str | dt.date
DateMode = Literal["within", "overlaps"]

#: The units that are paragraphs, and those that are notes.
PARAGRAPH_UNITS = "u.kind IN ('p', 'ab')"
NOTE_UNITS = "u.kind = 'note'"

_PAGE = " LIMIT ? OFFSET ?"
#: A unit's row, as :mod:`teikit.corpus.results` reads it (``u.pages``: its page breaks).
_UNIT_COLUMNS = (
    "u.id, d.file, u.xpath, u.xml_id, u.section, u.page, u.n, u.text, u.kind, u.parent, "
    "u.place, u.type, u.pages, pu.n"
)

#: A mention's context: its unit's text from 60 characters before it to 60 after, with ``…``
#: where the text was cut; done in SQL, so the paragraph is cut before it reaches Python.
_CONTEXT_SQL = (
    "CASE WHEN u.text IS NULL OR u.text = '' THEN '' ELSE "
    "(CASE WHEN m.start > 60 THEN '…' ELSE '' END) || "
    'substr(u.text, max(0, m.start - 60) + 1, max(0, min(length(u.text), m."end" + 60) '
    "- max(0, m.start - 60))) || "
    "(CASE WHEN m.\"end\" + 60 < length(u.text) THEN '…' ELSE '' END) END"
)

_PERSONS_SQL = (
    "SELECT id, names, titles, mention_count, documents, pages, first_date, last_date, "
    "wikidata FROM person_stats "
)


# --- paging and conditions ----------------------------------------------------------------------


def paging(limit: int | None, offset: int) -> tuple[int, int]:
    """``(limit, offset)`` for SQL (``-1``: no limit), or UsageError for a negative one."""
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise UsageError(f"offset must be 0 or more, not {offset}")
    return (-1 if limit is None else limit), offset


def kind_condition(select: str, where: str) -> str:
    """``select`` (:data:`PARAGRAPH_UNITS` or :data:`NOTE_UNITS`) as the condition to put
    before the filters ``where`` (from :func:`unit_filters`).

    When a filter gives the units by id (a person's, a date's), SQLite's planner probes the
    kind index for each of them, once per kind, and then reads the table for those of the
    kind: for paragraphs, which are most of the units a person or date is in, reading each
    unit's row once and its kind there is the cheaper plan (``+u.kind``: the kind index is
    not used; ``paragraphs(person=...)`` of the 8,450 paragraphs naming the most mentioned
    person, 20 ms instead of 28). Notes, a few of those units, keep the index.
    """
    if select == PARAGRAPH_UNITS and " AND u.id IN (" in where:
        return "+" + select
    return select


def unit_filters(
    person_ids: Sequence[str] | None,
    date_from: DateLike | None,
    date_to: DateLike | None,
    contains: str | None,
    section: str | None,
    date_mode: DateMode,
    *,
    fts: bool,
) -> tuple[str, list[Any]]:
    """The filters of :meth:`Corpus.paragraphs <teikit.Corpus.paragraphs>` and ``notes`` as
    conditions on ``u``, each starting with `` AND `` (``fts``: the index has a full-text
    table)."""
    where, params = "", []
    if person_ids is not None:
        where += (
            " AND u.id IN (SELECT unit FROM mentions WHERE person IN "
            "(SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(person_ids))
    if date_from is not None or date_to is not None:
        cond, values = date_condition(date_from, date_to, date_mode, "t")
        where += f" AND u.id IN (SELECT t.unit FROM dates t WHERE {cond})"
        params.extend(values)
    if contains:
        cond, values = fulltext.contains_condition(contains, fts=fts)
        where += f" AND {cond}"
        params.extend(values)
    if section is not None:
        where += " AND (u.section = ? OR u.section LIKE ? ESCAPE '\\')"
        escaped = section.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([section, escaped + ".%"])
    return where, params


def date_condition(
    date_from: DateLike | None, date_to: DateLike | None, mode: DateMode, alias: str
) -> tuple[str, list[str]]:
    low = _bound(date_from, 0) if date_from is not None else None
    high = _bound(date_to, 1) if date_to is not None else None
    if low is not None and high is not None and low > high:
        raise UsageError(f"the date range is empty: {date_from} is after {date_to}")
    conds, params = [f"{alias}.start IS NOT NULL"], []
    if mode == "within":
        if low is not None:
            conds.append(f"{alias}.start >= ?")
            params.append(low)
        if high is not None:
            conds.append(f'{alias}."end" <= ?')
            params.append(high)
    elif mode == "overlaps":
        if low is not None:
            conds.append(f'{alias}."end" >= ?')
            params.append(low)
        if high is not None:
            conds.append(f"{alias}.start <= ?")
            params.append(high)
    else:
        raise UsageError(f"date_mode is 'within' or 'overlaps', not {mode!r}")
    return " AND ".join(conds), params


def _bound(value: DateLike, side: int) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    span = date_span(text)
    if span is None:
        raise UsageError(f"not an ISO date: {value!r}; write 2007, 2007-11 or 2007-11-01")
    return span[side]


# --- persons ------------------------------------------------------------------------------------


def persons(db: sqlite3.Connection, page: tuple[int, int]) -> list[Person]:
    """Every person, most mentioned first; ``page`` = (limit, offset), from :func:`paging`."""
    return [results.person(row) for row in db.execute(_PERSONS_SQL + "ORDER BY ord" + _PAGE, page)]


def person_row(db: sqlite3.Connection, pid: str) -> tuple[Any, ...] | None:
    """The statistics row of the person ``pid``, or ``None``."""
    row: tuple[Any, ...] | None = db.execute(_PERSONS_SQL + "WHERE id = ?", (pid,)).fetchone()
    return row


def mention_rows(db: sqlite3.Connection, pid: str, page: tuple[int, int]) -> sqlite3.Cursor:
    """The mentions of ``pid`` with their context, in corpus order, for
    :func:`results.person_mentions <teikit.corpus.results.person_mentions>`."""
    # For a page, the documents in file order, each one's mentions of ``pid`` found by
    # (person, doc) in the index and sorted alone: the query stops after the page, where
    # sorting every mention first (and cutting each one's context) took 23 ms for the 50
    # first of 12,800 (0.7 ms so). For a whole answer SQLite's own plan is as fast.
    joined = (
        "docs d CROSS JOIN mentions m ON d.id = m.doc"
        if page[0] >= 0
        else "mentions m JOIN docs d ON d.id = m.doc"
    )
    return db.execute(
        "SELECT d.file, m.xpath, m.xml_id, m.section, m.page, m.text, m.titles, "
        f"{_CONTEXT_SQL}, u.kind, u.n, pu.n FROM {joined} "
        "LEFT JOIN units u ON u.id = m.unit LEFT JOIN units pu ON pu.id = u.parent "
        "WHERE m.person = ? ORDER BY d.file, m.id" + _PAGE,
        (pid, *page),
    )


def pair_rows(db: sqlite3.Connection, min_count: int, page: tuple[int, int]) -> sqlite3.Cursor:
    """Pairs of persons named together at least ``min_count`` times, most frequent first."""
    return db.execute(
        "SELECT person_a, person_b, count FROM pairs WHERE count >= ? "
        "ORDER BY count DESC, person_a, person_b" + _PAGE,
        (min_count, *page),
    )


def person_ids(db: sqlite3.Connection, person: str) -> list[str]:
    """The ids ``person`` stands for: itself (with or without ``#``) when it is a person's id,
    else every person with a name or surname that is ``person``, ignoring case."""
    pid = person.lstrip("#")
    if is_known_person(db, pid):
        return [pid]
    wanted = person.casefold()
    return sorted(
        p.id
        for p in persons(db, (-1, 0))
        if any(wanted in (name.casefold(), name.casefold().split()[-1]) for name in p.names if name)
    )


def is_known_person(db: sqlite3.Connection, pid: str) -> bool:
    """Whether ``pid`` is a person id that is declared or mentioned."""
    known = db.execute(
        "SELECT 1 FROM mentions WHERE person = ? UNION SELECT 1 FROM persons WHERE id = ?",
        (pid, pid),
    ).fetchone()
    return bool(known)


# --- units: paragraphs, notes and the other blocks ----------------------------------------------


def units(
    db: sqlite3.Connection, where: str, params: Sequence[Any], page: tuple[int, int] = (-1, 0)
) -> list[tuple[Any, ...]]:
    """The units matching ``where``, in corpus order; ``page`` = (limit, offset)."""
    # For a page, walking the documents in file order and their units in order (CROSS
    # JOIN fixes that order for SQLite) stops after the page, with no sort of every match:
    # 50 of 4,000 notes citing a minute, 12 ms instead of 33. For a whole answer SQLite's
    # own plan (filter first, then sort) is the faster one.
    joined = (
        "docs d CROSS JOIN units u ON d.id = u.doc"
        if page[0] >= 0
        else "units u JOIN docs d ON d.id = u.doc"
    )
    return db.execute(
        f"SELECT {_UNIT_COLUMNS} FROM {joined} "
        f"LEFT JOIN units pu ON pu.id = u.parent WHERE {where} ORDER BY d.file, u.ord" + _PAGE,
        [*params, *page],
    ).fetchall()


#: The number of the paragraph a unit ``u`` is, or is in (a note's or head's parent's), as
#: a hit or a date reports it; the parent is looked up only for the units that are not
#: paragraphs.
_PARAGRAPH_OF_UNIT = (
    "CASE WHEN u.kind IN ('p', 'ab') THEN u.n ELSE (SELECT n FROM units WHERE id = u.parent) END"
)
#: A search's row: what a hit is built from (:func:`results.kwic_hits
#: <teikit.corpus.results.kwic_hits>`), the text the regex runs over first. The paragraph's
#: number is a note's parent's, looked up for the few units that are not paragraphs.
_HIT_COLUMNS = (
    f"u.text, d.file, u.xpath, u.xml_id, u.section, u.page, {_PARAGRAPH_OF_UNIT}, u.kind, "
    "u.pages, u.ord"
)
#: The column of a search's row that holds the text.
HIT_TEXT = 0


def hit_rows(
    db: sqlite3.Connection, where: str, params: Sequence[Any], *, early_stop: bool
) -> Iterable[tuple[Any, ...]]:
    """The units matching ``where``, in corpus order, as a search reads them (text first,
    :data:`HIT_TEXT`): each is read once, and its hits are built from the row later, with
    no second query (``early_stop``: the caller means to stop after a few, so the rows come
    one by one in order)."""
    if early_stop:
        # The documents in file order and their units in order (CROSS JOIN fixes that order
        # for SQLite): the query stops after the page, with no sort of every candidate.
        return db.execute(
            f"SELECT {_HIT_COLUMNS} FROM docs d CROSS JOIN units u ON d.id = u.doc "
            f"WHERE {where} ORDER BY d.file, u.ord",
            list(params),
        )
    # A whole answer: SQLite's sorter would carry every candidate's text (17 ms of 50 for
    # the 6.2 MB of ``\bBinns\b``'s 10,877 units); Python sorts the rows read by (file, ord).
    rows = db.execute(
        f"SELECT {_HIT_COLUMNS} FROM units u JOIN docs d ON d.id = u.doc WHERE {where}",
        list(params),
    ).fetchall()
    rows.sort(key=_file_order)
    return rows


def _file_order(row: tuple[Any, ...]) -> tuple[str, int]:
    """A search's row's place in corpus order (``ORDER BY d.file, u.ord``: Python compares
    strings by code point, as SQLite's BINARY collation compares their UTF-8 bytes)."""
    return row[1], row[9]


def unit_ids(
    db: sqlite3.Connection, where: str, params: Sequence[Any], page: tuple[int, int]
) -> list[int]:
    """The ids of the units matching ``where``, in corpus order: a whole answer reads only
    these, and the rows of each chunk of it when it is read (:func:`units_by_id`)."""
    joined = (
        "docs d CROSS JOIN units u ON d.id = u.doc"
        if page[0] >= 0
        else "units u JOIN docs d ON d.id = u.doc"
    )
    rows = db.execute(
        f"SELECT u.id FROM {joined} WHERE {where} ORDER BY d.file, u.ord" + _PAGE,
        [*params, *page],
    )
    return [row[0] for row in rows]


def units_by_id(db: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The rows of the units ``ids``, in that order."""
    rows = db.execute(
        f"SELECT {_UNIT_COLUMNS} FROM units u JOIN docs d ON d.id = u.doc "
        "LEFT JOIN units pu ON pu.id = u.parent WHERE u.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    )
    by_id = {row[0]: row for row in rows}
    return [by_id[i] for i in ids]


#: The dates of given units, as :func:`results.unit_date <teikit.corpus.results.unit_date>`
#: reads them: what the date row holds alone; the file and paragraph come from the unit's row.
_DATE_COLUMNS = (
    't.unit, t.xpath, t.xml_id, t.section, t.page, t.text, t."when", t.from_date, t.to_date, '
    't.not_before, t.not_after, t.cert, t.start, t."end", t.inferred'
)
_UNIT_DATES_SQL = (
    f"SELECT {_DATE_COLUMNS} FROM dates t WHERE t.unit IN (SELECT value FROM json_each(?)) "
    "ORDER BY t.id"
)


def extras(db: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> results.Extras:
    """Persons, dates and note numbers of the units whose rows (``_UNIT_COLUMNS``) are
    ``rows``."""
    key = json.dumps([row[0] for row in rows])
    persons: dict[int, list[str]] = {}
    # Each person once per unit, in the order of its first mention there: grouped by the
    # index (unit, person), so only the distinct pairs reach Python.
    for unit, pid in db.execute(
        "SELECT unit, person FROM mentions WHERE unit IN (SELECT value FROM json_each(?)) "
        "AND person IS NOT NULL AND person != '' GROUP BY unit, person ORDER BY min(id)",
        (key,),
    ):
        persons.setdefault(unit, []).append(pid)
    # A date's file, paragraph and whether it is in a note are its unit's, whose row is here:
    # the dates are read alone, with no look-up of their document, unit and its parent.
    where = {row[0]: results.unit_place(row) for row in rows}
    dates: dict[int, list[DateMention]] = {}
    for row in db.execute(_UNIT_DATES_SQL, (key,)):
        dates.setdefault(row[0], []).append(results.unit_date(row, where[row[0]]))
    notes: dict[int, list[str]] = {}
    for parent, n in db.execute(
        # ``+kind``: look the notes up by their parent, not by kind. SQLite's planner
        # otherwise walks every note of the corpus (18 ms on 6,000 pages; 0.4 ms so).
        "SELECT parent, coalesce(n, xml_id, '') FROM units WHERE +kind = 'note' AND parent "
        "IN (SELECT value FROM json_each(?)) ORDER BY ord",
        (key,),
    ):
        notes.setdefault(parent, []).append(n)
    return {
        uid: (
            tuple(persons.get(uid, ())),
            tuple(dates.get(uid, ())),
            tuple(notes.get(uid, ())),
        )
        for uid in where
    }


def paragraphs_by_id(db: sqlite3.Connection, ids: Sequence[int]) -> list[Paragraph]:
    """The paragraphs ``ids``, in that order: a chunk of an answer, built when it is read."""
    rows = units_by_id(db, ids)
    found = extras(db, rows)
    return [results.paragraph(row, found) for row in rows]


def notes_by_id(db: sqlite3.Connection, ids: Sequence[int]) -> list[Note]:
    """The notes ``ids``, in that order, each with the paragraph citing it."""
    rows = units_by_id(db, ids)
    found = extras(db, rows)
    parents = {p_id for p_id in (r[9] for r in rows) if p_id is not None}
    cited: dict[int, Paragraph] = {}
    if parents:
        cited_rows = units(
            db, "u.id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(parents))]
        )
        cited_extras = extras(db, cited_rows)
        cited = {row[0]: results.paragraph(row, cited_extras) for row in cited_rows}
    return [results.note(row, found, cited) for row in rows]


# --- dates --------------------------------------------------------------------------------------


def date_ids(
    db: sqlite3.Connection,
    person_ids: Sequence[str] | None,
    date_from: DateLike | None,
    date_to: DateLike | None,
    date_mode: DateMode,
    page: tuple[int, int],
    *,
    chronological: bool,
) -> list[int]:
    """The ids of the dates in the units naming ``person_ids`` (``None``: in every unit)
    within the range, in corpus order or (``chronological``) by date."""
    where, params = ["1"], []
    if person_ids is not None:
        where.append(
            "t.unit IN (SELECT unit FROM mentions WHERE person IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(person_ids))
    if date_from is not None or date_to is not None:
        cond, values = date_condition(date_from, date_to, date_mode, "t")
        where.append(cond)
        params.extend(values)
    if chronological:
        # chrono: the rank by start, end, file and id, given when the index is refreshed
        where.append("t.chrono IS NOT NULL")
        # The rank rises with the start, so a bound on the start is a bound on the rank:
        # the rows before the range are skipped in the index instead of read and dropped
        # (100 from the 5,000th of 2007: 21 ms before, a few so). Every row whose start is
        # past the bound ranks at least as high as the lowest-ranked row with the least
        # such start, and no row before that one qualifies.
        if date_mode == "within" and date_from is not None:
            where.append(
                "t.chrono >= (SELECT min(chrono) FROM dates WHERE start = "
                "(SELECT min(start) FROM dates WHERE start >= ?))"
            )
            params.append(_bound(date_from, 0))
        elif date_mode == "overlaps" and date_to is not None:
            where.append(
                "t.chrono <= (SELECT max(chrono) FROM dates WHERE start = "
                "(SELECT max(start) FROM dates WHERE start <= ?))"
            )
            params.append(_bound(date_to, 1))
        # No join: the rank already holds the file order, and every date has its document.
        sql = f"SELECT t.id FROM dates t WHERE {' AND '.join(where)} ORDER BY t.chrono" + _PAGE
    else:
        sql = (
            "SELECT t.id FROM dates t JOIN docs d ON d.id = t.doc "
            f"WHERE {' AND '.join(where)} ORDER BY d.file, t.id" + _PAGE
        )
    return [row[0] for row in db.execute(sql, [*params, *page])]


def dates_by_id(db: sqlite3.Connection, ids: Sequence[int]) -> list[DateMention]:
    """The dates ``ids``, in that order: a chunk of an answer, built when it is read."""
    # The dates alone, then each of their units once (its file, kind, number and parent's
    # number): a unit holds a few dates, and joining each date to its document, unit and
    # parent looked those up again for every one.
    rows = db.execute(
        f"SELECT t.id, t.doc, {_DATE_COLUMNS} FROM dates t "
        "WHERE t.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchall()
    unit_ids = json.dumps(list({row[2] for row in rows if row[2] is not None}))
    places: dict[int, results.Place] = {
        uid: (file, paragraph, bool(in_note))
        for uid, file, paragraph, in_note in db.execute(
            f"SELECT u.id, d.file, {_PARAGRAPH_OF_UNIT}, u.kind = 'note' FROM units u "
            "JOIN docs d ON d.id = u.doc WHERE u.id IN (SELECT value FROM json_each(?))",
            (unit_ids,),
        )
    }
    files: dict[int, str] = {}
    if any(row[2] not in places for row in rows):  # a date outside every unit: its file
        files = dict(db.execute("SELECT id, file FROM docs"))
    by_id = {
        row[0]: results.unit_date(
            row[2:], places[row[2]] if row[2] in places else (files[row[1]], None, False)
        )
        for row in rows
    }
    return [by_id[i] for i in ids]
