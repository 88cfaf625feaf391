"""An output that cannot be written is one line naming it, exit 2, no traceback, no partial file
left and the inputs untouched: for ``teikit convert``, ``teikit export`` and ``teikit index``.
Ctrl-C is ``teikit: interrupted`` and exit 130, again with nothing half-written.

Most cases run the real command in a subprocess. The few that cannot be made to really fail
here are simulated in-process through ``teikit.cli.main``: a disk that fills up, and, when the
tests run as root (which ignores permissions), a folder that may not be written.
"""

from __future__ import annotations

import errno
import importlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from teikit.cli import main
from teikit.corpus import store
from teikit.export import FORMATS
from teikit.tei import serialize
from teikit.testing import write_corpus
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f6c87f8d16c5e508.txt"
EXPORT_DATA = ROOT / "tests" / "data" / "export"
AS_ROOT = os.geteuid() == 0
# the module: ``teikit.export`` is the function
EXPORT_MODULE = importlib.import_module("teikit.export")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes (to show that the inputs are untouched)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary or half-written files and folders anywhere under ``folder``."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.name.endswith((".tmp", ".old", "-journal", "-wal"))
    )


def assert_one_line(stderr: str, code: int, expected_code: int, *names: str) -> None:
    assert code == expected_code, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("teikit: "), stderr
    for name in names:
        assert name in lines[0], stderr


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(SEED, folder / "page287.txt")
    return folder


@pytest.fixture
def tei(tmp_path: Path) -> Path:
    folder = tmp_path / "tei"
    shutil.copytree(EXPORT_DATA, folder)
    return folder


# --- teikit convert ---------------------------------------------------------------------------


def test_convert_output_is_a_file(tmp_path: Path, pages: Path) -> None:
    target = tmp_path / "some-file"
    target.write_text("mine\n")
    before = snapshot(pages)
    result = run_cli("convert", str(pages), "-o", str(target), "--quiet")
    assert_one_line(result.stderr, result.returncode, 2, str(target))
    assert "not a folder" in result.stderr
    assert target.read_text() == "mine\n"
    assert snapshot(pages) == before
    assert leftovers(tmp_path) == []


def test_convert_output_under_a_file(tmp_path: Path, pages: Path) -> None:
    blocker = tmp_path / "some-file"
    blocker.write_text("mine\n")
    result = run_cli("convert", str(pages), "-o", str(blocker / "build"), "--quiet")
    assert_one_line(result.stderr, result.returncode, 2, str(blocker))
    assert blocker.read_text() == "mine\n"
    assert leftovers(tmp_path) == []


def test_convert_output_file_is_a_folder(tmp_path: Path, pages: Path) -> None:
    """The document's own name is taken by a folder: fails as root too."""
    out = tmp_path / "out"
    (out / "section-9.6.xml").mkdir(parents=True)
    result = run_cli("convert", str(pages), "-o", str(out), "--quiet")
    assert_one_line(result.stderr, result.returncode, 2, str(out / "section-9.6.xml"), "folder")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(AS_ROOT, reason="root ignores permissions; see the in-process test below")
