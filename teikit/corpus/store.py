"""The SQLite index: extracted records of every file, kept fresh, with full-text search.

One database file beside the corpus (``<folder>/.teikit-index.sqlite``) holds, per TEI file,
its records (units of text, person mentions, dates, persons) and a fingerprint: modification
time, size and SHA-256. Opening a corpus compares every file's time and size with the
fingerprint; a file whose time or size changed is hashed, and re-read only when its content
changed. A file changed within the clock's resolution of the last refresh cannot be told from
an unchanged one by its time, so such a file is always hashed (git's "racily clean" rule):
the index is never trusted when stale. A file that could not be read is stored with its problem,
so a warm open reports it too.

Without an index file (``index=False``, or a folder that cannot be written) the same schema
lives in an in-memory database, built at open: every query is one code path either way.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from teikit import safexml
from teikit.corpus.extract import DocRecord, extract, is_tei
from teikit.errors import InputError, Problem, UnsafeXMLError

INDEX_NAME = ".teikit-index.sqlite"
#: Bump when the schema or what :func:`extract` records changes: an older index is rebuilt.
SCHEMA_VERSION = "4"
#: A file modified this close to the last refresh is hashed even when time and size match.
_RACY_NS = 2_000_000_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, file TEXT UNIQUE NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, title TEXT, problem TEXT
);
CREATE TABLE units (
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, ord INTEGER NOT NULL, kind TEXT NOT NULL,
    xpath TEXT NOT NULL, xml_id TEXT, section TEXT, page TEXT, n TEXT, parent INTEGER,
    place TEXT, type TEXT, text TEXT NOT NULL, pages TEXT
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, unit INTEGER, person TEXT, text TEXT NOT NULL,
    titles TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, xpath TEXT NOT NULL,
    xml_id TEXT, section TEXT, page TEXT
);
CREATE TABLE dates (
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, unit INTEGER, text TEXT NOT NULL,
    "when" TEXT, from_date TEXT, to_date TEXT, not_before TEXT, not_after TEXT, cert TEXT,
    start TEXT, "end" TEXT, inferred INTEGER NOT NULL, xpath TEXT NOT NULL, xml_id TEXT,
    section TEXT, page TEXT
);
CREATE TABLE persons (
    doc INTEGER NOT NULL, id TEXT NOT NULL, names TEXT NOT NULL, titles TEXT NOT NULL,
    wikidata TEXT
);
-- What persons() answers, computed once per refresh that changed anything (ord: its order).
CREATE TABLE person_stats (
    ord INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, names TEXT NOT NULL,
    titles TEXT NOT NULL, mention_count INTEGER NOT NULL, documents TEXT NOT NULL,
    pages TEXT NOT NULL, first_date TEXT, last_date TEXT, wikidata TEXT
);
-- Pairs of persons named in the same paragraphs (their own text), with how many.
CREATE TABLE pairs (
    person_a TEXT NOT NULL, person_b TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (person_a, person_b)
);
CREATE INDEX pairs_count ON pairs (count DESC, person_a, person_b);
"""
#: The indexes the queries filter by. Created at the end of a refresh when missing: a fresh
#: index is filled without them and each is then built once, from sorted keys, which is
#: several times cheaper than keeping them up to date row by row. Each also holds the column
#: the filters read next (a mention's unit, a date's end and unit), so a filter is answered
#: from the index without visiting the rows, which carry whole paragraphs.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS units_doc ON units (doc, ord)",
    "CREATE INDEX IF NOT EXISTS units_kind ON units (kind)",
    "CREATE INDEX IF NOT EXISTS mentions_person ON mentions (person, unit)",
    "CREATE INDEX IF NOT EXISTS mentions_unit ON mentions (unit, person)",
    "CREATE INDEX IF NOT EXISTS dates_unit ON dates (unit)",
    'CREATE INDEX IF NOT EXISTS dates_start ON dates (start, "end", unit)',
    "CREATE INDEX IF NOT EXISTS persons_id ON persons (id)",
    "CREATE INDEX IF NOT EXISTS units_parent ON units (parent)",
)
_FTS = (
    "CREATE VIRTUAL TABLE units_fts USING fts5(text, content='units', content_rowid='id', "
    "tokenize='trigram')"
)


