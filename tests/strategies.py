"""Hypothesis strategies: pages in the real layout, with their ground truth.

One place for every generator the property tests use (attrs' ``tests/strategies.py``). A
generated page knows what it holds, because it was built from it: its paragraph numbers,
footnotes, markers (and the text each follows), headings, quotations, list items, running
head and page number, and the text a correct TEI reading of it gives. The tests check the
converter against that truth, never against the converter's own layout or footnote stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import reject
from hypothesis import strategies as st

from tests.helpers import nonws

NAV = "Previous page | Contents | Next page"
MEASURE = 86

WORDS = [
    "the",
    "Inquiry",
    "Government",
    "military",
    "reconstruction",
    "Basra",
    "security",
    "forces",
    "report",
    "assessment",
    "judged",
    "would",
    "could",
    "Ministers",
    "officials",
    "advice",
    "policy",
    "strategy",
    "support",
    "political",
    "situation",
    "operations",
    "troops",
    "Iraqi",
    "British",
    "Embassy",
    "progress",
    "December",
    "withdrawal",
    "planning",
    "options",
    "resolution",
    "Council",
    "international",
    "evidence",
    "continued",
    "concluded",
    "intelligence",
    "Committee",
    "Cabinet",
    "Office",
    "meeting",
    "discussion",
    "agreement",
    "that",
    "was",
    "were",
    "had",
    "been",
    "with",
    "from",
    "into",
    "their",
    "which",
    "about",
    "between",
    "during",
]
TITLED = ("Mr\u00a0Browne", "Maj Gen Binns", "Prime Minister Maliki", "Sir John Sawers")
HEADINGS = ("November 2007", "The MOD takes the lead", "Conclusions", "Early negotiations")
REPORT_TITLE = "The Report of the Iraq Inquiry"
#: Section titles of odd pages' running heads; "|" marks where a head may wrap onto a second
#: line (after a word the layout reads as leading on, such as "to" or "for").
SECTION_TITLES = (
    "27\u2009June 2007 to| April 2008",
    "Military planning for| the invasion, January to| March 2003",
    "Security Sector Reform",
    "The post-conflict period",
    "Development of| UK strategy and| options, 2002 to 2003",
)
#: What may follow a paragraph number's full stop. EN SPACE is the layout's own; a single
#: space is only read as a separator when the number follows on from the paragraph before
#: (see ``_separator``). A NO-BREAK SPACE is not read as one by the layout, so it is not drawn.
SEPARATORS = ("\u2002", "\u2002 ", "\u2003", "  ")
#: The page's shape: ``complete`` (navigation, foot with footnotes and page number,
#: navigation), ``cut`` (short before its foot), ``cut-after-notes`` (footnotes and page
#: number, no closing navigation line), ``bare`` (no navigation lines at all: a section's
#: running head, then the page cut after its footnotes, if any).
SHAPES = ("complete", "complete", "cut", "cut-after-notes", "bare")

#: Flags a footnote marker while a page is built; taken out of the page's text.
FLAG = "\ue000"
_FLAGGED = re.compile(FLAG + r"(\d+)")


@dataclass
class GeneratedPage:
    """A page's text and what a correct reading of it must find, recorded as it was built."""

    text: str
    shape: str = "complete"
    paragraphs: list[str] = field(default_factory=list)
    """``p/@n`` in reading order."""
    footnotes: list[str] = field(default_factory=list)
    """Numbers of the footnotes at the foot of the page, in order."""
    markers: list[str] = field(default_factory=list)
    """Markers in reading order (all of them, whether their footnote is on the page or not)."""
    missing: list[str] = field(default_factory=list)
    """Markers whose footnote is not on the page (the page is cut short before it)."""
    marker_context: dict[str, str] = field(default_factory=dict)
    """Marker number -> the non-whitespace text its note must follow (the end of the text
    before the marker in its block)."""
    headings: list[str] = field(default_factory=list)
    quotations: int = 0
    items: int = 0
    running_head: str | None = None
    """The running head as ``fw[@type='header']`` reads it (spaces normalised)."""
    page_number: str | None = None
    profile: str = "web"
    """The layout profile the page is in: ``web`` (the web edition) or ``pdftotext``."""
    reading: str = ""
    """What the TEI body must read, as ENCODING.md's "nothing lost" defines it: every
    non-whitespace character but the navigation lines, in reading order, without paragraph
    and footnote labels, each note's text inside ``⟦n⟧ … ⟦/⟧`` where its marker was
    (see :func:`tests.helpers.reading`)."""


