"""What the docstring examples of ``teikit/`` need (``--doctest-modules``, see pyproject).

The examples use the repository's own files (``seeds/``, ``tests/data/``) by relative path,
as a reader at the top of a checkout would, so each runs from the repository's root; and
``tmp`` is a fresh folder for whatever an example writes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

ROOT = Path(__file__).resolve().parent

# Collecting doctests imports every module; one that needs an optional dependency missing
# from this install is left out (teikit.distributed imports dask only when called, but keep
# it importable without dask either way).
collect_ignore = [] if importlib.util.find_spec("dask") else ["teikit/distributed.py"]


@pytest.fixture(autouse=True)
def _doctest_folders(
    request: pytest.FixtureRequest,
    doctest_namespace: dict[str, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if isinstance(request.node, DoctestItem):
        monkeypatch.chdir(ROOT)
        doctest_namespace["tmp"] = tmp_path
