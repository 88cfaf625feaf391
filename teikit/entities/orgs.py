"""Organisations and places: ``orgName`` / ``placeName``, cheap and precise.

Only closed lists of names that in this report always mean the organisation or the place
(``JIC``, ``MND(SE)``, ``JAM``; ``Basra``, ``Iran``). Nothing is guessed: a missed place costs
less than a person or a date spoiled, and persons and dates win any overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from teikit.entities.alternation import alternation

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
    # longer names that open with a place: without them "Iraq" of "Iraq Inquiry" was a place
    "Iraq Inquiry",
    "Iraq Survey Group",
    "Iraq Policy Unit",
    "Hutton Inquiry",
    "Intelligence and Security Committee",
    "Foreign Affairs Committee",
    "Coalition Provisional Authority",
    "Department for International Development",
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


_UNITS = {" ": "[ \u00a0]", "-": "[-\u2011]"}
_FOLD = str.maketrans({"\u00a0": " ", "\u2011": "-"})
#: Each name and its element; no name is both, and no organisation is a prefix of a place or
#: the other way round except ``Iraqi Army`` / ``Iraq``, where the longer (the organisation)
#: wins either way: one pattern for both lists matches what two groups did.
_LABELS = {name: "orgName" for name in ORGANISATIONS} | {name: "placeName" for name in PLACES}
# Only names that open on a capital are looked for (``al-Qurnah`` is written ``Al ...`` in
# running text when it starts a mention); the character before the name is checked after its
# first one, so that ``re`` scans for the first characters alone (see :func:`alternation`).
_ORG_OR_PLACE = re.compile(
    alternation(
        (name for name in _LABELS if "A" <= name[0] <= "Z"),
        lambda c: _UNITS.get(c) or re.escape(c),
        after_first=r"(?<![\w\u2011(-].)",
    )
    + r"(?![\w\u2011$]|-[A-Za-z])"
)


def find_orgs_and_places(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """``(start, end, label)`` of each organisation or place in ``text[start:end]``."""
    for match in _ORG_OR_PLACE.finditer(text, start, end):
        yield match.start(), match.end(), _LABELS[match.group().translate(_FOLD)]
