"""Dates: the forms of issue 13 (two-digit years, month first, capitals, dashes between
years, days joined by a slash or ``and``, seasons from context, times of day), and a
property: a date written out in any of the forms parses back to its value."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teikit.entities.dates import DateContext, find_dates


def dates(text: str, context: DateContext | None = None) -> list[tuple[str, dict[str, str]]]:
    ctx = context if context is not None else DateContext()
    return [(text[d.start : d.end], dict(d.attrs)) for d in find_dates(text, 0, len(text), ctx)]


INFERRED = {"cert": "high", "evidence": "conjecture"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Planned Jun 04.", [("Jun 04", {"when": "2004-06"})]),
        (
            "In 2001, after Sept 11 he",
            [("2001", {"when": "2001"}), ("Sept 11", {"when": "2001-09-11", **INFERRED})],
        ),
        ("Feb\u2011Mar 05 only", [("Feb\u2011Mar 05", {"from": "2005-02", "to": "2005-03"})]),
        (
            "visit 3\u20115 Jun 04",
            [("3\u20115 Jun 04", {"from": "2004-06-03", "to": "2004-06-05"})],
        ),
        ("on 13 Sep 98 it", [("13 Sep 98", {"when": "1998-09-13"})]),
        ("On October 7, 2003 he", [("October 7, 2003", {"when": "2003-10-07"})]),
        ("OCTOBER 2003", [("OCTOBER 2003", {"when": "2003-10"})]),
        ("the 2002\u20112003 budget", [("2002\u20112003", {"from": "2002", "to": "2003"})]),
        ("the 2002\u20132003 budget", [("2002\u20132003", {"from": "2002", "to": "2003"})]),
        ("on 9/10 April 2003", [("9/10 April 2003", {"from": "2003-04-09", "to": "2003-04-10"})]),
        (
            "on 4 and 5 April 2003",
            [("4 and 5 April 2003", {"from": "2003-04-04", "to": "2003-04-05"})],
        ),
        (
            "on 17 and 31 October 2002",
            [("17 and 31 October 2002", {"from": "2002-10-17", "to": "2002-10-31"})],
        ),
        (
            "on 5, 6 and 7 May 2003 he",
            [("5, 6 and 7 May 2003", {"from": "2003-05-05", "to": "2003-05-07"})],
        ),
        (
            "those arriving in mid\u20112004 felt",
            [("mid\u20112004", {"notBefore": "2004-05", "notAfter": "2004-08"})],
        ),
        ("Director General 2001 to 2003, said", [("2001 to 2003", {"from": "2001", "to": "2003"})]),
        ("continued into August 2006.", [("August 2006", {"when": "2006-08"})]),
        (
            "by end\u20112003 it",
            [("end\u20112003", {"notBefore": "2003-09", "notAfter": "2003-12"})],
        ),
        (
            "by end-March 2004 the",
            [("end-March 2004", {"notBefore": "2004-03-21", "notAfter": "2004-03-31"})],
        ),
        ("the pre\u2011June backlog", [("June", {"when": "--06"})]),
        ("Iraq through 2006, this", [("2006", {"when": "2006"})]),
        ("under the Coroners Act 1988.", [("1988", {"when": "1988"})]),
        ("\u201c2007 has brought improvement", [("2007", {"when": "2007"})]),
        ("While 2009 seems light years away", [("2009", {"when": "2009"})]),
        (
            "the summer of 2001",
            [("summer of 2001", {"notBefore": "2001-06", "notAfter": "2001-08"})],
        ),
        (
            "in 2004 by the end of June",
            [("2004", {"when": "2004"}), ("June", {"when": "2004-06", **INFERRED})],
        ),
    ],
)
def test_date_forms(text: str, expected: list[tuple[str, dict[str, str]]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "since the summer.",  # looks back from a date: text (the seed page)
        "at 1900 hours",
        "3 June 10 soldiers",  # a full month and a count: no two-digit year
        "2000-3000 troops",
        "about 2000 to 3000 troops",
        "the 250 to 300 militant demonstrators",
        "some 2000 were killed",
        "a non\u20112003 figure",
        "the weekend-2003 rota",
    ],
)
def test_not_years(text: str) -> None:
    assert all(
        value.get("when", "")[:4] not in {"1900", "2010", "2000"} for _, value in dates(text)
    )
    assert not any(span == "summer" for span, _ in dates(text))


def test_a_time_of_day_after_a_date_is_no_year() -> None:
    assert dates("On 21 March 1930 hours") == [("21 March", {"when": "--03-21"})]
    assert dates("On 21 March 2030 the") == [("21 March", {"when": "--03-21"})]


def test_month_first_without_year_takes_the_paragraph_year() -> None:
    assert dates("In 2003, on October 7 he") == [
        ("2003", {"when": "2003"}),
        ("October 7", {"when": "2003-10-07", **INFERRED}),
    ]


_MONTHS = list(calendar.month_name)[1:]


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A date in one of the report's forms and the value it denotes."""
    year = draw(st.integers(min_value=1990, max_value=2016))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=calendar.monthrange(year, month)[1]))
    name = _MONTHS[month - 1]
    iso = f"{year}-{month:02d}-{day:02d}"
    form = draw(st.sampled_from(["dmy", "mdy", "my", "short", "caps", "days"]))
    if form == "dmy":
        return f"{day}\u00a0{name} {year}", {"when": iso}
    if form == "mdy":
        return f"{name} {day}, {year}", {"when": iso}
    if form == "my":
        return f"{name} {year}", {"when": iso[:7]}
    if form == "short" and (name != "May" or 2000 <= year < 2010):
        # ``May`` is no abbreviation: a two-digit year after it must open with 0.
        return f"{day} {name[:3]} {year % 100:02d}", {"when": iso}
    if form in {"short", "caps"}:
        return f"{name.upper()} {year}", {"when": iso[:7]}
    if day == calendar.monthrange(year, month)[1]:
        day -= 1
    # Any later day of the month: ``17 and 31 October`` is one date too (ANNOTATION.md).
    other = draw(st.integers(min_value=day + 1, max_value=calendar.monthrange(year, month)[1]))
    first = f"{year}-{month:02d}-{day:02d}"
    last = f"{year}-{month:02d}-{other:02d}"
    joiner = draw(st.sampled_from([" and ", "/", "\u2011", "\u2013", " to "]))
    return f"{day}{joiner}{other} {name} {year}", {"from": first, "to": last}


