"""Who a person mention is: the personography of a run.

A mention (``Maj Gen Binns``, ``Major General Graham Binns``, ``Binns``) is linked to one
:class:`Person` with a readable, stable id (``pers-binns``). Ids come from an *authority* (the
built-in ``persons.csv`` of people of the Iraq Inquiry, merged with an optional user file) or,
for people it does not know, from the surname as printed (``pers-ancram``). Either way an id is
a function of the mention and the authority alone, never of the order pages are seen in, so a
page converted alone and the same page inside its section give the same ids.

How ambiguity is resolved, in order: the forenames printed in the mention must agree with the
person's; then the title (``Mr Powell`` is Jonathan Powell, ``Secretary Powell`` Colin Powell);
what still has more than one candidate is *not* merged: the caller reports it (TK301) and the
mention is encoded without ``@ref``. Different surnames are different people (``Brown`` is not
``Browne``); an unknown surname seen with two different forenames is merged under one id and
reported (TK301), since a mention without forenames cannot tell the two apart.

>>> people = People.builtin()
>>> people.resolve("Binns", (), "Maj Gen").id
'pers-binns'
>>> people.resolve("Powell", (), "Mr").id
'pers-powell-jonathan'
>>> people.resolve("Powell", (), "").candidates
('pers-powell-colin', 'pers-powell-jonathan')
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from lxml import etree

from teikit.errors import InputError, Problem
from teikit.xmlnames import NSMAP as _NSMAP
from teikit.xmlnames import XML_ID
from teikit.xmlnames import T as _T

# Arabic article prefixes: ``al-Maliki`` and ``Maliki`` are the same surname.
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-", re.IGNORECASE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Knights and dames are named by forename after the title: ``Sir David`` is David Manning.
FORENAME_TITLES = frozenset({"Sir", "Dame"})


# The same few names come back on every page: remember their keys and slugs.
@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A surname as compared: case-folded, hyphens unified, the Arabic article dropped."""
    folded = name.replace("\u2011", "-").replace("\u2010", "-").replace("\n", "").casefold()
    return _ARTICLE.sub("", folded)


@functools.lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """``White‑Spunner`` -> ``white-spunner``; the readable part of an id."""
    plain = name.replace("\n", "").replace("\u2011", "-").replace("\u2010", "-")
    decomposed = unicodedata.normalize("NFKD", plain)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").casefold()
    return _NON_SLUG.sub("-", ascii_only).strip("-") or "x"


