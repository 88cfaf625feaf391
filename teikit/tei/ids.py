"""Deterministic ``xml:id`` values: the same input always gets the same ids."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class IdMaker:
    """Hands out ids unique within one document, in a stable order.

    >>> ids = IdMaker()
    >>> ids.note("264"), ids.note("264")
    ('note-264', 'note-264-2')
    """

    def __init__(self) -> None:
        self._used: dict[str, int] = {}

    def note(self, n: str) -> str:
        """The id of footnote ``n``: ``note-264``, with a suffix if ``n`` repeats."""
        return self._unique("note-" + (_UNSAFE.sub("-", n).strip("-") or "x"))

    def _unique(self, base: str) -> str:
        count = self._used.get(base, 0) + 1
        self._used[base] = count
        return base if count == 1 else f"{base}-{count}"
