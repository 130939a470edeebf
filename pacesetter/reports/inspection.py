"""inspection.xlsx — the latest inspection draw, how to verify it, and a Results sheet to fill.

Sheets: the draw (units by type with their inspectors, and any results returned), a
Results sheet for the inspectors to fill and send back to inbox/, the seed with the
procedure in words, the roster the draw was made from with every unit's rank value,
the inspector roster, the inspector draw (who was struck out and why, the rank
values), and the history of every draw. A hidden stamp sheet names the campaign and
the draw, so a returned workbook is recognised and checked against its own draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pacesetter.fields import INSPECTION_SHEET
from pacesetter.i18n import t
from pacesetter.lottery import (
    PROCEDURE,
    Draw,
    exclusion,
    inspector_hash,
    inspector_value,
    mode_words,
    name_list,
    per_type_words,
    ranked_inspectors,
    ranked_units,
    roster_hash,
    roster_of,
    type_label,
)
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Book, Column, workbook

FILE_NAME = "inspection.xlsx"
STAMP_SHEET = INSPECTION_SHEET
STAMP_KIND = "pacesetter-inspection"
# The Results sheet's columns, in order; inspections.py reads them back by these labels.
RESULT_KEYS = ("unit_code", "unit", "inspectors", "date", "score", "findings")


def result_label(key: str, lang: str) -> str:
    return t(f"inspection.col.{key}", lang)


def write(ctx: ReportContext) -> list[Path]:
    """Write inspection.xlsx for the latest draw in ``ctx.draws``; nothing when there is none."""
    if not ctx.draws:
        return []
    lang = ctx.lang
    draws = sorted(ctx.draws, key=lambda r: r["id"])
    row = draws[-1]
    d = Draw.from_record(row)
    path = ctx.out_dir / FILE_NAME
    title = t("inspection.title", lang)
    results = {code: r for code, r in (getattr(ctx, "inspections", None) or {}).items()
               if r.get("draw_id") in (None, row["id"])}
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title, rich=True) as book:
        names = _Names(ctx)
        _draw_sheet(book, ctx, d, row, draws, names, results)
        _results_sheet(book, d, row, names)
        _method_sheet(book, ctx, d, row)
        _roster_sheet(book, d, names)
        _inspector_roster_sheet(book, d, names)
        _inspector_draw_sheet(book, d, names)
        _history_sheet(book, ctx, draws, row)
        _stamp(book, ctx, d, row)
    return [path]


class _Names:
    """Unit and period names from today's config; a code no longer configured shows as itself."""

    def __init__(self, ctx: ReportContext):
        self.config = ctx.config
        self.lang = ctx.lang
        self.units = {u.code: u.name for u in ctx.config.units}
        self.periods = {p.key: p.label(ctx.lang) for p in ctx.config.periods()}

    def unit(self, code: str) -> str:
        if code == self.config.bureau_code:
            return self.config.bureau_name
        return self.units.get(code, code)

    def period(self, key: str | None) -> str:
        return self.periods.get(key or "", key or "")


def _subtitle(d: Draw, row: dict[str, Any], names: _Names, lang: str) -> str:
    return t("inspection.draw_subtitle", lang, id=row["id"], period=names.period(row["period"]),
             seed=d.seed, at=str(row["drawn_at"]).replace("T", " "), mode=mode_words(d.mode, lang))


def _draw_sheet(book: Book, ctx: ReportContext, d: Draw, row: dict[str, Any],
                draws: list[dict[str, Any]], names: _Names, results: dict[str, dict[str, Any]]) -> None:
    lang = ctx.lang
    ws = book.sheet(t("inspection.sheet_draw", lang))
    approver = {u.code: u.approver for u in d.roster.units}
    cols = [Column(t("col.unit_type", lang)), Column(t("inspection.col.rank", lang), "int", 8),
            Column(t("col.unit_code", lang), width=12), Column(t("col.unit", lang)),
            Column(t("col.approver", lang)), Column(t("inspection.col.inspectors", lang)),
            Column(result_label("date", lang), "date", 12), Column(result_label("score", lang), "num", 10),
            Column(result_label("findings", lang), "wrap", 40)]
    rows = []
    for kind, codes in d.by_type.items():
        for rank, code in enumerate(codes, 1):
            r = results.get(code, {})
            rows.append([type_label(kind, lang), rank, code, names.unit(code),
                         names.unit(approver.get(code, "")), name_list(d.inspectors.get(code, ()), lang),
                         r.get("inspected_on"), r.get("score"), r.get("findings")])
    after = book.table(ws, cols, rows, title=t("inspection.title", lang),
                       subtitle=_subtitle(d, row, names, lang), freeze_cols=3)
    book.put(ws, after - 1, 0, t("lottery.per_type", lang, counts=per_type_words(d, lang)), "bold")
    earlier = [r for r in draws if r["period"] == row["period"] and r["id"] != row["id"]]
    if earlier:
        book.put(ws, after, 0, t("inspection.earlier_kept", lang,
                                 ids=", ".join(str(r["id"]) for r in earlier)), "bold")
    book.put(ws, after + 1, 0, t("inspection.how_to_return", lang), "subtitle")


