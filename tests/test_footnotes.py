"""Footnote markers told from ordinary numbers, on real pages and on ENCODING.md's cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.footnotes import find_markers
from teikit.layout import parse_layout
from teikit.profile import DEFAULT_PROFILE, load_profile
from teikit.read import read_file, read_text
from tests.helpers import examples

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def markers_of(text: str) -> list[str]:
    (page,) = read_text(text)
    layout = parse_layout(page)
    return [m.n for m in find_markers(page, layout)]


# Hand-checked markers of every real page (the number after the text it is glued to).
REAL = {
    "000_f6c87f8d16c5e508.txt": ["264"],
    "page1179.txt": ["903", "904", "905", "906"],
    "page1263.txt": ["1217", "1218", "1219", "1220", "1221", "1222"],
    "page1294.txt": ["1327", "1328", "1329", "1330"],
    "page1406.txt": ["154", "155", "156"],
    "page1665.txt": [],
    "page1728.txt": ["524", "525"],
    "page179.txt": [],
    "page1791.txt": [],
    "page1977.txt": ["7", "8", "9", "10", "11", "12"],
    "page1990.txt": ["8", "9", "10"],
    "page2275.txt": ["76", "77", "78", "79", "80"],
    "page2342.txt": ["34", "35", "36"],
    "page2551.txt": ["206", "207"],
    "page3599.txt": ["115"],
    "page4042.txt": [],
    "page4065.txt": ["17", "18", "19"],
    "page4370.txt": ["391"],
    "page4499.txt": ["154", "155", "156"],
    "page4975.txt": ["246"],
    "page5257.txt": ["196", "197", "198"],
    "page5647.txt": ["198", "199"],
    "page5699.txt": ["51"],
    "page6183.txt": ["513", "514"],
    "page714.txt": ["10"],
    "page783.txt": ["198", "199"],
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_markers_on_real_pages(name: str) -> None:
    (page,) = read_file(SEEDS / name)
    layout = parse_layout(page)
    assert [m.n for m in find_markers(page, layout)] == REAL[name]


def test_seed_marker_is_linked_to_its_note() -> None:
    (page,) = read_file(SEEDS / "000_f6c87f8d16c5e508.txt")
    layout = parse_layout(page)
    (marker,) = find_markers(page, layout)
    assert page.text[marker.start - 7 : marker.end] == "summer.264"
    assert marker.note is not None and layout.blocks[marker.note].n == "264"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.\u2002It was adopted in 2003.35 Then it lapsed.", ["35"]),
        ("1.\u2002Operative paragraph 4 of resolution 1441 was clear.", []),
        ("1.\u2002HC 264 was published. It lasted 10 years.", []),
        ("1.\u2002The paper was sent to No.10 for comment.", []),
        ("1.\u2002Section 6.2 explains the US$19.4bn spent.", []),
        ("1.\u2002The Embassy was “responsible.” 279 And more.”280", ["279", "280"]),
        ("1.\u2002The codenamed [JAM1] and SIS3 met OP12 officials.", []),
    ],
)
def test_numbers_that_are_and_are_not_markers(text: str, expected: list[str]) -> None:
    assert markers_of(text) == expected


def test_marker_without_footnote_and_footnote_without_marker_are_reported() -> None:
    text = (
        "Previous page | Contents | Next page\n"
        "The Report of the Iraq Inquiry\n"
        "10.\u2002The summer was quiet.11 The autumn was not.\n"
        "12\u2002A footnote whose marker is on another page.\n"
        "41\n"
        "Previous page | Contents | Next page"
    )
    (page,) = read_text(text)
    problems: list = []
    layout = parse_layout(page, problems=problems)
    markers = find_markers(page, layout, problems=problems)
    assert markers == []  # on a whole page, 11 has no footnote: it stays text
    assert [p.code for p in problems if p.code.startswith("TK20")] == ["TK203"]


# The marker finder searches for numbers and checks what stands before them in Python, for
# speed: it must find exactly what LayoutProfile.marker_re's finditer finds, in any window.
_MARKER_TEXT = st.text(alphabet="ab 12\n09.,;)]:\u2002\u00a0”x", max_size=24)


@settings(max_examples=examples(500), deadline=None)
@given(text=_MARKER_TEXT, data=st.data())
def test_profile_markers_find_what_marker_re_finds(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    for profile in (DEFAULT_PROFILE, load_profile("pdftotext")):
        expected = [
            (m.group("before"), m.group("gap"), m.start("num"), m.end("num"))
            for m in profile.marker_re.finditer(text, pos, end)
        ]
        assert [tuple(m) for m in profile.markers(text, pos, end)] == expected
