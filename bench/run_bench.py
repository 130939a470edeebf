#!/usr/bin/env python3
"""Measure pacesetter's run against the naive pandas merge and the raw parsing floor.

    python bench/run_bench.py --n 1000 --n 5000 --repeat 3
    python bench/run_bench.py --quick                 # N=200, once: a smoke test

For every N, on the same generated files (``bench/generate.py``, cached), each job
runs in a fresh process, so imports, start-up and memory count as a user sees them:

    (a)  python process.py run           from an empty store, every output written
    (b)  pandas.read_excel per file (openpyxl), pandas.concat, one to_excel
    (b2) the same with engine="calamine" and xlsxwriter
    (c)  python-calamine reading every cell of every sheet of every file
    (d)  python process.py run           one new file, the store already holding N

Repetitions are interleaved (a, b, b2, c, d, then again) and the median is shown.
Peak memory is the largest process's ru_maxrss (from wait4, which covers the
workers) and, for (a) and (d), the whole process tree's PSS sampled every 0.1 s.
The table and a JSON record are also written to ``bench/out/results/``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from generate import OUT, Corpus, corpus_path, ensure_corpus  # noqa: E402

from pacesetter.fields import SHEETS  # noqa: E402

AS_OF = "2026-07-06"  # the June reports are due: every commitment is in, June's are being sent
JOBS = ("a", "b", "b2", "c", "d")
LABELS = {
    "a": "(a)  pacesetter run, empty store, all outputs",
    "b": "(b)  pandas read_excel+concat+to_excel",
    "b2": "(b2) the same, calamine + xlsxwriter",
    "c": "(c)  calamine: every cell, every sheet",
    "d": "(d)  incremental run: 1 new file",
}
TARGETS = {"a/b": 0.2, "a/b2": 0.6, "a/c": 5.0, "linear": 5.5, "rss_mib": 300, "d_seconds": 2.0}


@dataclass
class Measure:
    seconds: float
    maxrss_mib: float  # the largest single process (the job or one of its workers)
    tree_pss_mib: float | None = None  # the whole process tree, proportional set size, sampled
    cpu_seconds: float = 0.0  # user + system, the job and its reaped workers
    load_before: float = 0.0  # 1-minute load average when it started: the machine may be shared
    info: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- measuring one process


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_kib(root: int) -> int:
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_kib(pid)
        stack += _children(pid)
    return total


def measure(cmd: list[str], *, cwd: Path, sample_tree: bool = False, log: Path | None = None) -> Measure:
    """Wall time and peak memory of ``cmd`` run to completion in a fresh process."""
    # the setup's deletions and the previous job's files are written out first, so that
    # no job pays for another's disk work
    os.sync()
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.1):
                peak[0] = max(peak[0], _tree_pss_kib(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
        if sampler:
            sampler.start()
        # wait4 rather than Popen.wait: its rusage covers the child and its reaped workers
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        if sampler:
            sampler.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if log is not None:
        log.write_text(f"$ {' '.join(cmd)}\nexit {proc.returncode}\n--- stdout\n{stdout}\n"
                       f"--- stderr\n{stderr}", encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stdout[-2000:]}\n{stderr[-3000:]}")
    info: dict[str, Any] = {}
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    if last.startswith("{"):
        info = json.loads(last)
    return Measure(round(seconds, 3), round(usage.ru_maxrss / 1024, 1),
                   round(peak[0] / 1024, 1) if sample_tree else None,
                   round(usage.ru_utime + usage.ru_stime, 3), round(load, 2), info)


# ---------------------------------------------------------------- campaign folders


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def fresh_campaign(corpus: Corpus, root: Path) -> Path:
    """A campaign folder holding the corpus's config and its files in inbox/, copied there
    as a clerk saves them (files of their own: the run links only a file with no other name
    into the archive, and copies one linked in from elsewhere)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "inbox").mkdir(parents=True)
    shutil.copy2(corpus.config_path, root / "config.toml")
    for f in corpus.files():
        shutil.copy2(f, root / "inbox" / f.name)
    return root


def snapshot(src: Path, dst: Path) -> Path:
    """A copy of a campaign after its run: archived files linked, the store and lock copied."""
    shutil.rmtree(dst, ignore_errors=True)

    def copy(s: str, d: str) -> None:
        name = os.path.basename(s)
        if name.startswith("pacesetter.sqlite") or name.startswith(".") or name == "config.toml":
            shutil.copy2(s, d)
        else:
            _link(s, d)

    shutil.copytree(src, dst, copy_function=copy)
    return dst


