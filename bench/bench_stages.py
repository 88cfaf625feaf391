"""Where conversion time goes, stage by stage, in one process (no profiler overhead).

Run on purpose, never in the test suite (see bench/README.md)::

    python bench/bench_stages.py --pages 1000                 # every stage, with entities
    python bench/bench_stages.py --pages 1000 --no-entities   # structure only
    python bench/bench_stages.py --pages 1000 --stage build --runs 7   # the TEI builder alone

The corpus is the one ``bench_convert.py`` generates (cached in ``--corpus-dir``). The run
plans the documents (:func:`teikit.convert.plan_documents`), then walks each document through
the same chain as :func:`teikit.convert.convert_planned`, timing each stage with
``time.process_time`` (CPU time: what counts on a shared machine). The bytes it makes are
checked against ``convert_planned`` for the first documents, so the chain timed here is the
converter's.

``--stage build`` first reads and annotates every page (read, layout, footnote markers,
entities) once, keeps the results in memory, and then times only the TEI builder
(``BodyBuilder.add`` over each document's pages, then ``finish``) and, separately,
serialisation (header, ``tei_document``, ``to_bytes``), ``--runs`` times, printing the median
and the spread. With ``--against OLD/teikit/tei/build.py`` (another version of the builder,
e.g. from ``git show REV:teikit/tei/build.py``), the two builders run alternately in the same
process over the same pages, their bodies are checked to be the same bytes, and the ratio is
printed: on a machine shared with other work, alternating in one process is what keeps the
comparison fair. Only the standard library and teikit are used.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from bench_convert import corpus  # bench/bench_convert.py, beside this script
from lxml import etree
from machine_info import machine

from teikit import ConvertOptions
from teikit.convert import (
    Converter,
    DocumentPlan,
    _adjacent,
    _PageEntry,
    convert_planned,
    plan_documents,
)
from teikit.entities import (
    DateContext,
    People,
    PersonAuthority,
    find_entities,
    listperson_element,
)
from teikit.footnotes import find_markers
from teikit.layout import parse_layout
from teikit.model import Span
from teikit.tei.build import BodyBuilder, Element, PageInput
from teikit.tei.header import DocumentInfo, stand_off, tei_document, tei_header
from teikit.tei.ids import IdMaker
from teikit.tei.serialize import to_bytes

STAGES = ("plan", "read", "layout", "footnotes", "entities", "build", "serialize")


@dataclass
class Clock:
    """CPU seconds per stage."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        started = time.process_time()
        yield
        self.seconds[stage] += time.process_time() - started


@dataclass
class Annotated:
    """One document's pages after read, layout, footnotes and entities: the builder's input."""

    plan: DocumentPlan
    entries: list[_PageEntry]
    inputs: list[PageInput]
    people: People | None


def annotate(
    plan: DocumentPlan, options: ConvertOptions, clock: Clock, authority: PersonAuthority
) -> Annotated:
    """The stages before the builder, as ``teikit.convert._convert_document`` runs them,
    with the run's person ``authority`` (a converter builds it once per run)."""
    # a converter that keeps nothing from planning: each document's file is read here, timed
    converter = Converter(options, keep_bytes=0)
    entries = []
    for ref in plan.pages:
        with clock.time("read"):
            page = converter._read_page(ref.source, ref.index)
        entries.append(_PageEntry(page, ref.head, ref.number, ref.key))
    people = authority.new_people() if options.entities else None
    if people is not None:
        people.run_names = plan.names.surnames
    context = DateContext()
    inputs: list[PageInput] = []
    previous: _PageEntry | None = None
    for entry in entries:
        page = entry.page
        with clock.time("layout"):
            layout = parse_layout(page, problems=[])
        with clock.time("footnotes"):
            find_markers(page, layout, problems=[])
        spans: list[Span] = []
        if people is not None:
            with clock.time("entities"):
                spans = find_entities(
                    page, layout, people=people, context=context, problems=[], authority=authority
                )
        joins = previous is not None and _adjacent(previous, entry)
        inputs.append(PageInput(page, layout, spans, joins_previous=joins))
        previous = entry
    return Annotated(plan, entries, inputs, people)


def build(document: Annotated, options: ConvertOptions) -> Element:
    builder = BodyBuilder(options, IdMaker())
    for item in document.inputs:
        builder.add(item)
    return builder.finish()


def serialize(document: Annotated, body: Element, options: ConvertOptions) -> bytes:
    """Header, standOff and the bytes, as ``_convert_document`` and ``Conversion.to_bytes``."""
    from teikit._version import __version__

    info = DocumentInfo(
        section=None, section_title=None, first_page=None, last_page=None, sources=(), page_count=0
    )
    persons = document.people.seen() if document.people is not None else []
    standoff = stand_off(listperson_element(persons) if persons else None)
    root = tei_document(tei_header(info, options, version=__version__), body, standoff)
    return to_bytes(root)


