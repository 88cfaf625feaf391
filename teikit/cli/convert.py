"""``teikit convert INPUT... -o OUTDIR``: pages to TEI documents.

Documents are converted on ``--jobs`` processes (default: all cores) or on a Dask cluster
(``--scheduler``), and written in order: the output is the same byte for byte whichever way it
was made. Only bytes and reports are kept while converting, so memory does not grow with the
corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import teikit
from teikit.cli import COMMANDS
from teikit.cli._shared import ProgressBar, progress_bar, shared_options


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "convert",
        help=COMMANDS["convert"],
        description="Convert plain-text pages (files, directories of *.txt, or globs) into "
        "TEI P5 documents: one per section by default, or one per page.",
        parents=[shared_options()],
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
    parser.add_argument(
        "--profile",
        default="web",
        metavar="NAME|FILE",
        help="the page layout: a built-in profile (web, the default; pdftotext) or a TOML "
        "file (see teikit profile show web)",
    )
    parser.add_argument(
        "--persons",
        metavar="FILE",
        help="a person authority (TEI listPerson, or CSV: id,names,titles,wikidata) that fixes "
        "ids and full names; the run's personography is written to OUTDIR/persons.xml",
    )
    parser.add_argument("--report", metavar="FILE", help="write the conversion report (JSON)")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="convert on a Dask cluster: a scheduler address (tcp://host:8786) "
        "or 'local' for a local cluster of --jobs workers; needs teikit[dask]",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = teikit.ConvertOptions(
        line_breaks=args.line_breaks,
        entities=not args.no_entities,
        per_page=args.per_page,
        encoding=args.encoding,
        persons=args.persons,
        profile=teikit.load_profile(args.profile),
    )
    output = Path(args.output)
    bar = progress_bar(args, "pages")
    reports = []
    for document in _documents(args, options, bar):
        document.write(output)
        reports.append(document.report)
        print(output / document.name)
    if bar is not None:
        bar.close()
    report = teikit.ConversionReport(teikit_version=teikit.__version__, documents=reports)
    if options.entities:
        persons = output / "persons.xml"
        teikit.write_atomic(persons, teikit.personography(report.persons(), options=options))
        print(persons)
    if args.report:
        teikit.write_atomic(args.report, report.model_dump_json(indent=2).encode() + b"\n")
    if not args.quiet:
        print(f"teikit convert: {report.summary()} -> {output}/", file=sys.stderr)
    return 0


def _documents(
    args: argparse.Namespace, options: teikit.ConvertOptions, bar: ProgressBar | None
) -> Iterator[teikit.Conversion]:
    # Both engines yield teikit.Conversion, as teikit.convert does: one contract, any engine.
    if args.scheduler:
        address = None if args.scheduler == "local" else args.scheduler
        return teikit.convert_distributed(
            args.inputs, options=options, scheduler=address, workers=args.jobs
        )
    return teikit.convert_parallel(
        args.inputs, options=options, jobs=args.jobs, progress=bar.update if bar else None
    )
