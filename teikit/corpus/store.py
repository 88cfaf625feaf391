"""The SQLite index: extracted records of every file, kept fresh, with full-text search.

One database file beside the corpus (``<folder>/.teikit-index.sqlite``) holds, per TEI file,
its records (units of text, person mentions, dates, persons) and a fingerprint: modification
time, size and SHA-256.

- **Building** (no index yet, or one that cannot be trusted) reads every file once and
  writes a new database in a temporary file beside the index, with no journal and no syncing
  (a throw-away build: a crash leaves only a temporary file). In one process, rows and their
  full-text entries are inserted in batches as they come; in ``jobs`` processes, each writes
  the rows it makes into a throw-away SQLite shard that this one appends in C, while a
  thread builds the full-text table from the same shards (:func:`_build_pooled`). The
  indexes and aggregates are made once after the load; the finished file then takes the
  index's place in one atomic rename, so a reader never sees half an index.
- **Opening** an index reads its fingerprints and compares them with one ``stat`` per file
  (time and size); nothing is parsed or hashed while they match. A file whose time or size
  changed is hashed, and re-read only when its content changed. A file changed within the
  clock's resolution of the last refresh cannot be told from an unchanged one by its time, so
  such a file is always hashed (git's "racily clean" rule).
- **Damage** is never answered from: an index that is truncated (its header promises more
  pages than the file holds), is not an SQLite database, was written by another version of
  teikit, or cannot be read (corrupted pages, locked by another process) is built anew.

A file that could not be read is stored with its problems, so a warm open reports them too.
Without an index file (``index=False``, or a folder that cannot be written) the same schema
lives in an in-memory database, built at open: every query is one code path either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teikit.corpus.extract import UNIT_STRIDE, DocRecord
from teikit.errors import InputError, Problem, UnsafeXMLError, ignore_interrupts_in_worker

INDEX_NAME = ".teikit-index.sqlite"
#: Bump when the schema or what :func:`extract` records changes: an older index is rebuilt.
SCHEMA_VERSION = "9"
#: A file modified this close to the last refresh is hashed even when time and size match.
_RACY_NS = 2_000_000_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, file TEXT UNIQUE NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, sha256 TEXT NOT NULL, title TEXT, problems TEXT,
    readable INTEGER NOT NULL
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
    section TEXT, page TEXT, chrono INTEGER
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
    # (person, doc, unit): a person's mentions document by document, so that a page of
    # person() walks the documents in file order and stops (see sql.mention_rows); the unit
    # last, so that the person filters read it from the index.
    "CREATE INDEX IF NOT EXISTS mentions_person ON mentions (person, doc, unit)",
    "CREATE INDEX IF NOT EXISTS mentions_unit ON mentions (unit, person)",
    "CREATE INDEX IF NOT EXISTS dates_unit ON dates (unit)",
    'CREATE INDEX IF NOT EXISTS dates_start ON dates (start, "end", unit)',
    "CREATE INDEX IF NOT EXISTS persons_id ON persons (id)",
    "CREATE INDEX IF NOT EXISTS units_parent ON units (parent)",
    # The timeline's rank with what its filters read: a page of it is found in the index.
    'CREATE INDEX IF NOT EXISTS dates_chrono ON dates (chrono, start, "end", unit)',
)
#: ``detail=none``: the index keeps which units hold each trigram, not where (two fifths of
#: its build saved). A substring is asked as every trigram it holds (:mod:`.fulltext`); the
#: units found may not hold them in order, and the regex, which decides, drops those.
#: ``columnsize=0``: no table of each unit's length in trigrams, which only ranking (bm25)
#: reads and no question asks for (a seventh of its build saved).
_FTS = (
    "CREATE VIRTUAL TABLE units_fts USING fts5(text, content='units', content_rowid='id', "
    "tokenize='trigram', detail=none, columnsize=0)"
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
    """The tables, without the indexes and the full-text table (see :func:`_finish`)."""
    db.executescript(_SCHEMA)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema", SCHEMA_VERSION), ("fts", "0"), ("refreshed_ns", "0")],
    )


#: How long to wait for another process's lock on the index before building a new one.
LOCK_WAIT_S = 1.0


class _RebuildInstead(Exception):
    """So many files changed that building the index anew is cheaper than updating it."""


def open_index(
    path: Path | None, root: Path, files: Sequence[Path], *, jobs: int = 1
) -> tuple[sqlite3.Connection, int]:
    """The index of ``files`` (paths under ``root``), fresh, and how many files were read.

    ``path``: the index file, reused when it can be trusted, else built anew and swapped in;
    ``None``: built in memory. Raises :class:`sqlite3.Error` or :class:`OSError` only when a
    new index cannot be written at ``path``.
    """
    if path is None:
        db = sqlite3.connect(":memory:")
        return db, build_into(db, root, files, jobs=jobs)
    trusted = _trusted(path)
    if trusted is None:
        return rebuild(path, root, files, jobs=jobs)
    return update(trusted, path, root, files, jobs=jobs)


def update(
    db: sqlite3.Connection, path: Path | None, root: Path, files: Sequence[Path], *, jobs: int = 1
) -> tuple[sqlite3.Connection, int]:
    """:func:`refresh` ``db`` (the index at ``path``, or in memory), or, when it is damaged,
    locked past the wait or mostly stale, close it and build a new one; the index to use
    and how many files were read."""
    try:
        return db, refresh(db, root, files, jobs=jobs)
    except (sqlite3.DatabaseError, _RebuildInstead):
        db.close()
    if path is None:
        db = sqlite3.connect(":memory:")
        return db, build_into(db, root, files, jobs=jobs)
    return rebuild(path, root, files, jobs=jobs)


def rebuild(
    path: Path, root: Path, files: Sequence[Path], *, jobs: int = 1
) -> tuple[sqlite3.Connection, int]:
    """Build the index into a temporary file beside ``path``, then rename it into place.

    The rename is atomic: a process still reading the old index keeps reading it (its file
    stays open), one that opens later finds the new one, and a lock another process holds on
    the old file does not stand in the way.
    """
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(temporary)
        try:
            read = build_into(db, root, files, jobs=jobs)
        finally:
            db.close()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    # A journal left by a process that crashed while writing the old index would otherwise
    # be played back into the new one.
    Path(f"{path}-journal").unlink(missing_ok=True)
    return _connect(path), read


def _connect(path: Path) -> sqlite3.Connection:
    # mode=rw: never create an empty database where the index was (it is built, not created)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=LOCK_WAIT_S)


def _trusted(path: Path) -> sqlite3.Connection | None:
    """A connection to the index at ``path`` when it is whole and of this schema, else None."""
    if not _whole(path):
        return None
    try:
        db = _connect(path)
    except sqlite3.Error:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error:  # not a database, damaged, or locked past the wait
        row = None
    if row is None or row[0] != SCHEMA_VERSION:
        db.close()
        return None
    return db


def _whole(path: Path) -> bool:
    """Whether the file at ``path`` is an SQLite database as long as its header says.

    SQLite reads pages as a query needs them, so a truncated file can answer some questions
    and fail (or, read past its end, answer from nothing) on others: the header's page count
    times its page size must be the file's size (SQLite keeps the count valid while the
    "version-valid-for" number matches the change counter).
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or pages == 0:
        return size >= page_size and size % page_size == 0
    return size == pages * page_size


