"""Text already claimed by an entity: the rule that a later recogniser never takes it."""

from __future__ import annotations

from bisect import bisect_left


class Claimed:
    """Disjoint ``[start, end)`` intervals kept sorted, so that asking whether a new one is
    free is one bisection, not a pass over every span of the page.

    >>> claimed = Claimed()
    >>> claimed.claim(10, 20), claimed.claim(15, 25), claimed.claim(20, 25)
    (True, False, True)
    >>> claimed.free(0, 10), claimed.free(19, 21)
    (True, False)
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` overlap nothing claimed?"""
        # The intervals starting before ``end`` are the first ``i``; being disjoint and
        # sorted, their ends rise too, so the last of them is the only one that can reach
        # past ``start``.
        i = bisect_left(self._starts, end)
        return i == 0 or self._ends[i - 1] <= start

    def take(self, start: int, end: int) -> None:
        """Claim ``[start, end)``, which must be :meth:`free`."""
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def claim(self, start: int, end: int) -> bool:
        """Claim ``[start, end)`` if it is free; say whether it was."""
        if not self.free(start, end):
            return False
        self.take(start, end)
        return True
