"""benchmark.xlsx — for leaders: each quantified indicator against its benchmark.

Sheets: every indicator with its gap and state (behind / reached 达标 / surpassed 创标),
a summary per unit and per benchmark unit, and native charts of our current value
against the benchmark value. All numbers come from ``ctx.metrics`` (score.py); this
module only arranges them.

Charts are drawn per indicator, not per unit: one unit's indicators mix percentages,
counts and days, which cannot share an axis, while one indicator across units shares
its unit of measure. Each chart draws the small data block written beside it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pacesetter.fields import UNIT_TYPE, choice_label
from pacesetter.i18n import t
from pacesetter.parse import normalize_label
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import LINE_PT, Book, Column, row_lines, workbook
from pacesetter.score import TaskMetrics

CHART_MAX = 12  # categories per chart: more than this and the labels no longer read
STATES = ("behind", "reached", "surpassed")
STATE_COLOURS = {"behind": ("#F8CBAD", "#9C0006"), "reached": ("#C6EFCE", "#006100"),
                 "surpassed": ("#BDD7EE", "#1F4E78")}
SERIES_COLOURS = ("#2E75B6", "#A5A5A5")  # ours, the benchmark
OVERVIEW_COLOURS = {"behind": "#E06666", "reached": "#6AA84F", "surpassed": "#2E75B6"}
CHART_X_SCALE = 1.5
# The Charts sheet prints at a fixed scale so that page breaks fall between charts.
PRINT_SCALE = 75
ROW_PT = 15.0  # default row height
PAGE_PT = (595 - 2 * 0.6 * 72 - 40) / (PRINT_SCALE / 100)  # A4 landscape height left for rows
BLOCK_COLUMNS = [Column("", "wrap", 30), Column("", "num", 10), Column("", "num", 10), Column("", "num", 10)]


@dataclass(frozen=True)
class Line:
    """One quantified task with a benchmark value, as the detail sheet shows it."""

    unit: str
    task: dict[str, Any]
    m: TaskMetrics

    @property
    def bench_code(self) -> str:
        return self.task.get("benchmark_unit") or ""


def lines_of(ctx: ReportContext) -> list[Line]:
    """Quantified tasks (higher / lower is better) that have a benchmark value, in config order."""
    return [Line(unit, task, m) for unit, task, m in ctx.scored_tasks()
            if m.direction in ("higher", "lower") and m.benchmark_value is not None]


def unit_name(ctx: ReportContext, code: str) -> str:
    u = ctx.config.unit.get(code)
    return u.name if u else code


def bench_name(ctx: ReportContext, code: str | None) -> str:
    if not code:
        return t("bench.no_unit", ctx.lang)
    b = ctx.config.benchmark.get(code)
    return b.name if b else code


def level_word(ctx: ReportContext, code: str | None) -> str:
    b = ctx.config.benchmark.get(code or "")
    return t(f"bench.level.{b.level}", ctx.lang) if b else ""


def _r(value: float | None, digits: int = 9) -> float | None:
    """Round away float noise (95.0 - 90.0 is fine, 0.1 + 0.2 is not)."""
    return None if value is None else round(value, digits)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _columns(lang: str, spec: list[tuple[str, str, int | None]]) -> list[Column]:
    """Columns from (message key, kind, width) triples."""
    return [Column(t(key, lang), kind, width) for key, kind, width in spec]


def write(ctx: ReportContext) -> list[Path]:
    lang = ctx.lang
    path = ctx.out_dir / "benchmark.xlsx"
    title = t("bench.title", lang)
    lines = lines_of(ctx)
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
        fmt = _formats(book)
        _detail(book, fmt, ctx, lines, title)
        _by_unit(book, fmt, ctx, lines)
        _by_benchmark(book, fmt, ctx, lines)
        _charts(book, fmt, ctx, lines)
    return [path]


# ------------------------------------------------------------------ formats


def _formats(book: Book) -> dict[str, Any]:
    add = book.wb.add_format
    cell = {**book.base, "border": 1, "border_color": "#BFBFBF"}
    return {
        # General, not #,##0.##: Excel shows 5 under "0.##" as "5." with a trailing point
        "signed": add({**cell, "num_format": "+General;-General;0"}),
        "signed_pct": add({**cell, "num_format": "+0.0%;-0.0%;0.0%"}),
        "state": {s: add({"bg_color": bg, "font_color": fg}) for s, (bg, fg) in STATE_COLOURS.items()},
        "block_head": add({**book.base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                           "border_color": "#BFBFBF", "text_wrap": True}),
    }


def _colour_states(ws: Any, fmt: dict[str, Any], lang: str, first: int, last: int,
                   col: int) -> None:
    """Colour the state words by conditional format: behind red, reached green, surpassed blue."""
    if last < first:
        return
    for s in STATES:
        ws.conditional_format(first, col, last, col, {
            "type": "cell", "criteria": "==", "value": f'"{t(f"state.{s}", lang)}"',
            "format": fmt["state"][s]})


# ------------------------------------------------------------------ sheets


def _detail(book: Book, fmt: dict[str, Any], ctx: ReportContext, lines: list[Line], title: str) -> None:
    lang = ctx.lang
    ws = book.sheet(t("bench.sheet_detail", lang))
    cols = _columns(lang, [("bench.col.unit", "wrap", 22), ("bench.col.task_no", "int", 7),
                           ("bench.col.task", "wrap", 24), ("bench.col.indicator", "wrap", 20),
                           ("bench.col.uom", "wrap", 11), ("bench.col.direction", "wrap", 11),
                           ("bench.col.baseline", "num", 9), ("bench.col.current", "num", 9),
                           ("bench.col.target", "num", 9), ("bench.col.bench_unit", "wrap", 24),
                           ("bench.col.level", "wrap", 8), ("bench.col.bench_value", "num", 9),
                           ("bench.col.gap", "num", 10), ("bench.col.gap_pct", "pct", 9),
                           ("bench.col.state", "light", 9)])
    cols[12] = replace(cols[12], fmt=fmt["signed"])
    cols[13] = replace(cols[13], fmt=fmt["signed_pct"])
    rows = []
    for ln in lines:
        task, m = ln.task, ln.m
        rows.append([unit_name(ctx, ln.unit), task["task_no"], task.get("title"), task.get("indicator"),
                     task.get("unit_of_measure"), choice_label("direction", m.direction, lang),
                     m.baseline, m.current, m.target, bench_name(ctx, ln.bench_code),
                     level_word(ctx, ln.bench_code), m.benchmark_value, _r(m.gap, 4), _r(m.gap_pct),
                     t(f"state.{m.benchmark_state}", lang) if m.benchmark_state else ""])
    # the title, then the subtitle (long: merged across, two lines high), then the table
    ws.write_string(0, 0, title, book.f["title"])
    ws.set_row(0, 22)
    ws.set_row(1, 30, book.f["note"])
    ws.merge_range(1, 0, 1, 10, t("bench.subtitle", lang, as_of=ctx.as_of.isoformat()), book.f["note"])
    book.table(ws, cols, rows, subtitle="", first_row=2, freeze_cols=3)
    first = 3  # title, subtitle, header
    _colour_states(ws, fmt, lang, first, first + len(rows) - 1, 14)
    if not rows:
        ws.write_string(first + 1, 0, t("bench.none", lang), book.f["note"])


def _counts(lines: list[Line]) -> dict[str, int]:
    return {s: sum(ln.m.benchmark_state == s for ln in lines) for s in STATES}


def _by_unit(book: Book, fmt: dict[str, Any], ctx: ReportContext, lines: list[Line]) -> None:
    lang = ctx.lang
    ws = book.sheet(t("bench.sheet_units", lang), landscape=False)
    cols = _columns(lang, [("bench.col.unit", "wrap", 30), ("bench.col.unit_type", "wrap", 16),
                           ("bench.col.indicators", "int", 9), ("bench.col.behind", "int", 8),
                           ("bench.col.reached", "int", 8), ("bench.col.surpassed", "int", 8),
                           ("bench.col.share", "pct", 10), ("bench.col.mean_gap", "pct", 10)])
    cols[7] = replace(cols[7], fmt=fmt["signed_pct"])
    rows = []
    for code, group in _grouped(lines, lambda ln: ln.unit):
        c = _counts(group)
        u = ctx.config.unit.get(code)
        rows.append([unit_name(ctx, code), UNIT_TYPE[u.type].label(lang) if u else "", len(group),
                     c["behind"], c["reached"], c["surpassed"],
                     (c["reached"] + c["surpassed"]) / len(group),
                     _r(_mean([ln.m.gap_pct for ln in group if ln.m.gap_pct is not None]))])
    book.table(ws, cols, rows, title=t("bench.units_title", lang))


def _by_benchmark(book: Book, fmt: dict[str, Any], ctx: ReportContext, lines: list[Line]) -> None:
    lang = ctx.lang
    ws = book.sheet(t("bench.sheet_benchmarks", lang))
    cols = _columns(lang, [("bench.col.bench_unit", "wrap", 32), ("bench.col.level", "text", 8),
                           ("bench.col.units", "int", 12), ("bench.col.unit_names", "wrap", 44),
                           ("bench.col.indicators", "int", 9), ("bench.col.behind", "int", 8),
                           ("bench.col.reached", "int", 8), ("bench.col.surpassed", "int", 8),
                           ("bench.col.share", "pct", 10), ("bench.col.mean_gap", "pct", 10)])
    cols[9] = replace(cols[9], fmt=fmt["signed_pct"])
    order = {b.code: i for i, b in enumerate(ctx.config.benchmark_units)}
    groups = sorted(_grouped(lines, lambda ln: ln.bench_code), key=lambda g: order.get(g[0], len(order)))
    sep = "、" if lang == "zh" else "; "
    rows = []
    for code, group in groups:
        c = _counts(group)
        units = list(dict.fromkeys(ln.unit for ln in group))
        rows.append([bench_name(ctx, code), level_word(ctx, code), len(units),
                     _names(ctx, units, sep), len(group), c["behind"], c["reached"],
                     c["surpassed"], (c["reached"] + c["surpassed"]) / len(group),
                     _r(_mean([ln.m.gap_pct for ln in group if ln.m.gap_pct is not None]))])
    book.table(ws, cols, rows, title=t("bench.benchmarks_title", lang))


def _grouped(lines: list[Line], key: Any) -> list[tuple[str, list[Line]]]:
    groups: dict[str, list[Line]] = {}
    for ln in lines:
        groups.setdefault(key(ln), []).append(ln)
    return list(groups.items())


# ------------------------------------------------------------------ charts


NAMES_SHOWN = 40  # a cell listing every unit of a city-wide campaign would pass Excel's limit


def _names(ctx: ReportContext, units: list[str], sep: str) -> str:
    """The first units by name, and how many more: a readable cell at any scale."""
    shown = sep.join(unit_name(ctx, u) for u in units[:NAMES_SHOWN])
    rest = len(units) - NAMES_SHOWN
    return shown + (t("bench.and_more", ctx.lang, count=rest) if rest > 0 else "")


def _chunks(items: list[Any], size: int = CHART_MAX) -> list[list[Any]]:
    """Split into nearly equal parts of at most ``size`` (15 -> 8 + 7, not 12 + 3)."""
    if not items:
        return []
    parts = -(-len(items) // size)
    step = -(-len(items) // parts)
    return [items[i:i + step] for i in range(0, len(items), step)]


class _Flow:
    """Lays chart blocks down the Charts sheet, breaking pages between blocks, never inside one."""

    def __init__(self, book: Book, ws: Any, row: int):
        self.book, self.ws, self.row = book, ws, row
        self.used = row * ROW_PT  # points used on the current page
        self.breaks: list[int] = []

    def block(self, title: str, head: list[str], data: list[list[Any]], chart: Any, *,
              fmt: dict[str, Any], n: int) -> tuple[int, int]:
        """Write a titled data block with its chart beside it; returns the data's first and last row."""
        ws, book = self.ws, self.book
        line = LINE_PT[book.lang == "zh"]
        heights = [ROW_PT, max(ROW_PT, line * row_lines(head, BLOCK_COLUMNS, wrap_all=True) + 4)]
        heights += [max(ROW_PT, line * row_lines(r, BLOCK_COLUMNS) + 3) for r in data]
        chart_pt = 216 * _y_scale(n)  # a default chart is 288 px = 216 pt high
        needed = max(sum(heights), chart_pt) + 2 * ROW_PT
        if self.used > 3 * ROW_PT and self.used + needed > PAGE_PT:
            self.breaks.append(self.row)
            self.used = 0.0
        r = self.row
        book.put(ws, r, 0, title, "bold")
        for j, label in enumerate(head):
            ws.write_string(r + 1, j, label, fmt["block_head"])
        for i, values in enumerate(data):
            for j, value in enumerate(values):
                book.put(ws, r + 2 + i, j, value, "wrap" if j == 0 else "num")
        for i, h in enumerate(heights):
            if h != ROW_PT:
                ws.set_row(r + i, h)
        ws.insert_chart(r, len(BLOCK_COLUMNS) + 1, chart,
                        {"x_scale": CHART_X_SCALE, "y_scale": _y_scale(n), "object_position": 1})
        spare = max(0.0, chart_pt - sum(heights))
        self.row = r + len(heights) + math.ceil(spare / ROW_PT) + 2
        self.used += needed
        return r + 2, r + 1 + len(data)


