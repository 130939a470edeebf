"""Everything the workbooks read, loaded from the store once per run.

Reports never query the store themselves: they read this context, so all of them
show the same numbers for the same run.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pacesetter.config import Config, Period, Unit
from pacesetter.score import TaskInput, TaskMetrics, UnitScore, task_metrics, unit_scores
from pacesetter.store import Store


@dataclass
class ReportContext:
    config: Config
    as_of: dt.date
    run_id: str
    out_dir: Path
    # every current (not superseded) accepted submission, as dicts
    submissions: list[dict[str, Any]] = field(default_factory=list)
    # unit -> its tasks as they stand now (latest report), typed values + "period", by task no
    tasks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # (unit, task_no) -> [(period, current_value, status)] over the unit's reports, in period order
    history: dict[tuple[str, int], list[tuple[str, float | None, str | None]]] = field(default_factory=dict)
    # (unit, task_no) -> values in the unit's report for the previous period (notification)
    previous: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    # unit -> its exchanges (the same dicts)
    exchanges_by_unit: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # unit code -> its place in the configuration (units are listed in config order)
    unit_order: dict[str, int] = field(default_factory=dict)
    metrics: dict[tuple[str, int], TaskMetrics] = field(default_factory=dict)
    scores: dict[str, UnitScore] = field(default_factory=dict)
    # files of this run with their findings: list of dicts (files row + "findings": [rows])
    run_files: list[dict[str, Any]] = field(default_factory=list)
    # unit -> periods with an accepted report
    submitted: dict[str, set[str]] = field(default_factory=dict)
    draws: list[dict[str, Any]] = field(default_factory=list)
    # unit -> its latest report's Unit-sheet values
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    # unit -> latest inspection result returned by the inspectors (score, date, findings ...)
    inspections: dict[str, dict[str, Any]] = field(default_factory=dict)
    # skipped and already-processed files of this run (not new rows in the store)
    extra_outcomes: list[Any] = field(default_factory=list)
    # what the reports work out from the above and go over more than once (``remember``)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def remember(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, worked out once per context (and process): the context is complete
        before any report reads it, and no report changes it."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = make()
            return value

    @cached_property
    def late_by_unit(self) -> dict[str, list[dict[str, Any]]]:
        """Each unit's late reports, among ``submissions``: worked out once, not once an office."""
        late: dict[str, list[dict[str, Any]]] = {}
        for s in self.submissions:
            if (s.get("late_days") or 0) > 0:
                late.setdefault(s["unit_code"], []).append(s)
        return late

    @property
    def lang(self) -> str:
        return self.config.language

    @property
    def units(self) -> tuple[Unit, ...]:
        return self.config.units

    @property
    def current_period(self) -> Period:
        """The latest period whose report is due by the as-of date (else the first)."""
        periods = self.config.periods()
        due = [p for p in periods if p.due <= self.as_of]
        return max(due, key=lambda p: p.due) if due else periods[0]

    @property
    def previous_period(self) -> Period | None:
        """The report before the current one (for the assessment: the last monthly report)."""
        cur = self.current_period
        earlier = [p for p in self.config.periods() if p.stage != "assessment" and p.due < cur.due]
        return max(earlier, key=lambda p: p.due) if earlier else None

    def scored_tasks(self) -> list[tuple[str, dict[str, Any], TaskMetrics]]:
        """(unit code, task, metrics) of every current task: units in configuration order (any
        no longer configured after them, by code), each unit's tasks by task number."""
        order = self.unit_order
        return [(unit, task, m)
                for unit in sorted(self.tasks, key=lambda c: (order.get(c, len(order)), c))
                for task in self.tasks[unit]
                if (m := self.metrics.get((unit, task["task_no"]))) is not None]

    def header(self, unit_code: str) -> dict[str, Any]:
        """The unit's latest Unit-sheet values (contacts as the unit last gave them)."""
        return self.headers.get(unit_code, {})


