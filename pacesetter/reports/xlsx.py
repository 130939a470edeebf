"""A small streaming xlsx writer for the output workbooks' plain tables.

Writing cells is the cost of a run: a city's ledger and office workbooks hold millions
of them, and a general library spends ~5 µs and a few hundred bytes of memory on each
one before the file is closed. This writer turns each row into sheet XML as soon as
the row is complete and spools it to a temporary file, so a workbook of any size is
written at a fraction of that cost and in constant memory.

It speaks the subset of xlsxwriter's ``Workbook``/``Worksheet`` interface the reports
use (``add_format``, ``write_string``, ``set_row``, ``freeze_panes``, print set-up, ...),
so ``formats.Book`` drives either. A report's calls are recorded (the rows by reference,
not copied) and played when the workbook closes: first their hash is compared with the
one kept in the previous run's file at the same place, and if it is the same, that file
is linked instead. When played, cells written one by one (titles, notes) are held until
the sheet ends or a table starts below them; a table (``write_rows``) goes straight out
as XML to a spooled file. The one rule xlsxwriter does not have: nothing may be written
into a table's rows, or above them, afterwards. That raises ``ValueError`` (at close)
whatever the data's size, so a test that writes a report finds it. It draws the bar charts of
benchmark.xlsx natively (``Chart``); the one workbook with data validation
(inspection.xlsx, filled in and returned) is written with xlsxwriter.

What it writes is inert by construction: there is no way to write a formula,
a hyperlink or a macro. Text is written as inline strings, escaped for XML, with
control characters and ``_xHHHH_`` look-alikes escaped the way Excel reads them,
so every cell reads back exactly as given (titles, footers and chart labels, which
are not cells, show a character XML cannot hold as U+FFFD). Output is byte-reproducible: fixed zip
timestamps and no clock in the files except the creation date passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import pickle
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from pacesetter import zips
from pacesetter.read import col_letter

_EPOCH = dt.datetime(1899, 12, 30)


def escape(s: str) -> str:
    """``&``, ``<`` and ``>`` escaped: xml.sax.saxutils.escape, whose module imports urllib,
    http and ssl (7 ms of every run's start)."""
    return s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(s: str) -> str:
    """An attribute value escaped and quoted, as xml.sax.saxutils.quoteattr does."""
    s = escape(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in s:
        return f'"{s}"'
    if "'" not in s:
        return f"'{s}'"
    return '"{}"'.format(s.replace('"', "&quot;"))


_EPOCH_DATE = dt.date(1899, 12, 30)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FLUSH_BYTES = 1 << 20
# characters XML 1.0 cannot hold, written as Excel does (_xHHHH_), and Excel's escape itself
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")
# Built-in number formats (ECMA-376 18.8.30) the reports use; others get ids from 164.
_BUILTIN_NUMFMT = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                   "0.00%": 10, "@": 49}
_PKG = "application/vnd.openxmlformats-"
_DOC = "application/vnd.openxmlformats-officedocument."


def _ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row + 1}"


def _escape_control(m: re.Match[str]) -> str:
    s = m.group(0)
    if s == "_":
        return "_x005F_"  # the "_" of a literal "_x0041_": it must not be read as "A"
    return f"_x{ord(s):04X}_"


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_xml(s: str) -> str:
    """Text for a place that is not a cell (a title, a footer, a chart label): escaped for
    XML, and the characters XML cannot hold at all shown as U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", str(s)))


def escaped_text(s: str) -> str:
    """A string as the text of a cell or comment (``<t>``): reads back exactly as ``s``."""
    if _SPECIAL.search(s):
        if "_x" in s or _CONTROL.search(s):
            s = _CONTROL.sub(_escape_control, s)
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if "\r" in s:  # a reference: a raw CR would be read back as a line feed
            s = s.replace("\r", "&#13;")
    return s


def text_xml(s: str) -> str:
    """A string as the content of an inline-string cell: reads back exactly as ``s``.

    Short ones are remembered: a report repeats its words (units, types, lights) on every row."""
    return _short_text_xml(s) if len(s) <= 120 else _text_xml(s)


def _text_xml(s: str) -> str:
    # leading or trailing space (a CR too) is kept only when said so: looked at before escaping
    preserve = s[:1].isspace() or s[-1:].isspace()
    s = escaped_text(s)
    if preserve:
        return f'<is><t xml:space="preserve">{s}</t></is>'
    return f"<is><t>{s}</t></is>"


_short_text_xml = lru_cache(maxsize=1 << 15)(_text_xml)

# short text -> the rest of its inline-string cell after the style: what write_rows adds for
# most cells, the same words on row after row (filled up to a size, then only looked up)
_INLINE: dict[str, str] = {}
_INLINE_MAX = 1 << 15


def _inline(v: str) -> str:
    tail = f' t="inlineStr">{text_xml(v if len(v) <= 32767 else v[:32767])}</c>'
    if len(v) <= 120 and len(_INLINE) < _INLINE_MAX:
        _INLINE[v] = tail
    return tail


def serial(value: dt.date | dt.datetime) -> float | int:
    """Excel's serial date number (1900 date system)."""
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        delta = value - _EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    return (value - _EPOCH_DATE).days


def _num(value: float | int) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    r = repr(float(value))
    return r[:-2] if r.endswith(".0") else r


def _colour(c: str) -> str:
    c = c.lstrip("#").upper()
    return c if len(c) == 8 else "FF" + c


_RECORDED = frozenset({
    "write_string", "write_number", "write_datetime", "write_blank", "write_rows", "set_row",
    "merge_range", "set_column", "freeze_panes", "autofilter", "repeat_rows", "conditional_format",
    "hide_gridlines", "set_landscape", "set_portrait", "set_paper", "set_margins", "fit_to_pages",
    "set_print_scale", "set_footer", "set_header", "set_h_pagebreaks", "insert_chart"})
# what this writer makes of a recording depends on its own code: a change to it is a new digest
_CODE = hashlib.blake2b(open(__file__, "rb").read(), digest_size=16).hexdigest()


