"""Organisations and places: ``orgName`` / ``placeName``, cheap and precise.

Only closed lists of names that in this report always mean the organisation or the place
(``JIC``, ``MND(SE)``, ``JAM``; ``Basra``, ``Iran``). Nothing is guessed: a missed place costs
less than a person or a date spoiled, and persons and dates win any overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ORGANISATIONS = (
    "JIC",
    "MND(SE)",
    "MND(C)",
    "MND-C",
    "JAM",
    "ISF",
    "MNF",
    "MNF-I",
    "MNC-I",
    "MOD",
    "FCO",
    "DFID",
    "CPA",
    "CPA(South)",
    "ORHA",
    "IPU",
    "ISG",
    "ISC",
    "FAC",
    "SIS",
    "CIA",
    "IRGC",
    "MEK",
    "IISS",
    "DOP",
    "AHMGIR",
    "NATO",
    "PJHQ",
    "DIS",
    "UNMOVIC",
    "IAEA",
    "UNSCOM",
    "IIG",
    "DBC",
    "OFF",
    "HMT",
    "NSC",
    "Cabinet Office",
    "Ministry of Defence",
    "Foreign and Commonwealth Office",
    "Joint Intelligence Committee",
    "Treasury",
    "Security Council",
    "Iraqi Army",
    "Iraqi Police Service",
    "Jaysh al-Mahdi",
    "Mahdi Army",
    "Al Qaida",
    "Islamic Revolutionary Guards Corps",
)
PLACES = (
    "Basra",
    "Baghdad",
    "Iraq",
    "Iran",
    "Afghanistan",
    "Helmand",
    "Maysan",
    "Najaf",
    "Fallujah",
    "Kuwait",
    "Syria",
    "Jordan",
    "Israel",
    "Turkey",
    "Saudi Arabia",
    "Cyprus",
    "Northern Ireland",
    "Washington",
    "London",
    "New York",
    "Umm Qasr",
    "Amara",
    "Al Amara",
    "Nasiriyah",
    "Karbala",
    "Kirkuk",
    "Mosul",
    "Tikrit",
    "Besmaya",
    "Russia",
    "France",
    "China",
    "Germany",
    "Europe",
    "Qatar",
    "Bahrain",
    "Dhi Qar",
    "Muthanna",
    "al-Qurnah",
)


def _pattern(names: tuple[str, ...]) -> str:
    forms = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(
        re.escape(f).replace(r"\ ", "[ \u00a0]").replace(r"\-", "[-\u2011]") for f in forms
    )


_ORG_OR_PLACE = re.compile(
    rf"(?=[A-Z])(?<![\w\u2011(-])(?:(?P<org>{_pattern(ORGANISATIONS)})|(?P<place>{_pattern(PLACES)}))"
    r"(?![\w\u2011$]|-[A-Za-z])"
)


def find_orgs_and_places(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """``(start, end, label)`` of each organisation or place in ``text[start:end]``."""
    for match in _ORG_OR_PLACE.finditer(text, start, end):
        yield match.start(), match.end(), "orgName" if match["org"] else "placeName"
