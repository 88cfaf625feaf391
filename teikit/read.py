"""Read files, bytes or strings into :class:`Page` objects.

Reading is where bad input is turned away, with one line that names the file and the problem:
an empty file, a binary file, text that is not in the expected encoding, or a control character
XML cannot hold. What reading accepts is normalised in ways that lose no text: a byte-order
mark is removed, CRLF and CR become LF, and a form feed separates pages. A file may hold one
page or many in a row; how pages are told apart is the layout profile's
(:attr:`teikit.LayoutProfile.page_delimiter`): by their top navigation line (the web edition),
or by form feeds alone (``pdftotext``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from teikit.errors import InputError, Problem
from teikit.profile import DEFAULT_PROFILE, LayoutProfile

# XML 1.0 forbids C0 controls other than TAB, LF and CR; a form feed is read as a page break.
_ILLEGAL_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of input text, exactly as read (after newline normalisation).

    ``source`` names the file it came from and ``index`` its position in that file (0 for the
    first page); ``offset`` is where the page starts in the normalised file, so problems can
    be reported with the file's own line numbers.

    A slotted dataclass, not a pydantic model: every page of a run is one. A problem's line
    is counted when the problem is made, not indexed in advance for every page.

    >>> page = Page(source="p.txt", text="a\\nbc")
    >>> page.line_column(3)
    (2, 2)
    """

    source: str
    text: str
    index: int = 0
    first_line: int = 1
    """The line number, in the source file, of the page's first line."""

    @property
    def line_starts(self) -> list[int]:
        """Offsets at which each line of the page starts."""
        return [0, *(match.end() for match in _NEWLINE.finditer(self.text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line (in the source file) and column of ``offset`` in :attr:`text`."""
        # counted when asked (a few problems a page) rather than indexed for every page
        row = self.text.count("\n", 0, offset)
        return row + self.first_line, offset - self.text.rfind("\n", 0, offset)

    def problem(self, code: str, detail: str = "", *, at: int | None = None) -> Problem:
        """A :class:`Problem` located at offset ``at`` of this page (or at the page's start)."""
        line, column = self.line_column(at) if at is not None else (self.first_line, None)
        return Problem.make(code, detail, file=self.source, line=line, column=column)


def decode(data: bytes, *, source: str, encoding: str = "utf-8") -> str:
    """Decode ``data`` into normalised text, or raise :class:`InputError`.

    >>> decode(b"\\xef\\xbb\\xbfa\\r\\nb", source="x.txt")
    'a\\nb'
    """
    if not data.strip():
        raise InputError(Problem.make("TK101", file=source)) from None
    if b"\x00" in data[:8192]:
        raise InputError(Problem.make("TK102", "it contains NUL bytes", file=source)) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        detail = f"byte 0x{data[exc.start]:02x} at line {line}, column {column}"
        raise InputError(
            Problem.make("TK103", detail, file=source, line=line, column=column)
        ) from None
    except LookupError:
        raise InputError(
            Problem.make("TK103", f"unknown encoding {encoding!r}", file=source)
        ) from None
    return normalise(text, source=source)


def normalise(text: str, *, source: str) -> str:
    """Remove a BOM, turn CRLF and CR into LF, and refuse control characters XML can't hold."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _ILLEGAL_CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        detail = f"U+{ord(bad.group()):04X} at line {line}, column {column}"
        raise InputError(
            Problem.make("TK105", detail, file=source, line=line, column=column)
        ) from None
    if not text.strip():
        raise InputError(Problem.make("TK101", file=source)) from None
    return text


def split_pages(
    text: str, *, source: str, profile: LayoutProfile = DEFAULT_PROFILE
) -> Iterator[Page]:
    """Split normalised file text into pages.

    A page starts at a form feed or (when the profile's pages are delimited by navigation
    lines) at a navigation line that opens a page (one that is not the closing navigation
    line of the page before it). A page whose lines are all blank is skipped: it holds no
    text to lose.
    """
    by_navigation = profile.page_delimiter == "navigation" and profile.navigation_lines_re
    index = 0
    line_offset = 1
    for chunk in text.split("\f"):
        # Lines are counted from the previous page's start, not the chunk's: a whole report in
        # one file would otherwise be counted over again for every page (quadratic).
        counted, lines_before = 0, 0
        ranges = _page_ranges(chunk, profile) if by_navigation else iter([(0, len(chunk))])
        for start, end in ranges:
            piece = chunk[start:end]
            lines_before += chunk.count("\n", counted, start)
            counted = start
            first_line = line_offset + lines_before
            if piece.strip():
                yield Page(source=source, text=piece, index=index, first_line=first_line)
                index += 1
        line_offset += chunk.count("\n")


def _page_ranges(chunk: str, profile: LayoutProfile) -> Iterator[tuple[int, int]]:
    """Offsets of the pages in ``chunk``.

    A navigation line *closes* the page before it when nothing but blank lines follows it up to
    the next navigation line (or the end), or when the line before it is a printed page number;
    otherwise it *opens* a page, and any content before it belongs to the page before (a page
    cut short, with no closing navigation line). Navigation lines with nothing after them (a
    closing line repeated) stay with the page they close rather than make a page of their own.
    """
    previous: tuple[int, int] | None = None
    for start, end in _split_at_navigation(chunk, profile):
        if previous is not None and not _has_content(chunk[start:end], profile):
            # navigation lines alone (a repeated closing line) belong to the page before
            previous = (previous[0], end)
            continue
        if previous is not None:
            yield previous
        previous = (start, end)
    if previous is not None:
        yield previous


def _has_content(text: str, profile: LayoutProfile) -> bool:
    """Does ``text`` hold anything but navigation lines and whitespace? (What
    ``bool(navigation_lines_re.sub("", text).strip())`` says, without making the string.)"""
    position = 0
    for start, end in profile.navigation_lines(text):
        if text[position:start].strip():
            return True
        position = end
    return bool(text[position:].strip())


def _split_at_navigation(chunk: str, profile: LayoutProfile) -> Iterator[tuple[int, int]]:
    # a printed page number just before a navigation line means the line closes its page
    number_before = profile.page_number_before_re
    navs = profile.navigation_lines(chunk)
    page_start = 0
    for i, (nav_start, nav_end) in enumerate(navs):
        following_end = navs[i + 1][0] if i + 1 < len(navs) else len(chunk)
        has_content = _has_content(chunk[page_start:nav_start], profile)
        closes = has_content and (
            not chunk[nav_end:following_end].strip()
            or number_before.search(chunk, page_start, nav_start) is not None
        )
        if closes:
            end = min(nav_end + 1, len(chunk))
            yield page_start, end
            page_start = end
        elif has_content:
            yield page_start, nav_start
            page_start = nav_start
    if chunk[page_start:].strip():
        yield page_start, len(chunk)


def read_file(
    path: str | Path, *, encoding: str = "utf-8", profile: LayoutProfile = DEFAULT_PROFILE
) -> list[Page]:
    """Read one text file into its pages, or raise :class:`InputError`."""
    source = str(Path(path))  # the path as Path spells it, as every Page.source does
    # decode() has normalised the text already: split it without normalising it twice
    text = read_normalised(source, encoding=encoding)
    return list(split_pages(text, source=source, profile=profile))


def read_normalised(path: str | Path, *, encoding: str = "utf-8") -> str:
    """One text file's whole text, decoded and normalised (what :func:`read_file` splits into
    pages), or raise :class:`InputError`. For a caller that needs the file's text as well as
    its pages (the converter's planning pass) without reading the file twice.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write(b"a\\r\\nb")
    >>> read_normalised(f.name)
    'a\\nb'
    >>> os.remove(f.name)
    """
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem.make("TK107", file=source)) from None
    except OSError as exc:
        raise InputError(Problem.make("TK104", exc.strerror or str(exc), file=source)) from None
    return decode(data, source=source, encoding=encoding)


def read_text(
    text: str, *, source: str = "<string>", profile: LayoutProfile = DEFAULT_PROFILE
) -> list[Page]:
    """Split already-decoded text into pages (normalising it first)."""
    return list(split_pages(normalise(text, source=source), source=source, profile=profile))
