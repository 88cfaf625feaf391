"""Text search over the index: what a user asks for, turned into a Python regular expression
that decides and an SQL condition that finds the candidate units.

SQLite's ``REGEXP`` calls back into Python for every row it is tried on, so the full-text
(FTS5 trigram) index is asked first, when the index has one, for text every match must
contain; the regex then decides. What ``re.IGNORECASE`` matches beyond ASCII case (``ſ`` for
``s``) is asked for as alternatives, so the full-text index never misses a unit the regex
would match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
    ``-1``: all). Stops reading rows once the page is full, so a first page costs little."""
    stop, skip = page
    spans: list[tuple[Sequence[Any], int, int]] = []
    for row in rows:
        for match in compiled.finditer(row[text_column]):
            start, end = match.span()
            if end == start:
                continue
            if skip:
                skip -= 1
                continue
            if len(spans) == stop:
                return spans
            spans.append((row, start, end))
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
    runs: list[str] = []
    run: list[str] = []

    def cut() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    i = 0
    while i < len(pattern):
        char = pattern[i]
        i += 1
        if char == "\\":
            escaped = pattern[i : i + 1]
            i += 1
            if escaped in _ZERO_WIDTH or escaped in _CLASS_ESCAPES:
                cut()
                continue
            if not escaped or escaped.isalnum() or not escaped.isascii():
                return None  # \x41, \1, \N{...}: not worth reading
            char = escaped
        elif char in "*?":  # the atom before may be absent
            if run:
                run.pop()
            cut()
            continue
        elif char in ".^$+":  # "+": the atom before is there, what follows may not be next
            cut()
            continue
        elif char in "()[]{}|":
            return None
        if ignore_case and not char.isascii():
            cut()  # its case partners are not known here
            continue
        run.append(char)
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
