"""Schemas: load once, then check any number of documents with three verbs.

:meth:`Schema.load` takes ``"teikit"`` (the schema shipped inside the package) or a path to an
XML Schema (1.0 or 1.1), a RELAX NG schema (``.rng``, or ``.rnc`` when the ``rnc2rng`` package
is installed) or an ISO Schematron file (``.sch``). Each call compiles the schema: keep the
:class:`Schema` it returns and check any number of documents with it. teikit keeps no schema
of its own between calls: :func:`teikit.validate` loads each schema once per run and hands the
compiled schemas to its worker processes (see :mod:`teikit.validation.report`).

Which engine checks what, and why:

- XSD 1.0 and RELAX NG: libxml2 through lxml, the fast path (a converted page checks in well
  under a millisecond). If libxml2 cannot compile an XSD, xmlschema tries it.
- XSD 1.1 (assertions, ``vc:minVersion="1.1"``): xmlschema's ``XMLSchema11``, the only
  Python engine that evaluates assertions; slower, pure Python.
- ``teikit``: ``teikit.xsd`` is XSD 1.1 only for its three integrity assertions (unique
  ``xml:id``, resolving pointers, unique note numbers). teikit checks those itself, with line
  numbers (:mod:`teikit.validation.checks`), so the assertions are stripped and libxml2
  compiles the rest: the fast path, and clearer messages.
- Schematron: lxml's ISO Schematron (XSLT 1.0 query binding); each failed assertion or
  successful report becomes a problem at the element it fired on.
- RELAX NG: Jing, the reference validator, in a Java process (:mod:`teikit.validation.jing`),
  when ``teikit[jing]`` and Java are installed (``engine="auto"``, the default, or
  ``"jing"``); libxml2 otherwise, or when asked (``engine="lxml"``). Jing compiles ``tei_all``
  in under a second where libxml2 takes over ten, and reads ``.rnc`` itself; but each check of
  a tree alone starts Java, so to check trees one at a time load with ``engine="lxml"``.
  :attr:`Schema.engine` says which validator a schema got.

Every problem is a :class:`~teikit.errors.Problem` with code ``TK402``, the file, line, a
readable XPath, the rule broken (libxml2's error type, the XSD assertion, the Schematron
assertion's id or test) and a plain sentence (:mod:`teikit.validation.messages`).

>>> from teikit import convert
>>> (document,) = convert("seeds/000_f6c87f8d16c5e508.txt")
>>> schema = Schema.load("teikit")
>>> schema.is_valid(document.root)
True
"""

from __future__ import annotations

import importlib
import importlib.resources
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Literal, Protocol, TypeAlias

from lxml import etree

from teikit.errors import DocumentInvalid, InputError, Problem, SchemaError
from teikit.safexml import DEFAULT_MAX_BYTES, UnsafeDocument, parse_bytes, parse_file
from teikit.validation import checks
from teikit.validation.jing import JingEngine, jing_available
from teikit.validation.messages import is_cascade, plain, short
from teikit.xmlnames import element_path

__all__ = [
    "ENGINES",
    "Document",
    "Engine",
    "Schema",
    "SchemaKind",
    "SchemaShelf",
    "LoadSpec",
    "document_problems",
    "load_deferred",
    "load_document",
]

SchemaKind: TypeAlias = Literal["xsd", "xsd11", "relaxng", "schematron"]

#: Which validator checks RELAX NG: Jing when installed, else libxml2 (``auto``); libxml2
#: through lxml (``lxml``, built in); Jing only (``jing``: needs ``teikit[jing]`` and Java).
Engine: TypeAlias = Literal["auto", "lxml", "jing"]
ENGINES: tuple[Engine, ...] = ("auto", "lxml", "jing")

#: How a schema was asked for, ``(name or path, kind, engine)``: enough to load it again, in a
#: worker process that cannot be handed the compiled schema.
LoadSpec: TypeAlias = "tuple[str, str | None, Engine]"

#: What a check takes: a path to an XML file, or a tree or element already parsed.
Document: TypeAlias = "str | os.PathLike[str] | etree._ElementTree | etree._Element"

XS = "http://www.w3.org/2001/XMLSchema"
VC_MIN_VERSION = "{http://www.w3.org/2007/XMLSchema-versioning}minVersion"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"

#: XSD 1.1 constructs libxml2 does not know; their presence means xmlschema must do the work.
_XSD11_ONLY = tuple(
    f"{{{XS}}}{name}"
    for name in (
        "assert",
        "assertion",
        "alternative",
        "openContent",
        "defaultOpenContent",
        "override",
    )
)

