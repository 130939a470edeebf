"""scores.xlsx — for leaders: the quantitative assessment, recomputable by hand.

Sheets: how scores are computed (the rules in words with this campaign's weights and
a worked example from the data), every task's score with its parts, every unit's
total and rank within its peer group (with the self-assessment beside it), and one
ranking sheet per peer group. Numbers are read from ``ctx.metrics`` and
``ctx.scores``; score.py is the only place they are computed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pacesetter.fields import UNIT_TYPE, UNIT_TYPES, choice_label
from pacesetter.i18n import t
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Book, Column, text_width, workbook
from pacesetter.score import EPS, TaskMetrics, UnitScore

FIRST = 3  # first data row of a table: title, subtitle, header above it
METHOD_WIDTH = 92  # the method sheet's one column: fits A4 portrait at 100 %


def num(value: float | None, digits: int = 4) -> str:
    """A number as a person writes it: 90, 0.75, 12,000 (no float noise, no trailing zeros)."""
    if value is None:
        return "—"
    value = round(float(value), digits)
    if value == int(value):
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def self_scores(ctx: ReportContext) -> dict[str, float]:
    """unit -> mean self-score of its assessment report, weighted like the computed mean."""
    out: dict[str, float] = {}
    first = ctx.config.scoring.first_task_weight
    for unit, tasks in ctx.tasks.items():
        pairs = [(float(x["self_score"]), first if x["task_no"] == 1 else 1.0) for x in tasks
                 if x.get("period") == "assessment" and x.get("self_score") is not None]
        weight = sum(w for _s, w in pairs)
        if weight > 0:
            out[unit] = round(sum(s * w for s, w in pairs) / weight, 2)
    return out


def over_scoring(ctx: ReportContext) -> set[str]:
    """Units whose self-score exceeds the computed total by more than the configured margin."""
    margin = ctx.config.thresholds.self_score_margin
    return {unit for unit, s in self_scores(ctx).items()
            if unit in ctx.scores and s - ctx.scores[unit].total > margin + EPS}


def inspection_of(ctx: ReportContext, unit: str) -> tuple[float | None, str]:
    """(score, words) of a unit's inspection once results are recorded; (None, "") before.

    ``ctx.inspections`` maps unit -> a score, a text, or a record with ``score``,
    ``inspected_on``, ``inspectors`` and ``findings``.
    """
    results = getattr(ctx, "inspections", None)
    if not isinstance(results, Mapping):
        return None, ""
    value = results.get(unit)
    if value is None:
        return None, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), ""
    if not isinstance(value, Mapping):
        return None, str(value)
    score = value.get("score")
    sep = "、" if ctx.lang == "zh" else ", "
    inspectors = value.get("inspectors") or ()
    who = sep.join(inspectors) if isinstance(inspectors, list | tuple) else str(inspectors)
    when = value.get("inspected_on")
    words = " · ".join(str(x) for x in (when.isoformat() if hasattr(when, "isoformat") else when, who,
                                         value.get("findings")) if x)
    return (float(score) if isinstance(score, int | float) else None), words


def _type_order(kind: str) -> int:
    keys = [c.key for c in UNIT_TYPES]
    return keys.index(kind) if kind in keys else len(keys)


def _type_word(kind: str, lang: str) -> str:
    return UNIT_TYPE[kind].label(lang) if kind in UNIT_TYPE else kind


def _unit_name(ctx: ReportContext, code: str) -> str:
    u = ctx.config.unit.get(code)
    return u.name if u else code


def ranked(ctx: ReportContext) -> list[UnitScore]:
    """Unit scores sorted by peer group (type order), then rank, then config order."""
    order = ctx.unit_order
    return sorted(ctx.scores.values(), key=lambda s: (_type_order(s.unit_type), s.rank,
                                                      order.get(s.unit_code, len(order))))


def _columns(lang: str, spec: list[tuple[str, str, int | None]]) -> list[Column]:
    """Columns from (message key, kind, width) triples."""
    return [Column(t(key, lang), kind, width) for key, kind, width in spec]


def write(ctx: ReportContext) -> list[Path]:
    lang = ctx.lang
    path = ctx.out_dir / "scores.xlsx"
    title = t("scores.title", lang)
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
        fmt = _formats(book)
        _method(book, fmt, ctx)
        _task_sheet(book, fmt, ctx)
        _unit_sheet(book, fmt, ctx)
        _group_sheets(book, fmt, ctx)
    return [path]


def _formats(book: Book) -> dict[str, Any]:
    add = book.wb.add_format
    cell = {**book.base, "border": 1, "border_color": "#BFBFBF"}
    return {
        "ratio": add({**cell, "num_format": "0.000"}),
        "signed": add({**cell, "num_format": "+0.00;-0.00;0.00"}),
        "flag": add({"bg_color": "#F8CBAD", "font_color": "#9C0006", "bold": True}),
        "para": add({**book.base, "text_wrap": True, "valign": "top"}),
        "head": add({**book.base, "bold": True, "font_size": 12, "font_color": "#1F4E78"}),
        "formula": add({**book.base, "bold": True, "text_wrap": True, "bg_color": "#DDEBF7",
                        "border": 1, "border_color": "#9DC3E6"}),
        "example": add({**book.base, "text_wrap": True, "bg_color": "#F2F2F2"}),
    }


# ------------------------------------------------------------------ sheet 1: the method


def _method(book: Book, fmt: dict[str, Any], ctx: ReportContext) -> None:
    lang, s = ctx.lang, ctx.config.scoring
    ws = book.sheet(t("scores.sheet_method", lang), landscape=False)
    ws.set_column(0, 0, METHOD_WIDTH)
    ws.hide_gridlines(2)
    row = 0
    ws.write_string(row, 0, t("scores.method_title", lang, campaign=ctx.config.campaign_name),
                    book.f["title"])
    ws.set_row(row, 22)
    row += 1

    def para(text: str, style: str = "para") -> None:
        nonlocal row
        room = (METHOD_WIDTH - 2) * (1.0 if lang == "zh" else 1.2)
        lines = max(1, math.ceil(text_width(text) / room))
        ws.set_row(row, (15 if lang == "zh" else 13) * lines + 4)
        ws.write_string(row, 0, text, fmt[style])
        row += 1

    def gap() -> None:
        nonlocal row
        row += 1

    para(t("scores.method_sub", lang, as_of=ctx.as_of.isoformat()))
    gap()
    para(t("scores.m.task_head", lang), "head")
    para(t("scores.m.task_formula", lang, wc=num(s.completion), wt=num(s.timeliness),
           wb=num(s.benchmark)), "formula")
    para(t("scores.m.completion", lang))
    para(t("scores.m.timeliness", lang, grace=s.overdue_grace_days))
    para(t("scores.m.benchmark", lang))
    para(t("scores.m.edge", lang))
    para(t("scores.m.states", lang))
    gap()
    para(t("scores.m.unit_head", lang), "head")
    para(t("scores.m.unit_formula", lang), "formula")
    para(t("scores.m.weights", lang, first=num(s.first_task_weight)))
    para(t("scores.m.bonus", lang, bonus=num(s.surpass_bonus), cap=num(s.bonus_cap)))
    para(t("scores.m.deductions", lang, overdue=num(s.overdue_deduction),
           late=num(s.late_report_deduction), missing=num(s.missing_report_deduction),
           cap=num(s.deduction_cap)))
    para(t("scores.m.rank", lang))
    para(t("scores.m.self", lang, margin=num(ctx.config.thresholds.self_score_margin),
           flag=t("scores.flag", lang)))
    gap()
    para(t("scores.m.example_head", lang), "head")
    for text in example_lines(ctx):
        para(text, "example")
    para(t("scores.m.rounding", lang))


def _better(direction: str, value: float, than: float) -> bool:
    return value < than - EPS if direction == "lower" else value > than + EPS


def pick_example(ctx: ReportContext) -> tuple[str, dict[str, Any], TaskMetrics] | None:
    """A real task whose numbers show every rule: quantified, partly done, with a benchmark."""
    best = None
    best_key: tuple[int, ...] | None = None
    for i, (unit, task, m) in enumerate(ctx.scored_tasks()):
        plain = (m.direction in ("higher", "lower") and m.baseline is not None and m.target is not None
                 and m.current is not None and _better(m.direction, m.target, m.baseline))
        if not plain:
            continue
        with_bench = m.benchmark_value is not None and _better(m.direction, m.benchmark_value, m.baseline)
        key = (with_bench, EPS < m.completion < 1 - EPS, EPS < m.benchmark_part < 1 - EPS,
               m.overdue_days > 0, -i)
        if best_key is None or key > best_key:
            best, best_key = (unit, task, m), key
    if best is None:  # nothing quantified: any task at all still shows the parts
        items = ctx.scored_tasks()
        best = items[0] if items else None
    return best


def _share_expr(direction: str, baseline: float | None, goal: float, current: float | None) -> str:
    """The completion arithmetic with the task's own numbers."""
    if direction == "lower":
        return f"({num(baseline)} − {num(current)}) ÷ ({num(baseline)} − {num(goal)})"
    return f"({num(current)} − {num(baseline)}) ÷ ({num(goal)} − {num(baseline)})"


