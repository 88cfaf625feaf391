"""Querying a corpus of TEI documents: :class:`Corpus` and the results it returns.

One job per module, in the order a question travels:

- ``corpus``: :class:`Corpus`: opening, keeping answers true to the files, the questions
  (each a few lines over the modules below);
- ``files``: a folder, file or glob -> the corpus's files;
- ``store``: the SQLite index: its tables, building and refreshing it;
- ``extract``: one TEI tree -> the records the index keeps (one walk; what an element is and
  how its text is told come from :mod:`teikit.tei.io`, shared with the exports);
- ``sql``: every statement the questions ask of the index (and who a person filter means);
- ``fulltext``: a user's search -> a regex and a full-text (FTS5) prefilter, and the hits;
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
