"""A workbook -> a ``Submission``: cells with their A1 references, nothing interpreted.

Sheets and columns are found by their header labels in either language (see
``parse.normalize_label``), so inserted, moved or renamed-by-case columns still
read. Merged cells give their value to every cell they cover. Values are kept as
the reader returns them; turning text into dates and numbers is ``validate``'s job,
so a finding can always quote exactly what the unit typed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pacesetter.fields import (
    EXCHANGE_FIELDS,
    META_SHEET,
    SHEETS,
    TASK_FIELDS,
    UNIT_FIELDS,
    Field,
)
from pacesetter.findings import Finding, finding
from pacesetter.parse import is_blank, label_key, normalize_label
from pacesetter.safety import OLE_MAGIC, has_formula

HEADER_SCAN_ROWS = 12  # a header row is looked for this far down (title rows above it happen)
MAX_ROWS = 5000  # far beyond any template; larger sheets are refused by the safety checks


@dataclass(frozen=True)
class CellValue:
    ref: str  # "Tasks!H7" — the cell the unit sees
    raw: Any  # as read: str, float, bool, date, datetime, or None for an empty cell


@dataclass(frozen=True)
class Row:
    row: int  # the Excel row number, counted with blank rows
    cells: dict[str, CellValue]  # field key -> cell
    extra: dict[str, CellValue] = field(default_factory=dict)  # unknown column label -> cell


@dataclass(frozen=True)
class Submission:
    """Everything read from one file, in the unit's coordinates."""

    file_name: str
    sheet_titles: dict[str, str]  # "unit"/"tasks"/"exchanges" -> the sheet's actual name
    meta: dict[str, Any]  # the hidden stamp: template_version, campaign_id, unit_code, ...
    unit: dict[str, CellValue]
    tasks: tuple[Row, ...]
    exchanges: tuple[Row, ...]
    header_rows: dict[str, int]  # sheet key -> header row number
    columns: dict[str, dict[str, str]]  # sheet key -> field key -> column letter
    findings: tuple[Finding, ...]  # what reading itself found (missing sheets, formulas ...)


