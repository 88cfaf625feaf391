"""Hostile XML: each attack refused or handled in bounded time and memory, with a clear message.

Each hostile document is parsed by teikit.safexml in a fresh Python process (so libxml2's
own allocations count, which tracemalloc cannot see); the child reports its peak resident
memory and the time the parse took, and the test asserts both bounds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import teikit
from teikit.safexml import MAX_DEPTH, parse_bytes, parse_file

CHILD = r"""
import json, resource, sys, time
from teikit.errors import TeikitError
from teikit.safexml import parse_file
limit = None if sys.argv[2] == "none" else int(sys.argv[2])
start = time.perf_counter()
try:
    tree = parse_file(sys.argv[1], max_bytes=limit)
    outcome = {"error": None, "message": "", "root": tree.getroot().tag}
except TeikitError as exc:
    outcome = {"error": type(exc).__name__, "message": str(exc)}
outcome["seconds"] = time.perf_counter() - start
# VmHWM is this process's own peak: ru_maxrss would carry over the peak of the (large) pytest
# process this child was forked from, since Linux keeps it across exec.
with open("/proc/self/status") as status:
    hwm = [line for line in status if line.startswith("VmHWM:")]
if hwm:
    outcome["rss_mb"] = int(hwm[0].split()[1]) / 1024
else:
    outcome["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome))
"""


def parse_in_child(path: Path, *, max_bytes: int | None = 64 * 1024 * 1024) -> dict[str, object]:
    """Parse ``path`` with teikit in a fresh process; its outcome, time and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "none" if max_bytes is None else str(max_bytes)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome: dict[str, object] = json.loads(done.stdout)
    return outcome


def assert_bounded(outcome: dict[str, object], *, seconds: float, rss_mb: float) -> None:
    assert float(str(outcome["seconds"])) < seconds, outcome
    assert float(str(outcome["rss_mb"])) < rss_mb, outcome


def test_xxe_reading_a_local_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    evil = tmp_path / "xxe.xml"
    evil.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<TEI>&x;</TEI>\n"
    )
    with pytest.raises(teikit.UnsafeXMLError) as caught:
        parse_file(evil)
    message = str(caught.value)
    assert "TK404" in message and "external entity x" in message
    assert "TOP-SECRET-VALUE" not in message
    outcome = parse_in_child(evil)
    assert outcome["error"] == "UnsafeDocument"
    assert_bounded(outcome, seconds=1, rss_mb=150)


