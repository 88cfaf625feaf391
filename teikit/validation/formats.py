"""A :class:`~teikit.validation.report.ValidationReport` as text, JSON, GitHub or JUnit.

Each formatter takes the report and whether to end with the summary line, and returns a
string; :data:`FORMATS` maps the names the CLI's ``--format`` takes to them. The formatters
know a report by what they read of it (:class:`Report`), so this module needs nothing from
:mod:`.report`, which imports it to render.

- ``text``: for people. Problems grouped by file, each with the offending source line and a
  caret under the column when it is known, then one summary line.
- ``json``: the report's pydantic JSON (``files[].problems[]`` with every field).
- ``github``: GitHub Actions workflow commands, one ``::error file=…,line=…,col=…::…`` per
  problem, which the Actions UI shows on the pull request's diff.
- ``junit``: JUnit XML, one test case per document, for CI dashboards (GitLab, Jenkins, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from lxml import etree

if TYPE_CHECKING:
    from teikit.errors import Problem

__all__ = ["FORMATS", "FileOutcome", "Report", "github", "json", "junit", "text"]


class FileOutcome(Protocol):
    """What a formatter reads of one document's result."""

    @property
    def file(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...


class Report(Protocol):
    """What a formatter reads of a validation report."""

    @property
    def schemas(self) -> tuple[str, ...]: ...
    @property
    def files(self) -> Sequence[FileOutcome]: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...
    def summary(self) -> str: ...
    def model_dump_json(self, *, indent: int | None = None) -> str: ...


def _source_line(file: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    if file not in cache:
        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                cache[file] = handle.read().splitlines()
        except OSError:
            cache[file] = None
    lines = cache[file]
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def _where(problem: Problem) -> str:
    if problem.line is None:
        return "-"
    return f"{problem.line}:{problem.column}" if problem.column else str(problem.line)


def text(report: Report, summary: bool = True) -> str:
    """Problems grouped by file, each with its source line, then the summary line.

    A valid file is not listed; a report with no problems is its summary alone::

        build/broken.xml
          12:7   error  TK402 <note> lacks the required attribute @n
                 12 |       <note place="foot" xml:id="note-3">
                    |        ^
    """
    cache: dict[str, list[str] | None] = {}
    out: list[str] = []
    for result in report.files:
        if not result.problems:
            continue
        out.append(result.file)
        for problem in result.problems:
            where = _where(problem)
            out.append(f"  {where:<6} {problem.severity:<7} {problem.code} {problem.message}")
            if problem.expected:
                out.append(f"         expected: {problem.expected}")
            if problem.path:
                out.append(f"         at {problem.path}")
            source = (
                _source_line(result.file, problem.line, cache) if problem.line is not None else None
            )
            if source is not None:
                gutter = f"{problem.line:>6} | "
                # Long lines (a whole paragraph) are shown around the column, not in full.
                shown, caret = _window(source, _focus(source, problem))
                out.append("       " + gutter + shown)
                if problem.column:
                    out.append("       " + " " * (len(gutter) - 2) + "| " + " " * caret + "^")
        out.append("")
    if summary:
        out.append(report.summary())
    return "\n".join(out) + ("\n" if out else "")


def _focus(line: str, problem: Problem) -> int:
    """Where in ``line`` the problem is: its column, else the start tag its path ends with."""
    if problem.column:
        return problem.column - 1
    if problem.path:
        name = problem.path.rsplit("/", 1)[-1].split("[", 1)[0]
        found = line.rfind(f"<{name}") if name else -1
        if found >= 0:
            return found
    return 0


def _window(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """``line`` cut to ``width`` characters around ``column``, and the column within the cut."""
    line = line.expandtabs(1)
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 4, len(line) - width))
    head = "…" if start > 0 else ""
    tail = "…" if start + width < len(line) else ""
    return head + line[start : start + width] + tail, column - start + len(head)


def json(report: Report, summary: bool = True) -> str:
    """The report as indented JSON; ``summary`` is part of the data (``ok``) either way."""
    return report.model_dump_json(indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, summary: bool = True) -> str:
    """One GitHub Actions workflow command per problem: ``::error``, ``::warning``, ``::notice``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out: list[str] = []
    for problem in report.problems:
        properties = [f"file={_escape_property(problem.file or '')}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
            if problem.column:
                properties.append(f"col={problem.column}")
        properties.append(f"title={_escape_property(problem.code)}")
        message = problem.message + (f" (expected: {problem.expected})" if problem.expected else "")
        out.append(f"::{level[problem.severity]} {','.join(properties)}::{_escape_data(message)}")
    if summary:
        out.append(report.summary())
    return "\n".join(out) + ("\n" if out else "")


def junit(report: Report, summary: bool = True) -> str:
    """JUnit XML: a ``testsuite`` with one ``testcase`` per document.

    An invalid document's case holds a ``failure`` listing its problems one per line; an
    unreadable one, an ``error``.
    """
    failures = sum(1 for result in report.files if result.status == "invalid")
    errors = sum(1 for result in report.files if result.status == "unreadable")
    suites = etree.Element("testsuites", name="teikit validate")
    suite = etree.SubElement(
        suites,
        "testsuite",
        name="teikit validate: " + (", ".join(report.schemas) or "xml-model"),
        tests=str(len(report.files)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
    )
    for result in report.files:
        case = etree.SubElement(
            suite, "testcase", classname="teikit.validate", name=result.file, file=result.file
        )
        if result.status == "valid":
            continue
        tag = "error" if result.status == "unreadable" else "failure"
        first = result.problems[0] if result.problems else None
        detail = etree.SubElement(
            case,
            tag,
            message=str(first) if first else result.status,
            type=first.code if first else result.status,
        )
        detail.text = "\n".join(str(problem) for problem in result.problems)
    body = etree.tostring(suites, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


FORMATS: dict[str, Callable[[Report, bool], str]] = {
    "text": text,
    "json": json,
    "github": github,
    "junit": junit,
}

#: The names of :data:`FORMATS`, for ``--format`` choices.
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
