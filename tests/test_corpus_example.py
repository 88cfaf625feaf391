"""examples/query_corpus.py answers its three questions over the converted seeds correctly.

Expectations verified by hand on seeds/: paragraph 565 (page 287) is the only paragraph naming
Binns with a date in November 2007 ("On 1 November he wrote"); "Blair" occurs 24 times in the
pages, "Saddam" 13 outside the running heads (``post-Saddam`` included: a name used as a
modifier names the person, ANNOTATION.md), "Straw" 10 (grep), more than anyone else;
footnote 264 ("Minute Binns to CJO") is the only footnote text on the pages that cites a
minute.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_example_answers_three_questions() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "query_corpus.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    # the page's NO-BREAK SPACEs are kept in the answers; compare them as spaces
    lines = result.stdout.replace("\u00a0", " ").splitlines()
    binns = lines.index("Paragraphs mentioning Binns in November 2007:")
    top = lines.index("The ten most-mentioned persons:")
    minutes = lines.index("Footnotes citing a minute:")
    assert len(lines[binns + 1 : top]) == 1
    assert lines[binns + 1].startswith("  section-9.6.xml p. 287 ¶565: Mr Browne’s visit")
    persons = lines[top + 1 : minutes]
    assert len(persons) == 10
    assert [p.split(":")[0].strip() for p in persons[:3]] == [
        "pers-blair (24)",
        "pers-saddam (13)",
        "pers-straw (10)",
    ]
    assert lines[minutes + 1 :] == [
        "  note 264 (p. 287, cited in ¶565): Minute Binns to CJO, 1 November 2007, "
        "‘GOC HQ MND(SE) – Southern Iraq Update – 1 November 2007’."
    ]
    assert result.stderr == ""
