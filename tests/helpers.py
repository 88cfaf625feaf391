"""What the tests check outputs with: the nothing-lost reading of a page and of its TEI."""

from __future__ import annotations

from lxml import etree

from teikit.footnotes import find_markers
from teikit.layout import parse_layout
from teikit.model import BlockKind
from teikit.read import Page

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
_SKIPPED = {BlockKind.NAVIGATION, BlockKind.FOOTNOTE, BlockKind.PAGE_NUMBER}


def nonws(text: str) -> str:
    """The non-whitespace characters of ``text``, in order."""
    return "".join(text.split())


def expected_stream(page: Page) -> str:
    """What the TEI text of ``page`` must read, as ENCODING.md defines nothing lost.

    Every non-whitespace character of the page but its navigation lines, in reading order (a
    footnote read at its marker; a footnote without a marker at the end of the page, before
    the page number), without the labels that become ``@n``.
    """
    layout = parse_layout(page)
    find_markers(page, layout)
    text = page.text
    notes = {m.start: m for m in layout.markers}
    parts: list[str] = []
    for block in layout.blocks:
        if block.kind in _SKIPPED:
            continue
        position = block.content_start
        for start in sorted(notes):
            marker = notes[start]
            if block.content_start <= start < block.end:
                parts.append(text[position:start])
                if marker.note is not None:
                    note = layout.blocks[marker.note]
                    parts.append(text[note.content_start : note.end])
                position = marker.end
        parts.append(text[position : block.end])
    marked = {m.note for m in layout.markers}
    for index, block in enumerate(layout.blocks):
        if block.kind is BlockKind.FOOTNOTE and index not in marked:
            parts.append(text[block.content_start : block.end])
    if layout.page_number:
        parts.append(layout.page_number)
    return nonws("".join(parts))


def body_stream(root: etree._Element) -> str:
    """The non-whitespace text of a TEI document's ``body``, in document order."""
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    return nonws("".join(body.itertext()))
