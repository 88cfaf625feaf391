"""Rewrite the pinned outputs of tests/test_expected_output.py, on purpose.

Run from anywhere, after a change that is meant to alter what the converter writes::

    python tests/data/expected/regenerate.py

then read the diff of ``tests/data/expected/`` before committing it: it is what changed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.test_expected_output import (  # noqa: E402  (needs ROOT on the path first)
    EXPECTED,
    GENERATED,
    generated_hash,
    seed_outputs,
)


def main() -> None:
    os.chdir(ROOT)
    for folder in EXPECTED.iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    written = 0
    for name, data in seed_outputs():
        path = EXPECTED / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    with tempfile.TemporaryDirectory(prefix="teikit-expected-") as work:
        lines = [
            f"{generated_hash(Path(work), name, pages, per_file)}  {name}\n"
            for name, pages, per_file, _ in GENERATED
        ]
    (EXPECTED / "generated.sha256").write_text("".join(lines), encoding="utf-8")
    print(f"wrote {written} files and {len(lines)} hashes under {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
