"""Person mentions: ``persName`` spans with a nested ``roleName`` for the title.

Six recognisers, in order of trust; a later one never takes text an earlier one holds:

1. **titled names**: an editor's bracketed title before a surname (``[General David]
   PETRAEUS``); one or more titles (``Maj Gen``, ``Air Chief Marshal Sir``, ``Former Chief
   Superintendent``) followed by one to four capitalised name words (``Barney White‑Spunner``,
   ``Jalal al‑Din al‑Sagheer``), a peer's territorial title (``Lord Wilson of Dinton``)
   included. A title with no name after it (``the Prime Minister``, ``Attorney General``) is
   no person; name words that are really the next phrase (``President Bush Administration``)
   are cut at the first word of :data:`NOT_NAMES`. ``Sir David`` (a knight by forename) is
   the David of the same page, or the only knight David the authority knows.
2. **codenames**: ``[JAM1]``, ``SIS3``.
3. **known names without title**: every name form the authority lists (``Binns``, ``Saddam
   Hussein``, ``al‑Sadr``, ``Michael Jay``), not after ``post-`` (``post-Saddam`` is a period);
4. **surnames met on the same page** with a title (``Maliki`` after ``Prime Minister
   Maliki``). Only the same page counts, so what a page yields never depends on the pages
   converted before it;
5. **forenames alone** (``John deserves a slapping down`` in a letter about ``Mr Sawers``): a
   capitalised word that is the first forename of exactly one person named on the same page
   (forenames as printed there, or as the authority gives them), not followed by another
   capitalised word (``John Scarlett`` is someone else) and not a forename that is also an
   English word (``Will``, ``Mark``).
6. **surnames the run names** with a title on another page (:mod:`teikit.entities.run`):
   linked when the run knows one person by it, unlinked (ambiguous) when several (tried
   before 5).

Also in 1: an office of several words before a full name (``Minister of Defence Hazem
al‑Shaalan``), after the titled names; and a rank or office word that names no one
(``General Election``, ``Director General Wider World``, ``Sergeant Major``) is no person.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from teikit.entities.alternation import alternation, alternatives
from teikit.entities.claims import Claimed
from teikit.entities.people import FORENAME_TITLES, People, Person, Resolution, name_key
from teikit.model import SPACE

_S = SPACE
_GAP = rf"(?:{SPACE}\n?|\n)"

#: Titles, longest first in the pattern; abbreviations as the report prints them.
TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Professor",
    "Prof",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Baroness",
    "Baron",
    "Sheikh",
    "Shaykh",
    "Sayyid",
    "Ayatollah",
    "Grand Ayatollah",
    "Imam",
    "King",
    "Queen",
    "Prince",
    "Crown Prince",
    "Emir",
    "President",
    "Vice President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Secretary",
    "Foreign Secretary",
    "Home Secretary",
    "Defence Secretary",
    "Foreign Minister",
    "Defence Minister",
    "Interior Minister",
    "Minister",
    "Ambassador",
    "Senator",
    "Governor",
    "Chancellor",
    "Supreme Leader",
    "Secretary-General",
    "Secretary General",
    "Attorney General",
    "Solicitor General",
    "Chief Superintendent",
    "Superintendent",
    "Chief Constable",
    "Deputy Chief Constable",
    "Assistant Chief Constable",
    "Chief Inspector",
    "Field Marshal",
    "General",
    "Gen",
    "Lieutenant General",
    "Lt Gen",
    "Major General",
    "Maj Gen",
    "Brigadier General",
    "Brig Gen",
    "Brigadier",
    "Brig",
    "Colonel",
    "Col",
    "Lieutenant Colonel",
    "Lt Col",
    "Major",
    "Maj",
    "Captain",
    "Capt",
    "Lieutenant",
    "Lt",
    "Admiral",
    "Adm",
    "Vice Admiral",
    "Vice Adm",
    "Rear Admiral",
    "Rear Adm",
    "Commodore",
    "Cdre",
    "Commander",
    "Cdr",
    "Lieutenant Commander",
    "Lt Cdr",
    "Air Chief Marshal",
    "ACM",
    "Air Marshal",
    "AM",
    "Air Vice-Marshal",
    "Air Vice Marshal",
    "AVM",
    "Air Commodore",
    "Air Cdre",
    "Group Captain",
    "Gp Capt",
    "Wing Commander",
    "Wg Cdr",
    "Squadron Leader",
    "Sqn Ldr",
    "Flight Lieutenant",
    "Flt Lt",
    "Sergeant",
    "Sgt",
    "Staff Sergeant",
    "SSgt",
    "Corporal",
    "Cpl",
    "Lance Corporal",
    "LCpl",
    "L/Cpl",
    "Pte",
    "Rifleman",
    "Trooper",
    "Tpr",
    "Guardsman",
    "Fusilier",
    "Warrant Officer",
    "Lance Sergeant",
    "Colour Sergeant",
    "Sergeant Major",
    "Gunner",
    "Sapper",
    "Bombardier",
    "Lance Bombardier",
    "Craftsman",
    "Signaller",
    "Able Seaman",
    "Leading Seaman",
    "Petty Officer",
    "Chief Petty Officer",
    "Flying Officer",
    "Pilot Officer",
    "Second Lieutenant",
    "2nd Lt",
    "2Lt",
    "Maj-Gen",
    "Lt-Gen",
    "Lt-Col",
    "Brig-Gen",
    "Rt Hon",
    "The Rt Hon",
    "Right Honourable",
    "Hon",
    "His Excellency",
    "Her Excellency",
    "HE",
    "HRH",
    "Sayed",
    "Sayyed",
    "Sayid",
    "Sheik",
    "Shaikh",
    "Mullah",
    "Hojatoleslam",
    "Hojjat al-Islam",
    "Judge",
    "Lord Justice",
    "Chief Justice",
    "Mayor",
    "Speaker",
    "Congressman",
    "Congresswoman",
    "Secretary of State",
    "Minister of State",
    "Deputy Secretary",
    "Under Secretary",
    "Assistant Secretary",
    "Deputy Minister",
    "Deputy Foreign Minister",
    "Deputy Defence Minister",
    "Vice-President",
    "Prime Minister-designate",
    "Princess",
    "Sultan",
    "Amir",
    "Pope",
    "Cardinal",
    "Bishop",
    "Archbishop",
    "Reverend",
    "Rev",
)
# Titles that are also roles: a name after them must not be a word of an institution.
_ROLE_TITLES = frozenset(
    {
        "Governor",
        "Minister",
        "Secretary",
        "President",
        "Chancellor",
        "Ambassador",
        "King",
        "Queen",
        "Prince",
        "Major",
        "General",
        "Captain",
        "Commander",
        "Lieutenant",
        "Colonel",
        "Brigadier",
        "Admiral",
        "Senator",
    }
)

# The last words of military titles: a rank after one of them is no name (``Sergeant Major``).
_RANK_WORDS = frozenset({"Sergeant", "Corporal", "Officer", "Marshal", "Gen", "Col", "Maj"})

#: Capitalised words that are never (the start or continuation of) a personal name here.
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "You",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "Of",
        "And",
        "But",
        "Or",
        "If",
        "As",
        "When",
        "While",
        "After",
        "Before",
        "However",
        "Although",
        "Also",
        "Then",
        "There",
        "Here",
        "What",
        "Which",
        "Who",
        "Why",
        "How",
        "Nevertheless",
        "Despite",
        "Under",
        "Over",
        "Between",
        "During",
        "Since",
        "Until",
        "With",
        "Without",
        "Following",
        "According",
        "All",
        "Some",
        "Many",
        "Most",
        "No",
        "Not",
        "Yes",
        "Both",
        "Each",
        "Every",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Council",
        "Committee",
        "Office",
        "Ministry",
        "Government",
        "House",
        "Assembly",
        "Staff",
        "Army",
        "Forces",
        "Force",
        "Division",
        "Security",
        "Defence",
        "Defense",
        "Party",
        "Report",
        "Inquiry",
        "Secretary",
        "Minister",
        "Ministers",
        "Cabinet",
        "Department",
        "Embassy",
        "Commission",
        "Unit",
        "Group",
        "Command",
        "Headquarters",
        "Review",
        "Service",
        "Services",
        "Statement",
        "Note",
        "Paper",
        "Plan",
        "Programme",
        "Act",
        "Order",
        "Kingdom",
        "States",
        "Nations",
        "Affairs",
        "Policy",
        "Police",
        "Assessment",
        "Operation",
        "Operations",
        "Corps",
        "Combat",
        "Officer",
        "Officers",
        "Adviser",
        "Advisers",
        "Representative",
        "Envoy",
        "Lords",
        "Commons",
        "Parliament",
        "Chamber",
        "Bill",
        "Guidelines",
        "Agreement",
        "Conference",
        "Meeting",
        "Minutes",
        "Summit",
        "Directive",
        "Team",
        "Board",
        "Court",
        "Law",
        "Prime",
        "Deputy",
        "Chief",
        "Head",
        "Special",
        "General",
        "Chairman",
        "Chair",
        "Administration",
        "Republic",
        "Authority",
        "Coalition",
        "Council's",
        "Iraq",
        "Iraqi",
        "Iraqis",
        "Iran",
        "Iranian",
        "Britain",
        "British",
        "America",
        "American",
        "Americans",
        "Basra",
        "Baghdad",
        "Washington",
        "London",
        "Afghanistan",
        "Kuwait",
        "Syria",
        "Israel",
        "Turkey",
        "Russia",
        "France",
        "China",
        "Europe",
        "European",
        "Arab",
        "Shia",
        "Sunni",
        "Kurdish",
        "Kurds",
        "Islamic",
        "United",
        "Northern",
        "Southern",
        "Western",
        "Eastern",
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Provincial",
        "National",
        "International",
        "Foreign",
        "Home",
        "Interior",
        "Justice",
        "Finance",
        "Trade",
        "Development",
        "Private",
        "Public",
        "Permanent",
        "Political",
        "Military",
        "Director",
        "Directors",
        "Spokesman",
        "Press",
        "Prison",
        "Station",
        "Agency",
        "Institute",
        "University",
        "College",
        "Palace",
        "Guard",
        "Guards",
        "Regiment",
        "Brigade",
        "Battalion",
        "Company",
        "Fleet",
        "Navy",
        "Royal",
        "Air",
        "Marine",
        "Marines",
        "Ambassador",
        "President",
        "Governor",
        "Sir",
        "Lord",
        "Lady",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Gen",
        "Commander",
        "Senior",
        "Junior",
        "Q",
        "A",
    ]
)

# Letters of foreign names too (``Ekéus``, ``Sérgio``, ``Łukasz``): Latin-1 and Latin
# Extended-A, whose capitals and small letters alternate.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0141\u0160\u017d"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0101-\u017f"
_WORD = (
    r"(?:(?:al|el|Al|El|bin|ibn|Abu|abu|de|De|van|von|da|du|di)[-\u2011])?"
    rf"(?:Mc|Mac|O[’'])?[{_UPPER}][{_LOWER}]+(?:[’'](?:[A-Z][{_LOWER}]+|[a-z]{{2,}}))?"
    rf"(?:[-\u2011]\n?(?:al[-\u2011])?[{_UPPER}][{_LOWER}]+)*"
)
_PARTICLE = r"(?:bin|ibn|al|el|de|van|von|da|du|le|la|di)"
_NAME = rf"{_WORD}(?:{_GAP}(?:(?:{_PARTICLE}|[A-Z]\.?){_GAP})?{_WORD}){{0,3}}"


# The character before a name or title: none of these (the pattern checks it just after the
# first character, see :func:`alternation`).
_NOT_AFTER = r"(?<![\w\u2011-].)"


def _title_unit(char: str) -> str:
    return _S + "+" if char == " " else re.escape(char)


_TITLE = alternation(TITLES, _title_unit)
# Each pattern opens on plain characters (the check of the character before it comes after
# the first): ``re`` then skips to the next possible first character with a fast scan instead
# of trying every alternative at every position (2-3 times faster on a page).
_TITLE_FIRST = "|".join(alternatives(TITLES, _title_unit, after_first=_NOT_AFTER))
_TITLED = re.compile(
    rf"(?P<title>(?:F{_NOT_AFTER}ormer{_S}+{_TITLE}|f{_NOT_AFTER}ormer{_S}+{_TITLE}"
    rf"|{_TITLE_FIRST})(?:{_GAP}{_TITLE})*)"
    rf"(?![\w\u2011-]){_GAP}(?P<name>{_NAME})(?![\w\u2011-])"
    rf"(?P<of>{_GAP}of{_GAP}[A-Z][a-z]+(?:{_GAP}[A-Z][a-z]+)?)?"
)
_TOKEN = re.compile(rf"{_WORD}|{_PARTICLE}(?=\s)|[A-Z]\.?(?=\s)")
# An editor's title in brackets before a surname, as minutes and telegrams print it:
# ``[General David] PETRAEUS``, ``[Prime Minister] MALIKI``.
_BRACKETED = re.compile(
    rf"\[(?P<title>{_TITLE})(?P<fore>(?:{_GAP}{_WORD}){{0,2}})\]{_S}+"
    rf"(?P<surname>[A-Z][A-Z]+(?:[-\u2011][A-Z]+)?|{_WORD})(?![\w\u2011-])"
)
# An office of several words before a full name (forename and surname at least), the office
# named by its head word and what it is of: ``Minister of Defence Hazem al‑Shaalan``,
# ``National Security Adviser Condoleezza Rice``, ``Chief of Staff Jonathan Powell``.
_OFFICE_HEADS = "|".join(
    alternatives(
        (
            *("Minister", "Secretary", "Adviser", "Advisor", "Ambassador", "Governor"),
            *("Commander", "Chief", "Director", "Speaker", "Representative", "Envoy"),
            *("Chairman", "Spokesman", "Mayor", "Leader", "Head", "Administrator"),
        ),
        after_first=_NOT_AFTER,
    )
)
_OFFICE_NAMED = re.compile(
    rf"(?P<title>(?:{_OFFICE_HEADS})"
    rf"(?:{_S}+of(?:{_S}+the)?(?:{_S}+[A-Z][a-z]+){{1,3}})?)"
    rf"{_GAP}(?P<name>{_WORD}(?:{_GAP}(?:{_PARTICLE}{_GAP})?{_WORD}){{1,3}})(?![\w\u2011-])"
)
_CODENAME = re.compile(
    r"[\[SJ](?:(?<=(?<![\w\[])\[)[A-Z]{2,6}\d{1,2}\](?!\w)"
    r"|(?<=(?<![\w\[])[SJ])(?:IS|AM)\d{1,2}(?![\w\]]))"
)
# A capitalised word, whole (``al-`` included): what a surname met on the page must be.
_CAPITALISED = re.compile(
    rf"(?=[{_UPPER}a])(?<![\w\u2011-])(?:al[-\u2011])?[{_UPPER}][{_LOWER}]+"
    rf"(?:[-\u2011][{_UPPER}][{_LOWER}]+)*(?![\w\u2011-])"
)
# A footnote citing a book names its authors ``Surname Initials``: ``Dodge T & Simon S (eds).``,
# ``Blair T. A Journey``. Only at the start of a footnote or after ``&``.
_AUTHOR = re.compile(
    r"(?P<surname>[A-Z][a-z]+(?:[-\u2011][A-Z][a-z]+)?)[ \u00a0](?P<initials>[A-Z]{1,3})"
    r"(?=\.|[ \u00a0]&|[ \u00a0]\(eds?\.?\)|,)"
)
_AUTHOR_NEXT = re.compile(r"[ \u00a0]&[ \u00a0]")
_PEER_TITLES = frozenset({"Lord", "Baroness", "Lady", "Baron"})
_LINE_SPACE = re.compile(r"[\s\u00a0\u2009\u2002]+")


@functools.lru_cache(maxsize=4096)  # the same titles and names come back on every page
def tidy(raw: str) -> str:
    """Text of a mention as a name: spaces unified, a hyphen broken at a line end rejoined."""
    return _LINE_SPACE.sub(" ", raw.replace("-\n", "-").replace("\u2011\n", "\u2011")).strip()


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person found at ``text[start:end]``; the title is ``text[start:title_end]``.

    ``person_id`` is ``None`` when the mention is ambiguous; ``candidates`` then says between
    whom.
    """

    start: int
    end: int
    person_id: str | None
    title_end: int | None = None
    title: str = ""
    surname: str = ""
    forenames: tuple[str, ...] = ()
    name: str = ""
    candidates: tuple[str, ...] = ()


