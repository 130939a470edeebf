"""ledger.xlsx — for leaders: the consolidated ledger (台账) of every unit's current tasks.

Three sheets: every task with the five clarities, its values, progress and light;
a summary per unit; a summary per responsible department. The row builders take a
unit filter (``only``: unit codes, or None for all) so ``offices.py`` shows the same
columns for just the units an office approves. Every state shown (progress, light,
overdue, at risk, stalled) is read from ``ctx.metrics``, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pacesetter.config import Config, Period, Unit
from pacesetter.fields import TASK_FIELD, UNIT_TYPE, choice_label
from pacesetter.i18n import t
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Book, Column, light_word, workbook
from pacesetter.score import TaskMetrics

Only = Collection[str] | None
LIGHT_ORDER = {"green": 0, "yellow": 1, "red": 2}
# Wide sheets print on A3: on A4 their 25-odd columns would shrink below reading size.
A3 = 8


# ------------------------------------------------------------------ shared helpers


def units_in(ctx: ReportContext, only: Only = None) -> list[Unit]:
    """The configured units in scope, in config order."""
    if only is None:
        return list(ctx.units)
    by_code, order = ctx.config.unit, ctx.unit_order
    return [by_code[c] for c in sorted((c for c in only if c in order), key=order.__getitem__)]


def unit_type_word(unit: Unit, lang: str) -> str:
    kind = UNIT_TYPE.get(unit.type)
    return kind.label(lang) if kind else unit.type


@dataclass(frozen=True)
class Lookups:
    """What every row looks up, built once per campaign instead of once per row."""

    config: Config
    as_of: dt.date
    periods: dict[str, Period]
    order: dict[str, int]  # period key -> place in the campaign
    approvers: dict[str, str]  # approving unit code -> its name
    current: Period
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, lang) -> label


_LOOKUPS: list[Lookups] = []


def lookups(ctx: ReportContext) -> Lookups:
    """The campaign's lookups; rebuilt when the context's config or as-of date changes."""
    hit = _LOOKUPS[0] if _LOOKUPS else None
    if hit is None or hit.config is not ctx.config or hit.as_of != ctx.as_of:
        cfg = ctx.config
        periods = cfg.periods()
        names = {u.code: u.name for u in cfg.units}
        names[cfg.bureau_code] = cfg.bureau_name
        hit = Lookups(cfg, ctx.as_of, {p.key: p for p in periods},
                      {p.key: i for i, p in enumerate(periods)}, names, ctx.current_period)
        _LOOKUPS[:] = [hit]
    return hit


def period_label(ctx: ReportContext, key: str | None) -> str:
    if not key:
        return ""
    look = lookups(ctx)
    label = look.labels.get((key, ctx.lang))
    if label is None:
        period = look.periods.get(key)
        label = look.labels[(key, ctx.lang)] = period.label(ctx.lang) if period else key
    return label


def latest_period(ctx: ReportContext, code: str) -> str | None:
    """The key of the latest period the unit has an accepted report for."""
    order = lookups(ctx).order
    done = ctx.submitted.get(code, set())
    return max(done, key=lambda k: order.get(k, -1)) if done else None


def approver_word(ctx: ReportContext, unit: Unit) -> str:
    return lookups(ctx).approvers.get(unit.approver, unit.approver)


def bench_name(ctx: ReportContext, code: str | None) -> str:
    if not code:
        return ""
    bench = ctx.config.benchmark.get(code)
    return bench.name if bench else code


def state_key(m: TaskMetrics) -> str:
    """One word for where a task stands, in the order a leader worries about."""
    if m.done:
        return "completed"
    if m.overdue:
        return "overdue"
    if m.at_risk:
        return "at_risk"
    if m.stalled:
        return "stalled"
    return "on_track"


Task = tuple[Unit, dict[str, Any], TaskMetrics]


def tasks_in(ctx: ReportContext, only: Only = None) -> list[Task]:
    """Every current task of the units in scope with its metrics, by unit then task no.

    Worked out once per context for all units, and kept for the last scope asked for
    (an office's): a workbook goes over its tasks for every sheet.
    """
    if only is None:
        return ctx.remember("tasks_in", lambda: _tasks_in(ctx, None))
    scope = frozenset(only)
    last = ctx.memo.get("tasks_in scope")
    if last is None or last[0] != scope:
        last = ctx.memo["tasks_in scope"] = (scope, _tasks_in(ctx, only))
    return last[1]


def _tasks_in(ctx: ReportContext, only: Only) -> list[Task]:
    out = []
    for unit in units_in(ctx, only):
        for task in ctx.tasks.get(unit.code, ()):  # in task-number order
            m = ctx.metrics.get((unit.code, task["task_no"]))
            if m is not None:
                out.append((unit, task, m))
    return out


def joined(words: Collection[str], lang: str) -> str:
    return t("ledger.join", lang).join(w for w in words if w)


def commitment_overdue(ctx: ReportContext) -> bool:
    return ctx.as_of > ctx.config.calendar.target_setting_due


def field_label(key: str, lang: str) -> str:
    """A task field's header, the same words as the template the units fill."""
    return TASK_FIELD[key].label(lang)


def columns(lang: str, spec: list[tuple[str, str, int]]) -> list[Column]:
    """Columns from (label, kind, width): "f:<field>" is a task field's template label, else a message key."""
    return [Column(field_label(key[2:], lang) if key.startswith("f:") else t(key, lang), kind, width)
            for key, kind, width in spec]


# ------------------------------------------------------------------ sheet 1: every task


def task_columns(lang: str) -> list[Column]:
    return columns(lang, [
        ("col.unit", "wrap", 16), ("col.unit_type", "wrap", 10),
        ("f:task_no", "int", 8), ("f:category", "wrap", 12),
        ("f:title", "wrap", 16), ("f:objective", "wrap", 22),
        ("f:indicator", "wrap", 14), ("f:unit_of_measure", "wrap", 8),
        ("f:direction", "wrap", 8), ("f:baseline", "num", 8),
        ("f:target", "num", 8), ("f:current_value", "num", 8),
        ("ledger.col.benchmark_unit", "wrap", 16), ("f:benchmark_value", "num", 10),
        ("f:measures", "wrap", 26), ("f:lead_leader", "wrap", 9),
        ("f:responsible_person", "wrap", 11), ("f:handler", "wrap", 9),
        ("f:deadline", "date", 11), ("f:responsible_dept", "wrap", 10),
        ("f:status", "wrap", 8), ("ledger.col.progress", "pct", 8),
        ("ledger.col.elapsed", "pct", 8), ("ledger.col.light", "light", 7),
        ("ledger.col.state", "wrap", 9), ("ledger.col.overdue_days", "int", 8),
        ("ledger.col.latest_period", "wrap", 16), ("f:progress_note", "wrap", 26),
    ])


TASK_LIGHT_COL = 23


def task_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    lang = ctx.lang
    rows: list[list[Any]] = []
    for unit, v, m in tasks_in(ctx, only):
        rows.append([
            unit.name, unit_type_word(unit, lang), v["task_no"], v.get("category"), v.get("title"),
            v.get("objective"), v.get("indicator"), v.get("unit_of_measure"),
            choice_label("direction", m.direction, lang), m.baseline, m.target, m.current,
            bench_name(ctx, v.get("benchmark_unit")), m.benchmark_value, v.get("measures"),
            v.get("lead_leader"), v.get("responsible_person"), v.get("handler"), v.get("deadline"),
            v.get("responsible_dept"), choice_label("status", v.get("status"), lang), m.progress,
            m.elapsed, light_word(m.light, lang), t(f"ledger.state.{state_key(m)}", lang),
            m.overdue_days or None, period_label(ctx, v.get("period")), v.get("progress_note"),
        ])
    return rows


# ------------------------------------------------------------------ sheet 2: per unit


def unit_columns(lang: str) -> list[Column]:
    return columns(lang, [
        ("col.unit_code", "text", 11), ("col.unit", "wrap", 24),
        ("col.unit_type", "wrap", 12), ("col.approver", "wrap", 20),
        ("ledger.col.tasks", "int", 7), ("ledger.col.completed", "int", 8),
        ("ledger.col.on_track", "int", 8), ("ledger.col.at_risk", "int", 8),
        ("ledger.col.overdue", "int", 8), ("ledger.col.stalled", "int", 8),
        ("ledger.col.mean_progress", "pct", 9),
        ("ledger.col.latest_period", "wrap", 16),
        ("ledger.col.light", "light", 7), ("ledger.col.note", "wrap", 18),
    ])


UNIT_LIGHT_COL = 12


def unit_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    lang = ctx.lang
    by_unit: dict[str, list[TaskMetrics]] = {}
    for unit, _, m in tasks_in(ctx, only):
        by_unit.setdefault(unit.code, []).append(m)
    rows: list[list[Any]] = []
    for unit in units_in(ctx, only):
        ms = by_unit.get(unit.code, [])
        note = ""
        if ms:
            light: str | None = max((m.light for m in ms), key=LIGHT_ORDER.__getitem__)
        else:
            note = t("ledger.no_commitment", lang)
            light = "red" if commitment_overdue(ctx) else None
        rows.append([
            unit.code, unit.name, unit_type_word(unit, lang), approver_word(ctx, unit), len(ms),
            sum(m.done for m in ms), sum(m.light == "green" and not m.done for m in ms),
            sum(m.at_risk for m in ms), sum(m.overdue for m in ms), sum(m.stalled for m in ms),
            sum(m.progress for m in ms) / len(ms) if ms else None,
            period_label(ctx, latest_period(ctx, unit.code)),
            light_word(light, lang) if light else None, note,
        ])
    return rows


# ------------------------------------------------------------------ sheet 3: per department


def dept_columns(lang: str) -> list[Column]:
    return columns(lang, [
        ("f:responsible_dept", "wrap", 20), ("ledger.col.units", "int", 8),
        ("ledger.col.tasks", "int", 7), ("ledger.col.completed", "int", 8),
        ("ledger.col.at_risk", "int", 8), ("ledger.col.overdue", "int", 8),
        ("ledger.col.stalled", "int", 8), ("ledger.col.mean_progress", "pct", 9),
    ])


def dept_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    groups: dict[str, list[tuple[str, TaskMetrics]]] = {}
    for unit, v, m in tasks_in(ctx, only):
        dept = (v.get("responsible_dept") or "").strip()
        groups.setdefault(dept, []).append((unit.code, m))
    rows: list[list[Any]] = []
    for dept in sorted(groups, key=lambda d: (d == "", d)):
        items = groups[dept]
        ms = [m for _, m in items]
        rows.append([dept or t("ledger.no_department", ctx.lang), len({u for u, _ in items}), len(ms),
                     sum(m.done for m in ms), sum(m.at_risk for m in ms), sum(m.overdue for m in ms),
                     sum(m.stalled for m in ms), sum(m.progress for m in ms) / len(ms)])
    return rows


# ------------------------------------------------------------------ the workbook


def add_sheets(book: Book, ctx: ReportContext, only: Only = None, *, title: str | None = None,
               scope: str = "") -> None:
    """The ledger's three sheets for the units in scope, into an open workbook.

    ``scope`` (a sentence naming whose units these are) opens the first sheet's subtitle.
    """
    lang, as_of = ctx.lang, ctx.as_of.isoformat()
    sep = "" if lang == "zh" else " "
    ws = book.sheet(t("ledger.sheet_tasks", lang))
    ws.set_paper(A3)
    subtitle = (scope + sep if scope else "") + t("ledger.subtitle", lang, as_of=as_of)
    book.table(ws, task_columns(lang), task_rows(ctx, only), title=title or t("ledger.title", lang),
              subtitle=subtitle, freeze_cols=3, light_col=TASK_LIGHT_COL)
    ws = book.sheet(t("ledger.sheet_units", lang))
    book.table(ws, unit_columns(lang), unit_rows(ctx, only), title=t("ledger.units_title", lang),
              subtitle=t("ledger.units_subtitle", lang, as_of=as_of,
                         due=ctx.config.calendar.target_setting_due.isoformat()),
              freeze_cols=2, light_col=UNIT_LIGHT_COL)
    ws = book.sheet(t("ledger.sheet_depts", lang), landscape=False)
    book.table(ws, dept_columns(lang), dept_rows(ctx, only), title=t("ledger.depts_title", lang),
              subtitle=t("ledger.depts_subtitle", lang, as_of=as_of))


def write(ctx: ReportContext) -> list[Path]:
    path = ctx.out_dir / "ledger.xlsx"
    with workbook(path, lang=ctx.lang, as_of=ctx.as_of, title=t("ledger.title", ctx.lang)) as book:
        add_sheets(book, ctx)
    return [path]
