"""Bad input gets a clean result or one line naming the file and the problem: never a
traceback, never mojibake, never a half-written output file."""

from __future__ import annotations

from pathlib import Path

import pytest

import teikit
from teikit.errors import InputError
from tests.helpers import run_cli

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f6c87f8d16c5e508.txt"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "TK101"),
        (b"  \n\n\t\n", "TK101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "TK102"),
        ("563.  The JIC judged \u201cquietly\u201d.".encode("cp1252"), "TK103"),
        (b"563. The JIC\x01 judged.", "TK105"),
    ],
    ids=["empty", "blank", "binary", "cp1252", "control-character"],
)
def test_bad_files_fail_with_one_line(tmp_path: Path, content: bytes, code: str) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes(content)
    with pytest.raises(InputError) as caught:
        list(teikit.convert(source))
    assert caught.value.problem.code == code
    out = tmp_path / "out"
    result = run_cli("convert", str(source), "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(source) in lines[0] and code in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_cp1252_decodes_when_asked(tmp_path: Path) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes("563.  The JIC judged \u201cquietly\u201d.".encode("cp1252"))
    options = teikit.ConvertOptions(encoding="cp1252")
    (conversion,) = teikit.convert(source, options=options)
    assert "\u201cquietly\u201d" in conversion.to_bytes().decode("utf-8")


def test_missing_input_is_one_line(tmp_path: Path) -> None:
    result = run_cli("convert", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "TK107" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bom_crlf_and_form_feed_give_the_same_document(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    plain = teikit.convert_text(text, source="page.txt").to_bytes()
    crlf = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    source = tmp_path / "page.txt"
    source.write_bytes(crlf)
    (conversion,) = teikit.convert(source)
    assert conversion.to_bytes() == plain.replace(b"page.txt", b"page.txt")


def test_form_feed_separates_pages(tmp_path: Path) -> None:
    text = "1.\u2002First page.\f2.\u2002Second page."
    pages = teikit.read_text(text)
    assert [p.text for p in pages] == ["1.\u2002First page.", "2.\u2002Second page."]


def test_page_without_header_or_footer() -> None:
    conversion = teikit.convert_text("12.\u2002A bare paragraph with no furniture at all.")
    codes = [p.code for p in conversion.problems]
    assert "TK207" in codes and "TK201" in codes
    assert conversion.root.xpath(
        "//tei:p/@n", namespaces={"tei": "http://www.tei-c.org/ns/1.0"}
    ) == ["12"]


def test_ten_megabyte_line_converts(tmp_path: Path) -> None:
    line = ("word " * 2_000_000).strip() + "."
    source = tmp_path / "long.txt"
    source.write_text("1.\u2002" + line, encoding="utf-8")
    (conversion,) = teikit.convert(source)
    body = conversion.root.find("{http://www.tei-c.org/ns/1.0}text")
    assert body is not None
    assert "".join(body.itertext()).count("word") == 2_000_000


def test_output_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("convert", str(SEED), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    # the document and the run's personography, and no temporary files
    assert sorted(p.name for p in out.iterdir()) == ["persons.xml", "section-9.6.xml"]
