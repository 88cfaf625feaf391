"""``teikit convert INPUT... -o OUTDIR``: pages to TEI documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import teikit


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert plain-text pages into TEI documents",
        description="Convert plain-text pages (files, directories of *.txt, or globs) into "
        "TEI P5 documents: one per section by default, or one per page.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, globs")
    parser.add_argument(
        "-o",
        "--output",
        default="build",
        metavar="OUTDIR",
        help="folder for the TEI documents (default: build)",
    )
    parser.add_argument("--per-page", action="store_true", help="one document per page")
    parser.add_argument(
        "--line-breaks",
        choices=("join", "keep"),
        default="join",
        help="join a paragraph's lines (default) or keep them as <lb/>",
    )
    parser.add_argument(
        "--no-entities", action="store_true", help="skip persons, dates, organisations and places"
    )
    parser.add_argument("--encoding", default="utf-8", help="encoding of the input files")
    parser.add_argument("--report", metavar="FILE", help="write the conversion report (JSON)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = teikit.ConvertOptions(
        line_breaks=args.line_breaks,
        entities=not args.no_entities,
        per_page=args.per_page,
        encoding=args.encoding,
    )
    output = Path(args.output)
    conversions = []
    for conversion in teikit.convert(args.inputs, options=options):
        conversion.write(output)
        conversions.append(conversion)
        print(output / conversion.name)
    report = teikit.make_report(conversions)
    if args.report:
        teikit.write_atomic(args.report, report.model_dump_json(indent=2).encode() + b"\n")
    if not args.quiet:
        print(f"teikit convert: {report.summary()} -> {output}/", file=sys.stderr)
    return 0