def _share_text(lang: str, direction: str, baseline: float | None, goal: float, current: float | None,
                value: float) -> tuple[str, str]:
    expr = _share_expr(direction, baseline, goal, current)
    if baseline is None or current is None:
        return expr, num(value)
    raw = ((baseline - current) / (baseline - goal) if direction == "lower"
           else (current - baseline) / (goal - baseline))
    if abs(raw - value) > 1e-6:  # capped to 0..1
        return expr, t("scores.m.ex_capped", lang, raw=num(raw), value=num(value))
    return expr, num(value)


def example_lines(ctx: ReportContext) -> list[str]:
    """The worked example: one real task's numbers -> its score, then its unit's total."""
    lang, s = ctx.lang, ctx.config.scoring
    picked = pick_example(ctx)
    if picked is None:
        return [t("scores.m.no_example", lang)]
    unit, task, m = picked
    deadline = task.get("deadline")
    out = [t("scores.m.example_task", lang, unit=_unit_name(ctx, unit), no=m.task_no,
             title=task.get("title") or "", direction=choice_label("direction", m.direction, lang),
             baseline=num(m.baseline), target=num(m.target), current=num(m.current),
             bench=num(m.benchmark_value), deadline=deadline.isoformat() if deadline else "—")]
    quantified = m.direction in ("higher", "lower") and m.target is not None
    if quantified:
        expr, value = _share_text(lang, m.direction, m.baseline, m.target, m.current, m.completion)
        out.append(t("scores.m.ex_completion", lang, expr=expr, value=value))
    else:
        out.append(t("scores.m.ex_milestone", lang, value=num(m.completion)))
    if m.done:
        out.append(t("scores.m.ex_done", lang))
    elif m.overdue_days > 0:
        out.append(t("scores.m.ex_late", lang, days=m.overdue_days, grace=s.overdue_grace_days,
                     value=num(m.timeliness), as_of=ctx.as_of.isoformat()))
    else:
        out.append(t("scores.m.ex_on_time", lang, as_of=ctx.as_of.isoformat()))
    if m.benchmark_value is None or not quantified:
        out.append(t("scores.m.ex_same", lang, value=num(m.benchmark_part)))
    elif m.baseline is not None and _better(m.direction, m.benchmark_value, m.baseline):
        expr, value = _share_text(lang, m.direction, m.baseline, m.benchmark_value, m.current,
                                  m.benchmark_part)
        out.append(t("scores.m.ex_benchmark", lang, expr=expr, value=value))
    else:
        out.append(t("scores.m.ex_bench_edge", lang, value=num(m.benchmark_part)))
    out.append(t("scores.m.ex_score", lang, wc=num(s.completion), c=num(m.completion),
                 wt=num(s.timeliness), tl=num(m.timeliness), wb=num(s.benchmark),
                 b=num(m.benchmark_part), score=num(m.score, 2)))
    sc = ctx.scores.get(unit)
    if sc is not None:
        ms = [x for (u, _n), x in ctx.metrics.items() if u == unit]
        out.append(t("scores.m.ex_unit", lang, unit=_unit_name(ctx, unit),
                     sum=num(sum(x.score * x.weight for x in ms), 2),
                     weights=num(sum(x.weight for x in ms)), base=num(sc.base, 2),
                     surpassed=sc.surpassed, bonus_each=num(s.surpass_bonus), bonus=num(sc.bonus, 2),
                     bonus_cap=num(s.bonus_cap), overdue=sum(x.overdue for x in ms),
                     od=num(s.overdue_deduction), late=sc.late_reports, ld=num(s.late_report_deduction),
                     missing=sc.missing_reports, md=num(s.missing_report_deduction),
                     deductions=num(sc.deductions, 2), ded_cap=num(s.deduction_cap),
                     total=num(sc.total, 2)))
    return out


