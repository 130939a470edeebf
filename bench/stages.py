#!/usr/bin/env python3
"""Where a run's time and memory go: each stage and each output workbook, timed.

    python bench/stages.py --n 1000                 # a run from an empty store
    python bench/stages.py --n 1000 --incremental   # then one more file, timed alone

Runs pacesetter's ``run`` in this process on a fresh copy of the corpus, with the
stage functions wrapped (nothing in pacesetter is changed): the inbox scan, the
examination in worker processes, the commits, the report context, and every report
module's ``write`` — the workbooks one after another in this process (a run writes them
on two forked processes), so each one's cost shows. Prints seconds, CPU seconds of this
process and the growth of its peak RSS per stage. The examining worker processes are not
inside these figures (their time shows as the wall time of "examine").
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from generate import OUT, ensure_corpus  # noqa: E402
from run_bench import AS_OF, _link, fresh_campaign, snapshot  # noqa: E402

ROWS: list[tuple[str, float, float, float, float]] = []


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0, c0, p0 = time.perf_counter(), time.process_time(), _peak_mib()
        try:
            return fn(*args, **kwargs)
        finally:
            ROWS.append((label, time.perf_counter() - t0, time.process_time() - c0, _peak_mib() - p0,
                         _rss_mib()))
    return wrapper


def instrument() -> None:
    from pacesetter import intake, run
    from pacesetter import reports as reports_pkg
    from pacesetter.reports import context

    intake.scan_inbox = timed("intake: scan + hash", intake.scan_inbox)
    # examine_all is a generator: time the whole loop that consumes it
    original_examine_all = intake.examine_all

    def examine_all(*args: Any, **kwargs: Any) -> Any:
        t0, c0, p0 = time.perf_counter(), time.process_time(), _peak_mib()
        yield from original_examine_all(*args, **kwargs)
        ROWS.append(("intake: examine (2 workers)", time.perf_counter() - t0, time.process_time() - c0,
                     _peak_mib() - p0, _rss_mib()))

    intake.examine_all = examine_all
    # a full batch is recorded from inside the next add (once its syncs are done)
    intake._Batch.add = _accumulate("intake: archive + record, summed", intake._Batch.add)
    intake._Batch._record_pending = _accumulate("  of which recording batches, summed",
                                                intake._Batch._record_pending)
    run.process_inbox = timed("intake (all)", run.process_inbox)
    context_load = timed("reports: load context + scores", context.load_context)
    context.load_context = context_load
    if hasattr(context, "load_run_files"):
        context.load_run_files = timed("reports: load the run's files", context.load_run_files)
    for name in reports_pkg.REPORTS:
        try:
            module = importlib.import_module(f"pacesetter.reports.{name}")
        except ModuleNotFoundError:
            continue
        module.write = timed(f"report: {name}", module.write)
    from pacesetter.reports import manifest

    manifest.write_manifest = timed("report: manifest", manifest.write_manifest)
    # the workbooks are written by forked processes in a run; here one after another, in
    # this process, so that each one's cost can be seen (and added up: the CPU a run pays)
    build_all = reports_pkg.build_all
    if "workers" in build_all.__code__.co_varnames:
        reports_pkg.build_all = functools.wraps(build_all)(
            lambda ctx, **kw: build_all(ctx, **{**kw, "workers": 1}))
    start_early = getattr(reports_pkg, "start_early", None)
    if start_early is not None:  # feedback and validation, written while the context loads
        reports_pkg.start_early = functools.wraps(start_early)(
            lambda ctx, **kw: start_early(ctx, **{**kw, "workers": 1}))


_SUMS: dict[str, list[float]] = {}


def _accumulate(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            acc = _SUMS.setdefault(label, [0.0, 0.0, 0])
            acc[0] += time.perf_counter() - t0
            acc[1] += time.process_time() - c0
            acc[2] += 1
    return wrapper


def report(title: str, total: float) -> None:
    print(title)
    print(f"  {'stage':<44}{'seconds':>9}{'cpu s':>9}{'peak +MiB':>11}{'rss MiB':>9}")
    for label, secs, cpu, grow, rss in ROWS:
        print(f"  {label:<44}{secs:>9.2f}{cpu:>9.2f}{grow:>11.0f}{rss:>9.0f}")
    for label, (secs, cpu, count) in _SUMS.items():
        print(f"  {label + f' ({count:.0f})':<44}{secs:>9.2f}{cpu:>9.2f}")
    print(f"  {'total (the run function)':<44}{total:>9.2f}   peak RSS of this process {_peak_mib():.0f} MiB")
    ROWS.clear()
    _SUMS.clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--language", choices=("zh", "en"), default="zh")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--incremental", action="store_true", help="then time one more file alone")
    args = ap.parse_args(argv)
    corpus = ensure_corpus(args.n, seed=args.seed, language=args.language)
    work = OUT / "campaigns"
    root = fresh_campaign(corpus, work / f"stages-n{args.n}")
    instrument()
    from pacesetter.config import load_config
    from pacesetter.run import run

    as_of = dt.date.fromisoformat(args.as_of)
    t0 = time.perf_counter()
    result = run(load_config(root), as_of=as_of)
    report(f"N={args.n:,} from an empty store: {result.count('accepted')} accepted, "
           f"{result.count('rejected')} rejected", time.perf_counter() - t0)
    if args.incremental:
        inc = snapshot(root, work / f"stages-n{args.n}-d")
        new = sorted(corpus.extra.iterdir())[0]
        _link(str(new), str(inc / "inbox" / new.name))
        t0 = time.perf_counter()
        result = run(load_config(inc), as_of=as_of)
        report(f"\nthen one new file ({new.name}): {result.count('accepted')} accepted",
               time.perf_counter() - t0)
        shutil.rmtree(inc, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
