"""``--to html``: a static reading edition that needs no server and no script.

Every page is plain HTML rendered here from the TEI (with lxml), so it opens from ``file://``,
from any static host and on paper, and lasts as long as HTML does (the Endings Project's
principles for durable editions)::

    index.html              the documents: section, title, page range, paragraphs, notes
    DOCUMENT.html           one page per document: paragraph numbers, page breaks, footnotes
                            linked from their marker and back, persons and dates linked
    persons.html            the register: names, titles, mentions by document and page;
                            beyond PERSONS_PER_PAGE persons, an index of every person, the
                            entries on persons-1.html, persons-2.html, ...
    timeline.html           the years; timeline-YYYY.html: every date of a year, in order,
                            linked to its place
    tei/DOCUMENT.xml        the TEI source, one click from its page
    static/teikit.css       typography, small screens, print

Why not CETEIcean: it renders TEI in the browser with JavaScript, so the text would only reach
the DOM after a script ran, from a copy of the TEI embedded in each page (``fetch()`` of a local
file is refused under ``file://``); a static rendering puts the same structure in the page
itself, works without JavaScript, prints, and is byte-stable. Each TEI element maps to one
HTML element carrying its name as a class (``tei-p``, ``tei-quote``, ...), the way CETEIcean's
custom elements do, through the table :data:`_ELEMENTS`.

Labels the edition adds (paragraph numbers, note markers, page-break labels) carry
``data-label``, so the text of the TEI can be compared with the page's text without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from teikit._version import __version__
from teikit.corpus import Person
from teikit.export.read import (
    NS,
    Collection,
    Document,
    Element,
    display_name,
)
from teikit.profile import DEFAULT_PROFILE
from teikit.tei.io import clean_text_of as text_of
from teikit.tei.io import local_name as local

Html = etree._Element
Progress = Callable[[str, int, int], None]

_CSS = "static/teikit.css"


class _Source(NamedTuple):
    """What the edition says of its source (the footer, the index's title), read from the
    TEI header teikit wrote from the layout profile: the export reads the corpus, never a
    profile of its own."""

    title: str
    date: str
    licence: str

    @classmethod
    def of(cls, doc: Document | None) -> _Source:
        """The source as ``doc``'s header gives it (the default profile's for no document)."""
        fallback = cls(DEFAULT_PROFILE.title, DEFAULT_PROFILE.date, DEFAULT_PROFILE.licence)
        if doc is None:
            return fallback
        desc = doc.root.find("t:teiHeader/t:fileDesc", NS)
        if desc is None:
            return fallback

        def found(path: str, otherwise: str) -> str:
            element = desc.find(path, NS)
            return (text_of(element) if element is not None else "") or otherwise

        bibl = "t:sourceDesc/t:bibl/"
        return cls(
            found(bibl + "t:title[@level='m']", fallback.title),
            found(bibl + "t:date", fallback.date),
            found("t:publicationStmt/t:availability/t:licence", fallback.licence),
        )


def _h(parent: Html | None, tag: str, text: str = "", **attrs: str) -> Html:
    """An HTML element (``class_`` for ``class``), appended to ``parent`` when given."""
    element = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    for key, value in attrs.items():
        element.set(key.rstrip("_").replace("_", "-"), value)
    if text:
        element.text = text
    return element


def _add_text(parent: Html, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _natural(value: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", value)
    )


class _Mention(NamedTuple):
    person: str
    anchor: str
    page: str
    text: str


class _Date(NamedTuple):
    start: str
    iso: str
    when: bool
    anchor: str
    text: str
    page: str
    paragraph_n: str
    note_n: str | None
    """None: not inside a note of the document."""


class _Heading(NamedTuple):
    """What the links between documents need, and their order."""

    id: str
    title: str
    section: str
    section_title: str
    page_from: str


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the pages about the whole corpus (index, register, timeline) need of one
    document: small strings and tuples, gathered while it is rendered, so its tree can go
    before the next one is read."""

    id: str
    title: str
    section: str
    section_title: str
    page_from: str
    pages_label: str
    paragraphs: int
    notes: int
    mentions: tuple[_Mention, ...]
    dates: tuple[_Date, ...]