def col_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _label_index(fields: tuple[Field, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for f in fields:
        index[normalize_label(f.en)] = f.key
        index[normalize_label(f.zh)] = f.key
    return index


_LABELS = {"unit": _label_index(UNIT_FIELDS), "tasks": _label_index(TASK_FIELDS),
           "exchanges": _label_index(EXCHANGE_FIELDS)}
_FIELDS = {"unit": UNIT_FIELDS, "tasks": TASK_FIELDS, "exchanges": EXCHANGE_FIELDS}
_FIELD_BY_KEY = {key: {f.key: f for f in fields} for key, fields in _FIELDS.items()}
# A label cell is short: longer text (a task's objective) is not looked up at all. Labels
# repeat in every file, so their normal forms are remembered.
_LABEL_MAX = 4 * max(len(k) for index in _LABELS.values() for k in index) + 16
_label = label_key
_FIELD_COUNT = {key: len(set(index.values())) for key, index in _LABELS.items()}
_SHEET_NAMES = {key: {normalize_label(s.en), normalize_label(s.zh)} for key, s in SHEETS.items()}


def read_submission(path: Path, *, lang: str, file_name: str | None = None,
                    formula_sheets: set[str] | None = None, inflated: bytes | None = None
                    ) -> Submission:
    """Read ``path`` (xlsx, xlsm, xls, ods) into a Submission; file-level problems become findings.

    Raises nothing for bad files: the caller decides on the file's kind beforehand
    (``safety``), and whatever the spreadsheet reader still refuses is a finding.
    ``formula_sheets``, when the safety gate has seen the sheets' XML, names the sheets
    that hold a formula at all: the others need no second look for formulas without values.
    ``inflated``, when the gate has handed on the file's parts inflated (``zips.stored_zip``),
    is read instead of the file: the same workbook, without inflating it a second time.
    """
    from python_calamine import CalamineWorkbook, PasswordError

    path = Path(path)
    name = file_name or path.name
    found: list[Finding] = []
    try:
        # opened by content, not by extension (an .xlsx renamed .xls still reads), and
        # through a file object, so a name that is not valid UTF-8 still opens
        fh: BinaryIO = io.BytesIO(inflated) if inflated is not None else path.open("rb")
    except OSError as exc:
        return _empty(name, finding("file.unreadable", lang, file=name, detail=_short(exc)))
    with fh:
        try:
            wb = CalamineWorkbook.from_filelike(fh)
        except PasswordError:
            return _empty(name, finding("file.encrypted", lang, file=name))
        except BaseException as exc:  # noqa: BLE001 - incl. the Rust reader's panics
            if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
                raise
            if _is_encrypted_ooxml(path):
                return _empty(name, finding("file.encrypted", lang, file=name))
            code = "file.legacy_xls" if _is_ole(path) else "file.unreadable"
            return _empty(name, finding(code, lang, file=name, detail=_short(exc)))
        try:
            # the second look for formulas reads the same bytes (the handed-on ones: not the file)
            return _read(wb, fh if inflated is not None else path, name, lang, found, formula_sheets)
        except BaseException as exc:  # noqa: BLE001 - a damaged part of the file, not a bug to crash on
            if isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError):
                raise
            return _empty(name, finding("file.unreadable", lang, file=name, detail=_short(exc)))
        finally:
            wb.close()


def _is_ole(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(8) == OLE_MAGIC


_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTED_SCAN = 64 * 1024 * 1024


def _is_encrypted_ooxml(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an "EncryptedPackage" stream.

    The spreadsheet reader only says "not a zip file" about it, which would send the unit
    looking for the wrong cause.
    """
    try:
        with path.open("rb") as fh:
            if fh.read(8) != OLE_MAGIC:
                return False
            return _ENCRYPTED_STREAM in fh.read(_ENCRYPTED_SCAN)
    except OSError:
        return False


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def _empty(name: str, *found: Finding) -> Submission:
    return Submission(name, {}, {}, {}, (), (), {}, {}, tuple(found))


def _read(wb: Any, path: Path | BinaryIO, name: str, lang: str, found: list[Finding],
          formula_sheets: set[str] | None = None) -> Submission:
    metas = wb.sheets_metadata
    visible = [m.name for m in metas if str(m.visible).endswith("Visible") and m.name != META_SHEET]
    all_names = [m.name for m in metas]
    if not visible and all_names:
        found.append(finding("file.all_hidden", lang, file=name))
        return _empty(name, *found)

    meta = _read_meta(wb) if META_SHEET in all_names else {}
    grids: dict[str, list[list[Any]]] = {}

    def grid(sheet_name: str) -> list[list[Any]]:
        if sheet_name not in grids:
            sheet = wb.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS)
            _apply_merges(rows, sheet.merged_cell_ranges or [])
            grids[sheet_name] = rows
        return grids[sheet_name]

    titles: dict[str, str] = {}
    for key in ("unit", "tasks", "exchanges"):
        titles_of_key = [n for n in visible if _label(n) in _SHEET_NAMES[key]]
        if titles_of_key:
            titles[key] = titles_of_key[0]
    for key in ("tasks", "exchanges"):
        if key in titles:
            continue
        # A renamed sheet still reads if its header row is recognisable. Sheets named as
        # another part of the template are not candidates: the Instructions sheet's worked
        # example carries the same headers.
        candidates = [n for n in visible if n not in titles.values() and not _is_known_title(n)]
        scored = [(len(set(_find_header(grid(n), key)[1].values())), n) for n in candidates]
        best = max((s for s in scored if s[0]), key=lambda s: s[0], default=None)
        if best is not None:
            titles[key] = best[1]
    if "tasks" not in titles:
        found.append(finding("file.not_template", lang, file=name))
        return _empty(name, *found)

    wanted = set(titles.values())
    if formula_sheets is not None:
        wanted &= formula_sheets
    formulas = _formulas_without_value(path, wanted) if wanted else []
    formula_at = len(found)  # reported here, named by field once the tables are read

    unit: dict[str, CellValue] = {}
    if "unit" in titles:
        unit = _read_pairs(grid(titles["unit"]), titles["unit"])
    else:
        found.append(finding("sheet.missing", lang, file=name, sheet=SHEETS["unit"].title(lang)))

    header_rows: dict[str, int] = {}
    columns: dict[str, dict[str, str]] = {}
    tables: dict[str, tuple[Row, ...]] = {"tasks": (), "exchanges": ()}
    for key in ("tasks", "exchanges"):
        if key not in titles:
            continue  # a missing Exchanges sheet means no exchanges, not a broken file
        rows, hdr, cols = _read_table(grid(titles[key]), titles[key], key, lang, name, found)
        tables[key] = rows
        if hdr:
            header_rows[key] = hdr
            columns[key] = cols
    if formulas:
        labels = _field_labels(unit, tables, lang)
        found[formula_at:formula_at] = [
            finding("cell.formula_no_value", lang, file=name, sheet=ref.rsplit("!", 1)[0], cell=ref,
                    field=labels.get(ref, ""), value=f'"={text}"')
            for ref, text in formulas]
    return Submission(name, titles, meta, unit, tables["tasks"], tables["exchanges"],
                      header_rows, columns, tuple(found))


def _field_labels(unit: dict[str, CellValue], tables: dict[str, tuple[Row, ...]],
                  lang: str) -> dict[str, str]:
    """Cell reference -> the field label the unit sees there, for findings about single cells."""
    fields = {cell.ref: _FIELD_BY_KEY["unit"][key] for key, cell in unit.items()}
    for sheet_key, rows in tables.items():
        for row in rows:
            for key, cell in row.cells.items():
                fields[cell.ref] = _FIELD_BY_KEY[sheet_key][key]
    return {ref: f.label(lang) for ref, f in fields.items()}


def _is_known_title(sheet_name: str) -> bool:
    norm = _label(sheet_name)
    return any(norm in names for names in _SHEET_NAMES.values())


def _read_meta(wb: Any) -> dict[str, Any]:
    rows = wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False, nrows=20)
    meta: dict[str, Any] = {}
    for row in rows[:20]:
        if len(row) >= 2 and isinstance(row[0], str) and row[0]:
            meta[row[0].strip()] = None if is_blank(row[1]) else row[1]
    return meta


def _apply_merges(rows: list[list[Any]], merges: list[Any]) -> None:
    """Give a merged range's value to every cell it covers (a Category merged down rows)."""
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(rows) or (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, MAX_ROWS - 1) + 1):
            while r >= len(rows):
                rows.append([])
            line = rows[r]
            if len(line) <= c1:
                line.extend([""] * (c1 + 1 - len(line)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    line[c] = _Merged(top)


class _Merged:
    """A value inherited from a merged range: counts as a value, but not as a typed row."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def _val(cell: Any) -> Any:
    if cell.__class__ is str:  # most cells: text, or "" where nothing was typed
        return cell if cell and not cell.isspace() else None
    if isinstance(cell, _Merged):
        cell = cell.value
    if cell == "" or (isinstance(cell, str) and not cell.strip()):
        return None
    return cell


def _typed_in(cell: Any) -> bool:
    """Something the unit typed in this very cell (a value merged into it does not count)."""
    if cell.__class__ is str:
        return bool(cell) and not cell.isspace()
    return not isinstance(cell, _Merged) and _val(cell) is not None


def _read_pairs(rows: list[list[Any]], title: str) -> dict[str, CellValue]:
    """Label / value pairs: a label anywhere, its value in the cell to its right."""
    out: dict[str, CellValue] = {}
    labels = _LABELS["unit"]
    for r, line in enumerate(rows[:200]):
        for c, cell in enumerate(line[:20]):
            if not isinstance(cell, str):
                continue
            key = labels.get(_label(cell)) if isinstance(cell, str) and len(cell) <= _LABEL_MAX else None
            if key and key not in out:
                value = _val(line[c + 1]) if c + 1 < len(line) else None
                out[key] = CellValue(f"{title}!{col_letter(c + 1)}{r + 1}", value)
    return out


def _find_header(rows: list[list[Any]], key: str) -> tuple[int | None, dict[int, str]]:
    """The header row (0-based) with the most recognised labels, and its column map."""
    labels = _LABELS[key]
    best: tuple[int | None, dict[int, str]] = (None, {})
    every = _FIELD_COUNT[key]
    for r, line in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols = {c: labels[n] for c, cell in enumerate(line)
                if isinstance(cell, str) and len(cell) <= _LABEL_MAX and (n := _label(cell)) in labels}
        if len(set(cols.values())) > len(set(best[1].values())):
            best = (r, cols)
            if len(set(cols.values())) == every:
                break  # every field's heading: no row below can have more
    need = 3 if key == "exchanges" else 5
    return best if len(set(best[1].values())) >= need else (None, {})


def _read_table(rows: list[list[Any]], title: str, key: str, lang: str, name: str,
                found: list[Finding]) -> tuple[tuple[Row, ...], int, dict[str, str]]:
    hdr, cols = _find_header(rows, key)
    if hdr is None:
        if key == "tasks":
            found.append(finding("file.not_template", lang, file=name, sheet=title))
        return (), 0, {}
    header = rows[hdr]
    by_key: dict[str, int] = {}
    for c, fkey in cols.items():
        if fkey in by_key:
            f = next(f for f in _FIELDS[key] if f.key == fkey)
            found.append(finding("column.duplicate", lang, file=name, sheet=title,
                                 cell=f"{title}!{col_letter(c)}{hdr + 1}", field=f.label(lang)))
        else:
            by_key[fkey] = c
    extra_cols: dict[int, str] = {}
    width = max((len(line) for line in rows[hdr:]), default=0)
    for c in range(width):
        if c in cols:
            continue
        label = _val(header[c]) if c < len(header) else None
        if label is None:
            # A column the unit added without a heading: its contents must not vanish either.
            if not any(c < len(line) and _val(line[c]) is not None for line in rows[hdr + 1:]):
                continue
            label = col_letter(c)
        text = str(label).strip()
        if text in extra_cols.values():  # two added columns with one heading: keep both
            text = f"{text} ({col_letter(c)})"
        extra_cols[c] = text
        found.append(finding("column.unknown", lang, file=name, sheet=title,
                             cell=f"{title}!{col_letter(c)}{hdr + 1}", value=text[:60]))
    for f in _FIELDS[key]:
        if f.required and f.key not in by_key:
            found.append(finding("column.missing", lang, file=name, sheet=title,
                                 cell=f"{title}!{hdr + 1}:{hdr + 1}", field=f.label(lang)))
    letters = {fkey: col_letter(c) for fkey, c in by_key.items()}
    where = [(fkey, c, f"{title}!{letters[fkey]}") for fkey, c in by_key.items()]
    out: list[Row] = []
    for r in range(hdr + 1, len(rows)):
        line = rows[r]
        # a row counts only if the unit typed something in it; merged values alone don't
        if not any(_typed_in(v) for v in line):
            continue
        n, number = len(line), str(r + 1)
        cells = {fkey: CellValue(ref + number, _val(line[c]) if c < n else None) for fkey, c, ref in where}
        extra = {label: CellValue(f"{title}!{col_letter(c)}{r + 1}", _val(line[c]))
                 for c, label in extra_cols.items() if c < len(line) and _val(line[c]) is not None}
        out.append(Row(r + 1, cells, extra))
    return tuple(out), hdr + 1, letters


# ------------------------------------------------------------- formula cells

_SHEET_REL = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_F = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_V = re.compile(rb"<v>(.+?)</v>", re.S)


def _formulas_without_value(path: Path | BinaryIO, wanted: set[str]) -> list[tuple[str, str]]:
    """Cells of the wanted sheets that hold a formula but no cached value (xlsx only):
    ``path`` is the file, or the bytes the gate handed on (the same parts, stored)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []  # .xls / .ods: the reader already returns cached values
    out: list[tuple[str, str]] = []
    with zf:
        try:
            book = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return []
        targets = {i: t for i, t in _REL.findall(rels)} | {i: t for t, i in _REL2.findall(rels)}
        for raw_name, rid in _SHEET_REL.findall(book):
            sheet = _unescape(raw_name.decode("utf-8", "replace"))
            if sheet not in wanted or rid not in targets:
                continue
            target = targets[rid].decode("utf-8", "replace").lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            try:
                data = zf.read(member)
            except KeyError:
                continue
            if not has_formula(data):
                continue
            for attrs, body in _CELL.findall(data):
                if not body or b"<f" not in body:
                    continue
                fm = _F.search(body)
                if fm and not _V.search(body):
                    ref = _REF.search(attrs)
                    text = (fm.group(1) or b"").decode("utf-8", "replace")
                    out.append((f"{sheet}!{ref.group(1).decode() if ref else '?'}",
                                _unescape(text)[:80]))
    return out


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
