"""Feedback copies made by editing the unit's own XML: marks, comments, and nothing else changed.

The files here are made the way units' files are: openpyxl-written with formulas, a
hyperlink and merged cells, and the same re-saved by LibreOffice (shared strings,
namespaces, drawings). Each copy is read back with openpyxl and converted by LibreOffice.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pacesetter.reports.annotate import annotate

ROWS = [["Findings for x.xlsx"], ["Outcome: rejected."], ["Severity", "Cell", "Finding"],
        ["error", "Tasks!C2", "=not a formula"], ["warning", "Tasks!B9", "far below"]]
WIDTHS = [9, 16, 50]


def unit_file(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tasks"
    ws.append(["No.", "Title", "Deadline", "Total"])
    ws.append([1, "培训", None, "=A2*2"])  # C2 empty (no cell in the XML), D2 a formula
    ws.append([2, "安全", "2026-12-31", "=A3*2"])
    ws["B3"].hyperlink = "http://example.org/"
    ws.merge_cells("A5:B6")
    ws["A5"] = "merged note"
    wb.create_sheet("Unit")["A1"] = "Code"
    wb.save(path)
    return path


def _marks() -> dict[tuple[str, str], tuple[str, list[str]]]:
    return {("Tasks", "C2"): ("error", ["Deadline is empty — fill it in"]),
            ("Tasks", "B9"): ("warning", ["below the table", "second line"]),  # no such row yet
            ("Tasks", "B6"): ("error", ["inside a merged range"]),  # covered: not marked
            ("Tasks", "A2"): ("warning", ["an existing cell"]),
            ("Missing", "A1"): ("error", ["a sheet the file does not have"])}


def _check(copy: Path) -> None:
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Findings" and wb.active.title == "Findings"
    ws = wb["Tasks"]
    assert ws["C2"].fill.fgColor.rgb == "FFFFC7CE" and "Deadline is empty" in ws["C2"].comment.text
    assert ws["B9"].fill.fgColor.rgb == "FFFFEB9C" and "second line" in ws["B9"].comment.text
    assert ws["A2"].fill.fgColor.rgb == "FFFFEB9C" and ws["A2"].value == 1  # value kept
    assert ws["B6"].comment is None
    assert ws["B2"].value == "培训" and ws["C3"].value == "2026-12-31" and ws["A5"].value == "merged note"
    assert ws["B3"].hyperlink is None
    assert [[c.value for c in r] for r in wb["Findings"].iter_rows(max_row=4, max_col=3)][3] == \
        ["error", "Tasks!C2", "=not a formula"]
    assert wb["Findings"]["C4"].data_type == "s"
    with zipfile.ZipFile(copy) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
        assert "xl/calcChain.xml" not in zf.namelist()


def test_an_openpyxl_written_file_is_marked_by_editing_its_xml(tmp_path: Path) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    before = src.read_bytes()
    copy = tmp_path / "copy.xlsx"
    assert annotate(src, copy, _marks(), findings_title="Findings", findings_rows=ROWS, widths=WIDTHS)
    _check(copy)
    assert src.read_bytes() == before  # the unit's file itself is never touched
    with zipfile.ZipFile(copy) as zf:
        assert any("pacesetter_findings" in n for n in zf.namelist())  # the XML path, not openpyxl


def test_a_libreoffice_resaved_file_is_marked_and_opens_in_libreoffice(tmp_path: Path, soffice: str) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    resaved = out / "unit.xlsx"
    with zipfile.ZipFile(resaved) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
    copy = tmp_path / "copy.xlsx"
    assert annotate(resaved, copy, _marks(), findings_title="Findings", findings_rows=ROWS, widths=WIDTHS)
    _check(copy)
    assert openpyxl.load_workbook(copy, data_only=True)["Tasks"]["D3"].value == 4  # the cached value
    pdf = tmp_path / "pdf"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(pdf), str(copy)],
                   check=True, capture_output=True, timeout=180)
    assert (pdf / "copy.pdf").stat().st_size > 1000


def test_a_file_with_its_own_comments_is_left_to_openpyxl(tmp_path: Path) -> None:
    """Merging our comments into a unit's own is not done by hand: the caller falls back."""
    from openpyxl.comments import Comment

    src = unit_file(tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["Tasks"]["A1"].comment = Comment("the unit's own note", "unit")
    wb.save(src)
    assert not annotate(src, tmp_path / "copy.xlsx", _marks(), findings_title="Findings",
                        findings_rows=ROWS, widths=WIDTHS)
    assert not (tmp_path / "copy.xlsx").exists()


def test_a_file_that_already_has_a_findings_sheet_is_left_to_openpyxl(tmp_path: Path) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(src)
    wb.create_sheet("Findings")
    wb.save(src)
    assert not annotate(src, tmp_path / "copy.xlsx", _marks(), findings_title="Findings",
                        findings_rows=ROWS, widths=WIDTHS)


@pytest.mark.parametrize("damage", ["styles", "sheetdata"])
def test_an_odd_layout_is_refused_not_half_edited(tmp_path: Path, damage: str) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(odd, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if damage == "styles" and item.filename == "xl/styles.xml":
                data = data.replace(b"<cellXfs", b"<x:cellXfs").replace(b"</cellXfs>", b"</x:cellXfs>")
            if damage == "sheetdata" and item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"sheetData", b"x:sheetData")
            zout.writestr(item, data)
    assert not annotate(odd, tmp_path / "copy.xlsx", _marks(), findings_title="Findings",
                        findings_rows=ROWS, widths=WIDTHS)