def _results_sheet(book: Book, d: Draw, row: dict[str, Any], names: _Names) -> None:
    lang = names.lang
    ws = book.sheet(t("inspection.sheet_results", lang))
    kinds = {"unit_code": ("text", 12), "unit": ("text", None), "inspectors": ("text", None),
             "date": ("date", 14), "score": ("num", 14), "findings": ("wrap", 60)}
    cols = [Column(result_label(k, lang), *kinds[k]) for k in RESULT_KEYS]
    rows = [[code, names.unit(code), name_list(d.inspectors.get(code, ()), lang), None, None, None]
            for code in d.units]
    book.table(ws, cols, rows, title=t("inspection.results_title", lang),
               subtitle=t("inspection.results_subtitle", lang, id=row["id"], seed=d.seed),
               freeze_cols=2)
    first, last = 3, 2 + max(len(rows), 1)  # header on row 3 (index 2), data below it
    score_col, date_col = RESULT_KEYS.index("score"), RESULT_KEYS.index("date")
    # A warning, not a stop: "85分" must still be typeable; the reader takes it as 85.
    ws.data_validation(first, score_col, last, score_col, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "error_type": "warning", "input_title": result_label("score", lang)[:32],
        "input_message": t("inspection.score_input", lang)[:255],
        "error_message": t("inspection.score_input", lang)[:255]})
    ws.data_validation(first, date_col, last, date_col, {
        "validate": "any", "input_title": result_label("date", lang)[:32],
        "input_message": t("inspection.date_input", lang)[:255]})


