"""The converter on generated pages in the real layout (hypothesis), checked against the
truth each page was built from (``tests/strategies.py``), never against the converter's own
layout or footnote stages."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import teikit
from teikit import ConvertOptions, convert_text
from tests.helpers import NS, examples, reading, text_before_notes
from tests.strategies import GeneratedPage, pages

PROPERTY = settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
LINE_BREAKS = st.sampled_from(["join", "keep"])


def xp(root: etree._Element, path: str) -> Any:
    return root.xpath(path, namespaces=NS)


#: Pages in both layouts the built-in profiles read (the web edition's, pdftotext's).
BOTH_LAYOUTS = st.one_of(pages(), pages(profile="pdftotext"))


def convert(generated: GeneratedPage, line_breaks: str = "join") -> etree._Element:
    options = ConvertOptions(
        line_breaks=line_breaks,  # type: ignore[arg-type]
        profile=teikit.load_profile(generated.profile),
    )
    return convert_text(generated.text, source="generated.txt", options=options).root


@PROPERTY
@given(BOTH_LAYOUTS, LINE_BREAKS)
def test_nothing_lost_nothing_invented(generated: GeneratedPage, line_breaks: str) -> None:
    # every character of the page but its navigation lines and labels, in reading order,
    # each footnote read where its marker was
    assert reading(convert(generated, line_breaks)) == generated.reading


@PROPERTY
@given(BOTH_LAYOUTS)
def test_paragraphs_notes_and_markers_are_read_back(generated: GeneratedPage) -> None:
    root = convert(generated)
    assert xp(root, "//tei:p[@n]/@n") == generated.paragraphs
    marked = [n for n in generated.markers if n not in generated.missing]
    orphans = [n for n in generated.footnotes if n not in generated.markers]
    assert xp(root, "//tei:note[not(@type='missing')]/@n") == marked + orphans
    assert xp(root, "//tei:note[@type='missing']/@n") == generated.missing
    # each note sits where its marker was: right after the text the marker followed
    before = text_before_notes(root)
    for marker, context in generated.marker_context.items():
        (text,) = before[marker]
        assert text.endswith(context), (marker, context, text[-40:])


@PROPERTY
@given(BOTH_LAYOUTS)
def test_blocks_running_head_and_page_number_are_read_back(generated: GeneratedPage) -> None:
    root = convert(generated)
    assert xp(root, "//tei:fw[@type='header']/text()") == [generated.running_head]
    page_number = [generated.page_number] if generated.page_number else []
    assert xp(root, "//tei:fw[@type='pageNum']/text()") == page_number
    assert xp(root, "//tei:pb/@n") == page_number
    assert [" ".join("".join(h.itertext()).split()) for h in xp(root, "//tei:head")] == (
        generated.headings
    )
    assert len(xp(root, "//tei:quote/tei:p")) == generated.quotations
    assert len(xp(root, "//tei:item")) == generated.items


@PROPERTY
@given(generated=BOTH_LAYOUTS)
def test_valid_against_both_schemas(
    generated: GeneratedPage, tei_all: teikit.Schema, teikit_schema: teikit.Schema
) -> None:
    for line_breaks in ("join", "keep"):
        root = convert(generated, line_breaks)
        assert list(teikit_schema.iter_errors(root)) == []
        assert list(tei_all.iter_errors(root)) == []