def find_persons(
    text: str,
    blocks: Sequence[tuple[int, int]],
    people: People,
    *,
    footnotes: frozenset[int] = frozenset(),
) -> list[PersonMention]:
    """Person mentions in the ``(start, end)`` ranges of ``text``, in text order;
    ``footnotes`` are the indexes of the ranges that are footnotes (they may cite authors)."""
    titled: list[PersonMention] = []
    taken = [Claimed() for _ in blocks]
    aliases = _alias_index(people)
    read = aliases.titled
    if len(read) > 20_000:
        read.clear()
    for index, (start, end) in enumerate(blocks):
        claim = taken[index].claim
        for editorial in _bracketed(text, start, end, people):
            if claim(editorial.start, editorial.end):
                titled.append(editorial)
        for match in _TITLED.finditer(text, start, end):
            mention = _read_titled(text, match, people, read)
            if mention is not None and claim(mention.start, mention.end):
                titled.append(mention)
        for office in _offices(text, start, end, people):
            if claim(office.start, office.end):
                titled.append(office)
        if index in footnotes:
            for mention in _authors(text, start, end, people):
                if claim(mention.start, mention.end):
                    titled.append(mention)
    found = _knights(titled, people)
    page_surnames = {
        m.surname: m
        for m in found
        if m.person_id is not None and m.surname and m.surname not in NOT_NAMES
    }
    surnames_at = _page_surnames(text, blocks, page_surnames)
    for index, (start, end) in enumerate(blocks):
        claim = taken[index].claim
        for match in _CODENAME.finditer(text, start, end):
            s, e = match.span()
            if claim(s, e):
                code = match.group()
                found.append(
                    PersonMention(s, e, "pers-" + code.strip("[]").lower(), surname=code, name=code)
                )
        for match in aliases.pattern.finditer(text, start, end):
            s, e = match.span()
            if text[max(start, s - 5) : s].lower().endswith(_PREFIXES) or not claim(s, e):
                continue
            name = tidy(match.group())
            person = aliases.by_name[name.replace("\u2011", "-")]
            found.append(PersonMention(s, e, person.id, surname=person.surname, name=name))
        for s, e, known in surnames_at.get(index, ()):
            if claim(s, e):
                found.append(
                    PersonMention(s, e, known.person_id, surname=known.surname, name=known.surname)
                )
    if people.run_names:
        found.extend(_run_surnames(text, blocks, people.run_names, taken))
    found.extend(_forenames_alone(text, blocks, found, people, taken))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def _read_titled(
    text: str,
    match: re.Match[str],
    people: People,
    read: dict[tuple[str, int, int, int], PersonMention | None] | None = None,
) -> PersonMention | None:
    """:func:`_titled`, remembered per authority (the same titled mention comes back on
    every page, and what it resolves to depends on its text and the authority alone)."""
    if read is None:
        read = _alias_index(people).titled
    at = match.start()
    key = (match.group(), match.end("title") - at, match.start("name") - at, match.end("name") - at)
    if key in read:
        return _shifted(read[key], at)
    mention = _titled(text, match, people)
    read[key] = _shifted(mention, -at)
    return mention


