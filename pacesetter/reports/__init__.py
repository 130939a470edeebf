"""One module per output workbook; ``build_all`` writes every one of them from the context.

Each module exposes ``write(ctx: ReportContext) -> list[Path]`` and writes into
``ctx.out_dir``; the ones with many files (one per office, one per unit's feedback)
also take ``shard``/``shards`` so they can be split. Workbooks are written by two
forked processes sharing the already-computed context, biggest jobs first: writing
cells is the cost of a run, and it parallelises perfectly.

The workbooks about the run's own files (``EARLY``: feedback, validation) need only
those files and their findings. ``start_early`` writes them in a process of its own
while the run loads the context, which takes one core and leaves the other idle.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing as mp
import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pacesetter.reports import formats
from pacesetter.reports.context import ReportContext

REPORTS = ("validation", "feedback", "ledger", "overdue", "benchmark", "scores", "notification",
           "public", "offices", "inspection")
SHARDED = {"offices": 8, "feedback": 2}  # small shards even out the two processes' ends
EARLY = ("feedback", "validation")  # read only ReportContext.run_files (and the configuration)
# rough CPU seconds at N = 1,000 (bench/stages.py): biggest first balances two workers
COST = {"offices": 0.5, "ledger": 0.25, "scores": 0.22, "public": 0.2, "overdue": 0.2,
        "benchmark": 0.2, "feedback": 0.17, "notification": 0.05, "validation": 0.02, "inspection": 0.01}

_CTX: ReportContext | None = None


class WriterStopped(RuntimeError):
    """A process writing workbooks died (killed, out of memory): nothing of the run is published."""


def _jobs(skip: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    jobs = []
    for name in REPORTS:
        if name in skip:
            continue
        shards = SHARDED.get(name, 1)
        jobs.extend((name, i, shards) for i in range(shards))
    return sorted(jobs, key=lambda j: -COST.get(j[0], 1.0) / j[2])


def _run(job: tuple[str, int, int]) -> list[tuple[str, str]]:
    """Write one job's workbooks; their paths, each with its SHA-256 for the manifest (taken
    here, by the writing processes, not afterwards by the run alone)."""
    name, shard, shards = job
    assert _CTX is not None
    try:
        module = importlib.import_module(f"pacesetter.reports.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"pacesetter.reports.{name}":
            return []
        raise
    from pacesetter.intake import sha256_of

    paths = module.write(_CTX, shard=shard, shards=shards) if shards > 1 else module.write(_CTX)
    return [(str(p), sha256_of(p)) for p in paths]


def _workers(workers: int | None) -> int:
    n = workers if workers is not None else min(2, os.cpu_count() or 1)
    return n if "fork" in mp.get_all_start_methods() else 1


def _run_inline(ctx: ReportContext, jobs: list[tuple[str, int, int]], previous: Path | None
                ) -> list[tuple[str, str]]:
    global _CTX
    _CTX = ctx
    formats.reuse_from(ctx.out_dir, previous)
    try:
        return [p for job in jobs for p in _run(job)]
    finally:
        _CTX = None
        formats.reuse_from(None, None)


def _early_child(ctx: ReportContext, previous: Path | None, conn: Any) -> None:
    gc.freeze()  # never walk (and so copy) the pages shared with the run
    try:
        result: tuple[str, Any, str] = (
            "ok", _run_inline(ctx, [(name, 0, 1) for name in EARLY], previous), "")
    except BaseException as exc:  # noqa: BLE001 - handed to the run, which raises it
        result = ("error", exc, traceback.format_exc())
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - an exception that does not pickle
        conn.send(("error", RuntimeError(repr(result[1])), result[2]))
    conn.close()


def _paths(written: list[tuple[str, str]], hashes: dict[Path, str] | None) -> list[Path]:
    if hashes is not None:
        hashes.update((Path(p), sha) for p, sha in written)
    return [Path(p) for p, _ in written]


class Early:
    """The ``EARLY`` workbooks on their way: ``wait`` gives their paths (or raises what failed
    in writing them); ``stop`` ends the writing when the run fails elsewhere."""

    def __init__(self, paths: list[Path] | None = None, child: Any = None, reader: Any = None,
                 hashes: dict[Path, str] | None = None):
        self._paths, self._child, self._reader, self._hashes = paths, child, reader, hashes

    def wait(self) -> list[Path]:
        if self._child is None:
            return self._paths or []
        try:
            status, value, where = self._reader.recv()
        except EOFError:
            child, self._child = self._child, None
            child.join()
            raise WriterStopped(f"{', '.join(EARLY)}: exit code {child.exitcode}") from None
        except BaseException:
            self.stop()
            raise
        finally:
            self._reader.close()
        self._child.join()
        self._child = None
        if status != "ok":
            value.add_note(f"in the process writing {', '.join(EARLY)}:\n{where}")
            raise value
        return _paths(value, self._hashes)

    def stop(self) -> None:
        """End the writer process (its workbooks are never published) and reap it."""
        if self._child is None:
            return
        self._child.terminate()
        self._child.join()
        self._reader.close()
        self._child = None


def start_early(ctx: ReportContext, *, workers: int | None = None, previous: Path | None = None,
                hashes: dict[Path, str] | None = None) -> Early:
    """Start writing the ``EARLY`` workbooks from ``ctx`` (only its ``run_files`` are read).
    ``hashes`` receives each one's SHA-256.

    With one worker they are written before this returns.
    """
    if _workers(workers) <= 1:
        return Early(_paths(_run_inline(ctx, [(name, 0, 1) for name in EARLY], previous), hashes))
    fork = mp.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    child = fork.Process(target=_early_child, args=(ctx, previous, writer), daemon=True)
    child.start()
    writer.close()  # the child's end: when the child is gone, reading it ends instead of waiting
    return Early(child=child, reader=reader, hashes=hashes)


def build_all(ctx: ReportContext, *, workers: int | None = None, previous: Path | None = None,
              skip: tuple[str, ...] = (), hashes: dict[Path, str] | None = None) -> list[Path]:
    """Write every output workbook of the run into ``ctx.out_dir``; returns their paths.

    ``previous`` is the last run's output folder: a workbook whose contents would be
    exactly those of the one there is linked from there instead of written again.
    ``skip``: workbooks not to write (``EARLY`` ones written by ``start_early``);
    ``hashes`` receives each one's SHA-256.
    """
    global _CTX
    n = _workers(workers)
    jobs = _jobs(skip)
    if n <= 1:
        return _paths(_run_inline(ctx, jobs, previous), hashes)
    _CTX = ctx
    formats.reuse_from(ctx.out_dir, previous)
    try:
        # objects made so far are never collected in the children: the garbage collector
        # would otherwise touch (and so copy) every page of the shared context. Nor is garbage
        # looked for first: a run leaves none here (none found at N = 1,000 or 5,000), and
        # looking took 60 ms of one core at N = 5,000 while the other stood idle
        gc.freeze()
        # an executor, not a Pool: if a writer process dies (killed, out of memory) the run
        # fails with BrokenProcessPool instead of waiting for ever on its lost job
        try:
            with ProcessPoolExecutor(n, mp_context=mp.get_context("fork")) as pool:
                return _paths([p for written in pool.map(_run, jobs) for p in written], hashes)
        except BrokenProcessPool as exc:
            raise WriterStopped(str(exc)) from exc
    finally:
        _CTX = None
        formats.reuse_from(None, None)
        gc.unfreeze()