def load_context(config: Config, store: Store, *, as_of: dt.date, run_id: str,
                 out_dir: Path, run_files: list[dict[str, Any]] | None = None) -> ReportContext:
    """Read the store once and compute every task's metrics and every unit's score.

    ``run_files``: this run's files as ``load_run_files`` read them, if read already."""
    # Loading makes no reference cycles (tested): the garbage collector would only walk the
    # growing context again and again while it is built, a tenth of the time at N = 1,000.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(config, store, as_of=as_of, run_id=run_id, out_dir=out_dir, run_files=run_files)
    finally:
        if enabled:
            # what was made is the context, kept to the end of the run: out of the collector's
            # sight, or its first pass after this walks all of it (54 ms of one core at N = 5,000)
            gc.freeze()
            gc.enable()


def load_run_files(config: Config, store: Store, *, as_of: dt.date, run_id: str,
                   out_dir: Path) -> ReportContext:
    """A context holding only this run's files and their findings: all that the workbooks
    about the run's files (feedback, validation) read, and quick to load."""
    ctx = ReportContext(config, as_of, run_id, out_dir)
    found = store.unpublished_findings(run_id)
    for f in store.unpublished_files(run_id):
        d = dict(f)
        d["findings"] = [dict(x) for x in found.get(f["sha256"], ())]
        ctx.run_files.append(d)
    return ctx


def _load(config: Config, store: Store, *, as_of: dt.date, run_id: str, out_dir: Path,
          run_files: list[dict[str, Any]] | None = None) -> ReportContext:
    ctx = ReportContext(config, as_of, run_id, out_dir)
    order = config.report_order
    far = (dt.date.max, 999)
    subs = [dict(r) for r in store.submissions(current_only=True)]
    for s in subs:
        s["header"] = json.loads(s["header"])
    # by due date: the assessment (due mid-November) precedes the November and December reports
    subs.sort(key=lambda s: (s["unit_code"], order.get(s["period"], far), s["received_at"], s["seq"]))
    ctx.submissions = subs
    ctx.unit_order = {u.code: i for i, u in enumerate(config.units)}
    rows = store.tasks_of(s["id"] for s in subs)
    # typed values only: no report shows the raw text (it stays in the store), and at
    # city scale it would double the memory every report-writing process starts from
    by_sub: dict[int, list[dict[str, Any]]] = {}
    for sid, task in rows:
        by_sub.setdefault(sid, []).append(task)

    latest: dict[str, dict[str, Any]] = {}
    for s in subs:
        ctx.submitted.setdefault(s["unit_code"], set()).add(s["period"])
        latest[s["unit_code"]] = s  # sorted by due date: the last one is the latest report
        ctx.headers[s["unit_code"]] = s["header"]
        for t in by_sub.get(s["id"], []):
            ctx.history.setdefault((s["unit_code"], t["task_no"]), []).append(
                (s["period"], t["current_value"], t["status"]))
    prev = ctx.previous_period
    for s in subs:
        if prev is not None and s["period"] == prev.key:
            for t in by_sub.get(s["id"], []):
                ctx.previous[(s["unit_code"], t["task_no"])] = t
    for unit, s in latest.items():
        tasks = by_sub.get(s["id"], [])  # in task-number order: tasks_of sorts them
        for t in tasks:
            t["period"] = s["period"]
        ctx.tasks[unit] = tasks

    for unit, tasks in ctx.tasks.items():
        for t in tasks:
            key = (unit, t["task_no"])
            ctx.metrics[key] = task_metrics(
                TaskInput(unit, t["task_no"], t, tuple(ctx.history.get(key, ()))), config, as_of)
    late = {unit: len(reports) for unit, reports in ctx.late_by_unit.items()}
    for sc in unit_scores(config, ctx.metrics.values(), submitted=ctx.submitted, late=late,
                          as_of=as_of):
        ctx.scores[sc.unit_code] = sc

    ctx.exchanges = [dict(r) for r in store.exchanges()]
    for x in ctx.exchanges:
        ctx.exchanges_by_unit.setdefault(x.get("unit_code") or "", []).append(x)
    if run_files is None:
        run_files = load_run_files(config, store, as_of=as_of, run_id=run_id, out_dir=out_dir).run_files
    ctx.run_files = run_files
    ctx.draws = [dict(r) for r in store.draws()]
    from pacesetter.inspections import load_inspections

    ctx.inspections = load_inspections(store)
    return ctx
