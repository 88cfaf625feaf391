"""Validate many documents at once: :func:`validate` -> :class:`ValidationReport`.

This is what ``teikit validate`` runs. Sources are files, directories (searched recursively
for ``pattern``, ``*.xml`` unless told otherwise), or trees already parsed. Each document is
parsed once with :mod:`teikit.safexml` and checked against every schema given; a file that
cannot be read, is not XML or is refused as unsafe gets a problem in the report, never a crash.

>>> from teikit import convert
>>> written = [doc.write(tmp / "build") for doc in convert("seeds/000_f6c87f8d16c5e508.txt")]
>>> report = validate([tmp / "build"], schemas=["teikit"])
>>> report.ok
True
>>> for problem in report: print(problem)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Literal, TypeAlias
from urllib.parse import urlsplit

from lxml import etree
from pydantic import BaseModel, ConfigDict, computed_field

from teikit.errors import (
    DocumentInvalid,
    InputError,
    Problem,
    SchemaError,
    UsageError,
    ignore_interrupts_in_worker,
)
from teikit.safexml import DEFAULT_MAX_BYTES, UnsafeDocument, parse_file
from teikit.validation import checks as own_checks
from teikit.validation.formats import FORMATS
from teikit.validation.schema import (
    Document,
    Engine,
    LoadSpec,
    Schema,
    SchemaShelf,
    load_deferred,
)

__all__ = ["FileResult", "ValidationReport", "is_valid", "iter_errors", "validate"]

Status: TypeAlias = Literal["valid", "invalid", "unreadable"]
SchemaSpec: TypeAlias = "str | os.PathLike[str] | Schema"
Sources: TypeAlias = "Document | Iterable[Document]"

#: ``schematypens`` of ``<?xml-model?>`` -> the kind :meth:`Schema.load` takes.
_MODEL_KINDS: dict[str, str] = {
    "http://relaxng.org/ns/structure/1.0": "relaxng",
    "http://purl.oclc.org/dsdl/schematron": "schematron",
    "http://www.w3.org/2001/XMLSchema": "xsd",
}
_UNREADABLE_CODES = frozenset({"TK405", "TK406"})
#: ``progress(documents_done, documents_total)``, called as documents are checked.
Progress: TypeAlias = Callable[[int, int], None]


class FileResult(BaseModel):
    """What became of one document: its status and every problem found in it."""

    model_config = ConfigDict(frozen=True)

    file: str
    status: Status
    problems: tuple[Problem, ...] = ()


class ValidationReport(BaseModel):
    """The outcome of a run: one :class:`FileResult` per document, in the order given.

    Iterating a report yields its problems (all files, in order); ``ok`` (also
    ``all_valid``) says whether every document is valid; :meth:`render` formats it as text,
    JSON, GitHub annotations or JUnit XML. It is a frozen pydantic model, so
    ``model_dump_json()`` gives the JSON the CLI prints. ``engines`` names the validator
    that checked each of ``schemas`` (libxml2, xmlschema, isoschematron or jing).
    """

    model_config = ConfigDict(frozen=True)

    schemas: tuple[str, ...]
    engines: tuple[str, ...] = ()
    files: tuple[FileResult, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when there is at least one document and every one is valid."""
        return bool(self.files) and all(result.status == "valid" for result in self.files)

    @property
    def all_valid(self) -> bool:
        """The same as :attr:`ok`, named for the question it answers."""
        return self.ok

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of every file, in order."""
        return tuple(problem for result in self.files for problem in result.problems)

    @property
    def unreadable(self) -> bool:
        """Whether some input could not be read at all (the CLI exits 2 then)."""
        return any(result.status == "unreadable" for result in self.files)

    # pydantic's BaseModel iterates (name, value) pairs; a report is a collection of problems,
    # and that is what a user looping over it wants.
    def __iter__(self) -> Iterator[Problem]:  # type: ignore[override]
        return iter(self.problems)

    def count(self, status: Status) -> int:
        """How many documents ended with ``status``."""
        return sum(1 for result in self.files if result.status == status)

    def summary(self) -> str:
        """One line: how many documents, against what (and by which validator), how many
        valid, how many problems."""
        total = len(self.files)
        documents = f"{total} document{'s' if total != 1 else ''}"
        named = [
            f"{schema} ({engine})" if engine else schema
            for schema, engine in zip(self.schemas, self._engines(), strict=True)
        ]
        against = ", ".join(named) or "their <?xml-model?> schemas"
        if self.ok:
            return f"{documents} valid against {against}"
        parts = [f"{self.count('valid')} valid", f"{self.count('invalid')} invalid"]
        if self.unreadable:
            parts.append(f"{self.count('unreadable')} unreadable")
        errors = sum(1 for p in self.problems if p.severity == "error")
        counted = f"{errors} error{'s' if errors != 1 else ''}"
        return f"{documents} checked against {against}: {', '.join(parts)} ({counted})"

    def _engines(self) -> tuple[str, ...]:
        return self.engines if len(self.engines) == len(self.schemas) else ("",) * len(self.schemas)

    def render(self, fmt: str = "text", *, summary: bool = True) -> str:
        """The report as ``text``, ``json``, ``github`` or ``junit`` (see ``FORMATS``)."""
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return FORMATS[fmt](self, summary)

    def raise_if_invalid(self) -> None:
        """Raise :class:`~teikit.errors.DocumentInvalid` holding every error, unless ok."""
        if not self.ok:
            raise DocumentInvalid(p for p in self.problems if p.severity == "error")


def _load_schemas(specs: Iterable[SchemaSpec], engine: Engine = "auto") -> list[Schema]:
    # Deferred: Jing compiles its schema with the first files, so no Java start for it alone.
    return [
        spec if isinstance(spec, Schema) else load_deferred(spec, engine=engine) for spec in specs
    ]


def _as_list(sources: Sources) -> list[Document]:
    if isinstance(sources, str | os.PathLike | etree._ElementTree | etree._Element):
        return [sources]
    return list(sources)


def _expand(source: Document, pattern: str) -> list[Document] | FileResult:
    """A directory becomes its files matching ``pattern``; a missing path, a problem."""
    if not isinstance(source, str | os.PathLike):
        return [source]
    path = Path(source)
    if path.is_dir():
        found = sorted(p for p in path.rglob(pattern) if p.is_file())
        if not found:
            problem = Problem.make("TK406", f"{pattern} in {path}", file=os.fspath(source))
            return FileResult(file=os.fspath(source), status="unreadable", problems=(problem,))
        return [os.fspath(p) for p in found]
    return [os.fspath(source)]


def _xml_model_schemas(
    tree: etree._ElementTree, file: str | None, given: Sequence[Schema], shelf: SchemaShelf
) -> tuple[list[Schema], list[Problem]]:
    """The schemas a document names in ``<?xml-model?>``, loaded (once per run: ``shelf``);
    problems for those that fail.

    A remote ``href`` (``http://www.tei-c.org/.../tei_all.rng``) is never fetched: it is
    satisfied by a ``--schema`` with the same file name, or reported.
    """
    root = tree.getroot()
    found: list[Schema] = []
    problems: list[Problem] = []
    base = Path(file).parent if file else Path.cwd()
    instructions = [
        node
        for node in reversed(list(root.itersiblings(preceding=True)))
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"
    ]
    for instruction in instructions:
        href = instruction.get("href")
        line = instruction.sourceline if isinstance(instruction.sourceline, int) else None
        if not href:
            problems.append(Problem.make("TK407", "it has no href", file=file, line=line))
            continue
        kind = _MODEL_KINDS.get(instruction.get("schematypens") or "")
        if (instruction.get("type") or "") == "application/relax-ng-compact-syntax":
            kind = "rnc"
        if urlsplit(href).scheme in ("http", "https", "ftp"):
            name = Path(urlsplit(href).path).name
            local = [schema for schema in given if schema.path.name == name]
            if local:
                found.extend(s for s in local if s not in found)
            else:
                problems.append(
                    Problem.make(
                        "TK407",
                        f"{href} is remote and teikit never fetches schemas; "
                        f"pass a local copy with --schema (named {name})",
                        file=file,
                        line=line,
                    )
                )
            continue
        target = Path(urlsplit(href).path) if href.startswith("file:") else base / href
        try:
            # libxml2 even where Jing is installed: these schemas check one tree at a time,
            # and Jing would start Java for each.
            found.append(shelf.load(target, kind=kind, engine="lxml"))
        except SchemaError as exc:
            problems.append(Problem.make("TK407", str(exc), file=file, line=line))
    if not instructions and not given:
        problems.append(
            Problem.make(
                "TK407",
                "the document has no <?xml-model?> instruction; pass --schema",
                file=file,
            )
        )
    return found, problems


def check_document(
    document: Document,
    schemas: Sequence[Schema],
    *,
    checks: bool = False,
    xml_model: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    shelf: SchemaShelf | None = None,
) -> FileResult:
    """Parse ``document`` once and check it against every schema: one :class:`FileResult`.

    ``shelf`` keeps the schemas ``<?xml-model?>`` names across calls (a run's); without it
    they are loaded for this document only."""
    file, parsed = _parse(document, max_bytes)
    if isinstance(parsed, FileResult):
        return parsed
    return _check_tree(
        parsed, file, schemas, checks=checks, xml_model=xml_model, shelf=shelf or SchemaShelf()
    )


def _parse(
    document: Document, max_bytes: int | None
) -> tuple[str, etree._ElementTree | FileResult]:
    """``(file, tree)``, or ``(file, result)`` for a file that cannot be read or is refused."""
    if isinstance(document, etree._ElementTree | etree._Element):
        tree = document if isinstance(document, etree._ElementTree) else document.getroottree()
        return tree.docinfo.URL or "<tree>", tree
    file = os.fspath(document)
    try:
        return file, parse_file(file, max_bytes=max_bytes)
    except UnsafeDocument as exc:
        return file, FileResult(file=file, status="invalid", problems=(exc.problem,))
    except InputError as exc:
        # Not well-formed is a defect of the file (invalid); unreadable is bad input.
        code = exc.problem.code
        status: Status = "unreadable" if code in _UNREADABLE_CODES else "invalid"
        return file, FileResult(file=file, status=status, problems=(exc.problem,))


def _check_tree(
    tree: etree._ElementTree,
    file: str,
    schemas: Sequence[Schema],
    *,
    checks: bool,
    xml_model: bool,
    shelf: SchemaShelf,
    elsewhere: Sequence[Schema] = (),
) -> FileResult:
    """Check ``tree`` against ``schemas``; ``elsewhere`` are schemas checking the file apart
    (Jing, its problems joined later): they satisfy ``<?xml-model?>`` but are not run here."""
    problems: list[Problem] = []
    active = [schema for schema in schemas if schema not in elsewhere]
    if xml_model:
        named, trouble = _xml_model_schemas(tree, file, schemas, shelf)
        problems.extend(trouble)
        active.extend(s for s in named if s not in active and s not in elsewhere)
    for schema in active:
        problems.extend(schema.problems(tree, file))
    if checks and not any(schema.checks for schema in [*active, *elsewhere]):
        problems.extend(own_checks.check(tree, file=file))
    return _result(file, problems)


def _result(file: str, problems: list[Problem]) -> FileResult:
    problems.sort(key=lambda p: p.line or 0)
    invalid = any(problem.severity == "error" for problem in problems)
    return FileResult(file=file, status="invalid" if invalid else "valid", problems=tuple(problems))


# --- parallel runs ---------------------------------------------------------------------------
# Compiled schemas cannot be pickled. Where the platform can fork (Linux), the schemas this
# run compiled are handed to the workers as they are forked (a forked worker's initializer
# arguments are inherited, not pickled): tei_all.rng, which libxml2 takes over ten seconds to
# compile, is compiled once per run, not once per worker, and a Jing schema's results
# (prepared before the fork) go with it. Elsewhere each worker compiles them again from their
# specs in its initializer. Files go to workers in chunks, and a valid file comes back as
# None: pickling a pydantic result per file costs more than validating the file.


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker process checks files with: the compiled schemas (forked workers) or the
    specs to compile them from (``(spec, with teikit's checks)``), and the run's options."""

    specs: list[tuple[LoadSpec, bool]]
    schemas: list[Schema] | None
    checks: bool
    xml_model: bool
    max_bytes: int | None


@dataclass(frozen=True, slots=True)
class _Worker:
    """A worker process's state: its job's schemas, compiled, and its shelf of the schemas
    ``<?xml-model?>`` names."""

    job: _Job
    schemas: list[Schema]
    shelf: SchemaShelf


#: The one worker this process is, set once by :func:`_init_worker` when a pool starts the
#: process (a pool passes state to its tasks no other way); never set in the parent.
_WORKER: list[_Worker] = []


def _init_worker(job: _Job) -> None:
    ignore_interrupts_in_worker()
    schemas = job.schemas
    if schemas is None:
        schemas = [_compiled(name, kind, engine, keep) for (name, kind, engine), keep in job.specs]
    _WORKER[:] = [_Worker(job, schemas, SchemaShelf())]


def _compiled(name: str, kind: str | None, engine: Engine, keep_checks: bool) -> Schema:
    schema = load_deferred(name, kind=kind, engine=engine)
    return schema if keep_checks else schema.without_checks()


def _work(paths: list[str]) -> list[FileResult | None]:
    """Check a chunk of files in a worker: ``None`` for each valid file without problems."""
    worker = _WORKER[0]
    job = worker.job
    results: list[FileResult | None] = []
    for path in paths:
        result = check_document(
            path,
            worker.schemas,
            checks=job.checks,
            xml_model=job.xml_model,
            max_bytes=job.max_bytes,
            shelf=worker.shelf,
        )
        results.append(None if result.status == "valid" and not result.problems else result)
    return results


def _pool_context() -> BaseContext | None:
    """``fork`` on Linux, so workers inherit compiled schemas; the platform's default elsewhere."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return None


def _chunks(paths: list[str], jobs: int) -> list[list[str]]:
    # About eight chunks per worker: big enough that dispatch costs nothing, small enough that
    # a worker that drew slow files does not leave the other idle at the end.
    size = max(1, min(256, -(-len(paths) // (jobs * 8))))
    return [paths[start : start + size] for start in range(0, len(paths), size)]


def _validate_in_workers(
    paths: list[str],
    schemas: list[Schema],
    *,
    jobs: int,
    checks: bool,
    xml_model: bool,
    max_bytes: int | None,
    tick: Callable[[int], None],
) -> dict[str, FileResult]:
    context = _pool_context()
    forked = context is not None and context.get_start_method() == "fork"
    job = _Job(
        specs=[(schema.spec, schema.checks) for schema in schemas],
        schemas=schemas if forked else None,
        checks=checks,
        xml_model=xml_model,
        max_bytes=max_bytes,
    )
    done: dict[str, FileResult] = {}
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(job,)
    ) as pool:
        chunks = _chunks(paths, jobs)
        for chunk, results in zip(chunks, pool.map(_work, chunks), strict=True):
            for path, result in zip(chunk, results, strict=True):
                done[path] = result if result is not None else FileResult(file=path, status="valid")
            tick(len(chunk))
    return done


def validate(
    sources: Sources,
    *,
    schemas: Iterable[SchemaSpec] | None = None,
    checks: bool | None = None,
    pattern: str = "*.xml",
    jobs: int = 1,
    xml_model: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    raise_on_error: bool = False,
    engine: Engine = "auto",
    progress: Progress | None = None,
) -> ValidationReport:
    """Check documents against schemas; one :class:`ValidationReport` for all of them.

    ``sources``: a path, tree or element, or an iterable of them; directories are searched
    recursively for ``pattern``. ``schemas``: names or paths for :meth:`Schema.load`, or
    loaded :class:`Schema` objects; several combine (a document must satisfy all). Default:
    ``["teikit"]``, or none when ``xml_model`` is set. ``checks``: run teikit's own TK5xx
    checks (unique ``xml:id``, resolving pointers, unique note numbers); ``None`` means they
    run as part of the ``teikit`` schema only. ``jobs`` > 1 validates files in that many
    processes. ``xml_model``: also validate against the schemas
    each document names in its ``<?xml-model?>`` instructions. ``raise_on_error``: raise
    :class:`~teikit.errors.DocumentInvalid` instead of returning a report with errors.
    ``engine``: the validator of RELAX NG schemas given by name or path: ``auto`` (Jing when
    ``teikit[jing]`` and Java are installed, else libxml2), ``lxml`` or ``jing``; Jing checks
    many files per Java process, ``jobs // 2`` processes at a time. The report's ``engines``
    say which validator checked each schema. ``progress(done, total)`` is called as documents
    are checked.

    Raises :class:`~teikit.errors.SchemaError` when a schema cannot be loaded and
    :class:`~teikit.errors.UsageError` for a ``jobs`` below 1.
    """
    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, not {jobs}")
    specs = list(schemas) if schemas is not None else ([] if xml_model else ["teikit"])
    loaded = _load_schemas(specs, engine)
    want_checks = bool(checks)
    if checks is False:
        # Asked not to: the teikit schema keeps only its structural part.
        loaded = [schema.without_checks() for schema in loaded]
    slots: list[FileResult | Document] = []
    for source in _as_list(sources):
        expanded = _expand(source, pattern)
        if isinstance(expanded, FileResult):
            slots.append(expanded)
        else:
            slots.extend(expanded)
    paths = [slot for slot in slots if isinstance(slot, str)]
    checked = 0

    def tick(count: int = 1) -> None:
        nonlocal checked
        checked += count
        if progress is not None:
            progress(checked, len(slots))

    tick(0)
    # Jing checks its files in its own processes (``jobs // 2`` JVMs): workers would only hand
    # its results out. Without workers it runs while teikit parses the files here, and a
    # file's Jing problems are joined to its result afterwards; workers are forked, which a
    # running thread does not survive, so then Jing finishes first.
    workers = min(jobs, len(paths))
    if all(schema.batched for schema in loaded):
        workers = 0
    batched = [schema for schema in loaded if schema.batched]
    for schema in batched:
        schema.prepare(paths, jobs=jobs, max_bytes=max_bytes, wait=workers > 1)
    done: dict[str, FileResult] = {}
    if workers > 1:
        done = _validate_in_workers(
            paths,
            loaded,
            jobs=workers,
            checks=want_checks,
            xml_model=xml_model,
            max_bytes=max_bytes,
            tick=tick,
        )
    results: list[FileResult] = []
    shelf = SchemaShelf()  # this run's schemas named by <?xml-model?>, loaded once each
    joined: list[tuple[int, str, list[Schema]]] = []  # results waiting for Jing's problems
    for slot in slots:
        if isinstance(slot, FileResult):
            results.append(slot)
            tick()
        elif isinstance(slot, str) and slot in done:
            results.append(done[slot])
        else:
            file, parsed = _parse(slot, max_bytes)
            if isinstance(parsed, FileResult):
                results.append(parsed)
                tick()
                continue
            sent = [s for s in batched if isinstance(slot, str) and s.sent(file)]
            if sent:
                joined.append((len(results), file, sent))
            else:
                tick()
            results.append(
                _check_tree(
                    parsed,
                    file,
                    loaded,
                    checks=want_checks,
                    xml_model=xml_model,
                    shelf=shelf,
                    elsewhere=sent,
                )
            )
    for index, file, sent in joined:
        later = [problem for schema in sent for problem in schema.problems_of(file)]
        if later:
            results[index] = _result(file, [*results[index].problems, *later])
        tick()
    report = ValidationReport(
        schemas=tuple(s.name for s in loaded),
        engines=tuple(s.engine for s in loaded),
        files=tuple(results),
    )
    if raise_on_error:
        report.raise_if_invalid()
    return report


def is_valid(
    sources: Sources, *, schemas: Iterable[SchemaSpec] | None = None, **options: Any
) -> bool:
    """Whether every document in ``sources`` is valid (see :func:`validate` for options)."""
    return validate(sources, schemas=schemas, **options).ok


def iter_errors(
    sources: Sources, *, schemas: Iterable[SchemaSpec] | None = None, **options: Any
) -> Iterator[Problem]:
    """Yield every problem in ``sources``, file by file (see :func:`validate` for options)."""
    yield from validate(sources, schemas=schemas, **options)