def titled_names(text: str, people: People) -> list[tuple[str, str | None]]:
    """``(surname, id)`` of every titled mention in ``text`` (recogniser 1 and the bracketed
    editorial titles) for the run's first pass (:mod:`teikit.entities.run`), without building
    the mentions: it reads every page once more, so it must be cheap. Offices before full
    names are left out: they name people in full, whom later pages seldom call by surname
    alone, and would cost a second scan."""
    index = _alias_index(people)
    known = index.names
    if len(known) > 20_000:
        known.clear()
    bracketed = _bracketed(text, 0, len(text), people)
    found: list[tuple[str, str | None]] = [(m.surname, m.person_id) for m in bracketed]
    inside = {m.start for m in bracketed}
    for match in _TITLED.finditer(text):
        at = match.start()
        if at in inside:
            continue
        key = (
            match.group(),
            match.end("title") - at,
            match.start("name") - at,
            match.end("name") - at,
        )
        if key not in known:
            mention = _titled(text, match, people)
            known[key] = None if mention is None else (mention.surname, mention.person_id)
        pair = known[key]
        if pair is not None:
            found.append(pair)
    return found


def _bracketed(text: str, start: int, end: int, people: People) -> list[PersonMention]:
    """Bracketed editorial titles before a surname: ``[General David] PETRAEUS``."""
    found: list[PersonMention] = []
    if text.find("[", start, end) != -1:
        for match in _BRACKETED.finditer(text, start, end):
            title = tidy(match["title"])
            forenames = tuple(tidy(match["fore"]).split())
            printed = match["surname"]
            surname = printed.title() if printed.isupper() else printed
            resolution = people.resolve(surname, forenames, _lookup_title(title))
            found.append(
                PersonMention(
                    match.start("title"),
                    match.end(),
                    resolution.id,
                    match.end("title"),
                    title,
                    surname,
                    forenames,
                    tidy(match.group().lstrip("[")),
                    resolution.candidates,
                )
            )
    return found


