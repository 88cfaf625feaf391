"""``--to csv`` and ``--to jsonl``: the corpus as tables that join on their ids.

Six tables, one file each (``.csv``: UTF-8, RFC 4180 with CRLF line ends and one header row;
``.jsonl``: one JSON object a line, the same fields)::

    documents   document, file, title, section, section_title, page_from, page_to, paragraphs, notes
    persons     person, name, names, roles, wikidata, mentions
    paragraphs  paragraph, document, n, part, page, text
    notes       note, document, paragraph, n, page, missing, text
    mentions    mention, person, document, paragraph, note, page, text
    dates       date, document, paragraph, note, page, when, from, to, cert, text

``mentions.person`` joins ``persons.person``; ``*.document`` joins ``documents.document``;
``*.paragraph`` joins ``paragraphs.paragraph``; ``*.note`` joins ``notes.note``. A
paragraph's text leaves its notes out (they are rows of ``notes``); several names or titles
are joined with `` | ``. The documents are read one at a time and their rows written as they
come, so the tables never sit in memory whole.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from teikit.corpus import Person
from teikit.export.read import Collection, Document, display_name

Row = dict[str, str | int | bool]


def document_rows(d: Document) -> dict[str, list[Row]]:
    """table name -> the rows one document adds (``persons`` is the corpus's, not here)."""
    return {
        "documents": [
            {
                "document": d.id,
                "file": d.path.name,
                "title": d.title,
                "section": d.section,
                "section_title": d.section_title,
                "page_from": d.page_from,
                "page_to": d.page_to,
                "paragraphs": len(d.paragraphs),
                "notes": len(d.notes),
            }
        ],
        "paragraphs": [
            {
                "paragraph": p.id,
                "document": p.document,
                "n": p.n,
                "part": p.part,
                "page": p.page,
                "text": p.text,
            }
            for p in d.paragraphs
        ],
        "notes": [
            {
                "note": n.id,
                "document": n.document,
                "paragraph": n.paragraph,
                "n": n.n,
                "page": n.page,
                "missing": n.missing,
                "text": n.text,
            }
            for n in d.notes
        ],
        "mentions": [
            {
                "mention": m.id,
                "person": m.person,
                "document": m.document,
                "paragraph": m.paragraph,
                "note": m.note,
                "page": m.page,
                "text": m.text,
            }
            for m in d.mentions
        ],
        "dates": [
            {
                "date": t.id,
                "document": t.document,
                "paragraph": t.paragraph,
                "note": t.note,
                "page": t.page,
                "when": t.when,
                "from": t.from_,
                "to": t.to,
                "cert": t.cert,
                "text": t.text,
            }
            for t in d.dates
        ],
    }


def person_row(p: Person) -> Row:
    return {
        "person": p.id,
        "name": display_name(p),
        "names": " | ".join(p.names),
        "roles": " | ".join(p.titles),
        "wikidata": p.wikidata or "",
        "mentions": p.mention_count,
    }


def rows(collection: Collection) -> Iterator[tuple[str, Row]]:
    """(table name, row) for every row of every table: the persons, then each document's rows
    as it is read. Within a table, rows come in the order they are written."""
    for person in collection.persons:
        yield "persons", person_row(person)
    for document in collection.documents():
        for name, table in document_rows(document).items():
            for row in table:
                yield name, row


_HEADERS = {
    "documents": "document file title section section_title page_from page_to paragraphs notes",
    "persons": "person name names roles wikidata mentions",
    "paragraphs": "paragraph document n part page text",
    "notes": "note document paragraph n page missing text",
    "mentions": "mention person document paragraph note page text",
    "dates": "date document paragraph note page when from to cert text",
}


def write_csv(collection: Collection, folder: Path, progress: object = None) -> None:
    with ExitStack() as files:
        writers = {}
        for name, header in sorted(_HEADERS.items()):
            stream = files.enter_context(
                (folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
            )
            writers[name] = csv.writer(stream, lineterminator="\r\n")
            writers[name].writerow(header.split())
        for name, row in rows(collection):
            writers[name].writerow(
                str(v).lower() if isinstance(v, bool) else v for v in row.values()
            )


def write_jsonl(collection: Collection, folder: Path, progress: object = None) -> None:
    with ExitStack() as files:
        streams = {
            name: files.enter_context(
                (folder / f"{name}.jsonl").open("w", encoding="utf-8", newline="")
            )
            for name in sorted(_HEADERS)
        }
        for name, row in rows(collection):
            streams[name].write(json.dumps(row, ensure_ascii=False) + "\n")