@dataclass(frozen=True, slots=True)
class Person:
    """One real person: ``id`` (``pers-binns``), surname, forenames, the titles and names
    (forms of the name without title) known or seen, and a Wikidata id where certain."""

    id: str
    surname: str
    forenames: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    wikidata: str | None = None
    codename: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of looking a mention up: ``id``, or ``None`` with the ``candidates`` that
    made it ambiguous."""

    id: str | None
    candidates: tuple[str, ...] = ()
    known: bool = False


@dataclass(slots=True)
class _Seen:
    titles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    forenames: tuple[str, ...] = ()


class People:
    """An authority of known persons plus a record of who a run has seen.

    Build with :meth:`builtin`, :meth:`load` or :meth:`from_persons`; combine with
    :meth:`merge`. The entity stage calls :meth:`resolve` and :meth:`record`; the TEI builder
    reads :meth:`seen`.
    """

    __slots__ = (
        "_by_forename",
        "_by_id",
        "_by_surname",
        "_resolved",
        "_seen",
        "_surnames",
        "run_names",
    )

    def __init__(self, persons: Iterable[Person] = ()) -> None:
        self._by_id: dict[str, Person] = {}
        self._by_surname: dict[str, list[Person]] = {}
        self._by_forename: dict[str, list[Person]] = {}
        self._seen: dict[str, _Seen] = {}
        # An unknown person's surname as first printed (their id only has its slug).
        self._surnames: dict[str, str] = {}
        # What :meth:`resolve` answered: it depends on the authority alone, never on what
        # was seen, and a run asks about the same few names on every page.
        self._resolved: dict[tuple[str, tuple[str, ...], str], Resolution] = {}
        # The surnames the whole run names with a title (``teikit.entities.run``): a bare
        # surname on a page links to them. Never used to resolve a titled mention, so ids
        # stay the same alone and in a run.
        self.run_names: tuple[tuple[str, tuple[str, ...]], ...] = ()
        for person in persons:
            self._by_id[person.id] = person
        for person in sorted(self._by_id.values(), key=lambda p: p.id):
            self._by_surname.setdefault(name_key(person.surname), []).append(person)
            if person.forenames:
                self._by_forename.setdefault(person.forenames[0].casefold(), []).append(person)

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def from_persons(cls, persons: Iterable[Person]) -> People:
        """An authority holding exactly ``persons``."""
        return cls(persons)

    @classmethod
    def builtin(cls) -> People:
        """The people of the Iraq Inquiry that teikit ships (``teikit/entities/persons.csv``)."""
        data = resources.files("teikit.entities").joinpath("persons.csv").read_text("utf-8")
        return cls(_read_csv(data, source="persons.csv"))

    @classmethod
    def load(cls, path: str | Path) -> People:
        """Read an authority file: CSV (``id,names,titles,wikidata``) or a TEI ``listPerson``.

        CSV ``names`` are ``|``-separated; the first is the full name, ``Surname, Forenames``
        or ``Forenames Surname``; every further name is a form the text may use *without* a
        title (``Binns``, ``Saddam``) and is recognised on its own. ``titles`` are
        ``|``-separated too. Raises :class:`InputError` when the file cannot be used.
        """
        path = Path(path)
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise InputError(Problem.make("TK303", detail, file=source)) from None
        if data.lstrip().startswith(b"<"):
            return cls(_read_listperson(data, source=source))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(Problem.make("TK303", "not UTF-8", file=source)) from None
        return cls(_read_csv(text, source=source))

    def renewed(self) -> People:
        """A new record over the same authority: it has seen no one yet. It shares this
        one's indexes of the known persons and its memo of :meth:`resolve` (both depend on
        the authority alone), so a document's record costs nothing to make."""
        fresh = People.__new__(People)
        fresh._by_id, fresh._by_surname = self._by_id, self._by_surname
        fresh._by_forename, fresh._resolved = self._by_forename, self._resolved
        fresh._seen, fresh._surnames = {}, {}
        fresh.run_names = ()
        return fresh

    def merge(self, other: People) -> People:
        """A new authority: ``self`` with ``other`` on top. A person of ``other`` replaces one
        of ``self`` with the same id, or with the same surname and first forename (the user's
        file fixes ids and full names)."""
        replaced = {p.id for p in other}
        keys = {(name_key(p.surname), p.forenames[:1]) for p in other}
        kept = [
            p
            for p in self
            if p.id not in replaced and (name_key(p.surname), p.forenames[:1]) not in keys
        ]
        return People([*kept, *other])

    # --- lookup ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Person]:
        return iter(sorted(self._by_id.values(), key=lambda p: p.id))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, person_id: str) -> Person | None:
        """The known person with ``person_id``, or ``None``."""
        return self._by_id.get(person_id)

    def aliases(self) -> Iterator[tuple[str, Person]]:
        """Every form of a known name that may be recognised without a title."""
        for person in self:
            for name in person.names:
                yield name, person

    def resolve(self, surname: str, forenames: tuple[str, ...] = (), title: str = "") -> Resolution:
        """Who ``title forenames surname`` is.

        Known surname: narrowed by forenames, then by title; one left -> its id, several ->
        ambiguous, none (the forenames disagree) -> a new person ``pers-<surname>-<forename>``.
        Unknown surname: ``pers-<surname>``.
        """
        key = (surname, forenames, title)
        resolution = self._resolved.get(key)
        if resolution is None:
            if len(self._resolved) > 20_000:  # shared by a run's records: keep it bounded
                self._resolved.clear()
            resolution = self._resolved[key] = self._resolve(surname, forenames, title)
        return resolution

    def _resolve(self, surname: str, forenames: tuple[str, ...], title: str) -> Resolution:
        candidates = self._by_surname.get(name_key(surname), [])
        if not candidates:
            # The Arabic article is no part of the id: ``al‑Shaalan`` and ``Shaalan`` are one.
            return Resolution("pers-" + slug(_ARTICLE.sub("", surname.replace("\u2011", "-"))))
        if forenames:
            first = forenames[0].casefold()
            candidates = [p for p in candidates if p.forenames[:1] and _same(p.forenames[0], first)]
            if not candidates:
                return Resolution(f"pers-{slug(surname)}-{slug(forenames[0])}")
        if len(candidates) > 1 and title:
            titled = [p for p in candidates if title in p.titles]
            if not titled:  # ``Secretary of State Powell``: the office's head word
                head = title.split()[0]
                titled = [p for p in candidates if head in p.titles]
            if titled:
                candidates = titled
        if len(candidates) == 1:
            return Resolution(candidates[0].id, known=True)
        return Resolution(None, tuple(p.id for p in candidates))

    def knows_forename(self, forename: str) -> bool:
        """Is ``forename`` the first forename of someone the authority knows?"""
        return forename.casefold() in self._by_forename

    def resolve_forename(self, forename: str, title: str) -> Resolution:
        """Who ``Sir David`` is, from the authority alone: a known knight with that forename."""
        candidates = [
            p for p in self._by_forename.get(forename.casefold(), []) if title in p.titles
        ]
        if len(candidates) == 1:
            return Resolution(candidates[0].id, known=True)
        return Resolution(None, tuple(p.id for p in candidates))

    # --- what a run has seen --------------------------------------------------------------

    def record(
        self, person_id: str, *, surname: str, forenames: tuple[str, ...], title: str, name: str
    ) -> bool:
        """Note that ``person_id`` was mentioned as ``title name``. Returns ``False`` when the
        forenames disagree with those seen before for the same id (an unknown surname shared
        by two people: worth a TK301)."""
        seen = self._seen.get(person_id)
        if seen is None:
            seen = self._seen[person_id] = _Seen()
            if person_id not in self._by_id:
                self._surnames[person_id] = surname
        if title:
            seen.titles.add(title)
        seen.names.add(name)
        if forenames and person_id not in self._by_id:
            if seen.forenames and not _same(seen.forenames[0], forenames[0].casefold()):
                return False
            if len(forenames) > len(seen.forenames):
                seen.forenames = forenames
        return True

    def seen(self) -> list[Person]:
        """The persons mentioned so far, in id order, with the titles and names seen."""
        out: list[Person] = []
        for person_id in sorted(self._seen):
            seen = self._seen[person_id]
            known = self._by_id.get(person_id)
            if known is not None:
                base = known
            else:
                surname = self._surnames.get(person_id, person_id.removeprefix("pers-"))
                base = Person(
                    person_id,
                    surname,
                    seen.forenames,
                    codename=_CODENAME.fullmatch(surname) is not None,
                )
            out.append(
                replace(base, titles=tuple(sorted(seen.titles)), names=tuple(sorted(seen.names)))
            )
        return out


