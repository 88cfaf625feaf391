"""Start-up benchmark: what ``teikit`` costs before it does any work.

Each command runs in a fresh process, ``--runs`` times, round-robin with the baseline
``python -c "import lxml.etree"`` (the least any teikit command must load), so that each run
of a command is paired with a baseline run made moments before it on a shared machine. The
table gives medians of wall time and CPU time (user + system of the child), and the medians of
the paired differences and ratios to the baseline. Only the standard library is used::

    python bench/bench_startup.py                 # 20 runs of each
    python bench/bench_startup.py --runs 50 --json startup.json

Target (issue 15): ``teikit --version`` at most 0.15 s over the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine_info import child_env, machine  # bench/machine_info.py, beside this script

PYTHON = sys.executable
BASELINE = "python -c 'import lxml.etree'"
#: label -> command line; the console script ``teikit`` is ``python -m teikit`` plus the
#: script's own two lines, so the module is timed (the same in every environment).
COMMANDS: dict[str, list[str]] = {
    BASELINE: [PYTHON, "-c", "import lxml.etree"],
    "python -c 'import teikit'": [PYTHON, "-c", "import teikit"],
    "teikit --version": [PYTHON, "-m", "teikit", "--version"],
    "teikit --help": [PYTHON, "-m", "teikit", "--help"],
    "teikit validate --help": [PYTHON, "-m", "teikit", "validate", "--help"],
    "teikit convert --help": [PYTHON, "-m", "teikit", "convert", "--help"],
    "python -c 'import teikit; teikit.convert'": [PYTHON, "-c", "import teikit; teikit.convert"],
}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ``command`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=child_env())
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (median)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    # warm the file cache and write the bytecode caches once; not timed
    for command in COMMANDS.values():
        timed(command)
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in COMMANDS}
    for _ in range(args.runs):
        for label, command in COMMANDS.items():
            runs[label].append(timed(command))
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"runs: {args.runs} of each, round-robin\n")
    print(
        "| command | wall s | CPU s | wall - baseline | CPU - baseline | wall / baseline "
        "| CPU / baseline |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = runs[BASELINE]
    rows = []
    for label, measured in runs.items():
        pairs = list(zip(measured, base, strict=True))
        row = {
            "command": label,
            "wall_s": statistics.median(w for w, _ in measured),
            "cpu_s": statistics.median(c for _, c in measured),
            "wall_minus_baseline_s": statistics.median(m[0] - b[0] for m, b in pairs),
            "cpu_minus_baseline_s": statistics.median(m[1] - b[1] for m, b in pairs),
            "wall_ratio": statistics.median(m[0] / b[0] for m, b in pairs),
            "cpu_ratio": statistics.median(m[1] / b[1] if b[1] else 1.0 for m, b in pairs),
        }
        rows.append(row)
        print(
            f"| {label} | {row['wall_s']:.3f} | {row['cpu_s']:.3f} "
            f"| {row['wall_minus_baseline_s']:+.3f} | {row['cpu_minus_baseline_s']:+.3f} "
            f"| {row['wall_ratio']:.2f} | {row['cpu_ratio']:.2f} |"
        )
    print(
        "\nmedians over runs; differences and ratios are medians of run-by-run pairs with the "
        "baseline run just before"
    )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": rows}, indent=2))


if __name__ == "__main__":
    main()
