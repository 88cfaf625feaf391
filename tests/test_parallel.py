"""Parallel conversion: any number of workers gives the same bytes as ``teikit.convert``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import teikit
from teikit.cli import convert as convert_command
from teikit.convert import plan_documents
from teikit.parallel import chunks
from teikit.testing import write_corpus

OPTIONS = teikit.ConvertOptions(entities=False)


def main(argv: list[str]) -> int:
    # only the convert subcommand, so that these tests do not depend on the others
    parser = argparse.ArgumentParser(prog="teikit")
    subparsers = parser.add_subparsers()
    convert_command.add_parser(subparsers)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 200, seed=6)
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_jobs_1_and_jobs_2_write_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        code = main(["convert", str(corpus), "-o", str(tmp_path / jobs), "--jobs", jobs, "-q"])
        assert code == 0
    one, two = outputs(tmp_path / "1"), outputs(tmp_path / "2")
    assert len(one) > 3
    assert one == two


@pytest.mark.parametrize("per_page", [False, True])
def test_same_bytes_and_order_as_convert(corpus: Path, per_page: bool) -> None:
    options = teikit.ConvertOptions(entities=False, per_page=per_page)
    expected = [(c.name, c.to_bytes()) for c in teikit.convert(corpus, options=options)]
    for jobs in (1, 2):
        got = [
            (d.name, d.to_bytes())
            for d in teikit.convert_parallel(corpus, options=options, jobs=jobs)
        ]
        assert got == expected


def test_every_engine_yields_a_conversion(corpus: Path) -> None:
    # One contract for convert, convert_parallel (in this process or in workers): the same
    # type, the same bytes, and a tree from each, built here or parsed from the worker's bytes.
    here = list(teikit.convert(corpus, options=OPTIONS))
    for jobs in (1, 2):
        pooled = list(teikit.convert_parallel(corpus, options=OPTIONS, jobs=jobs))
        assert all(isinstance(d, teikit.Conversion) for d in pooled)
        assert [d.to_bytes() for d in pooled] == [c.to_bytes() for c in here]
        assert [d.root.tag for d in pooled] == [c.root.tag for c in here]
        assert [len(d.problems) for d in pooled] == [len(c.problems) for c in here]
    worker = teikit.convert_parallel(corpus, options=OPTIONS, jobs=2)
    first = next(worker)
    assert isinstance(first.document, bytes)  # it travelled as bytes, not as a tree
    assert first.serialized() is first
    assert here[0].serialized().to_bytes() == here[0].to_bytes()
    worker.close()


def test_many_pages_in_one_file(tmp_path: Path) -> None:
    write_corpus(tmp_path, 120, seed=2, pages_per_file=50)
    expected = [c.to_bytes() for c in teikit.convert(tmp_path, options=OPTIONS)]
    got = [d.to_bytes() for d in teikit.convert_parallel(tmp_path, options=OPTIONS, jobs=2)]
    assert got == expected


def test_progress_counts_every_page(corpus: Path) -> None:
    seen: list[tuple[int, int]] = []
    list(
        teikit.convert_parallel(
            corpus, options=OPTIONS, jobs=1, progress=lambda d, t: seen.append((d, t))
        )
    )
    assert seen[0] == (0, 200)
    assert seen[-1] == (200, 200)


def test_plans_keep_no_text_and_chunks_keep_order(corpus: Path) -> None:
    plans = plan_documents(corpus, options=OPTIONS)
    assert sum(len(p.pages) for p in plans) == 200
    assert [p for batch in chunks(plans, 10) for p in batch] == plans


def test_progress_bar_when_asked(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(corpus), "-o", str(tmp_path), "-j", "1", "--progress"]) == 0
    assert "200/200 pages" in capsys.readouterr().err


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", "seeds", "--jobs", "0"])
    assert exit_info.value.code == 2
