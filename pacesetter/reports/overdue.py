"""overdue.xlsx — for clerks and leaders: what is late, behind, stuck or missing, and who to chase.

Sheets: overdue tasks (graded yellow, then red as they age), at-risk tasks (progress
behind the time elapsed), stalled tasks, units that have not submitted this period
(contacts and a reminder ready to send), late submissions, units with no exchange
with their benchmark unit this quarter, and the rectification list with its time
limit. Task lists are grouped by responsible department and person; unit lists by
approving unit. Each list is a row builder taking a unit filter (``only``), shared
with ``offices.py``. States are read from ``ctx.metrics``, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pacesetter.config import Unit
from pacesetter.fields import choice_label
from pacesetter.i18n import t
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Book, Column, light_word, workbook
from pacesetter.reports.ledger import (
    Only,
    approver_word,
    bench_name,
    columns,
    joined,
    lookups,
    period_label,
    tasks_in,
    unit_type_word,
    units_in,
)
from pacesetter.score import TaskMetrics

LAST = "\uffff"  # sorts blanks after every name


_WHO = [("f:responsible_dept", "wrap", 12), ("f:responsible_person", "wrap", 9), ("col.unit", "wrap", 18),
        ("f:task_no", "int", 8), ("f:title", "wrap", 20)]


def _who_row(unit: Unit, v: dict[str, Any]) -> list[Any]:
    return [v.get("responsible_dept"), v.get("responsible_person"), unit.name, v["task_no"], v.get("title")]


def _task_items(ctx: ReportContext, only: Only, keep: Any) -> list[tuple[Unit, dict[str, Any], TaskMetrics]]:
    """The tasks kept, grouped by responsible department, then person, then unit and task no."""
    items = [(u, v, m) for u, v, m in tasks_in(ctx, only) if keep(m)]
    order = ctx.unit_order
    items.sort(key=lambda x: ((x[1].get("responsible_dept") or "").strip() or LAST,
                              (x[1].get("responsible_person") or "").strip() or LAST,
                              order.get(x[0].code, 0), x[1]["task_no"]))
    return items


def grade(ctx: ReportContext, m: TaskMetrics) -> str:
    """Yellow while recently overdue, red once overdue ``overdue_red_days`` or more."""
    return "red" if m.overdue_days >= ctx.config.thresholds.overdue_red_days else "yellow"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _text(value: Any) -> str:
    """Contact fields as text (a phone typed as a number must not read 1.38e10)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


# ------------------------------------------------------------------ overdue / at risk / stalled


def overdue_columns(lang: str) -> list[Column]:
    return columns(lang, [*_WHO, ("f:lead_leader", "wrap", 9),
            ("f:handler", "wrap", 9), ("f:deadline", "date", 11),
            ("ledger.col.overdue_days", "int", 8), ("overdue.col.grade", "light", 8),
            ("ledger.col.progress", "pct", 8), ("f:status", "wrap", 8),
            ("f:progress_note", "wrap", 24)])


OVERDUE_GRADE_COL = 9


def overdue_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    lang = ctx.lang
    return [[*_who_row(u, v), v.get("lead_leader"), v.get("handler"), v.get("deadline"), m.overdue_days,
             light_word(grade(ctx, m), lang), m.progress, _status(v, lang), v.get("progress_note")]
            for u, v, m in _task_items(ctx, only, lambda m: m.overdue)]


def _status(v: dict[str, Any], lang: str) -> str:
    return choice_label("status", v.get("status"), lang)


def at_risk_columns(lang: str) -> list[Column]:
    return columns(lang, [*_WHO, ("f:lead_leader", "wrap", 9),
            ("f:deadline", "date", 11), ("ledger.col.progress", "pct", 8),
            ("ledger.col.elapsed", "pct", 8), ("overdue.col.behind", "pct", 8),
            ("f:status", "wrap", 8), ("f:progress_note", "wrap", 26)])


