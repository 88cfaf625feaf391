"""What the subcommands share: the options ``--jobs``, ``--quiet`` and ``--progress``, declared
once with one default each, and the one progress bar that ``--progress`` draws."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TextIO

#: ``--jobs`` when not given, for every subcommand that takes it: all cores.
DEFAULT_JOBS = os.cpu_count() or 1


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def shared_options(*, jobs: bool = True, progress: bool = True) -> argparse.ArgumentParser:
    """The parent parser of a subcommand: ``--jobs`` (when it can use processes), ``--quiet``,
    and ``--progress`` (when it can tell how far it got). Each is declared here only."""
    parent = argparse.ArgumentParser(add_help=False)
    if jobs:
        parent.add_argument(
            "-j",
            "--jobs",
            type=positive,
            default=DEFAULT_JOBS,
            metavar="N",
            help=f"processes to use (default: all cores, here {DEFAULT_JOBS}); "
            "the results are the same for any N",
        )
    shown = parent.add_mutually_exclusive_group()
    if progress:
        shown.add_argument(
            "--progress",
            action="store_true",
            default=None,
            help="show a progress bar on stderr (default: when stderr is a terminal)",
        )
    shown.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary line"
    )
    return parent


class ProgressBar:
    """``label [#########.........] 2,400/6,000 pages  812/s`` on one line of a terminal."""

    WIDTH = 30

    def __init__(self, stream: TextIO, unit: str = "") -> None:
        self.stream = stream
        self.unit = unit
        self.started = time.perf_counter()
        self.shown = 0.0
        self.drawn = False

    def update(self, done: int, total: int, label: str = "") -> None:
        """Redraw for ``done`` of ``total`` (``total`` 0: a stage of unknown length)."""
        now = time.perf_counter()
        if 0 < done < total and now - self.shown < 0.1:
            return  # redraw at most ten times a second
        self.shown = now
        head = f"{label} " if label else ""
        if total == 0:
            line = f"{head.rstrip()}…"
        else:
            filled = self.WIDTH * done // total
            rate = done / (now - self.started) if now > self.started else 0.0
            unit = f" {self.unit}" if self.unit else ""
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"{head}[{bar}] {done:,}/{total:,}{unit}  {rate:,.0f}/s"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()
        self.drawn = True

    def stage(self, label: str, done: int, total: int) -> None:
        """:meth:`update` in the argument order of a staged ``progress(stage, done, total)``."""
        self.update(done, total, label)

    def close(self) -> None:
        """End the bar's line, so what is printed next starts on a line of its own."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def progress_bar(args: argparse.Namespace, unit: str = "") -> ProgressBar | None:
    """The bar that ``--progress`` and ``--quiet`` ask for: with ``--progress``, or when stderr
    is a terminal; never when quiet, nor for a subcommand without ``--progress``."""
    if "progress" not in args or args.quiet:
        return None
    if args.progress or sys.stderr.isatty():
        return ProgressBar(sys.stderr, unit)
    return None