def fingerprints(db: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Each file's (modification time in ns, size) as the index last saw it."""
    return {row[0]: (row[1], row[2]) for row in db.execute("SELECT file, mtime_ns, size FROM docs")}


def stamp(path: Path) -> tuple[int, int]:
    """``(st_mtime_ns, st_size)`` of ``path``; ``(0, 0)`` when it cannot be looked at."""
    try:
        st = os.stat(path)
    except OSError:
        return 0, 0
    return st.st_mtime_ns, st.st_size


def build_into(db: sqlite3.Connection, root: Path, files: Sequence[Path], *, jobs: int = 1) -> int:
    """Fill an empty database with the records of every file: one read of each, its rows
    made where it is read (``jobs`` > 1: in that many processes, each writing them into
    shards this one merges, :func:`_build_pooled`; else inserted here in batches, each
    batch's full-text entries with it); then the indexes and aggregates once. Returns how
    many files."""
    now = time.time_ns()  # before any file is looked at: a later change shows as later
    # A throw-away build: if it fails half-way the file is deleted, so no journal is kept
    # and nothing waits for the disk.
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "temp_store=MEMORY"):
        db.execute(f"PRAGMA {pragma}")
    _create(db)
    fts = fts_available()
    if fts:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'fts'")
    wanted = [(i, f.relative_to(root).as_posix(), f) for i, f in enumerate(files, start=1)]
    scratch = _scratch_folder() if jobs > 1 and len(wanted) >= 4 else None
    if scratch is not None:
        import shutil  # here: a warm open builds nothing

        db.commit()
        try:
            _build_pooled(db, wanted, jobs, scratch, fts=fts, now=now)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    else:
        if fts:
            db.execute(_FTS)
            # No merging of the full-text segments while the whole corpus goes in (a fifth
            # of the full-text build); merged as usual from the next refresh on.
            db.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('automerge', 0)")
        with db:
            _insert(db, wanted, fts=fts)
            _finish(db, now)
    if fts:
        with db:
            db.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('automerge', 4)")
    return len(files)


