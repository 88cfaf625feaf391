"""``teikit export TEI_PATHS... --to FORMAT -o OUTDIR``: the corpus for DH tools."""

from __future__ import annotations

import argparse
import sys
from typing import Any, get_args

import teikit
from teikit.cli import COMMANDS
from teikit.cli._shared import progress_bar, shared_options


def add_parser(subparsers: Any) -> None:
    formats = get_args(teikit.ExportResult.model_fields["format"].annotation)
    parser = subparsers.add_parser(
        "export",
        help=COMMANDS["export"],
        description="Export TEI documents (files, folders of *.xml, globs) for the tools of the "
        "digital humanities: html (a static reading edition), csv and jsonl (persons, mentions, "
        "dates, paragraphs, notes), txt (plain text for Voyant and AntConc), gexf and graphml "
        "(the person co-occurrence network), corpus (one teiCorpus file).",
        parents=[shared_options(jobs=False)],
    )
    parser.add_argument("inputs", nargs="+", metavar="TEI_PATH", help="TEI files or folders")
    parser.add_argument(
        "--to",
        required=True,
        choices=formats,
        metavar="FORMAT",
        help=f"one of {', '.join(formats)}",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUTDIR",
        help="folder to write (created; must be empty unless --force)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace OUTDIR if it exists and is not empty"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    bar = progress_bar(args)
    result = teikit.export(
        args.inputs,
        to=args.to,
        out=args.output,
        force=args.force,
        progress=bar.stage if bar else None,
    )
    if bar is not None:
        bar.close()
    if not args.quiet:
        print(f"teikit export: {result.summary()} -> {result.out}/", file=sys.stderr)
    print(result.out)
    return 0