def _summary(doc: Document) -> _Summary:
    paragraphs = {p.id: p.n for p in doc.paragraphs}
    notes = {n.id: n.n for n in doc.notes}
    return _Summary(
        id=doc.id,
        title=doc.title,
        section=doc.section,
        section_title=doc.section_title,
        page_from=doc.page_from,
        pages_label=doc.pages_label,
        paragraphs=len(doc.paragraphs),
        notes=len(doc.notes),
        mentions=tuple(
            _Mention(m.person, m.id.split("/", 1)[1], m.page, m.text) for m in doc.mentions
        ),
        dates=tuple(
            _Date(
                d.start,
                d.iso,
                bool(d.when),
                d.id.split("/", 1)[1],
                d.text,
                d.page,
                paragraphs.get(d.paragraph, ""),
                notes.get(d.note),
            )
            for d in doc.dates
        ),
    )


def _order(doc: _Heading) -> tuple[object, ...]:
    """Documents in report order: by section (9.6 before 10.1), then page, then id."""
    return (not doc.section, _natural(doc.section), _natural(doc.page_from), _natural(doc.id))


def _page_file(doc: Document | _Heading | _Summary) -> str:
    return f"{doc.id}.html"


def _short(doc: _Heading | _Summary) -> str:
    """A short name for links: ``9.6 27 June 2007 to April 2008``, else the file's name."""
    if doc.section_title:
        return f"{doc.section} {doc.section_title}".strip()
    return f"{doc.title} ({doc.id})" if doc.title != doc.id else doc.id


#: The register is one page up to this many persons; beyond, ``persons.html`` lists them all
#: and links to pages of this many entries each (``persons-1.html``, ...), in id order.
PERSONS_PER_PAGE = 250


def _person_files(persons: list[Person]) -> dict[str, str]:
    """person id -> the register page holding their entry."""
    if len(persons) <= PERSONS_PER_PAGE:
        return {p.id: "persons.html" for p in persons}
    return {p.id: f"persons-{i // PERSONS_PER_PAGE + 1}.html" for i, p in enumerate(persons)}


