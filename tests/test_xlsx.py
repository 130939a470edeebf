"""The streaming workbook writer: what goes in reads back exactly, as text, and nothing else.

Every output table goes through ``reports/xlsx.py``; these tests read its files back with
openpyxl and python-calamine, as a leader's Excel or WPS would, and look at the XML.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pacesetter.reports import formats
from pacesetter.reports.formats import Column, Styled, workbook

AS_OF = dt.date(2026, 7, 6)

TRICKY = [
    "=1+1",  # a formula typed as text stays text
    "=HYPERLINK(\"http://x\",\"y\")",
    "_x0041_",  # Excel's own escape, typed literally
    "_x0041_x0042_",  # two of them sharing an underscore
    "_x005F_x0041_",
    "ends with a carriage return\r",
    "a\x01b\x1fc",  # control characters pasted from another program
    "line one\r\nline two",
    "  leading and trailing  ",
    "<b>&amp;</b> & < >",
    "任务名称（必填）：完成率≥90%",
    "emoji 😀 and 𠀀",
    "x" * 5000,
    "@SUM(A1)",
    "+1",
    "-1",
]


def _write(path: Path, rows: list[list[object]], **kw: object) -> None:
    cols = [Column("Text", "wrap", 30), Column("Number", "num", 10), Column("Date", "date", 12)]
    with workbook(path, lang="zh", as_of=AS_OF, title="测试") as book:
        ws = book.sheet("表")
        book.table(ws, cols, rows, title="标题", **kw)


def test_text_numbers_and_dates_read_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows: list[list[object]] = [[s, i * 1.5, AS_OF + dt.timedelta(days=i)] for i, s in enumerate(TRICKY)]
    rows.append([None, 12345678901234, dt.datetime(2026, 12, 31, 0, 0)])
    rows.append([True, -0.125, None])
    _write(path, rows)

    wb = openpyxl.load_workbook(path)
    ws = wb["表"]
    assert ws["A1"].value == "标题"
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=4, max_row=3 + len(rows), max_col=3)]
    for want, have in zip(rows[: len(TRICKY)], got, strict=False):
        # openpyxl does not decode Excel's _xHHHH_ escapes in inline strings (Excel and
        # calamine do: checked below), so those two are compared as calamine reads them
        if "_x" not in str(want[0]) and "\x01" not in str(want[0]):
            assert have[0] == want[0]
        assert have[1] == want[1]
        assert have[2] == dt.datetime.combine(want[2], dt.time())  # type: ignore[arg-type]
    assert got[len(TRICKY)] == [None, 12345678901234, dt.datetime(2026, 12, 31)]
    assert got[len(TRICKY) + 1][0] == "是"  # a yes/no value in the workbook's language
    assert got[len(TRICKY) + 1][1] == -0.125
    assert all(ws.cell(4 + i, 1).data_type == "s" for i in range(len(TRICKY)))

    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表").to_python()
    assert [r[0] for r in cal[3: 3 + len(TRICKY)]] == TRICKY  # every character, as Excel reads them
    assert cal[3][2] == AS_OF

    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet and b"<f " not in sheet  # inert: no formula anywhere
        assert not any(n.startswith("xl/externalLinks") or "vba" in n.lower() for n in zf.namelist())


def test_a_leader_sees_a_formatted_table(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _write(path, [["甲", 1, AS_OF], ["乙\n第二行\n第三行", 2, AS_OF]], freeze_cols=1)
    ws = openpyxl.load_workbook(path)["表"]
    assert ws["A3"].value == "Text" and ws["A3"].font.b and ws["A3"].fill.fgColor.rgb == "FF1F4E78"
    assert ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["A5"].alignment.wrap_text
    assert ws.freeze_panes == "B4"
    assert ws.auto_filter.ref == "A3:C5"
    assert ws.row_dimensions[5].height >= 3 * 13  # three lines, not cut to one
    assert ws.column_dimensions["A"].width > 30
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$3:$3"


def test_a_value_can_carry_its_own_format(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with workbook(path, lang="en", as_of=AS_OF, title="t") as book:
        ws = book.sheet("S")
        book.table(ws, [Column("Item"), Column("Value", "int")],
                   [["count", 5], ["share", Styled(0.25, book.f["pct"])]])
    ws = openpyxl.load_workbook(path)["S"]
    # no title: the as-of line, the header, then the rows
    assert ws["B3"].number_format == "0" and ws["B4"].number_format == "0.0%" and ws["B4"].value == 0.25


def test_writing_above_a_table_already_written_is_refused_whatever_the_size(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with pytest.raises(ValueError, match="top to bottom"):
        with workbook(path, lang="en", as_of=AS_OF, title="t") as book:
            ws = book.sheet("S")
            book.table(ws, [Column("A")], [["x"], ["y"]])
            ws.write_string(3, 0, "rewritten", book.f["text"])  # inside the table
    assert not path.exists() and not list(tmp_path.iterdir())  # nothing half-written left


def test_cells_written_one_by_one_may_come_in_any_order_above_a_table(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with workbook(path, lang="en", as_of=AS_OF, title="t") as book:
        ws = book.sheet("S")
        ws.write_string(1, 0, "second", book.f["text"])
        ws.write_string(0, 0, "first", book.f["text"])
        ws.set_row(0, 30)
        book.table(ws, [Column("A")], [["x"]], first_row=3)
        ws.write_string(9, 1, "after", book.f["text"])
    ws = openpyxl.load_workbook(path)["S"]
    got = [ws["A1"].value, ws["A2"].value, ws["A6"].value, ws["B10"].value]
    assert got == ["first", "second", "x", "after"]
    assert ws.row_dimensions[1].height == 30


def _manifest(folder: Path, **override: str) -> None:
    """The previous run's manifest: every workbook in ``folder`` with its SHA-256."""
    import hashlib
    import json

    outputs = [{"path": p.name, "sha256": override.get(p.name, hashlib.sha256(p.read_bytes()).hexdigest())}
               for p in sorted(folder.glob("*.xlsx"))]
    (folder / "manifest.json").write_text(json.dumps({"outputs": outputs}), encoding="utf-8")


