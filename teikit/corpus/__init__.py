"""Querying a corpus of TEI documents: :class:`Corpus` and the results it returns.

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