def store_counts(root: Path) -> dict[str, int]:
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    try:
        rows = db.execute("SELECT outcome, COUNT(*) FROM files GROUP BY outcome").fetchall()
        subs = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    finally:
        db.close()
    return {**{k: v for k, v in rows}, "submissions": subs}


def run_timings(root: Path) -> dict[str, float]:
    try:
        manifest = json.loads((root / "outbox" / "latest" / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest.get("timings_seconds", {})


# ---------------------------------------------------------------- one N


def bench_n(corpus: Corpus, *, repeat: int, jobs: tuple[str, ...], as_of: str, work: Path,
            keep: bool, say: Any) -> dict[str, list[Measure]]:
    py = sys.executable
    process = str(REPO / "process.py")
    jobs_py = str(HERE / "jobs.py")
    sheet = SHEETS["tasks"].title(corpus.language)
    extras = sorted(corpus.extra.iterdir())
    results: dict[str, list[Measure]] = {j: [] for j in jobs}
    n = corpus.n
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # warm the page cache and the bytecode caches: no job pays for being first
    for f in corpus.files():
        f.read_bytes()
    subprocess.run([py, "-c", "import pandas, openpyxl, xlsxwriter, python_calamine, pacesetter.run, "
                    "pacesetter.reports, pacesetter.validate"], cwd=REPO, check=True)
    # Pacesetter's own bytecode too, written even where PYTHONDONTWRITEBYTECODE is set (it is
    # on some machines): pip byte-compiles the packages it installs (pandas, openpyxl), and a
    # clerk's first run writes __pycache__, so no run after the first compiles the sources
    compileall.compile_dir(str(REPO / "pacesetter"), quiet=1)
    for rep in range(repeat):
        base = None
        for job in jobs:
            tag = f"n{n}-{job}-{rep + 1}"
            if job == "a" or (job == "d" and base is None):
                root = fresh_campaign(corpus, work / f"n{n}-a")
                if job == "d":  # (d) without (a) this round: fill the store first, untimed
                    measure([py, process, "run", "--root", str(root), "--as-of", as_of], cwd=REPO)
                    base = root
                else:
                    m = measure([py, process, "run", "--root", str(root), "--as-of", as_of], cwd=REPO,
                                sample_tree=True, log=logs / f"{tag}.log")
                    m.info = {"store": store_counts(root), "timings": run_timings(root)}
                    base = root
            if job == "d":
                root = snapshot(base, work / f"n{n}-d")
                new = extras[rep % len(extras)]
                shutil.copy2(new, root / "inbox" / new.name)
                before = store_counts(root)
                m = measure([py, process, "run", "--root", str(root), "--as-of", as_of], cwd=REPO,
                            sample_tree=True, log=logs / f"{tag}.log")
                after = store_counts(root)
                m.info = {"file": new.name, "store_before": before, "store_after": after,
                          "timings": run_timings(root)}
                if not keep:
                    shutil.rmtree(root, ignore_errors=True)
            elif job in ("b", "b2"):
                out = work / f"merged-{job}.xlsx"
                m = measure([py, jobs_py, "naive" if job == "b" else "informed", str(corpus.inbox), sheet,
                             str(out)], cwd=REPO, log=logs / f"{tag}.log")
                out.unlink(missing_ok=True)
            elif job == "c":
                m = measure([py, jobs_py, "floor", str(corpus.inbox), str(corpus.root / "manifest.json")],
                            cwd=REPO, log=logs / f"{tag}.log")
            results[job].append(m)
            extra = (f" (cpu {m.cpu_seconds:.2f} s, load {m.load_before:.1f}), "
                     f"largest process {m.maxrss_mib:.0f} MiB")
            if m.tree_pss_mib is not None:
                extra += f", tree {m.tree_pss_mib:.0f} MiB"
            say(f"  N={n:,} rep {rep + 1}/{repeat}: {job:<2} {m.seconds:8.2f} s{extra}")
        if base is not None and not keep:
            shutil.rmtree(base, ignore_errors=True)
    return results


# ---------------------------------------------------------------- the table


def _median(ms: list[Measure]) -> float:
    return statistics.median(m.seconds for m in ms)


def _typical(ms: list[Measure]) -> Measure:
    """The repetition whose time is the median (the lower middle one for an even count)."""
    return sorted(ms, key=lambda m: m.seconds)[(len(ms) - 1) // 2]


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu or platform.processor(), "memory_gib": round(mem, 1),
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}"}


def table(results: dict[int, dict[str, list[Measure]]], corpora: dict[int, Corpus], *,
          repeat: int, as_of: str) -> tuple[str, dict[str, Any]]:
    ns = sorted(results)
    lines: list[str] = []
    w = lines.append
    mach = machine()
    w(f"Pacesetter benchmark, {dt.datetime.now():%Y-%m-%d %H:%M}; as of {as_of}; "
      f"median of {repeat} run(s) [min-max]")
    w(f"machine: {mach['cpus']} CPUs ({mach['cpu']}), {mach['memory_gib']} GiB RAM, "
      f"Python {mach['python']}, {mach['system']}")
    for n in ns:
        m = corpora[n].manifest()
        size = sum(f.stat().st_size for f in corpora[n].files()) / 1024**2
        w(f"corpus N={n:,}: {n:,} files, {m['tasks']:,} tasks, {m['mistakes']} with a mistake, "
          f"{m['resaved']} re-saved by LibreOffice, {size:.1f} MB; {corpora[n].root}")
    w("")
    col = 26
    w(f"{'job':<46}" + "".join(f"{f'N={n:,}':>{col}}" for n in ns))
    def section(cell: Callable[[list[Measure]], str]) -> None:
        """One line per job that ran: its cell for each N, "-" where it did not run."""
        for job in JOBS:
            if any(job in results[n] for n in ns):
                cells = [cell(ms) if (ms := results[n].get(job)) else "-" for n in ns]
                w(f"{LABELS[job]:<46}" + "".join(f"{c:>{col}}" for c in cells))

    def seconds(ms: list[Measure]) -> str:
        lo, hi = min(x.seconds for x in ms), max(x.seconds for x in ms)
        return f"{_median(ms):.2f} s [{lo:.2f}-{hi:.2f}]" if len(ms) > 1 else f"{ms[0].seconds:.2f} s"

    def cpu(ms: list[Measure]) -> str:
        return (f"{statistics.median(x.cpu_seconds for x in ms):.2f} s "
                f"(load {statistics.median(x.load_before for x in ms):.1f})")

    def memory(ms: list[Measure]) -> str:
        tree = [x.tree_pss_mib for x in ms if x.tree_pss_mib is not None]
        return f"{max(x.maxrss_mib for x in ms):.0f}" + (f" / {max(tree):.0f}" if tree else "")

    section(seconds)
    w("")
    w("CPU time, user + system of all the job's processes (median); load average before the jobs")
    section(cpu)
    w("")
    w("peak memory (MiB), max over repetitions: largest process / whole tree (PSS)")
    section(memory)
    w("")
    verdicts: list[tuple[str, bool | None, str]] = []
    ratios: dict[int, dict[str, float]] = {}
    w(f"{'ratio (target)':<46}" + "".join(f"{f'N={n:,}':>{col}}" for n in ns))
    for key, other in (("a/b", "b"), ("a/b2", "b2"), ("a/c", "c")):
        cells = []
        for n in ns:
            r = results[n]
            if "a" in r and other in r:
                ratio = _median(r["a"]) / _median(r[other])
                ratios.setdefault(n, {})[key] = ratio
                cells.append(f"{ratio:.2f}")
                if n >= 1000 or len(ns) == 1:
                    verdicts.append((f"{key} <= {TARGETS[key]} at N={n:,}", ratio <= TARGETS[key],
                                     f"{ratio:.2f}"))
            else:
                cells.append("-")
        w(f"{f'{key} (<= {TARGETS[key]})':<46}" + "".join(f"{c:>{col}}" for c in cells))
    if 1000 in results and 5000 in results and "a" in results[1000] and "a" in results[5000]:
        lin = _median(results[5000]["a"]) / _median(results[1000]["a"])
        cpu = (statistics.median(m.cpu_seconds for m in results[5000]["a"])
               / statistics.median(m.cpu_seconds for m in results[1000]["a"]))
        w(f"{'a(5,000) / a(1,000) (<= 5.5)':<46}{lin:>{col}.2f}")
        w(f"{'  the same by CPU time':<46}{cpu:>{col}.2f}")
        verdicts.append(("N=5,000 within 5.5 x N=1,000 (linear)", lin <= TARGETS["linear"],
                         f"{lin:.2f} by wall time, {cpu:.2f} by CPU time"))
    for n in ns:
        if "a" in results[n]:
            rss = max(x.maxrss_mib for x in results[n]["a"])
            tree = max((x.tree_pss_mib or 0) for x in results[n]["a"])
            verdicts.append((f"peak RSS of (a) under 300 MiB at N={n:,}", rss < TARGETS["rss_mib"],
                             f"largest process {rss:.0f} MiB, whole tree {tree:.0f} MiB PSS"))
        if "d" in results[n] and n == 1000:
            d = _median(results[n]["d"])
            verdicts.append(("(d) under 2 s at N=1,000", d < TARGETS["d_seconds"], f"{d:.2f} s"))
    w("")
    w("targets")
    for text, ok, value in verdicts:
        mark = "met    " if ok else "NOT met"
        w(f"  [{mark}] {text}: {value}")
    w("")
    w("details")
    for n in ns:
        r = results[n]
        if "a" in r:
            a = _typical(r["a"])
            w(f"  N={n:,} (a): store {a.info.get('store')}; stages {a.info.get('timings')}")
        if "d" in r:
            d = _typical(r["d"])
            w(f"  N={n:,} (d): {d.info.get('file')}: store {d.info.get('store_before')} -> "
              f"{d.info.get('store_after')}; stages {d.info.get('timings')}")
        for job in ("b", "b2"):
            if job in r:
                info = _typical(r[job]).info
                w(f"  N={n:,} ({job}): {info}")
        if "c" in r:
            info = _typical(r["c"]).info
            w(f"  N={n:,} (c): {info.get('cells'):,} cells; ms per file by writer {info.get('ms_per_file')} "
              f"(files {info.get('count')})")
    loads = [m.load_before for r in results.values() for ms in r.values() for m in ms]
    if loads and max(loads) >= 1.0:
        w(f"  note: the machine was shared; the 1-minute load average before the jobs ranged "
          f"{min(loads):.1f}-{max(loads):.1f} on {mach['cpus']} CPUs")
    record = {"machine": mach, "as_of": as_of, "repeat": repeat,
              "corpora": {str(n): {"seed": c.seed, "language": c.language} for n, c in corpora.items()},
              "results": {str(n): {j: [asdict(m) for m in ms] for j, ms in results[n].items()} for n in ns},
              "ratios": {str(n): v for n, v in ratios.items()},
              "verdicts": [{"target": t_, "met": ok, "value": v} for t_, ok, v in verdicts]}
    return "\n".join(lines), record


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="corpus size (repeatable); default 1000")
    ap.add_argument("--repeat", type=int, default=None,
                    help="repetitions per job (default 3; 1 with --quick)")
    ap.add_argument("--quick", action="store_true", help="N=200, one repetition: a smoke test")
    ap.add_argument("--jobs", default=",".join(JOBS), help="which jobs, e.g. a,d (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--language", choices=("zh", "en"), default="zh")
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--keep", action="store_true",
                    help="keep the campaign folders under bench/out/campaigns/")
    ap.add_argument("--from-json", type=Path, metavar="RESULTS.json",
                    help="print the table of an earlier run again (bench/out/results/*.json)")
    args = ap.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        kinds = saved.get("corpora", {})
        old = {int(n): {j: [Measure(**m) for m in ms] for j, ms in r.items()}
               for n, r in saved["results"].items()}
        cs = {n: Corpus(corpus_path(n, kinds.get(str(n), {}).get("seed", 1),
                                    kinds.get(str(n), {}).get("language", "zh")), n,
                        kinds.get(str(n), {}).get("seed", 1), kinds.get(str(n), {}).get("language", "zh"))
              for n in old}
        print(table(old, cs, repeat=saved["repeat"], as_of=saved["as_of"])[0])
        return 0
    ns = args.n or ([200] if args.quick else [1000])
    repeat = args.repeat or (1 if args.quick else 3)
    jobs = tuple(j for j in JOBS if j in args.jobs.split(","))

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    work = OUT / "campaigns"
    corpora: dict[int, Corpus] = {}
    results: dict[int, dict[str, list[Measure]]] = {}
    for n in ns:
        # made by a process of its own: a job's peak memory (ru_maxrss) counts the pages it
        # shares with this process until it execs, so this process must stay small
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--n", str(n), "--seed", str(args.seed),
                        "--language", args.language], check=True, stdout=sys.stderr)
        corpora[n] = ensure_corpus(n, seed=args.seed, language=args.language, log=say)
    for n in ns:
        say(f"N={n:,}: {repeat} repetition(s) of {', '.join(jobs)}")
        results[n] = bench_n(corpora[n], repeat=repeat, jobs=jobs, as_of=args.as_of, work=work,
                             keep=args.keep, say=say)
    text, record = table(results, corpora, repeat=repeat, as_of=args.as_of)
    print(text)
    folder = OUT / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (folder / f"{stamp}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / f"{stamp}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