# ------------------------------------------------------------------ sheet 2: task scores


def _task_sheet(book: Book, fmt: dict[str, Any], ctx: ReportContext) -> None:
    lang, s = ctx.lang, ctx.config.scoring
    ws = book.sheet(t("scores.sheet_tasks", lang))
    cols = _columns(lang, [
        ("scores.col.unit", "wrap", 22), ("scores.col.task_no", "int", 7), ("scores.col.task", "wrap", 24),
        ("scores.col.direction", "wrap", 13), ("scores.col.baseline", "num", 9),
        ("scores.col.target", "num", 9), ("scores.col.current", "num", 9),
        ("scores.col.bench_value", "num", 9), ("scores.col.state", "wrap", 9),
        ("scores.col.deadline", "date", 11), ("scores.col.overdue_days", "int", 8)])
    cols += [Column(t("scores.col.completion", lang, w=num(s.completion)), "num", 11, fmt["ratio"]),
             Column(t("scores.col.timeliness", lang, w=num(s.timeliness)), "num", 11, fmt["ratio"]),
             Column(t("scores.col.bench_part", lang, w=num(s.benchmark)), "num", 11, fmt["ratio"])]
    cols += _columns(lang, [("scores.col.score", "score", 9), ("scores.col.weight", "num", 10)])
    rows = []
    for unit, task, m in ctx.scored_tasks():
        rows.append([_unit_name(ctx, unit), m.task_no, task.get("title"),
                     choice_label("direction", m.direction, lang), m.baseline, m.target, m.current,
                     m.benchmark_value, t(f"state.{m.benchmark_state}", lang) if m.benchmark_state else "",
                     task.get("deadline"), m.overdue_days or 0, round(m.completion, 6),
                     round(m.timeliness, 6), round(m.benchmark_part, 6), m.score, m.weight])
    book.table(ws, cols, rows, title=t("scores.tasks_title", lang), freeze_cols=3)


