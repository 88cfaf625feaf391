"""The corpus generator: deterministic, in the real layout, read cleanly by the converter."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import teikit
from teikit.testing import MEASURE, generate_pages, write_corpus


def test_same_seed_same_pages() -> None:
    assert list(generate_pages(30, seed=3)) == list(generate_pages(30, seed=3))
    assert list(generate_pages(30, seed=3)) != list(generate_pages(30, seed=4))
    assert list(generate_pages(10, seed=3)) == list(generate_pages(30, seed=3))[:10]


def test_pages_look_like_the_report() -> None:
    pages = list(generate_pages(120, seed=0))
    text = "".join(pages)
    for page in pages:
        lines = page.splitlines()
        assert lines[0] == lines[-1] == "Previous page | Contents | Next page"
        assert lines[-2].isdigit()
        assert all(len(line) <= MEASURE + 2 for line in lines)
    for feature in (
        "\u2002|\u2002",
        "The Report of the Iraq Inquiry",
        "\u00a0",
        "Maj\u00a0Gen Binns",
        "He wrote:\n“",
        "; and\n",
        "-\n",
    ):
        assert feature in text, feature


def test_the_converter_reads_generated_pages_cleanly(tmp_path: Path) -> None:
    write_corpus(tmp_path, 300, seed=1)
    conversions = list(teikit.convert(tmp_path, options=teikit.ConvertOptions(entities=False)))
    codes = Counter(p.code for c in conversions for p in c.problems)
    # markers, notes and paragraph numbers all line up on clean generated pages
    assert not {"TK202", "TK203", "TK204", "TK205"} & set(codes), codes
    report = teikit.make_report(conversions)
    assert report.pages == 300
    assert all(d.name.startswith("section-") for d in report.documents)


def test_write_corpus_groups_pages_into_files(tmp_path: Path) -> None:
    files = write_corpus(tmp_path, 25, seed=0, pages_per_file=10)
    assert [f.name for f in files] == ["page00001.txt", "page00011.txt", "page00021.txt"]
    assert sum(len(teikit.read_file(f)) for f in files) == 25
