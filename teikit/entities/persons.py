"""Person mentions: ``persName`` spans with a nested ``roleName`` for the title.

Four recognisers, in order of trust; a later one never takes text an earlier one holds:

1. **titled names**: one or more titles (``Maj Gen``, ``Air Chief Marshal Sir``, ``Former Chief
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
   converted before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from teikit.entities.people import FORENAME_TITLES, People, Person, Resolution

_S = r"[ \u00a0\u2009\u2002]"
_GAP = r"(?:[ \u00a0\u2009\u2002]\n?|\n)"

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

_WORD = (
    r"(?:(?:al|el|Al|El|bin|ibn|Abu|abu|de|De|van|von|da|du|di)[-\u2011])?"
    r"(?:Mc|Mac|O[’'])?[A-Z][a-z]+(?:[’'](?:[A-Z][a-z]+|[a-z]{2,}))?"
    r"(?:[-\u2011]\n?(?:al[-\u2011])?[A-Z][a-z]+)*"
)
_PARTICLE = r"(?:bin|ibn|al|el|de|van|von|da|du|le|la|di)"
_NAME = rf"{_WORD}(?:{_GAP}(?:(?:{_PARTICLE}|[A-Z]\.?){_GAP})?{_WORD}){{0,3}}"


def _title_pattern(titles: Iterable[str]) -> str:
    alternatives = sorted(set(titles), key=lambda t: (-len(t), t))
    return "(?:" + "|".join(re.escape(t).replace(r"\ ", _S + "+") for t in alternatives) + ")"


_TITLE = _title_pattern(TITLES)
# Each pattern opens with a lookahead on its first character: ``re`` then rejects most
# positions at once instead of trying every alternative (2-3 times faster on a page).
_TITLED = re.compile(
    rf"(?=[A-Zf])(?<![\w\u2011-])(?P<title>(?:[Ff]ormer{_S}+)?{_TITLE}(?:{_GAP}{_TITLE})*)(?![\w\u2011-])"
    rf"{_GAP}(?P<name>{_NAME})(?![\w\u2011-])"
    rf"(?P<of>{_GAP}of{_GAP}[A-Z][a-z]+(?:{_GAP}[A-Z][a-z]+)?)?"
)
_TOKEN = re.compile(rf"{_WORD}|{_PARTICLE}(?=\s)|[A-Z]\.?(?=\s)")
_CODENAME = re.compile(
    r"(?=[\[SJ])(?<![\w\[])\[[A-Z]{2,6}\d{1,2}\](?!\w)|(?<![\w\[])(?:SIS|JAM)\d{1,2}(?![\w\]])"
)
_CAPITALISED = re.compile(
    r"(?=[A-Za])(?<![\w\u2011-])(?:al[-\u2011])?[A-Z][a-z]+(?:[-\u2011][A-Z][a-z]+)*(?![\w\u2011-])"
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


class _Taken:
    """Intervals already claimed in one block (a handful, so a list is fastest)."""

    __slots__ = ("spans",)

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.spans)

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))


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
    taken = [_Taken() for _ in blocks]
    for index, (start, end) in enumerate(blocks):
        for match in _TITLED.finditer(text, start, end):
            mention = _titled(text, match, people)
            if mention is not None and taken[index].free(mention.start, mention.end):
                taken[index].take(mention.start, mention.end)
                titled.append(mention)
        if index in footnotes:
            for mention in _authors(text, start, end, people):
                if taken[index].free(mention.start, mention.end):
                    taken[index].take(mention.start, mention.end)
                    titled.append(mention)
    found = _knights(titled, people)
    page_surnames = {
        m.surname: m
        for m in found
        if m.person_id is not None and m.surname and m.surname not in NOT_NAMES
    }
    aliases = _alias_index(people)
    for index, (start, end) in enumerate(blocks):
        block_taken = taken[index]
        has_code = "[" in text[start:end] or "SIS" in text[start:end] or "JAM" in text[start:end]
        for match in _CODENAME.finditer(text, start, end) if has_code else ():
            if block_taken.free(*match.span()):
                block_taken.take(*match.span())
                code = match.group()
                found.append(
                    PersonMention(
                        match.start(),
                        match.end(),
                        "pers-" + code.strip("[]").lower(),
                        surname=code,
                        name=code,
                    )
                )
        for match in aliases.pattern.finditer(text, start, end):
            s, e = match.span()
            if not block_taken.free(s, e) or text[max(start, s - 5) : s].lower().endswith(
                ("post-", "pre-", "anti-", "post\u2011", "pre\u2011")
            ):
                continue
            block_taken.take(s, e)
            person = aliases.by_name[tidy(match.group()).replace("\u2011", "-")]
            found.append(
                PersonMention(s, e, person.id, surname=person.surname, name=tidy(match.group()))
            )
        if not page_surnames:
            continue
        for match in _CAPITALISED.finditer(text, start, end):
            known = page_surnames.get(match.group())
            s, e = match.span()
            if known is None or not block_taken.free(s, e):
                continue
            block_taken.take(s, e)
            found.append(
                PersonMention(
                    s,
                    e,
                    known.person_id,
                    surname=known.surname,
                    forenames=(),
                    name=match.group(),
                )
            )
    found.sort(key=lambda m: (m.start, -m.end))
    return found


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


@dataclass(frozen=True, slots=True)
class _AliasIndex:
    pattern: re.Pattern[str]
    by_name: dict[str, Person]


_ALIAS_CACHE: dict[int, tuple[People, _AliasIndex]] = {}


def _alias_index(people: People) -> _AliasIndex:
    """The compiled pattern of every untitled name form ``people`` knows (cached per
    authority: compiling it costs more than scanning a page)."""
    cached = _ALIAS_CACHE.get(id(people))
    if cached is not None and cached[0] is people:
        return cached[1]
    by_name: dict[str, Person] = {}
    ambiguous: set[str] = set()
    for name, person in people.aliases():
        key = name.replace("\u2011", "-")
        if key in by_name and by_name[key].id != person.id:
            ambiguous.add(key)  # two known people answer to it: only a title can tell
        by_name.setdefault(key, person)
    for key in ambiguous:
        del by_name[key]
    forms = sorted(by_name, key=lambda n: (-len(n), n))
    body = "|".join(
        re.escape(form).replace(r"\ ", _GAP).replace(r"\-", "[-\u2011]\n?") for form in forms
    )
    pattern = re.compile(rf"(?=[A-Za])(?<![\w\u2011-])(?:{body or '(?!)'})(?![\w\u2011-])")
    index = _AliasIndex(pattern, by_name)
    if len(_ALIAS_CACHE) > 8:
        _ALIAS_CACHE.clear()
    _ALIAS_CACHE[id(people)] = (people, index)
    return index
