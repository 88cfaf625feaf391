"""The command line and the examples, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import teikit
from teikit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_convert_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "build"
    report = tmp_path / "report.json"
    converted = run("-m", "teikit", "convert", str(SEEDS), "-o", str(out), "--report", str(report))
    assert converted.returncode == 0, converted.stderr
    written = converted.stdout.split()
    assert len(written) == len(list(out.glob("*.xml"))) > 10
    assert converted.stderr.count("\n") == 1 and "26 pages" in converted.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    pages = [page for document in data["documents"] for page in document["pages"]]
    assert len(pages) == 26
    assert {p["source"].rsplit("/", 1)[-1] for p in pages} == {p.name for p in SEEDS.glob("*.txt")}
    validated = run("-m", "teikit", "validate", str(out))
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_report_model_round_trips(tmp_path: Path) -> None:
    conversions = list(teikit.convert(SEEDS / "000_f6c87f8d16c5e508.txt"))
    report = teikit.make_report(conversions)
    again = teikit.ConversionReport.model_validate_json(report.model_dump_json())
    assert again == report
    (page,) = report.documents[0].pages
    assert (page.paragraphs, page.notes, page.markers) == (["563", "564", "565"], ["264"], ["264"])
    assert page.navigation_lines == 2 and not page.cut_short


def test_usage_errors_exit_2() -> None:
    result = run("-m", "teikit", "convert")
    assert result.returncode == 2
    assert result.stderr.startswith("teikit: ")
    result = run("-m", "teikit", "frobnicate")
    assert result.returncode == 2


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--bogus"], "(see teikit -h)"),
        (["convert", str(SEEDS), "--bogus"], "(see teikit convert -h)"),
        (["query", "persons", "/some/folder"], "(see teikit query persons -h)"),
        (["query", "persons", "--limit", "x"], "(see teikit query persons -h)"),
        (["query", "bogus"], "(see teikit query -h)"),
    ],
)
def test_usage_errors_name_the_help_to_read(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A usage error points at the help of the (sub)command that did not understand it."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("teikit: ") and err.rstrip().endswith(hint)


def test_example_convert_seed() -> None:
    result = run(str(ROOT / "examples" / "convert_seed.py"))
    assert result.returncode == 0, result.stderr
    assert "paragraphs: 563, 564, 565" in result.stdout
    assert "note 264: Minute Binns to CJO" in result.stdout


def test_example_convert_directory(tmp_path: Path) -> None:
    result = run(str(ROOT / "examples" / "convert_directory.py"), str(SEEDS), str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all valid: True" in result.stdout
    assert (tmp_path / "section-9.6.xml").is_file()


def test_person_authority_file_fixes_ids(tmp_path: Path) -> None:
    authority = tmp_path / "persons.csv"
    authority.write_text(  # the Wikidata id is made up
        "id,names,titles,wikidata\n"
        "pers-graham-binns,Graham Binns|Binns,Maj Gen|Major General,Q999999999\n",
        encoding="utf-8",
    )
    out = tmp_path / "build"
    seed = str(SEEDS / "000_f6c87f8d16c5e508.txt")
    result = run("-m", "teikit", "convert", seed, "-o", str(out), "--persons", str(authority), "-q")
    assert result.returncode == 0, result.stderr
    document = (out / "section-9.6.xml").read_text(encoding="utf-8")
    assert document.count('ref="#pers-graham-binns"') == 2  # Maj Gen Binns, and the Binns of fn 264
    assert 'ref="#pers-binns"' not in document
    persons = (out / "persons.xml").read_text(encoding="utf-8")
    assert 'xml:id="pers-graham-binns"' in persons and "Q999999999" in persons
