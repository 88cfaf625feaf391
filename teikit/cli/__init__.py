"""The ``teikit`` command: argparse subcommands, each a thin call into the public API.

Data goes to stdout, problems to stderr. Exit codes: 0 done and clean, 1 problems found (e.g.
invalid documents), 2 bad usage or unreadable input. ``main()`` catches teikit's own exception
once and prints its one line; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

import teikit

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _subcommands() -> list[ModuleType]:
    # Each module defines add_parser(subparsers) and run(args) -> int. The table is explicit:
    # no plugin discovery at import time.
    from teikit.cli import convert

    modules: list[ModuleType] = [convert]
    for name in ("validate", "query", "index", "export", "eval"):
        try:
            modules.append(__import__(f"teikit.cli.{name}", fromlist=["run"]))
        except ModuleNotFoundError as exc:
            if exc.name != f"teikit.cli.{name}":
                raise
    return modules


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors: one line and exit 2, like every other bad input
        self.exit(EXIT_USAGE, f"teikit: {message} (see teikit {self.prog.split()[-1]} -h)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``teikit`` command."""
    parser = _Parser(
        prog="teikit",
        description="Convert plain-text report pages into TEI P5, validate TEI, query corpora.",
    )
    parser.add_argument("--version", action="version", version=f"teikit {teikit.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module in _subcommands():
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``teikit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
