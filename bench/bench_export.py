"""Export benchmarks: ``teikit export --to html`` and ``--to csv`` against the conversion they
follow: wall and CPU time (medians), the ratio to the conversion's time, and peak memory.

Run on purpose, never in the test suite (see bench/README.md)::

    python bench/bench_export.py                    # 6,000 pages, html and csv, 3 runs each
    python bench/bench_export.py --pages 1000 --runs 1 --to html

The pages come from :func:`teikit.testing.write_corpus` (cached in ``--corpus-dir``, the same
pages ``bench_convert.py`` uses), converted once with ``teikit convert`` (defaults: entities,
one document per section) into ``--corpus-dir`` and reused. Every measurement is a fresh
``python -m teikit`` process, as a user runs it; its wall time is ``time.perf_counter`` around
it, its CPU time (user + system) and peak resident memory come from
``resource.getrusage(RUSAGE_CHILDREN)`` in a small process that runs only that one. The
conversion is timed the same way, ``--runs`` times, for the ratios (of wall time, and of CPU
time, which a machine shared with other work distorts less). Only the standard library
and teikit are used.
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
from pathlib import Path

from machine_info import machine  # bench/machine_info.py, beside this script


def pages_folder(folder: Path, pages: int, seed: int) -> Path:
    """The generated pages (made once, then reused; shared with bench_convert.py)."""
    from teikit.testing import write_corpus

    target = folder / f"pages-{pages}-seed-{seed}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        write_corpus(target, pages, seed=seed)
        (target / ".complete").touch()
    return target


def run(command: list[str]) -> dict[str, float]:
    """One fresh process, started by a fresh ``--child`` of this script, so that
    ``RUSAGE_CHILDREN`` (whose ``ru_maxrss`` is the largest child's ever) holds it alone."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", *command], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(command: list[str]) -> None:
    """Run ``command`` and print its wall seconds, CPU seconds and peak RSS (MB) as JSON."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024}))  # KiB


def convert_command(pages: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "teikit", "convert", str(pages), "-o", str(out), "-q"]


def export_command(tei: Path, fmt: str, out: Path) -> list[str]:
    return [sys.executable, "-m", "teikit", "export", str(tei), "--to", fmt, "-o", str(out)]


def measure(command: list[str], out: Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        results.append(run(command))
        shutil.rmtree(out, ignore_errors=True)
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "cpu": statistics.median(r["cpu"] for r in results),
        "rss_mb": max(r["rss_mb"] for r in results),
        "runs": len(results),
    }


def tei_folder(folder: Path, pages: Path) -> Path:
    """The converted corpus (made once, then reused)."""
    target = folder / f"tei-export-{pages.name.removeprefix('pages-')}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(convert_command(pages, target), check=True, stdout=subprocess.DEVNULL)
        (target / ".complete").touch()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--to", nargs="+", default=["html", "csv"], help="formats to time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "teikit-bench"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    print(f"machine: {machine()}")
    print(f"runs per measurement: {args.runs} (median times; peak memory is the largest run's)")
    pages = pages_folder(args.corpus_dir, args.pages, args.seed)
    tei = tei_folder(args.corpus_dir, pages)
    documents = len(list(tei.glob("*.xml")))
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="teikit-bench-export-") as work:
        out = Path(work) / "out"
        rows["convert"] = measure(convert_command(pages, out), out, args.runs)
        for fmt in args.to:
            rows[fmt] = measure(export_command(tei, fmt, out), out, args.runs)
    base = rows["convert"]
    print(f"{args.pages} pages -> {documents} TEI documents ({tei})")
    for name, row in rows.items():
        ratio = ""
        if name != "convert":
            wall, cpu = row["wall"] / base["wall"], row["cpu"] / base["cpu"]
            ratio = f"  x{wall:.2f} (CPU x{cpu:.2f}) of convert"
        label = "convert" if name == "convert" else f"export --to {name}"
        print(
            f"{label:<18} wall {row['wall']:7.2f} s  cpu {row['cpu']:7.2f} s  "
            f"peak RSS {row['rss_mb']:6.0f} MB{ratio}",
            flush=True,
        )
    if args.json:
        payload = {"machine": machine(), "pages": args.pages, "documents": documents, **rows}
        args.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
