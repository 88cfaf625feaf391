"""Parallel, streaming conversion on one machine: documents to worker processes.

Once pages are grouped into documents, documents are independent: each goes to a worker
process, which converts and serialises it and sends back its bytes and report; the parent
yields them in document order, so the output is byte-identical to :func:`teikit.convert`
whatever the number of workers.

Each file is read once, on a worker (up to the kept-text budget below), and memory stays
bounded, not growing with the corpus:

1. *planning* (in the parent, which reads the files on the pool's workers) learns of each page
   where it is (file and index) and what its edges say (running head, printed number), groups
   pages into documents exactly as :func:`teikit.convert` does, and takes the run's first
   pass over names (each worker with its own person authority, built once per process,
   not sent with the tasks); the parent's :class:`~teikit.Converter` keeps the pages the
   workers read, up to :data:`teikit.convert.KEEP_BYTES` bytes of text;
2. *converting*: each task carries its documents' plans and the kept pages, as planning kept
   them (UTF-8 bytes: :meth:`~teikit.Converter.take_kept`; pickling a page there and back
   costs about a seventh of reading and splitting it again: 0.02 against 0.15 ms of CPU); a
   page planning did not keep (beyond that budget) is read again by the worker that converts
   it, whose own :class:`~teikit.Converter` (made by the pool's initializer, one per process)
   keeps the last file it read, so such a file is read again at most once per task, not once
   per document.

At most a few tasks per worker are in flight at a time, and the parent holds bytes and
reports, never trees.

What stays serial with two workers on two cores (bench/README.md, "Parallel conversion"):
listing the input files, the end of planning (the run's names and the grouping need every
file), the last document, and the parent's own CPU (unpickling what planning sends, sending
tasks, unpickling results and writing them), which it takes from the workers' cores.

>>> import tempfile
>>> from teikit.testing import write_corpus
>>> folder = tempfile.mkdtemp()
>>> _ = write_corpus(folder, 4)
>>> [d.name for d in convert_parallel(folder, jobs=1)]
['section-1.1.xml']
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from teikit.convert import Conversion, Converter, DocumentPlan, EdgeMapper, KeptPage, PlanReader
from teikit.errors import ignore_interrupts_in_worker
from teikit.options import ConvertOptions

__all__ = ["chunks", "convert_parallel", "pooled_map"]

#: A worker's task holds whole documents, at least this many pages together (per-page
#: documents are batched so that a task is worth sending to another process).
CHUNK_PAGES = 24
#: Tasks in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT = 3
#: Files in one planning message to a worker, at most.
PLAN_CHUNK = 64


Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` after each document."""


def pooled_map(pool: ProcessPoolExecutor, jobs: int = 2) -> EdgeMapper:
    """How :func:`teikit.convert.plan_documents` reads the files on the ``jobs`` workers of
    ``pool``."""

    def mapped(function: Callable[[str, str], Any], files: list[str], encodings: list[str]) -> Any:
        # Conversion starts when the last file is planned, so the last chunk holds every
        # worker but one up: about 16 chunks a worker keep that wait to a few ms while a
        # chunk still amortises its message (PLAN_CHUNK files at most).
        chunk = max(1, min(PLAN_CHUNK, len(files) // (16 * jobs)))
        return pool.map(partial(_read_in_worker, function), files, encodings, chunksize=chunk)

    return mapped


def _read_in_worker(function: Callable[[str, str], Any], path: str, encoding: str) -> Any:
    """``function(path, encoding)`` on a worker; a planning reader gets the worker's person
    authority (built once per process), as it travels without one."""
    converter = _worker_converter
    if (
        isinstance(function, PlanReader)
        and function.entities
        and converter is not None
        and converter.options.persons == function.persons
    ):
        function = function.lend(converter.person_authority)
    return function(path, encoding)


def convert_parallel(
    inputs: str | Path | Iterable[str | Path],
    *,
    options: ConvertOptions | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Conversion]:
    """Convert ``inputs`` like :func:`teikit.convert`, on ``jobs`` processes (default: all
    cores; ``1`` converts in this process), yielding the documents in order.

    Each is a :class:`teikit.Conversion`, as :func:`teikit.convert` yields; one converted in
    a worker holds its bytes rather than its tree (see :class:`~teikit.Conversion`), and
    :meth:`~teikit.Conversion.to_bytes` gives the same bytes whatever ``jobs`` is.
    """
    options = options or ConvertOptions()
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    converter = Converter(options)
    if jobs == 1:
        plans = converter.plan(inputs)
        serial = (converter.convert_planned(plan) for plan in plans)
        yield from _report_progress(serial, plans, progress)
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(options,)
    ) as pool:
        plans = converter.plan(inputs, map_files=pooled_map(pool, jobs))
        yield from _report_progress(_pooled(pool, converter, plans, jobs), plans, progress)


def _report_progress(
    documents: Iterator[Conversion],
    plans: Sequence[DocumentPlan],
    progress: Progress | None,
) -> Iterator[Conversion]:
    total = sum(len(plan.pages) for plan in plans)
    done = 0
    if progress is not None:
        progress(done, total)
    for document in documents:
        done += len(document.report.pages)
        if progress is not None:
            progress(done, total)
        yield document


def chunks(plans: Sequence[DocumentPlan], size: int = CHUNK_PAGES) -> list[list[DocumentPlan]]:
    """Consecutive documents batched into tasks of at least ``size`` pages (a section is
    usually a task of its own)."""
    batches: list[list[DocumentPlan]] = []
    current: list[DocumentPlan] = []
    pages = 0
    for plan in plans:
        current.append(plan)
        pages += len(plan.pages)
        if pages >= size:
            batches.append(current)
            current, pages = [], 0
    if current:
        batches.append(current)
    return batches


def _pooled(
    pool: ProcessPoolExecutor, converter: Converter, plans: Sequence[DocumentPlan], jobs: int
) -> Iterator[Conversion]:
    pending: deque[Future[list[Conversion]]] = deque()

    def submit(batch: list[DocumentPlan]) -> None:
        # the pages go with their plans, taken from the parent's converter only now, so
        # that the parent lets go of them as the run goes on; as planning kept them (UTF-8),
        # so that the parent neither decodes them nor pickle encodes them again
        task = [(plan, converter.take_kept(plan)) for plan in batch]
        pending.append(pool.submit(_convert_in_worker, task))

    queue = iter(chunks(plans))
    for batch in queue:
        submit(batch)
        if len(pending) >= jobs * IN_FLIGHT:
            break
    while pending:
        documents = pending.popleft().result()
        for batch in queue:  # keep the window full: one in, one out
            submit(batch)
            break
        yield from documents


# This worker process's converter, made by the pool's initializer: it lives as long as the
# process, which converts for one run (one pool) only.
_worker_converter: Converter | None = None


def _start_worker(options: ConvertOptions) -> None:
    """The pool's initializer: the worker's own :class:`Converter` (its person authority
    built once per process, on first use, for planning and converting alike), and Ctrl-C
    left to the parent."""
    global _worker_converter
    ignore_interrupts_in_worker()
    _worker_converter = Converter(options, keep_bytes=0)


def _convert_in_worker(
    task: Sequence[tuple[DocumentPlan, tuple[KeptPage | None, ...]]],
) -> list[Conversion]:
    """Convert planned documents in a worker: each holds its bytes, to travel back."""
    converter = _worker_converter
    if converter is None:  # pragma: no cover - the pool's initializer always ran
        raise RuntimeError("a conversion worker started without its converter")
    return [converter.convert_planned(plan, pages).serialized() for plan, pages in task]
