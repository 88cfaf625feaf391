"""Cross-check teikit.Corpus against a real XML database: BaseX answers the same questions.

Runs where ``basex`` is on PATH (Debian: ``apt-get install -y basex``); skipped elsewhere.
Both corpora are checked: the hand-written fixtures and the converted seed pages.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import teikit

pytestmark = [
    pytest.mark.basex,
    pytest.mark.skipif(shutil.which("basex") is None, reason="basex is not on PATH"),
]

DATA = Path(__file__).parent / "data" / "corpus"
SEEDS = Path(__file__).parents[1] / "seeds"

_PROLOG = "declare namespace tei = 'http://www.tei-c.org/ns/1.0';\n"
#: persons per paragraph: a paragraph is a p or ab not inside another one or a note; its
#: persons are the persName pointers in its own text (its notes left out)
PERSONS_PER_PARAGRAPH = (
    _PROLOG
    + """
for $d in collection('{folder}')
for $p at $i in $d//tei:text//(tei:p | tei:ab)[not(ancestor::tei:p or ancestor::tei:ab
                                                   or ancestor::tei:note)]
let $persons := sort(distinct-values(
  $p//tei:persName[not(ancestor::tei:note)]/(@ref, @key)[1]/tokenize(., '\\s+')
    ! replace(., '^.*#', '')))
return string-join((replace(document-uri($d), '^.*/', ''), string($i), string($p/@n),
                    string-join($persons, ' ')), '&#9;')
"""
)
#: dates within November 2007, as text, ISO value and file
DATES_IN_NOVEMBER_2007 = (
    _PROLOG
    + """
for $d in collection('{folder}')
for $t in $d//tei:text//tei:date[starts-with(@when, '2007-11')
    or (starts-with(@from, '2007-11') and starts-with(@to, '2007-11'))
    or (starts-with(@notBefore, '2007-11') and starts-with(@notAfter, '2007-11'))]
return string-join((replace(document-uri($d), '^.*/', ''), string($t/@when),
                    string($t/@from), string($t/@to), normalize-space($t)), '&#9;')
"""
)


def _basex(query: str, folder: Path) -> list[str]:
    result = subprocess.run(
        ["basex", query.replace("{folder}", folder.as_posix())],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return sorted(line for line in result.stdout.splitlines() if line.strip())


@pytest.fixture(params=["fixtures", "seeds"], scope="module")
def folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(request.param)
    if request.param == "fixtures":
        for path in DATA.glob("*.xml"):
            shutil.copyfile(path, out / path.name)
    else:
        for conversion in teikit.convert(SEEDS):
            conversion.write(out)
    return out


def test_persons_per_paragraph_match_basex(folder: Path) -> None:
    with teikit.Corpus.open(folder, index=False) as corpus:
        position: dict[str, int] = {}
        ours = []
        for paragraph in corpus.paragraphs():
            position[paragraph.file] = position.get(paragraph.file, 0) + 1
            ours.append(
                "\t".join(
                    (
                        paragraph.file,
                        str(position[paragraph.file]),
                        paragraph.paragraph or "",
                        " ".join(sorted(paragraph.persons)),
                    )
                )
            )
    theirs = _basex(PERSONS_PER_PARAGRAPH, folder)
    assert any(line.split("\t")[3] for line in theirs)  # the check has persons to compare
    assert sorted(ours) == theirs


def test_dates_in_a_range_match_basex(folder: Path) -> None:
    with teikit.Corpus.open(folder, index=False) as corpus:
        ours = sorted(
            "\t".join((d.file, d.when or "", d.from_date or "", d.to_date or "", d.text))
            for d in corpus.dates(date_from="2007-11", date_to="2007-11")
        )
    theirs = _basex(DATES_IN_NOVEMBER_2007, folder)
    assert theirs
    assert ours == theirs
