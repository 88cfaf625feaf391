"""teikit's exceptions and problems.

Oddities of the input (an orphan footnote, a page cut short) are :class:`Problem` objects in a
result: the page is still converted and nothing is dropped. Exceptions are for what stops a job::

    TeikitError                    base of everything teikit raises on purpose
    ├── InputError (ValueError)    a file cannot be read as a page: empty, binary, not UTF-8, ...
    ├── OutputError                a file cannot be written: not a folder, no permission, disk full
    ├── UsageError (ValueError)    an option or argument that makes no sense
    ├── SchemaError                a schema cannot be found, parsed or compiled
    ├── UnsafeXMLError (ValueError) XML that tries entity expansion, external entities or a DTD
    │                              fetch, or is too deep or too large to parse safely
    └── DocumentInvalid (ValueError) raised by ``validate(..., raise_on_error=True)``; holds every
                                   problem found

Errors from lxml and xmlschema never leak out of :mod:`teikit.safexml` and
:mod:`teikit.validation`: they are translated at the door into these. Nothing here is named
``ValidationError``, which pydantic owns.

Every message has a code, grouped by stage: TK1xx read, TK2xx layout and footnotes, TK3xx
entities, TK4xx XML and schemas, TK5xx teikit's own checks. ``str(problem)`` is one line in the
form lxml prints: ``page287.txt:41:17: TK203 footnote 264 has no marker on this page``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]

#: code -> (severity, message template). Templates are filled with ``str.format``.
MESSAGES: dict[str, tuple[Severity, str]] = {
    # --- TK1xx: reading input -----------------------------------------------------------------
    "TK101": ("error", "file is empty; give a text file holding at least one page"),
    "TK102": ("error", "file looks binary ({detail}); give a plain-text page"),
    "TK103": (
        "error",
        "file is not UTF-8 ({detail}); re-save it as UTF-8 or pass --encoding (e.g. cp1252)",
    ),
    "TK104": ("error", "cannot read file: {detail}"),
    "TK105": (
        "error",
        "control character {detail} cannot be written to XML; remove it from the input",
    ),
    "TK106": ("error", "cannot write: {detail}"),
    "TK107": ("error", "no such file or directory (or no *.txt inside it)"),
    "TK108": (
        "error",
        "bad layout profile: {detail}; `teikit profile show web` prints a complete one",
    ),
    # --- TK2xx: layout and footnotes ----------------------------------------------------------
    "TK201": ("warning", "page cut short: {detail}"),
    "TK202": ("warning", "marker {detail} has no footnote on this page"),
    "TK203": ("warning", "footnote {detail} has no marker on this page"),
    "TK204": ("warning", "paragraph numbers jump from {detail}"),
    "TK205": ("warning", "paragraph number {detail} repeats or goes backwards"),
    "TK206": (
        "warning",
        "text is no numbered paragraph, quotation, list, heading or table; "
        "encoded as an unnumbered paragraph: {detail}",
    ),
    "TK207": ("warning", "page has no running head"),
    "TK209": (
        "warning",
        "table flattened to one cell per line ({detail} lines); rows not recovered",
    ),
    "TK210": ("info", "page number not printed on the page"),
    "TK211": ("info", "page starts with text continued from the previous page"),
    "TK212": ("info", "page ends inside a block continued on the next page"),
    "TK213": ("warning", "running head wrapped over two lines, joined: {detail}"),
    # --- TK3xx: entities ----------------------------------------------------------------------
    "TK301": ("warning", "person {detail} is ambiguous; not linked to a known person"),
    "TK302": ("info", "date {detail}: year inferred from context"),
    "TK303": ("warning", "person authority file: {detail}"),
    "TK304": (
        "info",
        "date {detail}: no year in the text or its context; @when gives month and day only",
    ),
    # --- TK4xx: XML and schemas ---------------------------------------------------------------
    "TK401": ("error", "not well-formed XML: {detail}"),
    "TK402": ("error", "{detail}"),
    "TK404": ("error", "unsafe XML refused: {detail}"),
    "TK405": ("error", "cannot read file: {detail}"),
    "TK406": ("error", "no files match {detail}"),
    "TK407": ("error", "<?xml-model?> schema not used: {detail}"),
    # --- TK5xx: teikit's own checks -----------------------------------------------------------
    "TK501": ("error", "pointer {detail} does not resolve to any xml:id in the document"),
    "TK502": ("error", "xml:id {detail} is used more than once"),
    "TK503": ("error", "note numbers repeat: {detail}"),
    "TK504": ("error", "persName points to {detail}, which is not a person of the standOff"),
    "TK505": ("error", "person id {detail} does not start with 'pers-'"),
    "TK506": ("error", 'note {detail} is empty; only a note with type="missing" may be empty'),
    "TK507": (
        "error",
        "date {detail}: give @when, or @from and @to, or @notBefore and @notAfter",
    ),
}


class Problem(BaseModel):
    """One thing worth telling a user about a file, with where it is.

    >>> str(Problem.make("TK203", "264", file="page287.txt", line=41, column=1))
    'page287.txt:41:1: TK203 footnote 264 has no marker on this page'
    """

    # Built on the first problem made, not on import: most runs (a warm corpus open, a clean
    # conversion) make none.
    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    """XPath of the element concerned, for problems found in XML."""
    rule: str | None = None
    """The rule broken (a schema's constraint), where there is one."""
    expected: str | None = None
    """What was expected instead, where that helps."""

    @classmethod
    def make(
        cls,
        code: str,
        detail: str = "",
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: str | None = None,
        rule: str | None = None,
        expected: str | None = None,
    ) -> Problem:
        """A problem with the message of ``code`` filled in with ``detail``."""
        severity, template = MESSAGES[code]
        return cls(
            code=code,
            severity=severity,
            message=template.format(detail=detail),
            file=file,
            line=line,
            column=column,
            path=path,
            rule=rule,
            expected=expected,
        )

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.code} {self.message}"


