"""Conversion (and validation) as a Dask bag over documents: the optional ``teikit[dask]``.

Pages are planned into documents here, as :func:`teikit.parallel.convert_parallel` does; the
documents then become a :mod:`dask.bag` whose partitions run on a ``dask.distributed``
cluster: a :class:`~dask.distributed.LocalCluster` by default, or any scheduler given its
address (``tcp://scheduler:8786``). Each worker reads its documents' pages, converts and
serialises them (and validates them against ``schema``, when given), and the client gathers
the partitions *in order*, a few at a time, so the output is byte-identical to
:func:`teikit.convert` and the client's memory stays bounded.

Dask is imported when the function is called, so ``teikit`` works without it. See
``docs/distributed.md`` for running on a real cluster and for the limits.
"""

from __future__ import annotations

import functools
import importlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teikit.convert import Conversion, Converter, DocumentPlan
from teikit.errors import UsageError
from teikit.options import ConvertOptions
from teikit.parallel import chunks

if TYPE_CHECKING:
    from teikit.validation import Schema

__all__ = ["convert_distributed"]

#: Partitions in flight per worker thread.
IN_FLIGHT = 2


def convert_distributed(
    inputs: str | Path | Iterable[str | Path],
    *,
    options: ConvertOptions | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    schema: str | None = None,
) -> Iterator[Conversion]:
    """Convert ``inputs`` on a Dask cluster, yielding documents in order.

    ``scheduler`` is a ``dask.distributed`` scheduler address; without it a local cluster of
    ``workers`` processes (default: all cores) is started and closed again. With ``schema``
    (a name or path :meth:`teikit.Schema.load` takes), every document is also validated on the
    worker and its problems are in :attr:`Conversion.validation`.

    The input files must be readable under the same paths on every worker (a shared
    filesystem): workers read the pages themselves, the client only plans.
    """
    try:
        # Dask is untyped: its modules are held as Any
        bag: Any = importlib.import_module("dask.bag")
        dask_distributed: Any = importlib.import_module("dask.distributed")
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the environment
        raise UsageError("the distributed engine needs Dask: pip install 'teikit[dask]'") from exc

    options = options or ConvertOptions()
    # The client plans and keeps no pages: the partitions are made before any is computed,
    # so pages sent with them would all be in the client's memory at once.
    plans = Converter(options, keep_bytes=0).plan(inputs)
    if not plans:
        return
    cluster: Any = None
    if scheduler is None:
        cluster = dask_distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True
        )
        client = dask_distributed.Client(cluster)
    else:
        client = dask_distributed.Client(scheduler)
    try:
        batches = chunks(plans)
        documents = bag.from_sequence(batches, npartitions=len(batches)).map(
            _convert_batch, options=options, schema=schema
        )
        yield from _gather_in_order(client, documents.to_delayed(), _threads(client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _threads(client: Any) -> int:
    info = client.scheduler_info()
    threads: int = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
    return max(1, threads)


def _gather_in_order(client: Any, parts: Sequence[Any], threads: int) -> Iterator[Conversion]:
    """Compute the bag's partitions with a bounded window, yielding them in order."""
    window = max(2, threads * IN_FLIGHT)
    pending: deque[Any] = deque()
    queue = iter(parts)
    for part in queue:
        pending.append(client.compute(part))
        if len(pending) >= window:
            break
    while pending:
        result: list[list[Conversion]] = pending.popleft().result()
        for part in queue:
            pending.append(client.compute(part))
            break
        for batch in result:
            yield from batch


def _convert_batch(
    batch: Sequence[DocumentPlan], *, options: ConvertOptions, schema: str | None
) -> list[Conversion]:
    converter = _worker_converter(options)
    documents = [converter.convert_planned(plan).serialized() for plan in batch]
    if schema is None:
        return documents
    loaded = _worker_schema(schema)
    return [replace(d, validation=tuple(loaded.iter_errors(d.root))) for d in documents]


@functools.lru_cache(maxsize=4)
def _worker_converter(options: ConvertOptions) -> Converter:
    """The :class:`Converter` of this worker process for ``options``, made once per worker
    rather than once per partition (so its authority is loaded and the last file it read is
    kept across partitions). Dask has no per-worker initializer here; a worker converts
    for one run's options, so four entries are plenty."""
    return Converter(options, keep_bytes=0)


@functools.lru_cache(maxsize=4)
def _worker_schema(schema: str) -> Schema:
    """The schema ``schema`` names, compiled once per worker process rather than once per
    batch (``tei_all`` takes libxml2 seconds to compile). Keyed by the name or path given;
    a worker validates against the one schema of its run, so four entries are plenty."""
    from teikit.validation import Schema

    return Schema.load(schema)
