"""The entity rules' word lists, kept as data files in the package (``words/*.txt``).

Each file holds one item a line, in the order the rules read them; ``#`` starts a comment (to
the end of the line) and blank lines are skipped, so a list can say why each group of words
is there. An item may hold spaces (``Maj Gen``) and any character but ``#``. A file is read
the first time a rule asks for it, once per process: importing teikit reads none.

>>> "Maj Gen" in word_list("titles")
True
"""

from __future__ import annotations

import functools
from importlib import resources

# The folder of the lists, inside this package (``pyproject.toml`` ships it as package data).
_FOLDER = "words"


@functools.cache
def word_list(name: str) -> tuple[str, ...]:
    """The items of ``words/<name>.txt``, in file order, comments and blank lines left out.

    Raises ``FileNotFoundError`` for a list that does not exist: a rule asking for one is a
    bug, not bad input.
    """
    path = resources.files("teikit.entities") / _FOLDER / f"{name}.txt"
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            items.append(item)
    return tuple(items)
