"""Returned inspection results: recognise, read, check and keep the Results sheet of inspection.xlsx.

``sample`` writes inspection.xlsx with a Results sheet (one row per drawn unit) and a
hidden stamp naming the campaign and the draw. Inspectors fill date, score and findings
and send the workbook back to inbox/. Reading follows the template's rules: columns by
header label in either language, forgiving dates and numbers ("85分" is 85), and every
problem a finding in the inspector's coordinates (``Results!E4``), never an exception.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pacesetter.config import Config
from pacesetter.findings import Finding, finding
from pacesetter.i18n import LANGUAGES, t
from pacesetter.parse import ParseError, clean_text, is_blank, normalize_label, parse_date, parse_number
from pacesetter.read import col_letter
from pacesetter.reports.inspection import RESULT_KEYS, STAMP_KIND, STAMP_SHEET, result_label

HEADER_SCAN_ROWS = 12
MAX_ROWS = 2000
_SPLIT = re.compile(r"[,，、;；/\n]+")
# Labels a person might type instead of ours, beside both languages' own.
_ALIASES = {"unit_code": ("code", "代码"), "score": ("score", "得分", "分数", "检查得分"),
            "date": ("date", "日期"), "findings": ("findings", "问题", "检查发现"),
            "inspectors": ("inspector", "检查人")}

_TABLE = """CREATE TABLE IF NOT EXISTS inspections (
    sha256 TEXT NOT NULL, unit_code TEXT NOT NULL, draw_id INTEGER, inspected_on TEXT,
    score REAL, inspectors TEXT NOT NULL, findings TEXT, row INTEGER, stored_at TEXT NOT NULL,
    seq INTEGER NOT NULL, PRIMARY KEY (sha256, unit_code))"""


def is_inspection_workbook(path: Path) -> bool:
    """True if ``path`` is a workbook with the inspection stamp sheet (a returned inspection.xlsx)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - anything unreadable is simply not ours; intake reports it
        return False
    try:
        return STAMP_SHEET in wb.sheet_names
    finally:
        wb.close()


