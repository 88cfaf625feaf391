"""Text search over the index: what a user asks for, turned into a Python regular expression
that decides and an SQL condition that finds the candidate units.

SQLite's ``REGEXP`` calls back into Python for every row it is tried on, so the full-text
(FTS5 trigram) index is asked first, when the index has one, for text every match must
contain; the regex then decides. What ``re.IGNORECASE`` matches beyond ASCII case (``ſ`` for
``s``) is asked for as alternatives, so the full-text index never misses a unit the regex
would match.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from teikit.errors import UsageError


def search_condition(
    pattern: str, *, regex: bool, case_sensitive: bool, fts: bool
) -> tuple[re.Pattern[str], str, list[Any]]:
    """For :meth:`Corpus.search <teikit.Corpus.search>`: the compiled ``pattern`` (text, or a
    Python regex with ``regex``), and the SQL condition on ``u`` (a unit) with its parameters
    that finds the units it may match (``fts``: the index has a full-text table)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        compiled = re.compile(pattern if regex else spaced(pattern), flags)
    except re.error as exc:
        raise UsageError(f"not a regular expression: {pattern!r} ({exc})") from None
    if not pattern:
        raise UsageError("give a word or pattern to search for")
    if regex:
        where, params = "u.text REGEXP ?", [f"{compiled.pattern}\x00{int(flags)}"]
        # The regex is Python's, so SQLite calls back for every row it is tried on; text
        # the pattern must contain narrows the rows to those the full-text index finds.
        required = fts_query(pattern, ignore_case=not case_sensitive) if fts else None
        if required is not None:
            # No REGEXP then: the caller's finditer tries each row once, and a row without a
            # (non-empty) match gives no hit either way.
            where = "u.id IN (SELECT rowid FROM units_fts WHERE units_fts MATCH ?)"
            params = [required]
    else:
        where, params = contains_condition(pattern, fts=fts)
    return compiled, where, params


def hit_spans(
    rows: Iterable[Sequence[Any]],
    compiled: re.Pattern[str],
    page: tuple[int, int],
    *,
    text_column: int,
) -> list[tuple[Sequence[Any], int, int]]:
    """``(row, start, end)`` of each non-empty match of ``compiled`` in the text of ``rows``
    (column ``text_column``), in order; ``page`` = (limit, offset) as SQL takes them (limit
    ``-1``: all). Stops reading rows once the page is full, so a first page costs little.

    The matches are those of ``compiled.finditer``; when every match holds a known stretch
    of text near its start (:func:`anchor`), they are found from that text's occurrences
    (:func:`_anchored_all`), several times faster than ``re`` trying every position.
    """
    stop, skip = page
    found = anchor(compiled)
    spans: list[tuple[Sequence[Any], int, int]] = []
    if stop < 0 and found is not None:
        # A whole answer reads every row anyway: the anchor's occurrences are found in a few
        # hundred texts at a time (a join small enough to stay in the cache), with fewer
        # Python steps per text than one search each.
        remaining = iter(rows)
        while batch := list(itertools.islice(remaining, _BATCH)):
            texts = [row[text_column] for row in batch]
            spans.extend((batch[i], s, e) for i, s, e in _anchored_all(compiled, texts, found))
        return spans[skip:]
    for row in rows:
        for start, end in _matches(compiled, row[text_column], found):
            if skip:
                skip -= 1
                continue
            if len(spans) == stop:
                return spans
            spans.append((row, start, end))
    return spans


#: How many texts :func:`hit_spans` searches at once for a whole answer.
_BATCH = 256


@dataclass(frozen=True, slots=True)
class Anchor:
    """Text every match of a pattern holds, starting at most ``before`` characters after the
    match starts (``ignore_case``: as ``re.IGNORECASE`` compares it; then ``text`` is ASCII
    and ``extras`` are the other characters that flag matches to its letters)."""

    text: str
    before: int
    ignore_case: bool
    extras: str = ""


