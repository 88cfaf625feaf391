"""The entity stage alone, next to the structural conversion: pages/s, CPU and wall, and the ratio.

Run on purpose, never in the test suite (see bench/README.md)::

    .venv/bin/python bench/bench_entities.py                 # seeds/ and 2,000 generated pages
    .venv/bin/python bench/bench_entities.py --pages 6000 --runs 7
    .venv/bin/python bench/bench_entities.py --profile       # cProfile of the entity stage

Two measurements over the same pages, grouped into documents as ``teikit convert`` groups
them (one per section):

- **structure**: what ``convert_text(..., options=ConvertOptions(entities=False))`` does for
  each document, from the page text to serialised bytes: read (normalise, split), layout,
  footnote markers, the TEI tree and its serialisation;
- **entities**: the run's first pass over names (:mod:`teikit.entities.run`, every page's
  text), then :func:`teikit.entities.find_entities` on layouts computed beforehand (outside
  the clock), with the run's ``PersonAuthority``, one ``People`` (a new record over it) and
  one ``DateContext`` per document, and a problems list, as in ``_convert_document``.

Each is timed with ``time.process_time`` (CPU of this process: what counts on a shared
machine) and ``time.perf_counter`` (wall); the figures are medians over ``--runs`` runs. The
real pages are few, so each run converts them ``--repeat`` times over. The ratio
entities/structure is of CPU time: below 1 the entity stage costs less than the structure.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from machine_info import machine  # bench/machine_info.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teikit.convert import (  # noqa: E402
    Converter,
    _assign_sections,
    _documents,
    _entry,
    convert_pages,
)
from teikit.entities import DateContext, find_entities  # noqa: E402
from teikit.entities.run import learn_names, names_in_text  # noqa: E402
from teikit.errors import Problem  # noqa: E402
from teikit.footnotes import find_markers  # noqa: E402
from teikit.layout import parse_layout  # noqa: E402
from teikit.model import PageLayout  # noqa: E402
from teikit.options import ConvertOptions  # noqa: E402
from teikit.read import Page, read_text  # noqa: E402
from teikit.testing import generate_pages  # noqa: E402

SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Corpus:
    """Raw page texts (with the source name each would have on disk) and their documents."""

    name: str
    texts: list[tuple[str, str]]
    documents: list[list[tuple[Page, PageLayout]]]

    @property
    def pages(self) -> int:
        return len(self.texts)


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float


def _read(texts: Sequence[tuple[str, str]]) -> list[Page]:
    return [page for source, text in texts for page in read_text(text, source=source)]


def load(name: str, texts: list[tuple[str, str]]) -> Corpus:
    """Read the pages and lay them out once, grouped into documents as ``convert`` does."""
    entries = [_entry(page, ConvertOptions().profile) for page in _read(texts)]
    _assign_sections(entries)
    documents: list[list[tuple[Page, PageLayout]]] = []
    for _, group in _documents(entries, ConvertOptions()):
        laid_out = []
        for entry in group:
            layout = parse_layout(entry.page, problems=[])
            find_markers(entry.page, layout, problems=[])
            laid_out.append((entry.page, layout))
        documents.append(laid_out)
    return Corpus(name, texts, documents)


def seed_corpus() -> Corpus:
    files = sorted(SEEDS.glob("*.txt"))
    return load(
        f"real pages (seeds/, {len(files)} files)", [(p.name, p.read_text("utf-8")) for p in files]
    )


def generated_corpus(pages: int, seed: int) -> Corpus:
    texts = [
        (f"page{i:05d}.txt", text)
        for i, text in enumerate(generate_pages(pages, seed=seed), start=1)
    ]
    return load(f"generated pages (teikit.testing, seed {seed})", texts)


def structure(corpus: Corpus) -> int:
    """Read, lay out, find markers, build and serialise every document; bytes written."""
    options = ConvertOptions(entities=False)
    return sum(len(doc.to_bytes()) for doc in convert_pages(_read(corpus.texts), options=options))


#: the built-in person authority, loaded once (as one run's Converter loads it)
AUTHORITY = Converter(ConvertOptions())


def entities(corpus: Corpus) -> int:
    """The entity stage of every document, on the layouts made beforehand, after the run's
    first pass over names (as ``plan_documents`` makes it); spans found."""
    authority = AUTHORITY.person_authority
    names = learn_names(
        names_in_text(page.text, authority) for document in corpus.documents for page, _ in document
    )
    found = 0
    for document in corpus.documents:
        people = authority.new_people()
        people.run_names = names.surnames
        context = DateContext()
        for page, layout in document:
            problems: list[Problem] = []
            found += len(
                find_entities(
                    page,
                    layout,
                    people=people,
                    context=context,
                    problems=problems,
                    authority=authority,
                )
            )
    return found


def timed(work: Callable[[Corpus], int], corpus: Corpus, repeat: int) -> Timing:
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        work(corpus)
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


def report(corpus: Corpus, runs: int, repeat: int) -> dict[str, float]:
    _ = AUTHORITY.person_authority  # the authority file is read once per process, as in a run
    structure(corpus)  # warm up: compiled patterns, caches, imports
    entities(corpus)
    rows: dict[str, list[Timing]] = {"structure": [], "entities": []}
    for _ in range(runs):
        # Interleaved, so that a burst of load on a shared machine hits both alike.
        rows["structure"].append(timed(structure, corpus, repeat))
        rows["entities"].append(timed(entities, corpus, repeat))
    pages = corpus.pages * repeat
    out: dict[str, float] = {}
    print(
        f"\n{corpus.name}: {corpus.pages} pages x {repeat}, {len(corpus.documents)} documents; "
        f"median of {runs} runs"
    )
    for what, timings in rows.items():
        cpu = statistics.median(t.cpu for t in timings)
        wall = statistics.median(t.wall for t in timings)
        out[f"{what}_cpu"], out[f"{what}_wall"] = cpu, wall
        print(
            f"  {what:<10} {pages / cpu:8.0f} pages/s CPU  {pages / wall:8.0f} pages/s wall"
            f"   ({1000 * cpu / pages:.2f} ms CPU per page)"
        )
    ratio = out["entities_cpu"] / out["structure_cpu"]
    wall_ratio = out["entities_wall"] / out["structure_wall"]
    print(f"  entities / structure: {ratio:.2f} (CPU)  {wall_ratio:.2f} (wall)")
    out["ratio"] = ratio
    return out


def profile(corpus: Corpus, limit: int) -> None:
    entities(corpus)
    profiler = cProfile.Profile()
    profiler.enable()
    entities(corpus)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(limit)
    print(stream.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="generated pages")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument(
        "--repeat", type=int, default=20, help="passes over the real pages in one run"
    )
    parser.add_argument("--no-seeds", action="store_true", help="generated pages only")
    parser.add_argument("--profile", action="store_true", help="cProfile the entity stage")
    parser.add_argument("--limit", type=int, default=35, help="rows of the profile")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    corpora: list[tuple[Corpus, int]] = []
    if not args.no_seeds:
        corpora.append((seed_corpus(), args.repeat))
    if args.pages:
        corpora.append((generated_corpus(args.pages, args.seed), 1))
    for corpus, repeat in corpora:
        if args.profile:
            print(f"\n{corpus.name}: cProfile of the entity stage")
            profile(corpus, args.limit)
        else:
            report(corpus, args.runs, repeat)


if __name__ == "__main__":
    main()