#: The columns of ``mentions`` and ``dates`` but their ids, which the index gives in the
#: order the rows arrive (corpus order): a shard numbers its own from 1.
_MENTION_COLUMNS = 'doc, unit, person, text, titles, start, "end", xpath, xml_id, section, page'
_DATE_COLUMNS = (
    'doc, unit, text, "when", from_date, to_date, not_before, not_after, cert, start, "end", '
    "inferred, xpath, xml_id, section, page"
)


def _scratch_folder() -> Path | None:
    """A new folder for the shards of a pooled build, or ``None`` when the system's temporary
    folder cannot take one (the files are then read and inserted in this process)."""
    import tempfile

    try:
        return Path(tempfile.mkdtemp(prefix="teikit-index-"))
    except OSError:
        return None


def _build_pooled(
    db: sqlite3.Connection,
    wanted: list[tuple[int, str, Path]],
    jobs: int,
    folder: Path,
    *,
    fts: bool,
    now: int,
) -> None:
    """Load the records of the files ``wanted`` into ``db`` (no open transaction), read in
    ``jobs`` processes that write their shards in ``folder``, and :func:`_finish` it
    (``now``: the time of this refresh).

    Each process writes the rows of a run of consecutive files into a shard (a throw-away
    SQLite file with the index's tables, :func:`_load_shard`), so the rows never travel as
    Python objects (pickled there, unpickled here); this process appends each shard to
    ``db`` in C (:func:`_merge`), in corpus order, with no Python work per row. The
    full-text index (``fts``) is built from the same shards on a thread, in a database of
    its own (:class:`_SideFullText`): SQLite lets the thread run while this one merges and
    then makes the indexes and aggregates (the thread is still indexing the last shards),
    and its tables are copied into ``db`` at the end.
    """
    side = _SideFullText(folder / "fulltext.sqlite") if fts else None
    try:
        for shard in _read_into_shards(wanted, jobs, folder):
            _merge(db, shard)
            if side is None:
                shard.unlink()
            else:
                side.add(shard)  # which deletes it once indexed
        with db:
            _finish(db, now)
    except BaseException:
        if side is not None:
            side.close(cancel=True)
        raise
    if side is not None:
        side.close()
        side.copy_into(db)


