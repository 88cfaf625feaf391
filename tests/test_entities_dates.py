"""Dates: every example of issue 3, the non-dates, and year inference."""

from __future__ import annotations

import pytest

from teikit.entities import _follows
from teikit.entities.dates import DateContext, find_dates, section_range
from teikit.model import RunningHead


def dates(text: str, context: DateContext | None = None) -> list[tuple[str, dict[str, str]]]:
    ctx = context if context is not None else DateContext()
    return [(text[d.start : d.end], dict(d.attrs)) for d in find_dates(text, 0, len(text), ctx)]


@pytest.mark.parametrize(
    ("text", "mention", "values"),
    [
        ("On 1 November 2007 he wrote", "1 November 2007", {"when": "2007-11-01"}),
        ("in November 2007 the", "November 2007", {"when": "2007-11"}),
        ("since 1\u00a0November\u00a02007.", "1\u00a0November\u00a02007", {"when": "2007-11-01"}),
        ("in 2007 the", "2007", {"when": "2007"}),
        ("on 13 Sep 2002 the", "13 Sep 2002", {"when": "2002-09-13"}),
        (
            "in mid-March 2003 the",
            "mid-March 2003",
            {"notBefore": "2003-03-11", "notAfter": "2003-03-20"},
        ),
        ("by early 2007 it", "early 2007", {"notBefore": "2007-01", "notAfter": "2007-04"}),
        ("that 9/11 was", "9/11", {"when": "2001-09-11"}),
        (
            "from 27 June 2007 to April 2008",
            "from 27 June 2007 to April 2008",
            {"from": "2007-06-27", "to": "2008-04"},
        ),
        (
            "27 June 2007 to April 2008",
            "27 June 2007 to April 2008",
            {"from": "2007-06-27", "to": "2008-04"},
        ),
        (
            "met between 29 October and 2 November 2002.",
            "between 29 October and 2 November 2002",
            {"from": "2002-10-29", "to": "2002-11-02"},
        ),
        (
            "visited from 22 to 24 November 2005.",
            "from 22 to 24 November 2005",
            {"from": "2005-11-22", "to": "2005-11-24"},
        ),
        (
            "from late July to 14 September 2002",
            "from late July to 14 September 2002",
            {"from": "2002-07-21", "to": "2002-09-14"},
        ),
        ("the financial year 2005/06 and", "2005/06", {"from": "2005", "to": "2006"}),
        ("deployed in “2003\u20114”.", "2003\u20114", {"from": "2003", "to": "2004"}),
        ("resolution 1441 (2002) and", "2002", {"when": "2002"}),
        (
            "in early summer 2003",
            "early summer 2003",
            {"notBefore": "2003-06", "notAfter": "2003-07"},
        ),
        (
            "from 1998 to September 2002",
            "from 1998 to September 2002",
            {"from": "1998", "to": "2002-09"},
        ),
    ],
)
def test_date_examples(text: str, mention: str, values: dict[str, str]) -> None:
    assert (mention, values) in dates(text)


def test_two_days_of_one_month_are_one_date() -> None:
    # ANNOTATION.md: days coordinated in one expression are one date with from and to.
    found = dates("meetings on 17 and 31 October 2002, at which")
    assert found == [("17 and 31 October 2002", {"from": "2002-10-17", "to": "2002-10-31"})]


