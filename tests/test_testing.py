"""The corpus generator: deterministic, in the real layout, read cleanly by the converter."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import teikit
from teikit.testing import MEASURE, generate_pages, generate_pages_with_truth, write_corpus
from tests.helpers import NS, text_before_notes


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


@pytest.mark.parametrize("seed", [1, 2])
def test_each_generated_page_reads_as_it_was_made(seed: int) -> None:
    # each page alone, against the truth the generator recorded: paragraph numbers, notes at
    # their markers, page number, running head
    marked = 0
    for text, truth in generate_pages_with_truth(80, seed=seed):
        root = teikit.convert_text(text, source=f"page{truth.page_number}.txt").root
        where = f"page {truth.page_number}"
        assert root.xpath("//tei:p[@n]/@n", namespaces=NS) == list(truth.paragraphs), where
        assert root.xpath("//tei:note/@n", namespaces=NS) == list(truth.markers), where
        before = text_before_notes(root)
        for number, context in truth.marker_context:
            assert before[number][0].endswith(context), (where, number, context)
        assert root.xpath("//tei:pb/@n", namespaces=NS) == [truth.page_number]
        assert root.xpath("//tei:fw[@type='header']/text()", namespaces=NS) == [truth.running_head]
        marked += len(truth.markers)
    assert marked > 20  # the check above has markers to check
