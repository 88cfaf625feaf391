"""Hypothesis strategies: pages in the real layout, with their ground truth.

One place for every generator the property tests use (attrs' ``tests/strategies.py``). A
generated page knows what it holds (paragraph numbers, footnote numbers, markers), so the
tests can check the converter against the truth rather than against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

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


@dataclass
class GeneratedPage:
    """A page's text and what a correct reading of it must find."""

    text: str
    paragraphs: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    """Markers that have their footnote on the page."""
    page_number: str | None = None


@st.composite
def sentences(draw: st.DrawFn, *, marker: str | None = None) -> str:
    """A few sentences of report prose; the last may carry a glued footnote marker."""
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
            sentence += marker
        parts.append(sentence)
    return " ".join(parts)


def wrap(
    text: str, *, first_prefix: str = "", measure: int = MEASURE, hyphenate: bool = False
) -> list[str]:
    """Justified-looking lines: every line but the last close to the measure, the last short."""
    words = (first_prefix + text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= measure:
            current = candidate
            continue
        if hyphenate and len(word) > 8 and len(current) + 6 <= measure:
            # split the word at a line end with a hyphen (short- / term)
            room = measure - len(current) - 2
            cut = max(3, min(room, len(word) - 3))
            lines.append(f"{current} {word[:cut]}-")
            current = word[cut:]
            continue
        lines.append(current)
        current = word
    lines.append(current)
    return [line for line in lines if line]


def _full(lines: list[str]) -> bool:
    return all(len(line) >= MEASURE * 0.8 for line in lines[:-1]) and len(lines[-1]) < MEASURE * 0.7


@st.composite
def pages(draw: st.DrawFn) -> GeneratedPage:
    """A page in the layout of the report: navigation, running head, body, foot."""
    complete = draw(st.booleans())
    odd = draw(st.booleans())
    lines = [
        NAV,
        "9.6\u2002|\u2002 27\u2009June 2007 to April 2008"
        if odd
        else "The Report of the Iraq Inquiry",
    ]
    truth = GeneratedPage(text="")
    number = draw(st.integers(1, 900))
    footnote = draw(st.integers(1, 400))
    notes: list[tuple[str, str]] = []
    hyphenate = draw(st.booleans())

    def add_block(text: str, prefix: str = "") -> None:
        # justified text: every line but the last is full and the last is short, so grow the
        # text by a word until its last line is short (as a typesetter's paragraph would be)
        while True:
            block = wrap(text, first_prefix=prefix, hyphenate=hyphenate)
            if not _full(block):
                block = wrap(text, first_prefix=prefix)
            if _full(block) or (len(block) == 1 and len(block[0]) < MEASURE * 0.7):
                break
            closing = text[-1] if text[-1] in "”:" else ""
            text = text[: len(text) - len(closing)] + " so" + closing
        lines.extend(block)

    if draw(st.booleans()):
        add_block("which " + draw(sentences()))  # a fragment continued from the page before
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from(HEADINGS)))
        has_marker = draw(st.booleans())
        marker = str(footnote) if has_marker else None
        body = draw(sentences(marker=marker))
        kind = draw(st.sampled_from(["plain", "quote", "list"]))
        if kind != "plain":
            body += " He wrote:"
        add_block(body, prefix=f"{number}.\u2002")
        truth.paragraphs.append(str(number))
        if has_marker:
            notes.append((str(footnote), draw(sentences())))
            footnote += 1
        if kind == "quote":
            for _q in range(draw(st.integers(1, 2))):
                add_block("“" + draw(sentences()) + "”")
        elif kind == "list":
            count = draw(st.integers(2, 4))
            for i in range(count):
                end = "." if i == count - 1 else (";" if i < count - 2 else "; and")
                item = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8)))
                lines.append(item + end)
        number += 1
    if complete:
        for n, text in notes:
            lines.extend(wrap(text, first_prefix=f"{n}\u2002", measure=MEASURE + 4))
            truth.footnotes.append(n)
            truth.markers.append(n)
        if draw(st.booleans()):
            # a footnote whose marker is on another page: kept, reported, never dropped
            orphan = str(footnote)
            lines.extend(wrap(draw(sentences()), first_prefix=f"{orphan}\u2002"))
            truth.footnotes.append(orphan)
        truth.page_number = str(draw(st.integers(1, 999)))
        lines.extend([truth.page_number, NAV])
    truth.text = "\n".join(lines)
    return truth
