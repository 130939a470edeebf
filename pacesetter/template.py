"""Fields -> template workbooks: one blank, one prefilled per unit (SPEC 3).

Everything is driven by ``fields``: the sheet names, the header labels, the
dropdown lists and the hidden stamp the reader checks. Lists live on the hidden
sheet and validations reference ranges there, because inline lists are capped at
255 characters and Chinese words run out quickly.

Hidden sheet ``_pacesetter`` (a contract with the reader — keep it exactly):

    A1 template_version  B1 fields.TEMPLATE_VERSION (number)
    A2 campaign_id       B2 config.campaign_id
    A3 unit_code         B3 the unit's code, or blank for the blank template
    A4 language          B4 config.language
    A5 period            B5 the period key, or blank
    A6 generator         B6 pacesetter
    D1.. list names (category, direction, status, form, benchmark_units, periods,
    approvers), each list's display words below its name from row 2.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pacesetter.config import Config, Period, Unit
from pacesetter.fields import (
    CHOICES,
    EXCHANGE_FIELDS,
    META_SHEET,
    SHEETS,
    TASK_FIELDS,
    TEMPLATE_VERSION,
    UNIT_FIELDS,
    Field,
    Kind,
    choice_label,
)
from pacesetter.i18n import t
from pacesetter.text_table import text_width

DATE_FORMAT = "yyyy-mm-dd"
EXCHANGE_ROWS = 12
LIST_ORDER = ("category", "direction", "status", "form", "benchmark_units", "periods", "approvers")
# Sheet protection guards against accidents, not against people: no password, so a
# unit that must correct a prefilled cell can still unprotect it (and the validator
# checks the code against the hidden stamp anyway).
PROTECT_PASSWORD = ""
_HEADER_FILL = "#DDEBF7"
_LOCKED_FILL = "#EDEDED"
_BORDER = "#A6A6A6"
_PAGE_POINTS = 480  # printable height of landscape A4 within the margins, with some slack
_INSTR_COLS, _INSTR_WIDTH = 8, 16  # Instructions: text merged over 8 columns; example bands of 8


def write_templates(config: Config, *, period: str | None = None,
                    committed: Mapping[str, list[dict[str, Any]]] | None = None) -> list[Path]:
    """Write templates/template.xlsx (blank) and templates/units/<code>.xlsx; return the paths."""
    folder = config.path("templates")
    written = [write_template(config, folder / "template.xlsx", period=period)]
    for unit in config.units:
        tasks = (committed or {}).get(unit.code)
        written.append(write_template(config, folder / "units" / f"{unit.code}.xlsx", unit=unit,
                                      period=period, committed=tasks))
    return written


def write_template(config: Config, path: Path, *, unit: Unit | None = None, period: str | None = None,
                   committed: list[dict[str, Any]] | None = None) -> Path:
    """Write one template workbook to ``path`` (atomically); prefilled for ``unit`` when given.

    ``committed`` (task dicts keyed by TASK_FIELDS keys, typed values) prefills the
    Tasks sheet for a progress report: committed columns locked, progress columns open.
    """
    path = Path(path)
    chosen = None
    if period is not None:
        chosen = config.period(period)
        if chosen is None:
            raise ValueError(f"unknown period {period!r}; known: "
                             f"{', '.join(p.key for p in config.periods())}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.xlsx", dir=path.parent)
    os.close(fd)
    try:
        _Builder(config, unit=unit, period=chosen, committed=committed).build(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _typeset_width(text: str) -> float:
    """Rough printed width in character units: CJK double, lowercase and spaces narrower."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            width += 2.1
        elif ch in " .,;:'()-/|":
            width += 0.5
        elif ch.islower():
            width += 0.8
        else:
            width += 1.0
    return width


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (an estimate)."""
    usable = max(width - 1.5, 1)
    # words wrap whole, so a line is never quite full: keep a tenth in hand
    return sum(max(1, math.ceil(_typeset_width(part) / (usable * 0.95)))
               for part in str(text).split("\n"))


def fit_height(cells: Iterable[tuple[Any, float]], lang: str, *, min_lines: int = 1) -> float:
    """Row height (points) showing each (text, column width) whole, as Excel's autofit would."""
    lines = [_lines(v, width) for v, width in cells if isinstance(v, str) and v]
    return (17 if lang == "zh" else 15) * max([min_lines, *lines]) + 4