@given(written_dates(), st.sampled_from(["On ", "By ", "(", "in the week of "]))
def test_a_written_date_parses_back_to_its_value(
    written: tuple[str, dict[str, str]], before: str
) -> None:
    expression, value = written
    assert dates(f"{before}{expression}, the") == [(expression, value)]


def test_a_year_later_in_the_same_sentence_beats_an_earlier_paragraph_year() -> None:
    text = "It began in 2002. On 5 May, in a letter of 7 May 2003, he agreed."
    assert [v["when"] for _, v in dates(text)] == ["2002", "2003-05-05", "2003-05-07"]


def test_a_later_year_of_another_month_is_not_the_sentence_year() -> None:
    ctx = DateContext(range_start=(2004, 7), range_end=(2005, 5))
    text = "On 9 December, he sent a paper on handling Iraq in 2005 to No.10."
    assert dates(text, ctx)[0] == ("9 December", {"when": "2004-12-09", **INFERRED})
    text = "Dr Blix said on 6 February that the report of 1999 was wrong."
    assert dates(text)[0] == ("6 February", {"when": "--02-06"})


def test_a_footnote_citing_that_day_gives_the_year() -> None:
    text = "On 1 November he wrote:264 more.\n264 Minute Binns to CJO, 1 November 2007."
    note = text.index("Minute")
    ctx = DateContext(last_year=2006)
    ctx.set_page_body(text, [(0, note - 4)])
    ctx.set_page_notes([(text.index("264"), note, len(text))])
    found = find_dates(text, 0, note - 4, ctx)
    assert dict(found[0].attrs)["when"] == "2007-11-01"


def test_an_inferred_year_says_what_it_was_taken_from() -> None:
    text = "In 2003 it began. On 5 May he wrote."
    found = find_dates(text, 0, len(text), DateContext())
    assert [(f.inferred, f.basis) for f in found] == [(False, ""), (True, "the paragraph")]


def test_a_range_of_many_years_with_no_other_evidence_keeps_the_year_unknown() -> None:
    ctx = DateContext(range_start=(2004, 7), range_end=(2009, 7))
    assert dates("On 13 July he wrote.", ctx) == [("13 July", {"when": "--07-13"})]


@pytest.mark.parametrize(
    "text",
    [
        "Transfers under the Coroners Act 1988 were rare. On 5 June he wrote.",
        "It would mean summer 2004. On 5 June he wrote.",
        "It agreed the proposed Dec 08 resolution. On 5 June he wrote.",
    ],
)
def test_a_year_that_dates_nothing_around_it_gives_no_year(text: str) -> None:
    # A statute's year, or a date planned or supposed, is not the time of the narrative.
    ctx = DateContext()
    found = find_dates(text, 0, text.index(" On"), ctx)
    assert found[0].attrs[0][1][:2] in {"19", "20"}
    ctx.begin_paragraph()
    assert dates(text[text.index("On") :], ctx) == [("5 June", {"when": "--06-05"})]
