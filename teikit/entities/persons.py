"""Person mentions: ``persName`` spans with a nested ``roleName`` for the title.

A page's persons are found by an ordered table of small recognisers (:data:`RECOGNISERS`),
as ftfy keeps its fixers: each is a named function that reads the page and proposes
mentions, and a mention is kept only if the text it covers is still free in its block, so a
later recogniser never takes text an earlier one holds. In order of trust:

The naming recognisers (:data:`NAMING_RECOGNISERS`) find a person named with a title, an
office or as a cited author:

1. :func:`bracketed_title`: an editor's bracketed title before a surname (``[General David]
   PETRAEUS``);
2. :func:`titled_name`: one or more titles (``Maj Gen``, ``Air Chief Marshal Sir``, ``Former
   Chief Superintendent``) followed by one to four capitalised name words (``Barney
   White‑Spunner``, ``Jalal al‑Din al‑Sagheer``), a peer's territorial title (``Lord Wilson of
   Dinton``) included. A title with no name after it (``the Prime Minister``, ``Attorney
   General``) is no person; name words that are really the next phrase (``President Bush
   Administration``) are cut at the first word of the ``not_names`` list; a rank or office
   word that names no one (``General Election``, ``Director General Wider World``,
   ``Sergeant Major``) is no person. ``Sir David`` (a knight by forename) is the David of the
   same page, or the only knight David the authority knows;
3. :func:`office_before_full_name`: an office of several words before a full name
   (``Minister of Defence Hazem al‑Shaalan``);
4. :func:`footnote_author`: ``Dodge T & Simon S (eds).`` at the start of a footnote;
5. :func:`bracketed_surname`: ``Jon [Day]``, an editor's surname after a forename in quoted
   minutes and letters, when the authority knows the forename or the surname, or the run
   names someone by that surname in full;
6. :func:`arabic_full_name`: Arabic full names by their shape, without a title (``Abu Musab
   al‑Zarqawi``, ``Usama Bin Laden``).

Then the mention recognisers (:data:`MENTION_RECOGNISERS`) find people named again:

7. :func:`codename`: ``[JAM1]``, ``SIS3``;
8. :func:`known_name`: every name form the authority lists (``Binns``, ``Saddam Hussein``,
   ``al‑Sadr``, ``Michael Jay``), also after a modifier prefix (``post-Saddam``: names
   used as modifiers count), never inside another hyphenated word;
9. :func:`page_surname`: a surname named with a title on the same page (``Maliki`` after
   ``Prime Minister Maliki``);
10. :func:`run_surname`: a surname the run names with a title on another page
   (:mod:`teikit.entities.run`): linked when the run knows one person by it, unlinked
   (ambiguous) when several;
11. :func:`forename_alone`: ``John deserves a slapping down`` in a letter about ``Mr Sawers``:
   a capitalised word that is the first forename of exactly one person named on the page
   (forenames as printed there, or as the authority gives them), not followed by another
   capitalised word (``John Scarlett`` is someone else) and not a forename that is also an
   English word (``Will``, ``Mark``).

The words the rules know (titles, ranks, honorifics, words that are never names, particles,
office words) are data files in ``teikit/entities/words/`` (:mod:`teikit.entities.wordlists`),
read and compiled into patterns the first time a page is read (:func:`person_rules`).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from teikit.entities.alternation import alternation, alternatives
from teikit.entities.claims import Claimed
from teikit.entities.people import FORENAME_TITLES, People, Person, Resolution, name_key
from teikit.entities.wordlists import word_list
from teikit.model import SPACE

_S = SPACE
_GAP = rf"(?:{SPACE}\n?|\n)"

# Letters of foreign names too (``Ekéus``, ``Sérgio``, ``Łukasz``): Latin-1 and Latin
# Extended-A, whose capitals and small letters alternate.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0141\u0160\u017d"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0101-\u017f"

# The character before a name or title: none of these (the pattern checks it just after the
# first character, see :func:`alternation`).
_NOT_AFTER = r"(?<![\w\u2011-].)"


def _title_unit(char: str) -> str:
    return _S + "+" if char == " " else re.escape(char)


def _either(words: Iterable[str]) -> str:
    """``(?:a|b|c)`` of literal words, in the order given."""
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"


@dataclass(frozen=True, slots=True)
class PersonRules:
    """The word lists of ``teikit/entities/words/`` and the patterns made from them: what
    the recognisers know about names. Built once, the first time a page is read."""

    titles: tuple[str, ...]
    #: titles that are also roles: a name after them must not be a word of an institution
    role_titles: frozenset[str]
    #: last words of military titles: a rank after one of them is no name (``Sergeant Major``)
    rank_words: frozenset[str]
    #: capitalised words that never start or continue a personal name here
    not_names: frozenset[str]
    #: forenames that are also English words: alone, not read as a person
    word_forenames: frozenset[str]
    peer_titles: frozenset[str]
    #: particles that belong to the surname before a name's last word (``von Sponeck``)
    surname_particles: frozenset[str]
    titled: re.Pattern[str]
    token: re.Pattern[str]
    bracketed: re.Pattern[str]
    office_named: re.Pattern[str]
    office_before: re.Pattern[str]
    noun_ending: re.Pattern[str]
    #: titles that are also ordinary words: a person only before a forename and a surname
    full_name_titles: frozenset[str]
    #: modifier prefixes with their hyphen, lower case and capitalised (``post-``,
    #: ``Post‑``): a known name may start where one ends, though never after any other hyphen
    modifiers: tuple[str, ...]
    #: a capitalised word, whole: what a surname met on the page must be
    capitalised: re.Pattern[str]
    #: ``Jon [Day]``: an editor's surname in brackets after a forename
    bracketed_surname: re.Pattern[str]
    #: ``Abu Musab al-Zarqawi``, ``Usama Bin Laden``: Arabic full names by their shape
    arabic_name: re.Pattern[str]


@functools.cache
def person_rules() -> PersonRules:
    """The :class:`PersonRules`, read from the word lists and compiled on first use."""
    titles = word_list("titles")
    # A name word; a capital inside one after a short head (``ElBaradei``, ``DeLay``) too.
    word = (
        rf"(?:{_either(word_list('name_prefixes'))}[-\u2011])?"
        rf"(?:Mc|Mac|O[’']|[{_UPPER}][{_LOWER}]{{1,2}}(?=[{_UPPER}][{_LOWER}]))?"
        rf"[{_UPPER}][{_LOWER}]+(?:[’'](?:[A-Z][{_LOWER}]+|[a-z]{{2,}}))?"
        rf"(?:[-\u2011]\n?(?:al[-\u2011])?[{_UPPER}][{_LOWER}]+)*"
    )
    particle = _either(word_list("particles"))
    name = rf"{word}(?:{_GAP}(?:(?:{particle}|[A-Z]\.?){_GAP})?{word}){{0,3}}"
    title = alternation(titles, _title_unit)
    # Each pattern opens on plain characters (the check of the character before it comes
    # after the first): ``re`` then skips to the next possible first character with a fast
    # scan instead of trying every alternative at every position (2-3 times faster).
    title_first = "|".join(alternatives(titles, _title_unit, after_first=_NOT_AFTER))
    titled = re.compile(
        rf"(?P<title>(?:F{_NOT_AFTER}ormer{_S}+{title}|f{_NOT_AFTER}ormer{_S}+{title}"
        rf"|{title_first})(?:{_GAP}{title})*)"
        rf"(?![\w\u2011-]){_GAP}(?P<name>{name})(?![\w\u2011-])"
        rf"(?P<of>{_GAP}of{_GAP}[A-Z][a-z]+(?:{_GAP}[A-Z][a-z]+)?)?"
    )
    token = re.compile(rf"{word}|{particle}(?=\s)|[A-Z]\.?(?=\s)")
    # An editor's title in brackets before a surname, as minutes and telegrams print it:
    # ``[General David] PETRAEUS``, ``[Prime Minister] MALIKI``.
    bracketed = re.compile(
        rf"\[(?P<title>{title})(?P<fore>(?:{_GAP}{word}){{0,2}})\]{_S}+"
        rf"(?P<surname>[A-Z][A-Z]+(?:[-\u2011][A-Z]+)?|{word})(?![\w\u2011-])"
    )
    # An office of several words before a full name (forename and surname at least), the
    # office named by its head word and what it is of.
    heads = "|".join(alternatives(word_list("office_heads"), after_first=_NOT_AFTER))
    # What it is of or for, once or twice: ``Speaker of the Council of Representatives``,
    # ``Minister for Foreign Affairs``, ``Representative of the Secretary-General``.
    office_word = r"[A-Z][a-z]+(?:[-\u2011][A-Z][a-z]+)?"
    office_named = re.compile(
        rf"(?P<title>(?:{heads})"
        rf"(?:{_S}+(?:of|for)(?:{_S}+the)?(?:{_S}+{office_word}){{1,3}}){{0,2}})"
        rf"{_GAP}(?P<name>{word}(?:{_GAP}(?:{particle}{_GAP})?{word}){{1,3}})(?![\w\u2011-])"
    )
    # ``post-Saddam``: a name used as a modifier still names the person.
    modifiers = tuple(
        spelt + hyphen
        for prefix in word_list("modifier_prefixes")
        for spelt in (prefix, prefix.capitalize())
        for hyphen in ("-", "\u2011")
    )
    modified = "".join(
        rf"|(?<=(?<![\w\u2011-]){_either((prefix, prefix.capitalize()))}[-\u2011])"
        for prefix in word_list("modifier_prefixes")
    )
    capitalised = re.compile(
        rf"(?=[{_UPPER}a])(?:(?<![\w\u2011-]){modified})"
        rf"(?:al[-\u2011])?[{_UPPER}][{_LOWER}]+"
        rf"(?:[-\u2011][{_UPPER}][{_LOWER}]+)*(?![\w\u2011-])"
    )
    bracketed_surname = re.compile(
        rf"(?P<fore>[{_UPPER}]{_NOT_AFTER}[{_LOWER}]+){_S}+\[(?P<surname>{word})\](?![\w\u2011-])"
    )
    # A kunya and a name before ``al-``: ``Abu Musab al-Zarqawi``; a patronymic with
    # ``bin``/``ibn``: ``Usama Bin Laden``. Both name a person, never a place or a group.
    # Both open on a capital and the same check of the character before it, taken out of
    # the alternation (the kunya's ``A`` then checked behind): a pattern opening on a class,
    # which ``re`` scans for fast, where an alternation of a letter and a class is tried at
    # every offset. It matches what ``A...|[A-Z]...`` matched, in the same order.
    arabic_name = re.compile(
        rf"[{_UPPER}]{_NOT_AFTER}"
        rf"(?:(?<=A)bu{_GAP}{word}{_GAP}(?:{word}{_GAP})?(?:al|Al)[-\u2011]{word}"
        rf"|[{_LOWER}]+{_GAP}(?:bin|Bin|ibn|Ibn){_GAP}{word})"
        rf"(?![\w\u2011-])"
    )
    return PersonRules(
        full_name_titles=frozenset(word_list("full_name_titles")),
        modifiers=modifiers,
        capitalised=capitalised,
        bracketed_surname=bracketed_surname,
        arabic_name=arabic_name,
        titles=titles,
        role_titles=frozenset(word_list("role_titles")),
        rank_words=frozenset(word_list("rank_words")),
        not_names=frozenset(word_list("not_names")),
        word_forenames=frozenset(word_list("word_forenames")),
        peer_titles=frozenset(word_list("peer_titles")),
        surname_particles=frozenset(word_list("surname_particles")),
        titled=titled,
        token=token,
        bracketed=bracketed,
        office_named=office_named,
        # A rank word after an office word is part of the office.
        office_before=re.compile(_either(word_list("office_words")) + r"[ \u00a0]+\Z"),
        # Only words of seven letters or more are judged by their ending.
        noun_ending=re.compile(_either(word_list("noun_endings")) + r"\Z"),
    )


def not_names() -> frozenset[str]:
    """Capitalised words that are never (the start or continuation of) a personal name."""
    return person_rules().not_names


_CODENAME = re.compile(
    r"[\[SJ](?:(?<=(?<![\w\[])\[)[A-Z]{2,6}\d{1,2}\](?!\w)"
    r"|(?<=(?<![\w\[])[SJ])(?:IS|AM)\d{1,2}(?![\w\]]))"
)
# What every codename holds: a page without any of these has none (a cheap pre-check).
_CODENAME_CUES = ("[", "SIS", "JAM")
# A footnote citing a book names its authors ``Surname Initials``: ``Dodge T & Simon S (eds).``,
# ``Blair T. A Journey``. Only at the start of a footnote or after ``&``.
_AUTHOR = re.compile(
    r"(?P<surname>[A-Z][a-z]+(?:[-\u2011][A-Z][a-z]+)?)[ \u00a0](?P<initials>[A-Z]{1,3})"
    r"(?=\.|[ \u00a0]&|[ \u00a0]\(eds?\.?\)|,)"
)
_AUTHOR_NEXT = re.compile(r"[ \u00a0]&[ \u00a0]")
_LINE_SPACE = re.compile(r"[\s\u00a0\u2009\u2002]+")


@functools.lru_cache(maxsize=4096)  # the same titles and names come back on every page
def tidy(raw: str) -> str:
    """Text of a mention as a name: spaces unified, a hyphen broken at a line end rejoined."""
    return _LINE_SPACE.sub(" ", raw.replace("-\n", "-").replace("\u2011\n", "\u2011")).strip()


# Not frozen: a page makes dozens of mentions, most of them refused, and a frozen dataclass
# costs three times as much to build (each field set through ``object.__setattr__``). No one
# changes a mention once made.
@dataclass(slots=True)
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


def _mention(
    start: int,
    end: int,
    resolution: Resolution,
    surname: str,
    forenames: tuple[str, ...],
    name: str,
    *,
    title_end: int | None = None,
    title: str = "",
) -> PersonMention:
    """The mention at ``text[start:end]`` of whoever ``resolution`` found (its id, or the
    candidates when it is ambiguous)."""
    return PersonMention(
        start,
        end,
        resolution.id,
        title_end,
        title,
        surname,
        forenames,
        name,
        resolution.candidates,
    )


@dataclass(slots=True)
class PageScan:
    """One page as the recognisers see it: its text and blocks, the authority, the rules,
    and what the recognisers before the current one have found."""

    text: str
    #: ``(start, end)`` of each block read for persons
    blocks: Sequence[tuple[int, int]]
    people: People
    #: indexes of the blocks that are footnotes
    footnotes: frozenset[int]
    rules: PersonRules
    #: the authority's name forms and the titled mentions already read
    aliases: PersonAuthority
    #: what each block's kept mentions hold: a recogniser may skip a place already taken
    #: before building its mention (:func:`find_persons` checks again when keeping it)
    taken: list[Claimed]
    #: where a modifier prefix ends (``post-`` of ``post-Saddam``), in text order
    modified: list[int]
    #: what the naming recognisers found, knights resolved (``Sir David`` -> Manning)
    named: list[PersonMention] = field(default_factory=list)
    #: everything kept so far, in the order it was kept
    found: list[PersonMention] = field(default_factory=list)


#: A recogniser reads a page and proposes ``(block index, mention)`` pairs, each inside its
#: block; :func:`find_persons` keeps a mention only where its text is still free.
Recogniser = Callable[[PageScan], Iterable[tuple[int, PersonMention]]]


def find_persons(
    text: str,
    blocks: Sequence[tuple[int, int]],
    people: People,
    *,
    footnotes: frozenset[int] = frozenset(),
    authority: PersonAuthority | None = None,
) -> list[PersonMention]:
    """Person mentions in the ``(start, end)`` ranges of ``text``, in text order;
    ``footnotes`` are the indexes of the ranges that are footnotes (they may cite authors).
    ``people`` resolves the mentions; ``authority`` is the :class:`PersonAuthority` over the
    same persons, which the caller holds for a run (without it one is built for this call,
    which costs more than the page).

    Runs :data:`NAMING_RECOGNISERS`, resolves knights named by forename, then runs
    :data:`MENTION_RECOGNISERS`; each recogniser sees what the ones before it kept.
    """
    if authority is None:
        authority = PersonAuthority(people)
    if len(authority.titled) > 20_000:  # a long-lived converter must not grow without bound
        authority.titled.clear()
    taken = [Claimed() for _ in blocks]
    rules = person_rules()
    modified = _modified(text, rules.modifiers)
    scan = PageScan(text, blocks, people, footnotes, rules, authority, taken, modified)
    named: list[tuple[int, int, PersonMention]] = []
    for rank, recogniser in enumerate(NAMING_RECOGNISERS):
        for index, mention in recogniser(scan):
            if taken[index].claim(mention.start, mention.end):
                named.append((index, rank, mention))
    # Block by block, then recogniser by recogniser (a stable sort): when a page names two
    # people with one surname, the one :func:`page_surname` remembers is the last in this
    # order.
    named.sort(key=lambda item: (item[0], item[1]))
    scan.named = _knights([mention for _, _, mention in named], people)
    scan.found = found = list(scan.named)
    for recogniser in MENTION_RECOGNISERS:
        for index, mention in recogniser(scan):
            if taken[index].claim(mention.start, mention.end):
                found.append(mention)
    found.sort(key=lambda m: (m.start, -m.end))
    return found


# --- the naming recognisers ------------------------------------------------------------------


def bracketed_title(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """An editor's title in brackets before a surname: ``[General David] PETRAEUS``."""
    text = scan.text
    if "[" not in text:
        return
    for index, (start, end) in enumerate(scan.blocks):
        for mention in _bracketed(text, start, end, scan.people, scan.rules):
            yield index, mention