_BY_SUFFIX: dict[str, str] = {
    ".xsd": "xsd",
    ".rng": "relaxng",
    ".rnc": "rnc",
    ".sch": "schematron",
}
_BY_ROOT_NAMESPACE: dict[str, str] = {XS: "xsd", RNG_NS: "relaxng", SCH_NS: "schematron"}


class _Engine(Protocol):
    #: The validator, as the summary line names it: libxml2, xmlschema, isoschematron, jing.
    name: str

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]: ...


def _problem(
    message: str,
    *,
    file: str | None,
    line: int | None,
    path: str | None,
    rule: str | None,
) -> Problem:
    said = plain(message)
    return Problem.make(
        "TK402", said.message, file=file, line=line, path=path, rule=rule, expected=said.expected
    )


def _resolve_path(tree: etree._ElementTree, xpath: str | None) -> str | None:
    """libxml2's positional XPath (``/*/*[2]/*``) as a readable one (``/TEI/text/body``)."""
    if not xpath:
        return None
    try:
        found = tree.xpath(xpath)
    except etree.XPathError:
        return xpath
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return element_path(found[0])
    return xpath


class _Libxml2:
    """XSD 1.0 or RELAX NG through libxml2: fast, and line numbers from its error log."""

    name = "libxml2"

    def __init__(
        self,
        validator: etree.XMLSchema | etree.RelaxNG,
        *,
        relaxng: bool,
        superseded: re.Pattern[str] | None = None,
    ) -> None:
        self._validator = validator
        self._relaxng = relaxng
        self._superseded = superseded

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        if self._validator.validate(tree):
            return []
        # lxml-stubs 0.5 does not know that an error log iterates over its entries.
        log: Iterable[Any] = self._validator.error_log  # type: ignore[assignment]
        entries = [entry for entry in log if entry.message]
        if self._superseded is not None:
            entries = [e for e in entries if not self._superseded.search(e.message)]
        if self._relaxng:
            # libxml2 adds generic "failed to validate content" lines above the real problem.
            specific = [entry for entry in entries if not is_cascade(entry.message)]
            entries = specific or entries
        found: list[Problem] = []
        seen: set[tuple[int, str]] = set()
        for entry in entries:
            if (entry.line, entry.message) in seen:
                continue
            seen.add((entry.line, entry.message))
            found.append(
                _problem(
                    entry.message,
                    file=file,
                    line=entry.line or None,
                    path=_resolve_path(tree, entry.path),
                    rule=entry.type_name,
                )
            )
        return found


class _Xmlschema:
    """XSD through xmlschema: XSD 1.1 assertions, and schemas libxml2 cannot compile."""

    name = "xmlschema"

    def __init__(self, validator: Any) -> None:
        self._validator = validator

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        found: list[Problem] = []
        for error in self._validator.iter_errors(tree):
            element = getattr(error, "elem", None)
            index = getattr(error, "index", None)
            # A children error is reported on the parent; point at the child that broke it.
            if (
                isinstance(element, etree._Element)
                and isinstance(index, int)
                and 0 <= index < len(element)
            ):
                element = element[index]
            line = element.sourceline if isinstance(element, etree._Element) else None
            path = element_path(element) if isinstance(element, etree._Element) else None
            validator = getattr(error, "validator", None)
            test = getattr(validator, "path", None)
            rule = f"assert {test}" if type(validator).__name__ == "XsdAssert" else None
            reason = str(getattr(error, "reason", None) or error)
            if rule is not None and path is not None:
                reason = f"<{path.rsplit('/', 1)[-1]}> breaks the assertion {test}"
            invalid = getattr(error, "invalid_tag", None)
            if isinstance(invalid, str) and reason.startswith("Unexpected child"):
                reason = f"<{short(invalid)}> is not allowed here"
            found.append(
                Problem.make(
                    "TK402",
                    _clean_reason(reason),
                    file=file,
                    line=line if isinstance(line, int) else None,
                    path=path,
                    rule=rule or type(validator).__name__,
                )
            )
        return found


def _clean_reason(reason: str) -> str:
    reason = reason.strip().rstrip(".")
    for clark in set(part for part in reason.split("'") if part.startswith("{")):
        reason = reason.replace(clark, short(clark))
    return reason


