"""Convert the seed pages, then ask the corpus three questions a historian would ask.

    python examples/query_corpus.py [PAGES_DIR]

1. Every paragraph mentioning Maj Gen Binns in November 2007.
2. The ten most-mentioned persons.
3. The footnotes citing a minute, with the paragraph that cites each.

The answers are printed; ``tests/test_corpus_example.py`` runs this script and checks them
against answers verified by hand on the pages.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import teikit

HERE = Path(__file__).resolve().parent


def answers(pages: Path) -> dict[str, list[str]]:
    """The three answers, one line each, as printed."""
    with tempfile.TemporaryDirectory() as folder:
        for conversion in teikit.convert(pages):
            conversion.write(folder)
        with teikit.Corpus.open(folder) as corpus:
            for problem in corpus.problems:
                print(problem, file=sys.stderr)
            binns = [
                f"{p.file} p. {p.page} ¶{p.paragraph}: {p.text[:70]}…"
                for p in corpus.paragraphs(
                    person="pers-binns", date_from="2007-11", date_to="2007-11"
                )
            ]
            top = [
                f"{p.id} ({p.mention_count}): {', '.join(p.names[:2])}"
                for p in corpus.persons()[:10]
            ]
            minutes = [
                f"note {n.n} (p. {n.page}, cited in ¶{n.paragraph}): {n.text}"
                for n in corpus.notes(contains="minute")
            ]
    return {
        "Paragraphs mentioning Binns in November 2007": binns,
        "The ten most-mentioned persons": top,
        "Footnotes citing a minute": minutes,
    }


def main(argv: list[str]) -> int:
    pages = Path(argv[0]) if argv else HERE.parent / "seeds"
    for question, lines in answers(pages).items():
        print(f"{question}:")
        for line in lines or ["(none)"]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
