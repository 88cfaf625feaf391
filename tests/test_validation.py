"""teikit.validate and Schema: any schema, one clear problem per fault, every output format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

import teikit
from teikit.validation import schema as schema_module
from teikit.validation.schema import LoadSpec, load_document

DATA = Path(__file__).parent / "data" / "schema"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
needs_teikit_xsd = pytest.mark.skipif(
    not (SCHEMAS / "teikit.xsd").is_file(), reason="schemas/teikit.xsd not written yet"
)

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>The Report of the Iraq Inquiry, Section 9.6, page 287</title>
        <respStmt><resp>encoded by</resp><name>teikit</name></respStmt>
      </titleStmt>
      <publicationStmt><publisher>teikit</publisher></publicationStmt>
      <sourceDesc>
        <bibl><title level="m">The Report of the Iraq Inquiry</title>
          <publisher>Her Majesty’s Stationery Office</publisher>
          <date when="2016-07-06">2016</date></bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc><appInfo>
      <application ident="teikit" version="0.1.0"><label>teikit</label></application>
    </appInfo></encodingDesc>
  </teiHeader>
  <text>
    <body>
      <div>
"""
# One fault per line, each marked so the test finds its line number in the file.
BODY = """\
        <p n="1">Minute <persName ref="#pers-nobody">Nobody</persName> to CJO.</p>
        <p n="2">Text<note place="foot" xml:id="note-1">No number.</note></p>
        <p n="3">Outer <p>inner</p></p>
        <p n="4">Again<note place="foot" n="4" xml:id="note-1">Same id.</note></p>
        <p n="5">A good paragraph.</p>
"""
FOOTER = """      </div>
    </body>
  </text>
</TEI>
"""
BROKEN = HEADER + BODY + FOOTER
#: fault -> (code, the text that marks its line)
FAULTS = {
    "dangling @ref": ("TK501", "#pers-nobody"),
    "note without @n": ("TK402", "No number."),
    "p inside p": ("TK402", "<p>inner</p>"),
    "duplicate xml:id": ("TK502", "Same id."),
}


def line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


EXPECTED = {(code, line_of(BROKEN, marker)) for code, marker in FAULTS.values()}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.xml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "valid.xml"
    path.write_text(HEADER + '        <p n="5">A good paragraph.</p>\n' + FOOTER)
    return path


# --- the deliberately broken TEI file, in every format ---------------------------------------


@needs_teikit_xsd
def test_broken_tei_gives_one_problem_per_fault(broken: Path) -> None:
    report = teikit.validate(broken)
    assert not report.ok and not report.all_valid
    assert {(p.code, p.line) for p in report} == EXPECTED
    assert len(report.problems) == len(FAULTS)
    by_line = {p.line: p for p in report}
    nested = by_line[line_of(BROKEN, "<p>inner</p>")]
    assert nested.message.startswith("<p> is not allowed here; expected <persName>")
    assert nested.expected is not None and "quote" in nested.expected.split(", ")
    assert nested.path == "/TEI/text/body/div/p[3]/p"
    missing = by_line[line_of(BROKEN, "No number.")]
    assert missing.message == "<note> lacks the required attribute @n"
    assert missing.expected == "@n"
    duplicate = by_line[line_of(BROKEN, "Same id.")]
    assert f"first at line {line_of(BROKEN, 'No number.')}" in duplicate.message
    for problem in report:
        assert "{http" not in problem.message  # no Clark names, no automaton dumps
        assert problem.file == str(broken)


@needs_teikit_xsd
def test_text_format_groups_by_file_and_shows_the_line(broken: Path, valid: Path) -> None:
    text = teikit.validate([broken, valid]).render("text")
    lines = text.splitlines()
    assert lines[0] == str(broken)
    assert str(valid) not in text  # valid files are only counted
    for code, line in EXPECTED:
        assert any(row.strip().startswith(f"{line} ") and code in row for row in lines), code
    source_line = line_of(BROKEN, "<p>inner</p>")
    assert (
        f"{source_line:>6} | " + BROKEN.splitlines()[source_line - 1].strip()
        in text.replace(" " * 8 + "<p n=", "<p n=")
        or "<p>inner</p>" in text
    )
    assert lines[-1] == (
        "2 documents checked against teikit (libxml2): 1 valid, 1 invalid (4 errors)"
    )


