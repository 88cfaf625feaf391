"""The entity stage on real pages: the seed's answer, the gold floors, ids alone vs in
sequence, and the properties every output holds."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.entities import DateContext, People, PersonAuthority, find_entities
from teikit.errors import Problem
from teikit.layout import parse_layout
from teikit.model import Block, BlockKind, Marker, PageLayout, Span
from teikit.read import Page, read_file
from tests.helpers import examples

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_f6c87f8d16c5e508.txt"
# the built-in authority's compiled name forms, built once, as a converter builds them a run
AUTHORITY = PersonAuthority.load()


def run(
    path: Path, people: People | None = None, context: DateContext | None = None
) -> tuple[Page, list[Span]]:
    page = read_file(path)[0]
    spans = find_entities(
        page,
        parse_layout(page),
        people=people or AUTHORITY.new_people(),
        context=context or DateContext(),
        authority=AUTHORITY,
    )
    return page, spans


def test_seed_page_answer() -> None:
    page, spans = run(SEED)
    found_persons = [
        (page.text[s.start : s.end].replace("\u00a0", " "), s.attr("ref"))
        for s in spans
        if s.label == "persName"
    ]
    assert found_persons == [
        ("al-Sadr", "#pers-al-sadr"),
        ("Prime Minister Maliki", "#pers-maliki"),
        ("[JAM1]", "#pers-jam1"),
        ("Maliki", "#pers-maliki"),
        ("Mr Browne", "#pers-browne"),
        ("Maj Gen Binns", "#pers-binns"),
        ("Binns", "#pers-binns"),
    ]
    found_dates = [
        (page.text[s.start : s.end].replace("\u00a0", " "), s.attrs)
        for s in spans
        if s.label == "date"
    ]
    inferred = (("cert", "high"), ("evidence", "conjecture"))
    assert found_dates == [
        ("November 2007", (("when", "2007-11"),)),
        ("1 November", (("when", "2007-11-01"), *inferred)),
        ("23 October", (("when", "2007-10-23"), *inferred)),
        ("1 November 2007", (("when", "2007-11-01"),)),
        ("1 November 2007", (("when", "2007-11-01"),)),
    ]
    roles = [
        page.text[s.start : s.end].replace("\u00a0", " ") for s in spans if s.label == "roleName"
    ]
    assert roles == ["Prime Minister", "Mr", "Maj Gen"]


def test_seed_page_problems() -> None:
    page = read_file(SEED)[0]
    problems: list[Problem] = []
    find_entities(
        page,
        parse_layout(page),
        people=AUTHORITY.new_people(),
        context=DateContext(),
        problems=problems,
        authority=AUTHORITY,
    )
    assert [p.code for p in problems] == ["TK302", "TK302"]


def _years(path: Path) -> list[tuple[str, str]]:
    page, spans = run(path)
    return [
        (" ".join(page.text[s.start : s.end].split()), (s.attr("when") or s.attr("from") or "")[:4])
        for s in spans
        if s.label == "date"
    ]


def test_page4042_dates_before_until_january_2004_are_2003() -> None:
    # No year before "until January 2004" on this even page: the dates before it take the
    # year by running forward to it, those in its paragraph and after it are bounded by it.
    years = _years(SEEDS / "page4042.txt")
    assert years[0] == ("April", "2003")
    assert ("January 2004", "2004") in years
    assert {year for text, year in years if text != "January 2004"} == {"2003"}


def test_page2275_11_september_and_what_follows_are_2001() -> None:
    years = dict(_years(SEEDS / "page2275.txt")[:3])
    assert years == {"11 September": "2001", "17 October": "2001", "19 October": "2001"}


def test_page4065_takes_the_year_of_resolution_1441_2002() -> None:
    assert _years(SEEDS / "page4065.txt") == [("25 November", "2002"), ("2002", "2002")]


def test_gold_floors() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.eval_entities import evaluate

    results = evaluate()
    # Floors earned on the whole gold set (tests/gold/README.md). Issue 13's targets, on this
    # set and on unseen pages: persons F1 >= 0.97 and identity >= 0.98 (both met and asserted
    # here), dates (year from the input) >= 0.95 (met: the floors sit just below what is reached).
    for mode in ("alone", "run"):
        result = results[mode]
        assert result.pages >= 85
        assert result.persons.f1 >= FLOORS["persons"], mode
        assert result.identity >= FLOORS["identity"], mode
        assert result.date_spans.f1 >= FLOORS["date spans"], mode
        assert result.dates_input.f1 >= FLOORS[f"dates {mode}"], mode
        assert result.dates_strict.f1 >= FLOORS["dates strict"], mode


FLOORS = {
    "persons": 0.99,
    "identity": 0.98,
    "date spans": 0.995,
    "dates alone": 0.965,
    "dates run": 0.97,
    "dates strict": 0.74,
}


def test_same_ids_alone_and_in_sequence() -> None:
    pages = sorted(SEEDS.glob("*.txt"))
    shared_people, shared_context = People.builtin(), DateContext()
    in_sequence = {
        path.name: [s for s in run(path, shared_people, shared_context)[1] if s.label == "persName"]
        for path in pages
    }
    for path in pages:
        alone = [s for s in run(path)[1] if s.label == "persName"]
        assert alone == in_sequence[path.name], path.name


def test_seen_persons_in_id_order() -> None:
    people = People.builtin()
    run(SEED, people)
    assert [p.id for p in people.seen()] == [
        "pers-al-sadr",
        "pers-binns",
        "pers-browne",
        "pers-jam1",
        "pers-maliki",
    ]


def _check(text: str, blocks: list[Block], markers: list[Marker], spans: list[Span]) -> None:
    assert spans == sorted(spans, key=lambda s: (s.start, -s.end))
    for span in spans:
        assert any(b.content_start <= span.start and span.end <= b.end for b in blocks)
        assert all(span.end <= m.start or span.start >= m.end for m in markers)
    for a in spans:
        for b in spans:
            if a is b or a.end <= b.start or b.end <= a.start:
                continue
            inside = a.start <= b.start and b.end <= a.end
            assert inside or (b.start <= a.start and a.end <= b.end), (a, b)
            if inside and (a.start, a.end) != (b.start, b.end):
                assert a.label == "persName" and b.label == "roleName", (a, b)


_WORDS = st.sampled_from(
    [
        "Mr",
        "Browne",
        "Maj",
        "Gen",
        "Binns",
        "Prime",
        "Minister",
        "Maliki",
        "al-Sadr",
        "[JAM1]",
        "1",
        "November",
        "2007",
        "23",
        "October",
        "between",
        "29",
        "October",
        "and",
        "2",
        "November",
        "from",
        "22",
        "to",
        "24",
        "November",
        "in",
        "2003",
        "Basra",
        "JIC",
        "MND(SE)",
        "the",
        "Governor",
        "said",
        "summer.264",
        "resolution",
        "1441",
        "(2002)",
        "Sir",
        "David",
        "9/11",
        "mid-March",
        "2003",
        "Saddam",
    ]
)


@settings(max_examples=examples(150), deadline=None)
@given(
    st.lists(st.lists(_WORDS, min_size=1, max_size=25), min_size=1, max_size=6),
    st.lists(st.integers(min_value=0, max_value=10_000), max_size=6),
    st.sampled_from(["\n", " ", "\u00a0"]),
)
def test_spans_nest_stay_in_blocks_and_avoid_markers(
    paragraphs: list[list[str]], marker_seeds: list[int], joiner: str
) -> None:
    text = ""
    blocks = []
    for words in paragraphs:
        start = len(text)
        text += joiner.join(words)
        blocks.append(Block(BlockKind.PARAGRAPH, start, len(text)))
        text += "\n"
    markers = []
    for seed in marker_seeds:
        at = seed % max(1, len(text) - 3)
        markers.append(Marker(at, at + 3, "1", None))
    page = Page(source="t.txt", text=text)
    layout = PageLayout(blocks=blocks, markers=markers)
    spans = find_entities(
        page, layout, people=AUTHORITY.new_people(), context=DateContext(), authority=AUTHORITY
    )
    _check(text, blocks, markers, spans)


def test_real_pages_hold_the_properties() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        page = read_file(path)[0]
        layout = parse_layout(page)
        spans = find_entities(
            page, layout, people=AUTHORITY.new_people(), context=DateContext(), authority=AUTHORITY
        )
        scanned = [
            b
            for b in layout.blocks
            if b.kind not in {BlockKind.NAVIGATION, BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER}
        ]
        _check(page.text, scanned, layout.markers, spans)