def _offices(text: str, start: int, end: int, people: People) -> list[PersonMention]:
    """Offices of several words before a full name: ``Minister of Defence Hazem al‑Shaalan``."""
    found = []
    for match in _OFFICE_NAMED.finditer(text, start, end):
        words = [tidy(t.group()) for t in _TOKEN.finditer(text, match.start("name"), match.end())]
        if any(word in NOT_NAMES for word in words) or len(words[-1]) < 3:
            continue
        title = tidy(match["title"])
        surname, forenames = words[-1], tuple(words[:-1])
        if len(words) >= 2 and words[-2] in {"bin", "ibn", "al", "el", "de", "van", "von"}:
            surname, forenames = f"{words[-2]} {words[-1]}", tuple(words[:-2])
        if not forenames:
            continue
        resolution = people.resolve(surname, forenames, title.split()[0])
        found.append(
            PersonMention(
                match.start(),
                match.end(),
                resolution.id,
                match.end("title"),
                title,
                surname,
                forenames,
                tidy(match["name"]),
                resolution.candidates,
            )
        )
    return found


def surname_key(surname: str) -> str:
    """A surname as the run compares it: spacing unified, then :func:`name_key`."""
    return name_key(" ".join(surname.split()))


def _run_unit(char: str) -> str:
    if char == " ":
        return _GAP
    if char == "-":
        return "[-\u2011]\n?"
    return re.escape(char)


