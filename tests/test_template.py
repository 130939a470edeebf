"""The generated templates, read back with openpyxl the way Excel would see them."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from pacesetter.config import Config
from pacesetter.fields import (
    CHOICES,
    EXCHANGE_FIELDS,
    META_SHEET,
    SHEETS,
    TASK_FIELD,
    TASK_FIELDS,
    TEMPLATE_VERSION,
    UNIT_FIELDS,
)
from pacesetter.template import write_template, write_templates

both = pytest.mark.parametrize("campaign", ["en", "zh"], indirect=True)
CJK = re.compile(r"[\u4e00-\u9fff]")


def unit_template(config: Config, code: str = "DC-PS1", **kw) -> openpyxl.Workbook:
    path = write_template(config, config.path("templates", "units", f"{code}.xlsx"),
                          unit=config.unit[code], **kw)
    return openpyxl.load_workbook(path)


def validations(ws) -> dict[str, object]:
    """First column letter of each validation range -> the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split()[0].split(":")[0]
        out[re.sub(r"\d", "", first)] = dv
    return out


def column_of(fields, key: str) -> str:
    return get_column_letter(1 + [f.key for f in fields].index(key))


def meta_list(wb, name: str) -> list[str]:
    meta = wb[META_SHEET]
    for col in range(4, 20):
        if meta.cell(1, col).value == name:
            words = []
            row = 2
            while meta.cell(row, col).value not in (None, ""):
                words.append(meta.cell(row, col).value)
                row += 1
            return words
    raise AssertionError(f"list {name} not on the hidden sheet")


@both
def test_sheet_names_and_order(campaign):
    """A unit opening the template finds the four sheets in its language, in the documented order."""
    wb = unit_template(campaign)
    lang = campaign.language
    expected = [SHEETS[k].title(lang) for k in ("instructions", "unit", "tasks", "exchanges")]
    assert wb.sheetnames == [*expected, META_SHEET]


@both
def test_tasks_and_exchanges_headers_in_language(campaign):
    """Every Tasks and Exchanges column carries its label in the campaign's language, required starred."""
    wb = unit_template(campaign)
    lang = campaign.language
    for key, fields in (("tasks", TASK_FIELDS), ("exchanges", EXCHANGE_FIELDS)):
        ws = wb[SHEETS[key].title(lang)]
        got = [ws.cell(1, c + 1).value for c in range(len(fields))]
        assert got == [f.label(lang) + (" *" if f.required else "") for f in fields]
        assert ws.cell(1, 1).font.b and ws.cell(1, 1).alignment.wrap_text


@both
def test_dropdowns_reference_the_hidden_lists(campaign):
    """Category, Direction, Status and Benchmark unit offer the right words, from the hidden sheet."""
    wb = unit_template(campaign)
    lang = campaign.language
    ws = wb[SHEETS["tasks"].title(lang)]
    dvs = validations(ws)
    last = 1 + campaign.tasks.max_tasks + 5
    expected = {
        "category": list(campaign.tasks.categories),
        "direction": [c.label(lang) for c in CHOICES["direction"]],
        "status": [c.label(lang) for c in CHOICES["status"]],
        "benchmark_unit": [b.name for b in campaign.benchmark_units],
    }
    for key, words in expected.items():
        dv = dvs[column_of(TASK_FIELDS, key)]
        col = column_of(TASK_FIELDS, key)
        assert dv.type == "list"
        assert str(dv.sqref) == f"{col}2:{col}{last}"
        sheet, rng = dv.formula1.split("!")
        assert sheet.strip("'") == META_SHEET
        m = re.fullmatch(r"\$([A-Z]+)\$2:\$\1\$(\d+)", rng)
        assert m, rng
        listed = [wb[META_SHEET][f"{m.group(1)}{r}"].value for r in range(2, int(m.group(2)) + 1)]
        assert listed == words
        assert meta_list(wb, TASK_FIELD[key].choices) == words


def test_dates_and_numbers_warn_rather_than_block(campaign):
    """A unit typing 年底 or 90%以上 is warned, not blocked, and Self-score is checked for 0-100."""
    ws = unit_template(campaign)["Tasks"]
    dvs = validations(ws)
    for key in ("start_date", "deadline"):
        dv = dvs[column_of(TASK_FIELDS, key)]
        assert (dv.type, dv.errorStyle) == ("date", "warning")
    for key in ("baseline", "target", "benchmark_value", "current_value"):
        dv = dvs[column_of(TASK_FIELDS, key)]
        assert (dv.type, dv.errorStyle) == ("decimal", "warning")
    score = dvs[column_of(TASK_FIELDS, "self_score")]
    assert (score.formula1, score.formula2) == ("0", "100")
    for dv in ws.data_validations.dataValidation:
        assert len(dv.promptTitle or "") <= 32 and len(dv.prompt or "") <= 255
    assert ws["R2"].number_format == "yyyy-mm-dd"


