"""One regular expression for a closed list of names, shaped as a trie.

``re`` tries the branches of ``A|B|C`` one after another at every position, so a list of a
hundred titles costs a hundred comparisons wherever a capital letter stands. Factored by
common prefix (``L(?:ieutenant(?:[ ]+C(?:olonel|ommander)|…)?|t(?:…)?|…)``) the same list
costs a few: one branch per distinct next character.

The trie matches what the flat alternation sorted longest first matches, in the same order of
preference: at each node the longer continuations are tried before stopping there, so the
longest name that fits is taken first and shorter ones only on backtracking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_END = ""  # the key marking "a name ends here" (no unit is empty)
_Node = dict[str, "_Node"]


def alternation(
    names: Iterable[str], unit: Callable[[str], str] = re.escape, *, after_first: str = ""
) -> str:
    """A non-capturing regex matching exactly ``names``, longest first.

    Names are words joined by single spaces or hyphens, as the closed lists hold them; a name
    that opens with a space or holds two in a row may match differently from the flat list
    when ``unit`` makes a space repeat (``[ ]+``).

    ``unit`` turns one character into its pattern (``re.escape`` by default; e.g. a space into
    ``[ \\u00a0]+``). ``after_first`` is put after the first character of every name: a
    lookbehind there (``(?<![\\w-].)``, the character before the name) leaves the pattern
    opening on plain characters, which ``re`` looks for with a fast scan instead of running
    the whole pattern at every position (twice as fast as a leading lookahead). No names give
    a pattern that never matches.

    >>> alternation(["Gen", "General", "Col"])
    '(?:Col|Gen(?:eral)?)'
    >>> re.fullmatch(alternation(["Gen", "General"]), "General") is not None
    True
    """
    branches = alternatives(names, unit, after_first=after_first)
    return "(?:" + "|".join(branches) + ")" if branches else "(?!)"


def alternatives(
    names: Iterable[str], unit: Callable[[str], str] = re.escape, *, after_first: str = ""
) -> list[str]:
    """The branches of :func:`alternation`, one per first character, to join with ``|``
    (with other branches of one's own: ``re`` scans fast only for a group whose every branch
    opens on a plain character)."""
    trie: _Node = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(unit(char), {})
        node[_END] = {}
    return _branches(trie, after_first)


def _branches(node: _Node, after: str = "") -> list[str]:
    # At most one branch fits at a given place: the units of a node differ from each other.
    return [piece + after + _emit(node[piece]) for piece in sorted(node) if piece != _END]


def _emit(node: _Node) -> str:
    """What may follow ``node``; optional (greedy, so longer first) when a name ends there."""
    branches = _branches(node)
    body = "|".join(branches)
    if _END in node:
        if not branches:
            return ""
        if len(branches) == 1 and _single(branches[0]):
            return f"{body}?"
        return f"(?:{body})?"
    if len(branches) == 1:
        return body
    return f"(?:{body})"


def _single(piece: str) -> bool:
    """Can ``piece`` take a ``?`` as it is (one escaped character or one class)?"""
    return bool(re.fullmatch(r"\\?.|\[[^\]]*\]", piece, re.DOTALL))
