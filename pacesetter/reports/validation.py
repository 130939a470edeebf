"""validation.xlsx — for clerks: every file of the run, its outcome, and every finding."""

from __future__ import annotations

from pathlib import Path

from pacesetter.i18n import t
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Column, workbook


def write(ctx: ReportContext) -> list[Path]:
    lang = ctx.lang
    path = ctx.out_dir / "validation.xlsx"
    title = t("validation.title", lang)
    units = {u.code: u.name for u in ctx.units}
    periods = {p.key: p.label(lang) for p in ctx.config.periods()}
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
        ws = book.sheet(t("validation.sheet_files", lang))
        cols = [Column(t("col.file", lang), "wrap", 36), Column(t("col.outcome", lang), width=12),
                Column(t("col.unit_code", lang)), Column(t("col.unit", lang), "wrap", 24),
                Column(t("col.period", lang), width=20), Column(t("col.errors", lang), "int", 8),
                Column(t("col.warnings", lang), "int", 8), Column(t("col.received", lang), width=19),
                Column(t("col.archived", lang), "wrap", 40)]
        rows = []
        for f in ctx.run_files:
            errors = sum(x["severity"] == "error" for x in f["findings"])
            rows.append([f["original_name"], t(f"outcome.{f['outcome']}", lang), f["unit_code"],
                         units.get(f["unit_code"] or ""), periods.get(f["period"] or "", f["period"]),
                         errors, len(f["findings"]) - errors, f["received_at"].replace("T", " "),
                         f["archive_path"]])
        for o in ctx.extra_outcomes:
            rows.append([o.name, t(f"outcome.{o.outcome}", lang), o.unit_code,
                         units.get(o.unit_code or ""), periods.get(o.period or "", o.period), 0, 0,
                         "", t(f"skip.{o.reason}", lang) if o.outcome == "skipped"
                         else o.archive_path])
        book.table(ws, cols, rows, title=title,
                   subtitle=t("validation.subtitle", lang, run=ctx.run_id, as_of=ctx.as_of.isoformat()))
        ws2 = book.sheet(t("validation.sheet_findings", lang))
        cols2 = [Column(t("col.file", lang), "wrap", 30), Column(t("col.unit_code", lang)),
                 Column(t("col.severity", lang), width=9), Column(t("col.cell", lang), width=16),
                 Column(t("col.field", lang), width=16), Column(t("col.message", lang), "wrap", 50),
                 Column(t("col.fix", lang), "wrap", 40), Column(t("col.code", lang), width=24)]
        rows2 = []
        for f in ctx.run_files:
            for x in f["findings"]:
                rows2.append([f["original_name"], f["unit_code"], t(f"severity.{x['severity']}", lang),
                              x["cell"] or x["sheet"], x["field"], x["message"], x["fix"], x["code"]])
        book.table(ws2, cols2, rows2, title=t("validation.sheet_findings", lang))
        if rows2:
            ws2.conditional_format(3, 2, 2 + len(rows2), 2, {
                "type": "cell", "criteria": "==", "value": f'"{t("severity.error", lang)}"',
                "format": book.cond["red"]})
            ws2.conditional_format(3, 2, 2 + len(rows2), 2, {
                "type": "cell", "criteria": "==", "value": f'"{t("severity.warning", lang)}"',
                "format": book.cond["yellow"]})
    return [path]