def test_external_dtd_and_entities_over_the_network_are_never_fetched(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    undefined = f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n<TEI>&foo;</TEI>'.encode()
    with pytest.raises(teikit.UnsafeXMLError, match="never loads external DTDs"):
        parse_bytes(undefined, source="ext.xml")
    # An external parameter entity is declared and referenced in the DOCTYPE: never loaded,
    # so the entity it would define stays undefined and its use is refused.
    parameter = f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>\n<TEI/>'.encode()
    assert parse_bytes(parameter, source="pe.xml").getroot().tag == "TEI"
    used = f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>\n<TEI>&foo;</TEI>'
    with pytest.raises(teikit.UnsafeXMLError, match="&foo; is not defined"):
        parse_bytes(used.encode(), source="pe.xml")
    external = f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/x.txt">]>\n<TEI>&x;</TEI>'.encode()
    with pytest.raises(teikit.UnsafeXMLError, match="external entity x"):
        parse_bytes(external, source="xxe-http.xml")
    found: list[teikit.Problem] = []
    tree = parse_bytes(external, source="xxe-http.xml", problems=found)
    assert tree.getroot().text is None and [p.code for p in found] == ["TK404"]
    # An old-style DOCTYPE naming a DTD, with no entity use: parsed, the DTD left alone.
    harmless = f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n<TEI><p>ok</p></TEI>'.encode()
    assert parse_bytes(harmless, source="doctype.xml").getroot().tag == "TEI"
    assert requests == []


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = tmp_path / "lol.xml"
    bomb.write_text("<!DOCTYPE lolz [" + "".join(lines) + "]>\n<lolz>&lol9;</lolz>")
    outcome = parse_in_child(bomb)
    assert outcome["error"] == "UnsafeDocument"
    # libxml2 may stop at its own amplification guard before teikit's declaration check.
    assert "declares the entities" in str(outcome["message"]) or "entity bomb" in str(
        outcome["message"]
    )
    assert "never expands entities" in str(outcome["message"])
    assert_bounded(outcome, seconds=1, rss_mb=150)


def test_quadratic_blowup_is_refused_quickly(tmp_path: Path) -> None:
    blow = tmp_path / "quadratic.xml"
    blow.write_text(
        f'<!DOCTYPE r [<!ENTITY a "{"x" * 100_000}">]>\n<r>{"&a;" * 50_000}</r>'
    )  # 5 GB if expanded, 250 kB as written
    outcome = parse_in_child(blow)
    assert outcome["error"] == "UnsafeDocument"
    message = str(outcome["message"])
    assert "entity a" in message or "entity bomb" in message
    assert "never expands entities" in message
    assert_bounded(outcome, seconds=2, rss_mb=150)


def test_deep_nesting_is_refused_and_ordinary_depth_is_fine(tmp_path: Path) -> None:
    deep = tmp_path / "deep.xml"
    deep.write_text("<a>" * 100_000 + "</a>" * 100_000)
    outcome = parse_in_child(deep)
    assert outcome["error"] == "UnsafeDocument"
    assert f"deeper than {MAX_DEPTH} levels" in str(outcome["message"])
    assert_bounded(outcome, seconds=2, rss_mb=150)
    fine = ("<a>" * 200 + "</a>" * 200).encode()
    assert parse_bytes(fine).getroot().tag == "a"


@pytest.fixture(scope="module")
def hundred_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 100 MB TEI-like document, written in chunks (never held in memory whole)."""
    path = tmp_path_factory.mktemp("big") / "big.xml"
    chunk = ("<p>" + "lorem ipsum " * 80 + "</p>\n") * 1000
    with path.open("w") as out:
        out.write('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div>\n')
        while out.tell() < 100_000_000:
            out.write(chunk)
        out.write("</div></body></text></TEI>\n")
    return path


@pytest.mark.slow
def test_100mb_document_is_refused_before_reading(hundred_mb: Path) -> None:
    outcome = parse_in_child(hundred_mb)
    assert outcome["error"] == "UnsafeDocument"
    assert "over the 64 MiB limit" in str(outcome["message"])
    assert_bounded(outcome, seconds=0.5, rss_mb=150)


@pytest.mark.slow
def test_100mb_text_node_is_refused_even_without_teikits_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge-text.xml"
    with path.open("w") as out:
        out.write("<TEI><p>")
        for _ in range(100):
            out.write("x" * 1_000_000)
        out.write("</p></TEI>")
    outcome = parse_in_child(path, max_bytes=None)
    assert outcome["error"] == "UnsafeDocument"
    assert "text node is longer than 10 MB" in str(outcome["message"])
    assert_bounded(outcome, seconds=5, rss_mb=250)


@pytest.mark.slow
def test_100mb_document_parses_in_bounded_memory_when_allowed(hundred_mb: Path) -> None:
    # A user who raises the limit gets the tree: libxml2 holds it in a few times its size.
    outcome = parse_in_child(hundred_mb, max_bytes=None)
    assert outcome["error"] is None, outcome
    assert_bounded(outcome, seconds=20, rss_mb=1500)


def test_not_well_formed_gives_line_and_column() -> None:
    with pytest.raises(teikit.InputError) as caught:
        parse_bytes(b"<TEI>\n  <p>one</q>\n</TEI>", source="bad.xml")
    problem = caught.value.problem
    assert (problem.code, problem.file, problem.line) == ("TK401", "bad.xml", 2)
    assert problem.column is not None and problem.column > 0
    assert "mismatch" in problem.message


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(teikit.InputError) as caught:
        parse_file(tmp_path / "missing.xml")
    assert caught.value.problem.code == "TK405"
    assert "no such file" in caught.value.problem.message


def test_duplicate_xml_id_parses_so_the_check_can_report_it() -> None:
    tree = parse_bytes(b'<TEI><p xml:id="a"/><p xml:id="a"/></TEI>')
    assert len(tree.getroot()) == 2


def test_processing_instructions_and_comments_are_kept() -> None:
    data = b'<?xml-model href="x.rng"?><!-- c --><TEI/>'
    root = parse_bytes(data).getroot()
    previous = list(root.itersiblings(preceding=True))
    assert any(getattr(node, "target", None) == "xml-model" for node in previous)


def test_no_lxml_exception_leaks_for_junk(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(teikit.TeikitError):
        parse_file(junk)
    with pytest.raises(teikit.TeikitError):
        parse_bytes(b"")


def test_a_legacy_doctype_is_read_and_its_entities_never_expanded() -> None:
    # P4-era TEI and the TEI Consortium's test documents declare entities in their DOCTYPE.
    legacy = (
        b'<!DOCTYPE TEI PUBLIC "-//TEI P4//DTD Main Document Type//EN" "tei2.dtd" [\n'
        b'<!ENTITY % TEI.XML "INCLUDE"> <!ENTITY mdash "&#x2014;"> <!ENTITY ed "editor">]>\n'
        b"<TEI><p n='1'>one &#x2014; two</p></TEI>"
    )
    assert parse_bytes(legacy, source="p4.xml").getroot()[0].text == "one \u2014 two"
    used = legacy.replace(b"two</p>", b"two &ed; three &ed;</p><p n='&ed;'/>")
    with pytest.raises(teikit.UnsafeXMLError, match=r"the entity ed \(&ed;\) is declared"):
        parse_bytes(used, source="p4.xml")
    found: list[teikit.Problem] = []
    root = parse_bytes(used, source="p4.xml", problems=found).getroot()
    assert root[0].text == "one \u2014 two  three "  # the references left out, nothing else
    assert [(p.code, p.line) for p in found] == [("TK404", 3), ("TK404", 3)]
    assert "attribute value uses the entity ed" in found[0].message
    assert "left out of the text, 2 times" in found[1].message
