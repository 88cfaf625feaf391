"""What the tests check outputs with: the nothing-lost reading of a page and of its TEI."""

from __future__ import annotations

import re

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


def reading(root: etree._Element) -> str:
    """A TEI document's ``body`` as :attr:`GeneratedPage.reading` writes the truth: its
    non-whitespace text in document order, each note's text inside ``⟦n⟧ … ⟦/⟧``."""
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        is_note = element.tag == f"{TEI}note"
        if is_note:
            parts.append(f"⟦{element.get('n')}⟧")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if is_note:
            parts.append("⟦/⟧")

    walk(body)
    return nonws("".join(parts))


def text_before_notes(root: etree._Element) -> dict[str, list[str]]:
    """Note number -> the non-whitespace body text before each note with that number, in
    document order, leaving out the text of notes (a note is read where its marker was)."""
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    seen: list[str] = []
    found: dict[str, list[str]] = {}

    def walk(element: etree._Element, in_note: bool) -> None:
        if element.tag == f"{TEI}note":
            found.setdefault(element.get("n") or "", []).append(nonws("".join(seen)))
            in_note = True
        if isinstance(element.tag, str) and element.text and not in_note:
            seen.append(element.text)
        for child in element:
            walk(child, in_note)
            if child.tail and not in_note:
                seen.append(child.tail)

    walk(body, False)
    return found


# --- markers read from a real page's text alone ----------------------------------------------

_FOOTNOTE_LINE = re.compile(r"^(\d{1,4})(?:[\u2002\u2003] ?| {2,})[^\s|]")
_PARAGRAPH_LABEL = re.compile(r"^\d{1,4}\.(?:[\u2002\u2003] ?| +)")


def foot_numbers(text: str) -> tuple[list[str], int]:
    """The numbers opening the footnote lines at the foot of a page, and the index of the
    first footnote line: the last run of lines opening ``264\u2002…`` whose numbers rise one
    by one (the lines between them are the notes' wrapped lines)."""
    lines = text.split("\n")
    opening = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _FOOTNOTE_LINE.match(line))]
    if not opening:
        return [], len(lines)
    run = [opening[-1]]
    for index, number in reversed(opening[:-1]):
        if int(number) != int(run[0][1]) - 1:
            break
        run.insert(0, (index, number))
    return [number for _, number in run], run[0][0]


_GLUED = re.compile(r"(?<=[^\s\d])\d{1,4}(?!\d)")
# on a page cut short before its foot: glued to the end of a sentence or a quotation (strong);
# glued to a word (FRESCO10) or after one space following a closing quotation mark
# (berets.” 196) (weak: a marker only next to a marker one less or one more)
_CUT_SHORT = re.compile(
    r"(?<=[.!?…”’])(?P<strong>\d{1,4})(?=\s|$)"
    r"|(?<=[^\W\d_]{4})(?P<word>\d{1,4})(?=\s|$)"
    r"|(?<=[”’] )(?P<spaced>\d{1,4})(?=\s|$)"
)


def expected_markers(text: str) -> list[tuple[str, str]]:
    """The footnote markers of a real page, read from its text alone.

    On a page with footnotes at its foot, a marker is a number glued after a word,
    punctuation or a closing quotation mark in the body (above the foot) that equals the
    number opening a footnote line. On a page without them (cut short), it is a number glued
    to the end of a sentence or a quotation and followed by a space or the line end, or one
    glued to a word or after a closing quotation mark and a space, when a marker one less or
    one more is next to it. Either way a number glued to ``6.`` (``6.2``; a year, ``2003.35``,
    is no decimal) or to ``No.`` is not one. Returns ``(number, context)`` in reading order,
    ``context`` being the non-whitespace text before the marker on its line (after a
    paragraph label and after an earlier marker): the text its note must follow.
    """
    numbers, foot = foot_numbers(text)
    wanted = set(numbers)
    found: list[tuple[str, str, bool]] = []  # number, context, strong
    for line in text.split("\n")[:foot]:
        if "|" in line:
            continue  # a running head or a navigation line
        label = _PARAGRAPH_LABEL.match(line)
        floor = label.end() if label else 0
        for match in (_GLUED if numbers else _CUT_SHORT).finditer(line):
            before = line[: match.start()]
            if match.start() < floor or (numbers and match.group() not in wanted):
                continue
            decimal = re.search(r"(\d+)[.,]$", before)
            if decimal and not re.fullmatch(r"(?:19|20)\d\d", decimal.group(1)):
                continue
            if re.search(r"\bNos?\.$", before):
                continue
            strong = bool(numbers) or match.lastgroup == "strong"
            found.append((match.group(), nonws(line[floor : match.start()]), strong))
            wanted.discard(match.group())
            floor = match.end()
    kept = []
    for index, (number, context, strong) in enumerate(found):
        neighbours = [int(n) for n, _, _ in found[max(0, index - 1) : index + 2]]
        if strong or {int(number) - 1, int(number) + 1} & set(neighbours):
            kept.append((number, context))
    return kept
