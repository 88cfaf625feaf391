"""The converter on the real pages: the seed as ENCODING.md's worked example, every dev page
valid and complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import teikit
from teikit.read import read_file
from tests.helpers import (
    NS,
    expected_markers,
    expected_reading,
    foot_numbers,
    reading,
    text_before_notes,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_f6c87f8d16c5e508.txt"
PAGES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def seed() -> etree._Element:
    (conversion,) = teikit.convert(SEED)
    return conversion.root


def xp(root: etree._Element, path: str) -> Any:
    return root.xpath(path, namespaces=NS)


def test_seed_structure_matches_the_worked_example(seed: etree._Element) -> None:
    divs = xp(seed, "//tei:body/tei:div")
    assert len(divs) == 2
    first, second = divs
    assert [c.tag.split("}")[1] for c in first] == ["pb", "fw", "p", "p", "p"]
    assert xp(first, "tei:pb/@n") == ["287"]
    assert xp(first, "tei:fw[@type='header'][@place='top']/text()") == [
        "9.6 | 27 June 2007 to April 2008"
    ]
    assert xp(first, "tei:p[1]/@part") == ["F"]
    assert xp(seed, "//tei:p[@n]/@n") == ["563", "564", "565"]
    assert xp(seed, "string(//tei:p[@n='563']/tei:quote/tei:p)").startswith("“Prime Minister")
    assert len(xp(seed, "//tei:p[@n='564']/tei:quote/tei:p")) == 1
    assert "".join(xp(second, "tei:head//text()")) == "November 2007"
    assert xp(second, "tei:p/@part") == ["I"]
    assert len(xp(second, "tei:p[@n='565']/tei:quote/tei:p")) == 2
    assert xp(seed, "//tei:fw[@type='pageNum'][@place='bottom']/text()") == ["287"]


def test_seed_note_sits_at_its_marker(seed: etree._Element) -> None:
    (note,) = xp(seed, "//tei:note")
    assert (
        note.get("place"),
        note.get("n"),
        note.get("{http://www.w3.org/XML/1998/namespace}id"),
    ) == (
        "foot",
        "264",
        "note-264",
    )
    before = note.getparent()
    assert before is not None and before.get("n") == "565"
    text_before = "".join(before.itertext()).split("Minute Binns")[0]
    assert text_before.endswith("since the summer.")
    assert "".join(note.itertext()).startswith("Minute Binns to CJO, 1")
    assert note.tail == " On "  # then <date when="2007-11-01">1 November</date>


def test_seed_header(seed: etree._Element) -> None:
    assert seed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert xp(seed, "//tei:titleStmt/tei:title/text()") == [
        "The Report of the Iraq Inquiry, Section 9.6: 27 June 2007 to April 2008, page 287"
    ]
    assert xp(seed, "//tei:sourceDesc/tei:bibl/tei:biblScope[@unit='section']/@n") == ["9.6"]
    assert xp(seed, "//tei:biblScope[@unit='page']/@from") == ["287"]
    assert xp(seed, "//tei:appInfo/tei:application/@ident") == ["teikit"]
    assert xp(seed, "//tei:appInfo/tei:application/@version") == [teikit.__version__]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("line_breaks", ["join", "keep"])
def test_nothing_lost_on_real_pages(path: Path, line_breaks: str) -> None:
    # the expected reading comes from the page's text alone (tests/helpers.py)
    (page,) = read_file(path)
    options = teikit.ConvertOptions(line_breaks=line_breaks)  # type: ignore[arg-type]
    conversion = teikit.convert_text(page.text, source=str(path), options=options)
    assert reading(conversion.root) == expected_reading(page.text)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_markers_on_real_pages_become_notes_where_they_were(path: Path) -> None:
    # the expected markers are read from the page's text alone (tests/helpers.py), not by
    # the footnote stage under test
    (page,) = read_file(path)
    markers = expected_markers(page.text)
    root = teikit.convert_text(page.text, source=str(path)).root
    before = text_before_notes(root)
    for number, context in markers:
        assert number in before, f"marker {number} after {context!r} is not a note"
        assert before[number][0].endswith(context), (number, context, before[number][0][-60:])
    # and nothing else became a note: every note is a marker's or a footnote at the foot
    footnotes, _ = foot_numbers(page.text)
    assert set(before) == {n for n, _ in markers} | set(footnotes)


def test_the_real_pages_hold_markers_to_check() -> None:
    # the marker check above is not vacuous: the dev pages hold dozens of markers, on pages
    # with their footnotes and on pages cut short before them
    counts = [len(expected_markers(read_file(path)[0].text)) for path in PAGES]
    with_foot = [p for p in PAGES if foot_numbers(read_file(p)[0].text)[0]]
    assert sum(counts) >= 40 and len(with_foot) >= 2


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("line_breaks", ["join", "keep"])
def test_real_pages_valid_against_tei_all(
    path: Path, line_breaks: str, tei_all: teikit.Schema
) -> None:
    options = teikit.ConvertOptions(line_breaks=line_breaks)  # type: ignore[arg-type]
    (conversion,) = teikit.convert(path, options=options)
    problems = list(tei_all.iter_errors(conversion.root))
    assert problems == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_valid_against_teikit_schema(path: Path, teikit_schema: teikit.Schema) -> None:
    (conversion,) = teikit.convert(path)
    problems = list(teikit_schema.iter_errors(conversion.root))
    assert problems == []


def test_section_documents_group_the_dev_pages() -> None:
    names = [c.name for c in teikit.convert(SEEDS)]
    assert len(names) == len(set(names))
    assert "section-9.6.xml" in names  # the seed and page 6183
    assert "section-12.1.xml" in names  # pages 1179 and 1263
    assert "page714.xml" in names  # an even page with no neighbour in the input


def test_two_pages_of_a_section_are_one_document_and_not_joined() -> None:
    docs = {c.name: c for c in teikit.convert(SEEDS)}
    root = docs["section-12.1.xml"].root
    assert len(xp(root, "//tei:pb")) == 2
    # the pages are not adjacent (1179 and 1263), so nothing is joined across them
    assert xp(root, "//tei:p[tei:pb]") == []


def test_consecutive_pages_join_a_split_paragraph() -> None:
    text = SEED.read_text(encoding="utf-8")
    following = (
        "Previous page | Contents | Next page\n"
        "The Report of the Iraq Inquiry\n"
        "and we must be ready to support it.”\n"
        "566.\u2002The next paragraph.\n"
        "288\n"
        "Previous page | Contents | Next page\n"
    )
    conversion = teikit.convert_text(text + "\n" + following, source="two-pages.txt")
    root = conversion.root
    assert xp(root, "//tei:pb/@n") == ["287", "288"]
    (joined,) = xp(root, "//tei:p[@n='565']")
    assert joined.get("part") is None
    inner = xp(joined, "tei:quote/tei:p[2]")[0]
    milestones = [c.tag.split("}")[1] for c in inner if c.tag.split("}")[1] in {"pb", "fw"}]
    assert milestones == ["fw", "pb", "fw"]
    assert "".join(inner.itertext()).endswith("ready to support it.”")
    assert xp(root, "//tei:p[@n]/@n") == ["563", "564", "565", "566"]


def test_per_page_and_keep_line_breaks() -> None:
    options = teikit.ConvertOptions(per_page=True, line_breaks="keep")
    names = [c.name for c in teikit.convert(SEEDS, options=options)]
    assert len(names) == len(PAGES)
    (conversion,) = teikit.convert(SEED, options=options)
    assert len(xp(conversion.root, "//tei:lb")) > 20


def test_quotation_opening_the_next_page_stays_a_quotation() -> None:
    first = (
        "Previous page | Contents | Next page\n"
        "9.6\u2002|\u2002Title\n"
        "570.\u2002The Ambassador reported on the state of the province in some detail and he\n"
        "concluded:\n"
        "290\n"
        "Previous page | Contents | Next page\n"
    )
    second = (
        "Previous page | Contents | Next page\n"
        "The Report of the Iraq Inquiry\n"
        "“The situation is calm.”\n"
        "571.\u2002The next paragraph.\n"
        "291\n"
        "Previous page | Contents | Next page\n"
    )
    root = teikit.convert_text(first + second, source="pages.txt").root
    (paragraph,) = xp(root, "//tei:p[@n='570']")
    assert paragraph.get("part") is None
    names = [c.tag.split("}")[1] for c in paragraph]
    assert names == ["fw", "pb", "fw", "quote"]
    assert xp(paragraph, "string(tei:quote/tei:p)") == "“The situation is calm.”"


# An even page's running head names no section: the page before it, in the same input, does.
EVEN_PAGE = (
    "Previous page | Contents | Next page\n"
    "The Report of the Iraq Inquiry\n"
    "566.\u2002On 3 June, Mr Browne told the House that the review had been completed.\n"
    "288\n"
    "Previous page | Contents | Next page\n"
)


def _dates(conversion: teikit.Conversion) -> dict[str, str | None]:
    return {
        "".join(d.itertext()): d.get("when") for d in conversion.root.iter(f"{{{NS['tei']}}}date")
    }


def test_an_even_page_takes_its_year_from_the_section_of_the_page_before() -> None:
    alone = teikit.convert_text(EVEN_PAGE)
    assert _dates(alone)["3 June"] == "--06-03"
    together = teikit.convert_text(SEED.read_text(encoding="utf-8") + EVEN_PAGE)
    # Section 9.6 runs from 27 June 2007 to April 2008: only 2007 holds a June.
    assert _dates(together)["3 June"] == "2007-06-03"
