"""Persons: the forms of issue 13 (bracketed editorial titles, offices of several words before
a full foreign name, ranks and honorifics, letters of foreign names) and the rank words that
name no one."""

from __future__ import annotations

import pytest

from teikit.entities.people import People
from teikit.entities.persons import PersonAuthority, find_persons

BUILTIN = People.builtin()
AUTHORITY = PersonAuthority(BUILTIN)  # built once for the module, as a converter does


def persons(text: str) -> list[tuple[str, str | None]]:
    return [
        (text[m.start : m.end], m.person_id)
        for m in find_persons(text, [(0, len(text))], BUILTIN, authority=AUTHORITY)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "neither [General David] PETRAEUS [Commanding General MNF-I] nor",
            [("General David] PETRAEUS", "pers-petraeus")],
        ),
        ("Minute [Maj Gen Jalil] to PJHQ", [("Maj Gen Jalil", "pers-jalil")]),
        (
            "the Minister of Defence Hazem al\u2011Shaalan said",
            [("Minister of Defence Hazem al\u2011Shaalan", "pers-shaalan")],
        ),
        (
            "UN Special Representative Sérgio Vieira de Mello arrived",
            [("Representative Sérgio Vieira de Mello", "pers-de-mello")],
        ),
        (
            "asked Mr Rolf Ekéus. Ekéus said",
            [("Mr Rolf Ekéus", "pers-ekeus"), ("Ekéus", "pers-ekeus")],
        ),
        (
            "Lt-Col Smith and The Rt Hon Jack Straw",
            [("Lt-Col Smith", "pers-smith"), ("The Rt Hon Jack Straw", "pers-straw")],
        ),
        ("Secretary of State Powell said", [("Secretary of State Powell", "pers-powell-colin")]),
    ],
)
def test_person_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "before the General Election was called",
        "the Major Projects Review found",
        "chaired by the FCO Director General Wider World, on",
        "MOD Director General Operational Policy, submitted",
        "the Sergeant Major said",
        "a General Assembly resolution",
    ],
)
def test_rank_words_that_name_no_one(text: str) -> None:
    assert persons(text) == []


# Issue 13, kinds that failed on unseen pages: each case is a general shape, with names that
# are not in the gold set's pages where the shape allows.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name used as a modifier still names the person (ANNOTATION.md), after ``post-``,
        # ``pre-``, ``anti-`` in any case, and across a line break.
        ("the post-Saddam administration", [("Saddam", "pers-saddam")]),
        ("Post-Saddam, the south", [("Saddam", "pers-saddam")]),
        ("a post\u2011Saddam\nHussein Iraq", [("Saddam\nHussein", "pers-saddam")]),
        # ... but not after any other hyphenated word.
        ("the Iraq-Saddam link", []),
    ],
)
def test_names_after_a_modifier_prefix(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Ranks of private soldiers and airmen, police ranks, peers, foreign honorifics.
        ("Private Tom Atkins was killed", [("Private Tom Atkins", "pers-atkins")]),
        (
            "Kingsman Alan Pike and Rfn Dale Cole",
            [("Kingsman Alan Pike", "pers-pike"), ("Rfn Dale Cole", "pers-cole")],
        ),
        ("Senior Aircraftman Gary Bell", [("Senior Aircraftman Gary Bell", "pers-bell")]),
        ("Detective Inspector Frost said", [("Detective Inspector Frost", "pers-frost")]),
        ("Earl Howe replied", [("Earl Howe", "pers-howe")]),
        ("Mme Alliot-Marie said", [("Mme Alliot-Marie", "pers-alliot-marie")]),
    ],
)
def test_ranks_and_honorifics(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A title that is also an ordinary word names someone only before a full name.
        "growth in the Private Sector",
        "the Private Office replied",
        "Father Christmas",
    ],
)
def test_titles_that_are_words_need_a_full_name(text: str) -> None:
    assert persons(text) == []


def test_a_capital_inside_a_surname() -> None:
    assert persons("Dr ElBaradei and Mr DeLay") == [
        ("Dr ElBaradei", "pers-elbaradei"),
        ("Mr DeLay", "pers-delay"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An office of, or for, something, once or twice, before a full foreign name.
        (
            "the Speaker of the Council of Representatives Mahmoud al-Mashhadani said",
            [
                (
                    "Speaker of the Council of Representatives Mahmoud al-Mashhadani",
                    "pers-mashhadani",
                )
            ],
        ),
        (
            "Minister for Foreign Affairs Hoshyar Zebari",
            [("Minister for Foreign Affairs Hoshyar Zebari", "pers-zebari")],
        ),
        (
            "the Director of the Iraq Survey Group Charles Duelfer",
            [("Director of the Iraq Survey Group Charles Duelfer", "pers-duelfer")],
        ),
    ],
)
def test_offices_before_full_names(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert persons(text) == expected


def test_a_surname_that_opens_on_its_particle_is_found_bare_on_the_page() -> None:
    assert persons("Mr Karl von Bulow came. Later von Bulow left; Devon Bulow no.") == [
        ("Mr Karl von Bulow", "pers-von-bulow"),
        ("von Bulow", "pers-von-bulow"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Quoted minutes: the editor's surname in brackets after a forename, when the
        # authority knows the surname (Sawers) or the forename.
        ("“John [Sawers] told me”", [("John [Sawers]", "pers-sawers")]),
        # Nobody the authority knows: not a person (a place, an annex, a camp).
        ("Annex [Baghdad] and Camp [Bucca]", []),
    ],
)
def test_forename_with_a_bracketed_surname(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loyal to Abu Ayyub al-Masri, then", [("Abu Ayyub al-Masri", "pers-masri")]),
        ("a letter from Hamza bin Laden", [("Hamza bin Laden", "pers-bin-laden")]),
        # A kunya is a person only with a name after it: ``Abu Ghraib`` is a prison.
        ("detainees at Abu Ghraib prison and the Cabinet", []),
    ],
)
def test_arabic_full_names_by_shape(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert persons(text) == expected