def _read_into_shards(
    wanted: list[tuple[int, str, Path]], jobs: int, folder: Path
) -> Iterator[Path]:
    """The files ``wanted`` read in ``jobs`` processes into shards in ``folder``
    (:func:`_load_shard`, a run of consecutive files each): their paths, in corpus order."""
    import multiprocessing  # here: a warm open starts no process
    from concurrent.futures import ProcessPoolExecutor

    # fork where the platform has it (Linux): workers start at once, with teikit imported.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    workers = min(jobs, len(wanted))
    # Runs of a few files: the first shard comes back soon (this process merges while the
    # workers read on), and the last ones are short (no worker is left alone at the end).
    size = max(1, len(wanted) // (workers * 8))
    tasks = [
        (folder / f"{n}.sqlite", wanted[start : start + size])
        for n, start in enumerate(range(0, len(wanted), size))
    ]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=ignore_interrupts_in_worker
    ) as pool:
        yield from pool.map(_load_shard, tasks)


def _load_shard(task: tuple[Path, list[tuple[int, str, Path]]]) -> Path:
    """Write the rows of the files of ``task`` (a shard's path, the files' ``(document id,
    name, path)``) into a new database at that path, with the index's tables; its path."""
    shard, wanted = task
    db = sqlite3.connect(shard)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE"):
            db.execute(f"PRAGMA {pragma}")
        db.executescript(_SCHEMA)
        with db:
            _insert(db, wanted, fts=False)
    finally:
        db.close()
    return shard


def _insert(db: sqlite3.Connection, wanted: list[tuple[int, str, Path]], *, fts: bool) -> None:
    """Read the files ``wanted`` (``(document id, name, path)``) in this process and insert
    their rows into ``db`` in batches (``fts``: each batch's full-text entries with it)."""
    batch = _Batch(fts=fts)
    for rows in map(load, wanted):
        batch.add(rows)
        if batch.full():
            batch.flush(db)
    batch.flush(db)


def _merge(db: sqlite3.Connection, shard: Path) -> None:
    """Append the rows of ``shard`` (:func:`_load_shard`) to the index ``db`` (not their
    full-text entries): one ``INSERT ... SELECT`` per table, in SQLite's C. The mentions
    and dates are given ids after those already in (in the shard's order), as the rows of
    :class:`_Batch` are."""
    db.execute("ATTACH DATABASE ? AS shard", (str(shard),))  # refused in a transaction
    try:
        with db:
            db.execute("INSERT INTO docs SELECT * FROM shard.docs ORDER BY id")
            db.execute("INSERT INTO units SELECT * FROM shard.units ORDER BY id")
            db.execute(
                f"INSERT INTO mentions ({_MENTION_COLUMNS}) "
                f"SELECT {_MENTION_COLUMNS} FROM shard.mentions ORDER BY id"
            )
            db.execute(
                f"INSERT INTO dates ({_DATE_COLUMNS}) "
                f"SELECT {_DATE_COLUMNS} FROM shard.dates ORDER BY id"
            )
            db.execute("INSERT INTO persons SELECT * FROM shard.persons ORDER BY rowid")
    finally:
        db.execute("DETACH DATABASE shard")


def refresh(db: sqlite3.Connection, root: Path, files: Sequence[Path], *, jobs: int = 1) -> int:
    """Bring the index up to date with ``files`` (paths under ``root``); returns how many files
    were read again. Files no longer in the set are dropped from the index. ``jobs`` > 1
    parses and extracts the files to read in that many processes (the writing stays here).
    Raises :class:`_RebuildInstead` when most files changed."""
    # Taken before any file is looked at: a change after this moment shows as a later time.
    now = time.time_ns()
    wanted = {f.relative_to(root).as_posix(): f for f in files}
    known = {
        row[0]: row[1:] for row in db.execute("SELECT file, mtime_ns, size, sha256, id FROM docs")
    }
    refreshed_ns = int(db.execute("SELECT value FROM meta WHERE key='refreshed_ns'").fetchone()[0])
    hashed = False
    stale: list[tuple[str, Path, int | None]] = []
    touched: list[tuple[int, int, int]] = []
    for name, path in wanted.items():
        mtime_ns, size = stamp(path)
        entry = known.get(name)
        if entry is None:
            stale.append((name, path, None))
            continue
        mtime, known_size, sha, doc_id = entry
        racy = mtime_ns >= refreshed_ns - _RACY_NS
        if mtime == mtime_ns and known_size == size and not racy:
            continue
        digest = _safe_hash(path)
        hashed = True
        if digest == sha and digest:
            if mtime != mtime_ns or known_size != size:
                touched.append((mtime_ns, size, doc_id))
            continue
        stale.append((name, path, doc_id))
    gone = [entry[3] for name, entry in known.items() if name not in wanted]
    if not stale and not gone and not touched and not hashed:
        return 0
    if len(stale) > max(16, len(wanted) // 4):
        raise _RebuildInstead
    with db:
        db.executemany("UPDATE docs SET mtime_ns = ?, size = ? WHERE id = ?", touched)
        for doc_id in gone + [s[2] for s in stale if s[2] is not None]:
            _delete(db, doc_id)
        # A changed file is read as a new document: its id (and so its units' ids) comes
        # after every one in the index.
        next_doc = int(db.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]) + 1
        batch = _Batch(fts=_has_fts(db))
        for rows in _read_all(
            [(next_doc + i, name, path) for i, (name, path, _) in enumerate(stale)], jobs
        ):
            batch.add(rows)
        batch.flush(db)
        _finish(db, now)
    return len(stale)