def test_an_unchanged_workbook_is_the_previous_file_and_a_changed_one_is_written(tmp_path: Path) -> None:
    before, now = tmp_path / "run1", tmp_path / "run2"
    rows: list[list[object]] = [["甲", 1, AS_OF], ["乙", 2, AS_OF]]
    for name in ("t", "u", "w"):
        _write(before / f"{name}.xlsx", rows)
    (before / "v.xlsx").write_bytes(b"not a workbook")  # not ours (edited and saved by a person)
    _manifest(before, **{"w.xlsx": "0" * 64})  # w.xlsx changed since its run recorded it
    formats.reuse_from(now, before)
    try:
        _write(now / "t.xlsx", rows)
        _write(now / "u.xlsx", [["甲", 1, AS_OF], ["乙", 3, AS_OF]])  # one number differs
        _write(now / "v.xlsx", rows)
        _write(now / "w.xlsx", rows)
    finally:
        formats.reuse_from(None, None)
    assert os.path.samefile(before / "t.xlsx", now / "t.xlsx")
    for name in ("u", "v", "w"):
        assert not os.path.samefile(before / f"{name}.xlsx", now / f"{name}.xlsx"), name
    assert openpyxl.load_workbook(now / "u.xlsx")["表"]["B5"].value == 3
    assert openpyxl.load_workbook(now / "v.xlsx")["表"]["A4"].value == "甲"
    assert (now / "w.xlsx").read_bytes() == (before / "w.xlsx").read_bytes()  # written again, same


