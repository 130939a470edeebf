"""Pure: the campaign's tasks and reports + config -> each task's state and score, each unit's total.

No I/O here. Every number a leader reads (progress, the light, days overdue,
benchmark state, scores, ranks) is computed in this module from dates and values,
never taken from a unit's own status word, so the workbooks agree with each other
and anyone can recompute them by hand from the rules in the README.

A task's score (0-100) = 100 x (w_c x completion + w_t x timeliness + w_b x benchmark):
* completion: share of the way from baseline to target reached (direction-aware,
  0..1); a milestone task is 1 when completed, else 0;
* timeliness: 1 while not overdue (or done); overdue, it falls linearly to 0 over
  ``overdue_grace_days``;
* benchmark: share of the way from baseline to the benchmark value (0..1); without a
  benchmark value, equal to completion.
A unit's total = weighted mean of its task scores (task 1 weighs ``first_task_weight``)
+ ``surpass_bonus`` per task that surpasses its benchmark (at most ``bonus_cap``)
- ``overdue_deduction`` per overdue task - ``late_report_deduction`` per late report
- ``missing_report_deduction`` per report due and not sent (at most ``deduction_cap``),
never below 0. Ranks are within the unit's peer group (its type), 1 = best; equal
totals share a rank.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pacesetter.config import Config

EPS = 1e-9


@dataclass(frozen=True)
class TaskInput:
    """One task of a unit as it stands: committed fields and the latest progress."""

    unit_code: str
    task_no: int
    values: dict[str, Any]  # field key -> typed value (latest report)
    history: tuple[tuple[str, float | None, str | None], ...] = ()  # (period, current, status) in order


@dataclass(frozen=True, slots=True)
class TaskMetrics:
    unit_code: str
    task_no: int
    direction: str
    baseline: float | None
    target: float | None
    current: float | None
    benchmark_value: float | None  # stated, else the configured reference
    progress: float  # 0..1 of the way from baseline to target
    elapsed: float  # 0..1 of the time from start to deadline
    done: bool
    overdue_days: int  # > 0 when overdue
    at_risk: bool
    stalled: bool
    light: str  # green | yellow | red
    benchmark_state: str | None  # behind | reached | surpassed | None without a benchmark
    gap: float | None  # current - benchmark, sign so that > 0 is ahead
    gap_pct: float | None
    completion: float
    timeliness: float
    benchmark_part: float
    weight: float
    score: float

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class UnitScore:
    unit_code: str
    unit_type: str
    tasks: int
    done: int
    on_track: int
    at_risk: int
    overdue: int
    stalled: int
    base: float  # weighted mean of task scores
    surpassed: int
    bonus: float
    late_reports: int
    missing_reports: int
    deductions: float
    total: float
    rank: int = 0
    group_size: int = 0
    missing_periods: tuple[str, ...] = field(default_factory=tuple)


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def progress_of(direction: str, baseline: float | None, target: float | None, current: float | None,
                status: str | None) -> float:
    """Share of the way from baseline to target (0..1), direction-aware."""
    if direction == "milestone" or target is None:
        return 1.0 if status == "completed" else 0.0
    if current is None:
        return 0.0
    if direction == "lower":
        if baseline is None or baseline <= target + EPS:
            return 1.0 if current <= target + EPS else 0.0
        share = (baseline - current) / (baseline - target)
    else:
        start = 0.0 if baseline is None else baseline
        if target <= start + EPS:
            return 1.0 if current >= target - EPS else 0.0
        share = (current - start) / (target - start)
    return min(1.0, max(0.0, share))


def benchmark_state(direction: str, current: float | None, bench: float | None) -> str | None:
    """behind / reached (达标) / surpassed (创标) against the benchmark value."""
    if bench is None or direction == "milestone":
        return None
    if current is None:
        return "behind"
    ahead = (bench - current) if direction == "lower" else (current - bench)
    scale = max(abs(bench), 1.0) * 1e-9
    if ahead > scale:
        return "surpassed"
    if ahead >= -scale:
        return "reached"
    return "behind"


def elapsed_of(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    if as_of <= start:
        return 0.0
    if as_of >= deadline or deadline <= start:
        return 1.0
    return (as_of - start).days / (deadline - start).days


def _stalled(direction: str, history: Sequence[tuple[str, float | None, str | None]], periods: int,
             done: bool) -> bool:
    """No progress over the last ``periods`` reports (value and status unchanged or worse)."""
    if done or periods <= 0 or len(history) < periods + 1:
        return False
    last = history[-1]
    before = history[-1 - periods]
    if direction == "milestone" or last[1] is None or before[1] is None:
        return last[1:] == before[1:] and last[2] != "completed"
    gained = (before[1] - last[1]) if direction == "lower" else (last[1] - before[1])
    return gained <= EPS


def task_metrics(task: TaskInput, config: Config, as_of: dt.date) -> TaskMetrics:
    """Everything computed about one task as of a date."""
    v = task.values
    direction = v.get("direction") or "higher"
    baseline, target, current = _f(v.get("baseline")), _f(v.get("target")), _f(v.get("current_value"))
    status = v.get("status")
    stated = _f(v.get("benchmark_value"))
    bench = stated if stated is not None else config.reference(v.get("benchmark_unit"),
                                                                v.get("indicator"))
    progress = progress_of(direction, baseline, target, current, status)
    done = progress >= 1.0 - EPS
    deadline: dt.date | None = v.get("deadline")
    start: dt.date = v.get("start_date") or config.calendar.campaign_start
    elapsed = elapsed_of(start, deadline, as_of) if deadline else 0.0
    overdue_days = (as_of - deadline).days if deadline and not done and as_of > deadline else 0
    tol = config.thresholds.at_risk_tolerance
    at_risk = not done and not overdue_days and progress < elapsed - tol
    stalled = _stalled(direction, task.history, config.thresholds.stall_periods, done)
    light = "red" if overdue_days else "yellow" if (at_risk or stalled) else "green"
    state = benchmark_state(direction, current, bench)
    gap = gap_pct = None
    if state is not None and current is not None and bench is not None:
        gap = (bench - current) if direction == "lower" else (current - bench)
        gap_pct = gap / abs(bench) if abs(bench) > EPS else None
    s = config.scoring
    timeliness = 1.0 if not overdue_days else max(0.0, 1.0 - overdue_days / max(s.overdue_grace_days, 1))
    if bench is None or direction == "milestone":
        bpart = progress
    else:
        bpart = progress_of(direction, baseline, bench, current, status)
    score = 100 * (s.completion * progress + s.timeliness * timeliness + s.benchmark * bpart)
    weight = s.first_task_weight if task.task_no == 1 else 1.0
    return TaskMetrics(task.unit_code, task.task_no, direction, baseline, target, current, bench,
                       progress, elapsed, done, overdue_days, at_risk, stalled, light, state, gap,
                       gap_pct, progress, timeliness, bpart, weight, round(score, 2))


def due_periods(config: Config, as_of: dt.date) -> list[str]:
    """Periods whose due date has passed as of the date (a report is missing after that)."""
    return [p.key for p in config.periods() if p.due < as_of]


def unit_scores(config: Config, metrics: Iterable[TaskMetrics], *, submitted: dict[str, set[str]],
                late: dict[str, int], as_of: dt.date) -> list[UnitScore]:
    """Each unit's total and its rank within its peer group.

    ``submitted``: unit -> periods with an accepted report; ``late``: unit -> late reports.
    """
    by_unit: dict[str, list[TaskMetrics]] = {}
    for m in metrics:
        by_unit.setdefault(m.unit_code, []).append(m)
    s = config.scoring
    due = due_periods(config, as_of)
    out: list[UnitScore] = []
    for unit in config.units:
        ms = by_unit.get(unit.code, [])
        weight = sum(m.weight for m in ms)
        base = sum(m.score * m.weight for m in ms) / weight if weight else 0.0
        surpassed = sum(m.benchmark_state == "surpassed" for m in ms)
        bonus = min(s.bonus_cap, s.surpass_bonus * surpassed)
        overdue = sum(m.overdue for m in ms)
        missing = tuple(p for p in due if p not in submitted.get(unit.code, set()))
        n_late = late.get(unit.code, 0)
        deductions = min(s.deduction_cap, s.overdue_deduction * overdue
                         + s.late_report_deduction * n_late
                         + s.missing_report_deduction * len(missing))
        total = max(0.0, base + bonus - deductions)
        out.append(UnitScore(
            unit.code, unit.type, len(ms), sum(m.done for m in ms),
            sum(not m.done and not m.overdue and not m.at_risk for m in ms),
            sum(m.at_risk for m in ms), overdue, sum(m.stalled for m in ms), round(base, 2),
            surpassed, round(bonus, 2), n_late, len(missing), round(deductions, 2), round(total, 2),
            missing_periods=missing))
    return rank_within_groups(out)


def rank_within_groups(scores: list[UnitScore]) -> list[UnitScore]:
    """Competition ranking (1, 1, 3) by total within each unit type."""
    from dataclasses import replace

    ranked: list[UnitScore] = []
    groups: dict[str, list[UnitScore]] = {}
    for s in scores:
        groups.setdefault(s.unit_type, []).append(s)
    position: dict[str, tuple[int, int]] = {}
    for members in groups.values():
        # rank = 1 + how many totals are clearly higher: sort once, count by bisection
        totals = sorted(m.total for m in members)
        for s in members:
            higher = len(totals) - bisect.bisect_right(totals, s.total + EPS)
            position[s.unit_code] = (1 + higher, len(members))
    for s in scores:
        rank, size = position[s.unit_code]
        ranked.append(replace(s, rank=rank, group_size=size))
    return ranked