def read_inspection(path: Path, config: Config, *, draws: Iterable[Mapping[str, Any]] | None = None,
                    file_name: str | None = None) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Read a returned Results sheet: the filled rows, and every finding with its cell.

    A row is returned once its date, score or findings are filled; rows left blank are
    units not inspected yet. ``draws`` (rows of the store's draws table) makes the stored
    draw the judge of which units were drawn; without it the workbook's own stamp is used.
    """
    from python_calamine import CalamineWorkbook

    lang = config.language
    name = file_name or path.name
    found: list[Finding] = []
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - the reader's words go into the finding
        return [], [finding("file.unreadable", lang, file=name, detail=str(exc)[:200])]
    try:
        return _read(wb, config, name, lang, draws, found)
    except Exception as exc:  # noqa: BLE001 - a damaged part of the file is a finding, not a crash
        return [], [*found, finding("file.unreadable", lang, file=name, detail=str(exc)[:200])]
    finally:
        wb.close()


def _read(wb: Any, config: Config, name: str, lang: str, draws: Iterable[Mapping[str, Any]] | None,
          found: list[Finding]) -> tuple[list[dict[str, Any]], list[Finding]]:
    if STAMP_SHEET not in wb.sheet_names:
        return [], [finding("file.not_template", lang, file=name)]
    stamp = _stamp(wb)
    if stamp.get("campaign_id") != config.campaign_id:
        return [], [finding("inspection.other_campaign", lang, file=name, sheet=STAMP_SHEET,
                            value=stamp.get("campaign_id") or "?", expected=config.campaign_id)]
    draw_id = _int(stamp.get("draw_id"))
    drawn: dict[str, tuple[str, ...]] | None = None
    if draws is not None:
        row = next((d for d in draws if d["id"] == draw_id), None)
        if row is None:
            return [], [finding("inspection.unknown_draw", lang, file=name, value=stamp.get("draw_id"))]
        result = row["result"] if isinstance(row["result"], dict) else json.loads(row["result"])
        drawn = {c: tuple(result.get("inspectors", {}).get(c, ())) for c in result.get("units", ())}
    elif stamp.get("units"):
        drawn = {c: () for c in str(stamp["units"]).split(",") if c}

    sheet, grid, header_row, cols = _find_results(wb)
    if sheet is None:
        return [], [finding("sheet.missing", lang, file=name, sheet=t("inspection.sheet_results", lang))]
    for key in ("unit_code", "date", "score"):
        if key not in cols:
            found.append(finding("column.missing", lang, file=name, sheet=sheet,
                                 field=result_label(key, lang)))
    if any(f.is_error for f in found):
        return [], found

    units = config.unit
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    header_text = {k: clean_text(grid[header_row][c]) or result_label(k, lang) for k, c in cols.items()}
    for idx in range(header_row + 1, min(len(grid), MAX_ROWS)):
        line = grid[idx]
        excel_row = idx + 1

        def cell(key: str, line: list[Any] = line) -> Any:
            c = cols.get(key)
            return line[c] if c is not None and c < len(line) else None

        def where(key: str, excel_row: int = excel_row) -> dict[str, str]:
            return {"file": name, "sheet": sheet, "cell": f"{sheet}!{col_letter(cols[key])}{excel_row}",
                    "field": header_text[key]}

        filled = [k for k in ("date", "score", "findings") if not is_blank(cell(k))]
        if not filled:
            continue  # not inspected yet (or a blank row)
        code = clean_text(cell("unit_code"))
        before = len(found)
        if code is None:
            found.append(finding("required.missing", lang, **where("unit_code")))
            continue
        if code not in units:
            found.append(finding("unit.unknown", lang, value=code, **where("unit_code")))
        elif drawn is not None and code not in drawn:
            found.append(finding("inspection.unit_not_drawn", lang, value=code, draw=draw_id or "?",
                                 **where("unit_code")))
        elif code in seen:
            found.append(finding("inspection.duplicate_unit", lang, value=code, first=seen[code],
                                 **where("unit_code")))
        seen.setdefault(code, f"{sheet}!{col_letter(cols['unit_code'])}{excel_row}")

        score = date = None
        try:
            score = parse_number(cell("score"))
        except ParseError as exc:
            found.append(finding(_code(exc, "number.unreadable"), lang, value=_quote(exc.raw),
                                 **where("score")))
        else:
            if score is None:
                found.append(finding("required.missing", lang, **where("score")))
            elif not 0 <= score <= 100:
                found.append(finding("inspection.score_range", lang, value=_quote(cell("score")),
                                     **where("score")))
        try:
            date = parse_date(cell("date"), year=config.year)
        except ParseError as exc:
            found.append(finding(_code(exc, "date.unreadable"), lang, value=_quote(exc.raw),
                                 **where("date")))
        else:
            if date is None:
                found.append(finding("required.missing", lang, **where("date")))

        names = _names(cell("inspectors"))
        expected = drawn.get(code, ()) if drawn and code in drawn else ()
        if names and expected and set(names) != set(expected):
            found.append(finding("inspection.inspectors_changed", lang, value=_quote(cell("inspectors")),
                                 expected="、".join(expected) if lang == "zh" else ", ".join(expected),
                                 **where("inspectors")))
        if any(f.is_error for f in found[before:]):
            continue
        rows.append({"unit_code": code, "draw_id": draw_id, "inspected_on": date, "score": score,
                     "findings": clean_text(cell("findings")) or "",
                     "inspectors": list(names or expected), "row": excel_row,
                     "cell": f"{sheet}!A{excel_row}"})
    return rows, found


def _code(exc: ParseError, default: str) -> str:
    from pacesetter.findings import CODES

    return exc.code if exc.code in CODES else default


def _quote(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _names(value: Any) -> list[str]:
    text = clean_text(value)
    return [n.strip() for n in _SPLIT.split(text) if n.strip()] if text else []




def _stamp(wb: Any) -> dict[str, Any]:
    rows = wb.get_sheet_by_name(STAMP_SHEET).to_python(skip_empty_area=False, nrows=20)
    out: dict[str, Any] = {}
    for r in rows:
        if len(r) >= 2 and isinstance(r[0], str) and r[0].strip():
            out[r[0].strip()] = None if is_blank(r[1]) else (r[1].strip() if isinstance(r[1], str) else r[1])
    if out.get("kind") not in (None, STAMP_KIND):
        out["campaign_id"] = None
    return out


def _labels() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key in RESULT_KEYS:
        spellings = {result_label(key, lang) for lang in LANGUAGES} | set(_ALIASES.get(key, ()))
        out[key] = {normalize_label(s) for s in spellings}
    return out


def _find_results(wb: Any) -> tuple[str | None, list[list[Any]], int, dict[str, int]]:
    """The Results sheet (by name in either language, else by its header) and its column map."""
    names = {normalize_label(t("inspection.sheet_results", lang)) for lang in LANGUAGES}
    visible = [m.name for m in wb.sheets_metadata
               if str(m.visible).endswith("Visible") and m.name != STAMP_SHEET]
    ordered = [n for n in visible if normalize_label(n) in names] + \
              [n for n in visible if normalize_label(n) not in names]
    labels = _labels()
    for sheet in ordered:
        grid = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=MAX_ROWS)
        for r, line in enumerate(grid[:HEADER_SCAN_ROWS]):
            cols: dict[str, int] = {}
            for c, value in enumerate(line):
                label = normalize_label(value)
                for key, spellings in labels.items():
                    if label in spellings and key not in cols:
                        cols[key] = c
            if "unit_code" in cols and "score" in cols:
                return sheet, grid, r, cols
        if normalize_label(sheet) in names:
            return sheet, grid, 0, {}
    return None, [], 0, {}


# ---------------------------------------------------------------- the store


def store_inspection(store: Any, rows: Iterable[Mapping[str, Any]], sha256: str) -> int:
    """Keep a file's inspection rows in one transaction; storing the same file again changes nothing."""
    rows = list(rows)
    with store.transaction() as db:
        db.execute(_TABLE)
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM inspections").fetchone()[0]
        now = dt.datetime.now().isoformat(timespec="seconds")
        db.executemany(
            "INSERT OR IGNORE INTO inspections (sha256, unit_code, draw_id, inspected_on, score,"
            " inspectors, findings, row, stored_at, seq) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(sha256, r["unit_code"], r.get("draw_id"),
              r["inspected_on"].isoformat() if r.get("inspected_on") else None, r.get("score"),
              json.dumps(list(r.get("inspectors") or ()), ensure_ascii=False), r.get("findings") or "",
              r.get("row"), now, seq) for r in rows])
    return len(rows)


def load_inspections(store: Any) -> dict[str, dict[str, Any]]:
    """The latest returned result per unit (the later returned file wins), for the reports."""
    exists = store.db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='inspections'").fetchone()
    if not exists:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for r in store.db.execute("SELECT * FROM inspections ORDER BY seq, row"):
        out[r["unit_code"]] = {
            "unit_code": r["unit_code"], "draw_id": r["draw_id"],
            "inspected_on": dt.date.fromisoformat(r["inspected_on"]) if r["inspected_on"] else None,
            "score": r["score"], "inspectors": json.loads(r["inspectors"]), "findings": r["findings"],
            "sha256": r["sha256"], "stored_at": r["stored_at"]}
    return out