class _Schematron:
    """ISO Schematron through lxml: one problem per failed assertion or fired report."""

    name = "isoschematron"

    def __init__(self, validator: Any) -> None:  # an lxml.isoschematron.Schematron
        self._validator = validator

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        if self._validator.validate(tree):
            return []
        report = self._validator.validation_report
        found: list[Problem] = []
        if report is None:
            return found
        for fired in report.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
            location = fired.get("location")
            element = None
            if location:
                try:
                    hits = tree.xpath(location)
                except etree.XPathError:
                    hits = []
                if isinstance(hits, list) and hits and isinstance(hits[0], etree._Element):
                    element = hits[0]
            text = " ".join("".join(fired.itertext()).split())
            line = element.sourceline if element is not None else None
            found.append(
                Problem.make(
                    "TK402",
                    text or f"Schematron test {fired.get('test')} fails",
                    file=file,
                    line=line if isinstance(line, int) else None,
                    path=element_path(element) if element is not None else location,
                    rule=fired.get("id") or fired.get("test"),
                )
            )
        return found


class Schema:
    """A compiled schema: ``validate`` raises, ``is_valid`` answers, ``iter_errors`` yields.

    Make one with :meth:`load`. ``name`` is what was asked for (``"teikit"`` or the path),
    ``kind`` the schema language, ``checks`` whether teikit's own TK5xx checks are part of it
    (true for ``teikit``, whose integrity assertions they replace), ``spec`` the arguments
    :meth:`load` was called with, to load it again in a worker process. All are set when the
    schema is made and never changed: :meth:`without_checks` makes a new one.
    """

    __slots__ = ("_engine", "checks", "kind", "name", "path", "spec")

    def __init__(
        self,
        name: str,
        kind: SchemaKind,
        path: Path,
        engine: _Engine,
        *,
        checks: bool = False,
        spec: LoadSpec | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.path = path
        self.checks = checks
        self._engine = engine
        self.spec: LoadSpec = spec or (name, None, "auto")

    def __repr__(self) -> str:
        return f"Schema({self.name!r}, kind={self.kind!r}, engine={self.engine!r})"

    @property
    def engine(self) -> str:
        """The validator that checks documents: libxml2, xmlschema, isoschematron or jing."""
        return self._engine.name

    @classmethod
    def load(
        cls, schema: str | os.PathLike[str], *, kind: str | None = None, engine: Engine = "auto"
    ) -> Schema:
        """The schema named ``"teikit"`` or stored at the path ``schema``, compiled (each call
        compiles it again: keep the result).

        ``kind`` (``xsd``, ``relaxng``, ``rnc``, ``schematron``) overrides what the file name
        and root element say. ``engine`` picks the validator of a RELAX NG schema: ``auto``
        (Jing when ``teikit[jing]`` and Java are installed, else libxml2), ``lxml`` (libxml2)
        or ``jing``; other schemas keep their engine. Raises
        :class:`~teikit.errors.SchemaError` when the schema cannot be found, read or compiled,
        or the engine is unknown or missing, saying which and why.
        """
        loaded = load_deferred(schema, kind=kind, engine=engine)
        if isinstance(loaded._engine, JingEngine):
            loaded._engine.check_schema()
        return loaded

    def without_checks(self) -> Schema:
        """This schema without teikit's TK5xx checks (itself when it has none): the same
        compiled engine, so nothing is compiled again."""
        if not self.checks:
            return self
        return Schema(self.name, self.kind, self.path, self._engine, checks=False, spec=self.spec)

    @property
    def batched(self) -> bool:
        """Whether the engine checks many files at once ahead (Jing, in :meth:`prepare`), so
        files need no workers."""
        return isinstance(self._engine, JingEngine)

    def prepare(
        self,
        paths: Iterable[str],
        *,
        jobs: int = 1,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        wait: bool = True,
    ) -> None:
        """Check ``paths`` ahead, all at once, when the engine is faster that way (Jing);
        :meth:`problems` then hands out the results. ``wait=False``: return while it runs.
        Other engines do nothing here."""
        if isinstance(self._engine, JingEngine):
            self._engine.prepare(paths, jobs=jobs, max_bytes=max_bytes, wait=wait)

    def sent(self, file: str) -> bool:
        """Whether :meth:`prepare` is checking ``file`` (see :meth:`problems_of`)."""
        return isinstance(self._engine, JingEngine) and self._engine.sent(file)

    def problems_of(self, file: str) -> list[Problem]:
        """The problems :meth:`prepare` found in ``file``, without a tree of it at hand."""
        return self._engine.problems_of(file) if isinstance(self._engine, JingEngine) else []

    def iter_errors(self, document: Document) -> Iterator[Problem]:
        """Yield every problem of ``document`` (a path, tree or element) in document order.

        A file that cannot be read, is not well-formed or is refused as unsafe yields that one
        problem instead.
        """
        if self.batched and isinstance(document, str | os.PathLike):
            # Jing reads the file itself when it safely can: exact lines and columns.
            self.prepare([os.fspath(document)])
        tree, file, problems = load_document(document)
        yield from problems
        if tree is not None:
            yield from self.problems(tree, file)

    def is_valid(self, document: Document) -> bool:
        """Whether ``document`` has no error under this schema."""
        return not any(p.severity == "error" for p in self.iter_errors(document))

    def validate(self, document: Document) -> None:
        """Return quietly if ``document`` is valid; raise DocumentInvalid holding every problem."""
        problems = [p for p in self.iter_errors(document) if p.severity == "error"]
        if problems:
            raise DocumentInvalid(problems)

    def problems(self, tree: etree._ElementTree, file: str | None) -> list[Problem]:
        """The problems of an already parsed ``tree``; ``file`` names it in them."""
        found = self._engine.problems(tree, file)
        if self.checks:
            found.extend(checks.check(tree, file=file))
            found.sort(key=lambda p: p.line or 0)
        return found


def load_deferred(
    schema: str | os.PathLike[str], *, kind: str | None = None, engine: Engine = "auto"
) -> Schema:
    """:meth:`Schema.load`, except that a schema Jing checks is not run through Java on its
    own first: Jing compiles it again with the first documents anyway (saving a Java start,
    half a second), and says then if it cannot. For callers that check documents at once."""
    if engine not in ENGINES:
        raise SchemaError(f"unknown engine {engine!r}; choose {', '.join(ENGINES)}")
    return _compile((os.fspath(schema), kind, engine))


class SchemaShelf:
    """The schemas one run has loaded, by :data:`LoadSpec` (never by ``id()``).

    A run that meets the same schema many times (every document naming ``tei_all.rng`` in its
    ``<?xml-model?>``) compiles it once; the shelf belongs to the run that made it and goes
    with it, so no schema (nor a Jing engine's pending results) outlives the run or is shared
    between two runs. It holds at most ``size`` schemas, dropping the one loaded first.
    """

    __slots__ = ("_loaded", "size")

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._loaded: dict[LoadSpec, Schema] = {}

    def load(
        self, schema: str | os.PathLike[str], *, kind: str | None = None, engine: Engine = "auto"
    ) -> Schema:
        """:meth:`Schema.load`, compiling only a schema this shelf does not hold yet."""
        key: LoadSpec = (os.fspath(schema), kind, engine)
        found = self._loaded.get(key)
        if found is None:
            found = Schema.load(schema, kind=kind, engine=engine)
            if len(self._loaded) >= self.size:
                del self._loaded[next(iter(self._loaded))]
            self._loaded[key] = found
        return found


def load_document(
    document: Document,
) -> tuple[etree._ElementTree | None, str | None, list[Problem]]:
    """Parse ``document`` safely when it is a path: ``(tree, file name, problems)``.

    The tree is ``None`` when the file could not be read or parsed; the problems then say why.
    """
    if isinstance(document, etree._ElementTree):
        return document, document.docinfo.URL, []
    if isinstance(document, etree._Element):
        tree = document.getroottree()
        return tree, tree.docinfo.URL, []
    file = os.fspath(document)
    try:
        return parse_file(file), file, []
    except InputError as exc:
        return None, file, [exc.problem]
    except UnsafeDocument as exc:
        return None, file, [exc.problem]


def document_problems(document: Document) -> list[Problem]:
    """Only the problems of reading ``document`` (for callers that validate the tree later)."""
    return load_document(document)[2]


def _teikit_xsd(stack: ExitStack) -> Path:
    resource = importlib.resources.files("teikit.schemas").joinpath("teikit.xsd")
    if not resource.is_file():
        raise SchemaError(
            "the packaged schema teikit.xsd is missing from teikit.schemas; "
            "reinstall teikit or pass --schema PATH"
        )
    return stack.enter_context(importlib.resources.as_file(resource))


def _compile(spec: LoadSpec) -> Schema:
    """Compile the schema ``spec`` asks for: a :class:`Schema` named and specified as asked."""
    name = spec[0]
    kind, path, engine, checks = _compile_engine(spec)
    return Schema(name, kind, path, engine, checks=checks, spec=spec)


def _compile_engine(spec: LoadSpec) -> tuple[SchemaKind, Path, _Engine, bool]:
    """``(kind, path, engine, checks)`` of the schema ``spec`` asks for."""
    name, kind, engine = spec
    with ExitStack() as stack:
        if name == "teikit":
            path = _teikit_xsd(stack)
            return _compile_teikit(path)
        path = Path(name)
        if not path.is_file():
            raise SchemaError(
                f"{name}: no such schema file; give a path to an .xsd, .rng, .rnc or .sch file, "
                "or 'teikit'"
            )
        kind = kind or _BY_SUFFIX.get(path.suffix.lower())
        jing = engine == "jing" or (engine == "auto" and jing_available())
        if jing and kind in ("rnc", "relaxng"):
            return "relaxng", path, JingEngine(path, compact=kind == "rnc"), False
        if kind == "rnc":
            return "relaxng", path, _Libxml2(_relaxng_from_rnc(path), relaxng=True), False
        document = _parse_schema(path)
        kind = kind or _BY_ROOT_NAMESPACE.get(etree.QName(document.getroot()).namespace or "")
        compilers: dict[str, Callable[[Path, etree._ElementTree], tuple[SchemaKind, _Engine]]] = {
            "xsd": _compile_xsd,
            "relaxng": _compile_relaxng,
            "schematron": _compile_schematron,
        }
        if kind not in compilers:
            raise SchemaError(
                f"{name}: cannot tell which schema language this is; use a file ending in "
                ".xsd, .rng, .rnc or .sch"
            )
        if jing and kind == "relaxng":
            return "relaxng", path, JingEngine(path, compact=False), False
        compiled_kind, compiled = compilers[kind](path, document)
        return compiled_kind, path, compiled, False


def _parse_schema(path: Path) -> etree._ElementTree:
    try:
        return parse_file(path)
    except (InputError, UnsafeDocument) as exc:
        raise SchemaError(f"cannot read schema {exc}") from None


def _is_xsd11(document: etree._ElementTree) -> bool:
    root = document.getroot()
    if root.get(VC_MIN_VERSION, "1.0") >= "1.1":
        return True
    return any(True for _ in root.iter(*_XSD11_ONLY))


def _compile_xsd(path: Path, document: etree._ElementTree) -> tuple[SchemaKind, _Engine]:
    if _is_xsd11(document):
        return "xsd11", _Xmlschema(_xmlschema(path, version="1.1"))
    try:
        return "xsd", _Libxml2(etree.XMLSchema(document), relaxng=False)
    except etree.XMLSchemaParseError:
        # libxml2 refuses some valid XSD 1.0 that xmlschema accepts; its errors say more, too.
        return "xsd", _Xmlschema(_xmlschema(path, version="1.0"))


def _xmlschema(path: Path, *, version: str) -> Any:
    # Imported here, when a schema needs it: importing xmlschema takes about 0.2 s, a tenth of
    # a whole ``teikit validate`` run over thousands of files against teikit.xsd (libxml2's).
    import xmlschema

    cls = xmlschema.XMLSchema11 if version == "1.1" else xmlschema.XMLSchema10
    try:
        # allow="local": never fetch an imported schema over the network; defuse: parse the
        # schema files themselves with entity expansion off.
        return cls(str(path), allow="local", defuse="always")
    except (xmlschema.XMLSchemaException, OSError, ValueError) as exc:
        raise SchemaError(f"{path}: cannot compile XSD {version}: {_first_line(exc)}") from None


def _compile_teikit(path: Path) -> tuple[SchemaKind, Path, _Engine, bool]:
    """``teikit``: libxml2 on the structural XSD 1.0, teikit's checks for the XSD 1.1 assertions.

    ``teikit.xsd`` overrides ``teikit-structure.xsd`` only to add assertions, which
    :mod:`teikit.validation.checks` states with better messages; so the fast path compiles the
    structural schema with libxml2. Without it (an older layout), the assertions are stripped
    from ``teikit.xsd`` itself; failing that, xmlschema checks ``teikit.xsd`` whole.
    """
    structure = path.with_name("teikit-structure.xsd")
    document = _without_superseded_constraints(
        _parse_schema(structure if structure.is_file() else path)
    )
    if structure.is_file():
        engine: _Engine = _compile_libxml2_xsd(structure, document, superseded=_TEIKIT_SUPERSEDED)
        return "xsd", path, engine, True
    try:
        validator = etree.XMLSchema(_without_assertions(document))
        engine = _Libxml2(validator, relaxng=False, superseded=_TEIKIT_SUPERSEDED)
        kind: SchemaKind = "xsd"
    except etree.XMLSchemaParseError:
        engine, kind = _Xmlschema(_xmlschema(path, version="1.1")), "xsd11"
    return kind, path, engine, True


#: libxml2 messages of teikit's structural schema that a TK5xx check says better (a repeated
#: xml:id, a repeated note number): dropped so each problem is told once.
_TEIKIT_SUPERSEDED = re.compile(
    r"noteNumberUnique|personId'|attribute '\{http://www\.w3\.org/XML/1998/namespace\}id'.*"
    r"(xs:ID|is not valid)"
)
#: The identity constraints of teikit's structural schema whose every message is dropped
#: above. They are removed before libxml2 compiles the schema: evaluating them is a third of
#: the cost of validating a page, and nothing they could say would be shown.
_TEIKIT_SUPERSEDED_CONSTRAINTS = frozenset({"noteNumberUnique", "personId"})


def _without_superseded_constraints(document: etree._ElementTree) -> etree._ElementTree:
    """``document`` (parsed for this compile only) without the constraints named above."""
    for element in list(document.iter(f"{{{XS}}}unique", f"{{{XS}}}key")):
        parent = element.getparent()
        if parent is not None and element.get("name") in _TEIKIT_SUPERSEDED_CONSTRAINTS:
            parent.remove(element)
    return document


def _compile_libxml2_xsd(
    path: Path, document: etree._ElementTree, *, superseded: re.Pattern[str] | None = None
) -> _Libxml2:
    try:
        return _Libxml2(etree.XMLSchema(document), relaxng=False, superseded=superseded)
    except etree.XMLSchemaParseError as exc:
        raise SchemaError(f"{path}: cannot compile XSD: {_first_line(exc)}") from None


def _without_assertions(document: etree._ElementTree) -> etree._ElementTree:
    """A copy of an XSD 1.1 schema without its assertions, for libxml2 (an XSD 1.0 engine).

    Only ``teikit.xsd`` goes through here: its assertions are exactly the rules of
    :mod:`teikit.validation.checks`, which run in their place.
    """
    copy = etree.ElementTree(etree.fromstring(etree.tostring(document)))
    root = copy.getroot()
    for element in list(root.iter(f"{{{XS}}}assert", f"{{{XS}}}assertion")):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    if VC_MIN_VERSION in root.attrib:
        del root.attrib[VC_MIN_VERSION]
    copy.docinfo.URL = document.docinfo.URL  # so xs:include resolves beside the original
    return copy


def _compile_relaxng(path: Path, document: etree._ElementTree) -> tuple[SchemaKind, _Engine]:
    try:
        return "relaxng", _Libxml2(etree.RelaxNG(document), relaxng=True)
    except etree.RelaxNGParseError as exc:
        raise SchemaError(f"{path}: cannot compile RELAX NG: {_first_line(exc)}") from None


def _relaxng_from_rnc(path: Path) -> etree.RelaxNG:
    try:
        import rnc2rng  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise SchemaError(
            f"{path}: RELAX NG compact syntax needs the rnc2rng package (pip install rnc2rng); "
            "or convert it once with trang and pass the .rng"
        ) from None
    try:
        xml = rnc2rng.dumps(rnc2rng.load(str(path)))
        return etree.RelaxNG(parse_bytes(xml.encode("utf-8"), source=str(path)))
    except (etree.RelaxNGParseError, InputError, UnsafeDocument) as exc:
        raise SchemaError(f"{path}: cannot compile RELAX NG: {_first_line(exc)}") from None
    except Exception as exc:  # rnc2rng's parser raises plain exceptions on syntax errors
        raise SchemaError(f"{path}: cannot read RELAX NG compact syntax: {exc}") from None


def _compile_schematron(path: Path, document: etree._ElementTree) -> tuple[SchemaKind, _Engine]:
    try:
        # Imported here, when a Schematron schema needs it: lxml.isoschematron compiles its
        # XSLT stylesheets on import (10 ms of every run). lxml-stubs 0.5 lacks the module,
        # so it is imported by name.
        isoschematron: Any = importlib.import_module("lxml.isoschematron")
        validator = isoschematron.Schematron(document, store_report=True)
    except (etree.SchematronParseError, etree.XSLTError) as exc:
        raise SchemaError(f"{path}: cannot compile Schematron: {_first_line(exc)}") from None
    return "schematron", _Schematron(validator)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
