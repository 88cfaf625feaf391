"""The XML names every stage shares: the TEI and XML namespaces, once.

Stages from the personography (:mod:`teikit.entities.people`) to the exports write or read TEI,
so the names live here, below every stage, rather than in :mod:`teikit.tei`, which the earlier
stages may not import.

>>> T + "persName", XML_ID
('{http://www.tei-c.org/ns/1.0}persName', '{http://www.w3.org/XML/1998/namespace}id')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml is imported where a tree is made; naming it costs nothing
    from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: The Clark prefix of a TEI element: ``T + "p"`` is TEI's ``p``.
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"

# The default-namespace map. lxml-stubs types nsmap keys as str only, though lxml takes None
# for the default namespace; typed Any here, once, so every element is made the same way.
NSMAP: Any = {None: TEI_NS}


def element_path(element: etree._Element, *, executable: bool = False) -> str:
    """The path of ``element`` from the root, positions only where siblings share a name.

    Readable by default, for problems: every name bare, as an encoder writes it.
    ``executable=True`` gives an XPath 1.0 expression that selects the element again, for
    query results: TEI names prefixed ``tei:``, names without a namespace bare, and anything
    else ``*``, counted among all its siblings.

    >>> from lxml import etree
    >>> root = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><p/><p><note/></p>'
    ...                         '<x:a xmlns:x="urn:x"/></TEI>')
    >>> element_path(root[1][0]), element_path(root[1][0], executable=True)
    ('/TEI/p[2]/note', '/tei:TEI/tei:p[2]/tei:note')
    >>> element_path(root[2]), element_path(root[2], executable=True)
    ('/TEI/a', '/tei:TEI/*[3]')
    """
    from lxml import etree

    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        tag = node.tag
        if not executable:
            step = etree.QName(node).localname
        elif isinstance(tag, str) and tag.startswith(T):
            step = "tei:" + tag[len(T) :]
        elif isinstance(tag, str) and not tag.startswith("{"):
            step = tag
        else:
            step = "*"
        if parent is not None:
            if step == "*":
                same = list(parent)
            else:
                same = [sibling for sibling in parent if sibling.tag == tag]
            if len(same) > 1:
                step += f"[{same.index(node) + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))
