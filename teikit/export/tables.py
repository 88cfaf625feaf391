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
are joined with `` | ``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from teikit.export.read import Collection

Row = dict[str, str | int | bool]


def tables(collection: Collection) -> dict[str, list[Row]]:
    """name -> rows, every row with the same keys in the same order."""
    documents = collection.documents
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
            for d in documents
        ],
        "persons": [
            {
                "person": p.id,
                "name": p.name,
                "names": " | ".join(p.names),
                "roles": " | ".join(p.roles),
                "wikidata": p.wikidata,
                "mentions": p.mentions,
            }
            for p in collection.persons
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
            for d in documents
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
            for d in documents
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
            for d in documents
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
            for d in documents
            for t in d.dates
        ],
    }


_HEADERS = {
    "documents": "document file title section section_title page_from page_to paragraphs notes",
    "persons": "person name names roles wikidata mentions",
    "paragraphs": "paragraph document n part page text",
    "notes": "note document paragraph n page missing text",
    "mentions": "mention person document paragraph note page text",
    "dates": "date document paragraph note page when from to cert text",
}


def _csv(name: str, rows: list[Row]) -> Iterator[str]:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(_HEADERS[name].split())
    for row in rows:
        out.writerow(str(v).lower() if isinstance(v, bool) else v for v in row.values())
    yield buffer.getvalue()


def write_csv(collection: Collection, folder: Path, progress: object = None) -> None:
    for name, rows in tables(collection).items():
        (folder / f"{name}.csv").write_bytes("".join(_csv(name, rows)).encode("utf-8"))


def write_jsonl(collection: Collection, folder: Path, progress: object = None) -> None:
    for name, rows in tables(collection).items():
        lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (folder / f"{name}.jsonl").write_bytes("".join(lines).encode("utf-8"))