@needs_teikit_xsd
def test_json_format_round_trips(broken: Path) -> None:
    data = json.loads(teikit.validate(broken).render("json"))
    assert data["ok"] is False
    problems = data["files"][0]["problems"]
    assert {(p["code"], p["line"]) for p in problems} == EXPECTED
    assert all({"file", "line", "column", "path", "rule", "message"} <= p.keys() for p in problems)
    again = teikit.ValidationReport.model_validate_json(teikit.validate(broken).render("json"))
    assert again.problems == teikit.validate(broken).problems


@needs_teikit_xsd
def test_github_format_is_one_annotation_per_problem(broken: Path) -> None:
    out = teikit.validate(broken).render("github", summary=False).splitlines()
    assert len(out) == len(FAULTS)
    seen = set()
    for row in out:
        assert row.startswith(f"::error file={broken},line=")
        head, message = row[2:].split("::", 1)
        fields = dict(item.split("=", 1) for item in head.split(" ", 1)[1].split(","))
        seen.add((fields["title"], int(fields["line"])))
        assert message and "\n" not in message
    assert seen == EXPECTED


@needs_teikit_xsd
def test_junit_format_is_one_case_per_document(broken: Path, valid: Path) -> None:
    xml = teikit.validate([broken, valid]).render("junit")
    suite = etree.fromstring(xml.encode()).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    failure = cases[str(broken)].find("failure")
    assert failure is not None and cases[str(valid)].find("failure") is None
    rows = (failure.text or "").splitlines()
    assert len(rows) == len(FAULTS)
    assert {(row.split(": ")[1].split()[0], int(row.split(":")[1])) for row in rows} == EXPECTED


# --- the teikit schema: fast path agrees with the XSD 1.1 reference --------------------------


@needs_teikit_xsd
@pytest.mark.parametrize("case", sorted(DATA.glob("*.xml")), ids=lambda p: p.name)
def test_fast_path_agrees_with_xsd11_reference(case: Path) -> None:
    reference = xmlschema.XMLSchema11(str(SCHEMAS / "teikit.xsd"))
    tree, _, problems = load_document(case)
    assert tree is not None, problems
    fast = teikit.Schema.load("teikit").problems(tree, str(case))
    assert (not fast) == reference.is_valid(tree), [str(p) for p in fast]
    assert (not fast) == case.name.startswith("valid-")
    assert len(fast) <= 1, [str(p) for p in fast]  # each case has one fault: one message


# --- any schema --------------------------------------------------------------------------------

XSD10 = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="doc"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="n" type="xs:integer" use="required"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""
XSD11 = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning" vc:minVersion="1.1">
  <xs:element name="doc"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="n" type="xs:integer" use="required"/></xs:complexType></xs:element>
  </xs:sequence><xs:assert test="count(item) le 2"/></xs:complexType></xs:element>
</xs:schema>"""
RNG = """<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"
    datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <oneOrMore><element name="item"><attribute name="n"><data type="integer"/></attribute>
  </element></oneOrMore>
</element>"""
SCH = """<schema xmlns="http://purl.oclc.org/dsdl/schematron">
  <pattern><rule context="item">
    <assert test="number(@n) &lt; 10" id="small-n">An item number stays below 10.</assert>
  </rule></pattern>