def _method_sheet(book: Book, ctx: ReportContext, d: Draw, row: dict[str, Any]) -> None:
    lang = ctx.lang
    names = _Names(ctx)
    ws = book.sheet(t("inspection.sheet_method", lang), landscape=False)
    now = roster_hash(roster_of(ctx.config))
    same = t("inspection.roster_same" if now == d.roster_hash else "inspection.roster_changed", lang)
    items = [
        ("inspection.item.draw", str(row["id"])),
        ("inspection.item.period", names.period(row["period"])),
        ("inspection.item.seed", d.seed),
        ("inspection.item.drawn_at", str(row["drawn_at"]).replace("T", " ")),
        ("inspection.item.mode", f"{mode_words(d.mode, lang)} ({d.mode})"),
        ("inspection.item.per_type", per_type_words(d, lang)),
        ("inspection.item.roster_hash", row["roster_hash"]),
        ("inspection.item.roster_now", same),
        ("inspection.item.inspector_hash", inspector_hash(d.roster)),
        ("inspection.item.per_unit", t("inspection.per_unit", lang)),
    ]
    cols = [Column(t("inspection.col.item", lang), width=48),
            Column(t("inspection.col.value", lang), "wrap", 90)]
    r = book.table(ws, cols, [[t(k, lang), v] for k, v in items],
                   title=t("inspection.sheet_method", lang), subtitle="", freeze_cols=0)
    book.put(ws, r, 0, t("inspection.procedure_title", lang), "bold")
    for n, step in enumerate(PROCEDURE[lang], 1):
        book.put(ws, r + n, 0, t("inspection.step", lang, n=n), "bold")
        book.put(ws, r + n, 1, step, "note")
        ws.set_row(r + n, 15 * (1 + len(step) // (45 if lang == "zh" else 90)))


def _roster_sheet(book: Book, d: Draw, names: _Names) -> None:
    lang = names.lang
    ws = book.sheet(t("inspection.sheet_roster", lang))
    drawn = set(d.units)
    cols = [Column(t("col.unit_type", lang)), Column(t("inspection.col.roster_line", lang), width=24),
            Column(t("col.unit_code", lang), width=12), Column(t("col.unit", lang)),
            Column(t("inspection.col.approver_code", lang), width=14),
            Column(t("inspection.col.unit_hash", lang), width=66),
            Column(t("inspection.col.rank", lang), "int", 8),
            Column(t("inspection.col.drawn", lang), width=8)]
    rows = []
    for kind, ranked in ranked_units(d.roster, d.seed).items():
        for rank, (u, value) in enumerate(ranked, 1):
            rows.append([type_label(kind, lang), f"{u.code}:{u.type}", u.code, names.unit(u.code),
                         u.approver, value, rank, u.code in drawn])
    book.table(ws, cols, rows, title=t("inspection.sheet_roster", lang),
               subtitle=t("inspection.roster_subtitle", lang, seed=d.seed, hash=d.roster_hash),
               freeze_cols=3)


def _inspector_roster_sheet(book: Book, d: Draw, names: _Names) -> None:
    lang = names.lang
    ws = book.sheet(t("inspection.sheet_inspectors", lang))
    cols = [Column(t("inspection.col.inspector", lang), width=16),
            Column(t("inspection.col.home_code", lang), width=14),
            Column(t("inspection.col.home", lang)),
            Column(t("inspection.col.inspector_line", lang), width=28)]
    rows = [[i.name, i.unit, names.unit(i.unit), f"{i.name}:{i.unit}"] for i in d.roster.inspectors]
    book.table(ws, cols, rows, title=t("inspection.sheet_inspectors", lang),
               subtitle=t("inspection.inspectors_subtitle", lang, hash=inspector_hash(d.roster)))


def _inspector_draw_sheet(book: Book, d: Draw, names: _Names) -> None:
    lang = names.lang
    ws = book.sheet(t("inspection.sheet_ranks", lang))
    cols = [Column(t("col.unit_code", lang), width=12), Column(t("col.unit", lang)),
            Column(t("inspection.col.inspector", lang), width=14),
            Column(t("inspection.col.home_code", lang), width=14),
            Column(t("inspection.col.eligible", lang)),
            Column(t("inspection.col.inspector_hash", lang), width=66),
            Column(t("inspection.col.inspector_rank", lang), "int", 8),
            Column(t("inspection.col.drawn", lang), width=8)]
    rows = []
    for code in d.units:
        chosen = set(d.inspectors.get(code, ()))
        for rank, (i, value) in enumerate(ranked_inspectors(d.roster, d.seed, code), 1):
            rows.append([code, names.unit(code), i.name, i.unit, t("inspection.eligible", lang), value,
                         rank, i.name in chosen])
        for i in d.roster.inspectors:
            why = exclusion(d.roster, code, i)
            if why is not None:
                rows.append([code, names.unit(code), i.name, i.unit, t(f"inspection.excluded.{why}", lang),
                             inspector_value(d.seed, code, i.name), None, False])
    book.table(ws, cols, rows, title=t("inspection.sheet_ranks", lang),
               subtitle=t("inspection.ranks_subtitle", lang, seed=d.seed), freeze_cols=1)


def _history_sheet(book: Book, ctx: ReportContext, draws: list[dict[str, Any]],
                   shown: dict[str, Any]) -> None:
    lang = ctx.lang
    names = _Names(ctx)
    ws = book.sheet(t("inspection.sheet_history", lang))
    cols = [Column(t("inspection.item.draw", lang), "int", 8), Column(t("col.period", lang), width=18),
            Column(t("inspection.item.seed", lang), width=18),
            Column(t("inspection.item.drawn_at", lang), width=19),
            Column(t("inspection.item.mode", lang), width=14),
            Column(t("inspection.col.units_drawn", lang), "int", 10),
            Column(t("inspection.col.units", lang), "wrap", 50),
            Column(t("inspection.item.roster_hash", lang), width=66),
            Column(t("inspection.col.shown", lang), width=10)]
    rows = []
    for r in draws:
        d = Draw.from_record(r)
        rows.append([r["id"], names.period(r["period"]), r["seed"], str(r["drawn_at"]).replace("T", " "),
                     r["mode"], len(d.units), ", ".join(d.units), r["roster_hash"], r["id"] == shown["id"]])
    book.table(ws, cols, rows, title=t("inspection.sheet_history", lang),
               subtitle=t("inspection.history_subtitle", lang))


def _stamp(book: Book, ctx: ReportContext, d: Draw, row: dict[str, Any]) -> None:
    ws = book.wb.add_worksheet(STAMP_SHEET)
    values = [("kind", STAMP_KIND), ("campaign_id", ctx.config.campaign_id), ("draw_id", str(row["id"])),
              ("seed", d.seed), ("period", row["period"] or ""), ("units", ",".join(d.units))]
    for r, (key, value) in enumerate(values):
        book.put(ws, r, 0, key)
        book.put(ws, r, 1, value)
    ws.hide()