def titled_name(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """Titles before one to four name words: ``Maj Gen Binns``, ``Mr Hilary Synnott``,
    ``Lord Wilson of Dinton``, ``Sir David``."""
    text, people, rules, read = scan.text, scan.people, scan.rules, scan.aliases.titled
    finditer = rules.titled.finditer
    for index, (start, end) in enumerate(scan.blocks):
        position = start
        while position < end:
            for match in finditer(text, position, end):
                mention = _read_titled(text, match, people, rules, read)
                if mention is None:
                    # What was read as a name is none (``the Private Offices of Mr Straw``):
                    # the search goes on from it, as a title may stand inside it.
                    position = match.start("name")
                    break
                yield index, mention
            else:
                break


def office_before_full_name(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """An office of several words before a forename and surname: ``Minister of Defence Hazem
    al‑Shaalan``, ``National Security Adviser Condoleezza Rice``."""
    for index, (start, end) in enumerate(scan.blocks):
        for mention in _offices(scan.text, start, end, scan.people, scan.rules):
            yield index, mention


def footnote_author(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """``Dodge T & Simon S (eds).`` at the start of a footnote: each author a person."""
    for index in sorted(scan.footnotes):
        if index < len(scan.blocks):
            start, end = scan.blocks[index]
            for mention in _authors(scan.text, start, end, scan.people, scan.rules):
                yield index, mention


def bracketed_surname(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """``Jon [Day]``: a forename with the editor's surname in brackets after it, as quoted
    minutes and letters print it. A person when the authority knows the surname or the
    forename (``Annex [Baghdad]`` is none)."""
    text, people, rules = scan.text, scan.people, scan.rules
    if "[" not in text:
        return
    for index, (start, end) in enumerate(scan.blocks):
        if text.find("[", start, end) == -1:
            continue
        for match in rules.bracketed_surname.finditer(text, start, end):
            forename, surname = match["fore"], tidy(match["surname"])
            if forename in rules.not_names or surname in rules.not_names:
                continue
            resolution = people.resolve(surname, (forename,), "")
            if (
                resolution.known
                or people.knows_forename(forename)
                or (people.run_names and _run_knows(people.run_names, surname))
            ):
                yield (
                    index,
                    _mention(
                        match.start(),
                        match.end(),
                        resolution,
                        surname,
                        (forename,),
                        tidy(match.group()),
                    ),
                )


def arabic_full_name(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """Arabic full names by their shape, without a title: a kunya before a name with
    ``al-`` (``Abu Musab al-Zarqawi``), a patronymic (``Usama Bin Laden``)."""
    text = scan.text
    if "Abu" not in text and not _has_patronymic(text):
        return
    for index, (start, end) in enumerate(scan.blocks):
        for mention in _arabic_names(text, start, end, scan.people, scan.rules):
            yield index, mention


#: Recognisers that find a person named in full: with a title, an office, as an author. What
#: they find tells the mention recognisers who the page names.
NAMING_RECOGNISERS: tuple[Recogniser, ...] = (
    bracketed_title,
    titled_name,
    office_before_full_name,
    footnote_author,
    bracketed_surname,
    arabic_full_name,
)


# --- the mention recognisers -----------------------------------------------------------------


def codename(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """Codenamed individuals: ``[JAM1]``, ``SIS3``."""
    text = scan.text
    if not any(cue in text for cue in _CODENAME_CUES):
        return
    for index, (start, end) in enumerate(scan.blocks):
        for match in _CODENAME.finditer(text, start, end):
            s, e = match.span()
            if not scan.taken[index].free(s, e):
                continue
            code = match.group()
            yield (
                index,
                PersonMention(s, e, "pers-" + code.strip("[]").lower(), surname=code, name=code),
            )


def known_name(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """Every name form the authority lists, without a title: ``Binns``, ``Saddam Hussein``,
    ``al‑Sadr``; after a modifier prefix too (``post-Saddam``), as ANNOTATION.md counts
    names used as modifiers."""
    text, aliases, modified = scan.text, scan.aliases, scan.modified
    for index, (start, end) in enumerate(scan.blocks):
        free = scan.taken[index].free
        matches: Iterable[re.Match[str]] = aliases.pattern.finditer(text, start, end)
        if modified:
            matches = _with_modified(matches, text, modified, aliases.after_prefix, start, end)
        for match in matches:
            s, e = match.span()
            if not free(s, e):
                continue
            name = tidy(match.group())
            person = aliases.by_name[name.replace("\u2011", "-")]
            yield index, PersonMention(s, e, person.id, surname=person.surname, name=name)


def _modified(text: str, modifiers: tuple[str, ...]) -> list[int]:
    """Where a modifier prefix (``post-``) ends in ``text``, in text order; not after a
    letter or a hyphen (``impost-``, ``x-post-``)."""
    found = []
    for prefix in modifiers:
        at = text.find(prefix)
        while at != -1:
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_-\u2011"):
                found.append(at + len(prefix))
            at = text.find(prefix, at + 1)
    found.sort()
    return found


def _with_modified(
    matches: Iterable[re.Match[str]],
    text: str,
    modified: list[int],
    after_prefix: re.Pattern[str],
    start: int,
    end: int,
) -> Iterator[re.Match[str]]:
    """``matches``, then those of ``after_prefix`` where a modifier prefix ends in
    ``text[start:end]`` (``post-Saddam``)."""
    yield from matches
    for at in modified:
        if start <= at < end:
            match = after_prefix.match(text, at, end)
            if match is not None:
                yield match


def page_surname(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """A surname the page names with a title elsewhere: ``Maliki`` after ``Prime Minister
    Maliki``. Only the same page counts, so what a page yields never depends on the pages
    converted before it."""
    not_names = scan.rules.not_names
    surnames = {
        m.surname: m
        for m in scan.named
        if m.person_id is not None and m.surname and m.surname not in not_names
    }
    places = _page_surnames(scan.text, scan.blocks, surnames, scan.rules)
    for index in sorted(places):
        free = scan.taken[index].free
        for s, e, known in places[index]:
            if free(s, e):
                yield (
                    index,
                    PersonMention(s, e, known.person_id, surname=known.surname, name=known.surname),
                )


def run_surname(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """A surname the run names with a title on another page (``Jalil`` after ``Maj Gen
    Jalil``): linked when the run knows one person by it, ambiguous when several."""
    surnames = scan.people.run_names
    if not surnames:
        return
    by_key, pattern, after_prefix = run_surname_index(surnames)
    text, modified = scan.text, scan.modified
    for index, (start, end) in enumerate(scan.blocks):
        free = scan.taken[index].free
        matches: Iterable[re.Match[str]] = pattern.finditer(text, start, end)
        if modified:
            matches = _with_modified(matches, text, modified, after_prefix, start, end)
        for match in matches:
            s, e = match.span()
            if not free(s, e):
                continue
            name = tidy(match.group())
            ids = by_key.get(surname_key(name), ())
            if len(ids) == 1:
                yield index, PersonMention(s, e, ids[0], surname=name, name=name)
            else:
                yield index, PersonMention(s, e, None, surname=name, name=name, candidates=ids)


def forename_alone(scan: PageScan) -> Iterator[tuple[int, PersonMention]]:
    """``John`` = the only John named on the page, when no capitalised word follows it."""
    text, blocks, people = scan.text, scan.blocks, scan.people
    owners: dict[str, set[str]] = {}
    first_forename: dict[str, str | None] = {}  # by person id: each looked up once
    for mention in scan.found:
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
        if forename is not None and forename not in scan.rules.word_forenames:
            owners.setdefault(forename, set()).add(pid)
    alone = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
    if not alone or not blocks:
        return
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
                and _is_whole_word(text, at, after, end, scan.rules)
                and not _NEXT_CAPITALISED.match(text, after, end)
            ):
                yield (
                    index,
                    PersonMention(
                        at,
                        after,
                        person_id,
                        surname=person.surname if person else "",
                        forenames=(forename,),
                        name=forename,
                    ),
                )
            at = text.find(forename, after, high)


#: Recognisers that find people named again, by a codename, a form the authority knows, a
#: surname or a forename, once the naming recognisers have said who the page names.
MENTION_RECOGNISERS: tuple[Recogniser, ...] = (
    codename,
    known_name,
    page_surname,
    run_surname,
    forename_alone,
)

#: Every recogniser, in the order :func:`find_persons` runs them.
RECOGNISERS: tuple[Recogniser, ...] = NAMING_RECOGNISERS + MENTION_RECOGNISERS


# --- helpers of the recognisers --------------------------------------------------------------


def _read_titled(
    text: str,
    match: re.Match[str],
    people: People,
    rules: PersonRules,
    read: dict[tuple[str, int, int, int], PersonMention | None],
) -> PersonMention | None:
    """:func:`_titled`, remembered per authority (the same titled mention comes back on
    every page, and what it resolves to depends on its text and the authority alone)."""
    at = match.start()
    key = _titled_key(match)
    if key in read:
        return _shifted(read[key], at)
    mention = _titled(text, match, people, rules)
    read[key] = _shifted(mention, -at)
    return mention


def titled_names(text: str, authority: PersonAuthority) -> list[tuple[str, str | None]]:
    """``(surname, id)`` of every person ``text`` names with a title (the bracketed editorial
    titles and the titled names) or as an Arabic full name, for the run's first pass
    (:mod:`teikit.entities.run`), each resolved as the conversion resolves it. It reads every
    page once more, so it builds no mention it can skip: titled names are remembered by
    their text. Offices before full names are left out: they cost a scan of every page, and
    on the gold set the run learns nothing more from them."""
    people = authority.people
    rules = person_rules()
    known = authority.names
    if len(known) > 20_000:
        known.clear()
    bracketed = _bracketed(text, 0, len(text), people, rules)
    found: list[tuple[str, str | None]] = [(m.surname, m.person_id) for m in bracketed]
    inside = {m.start for m in bracketed}
    # Where the titled names stand, in text order: an Arabic name inside one is none of its own.
    titled: tuple[list[int], list[int]] = ([], [])

    finditer, position, end = rules.titled.finditer, 0, len(text)
    while position < end:
        for match in finditer(text, position, end):
            at = match.start()
            key = (
                match.group(),
                match.end("title") - at,
                match.start("name") - at,
                match.end("name") - at,
            )
            if key not in known:
                mention = _titled(text, match, people, rules)
                known[key] = None if mention is None else (mention.surname, mention.person_id)
            pair = known[key]
            if pair is None:
                position = match.start("name")  # as :func:`titled_name` goes on
                break
            if at not in inside:
                found.append(pair)
                titled[0].append(at)
                titled[1].append(match.end())
        else:
            break
    if "Abu" in text or _has_patronymic(text):
        held = ([m.start for m in bracketed], [m.end for m in bracketed])
        for mention in _arabic_names(text, 0, len(text), people, rules):
            if not _overlaps(held, mention) and not _overlaps(titled, mention):
                found.append((mention.surname, mention.person_id))
    return found


def _overlaps(spans: tuple[list[int], list[int]], mention: PersonMention) -> bool:
    """Does ``mention`` overlap one of ``spans`` (starts and ends, disjoint, in text order)?"""
    i = bisect_left(spans[0], mention.end)
    return i > 0 and spans[1][i - 1] > mention.start


def _titled_key(match: re.Match[str]) -> tuple[str, int, int, int]:
    """A titled match by its text and the places of its groups, offsets from its start."""
    at = match.start()
    return (
        match.group(),
        match.end("title") - at,
        match.start("name") - at,
        match.end("name") - at,
    )


# ``bin`` or ``ibn`` between spaces, one pattern per particle: each opens on its letters, so
# ``re`` looks for them with a fast scan (``Cabinet`` holds ``bin`` on most pages).
_PATRONYMICS = tuple(
    re.compile(rf"{particle}(?={_GAP})(?<=(?:{SPACE}|\n){particle})")
    for particle in ("bin", "Bin", "ibn", "Ibn")
)


def _run_knows(surnames: tuple[tuple[str, tuple[str, ...]], ...], surname: str) -> bool:
    """Does the run name someone ``surname`` in full on some page?"""
    return surname_key(surname) in run_surname_index(surnames)[0]


def _has_patronymic(text: str) -> bool:
    """Does ``bin`` or ``ibn`` stand as a word between spaces somewhere in ``text``? A cheap
    check before the pattern of Arabic full names."""
    return any(pattern.search(text) for pattern in _PATRONYMICS)


def _arabic_names(
    text: str, start: int, end: int, people: People, rules: PersonRules
) -> list[PersonMention]:
    """:func:`arabic_full_name` in ``text[start:end]``."""
    found = []
    for match in rules.arabic_name.finditer(text, start, end):
        words = [tidy(t.group()) for t in rules.token.finditer(text, match.start(), match.end())]
        if len(words) < 2 or any(word in rules.not_names for word in words):
            continue
        if words[-2].lower() in {"bin", "ibn"}:
            surname, forenames = f"{words[-2]} {words[-1]}", tuple(words[:-2])
        else:
            surname, forenames = words[-1], tuple(words[:-1])
        resolution = people.resolve(surname, forenames, "")
        found.append(
            _mention(
                match.start(),
                match.end(),
                resolution,
                surname,
                forenames,
                tidy(match.group()),
            )
        )
    return found


def _bracketed(
    text: str, start: int, end: int, people: People, rules: PersonRules
) -> list[PersonMention]:
    """Bracketed editorial titles before a surname: ``[General David] PETRAEUS``."""
    found: list[PersonMention] = []
    if text.find("[", start, end) != -1:
        for match in rules.bracketed.finditer(text, start, end):
            title = tidy(match["title"])
            forenames = tuple(tidy(match["fore"]).split())
            printed = match["surname"]
            surname = printed.title() if printed.isupper() else printed
            resolution = people.resolve(surname, forenames, _lookup_title(title))
            found.append(
                _mention(
                    match.start("title"),
                    match.end(),
                    resolution,
                    surname,
                    forenames,
                    tidy(match.group().lstrip("[")),
                    title_end=match.end("title"),
                    title=title,
                )
            )
    return found


def _offices(
    text: str, start: int, end: int, people: People, rules: PersonRules
) -> list[PersonMention]:
    """Offices of several words before a full name: ``Minister of Defence Hazem al‑Shaalan``."""
    found = []
    not_names, token = rules.not_names, rules.token
    for match in rules.office_named.finditer(text, start, end):
        words = [tidy(t.group()) for t in token.finditer(text, match.start("name"), match.end())]
        if any(word in not_names for word in words) or len(words[-1]) < 3:
            continue
        title = tidy(match["title"])
        surname, forenames = words[-1], tuple(words[:-1])
        if len(words) >= 2 and words[-2] in rules.surname_particles:
            surname, forenames = f"{words[-2]} {words[-1]}", tuple(words[:-2])
        if not forenames:
            continue
        resolution = people.resolve(surname, forenames, title.split()[0])
        found.append(
            _mention(
                match.start(),
                match.end(),
                resolution,
                surname,
                forenames,
                tidy(match["name"]),
                title_end=match.end("title"),
                title=title,
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
) -> tuple[dict[str, tuple[str, ...]], re.Pattern[str], re.Pattern[str]]:
    """The run's surnames by :func:`surname_key`, one regex finding any of them as a whole
    word (not inside a longer or hyphenated word), and the same without the check of the
    character before, to try where a modifier prefix ends (``post-Saddam``)."""
    by_key = {surname_key(surname): ids for surname, ids in surnames}
    forms = [surname for surname, _ in surnames]
    body = alternation(forms, _run_unit, after_first=_NOT_AFTER)
    bare = alternation(forms, _run_unit)
    return (
        by_key,
        re.compile(rf"{body}(?![\w\u2011-])"),
        re.compile(rf"{bare}(?![\w\u2011-])"),
    )


_NEXT_CAPITALISED = re.compile(r"[ \u00a0]+\n?[A-Z]|\n[A-Z]")


def _is_whole_word(text: str, at: int, after: int, end: int, rules: PersonRules) -> bool:
    """Whether ``text[at:after]`` is a whole capitalised word (``PersonRules.capitalised``),
    not the start of a longer one or a piece of a hyphenated name, or a surname that opens on
    its particle (``de Mello``); ``end`` is where its block ends."""
    match = rules.capitalised.match(text, at, end)
    if match is not None:
        return match.end() == after
    space = text.find(" ", at, after)
    if space == -1 or text[at:space] not in rules.surname_particles:
        return False
    if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-\u2011"):
        return False
    rest = rules.capitalised.match(text, space + 1, end)
    return rest is not None and rest.end() == after


def _page_surnames(
    text: str,
    blocks: Sequence[tuple[int, int]],
    surnames: dict[str, PersonMention],
    rules: PersonRules,
) -> dict[int, list[tuple[int, int, PersonMention]]]:
    """Where each surname met on the page stands as a whole word, by block, in text order.

    Found with ``str.find`` over the page, then checked to lie inside one block and to be
    exactly the capitalised word :func:`_is_whole_word` reads there (up to the block's end):
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
                if (
                    start <= at
                    and at + width <= end
                    and _is_whole_word(text, at, at + width, end, rules)
                ):
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


def _authors(
    text: str, start: int, end: int, people: People, rules: PersonRules
) -> list[PersonMention]:
    """``Dodge T & Simon S`` at the start of a footnote: each author a person."""
    found = []
    position = start
    while (match := _AUTHOR.match(text, position, end)) is not None:
        surname = match["surname"]
        if surname in rules.not_names:
            break
        initials = tuple(match["initials"])
        resolution = people.resolve(surname, initials[:1], "")
        found.append(
            _mention(
                match.start(),
                match.end(),
                resolution,
                surname,
                initials,
                match.group(),
            )
        )
        joint = _AUTHOR_NEXT.match(text, match.end(), end)
        if joint is None:
            break
        position = joint.end()
    return found


def _titled(
    text: str, match: re.Match[str], people: People, rules: PersonRules
) -> PersonMention | None:
    """The mention a match of the titled pattern makes, or ``None`` when it names no one."""
    not_names, role_titles = rules.not_names, rules.role_titles
    title = tidy(match["title"])
    name_start = match.start("name")
    tokens = list(rules.token.finditer(text, name_start, match.end("name")))
    whole = len(tokens)
    # Cut the name at the first word that belongs to the next phrase.
    for i, token in enumerate(tokens):
        if token.group() in not_names:
            tokens = tokens[:i]
            break
    while tokens and not tokens[-1].group()[1:2].islower() and len(tokens[-1].group()) < 3:
        tokens.pop()  # a trailing initial or particle is not a surname
    if not tokens:
        return None
    last_title = title.split()[-1]
    if (last_title in role_titles or title in role_titles) and tokens[0].group() in not_names:
        return None
    if (title in role_titles or last_title in rules.rank_words) and _names_no_one(
        text, match.start(), tokens, whole, rules
    ):
        return None
    if title in rules.full_name_titles and len(tokens) < 2:
        return None  # ``the Private Sector``: only ``Private Lee Ellis`` is a person
    end = tokens[-1].end()
    words = [tidy(t.group()) for t in tokens]
    if match["of"] and len(tokens) == whole and last_title in rules.peer_titles:
        end = match.end("of")  # ``Lord Wilson of Dinton``
    name = tidy(text[name_start:end])
    if last_title in FORENAME_TITLES and len(words) == 1:
        # ``Sir David``: resolved against the page's other mentions afterwards.
        return PersonMention(
            match.start(), end, None, match.end("title"), title, "", (words[0],), name
        )
    surname, forenames = words[-1], tuple(words[:-1])
    if len(words) >= 2 and words[-2] in rules.surname_particles:
        surname, forenames = f"{words[-2]} {words[-1]}", tuple(words[:-2])
    resolution = people.resolve(surname, forenames, _lookup_title(title))
    return _mention(
        match.start(),
        end,
        resolution,
        surname,
        forenames,
        name,
        title_end=match.end("title"),
        title=title,
    )


def _names_no_one(
    text: str, at: int, tokens: list[re.Match[str]], whole: int, rules: PersonRules
) -> bool:
    """Whether a bare rank or office word and what follows it (``General Election``,
    ``Major Projects Review``) name no person: the word belongs to an office before it, or
    the one word after it reads as an English noun or adjective, or it is a plural that the
    next phrase goes on from (``Major Projects Review``)."""
    if rules.office_before.search(text, max(0, at - 16), at):
        return True
    if len(tokens) != 1:
        return False
    word = tokens[0].group()
    if word in rules.role_titles:
        return True  # ``Sergeant Major``: a rank after a rank
    if len(word) >= 7 and rules.noun_ending.search(word):
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


class PersonAuthority:
    """The person authority as the recognisers read it, built once and held by the caller.

    A :class:`~teikit.Converter` holds one for its run, and each worker process of a parallel
    run builds its own once (:mod:`teikit.parallel`); nothing of it is cached in a module. It
    holds the authority's persons (each document records who it saw in a new :class:`People`
    over them, :meth:`new_people`), the compiled pattern of every name form the authority lets
    stand without a title (building it costs more than scanning a page), and the titled
    mentions already read: the same ``Maj Gen Binns`` comes back page after page, and what it
    resolves to depends on its text and the authority alone.

    >>> authority = PersonAuthority.load(None)
    >>> [m.person_id for m in find_persons("Binns met Maj Gen Jalil.", [(0, 24)],
    ...                                    authority.new_people(), authority=authority)]
    ['pers-binns', 'pers-jalil']
    """

    __slots__ = ("after_prefix", "by_name", "names", "pattern", "people", "persons", "titled")

    def __init__(self, persons: Iterable[Person]) -> None:
        #: the authority's persons, in id order
        self.persons: tuple[Person, ...] = tuple(People.from_persons(persons))
        #: the authority itself, for the run's first pass (which records no one)
        self.people = People.from_persons(self.persons)
        by_name: dict[str, Person] = {}
        ambiguous: set[str] = set()
        for name, person in self.people.aliases():
            key = name.replace("\u2011", "-")
            if key in by_name and by_name[key].id != person.id:
                ambiguous.add(key)  # two known people answer to it: only a title can tell
            by_name.setdefault(key, person)
        for key in ambiguous:
            del by_name[key]
        # A form is looked for only where it opens on a capital or on ``al-``.
        forms = [form for form in by_name if "A" <= form[:1] <= "Z" or form[:1] == "a"]
        body = alternation(forms, _alias_unit, after_first=_NOT_AFTER)
        bare = alternation(forms, _alias_unit)
        #: every untitled name form, as a whole word
        self.pattern: re.Pattern[str] = re.compile(rf"{body}(?![\w\u2011-])")
        #: the same without the check of the character before, tried where a modifier
        #: prefix ends (``post-Saddam``)
        self.after_prefix: re.Pattern[str] = re.compile(rf"{bare}(?![\w\u2011-])")
        self.by_name = by_name
        # A titled mention, by its text and the places of its groups, with offsets from its
        # start (:func:`_titled_key`); and the same for the run's first pass, which needs
        # only the surname and the id.
        self.titled: dict[tuple[str, int, int, int], PersonMention | None] = {}
        self.names: dict[tuple[str, int, int, int], tuple[str, str | None] | None] = {}

    @classmethod
    def load(cls, persons: str | Path | None = None) -> PersonAuthority:
        """teikit's built-in authority with the user's file ``persons`` (CSV or TEI, see
        :meth:`People.load`) merged over it; the built-in one alone when ``None``."""
        people = People.builtin()
        if persons is not None:
            people = people.merge(People.load(persons))
        return cls(people)

    def new_people(self) -> People:
        """A new record of who is seen (one per document), over this authority's persons
        (:meth:`People.renewed`: it shares the authority's indexes and what it resolved)."""
        return self.people.renewed()
