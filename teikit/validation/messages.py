"""libxml2's validation messages, rewritten into one plain sentence each.

libxml2 speaks in Clark names and automaton terms::

    Element '{http://www.tei-c.org/ns/1.0}note': This element is not expected.
    Expected is one of ( {http://www.tei-c.org/ns/1.0}p, {http://www.tei-c.org/ns/1.0}ab ).

A TEI encoder wants ``<note> is not allowed here; expected <p> or <ab>``. Each entry of
:data:`REWRITES` is a pattern over libxml2's message and a function that builds the plain
sentence and, where the message says it, what was expected. A message no pattern knows is
kept, with its Clark names shortened, so nothing libxml2 says is lost.

>>> plain("Element '{http://www.tei-c.org/ns/1.0}note': The attribute 'n' is required but "
...       "missing.")
Plain(message='<note> lacks the required attribute @n', expected='@n')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from teikit.xmlnames import TEI_NS, XML_NS


class Plain(NamedTuple):
    """A message in plain words and, where known, what was expected instead."""

    message: str
    expected: str | None = None


def short(name: str) -> str:
    """A Clark name as an encoder writes it: TEI and no-namespace names bare, others prefixed.

    >>> short("{http://www.tei-c.org/ns/1.0}persName"), short("{urn:x}a"), short("b")
    ('persName', '{urn:x}a', 'b')
    """
    if name.startswith("{" + TEI_NS + "}"):
        return name[len(TEI_NS) + 2 :]
    if name.startswith("{" + XML_NS + "}"):
        return "xml:" + name[len(XML_NS) + 2 :]
    return name


def _names(listing: str) -> list[str]:
    return [short(item.strip()) for item in listing.split(",") if item.strip()]


def _either(names: list[str]) -> str:
    tagged = [f"<{name}>" if not name.startswith("##") else name for name in names]
    if len(tagged) <= 1:
        return "".join(tagged)
    return ", ".join(tagged[:-1]) + " or " + tagged[-1]


def _not_expected(m: re.Match[str]) -> Plain:
    names = _names(m["expected"] or "")
    if not names:
        return Plain(f"<{short(m['el'])}> is not allowed here")
    return Plain(
        f"<{short(m['el'])}> is not allowed here; expected {_either(names)}", ", ".join(names)
    )


def _missing_child(m: re.Match[str]) -> Plain:
    names = _names(m["expected"] or "")
    return Plain(
        f"<{short(m['el'])}> ends too early; it still needs {_either(names)}", ", ".join(names)
    )


def _enumeration(m: re.Match[str]) -> Plain:
    values = [v.strip().strip("'") for v in m["set"].split(",")]
    return Plain(
        f'@{m["attr"]}="{m["value"]}" on <{short(m["el"])}> is not one of the allowed values '
        + ", ".join(values),
        ", ".join(values),
    )


def _where(m: re.Match[str]) -> str:
    attr = m.groupdict().get("attr")
    return f"@{attr} on <{short(m['el'])}>" if attr else f"the content of <{short(m['el'])}>"


_EL = r"Element '(?P<el>[^']+)'"
_EL_ATTR = _EL + r"(?:, attribute '(?P<attr>[^']+)')?"

#: pattern over libxml2's message -> the plain sentence. Ordered: the first match wins.
REWRITES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Plain]]] = [
    # --- XML Schema (libxml2's xmlschemas.c) ---------------------------------------------------
    (
        re.compile(
            _EL + r": This element is not expected\.(?: Expected is(?: one of)? "
            r"\( (?P<expected>.*?) \)\.)?$"
        ),
        _not_expected,
    ),
    (
        re.compile(
            _EL + r": Missing child element\(s\)\. Expected is(?: one of)? "
            r"\( (?P<expected>.*?) \)\.$"
        ),
        _missing_child,
    ),
    (
        re.compile(_EL + r": The attribute '(?P<attr>[^']+)' is required but missing\.$"),
        lambda m: Plain(
            f"<{short(m['el'])}> lacks the required attribute @{short(m['attr'])}",
            f"@{short(m['attr'])}",
        ),
    ),
    (
        re.compile(
            _EL + r", attribute '(?P<attr>[^']+)': The attribute '[^']+' is not "
            r"allowed\.$"
        ),
        lambda m: Plain(f"attribute @{m['attr']} is not allowed on <{short(m['el'])}>"),
    ),
    (
        re.compile(
            _EL_ATTR + r": \[facet 'enumeration'\] The value '(?P<value>.*)' is not an "
            r"element of the set \{(?P<set>.*)\}\.$"
        ),
        _enumeration,
    ),
    (
        re.compile(
            _EL_ATTR + r": \[facet '(?P<facet>\w+)'\] The value '(?P<value>.*)' (?P<rest>.*)"
            r"\.$"
        ),
        lambda m: Plain(f'"{m["value"]}" in {_where(m)} {m["rest"]} (facet {m["facet"]})'),
    ),
    (
        re.compile(
            _EL_ATTR + r": '(?P<value>.*)' is not a valid value of the (?:atomic|list|"
            r"union|local atomic) type '(?P<type>[^']+)'\.$"
        ),
        lambda m: Plain(
            f'"{m["value"]}" in {_where(m)} is not a valid {short(m["type"])}', short(m["type"])
        ),
    ),
    (
        re.compile(
            _EL + r": Character content other than whitespace is not allowed because the "
            r"content type is 'element-only'\.$"
        ),
        lambda m: Plain(f"<{short(m['el'])}> may not contain text directly, only elements"),
    ),
    (
        re.compile(
            _EL + r": Element content is not allowed, because the content type is a "
            r"simple type definition\.$"
        ),
        lambda m: Plain(f"<{short(m['el'])}> may contain only text, not elements"),
    ),
    (
        re.compile(
            _EL + r": Element content is not allowed, because the type definition is "
            r"simple\.$"
        ),
        lambda m: Plain(f"<{short(m['el'])}> may contain only text, not elements"),
    ),
    (
        re.compile(_EL + r": No matching global declaration available for the validation root\.$"),
        lambda m: Plain(f"the root element <{short(m['el'])}> is not declared by this schema"),
    ),
    (
        re.compile(
            _EL + r": Duplicate key-sequence \[(?P<key>.*)\] in (?:unique|key) "
            r"identity-constraint '(?P<rule>[^']+)'\.$"
        ),
        lambda m: Plain(f"{m['key']} occurs twice, but {short(m['rule'])} requires it unique"),
    ),
    (
        re.compile(
            _EL + r": No match found for key-sequence \[(?P<key>.*)\] of keyref "
            r"'(?P<rule>[^']+)'\.$"
        ),
        lambda m: Plain(f"{m['key']} on <{short(m['el'])}> points to nothing ({short(m['rule'])})"),
    ),
    # --- RELAX NG (libxml2's relaxng.c) --------------------------------------------------------
    (
        re.compile(r"Did not expect element (?P<el>\S+) there$"),
        lambda m: Plain(f"<{m['el']}> is not allowed here"),
    ),
    (
        re.compile(r"Expecting element (?P<want>\S+), got (?P<el>\S+)$"),
        lambda m: Plain(f"expected <{m['want']}> here, found <{m['el']}>", m["want"]),
    ),
    (
        re.compile(r"Expecting an element (?P<want>\S+), got nothing$"),
        lambda m: Plain(f"<{m['want']}> is missing here", m["want"]),
    ),
    (
        re.compile(r"Expecting an element , got nothing$"),
        lambda m: Plain("an element is missing here"),
    ),
    (
        re.compile(r"Element (?P<el>\S+) has extra content: (?P<extra>\S+)$"),
        lambda m: Plain(f"<{m['el']}> has content the schema does not allow: {m['extra']}"),
    ),
    (
        re.compile(r"Extra element (?P<extra>\S+) in interleave$"),
        lambda m: Plain(f"<{m['extra']}> is not allowed here, or not this many times"),
    ),
    (
        re.compile(r"Invalid attribute (?P<attr>\S+) for element (?P<el>\S+)$"),
        lambda m: Plain(
            f"attribute @{m['attr']} of <{m['el']}> is not allowed or its value is wrong"
        ),
    ),
    (
        re.compile(r"Element (?P<el>\S+) failed to validate attributes$"),
        lambda m: Plain(f"<{m['el']}> lacks a required attribute or has a wrong one"),
    ),
    (
        re.compile(r"Element (?P<el>\S+) failed to validate content$"),
        lambda m: Plain(f"the content of <{m['el']}> does not fit the schema"),
    ),
    (
        re.compile(r"Expecting no namespace for element (?P<el>\S+)$"),
        lambda m: Plain(f"<{m['el']}> should be in no namespace"),
    ),
    (
        re.compile(r"Element (?P<el>\S+) has wrong namespace: expecting (?P<ns>\S+)$"),
        lambda m: Plain(f"<{m['el']}> is in the wrong namespace; expected {m['ns']}", m["ns"]),
    ),
    (
        re.compile(r"Datatype element (?P<el>\S+) has child elements$"),
        lambda m: Plain(f"<{m['el']}> may contain only text, not elements"),
    ),
    (
        re.compile(r"Value element (?P<el>\S+) has child elements$"),
        lambda m: Plain(f"<{m['el']}> may contain only text, not elements"),
    ),
    (
        re.compile(r"Error validating datatype (?P<type>\S+)$"),
        lambda m: Plain(f"a value is not a valid {m['type']}", m["type"]),
    ),
]

#: RELAX NG messages libxml2 adds on top of a more specific one about the same trouble; they
#: are dropped when a document has any other problem (see :func:`is_cascade`).
_CASCADES = re.compile(
    r"^Element \S+ failed to validate content$|^Expecting an element , got nothing$"
    r"|^Invalid sequence in interleave$|^Element \S+ has extra content: \S+$"
)

_CLARK = re.compile(r"\{[^{}\s]+\}[\w.-]+")


def plain(message: str) -> Plain:
    """``message`` from libxml2 as one plain sentence, with what was expected where known."""
    message = message.strip()
    for pattern, build in REWRITES:
        match = pattern.match(message)
        if match:
            return build(match)
    # Unknown message: keep every word, shorten the Clark names, drop libxml2's "Element 'x': ".
    shortened = _CLARK.sub(lambda m: short(m.group(0)), message).rstrip(".")
    shortened = re.sub(r"^Element '([^']+)'(, attribute '([^']+)')?: ", _prefix, shortened)
    return Plain(shortened)


def _prefix(m: re.Match[str]) -> str:
    return f"<{m.group(1)}> @{m.group(3)}: " if m.group(3) else f"<{m.group(1)}>: "


def is_cascade(message: str) -> bool:
    """Whether libxml2's RELAX NG ``message`` merely echoes a more specific one."""
    return bool(_CASCADES.match(message.strip()))
