"""``teikit validate``: check TEI files against teikit's schema, any XSD/RNG/Schematron, or both.

    teikit validate build/                                 # every *.xml under build/, teikit.xsd
    teikit validate build/ --schema teikit --schema ../tei_all.rng --jobs 4
    teikit validate build/ --schema ../tei_all.rng --engine lxml   # libxml2 even with Jing
    teikit validate corpus/ --xml-model --format github    # the schemas each file names

Exit 0 when every document is valid, 1 when any is invalid (or not well-formed, or refused as
unsafe), 2 for bad usage or unreadable input. In text format problems go to stderr and the
summary line to stdout; json, github and junit are data and go to stdout whole.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import teikit
from teikit.cli import COMMANDS
from teikit.cli._shared import progress_bar, shared_options

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    """Register ``validate`` on the ``teikit`` command's subparsers."""
    parser = subparsers.add_parser(
        "validate",
        help=COMMANDS["validate"],
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        parents=[shared_options()],
    )
    parser.add_argument("paths", nargs="+", metavar="FILES_OR_DIRS", help="files or directories")
    parser.add_argument(
        "--schema",
        action="append",
        dest="schemas",
        metavar="SCHEMA",
        help="'teikit' (default), or a .xsd, .rng, .rnc or .sch file; repeat to combine",
    )
    parser.add_argument(
        "--format",
        choices=teikit.FORMAT_NAMES,
        default="text",
        help="text (default), json, github (workflow annotations) or junit (JUnit XML)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "lxml", "jing"),
        default="auto",
        help="validator for RELAX NG schemas: auto (default: Jing when teikit[jing] and Java "
        "are installed, else libxml2; the summary line says which), lxml (libxml2, built in) "
        "or jing (Jing only; compiles tei_all in under a second instead of over ten)",
    )
    parser.add_argument(
        "--xml-model",
        action="store_true",
        help="also validate against the schemas named in each file's <?xml-model?>",
    )
    parser.add_argument(
        "--pattern", default="*.xml", help="file names to look for in directories (*.xml)"
    )
    parser.add_argument(
        "--checks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="teikit's integrity checks (TK5xx); on by default only with the teikit schema",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=64 * 1024 * 1024,
        metavar="N",
        help="refuse files larger than N bytes (default 64 MiB)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate ``args.paths``; print the report; return the exit code."""
    bar = progress_bar(args, "documents")
    try:
        report = teikit.validate(
            args.paths,
            schemas=args.schemas,
            checks=args.checks,
            pattern=args.pattern,
            jobs=args.jobs,
            xml_model=args.xml_model,
            max_bytes=args.max_bytes,
            engine=args.engine,
            progress=bar.update if bar else None,
        )
    except teikit.SchemaError as exc:
        print(f"teikit validate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if bar is not None:
            bar.close()
    if args.format == "text":
        if report.problems:
            sys.stderr.write(report.render("text", summary=False))
        if not args.quiet:
            print(report.summary())
    else:
        sys.stdout.write(report.render(args.format))
    if report.unreadable:
        return EXIT_USAGE
    return EXIT_OK if report.ok else EXIT_INVALID
