"""``teikit validate``: exit codes, streams and formats, run through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from teikit.cli import main

XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="doc"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "s.xsd").write_text(XSD)
    (tmp_path / "good.xml").write_text("<doc><item/></doc>\n")
    (tmp_path / "bad.xml").write_text("<doc>\n  <thing/>\n</doc>\n")
    return tmp_path


def test_all_valid_exits_0_and_says_so(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tree / "good.xml"), "--schema", str(tree / "s.xsd")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("1 document valid against") and err == ""


def test_invalid_exits_1_problems_on_stderr(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(tree), "--schema", str(tree / "s.xsd"), "--pattern", "*d.xml"])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{tree / 'bad.xml'}\n" in err and "<thing> is not allowed here" in err
    assert "2 documents checked" in out and "1 invalid" in out


def test_unreadable_input_exits_2(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tree / "nope.xml"), "--schema", str(tree / "s.xsd")]) == 2
    assert "TK405" in capsys.readouterr().err


def test_bad_schema_exits_2(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tree / "good.xml"), "--schema", str(tree / "no.rng")]) == 2
    assert "no such schema" in capsys.readouterr().err


def test_bad_usage_exits_2(tree: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(tree / "good.xml"), "--format", "yaml"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["validate", str(tree / "good.xml"), "--jobs", "0"])
    assert caught.value.code == 2


@pytest.mark.parametrize("fmt", ["json", "github", "junit"])
def test_data_formats_go_to_stdout(
    tree: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["validate", str(tree / "bad.xml"), "--schema", str(tree / "s.xsd"), "--format", fmt]
    )
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    if fmt == "json":
        assert json.loads(out)["files"][0]["problems"][0]["line"] == 2
    elif fmt == "github":
        assert out.startswith(f"::error file={tree / 'bad.xml'},line=2,title=TK402::")
    else:
        assert out.startswith("<?xml") and "<failure" in out


def test_python_dash_m_runs_the_command(tree: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "teikit",
            "validate",
            str(tree / "bad.xml"),
            "--schema",
            str(tree / "s.xsd"),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "<thing> is not allowed here" in done.stderr
