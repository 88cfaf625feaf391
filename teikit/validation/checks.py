"""teikit's own integrity checks (TK5xx): what a schema says badly or cannot say at all.

``schemas/teikit.xsd`` is ``teikit-structure.xsd`` (XSD 1.0: elements, attributes, datatypes)
plus XSD 1.1 assertions for the rules XSD 1.0 cannot state. An assertion that fails says only
"assertion test is false" about the root element, xmlschema's XSD 1.1 engine is pure Python
(slow), and RELAX NG (``tei_all.rng``) cannot state most of these at all. So teikit states the
same rules itself, with a line number and the offending value, one problem per element:

- ``TK501`` a ``#`` pointer in ``@ref`` or ``@target`` with no ``xml:id`` to land on;
- ``TK502`` an ``xml:id`` used a second time (reported where it repeats, naming the first line);
- ``TK503`` a ``note/@n`` used a second time;
- ``TK504`` a ``persName/@ref`` that lands on something other than a ``person``;
- ``TK505`` a ``person/@xml:id`` not starting with ``pers-``;
- ``TK506`` an empty ``note`` without ``type="missing"``;
- ``TK507`` a ``date`` without exactly one of ``@when``, ``@from``+``@to``,
  ``@notBefore``+``@notAfter``.

The ``teikit`` schema runs libxml2 on ``teikit-structure.xsd`` and these checks in place of
the assertions (the fast path; a test holds the two routes to the same verdicts). With any
other schema they run when asked (``checks=True``, ``--checks``); then only the rules that
hold for any TEI document apply (``TK501``, ``TK502``), since TEI lets note numbering restart
and names persons and dates as it likes: see :func:`check`'s ``teikit_rules``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from teikit.errors import Problem
from teikit.xmlnames import XML_ID, element_path
from teikit.xmlnames import T as TEI

POINTER_ATTRIBUTES = ("ref", "target")
_NOTE = TEI + "note"
_PERSON = TEI + "person"
_PERS_NAME = TEI + "persName"
_DATE = TEI + "date"
#: The attribute sets a teikit date may carry: exactly one of them.
_DATE_FORMS = (frozenset({"when"}), frozenset({"from", "to"}), frozenset({"notBefore", "notAfter"}))
_DATE_ATTRIBUTES = frozenset().union(*_DATE_FORMS)
_WITH_ID = etree.XPath("//*[@xml:id]")
_WITH_POINTER = etree.XPath("//*[@ref or @target]")

# --- the clean path -----------------------------------------------------------------------
# Almost every document a run sees is clean, and the walk below builds element proxies, paths
# and problems for it in Python at several times the cost of parsing it. So :func:`check`
# first takes the attribute values from libxml2 as plain strings and looks at the few
# elements the rules are about; only a document that might break a rule is walked to say
# where. The test is exact or errs towards walking: a document it passes has no problem under
# the full walk (a test holds the two together).

_ID_VALUES = etree.XPath("//@xml:id", smart_strings=False)
_POINTER_VALUES = etree.XPath("//@ref | //@target", smart_strings=False)
_PERS_NAME_POINTERS = etree.XPath(
    "//t:persName/@ref | //t:persName/@target",
    namespaces={"t": TEI[1:-1]},
    smart_strings=False,
)


def _strings(query: etree.XPath, tree: etree._ElementTree) -> list[str]:
    # smart_strings=False: libxml2's values arrive as plain str, nothing to convert.
    found: Any = query(tree)
    return found if isinstance(found, list) else []


def _unresolved(pointers: list[str], targets: set[str]) -> bool:
    """Whether some ``#`` pointer among the values ``pointers`` names none of ``targets``."""
    return not {t[1:] for t in " ".join(pointers).split() if t.startswith("#")} <= targets


def _clean(tree: etree._ElementTree, teikit_rules: bool) -> bool:
    """Whether ``tree`` surely has no TK5xx problem (False: maybe; walk it to find out)."""
    ids = _strings(_ID_VALUES, tree)
    known = set(ids)
    if len(known) != len(ids) or _unresolved(_strings(_POINTER_VALUES, tree), known):
        return False  # TK502, TK501
    if not teikit_rules:
        return True
    persons: set[str] = set()
    numbers: set[str] = set()
    for element in tree.iter(_NOTE, _PERSON, _DATE):
        if _broken(element) is not None:
            return False  # TK505-TK507
        tag = element.tag
        if tag == _NOTE:
            number = element.get("n")
            if number is not None:
                if number in numbers:
                    return False  # TK503
                numbers.add(number)
        elif tag == _PERSON:
            identifier = element.get(XML_ID)
            if identifier is not None:
                persons.add(identifier)
    # Every xml:id is unique here, so a persName pointer lands on a person exactly when it
    # names a person's id (TK504; an unknown id was TK501 above).
    return not _unresolved(_strings(_PERS_NAME_POINTERS, tree), persons)