def fts_available() -> bool:
    """Whether this Python's SQLite has FTS5 with the trigram tokenizer (SQLite 3.34+)."""
    try:
        sqlite3.connect(":memory:").execute(
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')"
        )
    except sqlite3.Error:
        return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _create(db: sqlite3.Connection) -> None:
    db.executescript(_SCHEMA)
    fts = fts_available()
    if fts:
        db.execute(_FTS)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema", SCHEMA_VERSION), ("fts", "1" if fts else "0"), ("refreshed_ns", "0")],
    )


def connect(path: Path | None) -> sqlite3.Connection:
    """An index database at ``path`` (created or rebuilt when missing or of another schema);
    ``None``: an empty in-memory one."""
    if path is None:
        db = sqlite3.connect(":memory:")
        _create(db)
        return db
    db = sqlite3.connect(path, timeout=30)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != SCHEMA_VERSION:
        db.close()
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path, timeout=30)
        with db:
            _create(db)
    return db


def refresh(db: sqlite3.Connection, root: Path, files: Sequence[Path], *, jobs: int = 1) -> int:
    """Bring the index up to date with ``files`` (paths under ``root``); returns how many files
    were read again. Files no longer in the set are dropped from the index. ``jobs`` > 1
    parses and extracts the files to read in that many processes (the writing stays here)."""
    # Taken before any file is looked at: a change after this moment shows as a later time.
    now = time.time_ns()
    wanted = {f.relative_to(root).as_posix(): f for f in files}
    known = {
        row[0]: row[1:] for row in db.execute("SELECT file, mtime_ns, size, sha256, id FROM docs")
    }
    refreshed_ns = int(db.execute("SELECT value FROM meta WHERE key='refreshed_ns'").fetchone()[0])
    hashed = False
    stale: list[tuple[str, Path, os.stat_result, str, int | None]] = []
    touched: list[tuple[int, int, int]] = []
    for name, path in wanted.items():
        try:
            st = path.stat()
        except OSError:
            st = None
        entry = known.get(name)
        if st is None:
            stale.append((name, path, os.stat_result((0,) * 10), "", entry[3] if entry else None))
            continue
        if entry is not None:
            mtime, size, sha, doc_id = entry
            racy = st.st_mtime_ns >= refreshed_ns - _RACY_NS
            if mtime == st.st_mtime_ns and size == st.st_size and not racy:
                continue
            digest = _sha256(path)
            hashed = True
            if digest == sha:
                if mtime != st.st_mtime_ns or size != st.st_size:
                    touched.append((st.st_mtime_ns, st.st_size, doc_id))
                continue
            stale.append((name, path, st, digest, doc_id))
        else:
            stale.append((name, path, st, "", None))
    gone = [entry[3] for name, entry in known.items() if name not in wanted]
    if not stale and not gone and not touched and not hashed:
        return 0
    with db:
        db.executemany("UPDATE docs SET mtime_ns = ?, size = ? WHERE id = ?", touched)
        for doc_id in gone + [s[4] for s in stale if s[4] is not None]:
            _delete(db, doc_id)
        # Unit ids are given here, not by SQLite, so mentions and dates can point at them:
        # the new units take the ids after the highest one, and go to the full-text index
        # in one statement at the end rather than one per file.
        first = int(db.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0]) + 1
        next_id = first
        for (name, path, st, digest, _), (record, problem) in zip(
            stale, _read_all([entry[1] for entry in stale], jobs), strict=True
        ):
            next_id = _insert(db, name, st, digest or _safe_hash(path), record, problem, next_id)
        if _has_fts(db) and next_id > first:
            db.execute(
                "INSERT INTO units_fts(rowid, text) SELECT id, text FROM units WHERE id >= ?",
                (first,),
            )
        for statement in _INDEXES:
            db.execute(statement)
        _aggregate(db)
        db.execute("UPDATE meta SET value = ? WHERE key = 'refreshed_ns'", (str(now),))
    return len(stale)