# ------------------------------------------------------------------ sheet 3: unit totals


def _missing_words(ctx: ReportContext, sc: UnitScore) -> str:
    sep = "、" if ctx.lang == "zh" else "; "
    words = []
    for key in sc.missing_periods:
        p = ctx.config.period(key)
        # progress reports by month (2026-07) keep the list short; the others by their name
        words.append(key if p is None or p.stage == "progress" else p.label(ctx.lang))
    return sep.join(words)


def _unit_sheet(book: Book, fmt: dict[str, Any], ctx: ReportContext) -> None:
    lang = ctx.lang
    ws = book.sheet(t("scores.sheet_units", lang))
    selfs = self_scores(ctx)
    flagged = over_scoring(ctx)
    flag = t("scores.flag", lang)
    cols = _columns(lang, [("scores.col.unit", "wrap", 26), ("scores.col.unit_type", "wrap", 16),
                           ("scores.col.tasks", "int", 7), ("scores.col.base", "score", 9),
                           ("scores.col.surpassed", "int", 8), ("scores.col.bonus", "score", 7),
                           ("scores.col.overdue", "int", 8), ("scores.col.late", "int", 7),
                           ("scores.col.missing", "int", 7),
                           ("scores.col.missing_periods", "wrap", 30),
                           ("scores.col.deductions", "score", 10), ("scores.col.total", "score", 8),
                           ("scores.col.rank", "light", 10), ("scores.col.self", "score", 8),
                           ("scores.col.self_diff", "score", 9), ("scores.col.flag", "light", 10),
                           ("scores.col.inspection_score", "score", 9),
                           ("scores.col.inspection", "wrap", 24)])
    cols[14] = replace(cols[14], fmt=fmt["signed"])  # self-score minus computed: +1.50 / -2.00
    rows = []
    for sc in ranked(ctx):
        mine = selfs.get(sc.unit_code)
        rows.append([_unit_name(ctx, sc.unit_code), _type_word(sc.unit_type, lang), sc.tasks, sc.base,
                     sc.surpassed, sc.bonus, sc.overdue, sc.late_reports, sc.missing_reports,
                     _missing_words(ctx, sc), sc.deductions, sc.total, f"{sc.rank} / {sc.group_size}",
                     mine, None if mine is None else round(mine - sc.total, 2),
                     flag if sc.unit_code in flagged else "", *inspection_of(ctx, sc.unit_code)])
    book.table(ws, cols, rows, title=t("scores.units_title", lang), freeze_cols=1,
               subtitle=t("scores.units_sub", lang, as_of=ctx.as_of.isoformat(), flag=flag,
                          margin=num(ctx.config.thresholds.self_score_margin)))
    if rows:
        ws.conditional_format(FIRST, 15, FIRST + len(rows) - 1, 15, {
            "type": "cell", "criteria": "==", "value": f'"{flag}"', "format": fmt["flag"]})


