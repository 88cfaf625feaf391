"""The one hardened XML parser every stage of teikit uses.

TEI files come from anywhere, and an XML parser left at its defaults will read local files
(``<!ENTITY x SYSTEM "file:///etc/passwd">``), fetch DTDs over the network, and expand a few
hundred bytes of nested entity declarations into gigabytes (the "billion laughs"). teikit needs
none of that: TEI uses no entities beyond the five predefined ones and character references.
So this module parses with libxml2 (through lxml) set to do nothing clever, and refuses
outright what it does not need:

- entities are never loaded (``resolve_entities=False``, ``load_dtd=False``,
  ``no_network=True``) and never expanded into the text. A DOCTYPE may declare entities (much
  TEI in the wild, P4-era files and the TEI Consortium's own test documents, carries such a
  DOCTYPE): the document is read all the same. A document that *uses* an entity (``&foo;``,
  whether declared in the DOCTYPE, external, or one only an external DTD could define) is
  refused with :class:`~teikit.errors.UnsafeXMLError` naming the entity, unless the caller
  passes a ``problems`` list: then each reference is left out of the text and one ``TK404``
  problem per entity is added to the list, and the rest of the document is read. (libxml2
  always puts an internal entity's declared text into an attribute value, under its
  amplification guard; such a use is reported the same way. An external entity in an
  attribute, or an entity bomb anywhere, is refused outright.);
- an external DTD named in a DOCTYPE is never fetched; the document is parsed without it;
- libxml2's resource limits stay on (``huge_tree=False``): at most 256 levels of nesting and
  10 MB in one text node; past them the document is refused as unsafe;
- files larger than ``max_bytes`` (64 MiB unless told otherwise) are refused before a byte of
  them is parsed;
- processing instructions are kept, so ``<?xml-model?>`` can be honoured.

Errors from lxml never leave this module. A document that is not well-formed raises
:class:`~teikit.errors.InputError` holding a ``TK401`` :class:`~teikit.errors.Problem` with the
line and column; one refused as unsafe raises :class:`UnsafeDocument`, an
:class:`~teikit.errors.UnsafeXMLError` holding a ``TK404`` problem; a file that cannot be read
raises :class:`~teikit.errors.InputError` with ``TK405``.

>>> tree = parse_bytes(b"<TEI><text/></TEI>", source="mini.xml")
>>> tree.getroot().tag
'TEI'
>>> parse_bytes(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>ok</r>', source="p4.xml").getroot().text
'ok'
>>> parse_bytes(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', source="lol.xml")
Traceback (most recent call last):
...
teikit.safexml.UnsafeDocument: lol.xml:1: TK404 unsafe XML refused: the entity a (&a;) is \
declared in the DOCTYPE and used; teikit never expands entities: replace it with the \
characters it stands for
>>> found: list[Problem] = []
>>> parse_bytes(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>x &a; y</r>', problems=found).getroot().text
'x  y'
>>> [problem.code for problem in found]
['TK404']
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from typing import Any

from lxml import etree

from teikit.errors import InputError, Problem, UnsafeXMLError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "UnsafeDocument",
    "parse_bytes",
    "parse_file",
]

#: Files larger than this are refused unless a caller raises the limit. A converted TEI page is
#: tens of kilobytes and a whole TEI edition rarely passes a few megabytes; 64 MiB leaves room
#: while keeping one document's parse well under a gigabyte of memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: libxml2's own nesting limit without ``huge_tree`` (``XML_PARSE_HUGE``). Real TEI stays far
#: below it (teikit's output is about a dozen levels deep); deeper input is refused as unsafe.
MAX_DEPTH = 256

# libxml2 reports its resource limits as syntax errors; these message fragments tell them
# apart from ordinary well-formedness errors so they can be refused as unsafe instead.
_LIMIT_MESSAGES: dict[str, str] = {
    "Excessive depth": f"elements nest deeper than {MAX_DEPTH} levels",
    "Text node too long": "a text node is longer than 10 MB",
    "Huge input lookup": "the document exceeds libxml2's safe input limits",
    "Maximum entity amplification": (
        "the DOCTYPE declares entities that would expand the document many times over (an "
        "entity bomb); teikit never expands entities: remove the entity declarations"
    ),
    "Detected an entity reference loop": (
        "the DOCTYPE declares entities that refer to each other in a loop; teikit never "
        "expands entities: remove the entity declarations"
    ),
    "xmlSAX2Characters: huge text node": "a text node is longer than 10 MB",
    "Attribute references external entity": (
        "an attribute value refers to an external entity, which could read files or reach the "
        "network; teikit never loads entities: remove the reference"
    ),
}


class UnsafeDocument(UnsafeXMLError):
    """:class:`~teikit.errors.UnsafeXMLError` that also holds the ``TK404`` problem saying why.

    Catch :class:`~teikit.errors.UnsafeXMLError`; use :attr:`problem` when you need the file,
    line and message as data (the validator turns it into a line of its report).
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _new_parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=False,
        remove_comments=False,
        remove_blank_text=False,
    )