class _Renderer:
    """TEI ``text`` of one document -> HTML, collecting its notes for the end of the page."""

    def __init__(self, doc: Document, person_files: dict[str, str]) -> None:
        self.doc = doc
        self.person_files = person_files
        self.notes: list[tuple[Element, Html]] = []
        self.depth = 0
        self.dates = {d.id.split("/", 1)[1]: d for d in doc.dates}

    def render(self, tei: Element, parent: Html) -> None:
        name = local(tei)
        if name:
            handler = _ELEMENTS.get(name, _RENDER_GENERIC)
            html = handler(self, tei, parent)
            if html is not None:
                _add_text(html, tei.text)
                for child in tei:
                    self.render(child, html)
        _add_text(parent, tei.tail)

    def anchor(self, tei: Element) -> str:
        return self.doc.anchors.get(tei, "")

    # --- one method per TEI element; None: the children are already dealt with --------------

    def div(self, tei: Element, parent: Html) -> Html | None:
        self.depth += 1
        section = _h(parent, "section", class_="tei-div")
        _add_text(section, tei.text)
        for child in tei:
            self.render(child, section)
        self.depth -= 1
        return None

    def head(self, tei: Element, parent: Html) -> Html:
        return _h(parent, f"h{min(self.depth + 1, 6)}", class_="tei-head")

    def p(self, tei: Element, parent: Html) -> Html:
        anchor = self.anchor(tei)
        classes = " ".join(["tei-p", *([f"part-{tei.get('part')}"] if tei.get("part") else [])])
        if not anchor:
            return _h(parent, "div", class_=classes)
        html = _h(parent, "div", class_=classes, id=anchor)
        n = tei.get("n")
        if n:
            _h(
                html,
                "a",
                n,
                class_="pnum",
                href=f"#{anchor}",
                data_label="",
                aria_label=f"paragraph {n}",
            )
            _add_text(html, " ")
        return html

    def note(self, tei: Element, parent: Html) -> None:
        anchor = self.anchor(tei)
        n = tei.get("n") or str(len(self.notes) + 1)
        link = _h(
            parent,
            "a",
            class_="noteref",
            id=f"ref-{anchor}",
            href=f"#{anchor}",
            role="doc-noteref",
            data_label="",
            aria_label=f"note {n}",
        )
        _h(link, "sup", n)
        item = _h(None, "li", class_="note", id=anchor, role="doc-endnote")
        _h(
            item,
            "a",
            n,
            class_="note-n",
            href=f"#ref-{anchor}",
            role="doc-backlink",
            data_label="",
            aria_label=f"back to the marker of note {n}",
        )
        _add_text(item, " ")
        text = _h(item, "span", class_="note-text")
        _add_text(text, tei.text)
        for child in tei:
            self.render(child, text)
        if tei.get("type") == "missing" and not text_of(tei):
            _h(
                text,
                "span",
                "The text of this note is not on the page.",
                class_="missing",
                data_label="",
            )
        self.notes.append((tei, item))
        return None

    def pb(self, tei: Element, parent: Html) -> None:
        label = self.doc.pages.get(tei, "")
        text = f"p. {label}" if label else "page break"
        _h(
            parent,
            "span",
            text,
            class_="pb",
            id=self.anchor(tei),
            role="separator",
            data_label="",
            aria_label=f"page {label}" if label else "page break",
        )

    def pers_name(self, tei: Element, parent: Html) -> Html:
        anchor = self.anchor(tei)
        ref = tei.get("ref", "")
        if anchor and ref.startswith("#"):
            register = self.person_files.get(ref[1:], "persons.html")
            return _h(parent, "a", class_="person", id=anchor, href=f"{register}{ref}")
        return _h(parent, "span", class_="person")

    def date(self, tei: Element, parent: Html) -> Html:
        anchor = self.anchor(tei)
        found = self.dates.get(anchor)
        if not anchor or found is None:
            return _h(parent, "span", class_="date")
        iso = found.iso
        link = _h(
            parent,
            "a",
            class_="date",
            id=anchor,
            title=iso,
            data_iso=iso,
            href=f"{_timeline_file(_year(found.start))}#{self.doc.id}.{anchor}",
        )
        return _h(link, "time", datetime=iso) if found.when else link

    def fw(self, tei: Element, parent: Html) -> Html:
        return _h(parent, "span", class_=f"fw fw-{tei.get('type', 'other')}")

    def lb(self, tei: Element, parent: Html) -> None:
        _h(parent, "br", class_="lb")

    def generic(self, tei: Element, parent: Html) -> Html:
        name = local(tei)
        tag = _TAGS.get(name, "span")
        return _h(parent, tag, class_=f"tei-{name}")

    def skip(self, tei: Element, parent: Html) -> None:
        return None


_Handler = Callable[[_Renderer, Element, Html], Html | None]

#: TEI element -> how it is rendered; anything else goes through ``generic``.
_ELEMENTS: dict[str, _Handler] = {
    "div": _Renderer.div,
    "head": _Renderer.head,
    "p": _Renderer.p,
    "note": _Renderer.note,
    "pb": _Renderer.pb,
    "persName": _Renderer.pers_name,
    "date": _Renderer.date,
    "fw": _Renderer.fw,
    "lb": _Renderer.lb,
    "teiHeader": _Renderer.skip,
    "standOff": _Renderer.skip,
}
_RENDER_GENERIC: _Handler = _Renderer.generic

#: TEI element -> HTML tag for ``generic`` (default ``span``): blocks become blocks.
_TAGS = {
    "text": "div",
    "front": "div",
    "body": "div",
    "back": "div",
    "group": "div",
    "quote": "blockquote",
    "list": "ul",
    "item": "li",
    "table": "table",
    "row": "tr",
    "cell": "td",
    "ab": "div",
    "lg": "div",
    "l": "div",
    "sp": "div",
    "speaker": "div",
    "figure": "figure",
    "opener": "div",
    "closer": "div",
    "label": "span",
}