def _finish(db: sqlite3.Connection, now: int) -> None:
    """The timeline's order, the indexes (each made once, from sorted keys, when missing:
    several times cheaper than keeping it up to date row by row), the aggregates, and the
    time of this refresh."""
    # The timeline's order, given once here so that the whole timeline is read in index
    # order rather than sorted at every question.
    db.execute(
        "UPDATE dates SET chrono = r.rank FROM (SELECT t.id, row_number() OVER (ORDER BY "
        't.start, t."end", d.file, t.id) AS rank FROM dates t JOIN docs d ON d.id = t.doc '
        "WHERE t.start IS NOT NULL) r WHERE dates.id = r.id"
    )
    for statement in _INDEXES:
        db.execute(statement)
    _aggregate(db)
    db.execute("UPDATE meta SET value = ? WHERE key = 'refreshed_ns'", (str(now),))


class _SideFullText:
    """The full-text table built on a thread of its own, in a database of its own at ``path``,
    from the units of each shard :meth:`add` is given (each deleted once indexed), then
    copied into the index (:meth:`copy_into`).

    The table is declared as the index declares it and all of an FTS5 table's content lives
    in its shadow tables (``units_fts_data``, ``_idx``, ``_config``), so copying
    those rows gives the index the very table it would have built itself. The thread costs
    this process little: SQLite runs each ``INSERT ... SELECT`` without holding Python's GIL.
    """

    def __init__(self, path: Path) -> None:
        import queue
        import threading

        self.path = path
        self.shards: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self.cancelled = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="teikit-fulltext", daemon=True)

    def add(self, shard: Path) -> None:
        # The thread starts with the first shard, once the processes that read the files
        # are running (a pool that forks starts them all with its first task): a process
        # forked while a thread of its parent holds a lock (SQLite's, the allocator's)
        # would wait for that lock for ever.
        if self.thread.ident is None:
            self.thread.start()
        self.shards.put(shard)

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the thread to index every shard given (``cancel``: only the one it is on)."""
        if self.thread.ident is None:  # never started: no shard came
            self.thread.start()
        self.cancelled = cancel
        self.shards.put(None)
        self.thread.join()

    def _run(self) -> None:
        try:
            side = sqlite3.connect(self.path)
            try:
                for pragma in ("journal_mode=OFF", "synchronous=OFF", "locking_mode=EXCLUSIVE"):
                    side.execute(f"PRAGMA {pragma}")
                with side:
                    side.execute(_FTS)
                    side.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('automerge', 0)")
                while (shard := self.shards.get()) is not None and not self.cancelled:
                    side.execute("ATTACH DATABASE ? AS shard", (str(shard),))
                    with side:
                        side.execute(
                            "INSERT INTO units_fts(rowid, text) "
                            "SELECT id, text FROM shard.units ORDER BY id"
                        )
                    side.execute("DETACH DATABASE shard")
                    shard.unlink()
            finally:
                side.close()
        except BaseException as exc:  # handed to the building thread by copy_into
            self.error = exc

    def copy_into(self, db: sqlite3.Connection) -> None:
        """Create ``db``'s full-text table and fill it with the rows of the one built here.

        Created here, just before its shadow tables are filled: a connection's FTS5 table
        keeps the layout of its segments once it has read it (it reads it afresh only
        after a rollback or another connection's write), so it must not be used before.
        """
        if self.error is not None:
            raise self.error
        db.execute("ATTACH DATABASE ? AS side", (str(self.path),))
        try:
            with db:
                db.execute(_FTS)
                for (table,) in db.execute(
                    "SELECT name FROM side.sqlite_schema WHERE type = 'table' "
                    "AND name LIKE 'units\\_fts\\_%' ESCAPE '\\'"
                ).fetchall():
                    db.execute(f"DELETE FROM main.{table}")
                    db.execute(f"INSERT INTO main.{table} SELECT * FROM side.{table}")
        finally:
            db.execute("DETACH DATABASE side")


@dataclass(slots=True)
class Read:
    """What reading one file gave: its records (``None`` when it could not be read), its
    problems, and its fingerprint taken before it was read."""

    record: DocRecord | None
    problems: list[Problem]
    mtime_ns: int = 0
    size: int = 0
    sha256: str = ""


def _read_all(wanted: list[tuple[int, str, Path]], jobs: int) -> Iterator[Rows]:
    """:func:`load` of each ``(document id, name, path)``, in order; in ``jobs`` processes
    when there is work for them.

    Parsing, extracting and making the rows are half of building the index and need nothing
    shared, so they spread over processes while this one inserts what came back (a batch of
    rows comes back pickled, at a tenth of its making).
    """
    if jobs <= 1 or len(wanted) < 4:  # a few files: starting processes would cost more
        yield from map(load, wanted)
        return
    import multiprocessing  # here: a warm open starts no process
    from concurrent.futures import ProcessPoolExecutor

    # fork where the platform has it (Linux): workers start at once, with teikit imported.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    workers = min(jobs, len(wanted))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=ignore_interrupts_in_worker
    ) as pool:
        yield from pool.map(load, wanted, chunksize=max(1, len(wanted) // (workers * 8)))


def _safe_hash(path: Path) -> str:
    try:
        return _sha256(path)
    except OSError:
        return ""


def read(path: Path, doc_id: int = 0) -> Read:
    """Read one file once: its fingerprint, then its records (as the index's document
    ``doc_id``) through :mod:`teikit.safexml` (entities it uses left out and reported), or the
    problem why it cannot be read."""
    # Imported here: opening a fresh index reads no file, so it needs no XML parser.
    from teikit import safexml
    from teikit.corpus.extract import extract
    from teikit.tei.io import is_tei

    source = str(path)
    try:
        with open(path, "rb") as handle:
            # The fingerprint is taken before the bytes are read: a change while they are
            # read shows as a later time at the next open.
            st = os.fstat(handle.fileno())
            if st.st_size > safexml.DEFAULT_MAX_BYTES:
                data = b""  # refused by parse_bytes below without being read
                oversized = True
            else:
                data = handle.read()
                oversized = False
    except OSError as exc:
        detail = (exc.strerror or str(exc)).lower()
        return Read(None, [Problem.make("TK405", detail, file=source)])
    done = Read(None, [], st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest())
    try:
        if oversized:
            safexml.parse_file(path)  # raises: too large
        tree = safexml.parse_bytes(data, source=source, problems=done.problems)
    except (InputError, UnsafeXMLError) as exc:
        problem = getattr(exc, "problem", None)
        if not isinstance(problem, Problem):
            problem = Problem.make("TK405", str(exc), file=source)
        done.problems.append(problem)
        return done
    root = tree.getroot()
    if not is_tei(root):
        done.problems.append(
            Problem.make(
                "TK402",
                f"not a TEI document (root element {root.tag}); the corpus reads TEI and "
                "teiCorpus files only: move it out of the folder or narrow the glob",
                file=source,
            )
        )
        return done
    done.record = extract(tree, doc_id)
    return done


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


@dataclass(slots=True)
class Rows:
    """One file's rows, as the tables take them (:func:`rows_of`)."""

    doc: tuple[Any, ...]
    units: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    dates: list[tuple[Any, ...]]
    persons: list[tuple[Any, ...]]


def load(wanted: tuple[int, str, Path]) -> Rows:
    """The rows of one file (``(document id, name, path)``): :func:`read`, then :func:`rows_of`."""
    doc_id, name, path = wanted
    return rows_of(doc_id, name, read(path, doc_id))


def rows_of(doc_id: int, name: str, done: Read) -> Rows:
    """The rows of one file read as document ``doc_id`` (its mentions and dates come out of
    the walk as rows); its units' ids are ``doc_id * UNIT_STRIDE + ord``, so mentions and
    dates point at them before SQLite has seen any."""
    record = done.record
    problems = json.dumps([p.model_dump(mode="json") for p in done.problems])
    doc = (
        doc_id,
        name,
        done.mtime_ns,
        done.size,
        done.sha256,
        record.title if record else None,
        problems if done.problems else None,
        int(record is not None),
    )
    if record is None:
        return Rows(doc, [], [], [], [])
    base = doc_id * UNIT_STRIDE
    units = [
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
            None if u.parent is None else base + u.parent,
            u.place,
            u.type,
            u.text,
            json.dumps(u.pages) if u.pages else None,
        )
        for u in record.units
    ]
    persons = [
        (doc_id, pid, json.dumps(names), json.dumps(titles), wikidata)
        for pid, names, titles, wikidata in record.persons
    ]
    return Rows(doc, units, record.mentions, record.dates, persons)


