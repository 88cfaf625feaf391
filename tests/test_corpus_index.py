"""A damaged index never gives wrong answers: each kind of damage is detected and the index
built anew (the answers then equal those of a fresh in-memory corpus), or the question fails
with one clear line.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import teikit

DATA = Path(__file__).parent / "data" / "corpus"
INDEX = ".teikit-index.sqlite"


def answers(corpus: teikit.Corpus) -> tuple[object, ...]:
    return (
        [(p.file, p.xpath, p.text, p.persons, p.notes) for p in corpus.paragraphs()],
        [(n.file, n.xpath, n.text) for n in corpus.notes()],
        [(d.file, d.xpath, d.start) for d in corpus.timeline()],
        [(p.id, p.mention_count) for p in corpus.persons()],
        [(h.file, h.left, h.match) for h in corpus.search("Basra")],
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "c"
    shutil.copytree(DATA, target, copy_function=shutil.copyfile)
    with teikit.Corpus.open(target) as corpus:
        assert corpus.refreshed == 3
    return target


@pytest.fixture
def truth(folder: Path) -> tuple[object, ...]:
    with teikit.Corpus.open(folder, index=False) as corpus:
        return answers(corpus)


def reopened(folder: Path) -> tuple[int, tuple[object, ...]]:
    with teikit.Corpus.open(folder) as corpus:
        return corpus.refreshed, answers(corpus)


def test_an_intact_index_is_reused(folder: Path, truth: tuple[object, ...]) -> None:
    assert reopened(folder) == (0, truth)


def test_a_truncated_index_is_built_anew(folder: Path, truth: tuple[object, ...]) -> None:
    index = folder / INDEX
    size = index.stat().st_size
    for keep in (size // 2, size - 1, 100, 10, 0):
        with open(index, "r+b") as handle:
            handle.truncate(keep)
        assert reopened(folder) == (3, truth), keep


def test_an_index_of_random_bytes_is_built_anew(folder: Path, truth: tuple[object, ...]) -> None:
    index = folder / INDEX
    index.write_bytes(random.Random(14).randbytes(index.stat().st_size))
    assert reopened(folder) == (3, truth)


def test_random_bytes_inside_the_index_never_answer(
    folder: Path, truth: tuple[object, ...]
) -> None:
    # The header stays whole, so the damage shows only when a damaged page is read: the
    # answer is then the true one (the index built anew) or one clear line, never garbage.
    index = folder / INDEX
    size = index.stat().st_size
    rng = random.Random(15)
    for _ in range(5):
        shutil.copy(index, index.with_suffix(".bak"))
        with open(index, "r+b") as handle:
            handle.seek(rng.randrange(4096, size - 4096) // 4096 * 4096)
            handle.write(rng.randbytes(4096))
        try:
            _, got = reopened(folder)
        except teikit.InputError as exc:
            assert "\n" not in str(exc) and "index" in str(exc)
        else:
            assert got == truth
        shutil.copy(index.with_suffix(".bak"), index)


def test_an_index_of_another_schema_is_built_anew(folder: Path, truth: tuple[object, ...]) -> None:
    with sqlite3.connect(folder / INDEX) as db:
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema'")
    db.close()
    assert reopened(folder) == (3, truth)


def test_an_empty_file_where_the_index_was(folder: Path, truth: tuple[object, ...]) -> None:
    (folder / INDEX).write_bytes(b"")
    assert reopened(folder) == (3, truth)


LOCKER = r"""
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
db.execute("UPDATE meta SET value = value WHERE key = 'schema'")
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


@pytest.fixture
def locker(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding an exclusive (write) lock on the index until the test ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(folder / INDEX)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    try:
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


def test_an_index_locked_by_another_process_is_built_anew(
    folder: Path, truth: tuple[object, ...], locker: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    assert reopened(folder) == (3, truth)
    assert time.monotonic() - started < 15
    assert locker.poll() is None  # the lock was really held all along


def test_a_lock_taken_after_opening_is_answered_around(
    folder: Path, truth: tuple[object, ...]
) -> None:
    with teikit.Corpus.open(folder) as corpus:
        process = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(folder / INDEX)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None and process.stdout.readline().strip() == "locked"
            assert answers(corpus) == truth
        finally:
            assert process.stdin is not None
            process.stdin.close()
            process.wait(timeout=10)


def _edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Basra" in text
    path.write_text(text.replace("Basra", "Umm Qasr"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_file_changed_between_open_and_question(folder: Path) -> None:
    with teikit.Corpus.open(folder) as corpus:
        before = corpus.search("Basra")
        assert before
        _edit(folder / before[0].file)
        assert [h for h in corpus.search("Basra") if h.file == before[0].file] == []
        assert corpus.search("Umm Qasr")
    with teikit.Corpus.open(folder, index=False) as fresh:
        truth = answers(fresh)
    assert reopened(folder) == (0, truth)


def test_a_file_changed_while_a_question_is_answered(folder: Path) -> None:
    with teikit.Corpus.open(folder) as corpus:
        file = folder / corpus.search("Basra")[0].file
        changed: list[bool] = []

        def change_once() -> int:
            if not changed:  # SQLite calls back while the query runs
                changed.append(True)
                _edit(file)
            return 0

        corpus._db.set_progress_handler(change_once, 10)
        hits = corpus.search("Basra")
        assert changed
        assert all(h.file != file.name for h in hits)
    with teikit.Corpus.open(folder, index=False) as fresh:
        assert [(h.file, h.left) for h in hits] == [(h.file, h.left) for h in fresh.search("Basra")]
