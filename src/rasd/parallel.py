"""Local parallelism: `rasd analyze ... --workers N` over processes of this machine.

The parent reads the documents (ingestion is ~1 ms a document, the pipeline ~25 ms) and sends
them to the workers in chunks; each worker loads the pipeline (the models) once, in the pool's
initializer, and sends back the analysed `Article`s, or the `IngestFailure` that stopped
each. Results come back in input order, whatever order the workers finish in, so the output
of N workers is the output of one, byte for byte: the parent renders and writes it with the
same code as the single-process path.

A worker process that dies (killed, out of memory, a crash in native code) breaks the pool:
the pool is started again and the chunks that were in flight are sent again; a chunk that
breaks the pool twice is sent again one document at a time, and a document that still breaks
it fails alone with E017, so one poisonous document cannot take a batch down.

Ctrl-C: workers ignore SIGINT (the terminal sends it to the whole process group); the parent
gets KeyboardInterrupt, `close()` terminates the workers, and what was written stays whole
lines (each output line is rendered whole before it is written).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import Code, RasdError
from rasd.settings import Settings

# Documents sent to a worker at once: enough that pickling and the round trip (~0.2 ms) are
# lost in the analysis time (~25 ms a document), few enough that workers stay evenly busy
# and the results of a chunk do not pile up in the parent.
DEFAULT_CHUNK_DOCUMENTS = 8
# Chunks queued per worker: one being analysed and one waiting, so no worker idles while the
# parent reads; more would only hold documents in memory.
CHUNKS_PER_WORKER = 2
# Attempts of one chunk before it is split into single documents (a dead worker may have been
# killed from outside; a chunk that kills two in a row holds a document that kills them).
CHUNK_ATTEMPTS = 2
WORKER_DIED = "the worker process analysing it died"
FORKSERVER, SPAWN = "forkserver", "spawn"

_PIPELINE = None  # the pipeline of this worker process, loaded once by _init_worker
_LOAD_ERROR: Exception | None = None  # why it could not be loaded


def available_cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count, under a cgroup)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(requested: int) -> int:
    """Processes to use for `--workers N`: 0 means every available core."""
    if requested < 0:
        raise RasdError(Code.E012_BAD_SETTING, f"--workers must be 0 (all cores) or more, got {requested}")
    return requested or available_cores()


def check_parallel_settings(settings: Settings, workers: int) -> None:
    """A registry's ids depend on the order articles are seen in: with several workers each
    would keep its own, so the output would not be that of one worker."""
    if workers > 1 and settings.registry_path:
        raise RasdError(Code.E012_BAD_SETTING,
                        "--registry needs one worker (its ids depend on the order articles are seen in)")


def _init_worker(settings: Settings) -> None:
    global _PIPELINE, _LOAD_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us on Ctrl-C
    from rasd.api import pipeline_for

    try:
        _PIPELINE = pipeline_for(settings)
    except Exception as exc:  # a missing model (E014): raised with the first chunk, as one worker would
        _LOAD_ERROR = exc


def _analyze_chunk(documents: list) -> list:
    from rasd.api import analyze_document

    if _LOAD_ERROR is not None:
        raise _LOAD_ERROR
    return [analyze_document(document, _PIPELINE) for document in documents]


@dataclass
class _Chunk:
    """Consecutive items of the input: ingestion failures stay here, documents go to a worker."""

    items: list[Any]
    attempts: int = 0
    future: Future | None = None
    single: bool = False  # a document sent alone after its chunk broke the pool twice
    parts: list[_Chunk] = field(default_factory=list)

    @property
    def documents(self) -> list:
        from rasd.ingest import IngestFailure

        return [item for item in self.items if not isinstance(item, IngestFailure)]


class ParallelAnalysis:
    """The analysed items of `paths`, in input order, from `workers` processes.

    Iterate once; `close()` (or the `with` block's end) stops the workers, also after an
    error or Ctrl-C. `read` is the number of documents read so far."""

    def __init__(self, paths: Iterable[str], settings: Settings, workers: int,
                 chunk_documents: int = DEFAULT_CHUNK_DOCUMENTS):
        if chunk_documents <= 0:
            raise RasdError(Code.E012_BAD_SETTING, f"chunk size must be positive, got {chunk_documents}")
        check_parallel_settings(settings, workers)
        self.paths = list(paths)
        self.settings = settings
        self.workers = workers
        self.chunk_documents = chunk_documents
        self.read = 0
        self.restarts = 0
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParallelAnalysis:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> ProcessPoolExecutor:
        # forkserver where there is one: workers are forked from a fresh server process, not
        # from this one, which may hold threads (a store's DuckDB, a Dask client) whose locks
        # a forked child would inherit held; spawn elsewhere.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context(FORKSERVER if FORKSERVER in methods else SPAWN)
        self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_init_worker, initargs=(self.settings,))
        return self._executor

    def _submit(self, chunk: _Chunk) -> None:
        executor = self._executor or self._start()
        chunk.attempts += 1
        documents = chunk.documents
        chunk.future = executor.submit(_analyze_chunk, documents) if documents else None

    def __iter__(self) -> Iterator[Any]:
        pending: deque[_Chunk] = deque()
        limit = self.workers * CHUNKS_PER_WORKER
        for chunk in self._chunks():
            self._submit(chunk)
            pending.append(chunk)
            while len(pending) >= limit:
                yield from self._results(pending.popleft(), pending)
        while pending:
            yield from self._results(pending.popleft(), pending)
        self.close()

    def _chunks(self) -> Iterator[_Chunk]:
        from rasd.ingest import IngestFailure, iter_documents

        items: list[Any] = []
        documents = 0
        for item in iter_documents(self.paths, self.settings):
            self.read += 1
            items.append(item)
            documents += not isinstance(item, IngestFailure)
            if documents >= self.chunk_documents:
                yield _Chunk(items)
                items, documents = [], 0
        if items:
            yield _Chunk(items)

    def _results(self, chunk: _Chunk, pending: deque[_Chunk]) -> Iterator[Any]:
        """The chunk's items in order, its documents replaced by their analyses."""
        from rasd.ingest import IngestFailure

        analysed = iter(self._analysed(chunk, pending))
        for item in chunk.items:
            yield item if isinstance(item, IngestFailure) else next(analysed)

    def _analysed(self, chunk: _Chunk, pending: deque[_Chunk]) -> list:
        if chunk.future is None:
            return []
        try:
            return chunk.future.result()
        except BrokenProcessPool:
            return self._after_break(chunk, pending)

    def _after_break(self, chunk: _Chunk, pending: deque[_Chunk]) -> list:
        """A worker died: start a new pool, send again what was in flight, and retry this chunk
        (split into single documents once it has broken the pool twice)."""
        self._restart(pending)
        if chunk.single and chunk.attempts >= CHUNK_ATTEMPTS:
            return [_died(document) for document in chunk.documents]
        if chunk.attempts >= CHUNK_ATTEMPTS and not chunk.single:
            parts = [_Chunk([document], single=True) for document in chunk.documents]
            results = []
            for part in parts:
                self._submit(part)
                results.extend(self._analysed(part, pending))
            return results
        self._submit(chunk)
        return self._analysed(chunk, pending)

    def _restart(self, pending: deque[_Chunk]) -> None:
        self.restarts += 1
        self._terminate()  # every future is settled after it: a result, or the broken pool
        for other in pending:
            if other.future is not None and (other.future.cancelled() or other.future.exception() is not None):
                self._submit(other)

    def close(self) -> None:
        self._terminate()

    def _terminate(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # ProcessPoolExecutor (3.11) has no public way to stop a worker in the middle of a
        # task; its processes are terminated directly, then the executor is shut down.
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
        for process in processes:
            process.join()


def _died(document) -> Any:
    from rasd.api import UNNAMED_SOURCE
    from rasd.ingest.document import failure

    return failure(Code.E017_INTERNAL, document.meta.source or UNNAMED_SOURCE, WORKER_DIED)
