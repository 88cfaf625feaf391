"""The Dask engine gives the same bytes as the local path (skipped without dask)."""

from __future__ import annotations

from pathlib import Path

import pytest

import teikit
from teikit.testing import write_corpus

pytest.importorskip("dask.distributed")


def test_local_cluster_same_bytes_as_convert(tmp_path: Path) -> None:
    write_corpus(tmp_path, 120, seed=5)
    options = teikit.ConvertOptions(entities=False)
    expected = [(c.name, c.to_bytes()) for c in teikit.convert(tmp_path, options=options)]
    got = [
        (d.name, d.to_bytes())
        for d in teikit.convert_distributed(tmp_path, options=options, workers=2)
    ]
    assert got == expected