_CODENAME = re.compile(r"\[?[A-Z]{2,6}\d{1,2}\]?")


def _same(forename: str, folded: str) -> bool:
    """Forenames agree when equal or one is the initial of the other (``G`` / ``Graham``)."""
    mine = forename.casefold()
    return (
        mine == folded
        or (len(folded) == 1 and mine[:1] == folded)
        or (len(mine) == 1 and folded[:1] == mine)
    )


def _split_name(full: str) -> tuple[str, tuple[str, ...]]:
    """``Binns, Graham`` or ``Graham Binns`` -> (surname, forenames)."""
    if "," in full:
        surname, _, rest = full.partition(",")
        return surname.strip(), tuple(rest.split())
    parts = full.split()
    return parts[-1], tuple(parts[:-1])


def _read_csv(text: str, *, source: str) -> list[Person]:
    persons = []
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"id", "names"} <= set(reader.fieldnames):
        raise InputError(
            Problem.make("TK303", "needs columns id,names[,titles,wikidata]", file=source)
        )
    for row_number, row in enumerate(reader, start=2):
        person_id = (row.get("id") or "").strip()
        names = [n.strip() for n in (row.get("names") or "").split("|") if n.strip()]
        if not person_id or not names:
            detail = f"row {row_number} has no id or no name"
            raise InputError(Problem.make("TK303", detail, file=source, line=row_number))
        surname, forenames = _split_name(names[0])
        full = " ".join((*forenames, surname))
        aliases = tuple(dict.fromkeys(n for n in names[1:] if n != names[0]))
        titles = tuple(t.strip() for t in (row.get("titles") or "").split("|") if t.strip())
        wikidata = (row.get("wikidata") or "").strip() or None
        persons.append(Person(person_id, surname, forenames, titles, aliases or (full,), wikidata))
    return persons