def _charts(book: Book, fmt: dict[str, Any], ctx: ReportContext, lines: list[Line]) -> None:
    """Charts sheet: an overview of states per unit, then one chart per indicator."""
    lang = ctx.lang
    ws = book.sheet(t("bench.sheet_charts", lang))
    # a fixed scale, not fit-to-width: Excel ignores manual page breaks under fit-to-page
    ws.set_print_scale(PRINT_SCALE)
    sheet = ws.get_name()
    ws.write_string(0, 0, t("bench.charts_title", lang), book.f["title"])
    ws.write_string(1, 0, t("bench.charts_subtitle", lang, n=CHART_MAX), book.f["subtitle"])
    for j, c in enumerate(BLOCK_COLUMNS):
        ws.set_column(j, j, c.width)
    if not lines:
        ws.write_string(3, 0, t("bench.none", lang), book.f["note"])
        return
    flow = _Flow(book, ws, 3)
    # overview: behind / reached / surpassed per unit, stacked
    per_unit = _grouped(lines, lambda ln: ln.unit)
    parts = _chunks(per_unit)
    head = [t("bench.col.unit", lang), *(t(f"state.{s}", lang) for s in STATES)]
    for part, chunk in enumerate(parts, 1):
        name = t("bench.overview_title", lang)
        if len(parts) > 1:
            name = t("bench.chart_part", lang, title=name, part=part, parts=len(parts))
        data = [[unit_name(ctx, code), *(_counts(group)[s] for s in STATES)] for code, group in chunk]
        chart = book.wb.add_chart({"type": "bar", "subtype": "stacked"})
        first, last = flow.block(name, head, data, chart, fmt=fmt, n=len(chunk))
        for j, s in enumerate(STATES):
            chart.add_series({
                "name": [sheet, first - 1, 1 + j], "categories": [sheet, first, 0, last, 0],
                "values": [sheet, first, 1 + j, last, 1 + j],
                "fill": {"color": OVERVIEW_COLOURS[s]}, "gap": 60})
        most = max(len(group) for _code, group in chunk)
        _style_chart(chart, book, name, major=max(1, -(-most // 6)))
    # one chart per indicator (same indicator and unit of measure across units)
    per_indicator = _grouped(lines, _indicator_key)
    per_indicator.sort(key=lambda g: -len({ln.unit for ln in g[1]}))
    head = [t("bench.col.unit", lang), t("bench.series_current", lang), t("bench.series_benchmark", lang)]
    for _key, group in per_indicator:
        first_line = group[0]
        direction = "lower" if first_line.m.direction == "lower" else "higher"
        base_title = t(f"bench.chart_{direction}", lang, indicator=first_line.task.get("indicator") or "",
                       uom=first_line.task.get("unit_of_measure") or "")
        parts = _chunks(group)
        per_unit = Counter(ln.unit for ln in group)  # a unit with two tasks on one indicator
        for part, chunk in enumerate(parts, 1):
            name = base_title if len(parts) == 1 else t("bench.chart_part", lang, title=base_title,
                                                         part=part, parts=len(parts))
            data = []
            for ln in chunk:
                label = unit_name(ctx, ln.unit)
                if per_unit[ln.unit] > 1:
                    label = f"{label} #{ln.task['task_no']}"
                data.append([label, ln.m.current, ln.m.benchmark_value])
            chart = book.wb.add_chart({"type": "bar"})
            first, last = flow.block(name, head, data, chart, fmt=fmt, n=len(chunk))
            for j in range(2):
                chart.add_series({
                    "name": [sheet, first - 1, 1 + j], "categories": [sheet, first, 0, last, 0],
                    "values": [sheet, first, 1 + j, last, 1 + j],
                    "fill": {"color": SERIES_COLOURS[j]}, "gap": 80,
                    "data_labels": {"value": True, "num_format": "#,##0.##",
                                    "font": {"size": 8, "name": _font(book)}}})
            values = [v for row in data for v in row[1:] if v is not None]
            _style_chart(chart, book, name, from_zero=min(values, default=0) >= 0)
    if flow.breaks:
        ws.set_h_pagebreaks(flow.breaks)


def _indicator_key(ln: Line) -> tuple[str, str, str]:
    return (normalize_label(ln.task.get("indicator") or ""),
            normalize_label(ln.task.get("unit_of_measure") or ""), ln.m.direction)


def _font(book: Book) -> str:
    return book.base["font_name"]


def _y_scale(n: int) -> float:
    """Chart height grows with its categories so bars keep a readable thickness."""
    return max(0.9, min(1.9, 0.45 + 0.11 * n))


def _style_chart(chart: Any, book: Book, name: str, *, major: int | None = None,
                 from_zero: bool = True) -> None:
    font = _font(book)
    chart.set_title({"name": name, "name_font": {"size": 11, "bold": True, "name": font}})
    chart.set_legend({"position": "bottom", "font": {"size": 9, "name": font}})
    # bar charts: y is the category axis (units, first on top, values read at the bottom)
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9, "name": font}})
    # bars start at 0: an axis from 91 to 99 would make 93 look like half of 98
    chart.set_x_axis({"num_font": {"size": 8, "name": font}, **({"min": 0} if from_zero else {}),
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      **({"major_unit": major, "num_format": "0"} if major else {})})
    chart.set_chartarea({"border": {"none": True}})