@pytest.mark.parametrize(
    "text",
    [
        "resolution 1441 was adopted",
        "HC 264, column 620",
        "for 10 years and 48 hours",
        "Adelphi Paper 354. O",
        "the US$19.4bn spent",
        "Article 134(6) obliged",
        "about 2000 troops would",
        "the 250 to 300 militant demonstrators",
        "we supply only 100 out of its 1,000 staff",
        "the word “consider” in OP12;",
        "Law and order may be further undermined",
        "that 2000 were killed",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_bare_month_needs_a_cue() -> None:
    assert dates("since May.") == [("May", {"when": "--05"})]
    assert dates("May I ask") == []


def test_year_from_the_same_paragraph() -> None:
    ctx = DateContext()
    found = dates("On 12 September 2005, a week later, made since May.", ctx)
    assert found[1] == ("May", {"when": "2005-05", "cert": "high", "evidence": "conjecture"})


def test_year_from_the_section_range_wins_when_it_admits_one_year() -> None:
    ctx = DateContext(range_start=(2007, 6), range_end=(2008, 4), last_year=2006)
    assert dates("as we saw on 23 October.", ctx) == [
        ("23 October", {"when": "2007-10-23", "cert": "high", "evidence": "conjecture"})
    ]
    assert dates("on 12 February.", ctx)[0][1]["when"] == "2008-02-12"


def test_a_paragraph_year_outside_a_section_range_holding_the_month_is_looked_back_to() -> None:
    ctx = DateContext(range_start=(2004, 2), range_end=(2004, 6))
    found = dates("The survey of 1998 was cited again on 4 March.", ctx)
    assert found[1] == ("4 March", {"when": "2004-03-04", "cert": "high", "evidence": "conjecture"})
    # A month the range does not hold still takes the paragraph's year.
    ctx.begin_paragraph()
    assert dates("In 1998, on 4 October, it", ctx)[1][1]["when"] == "1998-10-04"


def test_year_from_the_previous_dated_mention() -> None:
    ctx = DateContext()
    dates("On 10 October 2005 he announced", ctx)
    ctx.begin_paragraph()
    assert dates("On 11 October he wrote", ctx) == [
        ("11 October", {"when": "2005-10-11", "cert": "medium", "evidence": "conjecture"})
    ]


def test_the_previous_dated_mention_does_not_reach_across_pages_left_out() -> None:
    head = RunningHead("4.2 | Supply, May 2004 to May 2006", "4.2", "Supply, May 2004 to May 2006")
    ctx = DateContext()
    ctx.begin_page(head)
    dates("On 3 March 2005 the order was placed.", ctx)
    ctx.begin_page(None)  # the even page beside it: same section, same narrative
    assert dates("On 9 March he wrote", ctx)[0][1]["when"] == "2005-03-09"
    ctx.begin_page(None, follows=False)  # a page further on: neither the year nor the section
    assert dates("On 9 March he wrote", ctx) == [("9 March", {"when": "--03-09"})]


def test_a_year_from_an_earlier_page_needs_the_section_range_to_confirm_it() -> None:
    ctx = DateContext()
    ctx.begin_page(None)
    dates("On 3 March 2005 the order was placed.", ctx)
    ctx.begin_page(None)  # the next page: no section range to check 2005 against
    ctx.begin_paragraph()
    assert dates("On 9 March he wrote", ctx) == [("9 March", {"when": "--03-09"})]
    ctx.begin_page(None)
    text = "On 9 March he wrote. The first vehicles arrived in August 2007."
    ctx.set_page_body(text, [(0, len(text))])
    # The page's own year comes before the one of the page before it.
    assert dict(find_dates(text, 0, 20, ctx)[0].attrs)["when"] == "2007-03-09"
    # On the page where it was printed, the previous dated mention still counts.
    ctx.begin_paragraph()
    assert dates("On 10 August he wrote", ctx)[0][1]["when"] == "2007-08-10"


def test_a_page_follows_another_by_index_printed_number_or_file_name() -> None:
    assert _follows(("a.txt", 3, None, None), ("a.txt", 4, None, None))
    assert not _follows(("a.txt", 3, None, None), ("a.txt", 5, None, None))
    assert _follows(("page1601.txt", 0, None, 1601), ("page1602.txt", 0, None, 1602))
    assert not _follows(("page1602.txt", 0, None, 1602), ("page1650.txt", 0, None, 1650))
    # Printed numbers, when both pages have one, say more than the file names.
    assert _follows(("x9.txt", 0, 41, 9), ("y2.txt", 0, 42, 2))
    assert _follows(("a.txt", 0, None, None), ("b.txt", 0, None, None))


def test_no_year_anywhere_gives_month_and_day_only() -> None:
    assert dates("On 8 July, an eGram") == [("8 July", {"when": "--07-08"})]


def test_a_year_that_closes_a_period_bounds_the_paragraph() -> None:
    ctx = DateContext()
    found = dates("until January 2004, backed by votes (on 4 June and 22 October)", ctx)
    assert [f[1]["when"] for f in found] == ["2004-01", "2003-06-04", "2003-10-22"]
    # It is not the time of the narrative: the next paragraph does not take 2004 from it.
    assert ctx.last_year is None
    ctx.begin_paragraph()
    assert dates("On 17 July he said", ctx) == [("17 July", {"when": "--07-17"})]


def test_a_date_before_any_year_takes_the_next_year_on_the_page() -> None:
    text = "On 25 November, it debated. It was launched on 30 May. In January 2004 it ended."
    ctx = DateContext()
    ctx.set_page_body(text, [(0, len(text))])
    found = find_dates(text, 0, len(text), ctx)
    # November and May come after January, so they are of the year before.
    assert [dict(f.attrs)["when"] for f in found] == ["2003-11-25", "2003-05-30", "2004-01"]
    assert dict(found[0].attrs)["cert"] == "low"


def test_a_later_date_that_opens_a_period_gives_its_year_as_it_is() -> None:
    # ``since 1 May 2003`` looks back from later in 2003: November is not of 2002.
    text = "On 18 November, the team counted every report filed since 1 May 2003."
    ctx = DateContext()
    ctx.set_page_body(text, [(0, len(text))])
    found = find_dates(text, 0, len(text), ctx)
    assert dict(found[0].attrs)["when"] == "2003-11-18"
    # Without the opening word the narrative runs forward: November is of the year before.
    text = "On 18 November, the team met. It reported on 1 May 2003."
    ctx = DateContext()
    ctx.set_page_body(text, [(0, len(text))])
    assert dict(find_dates(text, 0, len(text), ctx)[0].attrs)["when"] == "2002-11-18"


def test_a_date_that_opens_a_period_does_not_set_the_time_of_the_narrative() -> None:
    ctx = DateContext()
    found = dates("A review in March 2006 counted losses since 1 May 2003, ending in May.", ctx)
    assert found[2] == ("May", {"when": "2006-05", "cert": "high", "evidence": "conjecture"})
    assert ctx.last_year == 2006


def test_a_later_bare_year_gives_its_year_to_any_month() -> None:
    text = "On 25 November, the House debated resolution 1441 (2002)."
    ctx = DateContext()
    ctx.set_page_body(text, [(0, len(text))])
    assert [dict(f.attrs) for f in find_dates(text, 0, len(text), ctx)] == [
        {"when": "2002-11-25", "cert": "low", "evidence": "conjecture"},
        {"when": "2002"},
    ]


def test_the_page_is_the_last_resort() -> None:
    text = "On 2 July he wrote. On 3 July 2009 she replied."
    ctx = DateContext(last_year=2005)
    ctx.set_page_body(text, [(0, len(text))])
    assert dict(find_dates(text, 0, 18, ctx)[0].attrs)["when"] == "2005-07-02"


def test_of_11_september_is_the_attacks_of_2001() -> None:
    assert dates("the perpetrators of 11 September hide") == [
        ("11 September", {"when": "2001-09-11"})
    ]
    assert dates("since 11 September,")[0][1] == {"when": "2001-09-11"}
    assert dates("On 11 September, he wrote") == [("11 September", {"when": "--09-11"})]


def test_someones_note_of_11_september_is_a_document_not_the_attacks() -> None:
    assert dates("He read Ms Lee’s letter of 11 September to the Group.") == [
        ("11 September", {"when": "--09-11"})
    ]


def test_of_11_september_is_not_2001_in_a_section_that_excludes_2001() -> None:
    ctx = DateContext(range_start=(2006, 5), range_end=(2006, 12))
    assert dates("the minutes of 11 September were sent", ctx) == [
        ("11 September", {"when": "2006-09-11", "cert": "high", "evidence": "conjecture"})
    ]
    ctx = DateContext(range_start=(2001, 9), range_end=(2002, 1))
    assert dates("the events of 11 September shook", ctx)[0][1] == {"when": "2001-09-11"}


def test_footnote_years_do_not_feed_the_body() -> None:
    ctx = DateContext()
    text = "Minute, 3 March 2009."
    find_dates(text, 0, len(text), ctx, body=False)
    assert ctx.last_year is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("27 June 2007 to April 2008", ((2007, 6), (2008, 4))),
        ("Development of UK strategy and options, April to July 2002", ((2002, 4), (2002, 7))),
        (
            "Planning and preparation for a post-Saddam Hussein Iraq, January to March 2003",
            ((2003, 1), (2003, 3)),
        ),
        ("9/11 to early January 2002", ((2001, 9), (2002, 1))),
        ("Security Sector Reform", (None, None)),
        ("Oil policy 1995 to 2001", ((1995, 1), (2001, 12))),
    ],
)
def test_section_range(title: str, expected: object) -> None:
    assert section_range(title) == expected


