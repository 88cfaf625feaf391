"""Issue 15, deliverable 1 ("read each file once") and issue 16, deliverable 5 ("no hidden
state"): a run reads and splits every input file once, in one process and with workers, and
what it caches belongs to the :class:`teikit.Converter` the caller holds."""

from __future__ import annotations

import importlib
import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import teikit
from teikit.testing import write_corpus

# the module, not the function teikit.convert (see teikit._Package)
convert_module = importlib.import_module("teikit.convert")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    # several pages a file, so that a file's pages fall into more than one document
    write_corpus(folder, 90, seed=4, pages_per_file=7)
    return folder


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every read of a file by the converter, by path."""
    reads: Counter[str] = Counter()
    from teikit.read import read_file, read_normalised

    def normalised(path: str, **kwargs: Any) -> str:
        reads[str(path)] += 1
        return read_normalised(path, **kwargs)

    def pages(path: str, **kwargs: Any) -> list[teikit.Page]:
        reads[str(path)] += 1
        return read_file(path, **kwargs)

    monkeypatch.setattr(convert_module, "read_normalised", normalised)
    monkeypatch.setattr(convert_module, "read_file", pages)
    return reads


@pytest.mark.parametrize("entities", [False, True])
def test_convert_reads_each_file_once(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, entities: bool
) -> None:
    reads = counting_reads(monkeypatch)
    options = teikit.ConvertOptions(entities=entities)
    documents = list(teikit.convert(corpus, options=options))
    assert len(documents) > 1
    files = {str(path) for path in corpus.rglob("*.txt")}
    assert set(reads) == files
    assert set(reads.values()) == {1}
    reads.clear()
    list(teikit.convert_parallel(corpus, options=options, jobs=1))
    assert set(reads) == files
    assert set(reads.values()) == {1}


def test_beyond_the_budget_files_are_read_again_with_the_same_bytes(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = teikit.ConvertOptions(entities=False)
    expected = [d.to_bytes() for d in teikit.convert(corpus, options=options)]
    reads = counting_reads(monkeypatch)
    # room for about one file's pages: the rest are read again, once each (the converter
    # keeps the last file it read again), not once per document
    converter = teikit.Converter(options, keep_bytes=30_000)
    assert [d.to_bytes() for d in converter.convert(corpus)] == expected
    assert max(reads.values()) == 2
    assert 1 in reads.values()


def test_kept_pages_are_let_go_as_documents_are_converted(corpus: Path) -> None:
    converter = teikit.Converter(teikit.ConvertOptions(entities=False))
    plans = converter.plan(corpus)
    assert all(page is not None for plan in plans for page in converter.take_pages(plan))
    # each page is taken once: taken again, it is no longer kept
    assert all(page is None for page in converter.take_pages(plans[0]))


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the workers must inherit this process's patched reader",
)
def test_workers_are_sent_the_pages_and_read_no_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = teikit.ConvertOptions(entities=False)
    expected = [d.to_bytes() for d in teikit.convert(corpus, options=options)]

    def no_second_read(path: str, **kwargs: Any) -> list[teikit.Page]:
        raise AssertionError(f"{path} read a second time")

    # forked workers inherit the patch: a worker that read a file again would fail the run
    monkeypatch.setattr(convert_module, "read_file", no_second_read)
    got = [d.to_bytes() for d in teikit.convert_parallel(corpus, options=options, jobs=2)]
    assert got == expected


def test_one_converter_many_texts() -> None:
    converter = teikit.Converter(teikit.ConvertOptions(entities=True))
    first = converter.convert_text("563.\u2002Mr Blair met Sir John Scarlett.")
    again = converter.convert_text("563.\u2002Mr Blair met Sir John Scarlett.")
    assert first.to_bytes() == again.to_bytes()
    assert (
        first.to_bytes()
        == teikit.convert_text("563.\u2002Mr Blair met Sir John Scarlett.").to_bytes()
    )
    assert converter.authority is converter.authority  # loaded once, held by the converter
