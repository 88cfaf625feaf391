"""``teikit index``: build or refresh the query index of a folder of TEI files.

    teikit index build/            # writes build/.teikit-index.sqlite, reads only changed files
    teikit index build/ --jobs 4   # reads them in 4 processes (default: all cores)

``teikit query`` builds the index itself on first use; run this after a conversion so the
first question is fast. Exit 0 when every file was read, 1 when some could not be (each is
printed on stderr), 2 for bad usage or an index that cannot be written (one line naming it).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import teikit
from teikit.cli import COMMANDS
from teikit.cli._shared import shared_options

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    """Register ``index`` on the ``teikit`` command's subparsers."""
    parser = subparsers.add_parser(
        "index",
        help=COMMANDS["index"],
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        parents=[shared_options(progress=False)],
    )
    parser.add_argument("corpus", metavar="DIR_OR_GLOB", help="folder (or glob) of TEI files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Open (and so index) ``args.corpus``; print one summary line."""
    started = time.perf_counter()
    with teikit.Corpus.open(args.corpus, index=True, jobs=args.jobs) as corpus:
        if corpus.index_path is None:
            # the index could not be written (folder not writable, disk full): the one job of
            # this command failed; the problem names the index file
            unwritten = next(p for p in corpus.problems if p.code == "TK402")
            # its message goes on about working from memory, which this command does not do
            reason = unwritten.message.split(";")[0]
            print(f"teikit: {unwritten.file}: {unwritten.code} {reason}", file=sys.stderr)
            return EXIT_USAGE
        for problem in corpus.problems:
            print(problem, file=sys.stderr)
        if not args.quiet:
            where = corpus.index_path or "memory (not saved)"
            print(
                f"teikit index: {len(corpus.files)} files, {corpus.refreshed} read, "
                f"{len(corpus.problems)} problems; index at {where} "
                f"({time.perf_counter() - started:.2f} s)"
            )
        return EXIT_PROBLEMS if corpus.problems else EXIT_OK
