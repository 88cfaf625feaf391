"""The corpus: a folder of TEI files and the questions people ask of it."""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from teikit.corpus import fulltext, results, sql, store, xpath
from teikit.corpus.files import find
from teikit.corpus.models import (
    Answer,
    Cooccurrence,
    DateMention,
    KwicHit,
    Note,
    Paragraph,
    Person,
    PersonDetail,
    XPathResult,
)
from teikit.corpus.sql import DateLike, DateMode
from teikit.errors import InputError, Problem, UsageError

T = TypeVar("T")
R = TypeVar("R")
#: A kind of unit an answer holds: what :meth:`Corpus._units` builds.
U = TypeVar("U", Paragraph, Note)


P = ParamSpec("P")


def _fresh(method: Callable[Concatenate[Corpus, P], T]) -> Callable[Concatenate[Corpus, P], T]:
    """A question answered by :meth:`Corpus._answer`: from an index true to the files."""

    def asked(self: Corpus, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._answer(lambda: method(self, *args, **kwargs))

    functools.update_wrapper(asked, method)  # the name and docstring, for help() and Sphinx
    return asked


class Corpus:
    """A folder (or glob) of TEI documents, indexed for questions.

    ``Corpus.open`` reads every file once through teikit's hardened parser and keeps what the
    questions need in an SQLite index beside the files (``.teikit-index.sqlite``); the next open
    reads only files that changed. Files that cannot be read, or are not TEI, are not skipped
    silently: each is a :class:`~teikit.Problem` on :attr:`problems`.

    >>> with Corpus.open("tests/data/corpus", index=False) as corpus:
    ...     [p.paragraph for p in corpus.paragraphs(person="pers-binns", date_from="2007-11")]
    ['565', '600']
    """

    def __init__(
        self,
        root: Path,
        files: Sequence[Path],
        db: sqlite3.Connection,
        index_path: Path | None,
        problems: Sequence[Problem] = (),
        refreshed: int = 0,
        jobs: int = 1,
    ) -> None:
        self.root = root
        #: How many files were read (parsed) while opening: all of them without an index,
        #: only the changed ones with a fresh one.
        self.refreshed = refreshed
        self.index_path = index_path
        self._paths = tuple(files)
        self._files = tuple(f.relative_to(root).as_posix() for f in files)
        self._jobs = jobs
        self._opening_problems = tuple(problems)
        #: bumped whenever the index is refreshed or replaced: an answer begun before is redone
        self._generation = 0
        self._attach(db)

    def _attach(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.create_function("regexp", 2, fulltext.regexp, deterministic=True)
        self.problems: tuple[Problem, ...] = (*self._opening_problems, *store.problems(db))
        self._fts = bool(
            db.execute("SELECT value FROM meta WHERE key = 'fts'").fetchone()[0] == "1"
        )
        self._stamps = store.fingerprints(db)
        self._generation += 1

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path_or_glob: str | os.PathLike[str], *, index: bool = True, jobs: int = 1
    ) -> Corpus:
        """Open the TEI files of a folder (``*.xml`` and ``*.tei`` in it and below), one file,
        or a glob.

        ``index=True`` keeps the index in ``<folder>/.teikit-index.sqlite``, building it on the
        first open and refreshing it for files changed since; ``index=False`` (or a folder that
        cannot be written) keeps it in memory for this session only. ``jobs`` > 1 reads the
        files to index in that many processes. An index that is damaged, locked by another
        process or of another version is built anew; every question first checks, with one
        ``stat`` per file, that no file changed since the index was refreshed (and refreshes
        it if one did), and asks again if one changed while it was being answered.

        Raises :class:`~teikit.InputError` when nothing matches (``TK406``) or the path does
        not exist (``TK405``).
        """
        if jobs < 1:
            raise UsageError(f"jobs must be 1 or more, not {jobs}")
        root, files = find(os.fspath(path_or_glob))
        problems: list[Problem] = []
        index_path = root / store.INDEX_NAME if index else None
        try:
            db, refreshed = store.open_index(index_path, root, files, jobs=jobs)
        except (sqlite3.Error, OSError) as exc:
            if index_path is None:
                raise
            problems.append(
                Problem.make(
                    "TK402",
                    f"cannot keep the index here ({exc}); working from memory: make the folder "
                    "writable to open faster next time",
                    file=str(index_path),
                )
            )
            index_path = None
            db, refreshed = store.open_index(None, root, files, jobs=jobs)
        return cls(root, files, db, index_path, problems, refreshed, jobs)

    # --- keeping the answers true -------------------------------------------------------------

    def _changed(self) -> bool:
        """Whether a file's time or size differs from what the index last saw (one ``stat``
        each)."""
        stamps, stamp = self._stamps, store.stamp
        return any(
            stamps.get(name) != stamp(path)
            for name, path in zip(self._files, self._paths, strict=True)
        )

    def _refresh(self, *, rebuild: bool = False) -> None:
        """Bring the index up to date (``rebuild``: build it anew, as for a damaged one)."""
        if rebuild:
            self._db.close()
            if self.index_path is None:
                db = sqlite3.connect(":memory:")
                store.build_into(db, self.root, self._paths, jobs=self._jobs)
            else:
                db, _ = store.rebuild(self.index_path, self.root, self._paths, jobs=self._jobs)
        else:
            db, _ = store.update(self._db, self.index_path, self.root, self._paths, jobs=self._jobs)
        self._attach(db)

    def _answer(self, question: Callable[[], T]) -> T:
        """``question()`` asked of an index that is fresh before and after it: refreshed first
        when a file changed, asked again when one changed meanwhile; a damaged index is built
        anew once; else one clear line."""
        for _ in range(3):
            if self._changed():
                self._refresh()
            generation = self._generation
            try:
                answer = question()
            except sqlite3.DatabaseError as exc:  # damaged since it was opened, or locked
                if generation != self._generation:
                    continue
                try:
                    self._refresh(rebuild=True)
                    answer = question()
                except (sqlite3.Error, OSError) as again:
                    raise InputError(
                        Problem.make(
                            "TK402",
                            f"the corpus index cannot be read ({exc}) nor built again "
                            f"({again}); delete it and open the corpus again",
                            file=str(self.index_path or self.root),
                        )
                    ) from None
            if generation == self._generation and not self._changed():
                return answer
        raise InputError(
            Problem.make(
                "TK402",
                "the files kept changing while the question was answered; ask again when "
                "they are written",
                file=str(self.root),
            )
        )

    def close(self) -> None:
        """Close the index database."""
        self._db.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def files(self) -> tuple[str, ...]:
        """The corpus's files, relative to :attr:`root`, including those with problems."""
        return self._files

    # --- persons ------------------------------------------------------------------------------

    @_fresh
    def persons(self, *, limit: int | None = None, offset: int = 0) -> list[Person]:
        """Every person declared or mentioned, most mentioned first.

        Every list-returning question takes ``limit`` and ``offset``: a page of the answer,
        asked of the index (``persons(limit=10)`` is the ten most mentioned), so a page of a
        large answer costs little. ``q(limit=k, offset=j) == q()[j:j + k]``.
        """
        return sql.persons(self._db, sql.paging(limit, offset))

    @_fresh
    def person(self, id: str, *, limit: int | None = None, offset: int = 0) -> PersonDetail | None:
        """One person (by id, with or without ``#``) with every mention in context (``limit``
        and ``offset`` page the mentions; ``mention_count`` stays the total); ``None`` when no
        such person is declared or mentioned."""
        pid = id.lstrip("#")
        row = sql.person_row(self._db, pid)
        if row is None:
            return None
        rows = sql.mention_rows(self._db, pid, sql.paging(limit, offset))
        return results.person_detail(row, results.person_mentions(rows, person=pid))

    @_fresh
    def cooccurrence(
        self, *, min_count: int = 1, limit: int | None = None, offset: int = 0
    ) -> list[Cooccurrence]:
        """Pairs of persons named in the same paragraphs (their own text, not their notes),
        with how many paragraphs; most frequent pairs first."""
        rows = sql.pair_rows(self._db, min_count, sql.paging(limit, offset))
        return results.cooccurrences(rows)

    # --- paragraphs and notes -----------------------------------------------------------------

    @_fresh
    def paragraphs(
        self,
        *,
        person: str | None = None,
        date_from: DateLike | None = None,
        date_to: DateLike | None = None,
        contains: str | None = None,
        section: str | None = None,
        date_mode: DateMode = "within",
        limit: int | None = None,
        offset: int = 0,
    ) -> Answer[Paragraph]:
        """Paragraphs (``p``, ``ab``) in corpus order; the filters combine.

        - ``person``: an id (``pers-binns``), or a name or surname matched against the names
          seen (``Binns``); the paragraph's own text names that person;
        - ``date_from`` / ``date_to``: ISO dates (``2007``, ``2007-11``, ``2007-11-01``) or
          :class:`datetime.date`; a paragraph matches when a date in its own text (its year
          inferred or not) lies within the range (``date_mode="overlaps"``: touches it);
        - ``contains``: a case-insensitive substring of the paragraph's text;
        - ``section``: ``"9.6"``, or ``"9"`` for every section under it.
        """
        filters = (person, date_from, date_to, contains, section, date_mode)
        page = sql.paging(limit, offset)
        return self._units(sql.PARAGRAPH_UNITS, sql.paragraphs_by_id, *filters, page)

    @_fresh
    def notes(
        self,
        *,
        contains: str | None = None,
        person: str | None = None,
        date_from: DateLike | None = None,
        date_to: DateLike | None = None,
        section: str | None = None,
        date_mode: DateMode = "within",
        limit: int | None = None,
        offset: int = 0,
    ) -> Answer[Note]:
        """Notes with the paragraph that cites them; filters as for :meth:`paragraphs`, applied
        to the note's own text."""
        filters = (person, date_from, date_to, contains, section, date_mode)
        page = sql.paging(limit, offset)
        return self._units(sql.NOTE_UNITS, sql.notes_by_id, *filters, page)

    def _lazily(
        self, build: Callable[[Sequence[Any]], list[R]]
    ) -> Callable[[Sequence[Any]], list[R]]:
        """``build``, for an :class:`Answer` that builds its results from the index later:
        refused once the index has been refreshed since the question was answered."""
        generation = self._generation

        def built(rows: Sequence[Any]) -> list[R]:
            if generation != self._generation:
                raise InputError(
                    Problem.make(
                        "TK402",
                        "the corpus index was refreshed since this answer was given (a file "
                        "changed); ask the question again",
                        file=str(self.index_path or self.root),
                    )
                )
            try:
                return build(rows)
            except sqlite3.Error as exc:
                raise InputError(
                    Problem.make(
                        "TK402",
                        f"the rest of this answer cannot be read from the index ({exc}); "
                        "ask the question again",
                        file=str(self.index_path or self.root),
                    )
                ) from None

        return built

    # --- dates --------------------------------------------------------------------------------

    @_fresh
    def dates(
        self,
        *,
        person: str | None = None,
        date_from: DateLike | None = None,
        date_to: DateLike | None = None,
        date_mode: DateMode = "within",
        limit: int | None = None,
        offset: int = 0,
    ) -> Answer[DateMention]:
        """Every ``<date>`` in corpus order (file, then document order). ``person``: only dates
        in the paragraphs and notes that name that person."""
        return self._dates(
            person, date_from, date_to, date_mode, sql.paging(limit, offset), chronological=False
        )

    @_fresh
    def timeline(
        self,
        *,
        person: str | None = None,
        date_from: DateLike | None = None,
        date_to: DateLike | None = None,
        date_mode: DateMode = "within",
        limit: int | None = None,
        offset: int = 0,
    ) -> Answer[DateMention]:
        """Every dated mention whose date can be read, in chronological order (by start, then
        end: ranges stay ranges, placed at their start)."""
        return self._dates(
            person, date_from, date_to, date_mode, sql.paging(limit, offset), chronological=True
        )

    # --- text ---------------------------------------------------------------------------------

    @_fresh
    def search(
        self,
        pattern: str,
        *,
        regex: bool = False,
        case_sensitive: bool = False,
        width: int = 40,
        limit: int | None = None,
        offset: int = 0,
    ) -> Answer[KwicHit]:
        """Keyword-in-context hits of ``pattern`` (text, or a Python regular expression with
        ``regex=True``) in every paragraph, head, note and other block, in corpus order."""
        compiled, where, params = fulltext.search_condition(
            pattern, regex=regex, case_sensitive=case_sensitive, fts=self._fts
        )
        # Each candidate unit is read once, with what its hits need; the regex runs over its
        # text, and the hits are built from the rows it keeps when the answer is read (no
        # further read of the index, so no refresh since can make them wrong).
        rows = sql.hit_rows(self._db, where, params, early_stop=limit is not None)
        spans = fulltext.hit_spans(
            rows, compiled, sql.paging(limit, offset), text_column=sql.HIT_TEXT
        )
        return Answer(spans, functools.partial(results.kwic_hits, width=width))

    def xpath(self, expr: str) -> list[XPathResult]:
        """Evaluate an XPath 1.0 expression (lxml; ``tei:`` bound to the TEI namespace) on
        every readable file, parsing each again: slower than the questions above."""
        return xpath.xpath1(xpath.iterate_trees(self.root, self._files, self._db), expr)

    def xpath31(self, expr: str) -> list[XPathResult]:
        """Evaluate an XPath 3.1 expression (elementpath; ``tei:`` bound) on every readable
        file, as :meth:`xpath` does."""
        return xpath.xpath31(xpath.iterate_trees(self.root, self._files, self._db), expr)

    # --- internals ----------------------------------------------------------------------------

    def _units(
        self,
        select: str,
        by_id: Callable[[sqlite3.Connection, Sequence[int]], list[U]],
        person: str | None,
        date_from: DateLike | None,
        date_to: DateLike | None,
        contains: str | None,
        section: str | None,
        date_mode: DateMode,
        page: tuple[int, int],
    ) -> Answer[U]:
        """The units ``select`` chooses (paragraphs, notes) that pass the filters, in corpus
        order, built by ``by_id`` when the answer is read: :meth:`paragraphs` and
        :meth:`notes` are this one question about two kinds of unit."""
        person_ids = sql.person_ids(self._db, person) if person is not None else None
        where, params = sql.unit_filters(
            person_ids, date_from, date_to, contains, section, date_mode, fts=self._fts
        )
        ids = sql.unit_ids(self._db, sql.kind_condition(select, where) + where, params, page)
        return Answer(ids, self._lazily(functools.partial(by_id, self._db)))

    def _dates(
        self,
        person: str | None,
        date_from: DateLike | None,
        date_to: DateLike | None,
        date_mode: DateMode,
        page: tuple[int, int],
        *,
        chronological: bool,
    ) -> Answer[DateMention]:
        person_ids = sql.person_ids(self._db, person) if person is not None else None
        ids = sql.date_ids(
            self._db, person_ids, date_from, date_to, date_mode, page, chronological=chronological
        )
        return Answer(ids, self._lazily(functools.partial(sql.dates_by_id, self._db)))