def _has_text(element: etree._Element) -> bool:
    return bool("".join(str(text) for text in element.itertext()).strip())


def _elements(query: etree.XPath, tree: etree._ElementTree) -> list[etree._Element]:
    found = query(tree)
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def check(
    tree: etree._ElementTree, *, file: str | None = None, teikit_rules: bool = True
) -> list[Problem]:
    """Every TK5xx problem of ``tree``, in document order.

    ``teikit_rules``: also check the rules of teikit's own encoding (TK503 to TK507), not only
    those of any TEI document (TK501, TK502).

    >>> from teikit.safexml import parse_bytes
    >>> doc = parse_bytes(b'<TEI><p xml:id="a"/><p xml:id="a" ref="#b"/></TEI>')
    >>> [str(p) for p in check(doc, file="x.xml")]
    ["x.xml:1: TK502 xml:id 'a' (first at line 1) is used more than once", \
"x.xml:1: TK501 pointer '#b' does not resolve to any xml:id in the document"]
    """
    if _clean(tree, teikit_rules):
        return []
    ids: dict[str, etree._Element] = {}
    notes: dict[str, etree._Element] = {}
    pointers: list[tuple[etree._Element, str]] = []
    problems: list[Problem] = []

    def problem(code: str, detail: str, element: etree._Element, rule: str) -> None:
        path = element_path(element)
        problems.append(
            Problem.make(code, detail, file=file, line=_line(element), path=path, rule=rule)
        )

    def once(seen: dict[str, etree._Element], value: str, element: etree._Element) -> bool:
        """Whether ``value`` is seen here for the first time (else: where it was first)."""
        first = seen.setdefault(value, element)
        return first is element

    # Targeted queries, not one Python loop over every element: libxml2 finds the few elements
    # that matter, which keeps these checks cheaper than the schema validation itself.
    for element in _elements(_WITH_ID, tree):
        identifier = element.get(XML_ID)
        if identifier is not None and not once(ids, identifier, element):
            detail = f"'{identifier}' (first at line {_line(ids[identifier])})"
            problem("TK502", detail, element, "unique xml:id")
    for element in _elements(_WITH_POINTER, tree):
        for attribute in POINTER_ATTRIBUTES:
            for token in (element.get(attribute) or "").split():
                if token.startswith("#"):
                    pointers.append((element, token))
    for element in tree.iter(_NOTE, _PERSON, _DATE) if teikit_rules else ():
        broken = _broken(element)
        if broken is not None:
            problem(broken[0], broken[1], element, broken[2])
        number = element.get("n") if element.tag == _NOTE else None
        if number is not None and not once(notes, number, element):
            detail = f"{number} (first at line {_line(notes[number])})"
            problem("TK503", detail, element, "unique note/@n")
    # Pointers are checked after the walk: a pointer may point forward to a later xml:id.
    for element, token in pointers:
        target = ids.get(token[1:])
        if target is None:
            problem("TK501", f"'{token}'", element, "pointer resolves")
        elif teikit_rules and element.tag == _PERS_NAME and target.tag != _PERSON:
            detail = f"'{token}' (a <{etree.QName(target).localname}> at line {_line(target)})"
            problem("TK504", detail, element, "persName/@ref points to a person")
    problems.sort(key=lambda p: p.line or 0)
    return problems


def _broken(element: etree._Element) -> tuple[str, str, str] | None:
    """The rule of teikit's encoding beyond the TEI guidelines (TK505-TK507) that ``element``
    (a ``note``, ``person`` or ``date``) breaks, as (code, detail, rule); ``None``: none. One
    statement of each rule for both paths: the clean test and the walk that says where."""
    tag = element.tag
    if tag == _NOTE:
        if element.get("type") != "missing":
            text = element.text
            if not (text and not text.isspace()) and not _has_text(element):
                return "TK506", element.get("n") or "without @n", "empty note only when missing"
    elif tag == _PERSON:
        identifier = element.get(XML_ID)
        if identifier is not None and not identifier.startswith("pers-"):
            return "TK505", f"'{identifier}'", "person ids start with pers-"
    elif tag == _DATE:
        present = frozenset(name for name in element.attrib if name in _DATE_ATTRIBUTES)
        if present not in _DATE_FORMS:
            shown = " ".join(f"@{name}" for name in sorted(present)) or "with no date attribute"
            return "TK507", f'{shown} at "{element.text or ""}"', "date attribute forms"
    return None
