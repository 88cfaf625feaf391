"""Hand the encoded corpus to the tools digital humanists use: one call per format.

>>> result = export(["tests/data/export"], to="csv", out=tmp / "tables")
>>> result.files[:2]
('dates.csv', 'documents.csv')

Each format is one module with ``write(documents, folder, progress)`` (see :data:`FORMATS`); all
of them read the TEI through :mod:`teikit.export.read`, never the pages. Output is written into
a temporary folder beside ``out`` and renamed into place at the end, so an export that fails
leaves nothing half-written, and an existing ``out`` is only replaced once the new one is
complete. The same input always gives byte-identical files.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, Protocol, get_args

from pydantic import BaseModel, ConfigDict

from teikit.errors import OutputError, UsageError
from teikit.export import corpus_file, html, network, tables, text
from teikit.export.read import Collection, read_collection

__all__ = ["FORMATS", "ExportFormat", "ExportResult", "Progress", "export"]

#: The formats, declared once: the type of ``to`` and of :attr:`ExportResult.format`, and the
#: CLI's ``--to`` choices (read from :class:`ExportResult`, which the public API exports).
ExportFormat = Literal["html", "csv", "jsonl", "txt", "gexf", "graphml", "corpus"]

#: ``progress(stage, done, total)``: called as documents are read and as files are written;
#: ``total`` is 0 for a stage of unknown length.
Progress = Callable[[str, int, int], None]


class _Writer(Protocol):
    def __call__(self, collection: Collection, folder: Path, progress: Progress) -> None: ...


#: format name -> (writer, what it gives). The CLI's ``--to`` choices come from here.
FORMATS: dict[ExportFormat, tuple[_Writer, str]] = {
    "html": (html.write, "a static reading edition (open index.html; no server needed)"),
    "csv": (tables.write_csv, "documents, persons, mentions, dates, paragraphs, notes as CSV"),
    "jsonl": (tables.write_jsonl, "the same records as JSON Lines"),
    "txt": (text.write, "plain text per document, footnotes at the end"),
    "gexf": (network.write_gexf, "the person co-occurrence network for Gephi"),
    "graphml": (network.write_graphml, "the person co-occurrence network as GraphML"),
    "corpus": (corpus_file.write, "one teiCorpus file with the personography"),
}
assert tuple(FORMATS) == get_args(ExportFormat)


class ExportResult(BaseModel):
    """What an export wrote: the format, the folder, and every file in it (relative, sorted)."""

    model_config = ConfigDict(frozen=True)

    format: ExportFormat
    out: str
    documents: int
    files: tuple[str, ...]
    bytes: int

    def summary(self) -> str:
        return (
            f"{self.documents} documents -> {len(self.files)} files, "
            f"{self.bytes / 1024:.0f} KiB ({self.format})"
        )


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def export(
    paths: Iterable[str | os.PathLike[str]],
    *,
    to: ExportFormat | str,
    out: str | os.PathLike[str],
    force: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the TEI files in ``paths`` (files, or folders of ``*.xml``) to format ``to`` in
    the folder ``out``.

    Raises :class:`~teikit.errors.UsageError` for an unknown format or when ``out`` exists, is
    not empty and ``force`` is false; :class:`~teikit.errors.InputError` or
    :class:`~teikit.errors.UnsafeXMLError` for input that cannot be read. ``force`` replaces
    ``out`` as a whole, once the new export is complete.
    """
    if to not in FORMATS:
        raise UsageError(f"unknown export format {to!r}; choose one of {', '.join(FORMATS)}")
    fmt: ExportFormat = to  # checked just above
    writer = FORMATS[fmt][0]
    target = Path(out)
    paths = list(paths)
    _check_target(target, [Path(p) for p in paths], force=force)
    report = progress or _no_progress
    collection = read_collection(paths, report)
    # The staging folder's name is bound before the folder exists (``mkdtemp`` binds it only
    # after making it), so an interrupt at any moment leaves nothing behind.
    staging = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _new_folder(staging)
        writer(collection, staging, report)
        files = tuple(
            sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        )
        size = sum((staging / f).stat().st_size for f in files)
        _replace(staging, target, force=force)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError.from_os_error(target, exc) from None
        raise
    return ExportResult(
        format=fmt, out=str(target), documents=len(collection.files), files=files, bytes=size
    )


def _new_folder(path: Path) -> None:
    """Make the folder ``path``, which must not exist yet, as any new folder is made (``0o777``
    less the umask: an export is meant to be shared)."""
    os.mkdir(path)


def _check_target(target: Path, inputs: list[Path], *, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder; give a folder for -o")
    # An export inside a folder it reads would be read back as input by the next export
    # (a teiCorpus file, the reading edition's TEI): refused rather than skipped silently.
    resolved = target.resolve()
    for given in inputs:
        if given.is_dir() and resolved.is_relative_to(given.resolve()):
            raise UsageError(
                f"{target} is inside the input folder {given}, whose files an export reads; "
                "choose an -o outside it"
            )
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise UsageError(f"{target} is not empty; give an empty folder or add --force")
        # --force replaces the folder as a whole: never one that holds the input or the cwd.
        resolved = target.resolve()
        for inside in [Path.cwd(), *inputs]:
            if inside.resolve().is_relative_to(resolved):
                raise UsageError(
                    f"--force would replace {target}, which holds {inside}; choose another -o"
                )


def _replace(staging: Path, target: Path, *, force: bool) -> None:
    """Move the finished export into place. Another run may be moving its own export to the
    same place at the same moment: the names set aside are unique, and a run that finds
    ``target`` filled meanwhile replaces it only with ``force``."""
    try:
        staging.rename(target)  # succeeds when target is missing or an empty folder
        return
    except OSError:
        if not target.is_dir() or not any(target.iterdir()):
            raise
        if not force:
            raise UsageError(
                f"{target} was filled by another run meanwhile; nothing written "
                "(add --force to replace it)"
            ) from None
    old = target.with_name(f".{target.name}.{secrets.token_hex(8)}.old")
    try:
        _new_folder(old)
        target.rename(old / target.name)
        try:
            staging.rename(target)
        except BaseException:
            if not target.exists():  # interrupted or failed between the two: put it back
                (old / target.name).rename(target)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
