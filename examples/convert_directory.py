"""Convert a directory of pages into one TEI document per section, and validate them.

python examples/convert_directory.py [PAGES_DIR] [OUTDIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import teikit

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    pages = Path(argv[0]) if argv else HERE.parent / "seeds"
    out = Path(argv[1]) if len(argv) > 1 else Path("build")
    written = [conversion.write(out) for conversion in teikit.convert(pages)]
    report = teikit.validate(written)
    for path in written:
        print(path)
    print(f"{len(written)} documents; all valid: {report.ok}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
