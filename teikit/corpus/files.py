"""Which files a corpus is: a folder (its ``*.xml`` and ``*.tei``, below too), one file, or a
glob; found without a ``stat`` of each file where the directory entry says what it is."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

from teikit.corpus.store import INDEX_NAME
from teikit.errors import InputError, Problem

_GLOB = re.compile(r"[*?\[]")


def find(spec: str) -> tuple[Path, list[Path]]:
    """The corpus's root folder and its files, sorted, for a folder, a file or a glob.

    Raises :class:`~teikit.InputError` when a glob matches nothing (``TK406``) or the path
    does not exist (``TK405``).
    """
    if _GLOB.search(spec):
        base = Path(_GLOB.split(spec, 1)[0]).parent
        matches = sorted(
            Path(p).resolve() for p in glob.glob(spec, recursive=True) if Path(p).is_file()
        )
        matches = [m for m in matches if m.name != INDEX_NAME]
        if not matches:
            raise InputError(Problem.make("TK406", spec, file=spec))
        return base.resolve(), matches
    path = Path(spec)
    if path.is_dir():
        root = path.resolve()
        return root, sorted(_tei_files(root))
    if path.is_file():
        return path.resolve().parent, [path.resolve()]
    raise InputError(Problem.make("TK405", "no such file or directory", file=spec))


def _tei_files(folder: Path) -> Iterator[Path]:
    """``*.xml`` and ``*.tei`` files in ``folder`` and below, without a ``stat`` of each (the
    directory entry says what it is): opening a fresh index costs one ``stat`` per file."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            yield from _tei_files(Path(entry.path))
        elif entry.name.endswith((".xml", ".tei")) and entry.is_file():
            yield Path(entry.path)
