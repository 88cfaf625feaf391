"""Conversion benchmarks: throughput (pages/s), peak memory, scaling with corpus size.

Run on purpose, never in the test suite (see bench/README.md)::

    python bench/bench_convert.py                      # 6,000 pages, every configuration
    python bench/bench_convert.py --scaling            # 1,000 / 6,000 / 24,000 pages
    python bench/bench_convert.py --pages 2000 --runs 5 --jobs 1 --no-entities
    python bench/bench_convert.py --pages 1000 --profile --entities   # where the time goes

Every measurement runs in a fresh process (``--child``), which times the conversion itself
(reading, converting, serialising and writing every document, as ``teikit convert`` does)
with ``time.perf_counter``, after importing the conversion's modules (``--with-import``: with
them), and reports its CPU time and peak resident memory with ``resource.getrusage`` (its own
and its worker processes'; with ``--jobs 2`` on two cores the parent's CPU is what the workers
share their cores with). The corpus comes from :mod:`teikit.testing` and is cached
in ``--corpus-dir``. Only the standard library and teikit are used.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine_info import machine  # bench/machine_info.py, beside this script


@dataclass(frozen=True)
class Setting:
    pages: int
    jobs: int
    entities: bool
    per_page: bool

    def label(self) -> str:
        what = "structure+entities" if self.entities else "structure only"
        unit = "per-page" if self.per_page else "per-section"
        return f"{self.pages:>6} pages  {what:<18}  {unit:<11}  jobs {self.jobs}"


def corpus(folder: Path, pages: int, seed: int) -> Path:
    """The generated corpus of ``pages`` pages (made once, then reused)."""
    from teikit.testing import write_corpus

    target = folder / f"pages-{pages}-seed-{seed}"
    done = target / ".complete"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        write_corpus(target, pages, seed=seed)
        done.touch()
    return target


def child(args: argparse.Namespace) -> None:
    """One measurement, in this fresh process: print a JSON line."""
    import teikit

    # `import teikit` loads a stage when it is first used: the conversion's modules are
    # loaded here, before the clock, which times the conversion (start-up has its own
    # benchmark, bench_startup.py); --with-import starts the clock before them
    started = time.perf_counter()
    before = _cpu(resource.RUSAGE_SELF)
    convert_parallel = teikit.convert_parallel  # loads the conversion's modules
    if not args.with_import:
        started = time.perf_counter()
        before = _cpu(resource.RUSAGE_SELF)
    options = teikit.ConvertOptions(entities=args.entities, per_page=args.per_page)
    output = Path(args.output)
    documents = pages = 0
    for document in convert_parallel(args.corpus, options=options, jobs=args.jobs[0]):
        document.write(output)
        documents += 1
        pages += len(document.report.pages)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "pages": pages,
                "documents": documents,
                "rss_mb": own / 1024,  # ru_maxrss is in KiB on Linux
                "worker_rss_mb": workers / 1024,
                # CPU (user + system) of this process over the clock, and of its workers:
                # on a shared machine the parent's CPU is the serial part of jobs > 1
                "cpu_s": _cpu(resource.RUSAGE_SELF) - before,
                "worker_cpu_s": _cpu(resource.RUSAGE_CHILDREN),
            }
        )
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def profile(source: Path, *, entities: bool, per_page: bool, top: int) -> None:
    """Convert ``source`` once in this process (``jobs=1``) under cProfile, timed by CPU time
    (what counts on a shared machine), and print the top functions by cumulative and by own
    time. A first, unprofiled run warms the caches (the person authority, the patterns)."""
    import cProfile
    import pstats

    import teikit

    options = teikit.ConvertOptions(entities=entities, per_page=per_page)
    for _ in teikit.convert_parallel(source, options=options, jobs=1):
        pass
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in teikit.convert_parallel(source, options=options, jobs=1):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def measure(
    setting: Setting, folder: Path, runs: int, seed: int, *, with_import: bool = False
) -> dict[str, float]:
    source = corpus(folder, setting.pages, seed)
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="teikit-bench-out-") as output:
            command = [
                sys.executable,
                __file__,
                "--child",
                "--corpus",
                str(source),
                "--output",
                output,
                "--jobs",
                str(setting.jobs),
            ]
            command += ["--entities"] if setting.entities else ["--no-entities"]
            command += ["--per-page"] if setting.per_page else []
            command += ["--with-import"] if with_import else []
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seconds = statistics.median(r["seconds"] for r in results)
    return {
        "pages_per_s": setting.pages / seconds,
        "seconds": seconds,
        "rss_mb": max(r["rss_mb"] for r in results),
        "worker_rss_mb": max(r["worker_rss_mb"] for r in results),
        "cpu_s": statistics.median(r["cpu_s"] for r in results),
        "worker_cpu_s": statistics.median(r["worker_cpu_s"] for r in results),
        "runs": len(results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[6000])
    parser.add_argument("--scaling", action="store_true", help="--pages 1000 6000 24000")
    parser.add_argument("--runs", type=int, default=3, help="runs per setting (median)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--entities",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="only with (--entities) or without (--no-entities) the entity stage",
    )
    parser.add_argument(
        "--per-page",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="only per-page (--per-page) or per-section (--no-per-page) documents",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "teikit-bench"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile one in-process run of the first --pages (with entities unless "
        "--no-entities, per-section unless --per-page) instead of timing",
    )
    parser.add_argument("--top", type=int, default=30, help="functions --profile prints")
    parser.add_argument(
        "--with-import",
        action="store_true",
        help="start the clock before the conversion's modules are imported (by default they "
        "are imported first: start-up is bench_startup.py's)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    sizes = [1000, 6000, 24000] if args.scaling else args.pages
    if args.profile:
        source = corpus(args.corpus_dir, sizes[0], args.seed)
        entities = True if args.entities is None else args.entities
        profile(source, entities=entities, per_page=bool(args.per_page), top=args.top)
        return
    entity_modes = [False, True] if args.entities is None else [args.entities]
    page_modes = [False, True] if args.per_page is None else [args.per_page]
    print(f"machine: {machine()}")
    print(f"runs per setting: {args.runs} (median time; peak memory is the largest run's)")
    rows = []
    for pages in sizes:
        for entities in entity_modes:
            for per_page in page_modes:
                rates: dict[int, float] = {}
                for jobs in args.jobs:
                    setting = Setting(pages, jobs, entities, per_page)
                    result = measure(
                        setting, args.corpus_dir, args.runs, args.seed, with_import=args.with_import
                    )
                    rates[jobs] = result["pages_per_s"]
                    ratio = ""
                    if jobs != args.jobs[0] and args.jobs[0] in rates:
                        ratio = f"  x{result['pages_per_s'] / rates[args.jobs[0]]:.2f}"
                    print(
                        f"{setting.label()}  {result['pages_per_s']:8.0f} pages/s  "
                        f"{result['seconds']:7.2f} s  CPU {result['cpu_s']:5.2f} s "
                        f"+ workers {result['worker_cpu_s']:5.2f} s  "
                        f"peak RSS {result['rss_mb']:6.0f} MB "
                        f"(workers {result['worker_rss_mb']:4.0f} MB){ratio}",
                        flush=True,
                    )
                    rows.append({**setting.__dict__, **result})
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": rows}, indent=2))


if __name__ == "__main__":
    main()