def test_a_year_the_section_range_allows_alone_is_the_previous_dated_mention() -> None:
    # March 2003 to June 2004: January can only be 2004, and April (2003 or 2004) follows it.
    ctx = DateContext(range_start=(2003, 3), range_end=(2004, 6))
    assert dates("identified on 22 January.", ctx)[0][1]["when"] == "2004-01-22"
    ctx.begin_paragraph()
    assert dates("On 23 April, he", ctx) == [
        ("23 April", {"when": "2004-04-23", "cert": "medium", "evidence": "conjecture"})
    ]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        (
            "On 22 January 2007 he wrote. On 13 February, he replied to Ms Harman’s letter of"
            " 18 December.",
            ["2007-01-22", "2007-02-13", "2006-12-18"],
        ),
        (
            "The MOD paid on 16 January 2003. He replied to the letters of 23 December and"
            " 13 January on 16 January.",
            ["2003-01-16", "2002-12-23", "2003-01-13", "2003-01-16"],
        ),
    ],
)
def test_a_document_cited_by_its_date_was_written_before_the_date_before_it(
    text: str, years: list[str]
) -> None:
    assert [v["when"] for _, v in dates(text)] == years


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("On 15 June 2009, he said: “from March 2003 to the end of July this year”.", "2009-07"),
        ("On 11 September 2007 he said: “the changes last January have helped”.", "2007-01"),
        ("On 11 September 2007 he said: “the changes last October have helped”.", "2006-10"),
        ("On 11 September 2007 he said: “we will leave next March”.", "2008-03"),
        ("On 11 September 2007 he said: “in March last year”.", "2006-03"),
    ],
)
def test_last_this_next_month_count_from_the_time_the_paragraph_speaks_from(
    text: str, value: str
) -> None:
    # The latest date the paragraph names is the time of the speech, not its earlier years.
    assert dates(text)[-1][1]["when"] == value


def test_a_footnote_of_the_same_month_dates_a_day_of_its_paragraph() -> None:
    # The note cites the document the paragraph tells of, written the next day.
    text = "On 5 May he met Mr Blair.12 More.\n12 Minute Rycroft to McDonald, 6 May 2003."
    note = text.index("Minute")
    ctx = DateContext()
    ctx.set_page_body(text, [(0, note - 3)])
    ctx.set_page_notes([(text.index("12"), note, len(text))])
    found = find_dates(text, 0, note - 3, ctx)
    assert dict(found[0].attrs)["when"] == "2003-05-05"
    assert found[0].basis == "a footnote of that month"
