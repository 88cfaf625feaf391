"""The results a :class:`~teikit.corpus.Corpus` returns: frozen pydantic models.

Every result that stands for a place in the corpus carries its provenance in the same flat
fields (so a list of results turns into a table or CSV without reshaping):

- ``file``: the document's path relative to the corpus folder;
- ``xml_id``: the element's ``xml:id`` when it has one, and ``xpath``: an XPath to it with the
  TEI namespace bound to ``tei:`` (``/tei:TEI/tei:text/tei:body/tei:div[2]/tei:p[1]``);
- ``section``: the report's section (``biblScope[@unit="section"]/@n`` of the header, else the
  nearest ``div/@n``);
- ``page``: the ``pb/@n`` in effect where the result starts (``None`` when the page break there
  carries no number);
- ``paragraph``: the number (``p/@n``) of the paragraph the result is in, or is.

>>> Paragraph(file="a.xml", xpath="/tei:TEI/tei:text/tei:body/tei:p", text="Hi").paragraph
>>> Paragraph(file="a.xml", xpath="/tei:TEI/tei:text/tei:body/tei:p", text="Hi").text
'Hi'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Answer",
    "Cooccurrence",
    "DateMention",
    "KwicHit",
    "Located",
    "Mention",
    "Note",
    "Paragraph",
    "Person",
    "PersonDetail",
    "XPathResult",
]


class _Frozen(BaseModel):
    # Answers build results without validating them (results.py), so a validator is built
    # only if a user validates one: not on import (about 40 ms of every corpus start-up).
    model_config = ConfigDict(frozen=True, defer_build=True)


class Located(_Frozen):
    """Where a result is: the provenance fields every located result shares."""

    file: str
    xpath: str
    xml_id: str | None = None
    section: str | None = None
    page: str | None = None
    paragraph: str | None = None


class DateMention(Located):
    """One ``<date>``, with its TEI attributes and the calendar span they mean.

    ``start`` and ``end`` are ISO days (``2007-11`` spans ``2007-11-01`` to ``2007-11-30``; a
    range spans ``@from`` to ``@to``); both are ``None`` when no attribute can be read as a
    date. ``inferred`` is true when the year was taken from context (``@cert`` below ``high``
    or ``@evidence="conjecture"``). ``in_note`` tells a date in a footnote from one in the text.
    """

    text: str
    when: str | None = None
    from_date: str | None = None
    to_date: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    cert: str | None = None
    start: str | None = None
    end: str | None = None
    inferred: bool = False
    in_note: bool = False


class Mention(Located):
    """One ``<persName>``: who (``person``, the id its ``@ref`` points to), as written, in context.

    ``context`` is the text of the paragraph, head or note around the mention, cut to a few
    words either side; ``in_note`` tells a mention in a footnote from one in the text.
    """

    person: str | None
    text: str
    titles: tuple[str, ...] = ()
    context: str = ""
    in_note: bool = False


class Person(_Frozen):
    """A person of the corpus: the names and titles seen, and where they are mentioned.

    ``first_date`` and ``last_date`` are the earliest and latest dates (ISO days) found in the
    paragraphs and notes that mention the person: their first and last dated context.
    """

    id: str
    names: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    mention_count: int = 0
    documents: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    wikidata: str | None = None


class PersonDetail(Person):
    """:class:`Person` with every mention in context, as :meth:`Corpus.person` returns it."""

    mentions: tuple[Mention, ...] = ()


class Paragraph(Located):
    """A paragraph (``p`` or ``ab`` not inside another one or a note): its own text, without
    its footnotes, with the persons and dates in that text and the numbers of its notes."""

    text: str
    persons: tuple[str, ...] = ()
    dates: tuple[DateMention, ...] = ()
    notes: tuple[str, ...] = ()


class Note(Located):
    """A ``<note>`` with the paragraph that cites it (``paragraph`` is that paragraph's number,
    ``cited_in`` the paragraph itself, when the note stands inside or points into one)."""

    n: str | None = None
    place: str | None = None
    type: str | None = None
    text: str
    persons: tuple[str, ...] = ()
    dates: tuple[DateMention, ...] = ()
    cited_in: Paragraph | None = None


class KwicHit(Located):
    """A keyword-in-context hit: ``left`` + ``match`` + ``right`` is a stretch of the text of a
    paragraph, head, note or other block (``kind``: its element name)."""

    kind: str
    left: str
    match: str
    right: str


class Cooccurrence(_Frozen):
    """Two persons (ids, ``person_a < person_b``) named in the same ``count`` paragraphs."""

    person_a: str
    person_b: str
    count: int


class XPathResult(_Frozen):
    """One item an XPath expression selected in one file.

    ``value`` is the item as a string (an element's normalised text, an attribute's value, a
    number or string as XPath prints it); ``xpath`` locates a node (``None`` for atomic values).
    ``page`` and ``paragraph`` are filled in for nodes inside the text.
    """

    file: str
    value: str
    kind: str
    xpath: str | None = None
    xml_id: str | None = None
    page: str | None = None
    paragraph: str | None = None


M = TypeVar("M", bound=BaseModel)
#: How many results an :class:`Answer` builds at a time.
CHUNK = 256


class Answer(Sequence[M]):
    """The results of a question: a read-only list whose items are built when first read.

    A whole answer can run to tens of thousands of results; the index finds them in a few
    milliseconds, but building each as a Python object with its provenance costs
    microseconds apiece. An ``Answer`` holds the rows found and builds the results a chunk at
    a time, on access (indexing, slicing, iterating, comparing), each once. It compares equal
    to a list of the same results; ``list(answer)`` builds them all.

    Results that need the index again to be built (a paragraph's dates, a note's citing
    paragraph) are read from it as it was when the question was answered: once the corpus has
    refreshed its index since, reading the rest raises :class:`~teikit.InputError` (ask
    again) rather than answer from another state of the files.
    """

    __slots__ = ("_build", "_chunks", "_rows")

    def __init__(self, rows: Sequence[Any], build: Callable[[Sequence[Any]], list[M]]) -> None:
        self._rows = rows
        self._build = build
        self._chunks: dict[int, list[M]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def _chunk(self, number: int) -> list[M]:
        chunk = self._chunks.get(number)
        if chunk is None:
            chunk = self._chunks[number] = self._build(
                self._rows[number * CHUNK : (number + 1) * CHUNK]
            )
        return chunk

    @overload
    def __getitem__(self, index: int) -> M: ...

    @overload
    def __getitem__(self, index: slice) -> list[M]: ...

    def __getitem__(self, index: int | slice) -> M | list[M]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self._rows)
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError("answer index out of range")
        return self._chunk(position // CHUNK)[position % CHUNK]

    def __iter__(self) -> Iterator[M]:
        for number in range((len(self._rows) + CHUNK - 1) // CHUNK):
            yield from self._chunk(number)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answer | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable in effect, like a list

    def __repr__(self) -> str:
        return f"Answer({list(self)!r})"
