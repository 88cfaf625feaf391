"""Reading TEI: the one layer the corpus index (:mod:`teikit.corpus.extract`) and the exports
(:mod:`teikit.export.read`) read trees through.

What an element *is* (its local name, in TEI's namespace or none), which elements are
documents, paragraphs, blocks or forme work, how an element's text is told (whitespace
collapsed as XPath's ``normalize-space`` does, or every space folded, as the exports write),
what a ``date``'s attributes mean as a span of days, and the personography of a document.
The names and namespaces themselves are :mod:`teikit.xmlnames`'s; ``element_path`` is there too.

Nothing here parses (that is :mod:`teikit.safexml`'s) and nothing here builds elements (that is
:mod:`teikit.tei.build`'s); lxml is not imported, so that a module reading records from the
corpus index never loads it.

>>> normalise("  Maj\\nGen   Binns ")
'Maj Gen Binns'
>>> clean("Maj\\u00a0Gen  Binns")
'Maj Gen Binns'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from teikit.xmlnames import TEI_NS, XML_ID

if TYPE_CHECKING:  # trees are made by the caller; naming lxml's types costs nothing
    from lxml import etree

#: What the corpus and the exports call a paragraph: a ``p`` (or ``ab``) in ``text`` that is
#: not inside another ``p`` or ``ab`` or inside a ``note``, whatever holds it.
PARAGRAPH_KINDS = ("p", "ab")
#: Root elements that hold documents: TEI P5 and P4 (``TEI.2``, ``teiCorpus.2``).
DOCUMENTS = frozenset({"TEI", "TEI.2"})
CORPORA = frozenset({"teiCorpus", "teiCorpus.2"})
#: Blocks inside a paragraph or note (quoted paragraphs, list items, table cells, verse): a
#: space keeps their words apart from the text around them.
BLOCKS = frozenset({"p", "ab", "quote", "list", "item", "table", "row", "cell", "l", "lg", "head"})
#: Forme work: kept on the page, part of no sentence.
FORME_WORK = "fw"

#: XML's whitespace only, as XPath's normalize-space(): NO-BREAK, EN and THIN spaces are the
#: page's characters and stay (the corpus's search matches any space for a space).
_XML_SPACE = re.compile(r"[ \t\r\n]+")
#: Every Unicode space: how the exports write text (a table cell, a register entry).
_ANY_SPACE = re.compile(r"\s+")
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def local(tag: str, ns: str) -> str | None:
    """The local name of a tag in the namespace ``ns`` (``""``: no namespace), else ``None``.

    >>> local("{http://www.tei-c.org/ns/1.0}p", TEI_NS), local("p", TEI_NS), local("p", "")
    ('p', None, 'p')
    """
    if ns:
        return tag[len(ns) + 2 :] if tag.startswith(ns, 1) and tag[0] == "{" else None
    return None if tag.startswith("{") else tag


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace, whatever it is (``""`` for comments and
    processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def is_tei(root: etree._Element) -> bool:
    """Whether ``root`` is a ``TEI`` or ``teiCorpus`` element (in the TEI namespace or none),
    or a TEI P4 ``TEI.2`` or ``teiCorpus.2`` (no namespace)."""
    tag = root.tag
    return tag in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus", "TEI", "teiCorpus") or tag in (
        "TEI.2",
        "teiCorpus.2",
    )


# --- text -------------------------------------------------------------------------------------


def collapse(text: str) -> str:
    """Collapse runs of XML whitespace to one space (ends kept)."""
    # Most stretches hold single spaces only: three substring tests (in C) spare the regex.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        return _XML_SPACE.sub(" ", text)
    return text


def normalise(text: str) -> str:
    """Collapse runs of XML whitespace to one space and strip them from the ends."""
    return collapse(text).strip(" ")


def text_of(el: etree._Element) -> str:
    """The element's text, XML whitespace collapsed (:func:`normalise`)."""
    if not len(el):
        return normalise(el.text) if el.text else ""
    # lxml yields only str for text (the stubs say str | bytes)
    return normalise("".join(cast("Iterator[str]", el.itertext())))


def clean(text: str) -> str:
    """Runs of any whitespace (NO-BREAK and EN spaces too) as one space, stripped: how every
    exported text is written."""
    return _ANY_SPACE.sub(" ", text).strip()


def clean_text_of(element: etree._Element) -> str:
    """All the text inside ``element``, :func:`clean`\\ ed."""
    return clean("".join(cast("Iterator[str]", element.itertext())))


# --- dates ------------------------------------------------------------------------------------


def date_span(value: str | None) -> tuple[str, str] | None:
    """The first and last ISO day an ISO 8601 date (``2007``, ``2007-11``, ``2007-11-01``) covers.

    >>> date_span("2007-11")
    ('2007-11-01', '2007-11-30')
    >>> date_span("around then") is None
    True
    """
    if not value:
        return None
    match = _ISO.match(value.strip())
    if not match:
        return None
    year_s, month_s, day_s = match.groups()
    year = int(year_s)
    if month_s is None:
        return f"{year_s}-01-01", f"{year_s}-12-31"
    month = int(month_s)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1] if year > 0 else 31
    if day_s is None:
        return f"{year_s}-{month_s}-01", f"{year_s}-{month_s}-{last:02d}"
    if not 1 <= int(day_s) <= last:
        return None
    day = f"{year_s}-{month_s}-{day_s}"
    return day, day


# --- the personography ------------------------------------------------------------------------

#: A declared person: ``(xml:id, names, titles, Wikidata id)``; the names and titles in the
#: order first seen, each once. The corpus keeps these rows and answers with
#: :class:`teikit.corpus.Person`, the one person model of the reading side.
Declared = tuple[str, tuple[str, ...], tuple[str, ...], str | None]


def declared_persons(root: etree._Element, ns: str) -> list[Declared]:
    """Every ``person`` with an ``xml:id`` anywhere under ``root`` (``ns``: the document's TEI
    namespace, ``""`` for none)."""

    def q(name: str) -> str:
        return f"{{{ns}}}{name}" if ns else name

    persons: list[Declared] = []
    for person in root.iter(q("person")):
        pid = person.get(XML_ID)
        if not pid:
            continue
        names: list[str] = []
        titles: list[str] = []
        for pers_name in person.iter(q("persName")):
            name = text_of(pers_name)
            if name and name not in names:
                names.append(name)
            for role in pers_name.iter(q("roleName")):
                title = text_of(role)
                if title and title not in titles:
                    titles.append(title)
        wikidata = None
        for idno in person.iter(q("idno")):
            if idno.get("type") == "wikidata" and idno.text:
                wikidata = idno.text.strip()
        persons.append((pid, tuple(names), tuple(titles), wikidata))
    return persons
