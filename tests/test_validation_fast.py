"""The fast paths of validation say exactly what the slow ones say.

teikit's TK5xx checks first test a document on attribute values alone and walk it element by
element only when it might break a rule; the hardened parser is made once per thread and
reused; workers send back nothing for a valid file. Each case below holds a fast path to the
behaviour it replaces.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import teikit
from teikit.safexml import parse_bytes, parse_file
from teikit.validation import checks

CLEAN = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <standOff><listPerson>
    <person xml:id="pers-a"><persName>A</persName></person>
    <person xml:id="pers-b"><persName>B</persName></person>
  </listPerson></standOff>
  <text><body>
    <p xml:id="p1">Met <persName ref="#pers-a">A</persName> on
      <date when="2003-03-20">20 March</date>, from <date from="2003" to="2004">2003</date>
      <date notBefore="2003" notAfter="2009">later</date>.<note n="1" target="#p1">One.</note>
      <note n="2"><hi>Two</hi></note><note n="3" type="missing"/>
      <ref target="#pers-b #p1">see</ref></p>
  </body></text>
</TEI>"""

#: name -> (text to replace in CLEAN, replacement, whether the rule is teikit's own)
FAULTS: dict[str, tuple[str, str, bool]] = {
    "TK501 dangling ref": ('ref="#pers-a"', 'ref="#pers-z"', False),
    "TK501 dangling second token": ('"#pers-b #p1"', '"#pers-b #p9"', False),
    "TK502 repeated xml:id": ('xml:id="pers-b"', 'xml:id="pers-a"', False),
    "TK503 repeated note number": ('n="2"', 'n="1"', True),
    "TK504 persName on a paragraph": ('ref="#pers-a"', 'ref="#p1"', True),
    "TK504 persName target on a paragraph": ('ref="#pers-a"', 'target="#p1"', True),
    "TK505 person id without pers-": ('"pers-b">', '"b">', True),
    "TK506 empty note": ("One.", "", True),
    "TK506 blank note": ("One.", " \n\t ", True),
    "TK506 no-break-space note": ("One.", "\u00a0\u2003", True),
    "TK506 note of empty children": ("<hi>Two</hi>", "<hi> </hi><hi/>", True),
    "TK507 date without attributes": (' when="2003-03-20"', "", True),
    "TK507 date with when and from": ('when="2003-03-20"', 'when="2003" from="2003"', True),
    "TK507 date with from only": ('from="2003" to="2004"', 'from="2003"', True),
    "TK507 date with notBefore and to": ('notAfter="2009"', 'to="2009"', True),
    "TK507 date with namespaced when": (
        'when="2003-03-20"',
        'xmlns:x="urn:x" x:when="2003-03-20"',
        True,
    ),
}


def walked(tree: object, monkeypatch: pytest.MonkeyPatch, teikit_rules: bool) -> list[str]:
    """The problems of the full element walk, with the clean path turned off."""
    with monkeypatch.context() as patch:
        patch.setattr(checks, "_clean", lambda tree, rules: False)
        return [str(p) for p in checks.check(tree, file="x.xml", teikit_rules=teikit_rules)]  # type: ignore[arg-type]


@pytest.mark.parametrize("teikit_rules", [True, False])
def test_clean_document_takes_the_clean_path(
    monkeypatch: pytest.MonkeyPatch, teikit_rules: bool
) -> None:
    tree = parse_bytes(CLEAN.encode())
    assert walked(tree, monkeypatch, teikit_rules) == []
    assert checks._clean(tree, teikit_rules)
    assert checks.check(tree, teikit_rules=teikit_rules) == []


@pytest.mark.parametrize("teikit_rules", [True, False])
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_clean_path_never_hides_a_problem(
    monkeypatch: pytest.MonkeyPatch, fault: str, teikit_rules: bool
) -> None:
    old, new, own = FAULTS[fault]
    assert old in CLEAN
    tree = parse_bytes(CLEAN.replace(old, new, 1).encode())
    slow = walked(tree, monkeypatch, teikit_rules)
    fast = [str(p) for p in checks.check(tree, file="x.xml", teikit_rules=teikit_rules)]
    assert fast == slow
    if teikit_rules or not own:
        assert any(fault[:5] in line for line in slow), slow
        assert not checks._clean(tree, teikit_rules)


def test_reused_parser_keeps_no_state_between_documents(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<TEI>\n  <p>one</q>\n</TEI>")
    twice = tmp_path / "twice.xml"
    twice.write_bytes(b'<TEI><p xml:id="a"/><p xml:id="a"/></TEI>')
    good = tmp_path / "good.xml"
    good.write_bytes(b"<TEI><p/></TEI>")
    for _ in range(2):
        with pytest.raises(teikit.InputError) as caught:
            parse_file(bad)
        assert (caught.value.problem.line, caught.value.problem.file) == (2, str(bad))
        # The syntax error above must not make the duplicate id look like a real error.
        assert len(parse_file(twice).getroot()) == 2
        url = parse_file(good).docinfo.URL
        assert url == str(good)


def test_entity_reference_without_doctype_is_not_well_formed() -> None:
    # Why the entity walk is skipped for a document without a DOCTYPE: libxml2 refuses it.
    with pytest.raises(teikit.InputError) as caught:
        parse_bytes(b"<TEI><p>&foo;</p></TEI>")
    assert caught.value.problem.code == "TK401"


def test_parsers_are_per_thread(tmp_path: Path) -> None:
    files = []
    for index in range(20):
        path = tmp_path / f"f{index}.xml"
        body = "<TEI><p>x</q></TEI>" if index % 2 else f"<TEI><p n='{index}'/></TEI>"
        path.write_text(body)
        files.append(path)
    outcomes: list[str] = []

    def run() -> None:
        for path in files * 5:
            try:
                parse_file(path)
                outcomes.append("ok")
            except teikit.InputError as exc:
                outcomes.append(exc.problem.code)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == outcomes.count("TK401") == 4 * 5 * 10


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<TEI>" + b" " * 2000 + b"</TEI>")
    with pytest.raises(teikit.UnsafeXMLError):
        parse_file(path, max_bytes=1000)
    assert parse_file(path, max_bytes=None).getroot().tag == "TEI"


def test_parallel_run_sends_valid_and_invalid_files_back_in_order(tmp_path: Path) -> None:
    files = []
    for index in range(40):
        path = tmp_path / f"d{index:02d}.xml"
        text = CLEAN if index % 7 else CLEAN.replace('ref="#pers-a"', 'ref="#nobody"')
        path.write_text(text)
        files.append(path)
    (tmp_path / "d99.xml").write_text("<TEI>")
    files.append(tmp_path / "d99.xml")
    kwargs = {"schemas": [], "checks": True}
    one = teikit.validate(files, jobs=1, **kwargs)  # type: ignore[arg-type]
    two = teikit.validate(files, jobs=2, **kwargs)  # type: ignore[arg-type]
    assert one == two
    assert [r.status for r in two.files].count("invalid") == 7
