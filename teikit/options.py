"""The one options object of a conversion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from teikit.profile import DEFAULT_PROFILE, LayoutProfile


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvertOptions:
    """How pages become TEI. Frozen: make a new one with :func:`dataclasses.replace`.

    >>> ConvertOptions().line_breaks
    'join'
    """

    line_breaks: Literal["join", "keep"] = "join"
    """``join``: a paragraph's lines are joined with a space (a hyphen at a line end is kept
    and the word joined without a space). ``keep``: every line end becomes ``<lb/>``, with
    ``break="no"`` after a hyphen at a line end. No character of the page is lost either way."""

    entities: bool = True
    """Recognise persons, dates, organisations and places (the entity stage)."""

    persons: str | None = None
    """A person authority file (TEI ``listPerson`` or CSV ``id,names,titles,wikidata``) that
    fixes ids and full names; it is merged over teikit's built-in authority."""

    per_page: bool = False
    """One TEI document per page instead of one per section."""

    encoding: str = "utf-8"
    """The encoding of the input text files. Input that does not decode is an error, never
    guessed at, so nothing turns into mojibake."""

    profile: LayoutProfile = DEFAULT_PROFILE
    """The page layout (:class:`teikit.LayoutProfile`): how pages are cut, labelled and
    furnished, and the source's title, publisher, date and licence for the header. The web
    edition's by default; ``load_profile("pdftotext")`` or a TOML file for another."""
