"""Pages in the real layout, made up: a deterministic corpus for tests and benchmarks.

The pages look like *The Report of the Iraq Inquiry* as the converter reads it (see
``ENCODING.md``): navigation lines at the top and bottom, a running head (``9.6\u2002|\u2002title``
on odd pages, ``The Report of the Iraq Inquiry`` on even ones), numbered paragraphs rising
through a section, paragraphs split by a page break, quotations after an introducing colon,
list items without their bullet, headings (some of them dates), footnote markers glued after
punctuation with their notes at the foot, the printed page number, NO-BREAK and THIN spaces,
words hyphenated at a line end, persons with titles and dates.

The text is justified the way the layout stage expects: inside a block every line but the
last runs nearly to the measure and the last is short. A section runs to an even number of
pages, so every section opens on an odd page, whose running head names it.

>>> pages = list(generate_pages(3, seed=1))
>>> pages == list(generate_pages(3, seed=1))
True
>>> pages[0].splitlines()[1]
'1.1\\u2002|\\u2002Civilian casualties'
>>> pages[1].splitlines()[1]
'The Report of the Iraq Inquiry'
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MEASURE", "PageTruth", "generate_pages", "generate_pages_with_truth", "write_corpus"]

_NBSP = "\u00a0"
NAV = "Previous page | Contents | Next page"
REPORT_TITLE = "The Report of the Iraq Inquiry"
#: The longest line of body text; full lines run to within a few characters of it.
MEASURE = 88
#: Body and footnote lines on a page (between the running head and the page number).
PAGE_LINES = 40
#: A block's last line is at most this share of the measure (the layout ends a block at 0.8).
LAST_LINE = 0.62

_WORDS = [
    "the",
    "Inquiry",
    "Government",
    "military",
    "reconstruction",
    "security",
    "forces",
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
    "withdrawal",
    "planning",
    "options",
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
    "the",
    "the",
    "of",
    "of",
    "of",
    "to",
    "to",
    "to",
    "and",
    "and",
    "in",
    "in",
    "a",
    "for",
    "on",
    "by",
    "as",
    "it",
    "not",
    "its",
    "this",
    "those",
    "UK",
    "US",
    "Basra",
    "Baghdad",
    "Iraq",
    "provincial",
    "elections",
    "militia",
    "handover",
    "transition",
    "training",
    "police",
    "army",
    "capacity",
    "resources",
    "commitment",
    "objectives",
    "campaign",
    "coalition",
    "authority",
    "Ministry",
    "Defence",
    "Foreign",
    "request",
    "decision",
    "reported",
    "recommended",
    "considered",
    "explained",
    "believed",
    "stated",
    "wrote",
    "told",
    "asked",
    "agreed",
    "warned",
    "noted",
    "response",
    "proposal",
    "draft",
    "paper",
    "minute",
]
_PERSONS = (
    "Maj\u00a0Gen Binns",
    "Mr\u00a0Browne",
    "Prime Minister Maliki",
    "Sir John Sawers",
    "Mr Blair",
    "Lt Gen Lamb",
    "Air Chief Marshal Stirrup",
    "Mr\u00a0Brown",
    "Dr Rice",
    "Major General Graham Binns",
    "Sir Nigel Sheinwald",
    "Lord Goldsmith",
    "Mr Straw",
    "General Petraeus",
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_NON_MARKER_NUMBERS = ("resolution 1441", "10 years", "HC 264", "5,500 troops", "Op SINBAD")
_SECTION_TITLES = (
    "Introduction and background",
    "27\u2009June 2007 to April 2008",
    "Security Sector Reform",
    "Planning for withdrawal",
    "The post-conflict period",
    "Military equipment",
    "Development of UK strategy",
    "Reconstruction",
    "Civilian casualties",
    "Lessons",
)
_HEADINGS = (
    "The MOD takes the lead",
    "Conclusions",
    "Early negotiations",
    "Operation Charge of the Knights",
    "Planning for provincial elections",
    "The JIC assessment",
    "Preparations for the handover",
)
_SOURCES = (
    "Minute {p} to CJO, {d}, ‘GOC HQ MND(SE) – Southern Iraq Update – {d}’.",
    "Letter {p} to Banner, {d}, ‘Iraq: Policy Review’.",
    "Public hearing, {d}, pages 45-46.",
    "JIC Assessment, {d}, ‘Iraq: Prospects for Basra’.",
    "Email {p} to PS/SofS [MOD], {d}, ‘Iraq: Update’.",
    "Statement, {d}, paragraph 12.",
)


@dataclass(frozen=True)
class PageTruth:
    """What a correct reading of a generated page finds, recorded as the page was made."""

    page_number: str
    running_head: str
    """The running head with its spaces normalised, as ``fw[@type='header']`` reads it."""
    paragraphs: tuple[str, ...]
    """Numbers of the paragraphs that open on the page, in reading order."""
    markers: tuple[str, ...]
    """Footnote markers in reading order; each footnote is at the foot of the same page."""
    marker_context: tuple[tuple[str, str], ...]
    """``(marker, text)``: the non-whitespace text before each marker on its line (after a
    paragraph number), which the marker's note must follow."""


