"""A month of the campaign as people live it: commit, get a prefilled progress template, report."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pacesetter.fields import SHEETS, TASK_FIELDS
from pacesetter.parse import normalize_label
from pacesetter.sample_config import sample_config
from process import cli
from tests.workbooks import good_tasks, sample_unit, write_submission

UNIT = "DC-PS1"


def _invoke(root: Path, *args: str):
    result = CliRunner().invoke(cli, [*args, "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def committed(tmp_path: Path) -> Path:
    """A campaign where DC-PS1's commitment is stored (and XH-PS has sent nothing)."""
    root = tmp_path / "campaign"
    root.mkdir()
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    (root / "inbox").mkdir()
    write_submission(root / "inbox" / "DC-PS1 commitment.xlsx", tasks=good_tasks())
    _invoke(root, "run", "--as-of", "2026-05-20")
    return root


def _columns(ws) -> dict[str, int]:
    labels = {normalize_label(ws.cell(1, c).value): c for c in range(1, ws.max_column + 1)}
    return {f.key: labels[normalize_label(f.en)] for f in TASK_FIELDS}


def _fill_progress(template: Path, out: Path, *, change_target: bool = False) -> dict[int, float]:
    """Type the month's progress into the prefilled template as a unit would; task -> value typed."""
    wb = openpyxl.load_workbook(template)
    unit = wb[SHEETS["unit"].title("en")]
    typed = {"Submission date": "2026/7/3", "Approval date": "2026-07-02"}
    people = sample_unit(UNIT, "en")
    for row in range(1, unit.max_row + 1):
        label = str(unit.cell(row, 1).value or "").rstrip(" *")
        if label in typed:
            unit.cell(row, 2).value = typed[label]
        elif label == "First responsible person":
            unit.cell(row, 2).value = people.get("first_responsible", "Ma Lin")
        elif label == "Contact person":
            unit.cell(row, 2).value = people.get("contact_person", "He Jing")
        elif label == "Contact phone":
            unit.cell(row, 2).value = "13800001371"
        elif label == "Approved by":
            unit.cell(row, 2).value = "Chen Gang"
    ws = wb[SHEETS["tasks"].title("en")]
    col = _columns(ws)
    values: dict[int, float] = {}
    for row in range(2, ws.max_row + 1):
        no = ws.cell(row, col["task_no"]).value
        if no is None:
            continue
        target = ws.cell(row, col["target"]).value
        baseline = ws.cell(row, col["baseline"]).value or 0
        if isinstance(target, int | float):
            value = round(float(baseline) + (float(target) - float(baseline)) / 2, 1)
            ws.cell(row, col["current_value"]).value = f"{value:g}"  # typed as text, as people do
            values[int(no)] = value
        ws.cell(row, col["status"]).value = "推进中"
        ws.cell(row, col["progress_note"]).value = "按计划推进"
        if change_target and int(no) == 2 and isinstance(target, int | float):
            ws.cell(row, col["target"]).value = target - 1  # a unit unlocking the sheet
    wb.save(out)
    return values


def test_progress_template_is_prefilled_and_locked(committed: Path) -> None:
    """Units would retype ten tasks every month if the committed fields were not filled in."""
    lines = _invoke(committed, "templates", "--period", "2026-06").output
    assert "prefilled" in lines and "XH-PS: no commitment stored yet" in lines
    wb = openpyxl.load_workbook(committed / "templates" / "units" / f"{UNIT}.xlsx")
    ws = wb[SHEETS["tasks"].title("en")]
    col = _columns(ws)
    titles = [ws.cell(r, col["title"]).value for r in range(2, 12)]
    assert titles == [t["title"] for t in good_tasks()]
    assert ws.protection.sheet
    assert ws.cell(2, col["target"]).protection.locked
    assert not ws.cell(2, col["current_value"]).protection.locked
    assert not ws.cell(2, col["status"]).protection.locked
    meta = wb["_pacesetter"]
    assert meta["B5"].value == "2026-06"


def test_a_month_of_progress_reaches_the_ledger_and_the_notice(committed: Path, tmp_path: Path) -> None:
    """Leaders would read last month's figures if a filled progress template did not flow through."""
    _invoke(committed, "templates", "--period", "2026-06")
    typed = _fill_progress(committed / "templates" / "units" / f"{UNIT}.xlsx",
                           committed / "inbox" / "DC-PS1 6月进展.xlsx")
    result = _invoke(committed, "run", "--as-of", "2026-07-06")
    assert "1 accepted" in result.output, result.output
    db = sqlite3.connect(committed / "archive" / "pacesetter.sqlite")
    warnings = db.execute("SELECT code, cell FROM findings f JOIN files USING (sha256)"
                          " WHERE original_name LIKE '%6月进展%'").fetchall()
    assert warnings == []  # only progress fields changed: no warnings at all
    ledger = openpyxl.load_workbook(committed / "outbox" / "latest" / "ledger.xlsx")
    ws = ledger.worksheets[0]
    header_row = next(r for r in range(1, 6) if any(
        str(ws.cell(r, c).value or "").startswith("Current") for c in range(1, ws.max_column + 1)))
    heads = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    current_col = next(c for h, c in heads.items() if str(h).startswith("Current"))
    no_col = next(c for h, c in heads.items() if str(h).startswith("Task No"))
    shown = {int(ws.cell(r, no_col).value): ws.cell(r, current_col).value
             for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, no_col).value is not None}
    for no, value in typed.items():
        assert shown[no] == pytest.approx(value)
    notice = openpyxl.load_workbook(committed / "outbox" / "latest" / "notification.xlsx")
    text = " ".join(str(c.value) for s in notice.worksheets for row in s.iter_rows() for c in row
                    if c.value is not None)
    assert "Dongcheng No. 1 Primary School" in text


def test_a_changed_target_in_a_progress_template_is_flagged(committed: Path) -> None:
    """A unit quietly lowering its target would break the public commitment unnoticed."""
    _invoke(committed, "templates", "--period", "2026-06")
    _fill_progress(committed / "templates" / "units" / f"{UNIT}.xlsx",
                   committed / "inbox" / "DC-PS1 6月进展.xlsx", change_target=True)
    result = _invoke(committed, "run", "--as-of", "2026-07-06")
    assert "1 rejected" in result.output
    db = sqlite3.connect(committed / "archive" / "pacesetter.sqlite")
    found = db.execute("SELECT code, cell FROM findings WHERE code='progress.commitment_changed'").fetchall()
    assert found == [("progress.commitment_changed", "Tasks!I3")]