class Styled:
    """A table value that carries its own format (a share in a column of counts)."""

    __slots__ = ("value", "fmt")

    def __init__(self, value: Any, fmt: Any):
        self.value, self.fmt = value, fmt


class _XF:
    """A style attribute already written out (' s="3"'), as a Format for ``_styled``."""

    __slots__ = ("xf",)

    def __init__(self, attr: str):
        self.xf = int(attr.split('"')[1]) if attr else 0


class Format:
    """One cell format: font, fill, border, alignment and number format."""

    __slots__ = ("props", "xf", "dxf")

    def __init__(self, props: dict[str, Any], xf: int):
        self.props, self.xf, self.dxf = dict(props), xf, -1


class Workbook:
    """A workbook written as a zip of XML parts when ``close`` is called."""

    def __init__(self, filename: str, options: dict[str, Any] | None = None):
        self.filename = filename
        self.options = options or {}
        self.formats: list[Format] = [Format({}, 0)]
        self.worksheets: list[Worksheet] = []
        self.properties: dict[str, Any] = {}
        self._dxfs: list[Format] = []
        self._real: list[_Sheet] = []
        self._closed = False

    def add_format(self, props: dict[str, Any] | None = None) -> Format:
        f = Format(props or {}, len(self.formats))
        self.formats.append(f)
        return f

    def add_worksheet(self, name: str | None = None) -> Worksheet:
        ws = Worksheet(self._sheet_name(name), len(self.worksheets))
        self.worksheets.append(ws)
        return ws

    def add_chart(self, options: dict[str, Any]) -> Chart:
        """A bar chart (``{"type": "bar"}``, ``"subtype": "stacked"`` for stacked bars)."""
        if options.get("type") != "bar":
            raise ValueError(f"unsupported chart {options!r}")
        return Chart(stacked=options.get("subtype") == "stacked")

    def _sheet_name(self, name: str | None) -> str:
        """A name Excel takes: no []:*?/\\ or control characters, not quoted, at most 31
        characters, not "History", and unlike every other sheet's (a group name from a
        configuration can be anything; a report must not fail on it)."""
        base = _NOT_XML.sub("", _BAD_NAME.sub("_", name or "")).strip().strip("'")[:31].strip()
        if not base or base.casefold() == "history":
            base = (base + " " if base else "") + f"Sheet{len(self.worksheets) + 1}"
        taken = {ws.name.casefold() for ws in self.worksheets}
        candidate, n = base[:31], 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        return candidate

    def set_properties(self, props: dict[str, Any]) -> None:
        self.properties.update(props)

    def dxf(self, fmt: Format) -> int:
        if fmt.dxf < 0:
            fmt.dxf = len(self._dxfs)
            self._dxfs.append(fmt)
        return fmt.dxf

    # ------------------------------------------------------------ closing

    def digest(self) -> str:
        """What this workbook will hold, as a hash of everything written to it."""
        plan = (_CODE, sorted(self.properties.items(), key=lambda kv: kv[0]),
                [(f.props, f.xf) for f in self.formats],
                [(ws.name, ws.hidden, ws.ops) for ws in self.worksheets])
        return hashlib.blake2b(pickle.dumps(plan, protocol=5), digest_size=20).hexdigest()

    def abandon(self) -> None:
        """Close without writing (the report failed); close() after this does nothing."""
        self._closed = True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        digest = self.digest()
        previous = self.options.get("previous")  # (path, the SHA-256 its run recorded) or None
        if previous is not None and _same(previous[0], f"pacesetter {digest}", previous[1]):
            # the same recording as the previous run's file, and that file untouched since
            try:
                os.link(previous[0], self.filename)
            except OSError:
                shutil.copyfile(previous[0], self.filename)
            return
        self._real = []
        try:
            for ws in self.worksheets:
                sheet = _Sheet(self, ws.name, ws.index, ws.hidden)
                self._real.append(sheet)
                for attr, args, kwargs in ws.ops:
                    getattr(sheet, attr)(*args, **kwargs)
            for ws in self._real:
                ws._finish_rows()
            level = int(self.options.get("compresslevel", 1))
            with zips.ZipWriter(self.filename, level=level, when=_ZIP_TIME) as zf:
                zf.comment = f"pacesetter {digest}".encode()

                def part(name: str, text: str) -> None:
                    zf.part(name, text.encode("utf-8"))

                part("[Content_Types].xml", self._content_types(sum(len(ws._charts) for ws in self._real)))
                part("_rels/.rels", _ROOT_RELS)
                part("docProps/app.xml", _APP)
                part("docProps/core.xml", self._core())
                part("xl/workbook.xml", self._workbook_xml())
                part("xl/_rels/workbook.xml.rels", self._workbook_rels())
                part("xl/styles.xml", self._styles())
                charts = 0
                for i, ws in enumerate(self._real, 1):
                    if ws._charts:
                        ws._drawing = i
                        part(f"xl/worksheets/_rels/sheet{i}.xml.rels", _rels(
                            [("drawing", f"../drawings/drawing{i}.xml")]))
                        part(f"xl/drawings/drawing{i}.xml", ws._drawing_xml(charts))
                        part(f"xl/drawings/_rels/drawing{i}.xml.rels", _rels(
                            [("chart", f"../charts/chart{charts + k + 1}.xml")
                             for k in range(len(ws._charts))]))
                        for k, (chart, _anchor) in enumerate(ws._charts):
                            part(f"xl/charts/chart{charts + k + 1}.xml", chart.xml(ws, charts + k + 1))
                        charts += len(ws._charts)
                for i, ws in enumerate(self._real, 1):
                    with zf.stream(f"xl/worksheets/sheet{i}.xml") as dst:
                        ws._copy_to(dst)
        finally:
            for ws in self._real:
                ws._discard()
            # a sheet points back at its workbook: without this, every table's rows would wait
            # for the garbage collector; the recorded calls are done with, too
            self._real = []
            for recorded in self.worksheets:
                recorded.ops.clear()

    def _content_types(self, charts: int) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(self.worksheets) + 1))
        sheets += "".join(f'<Override PartName="/xl/drawings/drawing{i}.xml" '
                          f'ContentType="{_DOC}drawing+xml"/>'
                          for i, ws in enumerate(self._real, 1) if ws._charts)
        sheets += "".join(f'<Override PartName="/xl/charts/chart{i}.xml" '
                          f'ContentType="{_DOC}drawingml.chart+xml"/>' for i in range(1, charts + 1))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{_PKG}package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_DOC}extended-properties+xml"/>'
            f'<Override PartName="/docProps/core.xml" ContentType="{_PKG}package.core-properties+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_DOC}spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_DOC}spreadsheetml.sheet.main+xml"/>'
            f"{sheets}</Types>")

    def _core(self) -> str:
        p = self.properties
        created = p.get("created")
        stamp = (created.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(created, dt.datetime)
                 else "1980-01-01T00:00:00Z")
        title = f"<dc:title>{plain_xml(p['title'])}</dc:title>" if p.get("title") else ""
        desc = f"<dc:description>{plain_xml(p['comments'])}</dc:description>" if p.get("comments") else ""
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{title}{desc}<dc:creator>Pacesetter</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")

    def _workbook_xml(self) -> str:
        sheets, names = [], []
        for i, ws in enumerate(self._real):
            state = ' state="hidden"' if ws.hidden else ""
            sheets.append(f'<sheet name={quoteattr(ws.name)} sheetId="{i + 1}"{state} r:id="rId{i + 1}"/>')
            quoted = "'" + ws.name.replace("'", "''") + "'"
            if ws._filter:
                r1, c1, r2, c2 = ws._filter
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                             f"{escape(quoted)}!${col_letter(c1)}${r1 + 1}:${col_letter(c2)}${r2 + 1}"
                             "</definedName>")
            if ws._repeat:
                a, b = ws._repeat
                names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                             f"{escape(quoted)}!${a + 1}:${b + 1}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        first = next((i for i, ws in enumerate(self._real) if not ws.hidden), 0)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<bookViews><workbookView activeTab="{first}" firstSheet="{first}"/></bookViews>'
            f"<sheets>{''.join(sheets)}</sheets>{defined}<calcPr calcId=\"124519\"/></workbook>")

    def _workbook_rels(self) -> str:
        rels = [f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(self.worksheets) + 1)]
        n = len(self.worksheets) + 1
        rels.append(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
                    '2006/relationships/styles" Target="styles.xml"/>')
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{''.join(rels)}</Relationships>")

    def _styles(self) -> str:
        fonts: dict[str, int] = {}
        fills: dict[str, int] = {"<fill><patternFill patternType=\"none\"/></fill>": 0,
                                 "<fill><patternFill patternType=\"gray125\"/></fill>": 1}
        borders: dict[str, int] = {}
        numfmts: dict[str, int] = {}
        xfs = []
        base = {"font_name": "Calibri", "font_size": 11}  # the Normal style, as Excel's own

        def index(table: dict[str, int], key: str) -> int:
            return table.setdefault(key, len(table))

        index(fonts, _font_xml({**base}))
        index(borders, "<border><left/><right/><top/><bottom/><diagonal/></border>")
        for f in self.formats:
            p = {**base, **f.props}
            font = index(fonts, _font_xml(p))
            fill = index(fills, _fill_xml(p["bg_color"])) if p.get("bg_color") else 0
            border = index(borders, _border_xml(p)) if p.get("border") else 0
            nf = p.get("num_format", "General")
            if nf in _BUILTIN_NUMFMT:
                num = _BUILTIN_NUMFMT[nf]
            else:
                num = numfmts.setdefault(nf, 164 + len(numfmts))
            align = _align_xml(p)
            attrs = (f'numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
                     + (' applyNumberFormat="1"' if num else "") + (' applyFont="1"' if font else "")
                     + (' applyFill="1"' if fill else "") + (' applyBorder="1"' if border else ""))
            prot = "" if p.get("locked", True) else '<protection locked="0"/>'
            if align or prot:
                attrs += (' applyAlignment="1"' if align else "") + (' applyProtection="1"' if prot else "")
                xfs.append(f"<xf {attrs}>{align}{prot}</xf>")
            else:
                xfs.append(f"<xf {attrs}/>")
        dxfs = []
        for f in self._dxfs:
            p = f.props
            font = ""
            if p.get("bold") or p.get("italic") or p.get("font_color"):
                font = ("<font>" + ("<b/>" if p.get("bold") else "") + ("<i/>" if p.get("italic") else "")
                        + (f'<color rgb="{_colour(p["font_color"])}"/>' if p.get("font_color") else "")
                        + "</font>")
            fill = (f'<fill><patternFill><bgColor rgb="{_colour(p["bg_color"])}"/></patternFill></fill>'
                    if p.get("bg_color") else "")
            dxfs.append(f"<dxf>{font}{fill}</dxf>")
        nf_xml = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
                         for code, i in numfmts.items())
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + (f'<numFmts count="{len(numfmts)}">{nf_xml}</numFmts>' if numfmts else "")
            + f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            + f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            + f'<borders count="{len(borders)}">{"".join(borders)}</borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + f'<dxfs count="{len(dxfs)}">{"".join(dxfs)}</dxfs>'
            + '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
              'defaultPivotStyle="PivotStyleLight16"/>'
            + "</styleSheet>")