def test_the_same_content_gives_the_same_bytes(tmp_path: Path) -> None:
    rows: list[list[object]] = [[s, 1, AS_OF] for s in TRICKY]
    _write(tmp_path / "a.xlsx", rows)
    _write(tmp_path / "b.xlsx", rows)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_titles_and_names_that_xml_cannot_hold_do_not_break_the_file(tmp_path: Path) -> None:
    """A file name from an e-mail can carry a control character into a title; a group name
    from a configuration can be anything: the workbook must still open."""
    path = tmp_path / "t.xlsx"
    with workbook(path, lang="en", as_of=AS_OF, title="Findings for plan\x0b2026.xlsx") as book:
        book.table(book.sheet("a/b"), [Column("A")], [["x"]], title="plan\x0b2026")
        book.table(book.sheet("A/B"), [Column("A")], [["y"]])
        book.table(book.sheet("History"), [Column("A")], [["z"]])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["a_b", "A_B (2)", "History Sheet3"]
    assert wb.properties.title == "Findings for plan\ufffd2026.xlsx"
    # in a cell the character itself is kept (Excel's escape: calamine reads it back)
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("a_b").to_python()[0][0] == "plan\x0b2026"


def test_a_report_that_fails_leaves_nothing_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with pytest.raises(RuntimeError):
        with workbook(path, lang="en", as_of=AS_OF, title="t") as book:
            book.table(book.sheet("S"), [Column("A")], [["x"]] * 1000)
            raise RuntimeError("a report's own bug")
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_too_big_for_memory_and_a_small_one_read_back_whole(tmp_path: Path) -> None:
    """A big sheet's rows go through a temporary file on their way into the zip, a small
    sheet's stay in memory: both read back row for row, nothing left behind or doubled."""
    path = tmp_path / "t.xlsx"
    cols = [Column("Text", "wrap", 30), Column("Number", "num", 10), Column("Date", "date", 12)]
    big = [[f"第{n}行 " + "长" * 40, n, AS_OF] for n in range(12_000)]  # several MB of XML
    with workbook(path, lang="zh", as_of=AS_OF, title="测试") as book:
        book.table(book.sheet("大"), cols, big, title="大表")
        book.table(book.sheet("小"), cols, [["甲", 1, AS_OF]], title="小表")
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > formats.xlsx._FLUSH_BYTES
    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name("大").to_python()
    data = [r for r in rows if isinstance(r[1], float)]
    assert len(data) == 12_000 and data[0][0] == big[0][0] and data[-1][1] == 11_999.0
    assert [r for r in wb.get_sheet_by_name("小").to_python() if r[0] == "甲"] == [["甲", 1.0, AS_OF]]


def test_escape_and_quoteattr_match_the_standard_library() -> None:
    """The writer's own escapes (the standard ones import urllib, http and ssl at start-up)
    give exactly what xml.sax.saxutils gives."""
    import itertools
    from xml.sax.saxutils import escape as std_escape
    from xml.sax.saxutils import quoteattr as std_quoteattr

    from pacesetter.reports.xlsx import escape, quoteattr

    alphabet = ["a", "&", "<", ">", '"', "'", "\n", "\r", "\t", "中", " ", "&amp;"]
    for n in range(4):
        for chars in itertools.product(alphabet, repeat=n):
            s = "".join(chars)
            assert escape(s) == std_escape(s) and quoteattr(s) == std_quoteattr(s), repr(s)


def test_numbers_read_back_exactly_and_infinity_is_refused(tmp_path: Path) -> None:
    """Every float reads back as itself (a whole one written without ".0"); a number no
    spreadsheet can hold stops the workbook instead of writing a broken cell."""
    values = [0.0, -0.0, 3.0, 0.1, 1e16, 1.5e-7, 123456789.125, 2.0**53, -7.25]
    path = tmp_path / "n.xlsx"
    _write(path, [["n", v, None] for v in values])
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表").to_python()
    assert [r[1] for r in cal[3: 3 + len(values)]] == values
    with zipfile.ZipFile(path) as zf:
        assert b"<v>3</v>" in zf.read("xl/worksheets/sheet1.xml")
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ValueError, match="not a number a spreadsheet can hold"):
            _write(tmp_path / "bad.xlsx", [["x", bad, None]])
        assert not (tmp_path / "bad.xlsx").exists()