class _Parsers(threading.local):
    """One strict and one recovering parser per thread, made once and reused.

    Building an ``XMLParser`` costs about as much as parsing a converted page, so a run over
    thousands of files reuses them. lxml clears a parser's error log at the start of every
    parse, so :func:`_only_duplicate_ids` sees only the document just parsed; a parser is not
    shared between threads (lxml would serialise them and mix their logs), hence the
    thread-local.
    """

    def __init__(self) -> None:
        self.strict = _new_parser(recover=False)
        self.recovering = _new_parser(recover=True)


_PARSERS = _Parsers()


def _parser(*, recover: bool = False) -> etree.XMLParser:
    return _PARSERS.recovering if recover else _PARSERS.strict


def _refuse(detail: str, source: str, line: int | None = None) -> UnsafeDocument:
    return UnsafeDocument(Problem.make("TK404", detail, file=source, line=line))


def _only_duplicate_ids(parser: etree.XMLParser) -> bool:
    """Whether libxml2 stopped only because an ``xml:id`` repeats.

    libxml2 treats a repeated ``xml:id`` as a fatal error, but it is a validity problem, not a
    well-formedness one: the document is parsed again in recovery mode (which then builds the
    same tree) and the repeat is reported by teikit's check ``TK502`` with both lines.
    """
    # The parser's own log: an exception's error_log is the thread's, holding other documents'.
    log: Iterable[Any] = parser.error_log
    errors = [entry for entry in log if entry.level_name in ("ERROR", "FATAL")]
    return bool(errors) and all(entry.type_name == "DTD_ID_REDEFINED" for entry in errors)


def _translate(exc: etree.XMLSyntaxError, source: str) -> InputError | UnsafeDocument:
    """Turn libxml2's syntax error into teikit's: a limit hit is unsafe, else not well-formed."""
    message = (exc.msg or "syntax error").strip()
    line, column = exc.position if exc.position else (None, None)
    for fragment, plain in _LIMIT_MESSAGES.items():
        if fragment in message:
            return _refuse(plain, source, line)
    # lxml appends ", line L, column C" to the message; the Problem carries those as fields.
    message = message.split(", line ", 1)[0]
    return InputError(Problem.make("TK401", message, file=source, line=line, column=column))


