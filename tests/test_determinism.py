"""The same input gives byte-identical output, across processes too.

Converting twice in one process cannot see an order that depends on string hashing (a set
of names iterated into ids, say): both runs share one hash seed. So the pages are converted
in two fresh interpreters with different ``PYTHONHASHSEED`` values and the bytes compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from teikit.testing import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Convert every folder given (as sections, then page by page) and print each document's
# name and bytes, as JSON.
CONVERT = """
import json, sys
import teikit
out = {}
for folder in sys.argv[1:]:
    for per_page in (False, True):
        options = teikit.ConvertOptions(per_page=per_page)
        for conversion in teikit.convert(folder, options=options):
            key = f"{folder}:{per_page}:{conversion.name}"
            out[key] = conversion.to_bytes().decode("utf-8")
print(json.dumps(out))
"""


def convert_in_fresh_process(hash_seed: str, *folders: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", CONVERT, *map(str, folders)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted: dict[str, str] = json.loads(result.stdout)
    return converted


def test_same_bytes_under_different_hash_seeds(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    write_corpus(generated, 60, seed=7)
    first = convert_in_fresh_process("1", SEEDS, generated)
    second = convert_in_fresh_process("2", SEEDS, generated)
    assert len(first) > 100  # the seeds' sections and pages, and the generated ones
    differing = sorted(name for name in first if first[name] != second.get(name))
    assert first.keys() == second.keys()
    assert not differing, differing
