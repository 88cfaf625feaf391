"""Footnote markers: told from ordinary numbers, linked to their notes.

A footnote reference is a number right after a word, a closing quotation mark or punctuation
(usually glued, ``summer.264``, ``2003.35``; sometimes after one space, ``responsible.” 279``)
that matches a footnote at the foot of the same page. Other numbers are text: ``2007``,
``10 years``, ``resolution 1441``, ``HC 264``, ``No.10``, ``Section 6.2``, ``US$19.4bn``.

On a page cut short before its footnotes, a number glued to sentence-final punctuation or a
closing quotation mark is still a marker when it fits the sequence of the page's markers
(they rise one by one in reading order), and so is a number glued to a longer word
(``FRESCO10``) or after a space when it sits inside such a sequence. A marker without its
footnote and a footnote without its marker are kept and reported, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from teikit.errors import Problem
from teikit.model import BODY_KINDS, Block, BlockKind, Marker, PageLayout
from teikit.profile import DEFAULT_PROFILE, LayoutProfile, MarkerMatch
from teikit.read import Page

# A candidate is a number (the profile's marker_number), glued to what precedes it or after
# one space, and followed by a space, the end of the text, or punctuation that ends a clause:
# LayoutProfile.markers (marker_re's matches, found faster), whose gap is the space, if any.
_SENTENCE_END = frozenset(".!?…")
_CLOSING = frozenset("”’\"')]")
_GLUE = frozenset(",;:") | _SENTENCE_END | _CLOSING
# Abbreviations after which a glued number is a reference number, not a marker: No.10, para.12.
_ABBREVIATION_BEFORE = re.compile(
    r"(?:\b(?:No|Nos|no|para|paras|p|pp|Vol|vol|Art|art|Cm|Cmnd|col|cols|fig|Fig|HC|op|Op)\.)$"
)
# The word a glued number ends (searched for between the block's start, or 12 characters
# back, and the number), the digits before a full stop, and a year.
_WORD_END = re.compile(r"[^\W\d_]+$")
_DIGITS_BEFORE_STOP = re.compile(r"(\d+)\.$")
_YEAR = re.compile(r"(?:19|20)\d\d")
# Words after which a spaced number is a quantity or a reference, never a marker.
_UNIT_AFTER = re.compile(
    r"\s*(?:percent|per cent|%|years?|months?|weeks?|days?|hours?|minutes?|staff|troops|"
    r"people|men|members|km|miles?|million|billion|bn|m\b|and\b|to\b|or\b|of\b)"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    number: int
    strong: bool
    """Glued to sentence-final punctuation or a closing quotation mark."""
    glued: bool


def find_markers(
    page: Page,
    layout: PageLayout,
    *,
    profile: LayoutProfile = DEFAULT_PROFILE,
    problems: list[Problem] | None = None,
    taken: Collection[int] = (),
) -> list[Marker]:
    """Find the footnote markers of a page and link them to its footnotes.

    ``profile`` says what a marker's number looks like; whether the page may have lost its
    footnotes (``layout.cut_short``) is what the layout stage read with the same profile.
    ``taken``: the numbers of markers on earlier pages of the same document; without its
    footnote on this page, such a number is not a marker again (a line repeated across a
    stray page break), so note numbers stay unique in a document.

    Sets ``layout.markers`` and returns it; footnotes without a marker and markers without a
    footnote go to ``problems`` (TK203, TK202).
    """
    found: list[Problem] = [] if problems is None else problems
    notes: dict[int, int] = {}
    for index, block in enumerate(layout.blocks):
        if block.kind is BlockKind.FOOTNOTE and block.n is not None:
            notes.setdefault(int(block.n), index)

    candidates = _candidates(page.text, layout.blocks, profile)
    chosen: dict[int, _Candidate] = {}
    # 1. candidates that match a footnote on the page: the first glued one, else the first
    for number in notes:
        matching = [c for c in candidates if c.number == number]
        if matching:
            glued = [c for c in matching if c.glued]
            best = glued[0] if glued else matching[0]
            chosen[best.start] = best
    # 2. where the page may have lost footnotes (cut short, or none at all), markers that fit
    #    the page's sequence
    if layout.cut_short or not notes:
        anchors = sorted(chosen.values(), key=lambda c: c.start)
        free = [c for c in candidates if c.start not in chosen and c.number not in notes]
        numbers = {c.number for c in chosen.values()}.union(taken)
        for candidate in _best_sequence(free, anchors):
            # a number is one footnote: where it recurs (a line repeated), the first is the
            # marker and the others stay text, so note numbers stay unique
            if candidate.number not in numbers:
                chosen[candidate.start] = candidate
                numbers.add(candidate.number)

    markers = [
        Marker(c.start, c.end, str(c.number), notes.get(c.number))
        for c in sorted(chosen.values(), key=lambda c: c.start)
    ]
    for marker in markers:
        if marker.note is None:
            found.append(page.problem("TK202", marker.n, at=marker.start))
    marked = {int(m.n) for m in markers}
    for number, index in notes.items():
        if number not in marked:
            found.append(page.problem("TK203", str(number), at=layout.blocks[index].start))
    layout.markers = markers
    return markers


def _candidates(text: str, blocks: Sequence[Block], profile: LayoutProfile) -> list[_Candidate]:
    found: list[_Candidate] = []
    for block in blocks:
        if block.kind not in BODY_KINDS:
            continue
        floor = block.content_start
        for match in profile.markers(text, floor, block.end):
            candidate = _judge(text, match, floor)
            if candidate is not None:
                found.append(candidate)
    return found


def _judge(text: str, match: MarkerMatch, floor: int) -> _Candidate | None:
    before, gap, start, end = match
    glued = not gap
    number = int(text[start:end])
    if glued:
        if before.isalpha():
            # glued to a word: only a longer word (FRESCO10), never a code (OP12, P5, SIS3)
            word = _WORD_END.search(text, max(floor, start - 12), start)
            if (
                word is None
                or len(word.group()) < 4
                or text[start - len(word.group()) - 1 : start - len(word.group())] == "["
            ):
                return None
            return _Candidate(start, end, number, strong=False, glued=True)
        if before not in _GLUE:
            return None
        if before == ".":
            head = text[max(floor, start - 12) : start]
            if _ABBREVIATION_BEFORE.search(head):
                return None
            digits = _DIGITS_BEFORE_STOP.search(head)
            if digits and not _YEAR.fullmatch(digits.group(1)):
                return None  # a decimal or a section number: 6.2, 19.4
        strong = before in _SENTENCE_END or before in _CLOSING
        return _Candidate(start, end, number, strong=strong, glued=True)
    # after one space: only after a closing quotation mark or sentence-final punctuation
    if before not in _SENTENCE_END and before not in _CLOSING:
        return None
    if _UNIT_AFTER.match(text, end):
        return None
    return _Candidate(start, end, number, strong=False, glued=False)


def _best_sequence(
    candidates: Sequence[_Candidate], anchors: Sequence[_Candidate]
) -> list[_Candidate]:
    """The candidates that form the page's run of markers, rising one by one.

    A longest chain (each number one more than the one before, in reading order) is found by
    dynamic programming, counting anchors (markers already linked to a footnote) as members.
    A chain of one is kept only when it is glued to the end of a sentence or a quotation.
    """
    items = sorted([*candidates, *anchors], key=lambda c: c.start)
    anchor_starts = {a.start for a in anchors}
    if not items:
        return []
    score = [0.0] * len(items)
    back = [-1] * len(items)
    for i, item in enumerate(items):
        own = 3.0 if item.start in anchor_starts else (2.0 if item.strong else 1.0)
        score[i] = own
        for j in range(i):
            if items[i].number - items[j].number in (1, 2) and score[j] + own > score[i]:
                score[i] = score[j] + own
                back[i] = j
    chosen: set[int] = set()
    # take chains greedily, best first, without reusing members
    order = sorted(range(len(items)), key=lambda i: (-score[i], items[i].start))
    for i in order:
        if i in chosen:
            continue
        chain = []
        k = i
        while k >= 0 and k not in chosen:
            chain.append(k)
            k = back[k]
        members = [items[k] for k in chain]
        free = [m for m in members if m.start not in anchor_starts]
        if not free:
            continue
        if len(members) == 1 and not members[0].strong:
            continue
        chosen.update(chain)
    picked = [items[k] for k in sorted(chosen) if items[k].start not in anchor_starts]
    return picked
