"""feedback/<unit>.xlsx — for units: their own file, offending cells marked and commented.

Made only for files of this run that have findings. Errors are filled red, warnings
yellow, each with a comment saying what is wrong and how to fix it, and a Findings
sheet listing them all — ready to e-mail back. Files that cannot be opened (or are
not .xlsx) get the Findings sheet alone. Macros are never carried over.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pacesetter.i18n import t
from pacesetter.intake import safe_name
from pacesetter.reports.annotate import annotate
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import Column, workbook

_REF = re.compile(r"^(?P<sheet>.+)!(?P<cell>\$?[A-Z]{1,3}\$?\d+)$")


def write(ctx: ReportContext, *, shard: int = 0, shards: int = 1) -> list[Path]:
    """Feedback for this run's files with findings. Every process names all of them alike
    (one pass over the run's files), then writes its share: no two can take one name."""
    out: list[Path] = []
    folder = ctx.out_dir / "feedback"
    for i, (f, name) in enumerate(_named(ctx)):
        if i % shards != shard:
            continue
        path = folder / f"{name}.xlsx"
        source = ctx.config.root / f["archive_path"]
        # only a file that was read as a workbook is opened again here: one stopped at the
        # safety gate (a bomb, a huge sheet) must never reach a parser outside the workers
        readable = not any(x["code"].startswith("file.") for x in f["findings"])
        if not (readable and source.suffix.lower() in (".xlsx", ".xlsm")
                and _annotate(ctx, f, source, path)):
            _findings_only(ctx, f, path)
        out.append(path)
    return out


def _named(ctx: ReportContext) -> list[tuple[dict[str, Any], str]]:
    """This run's files that get feedback, each with its workbook's name, unique in the folder."""
    named: list[tuple[dict[str, Any], str]] = []
    used: set[str] = set()
    for f in ctx.run_files:
        if not f["findings"] or f["outcome"] == "mail":
            continue
        # <unit>-<period>.xlsx: a clerk sees at once whom to send it to and for which report;
        # a file we could not place keeps its own name
        if f["unit_code"]:
            base = f"{f['unit_code']}-{f['period']}" if f["period"] else f["unit_code"]
        else:
            base = Path(safe_name(f["original_name"].split(" › ")[-1])).stem
        name, n = safe_name(base), 1
        while name.lower() in used:
            n += 1
            name = f"{safe_name(base)} ({n})"
        used.add(name.lower())
        named.append((f, name))
    return named


def _rows(ctx: ReportContext, f: dict[str, Any]) -> list[list[Any]]:
    lang = ctx.lang
    return [[t(f"severity.{x['severity']}", lang), x["cell"] or x["sheet"] or "", x["field"],
             x["message"], x["fix"], x["code"]] for x in f["findings"]]


def _columns(lang: str) -> list[Column]:
    return [Column(t("col.severity", lang), width=9), Column(t("col.cell", lang), width=16),
            Column(t("col.field", lang), width=16), Column(t("col.message", lang), "wrap", 50),
            Column(t("col.fix", lang), "wrap", 40), Column(t("col.code", lang), width=22)]


def _findings_only(ctx: ReportContext, f: dict[str, Any], path: Path) -> None:
    lang = ctx.lang
    title = t("feedback.title", lang, file=f["original_name"])
    with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
        ws = book.sheet(t("feedback.sheet", lang))
        book.table(ws, _columns(lang), _rows(ctx, f), title=title,
                   subtitle=t("feedback.subtitle", lang, outcome=t(f"outcome.{f['outcome']}", lang)))


def _marks(f: dict[str, Any]) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(sheet, cell) -> (the worst severity there, a line per finding) for the findings with a cell."""
    notes: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    for x in f["findings"]:
        m = _REF.match(x["cell"] or "")
        if not m:
            continue
        key = (m["sheet"], m["cell"].replace("$", ""))
        notes.setdefault(key, []).append(f"{x['message']} — {x['fix']}")
        if x["severity"] == "error" or key not in worst:
            worst[key] = x["severity"]
    return {key: (worst[key], lines) for key, lines in notes.items()}


def _annotate(ctx: ReportContext, f: dict[str, Any], source: Path, path: Path) -> bool:
    """Mark the findings in a copy of the unit's own workbook; False if it cannot be opened."""
    lang = ctx.lang
    marks = _marks(f)
    title = t("feedback.sheet", lang)
    rows = [[t("feedback.title", lang, file=f["original_name"])],
            [t("feedback.subtitle", lang, outcome=t(f"outcome.{f['outcome']}", lang))],
            [c.label for c in _columns(lang)],
            *[["" if v is None else str(v) for v in row] for row in _rows(ctx, f)]]
    tmp = path.with_name(f".{path.stem}.tmp.xlsx")
    # the file's own XML edited (milliseconds); openpyxl (tens of them) for what that does not take
    if annotate(source, tmp, marks, findings_title=title, findings_rows=rows,
                widths=[c.width or 12 for c in _columns(lang)]):
        os.replace(tmp, path)
        return True
    tmp.unlink(missing_ok=True)
    try:
        return _annotate_with_openpyxl(ctx, f, source, path, marks)
    except Exception:  # noqa: BLE001 - e.g. a character openpyxl refuses: the findings sheet alone
        return False


def _annotate_with_openpyxl(ctx: ReportContext, f: dict[str, Any], source: Path, path: Path,
                            marks: dict[tuple[str, str], tuple[str, list[str]]]) -> bool:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = ctx.lang
    try:
        # data_only: the unit's formulas come back as their values; the only formulas
        # in anything we send are ones this program writes (none here)
        wb = openpyxl.load_workbook(source, data_only=True, keep_vba=False, keep_links=False)
    except Exception:  # noqa: BLE001 - the findings sheet alone still goes back
        return False
    for sheet in wb.worksheets:
        sheet._hyperlinks = []
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    cell.hyperlink = None
    red = PatternFill("solid", fgColor="FFC7CE")
    yellow = PatternFill("solid", fgColor="FFEB9C")
    for (sheet, ref), (severity, lines) in marks.items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        try:
            cell = ws[ref]
        except (ValueError, IndexError):
            continue
        if type(cell).__name__ == "MergedCell":
            continue
        cell.fill = red if severity == "error" else yellow
        comment = Comment("\n".join(lines)[:2000], "Pacesetter")
        comment.width, comment.height = 320, 40 + 30 * len(lines)
        cell.comment = comment
    title = t("feedback.sheet", lang)
    if title in wb.sheetnames:
        del wb[title]
    ws = wb.create_sheet(title, 0)
    header = [c.label for c in _columns(lang)]
    ws.append([t("feedback.title", lang, file=f["original_name"])])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([t("feedback.subtitle", lang, outcome=t(f"outcome.{f['outcome']}", lang))])
    ws.append(header)
    for c in range(1, len(header) + 1):
        ws.cell(3, c).font = Font(bold=True)
    for row in _rows(ctx, f):
        # data_type "s": what we write here is text, whatever it starts with
        ws.append([None] * len(row))
        r = ws.max_row
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c)
            cell.value = "" if value is None else str(value)
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEF", (9, 16, 16, 50, 40, 22), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:F{max(ws.max_row, 3)}"
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp.xlsx")
    try:
        wb.save(tmp)
    except Exception:  # noqa: BLE001 - fall back to the findings sheet alone
        tmp.unlink(missing_ok=True)
        return False
    os.replace(tmp, path)
    return True
