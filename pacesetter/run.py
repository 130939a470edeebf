"""run(config, as_of) -> RunResult: owns the order of the stages.

inbox -> read -> validate -> store (intake) -> score -> reports -> outbox. One run
at a time (a lock under archive/); outputs are written into ``outbox/runs/<id>.partial``,
renamed when complete, then swapped in as ``outbox/latest``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pacesetter.config import Config
from pacesetter.intake import Outcome, Progress, process_inbox


class RunLocked(Exception):
    """Another run holds the campaign's lock."""


@dataclass(frozen=True)
class RunResult:
    run_id: str
    as_of: dt.date
    dry_run: bool
    outcomes: tuple[Outcome, ...]
    outputs: tuple[Path, ...] = ()
    latest: Path | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(o.outcome == outcome for o in self.outcomes)


@contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """Hold the campaign's run lock; the OS releases it if the process dies."""
    path = root / "archive" / ".run.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = path.open("a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(str(path)) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fh.close()


def new_run_id(outbox: Path) -> str:
    base = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_id, n = base, 1
    while (outbox / "runs" / run_id).exists() or (outbox / "runs" / f"{run_id}.partial").exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def run(config: Config, *, as_of: dt.date | None = None, dry_run: bool = False,
        progress: Progress | None = None) -> RunResult:
    """Process the inbox and rebuild every output from the store."""
    as_of = as_of or dt.date.today()
    started = time.perf_counter()
    # A run builds large structures that live to its end (results, the context, the rows of
    # every workbook) and few reference cycles: the collector's passes over them, every 700
    # new objects and in full every 70,000, found nothing (in this process and the ones it
    # forks) while taking a few per cent of the run. It looks less often during a run.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        return _run(config, as_of=as_of, dry_run=dry_run, progress=progress, started=started)
    finally:
        gc.set_threshold(*thresholds)


def _run(config: Config, *, as_of: dt.date, dry_run: bool, progress: Progress | None,
         started: float) -> RunResult:
    from pacesetter.store import Store

    timings: dict[str, float] = {}
    outbox = config.path("outbox")
    for folder in ("inbox", "archive", "outbox"):
        config.path(folder).mkdir(parents=True, exist_ok=True)
    with run_lock(config.root), Store.open(config.root) as store:
        run_id = new_run_id(outbox)
        settings = {"as_of": as_of.isoformat(), "dry_run": dry_run, "language": config.language,
                    "campaign_id": config.campaign_id}
        if not dry_run:
            store.begin_run(run_id, as_of=as_of, settings=settings)
        t0 = time.perf_counter()
        intake = process_inbox(config, store, run_id, dry_run=dry_run, progress=progress,
                               meanwhile=None if dry_run else _load_writers)
        timings["intake"] = time.perf_counter() - t0
        outcomes = tuple(intake.outcomes)
        if dry_run:
            return RunResult(run_id, as_of, True, outcomes, seconds=time.perf_counter() - started,
                             timings=timings)
        outputs, latest = _write_outputs(config, store, run_id, as_of, outcomes, progress, timings)
        store.finish_run(run_id, accepted=intake.count("accepted"), rejected=intake.count("rejected"),
                         skipped=intake.count("skipped") + intake.count("duplicate"))
    return RunResult(run_id, as_of, False, outcomes, tuple(outputs), latest,
                     time.perf_counter() - started, timings)


def _load_writers() -> None:
    """Import what writes the outputs while the workers read the first files (a city's
    worth of them queued): 40 ms at the start of the run, on one core, otherwise; and
    each workbook's module once here, not once in each process that writes workbooks."""
    import importlib

    import pacesetter.reports
    import pacesetter.reports.context
    import pacesetter.reports.manifest  # noqa: F401

    for name in pacesetter.reports.REPORTS:
        importlib.import_module(f"pacesetter.reports.{name}")


# The last run's report context, kept until the process ends (or the next run): freeing a
# city's worth of it object by object took one core 73 ms at N = 5,000 at the very end of the
# run, and the command line ends without freeing it (process.py)
_LAST_CONTEXT: list[object] = []


def _write_outputs(config: Config, store, run_id: str, as_of: dt.date,  # noqa: ANN001
                   outcomes: tuple[Outcome, ...], progress: Progress | None,
                   timings: dict[str, float]) -> tuple[list[Path], Path]:
    from pacesetter.reports import EARLY, build_all, start_early
    from pacesetter.reports.context import load_context, load_run_files
    from pacesetter.reports.manifest import write_manifest

    outbox = config.path("outbox")
    partial = outbox / "runs" / f"{run_id}.partial"
    for stale in (outbox / "runs").glob("*.partial"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    partial.mkdir(parents=True)
    latest = outbox / "latest"
    previous = latest if latest.is_dir() else None
    extra = [o for o in outcomes if o.outcome in ("skipped", "duplicate")]
    # the workbooks about this run's files are written while the rest of the store loads
    files = load_run_files(config, store, as_of=as_of, run_id=run_id, out_dir=partial)
    reported = {f["sha256"] for f in files.run_files}  # with an unfinished run's files, if any
    # a file an unfinished run took is reported with its outcome, not again as already processed
    extra = [o for o in extra if not (o.outcome == "duplicate" and o.sha256 in reported)]
    files.extra_outcomes = extra
    hashes: dict[Path, str] = {}  # each output's SHA-256, taken by the process that wrote it
    early = start_early(files, previous=previous, hashes=hashes)
    t0 = time.perf_counter()
    try:
        ctx = load_context(config, store, as_of=as_of, run_id=run_id, out_dir=partial,
                           run_files=files.run_files)
        ctx.extra_outcomes = extra
        timings["score"] = time.perf_counter() - t0
        if progress:
            progress("reports", 0, 1)
        t0 = time.perf_counter()
        outputs = build_all(ctx, previous=previous, skip=EARLY, hashes=hashes)
    except BaseException:
        early.stop()  # nothing of this run is published: its writer is not left behind
        raise
    outputs += early.wait()
    timings["reports"] = time.perf_counter() - t0
    outputs.append(write_manifest(ctx, outputs, timings=timings, hashes=hashes))
    _LAST_CONTEXT[:] = [ctx]
    if progress:
        progress("reports", 1, 1)
    final = outbox / "runs" / run_id
    os.replace(partial, final)
    latest = _swap_latest(outbox, final)
    return [final / p.relative_to(partial) for p in outputs], latest


def _swap_latest(outbox: Path, run_dir: Path) -> Path:
    """Make outbox/latest a complete copy of this run's outputs, never a half-written one."""
    latest = outbox / "latest"
    fresh = outbox / ".latest.new"
    old = outbox / ".latest.old"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(run_dir, fresh, copy_function=link)
    if latest.exists():
        os.replace(latest, old)
    os.replace(fresh, latest)
    shutil.rmtree(old, ignore_errors=True)
    return latest