@st.composite
def sentences(draw: st.DrawFn, *, marker: str | None = None) -> str:
    """A few sentences of report prose; the last may carry a glued (flagged) footnote marker."""
    count = draw(st.integers(1, 3))
    parts = []
    for i in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=18))
        if draw(st.booleans()):
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(TITLED)))
        if draw(st.integers(0, 4)) == 0:
            words.append(f"{draw(st.integers(1, 28))} October {draw(st.integers(2001, 2009))}")
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        if marker is not None and i == count - 1:
            sentence += FLAG + marker
        parts.append(sentence)
    return " ".join(parts)


def _width(line: str) -> int:
    return len(line) - line.count(FLAG)


def wrap(
    text: str, *, first_prefix: str = "", measure: int = MEASURE, hyphenate: bool = False
) -> list[str]:
    """Justified-looking lines: every line but the last close to the measure, the last short.

    Only a word of letters is hyphenated at a line end (``short-`` / ``term``), never one
    holding a marker or punctuation."""
    words = (first_prefix + text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if _width(candidate) <= measure:
            current = candidate
            continue
        if hyphenate and word.isalpha() and len(word) > 8 and _width(current) + 6 <= measure:
            room = measure - _width(current) - 2
            cut = max(3, min(room, len(word) - 3))
            lines.append(f"{current} {word[:cut]}-")
            current = word[cut:]
            continue
        lines.append(current)
        current = word
    lines.append(current)
    return [line for line in lines if line]


def _full(lines: list[str]) -> bool:
    widths = [_width(line) for line in lines]
    return all(w >= MEASURE * 0.8 for w in widths[:-1]) and widths[-1] < MEASURE * 0.7


def _running_head(draw: st.DrawFn, *, odd: bool, plain: bool = False) -> list[str]:
    if not odd:
        return [REPORT_TITLE]
    title = draw(st.sampled_from(SECTION_TITLES))
    space = draw(st.sampled_from(("  ", " ") if plain else ("\u2002", "\u2002 ", "  ", " ")))
    pieces = title.split("|")
    wrap_after = draw(st.integers(0, len(pieces) - 1))  # 0: on one line
    first = "".join(pieces[:wrap_after]) if wrap_after else title.replace("|", "")
    lines = [f"9.6{space}|{space}{first}"]
    if wrap_after:
        lines.append("".join(pieces[wrap_after:]).strip())
    return lines


#: The shapes of a page in the pdftotext layout: ``complete`` (its printed number as the last
#: line) or ``cut`` (short before its foot); no navigation lines in either.
PDFTOTEXT_SHAPES = ("complete", "complete", "cut")
#: What pdftotext prints for the web edition's wide and no-break spaces.
_PLAIN = str.maketrans({"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " "})


@st.composite
def pages(draw: st.DrawFn, profile: str = "web") -> GeneratedPage:
    """A page in the layout of the report, with its ground truth. ``profile``: ``web``, the
    web edition's layout, or ``pdftotext``, the same report as pdftotext prints it (pages
    without navigation lines, ordinary spaces after paragraph and footnote numbers, a complete
    page ending with its printed number)."""
    plain = profile == "pdftotext"
    shape = draw(st.sampled_from(PDFTOTEXT_SHAPES if plain else SHAPES))
    odd = shape == "bare" or draw(st.booleans())
    head = _running_head(draw, odd=odd, plain=plain)
    lines = [*([] if shape == "bare" or plain else [NAV]), *head]
    truth = GeneratedPage(
        text="", shape=shape, running_head=" ".join(" ".join(head).split()), profile=profile
    )
    number = draw(st.integers(1, 900))
    footnote = draw(st.integers(1, 400))
    notes: dict[str, str] = {}  # marker -> its footnote's text
    hyphenate = draw(st.booleans())
    with_foot = shape != "cut"
    reading: list[str] = [nonws(truth.running_head)]

    def note(match: re.Match[str]) -> str:
        # a marker: its footnote's text is read here (nothing, when the page lost it)
        n = match.group(1)
        return f"⟦{n}⟧{nonws(notes[n]) if with_foot else ''}⟦/⟧"

    def add_block(text: str, *, label: str = "", closing: str = "") -> None:
        # justified text: every line but the last is full and the last is short, so grow the
        # text by a word until its last line is short (as a typesetter's paragraph would be);
        # a long word (reconstruction.”264) can leave an inner line short whatever is added
        # at the end, so give up on such a page after a while
        for _ in range(60):
            block = wrap(text + closing, first_prefix=label, hyphenate=hyphenate)
            if not _full(block):
                block = wrap(text + closing, first_prefix=label)
            if _full(block) or (len(block) == 1 and _width(block[0]) < MEASURE * 0.7):
                break
            text += " so"
        else:
            reject()
        lines.extend(block)
        content = nonws("\n".join(block))[len(nonws(label)) :]
        for match in _FLAGGED.finditer(content):
            before = _FLAGGED.sub("", content[: match.start()])
            truth.marker_context[match.group(1)] = before[-20:]
        reading.append(_FLAGGED.sub(note, content))

    def new_marker() -> str:
        nonlocal footnote
        marker = str(footnote)
        footnote += 1
        notes[marker] = draw(sentences())
        truth.markers.append(marker)
        return marker

    if draw(st.booleans()):
        # a fragment continued from the page before
        add_block("which " + draw(sentences()))
    for numbered in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:
            heading = draw(st.sampled_from(HEADINGS))
            lines.append(heading)
            truth.headings.append(heading)
            reading.append(nonws(heading))
        body = draw(sentences(marker=new_marker() if draw(st.booleans()) else None))
        kind = draw(st.sampled_from(["plain", "quote", "list"]))
        label = f"{number}.{_separator(draw, follows_on=numbered > 0, plain=plain)}"
        add_block(body, label=label, closing="" if kind == "plain" else " He wrote:")
        truth.paragraphs.append(str(number))
        if kind == "quote":
            for _q in range(draw(st.integers(1, 2))):
                marked = draw(st.integers(0, 3)) == 0
                closing = "”" + (FLAG + new_marker() if marked else "")
                add_block("“" + draw(sentences()), closing=closing)
                truth.quotations += 1
        elif kind == "list":
            count = draw(st.integers(2, 4))
            for i in range(count):
                end = "." if i == count - 1 else (";" if i < count - 2 else "; and")
                item = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8)))
                lines.append(item + end)
                reading.append(nonws(item + end))
                truth.items += 1
        number += 1

    foot: list[str] = []
    gap = " " if plain else "\u2002"
    if with_foot:
        for n in truth.markers:
            foot.extend(wrap(notes[n], first_prefix=f"{n}{gap}", measure=MEASURE + 4))
            truth.footnotes.append(n)
        # with an ordinary space after its number, a footnote whose marker is on another page
        # can be told from a body line only when it follows the page's other footnotes
        orphan_fits = not plain or bool(truth.markers)
        if shape == "complete" and orphan_fits and draw(st.booleans()):
            # a footnote whose marker is on another page: kept, reported, never dropped
            orphan = str(footnote)
            text = draw(sentences())
            foot.extend(wrap(text, first_prefix=f"{orphan}{gap}"))
            truth.footnotes.append(orphan)
            notes[orphan] = text
    else:
        truth.missing = list(truth.markers)
    lines.extend(foot)
    # a page cut short shows its printed number only after its footnotes
    if shape == "complete" or foot:
        truth.page_number = str(draw(st.integers(1, 999)))
        lines.append(truth.page_number)
    if shape == "complete" and not plain:
        lines.append(NAV)

    text = "".join(reading)
    marked = set(truth.markers)
    orphans = [n for n in truth.footnotes if n not in marked]
    text += "".join(f"⟦{n}⟧{nonws(notes[n])}⟦/⟧" for n in orphans)
    text += truth.page_number or ""
    truth.reading = text
    truth.text = "\n".join(lines).replace(FLAG, "")
    if plain:
        truth.text = truth.text.translate(_PLAIN)
    return truth


def _separator(draw: st.DrawFn, *, follows_on: bool, plain: bool = False) -> str:
    """What follows a paragraph number's full stop: a single space only where the layout can
    tell it from a sentence wrapped after a number (the number follows on from the last); in
    the pdftotext layout, one or two ordinary spaces anywhere."""
    if plain:
        return draw(st.sampled_from((" ", " ", "  ")))
    return draw(st.sampled_from((*SEPARATORS, " ") if follows_on else SEPARATORS))