def at_risk_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    lang = ctx.lang
    return [[*_who_row(u, v), v.get("lead_leader"), v.get("deadline"), m.progress, m.elapsed,
             m.elapsed - m.progress, _status(v, lang), v.get("progress_note")]
            for u, v, m in _task_items(ctx, only, lambda m: m.at_risk)]


def stalled_columns(lang: str) -> list[Column]:
    return columns(lang, [*_WHO, ("f:lead_leader", "wrap", 9),
            ("f:deadline", "date", 11), ("overdue.col.history", "wrap", 30),
            ("ledger.col.progress", "pct", 8), ("f:status", "wrap", 8),
            ("f:progress_note", "wrap", 24)])


def _history_text(ctx: ReportContext, unit: str, task_no: int) -> str:
    """The last few reports of a task: "2026-06: 10 → 2026-07: 10 → 2026-08: 10"."""
    history = ctx.history.get((unit, task_no), [])[-(ctx.config.thresholds.stall_periods + 1):]
    look = lookups(ctx)
    parts = []
    for key, value, status in history:
        period = look.periods.get(key)
        name = key if period is not None and period.stage == "progress" else period_label(ctx, key)
        shown = _num(value) if value is not None else _status({"status": status}, ctx.lang)
        parts.append(f"{name}: {shown}")
    return " → ".join(parts)


def stalled_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    lang = ctx.lang
    return [[*_who_row(u, v), v.get("lead_leader"), v.get("deadline"),
             _history_text(ctx, u.code, v["task_no"]), m.progress, _status(v, lang), v.get("progress_note")]
            for u, v, m in _task_items(ctx, only, lambda m: m.stalled)]


# ------------------------------------------------------------------ units: missing, late, exchanges


def _units_by_approver(ctx: ReportContext, only: Only) -> list[Unit]:
    order = ctx.unit_order
    return sorted(units_in(ctx, only), key=lambda u: (u.approver != ctx.config.bureau_code,
                                                      order.get(u.approver, -1), order[u.code]))


def contacts(ctx: ReportContext, unit: Unit) -> dict[str, str]:
    """The unit's contacts as it last gave them on its Unit sheet, else as configured."""
    header = ctx.header(unit.code)
    return {"first_responsible": _text(header.get("first_responsible")) or unit.first_responsible,
            "contact_person": _text(header.get("contact_person")) or unit.contact_person,
            "contact_phone": _text(header.get("contact_phone")) or unit.contact_phone,
            "email": unit.email}


def missing_units(ctx: ReportContext, only: Only = None) -> list[Unit]:
    """Units with no accepted report for the current period."""
    key = lookups(ctx).current.key
    return [u for u in _units_by_approver(ctx, only) if key not in ctx.submitted.get(u.code, set())]


def reminder(ctx: ReportContext, unit: Unit) -> str:
    """A reminder the clerk can paste into an e-mail or a message, in the campaign's language."""
    period = lookups(ctx).current
    return t("overdue.reminder", ctx.lang, unit=unit.name, period=period_label(ctx, period.key),
             campaign=ctx.config.campaign_name, due=period.due.isoformat(), code=unit.code,
             approver=approver_word(ctx, unit), bureau=ctx.config.bureau_name)


def missed_before(ctx: ReportContext, code: str) -> list[str]:
    """Earlier periods past their due date with no report (from the unit's score)."""
    score = ctx.scores.get(code)
    current = lookups(ctx).current.key
    return [p for p in (score.missing_periods if score else ()) if p != current]


def missing_columns(lang: str, *, with_reminder: bool = True) -> list[Column]:
    spec = [("col.unit_code", "text", 11), ("col.unit", "wrap", 20),
            ("col.unit_type", "wrap", 10), ("col.approver", "wrap", 16),
            ("overdue.col.first_responsible", "wrap", 10),
            ("overdue.col.contact_person", "wrap", 9),
            ("overdue.col.phone", "text", 13), ("overdue.col.email", "wrap", 25),
            ("overdue.col.missed_before", "wrap", 24)]
    if with_reminder:
        spec.append(("overdue.col.reminder", "wrap", 60))
    return columns(lang, spec)


