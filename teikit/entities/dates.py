"""Dates: calendar expressions found in a block, normalised to ISO 8601.

One regular expression finds *points* (``1 November 2007``, ``November 2007``, ``mid-March``,
``2003``, ``2005/06``, ``9/11``, ``summer 2003``); a second step joins neighbouring points into
ranges (``27 June 2007 to April 2008``, ``between 29 October and 2 November``, ``from 22 to 24
November``) and gives a bare day its month (``17 and 31 October`` is one date, from and to).
Points that are too easily something else need a cue before them: a bare month (``since May``)
or a bare year (``in 2002``, ``(2002)``, ``, 2003``) must follow a preposition or a bracket, so
``resolution 1441``, ``HC 264``, ``10 years`` and ``column 620`` stay text.

A date without a year takes one from :class:`DateContext` (the full ranking, with the ``@cert``
each gives, is in ``docs/encoding.md``): for ``last January``, ``July this year`` and the like,
the latest date the paragraph has named (the time it speaks from); a footnote of the same block
citing that very day; a later date of the same month in the same sentence when no year stands
before the date in it (and the section range agrees); for a document cited by its date (``Ms
Harman’s letter of 18 December``), the date before it on the page, which the document precedes;
the nearest year written earlier in the same paragraph (its quotations and list items included),
unless the section range holds the month but not that year; a footnote of the block dated in
that month; the section's date range in the running head when only one year of it holds that
month; the previous dated mention in the body (footnotes cite documents and hearings of other
years, so they neither feed nor take from it; a date the section range dates alone counts) when
it agrees with the section range (one made on an earlier page only when the range holds its
year, and after a year the page prints; none across pages left out of a run); of a range holding
the month in several years, a year printed on the page inside it, else the first of exactly two,
else none; the year of the section range nearest to the month; and, on a page that gives none of
these (an even page read alone, whose running head names no section), the next year printed in
the body of the same page, else the last one before the date. A year that closes a period
(``until January 2004``) bounds the dates around it instead of setting the time of the
narrative: ``4 June`` in the same paragraph is the June before it, 2003, and the previous dated
mention stays what it was. A year that opens a period (``since 1 May 2003``) looks back from
later on: it sets no year either. Taking a year from a later date assumes the narrative runs
forward, so a month after the later date's month belongs to the year before (``On 25 November``
... ``January 2004`` gives 2003), unless that date opens a period. Such a date is written out in
full and marked ``cert="high|medium|low" evidence="conjecture"``; :attr:`FoundDate.basis` names
the evidence (it goes into the TK302 report). With no year at all, ``@when`` holds month and day
only (``--10-23``, XML Schema ``gMonthDay``, which TEI's ``teidata.temporal.w3c`` accepts), and
TK304 is reported.

Forms beyond the plain ``1 November 2007``: month first (``October 7, 2003``), capitals
(``OCTOBER 2003``), two-digit years after an abbreviated month or opening with 0 (``Jun 04``,
``3‑5 Jun 04``, ``Feb‑Mar 05``), years joined by any dash or by ``to`` (``2001 to 2003`` needs
no cue), ``9/10 April``, ``4 and 5 April`` and ``17 and 31 October`` as one date from the first
day to the last, ``mid‑2004`` (``end‑2003``, with a hyphen, read as ``late``), a bare year in a
statute's title (``Act 1988``) or before a verb in the singular (``2007 has brought``), seasons
with a year. A four-digit number after a day and month that is a time of day (``1930 hours``) is
not a year.

``11 September`` after ``of``, ``since`` or ``post-`` and without a year names the attacks of
2001, as ``9/11`` does (``the perpetrators of 11 September``), unless the section's range
excludes 2001 or it follows someone's document (``Ms Lee’s letter of 11 September``).

A UK financial year ``2005/06`` is the two years it names, 2005 to 2006.
``early``/``mid``/``late`` narrow a month to days 1-10, 11-20, 21-end and a year to months 1-4,
5-8, 9-12, written as ``@notBefore``/``@notAfter``."""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from teikit.entities.alternation import alternation
from teikit.model import MONTH_NAMES, SPACE, SPACES, RunningHead

_GAP = rf"(?:{SPACE}*\n?{SPACE}*)"
_SPACE = rf"(?:{SPACE}+\n?{SPACE}*|\n{SPACE}*)"
# Headings print months in capitals (``OCTOBER 2003``); tables and notes abbreviate them.
# One trie (teikit.entities.alternation): ``re`` tries a branch per next letter, not per name.
_MONTH_ABBREVIATIONS = ("Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct")
_MONTH = (
    alternation(
        (
            *MONTH_NAMES.split("|"),
            *MONTH_NAMES.upper().split("|"),
            *_MONTH_ABBREVIATIONS,
            "Nov",
            "Dec",
        )
    )
    + "(?![A-Za-z])"
)
# A two-digit year, as tables and notes print it after a month (``Jun 04``, ``May 03``).
_SHORT_YEAR = r"(?:0\d|9\d|1[0-6])(?![\d:/.,]\d)(?![\d%])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20[0-4]\d)"
_NUM_BEFORE = r"(?<![\w£$.,/\u2011-])"
# A day may also follow another day and a dash or slash: ``3‑5 Jun 04``, ``9/10 April``.
_DAY_BEFORE = rf"(?:{_NUM_BEFORE}|(?<=\d[-\u2011\u2013/]))"

