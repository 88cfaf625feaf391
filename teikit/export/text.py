"""``--to txt``: plain text per document, for Voyant Tools, AntConc and the like.

One ``DOCUMENT.txt`` per document: the title, then headings and paragraphs (quotations and
list items inside them), one block a line with a blank line between, and the footnotes
gathered at the end under ``Notes`` as ``264 text``. Paragraph numbers, running heads and page
numbers are left out, so word counts are the report's words.
"""

from __future__ import annotations

from pathlib import Path

from teikit.export.read import NS, Collection, Document, Element, paragraph_text
from teikit.tei.io import local_name as local

# Blocks written one a line; inside a paragraph or a note they are part of it instead.
_BLOCKS = frozenset({"head", "p", "ab", "row"})
_INSIDE = frozenset({"p", "note", "item", "head"})


def document_text(doc: Document) -> str:
    """The document as plain text (see the module's docstring)."""
    blocks = [doc.title]
    body = doc.root.find("t:text", NS)
    if body is not None:
        for element in body.iter():
            if local(element) in _BLOCKS and _top_level(element):
                text = paragraph_text(element)
                if text:
                    blocks.append(text)
    notes = [f"{n.n} {n.text}".strip() for n in doc.notes if n.text]
    if notes:
        blocks += ["Notes", *notes]
    return "\n\n".join(blocks) + "\n"


def _top_level(element: Element) -> bool:
    return not any(local(a) in _INSIDE for a in element.iterancestors())


def write(collection: Collection, folder: Path, progress: object = None) -> None:
    for doc in collection.documents():
        (folder / f"{doc.id}.txt").write_bytes(document_text(doc).encode("utf-8"))
