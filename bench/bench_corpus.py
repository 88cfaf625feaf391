"""Benchmark teikit.Corpus on a 6,000-page corpus generated and converted by teikit.

    python bench/bench_corpus.py                    # 6,000 pages, 5 runs, in a temp folder
    python bench/bench_corpus.py --pages 600 --runs 3 --workdir /tmp/tk-bench --per-page

The pages come from ``teikit.testing`` (made-up pages in the report's layout) when it is
there, else the converted seeds are copied until the corpus has as many pages. They are
converted once, by ``teikit convert`` in a child process (so its memory is not counted here),
and kept in ``--workdir`` for the next run. Then, for each run: parse every file once with
lxml (the baseline), open cold (no index: every file parsed, kept in memory), build the index,
open warm, and ask each question. Prints medians of wall and CPU time (``time.process_time``:
figures that survive a busy machine) and the targets of issue 5; peak memory is this process's
maximum resident set size (``resource.getrusage``). The baseline parses each file and lets it
go, as the corpus does; the summary line reads the index rather than a second in-memory open.
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
from pathlib import Path
from typing import Any

from lxml import etree

import teikit

HERE = Path(__file__).resolve().parent
#: name -> (target in seconds, the question)
QUERIES: dict[str, tuple[float, Callable[[teikit.Corpus], Any]]] = {
    "persons()": (0.05, lambda c: c.persons()),
    "person(top)": (0.05, lambda c: c.person(c.persons()[0].id) if c.persons() else None),
    "paragraphs(person, month)": (
        0.05,
        lambda c: c.paragraphs(
            person=c.persons()[0].id if c.persons() else "nobody",
            date_from="2007-11",
            date_to="2007-11",
        ),
    ),
    "paragraphs(contains)": (0.05, lambda c: c.paragraphs(contains="reconstruction work")),
    "paragraphs(section)": (0.05, lambda c: c.paragraphs(section="9.6")),
    "notes(contains='minute')": (0.05, lambda c: c.notes(contains="minute")),
    "timeline(year)": (0.05, lambda c: c.timeline(date_from="2007", date_to="2007")),
    "cooccurrence()": (0.05, lambda c: c.cooccurrence()),
    "search('hold our nerve')": (0.10, lambda c: c.search("hold our nerve")),
    "search(regex)": (0.10, lambda c: c.search(r"\bBinns\b", regex=True)),
    # The same questions whose whole answers run to thousands of results, a page at a time:
    # what a reading interface or a notebook asks for.
    "person(top), 50 mentions": (
        0.05,
        lambda c: c.person(c.persons(limit=1)[0].id, limit=50) if c.persons(limit=1) else None,
    ),
    "notes(contains='minute'), 50": (0.05, lambda c: c.notes(contains="minute", limit=50)),
    "timeline(year), 100": (
        0.05,
        lambda c: c.timeline(date_from="2007", date_to="2007", limit=100),
    ),
    "timeline(year), 100 from 5,000": (
        0.05,
        lambda c: c.timeline(date_from="2007", date_to="2007", limit=100, offset=5000),
    ),
    "search(regex), 50": (0.10, lambda c: c.search(r"\bBinns\b", regex=True, limit=50)),
}


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


def _time(fn: Callable[[], Any], name: str = "") -> float:
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    if name:
        CPU.setdefault(name, []).append(time.process_time() - cpu)
    return time.perf_counter() - started


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
    # processes (their CPU time is in the workers, so only wall time is shown for them).
    for jobs in more_jobs:
        name = f"cold open (no index), jobs={jobs}"
        figures[name] = _time(lambda j=jobs: teikit.Corpus.open(tei, index=False, jobs=j).close())
        (tei / ".teikit-index.sqlite").unlink(missing_ok=True)
        name = f"index build (first open), jobs={jobs}"
        figures[name] = _time(lambda j=jobs: teikit.Corpus.open(tei, jobs=j).close())
    (tei / ".teikit-index.sqlite").unlink(missing_ok=True)
    figures["index build (first open)"] = _time(
        lambda: teikit.Corpus.open(tei).close(), "index build (first open)"
    )
    figures["warm open"] = _time(lambda: teikit.Corpus.open(tei).close(), "warm open")
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
    baseline = medians["lxml parse of every file"]
    targets: dict[str, float] = {"warm open": 0.5, "cold open (no index)": baseline}
    targets.update({f"cold open (no index), jobs={j}": baseline for j in more_jobs})
    targets.update({name: target for name, (target, _) in QUERIES.items()})
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
