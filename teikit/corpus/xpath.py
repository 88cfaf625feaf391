"""XPath over the corpus's files: XPath 1.0 (lxml) and 3.1 (elementpath), each file parsed
again, and every item of the answer told as an :class:`XPathResult` with where it is.

Nothing here reads the index: these questions go to the files themselves. lxml and
elementpath are imported when an expression is evaluated, not with this module, so that
opening a corpus and its other questions never load them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teikit.corpus import store
from teikit.corpus.models import XPathResult
from teikit.errors import TeikitError, UsageError
from teikit.tei.io import text_of
from teikit.xmlnames import TEI_NS, element_path

if TYPE_CHECKING:
    from lxml import etree

NAMESPACES = {"tei": TEI_NS}


def iterate_trees(
    root: Path, files: Sequence[str], db: sqlite3.Connection
) -> Iterator[tuple[str, etree._ElementTree]]:
    """Each of ``files`` (relative to ``root``) that the index ``db`` read as TEI, parsed
    again, as it is reached."""
    from teikit import safexml

    readable = store.readable(db)
    for file in files:
        if file in readable:
            try:  # entities it uses left out, as when it was indexed
                yield file, safexml.parse_file(root / file, problems=[])
            except TeikitError:  # changed since the index was refreshed
                continue


def xpath1(trees: Iterable[tuple[str, etree._ElementTree]], expr: str) -> list[XPathResult]:
    """``expr`` (XPath 1.0, ``tei:`` bound) evaluated on each tree, in turn."""
    from lxml import etree

    try:
        compiled = etree.XPath(expr, namespaces=NAMESPACES)
    except etree.XPathError as exc:
        raise UsageError(f"not an XPath 1.0 expression: {expr!r} ({exc})") from None
    results: list[XPathResult] = []
    for file, tree in trees:
        try:
            value = compiled(tree)
        except etree.XPathError as exc:
            raise UsageError(f"{file}: XPath failed: {exc}") from None
        results.extend(_xpath_items(file, value))
    return results


def xpath31(trees: Iterable[tuple[str, etree._ElementTree]], expr: str) -> list[XPathResult]:
    """``expr`` (XPath 3.1, ``tei:`` bound) evaluated on each tree, in turn."""
    import elementpath
    from elementpath.xpath31 import XPath31Parser

    results: list[XPathResult] = []
    for file, tree in trees:
        try:
            value = elementpath.select(tree, expr, namespaces=NAMESPACES, parser=XPath31Parser)
        except elementpath.ElementPathError as exc:
            raise UsageError(f"{file}: XPath 3.1 failed: {exc}") from None
        results.extend(_xpath_items(file, value))
    return results


def _node_path(el: etree._Element) -> str:
    return element_path(el, executable=True)


def _xpath_items(file: str, value: Any) -> list[XPathResult]:
    from lxml import etree

    items = value if isinstance(value, list) else [value]
    results = []
    for item in items:
        if isinstance(item, etree._Element) and isinstance(item.tag, str):
            page = item.xpath("string(preceding::tei:pb[1]/@n)", namespaces=NAMESPACES)
            para = item.xpath(
                "string(ancestor-or-self::tei:p[not(ancestor::tei:p)]/@n)", namespaces=NAMESPACES
            )
            results.append(
                XPathResult(
                    file=file,
                    value=text_of(item),
                    kind="element",
                    xpath=_node_path(item),
                    xml_id=item.get("{http://www.w3.org/XML/1998/namespace}id"),
                    page=str(page) or None,
                    paragraph=str(para) or None,
                )
            )
        elif isinstance(item, etree._Element):  # comment or processing instruction
            results.append(XPathResult(file=file, value=item.text or "", kind="node"))
        elif isinstance(item, bool):
            results.append(XPathResult(file=file, value=str(item).lower(), kind="boolean"))
        elif isinstance(item, int | float):
            number = int(item) if isinstance(item, float) and item.is_integer() else item
            results.append(XPathResult(file=file, value=str(number), kind="number"))
        elif isinstance(item, str):
            parent = getattr(item, "getparent", lambda: None)()
            kind = "string"
            where = None
            if parent is not None:
                if getattr(item, "is_attribute", False):
                    kind = "attribute"
                    name = str(getattr(item, "attrname", ""))
                    name = name.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
                    where = f"{_node_path(parent)}/@{name}"
                else:
                    kind, where = "text", _node_path(parent)
            results.append(XPathResult(file=file, value=str(item), kind=kind, xpath=where))
        else:  # elementpath's atomic values, maps and arrays
            results.append(XPathResult(file=file, value=str(item), kind=type(item).__name__))
    return results