def _read_listperson(data: bytes, *, source: str) -> list[Person]:
    from teikit.safexml import parse_bytes  # the one hardened parser

    tree = parse_bytes(data, source=source)
    persons = []
    for node in tree.iter(f"{_T}person"):
        person_id = node.get(XML_ID)
        pers_name = node.find(f"{_T}persName")
        if not person_id or pers_name is None:
            continue
        surname = "".join(pers_name.findtext(f"{_T}surname") or "").strip()
        forenames = tuple(
            (f.text or "").strip() for f in pers_name.iterfind(f"{_T}forename") if f.text
        )
        if not surname:
            surname, forenames = _split_name(" ".join(str(t) for t in pers_name.itertext()).strip())
        titles = tuple(
            dict.fromkeys(
                " ".join((r.text or "").split()) for r in node.iter(f"{_T}roleName") if r.text
            )
        )
        wikidata = None
        for idno in node.iterfind(f"{_T}idno"):
            if idno.get("type") == "wikidata" and idno.text:
                wikidata = idno.text.strip()
        full = " ".join((*forenames, surname))
        persons.append(Person(person_id, surname, forenames, titles, (full,), wikidata))
    return persons


# --- the personography as TEI -----------------------------------------------------------------


def listperson_element(persons: Iterable[Person]) -> etree._Element:
    """``<listPerson>`` (TEI namespace) with one ``person`` per item of ``persons``.

    Each person has one ``persName`` per title seen (``roleName``, ``forename*``,
    ``surname``), or one without ``roleName``, and ``idno[@type="wikidata"]`` when known.
    A codenamed individual (``[JAM1]``) has a ``persName`` holding the codename only.
    """
    root = etree.Element(f"{_T}listPerson", nsmap=_NSMAP)
    for person in sorted(persons, key=lambda p: p.id):
        node = etree.SubElement(root, f"{_T}person")
        node.set(XML_ID, person.id)
        if person.codename:
            etree.SubElement(node, f"{_T}persName").text = person.surname.strip("[]")
        else:
            for title in person.titles or ("",):
                _pers_name(node, title, person)
        if person.wikidata:
            idno = etree.SubElement(node, f"{_T}idno", type="wikidata")
            idno.text = person.wikidata
    return root


def _pers_name(parent: etree._Element, title: str, person: Person) -> None:
    name = etree.SubElement(parent, f"{_T}persName")
    last: etree._Element | None = None
    if title:
        last = etree.SubElement(name, f"{_T}roleName")
        last.text = title
    for forename in person.forenames:
        if last is not None:
            last.tail = " "
        last = etree.SubElement(name, f"{_T}forename")
        last.text = forename
    if last is not None:
        last.tail = " "
    etree.SubElement(name, f"{_T}surname").text = person.surname
