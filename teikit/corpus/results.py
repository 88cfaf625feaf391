"""Rows read back from the index, built into the result models users hold.

The index is teikit's own, so its values are already of the fields' types: the models are
built without validation (:func:`_maker`), which is most of a question's time when it
returns thousands of results. Each function reads the row layout of the query that feeds it
(the unit columns, the person statistics, the dates with their unit).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from teikit.corpus.models import (
    Cooccurrence,
    DateMention,
    KwicHit,
    Mention,
    Note,
    Paragraph,
    Person,
    PersonDetail,
)
from teikit.tei.io import PARAGRAPH_KINDS

#: A unit's persons, dates and note numbers, by unit id.
Extras = dict[int, tuple[tuple[str, ...], tuple[DateMention, ...], tuple[str, ...]]]

M = TypeVar("M", bound=BaseModel)


def _maker(cls: type[M]) -> Callable[..., M]:
    """``cls.model_construct`` for rows read back from teikit's own index, without its loop
    over aliases and defaults for every field of every row (most of a query's time when it
    returns thousands of results): the values are already of the fields' types, so neither
    validation nor construct's per-field bookkeeping is needed. Models with aliases, extras,
    private attributes or a post-init hook take ``model_construct`` itself.
    """
    fields = cls.model_fields
    plain = (
        not cls.__private_attributes__
        and cls.model_config.get("extra") != "allow"
        and cls.__pydantic_post_init__ is None
        and all(f.alias is None and f.validation_alias is None for f in fields.values())
    )
    if not plain:
        return cls.model_construct
    # Every field in declaration order, defaults filled in; a required field's placeholder is
    # always overwritten, since every caller passes it (validation would refuse otherwise).
    template = {
        name: field.get_default(call_default_factory=True) if not field.is_required() else None
        for name, field in fields.items()
    }
    new = cls.__new__
    set_ = object.__setattr__

    def make(**values: Any) -> M:
        model = new(cls)
        data = template.copy()
        data.update(values)
        set_(model, "__dict__", data)
        set_(model, "__pydantic_fields_set__", set(values))
        set_(model, "__pydantic_extra__", None)
        set_(model, "__pydantic_private__", None)
        return model

    return make


def _adopter(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A maker as :func:`_maker`'s for a dict holding every field of ``cls``, in the order
    ``cls`` declares them: the dict becomes the model's ``__dict__`` as it is, with no copy
    of a template nor keyword arguments to gather (for the answers of tens of thousands)."""
    names = set(cls.model_fields)
    if _maker(cls) is cls.model_construct:  # not a plain model: construct reads aliases
        construct = cls.model_construct
        return lambda data: construct(**data)
    new = cls.__new__
    set_ = object.__setattr__

    def adopt(data: dict[str, Any]) -> M:
        model = new(cls)
        set_(model, "__dict__", data)
        set_(model, "__pydantic_fields_set__", names.copy())
        set_(model, "__pydantic_extra__", None)
        set_(model, "__pydantic_private__", None)
        return model

    return adopt


_new_Mention = _maker(Mention)
_new_Cooccurrence = _maker(Cooccurrence)
_adopt_Paragraph = _adopter(Paragraph)
_adopt_Note = _adopter(Note)
_adopt_KwicHit = _adopter(KwicHit)
_adopt_DateMention = _adopter(DateMention)
_new_Person = _maker(Person)
_new_PersonDetail = _maker(PersonDetail)


def person(row: tuple[Any, ...]) -> Person:
    """A person from a row of ``person_stats`` (its lists kept as JSON)."""
    pid, names, titles, count, documents, pages, first, last, wikidata = row
    return _new_Person(
        id=pid,
        names=tuple(json.loads(names)),
        titles=tuple(json.loads(titles)),
        mention_count=count,
        documents=tuple(json.loads(documents)),
        pages=tuple(json.loads(pages)),
        first_date=first,
        last_date=last,
        wikidata=wikidata,
    )


#: Where a unit's dates are: its file, the paragraph they count as in, whether in a note.
Place = tuple[str, str | None, bool]


def unit_place(row: tuple[Any, ...]) -> Place:
    """:data:`Place` of the unit whose row (the unit columns) is ``row``: a paragraph is its
    own; a note's or head's is its parent's, as a date of it reports."""
    kind = row[8]
    return row[1], row[6] if kind in PARAGRAPH_KINDS else row[13], kind == "note"


