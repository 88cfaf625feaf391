"""Benchmark teikit.Corpus on a 6,000-page corpus generated and converted by teikit.

    python bench/bench_corpus.py                    # 6,000 pages, 5 runs, in a temp folder
    python bench/bench_corpus.py --pages 600 --runs 3 --workdir /tmp/tk-bench --per-page

The pages come from ``teikit.testing`` (made-up pages in the report's layout) when it is
there, else the converted seeds are copied until the corpus has as many pages. They are
converted once, by ``teikit convert`` in a child process (so its memory is not counted here),
and kept in ``--workdir`` for the next run. Then, for each run: parse every file once with
lxml (for scale), open cold (no index: every file parsed, kept in memory), build the index,
open warm, open warm in a new process (a fresh interpreter importing teikit.corpus: the import
and the open are shown apart), and ask each question, whole and its first page. Prints medians
of wall and CPU time (``time.process_time``: figures that survive a busy machine) and the
targets of issue 15; peak memory is this process's maximum resident set size
(``resource.getrusage``). The summary line reads the index rather than a second in-memory
open.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree
from machine_info import child_env  # bench/machine_info.py, beside this script

import teikit

HERE = Path(__file__).resolve().parent


def _top(c: teikit.Corpus) -> str:
    top = c.persons(limit=1)
    return top[0].id if top else "nobody"


#: name -> (target in seconds, the question). Issue 15's targets: a whole answer <= 0.1 s, its
#: first page (``limit=50``) <= 0.01 s. A whole answer is an ``Answer`` that builds its results
#: when read; "read whole" rows also build every result (``list(...)``).
QUERIES: dict[str, tuple[float | None, Callable[[teikit.Corpus], Any]]] = {
    "persons()": (0.1, lambda c: c.persons()),
    "paragraphs(person=top)": (0.1, lambda c: c.paragraphs(person=_top(c))),
    "paragraphs(person=top), read whole": (None, lambda c: list(c.paragraphs(person=_top(c)))),
    "paragraphs(person, month)": (
        0.1,
        lambda c: c.paragraphs(person=_top(c), date_from="2007-11", date_to="2007-11"),
    ),
    "paragraphs(contains)": (0.1, lambda c: c.paragraphs(contains="reconstruction work")),
    "paragraphs(section)": (0.1, lambda c: c.paragraphs(section="9.6")),
    "timeline()": (0.1, lambda c: c.timeline()),
    "timeline(), read whole": (None, lambda c: list(c.timeline())),
    "timeline(year)": (0.1, lambda c: c.timeline(date_from="2007", date_to="2007")),
    "notes()": (0.1, lambda c: c.notes()),
    "notes(contains='minute')": (0.1, lambda c: c.notes(contains="minute")),
    "notes(contains='minute'), read whole": (None, lambda c: list(c.notes(contains="minute"))),
    "search('hold our nerve')": (0.1, lambda c: c.search("hold our nerve")),
    "search(regex)": (0.1, lambda c: c.search(r"\bBinns\b", regex=True)),
    "search(regex), read whole": (None, lambda c: list(c.search(r"\bBinns\b", regex=True))),
    "person(top)": (0.1, lambda c: c.person(_top(c))),
    "cooccurrence()": (0.1, lambda c: c.cooccurrence()),
    # First pages: what a reading interface or a notebook asks for.
    "paragraphs(person=top), first 50": (
        0.01,
        lambda c: list(c.paragraphs(person=_top(c), limit=50)),
    ),
    "timeline(), first 50": (0.01, lambda c: list(c.timeline(limit=50))),
    "notes(), first 50": (0.01, lambda c: list(c.notes(limit=50))),
    "search(regex), first 50": (
        0.01,
        lambda c: list(c.search(r"\bBinns\b", regex=True, limit=50)),
    ),
    "person(top), first 50 mentions": (0.01, lambda c: c.person(_top(c), limit=50)),
    "timeline(year), 100 from 5,000": (
        0.01,
        lambda c: list(c.timeline(date_from="2007", date_to="2007", limit=100, offset=5000)),
    ),
}

#: A warm open as a new command sees it: a fresh interpreter imports teikit.corpus and opens
#: the corpus; the child prints the CPU and wall seconds of the import and of the open.
WARM_CHILD = """
import sys, time
c0, w0 = time.process_time(), time.perf_counter()
import teikit.corpus
c1, w1 = time.process_time(), time.perf_counter()
teikit.corpus.Corpus.open(sys.argv[1]).close()
c2, w2 = time.process_time(), time.perf_counter()
print(c1 - c0, w1 - w0, c2 - c1, w2 - w1)
"""


def warm_in_new_process(tei: Path) -> tuple[float, float, float, float]:
    """(import CPU, import wall, open CPU, open wall) of a warm open in a fresh process."""
    # Run outside the checkout: ``python -c`` puts the working folder first on sys.path, so a
    # run with PYTHONPATH at another teikit (a "before" figure) would import this one instead.
    # The first child writes the bytecode caches an installed package has (child_env), the
    # second is timed.
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", WARM_CHILD, str(tei)],
            capture_output=True,
            text=True,
            check=True,
            cwd=tempfile.gettempdir(),
            env=child_env(),
        )
    cpu_import, wall_import, cpu_open, wall_open = map(float, done.stdout.split())
    return cpu_import, wall_import, cpu_open, wall_open


def _pages(folder: Path, n: int) -> None:
    try:
        from teikit import testing
    except ImportError:
        seeds = sorted((HERE.parent / "seeds").glob("*.txt"))
        for i in range(n):
            shutil.copy(seeds[i % len(seeds)], folder / f"page{i:05d}.txt")
        return
    testing.write_corpus(folder, n)


def prepare(workdir: Path, n: int, *, per_page: bool) -> Path:
    """The converted corpus in ``workdir`` (made once, reused)."""
    tei = workdir / f"tei-{n}{'-pages' if per_page else ''}"
    if tei.is_dir() and any(tei.glob("*.xml")):
        return tei
    pages = workdir / f"pages-{n}"
    if not pages.is_dir():
        pages.mkdir(parents=True)
        _pages(pages, n)
    command = [sys.executable, "-m", "teikit", "convert", str(pages), "-o", str(tei), "-q"]
    if per_page:
        command.append("--per-page")
    subprocess.run(command, check=False)
    return tei


#: CPU seconds (this process: time.process_time) of each measure of the last run_once
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(fn: Callable[[], Any], name: str = "") -> float:
    """Wall seconds of ``fn()``; its CPU seconds (this process's and those of the worker
    processes it waited for) are kept in :data:`CPU` under ``name``."""
    started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    fn()
    if name:
        spent = time.process_time() - cpu + _children_cpu() - children
        CPU.setdefault(name, []).append(spent)
    return time.perf_counter() - started


def _open_close(tei: Path, *, index: bool, jobs: int) -> None:
    teikit.Corpus.open(tei, index=index, jobs=jobs).close()


def run_once(tei: Path, more_jobs: list[int]) -> dict[str, float]:
    figures: dict[str, float] = {}
    files = sorted(tei.glob("*.xml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

    def parse_all() -> None:
        for f in files:  # parsed once each, as the corpus does; not all held at once
            etree.parse(f, parser)

    figures["lxml parse of every file"] = _time(parse_all, "lxml parse of every file")

    def cold() -> None:
        teikit.Corpus.open(tei, index=False).close()

    figures["cold open (no index)"] = _time(cold, "cold open (no index)")
    # ``jobs`` beyond 1: the cold open and the index build again, reading files in that many
    # processes (their CPU time is counted with this process's: the total work).
    for jobs in more_jobs:
        name = f"cold open (no index), jobs={jobs}"
        figures[name] = _time(partial(_open_close, tei, index=False, jobs=jobs), name)
        (tei / ".teikit-index.sqlite").unlink(missing_ok=True)
        name = f"index build (first open), jobs={jobs}"
        figures[name] = _time(partial(_open_close, tei, index=True, jobs=jobs), name)
    (tei / ".teikit-index.sqlite").unlink(missing_ok=True)
    figures["index build (first open)"] = _time(
        lambda: teikit.Corpus.open(tei).close(), "index build (first open)"
    )
    figures["warm open"] = _time(lambda: teikit.Corpus.open(tei).close(), "warm open")
    cpu_import, wall_import, cpu_open, wall_open = warm_in_new_process(tei)
    figures["warm open, new process: open"] = wall_open
    CPU.setdefault("warm open, new process: open", []).append(cpu_open)
    figures["warm open, new process: import"] = wall_import
    CPU.setdefault("warm open, new process: import", []).append(cpu_import)
    with teikit.Corpus.open(tei) as corpus:
        for name, (_, query) in QUERIES.items():
            figures[name] = _time(lambda q=query: q(corpus), name)  # type: ignore[misc]
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--per-page", action="store_true", help="one TEI file per page")
    parser.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="processes for the cold open (1 2)"
    )
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="teikit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    tei = prepare(workdir, args.pages, per_page=args.per_page)
    files = sorted(tei.glob("*.xml"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"corpus: {args.pages} pages in {len(files)} TEI files, {size / 1e6:.1f} MB, at {tei} "
        f"(prepared in {time.perf_counter() - started:.0f} s)"
    )
    # The summary reads the index (built here if missing), not a second in-memory corpus,
    # so that the peak memory below is that of the measures, not of this line.
    with teikit.Corpus.open(tei) as corpus:
        print(
            f"        {len(corpus.paragraphs())} paragraphs, {len(corpus.notes())} notes, "
            f"{len(corpus.persons())} persons, {len(corpus.dates())} dates, "
            f"{len(corpus.problems)} problems"
        )
    more_jobs = sorted(set(args.jobs) - {1})
    runs = [run_once(tei, more_jobs) for _ in range(args.runs)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    medians = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    targets: dict[str, float] = {
        "warm open": 0.1,
        "warm open, new process: open": 0.1,
        "index build (first open)": 3.0,
        "cold open (no index)": 3.0,
    }
    targets.update({f"cold open (no index), jobs={j}": 3.0 for j in more_jobs})
    targets.update({name: target for name, (target, _) in QUERIES.items() if target is not None})
    print(f"\nmedians of {args.runs} runs            seconds  CPU s   target")
    for name, value in medians.items():
        target = targets.get(name)
        verdict = "" if target is None else ("ok" if value <= target else "MISSED")
        shown = "" if target is None else f"<= {target:.3f}"
        cpu = statistics.median(CPU.get(name, [0.0]))
        print(f"  {name:34} {value:8.3f} {cpu:7.3f}   {shown:9} {verdict}")
    print(
        f"  {'peak memory (MB)':34} {peak_mb:8.0f}   <= 300     "
        f"{'ok' if peak_mb <= 300 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