@functools.lru_cache(maxsize=4)
def run_surname_index(
    surnames: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """The run's surnames by :func:`surname_key`, and one regex finding any of them as a
    whole word (not inside a longer or hyphenated word: ``post-Saddam``)."""
    by_key = {surname_key(surname): ids for surname, ids in surnames}
    body = alternation((surname for surname, _ in surnames), _run_unit, after_first=_NOT_AFTER)
    return by_key, re.compile(rf"{body}(?![\w\u2011-])")


def _run_surnames(
    text: str,
    blocks: Sequence[tuple[int, int]],
    surnames: tuple[tuple[str, tuple[str, ...]], ...],
    taken: list[Claimed],
) -> list[PersonMention]:
    """Recogniser 6: a surname the run names with a title elsewhere (``Jalil`` after ``Maj
    Gen Jalil`` on another page); ambiguous when the run knows several people by it."""
    by_key, pattern = run_surname_index(surnames)
    found = []
    for index, (start, end) in enumerate(blocks):
        claim = taken[index].claim
        for match in pattern.finditer(text, start, end):
            s, e = match.span()
            if text[max(start, s - 5) : s].lower().endswith(_PREFIXES) or not claim(s, e):
                continue
            name = tidy(match.group())
            ids = by_key.get(surname_key(name), ())
            if len(ids) == 1:
                found.append(PersonMention(s, e, ids[0], surname=name, name=name))
            else:
                found.append(PersonMention(s, e, None, surname=name, name=name, candidates=ids))
    return found


# Forenames that are also English words (or months): alone, they are not read as a person.
_WORD_FORENAMES = frozenset(
    {
        "Will",
        "Mark",
        "Frank",
        "Grant",
        "Bill",
        "Guy",
        "Rose",
        "Hope",
        "Faith",
        "May",
        "June",
        "April",
        "August",
        "Jack",
        "Victor",
        "Dean",
        "Earl",
        "Art",
        "Rich",
        "Sterling",
        "Chase",
        "Drew",
        "Gene",
        "Pat",
        "Ray",
        "Sue",
        "Stone",
        "Lance",
        "Miles",
        "Norman",
        "Don",
    }
)
_NEXT_CAPITALISED = re.compile(r"[ \u00a0]+\n?[A-Z]|\n[A-Z]")


def _is_whole_word(text: str, at: int, after: int, end: int) -> bool:
    """Whether ``text[at:after]`` is a whole capitalised word (:data:`_CAPITALISED`), not the
    start of a longer one or a piece of a hyphenated name; ``end`` is where its block ends."""
    match = _CAPITALISED.match(text, at, end)
    return match is not None and match.end() == after


def _forenames_alone(
    text: str,
    blocks: Sequence[tuple[int, int]],
    found: list[PersonMention],
    people: People,
    taken: list[Claimed],
) -> list[PersonMention]:
    """Recogniser 5 (see the module docstring): ``John`` = the only John named on the page."""
    owners: dict[str, set[str]] = {}
    first_forename: dict[str, str | None] = {}  # by person id: each looked up once
    for mention in found:
        pid = mention.person_id
        if pid is None:
            continue
        if mention.forenames:
            forename: str | None = mention.forenames[0]
        elif pid in first_forename:
            forename = first_forename[pid]
        else:
            person = people.get(pid)
            forename = first_forename[pid] = (
                person.forenames[0] if person and person.forenames else None
            )
        if forename is not None and forename not in _WORD_FORENAMES:
            owners.setdefault(forename, set()).add(pid)
    alone = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
    mentions: list[PersonMention] = []
    if not alone or not blocks:
        return mentions
    # One str.find over the page per forename (a page names a few people; a regex made for
    # each page's set cost more to compile than the search), then the block it fell in.
    order = sorted(range(len(blocks)), key=lambda i: blocks[i])
    starts = [blocks[i][0] for i in order]
    low, high = starts[0], max(end for _, end in blocks)
    for forename, person_id in sorted(alone.items()):
        person = people.get(person_id)
        at = text.find(forename, low, high)
        while at != -1:
            after = at + len(forename)
            index = order[bisect_right(starts, at) - 1]
            end = blocks[index][1]
            if (
                after <= end
                and _is_whole_word(text, at, after, end)
                and not _NEXT_CAPITALISED.match(text, after, end)
                and taken[index].claim(at, after)
            ):
                mentions.append(
                    PersonMention(
                        at,
                        after,
                        person_id,
                        surname=person.surname if person else "",
                        forenames=(forename,),
                        name=forename,
                    )
                )
            at = text.find(forename, after, high)
    mentions.sort(key=lambda m: m.start)
    return mentions


# ``post-Saddam`` is a period, ``anti-Sadr`` a stance: no person.
_PREFIXES = ("post-", "pre-", "anti-", "post\u2011", "pre\u2011")


def _page_surnames(
    text: str, blocks: Sequence[tuple[int, int]], surnames: dict[str, PersonMention]
) -> dict[int, list[tuple[int, int, PersonMention]]]:
    """Where each surname met on the page stands as a whole word, by block, in text order.

    Found with ``str.find`` over the page, then checked to lie inside one block and to be
    exactly the capitalised word :data:`_CAPITALISED` reads there (up to the block's end):
    the same places as scanning every capitalised word of every block and looking each up,
    at a fraction of the cost (a page has a few surnames and hundreds of capitalised words).
    """
    places: dict[int, list[tuple[int, int, PersonMention]]] = {}
    if not surnames or not blocks:
        return places
    order = sorted(range(len(blocks)), key=lambda i: blocks[i])
    starts = [blocks[i][0] for i in order]
    if any(blocks[a][1] > blocks[b][0] for a, b in pairwise(order)):
        # Blocks that overlap (no layout makes them): search each block on its own.
        searched = [(i, [i]) for i in order]
    else:
        searched = [(order[0], order)]
    stops = [max(blocks[i][1] for i in among) for _, among in searched]
    for surname, known in surnames.items():
        width = len(surname)
        for (first, among), stop in zip(searched, stops, strict=True):
            at = text.find(surname, blocks[first][0], stop)
            while at != -1:
                index = among[bisect_right(starts, at) - 1] if len(among) > 1 else first
                start, end = blocks[index]
                if start <= at and at + width <= end and _is_whole_word(text, at, at + width, end):
                    places.setdefault(index, []).append((at, at + width, known))
                at = text.find(surname, at + 1, stop)
    for found in places.values():
        found.sort(key=lambda place: place[0])
    return places


def _shifted(mention: PersonMention | None, by: int) -> PersonMention | None:
    """``mention`` moved ``by`` characters."""
    if mention is None:
        return None
    return PersonMention(
        mention.start + by,
        mention.end + by,
        mention.person_id,
        None if mention.title_end is None else mention.title_end + by,
        mention.title,
        mention.surname,
        mention.forenames,
        mention.name,
        mention.candidates,
    )


def _authors(text: str, start: int, end: int, people: People) -> list[PersonMention]:
    """``Dodge T & Simon S`` at the start of a footnote: each author a person."""
    found = []
    position = start
    while (match := _AUTHOR.match(text, position, end)) is not None:
        surname = match["surname"]
        if surname in NOT_NAMES:
            break
        initials = tuple(match["initials"])
        resolution = people.resolve(surname, initials[:1], "")
        found.append(
            PersonMention(
                match.start(),
                match.end(),
                resolution.id,
                None,
                "",
                surname,
                initials,
                match.group(),
                resolution.candidates,
            )
        )
        joint = _AUTHOR_NEXT.match(text, match.end(), end)
        if joint is None:
            break
        position = joint.end()
    return found


def _titled(text: str, match: re.Match[str], people: People) -> PersonMention | None:
    title = tidy(match["title"])
    name_start = match.start("name")
    tokens = list(_TOKEN.finditer(text, name_start, match.end("name")))
    whole = len(tokens)
    # Cut the name at the first word that belongs to the next phrase.
    for i, token in enumerate(tokens):
        if token.group() in NOT_NAMES:
            tokens = tokens[:i]
            break
    while tokens and not tokens[-1].group()[1:2].islower() and len(tokens[-1].group()) < 3:
        tokens.pop()  # a trailing initial or particle is not a surname
    if not tokens:
        return None
    last_title = title.split()[-1]
    if (last_title in _ROLE_TITLES or title in _ROLE_TITLES) and tokens[0].group() in NOT_NAMES:
        return None
    if (title in _ROLE_TITLES or last_title in _RANK_WORDS) and _names_no_one(
        text, match.start(), tokens, whole
    ):
        return None
    end = tokens[-1].end()
    words = [tidy(t.group()) for t in tokens]
    if match["of"] and len(tokens) == whole and last_title in _PEER_TITLES:
        end = match.end("of")  # ``Lord Wilson of Dinton``
    name = tidy(text[name_start:end])
    if last_title in FORENAME_TITLES and len(words) == 1:
        # ``Sir David``: resolved against the page's other mentions afterwards.
        return PersonMention(
            match.start(), end, None, match.end("title"), title, "", (words[0],), name
        )
    surname, forenames = words[-1], tuple(words[:-1])
    if len(words) >= 2 and words[-2] in {"bin", "ibn", "al", "el", "de", "van", "von"}:
        surname, forenames = f"{words[-2]} {words[-1]}", tuple(words[:-2])
    resolution = people.resolve(surname, forenames, _lookup_title(title))
    return PersonMention(
        match.start(),
        end,
        resolution.id,
        match.end("title"),
        title,
        surname,
        forenames,
        name,
        resolution.candidates,
    )


# A rank word after an office word is part of the office: ``Director General Wider World``,
# ``Sergeant Major``; ``Consul General``.
_OFFICE_BEFORE = re.compile(
    r"(?:Director|Inspector|Consul|Governor|Auditor|Surgeon|Adjutant|Quartermaster|Paymaster"
    r"|Postmaster|Sergeant|Drum|Secretary|Attorney|Solicitor)[ \u00a0]+\Z"
)
# Endings of English nouns and adjectives that are not surnames (``General Election``,
# ``General Operational Policy``, ``Major Improvement``); only words of seven letters or more
# are judged (``Vance`` stays a name).
_NOUN_ENDING = re.compile(
    r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ional|ical|ative|ive|ics|ure|ogy|ings?)\Z"
)


