"""The gold set of persons and dates is consistent, and its checker catches what it should."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from tests.gold.check_gold import check_gold, fold, iso_bounds, main, page_body

GOLD_DIR = Path(__file__).parent / "gold"

PAGE = (
    "Previous page | Contents | Next page\n"
    "3.3  |  Development of UK strategy and options, April to July 2002\n"
    "520.  In a discussion with Mr Straw on 5 August, Secretary Powell informed him that\n"
    "he had seen Mr Blair\u2019s Note to President Bush. Mr Blair spoke to Mr\u00a0Straw\n"
    "again on 7\u00a0August.\n"
)
REGISTRY = (
    "pers-blair\tTony Blair\tPrime Minister\n"
    "pers-bush\tGeorge W Bush\tUS President\n"
    "pers-powell-colin\tColin Powell\tUS Secretary of State\n"
    "pers-straw\tJack Straw\tForeign Secretary\n"
)
GOOD: dict[str, Any] = {
    "page": "tests/pages/page1.txt",
    "persons": [
        {"text": "Mr Straw", "id": "pers-straw"},
        {"text": "Secretary Powell", "id": "pers-powell-colin"},
        {"text": "Mr Blair", "id": "pers-blair"},
        {"text": "President Bush", "id": "pers-bush"},
        {"text": "Mr Blair", "id": "pers-blair"},
        {"text": "Mr Straw", "id": "pers-straw"},
    ],
    "dates": [
        {"text": "5 August", "when": "2002-08-05"},
        {"text": "7 August", "when": "2002-08-07"},
    ],
}


def make_repo(root: Path, gold: dict[str, Any], registry: str = REGISTRY) -> Path:
    """A small repository tree with one page, one gold file and a registry; the gold dir."""
    (root / "tests" / "pages").mkdir(parents=True)
    (root / "tests" / "pages" / "page1.txt").write_text(PAGE, encoding="utf-8")
    gold_dir = root / "tests" / "gold"
    gold_dir.mkdir()
    (gold_dir / "registry.tsv").write_text(registry, encoding="utf-8")
    (gold_dir / "page1.json").write_text(json.dumps(gold), encoding="utf-8")
    return gold_dir


def changed(**parts: Any) -> dict[str, Any]:
    """GOOD with some of its top-level keys replaced."""
    return {**GOOD, **parts}


def test_the_whole_gold_set_has_no_problems() -> None:
    assert list(GOLD_DIR.glob("*.json")), "no gold files found"
    assert check_gold(GOLD_DIR) == []


def test_a_correct_gold_file_has_no_problems(tmp_path: Path) -> None:
    assert check_gold(make_repo(tmp_path, GOOD)) == []


def test_an_id_missing_from_the_registry_is_reported(tmp_path: Path) -> None:
    persons = [*GOOD["persons"][:-1], {"text": "Mr Straw", "id": "pers-straw-jack"}]
    problems = check_gold(make_repo(tmp_path, changed(persons=persons)))
    assert problems == [
        "tests/gold/page1.json: person 'Mr Straw': id 'pers-straw-jack' not in registry"
    ]


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ({"when": "2002-13-05"}, "when '2002-13-05' is not an ISO date"),
        ({"when": "2002-02-30"}, "when '2002-02-30' is not an ISO date"),
        ({"when": "5 August 2002"}, "when '5 August 2002' is not an ISO date"),
        ({"when": "--08-05"}, "when '--08-05' is not an ISO date"),
        ({"from": "2002-09", "to": "2002-08"}, "from '2002-09' is after to '2002-08'"),
        ({"from": "2002-08-05"}, "needs 'when', or 'from' and 'to'"),
        ({"when": "2002-08-05", "to": "2002-09"}, "needs 'when', or 'from' and 'to'"),
    ],
)
def test_a_bad_date_value_is_reported(
    tmp_path: Path, value: dict[str, str], complaint: str
) -> None:
    dates = [{"text": "5 August", **value}, GOOD["dates"][1]]
    problems = check_gold(make_repo(tmp_path, changed(dates=dates)))
    assert len(problems) == 1
    assert problems[0].startswith("tests/gold/page1.json: date '5 August': ")
    assert complaint in problems[0]


def test_a_mention_not_on_the_page_is_reported(tmp_path: Path) -> None:
    persons = [*GOOD["persons"], {"text": "Sir David Manning", "id": "pers-blair"}]
    problems = check_gold(make_repo(tmp_path, changed(persons=persons)))
    assert len(problems) == 1
    assert problems[0].startswith(
        "tests/gold/page1.json: person 'Sir David Manning' not found after offset "
    )


def test_a_mention_listed_more_often_than_it_occurs_is_reported(tmp_path: Path) -> None:
    dates = [*GOOD["dates"], {"text": "7 August", "when": "2002-08-07"}]
    problems = check_gold(make_repo(tmp_path, changed(dates=dates)))
    assert len(problems) == 1
    assert "date '7 August' not found after offset" in problems[0]


def test_mentions_out_of_reading_order_are_reported(tmp_path: Path) -> None:
    persons = [GOOD["persons"][1], GOOD["persons"][0], *GOOD["persons"][2:]]
    problems = check_gold(make_repo(tmp_path, changed(persons=persons)))
    assert problems and "not found after offset" in problems[0]


def test_a_mention_inside_a_longer_word_does_not_count(tmp_path: Path) -> None:
    persons = [*GOOD["persons"], {"text": "Bus", "id": "pers-bush"}]
    problems = check_gold(make_repo(tmp_path, changed(persons=persons)))
    after_last_straw = page_body(PAGE).rindex("Mr Straw") + len("Mr Straw")
    assert problems == [
        f"tests/gold/page1.json: person 'Bus' not found after offset {after_last_straw}"
    ]


def test_the_running_head_is_not_part_of_the_page(tmp_path: Path) -> None:
    dates = [{"text": "April to July 2002", "from": "2002-04", "to": "2002-07"}]
    problems = check_gold(make_repo(tmp_path, changed(dates=dates)))
    assert problems == ["tests/gold/page1.json: date 'April to July 2002' not found after offset 0"]


def test_a_missing_page_and_an_unknown_key_are_reported(tmp_path: Path) -> None:
    gold = changed(page="tests/pages/page2.txt", comment="x")
    problems = check_gold(make_repo(tmp_path, gold))
    assert problems == [
        "tests/gold/page1.json: unknown key 'comment'",
        "tests/gold/page1.json: page 'tests/pages/page2.txt' not found",
    ]


def test_a_text_with_a_line_break_must_be_written_folded(tmp_path: Path) -> None:
    persons = [{"text": "Mr\nStraw", "id": "pers-straw"}]
    problems = check_gold(make_repo(tmp_path, changed(persons=persons)))
    assert problems == [
        "tests/gold/page1.json: person 'Mr\\nStraw': line break, special space or outer"
        " space in its text"
    ]


def test_offsets_of_the_first_gold_files_are_checked(tmp_path: Path) -> None:
    start = PAGE.index("Mr Straw")
    right = {"text": "Mr Straw", "id": "pers-straw", "start": start, "end": start + 8}
    wrong = {"text": "Mr Straw", "id": "pers-straw", "start": start + 1, "end": start + 9}
    assert check_gold(make_repo(tmp_path / "a", changed(persons=[right]))) == []
    problems = check_gold(make_repo(tmp_path / "b", changed(persons=[wrong])))
    assert problems == [
        f"tests/gold/page1.json: person 'Mr Straw': offsets {start + 1}-{start + 9} hold 'r Straw '"
    ]


@pytest.mark.parametrize(
    ("registry", "complaint"),
    [
        ("pers-straw\tJack Straw\tForeign Secretary\npers-blair\tTony Blair\tPM\n", "out of order"),
        ("pers-blair\tTony Blair\tPM\npers-blair\tTony Blair\tPM\n", "duplicate id"),
        ("pers-blair\tTony Blair\n", "expected 'id<TAB>full name<TAB>description'"),
        ("pers-Blair\tTony Blair\tPM\n", "malformed id"),
    ],
)
def test_a_bad_registry_is_reported(tmp_path: Path, registry: str, complaint: str) -> None:
    problems = check_gold(make_repo(tmp_path, changed(persons=[], dates=[]), registry))
    assert len(problems) == 1
    assert "registry.tsv:2: " in problems[0] or "registry.tsv:1: " in problems[0]
    assert complaint in problems[0]


def test_main_prints_one_line_per_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    persons = [{"text": "Mr Hoon", "id": "pers-hoon"}]
    gold_dir = make_repo(tmp_path, changed(persons=persons))
    assert main([str(gold_dir)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "tests/gold/page1.json: person 'Mr Hoon': id 'pers-hoon' not in registry",
        "tests/gold/page1.json: person 'Mr Hoon' not found after offset 0",
    ]
    assert main([str(make_repo(tmp_path / "ok", GOOD))]) == 0


def test_fold_page_body_and_iso_bounds() -> None:
    assert fold("Mr\u00a0Straw\non 7\u2009August") == "Mr Straw on 7 August"
    assert page_body(PAGE).startswith("520. In a discussion with Mr Straw")
    assert iso_bounds("2004-02") == (datetime.date(2004, 2, 1), datetime.date(2004, 2, 29))
    assert iso_bounds("2003") is not None
    assert iso_bounds("2003-00") is None
