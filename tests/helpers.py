"""What the tests check outputs with: the nothing-lost reading of a TEI document, and what a
real page must give, read from the page's text alone (never by the stages under test)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def examples(usual: int) -> int:
    """How many examples a property test draws: ``usual``, times ``TEIKIT_SOAK`` when it is
    set (``TEIKIT_SOAK=10 pytest ...``: a long search for new failures, run on purpose; a
    test's own ``settings(max_examples=...)`` would override a hypothesis profile's)."""
    return usual * int(os.environ.get("TEIKIT_SOAK", "1"))


def nonws(text: str) -> str:
    """The non-whitespace characters of ``text``, in order."""
    return "".join(text.split())


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
_LABEL = re.compile(r"^(\d{1,4})\.([\u2002\u2003] ?| {2,}| (?=\S))")
NAVIGATION_LINE = "Previous page | Contents | Next page"


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


@dataclass(frozen=True)
class _Found:
    line: int
    start: int
    end: int
    number: str
    context: str


def _find_markers(text: str) -> list[_Found]:
    numbers, foot = foot_numbers(text)
    wanted = set(numbers)
    found: list[tuple[_Found, bool]] = []  # the marker, and whether it is strong
    for index, line in enumerate(text.split("\n")[:foot]):
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
            context = nonws(line[floor : match.start()])
            found.append(
                (_Found(index, match.start(), match.end(), match.group(), context), strong)
            )
            wanted.discard(match.group())
            floor = match.end()
    kept = []
    for index, (marker, strong) in enumerate(found):
        neighbours = {int(m.number) for m, _ in found[max(0, index - 1) : index + 2]}
        if strong or {int(marker.number) - 1, int(marker.number) + 1} & neighbours:
            kept.append(marker)
    return kept


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
    return [(m.number, m.context) for m in _find_markers(text)]


def expected_reading(text: str) -> str:
    """What the TEI body of a real page must read (see :func:`reading`), from its text alone.

    The navigation lines go; paragraph labels (``563.`` then an EN SPACE or two spaces, or
    one space when the number follows on from the paragraph before) and footnote labels go
    to attributes; each footnote is read at its marker (:func:`expected_markers`); a
    footnote without a marker is read at the end, before the printed page number (the last
    line, all digits, of a page that has its closing navigation line or its footnotes).
    """
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    closed = bool(lines) and lines[-1].strip() == NAVIGATION_LINE
    if closed:
        lines.pop()
    if lines and lines[0].strip() == NAVIGATION_LINE:
        lines[0] = ""
    numbers, foot = foot_numbers("\n".join(lines))
    page_number = ""
    if (closed or numbers) and lines and re.fullmatch(r"\s*\d{1,4}\s*", lines[-1]):
        page_number = lines.pop().strip()
    notes: dict[str, str] = {}
    current = ""
    for line in lines[foot:]:
        opening = _FOOTNOTE_LINE.match(line)
        if opening and opening.group(1) in numbers:
            current = opening.group(1)
            notes[current] = nonws(line)[len(current) :]
        elif current:
            notes[current] += nonws(line)
    markers = {(m.line, m.start): m for m in _find_markers(text)}
    parts: list[str] = []
    last_label: int | None = None
    for index, line in enumerate(lines[:foot]):
        label = _LABEL.match(line)
        if label and (label.group(2) != " " or last_label == int(label.group(1)) - 1):
            last_label = int(label.group(1))
            parts.append(nonws(line[: label.end()])[len(label.group(1)) + 1 :])
            position = label.end()
        else:
            position = 0
        for (line_index, start), marker in sorted(markers.items()):
            if line_index == index:
                parts.append(nonws(line[position:start]))
                parts.append(f"⟦{marker.number}⟧{notes.pop(marker.number, '')}⟦/⟧")
                position = marker.end
        parts.append(nonws(line[position:]))
    parts.extend(f"⟦{n}⟧{note}⟦/⟧" for n, note in notes.items())
    return "".join(parts) + page_number


# --- the same pages in another layout --------------------------------------------------------

#: The spaces of the web edition that pdftotext prints as ordinary spaces: NO-BREAK, EN, EM,
#: THIN SPACE.
_WIDE_SPACES = re.compile("[\u00a0\u2002\u2003\u2009]")


def pdftotext_layout(text: str, *, single_spaces: bool = False) -> str:
    """A web-edition page as ``pdftotext`` prints the same page: its navigation lines gone,
    every NO-BREAK, EN, EM and THIN SPACE an ordinary space; nothing else changed. With
    ``single_spaces``, runs of spaces are one space too (``563.  The`` -> ``563. The``), as
    pdftotext prints the print's wide gap after a label. (Pages of one file are then joined
    with a form feed, ``"\\f".join(...)``.)"""
    lines = [line for line in text.split("\n") if line.strip() != NAVIGATION_LINE]
    rewritten = _WIDE_SPACES.sub(" ", "\n".join(lines))
    return re.sub(" {2,}", " ", rewritten) if single_spaces else rewritten


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``teikit ARGS`` in a fresh interpreter (``python -m teikit``), as a user runs it: its
    exit code, stdout and stderr, never raising on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", "teikit", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