def _font_xml(p: dict[str, Any]) -> str:
    return ("<font>" + ("<b/>" if p.get("bold") else "") + ("<i/>" if p.get("italic") else "")
            + ("<u/>" if p.get("underline") else "")
            + f'<sz val="{_num(p.get("font_size", 11))}"/>'
            + (f'<color rgb="{_colour(p["font_color"])}"/>' if p.get("font_color") else '<color theme="1"/>')
            + f"<name val={quoteattr(str(p.get('font_name', 'Calibri')))}/>"
            + '<family val="2"/></font>')


def _fill_xml(colour: str) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="{_colour(colour)}"/>'
            '<bgColor indexed="64"/></patternFill></fill>')


def _border_xml(p: dict[str, Any]) -> str:
    style = {1: "thin", 2: "medium", 5: "thick"}.get(int(p.get("border", 1)), "thin")
    colour = f'<color rgb="{_colour(p["border_color"])}"/>' if p.get("border_color") else '<color auto="1"/>'
    side = f'style="{style}">{colour}'
    return (f"<border><left {side}</left><right {side}</right><top {side}</top>"
            f"<bottom {side}</bottom><diagonal/></border>")


def _align_xml(p: dict[str, Any]) -> str:
    attrs = []
    if p.get("align") in ("left", "center", "right"):
        attrs.append(f'horizontal="{p["align"]}"')
    v = {"top": "top", "vcenter": "center", "bottom": None, "vjustify": "justify"}.get(p.get("valign", ""))
    if v:
        attrs.append(f'vertical="{v}"')
    if p.get("text_wrap"):
        attrs.append('wrapText="1"')
    return f"<alignment {' '.join(attrs)}/>" if attrs else ""


