"""Querying a corpus of TEI documents: :class:`Corpus` and the results it returns.

One job per module, in the order a question travels:

- ``corpus``: :class:`Corpus`: opening, keeping answers true to the files, the questions;
- ``store``: the SQLite index: its tables, building and refreshing it;
- ``extract``: one TEI tree -> the rows the index keeps;
- ``sql``: every statement the questions ask of the index;
- ``fulltext``: a user's search -> a regex and a full-text (FTS5) prefilter;
- ``results``: index rows -> the result models (``models``) users hold;
- ``xpath``: XPath 1.0 and 3.1 over the files themselves.

>>> from teikit import Corpus
>>> with Corpus.open("tests/data/corpus", index=False) as corpus:
...     top = corpus.persons()[0]
>>> top.id
'pers-binns'
"""

from __future__ import annotations

from teikit.corpus.corpus import Corpus
from teikit.corpus.models import (
    Answer,
    Cooccurrence,
    DateMention,
    KwicHit,
    Located,
    Mention,
    Note,
    Paragraph,
    Person,
    PersonDetail,
    XPathResult,
)

__all__ = [
    "Answer",
    "Cooccurrence",
    "Corpus",
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