def test_unit_sheet_locks_code_and_name(campaign):
    """A unit cannot overwrite its prefilled code and name by accident, yet can fill every other value."""
    wb = unit_template(campaign)
    ws = wb["Unit"]
    assert ws.protection.sheet
    assert (ws["A1"].value, ws["B1"].value) == ("Item", "Value")
    labels = [ws.cell(r, 1).value for r in range(2, 2 + len(UNIT_FIELDS))]
    assert labels == [f.en + (" *" if f.required else "") for f in UNIT_FIELDS]
    assert (ws["B2"].value, ws["B3"].value) == ("DC-PS1", "Dongcheng No. 1 Primary School")
    assert ws["B2"].protection.locked and ws["B3"].protection.locked
    for r in range(4, 2 + len(UNIT_FIELDS)):
        assert not ws.cell(r, 2).protection.locked, ws.cell(r, 1).value


def test_unit_sheet_dropdowns(campaign):
    """Reporting period lists every period; Approved by lists only the unit's approver's leaders."""
    wb = unit_template(campaign)
    dvs = {str(dv.sqref): dv for dv in wb["Unit"].data_validations.dataValidation}
    row = {f.key: i + 2 for i, f in enumerate(UNIT_FIELDS)}
    assert dvs[f"B{row['period']}"].type == "list"
    assert meta_list(wb, "periods") == [p.label("en") for p in campaign.periods()]
    assert meta_list(wb, "approvers") == ["Chen Gang", "Liu Yan"]  # DC-OFFICE approves DC-PS1
    assert dvs[f"B{row['submission_date']}"].errorStyle == "warning"
    assert wb["Unit"][f"B{row['approval_date']}"].number_format == "yyyy-mm-dd"


def test_blank_template_lists_all_leaders_and_leaves_code_open(campaign):
    """The blank template lets any unit type its code, and offers every leader who may sign off."""
    path = write_template(campaign, campaign.path("templates", "template.xlsx"))
    wb = openpyxl.load_workbook(path)
    assert not wb["Unit"]["B2"].protection.locked and wb["Unit"]["B2"].value is None
    leaders = meta_list(wb, "approvers")
    assert leaders[:3] == list(campaign.bureau_leaders)
    assert {"Chen Gang", "Sun Li", "Wu Qiang"} <= set(leaders)
    assert wb[META_SHEET]["B3"].value is None


def test_hidden_stamp(campaign):
    """The reader can tell the template version, campaign, unit and period from the hidden sheet."""
    wb = unit_template(campaign, period="2026-07")
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden"
    stamp = [(meta.cell(r, 1).value, meta.cell(r, 2).value) for r in range(1, 7)]
    assert stamp == [("template_version", TEMPLATE_VERSION), ("campaign_id", "SAB-2026"),
                     ("unit_code", "DC-PS1"), ("language", "en"), ("period", "2026-07"),
                     ("generator", "pacesetter")]
    period_row = 2 + [f.key for f in UNIT_FIELDS].index("period")
    assert wb["Unit"][f"B{period_row}"].value == campaign.period("2026-07").label("en")


def test_unknown_period_is_refused(campaign):
    """A typo in --period fails loudly instead of writing templates stamped with a period nobody knows."""
    with pytest.raises(ValueError, match="2026-13"):
        write_template(campaign, campaign.path("x.xlsx"), period="2026-13")


def test_frozen_panes_filter_and_print_setup(campaign):
    """Headers stay in view while scrolling; a printed Tasks sheet is one page wide, landscape A3."""
    wb = unit_template(campaign)
    tasks, exchanges = wb["Tasks"], wb["Exchanges"]
    assert tasks.freeze_panes == "B2" and exchanges.freeze_panes == "A2"
    assert tasks.auto_filter.ref == f"A1:W{1 + campaign.tasks.max_tasks + 5}"
    assert int(tasks.page_setup.paperSize) == 8 and int(exchanges.page_setup.paperSize) == 9
    for ws in (tasks, exchanges):
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToHeight == 0 and (ws.page_setup.fitToWidth or 1) == 1
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.center.text == "&P / &N"
        assert ws.page_margins.left <= 0.25
    widths = {f.key: tasks.column_dimensions[column_of(TASK_FIELDS, f.key)].width for f in TASK_FIELDS}
    assert widths["measures"] >= 40 and widths["task_no"] >= 8


