"""notification.xlsx — for leaders: the notice of the current period (季度/月度通报).

Sheets: a headline (a small printable table of counts and two sentences), tasks
completed this period, progress gained per task since the report before, tasks newly
overdue, units ranked by mean progress, and units that have not reported. "This
period" is ``ctx.current_period``; "before" is the unit's report for the previous
period (else its latest report before this one).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pacesetter.config import Unit
from pacesetter.i18n import t
from pacesetter.reports import overdue
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Book, Column, Styled, light_word, workbook, wrapped_lines
from pacesetter.reports.ledger import (
    LIGHT_ORDER,
    columns,
    joined,
    lookups,
    period_label,
    tasks_in,
    unit_type_word,
)
from pacesetter.score import EPS, TaskMetrics, progress_of

Item = tuple[Unit, dict[str, Any], TaskMetrics]


Report = tuple[float | None, str | None]  # (current value, status) in one report


@dataclass(frozen=True)
class Change:
    """A task reported for the current period, with its report before (the previous period's, if sent)."""

    unit: Unit
    values: dict[str, Any]
    metrics: TaskMetrics
    before: Report
    now: Report

    def progress(self, report: Report) -> float:
        """Progress at that report, by the same rule as ``score.progress_of``."""
        m = self.metrics
        return progress_of(m.direction, m.baseline, m.target, report[0], report[1])


def this_period(ctx: ReportContext) -> list[Change]:
    """Tasks reported for the current period that have an earlier report to compare with.

    Read from the task's history rather than its latest values, so a notice for a past
    period still shows that period even after later reports have arrived.
    """
    return ctx.remember("this_period", lambda: _this_period(ctx))


def _this_period(ctx: ReportContext) -> list[Change]:
    look = lookups(ctx)
    order, key = look.order, look.current.key
    prev = ctx.previous_period
    out = []
    for unit, v, m in tasks_in(ctx):
        history = ctx.history.get((unit.code, v["task_no"]), [])
        now = [h for h in history if h[0] == key]
        earlier = [h for h in history if order.get(h[0], 99) < order[key]]
        if not now or not earlier:
            continue
        chosen = next((h for h in earlier if prev is not None and h[0] == prev.key), earlier[-1])
        out.append(Change(unit, v, m, (chosen[1], chosen[2]), (now[-1][1], now[-1][2])))
    return out


def completed_items(ctx: ReportContext) -> list[Change]:
    """Tasks complete in this period's report that were not complete in the report before."""
    return ctx.remember("completed", lambda: [
        c for c in this_period(ctx) if c.progress(c.now) >= 1.0 - EPS and c.progress(c.before) < 1.0 - EPS])


def newly_overdue_start(ctx: ReportContext) -> dt.date:
    prev = ctx.previous_period
    return prev.due if prev is not None else ctx.config.calendar.campaign_start - dt.timedelta(days=1)


def newly_overdue_items(ctx: ReportContext) -> list[Item]:
    start = newly_overdue_start(ctx)
    return ctx.remember("newly_overdue", lambda: [
        (u, v, m) for u, v, m in tasks_in(ctx)
        if m.overdue and v.get("deadline") is not None and v["deadline"] > start])


def reported_units(ctx: ReportContext) -> list[Unit]:
    key = ctx.current_period.key
    return [u for u in ctx.units if key in ctx.submitted.get(u.code, set())]


# ------------------------------------------------------------------ sheets


def _headline(book: Book, ctx: ReportContext, title: str, subtitle: str) -> None:
    lang = ctx.lang
    ws = book.sheet(t("notice.sheet_headline", lang), landscape=False)
    ms = [m for _, _, m in tasks_in(ctx)]
    reported, expected = len(reported_units(ctx)), len(ctx.units)
    completed, newly = len(completed_items(ctx)), len(newly_overdue_items(ctx))
    at_risk = sum(m.at_risk for m in ms)
    pct = book.f["pct"]  # shares, in a column of counts
    rows: list[list[Any]] = [
        [t("notice.item.reported", lang), reported], [t("notice.item.expected", lang), expected],
        [t("notice.item.rate", lang), Styled(reported / expected if expected else 0.0, pct)],
        [t("notice.item.completed", lang), completed], [t("notice.item.newly_overdue", lang), newly],
        [t("notice.item.at_risk", lang), at_risk],
        [t("notice.item.overdue", lang), sum(m.overdue for m in ms)],
        [t("notice.item.mean_progress", lang),
         Styled(sum(m.progress for m in ms) / len(ms) if ms else 0.0, pct)],
    ]
    cols = columns(lang, [("notice.col.item", "wrap", 48), ("notice.col.value", "int", 14)])
    after = book.table(ws, cols, rows, title=title, subtitle=subtitle, freeze_cols=0)
    period = period_label(ctx, ctx.current_period.key)
    sentences = [
        t("notice.text.reported", lang, as_of=ctx.as_of.isoformat(), reported=reported,
          expected=expected, period=period),
        t("notice.text.tasks", lang, completed=completed, newly=newly, at_risk=at_risk),
    ]
    missing = [u.name for u in overdue.missing_units(ctx)]
    if missing:
        sentences.append(t("notice.text.missing", lang, units=joined(missing, lang)))
    for n, text in enumerate(sentences):
        r = after + n
        ws.merge_range(r, 0, r, 1, "", book.f["note"])
        ws.write_string(r, 0, text, book.f["note"])
        ws.set_row(r, (15 if lang == "zh" else 13) * wrapped_lines(text, 62) + 6)


TASK_COLS = [("col.unit", "wrap", 18), ("f:task_no", "int", 8), ("f:title", "wrap", 20)]


def completed_sheet(ctx: ReportContext) -> tuple[list[Column], list[list[Any]]]:
    lang = ctx.lang
    cols = columns(lang, [*TASK_COLS, ("f:indicator", "wrap", 16), ("f:unit_of_measure", "wrap", 9),
            ("f:target", "num", 9), ("f:current_value", "num", 9),
            ("f:deadline", "date", 11), ("f:responsible_dept", "wrap", 12),
            ("f:responsible_person", "wrap", 9), ("f:progress_note", "wrap", 28)])
    rows = [[c.unit.name, c.values["task_no"], c.values.get("title"), c.values.get("indicator"),
             c.values.get("unit_of_measure"), c.metrics.target, c.now[0], c.values.get("deadline"),
             c.values.get("responsible_dept"), c.values.get("responsible_person"),
             c.values.get("progress_note")] for c in completed_items(ctx)]
    return cols, rows


def gained_sheet(ctx: ReportContext) -> tuple[list[Column], list[list[Any]]]:
    lang = ctx.lang
    cols = columns(lang, [*TASK_COLS, ("f:unit_of_measure", "wrap", 9),
            ("notice.col.previous_value", "num", 9), ("f:current_value", "num", 9),
            ("notice.col.change", "num", 9), ("notice.col.progress_before", "pct", 9),
            ("notice.col.progress_now", "pct", 9), ("notice.col.gained", "pct", 9),
            ("ledger.col.light", "light", 7)])
    rows = []
    for c in this_period(ctx):
        was, now = c.progress(c.before), c.progress(c.now)
        (old, _), (new, _) = c.before, c.now
        change = new - old if new is not None and old is not None else None
        rows.append([c.unit.name, c.values["task_no"], c.values.get("title"), c.values.get("unit_of_measure"),
                     old, new, change, was, now, now - was, light_word(c.metrics.light, lang)])
    return cols, rows


def newly_sheet(ctx: ReportContext) -> tuple[list[Column], list[list[Any]]]:
    lang = ctx.lang
    cols = columns(lang, [*TASK_COLS, ("f:deadline", "date", 11),
            ("ledger.col.overdue_days", "int", 8), ("ledger.col.progress", "pct", 8),
            ("f:responsible_dept", "wrap", 12), ("f:responsible_person", "wrap", 9),
            ("f:lead_leader", "wrap", 9)])
    rows = [[u.name, v["task_no"], v.get("title"), v.get("deadline"), m.overdue_days, m.progress,
             v.get("responsible_dept"), v.get("responsible_person"), v.get("lead_leader")]
            for u, v, m in newly_overdue_items(ctx)]
    return cols, rows


def ranking_sheet(ctx: ReportContext) -> tuple[list[Column], list[list[Any]]]:
    """Units by mean progress, competition-ranked (1, 1, 3); units without tasks last, unranked."""
    lang = ctx.lang
    cols = columns(lang, [("notice.col.rank", "int", 6), ("col.unit_code", "text", 11),
            ("col.unit", "wrap", 24), ("col.unit_type", "wrap", 12),
            ("ledger.col.tasks", "int", 7), ("ledger.col.completed", "int", 8),
            ("ledger.col.mean_progress", "pct", 10),
            ("notice.col.reported_now", "text", 10), ("ledger.col.light", "light", 7),
            ("ledger.col.note", "wrap", 18)])
    by_unit: dict[str, list[TaskMetrics]] = {}
    for u, _, m in tasks_in(ctx):
        by_unit.setdefault(u.code, []).append(m)
    means = {code: round(sum(m.progress for m in ms) / len(ms), 9) for code, ms in by_unit.items()}
    key = ctx.current_period.key
    ranked = sorted(ctx.units, key=lambda u: (u.code not in means, -means.get(u.code, 0.0)))
    ascending = sorted(means.values())
    rows = []
    for u in ranked:
        ms = by_unit.get(u.code, [])
        mean = means.get(u.code)
        # 1 + the number of units strictly ahead (by bisection: a city has thousands of units)
        rank = 1 + len(ascending) - bisect_right(ascending, mean) if mean is not None else None
        light = max((m.light for m in ms), key=LIGHT_ORDER.__getitem__) if ms else None
        rows.append([rank, u.code, u.name, unit_type_word(u, lang), len(ms), sum(m.done for m in ms), mean,
                     key in ctx.submitted.get(u.code, set()), light_word(light, lang) if light else None,
                     "" if ms else t("ledger.no_commitment", lang)])
    return cols, rows


def write(ctx: ReportContext) -> list[Path]:
    lang = ctx.lang
    path = ctx.out_dir / "notification.xlsx"
    period = period_label(ctx, ctx.current_period.key)
    prev = ctx.previous_period
    title = t("notice.title", lang, period=period)
    subtitle = t("notice.subtitle", lang, campaign=ctx.config.campaign_name, as_of=ctx.as_of.isoformat(),
                 previous=period_label(ctx, prev.key) if prev else t("notice.no_previous", lang))
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
        _headline(book, ctx, title, subtitle)
        newly_from = newly_overdue_start(ctx) + dt.timedelta(days=1)
        sheets = [
            ("notice.sheet_completed", completed_sheet(ctx),
             t("notice.completed_subtitle", lang, period=period, as_of=ctx.as_of.isoformat()), None),
            ("notice.sheet_gained", gained_sheet(ctx),
             t("notice.gained_subtitle", lang, period=period, as_of=ctx.as_of.isoformat()), 10),
            ("notice.sheet_newly_overdue", newly_sheet(ctx),
             t("notice.newly_subtitle", lang, start=newly_from.isoformat(), as_of=ctx.as_of.isoformat()),
             None),
            ("notice.sheet_ranking", ranking_sheet(ctx), t("notice.ranking_subtitle", lang,
                                                          as_of=ctx.as_of.isoformat()), 8),
            ("notice.sheet_missing", (overdue.missing_columns(lang, with_reminder=False),
                                      overdue.missing_rows(ctx, with_reminder=False)),
             t("overdue.missing_subtitle", lang, period=period, due=ctx.current_period.due.isoformat(),
               as_of=ctx.as_of.isoformat()), None),
        ]
        for key, (cols, rows), sub, light_col in sheets:
            ws = book.sheet(t(key, lang))
            book.table(ws, cols, rows, title=t(key, lang), subtitle=sub, freeze_cols=0,
                      light_col=light_col)
    return [path]