class Worksheet:
    """A sheet as the reports write it: every call is recorded, and played to a ``_Sheet``
    when the workbook is closed, unless the previous run's file has the same recording."""

    def __init__(self, name: str, index: int):
        self.name, self.index = name, index
        self.hidden = False
        self.ops: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def get_name(self) -> str:
        return self.name

    def hide(self) -> None:
        self.hidden = True

    def __getattr__(self, attr: str) -> Any:
        if attr not in _RECORDED:
            raise AttributeError(attr)
        ops = self.ops

        def record(*args: Any, **kwargs: Any) -> None:
            ops.append((attr, args, kwargs))
        self.__dict__[attr] = record  # the next call finds it without coming here
        return record


class _Sheet:
    """One sheet: rows are turned into XML as they complete and spooled to a temp file."""

    def __init__(self, wb: Workbook, name: str, index: int, hidden: bool = False):
        self.wb, self.name, self.index = wb, name, index
        self.hidden = hidden
        self._spool: Any = None  # a temp file, made when the rows outgrow _FLUSH_BYTES
        self._parts: list[str] = []
        self._size = 0
        self._floor = 0  # rows above this one are written out: nothing more may go in them
        self._last = -1  # the last row with anything in it
        # rows written cell by cell (titles, hand-laid notes), held until a table or the end
        self._pending: dict[int, tuple[dict[int, str], list[Any]]] = {}
        self._max_col = -1
        self._cols: dict[int, tuple[int, float, Format | None]] = {}
        self._freeze: tuple[int, int] | None = None
        self._filter: tuple[int, int, int, int] | None = None
        self._repeat: tuple[int, int] | None = None
        self._merges: list[str] = []
        self._conds: list[str] = []
        self._priority = 0
        self._gridlines = True
        self._landscape = False
        self._paper = 0
        self._margins = (0.7, 0.7, 0.75, 0.75, 0.3, 0.3)
        self._fit: tuple[int, int] | None = None
        self._scale = 100
        self._footer = ""
        self._header = ""
        self._breaks: list[int] = []
        # values written cell by cell, for the charts drawn from them (small blocks)
        self._values: dict[tuple[int, int], Any] = {}
        self._charts: list[tuple[Chart, tuple[int, int, int, int, int, int, int, int]]] = []
        self._drawing = 0
        self._heights: dict[int, float] = {}

    # ------------------------------------------------------------ rows and cells

    def _row(self, row: int) -> tuple[dict[int, str], list[Any]]:
        """The held cells and [height, format] of a row not yet written out."""
        held = self._pending.get(row)
        if held is None:
            if row < self._floor:
                raise ValueError(f"{self.name}: row {row + 1} is inside a table already written; "
                                 "this writer goes top to bottom")
            if row > 1_048_575:
                raise ValueError(f"row {row} out of range")
            held = self._pending[row] = ({}, [None, None])
            self._last = max(self._last, row)
        return held

    def _write_pending(self, below: int | None = None) -> None:
        """Write out the held rows (those above ``below``), in order."""
        for row in sorted(r for r in self._pending if below is None or r < below):
            cells, (height, fmt) = self._pending.pop(row)
            attrs = f'<row r="{row + 1}"'
            if height is not None:
                attrs += f' ht="{_num(height)}" customHeight="1"'
            if fmt is not None:
                attrs += f' s="{fmt.xf}" customFormat="1"'
            if cells:
                self._emit(f"{attrs}>{''.join(cells[c] for c in sorted(cells))}</row>")
            else:
                self._emit(f"{attrs}/>")

    def _emit(self, xml: str) -> None:
        self._parts.append(xml)
        self._size += len(xml)
        if self._size >= _FLUSH_BYTES:
            self._spill()

    def _spill(self) -> None:
        if self._spool is None:
            self._spool = tempfile.TemporaryFile(prefix="pacesetter-sheet-")
        self._spool.write("".join(self._parts).encode("utf-8"))
        self._parts.clear()
        self._size = 0

    def _put(self, row: int, col: int, xml: str) -> None:
        cells = self._row(row)[0]
        if col > self._max_col:
            if col > 16383 or col < 0:
                raise ValueError(f"column {col} out of range")
            self._max_col = col
        cells[col] = xml

    @staticmethod
    def _s(fmt: Format | None) -> str:
        return f' s="{fmt.xf}"' if fmt is not None and fmt.xf else ""

    def write_string(self, row: int, col: int, value: str, fmt: Format | None = None) -> None:
        self._values[(row, col)] = str(value)
        self._put(row, col, f'<c r="{col_letter(col)}{row + 1}"{self._s(fmt)} t="inlineStr">'
                            f"{text_xml(str(value)[:32767])}</c>")

    def write_number(self, row: int, col: int, value: float | int, fmt: Format | None = None) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value} is not a number a spreadsheet can hold")
        self._values[(row, col)] = value
        self._put(row, col, f'<c r="{col_letter(col)}{row + 1}"{self._s(fmt)}><v>{_num(value)}</v></c>')

    def write_datetime(self, row: int, col: int, value: dt.date, fmt: Format | None = None) -> None:
        self.write_number(row, col, serial(value), fmt)

    def write_blank(self, row: int, col: int, value: Any = None, fmt: Format | None = None) -> None:
        if fmt is None:
            return
        self._put(row, col, f'<c r="{col_letter(col)}{row + 1}"{self._s(fmt)}/>')

    def write_rows(self, first: int, rows: Iterable[Sequence[Any]],
                   cells: Sequence[tuple[Format, Format]], heights: Iterable[float | None],
                   words: tuple[str, str]) -> None:
        """Write a block of table rows in one pass: the hot loop of every big workbook.

        ``cells`` holds, per column, the format for its values and the one for a date
        in it; ``words`` the text written for False and True; ``heights`` one height
        (or None) per row.
        """
        letters = [col_letter(c) for c in range(len(cells))]
        styles = [(f' s="{f.xf}"' if f.xf else "", f' s="{d.xf}"' if d.xf else "") for f, d in cells]
        ncols = len(cells)
        if first < self._floor or any(r >= first for r in self._pending):
            raise ValueError(f"{self.name}: a table from row {first + 1} overlaps rows already written")
        self._write_pending()
        self._max_col = max(self._max_col, ncols - 1)
        emit, date, datetime_, string, text = self._emit, dt.date, dt.datetime, str, text_xml
        inline, inline_get = _inline, _INLINE.get
        # per column, what every cell of it starts with: '<c r="B' (and its style)
        heads = [(f'<c r="{letters[c]}', styles[c][0], styles[c][1], letters[c]) for c in range(ncols)]
        blank: list[Any] = [None] * ncols
        r = first
        for values, height in zip(rows, heights, strict=True):
            n = str(r + 1)
            if len(values) != ncols:
                values = (list(values) + blank)[:ncols]
            out = []
            add = out.append
            for (head, s, ds, letter), v in zip(heads, values, strict=True):
                cls = v.__class__
                if cls is string:
                    if v:
                        add(f'{head}{n}"{s}{inline_get(v) or inline(v)}')
                    else:
                        add(f'{head}{n}"{s}/>')
                elif v is None:
                    add(f'{head}{n}"{s}/>')
                elif cls is int:
                    add(f'{head}{n}"{s}><v>{v}</v></c>')
                elif cls is float:  # as _num writes it: 3 for 3.0
                    num = repr(v)
                    if num[-2:] == ".0":
                        num = num[:-2]
                    elif v - v != 0:  # inf or nan
                        raise ValueError(f"{v} is not a number a spreadsheet can hold")
                    add(f'{head}{n}"{s}><v>{num}</v></c>')
                elif cls is bool:
                    add(f'{head}{n}"{s} t="inlineStr">{text(words[v])}</c>')
                elif isinstance(v, datetime_ | date):
                    add(f'{head}{n}"{ds}><v>{_num(serial(v))}</v></c>')
                elif cls is Styled:
                    add(self._styled(letter + n, v, words))
                elif isinstance(v, int | float):  # a subclass of int or float
                    add(self._styled(letter + n, Styled(v, _XF(s)), words))
                else:
                    add(f'{head}{n}"{s} t="inlineStr">{text(string(v)[:32767])}</c>')
            if height is None:
                emit(f'<row r="{n}">{"".join(out)}</row>')
            else:
                emit(f'<row r="{n}" ht="{_num(height)}" customHeight="1">{"".join(out)}</row>')
            r += 1
        self._floor = r  # those rows are complete: nothing more may go into them
        self._last = max(self._last, r - 1)

    @staticmethod
    def _styled(ref: str, v: Styled, words: tuple[str, str]) -> str:
        s, value = f' s="{v.fmt.xf}"' if v.fmt.xf else "", v.value
        if value is None or value == "":
            return f'<c r="{ref}"{s}/>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="inlineStr">{text_xml(words[value])}</c>'
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{value} is not a number a spreadsheet can hold")
            return f'<c r="{ref}"{s}><v>{_num(value)}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}"{s}><v>{_num(serial(value))}</v></c>'
        return f'<c r="{ref}"{s} t="inlineStr">{text_xml(str(value)[:32767])}</c>'

    def set_row(self, row: int, height: float | None = None, fmt: Format | None = None,
                options: dict[str, Any] | None = None) -> None:
        settings = self._row(row)[1]
        if height is not None:
            settings[0] = float(height)
            self._heights[row] = float(height)
        if fmt is not None:
            settings[1] = fmt

    def merge_range(self, r1: int, c1: int, r2: int, c2: int, data: Any, fmt: Format | None = None) -> None:
        if isinstance(data, int | float) and not isinstance(data, bool):
            self.write_number(r1, c1, data, fmt)
        else:
            self.write_string(r1, c1, "" if data is None else str(data), fmt)
        for c in range(c1 + 1, c2 + 1):
            self.write_blank(r1, c, None, fmt)
        self._merges.append(f"{_ref(r1, c1)}:{_ref(r2, c2)}")

    # ------------------------------------------------------------ sheet settings

    def set_column(self, first: int, last: int, width: float | None = None, fmt: Format | None = None,
                   options: dict[str, Any] | None = None) -> None:
        for c in range(first, last + 1):
            self._cols[c] = (c, 8.43 if width is None else float(width), fmt)

    def freeze_panes(self, row: int, col: int = 0) -> None:
        self._freeze = (row, col)

    def autofilter(self, r1: int, c1: int, r2: int, c2: int) -> None:
        self._filter = (r1, c1, r2, c2)

    def repeat_rows(self, first: int, last: int | None = None) -> None:
        self._repeat = (first, first if last is None else last)

    def conditional_format(self, r1: int, c1: int, r2: int, c2: int, options: dict[str, Any]) -> None:
        ops = {"==": "equal", "equal to": "equal", "!=": "notEqual", ">": "greaterThan",
               "<": "lessThan", ">=": "greaterThanOrEqual", "<=": "lessThanOrEqual"}
        if options.get("type") != "cell" or options.get("criteria") not in ops:
            raise ValueError(f"unsupported conditional format {options!r}")
        self._priority += 1
        dxf = self.wb.dxf(options["format"])
        self._conds.append(
            f'<conditionalFormatting sqref="{_ref(r1, c1)}:{_ref(r2, c2)}">'
            f'<cfRule type="cellIs" dxfId="{dxf}" priority="{self._priority}" '
            f'operator="{ops[options["criteria"]]}"><formula>{plain_xml(options["value"])}</formula>'
            "</cfRule></conditionalFormatting>")

    def hide_gridlines(self, option: int = 1) -> None:
        self._gridlines = option == 0

    def set_landscape(self) -> None:
        self._landscape = True

    def set_portrait(self) -> None:
        self._landscape = False

    def set_paper(self, paper: int) -> None:
        self._paper = int(paper)

    def set_margins(self, left: float = 0.7, right: float = 0.7, top: float = 0.75,
                    bottom: float = 0.75) -> None:
        self._margins = (left, right, top, bottom, 0.3, 0.3)

    def fit_to_pages(self, width: int, height: int) -> None:
        self._fit = (width, height)

    def set_print_scale(self, scale: int) -> None:
        self._scale = int(scale)
        self._fit = None  # a fixed scale, as Excel: manual page breaks are ignored under fit-to-page

    def insert_chart(self, row: int, col: int, chart: Chart, options: dict[str, Any] | None = None) -> None:
        """Anchor a chart at a cell, 480 x 288 pixels times the options' x_scale / y_scale."""
        o = options or {}
        width, height = 480 * float(o.get("x_scale", 1)), 288 * float(o.get("y_scale", 1))
        self._charts.append((chart, (row, col, 0, 0, int(width + 0.5), int(height + 0.5), 0, 0)))

    def set_footer(self, footer: str = "", options: dict[str, Any] | None = None) -> None:
        self._footer = footer

    def set_header(self, header: str = "", options: dict[str, Any] | None = None) -> None:
        self._header = header

    def set_h_pagebreaks(self, breaks: Sequence[int]) -> None:
        self._breaks = sorted(set(int(b) for b in breaks))

    # ------------------------------------------------------------ closing

    def _finish_rows(self) -> None:
        self._write_pending()
        if self._spool is not None:  # a small sheet stays in memory until it is zipped
            if self._parts:
                self._spill()
            self._spool.flush()

    def _head(self) -> str:
        pr = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self._fit else ""
        last_col = max(self._max_col, 0)
        dim = f'<dimension ref="A1:{_ref(max(self._last, 0), last_col)}"/>'
        selected = ' tabSelected="1"' if self.index == 0 else ""
        grid = "" if self._gridlines else ' showGridLines="0"'
        pane = ""
        if self._freeze and (self._freeze[0] or self._freeze[1]):
            r, c = self._freeze
            top = _ref(r, c)
            if r and c:
                pane = (f'<pane xSplit="{c}" ySplit="{r}" topLeftCell="{top}" activePane="bottomRight" '
                        f'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                        f'<selection pane="bottomRight" activeCell="{top}" sqref="{top}"/>')
            elif r:
                pane = (f'<pane ySplit="{r}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                        f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>')
            else:
                pane = (f'<pane xSplit="{c}" topLeftCell="{top}" activePane="topRight" state="frozen"/>'
                        f'<selection pane="topRight" activeCell="{top}" sqref="{top}"/>')
        views = f'<sheetViews><sheetView{grid}{selected} workbookViewId="0">{pane}</sheetView></sheetViews>'
        cols = ""
        if self._cols:
            items = []
            for c in sorted(self._cols):
                _, width, fmt = self._cols[c]
                style = f' style="{fmt.xf}"' if fmt is not None and fmt.xf else ""
                items.append(f'<col min="{c + 1}" max="{c + 1}" width="{_col_width(width)}"{style} '
                             'customWidth="1"/>')
            cols = f"<cols>{''.join(items)}</cols>"
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'{pr}{dim}{views}<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>')

    def _tail(self) -> str:
        parts = ["</sheetData>"]
        if self._filter:
            r1, c1, r2, c2 = self._filter
            parts.append(f'<autoFilter ref="{_ref(r1, c1)}:{_ref(r2, c2)}"/>')
        if self._merges:
            parts.append(f'<mergeCells count="{len(self._merges)}">'
                         + "".join(f'<mergeCell ref="{m}"/>' for m in self._merges) + "</mergeCells>")
        parts.extend(self._conds)
        left, right, top, bottom, header, footer = self._margins
        parts.append(f'<pageMargins left="{_num(left)}" right="{_num(right)}" top="{_num(top)}" '
                     f'bottom="{_num(bottom)}" header="{_num(header)}" footer="{_num(footer)}"/>')
        setup = []
        if self._paper:
            setup.append(f'paperSize="{self._paper}"')
        if self._scale != 100:
            setup.append(f'scale="{self._scale}"')
        if self._fit:
            setup.append(f'fitToWidth="{self._fit[0]}" fitToHeight="{self._fit[1]}"')
        setup.append(f'orientation="{"landscape" if self._landscape else "portrait"}"')
        parts.append(f"<pageSetup {' '.join(setup)}/>")
        if self._header or self._footer:
            parts.append("<headerFooter>"
                         + (f"<oddHeader>{plain_xml(self._header)}</oddHeader>" if self._header else "")
                         + (f"<oddFooter>{plain_xml(self._footer)}</oddFooter>" if self._footer else "")
                         + "</headerFooter>")
        if self._breaks:
            parts.append(f'<rowBreaks count="{len(self._breaks)}" manualBreakCount="{len(self._breaks)}">'
                         + "".join(f'<brk id="{b}" max="16383" man="1"/>' for b in self._breaks)
                         + "</rowBreaks>")
        if self._drawing:
            parts.append('<drawing r:id="rId1"/>')
        parts.append("</worksheet>")
        return "".join(parts)

    def _col_px(self, c: int) -> int:
        width = self._cols[c][1] if c in self._cols else 8.43
        if width <= 0:
            return 0
        return int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5

    def _row_px(self, r: int) -> int:
        return int(4.0 / 3.0 * self._heights.get(r, 15.0))

    def _drawing_xml(self, first_chart: int) -> str:
        """The drawing part: each chart anchored from its cell over the pixels it spans."""
        anchors = []
        for k, (_chart, (row, col, x, y, width, height, _, _)) in enumerate(self._charts):
            c2, x2 = col, x + width
            while x2 >= self._col_px(c2) and c2 < 16383:
                x2 -= self._col_px(c2)
                c2 += 1
            r2, y2 = row, y + height
            while y2 >= self._row_px(r2) and r2 < 1_048_575:
                y2 -= self._row_px(r2)
                r2 += 1
            anchors.append(
                '<xdr:twoCellAnchor>'
                f"<xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>{x * _EMU}</xdr:colOff>"
                f"<xdr:row>{row}</xdr:row><xdr:rowOff>{y * _EMU}</xdr:rowOff></xdr:from>"
                f"<xdr:to><xdr:col>{c2}</xdr:col><xdr:colOff>{x2 * _EMU}</xdr:colOff>"
                f"<xdr:row>{r2}</xdr:row><xdr:rowOff>{y2 * _EMU}</xdr:rowOff></xdr:to>"
                f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{k + 2}" '
                f'name="Chart {first_chart + k + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
                '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
                '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
                '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                f'r:id="rId{k + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>'
                "</xdr:twoCellAnchor>")
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f"{''.join(anchors)}</xdr:wsDr>")

    def _copy_to(self, dst: Any) -> None:
        dst.write(self._head().encode("utf-8"))
        if self._spool is not None:
            self._spool.seek(0)
            while chunk := self._spool.read(_FLUSH_BYTES):
                dst.write(chunk)
        if self._parts:
            dst.write("".join(self._parts).encode("utf-8"))
        dst.write(self._tail().encode("utf-8"))

    def _discard(self) -> None:
        if self._spool is not None:
            self._spool.close()


