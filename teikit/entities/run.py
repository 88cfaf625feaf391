"""The run's first pass over names: who the run names in full, for bare surnames elsewhere.

A report names a person with a title or in full once (``Maj Gen Jalil``, ``Mr Hilary
Synnott``) and then, pages later, by surname alone (``Jalil``, ``Minute Synnott to
Sheinwald``). A page read alone cannot link that bare surname. So before any document is
converted, :func:`names_in_file` reads every page of the run for the people it names in
full: with a title, or as an Arabic full name (the same recognisers and the same authority
as the conversion, so each mention gets the id it will get there), and
:func:`learn_names` gathers them into :class:`RunNames`: surname -> the ids of the people
the run names with it.

During conversion a capitalised word that is one of those surnames (and not taken by a title,
the authority or the page itself) becomes a ``persName``: linked when the run knows exactly
one person by that surname, unlinked and reported (TK301) when it knows several. Ids come
from the names, never from the order of pages, so a page converted alone keeps the ids it
gets in a run; a run only links more.

>>> authority = PersonAuthority.load(None)
>>> names = learn_names([names_in_text("Maj Gen Jalil met Mr Synnott.", authority)])
>>> names.ids("Jalil")
('pers-jalil',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from teikit.entities.persons import (
    PersonAuthority,
    not_names,
    run_surname_index,
    surname_key,
    titled_names,
)

# The words that may not be a bare surname on their own: too short, or the next phrase.
_MIN_LENGTH = 3
# The Arabic article before a capitalised surname: ``al-Zarqawi`` is also ``Zarqawi``.
_ARTICLE = re.compile(r"(?:al|el)[-\u2011](?=[A-Z])")


@dataclass(frozen=True, slots=True)
class RunNames:
    """Surnames named with a title somewhere in the run, each with the ids of its people
    (sorted). Frozen and small: it travels with every planned document to the workers."""

    surnames: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.surnames)

    def ids(self, surname: str) -> tuple[str, ...]:
        """The ids of the people the run names ``surname``; ``()`` when none."""
        return run_surname_index(self.surnames)[0].get(surname_key(surname), ())


#: A run that knows no names (a conversion without the entity stage).
NO_NAMES = RunNames()


def names_in_text(text: str, authority: PersonAuthority) -> list[tuple[str, str]]:
    """``(surname, id)`` of every person ``text`` names in full (with a title, or as an
    Arabic full name), resolved against ``authority`` (the conversion's: the built-in
    authority merged with the user's file), as the conversion resolves them. A surname with
    the Arabic article (``al-Zarqawi``) is given without it too: later pages often drop it."""
    found = []
    words = not_names()
    for surname, person_id in titled_names(text, authority):
        if person_id is None:
            continue
        bare = _ARTICLE.match(surname)
        if bare is not None:
            found.append((surname, person_id))
            surname = surname[bare.end() :]
        if len(surname) < _MIN_LENGTH or surname in words or not surname[:1].isupper():
            continue
        found.append((surname, person_id))
    return found


def names_in_file(path: str, encoding: str, authority: PersonAuthority) -> list[tuple[str, str]]:
    """:func:`names_in_text` over every page of a file (a task for a worker process)."""
    # The names need no pages: the file's text is searched whole (page breaks are line
    # breaks, and a title never runs over a navigation line). Unreadable files are left to
    # the conversion, which reports them.
    try:
        text = Path(path).read_bytes().decode(encoding, errors="replace")
    except (OSError, LookupError):
        return []
    return names_in_text(text.replace("\r\n", "\n").replace("\r", "\n"), authority)


def learn_names(found: Iterable[Iterable[tuple[str, str]]]) -> RunNames:
    """Gather the ``(surname, id)`` pairs of every file into :class:`RunNames`; the order of
    files does not matter."""
    ids: dict[str, set[str]] = {}
    printed: set[str] = set()
    for pairs in found:
        for surname, person_id in pairs:
            ids.setdefault(surname_key(surname), set()).add(person_id)
            printed.add(" ".join(surname.split()))
    # Every form printed (``al-Maliki``, ``Maliki``) is looked for; forms that compare
    # equal share their people.
    return RunNames(
        tuple((form, tuple(sorted(ids[surname_key(form)]))) for form in sorted(printed))
    )