@dataclass
class _Block:
    """Lines of one block and the footnotes whose markers they hold (by line index)."""

    lines: list[str]
    kind: str  # "para", "quote", "item", "heading"
    notes: dict[int, list[str]] = field(default_factory=dict)
    """Line index -> the footnotes (already wrapped, with their number) marked on it."""
    n: str | None = None
    """A numbered paragraph's number."""
    markers: list[tuple[int, str, str]] = field(default_factory=list)
    """``(line index, number, text before it on the line)`` of each marker, in order."""

    def notes_in(self, start: int, end: int) -> list[str]:
        return [line for i in range(start, end) for line in self.notes.get(i, [])]

    def markers_in(self, start: int, end: int) -> list[tuple[str, str]]:
        found = []
        for index, number, before in self.markers:
            if start <= index < end:
                if index == 0 and self.n is not None:
                    before = before.removeprefix(f"{self.n}.")  # the label becomes @n
                found.append((number, before))
        return found


class _Section:
    """One section's prose: numbered paragraphs, quotations, lists, headings, notes."""

    def __init__(self, rng: random.Random, number: str, title: str, year: int) -> None:
        self.rng = rng
        self.number = number
        self.title = title
        self.year = year
        self.month = rng.randrange(12)
        self.paragraph = 1
        self.footnote = 1

    # --- words -------------------------------------------------------------------------------

    def date(self, *, with_year: bool) -> str:
        day = self.rng.randint(1, 28)
        month = _MONTHS[self.month]
        space = "\u00a0" if self.rng.random() < 0.3 else " "
        if with_year:
            return f"{day}{space}{month}{space}{self.year}"
        return f"{day}{space}{month}"

    def sentence(self, *, marker: bool) -> str:
        rng = self.rng
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 20))]
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), rng.choice(_PERSONS))
        if rng.random() < 0.35:
            words.insert(
                rng.randrange(len(words) + 1), "on " + self.date(with_year=rng.random() < 0.5)
            )
        if rng.random() < 0.1:
            # never last: "resolution 1441.74" would read as a decimal, not as a marker
            words.insert(rng.randrange(len(words)), rng.choice(_NON_MARKER_NUMBERS))
        if rng.random() < 0.1:
            # a quoted phrase, held to its word by a NO-BREAK SPACE as the layout often is
            words.insert(rng.randrange(len(words) + 1), "heading\u00a0“Prospects”,")
        text = " ".join(words)
        text = text[0].upper() + text[1:] + rng.choice(".....;")
        if text.endswith(";"):
            text = text[:-1] + "."
        if marker:
            text += self.new_marker()
        return text

    def new_marker(self) -> str:
        n = self.footnote
        self.footnote += 1
        return f"\x00{n}"

    def footnote_text(self, n: str) -> list[str]:
        source = self.rng.choice(_SOURCES)
        person = self.rng.choice(("Binns", "Rycroft", "Browne", "Sawers", "Shaw"))
        text = source.format(p=person, d=self.date(with_year=True))
        return _wrap(f"{n}\u2002{text}", MEASURE + 2, self.rng, hyphenate=False)

    # --- blocks ------------------------------------------------------------------------------

    def justified(self, text: str, kind: str, *, closing: str = "") -> _Block:
        """Wrap ``text`` so that every line but the last is full and the last is short,
        adding sentences (without markers) until it is."""
        rng = self.rng
        hyphenate = rng.random() < 0.3
        for _ in range(50):
            rendered, notes = _place_markers(text + closing)
            lines = _wrap(rendered, MEASURE, rng, hyphenate=hyphenate)
            if len(lines[-1]) <= MEASURE * LAST_LINE:
                block = _Block(lines, kind)
                after: dict[int, int] = {}  # line index -> end of its last marker so far
                for number in notes:
                    index = next(i for i, line in enumerate(lines) if _has_marker(line, number))
                    block.notes.setdefault(index, []).extend(self.footnote_text(number))
                    at = _marker_at(lines[index], number)
                    before = lines[index][after.get(index, 0) : at]
                    after[index] = at + len(number)
                    block.markers.append((index, number, "".join(before.split())))
                return block
            text += " " + self.sentence(marker=False)
        raise AssertionError("could not justify a block")  # pragma: no cover

    def blocks(self) -> Iterator[_Block]:
        """The section's blocks, endlessly."""
        rng = self.rng
        yield self.heading(first=True)
        while True:
            roll = rng.random()
            if roll < 0.08:
                self.month = (self.month + 1) % 12
                if self.month == 0:
                    self.year = 2003 + (self.year + 1 - 2003) % 7
                yield self.heading(first=False)
            elif roll < 0.1:
                yield self.justified(self.sentence(marker=False), "para")  # unnumbered
                continue
            kind = rng.choices(("plain", "quote", "list"), weights=(6, 2, 1))[0]
            yield from self.paragraph_blocks(kind)

    def heading(self, *, first: bool) -> _Block:
        if not first and self.rng.random() < 0.6:
            return _Block([f"{_MONTHS[self.month]} {self.year}"], "heading")
        return _Block([self.rng.choice(_HEADINGS)], "heading")

    def paragraph_blocks(self, kind: str) -> Iterator[_Block]:
        rng = self.rng
        sentences = [self.sentence(marker=rng.random() < 0.3) for _ in range(rng.randint(1, 4))]
        text = " ".join(sentences)
        closing = ""
        if kind != "plain":
            closing = " " + rng.choice(("He wrote:", "The JIC judged:", "They included:"))
        separator = rng.choice(("\u2002", "\u2002", "\u2002 "))
        block = self.justified(f"{self.paragraph}.{separator}{text}", "para", closing=closing)
        block.n = str(self.paragraph)
        self.paragraph += 1
        yield block
        if kind == "quote":
            for _ in range(rng.randint(1, 3)):
                quoted = " ".join(self.sentence(marker=False) for _ in range(rng.randint(1, 3)))
                block = self.justified("“" + quoted, "quote", closing="”")
                if rng.random() < 0.3:
                    block = self.justified("“" + quoted, "quote", closing="”" + self.new_marker())
                yield block
        elif kind == "list":
            count = rng.randint(2, 5)
            for i in range(count):
                end = "." if i == count - 1 else ("; and" if i == count - 2 else ";")
                yield _Block(self.item(end), "item")

    def item(self, end: str) -> list[str]:
        """A list item (its bullet lost in extraction): inner lines full; the last item's
        last line short, as a paragraph's would be."""
        while True:
            words = " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(4, 22)))
            lines = _wrap(words.lower() + end, MEASURE, self.rng, hyphenate=False)
            full = all(len(line) >= MEASURE * 0.85 for line in lines[:-1])
            if full and (end != "." or len(lines[-1]) <= MEASURE * LAST_LINE):
                return lines