def _rels(targets: list[tuple[str, str]]) -> str:
    """A relationships part: (type, target) pairs, numbered rId1, rId2, ..."""
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
                   f'2006/relationships/{kind}" Target="{target}"/>'
                   for i, (kind, target) in enumerate(targets, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>")


_EMU = 9525  # per pixel


class Chart:
    """A native bar chart drawn from cells of its sheet, in the options xlsxwriter takes.

    Only what benchmark.xlsx draws: clustered or stacked horizontal bars, series colours and
    gaps, value labels, a title, a legend, axis fonts, minimum, major unit and gridlines.
    The values are cached in the chart as well, so it shows before any recalculation.
    """

    def __init__(self, *, stacked: bool = False):
        self.stacked = stacked
        self.series: list[dict[str, Any]] = []
        self.title: dict[str, Any] = {}
        self.legend: dict[str, Any] = {}
        self.x_axis: dict[str, Any] = {}  # values (bar charts lie on their side)
        self.y_axis: dict[str, Any] = {}  # categories
        self.area: dict[str, Any] = {}

    def add_series(self, options: dict[str, Any]) -> None:
        self.series.append(dict(options))

    def set_title(self, options: dict[str, Any]) -> None:
        self.title = dict(options)

    def set_legend(self, options: dict[str, Any]) -> None:
        self.legend = dict(options)

    def set_x_axis(self, options: dict[str, Any]) -> None:
        self.x_axis = dict(options)

    def set_y_axis(self, options: dict[str, Any]) -> None:
        self.y_axis = dict(options)

    def set_chartarea(self, options: dict[str, Any]) -> None:
        self.area = dict(options)

    # ------------------------------------------------------------ XML

    def xml(self, ws: _Sheet, n: int) -> str:
        ax_cat, ax_val = 50010000 + 2 * n - 1, 50010000 + 2 * n
        sers = "".join(self._series(ws, i, s) for i, s in enumerate(self.series))
        gap = self.series[0].get("gap", 150) if self.series else 150
        overlap = '<c:overlap val="100"/>' if self.stacked else ""
        grouping = "stacked" if self.stacked else "clustered"
        x, y = self.x_axis, self.y_axis
        orient = "maxMin" if y.get("reverse") else "minMax"
        lo = f'<c:min val="{_num(x["min"])}"/>' if x.get("min") is not None else ""
        grid = ""
        if (x.get("major_gridlines") or {}).get("visible"):
            colour = ((x["major_gridlines"].get("line") or {}).get("color") or "#D9D9D9").lstrip("#")
            grid = (f'<c:majorGridlines><c:spPr><a:ln><a:solidFill><a:srgbClr val="{colour}"/>'
                    "</a:solidFill></a:ln></c:spPr></c:majorGridlines>")
        numfmt = (f'<c:numFmt formatCode={quoteattr(x["num_format"])} sourceLinked="0"/>'
                  if x.get("num_format") else '<c:numFmt formatCode="General" sourceLinked="1"/>')
        major = f'<c:majorUnit val="{_num(x["major_unit"])}"/>' if x.get("major_unit") else ""
        crosses = "max" if y.get("crossing") == "max" else "autoZero"
        title = self._title()
        legend = ""
        if self.legend.get("position") != "none":
            sides = {"bottom": "b", "top": "t", "left": "l", "right": "r"}
            pos = sides.get(self.legend.get("position", ""), "r")
            legend = (f'<c:legend><c:legendPos val="{pos}"/><c:layout/>'
                      f"{_text_props(self.legend.get('font'))}</c:legend>")
        borderless = (self.area.get("border") or {}).get("none")
        area = '<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>' if borderless else ""
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<c:lang val="en-US"/><c:chart>'
            f"{title}"
            "<c:plotArea><c:layout/><c:barChart>"
            f'<c:barDir val="bar"/><c:grouping val="{grouping}"/>{sers}'
            f'<c:gapWidth val="{int(gap)}"/>{overlap}<c:axId val="{ax_cat}"/><c:axId val="{ax_val}"/>'
            "</c:barChart>"
            f'<c:catAx><c:axId val="{ax_cat}"/><c:scaling><c:orientation val="{orient}"/></c:scaling>'
            f'<c:axPos val="l"/><c:tickLblPos val="nextTo"/>{_text_props(y.get("num_font"))}'
            f'<c:crossAx val="{ax_val}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
            '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>'
            f'<c:valAx><c:axId val="{ax_val}"/><c:scaling><c:orientation val="minMax"/>{lo}</c:scaling>'
            f'<c:axPos val="{"t" if crosses == "max" else "b"}"/>{grid}{numfmt}<c:tickLblPos val="nextTo"/>'
            f'{_text_props(x.get("num_font"))}<c:crossAx val="{ax_cat}"/><c:crosses val="{crosses}"/>'
            f'<c:crossBetween val="between"/>{major}</c:valAx>'
            f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>{area}'
            "</c:chartSpace>")

    def _title(self) -> str:
        name = self.title.get("name")
        if not name:
            return '<c:autoTitleDeleted val="1"/>'
        font = self.title.get("name_font") or {}
        rpr = _run_props(font, default_size=14, bold_default=True)
        return (f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr{rpr[0]}>"
                f"{rpr[1]}</a:defRPr></a:pPr><a:r><a:rPr lang=\"en-US\"{rpr[0]}>{rpr[1]}</a:rPr>"
                f"<a:t>{plain_xml(name)}</a:t></a:r></a:p></c:rich></c:tx><c:layout/></c:title>")

    def _series(self, ws: _Sheet, i: int, s: dict[str, Any]) -> str:
        sheet = "'" + ws.name.replace("'", "''") + "'"
        tx = ""
        if isinstance(s.get("name"), list | tuple):
            _, r, c = s["name"]
            text = ws._values.get((r, c))
            tx = (f"<c:tx><c:strRef><c:f>{escape(sheet)}!${col_letter(c)}${r + 1}</c:f><c:strCache>"
                  f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{plain_xml(text or "")}</c:v></c:pt>'
                  "</c:strCache></c:strRef></c:tx>")
        fill = ""
        if (s.get("fill") or {}).get("color"):
            fill = (f'<c:spPr><a:solidFill><a:srgbClr val="{s["fill"]["color"].lstrip("#").upper()}"/>'
                    "</a:solidFill></c:spPr>")
        labels = ""
        if (s.get("data_labels") or {}).get("value"):
            d = s["data_labels"]
            nf = (f'<c:numFmt formatCode={quoteattr(d["num_format"])} sourceLinked="0"/>'
                  if d.get("num_format") else "")
            # every flag spelled out: a reader's defaults for absent ones differ (LibreOffice
            # shows category and series names unless told not to)
            labels = (f'<c:dLbls>{nf}{_text_props(d.get("font"))}<c:showLegendKey val="0"/>'
                      '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
                      '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')
        _, r1, c1, r2, c2 = s["categories"]
        cats = [ws._values.get((r, c1)) for r in range(r1, r2 + 1)]
        cat_pts = "".join(f'<c:pt idx="{k}"><c:v>{plain_xml(v)}</c:v></c:pt>'
                          for k, v in enumerate(cats) if v is not None)
        _, v1, vc, v2, _ = s["values"]
        vals = [ws._values.get((r, vc)) for r in range(v1, v2 + 1)]
        # a blank is cached as 0, as Excel caches it (the bar is not drawn, nor labelled)
        val_pts = "".join(f'<c:pt idx="{k}"><c:v>{_num(v if _is_number(v) else 0)}</c:v></c:pt>'
                          for k, v in enumerate(vals))
        return (
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>{tx}{fill}{labels}'
            f"<c:cat><c:strRef><c:f>{escape(sheet)}!{_abs(r1, c1)}:{_abs(r2, c2)}</c:f>"
            f'<c:strCache><c:ptCount val="{len(cats)}"/>{cat_pts}</c:strCache></c:strRef></c:cat>'
            f"<c:val><c:numRef><c:f>{escape(sheet)}!{_abs(v1, vc)}:{_abs(v2, vc)}</c:f>"
            f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(vals)}"/>{val_pts}'
            "</c:numCache></c:numRef></c:val></c:ser>")


