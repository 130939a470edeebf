"""Examine files in worker processes with a memory limit and a time limit.

Parsing untrusted files is where a run can be taken down: a Rust reader aborts
the whole process when an allocation fails, a pathological file can take minutes.
Each worker is a forked process with an address-space limit; a worker that dies
or overruns its time is killed and replaced, its file gets a finding, and the
batch goes on. Both cores are used.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from pacesetter.config import Config
from pacesetter.findings import finding
from pacesetter.store import table_rows
from pacesetter.validate import Checked

if TYPE_CHECKING:
    from pacesetter.intake import Incoming

FILE_SECONDS = 30.0  # one file; a template reads in milliseconds
# files sent to a worker ahead of its results, so that it reads on while this process waits
# on the disk to record a batch (15-20 ms a commit here: about ten files' reading); its
# results wait meanwhile in the connection's buffer. With 8, the workers stood idle through
# each commit and the two cores were a tenth unused while files were read.
AHEAD = 24
MEMORY_BYTES = 2 * 1024**3  # address space of one worker


def examine(path: Any, name: str, config: Config, received: Any = None) -> Checked:
    """One file -> Checked: safety gate, then read, then the stateless checks."""
    from pacesetter.fields import INSPECTION_SHEET
    from pacesetter.read import read_submission
    from pacesetter.safety import inspect_file
    from pacesetter.validate import check

    lang = config.language
    sheets: set[str] = set()
    formula_sheets: set[str] = set()
    inflated: list[bytes] = []
    stop = inspect_file(path, lang=lang, name=name, sheet_names=sheets, formula_sheets=formula_sheets,
                        inflated=inflated)
    if stop:
        return Checked(name, None, None, None, {}, (), (), tuple(stop))
    if INSPECTION_SHEET in sheets:
        # a returned inspection workbook: read in the main process against the stored draws
        return Checked(name, None, None, "inspection", {}, (), (), ())
    # the gate has seen an .xlsx's sheets (an .xls or .ods it does not parse: None, look again)
    sub = read_submission(path, lang=lang, file_name=name, formula_sheets=formula_sheets if sheets else None,
                          inflated=inflated[0] if inflated else None)
    return check(sub, config, received=received)


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: the time limit still holds


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the run dies (Linux), however it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def _worker(conn: Connection, config: Config, limit: int, parent: int) -> None:
    _die_with_parent(parent)
    _limit_memory(limit)
    # what the worker inherits from the run is never its garbage: the collector leaves it be
    # (and so does not copy every inherited page to count its references)
    gc.freeze()
    while True:
        # forked siblings hold copies of each other's pipe ends, so a dead parent does not
        # always mean end-of-file here: look for it while idle, too
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        key, path, name, received = job
        try:
            result: Any = examine(path, name, config, received)
        except MemoryError:
            result = ("memory", "")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - reported as a finding on that file
            # a Rust reader's panic arrives as pyo3's PanicException, a BaseException: caught
            # here it names its cause, and the worker lives on instead of dying as "exit code 1"
            result = ("crash", f"{type(exc).__name__}: {str(exc)[:150]}")
        try:
            conn.send((key, _for_sending(result)))
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((key, ("crash", f"{type(exc).__name__}")))


def _for_sending(result: Any) -> Any:
    """What the main process needs of a result. An accepted file's rows go as the store
    inserts them, built here on the worker's core. The typed task rows with their cell
    references serve only to check a progress or assessment report against its
    commitment: a commitment's or a refused file's go without them (most of what would be
    pickled, sent and unpickled)."""
    if not isinstance(result, Checked):
        return result
    if not result.accepted:
        return replace(result, tasks=(), exchanges=()) if result.tasks or result.exchanges else result
    stored = table_rows(result)
    if result.stage in ("progress", "assessment"):
        return replace(result, stored=stored)
    return replace(result, tasks=(), exchanges=(), stored=stored)


class _Slot:
    """One worker process and the files sent to it, oldest (the one being read) first."""

    def __init__(self, ctx: Any, config: Config, limit: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, config, limit, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.jobs: deque[Incoming] = deque()
        self.started = 0.0  # when the oldest file's reading began (at the latest)

    def send(self, item: Incoming) -> None:
        # the path as text: a Path is slower to pickle, and examine takes either
        self.conn.send((item.sha256, os.fspath(item.path), item.name, item.received_at.date()))
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append(item)

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        finally:
            self.conn.close()


def _failed(config: Config, name: str, kind: str, detail: str, seconds: float = FILE_SECONDS) -> Checked:
    lang = config.language
    if kind == "timeout":
        f = finding("file.timeout", lang, file=name, seconds=int(seconds))
    elif kind == "memory":
        f = finding("file.out_of_memory", lang, file=name)
    else:
        f = finding("file.worker_crashed", lang, file=name, detail=detail or "?")
    return Checked(name, None, None, None, {}, (), (), (f,))


class _Queue:
    """The files still to send: those sent back by a replaced worker first, then the rest of
    the source, taken one at a time as they are needed (``expected`` of them, about)."""

    def __init__(self, first: Incoming, source: Iterator[Incoming], expected: int):
        self.back: deque[Incoming] = deque([first])
        self.source: Iterator[Incoming] | None = source
        self.left = expected - 1  # about how many the source still holds

    def __bool__(self) -> bool:
        if not self.back and self.source is not None:
            nxt = next(self.source, None)
            if nxt is None:
                self.source = None
            else:
                self.left -= 1
                self.back.append(nxt)
        return bool(self.back)

    def __len__(self) -> int:
        """About how many are left: those in hand and those the source is expected to hold."""
        return len(self.back) + (max(self.left, 1) if self.source is not None else 0)

    def popleft(self) -> Incoming:
        if not self:
            raise IndexError("no more files")
        return self.back.popleft()

    def appendleft(self, item: Incoming) -> None:
        self.back.appendleft(item)

    def extendleft(self, items: Iterable[Incoming]) -> None:
        self.back.extendleft(items)


def examine_all(config: Config, items: Iterable[Incoming], *, workers: int | None = None,
                seconds: float = FILE_SECONDS, memory: int = MEMORY_BYTES, expected: int | None = None,
                meanwhile: Callable[[], object] | None = None) -> Iterator[tuple[Incoming, Checked]]:
    """Yield (item, Checked) for every item, in completion order, whatever the files do.

    ``items`` may be worked out as they are taken (an iterator): ``expected`` then says about
    how many there are, for the number of workers. ``meanwhile`` is called once, when the
    workers have their first files: work of this process's own that need not wait for them.
    """
    source = iter(items)
    first = next(source, None)
    if first is None:
        return
    if expected is None:
        expected = len(items) if isinstance(items, Sized) else 2
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    n = max(1, min(workers or os.cpu_count() or 2, 2 if workers is None else workers, expected))
    queue = _Queue(first, source, expected)
    slots = [_Slot(ctx, config, memory) for _ in range(n)]

    def replace_slot(i: int) -> None:
        """A dead or stuck worker: a new one; the files queued behind its current one go back."""
        slots[i].kill()
        queue.extendleft(reversed(list(slots[i].jobs)[1:]))
        slots[i] = _Slot(ctx, config, memory)

    try:
        while queue or any(s.jobs for s in slots):
            # files ahead per worker: it reads on while this process stores results; fewer
            # as the queue runs out, so that no worker is left alone with a long tail
            ahead = min(AHEAD, 2 + len(queue) // len(slots))
            for i in range(len(slots)):
                while len(slots[i].jobs) < ahead and queue:
                    item = queue.popleft()
                    try:
                        slots[i].send(item)
                    except (BrokenPipeError, OSError):
                        queue.appendleft(item)
                        if not slots[i].jobs:
                            replace_slot(i)  # died idle: nothing of it to report
                        break  # else its end is read (and reported) below
            if meanwhile is not None:
                later, meanwhile = meanwhile, None
                later()
            busy = [s for s in slots if s.jobs]
            ready = wait([s.conn for s in busy], timeout=0.25)
            for i, slot in enumerate(slots):
                if not slot.jobs:
                    continue
                item = slot.jobs[0]
                if slot.conn in ready:
                    try:
                        _, result = slot.conn.recv()
                    except (EOFError, OSError):
                        # the pipe closes before the dead worker is reaped: wait for its exit
                        # code, or an allocation failure (SIGABRT) reads as "exit code None"
                        slot.proc.join(5)
                        code = slot.proc.exitcode
                        replace_slot(i)
                        kind = "memory" if code in (-6, 134) else "crash"
                        yield item, _failed(config, item.name, kind, f"exit code {code}")
                        continue
                    slot.jobs.popleft()
                    slot.started = time.monotonic()
                    if isinstance(result, tuple):
                        yield item, _failed(config, item.name, result[0], result[1])
                    else:
                        yield item, result
                elif time.monotonic() - slot.started > seconds:
                    replace_slot(i)
                    yield item, _failed(config, item.name, "timeout", "", seconds)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for slot in slots:
            slot.proc.join(2)
            if slot.proc.is_alive():
                slot.proc.kill()
            slot.conn.close()
