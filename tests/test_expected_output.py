"""The converter's output, pinned byte for byte.

Every real page in ``seeds/`` is converted on its own and all together (one document per
section), with lines joined and with ``line_breaks="keep"``, with entities, and the bytes are
compared with the files stored under ``tests/data/expected/``; the section run's report is
pinned too. A few hundred generated pages are pinned by one sha256 of all their outputs.

A change that alters output on purpose (a new rule, a fixed bug) rewrites the stored files::

    python tests/data/expected/regenerate.py

and the diff of ``tests/data/expected/`` in the commit shows what changed. A speed-up must
leave them as they are.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import teikit
from teikit.testing import write_corpus

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
SEEDS = "seeds"  # relative to ROOT, so the report's file names do not depend on the checkout

#: Generated corpora pinned by hash: (name, pages, pages per file, options).
GENERATED = [
    ("sections-join-1-per-file", 300, 1, teikit.ConvertOptions()),
    (
        "pages-keep-25-per-file",
        300,
        25,
        teikit.ConvertOptions(per_page=True, line_breaks="keep"),
    ),
]
HOW_TO_REGENERATE = (
    "output differs from tests/data/expected/; if the change is meant, run "
    "`python tests/data/expected/regenerate.py` and commit the diff it makes"
)


def seed_outputs() -> Iterator[tuple[str, bytes]]:
    """(path under ``tests/data/expected/``, bytes) for every pinned output of the seeds.

    Runs in ``ROOT`` (the caller changes directory there).
    """
    for folder, line_breaks in (("", "join"), ("-keep", "keep")):
        options = teikit.ConvertOptions(line_breaks=line_breaks)
        for path in sorted(Path(SEEDS).glob("*.txt")):
            (conversion,) = teikit.convert(path, options=options)
            yield f"pages{folder}/{path.stem}.xml", conversion.to_bytes()
        conversions = list(teikit.convert(SEEDS, options=options))
        for conversion in conversions:
            yield f"sections{folder}/{conversion.name}", conversion.to_bytes()
        report = teikit.make_report(conversions)
        yield f"sections{folder}/report.json", report.model_dump_json(indent=1).encode() + b"\n"


def generated_hash(folder: Path, name: str, pages: int, per_file: int) -> str:
    """sha256 of the names and bytes of every document converted from a generated corpus."""
    options = {n: o for n, _, _, o in GENERATED}[name]
    corpus = folder / name
    write_corpus(corpus, pages, seed=0, pages_per_file=per_file)
    digest = hashlib.sha256()
    for document in teikit.convert_parallel(corpus, options=options, jobs=1):
        digest.update(document.name.encode() + b"\0" + document.to_bytes() + b"\0")
    return digest.hexdigest()


def read_hashes() -> dict[str, str]:
    lines = (EXPECTED / "generated.sha256").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines if line.strip())}


@pytest.fixture
def in_root() -> Iterator[None]:
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def test_seed_outputs_are_byte_identical(in_root: None) -> None:
    produced = dict(seed_outputs())
    stored = {
        str(path.relative_to(EXPECTED)): path.read_bytes()
        for path in EXPECTED.glob("*/*")
        if path.is_file()
    }
    assert sorted(produced) == sorted(stored), HOW_TO_REGENERATE
    differing = [name for name in produced if produced[name] != stored[name]]
    assert not differing, f"{len(differing)} files: {differing[:5]}; {HOW_TO_REGENERATE}"


@pytest.mark.parametrize(("name", "pages", "per_file"), [g[:3] for g in GENERATED])
def test_generated_outputs_hash_as_stored(
    tmp_path: Path, name: str, pages: int, per_file: int
) -> None:
    assert generated_hash(tmp_path, name, pages, per_file) == read_hashes()[name], HOW_TO_REGENERATE
