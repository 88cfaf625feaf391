"""Parallel, streaming conversion on one machine: documents to worker processes.

Once pages are grouped into documents, documents are independent: each goes to a worker
process, which converts and serialises it and sends back its bytes and report; the parent
yields them in document order, so the output is byte-identical to :func:`teikit.convert`
whatever the number of workers.

Memory stays bounded by what one document needs, not by the size of the corpus. The corpus is
read twice:

1. *planning* reads every file, keeps of each page only where it is (file and index) and what
   its edges say (running head, printed number), and groups pages into documents exactly as
   :func:`teikit.convert` does;
2. *converting* reads each document's pages again, in the worker that converts it (a worker
   keeps the last file it read, so a file holding many pages is read once per worker, not
   once per document).

At most a few documents per worker are in flight at a time, and the parent holds bytes and
reports, never trees.

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
from pathlib import Path
from typing import Any

from teikit.convert import Conversion, DocumentPlan, EdgeMapper, convert_planned, plan_documents
from teikit.errors import ignore_interrupts_in_worker
from teikit.options import ConvertOptions

__all__ = ["chunks", "convert_batch", "convert_parallel", "pooled_map"]

#: A worker's task holds whole documents, at least this many pages together (per-page
#: documents are batched so that a task is worth sending to another process).
CHUNK_PAGES = 24
#: Tasks in flight per worker: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT = 3


Progress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` after each document."""


def pooled_map(pool: ProcessPoolExecutor) -> EdgeMapper:
    """How :func:`teikit.convert.plan_documents` reads the files on ``pool``'s workers."""

    def mapped(function: Callable[[str, str], Any], files: list[str], encodings: list[str]) -> Any:
        chunk = max(1, min(256, len(files) // 16))
        return pool.map(function, files, encodings, chunksize=chunk)

    return mapped


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
    if jobs == 1:
        plans = plan_documents(inputs, options=options)
        yield from _report_progress(_serial(plans, options), plans, progress)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts_in_worker) as pool:
        plans = plan_documents(inputs, options=options, map_files=pooled_map(pool))
        yield from _report_progress(_pooled(pool, plans, options, jobs), plans, progress)


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


def _serial(plans: Sequence[DocumentPlan], options: ConvertOptions) -> Iterator[Conversion]:
    for plan in plans:
        yield convert_planned(plan, options)


def _pooled(
    pool: ProcessPoolExecutor, plans: Sequence[DocumentPlan], options: ConvertOptions, jobs: int
) -> Iterator[Conversion]:
    pending: deque[Future[list[Conversion]]] = deque()
    queue = iter(chunks(plans))
    for batch in queue:
        pending.append(pool.submit(convert_batch, batch, options))
        if len(pending) >= jobs * IN_FLIGHT:
            break
    while pending:
        documents = pending.popleft().result()
        for batch in queue:  # keep the window full: one in, one out
            pending.append(pool.submit(convert_batch, batch, options))
            break
        yield from documents


def convert_batch(batch: Sequence[DocumentPlan], options: ConvertOptions) -> list[Conversion]:
    """Convert planned documents in a worker: each holds its bytes, to travel back."""
    return [convert_planned(plan, options).serialized() for plan in batch]