def test_convert_output_folder_not_writable(tmp_path: Path, pages: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run_cli("convert", str(pages), "-o", str(out), "--quiet")
    finally:
        out.chmod(0o755)
    assert_one_line(result.stderr, result.returncode, 2, str(out))
    assert list(out.iterdir()) == []


def _refuse_temporary_files(monkeypatch: pytest.MonkeyPatch, error: int) -> None:
    """Every temporary file and folder fails as the kernel would fail it (``write_atomic``
    starts every document teikit writes, ``export._new_folder`` every export)."""

    def refuse(path: Path) -> int:
        raise OSError(error, os.strerror(error), str(path))

    monkeypatch.setattr(serialize, "_new_file", refuse)
    monkeypatch.setattr(EXPORT_MODULE, "_new_folder", refuse)


def test_convert_output_folder_not_writable_in_process(
    tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _refuse_temporary_files(monkeypatch, errno.EACCES)
    code = main(["convert", str(pages), "-o", str(out), "--quiet", "--jobs", "1"])
    assert_one_line(capsys.readouterr().err, code, 2, str(out), "Permission denied")


def test_convert_disk_full(
    tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up while a document is written (ENOSPC from the flush to disk)."""
    out = tmp_path / "out"
    before = snapshot(pages)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code = main(["convert", str(pages), "-o", str(out), "--quiet", "--jobs", "1"])
    assert_one_line(capsys.readouterr().err, code, 2, str(out / "section-9.6.xml"), "space")
    assert list(out.iterdir()) == []  # not even the temporary file
    assert snapshot(pages) == before


def test_convert_output_inside_the_input_folder(pages: Path) -> None:
    """Allowed: a folder is read for its ``*.txt`` only, so the outputs of one run (``*.xml``,
    the report) are never read back as pages by the next."""
    out = pages / "build"
    for _ in range(2):
        result = run_cli(
            "convert", str(pages), "-o", str(out), "--quiet", "--report", str(out / "r.json")
        )
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["persons.xml", "r.json", "section-9.6.xml"]
    assert '"pages"' in (out / "r.json").read_text()
    assert (pages / "page287.txt").read_bytes() == SEED.read_bytes()


def test_two_concurrent_converts_into_one_folder(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_corpus(pages, 150)
    reference = tmp_path / "reference"
    args = ["--per-page", "--no-entities", "--quiet", "--jobs", "1"]
    assert run_cli("convert", str(pages), "-o", str(reference), *args).returncode == 0
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "teikit", "convert", str(pages), "-o", str(out), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
    assert leftovers(out) == []
    assert snapshot(out) == snapshot(reference)  # every file whole, byte for byte


# --- teikit export ----------------------------------------------------------------------------


def test_export_output_is_a_file(tmp_path: Path, tei: Path) -> None:
    target = tmp_path / "some-file"
    target.write_text("mine\n")
    result = run_cli("export", str(tei), "--to", "csv", "-o", str(target), "--quiet")
    assert_one_line(result.stderr, result.returncode, 2, str(target))
    assert target.read_text() == "mine\n"


def test_export_output_under_a_file(tmp_path: Path, tei: Path) -> None:
    blocker = tmp_path / "some-file"
    blocker.write_text("mine\n")
    result = run_cli("export", str(tei), "--to", "csv", "-o", str(blocker / "x"), "--quiet")
    assert_one_line(result.stderr, result.returncode, 2, str(blocker))
    assert leftovers(tmp_path) == []


def test_export_output_folder_not_writable_in_process(
    tmp_path: Path, tei: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tables"
    _refuse_temporary_files(monkeypatch, errno.EACCES)
    code = main(["export", str(tei), "--to", "csv", "-o", str(out), "--quiet"])
    assert_one_line(capsys.readouterr().err, code, 2, str(out), "Permission denied")
    assert not out.exists()


def test_export_disk_full(
    tmp_path: Path, tei: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills up halfway through an export: some files are written, then ENOSPC."""
    writer, what = FORMATS["txt"]

    def fills_up(collection: object, folder: Path, progress: object) -> None:
        writer(collection, folder, progress)  # type: ignore[arg-type]
        assert any(folder.iterdir())  # the export has started writing
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "alpha.txt"))

    monkeypatch.setitem(FORMATS, "txt", (fills_up, what))
    out = tmp_path / "text"
    before = snapshot(tei)
    code = main(["export", str(tei), "--to", "txt", "-o", str(out), "--quiet"])
    assert_one_line(capsys.readouterr().err, code, 2, str(out), "space")
    assert not out.exists()
    assert leftovers(tmp_path) == []
    assert snapshot(tei) == before


def test_export_force_keeps_the_old_export_when_the_new_one_fails(
    tmp_path: Path, tei: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "text"
    assert main(["export", str(tei), "--to", "txt", "-o", str(out), "--quiet"]) == 0
    previous = snapshot(out)
    _, what = FORMATS["txt"]

    def fails(collection: object, folder: Path, progress: object) -> None:
        (folder / "alpha.txt").write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "alpha.txt"))

    monkeypatch.setitem(FORMATS, "txt", (fails, what))
    capsys.readouterr()
    code = main(["export", str(tei), "--to", "txt", "-o", str(out), "--force", "--quiet"])
    assert_one_line(capsys.readouterr().err, code, 2, str(out), "No space left on device")
    assert snapshot(out) == previous
    assert leftovers(tmp_path) == []


def test_export_output_inside_the_input_folder_is_refused(tei: Path) -> None:
    """Refused: the next export would read it back (a teiCorpus file is ``*.xml``)."""
    before = snapshot(tei)
    for out in (tei / "corpus", tei):
        result = run_cli("export", str(tei), "--to", "corpus", "-o", str(out), "--force")
        assert_one_line(result.stderr, result.returncode, 2, str(out), "inside the input")
    assert snapshot(tei) == before


