"""Shared look of every output workbook: formats, tables, print set-up, safe writing.

Tables are written by ``xlsx`` (a streaming writer that cannot write a formula), the
one workbook with data validation (inspection.xlsx) by xlsxwriter with string conversions OFF;
unit text always goes in as a string: a Measures cell that says ``=1+1`` reads
``=1+1``, a bare URL stays plain text.
Workbooks are written under a temporary name and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pacesetter.i18n import t
from pacesetter.reports import xlsx
from pacesetter.reports.xlsx import Styled

__all__ = ["Book", "Column", "Styled", "workbook", "light_word", "text_width", "wrapped_lines"]
from pacesetter.text_table import text_width

HEADER_BG = "#1F4E78"
LIGHT_COLOURS = {"red": ("#F8CBAD", "#9C0006"), "yellow": ("#FFE699", "#7F6000"),
                 "green": ("#C6EFCE", "#006100")}


LINE_PT = {False: 13.0, True: 15.0}  # height of one wrapped line at 10 pt: latin / Chinese
_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")


_TOKEN_WIDTH: dict[str, int] = {}  # a wrapped text's words and characters recur


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    if len(s) > 8:
        return text_width(s)
    w = _TOKEN_WIDTH.get(s)
    if w is None:
        w = _TOKEN_WIDTH[s] = text_width(s)
    return w


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped at word (or CJK character) boundaries in a column.

    Measured on renders at the workbooks' 10-point font: a column ``width`` wide holds
    about 1.25 x width Latin characters, or width / 2 Chinese ones (``text_width`` counts
    those double); a little is kept back so an estimate errs on the tall side.
    """
    cap = max(width * 1.25 - 0.5, 2.0)
    if "\n" not in text and (len(text) * 2 <= cap or _width(text) <= cap):
        return 1  # most cells: no need to walk the words
    total = 0
    for para in str(text).split("\n"):
        lines, used, space = 1, 0.0, 0.0
        for tok in _TOKENS.findall(para):
            w = _width(tok)
            if tok.isspace():
                space = w
                continue
            if used + space + w <= cap:
                used += space + w
            elif used == 0:  # a word longer than the column breaks inside it
                lines += int((w - 1) // cap)
                used = w - (lines - 1) * cap if w > cap else w
            else:
                lines += 1 + int((w - 1) // cap)
                used = w % cap or cap
            space = 0.0
        total += lines
    return min(total, 20)


def row_lines(values: Sequence[Any], columns: Sequence[Column], *, wrap_all: bool = False) -> int:
    """Lines the tallest wrapped cell of a row needs."""
    wrapped = [(c, col.width or 12) for c, col in enumerate(columns) if wrap_all or col.kind == "wrap"]
    return _tallest(values, wrapped)


def _tallest(values: Sequence[Any], wrapped: Sequence[tuple[int, float]]) -> int:
    """Lines the tallest of the wrapped columns' cells of a row needs: (index, width) pairs."""
    most = 1
    n = len(values)
    for c, width in wrapped:
        if c < n:
            value = values[c]
            if value.__class__ is str and value:
                # a character is at most two wide, and a line holds more than width - 1:
                # a text this short is one line, without measuring it
                if len(value) * 2 <= width - 1 and "\n" not in value:
                    continue
                lines = wrapped_lines(value, width if value.isascii() else width * 0.92)
                if lines > most:
                    most = lines
    return most


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | wrap | int | num | pct | date | light | score
    width: int | None = None  # None: fit the contents (capped)
    fmt: Any = None  # a format made with ``book.wb.add_format``, for what the kinds lack


class Book:
    """An output workbook: formats made once, helpers to write safe, print-ready tables."""

    def __init__(self, wb: Any, *, lang: str, as_of: dt.date, title: str):
        self.wb, self.lang, self.as_of, self.title = wb, lang, as_of, title
        font = "Microsoft YaHei" if lang == "zh" else "Calibri"
        base = {"font_name": font, "font_size": 10, "valign": "top"}
        self.base = base
        f = wb.add_format
        self.f = {
            "title": f({**base, "bold": True, "font_size": 14}),
            "subtitle": f({**base, "italic": True, "font_color": "#595959"}),
            "header": f({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_BG,
                         "text_wrap": True, "valign": "vcenter", "border": 1}),
            "text": f({**base, "border": 1, "border_color": "#BFBFBF"}),
            "wrap": f({**base, "text_wrap": True, "border": 1, "border_color": "#BFBFBF"}),
            "int": f({**base, "num_format": "0", "border": 1, "border_color": "#BFBFBF"}),
            "num": f({**base, "num_format": "General", "border": 1,
                      "border_color": "#BFBFBF"}),
            "score": f({**base, "num_format": "0.00", "border": 1, "border_color": "#BFBFBF"}),
            "pct": f({**base, "num_format": "0.0%", "border": 1, "border_color": "#BFBFBF"}),
            "date": f({**base, "num_format": "yyyy-mm-dd", "border": 1, "border_color": "#BFBFBF"}),
            "light": f({**base, "align": "center", "border": 1, "border_color": "#BFBFBF"}),
            "note": f({**base, "text_wrap": True}),
            "bold": f({**base, "bold": True}),
        }
        self.cond = {name: f({"bg_color": bg, "font_color": fg})
                     for name, (bg, fg) in LIGHT_COLOURS.items()}
        wb.set_properties({"title": title, "company": "", "comments": "Pacesetter",
                           "created": dt.datetime.combine(as_of, dt.time())})

    # -------------------------------------------------------------- writing

    def sheet(self, name: str, *, landscape: bool = True) -> Any:
        ws = self.wb.add_worksheet(name[:31])
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.fit_to_pages(1, 0)
        footer = t("report.footer", self.lang, as_of=self.as_of.isoformat())
        ws.set_footer(f"&L{_hf(self.title)}&C&P / &N&R{_hf(footer)}")
        return ws

    def put(self, ws: Any, row: int, col: int, value: Any, fmt: str | Any = "text") -> None:
        """Write one value safely: text is always text, numbers numbers, dates dates.

        ``fmt`` is a format's name in ``self.f`` or a format object."""
        cell_format = self.f[fmt] if isinstance(fmt, str) else fmt
        if value is None or value == "":
            ws.write_blank(row, col, None, cell_format)
        elif isinstance(value, bool):
            ws.write_string(row, col, t("report.yes" if value else "report.no", self.lang), cell_format)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, col, value, self._date_format(cell_format))
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self._date_format(cell_format))
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, cell_format)
        else:
            ws.write_string(row, col, str(value)[:32767], cell_format)

    def _date_format(self, cell_format: Any) -> Any:
        """A date in a text column shows as a date; other kinds keep their own format."""
        return self.f["date"] if cell_format is self.f["text"] else cell_format

    def table(self, ws: Any, columns: Sequence[Column], rows: Sequence[Sequence[Any]], *,
              title: str | None = None, subtitle: str | None = None, first_row: int = 0,
              freeze_cols: int = 1, light_col: int | None = None) -> int:
        """A titled table with a frozen, filtered header; returns the row after it."""
        r = first_row
        if title:
            ws.write_string(r, 0, title, self.f["title"])
            ws.set_row(r, 22)
            r += 1
        sub = subtitle if subtitle is not None else t("report.as_of", self.lang,
                                                       as_of=self.as_of.isoformat())
        if sub:
            ws.write_string(r, 0, sub, self.f["subtitle"])
            r += 1
        header = r
        sized = [col if col.width else Column(col.label, col.kind, round(_fit(col, rows, c)), col.fmt)
                 for c, col in enumerate(columns)]
        for c, col in enumerate(sized):
            ws.set_column(c, c, col.width)
        # Row heights are written, not left to the reader: LibreOffice (and Excel for some
        # files) shows a wrapped cell at the default height, cutting it to its first line.
        line = LINE_PT[self.lang == "zh"]
        ws.set_row(header, max(20.0, line * row_lines([c.label for c in sized], sized, wrap_all=True) + 6))
        for c, col in enumerate(columns):
            ws.write_string(header, c, col.label, self.f["header"])
        wrapped = [(c, col.width or 12) for c, col in enumerate(sized) if col.kind == "wrap"]
        heights = [line * n + 3 if (n := _tallest(values, wrapped)) > 1 else None for values in rows]
        formats = [col.fmt or self.f[_fmt(col.kind)] for col in columns]
        if isinstance(ws, xlsx.Worksheet):
            dates = [self.f["date"] if col.fmt is None and _fmt(col.kind) in ("text", "date") else f
                     for col, f in zip(columns, formats, strict=True)]
            ws.write_rows(header + 1, rows, list(zip(formats, dates, strict=True)), heights,
                          (t("report.no", self.lang), t("report.yes", self.lang)))
        else:
            for i, (values, height) in enumerate(zip(rows, heights, strict=True)):
                for c, cell_format in enumerate(formats):
                    value = values[c] if c < len(values) else None
                    if isinstance(value, Styled):
                        value, cell_format = value.value, value.fmt
                    self.put(ws, header + 1 + i, c, value, cell_format)
                if height is not None:
                    ws.set_row(header + 1 + i, height)
        last = header + len(rows)
        if columns:
            ws.autofilter(header, 0, max(last, header), len(columns) - 1)
            ws.freeze_panes(header + 1, freeze_cols)
            ws.repeat_rows(header)
            if light_col is not None and rows:
                self.lights(ws, header + 1, light_col, last)
        return last + 2

    def lights(self, ws: Any, first: int, col: int, last: int) -> None:
        """Colour the light column by its word (conditional formats, not painted cells)."""
        for name in LIGHT_COLOURS:
            ws.conditional_format(first, col, last, col, {
                "type": "cell", "criteria": "==", "value": f'"{t(f"light.{name}", self.lang)}"',
                "format": self.cond[name]})


