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


def _rewrite(src: Path, dest: Path, change: object) -> Path:
    """A copy of ``src`` with ``change(part name, text)`` applied to each XML part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.endswith((".xml", ".rels")):
                data = change(item.filename, data.decode()).encode()  # type: ignore[operator]
            zout.writestr(item, data)
    return dest


DATA_BAR = ('<conditionalFormatting sqref="A2:A3"><cfRule type="dataBar" priority="1"><dataBar>'
            '<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst>'
            '<ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" '
            'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
            "<x14:id>{00000000-0000-0000-0000-000000000001}</x14:id></ext></extLst></cfRule>"
            "</conditionalFormatting>")


def test_comments_go_among_the_worksheets_own_children_not_into_a_data_bar(tmp_path: Path) -> None:
    """A data bar carries an <extLst> of its own: the comments' drawing must not land inside it."""
    src = _rewrite(unit_file(tmp_path / "unit.xlsx"), tmp_path / "bar.xlsx",
                   lambda n, s: s.replace("<pageMargins", DATA_BAR + "<pageMargins", 1)
                   if n == "xl/worksheets/sheet1.xml" else s)
    copy = tmp_path / "copy.xlsx"
    assert annotate(src, copy, _marks(), findings_title="Findings", findings_rows=ROWS, widths=WIDTHS)
    xml = zipfile.ZipFile(copy).read("xl/worksheets/sheet1.xml").decode()
    assert xml.index("</conditionalFormatting>") < xml.index("<legacyDrawing") < xml.index("</worksheet>")
    _check(copy)


def test_what_the_editor_does_not_take_is_refused_without_an_exception(tmp_path: Path) -> None:
    base = unit_file(tmp_path / "unit.xlsx")
    import re

    cases = {
        # rows and cells placed by order, not by reference: a mark would land in the wrong row
        "no refs": lambda n, s: re.sub(r'<c r="[A-Z]+\d+"', "<c", re.sub(r'<row r="\d+"', "<row", s))
        if n == "xl/worksheets/sheet1.xml" else s,
        # a sheet called "findings": Excel's names are unique whatever the case
        "case": lambda n, s: s.replace('name="Unit"', 'name="findings"') if n == "xl/workbook.xml" else s,
        # no cell styles at all
        "no styles": lambda n, s: re.sub(r"<cellXfs\b[^>]*>.*?</cellXfs>", '<cellXfs count="0"></cellXfs>',
                                         s, flags=re.S) if n == "xl/styles.xml" else s,
    }
    for label, change in cases.items():
        odd = _rewrite(base, tmp_path / f"{label}.xlsx", change)
        assert not annotate(odd, tmp_path / f"out {label}.xlsx", _marks(), findings_title="Findings",
                            findings_rows=ROWS, widths=WIDTHS), label


def test_a_macro_enabled_workbook_without_macros_comes_back_as_a_plain_xlsx(tmp_path: Path) -> None:
    src = _rewrite(unit_file(tmp_path / "unit.xlsx"), tmp_path / "unit.xlsm", lambda n, s: s.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml") if n == "[Content_Types].xml" else s)
    copy = tmp_path / "copy.xlsx"
    assert annotate(src, copy, _marks(), findings_title="Findings", findings_rows=ROWS, widths=WIDTHS)
    types = zipfile.ZipFile(copy).read("[Content_Types].xml").decode()
    assert "macroEnabled" not in types and "spreadsheetml.sheet.main+xml" in types


def test_a_link_in_a_shape_is_not_carried_into_the_copy(tmp_path: Path) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    linked = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(linked, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("xl/drawings/drawing1.xml", "<xdr:wsDr/>")
        zout.writestr("xl/drawings/_rels/drawing1.xml.rels",
                      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                      'officeDocument/2006/relationships/hyperlink" Target="http://evil.example/x" '
                      'TargetMode="External"/></Relationships>')
    assert not annotate(linked, tmp_path / "copy.xlsx", _marks(), findings_title="Findings",
                        findings_rows=ROWS, widths=WIDTHS)  # the openpyxl copy drops shapes


def test_comment_text_reads_back_exactly(tmp_path: Path) -> None:
    src = unit_file(tmp_path / "unit.xlsx")
    copy = tmp_path / "copy.xlsx"
    marks = {("Tasks", "A2"): ("error", ["a literal _x0041_ & <b> stays as typed"])}
    assert annotate(src, copy, marks, findings_title="Findings", findings_rows=ROWS, widths=WIDTHS)
    text = zipfile.ZipFile(copy).read("xl/comments_pacesetter1.xml").decode()
    assert "_x005F_x0041_" in text and "&amp; &lt;b&gt;" in text