def anchor(compiled: re.Pattern[str]) -> Anchor | None:
    r"""The longest stretch of text every match of ``compiled`` holds at a bounded distance
    from its start, or ``None`` (the pattern is read conservatively, as for the full-text
    query: groups, classes, alternation and counted repeats give ``None``; so do flags
    other than ``re.IGNORECASE``).

    >>> anchor(re.compile(r"\bBinns\b", re.IGNORECASE))
    Anchor(text='Binns', before=0, ignore_case=True, extras='İıſ')
    >>> anchor(re.compile(r"Gen\.? Sir \w+")).text
    ' Sir '
    """
    flags = compiled.flags & ~re.UNICODE  # str patterns always carry re.UNICODE
    if flags & ~re.IGNORECASE:
        return None
    ignore_case = bool(flags & re.IGNORECASE)
    runs = _runs(compiled.pattern, ignore_case=ignore_case)
    bounded = [(text, before) for text, before in runs or () if before is not None]
    if not bounded:
        return None
    text, before = max(bounded, key=lambda run: len(run[0]))  # the first of the longest
    extras = ""
    if ignore_case:
        extras = "".join(sorted({x for c in text.lower() for x in _IGNORECASE_EXTRA.get(c, "")}))
    return Anchor(text, before, ignore_case, extras)


def _matches(compiled: re.Pattern[str], text: str, found: Anchor | None) -> list[tuple[int, int]]:
    """``(start, end)`` of the non-empty matches of ``compiled.finditer(text)``."""
    if found is not None:
        return [(start, end) for _, start, end in _anchored_all(compiled, [text], found)]
    return [match.span() for match in compiled.finditer(text) if match.end() > match.start()]


def _anchored_all(
    compiled: re.Pattern[str], texts: Sequence[str], found: Anchor
) -> list[tuple[int, int, int]]:
    r"""``(i, start, end)`` of the non-empty matches of ``compiled.finditer(texts[i])``, for
    each ``i`` in order, found from the occurrences of the anchor's text.

    A match starting at ``s`` holds the anchor at some ``q`` with ``s <= q <= s + before``,
    so past the last position tried, the next match can only start in ``[q - before, q]`` of
    the next occurrence ``q``; each of those is tried in order with ``match`` (which sees the
    text before it, as ``finditer`` does, for ``\b`` and lookbehinds), and the first to match
    is the leftmost match. Every match holds the anchor, so none is empty and the next search
    starts at its end. An anchor at the start of every match (``before == 0``, as for
    ``\bBinns\b``) is tried at its one start.

    The texts are joined (a separator between each two) and the occurrences found in the
    join: one counts only when it lies wholly inside one text, and ``match`` runs on that
    text alone, so what the separator or a neighbouring text holds changes nothing. Ignoring
    case, the join is searched as an ASCII copy (each other character a ``?``: positions
    kept) lowered bytewise; a text holding a non-ASCII character ``re.IGNORECASE`` pairs with
    the anchor's letters (``found.extras``) is searched with ``finditer`` instead, so no
    occurrence is missed, and a ``?`` that matches a letter of the anchor only adds a
    position that ``match`` then refuses.
    """
    joined = "\n".join(texts)
    starts = [0, *itertools.accumulate(len(text) + 1 for text in texts)]  # and the end
    special: set[int] = set()  # the texts to search with finditer
    for extra in found.extras:
        at = joined.find(extra)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            special.add(i)
            at = joined.find(extra, starts[i + 1])
    haystack: str | bytes
    needle: str | bytes
    if found.ignore_case:
        haystack = joined.encode("ascii", "replace").lower()
        needle = found.text.lower().encode("ascii")
    else:
        haystack, needle = joined, found.text
    find = haystack.find
    size, before, match = len(needle), found.before, compiled.match
    spans: list[tuple[int, int, int]] = []
    # The text being searched: its number, where it starts and ends in the join, and the
    # first position in it not yet tried (limit -1: none yet).
    i, base, limit, text, tried = 0, 0, -1, "", 0
    q = find(needle)  # type: ignore[arg-type]  # str with str, bytes with bytes
    while q >= 0:
        if q + size > limit:  # past the text searched so far (or across its end)
            while q >= starts[i + 1]:
                i += 1
            base, text = starts[i], texts[i]
            limit, tried = base + len(text), base
            if q + size > limit or i in special:  # across its end, or one for finditer
                q = find(needle, limit + 1)  # type: ignore[arg-type]
                continue
        hit: re.Match[str] | None
        if before:
            for start in range(max(tried, q - before) - base, q - base + 1):
                hit = match(text, start)
                if hit is not None and hit.end() > start:
                    break
            else:
                hit = None
        else:  # a match can only start at the anchor
            start = q - base
            hit = match(text, start)
        if hit is not None and hit.end() > start:
            end = hit.end()
            spans.append((i, start, end))
            tried = base + end
        else:
            tried = q + 1
        q = find(needle, tried)  # type: ignore[arg-type]
    if special:
        for i in special:
            spans.extend(
                (i, m.start(), m.end()) for m in compiled.finditer(texts[i]) if m.end() > m.start()
            )
        spans.sort()
    return spans