class TeikitError(Exception):
    """Base of every exception teikit raises on purpose; ``str()`` is one line."""


class InputError(TeikitError, ValueError):
    """A file cannot be read as pages. Holds the :class:`Problem` that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class OutputError(TeikitError):
    """An output file or folder cannot be written. Holds the :class:`Problem` that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    @classmethod
    def from_os_error(cls, path: str | os.PathLike[str], exc: OSError) -> OutputError:
        """The error of writing ``path``, in words that say what to do about it.

        >>> str(OutputError.from_os_error("out/a.xml", OSError(28, "No space left on device")))
        'out/a.xml: TK106 cannot write: No space left on device'
        """
        target = Path(path)
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            # a folder on the way is a file: name it
            blocking = next(
                (p for p in [*reversed(target.parents), target] if p.exists() and not p.is_dir()),
                None,
            )
            if blocking is not None and blocking != target:
                detail = f"{blocking} is a file, not a folder; give a folder for the output"
                return cls(Problem.make("TK106", detail, file=str(target)))
        if isinstance(exc, IsADirectoryError):
            detail = "it is a folder"
        else:
            detail = exc.strerror or str(exc)
        return cls(Problem.make("TK106", detail, file=str(target)))


class UsageError(TeikitError, ValueError):
    """An option or argument that makes no sense."""


class SchemaError(TeikitError):
    """A schema cannot be found, parsed or compiled."""


class UnsafeXMLError(TeikitError, ValueError):
    """XML refused because parsing it could read local files, reach the network or explode."""


class DocumentInvalid(TeikitError, ValueError):
    """One or more documents broke a schema or teikit's own checks; ``problems`` has them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "document is invalid"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problems)" if more > 0 else ""))


def ignore_interrupts_in_worker() -> None:
    """A pool's worker process leaves Ctrl-C to its parent.

    Ctrl-C sends SIGINT to the whole process group, workers included; a worker that took it
    would print its own ``KeyboardInterrupt`` traceback. The parent alone stops the run
    (exit 130, ``teikit: interrupted``) and shuts the pool down. Used as a pool initializer.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