def _group_sheets(book: Book, fmt: dict[str, Any], ctx: ReportContext) -> None:
    """One ranking sheet per peer group, best first."""
    lang = ctx.lang
    selfs = self_scores(ctx)
    flagged = over_scoring(ctx)
    flag = t("scores.flag", lang)
    groups: dict[str, list[UnitScore]] = {}
    for sc in ranked(ctx):
        groups.setdefault(sc.unit_type, []).append(sc)
    for kind, members in groups.items():
        group = t(f"scores.group.{kind}", lang) if kind in UNIT_TYPE else kind
        ws = book.sheet(t("scores.sheet_group", lang, group=group), landscape=False)
        cols = _columns(lang, [("scores.col.rank", "int", 9), ("scores.col.unit", "wrap", 32),
                               ("scores.col.total", "score", 8), ("scores.col.base", "score", 9),
                               ("scores.col.bonus", "score", 7),
                               ("scores.col.deductions", "score", 10),
                               ("scores.col.self", "score", 8), ("scores.col.flag", "light", 10)])
        rows = [[sc.rank, _unit_name(ctx, sc.unit_code), sc.total, sc.base, sc.bonus, sc.deductions,
                 selfs.get(sc.unit_code), flag if sc.unit_code in flagged else ""] for sc in members]
        book.table(ws, cols, rows, title=t("scores.group_title", lang, group=_type_word(kind, lang)))
        ws.conditional_format(FIRST, 7, FIRST + len(rows) - 1, 7, {
            "type": "cell", "criteria": "==", "value": f'"{flag}"', "format": fmt["flag"]})
