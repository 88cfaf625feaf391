"""``teikit export TEI_PATHS... --to FORMAT -o OUTDIR``: the corpus for DH tools."""

from __future__ import annotations

import argparse
import sys
from typing import Any, get_args

import teikit


def add_parser(subparsers: Any) -> None:
    formats = get_args(teikit.ExportResult.model_fields["format"].annotation)
    parser = subparsers.add_parser(
        "export",
        help="export TEI documents as a reading edition, tables, text, networks, teiCorpus",
        description="Export TEI documents (files, folders of *.xml, globs) for the tools of the "
        "digital humanities: html (a static reading edition), csv and jsonl (persons, mentions, "
        "dates, paragraphs, notes), txt (plain text for Voyant and AntConc), gexf and graphml "
        "(the person co-occurrence network), corpus (one teiCorpus file).",
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
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr"
    )
    parser.set_defaults(run=run)


def _draw(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on stderr (only called when stderr is a terminal)."""
    if total == 0:  # a stage of unknown length: its name only
        sys.stderr.write(f"\r\x1b[K{stage}…")
    elif done == total:
        sys.stderr.write("\r\x1b[K")
    else:
        filled = 30 * done // total
        sys.stderr.write(f"\r\x1b[K{stage} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    bar = _draw if sys.stderr.isatty() and not args.quiet else None
    result = teikit.export(args.inputs, to=args.to, out=args.output, force=args.force, progress=bar)
    if not args.quiet:
        print(f"teikit export: {result.summary()} -> {result.out}/", file=sys.stderr)
    print(result.out)
    return 0