def _names_no_one(text: str, at: int, tokens: list[re.Match[str]], whole: int) -> bool:
    """Whether a bare rank or office word and what follows it (``General Election``,
    ``Major Projects Review``) name no person: the word belongs to an office before it, or
    the one word after it reads as an English noun or adjective, or it is a plural that the
    next phrase goes on from (``Major Projects Review``)."""
    if _OFFICE_BEFORE.search(text, max(0, at - 16), at):
        return True
    if len(tokens) != 1:
        return False
    word = tokens[0].group()
    if word in _ROLE_TITLES:
        return True  # ``Sergeant Major``: a rank after a rank
    if len(word) >= 7 and _NOUN_ENDING.search(word):
        return True
    return whole > 1 and word.endswith("s") and not word.endswith("ss")


def _lookup_title(title: str) -> str:
    """The title as the authority lists it: ``Former Chief Superintendent`` -> ``Chief
    Superintendent``; ``General Sir`` stays, and so does ``Maj Gen``."""
    words = title.split()
    if words and words[0].lower() == "former":
        words = words[1:]
    return " ".join(words)


def _knights(mentions: list[PersonMention], people: People) -> list[PersonMention]:
    """Resolve ``Sir David`` to the David of the same page, else the authority's only one."""
    full: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.person_id and mention.forenames:
            full.setdefault(mention.forenames[0], set()).add(mention.person_id)
    resolved = []
    for mention in mentions:
        if mention.surname or not mention.forenames:
            resolved.append(mention)
            continue
        forename = mention.forenames[0]
        ids = full.get(forename, set())
        if len(ids) == 1:
            resolution = Resolution(next(iter(ids)))
        else:
            resolution = people.resolve_forename(forename, mention.title.split()[-1])
        person = people.get(resolution.id) if resolution.id else None
        resolved.append(
            PersonMention(
                mention.start,
                mention.end,
                resolution.id,
                mention.title_end,
                mention.title,
                person.surname if person else "",
                mention.forenames,
                mention.name,
                resolution.candidates or (() if resolution.id else (forename,)),
            )
        )
    return resolved