def test_two_concurrent_exports_into_one_folder(tmp_path: Path, tei: Path) -> None:
    reference = tmp_path / "reference"
    assert run_cli("export", str(tei), "--to", "csv", "-o", str(reference), "-q").returncode == 0
    out = tmp_path / "tables"
    command = [sys.executable, "-m", "teikit", "export", str(tei), "--to", "csv", "-o", str(out)]
    runs = [
        subprocess.Popen(
            [*command, "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    codes = []
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        codes.append(run.returncode)
        if run.returncode != 0:  # the run that lost the race says so in one line
            assert_one_line(stderr, run.returncode, 2, str(out))
    assert 0 in codes
    assert snapshot(out) == snapshot(reference)
    assert leftovers(tmp_path) == []


# --- teikit index -----------------------------------------------------------------------------


def test_index_that_cannot_be_written(tei: Path) -> None:
    """The index's own name is taken by a folder: SQLite cannot open it, as root too."""
    index = tei / store.INDEX_NAME
    index.mkdir()
    before = snapshot(tei)
    result = run_cli("index", str(tei), "--jobs", "1")
    assert_one_line(result.stderr, result.returncode, 2, str(index))
    assert snapshot(tei) == before


def test_index_disk_full(
    tei: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build_into = store.build_into
    calls: list[object] = []

    def full(*args: object, **kwargs: object) -> int:
        calls.append(args)
        if len(calls) == 1:  # the index file; the one in memory that follows has room
            raise sqlite3.OperationalError("database or disk is full")
        return build_into(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "build_into", full)
    before = snapshot(tei)
    code = main(["index", str(tei), "--jobs", "1"])
    assert_one_line(capsys.readouterr().err, code, 2, str(tei / store.INDEX_NAME), "full")
    assert snapshot(tei) == before  # the index it began is not left behind


# --- Ctrl-C -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """Enough generated pages (and their TEI, one document per page) that each command is
    still writing when Ctrl-C comes."""
    folder = tmp_path_factory.mktemp("many")
    pages, converted = folder / "pages", folder / "tei"
    write_corpus(pages, 400)
    result = run_cli(
        "convert", str(pages), "-o", str(converted), "--per-page", "--no-entities", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    yield pages, converted


def interrupt(command: list[str], started: Path, *, glob: str) -> subprocess.CompletedProcess[str]:
    """Run ``teikit COMMAND`` in a process group of its own (as a shell runs it), wait until a
    file matching ``glob`` appears in ``started``, then press Ctrl-C: SIGINT to the group."""
    process = subprocess.Popen(
        [sys.executable, "-m", "teikit", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not (started.is_dir() and any(started.glob(glob))):
        assert process.poll() is None, "finished before it could be interrupted"
        assert time.monotonic() < deadline, "never started writing"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr)


def test_ctrl_c_during_convert(tmp_path: Path, many: tuple[Path, Path]) -> None:
    pages, _ = many
    out = tmp_path / "out"
    result = interrupt(
        ["convert", str(pages), "-o", str(out), "--per-page", "--jobs", "2"], out, glob="*.xml"
    )
    assert_one_line(result.stderr, result.returncode, 130)
    assert result.stderr.strip() == "teikit: interrupted"
    assert leftovers(out) == []
    assert not (out / "persons.xml").exists()  # the run stopped before its end
    for written in out.glob("*.xml"):  # what was written is whole
        assert written.read_bytes().endswith(b"</TEI>\n")


def test_ctrl_c_during_export(tmp_path: Path, many: tuple[Path, Path]) -> None:
    _, converted = many
    out = tmp_path / "site"
    result = interrupt(
        ["export", str(converted), "--to", "html", "-o", str(out), "-q"],
        tmp_path,
        glob=".site.*.tmp/*",
    )
    assert result.stderr.strip() == "teikit: interrupted"
    assert_one_line(result.stderr, result.returncode, 130)
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_ctrl_c_during_index(tmp_path: Path, many: tuple[Path, Path]) -> None:
    _, converted = many
    corpus = tmp_path / "tei"
    shutil.copytree(converted, corpus)
    # the index is built in a temporary file beside its place and renamed into it when whole
    building = f"{store.INDEX_NAME}.*.tmp"
    result = interrupt(["index", str(corpus), "--jobs", "2"], corpus, glob=building)
    assert result.stderr.strip() == "teikit: interrupted"
    assert_one_line(result.stderr, result.returncode, 130)
    assert not (corpus / store.INDEX_NAME).exists()  # the index it began is not left behind
    assert leftovers(corpus) == []


def test_write_atomic_interrupted_as_its_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C lands after the temporary file exists but before its maker returns (the race
    ``mkstemp`` had: its name was bound only after the file was made): nothing is left."""
    made = serialize._new_file

    def made_then_interrupted(path: Path) -> int:
        os.close(made(path))
        raise KeyboardInterrupt

    monkeypatch.setattr(serialize, "_new_file", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        serialize.write_atomic(tmp_path / "doc.xml", b"<TEI/>\n")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_gives_files_the_umask_permissions(tmp_path: Path) -> None:
    """A written document is as readable as any new file (``mkstemp`` made them 0600, which a
    web server or a colleague could not read)."""
    umask = os.umask(0o022)
    try:
        serialize.write_atomic(tmp_path / "shared.xml", b"<TEI/>\n")
        os.umask(0o077)
        serialize.write_atomic(tmp_path / "private.xml", b"<TEI/>\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "shared.xml").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.xml").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "shared.xml").read_bytes() == b"<TEI/>\n"


def test_export_folder_gets_the_umask_permissions(tmp_path: Path, tei: Path) -> None:
    """An export is meant to be shared: its folder is made as any new folder is."""
    umask = os.umask(0o022)
    try:
        code = main(["export", str(tei), "--to", "txt", "-o", str(tmp_path / "site"), "-q"])
    finally:
        os.umask(umask)
    assert code == 0
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in (tmp_path / "site").iterdir())
