"""Invariants of the converter on generated pages in the real layout (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

import teikit
from teikit import ConvertOptions, convert_text
from teikit.read import read_text
from tests.helpers import NS, body_stream, expected_stream
from tests.strategies import GeneratedPage, pages

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(pages())
def test_nothing_lost_nothing_invented(generated: GeneratedPage) -> None:
    conversion = convert_text(generated.text, source="generated.txt")
    (page,) = read_text(generated.text, source="generated.txt")
    assert body_stream(conversion.root) == expected_stream(page)


@PROPERTY
@given(pages())
def test_nothing_lost_with_line_breaks_kept(generated: GeneratedPage) -> None:
    options = ConvertOptions(line_breaks="keep")
    conversion = convert_text(generated.text, source="generated.txt", options=options)
    (page,) = read_text(generated.text, source="generated.txt")
    assert body_stream(conversion.root) == expected_stream(page)


@PROPERTY
@given(pages())
def test_structure_is_read_back(generated: GeneratedPage) -> None:
    root = convert_text(generated.text, source="generated.txt").root
    assert root.xpath("//tei:p[@n]/@n", namespaces=NS) == generated.paragraphs
    notes = root.xpath("//tei:note[not(@type='missing')]/@n", namespaces=NS)
    assert sorted(notes, key=int) == sorted(generated.footnotes, key=int)
    pb = root.xpath("//tei:pb/@n", namespaces=NS)
    assert pb == ([generated.page_number] if generated.page_number else [])


@PROPERTY
@given(pages())
def test_same_input_same_bytes(generated: GeneratedPage) -> None:
    first = convert_text(generated.text, source="generated.txt").to_bytes()
    second = convert_text(generated.text, source="generated.txt").to_bytes()
    assert first == second


@PROPERTY
@given(generated=pages())
def test_valid_against_both_schemas(
    generated: GeneratedPage, tei_all: teikit.Schema, teikit_schema: teikit.Schema
) -> None:
    for line_breaks in ("join", "keep"):
        options = ConvertOptions(line_breaks=line_breaks)  # type: ignore[arg-type]
        root = convert_text(generated.text, source="generated.txt", options=options).root
        assert list(teikit_schema.iter_errors(root)) == []
        assert list(tei_all.iter_errors(root)) == []
