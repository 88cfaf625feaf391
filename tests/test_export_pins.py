"""Every export format's files, pinned byte for byte (sha256 of each file) on the hand-written
TEI in tests/data/export/ and on the converted seed pages, so a change in how the exporters
read or write (streaming, one document at a time) cannot change a byte unnoticed.

The pins are in ``tests/data/export_pins.json``. teikit's and networkx's version strings are
masked before hashing, so a release does not move them. A change to the converter changes the
seed pins on purpose: check the diff of the outputs, then refresh the file with
``python tests/test_export_pins.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path

import pytest

import teikit
from teikit._version import __version__

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "export"
SEEDS = HERE.parent / "seeds"
PINS = HERE / "data" / "export_pins.json"
FORMATS = ("html", "csv", "jsonl", "txt", "gexf", "graphml", "corpus")
NETWORK = ("gexf", "graphml")

# <meta name="generator" content="teikit 0.x">, "teikit 0.x from the TEI", networkx's creator.
_VERSIONS = re.compile(rb"teikit " + re.escape(__version__.encode()) + rb"|NetworkX [0-9][^<\"]*")


def _digest(data: bytes) -> str:
    return hashlib.sha256(_VERSIONS.sub(b"VERSION", data)).hexdigest()


def export_digests(tei: Path, out: Path, fmt: str) -> dict[str, str]:
    """file (relative) -> sha256 of its bytes, versions masked, for one export of ``tei``."""
    result = teikit.export([tei], to=fmt, out=out / fmt)
    return {name: _digest((out / fmt / name).read_bytes()) for name in result.files}


def convert_seeds(out: Path) -> Path:
    for conversion in teikit.convert([SEEDS]):
        conversion.write(out)
    return out


def _inputs(work: Path) -> dict[str, Path]:
    return {"fixture": DATA, "seeds": convert_seeds(work / "seeds-tei")}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _inputs(tmp_path_factory.mktemp("pins"))


@pytest.mark.parametrize("name", ["fixture", "seeds"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_output_is_pinned(
    inputs: dict[str, Path], tmp_path: Path, name: str, fmt: str
) -> None:
    if fmt in NETWORK and importlib.util.find_spec("networkx") is None:
        pytest.skip("networkx is not installed (pip install 'teikit[network]')")
    pinned = json.loads(PINS.read_text(encoding="utf-8"))[name][fmt]
    got = export_digests(inputs[name], tmp_path, fmt)
    assert sorted(got) == sorted(pinned), "the files written changed"
    changed = [f for f in pinned if got[f] != pinned[f]]
    assert not changed, f"{len(changed)} files changed bytes, e.g. {changed[:5]}"


def _refresh() -> None:
    with tempfile.TemporaryDirectory() as work:
        inputs = _inputs(Path(work))
        pins = {
            name: {fmt: export_digests(tei, Path(work) / name, fmt) for fmt in FORMATS}
            for name, tei in inputs.items()
        }
    PINS.write_text(json.dumps(pins, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PINS}", file=sys.stderr)


if __name__ == "__main__":
    _refresh()
