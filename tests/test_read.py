"""The reader on real files: cells found by header label, in the unit's own coordinates."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest

from pacesetter.fields import TASK_FIELDS
from pacesetter.findings import Severity
from pacesetter.read import Submission, read_submission
from tests.workbooks import (
    OMIT,
    TASK_COLUMN,
    default_meta,
    good_tasks,
    write_submission,
)


def read(path: Path, lang: str = "en") -> Submission:
    return read_submission(path, lang=lang)


def codes(sub: Submission) -> list[str]:
    return [f.code for f in sub.findings]


def test_a_template_reads_with_its_references(tmp_path: Path) -> None:
    """Without the A1 reference of each value no finding could point the unit at its cell."""
    sub = read(write_submission(tmp_path / "s.xlsx"))
    assert sub.findings == ()
    assert sub.sheet_titles == {"unit": "Unit", "tasks": "Tasks", "exchanges": "Exchanges"}
    assert sub.meta == default_meta() | {"template_version": 2}
    assert sub.unit["period"].ref == "Unit!B4"
    assert sub.unit["unit_code"].raw == "DC-PS1"
    assert sub.unit["submission_date"].raw == dt.date(2026, 5, 10)
    assert sub.header_rows == {"tasks": 1, "exchanges": 1}
    assert sub.columns["tasks"] == TASK_COLUMN
    first = sub.tasks[0]
    assert first.row == 2 and first.cells["deadline"].ref == "Tasks!R2"
    assert first.cells["target"].raw == "90%" and first.cells["status"].raw is None
    assert len(sub.tasks) == 10 and len(sub.exchanges) == 1


def test_blank_rows_keep_their_excel_numbers(tmp_path: Path) -> None:
    """Counting rows without the blank ones would send the unit to the wrong row."""
    tasks: list = good_tasks(4)
    tasks.insert(1, None)
    tasks.insert(3, None)
    tasks.insert(3, None)
    sub = read(write_submission(tmp_path / "s.xlsx", tasks=tasks))
    assert [r.row for r in sub.tasks] == [2, 4, 7, 8]
    assert [r.cells["deadline"].ref for r in sub.tasks] == ["Tasks!R2", "Tasks!R4", "Tasks!R7", "Tasks!R8"]


def test_merged_category_is_given_to_every_row(tmp_path: Path) -> None:
    """Rows under a merged Category would read as having no category and be rejected."""
    tasks = good_tasks(6)
    for i in (3, 4):
        tasks[i]["category"] = None
    tasks[2]["category"] = "Heritage protection"
    sub = read(write_submission(tmp_path / "s.xlsx", tasks=tasks, merge_category=(2, 4)))
    assert [r.cells["category"].raw for r in sub.tasks[2:5]] == ["Heritage protection"] * 3
    assert [r.cells["category"].ref for r in sub.tasks[2:5]] == ["Tasks!B4", "Tasks!B5", "Tasks!B6"]


def test_merged_cell_alone_does_not_make_a_task(tmp_path: Path) -> None:
    """A Category merged down past the last task would add empty tasks that fail every check."""
    tasks: list = good_tasks(3) + [None, None]
    sub = read(write_submission(tmp_path / "s.xlsx", tasks=tasks, merge_category=(1, 2)))
    assert len(sub.tasks) == 3
    path = tmp_path / "long-merge.xlsx"
    wb = openpyxl.load_workbook(write_submission(path, tasks=good_tasks(3)))
    wb["Tasks"].merge_cells("B4:B9")  # merged over three task rows... and five blank ones
    wb.save(path)
    assert [r.row for r in read(path).tasks] == [2, 3, 4]


def test_header_below_a_title_row(tmp_path: Path) -> None:
    """A unit that typed a title above the table would have its whole Tasks sheet ignored."""
    sub = read(write_submission(tmp_path / "s.xlsx", title_row="东城第一小学2026年对标任务表"))
    assert sub.header_rows["tasks"] == 2
    assert sub.tasks[0].row == 3 and sub.tasks[2].cells["deadline"].ref == "Tasks!R5"
    assert codes(sub) == []


def test_unknown_column_is_reported_and_kept(tmp_path: Path) -> None:
    """A column the unit added would silently vanish, and with it what the unit wrote there."""
    tasks = good_tasks(3)
    tasks[1]["Remarks"] = "经费已落实"
    tasks[2]["Remarks"] = "=not a formula"  # text that looks like one stays text
    columns = [f.key for f in TASK_FIELDS]
    columns.insert(3, "Remarks")
    path = write_submission(tmp_path / "s.xlsx", tasks=tasks, columns=columns)
    wb = openpyxl.load_workbook(path)
    wb["Tasks"]["D4"].data_type = "s"  # what Excel stores when the unit types '=not a formula
    wb["Tasks"]["Z3"] = "no heading over this note"
    wb.save(path)
    sub = read(path)
    unknown = [(f.code, f.cell, f.severity) for f in sub.findings]
    assert unknown == [("column.unknown", "Tasks!D1", Severity.WARNING),
                       ("column.unknown", "Tasks!Z1", Severity.WARNING)]
    assert "Remarks" in sub.findings[0].message
    assert sub.tasks[0].extra == {}
    assert sub.tasks[1].extra["Remarks"].raw == "经费已落实"
    assert sub.tasks[1].extra["Remarks"].ref == "Tasks!D3"
    assert sub.tasks[1].extra["Z"].raw == "no heading over this note"
    assert sub.tasks[2].extra["Remarks"].raw == "=not a formula"
    assert sub.tasks[1].cells["title"].ref == "Tasks!C3" and sub.tasks[1].cells["objective"].ref == "Tasks!E3"


def test_formula_without_cached_value_is_a_finding(tmp_path: Path) -> None:
    """A formula read as empty would turn the unit's number into a silent blank."""
    tasks = good_tasks(3)
    tasks[1]["target"] = "=20+10"
    sub = read(write_submission(tmp_path / "s.xlsx", tasks=tasks))
    [hit] = sub.findings
    assert (hit.code, hit.severity, hit.cell, hit.sheet) == ("cell.formula_no_value", Severity.ERROR,
                                                           "Tasks!I3", "Tasks")
    assert hit.field == "Target" and '"=20+10"' in hit.message