def _read_all(paths: list[Path], jobs: int) -> Iterator[tuple[DocRecord | None, Problem | None]]:
    """:func:`read` of each path, in order; in ``jobs`` processes when there is work for them.

    Parsing and extracting are two thirds of building the index and need nothing shared, so
    they spread over processes; a record comes back pickled, at a tenth of its making.
    """
    if jobs <= 1 or len(paths) < 4:  # a few files: starting processes would cost more
        yield from map(read, paths)
        return
    # fork where the platform has it (Linux): workers start at once, with teikit imported.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(read, paths, chunksize=max(1, len(paths) // (workers * 8)))


def _safe_hash(path: Path) -> str:
    try:
        return _sha256(path)
    except OSError:
        return ""


def read(path: Path) -> tuple[DocRecord | None, Problem | None]:
    """Parse one file through :mod:`teikit.safexml` and extract it; or the problem why not."""
    try:
        tree = safexml.parse_file(path)
    except (InputError, UnsafeXMLError) as exc:
        problem = getattr(exc, "problem", None)
        if not isinstance(problem, Problem):
            problem = Problem.make("TK405", str(exc), file=str(path))
        return None, problem
    root = tree.getroot()
    if not is_tei(root):
        return None, Problem.make(
            "TK402",
            f"not a TEI document (root element {root.tag}); the corpus reads TEI and teiCorpus "
            "files only: move it out of the folder or narrow the glob",
            file=str(path),
        )
    return extract(tree), None


def _delete(db: sqlite3.Connection, doc_id: int) -> None:
    if _has_fts(db):
        db.execute(
            "INSERT INTO units_fts(units_fts, rowid, text) "
            "SELECT 'delete', id, text FROM units WHERE doc = ?",
            (doc_id,),
        )
    for table in ("units", "mentions", "dates", "persons"):
        db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))
    db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))


def _has_fts(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()
    return bool(row and row[0] == "1")


def _insert(
    db: sqlite3.Connection,
    name: str,
    st: os.stat_result,
    digest: str,
    record: DocRecord | None,
    problem: Problem | None,
    base: int,
) -> int:
    """Store one file's records, its units numbered from ``base``; the next free unit id."""
    cur = db.execute(
        "INSERT INTO docs (file, mtime_ns, size, sha256, title, problem) VALUES (?,?,?,?,?,?)",
        (
            name,
            st.st_mtime_ns,
            st.st_size,
            digest,
            record.title if record else None,
            problem.model_dump_json() if problem else None,
        ),
    )
    doc_id = cur.lastrowid
    if record is None:
        return base

    def uid(ord_: int | None) -> int | None:
        return None if ord_ is None else base + ord_

    db.executemany(
        "INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                base + u.ord,
                doc_id,
                u.ord,
                u.kind,
                u.xpath,
                u.xml_id,
                u.section,
                u.page,
                u.n,
                uid(u.parent),
                u.place,
                u.type,
                u.text,
                json.dumps(u.pages) if u.pages else None,
            )
            for u in record.units
        ],
    )
    titles_of: dict[tuple[str, ...], str] = {}  # a few distinct values per file

    def titles_json(titles: tuple[str, ...]) -> str:
        if titles not in titles_of:
            titles_of[titles] = json.dumps(titles)
        return titles_of[titles]

    db.executemany(
        'INSERT INTO mentions (doc, unit, person, text, titles, start, "end", xpath, xml_id, '
        "section, page) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                doc_id,
                uid(m.unit),
                m.person,
                m.text,
                titles_json(m.titles),
                m.start,
                m.end,
                m.xpath,
                m.xml_id,
                m.section,
                m.page,
            )
            for m in record.mentions
        ],
    )
    db.executemany(
        'INSERT INTO dates (doc, unit, text, "when", from_date, to_date, not_before, '
        'not_after, cert, start, "end", inferred, xpath, xml_id, section, page) '
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                doc_id,
                uid(d.unit),
                d.text,
                d.when,
                d.from_date,
                d.to_date,
                d.not_before,
                d.not_after,
                d.cert,
                d.start,
                d.end,
                int(d.inferred),
                d.xpath,
                d.xml_id,
                d.section,
                d.page,
            )
            for d in record.dates
        ],
    )
    db.executemany(
        "INSERT INTO persons VALUES (?,?,?,?,?)",
        [
            (doc_id, p.id, json.dumps(p.names), json.dumps(p.titles), p.wikidata)
            for p in record.persons
        ],
    )
    return base + len(record.units)


