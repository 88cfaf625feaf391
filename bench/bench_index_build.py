"""Where the corpus index build's time goes: the parent's CPU and the workers' apart.

    python bench/bench_index_build.py FOLDER [--jobs 1 2] [--runs 3]
    PYTHONPATH=/path/to/other/teikit python bench/bench_index_build.py FOLDER   # a "before"
    python bench/bench_index_build.py FOLDER --walk [--runs 5]   # the walk alone

Builds the index of the TEI files in FOLDER (``*.xml``) in memory, as ``Corpus.open(FOLDER,
index=False, jobs=N)`` does, ``--runs`` times for each ``--jobs``, round robin, and prints the
medians of wall time, of this process's CPU time (``time.process_time``: parsing, extracting
and inserting with ``jobs=1``; unpickling the rows and inserting them, the full-text entries,
indexes and aggregates with more) and of the worker processes' CPU time
(``RUSAGE_CHILDREN``). On a machine shared with other work, wall time follows the load;
the CPU figures, and the parent's above all (the build's critical path when the workers
keep up), are what to compare. ``--walk`` times only ``extract`` (the walk of ``tei/walk.py``
and the rows ``corpus/extract.py`` keeps) over trees parsed beforehand, and a bare lxml
traversal of the same trees for scale (CPU seconds, medians). FOLDER: for example the
``tei-6000`` folder that ``bench_corpus.py`` converts into its ``--workdir``.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from teikit.corpus import store


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_once(folder: Path, files: list[Path], jobs: int) -> tuple[float, float, float]:
    """(wall, parent CPU, workers' CPU) of one in-memory build."""
    db = sqlite3.connect(":memory:")
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    store.build_into(db, folder, files, jobs=jobs)
    figures = (
        time.perf_counter() - wall,
        time.process_time() - cpu,
        _children_cpu() - children,
    )
    db.close()
    return figures


def walk_only(files: list[Path], runs: int) -> None:
    """CPU of the walk alone over every file's tree (parsed before), against a bare traversal."""
    from teikit import safexml
    from teikit.corpus.extract import extract

    trees = [safexml.parse_bytes(f.read_bytes(), source=str(f), problems=[]) for f in files]
    walks, bare = [], []
    for _ in range(runs):
        cpu = time.process_time()
        for tree in trees:
            for el in tree.iter():
                el.tag, el.text, el.tail  # noqa: B018 - what any walk reads of each node
        bare.append(time.process_time() - cpu)
        cpu = time.process_time()
        for doc_id, tree in enumerate(trees, start=1):
            extract(tree, doc_id)
        walks.append(time.process_time() - cpu)
    print(
        f"walk (extract) CPU s {statistics.median(walks):.2f}; "
        f"bare lxml traversal {statistics.median(bare):.2f} (medians of {runs})"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--walk", action="store_true", help="time the walk (extract) alone")
    args = parser.parse_args(argv)
    files = sorted(args.folder.resolve().glob("*.xml"))
    print(f"{store.__file__}: {len(files)} files")
    if args.walk:
        walk_only(files, args.runs)
        return 0
    runs: dict[int, list[tuple[float, float, float]]] = {jobs: [] for jobs in args.jobs}
    for _ in range(args.runs):
        for jobs in args.jobs:
            runs[jobs].append(build_once(args.folder.resolve(), files, jobs))
    print("jobs   wall s   parent CPU s   workers CPU s   (medians)")
    for jobs, figures in runs.items():
        wall, parent, workers = (statistics.median(f[i] for f in figures) for i in range(3))
        print(f"{jobs:4} {wall:8.2f} {parent:14.2f} {workers:15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
