"""Persons and their identity: titled names, known names, codenames, and what is not a person."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import teikit
from teikit.entities.people import People, Person, listperson_element
from teikit.entities.persons import PersonAuthority, find_persons

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BUILTIN = People.builtin()
# its compiled name forms, built once for the module, as a converter builds them once a run
AUTHORITY = PersonAuthority(BUILTIN)


def persons(text: str, people: People = BUILTIN) -> list[tuple[str, str | None, str]]:
    """(mention, id, title) of each person in ``text`` read as one block."""
    return [
        (text[m.start : m.end], m.person_id, text[m.start : m.title_end] if m.title_end else "")
        for m in find_persons(
            text, [(0, len(text))], people, authority=AUTHORITY if people is BUILTIN else None
        )
    ]


@pytest.mark.parametrize(
    ("text", "mention", "person_id", "title"),
    [
        ("Mr\u00a0Browne’s visit", "Mr\u00a0Browne", "pers-browne", "Mr"),
        ("prompted Maj Gen Binns to", "Maj Gen Binns", "pers-binns", "Maj Gen"),
        (
            "Major General Barney White\u2011Spunner said",
            "Major General Barney White\u2011Spunner",
            "pers-white-spunner",
            "Major General",
        ),
        (
            "“Prime Minister Maliki is briefed",
            "Prime Minister Maliki",
            "pers-maliki",
            "Prime Minister",
        ),
        ("Sir John Sawers wrote", "Sir John Sawers", "pers-sawers", "Sir"),
        ("Dr Rubaie said", "Dr Rubaie", "pers-al-rubaie", "Dr"),
        ("Lord Goldsmith advised", "Lord Goldsmith", "pers-goldsmith", "Lord"),
        ("Baroness Amos’s arrival", "Baroness Amos", "pers-amos", "Baroness"),
        ("and President Bush discussed", "President Bush", "pers-bush", "President"),
        ("Gen Petraeus visited", "Gen Petraeus", "pers-petraeus", "Gen"),
        ("Lt Col Smith reported", "Lt Col Smith", "pers-smith", "Lt Col"),
        (
            "Air Chief Marshal Sir Peter Squire, Chief",
            "Air Chief Marshal Sir Peter Squire",
            "pers-squire",
            "Air Chief Marshal Sir",
        ),
        (
            "Lord Wilson of Dinton, Cabinet Secretary",
            "Lord Wilson of Dinton",
            "pers-wilson",
            "Lord",
        ),
        ("Mr Hoon and Adm Boyce.", "Adm Boyce", "pers-boyce", "Adm"),
        ("wrote to AM Torpy:", "AM Torpy", "pers-torpy", "AM"),
        ("Secretary Powell informed him", "Secretary Powell", "pers-powell-colin", "Secretary"),
        (
            "Gen Petraeus and Ambassador Crocker:",
            "Ambassador Crocker",
            "pers-crocker",
            "Ambassador",
        ),
        (
            "Former Chief Superintendent Barton said",
            "Former Chief Superintendent Barton",
            "pers-barton",
            "Former Chief Superintendent",
        ),
        (
            "Lieutenant General Anthony\nPalmer, Deputy",
            "Lieutenant General Anthony\nPalmer",
            "pers-palmer",
            "Lieutenant General",
        ),
        ("Mr Blair’s Note to President Bush", "Mr Blair", "pers-blair", "Mr"),
        ("Mr Powell agreed", "Mr Powell", "pers-powell-jonathan", "Mr"),
        ("sent to Mr Straw, Mr Brown and", "Mr Brown", "pers-brown", "Mr"),
        (
            "Sheikh Jalal al\u2011Din al\u2011Sagheer.",
            "Sheikh Jalal al\u2011Din al\u2011Sagheer",
            "pers-sagheer",
            "Sheikh",
        ),
    ],
)
def test_titled_names(text: str, mention: str, person_id: str, title: str) -> None:
    assert (mention, person_id, title) in persons(text)


@pytest.mark.parametrize(
    ("text", "mention", "person_id"),
    [
        ("“al-Sadr is notoriously volatile", "al-Sadr", "pers-al-sadr"),
        ("deal with Saddam Hussein.", "Saddam Hussein", "pers-saddam"),
        ("deal with Saddam. But", "Saddam", "pers-saddam"),
        ("negotiation with [JAM1] and", "[JAM1]", "pers-jam1"),
        ("SIS3 told the Inquiry", "SIS3", "pers-sis3"),
        ("Minute Binns to CJO, 1 November 2007", "Binns", "pers-binns"),
        ("letters to Michael Jay.", "Michael Jay", "pers-jay"),
    ],
)
def test_untitled_names(text: str, mention: str, person_id: str) -> None:
    assert (mention, person_id, "") in persons(text)


def test_untitled_mention_of_someone_met_on_the_page() -> None:
    text = "Lt Gen Cooper recorded that … Cooper commented:"
    assert [p[:2] for p in persons(text)] == [
        ("Lt Gen Cooper", "pers-cooper"),
        ("Cooper", "pers-cooper"),
    ]


def test_knight_by_forename_is_the_one_on_the_page() -> None:
    text = "Sir David wrote. Later Sir David Manning sent copies to Sir Michael Jay."
    assert ("Sir David", "pers-manning", "Sir") in persons(text)


def test_forename_alone_is_the_only_one_named_on_the_page() -> None:
    found = persons("Mr Sawers wrote. Manning said: “John deserves a slapping down.”")
    assert ("John", "pers-sawers", "") in found
    # Mr Sawers is named after the forename: the whole page counts, not only what came before.
    assert ("Christopher", "pers-meyer", "") in persons(
        "you and Christopher must see them. He wrote to Sir Christopher Meyer."
    )


@pytest.mark.parametrize(
    "text",
    [
        "John Scarlett said so. Mr Sawers wrote.",  # another John: the next word is a name
        "John said so.",  # no John named on the page
        "Mr Sawers and Sir John Scarlett met. John agreed.",  # two Johns: ambiguous
    ],
)
def test_forename_alone_not_linked(text: str) -> None:
    assert all(not (m == "John" and i) for m, i, _ in persons(text))


def test_authors_of_a_cited_book() -> None:
    text = "156  Dodge T & Simon S (eds). Iraq at the Crossroads."
    found = find_persons(
        text, [(5, len(text))], BUILTIN, footnotes=frozenset({0}), authority=AUTHORITY
    )
    assert [(text[m.start : m.end], m.person_id) for m in found] == [
        ("Dodge T", "pers-dodge"),
        ("Simon S", "pers-simon"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "They tried to arrest the Governor of Maysan",
        "the Prime Minister’s Deputy Special Representative",
        "the Consul General said",
        "force the Attorney General to break cover",
        "the Attorney General’s advice of 7 March",
        "JAM views locally and MND(SE)’s negotiation",
        "the Secretary of State for Defence announced",
        "Basra and Iran",
        "President of the United States",
        "the General Assembly met",
    ],
)
def test_not_persons(text: str) -> None:
    assert persons(text) == []


def test_brown_is_not_browne() -> None:
    assert BUILTIN.resolve("Brown", (), "Mr").id == "pers-brown"
    assert BUILTIN.resolve("Browne", (), "Mr").id == "pers-browne"


def test_same_surname_two_people_is_ambiguous_without_a_title() -> None:
    resolution = BUILTIN.resolve("Powell", (), "")
    assert resolution.id is None
    assert resolution.candidates == ("pers-powell-colin", "pers-powell-jonathan")


def test_forenames_that_disagree_make_a_new_person() -> None:
    assert BUILTIN.resolve("Binns", ("Graham",), "Major General").id == "pers-binns"
    assert BUILTIN.resolve("Binns", ("Peter",), "Mr").id == "pers-binns-peter"


def test_all_binns_mentions_share_one_id() -> None:
    text = "Maj Gen Binns, later Major General Graham Binns, and Binns."
    assert {pid for _, pid, _ in persons(text)} == {"pers-binns"}


def test_load_csv_and_merge(tmp_path: Path) -> None:
    authority = tmp_path / "people.csv"
    authority.write_text(
        'id,names,titles,wikidata\nbinns-g,"Binns, Graham|Binns",Maj Gen,Q1\n', encoding="utf-8"
    )
    merged = BUILTIN.merge(People.load(authority))
    assert merged.resolve("Binns", (), "Maj Gen").id == "binns-g"
    assert merged.get("pers-binns") is None


def test_load_listperson_round_trip(tmp_path: Path) -> None:
    element = listperson_element(
        [Person("pers-x", "Xavier", ("Ann",), ("Dr",), ("Ann Xavier",), "Q42")]
    )
    path = tmp_path / "persons.xml"
    path.write_bytes(etree.tostring(element))
    loaded = People.load(path)
    assert loaded.resolve("Xavier", (), "Dr").id == "pers-x"
    person = loaded.get("pers-x")
    assert person is not None and person.wikidata == "Q42" and person.forenames == ("Ann",)


def test_seen_records_titles_and_names() -> None:
    people = People.builtin()
    people.record("pers-binns", surname="Binns", forenames=(), title="Maj Gen", name="Binns")
    people.record("pers-binns", surname="Binns", forenames=(), title="", name="Binns")
    (binns,) = people.seen()
    assert binns.id == "pers-binns" and binns.titles == ("Maj Gen",)
    assert binns.forenames == ("Graham",)


def test_personography_is_valid_tei(tei_all: teikit.Schema, teikit_schema: teikit.Schema) -> None:
    # persons.xml: the run's personography, as teikit convert writes it
    conversions = list(teikit.convert(SEEDS / "000_f6c87f8d16c5e508.txt"))
    persons = teikit.make_report(conversions).persons()
    assert [p.id for p in persons] == [
        "pers-al-sadr",
        "pers-binns",
        "pers-browne",
        "pers-jam1",
        "pers-maliki",
    ]
    document = etree.fromstring(teikit.personography(persons))
    assert list(tei_all.iter_errors(document)) == []
    assert list(teikit_schema.iter_errors(document)) == []
