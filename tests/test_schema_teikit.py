"""schemas/teikit.xsd and teikit-structure.xsd against hand-written samples.

``tests/data/schema/valid-*.xml`` must pass teikit.xsd (XSD 1.1, xmlschema), the structural
XSD 1.0 file (libxml2) and tei_all.rng; each ``invalid-*.xml`` breaks exactly one rule and must
fail teikit.xsd with an error that names that rule. The structural file alone must reject the
structural faults and let the integrity faults through (those are the assertions' job, and on
the fast path the job of :mod:`teikit.validation.checks`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

import teikit

DATA = Path(__file__).parent / "data" / "schema"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
VALID = sorted(DATA.glob("valid-*.xml"))
INVALID = sorted(DATA.glob("invalid-*.xml"))

#: invalid sample -> (regex the XSD 1.1 errors must match, does the XSD 1.0 structure file
#: alone catch it?)
BROKEN_RULE: dict[str, tuple[str, bool]] = {
    "invalid-duplicate-xml-id.xml": (r"every xml:id is unique|duplicated xs:ID", True),
    "invalid-dangling-ref.xml": (r"every @ref/@target starting with # resolves", False),
    "invalid-dangling-target.xml": (r"every @ref/@target starting with # resolves", False),
    "invalid-duplicate-note-n.xml": (r"every note/@n is unique|noteNumberUnique", True),
    "invalid-note-without-n.xml": (r"missing required attribute 'n'", True),
    "invalid-bad-when.xml": (r"attribute when='1 November 2007'", True),
    "invalid-impossible-date.xml": (r"attribute when='2007-11-31'", True),
    "invalid-date-from-without-to.xml": (r"date has @when, or @from and @to", False),
    "invalid-p-in-p.xml": (r"Unexpected child with tag '\{http://www.tei-c.org/ns/1.0\}p'", True),
    "invalid-empty-note.xml": (r"a note is empty only when @type='missing'", False),
    "invalid-missing-xml-lang.xml": (r"missing required attribute '\{[^}]+\}lang'", True),
    "invalid-unknown-element.xml": (r"Unexpected child with tag '\{[^}]+\}hi'", True),
    "invalid-fw-type.xml": (r"attribute type='footer'", True),
    "invalid-part-value.xml": (r"attribute part='X'", True),
    "invalid-pers-ref-pattern.xml": (r"attribute ref='pers-binns'.*pattern", True),
    "invalid-text-in-div.xml": (r"character data between child elements not allowed", True),
}


@pytest.fixture(scope="module")
def teikit11() -> xmlschema.XMLSchema11:
    """The reference schema, XSD 1.1 (about 0.5 s to build)."""
    return xmlschema.XMLSchema11(str(SCHEMAS / "teikit.xsd"))


@pytest.fixture(scope="module")
def structure() -> etree.XMLSchema:
    """The structural half, XSD 1.0, as libxml2 compiles it (the fast path)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "teikit-structure.xsd")))


def parse(path: Path) -> etree._ElementTree:
    # collect_ids=False: libxml2 would otherwise reject a duplicate xml:id while parsing,
    # before the schema has a say.
    return etree.parse(str(path), etree.XMLParser(collect_ids=False))


def error_text(error: xmlschema.XMLSchemaValidationError) -> str:
    """The message of an error plus, for an assertion, its whole test (the message cuts it)."""
    test = getattr(error.validator, "path", "") or ""
    return f"{error.message} {error.reason or ''} {test}"


def test_every_sample_is_covered() -> None:
    assert len(VALID) >= 4
    assert {p.name for p in INVALID} == set(BROKEN_RULE)


def test_structure_file_is_plain_xsd_10() -> None:
    document = etree.parse(str(SCHEMAS / "teikit-structure.xsd"))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    assert not list(document.iter(xs + "assert", xs + "assertion", xs + "override"))
    xmlschema.XMLSchema10(str(SCHEMAS / "teikit-structure.xsd"))  # compiles as XSD 1.0 too


def test_reference_schema_overrides_only_the_wrappers(teikit11: xmlschema.XMLSchema11) -> None:
    document = etree.parse(str(SCHEMAS / "teikit.xsd"))
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    overridden = document.xpath("/xs:schema/xs:override/xs:complexType/@name", namespaces=ns)
    assert sorted(overridden) == ["TEIType", "dateType", "noteType"]
    assert teikit11.elements["TEI"].type.assertions  # the override took effect
    with pytest.raises(etree.XMLSchemaParseError):
        etree.XMLSchema(document)  # libxml2 cannot read XSD 1.1: use teikit-structure.xsd


@pytest.mark.parametrize("sample", VALID, ids=lambda p: p.name)
def test_valid_sample_passes_teikit_xsd(
    sample: Path, teikit11: xmlschema.XMLSchema11, structure: etree.XMLSchema
) -> None:
    errors = [str(e) for e in teikit11.iter_errors(str(sample))]
    assert errors == []
    assert structure.validate(parse(sample)), [str(e) for e in structure.error_log]


@pytest.mark.parametrize("sample", VALID, ids=lambda p: p.name)
def test_valid_sample_passes_tei_all(sample: Path, tei_all: teikit.Schema) -> None:
    assert [str(p) for p in tei_all.iter_errors(parse(sample))] == []


@pytest.mark.parametrize("sample", INVALID, ids=lambda p: p.name)
def test_invalid_sample_fails_with_its_rule(
    sample: Path, teikit11: xmlschema.XMLSchema11, structure: etree.XMLSchema
) -> None:
    pattern, structural = BROKEN_RULE[sample.name]
    errors = list(teikit11.iter_errors(str(sample)))
    assert errors, f"{sample.name} passed teikit.xsd"
    texts = [error_text(e) for e in errors]
    assert any(re.search(pattern, text, re.S) for text in texts), texts
    assert structure.validate(parse(sample)) is not structural, [
        str(e) for e in structure.error_log
    ]