def _abs(row: int, col: int) -> str:
    return f"${col_letter(col)}${row + 1}"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _run_props(font: dict[str, Any] | None, *, default_size: float = 10,
               bold_default: bool = False) -> tuple[str, str]:
    """Attributes and children of a DrawingML run's properties from an xlsxwriter font dict."""
    font = font or {}
    size = int(float(font.get("size", default_size)) * 100)
    bold = font.get("bold", bold_default)
    attrs = f' sz="{size}"' + (' b="1"' if bold else ' b="0"') + ' baseline="0"'
    latin = f"<a:latin typeface={quoteattr(str(font['name']))}/>" if font.get("name") else ""
    east = f"<a:ea typeface={quoteattr(str(font['name']))}/>" if font.get("name") else ""
    return attrs, latin + east


def _text_props(font: dict[str, Any] | None) -> str:
    if not font:
        return ""
    attrs, children = _run_props(font)
    return (f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr{attrs}>{children}</a:defRPr>"
            '</a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>')


def _same(path: Any, comment: str, sha256: str) -> bool:
    """Whether ``path`` is a workbook this writer made with that recording (its zip comment)
    and is still the file its run recorded (its SHA-256): nobody has edited it since."""
    try:
        with zipfile.ZipFile(path) as zf:
            if zf.comment.decode("ascii", "replace") != comment:
                return False
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() == sha256
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def _col_width(width: float) -> str:
    """A column width in characters as Excel stores it (as xlsxwriter computes it)."""
    if width <= 0:
        return "0"
    digit, padding = 7, 5
    if width < 1:
        w = int((int(width * (digit + padding) + 0.5)) / digit * 256.0) / 256.0
    else:
        w = int((int(width * digit + 0.5) + padding) / digit * 256.0) / 256.0
    return _num(w)


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/></Relationships>')

_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Pacesetter</Application></Properties>")