def _place_markers(text: str) -> tuple[str, list[str]]:
    r"""Drop the ``\x00`` that flags each marker; return the text and the marker numbers."""
    numbers: list[str] = []
    parts = text.split("\x00")
    for part in parts[1:]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(digits)
    return "".join(parts), numbers


def _has_marker(line: str, number: str) -> bool:
    return _marker_at(line, number) >= 0


def _marker_at(line: str, number: str) -> int:
    """Where ``number`` stands glued to what precedes it in ``line``, or -1."""
    index = line.find(number)
    while index >= 0:
        before = line[index - 1] if index else " "
        after = line[index + len(number)] if index + len(number) < len(line) else " "
        if not before.isdigit() and not before.isspace() and not after.isdigit():
            return index
        index = line.find(number, index + 1)
    return -1


def _wrap(text: str, measure: int, rng: random.Random, *, hyphenate: bool) -> list[str]:
    """Greedy wrapping at ``measure``, justified: a word that would leave the line short is
    split, at a NO-BREAK SPACE inside it or with a hyphen (and sometimes one is split anyway,
    when ``hyphenate``)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= measure:
            current = candidate
            continue
        room = measure - len(current) - 2  # the space before the word and a hyphen
        short = len(current) < measure * 0.86
        if short and _NBSP in word:
            parts = word.split(_NBSP)
            fits = [k for k in range(1, len(parts)) if len(_NBSP.join(parts[:k])) <= room + 1]
            if fits:
                lines.append(current + " " + _NBSP.join(parts[: fits[-1]]))
                current = _NBSP.join(parts[fits[-1] :])
                continue
        core = word.rstrip(".,;:”’")
        splittable = core.isalpha() and len(core) >= 6 and room >= 3
        if splittable and (short or (hyphenate and len(core) >= 9 and rng.random() < 0.5)):
            cut = min(room, len(core) - 3)
            if cut >= 3:
                lines.append(f"{current} {word[:cut]}-")
                current = word[cut:]
                continue
        lines.append(current)
        current = word
    lines.append(current)
    return [line for line in lines if line]


def _paginate(
    rng: random.Random, section: _Section, pages: int, first_page: int
) -> Iterator[tuple[str, PageTruth]]:
    """Lay a section's blocks out on ``pages`` pages, numbered from ``first_page`` (odd)."""
    blocks = section.blocks()
    pending: _Block | None = None
    pending_from = 0  # the first line of ``pending`` not yet laid out
    for offset in range(pages):
        number = first_page + offset
        last_page = offset == pages - 1
        head = f"{section.number}\u2002|\u2002{section.title}" if number % 2 else REPORT_TITLE
        body: list[str] = []
        notes: list[str] = []
        paragraphs: list[str] = []
        markers: list[tuple[str, str]] = []
        while True:
            if pending is None:
                pending, pending_from = next(blocks), 0
            block, start = pending, pending_from
            room = PAGE_LINES - len(body) - len(notes)
            rest = len(block.lines) - start
            need = rest + len(block.notes_in(start, len(block.lines)))
            # a heading keeps its paragraph's first lines with it
            if block.kind == "heading":
                need += 3
            if need <= room:
                body.extend(block.lines[start:])
                notes.extend(block.notes_in(start, len(block.lines)))
                markers.extend(block.markers_in(start, len(block.lines)))
                if start == 0 and block.n is not None:
                    paragraphs.append(block.n)
                pending = None
                continue
            # split a paragraph or quotation across the page break: at least two lines on
            # each side, and the part left on this page must not end a sentence
            if block.kind in ("para", "quote") and not last_page and rest >= 4:
                split = _split_point(block, start, room)
                if split is not None:
                    body.extend(block.lines[start:split])
                    notes.extend(block.notes_in(start, split))
                    markers.extend(block.markers_in(start, split))
                    if start == 0 and block.n is not None:
                        paragraphs.append(block.n)
                    pending_from = split
            break
        lines = [NAV, head, *body, *notes, str(number), NAV]
        truth = PageTruth(
            page_number=str(number),
            running_head=" ".join(head.split()),
            paragraphs=tuple(paragraphs),
            markers=tuple(number for number, _ in markers),
            marker_context=tuple(markers),
        )
        yield "\n".join(lines) + "\n", truth