def test_the_safety_gate_tells_the_reader_which_sheets_hold_formulas(tmp_path: Path) -> None:
    """The reader looks for formulas without values only where the gate saw a formula; a data
    validation's <formula1> (every template has them) is not one."""
    import zipfile

    from openpyxl.worksheet.datavalidation import DataValidation

    from pacesetter.safety import inspect_file
    from pacesetter.workers import examine
    from tests.workbooks import campaign

    config = campaign(tmp_path)
    plain = write_submission(tmp_path / "plain.xlsx", tasks=good_tasks(3))
    wb = openpyxl.load_workbook(plain)  # a number check on Target, as the template has
    check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    wb["Tasks"].add_data_validation(check)
    check.add("I2:I40")
    wb.save(plain)
    with zipfile.ZipFile(plain) as zf:
        assert any(b"<formula1>" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    tasks = good_tasks(3)
    tasks[1]["target"] = "=20+10"
    with_formula = write_submission(tmp_path / "f.xlsx", tasks=tasks)
    for path, expected in ((plain, set()), (with_formula, {"Tasks"})):
        seen: set[str] = set()
        assert inspect_file(path, lang="en", formula_sheets=seen) == []
        assert seen == expected
    checked = examine(with_formula, "f.xlsx", config)
    assert [(f.code, f.cell) for f in checked.findings if f.code == "cell.formula_no_value"] == \
        [("cell.formula_no_value", "Tasks!I3")]


def test_renamed_tasks_sheet_is_found_by_its_header(tmp_path: Path) -> None:
    """A unit that renamed the Tasks sheet would be told its file is not a template."""
    sub = read(write_submission(tmp_path / "s.xlsx", sheet_titles={"tasks": "东城一小任务"}))
    assert sub.sheet_titles["tasks"] == "东城一小任务"
    assert sub.tasks[0].cells["deadline"].ref == "东城一小任务!R2"
    assert codes(sub) == []


def test_worked_example_in_instructions_is_not_taken_for_the_tasks(tmp_path: Path) -> None:
    """The Instructions sheet's example rows read as the unit's tasks would replace its real ones."""
    path = write_submission(tmp_path / "s.xlsx", sheet_titles={"tasks": "Sheet3"})
    wb = openpyxl.load_workbook(path)
    example = wb["Instructions"]
    for c, f in enumerate(TASK_FIELDS, start=1):
        example.cell(row=3, column=c, value=f.en)
    example.cell(row=4, column=1, value=1)
    example.cell(row=4, column=3, value="Example task")
    wb.move_sheet("Sheet3", offset=-3)
    wb.save(path)
    sub = read(path)
    assert sub.sheet_titles["tasks"] == "Sheet3" and len(sub.tasks) == 10


def test_headers_in_other_spellings(tmp_path: Path) -> None:
    """Headers retyped with line breaks, full-width letters, spaces or * would lose their columns."""
    labels = {f.key: f.zh for f in TASK_FIELDS} | {
        "task_no": "任务\n编号", "category": "ＣＡＴＥＧＯＲＹ", "title": "  Task   title *",
        "deadline": "完成时限＊"}
    sub = read(write_submission(tmp_path / "s.xlsx", header_labels=labels))
    assert codes(sub) == []
    assert sub.columns["tasks"] == TASK_COLUMN


@pytest.mark.parametrize(("kw", "code", "cell"), [
    ({"columns": [f.key for f in TASK_FIELDS if f.key != "deadline"]}, "column.missing", "Tasks!1:1"),
    ({"columns": [*(f.key for f in TASK_FIELDS), "deadline"]}, "column.duplicate", "Tasks!X1"),
    ({"sheet_titles": {"unit": "Sheet2"}}, "sheet.missing", ""),
], ids=["column.missing", "column.duplicate", "sheet.missing"])
def test_structure_findings(tmp_path: Path, kw: dict, code: str, cell: str) -> None:
    """A deleted column, a doubled column or a lost Unit sheet must be named, not guessed around."""
    sub = read(write_submission(tmp_path / "s.xlsx", **kw))
    [hit] = [f for f in sub.findings if f.code == code]
    assert (hit.cell, hit.severity) == (cell, Severity.ERROR)


def test_unit_label_missing_is_absent_not_shifted(tmp_path: Path) -> None:
    """A deleted label row must not shift the other Unit values into the wrong fields."""
    sub = read(write_submission(tmp_path / "s.xlsx", header_overrides={"contact_person": OMIT}))
    assert "contact_person" not in sub.unit
    assert sub.unit["contact_phone"].ref == "Unit!B7" and sub.unit["contact_phone"].raw == "13800002742"


def test_all_sheets_hidden(tmp_path: Path) -> None:
    """A workbook with every sheet hidden would look empty to the clerk without a reason."""
    sub = read(write_submission(tmp_path / "s.xlsx", hide_all=True))
    assert codes(sub) == ["file.all_hidden"] and sub.tasks == ()


def test_workbook_without_tasks_is_not_a_template(tmp_path: Path) -> None:
    """A stray workbook must be rejected as not the template, not read as zero tasks."""
    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Meeting notes"
    wb.save(path)
    sub = read(path)
    assert codes(sub) == ["file.not_template"] and "tasks" not in sub.sheet_titles


@pytest.mark.parametrize("content", [os.urandom(4096), b"", b"PK\x03\x04 broken zip",
                                     "任务,目标\n1,2\n".encode()],
                         ids=["random", "empty", "broken-zip", "csv"])
def test_garbage_is_a_file_finding_not_an_exception(tmp_path: Path, content: bytes) -> None:
    """One damaged attachment crashing the reader would stop every other unit's file too."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    sub = read(path)
    assert codes(sub) == ["file.unreadable"] and sub.findings[0].file == "bad.xlsx"
    assert sub.findings[0].severity is Severity.ERROR


def test_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    """A unit told "unreadable" about a password-protected file would not know to remove the password."""
    # An encrypted .xlsx is an OLE container with an "EncryptedPackage" stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path = tmp_path / "locked.xlsx"
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(50)
                     + "EncryptedPackage".encode("utf-16-le") + os.urandom(2048))
    assert codes(read(path)) == ["file.encrypted"]


def test_file_name_can_be_given(tmp_path: Path) -> None:
    """Findings of an .eml attachment must name the attachment, not the temporary file."""
    path = write_submission(tmp_path / "tmp123.xlsx", meta=None)
    sub = read_submission(str(path), lang="en", file_name="东城一小.xlsx")  # type: ignore[arg-type]
    assert sub.file_name == "东城一小.xlsx"


# ------------------------------------------------------------------ files saved by LibreOffice



@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> dict[str, tuple[Path, Path]]:
    """name -> (openpyxl original, LibreOffice re-save), converted in one LibreOffice start."""
    src = tmp_path_factory.mktemp("orig")
    out = tmp_path_factory.mktemp("resaved")
    profile = tmp_path_factory.mktemp("lo_profile")
    tasks = good_tasks()
    tasks[2]["baseline"] = "=SUM(20,20)"
    files = {
        "template": write_submission(src / "template.xlsx", merge_category=(1, 2),
                                     tasks=[*good_tasks()[:1], None, *good_tasks()[1:]]),
        "formula": write_submission(src / "formula.xlsx", tasks=tasks),
    }
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), *map(str, files.values())],
                   check=True, capture_output=True, timeout=180)
    return {name: (path, out / path.name) for name, path in files.items()}


@pytest.mark.office
def test_formula_with_cached_value_reads_as_its_value(resaved: dict[str, tuple[Path, Path]]) -> None:
    """A unit's formula that Excel calculated would be rejected or read as blank."""
    original, saved = resaved["formula"]
    assert codes(read(original)) == ["cell.formula_no_value"]
    sub = read(saved)
    assert codes(sub) == []
    assert sub.tasks[2].cells["baseline"].raw == 40


@pytest.mark.office
def test_libreoffice_resave_reads_the_same(resaved: dict[str, tuple[Path, Path]]) -> None:
    """A unit that opened and saved the template in another office suite would have it misread."""
    original, saved = (read(p) for p in resaved["template"])
    assert b"sharedStrings" in saved_bytes(resaved["template"][1])
    assert saved.findings == original.findings == ()
    assert saved.sheet_titles == original.sheet_titles and saved.meta == original.meta
    assert saved.unit == original.unit
    assert saved.tasks == original.tasks and saved.exchanges == original.exchanges
    assert saved.header_rows == original.header_rows and saved.columns == original.columns


def saved_bytes(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.namelist()).encode()


def test_a_damaged_legacy_xls_says_how_to_convert_it(tmp_path: Path) -> None:
    """A unit on an old Excel must be told to save as .xlsx, not that the file is 'unreadable'."""
    from pacesetter.read import read_submission

    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20)
    sub = read_submission(path, lang="en")
    assert [f.code for f in sub.findings] == ["file.legacy_xls"]
    assert "Save As" in sub.findings[0].fix