def problems(db: sqlite3.Connection) -> list[Problem]:
    """The problems of the files that could not be read, in file order."""
    return [
        Problem.model_validate_json(row[0])
        for row in db.execute("SELECT problem FROM docs WHERE problem IS NOT NULL ORDER BY file")
    ]


def files(db: sqlite3.Connection) -> Iterable[str]:
    return [row[0] for row in db.execute("SELECT file FROM docs ORDER BY file")]


def _aggregate(db: sqlite3.Connection) -> None:
    """Recompute what ``cooccurrence()`` and ``persons()`` answer: ``pairs`` of persons named
    in the same paragraphs, and ``person_stats``, every person declared or mentioned with names,
    titles, mention count, documents, pages and first and last dated context, most mentioned
    first.

    Done once per refresh that changed anything, so that those questions read a small table
    instead of grouping every mention of the corpus at each call.
    """
    people: dict[str, dict[str, Any]] = {}
    for pid, names, titles, wikidata in db.execute(
        "SELECT id, names, titles, wikidata FROM persons ORDER BY doc"
    ):
        entry = people.setdefault(pid, _blank(pid))
        _extend(entry["names"], json.loads(names))
        _extend(entry["titles"], json.loads(titles))
        entry["wikidata"] = entry["wikidata"] or wikidata
    for pid, count, texts, titles, docs, pages in db.execute(
        "SELECT m.person, count(*), json_group_array(DISTINCT m.text), "
        "json_group_array(DISTINCT m.titles), json_group_array(DISTINCT d.file), "
        "json_group_array(DISTINCT m.page) FROM mentions m JOIN docs d ON d.id = m.doc "
        "WHERE m.person IS NOT NULL GROUP BY m.person"
    ):
        entry = people.setdefault(pid, _blank(pid))
        entry["mention_count"] = count
        _extend(entry["names"], sorted(json.loads(texts)))
        for group in sorted(json.loads(titles)):
            _extend(entry["titles"], json.loads(group))
        entry["documents"] = sorted(json.loads(docs))
        entry["pages"] = sorted((p for p in json.loads(pages) if p), key=_page_key)
    for pid, first, last in db.execute(
        'SELECT m.person, min(t.start), max(t."end") FROM mentions m '
        "JOIN dates t ON t.unit = m.unit WHERE m.person IS NOT NULL GROUP BY m.person"
    ):
        people[pid]["first_date"], people[pid]["last_date"] = first, last
    db.execute("DELETE FROM pairs")
    db.execute(
        "INSERT INTO pairs WITH pu AS (SELECT DISTINCT m.unit, m.person FROM mentions m "
        "JOIN units u ON u.id = m.unit WHERE u.kind IN ('p', 'ab') AND m.person IS NOT NULL) "
        "SELECT a.person, b.person, count(*) FROM pu a JOIN pu b "
        "ON a.unit = b.unit AND a.person < b.person GROUP BY a.person, b.person"
    )
    ranked = sorted(people.values(), key=lambda e: (-e["mention_count"], e["id"]))
    db.execute("DELETE FROM person_stats")
    db.executemany(
        "INSERT INTO person_stats VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                i,
                e["id"],
                json.dumps(e["names"]),
                json.dumps(e["titles"]),
                e["mention_count"],
                json.dumps(e["documents"]),
                json.dumps(e["pages"]),
                e["first_date"],
                e["last_date"],
                e["wikidata"],
            )
            for i, e in enumerate(ranked)
        ],
    )


def _blank(pid: str) -> dict[str, Any]:
    return {
        "id": pid,
        "names": [],
        "titles": [],
        "mention_count": 0,
        "documents": [],
        "pages": [],
        "first_date": None,
        "last_date": None,
        "wikidata": None,
    }


def _extend(target: list[str], values: Sequence[str]) -> None:
    for value in values:
        if value and value not in target:
            target.append(value)


def _page_key(page: str) -> tuple[int, str]:
    return (int(page), "") if page.isdigit() else (1 << 30, page)
