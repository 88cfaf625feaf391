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
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from teikit import safexml
from teikit.corpus.extract import DocRecord, extract, is_tei
from teikit.errors import InputError, Problem, UnsafeXMLError

INDEX_NAME = ".teikit-index.sqlite"
#: Bump when the schema or what :func:`extract` records changes: an older index is rebuilt.
SCHEMA_VERSION = "1"
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
CREATE INDEX units_doc ON units (doc, ord);
CREATE INDEX units_kind ON units (kind);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, unit INTEGER, person TEXT, text TEXT NOT NULL,
    titles TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, xpath TEXT NOT NULL,
    xml_id TEXT, section TEXT, page TEXT
);
CREATE INDEX mentions_person ON mentions (person);
CREATE INDEX mentions_unit ON mentions (unit);
CREATE TABLE dates (
    id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, unit INTEGER, text TEXT NOT NULL,
    "when" TEXT, from_date TEXT, to_date TEXT, not_before TEXT, not_after TEXT, cert TEXT,
    start TEXT, "end" TEXT, inferred INTEGER NOT NULL, xpath TEXT NOT NULL, xml_id TEXT,
    section TEXT, page TEXT
);
CREATE INDEX dates_unit ON dates (unit);
CREATE INDEX dates_start ON dates (start);
CREATE TABLE persons (
    doc INTEGER NOT NULL, id TEXT NOT NULL, names TEXT NOT NULL, titles TEXT NOT NULL,
    wikidata TEXT
);
CREATE INDEX persons_id ON persons (id);
"""
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


def refresh(db: sqlite3.Connection, root: Path, files: Sequence[Path]) -> int:
    """Bring the index up to date with ``files`` (paths under ``root``); returns how many files
    were read again. Files no longer in the set are dropped from the index."""
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
        for name, path, st, digest, _ in stale:
            record, problem = read(path)
            _insert(db, name, st, digest or _safe_hash(path), record, problem)
        db.execute("UPDATE meta SET value = ? WHERE key = 'refreshed_ns'", (str(now),))
    return len(stale)


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
) -> None:
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
        return
    row = db.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()
    base = int(row[0]) + 1  # unit ids: base + ord, so mentions and dates can point at them

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
    if _has_fts(db):
        db.execute(
            "INSERT INTO units_fts(rowid, text) SELECT id, text FROM units WHERE doc = ?",
            (doc_id,),
        )
    db.executemany(
        'INSERT INTO mentions (doc, unit, person, text, titles, start, "end", xpath, xml_id, '
        "section, page) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                doc_id,
                uid(m.unit),
                m.person,
                m.text,
                json.dumps(m.titles),
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


def problems(db: sqlite3.Connection) -> list[Problem]:
    """The problems of the files that could not be read, in file order."""
    return [
        Problem.model_validate_json(row[0])
        for row in db.execute("SELECT problem FROM docs WHERE problem IS NOT NULL ORDER BY file")
    ]


def files(db: sqlite3.Connection) -> Iterable[str]:
    return [row[0] for row in db.execute("SELECT file FROM docs ORDER BY file")]
