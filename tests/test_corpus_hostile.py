"""Legacy and hostile DOCTYPEs through the corpus, the validator and the exporters.

A DOCTYPE that declares entities (P4-era TEI, the TEI Consortium's test documents) is read;
an entity that is used is never expanded: the corpus reports it by name and reads the rest,
the validator and the exporters refuse the file naming it. Nothing is ever fetched (a local
HTTP server counts requests), no local file leaks into any answer or message, and every
attack is bounded in time and memory (measured in a fresh process).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import teikit

SECRET = "TOP-SECRET-VALUE-41"
TEI_NS = "http://www.tei-c.org/ns/1.0"
BODY = (
    f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
    "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
    "</fileDesc></teiHeader><text><body><p>{before}{use}{after}</p><p>second</p></body></text>"
    "</TEI>"
)


def tei(
    doctype: str, use: str = "", before: str = "kept before ", after: str = " kept after"
) -> str:
    return doctype + "\n" + BODY.format(before=before, use=use, after=after)


def lol(levels: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return "<!DOCTYPE TEI [" + "".join(lines) + "]>"


@pytest.fixture
def hostile(tmp_path: Path, server: tuple[str, list[str]]) -> dict[str, Path]:
    """One folder per case, each with one document; the secret a file entity would read."""
    url, _ = server
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    cases = {
        "legacy": tei(
            '<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "http://127.0.0.1:9/tei.dtd" [\n'
            '<!ENTITY mdash "&#x2014;"> <!ENTITY % local "INCLUDE"> <!ENTITY ed "editor">]>'
        ),
        "internal": tei('<!DOCTYPE TEI [<!ENTITY ed "the editor">]>', "&ed;&ed;&ed;"),
        "bomb": tei(lol(), "&lol9;"),
        "bomb-unused": tei(lol()),
        "quadratic": tei(f'<!DOCTYPE TEI [<!ENTITY a "{"x" * 100_000}">]>', "&a;" * 20_000),
        "xxe-file": tei(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"),
        "xxe-http": tei(f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/x.txt">]>', "&x;"),
        "parameter": tei(f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', "&foo;"),
        "parameter-file": tei(f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', ""),
        "external-dtd": tei(f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">', "&foo;"),
    }
    folders = {}
    for name, text in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{name}.xml").write_text(text, encoding="utf-8")
        folders[name] = folder
    return folders


#: case -> (problem codes the corpus reports, an entity the problem names, or None)
CORPUS_EXPECTED: dict[str, tuple[list[str], str | None]] = {
    "legacy": ([], None),
    "internal": (["TK404"], "entity ed"),
    "bomb": (["TK404"], "entity bomb"),
    "bomb-unused": ([], None),
    "quadratic": (["TK404"], "entity bomb"),
    "xxe-file": (["TK404"], "external entity x"),
    "xxe-http": (["TK404"], "external entity x"),
    "parameter": (["TK404"], "&foo;"),
    "parameter-file": ([], None),
    "external-dtd": (["TK404"], "&foo;"),
}


@pytest.mark.parametrize("case", sorted(CORPUS_EXPECTED))
def test_corpus_reads_what_it_can_and_names_the_entity(
    case: str, hostile: dict[str, Path], server: tuple[str, list[str]]
) -> None:
    codes, named = CORPUS_EXPECTED[case]
    with teikit.Corpus.open(hostile[case], index=False) as corpus:
        assert [p.code for p in corpus.problems] == codes, corpus.problems
        if named is not None:
            assert named in corpus.problems[0].message
        messages = " ".join(str(p) for p in corpus.problems)
        texts = [p.text for p in corpus.paragraphs()]
    assert SECRET not in messages and SECRET not in " ".join(texts)
    if case in ("bomb", "quadratic"):  # refused whole: libxml2's amplification guard
        assert texts == []
    else:  # read, the entity left out of the text
        assert texts == ["kept before kept after", "second"]
    assert server[1] == []


def test_a_used_entity_is_reported_once_with_its_count(hostile: dict[str, Path]) -> None:
    with teikit.Corpus.open(hostile["internal"], index=False) as corpus:
        (problem,) = corpus.problems
    assert "the entity ed (&ed;)" in problem.message
    assert "left out of the text, 3 times" in problem.message
    assert problem.line == 2


@pytest.mark.parametrize("case", sorted(CORPUS_EXPECTED))
def test_validate_and_export_never_expand_or_fetch(
    case: str, hostile: dict[str, Path], server: tuple[str, list[str]], tmp_path: Path
) -> None:
    codes, _ = CORPUS_EXPECTED[case]
    report = teikit.validate(hostile[case])
    found = [p.code for r in report.files for p in r.problems]
    assert ("TK404" in found) == ("TK404" in codes), found
    assert SECRET not in " ".join(str(p) for r in report.files for p in r.problems)
    out = tmp_path / f"out-{case}"
    if codes:
        with pytest.raises(teikit.TeikitError, match="TK404"):
            teikit.export([hostile[case]], to="txt", out=out)
    else:
        teikit.export([hostile[case]], to="txt", out=out)
        written = " ".join(p.read_text() for p in out.rglob("*") if p.is_file())
        assert "kept before kept after" in written and SECRET not in written
    assert server[1] == []


CHILD = r"""
import json, sys, time
import teikit
start = time.perf_counter()
with teikit.Corpus.open(sys.argv[1], index=True) as corpus:
    codes = [p.code for p in corpus.problems]
    count = len(corpus.paragraphs())
report = teikit.validate(sys.argv[1])
with open("/proc/self/status") as status:
    hwm = [line for line in status if line.startswith("VmHWM:")]
print(json.dumps({"codes": codes, "paragraphs": count, "files": len(report.files),
                  "seconds": time.perf_counter() - start,
                  "rss_mb": int(hwm[0].split()[1]) / 1024 if hwm else 0}))
"""


def test_every_attack_at_once_is_bounded(
    hostile: dict[str, Path], tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    together = tmp_path / "together"
    together.mkdir()
    for folder in hostile.values():
        for file in folder.glob("*.xml"):
            shutil.copy(file, together / file.name)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(together)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(done.stdout)
    assert outcome["files"] == len(hostile)
    assert outcome["codes"].count("TK404") == sum(1 for c, _ in CORPUS_EXPECTED.values() if c)
    assert outcome["paragraphs"] == 2 * (len(hostile) - 2)  # all but the two bombs
    assert outcome["seconds"] < 20, outcome  # validate compiles teikit's schema too
    assert outcome["rss_mb"] < 250, outcome
    assert server[1] == []