</schema>"""
RNC = """element doc { element item { attribute n { xsd:integer } }+ }"""
GOOD = '<doc>\n  <item n="1"/>\n  <item n="2"/>\n</doc>\n'
BAD = '<doc>\n  <item n="1"/>\n  <item n="x"/>\n  <item/>\n  <thing/>\n</doc>\n'
TOO_MANY = '<doc>\n  <item n="1"/>\n  <item n="2"/>\n  <item n="30"/>\n</doc>\n'


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, text in {
        "s.xsd": XSD10,
        "s11.xsd": XSD11,
        "s.rng": RNG,
        "s.sch": SCH,
        "s.rnc": RNC,
        "good.xml": GOOD,
        "bad.xml": BAD,
        "many.xml": TOO_MANY,
    }.items():
        made[name] = tmp_path / name
        made[name].write_text(text)
    return made


@pytest.mark.parametrize("schema", ["s.xsd", "s11.xsd", "s.rng"])
def test_each_schema_language_flags_the_bad_document(files: dict[str, Path], schema: str) -> None:
    loaded = teikit.Schema.load(files[schema])
    assert loaded.is_valid(files["good.xml"])
    problems = list(loaded.iter_errors(files["bad.xml"]))
    # (s11.xsd also finds its assertion "at most two items" broken, on <doc> at line 1)
    assert problems and all(p.code == "TK402" and p.line in (1, 3, 4, 5) for p in problems)
    assert 3 in {p.line for p in problems}  # n="x" is not an integer
    with pytest.raises(teikit.DocumentInvalid) as caught:
        loaded.validate(files["bad.xml"])
    assert caught.value.problems == tuple(problems)


def test_xsd_versions_pick_their_engine(files: dict[str, Path]) -> None:
    assert teikit.Schema.load(files["s.xsd"]).kind == "xsd"
    assert teikit.Schema.load(files["s11.xsd"]).kind == "xsd11"
    many = list(teikit.Schema.load(files["s11.xsd"]).iter_errors(files["many.xml"]))
    assert len(many) == 1 and many[0].rule == "assert count(item) le 2"


def test_schematron_reports_the_assertion_at_its_element(files: dict[str, Path]) -> None:
    problems = list(teikit.Schema.load(files["s.sch"]).iter_errors(files["many.xml"]))
    assert [(p.line, p.rule, p.message) for p in problems] == [
        (4, "small-n", "An item number stays below 10.")
    ]


def test_schemas_combine(files: dict[str, Path]) -> None:
    report = teikit.validate(files["many.xml"], schemas=[files["s.xsd"], files["s.sch"]])
    assert not report.ok and [p.rule for p in report] == ["small-n"]
    assert report.schemas == (str(files["s.xsd"]), str(files["s.sch"]))


def test_rnc_converts_or_says_what_to_install(files: dict[str, Path]) -> None:
    try:
        import rnc2rng  # noqa: F401
    except ImportError:
        with pytest.raises(teikit.SchemaError, match="rnc2rng"):
            teikit.Schema.load(files["s.rnc"], engine="lxml")
    else:
        assert not teikit.Schema.load(files["s.rnc"], engine="lxml").is_valid(files["bad.xml"])


def test_bad_schemas_are_schema_errors(tmp_path: Path) -> None:
    with pytest.raises(teikit.SchemaError, match="no such schema"):
        teikit.Schema.load(tmp_path / "nope.xsd")
    broken = tmp_path / "broken.xsd"
    broken.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:bogus/>')
    with pytest.raises(teikit.SchemaError, match="cannot read schema"):
        teikit.Schema.load(broken)
    odd = tmp_path / "odd.txt"
    odd.write_text("<nothing/>")
    with pytest.raises(teikit.SchemaError, match="which schema language"):
        teikit.Schema.load(odd)


# --- inputs: directories, junk, trees ----------------------------------------------------------


def test_directories_are_searched_and_junk_is_reported(
    files: dict[str, Path], tmp_path: Path
) -> None:
    sub = tmp_path / "corpus" / "deeper"
    sub.mkdir(parents=True)
    shutil.copy(files["good.xml"], sub / "a.xml")
    (sub / "notes.txt").write_text("not looked at")
    (sub / "junk.xml").write_bytes(b"\x00\x01binary")
    (sub / "plain.xml").write_text("just words")
    report = teikit.validate(tmp_path / "corpus", schemas=[files["s.xsd"]])
    assert [Path(r.file).name for r in report.files] == ["a.xml", "junk.xml", "plain.xml"]
    assert [r.status for r in report.files] == ["valid", "invalid", "invalid"]
    assert {p.code for p in report} == {"TK401"}
    txt = teikit.validate(tmp_path / "corpus", schemas=[files["s.xsd"]], pattern="*.txt")
    assert [r.status for r in txt.files] == ["invalid"]


def test_missing_inputs_are_unreadable(files: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report = teikit.validate(
        [tmp_path / "missing.xml", tmp_path / "empty"], schemas=[files["s.xsd"]]
    )
    assert report.unreadable and not report.ok
    assert [p.code for p in report] == ["TK405", "TK406"]


def test_trees_validate_like_files(files: dict[str, Path]) -> None:
    tree = etree.parse(str(files["bad.xml"]))
    assert not teikit.is_valid(tree, schemas=[files["s.xsd"]])
    assert teikit.is_valid(etree.fromstring(GOOD), schemas=[files["s.xsd"]])
    assert [p.line for p in teikit.iter_errors(tree, schemas=[files["s.xsd"]])] == [3, 4, 5]


def test_raise_on_error_holds_every_problem(files: dict[str, Path]) -> None:
    with pytest.raises(teikit.DocumentInvalid) as caught:
        teikit.validate(files["bad.xml"], schemas=[files["s.xsd"]], raise_on_error=True)
    assert len(caught.value.problems) == 3


def test_checks_run_with_any_schema_when_asked(files: dict[str, Path], tmp_path: Path) -> None:
    doc = tmp_path / "ids.xml"
    doc.write_text('<doc>\n  <item n="1" xml:id="a"/>\n  <item n="2" xml:id="a"/>\n</doc>\n')
    assert teikit.validate(doc, schemas=[files["s.rng"]]).ok is False  # RNG: xml:id unknown
    report = teikit.validate(doc, schemas=[files["s.xsd"]], checks=True)
    assert ("TK502", 3) in {(p.code, p.line) for p in report}


def test_unsafe_documents_are_problems_not_crashes(files: dict[str, Path], tmp_path: Path) -> None:
    evil = tmp_path / "evil.xml"
    evil.write_text('<!DOCTYPE doc [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<doc>&x;</doc>')
    report = teikit.validate(evil, schemas=[files["s.xsd"]])
    assert [(r.status, [p.code for p in r.problems]) for r in report.files] == [
        ("invalid", ["TK404"])
    ]


# --- xml-model and parallel runs ----------------------------------------------------------------


def test_xml_model_instructions_are_honoured(files: dict[str, Path], tmp_path: Path) -> None:
    rng_ns = "http://relaxng.org/ns/structure/1.0"
    local = tmp_path / "local.xml"
    local.write_text(f'<?xml-model href="s.rng" schematypens="{rng_ns}"?>\n' + BAD)
    report = teikit.validate(local, xml_model=True)
    assert not report.ok and all(p.code == "TK402" for p in report)
    remote = tmp_path / "remote.xml"
    remote.write_text('<?xml-model href="https://example.org/schemas/s.rng"?>\n' + GOOD)
    refused = teikit.validate(remote, xml_model=True)
    assert [p.code for p in refused] == ["TK407"] and "never fetches" in refused.problems[0].message
    satisfied = teikit.validate(remote, xml_model=True, schemas=[files["s.rng"]])
    assert satisfied.ok
    bare = tmp_path / "bare.xml"
    bare.write_text(GOOD)
    assert [p.code for p in teikit.validate(bare, xml_model=True)] == ["TK407"]


def test_xml_model_schema_is_compiled_once_per_run(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run's own shelf keeps the schema the documents name; nothing outlives the run.
    rng_ns = "http://relaxng.org/ns/structure/1.0"
    for i in range(3):
        named = f'<?xml-model href="{files["s.rng"]}" schematypens="{rng_ns}"?>\n' + BAD
        (tmp_path / f"named{i}.xml").write_text(named)
    compiled: list[LoadSpec] = []
    compile_schema = schema_module._compile

    def counting(spec: LoadSpec) -> teikit.Schema:
        compiled.append(spec)
        return compile_schema(spec)

    monkeypatch.setattr(schema_module, "_compile", counting)
    paths = [tmp_path / f"named{i}.xml" for i in range(3)]
    for _ in range(2):
        report = teikit.validate(paths, xml_model=True)
        assert report.count("invalid") == 3
    assert len(compiled) == 2  # once in each run


def test_parallel_run_gives_the_same_report(files: dict[str, Path], tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(12):
        shutil.copy(files["bad.xml" if i % 3 == 0 else "good.xml"], corpus / f"d{i:02}.xml")
    one = teikit.validate(corpus, schemas=[files["s.xsd"], files["s.sch"]])
    four = teikit.validate(corpus, schemas=[files["s.xsd"], files["s.sch"]], jobs=4)
    assert one == four and one.count("invalid") == 4


@needs_teikit_xsd
def test_parallel_run_with_teikit_schema(broken: Path, valid: Path) -> None:
    assert teikit.validate([broken, valid], jobs=2) == teikit.validate([broken, valid])


# --- the official TEI schema ---------------------------------------------------------------------


def test_tei_all_accepts_the_subset_and_words_its_errors(
    tei_all: teikit.Schema, broken: Path
) -> None:
    for case in sorted(DATA.glob("valid-*.xml")):
        assert tei_all.is_valid(case), [str(p) for p in tei_all.iter_errors(case)]
    problems = list(tei_all.iter_errors(broken))
    assert problems, "tei_all must reject <p> inside <p>"
    for problem in problems:
        assert problem.line is not None and "failed to validate" not in problem.message
    report = teikit.validate(broken, schemas=["teikit", tei_all])
    assert report.schemas == ("teikit", tei_all.name)


def test_summary_counts_one_error_in_the_singular(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("not xml\n", encoding="utf-8")
    assert teikit.validate(broken).summary().endswith("1 invalid (1 error)")