class _Batch:
    """Rows of many files, inserted together: one ``executemany`` per table per batch, and
    (``fts``) the units' full-text entries with them."""

    __slots__ = ("dates", "docs", "fts", "mentions", "persons", "units")

    def __init__(self, *, fts: bool) -> None:
        self.fts = fts
        self.docs: list[tuple[Any, ...]] = []
        self.units: list[tuple[Any, ...]] = []
        self.mentions: list[tuple[Any, ...]] = []
        self.dates: list[tuple[Any, ...]] = []
        self.persons: list[tuple[Any, ...]] = []

    def full(self) -> bool:
        # Small enough that the rows go in (with their full-text entries) while the
        # workers read the next files, rather than all at the end; large enough that each
        # executemany is worth its call.
        return len(self.units) + len(self.mentions) + len(self.dates) > 20_000

    def add(self, rows: Rows) -> None:
        self.docs.append(rows.doc)
        self.units.extend(rows.units)
        self.mentions.extend(rows.mentions)
        self.dates.extend(rows.dates)
        self.persons.extend(rows.persons)

    def flush(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)", self.docs)
        db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.units)
        if self.fts:
            db.executemany(
                "INSERT INTO units_fts(rowid, text) VALUES (?, ?)",
                [(u[0], u[12]) for u in self.units],
            )
        db.executemany(
            f"INSERT INTO mentions ({_MENTION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            self.mentions,
        )
        db.executemany(
            f"INSERT INTO dates ({_DATE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self.dates,
        )
        db.executemany("INSERT INTO persons VALUES (?,?,?,?,?)", self.persons)
        for rows in (self.docs, self.units, self.mentions, self.dates, self.persons):
            rows.clear()


def problems(db: sqlite3.Connection) -> list[Problem]:
    """The problems of the files that could not be read (or not all of them), in file order."""
    return [
        Problem.model_validate(problem)
        for row in db.execute("SELECT problems FROM docs WHERE problems IS NOT NULL ORDER BY file")
        for problem in json.loads(row[0])
    ]


def readable(db: sqlite3.Connection) -> set[str]:
    """The files whose records were read (some with problems: entities left out)."""
    return {row[0] for row in db.execute("SELECT file FROM docs WHERE readable = 1")}


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