def _page_breaks(blocks: list[int], heights: dict[int, float], end: int) -> list[int]:
    """Rows to break printed pages before, so that no block is split across two pages."""
    breaks, used = [], 0.0
    for first, after in zip(blocks, [*blocks[1:], end], strict=True):
        size = sum(heights.get(r, 15.0) for r in range(first, after))
        if used and used + size > _PAGE_POINTS:
            breaks.append(first)
            used = 0.0
        used += size
    return breaks


class _Builder:
    """Builds one workbook; holds the language, the lists and a format cache."""

    def __init__(self, config: Config, *, unit: Unit | None, period: Period | None,
                 committed: list[dict[str, Any]] | None):
        self.config = config
        self.lang = config.language
        self.unit = unit
        self.period = period
        self.committed = committed
        self.data_rows = config.tasks.max_tasks + 5
        self.line_height = 17 if self.lang == "zh" else 15
        self.lists = self._lists()
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.wb: Workbook

    # ------------------------------------------------------------ workbook

    def build(self, filename: str) -> None:
        cfg = self.config
        # Text is always text: a measure starting with "=" must never become a formula.
        self.wb = xlsxwriter.Workbook(filename, {"in_memory": True, "strings_to_formulas": False,
                                                 "strings_to_numbers": False,
                                                 "strings_to_urls": False})
        self.wb.set_properties({
            "title": t("tpl.doc_title", self.lang, campaign=cfg.campaign_name),
            "subject": t("tpl.doc_subject", self.lang),
            "author": cfg.bureau_name,
            "company": cfg.bureau_name,
            "keywords": cfg.campaign_id,
            "comments": f"pacesetter template version {TEMPLATE_VERSION}",
            # a fixed stamp, so generating the templates twice gives the same bytes
            "created": dt.datetime.combine(cfg.calendar.campaign_start, dt.time()),
        })
        instructions = self.wb.add_worksheet(SHEETS["instructions"].title(self.lang))
        unit_ws = self.wb.add_worksheet(SHEETS["unit"].title(self.lang))
        tasks = self.wb.add_worksheet(SHEETS["tasks"].title(self.lang))
        exchanges = self.wb.add_worksheet(SHEETS["exchanges"].title(self.lang))
        meta = self.wb.add_worksheet(META_SHEET)
        self._meta(meta)
        self._instructions(instructions)
        self._unit(unit_ws)
        self._tasks(tasks)
        self._exchanges(exchanges)
        instructions.activate()
        self.wb.close()

    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    # ------------------------------------------------------------ lists

    def _lists(self) -> dict[str, list[str]]:
        cfg, lang = self.config, self.lang
        if self.unit is not None:
            approvers = list(cfg.approver_leaders(self.unit.code))
        else:
            approvers = [*cfg.bureau_leaders, *(name for u in cfg.units for name in u.leaders)]
        return {
            "category": list(cfg.tasks.categories),
            "direction": [c.label(lang) for c in CHOICES["direction"]],
            "status": [c.label(lang) for c in CHOICES["status"]],
            "form": [c.label(lang) for c in CHOICES["form"]],
            "benchmark_units": [b.name for b in cfg.benchmark_units],
            "periods": [p.label(lang) for p in cfg.periods()],
            "approvers": list(dict.fromkeys(approvers)),  # once each, in order
        }

    def list_ref(self, name: str) -> str:
        col = xl_col_to_name(3 + LIST_ORDER.index(name))
        return f"='{META_SHEET}'!${col}$2:${col}${1 + max(len(self.lists[name]), 1)}"

    def _meta(self, ws: Worksheet) -> None:
        stamp = [
            ("template_version", TEMPLATE_VERSION),
            ("campaign_id", self.config.campaign_id),
            ("unit_code", self.unit.code if self.unit else None),
            ("language", self.lang),
            ("period", self.period.key if self.period else None),
            ("generator", "pacesetter"),
        ]
        for row, (key, value) in enumerate(stamp):
            ws.write_string(row, 0, key)
            if isinstance(value, int):
                ws.write_number(row, 1, value)
            elif value:
                ws.write_string(row, 1, value)
        for i, name in enumerate(LIST_ORDER):
            ws.write_string(0, 3 + i, name)
            for row, word in enumerate(self.lists[name], start=1):
                ws.write_string(row, 3 + i, word)
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 14)
        ws.set_column(3, 3 + len(LIST_ORDER), 30)
        ws.hide()

    # ------------------------------------------------------------ shared pieces

    def _header_format(self) -> Any:
        return self.fmt(bold=True, text_wrap=True, valign="vcenter", align="center",
                        bg_color=_HEADER_FILL, border=1, border_color=_BORDER)

    def _header_row(self, ws: Worksheet, fields: Iterable[Field], row: int = 0,
                    width: int | None = None) -> float:
        height = 1
        for col, f in enumerate(fields):
            label = f.label(self.lang) + (" *" if f.required else "")
            ws.write_string(row, col, label, self._header_format())
            height = max(height, _lines(label, width or f.width))
        points = self.line_height * height + 8
        ws.set_row(row, points)
        return points

    def _cell_format(self, f: Field, *, locked: bool = False) -> Any:
        props: dict[str, Any] = {"border": 1, "border_color": _BORDER, "valign": "top",
                                 "locked": locked}
        if f.kind == Kind.DATE:  # wrapped too: a typed 2026年12月31日 is wider than a date
            props.update(num_format=DATE_FORMAT, align="center", text_wrap=True)
        elif f.kind in (Kind.NUMBER, Kind.INT):
            props.update(align="center")
        elif f.kind == Kind.CHOICE:
            props.update(text_wrap=True, align="center" if f.width < 20 else "left")
        else:
            props.update(text_wrap=True)
        if locked:
            props.update(bg_color=_LOCKED_FILL)
        return self.fmt(**props)

    def _print_setup(self, ws: Worksheet, *, landscape: bool = True, repeat: bool = True,
                     paper: int = 9) -> None:
        ws.set_paper(paper)  # 9 = A4, 8 = A3
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
        ws.set_margins(left=0.25, right=0.25, top=0.6, bottom=0.6)
        if repeat:
            ws.repeat_rows(0)
        header = self.config.campaign_name
        if self.unit is not None:
            header += " · " + self.unit.name
        # no font-size code before the text: "&8" followed by "2026 ..." would read as size 82026
        ws.set_header("&L" + header.replace("&", "&&")[:200], {"margin": 0.25})
        ws.set_footer("&L&8&A&C&P / &N", {"margin": 0.25})

    def _input(self, f: Field) -> dict[str, str]:
        """The input message of a field: its own help, else a word about its kind."""
        help_text = f.help_zh if self.lang == "zh" else f.help_en
        if not help_text:
            example = f"{self.config.year}-12-31"
            help_text = {Kind.DATE: t("tpl.input.date", self.lang, example=example),
                         Kind.NUMBER: t("tpl.input.number", self.lang),
                         Kind.CHOICE: t("tpl.input.choice", self.lang)}.get(f.kind, "")
        if not help_text:
            return {}
        return {"input_title": f.label(self.lang)[:32], "input_message": help_text[:255]}

    def _validation(self, f: Field) -> dict[str, Any]:
        """The data validation of a field's cells (dropdown, date or number), with its input message."""
        lang, year = self.lang, self.config.year
        example = f"{year}-12-31"
        v: dict[str, Any]
        if f.kind == Kind.CHOICE and f.choices in LIST_ORDER and self.lists[f.choices]:
            v = {"validate": "list", "source": self.list_ref(f.choices),
                 "error_title": t("tpl.error.list.title", lang)[:32],
                 "error_message": t("tpl.error.list", lang)[:255]}
        elif f.kind == Kind.DATE:
            # warning style: a unit typing 年底 is warned, not blocked; the reader understands it
            v = {"validate": "date", "criteria": "between",
                 "minimum": dt.date(year - 1, 1, 1), "maximum": dt.date(year + 1, 12, 31),
                 "error_type": "warning", "error_title": t("tpl.error.date.title", lang)[:32],
                 "error_message": t("tpl.error.date", lang, example=example)[:255]}
        elif f.key == "self_score":
            v = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                 "error_type": "warning", "error_title": t("tpl.error.score.title", lang)[:32],
                 "error_message": t("tpl.error.score", lang)[:255]}
        elif f.kind == Kind.INT:
            v = {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 999,
                 "error_type": "warning", "error_title": t("tpl.error.task_no.title", lang)[:32],
                 "error_message": t("tpl.error.task_no", lang)[:255]}
        elif f.kind == Kind.NUMBER:
            # warning style, so 90%以上 can still be typed; the reader understands it
            v = {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
                 "error_type": "warning", "error_title": t("tpl.error.number.title", lang)[:32],
                 "error_message": t("tpl.error.number", lang)[:255]}
        else:
            v = {"validate": "any"}
        v.update(self._input(f))
        return v if len(v) > 1 else {}

    def _table_sheet(self, ws: Worksheet, fields: tuple[Field, ...], rows: int,
                     *, freeze_cols: int) -> None:
        """Header row, formatted blank rows with validations, frozen panes, filter, print set-up."""
        self._header_row(ws, fields)
        for col, f in enumerate(fields):
            ws.set_column(col, col, f.width)
            validation = self._validation(f)
            if validation:
                ws.data_validation(1, col, rows, col, validation)
        ws.freeze_panes(1, freeze_cols)
        ws.autofilter(0, 0, rows, len(fields) - 1)
        # the Tasks sheet's 23 columns print at ~35 % on A4: A3 keeps a signed copy readable
        self._print_setup(ws, paper=8 if len(fields) > 12 else 9)

    # ------------------------------------------------------------ Instructions

    def _instructions(self, ws: Worksheet) -> None:
        cfg, lang = self.config, self.lang
        names = {f"{k}_sheet": SHEETS[k].title(lang) for k in ("unit", "tasks", "exchanges")}
        params = {
            **names, "bureau": cfg.bureau_name, "campaign": cfg.campaign_name,
            "min": cfg.tasks.min_tasks, "max": cfg.tasks.max_tasks, "year": cfg.year,
            "due": cfg.calendar.target_setting_due.isoformat(), "day": cfg.calendar.progress_due_day,
            "assessment_due": cfg.calendar.assessment_due.isoformat(),
            **{c.key: c.label(lang) for c in CHOICES["direction"]},
        }
        ws.set_column(0, _INSTR_COLS - 1, _INSTR_WIDTH)
        span, last = _INSTR_COLS * _INSTR_WIDTH, _INSTR_COLS - 1
        title = self.fmt(bold=True, font_size=14, valign="vcenter", text_wrap=True)
        sub = self.fmt(italic=True, font_color="#595959", valign="vcenter", text_wrap=True)
        head = self.fmt(bold=True, font_size=12, font_color="#1F4E79", valign="bottom")
        body = self.fmt(text_wrap=True, valign="top")
        who = (t("tpl.who_unit", lang, name=self.unit.name, code=self.unit.code) if self.unit
               else t("tpl.who_blank", lang))
        if self.period is not None:
            who = t("tpl.who_period", lang, who=who, period=self.period.label(lang))
        heights: dict[int, float] = {}  # row -> points, to keep blocks whole across printed pages
        blocks: list[int] = []  # first row of each block (title, a section, an example band)

        def set_row(r: int, points: float) -> None:
            heights[r] = points
            ws.set_row(r, points)

        blocks.append(0)
        ws.merge_range(0, 0, 0, last, t("tpl.title", lang, campaign=cfg.campaign_name), title)
        set_row(0, 22 * _lines(cfg.campaign_name, span / 1.4) + 4)
        subtitle = t("tpl.subtitle", lang, version=TEMPLATE_VERSION, campaign_id=cfg.campaign_id, who=who)
        ws.merge_range(1, 0, 1, last, subtitle, sub)
        set_row(1, self.line_height * _lines(subtitle, span) + 4)
        row = 3
        for section in ("who", "unit", "tasks", "clarities", "numbers", "dates", "direction",
                        "period", "progress", "exchanges", "send"):
            blocks.append(row)
            ws.merge_range(row, 0, row, last, t(f"tpl.instr.{section}.head", lang, **params), head)
            set_row(row, 24)
            text = t(f"tpl.instr.{section}.body", lang, **params)
            ws.merge_range(row + 1, 0, row + 1, last, text, body)
            set_row(row + 1, self.line_height * _lines(text, span) + 4)
            row += 2
        row += 1
        blocks.append(row)
        ws.merge_range(row, 0, row, last, t("tpl.instr.example.head", lang), head)
        set_row(row, 24)
        note = t("tpl.instr.example.note", lang, **params)
        ws.merge_range(row + 1, 0, row + 1, last, note, body)
        set_row(row + 1, self.line_height * _lines(note, span) + 4)
        row += 3
        # The worked example: the Tasks header labels with one filled row under them, in
        # bands of eight columns so that it reads on screen and prints on one page width.
        example = self._example()
        for band in range(0, len(TASK_FIELDS), _INSTR_COLS):
            fields = TASK_FIELDS[band:band + _INSTR_COLS]
            if band:
                blocks.append(row)
            heights[row] = self._header_row(ws, fields, row, width=_INSTR_WIDTH)
            height = 1
            for col, f in enumerate(fields):
                value = example.get(f.key)
                self._write_value(ws, row + 1, col, f, value, self._cell_format(f))
                if isinstance(value, str):
                    height = max(height, _lines(value, _INSTR_WIDTH))
            set_row(row + 1, self.line_height * height + 6)
            row += 3
        ws.set_h_pagebreaks(_page_breaks(blocks, heights, row))
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.print_area(0, 0, row - 2, last)
        ws.set_footer("&L&8&A&C&P / &N", {"margin": 0.25})
        ws.hide_gridlines(2)

    def _example(self) -> dict[str, Any]:
        cfg, lang = self.config, self.lang
        indicator = t("tpl.example.indicator", lang)
        bench = cfg.benchmark_units[0]
        year = cfg.year
        return {
            "task_no": 1,
            "category": cfg.tasks.categories[0],
            "title": t("tpl.example.title", lang),
            "objective": t("tpl.example.objective", lang, year=year),
            "indicator": indicator,
            "unit_of_measure": "%",
            "direction": choice_label("direction", "higher", lang),
            "baseline": 82,
            "target": 90,
            "benchmark_unit": bench.name,
            "benchmark_value": bench.references.get(indicator, 92),
            "measures": t("tpl.example.measures", lang),
            "lead_leader": t("tpl.example.lead_leader", lang),
            "responsible_person": t("tpl.example.responsible_person", lang),
            "responsible_dept": t("tpl.example.responsible_dept", lang),
            "handler": t("tpl.example.handler", lang),
            "start_date": dt.date(year, 5, 20),
            "deadline": dt.date(year, 12, 31),
            "status": choice_label("status", "in_progress", lang),
            "current_value": 85,
            "progress_note": t("tpl.example.progress_note", lang),
            "evidence": t("tpl.example.evidence", lang),
            "self_score": 95,
        }

    # ------------------------------------------------------------ Unit

    def _unit(self, ws: Worksheet) -> None:
        lang, unit = self.lang, self.unit
        prefill: dict[str, str] = {}
        if unit is not None:
            prefill = {"unit_code": unit.code, "unit_name": unit.name}
        if self.period is not None:
            prefill["period"] = self.period.label(lang)
        label_fmt = self.fmt(bold=True, valign="vcenter", border=1, border_color=_BORDER,
                             bg_color=_HEADER_FILL, text_wrap=True)
        labels = [f.label(lang) + (" *" if f.required else "") for f in UNIT_FIELDS]
        values = [*prefill.values(), *(w for k in ("periods", "approvers") for w in self.lists[k])]
        label_width = max(20, *(text_width(s) + 3 for s in labels))
        value_width = min(60, max(32, *(text_width(s) + 3 for s in values)))
        ws.set_column(0, 0, label_width)
        ws.set_column(1, 1, value_width)
        ws.write_string(0, 0, t("tpl.unit.item", lang), self._header_format())
        ws.write_string(0, 1, t("tpl.unit.value", lang), self._header_format())
        ws.set_row(0, 22)
        for i, f in enumerate(UNIT_FIELDS):
            row = i + 1
            ws.write_string(row, 0, labels[i], label_fmt)
            locked = unit is not None and f.key in ("unit_code", "unit_name")
            props: dict[str, Any] = {"border": 1, "border_color": _BORDER, "valign": "vcenter",
                                     "locked": locked, "text_wrap": True}
            if f.kind == Kind.DATE:
                props.update(num_format=DATE_FORMAT, align="left")
            if f.key == "contact_phone":
                props.update(num_format="@")  # a phone number stays text, leading zeros and all
            if locked:
                props.update(bg_color=_LOCKED_FILL)
            cell = self.fmt(**props)
            value = prefill.get(f.key)
            if value:
                ws.write_string(row, 1, value, cell)
            else:
                ws.write_blank(row, 1, None, cell)
            validation = self._validation(f)
            if unit is None and f.key in ("unit_code", "unit_name"):
                message = t(f"tpl.input.{f.key}_blank", lang)
                validation = {"validate": "any", "input_title": f.label(lang)[:32],
                              "input_message": message}
            if validation:
                ws.data_validation(row, 1, row, 1, validation)
            note_lines = _lines(f.label(lang), label_width) if f.key != "self_assessment_note" else 4
            ws.set_row(row, max(24, self.line_height * note_lines + 8))
        # no password (see PROTECT_PASSWORD): labels and prefilled cells are safe from slips
        ws.protect(PROTECT_PASSWORD, {"select_locked_cells": True, "select_unlocked_cells": True,
                                      "format_columns": True, "format_rows": True})
        ws.set_paper(9)
        ws.set_portrait()
        ws.fit_to_pages(1, 1)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.set_footer("&L&8&A&C&P / &N", {"margin": 0.3})

    # ------------------------------------------------------------ Tasks

    def _tasks(self, ws: Worksheet) -> None:
        last_row = self.data_rows  # rows 2..(1 + max + 5) in Excel's counting
        self._table_sheet(ws, TASK_FIELDS, last_row, freeze_cols=1)
        committed = self.committed or []
        # Blank rows get no height, so that Excel fits each to its wrapped text as the unit
        # types. Prefilled rows are sized to what they hold, with room for a progress note.
        for r in range(1, last_row + 1):
            task = committed[r - 1] if r - 1 < len(committed) else None
            if task is not None:
                shown = ((self._display(f, v) if isinstance(v := task.get(f.key), str) else v, f.width)
                         for f in TASK_FIELDS)
                ws.set_row(r, fit_height(shown, self.lang, min_lines=3))
            for col, f in enumerate(TASK_FIELDS):
                if self.committed is None:
                    locked = False
                else:  # a progress template: the commitment is kept, progress is open
                    locked = task is None or f.committed
                value = task.get(f.key) if task else None
                self._write_value(ws, r, col, f, value, self._cell_format(f, locked=locked))
        if self.committed is not None:
            ws.protect(PROTECT_PASSWORD, {"select_locked_cells": True, "select_unlocked_cells": True,
                                          "format_columns": True, "format_rows": True,
                                          "autofilter": True, "sort": False})

    def _write_value(self, ws: Worksheet, row: int, col: int, f: Field, value: Any, cell: Any) -> None:
        """Write a typed value (committed tasks, the worked example) the way a unit would see it."""
        if value is None or value == "":
            ws.write_blank(row, col, None, cell)
        elif isinstance(value, dt.datetime | dt.date):
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            ws.write_datetime(row, col, value, cell)
        elif isinstance(value, bool):
            ws.write_string(row, col, str(value), cell)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, cell)
        else:
            ws.write_string(row, col, self._display(f, str(value)), cell)

    def _display(self, f: Field, value: str) -> str:
        """A stored canonical key shown as the word the dropdown offers."""
        if f.choices in CHOICES:
            return choice_label(f.choices, value, self.lang)
        if f.choices == "benchmark_units" and value in self.config.benchmark:
            return self.config.benchmark[value].name
        return value

    # ------------------------------------------------------------ Exchanges

    def _exchanges(self, ws: Worksheet) -> None:
        self._table_sheet(ws, EXCHANGE_FIELDS, EXCHANGE_ROWS, freeze_cols=0)
        for r in range(1, EXCHANGE_ROWS + 1):
            for col, f in enumerate(EXCHANGE_FIELDS):
                ws.write_blank(r, col, None, self._cell_format(f))

