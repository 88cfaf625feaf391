"""Convert the seed page and print what was encoded.

python examples/convert_seed.py [PAGE.txt]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import teikit

TEI = {"tei": "http://www.tei-c.org/ns/1.0"}
HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent / "seeds" / "000_f6c87f8d16c5e508.txt"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT
    (document,) = teikit.convert(source)
    root = document.root
    print(f"{document.name}: {document.report.title}")
    elements = Counter(el.tag.split("}")[1] for el in root.iter("{*}*"))
    for name in ("div", "head", "p", "quote", "list", "item", "note", "persName", "date"):
        print(f"  {name:9} {elements.get(name, 0)}")
    numbers = root.xpath("//tei:p[@n]/@n", namespaces=TEI)
    print("  paragraphs:", ", ".join(numbers))
    for note in root.xpath("//tei:note", namespaces=TEI):
        text = " ".join("".join(note.itertext()).split())
        print(f"  note {note.get('n')}: {text[:70]}")
    for problem in document.problems:
        print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