def missing_rows(ctx: ReportContext, only: Only = None, *, with_reminder: bool = True) -> list[list[Any]]:
    lang = ctx.lang
    rows = []
    for u in missing_units(ctx, only):
        c = contacts(ctx, u)
        row = [u.code, u.name, unit_type_word(u, lang), approver_word(ctx, u), c["first_responsible"],
               c["contact_person"], c["contact_phone"], c["email"],
               joined([period_label(ctx, p) for p in missed_before(ctx, u.code)], lang)]
        if with_reminder:
            row.append(reminder(ctx, u))
        rows.append(row)
    return rows


def late_columns(lang: str) -> list[Column]:
    return columns(lang, [("col.unit_code", "text", 11), ("col.unit", "wrap", 22),
            ("col.approver", "wrap", 18), ("col.period", "wrap", 20),
            ("overdue.col.due", "date", 11), ("overdue.col.submitted", "date", 11),
            ("overdue.col.days_late", "int", 8)])


def late_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    look = lookups(ctx)
    late = ctx.late_by_unit
    rows = []
    for u in _units_by_approver(ctx, only):
        for s in sorted(late.get(u.code, []), key=lambda s: look.order.get(s["period"], 99)):
            period = look.periods.get(s["period"])
            rows.append([u.code, u.name, approver_word(ctx, u), period_label(ctx, s["period"]),
                         period.due if period else None, _date(s.get("submitted_on")), s["late_days"]])
    return rows


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def quarter_of(day: dt.date) -> tuple[int, dt.date, dt.date]:
    """(quarter number, first day, last day) of the quarter holding the date."""
    q = (day.month - 1) // 3 + 1
    start = dt.date(day.year, 3 * q - 2, 1)
    end = dt.date(day.year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return q, start, end


def exchange_columns(lang: str) -> list[Column]:
    return columns(lang, [("col.unit_code", "text", 11), ("col.unit", "wrap", 22),
            ("col.unit_type", "wrap", 10), ("col.approver", "wrap", 18),
            ("overdue.col.benchmark_units", "wrap", 36),
            ("overdue.col.last_exchange", "date", 12)])


def exchange_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    """Units that named benchmark units but had no exchange with any of them this quarter."""
    _, start, end = quarter_of(ctx.as_of)
    named: dict[str, list[str]] = {}
    for u, v, _ in tasks_in(ctx, only):
        code = v.get("benchmark_unit")
        if code and code not in named.setdefault(u.code, []):
            named[u.code].append(code)
    held = ctx.exchanges_by_unit
    rows = []
    for u in _units_by_approver(ctx, only):
        benches = named.get(u.code)
        if not benches:
            continue
        dates = [d for x in held.get(u.code, [])
                 if x.get("benchmark_unit") in benches and (d := _date(x.get("date")))]
        if any(start <= d <= end for d in dates):
            continue
        past = [d for d in dates if d <= ctx.as_of]
        rows.append([u.code, u.name, unit_type_word(u, ctx.lang), approver_word(ctx, u),
                     joined([bench_name(ctx, b) for b in benches], ctx.lang), max(past) if past else None])
    return rows


# ------------------------------------------------------------------ rectification


def rectify_limit(ctx: ReportContext) -> dt.date:
    return ctx.as_of + dt.timedelta(days=ctx.config.thresholds.rectification_days)


def rectify_columns(lang: str) -> list[Column]:
    return columns(lang, [("f:responsible_dept", "wrap", 12),
            ("f:responsible_person", "wrap", 9),
            ("col.unit", "wrap", 18), ("col.approver", "wrap", 16),
            ("f:task_no", "int", 8), ("overdue.col.item", "wrap", 24),
            ("overdue.col.broken", "wrap", 32), ("overdue.col.limit", "date", 11)])


def rectify_rows(ctx: ReportContext, only: Only = None) -> list[list[Any]]:
    """Every broken promise: overdue or stalled tasks, then reports past due and not sent."""
    lang, limit = ctx.lang, rectify_limit(ctx)
    n = ctx.config.thresholds.stall_periods
    rows = []
    for u, v, m in _task_items(ctx, only, lambda m: m.overdue or m.stalled):
        broken = []
        if m.overdue:
            deadline = v.get("deadline")
            broken.append(t("overdue.broken.overdue", lang, days=m.overdue_days,
                            deadline=deadline.isoformat() if deadline else ""))
        if m.stalled:
            broken.append(t("overdue.broken.stalled", lang, n=n))
        rows.append([v.get("responsible_dept"), v.get("responsible_person"), u.name, approver_word(ctx, u),
                     v["task_no"], v.get("title"), joined(broken, lang), limit])
    for u in _units_by_approver(ctx, only):
        score = ctx.scores.get(u.code)
        missed = score.missing_periods if score else ()
        if missed:
            periods = joined([period_label(ctx, p) for p in missed], lang)
            rows.append(["", contacts(ctx, u)["contact_person"], u.name, approver_word(ctx, u), None,
                         periods, t("overdue.broken.missing", lang), limit])
    return rows


# ------------------------------------------------------------------ the workbook


def add_sheets(book: Book, ctx: ReportContext, only: Only = None) -> None:
    """The overdue list's seven sheets for the units in scope, into an open workbook."""
    lang, as_of = ctx.lang, ctx.as_of.isoformat()
    th = ctx.config.thresholds
    period = ctx.current_period
    q, start, end = quarter_of(ctx.as_of)
    sheets = [
        ("overdue.sheet_overdue", overdue_columns(lang), overdue_rows(ctx, only),
         t("overdue.overdue_subtitle", lang, as_of=as_of, red=th.overdue_red_days), OVERDUE_GRADE_COL),
        ("overdue.sheet_at_risk", at_risk_columns(lang), at_risk_rows(ctx, only),
         t("overdue.at_risk_subtitle", lang, as_of=as_of, tol=th.at_risk_tolerance), None),
        ("overdue.sheet_stalled", stalled_columns(lang), stalled_rows(ctx, only),
         t("overdue.stalled_subtitle", lang, as_of=as_of, n=th.stall_periods), None),
        ("overdue.sheet_missing", missing_columns(lang), missing_rows(ctx, only),
         t("overdue.missing_subtitle", lang, period=period_label(ctx, period.key),
           due=period.due.isoformat(), as_of=as_of), None),
        ("overdue.sheet_late", late_columns(lang), late_rows(ctx, only),
         t("overdue.late_subtitle", lang, as_of=as_of), None),
        ("overdue.sheet_exchange", exchange_columns(lang), exchange_rows(ctx, only),
         t("overdue.exchange_subtitle", lang, as_of=as_of, start=start.isoformat(), end=end.isoformat(),
           quarter=t("overdue.quarter", lang, q=q, year=start.year)), None),
        ("overdue.sheet_rectify", rectify_columns(lang), rectify_rows(ctx, only),
         t("overdue.rectify_subtitle", lang, as_of=as_of, days=th.rectification_days,
           limit=rectify_limit(ctx).isoformat()), None),
    ]
    for key, cols, rows, subtitle, light_col in sheets:
        ws = book.sheet(t(key, lang))
        book.table(ws, cols, rows, title=t(key, lang), subtitle=subtitle, freeze_cols=0,
                  light_col=light_col)


def write(ctx: ReportContext) -> list[Path]:
    path = ctx.out_dir / "overdue.xlsx"
    with workbook(path, lang=ctx.lang, as_of=ctx.as_of, title=t("overdue.title", ctx.lang)) as book:
        add_sheets(book, ctx)
    return [path]