def unit_date(row: tuple[Any, ...], place: Place) -> DateMention:
    """A dated mention from a row of the dates of given units (the date's own columns), in
    the unit at ``place``."""
    (
        _,
        xpath,
        xml_id,
        sec,
        page,
        text,
        when,
        from_date,
        to_date,
        not_before,
        not_after,
        cert,
        start,
        end,
        inferred,
    ) = row
    file, para, in_note = place
    return _adopt_DateMention(
        {
            "file": file,
            "xpath": xpath,
            "xml_id": xml_id,
            "section": sec,
            "page": page,
            "paragraph": para,
            "text": text,
            "when": when,
            "from_date": from_date,
            "to_date": to_date,
            "not_before": not_before,
            "not_after": not_after,
            "cert": cert,
            "start": start,
            "end": end,
            "inferred": bool(inferred),
            "in_note": in_note,
        }
    )


def kwic_hits(spans: Sequence[tuple[Sequence[Any], int, int]], *, width: int) -> list[KwicHit]:
    """Keyword-in-context hits from ``(row, start, end)`` of each match (a search's row,
    :func:`sql.hit_rows <teikit.corpus.sql.hit_rows>`), ``width`` characters each side, on the
    page where the match starts."""
    hits: list[KwicHit] = []
    pages_of: dict[str, list[tuple[int, str | None]]] = {}  # a unit's page breaks, read once
    append, adopt = hits.append, _adopt_KwicHit
    for (text, file, xpath, xml_id, sec, page, n, kind, pages, _), start, end in spans:
        if pages:  # the page where the match starts: the last break at or before it
            breaks = pages_of.get(pages)
            if breaks is None:
                breaks = pages_of[pages] = json.loads(pages)
            for offset, marked in breaks:
                if offset <= start:
                    page = marked
        # Every field, in the order KwicHit declares them.
        append(
            adopt(
                {
                    "file": file,
                    "xpath": xpath,
                    "xml_id": xml_id,
                    "section": sec,
                    "page": page,
                    "paragraph": n,
                    "kind": kind,
                    "left": text[max(0, start - width) : start],
                    "match": text[start:end],
                    "right": text[end : end + width],
                }
            )
        )
    return hits


def person_mentions(rows: Iterable[tuple[Any, ...]], *, person: str) -> tuple[Mention, ...]:
    """The mentions of ``person``, from rows of its mentions with their context."""
    titles_of: dict[str, tuple[str, ...]] = {}  # a few distinct values, read once each

    def read_titles(value: str) -> tuple[str, ...]:
        if value not in titles_of:
            titles_of[value] = tuple(json.loads(value))
        return titles_of[value]

    return tuple(
        _new_Mention(
            file=file,
            xpath=xpath,
            xml_id=xml_id,
            section=section,
            page=page,
            paragraph=n if kind in PARAGRAPH_KINDS else parent_n,
            person=person,
            text=text,
            titles=read_titles(titles),
            context=context,
            in_note=kind == "note",
        )
        for (
            file,
            xpath,
            xml_id,
            section,
            page,
            text,
            titles,
            context,
            kind,
            n,
            parent_n,
        ) in rows
    )


def person_detail(row: tuple[Any, ...], mentions: tuple[Mention, ...]) -> PersonDetail:
    """A person from its ``person_stats`` row, with its ``mentions``."""
    return _new_PersonDetail(**person(row).__dict__, mentions=mentions)


def cooccurrences(rows: Iterable[tuple[Any, ...]]) -> list[Cooccurrence]:
    """Pairs from rows of ``(person_a, person_b, count)``."""
    return [_new_Cooccurrence(person_a=a, person_b=b, count=c) for a, b, c in rows]


def paragraph(row: tuple[Any, ...], extras: Extras) -> Paragraph:
    """A paragraph from its unit's row, with its persons, dates and notes from ``extras``."""
    uid, file, xpath, xml_id, sec, page, n, text = row[:8]
    persons, dates, notes = extras.get(uid, ((), (), ()))
    return _adopt_Paragraph(
        {
            "file": file,
            "xpath": xpath,
            "xml_id": xml_id,
            "section": sec,
            "page": page,
            "paragraph": n,
            "text": text,
            "persons": persons,
            "dates": dates,
            "notes": notes,
        }
    )


def note(row: tuple[Any, ...], extras: Extras, cited: dict[int, Paragraph]) -> Note:
    """A note from its unit's row, with the paragraph citing it (from ``cited``, by id)."""
    uid, file, xpath, xml_id, sec, page, n, text, _kind, parent, place, ntype = row[:12]
    persons, dates, _ = extras.get(uid, ((), (), ()))
    citing = cited.get(parent) if parent is not None else None
    return _adopt_Note(
        {
            "file": file,
            "xpath": xpath,
            "xml_id": xml_id,
            "section": sec,
            "page": page,
            "paragraph": citing.paragraph if citing else None,
            "n": n,
            "place": place,
            "type": ntype,
            "text": text,
            "persons": persons,
            "dates": dates,
            "cited_in": citing,
        }
    )
