"""Persons: the forms of issue 13 (bracketed editorial titles, offices of several words before
a full foreign name, ranks and honorifics, letters of foreign names) and the rank words that
name no one."""

from __future__ import annotations

import pytest

from teikit.entities.people import People
from teikit.entities.persons import find_persons

BUILTIN = People.builtin()


def persons(text: str) -> list[tuple[str, str | None]]:
    return [
        (text[m.start : m.end], m.person_id) for m in find_persons(text, [(0, len(text))], BUILTIN)
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
