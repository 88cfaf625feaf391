"""The entity stage's fast paths give what the plain ways gave.

The trie-shaped name patterns match what a flat alternation sorted longest first matched;
:class:`Claimed` answers as a pass over every claimed span did; surnames met on a page are
found where scanning every capitalised word found them, also in blocks that overlap.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from teikit.entities import orgs, persons
from teikit.entities.alternation import alternation
from teikit.entities.claims import Claimed
from teikit.entities.persons import PersonMention, _page_surnames

SAMPLE = (
    "Lt Gen Sir John Kiszely met Maj Gen Binns, Lieutenant General Lamb and Gen Petraeus; "
    "Air Chief Marshal Sir Jock Stirrup, Former Chief Superintendent Smith, former Minister "
    "Jones and L/Cpl Baker. The JIC, MND(SE), MNF-I and MNF-Ix; Iraqi Army, Iraq, Al Amara, "
    "Saudi\u00a0Arabia, Jaysh al\u2011Mahdi and CPA(South) in Basra."
)


def _flat(names: list[str], unit: dict[str, str]) -> str:
    forms = sorted(set(names), key=lambda n: (-len(n), n))
    return "(?:" + "|".join("".join(unit.get(c) or re.escape(c) for c in f) for f in forms) + ")"


def _unit(char: str, table: dict[str, str]) -> str:
    return table.get(char) or re.escape(char)


def test_title_trie_matches_as_the_flat_alternation() -> None:
    table = {" ": r"[ \u00a0]+"}
    trie = re.compile(
        alternation(persons.person_rules().titles, lambda c: _unit(c, table)) + r"(?!\w)"
    )
    flat = re.compile(_flat(list(persons.person_rules().titles), table) + r"(?!\w)")
    assert [m.span() for m in trie.finditer(SAMPLE)] == [m.span() for m in flat.finditer(SAMPLE)]


def test_orgs_and_places_as_two_flat_groups_found_them() -> None:
    table = {" ": "[ \u00a0]", "-": "[-\u2011]"}
    flat = re.compile(
        rf"(?=[A-Z])(?<![\w\u2011(-])(?:(?P<org>{_flat(list(orgs.ORGANISATIONS), table)})"
        rf"|(?P<place>{_flat(list(orgs.PLACES), table)}))(?![\w\u2011$]|-[A-Za-z])"
    )
    expected = [
        (m.start(), m.end(), "orgName" if m["org"] else "placeName") for m in flat.finditer(SAMPLE)
    ]
    assert list(orgs.find_orgs_and_places(SAMPLE, 0, len(SAMPLE))) == expected
    assert ("placeName" in {label for *_, label in expected}) and len(expected) > 8


# Names as the lists hold them: words joined by single spaces or hyphens. (A name that opens
# with a space or holds two in a row is no name; with a space unit that repeats, "[ ]+", such
# names can make the trie and the flat list backtrack differently.)
_NAME = st.from_regex(r"[ab]{1,3}(?:[ -][ab]{1,3}){0,2}", fullmatch=True)


@given(
    st.lists(_NAME, min_size=1, max_size=12),
    st.text(alphabet="ab -x", max_size=40),
)
def test_any_names_match_as_the_flat_alternation(names: list[str], text: str) -> None:
    table = {" ": "[ ]+", "-": "[-\u2011]"}
    trie = re.compile(alternation(names, lambda c: _unit(c, table)) + "(?![ab])")
    flat = re.compile(_flat(names, table) + "(?![ab])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=30))
def test_claimed_answers_as_a_pass_over_every_span(wanted: list[tuple[int, int]]) -> None:
    claimed = Claimed()
    kept: list[tuple[int, int]] = []
    for start, width in wanted:
        end = start + width
        free = all(end <= s or start >= e for s, e in kept)
        assert claimed.free(start, end) is free
        assert claimed.claim(start, end) is free
        if free:
            kept.append((start, end))


def test_page_surnames_whole_words_only_and_inside_one_block() -> None:
    text = "Binns met Binnsworth and al-Binns. Binns\nBinns"
    known = PersonMention(0, 5, "pers-binns", surname="Binns")
    blocks = [(0, 34), (35, 40), (41, len(text))]
    found = _page_surnames(text, blocks, {"Binns": known}, persons.person_rules())
    assert {i: [(s, e) for s, e, _ in v] for i, v in found.items()} == {
        0: [(0, 5)],
        1: [(35, 40)],
        2: [(41, 46)],
    }
    # Blocks that overlap are searched one by one: each finds its own.
    overlapping = _page_surnames(
        text, [(0, 40), (35, 46)], {"Binns": known}, persons.person_rules()
    )
    assert {i: [(s, e) for s, e, _ in v] for i, v in overlapping.items()} == {
        0: [(0, 5), (35, 40)],
        1: [(35, 40), (41, 46)],
    }


def test_an_organisation_that_opens_with_a_place_name_wins() -> None:
    from teikit.entities.orgs import find_orgs_and_places

    text = "The Iraq Inquiry and the Hutton Inquiry; troops in Iraq."
    found = [(text[a:b], label) for a, b, label in find_orgs_and_places(text, 0, len(text))]
    assert found == [
        ("Iraq Inquiry", "orgName"),
        ("Hutton Inquiry", "orgName"),
        ("Iraq", "placeName"),
    ]