def contains_condition(text: str, *, fts: bool) -> tuple[str, list[Any]]:
    """The SQL condition on ``u`` (a unit), with its parameters, for units whose text
    contains ``text``, ignoring case (``fts``: the index has a full-text table)."""
    # A space in what is asked for matches any space on the page (NO-BREAK, THIN, ...),
    # so the full-text index is asked for every word of three characters or more (each
    # with its IGNORECASE spellings), and the regex decides.
    pattern = f"{spaced(text)}\x00{int(re.IGNORECASE)}"
    words = [
        _phrase(word, ignore_case=True)
        for word in text.split()
        if len(word) >= 3 and word.isascii()  # others: their case partners are not known
    ]
    query = " AND ".join(f"({w})" for w in words if w is not None)
    if fts and query:
        return (
            "u.id IN (SELECT rowid FROM units_fts WHERE units_fts MATCH ?) AND u.text REGEXP ?",
            [query, pattern],
        )
    return "u.text REGEXP ?", [pattern]


def spaced(text: str) -> str:
    """A regex for ``text`` in which each run of spaces matches any run of spaces."""
    return r"\s+".join(re.escape(part) for part in text.split()) or re.escape(text)


#: The characters other than its own case that Python's ``re.IGNORECASE`` matches to an ASCII
#: letter (KELVIN SIGN, LONG S, dotted and dotless I); the test suite checks this is all.
_IGNORECASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_ZERO_WIDTH = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("dDsSwW")


def _required_runs(pattern: str, *, ignore_case: bool) -> list[str] | None:
    r"""Stretches of text every match of ``pattern`` contains, read conservatively: ``None`` when
    the pattern has groups, classes, alternation or counted repeats (nothing is assumed then).

    >>> _required_runs(r"\bBinns\b", ignore_case=True)
    ['Binns']
    >>> _required_runs(r"Gen\.? Sir \w+", ignore_case=False)
    ['Gen', ' Sir ']
    """
    runs = _runs(pattern, ignore_case=ignore_case)
    return None if runs is None else [text for text, _ in runs]