def _split_point(block: _Block, start: int, room: int) -> int | None:
    for split in range(len(block.lines) - 2, start + 1, -1):
        used = split - start + len(block.notes_in(start, split))
        tail = block.lines[split - 1].rstrip()
        if used <= room and tail[-1:] not in ".?!:;”’" and not tail[-1:].isdigit():
            return split
    return None


def generate_pages(n: int = 6000, *, seed: int = 0) -> Iterator[str]:
    """``n`` pages in the layout of the report, each a string ending with a newline.

    The same ``n`` and ``seed`` give the same pages; the first ``k`` pages of a corpus do not
    depend on ``n``. Sections run for 30 to 60 pages (an even number).
    """
    for text, _ in generate_pages_with_truth(n, seed=seed):
        yield text


def generate_pages_with_truth(n: int = 6000, *, seed: int = 0) -> Iterator[tuple[str, PageTruth]]:
    """The pages of :func:`generate_pages`, each with what a correct reading of it finds.

    >>> text, truth = next(generate_pages_with_truth(1, seed=1))
    >>> truth.page_number, truth.paragraphs[:3]
    ('1', ('1', '2', '3'))
    """
    rng = random.Random(seed)
    produced = 0
    volume, part, page_number, year = 1, 1, 1, 2003
    while produced < n:
        pages = 2 * rng.randint(15, 30)
        title = _SECTION_TITLES[(volume * 7 + part) % len(_SECTION_TITLES)]
        section = _Section(rng, f"{volume}.{part}", title, year)
        for page in _paginate(rng, section, pages, page_number):
            if produced == n:
                return
            yield page
            produced += 1
        page_number += pages
        year = section.year
        part += 1
        if part > 8:
            # a new volume: printed page numbers start again (they have at most four digits)
            volume, part, page_number = volume + 1, 1, 1


def write_corpus(
    folder: str | Path, n: int = 6000, *, seed: int = 0, pages_per_file: int = 1
) -> list[Path]:
    """Write ``n`` generated pages into ``folder`` as ``page00001.txt``, ... (one file per
    ``pages_per_file`` pages, in reading order); return the files written."""
    if pages_per_file < 1:
        raise ValueError("pages_per_file must be at least 1")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    batch: list[str] = []
    for index, page in enumerate(generate_pages(n, seed=seed), start=1):
        batch.append(page)
        if len(batch) == pages_per_file or index == n:
            path = folder / f"page{index - len(batch) + 1:05d}.txt"
            path.write_text("".join(batch), encoding="utf-8")
            written.append(path)
            batch = []
    return written
