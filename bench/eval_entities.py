"""Precision, recall and F1 of the entity stage on the hand-annotated gold pages.

Runs the real pipeline stages (read -> layout -> entities) on each page of ``tests/gold``,
each page alone with a fresh :class:`DateContext` (the gold pages come from different
sections, so no neighbouring page can lend a year), and compares:

- persons: a hit is a ``persName`` with exactly the gold offsets *and* the gold id;
- dates: a hit is a ``date`` with exactly the gold offsets *and* the same values
  (``when`` | ``from``/``to`` | ``notBefore``/``notAfter``; ``cert``/``evidence`` ignored).
  The gold holds the true date; a page alone often does not say the year (an even page has
  no section title), so a second figure counts a date left as ``--MM-DD`` as right when its
  month and day are; a third counts only the dates whose year is printed somewhere on their
  page (``9/11`` prints 2001): what a reader of the page alone could get right.

Also prints span-only figures (offsets right, identity/value ignored) and, with ``-v``, every
miss and false alarm. Run: ``.venv/bin/python bench/eval_entities.py [-v]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teikit.entities import DateContext, People, find_entities  # noqa: E402
from teikit.layout import parse_layout  # noqa: E402
from teikit.read import read_file  # noqa: E402

GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
_VALUE_KEYS = ("when", "from", "to", "notBefore", "notAfter")

Item = tuple[int, int, str]


@dataclass
class Score:
    """Counts for one kind of entity; ``strict`` compares identity/value, ``loose`` spans."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Item], found: set[Item]) -> None:
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<16} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
            f"   (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


@dataclass
class Result:
    persons: Score
    dates: Score
    person_spans: Score
    date_spans: Score
    dates_yearless_ok: Score
    dates_stated: Score
    pages: int


def _value(attrs: dict[str, str]) -> str:
    return ";".join(f"{k}={attrs[k]}" for k in _VALUE_KEYS if k in attrs)


def _strip_years(value: str) -> str:
    return re.sub(r"=(?:\d{4}|-)-", "=--", value)


_PRINTED_YEAR = re.compile(r"(?<!\d)(?:19\d\d|20[0-4]\d)(?!\d)")


def _years_printed(text: str) -> set[str]:
    """The years a page prints, running head and notes included; ``9/11`` prints 2001."""
    years = set(_PRINTED_YEAR.findall(text))
    if "9/11" in text:
        years.add("2001")
    return years


def _years_of(value: str) -> set[str]:
    return set(re.findall(r"=(\d{4})", value))


def evaluate(*, verbose: bool = False) -> Result:
    """Score every gold page; with ``verbose``, print each difference."""
    result = Result(Score(), Score(), Score(), Score(), Score(), Score(), 0)
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if any("start" not in g for g in gold["persons"] + gold["dates"]):
            continue  # gold of tests/pages/ has no offsets: scored by ANNOTATION.md's rules
        page = read_file(SEEDS / gold["page"])[0]
        layout = parse_layout(page)
        spans = find_entities(page, layout, people=People.builtin(), context=DateContext())
        found_persons = {
            (s.start, s.end, (s.attr("ref") or "#?").lstrip("#"))
            for s in spans
            if s.label == "persName"
        }
        found_dates = {(s.start, s.end, _value(dict(s.attrs))) for s in spans if s.label == "date"}
        gold_persons = {(g["start"], g["end"], g["id"]) for g in gold["persons"]}
        gold_dates = {(g["start"], g["end"], _value(g)) for g in gold["dates"]}
        result.persons.add(gold_persons, found_persons)
        result.dates.add(gold_dates, found_dates)
        result.person_spans.add(
            {(*i[:2], "") for i in gold_persons}, {(*i[:2], "") for i in found_persons}
        )
        result.date_spans.add(
            {(*i[:2], "") for i in gold_dates}, {(*i[:2], "") for i in found_dates}
        )
        # A date the stage left without a year (``--07-08``) is not a wrong year: count it
        # right here when the gold value, year taken off, is the same.
        yearless = {(s, e, _strip_years(v) if "=--" in v else v) for s, e, v in found_dates}
        result.dates_yearless_ok.add(
            {
                (s, e, _strip_years(v) if (s, e, _strip_years(v)) in yearless else v)
                for s, e, v in gold_dates
            },
            yearless,
        )
        printed = _years_printed(page.text)
        stated = {g for g in gold_dates if _years_of(g[2]) <= printed}
        stated_spans = {g[:2] for g in stated}
        result.dates_stated.add(stated, {f for f in found_dates if f[:2] in stated_spans})
        result.pages += 1
        if verbose:
            for label, g, f in (
                ("person", gold_persons, found_persons),
                ("date", gold_dates, found_dates),
            ):
                for start, end, value in sorted(g - f):
                    print(f"{gold['page']}: missed {label} {page.text[start:end]!r} {value}")
                for start, end, value in sorted(f - g):
                    print(f"{gold['page']}: extra  {label} {page.text[start:end]!r} {value}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    args = parser.parse_args(argv)
    result = evaluate(verbose=args.verbose)
    print(f"gold pages: {result.pages}")
    print(result.persons.line("persons"))
    print(result.dates.line("dates"))
    print(result.person_spans.line("  person spans"))
    print(result.date_spans.line("  date spans"))
    print(result.dates_yearless_ok.line("  dates, no year"))
    print(result.dates_stated.line("  year on page"))
    print("  (no year: a date left as --MM-DD for want of any year on its page counts as right;")
    print("   year on page: only the dates whose year is printed somewhere on their page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