def _runs(pattern: str, *, ignore_case: bool) -> list[tuple[str, int | None]] | None:
    r""":func:`_required_runs`, each with the most characters a match can hold before it
    (``None``: no bound, after a ``*`` or ``+``).

    >>> _runs(r"\bGen\.? Sir \w+ Binns", ignore_case=False)
    [('Gen', 0), (' Sir ', 4), (' Binns', None)]
    """
    runs: list[tuple[str, int | None]] = []
    run: list[str] = []
    width: int | None = 0  # the most characters a match holds before the current atom
    run_at: int | None = 0  # ... before the run's first character

    def cut() -> None:
        if run:
            runs.append(("".join(run), run_at))
            run.clear()

    def grow(char: str) -> None:
        nonlocal run_at, width
        if not run:
            run_at = width
        run.append(char)
        width = None if width is None else width + 1

    def skip(atom_width: int) -> None:  # an atom that is not text: the run ends
        nonlocal width
        cut()
        width = None if width is None else width + atom_width

    i = 0
    while i < len(pattern):
        char = pattern[i]
        i += 1
        if char == "\\":
            escaped = pattern[i : i + 1]
            i += 1
            if escaped in _ZERO_WIDTH:
                skip(0)
                continue
            if escaped in _CLASS_ESCAPES:
                skip(1)
                continue
            if not escaped or escaped.isalnum() or not escaped.isascii():
                return None  # \x41, \1, \N{...}: not worth reading
            char = escaped
        elif char in "*?":  # the atom before may be absent (its width stays counted)
            if run:
                run.pop()
            cut()
            if char == "*":
                width = None
            continue
        elif char == "+":  # the atom before is there, what follows may not be next
            cut()
            width = None
            continue
        elif char == ".":
            skip(1)
            continue
        elif char in "^$":
            skip(0)
            continue
        elif char in "()[]{}|":
            return None
        if ignore_case and not char.isascii():
            skip(1)  # its case partners are not known here
            continue
        grow(char)
    cut()
    return runs


def fts_query(pattern: str, *, ignore_case: bool, limit: int = 32) -> str | None:
    r"""A full-text (trigram) query every unit matching the regex ``pattern`` satisfies, or
    ``None`` when no stretch of three characters can be relied on.

    The trigram index folds ASCII case; what ``re.IGNORECASE`` also matches (``ſ`` for ``s``)
    is asked for as alternatives, so the index never misses a unit the regex would match.

    >>> fts_query(r"\bGeneral\b", ignore_case=True)
    '("Gen" AND "era" AND "ral")'
    """
    runs = _required_runs(pattern, ignore_case=ignore_case)
    if not runs:
        return None
    for run in sorted(runs, key=len, reverse=True):
        for size in range(len(run), 2, -1):
            for start in range(len(run) - size + 1):
                query = _phrase(run[start : start + size], ignore_case=ignore_case, limit=limit)
                if query is not None:
                    return query
    return None


def _phrase(text: str, *, ignore_case: bool, limit: int = 32) -> str | None:
    """A full-text query for ``text`` and each spelling ``re.IGNORECASE`` would also match
    (``None`` when there are more than ``limit``)."""
    variants = [""]
    for char in text:
        options = char + (_IGNORECASE_EXTRA.get(char.lower(), "") if ignore_case else "")
        variants = [v + o for v in variants for o in options]
        if len(variants) > limit:
            return None
    return " OR ".join(_trigrams(v) for v in variants)


def _trigrams(text: str) -> str:
    """A query for units holding every trigram of ``text`` (three characters or more).

    The full-text table keeps no positions (``detail=none``), so it cannot be asked for a
    phrase; trigrams that together cover ``text`` (every third one and the last) find every
    unit that holds it, and some that hold them apart, which the regex then drops.

    >>> _trigrams("Binns")
    '("Bin" AND "nns")'
    """
    starts = [*range(0, len(text) - 2, 3), len(text) - 3]
    grams = dict.fromkeys(text[i : i + 3] for i in starts)
    terms = " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)
    return f"({terms})" if len(grams) > 1 else terms


def regexp(pattern: str, text: str | None) -> bool:
    """SQLite's ``REGEXP``: ``pattern`` is a Python regex's source and its flags, joined by a
    NUL (as the conditions above write it), compiled once per pattern."""
    source, _, flags = pattern.rpartition("\x00")
    return text is not None and _compiled(source, int(flags)).search(text) is not None


_PATTERNS: dict[tuple[str, int], re.Pattern[str]] = {}


def _compiled(source: str, flags: int) -> re.Pattern[str]:
    key = (source, flags)
    if key not in _PATTERNS:
        _PATTERNS[key] = re.compile(source, flags)
    return _PATTERNS[key]