@pytest.mark.parametrize("xml, plain, prefixed", [
    (b'<c r="A1"><f>SUM(B1:B2)</f><v>3</v></c>', True, True),
    (b'<c r="A1"><f t="shared" si="0"/><v>3</v></c>', True, True),
    (b'<c r="A1"><f/></c>', True, True),
    (b'<c r="A1"><f\n>1+1</f></c>', True, True),
    (b'<c r="A1"><f\t>1+1</f></c>', True, True),
    (b"<dataValidation><formula1>\"a,b\"</formula1></dataValidation>", False, False),
    (b'<autoFilter ref="A1:C9"><filterColumn colId="0"/></autoFilter>', False, False),
    (b'<x:c r="A1"><x:f>1+1</x:f></x:c>', False, True),
    (b"<c><is><t>ratio 1:fx, <fine></t></is></c>", False, False),
    (b"<c><is><t>a:f b</t></is></c>", False, True),  # looked at, as before: it only costs a look
    (b"", False, False),
])
def test_a_formula_element_is_found_and_nothing_else(xml: bytes, plain: bool, prefixed: bool) -> None:
    """The gate notes which sheets hold formulas (the reader looks at those again for formulas
    without a value): <f> in every form, never <formula1> or <filterColumn>."""
    from pacesetter.safety import has_formula

    assert has_formula(xml, prefixed=False) is plain
    assert has_formula(xml, prefixed=True) is prefixed
