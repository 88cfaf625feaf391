"""The ``teikit`` command: argparse subcommands, each a thin call into the public API.

Data goes to stdout, problems to stderr. Exit codes: 0 done and clean, 1 problems found (e.g.
invalid documents), 2 bad usage or unreadable input. ``main()`` catches teikit's own exception
once and prints its one line; anything else is a bug and keeps its traceback.

Only the subcommand that runs is imported (``teikit --help`` and ``--version`` import none),
and it imports its stage of the pipeline when it runs: see :func:`build_parser`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Sequence

import teikit

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

#: Each subcommand (a module of this package of the same name) -> its line in ``teikit -h``.
#: The table is explicit: no plugin discovery at import time.
COMMANDS: dict[str, str] = {
    "convert": "convert plain-text pages into TEI documents",
    "validate": "validate TEI files against schemas (teikit, XSD, RELAX NG, Schematron)",
    "query": "ask a folder of TEI files about persons, dates, paragraphs, notes, text",
    "index": "build or refresh the query index of a folder of TEI files",
    "export": "export TEI documents as a reading edition, tables, text, networks, teiCorpus",
    "profile": "list the layout profiles, or print one as a TOML file to edit",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors: one line and exit 2, like every other bad input
        self.exit(EXIT_USAGE, f"teikit: {message} (see {self.prog} -h)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extra = super().parse_known_args(args, namespace)
        # The innermost parser finishes first: its name is the one words it did not know
        # are reported against (``teikit query persons -h``, not ``teikit -h``).
        if not hasattr(parsed, "_parser"):
            parsed._parser = self
        return parsed, extra


def build_parser(full: Iterable[str] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser of the ``teikit`` command.

    Every subcommand is listed; those named in ``full`` get their arguments, which imports
    their module (``teikit.cli.NAME``, which defines ``add_parser(subparsers)`` and
    ``run(args) -> int``). :func:`main` asks for the one subcommand it runs.
    """
    wanted = set(full)
    parser = _Parser(
        prog="teikit",
        description="Convert plain-text report pages into TEI P5, validate TEI, query corpora.",
    )
    parser.add_argument("--version", action="version", version=f"teikit {teikit.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name, help in COMMANDS.items():
        if name in wanted:
            importlib.import_module(f"teikit.cli.{name}").add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=help)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first word that is no option (the command's own
    options, ``-h`` and ``--version``, take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``teikit`` command; returns the exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    command = _command(words)
    parser = build_parser([command] if command in COMMANDS else [])
    args, unknown = parser.parse_known_args(words)
    if unknown:
        args._parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except teikit.TeikitError as exc:
        print(f"teikit: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("teikit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