def whole(plans: list[DocumentPlan], options: ConvertOptions) -> dict[str, float]:
    """Every stage of one conversion, timed; the build's bytes checked for the first plans."""
    clock = Clock()
    authority = PersonAuthority.load(options.persons)  # once per run, as a converter does
    for number, plan in enumerate(plans):
        document = annotate(plan, options, clock, authority)
        with clock.time("build"):
            body = build(document, options)
        with clock.time("serialize"):
            serialize(document, body, options)
        if number < 3:  # the chain timed here makes the converter's body
            conversion = convert_planned(plan, options)
            conversion.to_bytes()  # indents its tree as serialize() indented ours
            expected = conversion.root.find("{*}text/{*}body")
            assert expected is not None, plan.name
            assert etree.tostring(body) == etree.tostring(expected), plan.name
    return clock.seconds


def load_builder(path: Path) -> ModuleType:
    """Another version of ``teikit/tei/build.py``, imported under its own name."""
    spec = importlib.util.spec_from_file_location("teikit_build_against", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it is made
    spec.loader.exec_module(module)
    return module


def compare(
    documents: list[Annotated], options: ConvertOptions, runs: int, against: ModuleType
) -> dict[str, list[float]]:
    """CPU seconds of this builder and of ``against``, run alternately; same bytes checked."""
    builders: dict[str, Any] = {"this": BodyBuilder, "against": against.BodyBuilder}

    def body(name: str, document: Annotated) -> Element:
        builder = builders[name](options, IdMaker())
        for item in document.inputs:
            builder.add(item)
        result: Element = builder.finish()
        return result

    for document in documents:
        assert etree.tostring(body("this", document)) == etree.tostring(
            body("against", document)
        ), document.plan.name
    seconds: dict[str, list[float]] = {"this": [], "against": []}
    for _ in range(runs):
        for name in ("against", "this"):
            started = time.process_time()
            for document in documents:
                body(name, document)
            seconds[name].append(time.process_time() - started)
    return seconds


def builder_only(
    documents: list[Annotated], options: ConvertOptions, runs: int
) -> Iterator[tuple[float, float]]:
    """(build seconds, serialise seconds) per run, over pages annotated once."""
    for _ in range(runs):
        build_s = serialize_s = 0.0
        for document in documents:
            started = time.process_time()
            body = build(document, options)
            middle = time.process_time()
            serialize(document, body, options)
            build_s += middle - started
            serialize_s += time.process_time() - middle
        yield build_s, serialize_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="runs (median)")
    parser.add_argument("--entities", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--line-breaks", choices=["join", "keep"], default="join")
    parser.add_argument("--stage", choices=["all", "build"], default="all")
    parser.add_argument(
        "--against",
        type=Path,
        help="with --stage build: another build.py to time alternately with this one",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-dir", type=Path, default=Path("/tmp/teikit-bench"))
    args = parser.parse_args()

    options = ConvertOptions(
        entities=args.entities, per_page=args.per_page, line_breaks=args.line_breaks
    )
    source = corpus(args.corpus_dir, args.pages, args.seed)
    print(f"machine: {machine()}")
    what = "with entities" if args.entities else "structure only"
    unit = "per-page" if args.per_page else "per-section"
    print(f"{args.pages} pages, {what}, {unit}, lines {args.line_breaks}; CPU seconds")
    warm = plan_documents(source, options=options)
    for plan in warm[:3]:  # caches: the authority, the patterns, the lazy imports
        convert_planned(plan, options)

    if args.stage == "build":
        plans = plan_documents(source, options=options)
        authority = PersonAuthority.load(options.persons)
        documents = [annotate(plan, options, Clock(), authority) for plan in plans]
        if args.against is not None:
            timed = compare(documents, options, args.runs, load_builder(args.against))
            for name in ("against", "this"):
                values = timed[name]
                print(
                    f"build ({name:<7}) median {statistics.median(values):6.3f} s  "
                    f"min {min(values):6.3f}  max {max(values):6.3f}  runs {len(values)}"
                )
            ratio = statistics.median(timed["this"]) / statistics.median(timed["against"])
            best = min(timed["this"]) / min(timed["against"])
            print(f"this / against: median {ratio:.2f}, min {best:.2f} (same bytes)")
            return
        results = list(builder_only(documents, options, args.runs))
        for name, values in (
            ("build", [r[0] for r in results]),
            ("serialize", [r[1] for r in results]),
        ):
            median = statistics.median(values)
            print(
                f"{name:<10} median {median:6.3f} s  ({args.pages / median:7.0f} pages/s)  "
                f"min {min(values):6.3f}  max {max(values):6.3f}  runs {len(values)}"
            )
        return

    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        clock = Clock()
        with clock.time("plan"):
            plans = plan_documents(source, options=options)
        for stage, seconds in whole(plans, options).items():
            clock.seconds[stage] += seconds
        runs.append(clock.seconds)
    medians = {stage: statistics.median(run[stage] for run in runs) for stage in STAGES}
    total = sum(medians.values())
    for stage in STAGES:
        share = medians[stage] / total if total else 0.0
        per_page = medians[stage] / args.pages * 1e3
        print(f"{stage:<10} {medians[stage]:6.3f} s  {share:6.1%}  {per_page:6.3f} ms/page")
    print(
        f"{'total':<10} {total:6.3f} s          {total / args.pages * 1e3:6.3f} ms/page  "
        f"({args.pages / total:.0f} pages/s; median of {len(runs)} runs per stage)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