def _alias_unit(char: str) -> str:
    """A name form's character as matched in text: a space may be a line break, a hyphen
    a non-breaking one and a line may break after it."""
    if char == " ":
        return _GAP
    if char == "-":
        return "[-\u2011]\n?"
    return re.escape(char)


@dataclass(frozen=True, slots=True)
class _AliasIndex:
    """What find_persons knows of one authority beyond :class:`People` itself: the
    compiled pattern of its untitled names, and the titled mentions already read."""

    pattern: re.Pattern[str]
    by_name: dict[str, Person]
    # A titled mention, by its text and the places of its groups, with offsets from its
    # start: the same ``Maj Gen Binns`` comes back page after page, and what it resolves to
    # depends on the text and the authority alone.
    titled: dict[tuple[str, int, int, int], PersonMention | None] = field(default_factory=dict)
    # The same, for the run's first pass, which needs only the surname and the id.
    names: dict[tuple[str, int, int, int], tuple[str, str | None] | None] = field(
        default_factory=dict
    )


_ALIAS_CACHE: dict[int, tuple[People, _AliasIndex]] = {}
_ALIAS_INDEXES: dict[tuple[Person, ...], _AliasIndex] = {}


def _alias_index(people: People) -> _AliasIndex:
    """The :class:`_AliasIndex` of ``people``, cached per authority object and per list of
    persons: the converter makes a new :class:`People` for every document from the same
    authority, and building the pattern costs more than scanning a page."""
    cached = _ALIAS_CACHE.get(id(people))
    if cached is not None and cached[0] is people:
        return cached[1]
    persons = tuple(people)
    index = _ALIAS_INDEXES.get(persons)
    if index is None:
        index = _build_alias_index(people.aliases())
        if len(_ALIAS_INDEXES) > 8:
            _ALIAS_INDEXES.clear()
        _ALIAS_INDEXES[persons] = index
    if len(_ALIAS_CACHE) > 8:
        _ALIAS_CACHE.clear()
    _ALIAS_CACHE[id(people)] = (people, index)
    return index


def _build_alias_index(aliases: Iterable[tuple[str, Person]]) -> _AliasIndex:
    by_name: dict[str, Person] = {}
    ambiguous: set[str] = set()
    for name, person in aliases:
        key = name.replace("\u2011", "-")
        if key in by_name and by_name[key].id != person.id:
            ambiguous.add(key)  # two known people answer to it: only a title can tell
        by_name.setdefault(key, person)
    for key in ambiguous:
        del by_name[key]
    # A form is looked for only where it opens on a capital or on ``al-``.
    looked_for = (form for form in by_name if "A" <= form[:1] <= "Z" or form[:1] == "a")
    body = alternation(looked_for, _alias_unit, after_first=_NOT_AFTER)
    pattern = re.compile(rf"{body}(?![\w\u2011-])")
    return _AliasIndex(pattern, by_name)