def _hf(text: str) -> str:
    """Escape text for an Excel header/footer (& starts a code there)."""
    return text.replace("&", "&&")[:80]


def _fmt(kind: str) -> str:
    return {"light": "light", "wrap": "wrap", "int": "int", "num": "num", "pct": "pct",
            "date": "date", "score": "score"}.get(kind, "text")


def _fit(col: Column, rows: Sequence[Sequence[Any]], c: int) -> float:
    cap = 48 if col.kind == "wrap" else 36
    if col.kind == "date":
        return max(11, min(cap, text_width(col.label) * 0.9 + 2))
    widest = max((text_width(_shown(r[c])) for r in rows[:500] if c < len(r)), default=0)
    header = min(text_width(col.label), 24)
    return max(6, min(cap, max(widest, header * 0.9) + 2))


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


@contextmanager
def workbook(path: Path, *, lang: str, as_of: dt.date, title: str, rich: bool = False) -> Iterator[Book]:
    """Open an output workbook; it appears under its final name only when complete.

    Tables are written by the streaming writer (``xlsx``); a ``rich`` workbook — one
    with data validation — by xlsxwriter, with its conversions off.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    wb: Any
    if rich:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd", "remove_timezone": True})
    else:
        wb = xlsx.Workbook(str(tmp), {"previous": _previous_of(path)})
    book = Book(wb, lang=lang, as_of=as_of, title=title)
    try:
        yield book
        wb.close()
    except BaseException:
        try:
            if isinstance(wb, xlsx.Workbook):
                wb.abandon()  # nothing was written yet: nothing to write only to delete
            else:
                wb.close()
        except Exception:  # noqa: BLE001 - the original error is what matters
            pass
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


_PREVIOUS: tuple[Path, Path, dict[str, str]] | None = None


def reuse_from(out_dir: Path | None, previous: Path | None) -> None:
    """Workbooks written under ``out_dir`` may be the same file as the one at the same place
    under ``previous`` (the last run's outputs): ``xlsx`` then links that file instead of
    writing it again, if what would be written is exactly what was written then and the
    file is still byte for byte what that run's manifest says it wrote."""
    global _PREVIOUS
    if out_dir is None or previous is None:
        _PREVIOUS = None
        return
    try:
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
        hashes = {str(o["path"]): str(o["sha256"]) for o in manifest.get("outputs", ())}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        hashes = {}
    _PREVIOUS = (out_dir, previous, hashes)


def _previous_of(path: Path) -> tuple[Path, str] | None:
    """The previous run's file at the same place, with the SHA-256 its manifest records."""
    if _PREVIOUS is None:
        return None
    out_dir, previous, hashes = _PREVIOUS
    try:
        rel = path.relative_to(out_dir).as_posix()
    except ValueError:
        return None
    return (previous / rel, hashes[rel]) if rel in hashes else None


def light_word(light: str, lang: str) -> str:
    return t(f"light.{light}", lang)