@pytest.mark.parametrize("campaign", ["zh"], indirect=True)
def test_chinese_campaign_is_chinese_throughout(campaign):
    """A Chinese campaign's units see Chinese sheet names, labels, dropdown words and instructions."""
    wb = unit_template(campaign)
    for ws in wb.worksheets[:4]:
        assert CJK.search(ws.title)
    for key, fields in (("tasks", TASK_FIELDS), ("exchanges", EXCHANGE_FIELDS)):
        ws = wb[SHEETS[key].title("zh")]
        for c in range(len(fields)):
            assert CJK.search(ws.cell(1, c + 1).value)
    unit = wb[SHEETS["unit"].title("zh")]
    for r in range(1, 2 + len(UNIT_FIELDS)):
        assert CJK.search(unit.cell(r, 1).value)
    for name in ("category", "direction", "status", "form", "benchmark_units", "periods", "approvers"):
        for word in meta_list(wb, name):
            assert CJK.search(word), (name, word)
    text = " ".join(str(c.value) for row in wb[SHEETS["instructions"].title("zh")].iter_rows()
                    for c in row if isinstance(c.value, str))
    assert "五明确" in text and "年底" in text and "越低越好" in text


def test_instructions_hold_a_worked_example(campaign):
    """The instructions show a filled task 1 under the Tasks headers: 90 % compliance with its benchmark."""
    ws = unit_template(campaign)["Instructions"]
    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    values = list(cells.values())
    for f in TASK_FIELDS:
        assert f.en + (" *" if f.required else "") in values
    assert "Cultural centre compliance rate" in values and 90 in values and 92 in values
    assert campaign.benchmark_units[0].name in values


def test_progress_template_keeps_the_commitment(campaign):
    """A progress template shows the committed tasks locked and leaves only the progress columns open."""
    committed = [
        {"task_no": 1, "category": "Benchmarking", "title": "Compliance", "objective": "90 %",
         "indicator": "Cultural centre compliance rate", "unit_of_measure": "%",
         "direction": "higher", "baseline": 82.0, "target": 90.0, "benchmark_unit": "CITY-KW",
         "benchmark_value": 92.0, "measures": "=HYPERLINK(\"x\")", "lead_leader": "A",
         "responsible_person": "B", "responsible_dept": "C", "handler": "D",
         "start_date": dt.date(2026, 5, 20), "deadline": dt.date(2026, 12, 31),
         "status": "in_progress", "current_value": 85.0},
    ]
    wb = unit_template(campaign, period="2026-07", committed=committed)
    ws = wb["Tasks"]
    assert ws.protection.sheet and ws.protection.autoFilter is False  # False: filtering allowed
    row = {f.key: ws[f"{column_of(TASK_FIELDS, f.key)}2"] for f in TASK_FIELDS}
    assert row["target"].value == 90 and row["direction"].value == "higher is better"
    assert row["benchmark_unit"].value == campaign.benchmark["CITY-KW"].name
    assert row["status"].value == "in progress"
    assert row["deadline"].value == dt.datetime(2026, 12, 31)
    assert row["measures"].data_type == "s"  # text that looks like a formula stays text
    for f in TASK_FIELDS:
        assert row[f.key].protection.locked == f.committed, f.key
    assert ws["A3"].protection.locked  # no new tasks slipped into a progress report


def test_write_templates_writes_blank_and_every_unit(campaign):
    """`templates` gives the clerk one blank template and one per unit, with no temporary files left."""
    paths = write_templates(campaign)
    folder = campaign.path("templates")
    assert paths[0] == folder / "template.xlsx"
    assert sorted(p.name for p in paths[1:]) == sorted(f"{u.code}.xlsx" for u in campaign.units)
    assert all(p.stat().st_size > 5000 for p in paths)
    leftovers = [p for p in folder.rglob("*") if p.is_file() and p not in paths]
    assert leftovers == []
    again = write_template(campaign, folder / "again.xlsx", unit=campaign.unit["DC-PS1"])
    assert again.read_bytes() == (folder / "units" / "DC-PS1.xlsx").read_bytes()  # reproducible


@pytest.mark.office
def test_unit_template_converts_to_pdf(campaign, tmp_path: Path, soffice: str):
    """The template opens and prints in an office suite (LibreOffice), so units can open it too."""
    path = write_template(campaign, campaign.path("templates", "units", "DC-PS1.xlsx"),
                          unit=campaign.unit["DC-PS1"])
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)],
                   check=True, timeout=120, capture_output=True)
    pdf = out / "DC-PS1.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert pdf.read_bytes()[:5] == b"%PDF-"