# --- pages ----------------------------------------------------------------------------------


def _page(title: str, *, current: str, source: _Source) -> tuple[Html, Html]:
    """An empty page with the site's header and footer; returns (html, main)."""
    html = _h(None, "html", lang="en")
    head = _h(html, "head")
    _h(head, "meta", charset="utf-8")
    _h(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _h(head, "meta", name="generator", content=f"teikit {__version__}")
    _h(head, "title", title)
    _h(head, "link", rel="stylesheet", href=_CSS)
    body = _h(html, "body")
    _h(body, "a", "Skip to the text", class_="skip", href="#main")
    nav = _h(_h(body, "header", class_="site"), "nav", aria_label="Edition")
    for href, label in (
        ("index.html", "Documents"),
        ("persons.html", "Persons"),
        ("timeline.html", "Timeline"),
    ):
        link = _h(nav, "a", label, href=href)
        if href == current:
            link.set("aria-current", "page")
    main = _h(body, "main", id="main")
    footer = _h(body, "footer", class_="site")
    _h(
        footer,
        "p",
        f"{source.title} ({source.date}). {source.licence} Reading edition generated by teikit "
        f"{__version__} from the TEI.",
    )
    return html, main


def _bytes(html: Html) -> bytes:
    data: bytes = etree.tostring(html, method="html", encoding="UTF-8", doctype="<!DOCTYPE html>")
    return data + b"\n"


def _document_page(
    doc: Document,
    previous: _Heading | None,
    following: _Heading | None,
    person_files: dict[str, str],
    source: _Source,
) -> bytes:
    html, main = _page(doc.title, current="", source=source)
    where = [f"Section {doc.section}" if doc.section else "", doc.section_title, doc.pages_label]
    _h(main, "p", " · ".join(w for w in where if w), class_="crumbs")
    _h(main, "h1", doc.title)
    links = _h(main, "p", class_="doc-links")
    _h(links, "a", "TEI source", href=f"tei/{doc.path.name}", type="application/xml")
    if previous is not None:
        _add_text(links, " · ")
        _h(links, "a", f"← {_short(previous)}", href=_page_file(previous), rel="prev")
    if following is not None:
        _add_text(links, " · ")
        _h(links, "a", f"{_short(following)} →", href=_page_file(following), rel="next")
    article = _h(main, "article", class_="tei")
    renderer = _Renderer(doc, person_files)
    text = doc.root.find("t:text", NS)
    if text is not None:
        renderer.render(text, article)
        article[-1].tail = None
    if renderer.notes:
        notes = _h(main, "section", class_="notes", aria_labelledby="notes")
        _h(notes, "h2", "Notes", id="notes")
        listing = _h(notes, "ol")
        for _, item in renderer.notes:
            listing.append(item)
    return _bytes(html)


def _index_page(documents: list[_Summary], source: _Source) -> bytes:
    html, main = _page(f"{source.title}: reading edition", current="index.html", source=source)
    _h(main, "h1", "Documents")
    _h(
        main,
        "p",
        f"{len(documents)} documents, "
        f"{sum(d.paragraphs for d in documents)} paragraphs, "
        f"{sum(d.notes for d in documents)} notes. See also the persons register and the "
        "timeline.",
        class_="summary",
    )
    table = _h(_h(main, "div", class_="scroll"), "table", class_="documents")
    row = _h(_h(table, "thead"), "tr")
    for label in ("Section", "Title", "Pages", "Paragraphs", "Notes"):
        _h(row, "th", label, scope="col")
    body = _h(table, "tbody")
    for doc in documents:
        row = _h(body, "tr")
        _h(row, "td", doc.section, class_="section")
        _h(_h(row, "td"), "a", doc.section_title or _short(doc), href=_page_file(doc))
        _h(row, "td", doc.pages_label, class_="pages")
        _h(row, "td", str(doc.paragraphs), class_="num")
        _h(row, "td", str(doc.notes), class_="num")
    return _bytes(html)


_Mentions = dict[str, list[tuple[_Summary, _Mention]]]


def _persons_pages(
    documents: list[_Summary], persons: list[Person], source: _Source
) -> dict[str, bytes]:
    """The register: ``persons.html`` alone, or when it has more than
    :data:`PERSONS_PER_PAGE` entries, ``persons.html`` listing every person and
    ``persons-N.html`` holding the entries (a register of thousands of persons, each with every
    mention linked, would be tens of megabytes on one page)."""
    by_person: _Mentions = {}
    for doc in documents:
        for mention in doc.mentions:
            by_person.setdefault(mention.person, []).append((doc, mention))
    summary = f"{len(persons)} persons, {sum(map(len, by_person.values()))} mentions."
    files = _person_files(persons)
    if len(persons) <= PERSONS_PER_PAGE:
        html, main = _page("Persons", current="persons.html", source=source)
        _h(main, "h1", "Persons")
        _h(main, "p", summary, class_="summary")
        _register_entries(main, persons, by_person)
        return {"persons.html": _bytes(html)}
    html, main = _page("Persons", current="persons.html", source=source)
    _h(main, "h1", "Persons")
    _h(main, "p", summary, class_="summary")
    listing = _h(main, "ul", class_="register-index")
    for person in persons:
        item = _h(listing, "li")
        _h(item, "a", display_name(person), href=f"{files[person.id]}#{person.id}")
        count = len(by_person.get(person.id, []))
        _add_text(item, f" ({count} mention{'s' * (count != 1)})")
    pages = {"persons.html": _bytes(html)}
    total = -(-len(persons) // PERSONS_PER_PAGE)
    for number, name in enumerate(dict.fromkeys(files.values()), 1):
        chunk = [p for p in persons if files[p.id] == name]
        html, main = _page(f"Persons ({number} of {total})", current="", source=source)
        crumbs = _h(main, "p", class_="crumbs")
        _h(crumbs, "a", "Persons", href="persons.html")
        _h(main, "h1", f"Persons ({number} of {total})")
        _register_entries(main, chunk, by_person)
        pages[name] = _bytes(html)
    return pages


def _register_entries(main: Html, persons: list[Person], by_person: _Mentions) -> None:
    for person in persons:
        entry = _h(main, "section", class_="register-entry", id=person.id)
        _h(entry, "h2", display_name(person))
        facts = _h(entry, "dl")
        for label, values in (("Names", person.names), ("Titles", person.titles)):
            if values:
                _h(facts, "dt", label)
                _h(facts, "dd", "; ".join(values))
        if person.wikidata:
            _h(facts, "dt", "Wikidata")
            _h(
                _h(facts, "dd"),
                "a",
                person.wikidata,
                href=f"https://www.wikidata.org/wiki/{person.wikidata}",
            )
        mentions = by_person.get(person.id, [])
        _h(entry, "p", f"{len(mentions)} mention{'s' * (len(mentions) != 1)}", class_="count")
        listing = _h(entry, "ul", class_="mentions")
        for _, group in groupby(mentions, key=lambda pair: pair[0].id):
            on_doc = list(group)
            doc = on_doc[0][0]
            item = _h(listing, "li")
            _h(item, "a", doc.title, href=_page_file(doc))
            pages = _h(item, "ul")
            for page, on_page in groupby((m for _, m in on_doc), key=lambda m: m.page):
                line = _h(pages, "li", f"p. {page}: " if page else "page not numbered: ")
                for i, mention in enumerate(on_page):
                    if i:
                        _add_text(line, ", ")
                    _h(
                        line,
                        "a",
                        mention.text or mention.person,
                        href=f"{_page_file(doc)}#{mention.anchor}",
                    )


def _year(iso: str) -> str:
    return "" if iso.startswith("-") else iso[:4]


def _timeline_file(year: str) -> str:
    return f"timeline-{year or 'unknown'}.html"


def _timeline_pages(documents: list[_Summary], source: _Source) -> dict[str, bytes]:
    """``timeline.html`` (the years, with counts) and one page per year, earliest first: a
    whole report's dates on one page would be tens of megabytes."""
    dated: list[tuple[_Date, _Summary, int]] = [
        (date, doc, i)
        for order, doc in enumerate(documents)
        for i, date in enumerate(doc.dates, order * 1_000_000)
    ]
    # A date without a year (XSD --MM-DD, where none could be inferred) goes last.
    dated.sort(key=lambda item: (item[0].start.startswith("-"), item[0].start, item[2]))
    pages: dict[str, bytes] = {}
    overview, main = _page("Timeline", current="timeline.html", source=source)
    _h(main, "h1", "Timeline")
    _h(
        main,
        "p",
        f"{len(dated)} dates, earliest first. A range is placed at its start.",
        class_="summary",
    )
    years = _h(main, "ol", class_="years")
    for year, group in groupby(dated, key=lambda item: _year(item[0].start)):
        entries = list(group)
        item = _h(years, "li")
        _h(item, "a", year or "Year not known", href=_timeline_file(year))
        _add_text(item, f" ({len(entries)} date{'s' * (len(entries) != 1)})")
        html, page = _page(f"Timeline: {year or 'year not known'}", current="", source=source)
        _h(page, "p", "Timeline", class_="crumbs")
        _h(page, "h1", year or "Year not known")
        listing = _h(page, "ol", class_="timeline")
        for date, doc, _ in entries:
            anchor = date.anchor
            entry = _h(listing, "li", id=f"{doc.id}.{anchor}")
            _h(
                entry,
                "time",
                date.iso,
                datetime=date.iso if date.when else date.start,
                class_="iso",
            )
            _add_text(entry, " ")
            _h(entry, "a", date.text, href=f"{_page_file(doc)}#{anchor}")
            where = [doc.section and f"Section {doc.section}", date.page and f"p. {date.page}"]
            if date.paragraph_n:
                where.append(f"¶ {date.paragraph_n}")
            if date.note_n is not None:
                where.append(f"note {date.note_n}")
            _h(entry, "span", " — " + ", ".join(w for w in where if w), class_="where")
        pages[_timeline_file(year)] = _bytes(html)
    pages["timeline.html"] = _bytes(overview)
    return pages


def write(collection: Collection, folder: Path, progress: Progress) -> None:
    """Write the reading edition of the collection into ``folder``.

    Two passes, one TEI tree in memory at a time: the first reads only each document's header
    (pages link to the previous and next document in report order, known only once every
    document has been read); the second reads each document whole, in that order, renders its
    page and keeps a :class:`_Summary` of it. The index, the register and the timeline are made
    from the summaries."""
    person_files = _person_files(collection.persons)
    headings = []
    source: _Source | None = None
    for d in collection.documents(records=False):
        headings.append(_Heading(d.id, d.title, d.section, d.section_title, d.page_from))
        if source is None:
            source = _Source.of(d)  # the first document's header speaks for the edition
    source = source or _Source.of(None)
    order = sorted(range(len(headings)), key=lambda i: _order(headings[i]))
    ordered = [headings[i] for i in order]
    (folder / "static").mkdir()
    (folder / "tei").mkdir()
    css = resources.files("teikit.export").joinpath("static/teikit.css").read_bytes()
    (folder / _CSS).write_bytes(css)
    summaries = []
    documents = collection.documents(collection.files[i] for i in order)
    for i, doc in enumerate(documents):
        previous = ordered[i - 1] if i else None
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        page = _document_page(doc, previous, following, person_files, source)
        (folder / _page_file(doc)).write_bytes(page)
        (folder / "tei" / doc.path.name).write_bytes(doc.path.read_bytes())
        summaries.append(_summary(doc))
        progress("writing", i + 1, len(ordered))
    (folder / "index.html").write_bytes(_index_page(summaries, source))
    for name, data in _persons_pages(summaries, collection.persons, source).items():
        (folder / name).write_bytes(data)
    for name, data in _timeline_pages(summaries, source).items():
        (folder / name).write_bytes(data)