def _check_entities(
    tree: etree._ElementTree, data: bytes, source: str, problems: list[Problem] | None
) -> None:
    """Find the entity references libxml2 left unexpanded (and the attribute values it filled
    from internal entities): refuse the first, or, with ``problems``, drop each and report
    one problem per entity."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        # No DOCTYPE: libxml2 then refuses any undeclared entity reference as not well-formed
        # ("Entity 'x' not defined"), so no entity node can be left in the tree to look for.
        return
    # lxml-stubs 0.5 lacks DTD.iterentities and DocInfo.system_url, which lxml has had
    # since 2.x and 3.x; hence the ignores below.
    declared = {e.name: e for e in dtd.iterentities()}  # type: ignore[attr-defined]
    dtd_url = tree.docinfo.system_url  # type: ignore[attr-defined]
    uses: dict[str, tuple[int | None, int]] = {}  # entity -> (first line, how many)
    for reference in list(tree.iter(etree.Entity)):
        name = str(reference.text or "").strip("&;")
        line = _line_of(reference)
        if problems is None:
            raise _refuse(_entity_detail(name, declared, dtd_url), source, line)
        first, count = uses.get(name, (line, 0))
        uses[name] = (first, count + 1)
        _drop(reference)
    internal = [name for name, e in declared.items() if not e.system_url and name]
    for name, line in _attribute_uses(data, internal):
        detail = (
            f"an attribute value uses the entity {name} (&{name};) declared in the DOCTYPE; "
            "libxml2 fills attribute values with the declared text: replace it with the "
            "characters it stands for"
        )
        if problems is None:
            raise _refuse(detail, source, line)
        problems.append(Problem.make("TK404", detail, file=source, line=line))
    if problems is not None:
        for name, (line, count) in uses.items():
            times = "once" if count == 1 else f"{count} times"
            detail = _entity_detail(name, declared, dtd_url)
            problems.append(
                Problem.make(
                    "TK404", f"{detail} (left out of the text, {times})", file=source, line=line
                )
            )


def _entity_detail(name: str, declared: dict[str, Any], dtd_url: str | None) -> str:
    entity = declared.get(name)
    if entity is not None and entity.system_url:
        return (
            f"the document refers to the external entity {name} ({entity.system_url}), which "
            "could read files or reach the network; teikit never loads entities: remove the "
            "reference"
        )
    if entity is not None:
        return (
            f"the entity {name} (&{name};) is declared in the DOCTYPE and used; teikit never "
            "expands entities: replace it with the characters it stands for"
        )
    where = f" (only the external DTD {dtd_url} could define it)" if dtd_url else ""
    return (
        f"entity reference &{name}; is not defined in the document{where}; teikit never "
        "loads external DTDs: replace it with the characters it stands for"
    )


def _drop(reference: etree._Entity) -> None:
    """Take an entity reference out of the tree, keeping the text that follows it."""
    parent = reference.getparent()
    if parent is None:
        return
    tail = reference.tail
    previous = reference.getprevious()
    if tail and previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif tail:
        parent.text = (parent.text or "") + tail
    parent.remove(reference)


_START_TAG = re.compile(rb"<[A-Za-z_:][^<>]*>")


def _attribute_uses(data: bytes, names: list[str]) -> list[tuple[str, int]]:
    """(entity, line) of each internal entity named in a start tag's attribute values.

    libxml2 keeps no trace of them in the tree, so the bytes are read: only for documents
    whose DOCTYPE declares entities, and only in ASCII-compatible encodings (in others a
    use goes unreported, though never unbounded: libxml2's amplification guard holds).
    """
    if not names:
        return []
    wanted = re.compile(b"&(" + b"|".join(re.escape(n.encode()) for n in names) + b");")
    found: dict[str, int] = {}
    for tag in _START_TAG.finditer(data):
        for use in wanted.finditer(tag.group()):
            name = use.group(1).decode()
            if name not in found:
                found[name] = data.count(b"\n", 0, tag.start()) + 1
    return list(found.items())


def parse_bytes(
    data: bytes,
    *,
    source: str = "<bytes>",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    problems: list[Problem] | None = None,
) -> etree._ElementTree:
    """Parse ``data`` safely into an lxml tree; ``source`` names it in problems.

    Raises :class:`~teikit.errors.InputError` (``TK401``) when ``data`` is not well-formed,
    :class:`UnsafeDocument` (``TK404``) when it is refused as unsafe or is longer than
    ``max_bytes`` (``None``: no limit of teikit's own; libxml2's limits still hold).
    ``problems``: a list to which the entity uses teikit would have to expand are added (the
    references left out of the tree) instead of refusing the document for them.

    >>> parse_bytes(b"<p>one\\n<hi>two</p>", source="x.xml")
    Traceback (most recent call last):
    ...
    teikit.errors.InputError: x.xml:2:12: TK401 not well-formed XML: Opening and ending tag \
mismatch: hi line 2 and p
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise _refuse(_too_large(len(data), max_bytes), source)
    try:
        try:
            root: etree._Element = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError:
            if not _only_duplicate_ids(_parser()):
                raise
            root = etree.fromstring(data, _parser(recover=True))
    except etree.XMLSyntaxError as exc:
        raise _translate(exc, source) from None
    except ValueError as exc:  # lxml refuses e.g. a str with an encoding declaration
        raise InputError(Problem.make("TK401", str(exc), file=source)) from None
    tree: etree._ElementTree = root.getroottree()
    _check_entities(tree, data, source, problems)
    return tree


def parse_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    problems: list[Problem] | None = None,
) -> etree._ElementTree:
    """Parse the XML file at ``path`` safely; problems name the file as given.

    The size limit is checked on the open file before anything is read, so a huge file costs
    nothing; the file is then read once and parsed from memory. Raises
    :class:`~teikit.errors.InputError` with ``TK405`` when the file cannot be read, otherwise
    as :func:`parse_bytes`.
    """
    source = os.fspath(path)
    try:
        # One open and one read: the size comes from the open file (fstat), so a huge file is
        # refused before a byte of it is read, and no second look-up of the path is needed.
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise _refuse(_too_large(size, max_bytes), source)
            data = handle.read()
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise InputError(Problem.make("TK405", detail.lower(), file=source)) from None
    if max_bytes is not None and len(data) > max_bytes:  # it grew while being read
        raise _refuse(_too_large(len(data), max_bytes), source)
    try:
        try:
            root: etree._Element = etree.fromstring(data, _parser(), base_url=source)
        except etree.XMLSyntaxError:
            if not _only_duplicate_ids(_parser()):
                raise
            root = etree.fromstring(data, _parser(recover=True), base_url=source)
    except etree.XMLSyntaxError as exc:
        raise _translate(exc, source) from None
    except ValueError as exc:  # as in parse_bytes
        raise InputError(Problem.make("TK401", str(exc), file=source)) from None
    tree: etree._ElementTree = root.getroottree()
    _check_entities(tree, data, source, problems)
    return tree


def _line_of(node: etree._Entity) -> int | None:
    line = node.sourceline
    return line if isinstance(line, int) else None


def _too_large(size: int, limit: int) -> str:
    mib = 1024 * 1024
    return (
        f"the document is {size / mib:.1f} MiB, over the {limit / mib:.0f} MiB limit; "
        "raise the limit (max_bytes, --max-bytes) if you trust it"
    )