# The leading lookahead lets ``re`` reject most positions at once (2-3 times faster).
_POINT_PATTERN = rf"""
    (?=[\dJFMASONDE{{lower}}])\b
    (?:{_NUM_BEFORE}(?P<nine>9/11)(?![\d/])(?!{_SPACE}{_MONTH})
    | (?<![A-Za-z])
      (?:(?P<q>[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd(?=[-\u2011]))(?:[-\u2011]\n?|{_SPACE}))?
      (?:
          {_DAY_BEFORE}(?P<d>{_DAY}){_SPACE}(?P<m>{_MONTH})
          (?:{_SPACE}(?:(?P<y>{_YEAR})(?!\d)|(?P<ys>{_SHORT_YEAR})))?
        | (?P<m2>{_MONTH})
          (?:{_SPACE}(?=\d)
            (?:(?P<y2>{_YEAR})(?!\d)
            | (?P<fd>{_DAY}),{_SPACE}(?P<fy>{_YEAR})(?!\d)
            | (?P<ys2>{_SHORT_YEAR})
            | (?P<fd2>{_DAY})(?![\d:/%])))?
        | (?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn)
          (?:{_SPACE}(?:of{_SPACE})?(?P<sy>{_YEAR})(?!\d))?
        | (?:(?<=[a-z][-\u2011])|{_NUM_BEFORE})(?P<yr>{_YEAR})
          (?:(?P<sep>[/\u2011\u2013-])(?P<y3>{_YEAR}|\d\d?))?(?![\d%])
      )
    | {_NUM_BEFORE}(?P<bd>{_DAY})(?={_GAP}(?:to|and|,|\u2013|-|\u2011){_GAP}{_DAY}\b|/{_DAY}\b))
    """
_POINT = re.compile(_POINT_PATTERN.replace("{lower}", "eMmLlSsAa"), re.VERBOSE)
# Only a qualifier or a season opens a date on a small letter. Most blocks hold none of
# them, and there looking only at digits and capitals finds the same dates, a third faster.
_POINT_CAPITALS = re.compile(_POINT_PATTERN.replace("{lower}", "MLSA"), re.VERBOSE)
_SMALL_OPENERS = ("early", "mid", "late", "spring", "summer", "autumn", "end-", "end\u2011")
# What may stand before a bare month or a bare year (the end of the text before it).
_CUE = re.compile(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Ff]rom|to|of|[Dd]uring|[Bb]efore|[Aa]fter"
    r"|[Bb]etween|and|or|end|beginning|[Oo]n|last|next|this|[Tt]hroughout|[Aa]round|[Ff]or"
    r"|year|years|early|mid|late|into|[Tt]hrough)"
    rf"[{SPACES}\n]+[“‘\"]?|[(/\u2013]|, |\b[Pp](?:re|ost)[-\u2011])$"
)
# A year in the title of a statute or a publication (``the Coroners Act 1988``, ``the Defence
# Estimates 1991``): a date, but not one of the narrative (it dates nothing around it).
_TITLE_BEFORE = re.compile(
    r"\b(?:Act|Order|Regulations|Rules|Bill|Estimates|Review|Report|Survey)[ \u00a0]+$"
)
# A date planned, proposed or supposed (``which would mean summer 2004``, ``the proposed Dec 08
# UNSCR``) is not the narrative's time either.
_FUTURE_BEFORE = re.compile(
    r"\b(?:would|will|proposed|planned|intended)(?:[ \u00a0\n]+[a-z]+){0,2}[ \u00a0\n]+\Z"
)
# A bare year that starts a period of years needs no cue: ``Director General 2001 to 2003``.
_YEAR_TO = re.compile(rf"{_SPACE}to{_SPACE}({_YEAR})(?![\d%])")
# A number before a verb in the singular is a year, not a count: ``2007 has brought``.
_YEAR_SUBJECT = re.compile(
    r"[ \u00a0]+(?:has|was|is|seems|seemed|saw|brought|marked|proved|remains|remained)\b"
)
_AFTER_BRACKET = re.compile(r"[)\]]")
_AFTER_COMMA_YEAR = re.compile(r"(?:[.,;:’”)]|\s*$)")
# A bare year followed by a count noun is a number (``2000 troops``), not a year.
_COUNT_NOUN = re.compile(
    r"[ \u00a0]+(?:troops|personnel|people|men|women|staff|soldiers|vehicles|posts|tonnes|km"
    r"|metres|miles|hours|days|weeks|months|years|deaths|casualties|Iraqis|pages|words)\b"
)
_RANGE_JOIN = re.compile(rf"{_GAP}(?:to|until|till|\u2013|-|\u2011){_GAP}\Z")
# Two days joined by ``and`` or a slash name one stretch of days: ``4 and 5 April``, ``9/10 April``.
_DAYS_JOIN = re.compile(rf"(?:{_GAP}and{_GAP}|/)\Z")
# A bare month right before another month, as in ``Feb‑Mar 05``: a date without a cue.
_MONTH_NEXT = re.compile(rf"[-\u2011\u2013/]{_MONTH}")
# A four-digit number after a date that is a time of day (``1 May 1930 hours``), not a year.
_TIME_AFTER = re.compile(
    r"[ \u00a0]*(?:hours|hrs|hr\b|h\b|GMT|BST|UTC|Z\b|local|[ap]m\b|Baghdad time|UK time)"
)
_SHORT_MONTHS = frozenset(("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept"))
_SHORT_MONTHS |= frozenset(("Oct", "Nov", "Dec"))
_AND_JOIN = re.compile(rf"{_GAP}and{_GAP}\Z")
_LIST_JOIN = re.compile(rf"(?:{_GAP}and|,){_GAP}\Z")
_SLASH_JOIN = re.compile(r"/\Z")
_YEAR_DIGITS = re.compile(_YEAR)
_TITLE_YEAR = re.compile(rf"(?<![\d/])\b{_YEAR}\b(?![\d/])")
_FROM_BEFORE = re.compile(rf"\b([Ff]rom|[Bb]etween){_SPACE}\Z")
# A year after these closes a period rather than dating the narrative.
_BOUND_BEFORE = re.compile(rf"\b(?:[Uu]ntil|[Tt]ill|[Bb]efore|[Uu]p{_SPACE}to){_SPACE}\Z")
# A date after these opens a period that runs after it: the text around it is later.
_OPEN_BEFORE = re.compile(rf"(?:\b(?:[Ss]ince|[Aa]fter){_SPACE}|\b[Pp]ost[-\u2011])\Z")
# ``of 11 September`` is the event of 2001; ``On 11 September`` is a day of the narrative.
_EVENT_BEFORE = re.compile(rf"(?:\b(?:of|since|[Ss]ince){_SPACE}|\b[Pp]ost[-\u2011])\Z")
# ``Mr Day’s note of 11 September``: someone's document of that day, not the attacks.
_DOCUMENT_BEFORE = re.compile(rf"[’']s{_SPACE}\w+{_SPACE}of{_SPACE}\Z")
# ``last January``, ``this July``; ``July this year``, ``March next year``.
_RELATIVE_BEFORE = re.compile(rf"\b([Ll]ast|[Tt]his|[Nn]ext){_SPACE}\Z")
_RELATIVE_AFTER = re.compile(rf"{_SPACE}(last|this|next){_SPACE}year\b")
# A document cited by its date, written before the text that cites it.
_CITED_BEFORE = re.compile(
    rf"(?:[’']s{_SPACE}\w+|\b(?:letters?|minutes?|notes?|papers?|reports?|telegrams?"
    rf"|e-?mails?|memos?|submissions?|records?|advice|statements?|messages?|replies|reply"
    rf"|requests?|proposals?|drafts?|assessments?)){_SPACE}(?:(?:dated|of){_SPACE})\Z"
)

MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES.split("|"), start=1)}
MONTHS.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
    | {"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)
# How a month may be spelt in a note (its abbreviation opens every spelling of it).
_SPELLINGS = {
    number: (name[:3], name[:3].upper())
    for number, name in enumerate(MONTH_NAMES.split("|"), start=1)
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
_DAY_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


@dataclass(slots=True)
class _Point:
    """A date expression as found; ``year_explicit`` says the year was printed."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    qual: str | None = None
    season: str | None = None
    year_explicit: bool = False
    bare_day: bool = False
    # A point that is a range by itself (``2005/06``, ``2003-4``): ISO bounds, complete.
    own_range: tuple[str, str] | None = None
    cert: str | None = None
    # ``until January 2004``: the year closes a period (see the module docstring).
    bound: bool = False
    # ``since 1 May 2003``: the date opens a period (see page_years).
    opens: bool = False
    # A printed year that does not date the narrative (``the Coroners Act 1988``, ``which
    # would mean summer 2004``): neither the paragraph's year nor the previous dated mention.
    aside: bool = False
    # ``of 11 September`` read as the attacks of 2001 (undone where the section excludes 2001).
    event: bool = False
    # A bare day that took the month of the date after it (``4`` of ``4 and 5 April``).
    borrowed: bool = False
    # The date of a document cited (``Ms Harman’s letter of 18 December``): see DateContext.
    cites: bool = False
    # ``last January``, ``July this year``: see DateContext.relative_year.
    shift: str | None = None
    basis: str = ""


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date span and its TEI attributes in the fixed order when, from, to, notBefore,
    notAfter, cert, evidence; ``inferred`` / ``yearless`` drive TK302 / TK304."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]
    inferred: bool = False
    yearless: bool = False
    basis: str = ""
    """What an inferred year was taken from (for the TK302 report)."""


#: A page's file, index in the file, printed page number and the number its file's name ends
#: with: enough to tell whether one page follows another.
PagePlace = tuple[str, int, int | None, int | None]


@dataclass(slots=True)
class DateContext:
    """What the dates of earlier text tell later ones; one per run, fed every page in order.

    ``section``/``range_start``/``range_end`` come from the running head (``27 June 2007 to
    April 2008`` -> (2007, 6) .. (2008, 4)); an even page (no section title) keeps its
    neighbour's. ``last_year`` is the year of the previous dated mention in the body,
    ``paragraph_year`` the nearest year printed in the current paragraph, and
    ``paragraph_bound`` the month of that year when it closed a period (0 for a bare year;
    ``None`` when it did not). The years printed in the body of the current page, the last
    resort of :meth:`infer`, are read from the text given to :meth:`set_page_body`, and only
    when a date needs them.
    """

    section: str | None = None
    range_start: tuple[int, int] | None = None
    range_end: tuple[int, int] | None = None
    last_year: int | None = None
    paragraph_year: int | None = None
    paragraph_bound: int | None = None
    _page_body: tuple[str, list[tuple[int, int]]] | None = None
    _page_years: list[tuple[int, int, int | None]] | None = None
    _saved: tuple[int | None, int | None, tuple[int, int] | None] = (None, None, None)
    # The latest (year, month) the current paragraph has named: the time its words (and the
    # letters and speeches it quotes) speak from, which ``last January`` counts back from.
    paragraph_latest: tuple[int, int] | None = None
    # The page's footnotes by the place of their marker: ``(marker, note start, note end)``;
    # the explicit dates of a note are read only when a date of its paragraph needs them.
    _notes: list[tuple[int, int, int]] = field(default_factory=list)
    _note_dates: dict[int, list[tuple[int, int | None, int | None]]] = field(default_factory=dict)
    # The points of a note read for :meth:`_note_year`, by ``(start, end)``, kept for
    # :func:`find_dates` to take when it comes to that footnote: each note is read once.
    _note_points: dict[tuple[int, int], list[_Point]] = field(default_factory=dict)
    _block: tuple[int, int] = (0, 0)
    # A year printed later in the same sentence (and no year before it there): see infer.
    sentence_year: tuple[int, int | None] | None = None
    #: What the last year :meth:`infer` gave was taken from (``the paragraph``, ...).
    basis: str = ""
    # The previous dated mention was made on an earlier page than this one.
    _last_year_carried: bool = False
    #: Where the previous page of the run was (see :func:`teikit.entities.find_entities`).
    page_place: PagePlace | None = None
    # The year and month of the last date of this page's body, printed or inferred: what a
    # document cited after it (``replied to Ms Harman’s letter of 18 December``) precedes.
    last_date: tuple[int, int] | None = None
    # Set by find_dates for the date being resolved: it follows ``letter of``, ``’s note of``.
    looks_back: bool = False

    def begin_page(self, head: RunningHead | None, *, follows: bool = True) -> None:
        """Take the section and its date range from a page's running head. ``follows=False``
        when the page is not the one after the previous page of the run: what the text
        before it said (the previous dated mention, and for a page whose head names no
        section, the section itself) does not reach across the pages left out."""
        self._page_body = self._page_years = self.last_date = None
        self._notes, self._note_dates, self._note_points = [], {}, {}
        self._last_year_carried = True
        if not follows:
            self.last_year = None
            self.begin_paragraph()
            if head is None or head.section is None:
                self.section = self.range_start = self.range_end = None
        if head is None or head.section is None:
            return
        if head.section != self.section:
            self.section = head.section
            self.last_year = None
            self.begin_paragraph()
            self.range_start = self.range_end = None
            if head.title and head.dated:
                self.range_start, self.range_end = section_range(head.title)

    def set_page_body(self, text: str, ranges: list[tuple[int, int]]) -> None:
        """The page's text and the ranges of its body blocks (footnotes left out)."""
        self._page_body, self._page_years = (text, ranges), None

    def set_page_notes(self, notes: list[tuple[int, int, int]]) -> None:
        """The page's footnotes: ``(marker offset, note start, note end)``, by marker."""
        self._notes = sorted(notes)

    def _note_year(self, month: int, day: int | None) -> int | None:
        """The year of a date with this month (and day) in the footnotes whose markers stand
        in the current block: the document the paragraph cites is dated."""
        if not self._notes or self._page_body is None:
            return None
        text = self._page_body[0]
        first, last = self._block
        years: set[int] = set()
        spellings = _SPELLINGS[month]
        at = bisect_left(self._notes, (first, -1, -1))
        for marker, start, end in self._notes[at:]:
            if marker > last:
                break
            found = self._note_dates.get(start)
            if found is None and not any(text.find(w, start, end) != -1 for w in spellings):
                continue  # the note names no date of this month: no need to read its dates
            if found is None:
                points = self._note_points[(start, end)] = list(_points(text, start, end))
                found = self._note_dates[start] = [
                    (p.year, p.month, p.day)
                    for p in points
                    if p.year_explicit and p.year is not None and p.month is not None
                ]
            years.update(year for year, m, d in found if m == month and (day is None or d == day))
        return years.pop() if len(years) == 1 else None

    def take_points(self, text: str, start: int, end: int) -> list[_Point] | None:
        """The points of the note at ``text[start:end]`` if :meth:`_note_year` has read
        them and no one has taken them yet (they are fresh: reading them changed nothing)."""
        if not self._note_points or self._page_body is None or self._page_body[0] is not text:
            return None
        return self._note_points.pop((start, end), None)

    def begin_paragraph(self) -> None:
        """A new paragraph (or heading) starts: years of the last one no longer count."""
        self.paragraph_year = self.paragraph_bound = self.paragraph_latest = None

    def begin_footnote(self) -> None:
        """A footnote's years rule only the footnote: set the paragraph's aside."""
        self._saved = (self.paragraph_year, self.paragraph_bound, self.paragraph_latest)
        self.begin_paragraph()

    def end_footnote(self) -> None:
        """Back in the body: the paragraph's year is again the one before the footnote."""
        self.paragraph_year, self.paragraph_bound, self.paragraph_latest = self._saved

    def candidates(self, month: int) -> list[int]:
        """Years of the section range in which ``month`` falls."""
        if self.range_start is None or self.range_end is None:
            return []
        return [
            year
            for year in range(self.range_start[0], self.range_end[0] + 1)
            if self.range_start <= (year, month) <= self.range_end
        ]

    def admits(self, year: int) -> bool:
        """Whether ``year`` lies in the section's date range (any year when none is known)."""
        if self.range_start is None or self.range_end is None:
            return True
        return self.range_start[0] <= year <= self.range_end[0]

    def nearest(self, month: int) -> int | None:
        """The year of the section range closest to ``month`` (outside the range)."""
        if self.range_start is None or self.range_end is None:
            return None
        first, last = self.range_start, self.range_end
        options = range(first[0] - 1, last[0] + 2)

        def distance(year: int) -> int:
            here = year * 12 + month
            return max(first[0] * 12 + first[1] - here, here - (last[0] * 12 + last[1]), 0)

        return min(options, key=lambda y: (distance(y), y))

    def infer(
        self, month: int, at: int = -1, day: int | None = None
    ) -> tuple[int | None, str | None]:
        """A year for ``month`` (a date at offset ``at`` of the page) and how sure it is
        (``high``/``medium``/``low``); :attr:`basis` then names the evidence. The evidence,
        strongest first: a footnote of the same block citing a document of that very day; a
        later date of the same month in the sentence (when no year stands before it there); the
        nearest year earlier in the paragraph; a footnote of the block dated in that month; then the
        section range, the previous dated mention, and the page (see the module docstring).
        """
        year, cert, self.basis = self._infer(month, at, day)
        return year, cert

    def _infer(self, month: int, at: int, day: int | None) -> tuple[int | None, str | None, str]:
        if day is not None and (cited := self._note_year(month, day)) is not None:
            return cited, "high", "a footnote citing that day"
        if self.sentence_year is not None:
            # ``On 9 December, ... a paper on handling Iraq in 2005``: a later year of the
            # sentence may be what it talks about; the section range, when it admits
            # the month at all, must agree.
            year = _before(self.sentence_year[0], self.sentence_year[1], month)
            allowed = self.candidates(month)
            if not allowed or year in allowed:
                return year, "high", "a later date of the sentence"
        if self.looks_back and self.last_date is not None:
            # A document cited after a date was written before it: ``On 13 February, he
            # replied to Ms Harman’s letter of 18 December`` is December of the year before.
            year = _before(*self.last_date, month)
            allowed = self.candidates(month)
            if not allowed or year in allowed:
                return year, "medium", "the date before it, which a cited document precedes"
        if self.paragraph_year is not None:
            # ``UNSCOM's report of 1999 ... on 7 March`` in a section of March 2003: a
            # year of the paragraph outside the section's range, when the range holds the
            # month, is one the paragraph looks back to.
            year = _before(self.paragraph_year, self.paragraph_bound, month)
            allowed = self.candidates(month)
            if not allowed or year in allowed:
                return year, "high", "the paragraph"
        if (cited := self._note_year(month, None)) is not None and (
            not (allowed := self.candidates(month)) or cited in allowed
        ):
            # The paragraph's footnotes cite the documents it tells of: one year of the
            # month among them dates a day of it too (``On 5 May``, note: ``6 May 2003``).
            return cited, "medium", "a footnote of that month"
        candidates = self.candidates(month)
        if len(candidates) == 1:
            return candidates[0], "high", "the section's date range"
        # A previous dated mention made on an earlier page counts only when the section's
        # range confirms it, and a year this page prints in its body comes first.
        carried = self._last_year_carried
        if self.last_year is not None and carried:
            on_page = self._from_page(month, at)
            if on_page is not None and (not candidates or on_page in candidates):
                return on_page, "low", "a year on the page"
        if (
            self.last_year is not None
            and (self.last_year in candidates or not (candidates or carried))
            and (self.range_start is None or candidates)
        ):
            return self.last_year, "medium", "the previous dated mention"
        if candidates:
            # Several years of the section hold the month and nothing else tells which: a
            # year printed on the page inside the range; else, of two, the first (the
            # section's narrative starts there); of more, none (a wrong year is worse).
            on_page = self._from_page(month, at)
            if on_page in candidates:
                return on_page, "low", "a year on the page, in the section's range"
            if len(candidates) == 2:
                return candidates[0], "low", "the first year of the section's range"
            return None, None, ""
        nearest = self.nearest(month)
        if nearest is not None:
            return nearest, "low", "the nearest year of the section's range"
        if self.last_year is not None and not carried:
            return self.last_year, "medium", "the previous dated mention"
        return self._from_page(month, at), "low", "a year on the page"

    def _from_page(self, month: int, at: int) -> int | None:
        """The next year printed in the page's body after ``at``, else the last before it,
        moved back a year when ``month`` comes after that date's month."""
        if self._page_years is None:
            self._page_years = page_years(*self._page_body) if self._page_body else []
        if not self._page_years:
            return None
        later = [entry for entry in self._page_years if entry[0] > at]
        if later:
            # The narrative runs forward: the date comes at or before the later one.
            return _before(later[0][1], later[0][2], month)
        # Only a year that closes a period leaves no previous dated mention behind it.
        return _before(self._page_years[-1][1], self._page_years[-1][2], month)

    def saw_date(self, year: int, month: int) -> None:
        """A date of the body with a year, printed or inferred (see :attr:`last_date`)."""
        self.last_date = (year, month)
        if self.paragraph_latest is None or self.paragraph_latest < self.last_date:
            self.paragraph_latest = self.last_date

    def relative_year(self, month: int, shift: str) -> int | None:
        """The year of ``last``/``this``/``next`` ``month`` (``shift``), or of ``month`` ``last
        year``/``this year``/``next year`` (``-year``, ``=year``, ``+year``), counted from
        the latest date the paragraph has named (else the last date of the page)."""
        anchor = self.paragraph_latest or self.last_date
        if anchor is None:
            return None
        year, now = anchor
        if shift == "last":
            return year if month < now else year - 1
        if shift == "next":
            return year if month > now else year + 1
        return year + {"-year": -1, "+year": 1}.get(shift, 0)

    def saw_year(self, year: int, *, body: bool, bound: int | None = None) -> None:
        """A year printed in the text: it rules the rest of its paragraph (and, in the body,
        becomes the previous dated mention). ``bound`` (a month, 0 for none) marks a year
        that closes a period: it only bounds the paragraph's other dates."""
        self.paragraph_year, self.paragraph_bound = year, bound
        if body and bound is None:
            self.last_year, self._last_year_carried = year, False


def _before(year: int, bound: int | None, month: int) -> int:
    """The year of ``month`` when it falls at or before ``bound`` of ``year``."""
    return year - 1 if bound is not None and month > bound else year


def page_years(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int, int | None]]:
    """``(offset, year, bound)`` of every year printed in the body ``ranges`` of a page, in
    page order. ``bound`` is the month a date must not pass to take that year: the date's own
    month (``None`` for a bare year, which any month may take), or ``0`` for a bare year that
    closes a period (``until 2004``)."""
    found: list[tuple[int, int, int | None]] = []
    for start, end in ranges:
        if _YEAR_DIGITS.search(text, start, end) is None and "9/11" not in text[start:end]:
            continue  # most blocks print no year: skip the full date pattern
        found.extend(
            (point.start, point.year, _page_bound(point))
            for point in _points(text, start, end)
            if point.year_explicit and point.year is not None and not point.aside
        )
    return found


def _page_bound(point: _Point) -> int | None:
    """The month a date before ``point`` on the page must not pass to take its year: see
    :func:`page_years`. A date that opens a period (``since 1 May 2003``) looks back to its
    start from later in the narrative, so any month takes its year as it is."""
    if point.bound:
        return point.month or 0
    if point.opens:
        return None
    return point.month


def section_range(title: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """``27 June 2007 to April 2008`` -> ((2007, 6), (2008, 4)); ``January to March 2003``
    -> ((2003, 1), (2003, 3)); a title without dates -> (None, None).

    >>> section_range("9/11 to early January 2002")
    ((2001, 9), (2002, 1))
    """
    points = [p for p in _points(title, 0, len(title)) if not p.bare_day]
    # A title's bare year needs no cue (``UK Iraq strategy 1990 to 2000``).
    points += [
        _Point(m.start(), m.end(), int(m.group()), year_explicit=True)
        for m in _TITLE_YEAR.finditer(title)
        if not any(p.start <= m.start() < p.end for p in points)
    ]
    points.sort(key=lambda p: p.start)
    dated = [p for p in points if p.year is not None or p.own_range is not None]
    if not dated:
        return None, None
    last_year = dated[-1].year or int(dated[-1].own_range[1][:4])  # type: ignore[index]
    first, last = points[0], points[-1]
    first_year = first.year if first.year is not None else last_year
    if first.year is None and first.month and last.month and first.month > last.month:
        first_year -= 1
    last_year_end = last.year if last.year is not None else last_year
    return (first_year, first.month or 1), (last_year_end, last.month or 12)


def _points(text: str, start: int, end: int) -> Iterator[_Point]:
    """Date points in ``text[start:end]``, with the cue checks applied, the years that close
    a period marked ``bound``, and ``of 11 September`` given its year."""
    for point in _raw_points(text, start, end):
        if point.year is None:
            if (
                (point.day, point.month) == (11, 9)
                and _EVENT_BEFORE.search(text, max(start, point.start - 8), point.start)
                and not _DOCUMENT_BEFORE.search(text, max(start, point.start - 40), point.start)
            ):
                point.year, point.year_explicit, point.event = 2001, True, True
        elif point.year_explicit and _BOUND_BEFORE.search(
            text, max(start, point.start - 12), point.start
        ):
            point.bound = True
        elif point.year_explicit and _OPEN_BEFORE.search(
            text, max(start, point.start - 8), point.start
        ):
            point.opens = True
        elif point.year_explicit and _future(text, max(start, point.start - 40), point.start):
            point.aside = True
        yield point


def _future(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with a word of a date planned or supposed."""
    window = text[start:end]
    # Substring tests first: most dates have none of the words before them.
    hint = "wil" in window or "oul" in window or "pos" in window or "nne" in window
    if not (hint or "intend" in window):
        return False
    return _FUTURE_BEFORE.search(window) is not None


def _mark_resolution_cues(text: str, start: int, end: int, point: _Point) -> None:
    """For a date without a year: does it cite a document (``Ms Harman’s letter of 18
    December``), or say ``last January``/``July this year``? Read only for the dates
    :func:`find_dates` resolves, not for the years the context reads from a page."""
    at = point.start
    if (
        text.find("of", max(start, at - 4), at) != -1
        or text.find("dated", max(start, at - 7), at) != -1
    ) and _CITED_BEFORE.search(text, max(start, at - 40), at):
        point.cites = True
    elif point.day is None:
        point.shift = _shift(text, start, end, point)


def _shift(text: str, start: int, end: int, point: _Point) -> str | None:
    """``last``/``this``/``next`` before a month, or ``-year``/``=year``/``+year`` for
    ``last year``/``this year``/``next year`` after it; ``None`` without either."""
    before = _RELATIVE_BEFORE.search(text, max(start, point.start - 6), point.start)
    if before is not None:
        return before.group(1).lower()
    after = _RELATIVE_AFTER.match(text, point.end, end)
    if after is not None:
        return {"last": "-year", "this": "=year", "next": "+year"}[after.group(1)]
    return None


def _raw_points(text: str, start: int, end: int) -> Iterator[_Point]:
    pattern = _POINT_CAPITALS
    for word in _SMALL_OPENERS:
        if text.find(word, start, end) != -1:
            pattern = _POINT
            break
    for match in pattern.finditer(text, start, end):
        groups = match  # indexing by name: no dict of every group per match
        s, e = match.span()
        qual = (groups["q"] or "").lower() or None
        if qual == "end":
            qual = "late"  # ``end‑March``, ``end‑2003`` (with a hyphen only)
        if groups["nine"]:
            yield _Point(s, e, 2001, 9, 11, year_explicit=True)
        elif groups["d"]:
            year, e = _year_after(text, match, "m", "y", "ys")
            yield _Point(
                s,
                e,
                year,
                MONTHS[groups["m"].lower()],
                _day(groups["d"]),
                qual,
                year_explicit=year is not None,
            )
        elif groups["m2"]:
            month = MONTHS[groups["m2"].lower()]
            day = None
            if (
                groups["fd"]
                or groups["fd2"]
                or (groups["ys2"] and _is_day(groups["m2"], groups["ys2"]))
            ):
                # Month first: ``October 7``, ``September 11, 2001``.
                day = _day(groups["fd"] or groups["fd2"] or groups["ys2"])
                year = int(groups["fy"]) if groups["fy"] else None
            elif groups["ys2"]:
                year, e = _short_year(groups["ys2"]), e
            else:
                year = int(groups["y2"]) if groups["y2"] else None
            if (
                year is None
                and day is None
                and qual is None
                and not _CUE.search(text, max(start, s - 16), s)
                and not _MONTH_NEXT.match(text, e, end)
            ):
                continue
            yield _Point(s, e, year, month, day, qual, year_explicit=year is not None)
        elif groups["season"]:
            year = int(groups["sy"]) if groups["sy"] else None
            if year is None:
                continue  # ``the summer`` alone is no calendar unit (ANNOTATION.md)
            yield _Point(s, e, year, None, None, qual, groups["season"].lower(), year is not None)
        elif groups["yr"]:
            point = _year_point(text, start, end, match, qual)
            if point is not None:
                yield point
        else:
            yield _Point(s, e, day=_day(groups["bd"]), bare_day=True)


def _year_point(
    text: str, start: int, end: int, match: re.Match[str], qual: str | None
) -> _Point | None:
    s, e = match.span()
    year = int(match["yr"])
    y_start = match.start("yr")
    if match["y3"]:
        second = match["y3"]
        later = int(second) if len(second) == 4 else year - year % 10 ** len(second) + int(second)
        if len(second) < 4 and later <= year:
            later += 10 ** len(second)
        if match["sep"] == "/" and later == year + 1:
            # A UK financial year (``2005/06``) runs from April to March, but the calendar
            # units it names are its two years: ANNOTATION.md values a date by the unit named.
            return _Point(s, e, year, year_explicit=True, own_range=(str(year), str(later)))
        if match["sep"] == "/" or later <= year or later - year > 20:
            return None
        # Two years joined by a dash are a period whatever stands before them (``the
        # 2002‑2003 budget``), unless a count follows (``2000-3000 troops``).
        if _COUNT_NOUN.match(text, e, end):
            return None
        return _Point(s, e, later, year_explicit=True, own_range=(str(year), str(later)))
    if qual is None:
        before = text[max(start, y_start - 16) : y_start]
        if not _CUE.search(before):
            if _TITLE_BEFORE.search(before):
                return _Point(s, e, year, year_explicit=True, aside=True)
            return _uncued_year(text, end, match, year)
        if before.endswith("(") and not _AFTER_BRACKET.match(text, e):
            return None
        if before.endswith(", ") and not _AFTER_COMMA_YEAR.match(text, e, end):
            return None
        if _COUNT_NOUN.match(text, e, end):
            return None
    return _Point(s, e, year, qual=qual, year_explicit=True)


def _uncued_year(text: str, end: int, match: re.Match[str], year: int) -> _Point | None:
    """A bare year without a cue before it: a year only when what follows says so (``2001 to
    2003``, ``2007 has brought``)."""
    e = match.end()
    period = _YEAR_TO.match(text, e, end)
    if period is not None and 0 < int(period.group(1)) - year <= 20:
        if _COUNT_NOUN.match(text, period.end(), end):
            return None
    elif not _YEAR_SUBJECT.match(text, e, end):
        return None
    return _Point(match.start(), e, year, year_explicit=True)


def _day(raw: str) -> int:
    return int(raw.rstrip("stndrh"))


def _short_year(raw: str) -> int:
    """``04`` -> 2004, ``98`` -> 1998."""
    return int(raw) + (2000 if int(raw) < 50 else 1900)


def _is_day(month: str, digits: str) -> bool:
    """Right after a month, ``10`` is a day (``June 10``, ``Sept 11``); ``04`` and ``98``
    are years, as tables print them (``Jun 04``)."""
    return not digits.startswith("0") and int(digits) <= 31


def _year_after(
    text: str, match: re.Match[str], month: str, long: str, short: str
) -> tuple[int | None, int]:
    """The year printed after a day and month, and where the date ends. A two-digit year
    only after an abbreviated month (``3 Jun 04``) or when it opens with 0 (``3 May 03``); a
    four-digit number that is a time of day (``1930 hours``) is no year, nor one after the
    report's time that reads as a time."""
    end = match.end()
    if match[short]:
        if match[month] in _SHORT_MONTHS or match[short].startswith("0"):
            return _short_year(match[short]), end
        return None, match.end(month)
    if not match[long]:
        return None, end
    year = int(match[long])
    hours, minutes = divmod(year, 100)
    if hours < 24 and minutes < 60 and (year > 2016 or _TIME_AFTER.match(text, end)):
        return None, match.end(month)
    return year, end


def find_dates(
    text: str, start: int, end: int, context: DateContext, *, body: bool = True
) -> list[FoundDate]:
    """The dates in ``text[start:end]`` (one block), reading and updating ``context``.

    ``body=False`` for footnotes: their years rule only the footnote itself.

    >>> ctx = DateContext(range_start=(2007, 6), range_end=(2008, 4))
    >>> [d.attrs for d in find_dates("as we saw on 23 October.", 0, 24, ctx)]
    [(('when', '2007-10-23'), ('cert', 'high'), ('evidence', 'conjecture'))]
    """
    points = None if body else context.take_points(text, start, end)
    if points is None:
        points = list(_points(text, start, end))
    if not points:
        return []  # most blocks: nothing to resolve, nothing the context must learn
    for point in points:
        if point.event and not context.admits(2001):
            # ``the note of 11 September`` in a section of 2007: a day of the section.
            point.year, point.year_explicit, point.event = None, False, False
        if point.year is None and point.month is not None:
            _mark_resolution_cues(text, start, end, point)
    # A bare day takes the month of the date it is listed with: ``17 and 31 October``.
    for i in range(len(points) - 2, -1, -1):
        left, right = points[i], points[i + 1]
        # The words between must be only the join (``and``, ``,``, ``to``): hence match.
        if (
            left.bare_day
            and right.month is not None
            and right.day is not None
            and (
                _LIST_JOIN.match(text, left.end, right.start)
                or _RANGE_JOIN.match(text, left.end, right.start)
                or _DAYS_JOIN.match(text, left.end, right.start)
            )
        ):
            left.month, left.year, left.year_explicit = right.month, right.year, False
            left.bare_day = False
            left.qual = None
            left.borrowed = True
    found: list[FoundDate] = []
    context._block = (start, end)
    later = _sentence_years(text, start, end, points)
    i = 0
    while i < len(points):
        point = points[i]
        context.sentence_year = later.get(i)
        nxt = points[i + 1] if i + 1 < len(points) else None
        if point.bare_day:
            i += 1
            continue
        last = _days_listed(text, points, i) if point.borrowed else i
        if last > i:
            # ``4 and 5 April``, ``17 and 31 October``, ``5, 6 and 7 May``: the days of one
            # expression are one date, from the first to the last (ANNOTATION.md).
            found.append(_range(text, start, point, points[last], context, body))
            i = last + 1
            continue
        if nxt is not None and not nxt.bare_day and _joins(text, point, nxt):
            found.append(_range(text, start, point, nxt, context, body))
            i += 2
            continue
        found.append(_single(point, context, body))
        i += 1
    context.sentence_year = None
    return found


# Where a sentence ends: ``.``, ``?`` or ``!`` (a closing quotation mark and a footnote
# marker may follow) before a space and a capital or an opening quotation mark.
_SENTENCE_END = re.compile(r"[.?!][’”\"]?\d{0,3}\s+(?=[“‘\"(]?[A-Z])")


def _sentence_years(
    text: str, start: int, end: int, points: list[_Point]
) -> dict[int, tuple[int, int | None]]:
    """For each point without a year that has no printed year before it in its sentence,
    the first year printed after it in the same sentence (and that date's month, which a
    later month may not pass): the year the sentence is about."""
    explicit = [p.year_explicit and p.year is not None and not (p.bound or p.aside) for p in points]
    if not any(explicit) or all(explicit):
        return {}
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    ends.append(end)
    later: dict[int, tuple[int, int | None]] = {}
    sentence = 0
    seen_year = False
    for i, point in enumerate(points):
        while point.start >= ends[sentence]:
            sentence += 1
            seen_year = False
        if explicit[i]:
            seen_year = True
            continue
        if seen_year or point.year is not None:
            continue
        for j in range(i + 1, len(points)):
            other = points[j]
            if other.start >= ends[sentence]:
                break
            if explicit[j] and other.year is not None and other.month == point.month:
                # Only a later date of the same month (``On 5 May, in a letter of 7 May
                # 2003``): a later year of another month is as often what the sentence
                # looks back to (``UNSCOM's report of 1999``).
                later[i] = (other.year, other.month)
                break
    return later


def _days_listed(text: str, points: list[_Point], first: int) -> int:
    """The index of the date that ends the list of days opened by the borrowed day at
    ``first`` (``5, 6 and 7 May`` ends at ``7 May``), or ``first`` when the days are not
    one expression (the list must close with ``and`` or a slash before the day that prints
    the month)."""
    at = first
    while at + 1 < len(points) and points[at].borrowed:
        left, right = points[at], points[at + 1]
        if _DAYS_JOIN.match(text, left.end, right.start):
            if right.borrowed:
                return first  # ``4 and 5 and 6 April``: not a form the report uses
            return at + 1
        if not (right.borrowed and text.startswith(",", left.end)):
            return first
        if not _LIST_JOIN.match(text, left.end, right.start):
            return first
        at += 1
    return first


def _joins(text: str, left: _Point, right: _Point) -> bool:
    if left.own_range or right.own_range:
        return False
    between = text[left.end : right.start]
    if _RANGE_JOIN.match(between) or (
        left.month and right.month and left.day is None and _SLASH_JOIN.match(between)
    ):
        return True
    opener = _FROM_BEFORE.search(text, max(0, left.start - 10), left.start)
    return bool(opener and opener.group(1).lower() == "between" and _AND_JOIN.match(between))


def _resolve_year(point: _Point, context: DateContext, body: bool) -> bool:
    """Give ``point`` a year from context; ``True`` when one was inferred."""
    month = point.month or (_SEASONS[point.season][0] if point.season else None)
    if point.year is not None or month is None:
        return False
    if point.shift is not None:
        relative = context.relative_year(month, point.shift)
        if relative is not None:
            point.year, point.cert = relative, "medium"
            point.basis = "the time the paragraph speaks from"
            return True
    context.looks_back = point.cites
    year, cert = context.infer(month, point.start, point.day)
    context.looks_back = False
    point.year, point.cert, point.basis = year, cert, context.basis
    if year is not None and body and context.basis in _SURE_BASES:
        # A year the section's range allows alone (``22 January`` in a section of March 2003
        # to June 2004) is as good as printed: the next dated mention may lean on it.
        context.last_year, context._last_year_carried = year, False
    return year is not None


# Evidence that leaves no doubt about the year (see DateContext.infer).
_SURE_BASES = frozenset(("the section's date range", "a footnote citing that day"))


def _single(point: _Point, context: DateContext, body: bool) -> FoundDate:
    if point.own_range is not None:
        context.saw_year(point.year or 0, body=body, bound=_bound(point))
        return FoundDate(
            point.start, point.end, (("from", point.own_range[0]), ("to", point.own_range[1]))
        )
    inferred = _resolve_year(point, context, body)
    if point.year_explicit and point.year is not None and not (point.opens or point.aside):
        # ``since 1 May 2003`` looks back to where a period began: not the narrative's time.
        context.saw_year(point.year, body=body, bound=_bound(point))
    if body and point.year is not None and point.month is not None:
        context.saw_date(point.year, point.month)
    low, high = _bounds(point)
    attrs: list[tuple[str, str]]
    attrs = [("when", low)] if low == high else [("notBefore", low), ("notAfter", high)]
    if inferred and point.cert:
        attrs += [("cert", point.cert), ("evidence", "conjecture")]
    return FoundDate(
        point.start, point.end, tuple(attrs), inferred, point.year is None, point.basis
    )


def _range(
    text: str, start: int, left: _Point, right: _Point, context: DateContext, body: bool
) -> FoundDate:
    span_start = left.start
    opener = _FROM_BEFORE.search(text, max(start, left.start - 10), left.start)
    if opener is not None:
        span_start = opener.start()
    if left.month is None and right.month is not None and left.year is None:
        left.month = right.month
    inferred = False
    if left.year is None and right.year is not None:
        left.year = right.year - (1 if (left.month or 0) > (right.month or 12) else 0)
    elif right.year is None and left.year is not None:
        right.year = left.year + (1 if (right.month or 12) < (left.month or 0) else 0)
    elif right.year is None:  # and so is left.year (the branch above)
        # The test leaves left.year unnamed: mypy would keep it narrowed to None past
        # _resolve_year, which sets it, and so take the next lines for unreachable (unchecked).
        inferred = _resolve_year(left, context, body)
        if left.year is not None:
            right.year = left.year + (1 if (right.month or 12) < (left.month or 0) else 0)
    for point in (left, right):
        if point.year_explicit and point.year is not None and not point.aside:
            context.saw_year(point.year, body=body, bound=_bound(point) if point is left else None)
    if body and right.year is not None and right.month is not None:
        context.saw_date(right.year, right.month)
    attrs = [("from", _bounds(left)[0]), ("to", _bounds(right)[1])]
    if inferred and left.cert:
        attrs += [("cert", left.cert), ("evidence", "conjecture")]
    return FoundDate(span_start, right.end, tuple(attrs), inferred, left.year is None, left.basis)


def _bound(point: _Point) -> int | None:
    """The month a period closes at (0 for a bare year), or ``None`` when it does not."""
    return (point.month or 0) if point.bound else None


def _bounds(point: _Point) -> tuple[str, str]:
    """The first and last ISO value a point covers (equal when it is exact)."""
    return _iso_bounds(point.year, point.month, point.day, point.qual, point.season)


# A pure function of five small values, and a report names the same days again and again.
@functools.lru_cache(maxsize=4096)
def _iso_bounds(
    year_value: int | None,
    month_value: int | None,
    day: int | None,
    qual: str | None,
    season: str | None,
) -> tuple[str, str]:
    """:func:`_bounds` of a point with these fields."""
    year = f"{year_value:04d}" if year_value is not None else "-"
    if season is not None:
        first, last = _SEASONS[season]
        if qual == "early":
            last = first + 1
        elif qual == "late":
            first = last - 1
        elif qual == "mid":
            first = last = first + 1
        return f"{year}-{first:02d}", f"{year}-{last:02d}"
    if month_value is None:
        if qual is None:
            return year, year
        first, last = _YEAR_PARTS[qual]
        return f"{year}-{first:02d}", f"{year}-{last:02d}"
    month = f"{year}-{month_value:02d}"
    if day is not None:
        return f"{month}-{day:02d}", f"{month}-{day:02d}"
    if qual is None:
        return month, month
    first, last = _DAY_PARTS[qual]
    if qual == "late":
        last = calendar.monthrange(year_value or 2001, month_value)[1]
    return f"{month}-{first:02d}", f"{month}-{last:02d}"
