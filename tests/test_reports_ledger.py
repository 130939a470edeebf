"""ledger.xlsx, overdue.xlsx, offices/<code>.xlsx and notification.xlsx, read back with openpyxl.

A small hand-made campaign: the sample config, as of 2026-08-10 (the July report is the
current one, due 2026-08-05). DC-PS1 (a Dongcheng school) reports every period with
tasks built to land in each state; XH-PS (a Xihu school) sent only a late commitment;
every other unit sent nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pacesetter.config import Config, load_config
from pacesetter.i18n import t
from pacesetter.reports import ledger, notification, offices, overdue
from pacesetter.reports.context import ReportContext, load_context
from pacesetter.sample_config import sample_config
from pacesetter.store import Store
from pacesetter.validate import Checked, TaskRow

AS_OF = dt.date(2026, 8, 10)
D = dt.date
YEAR_END, MAY_1 = D(2026, 12, 31), D(2026, 5, 1)


# ------------------------------------------------------------------ builders


def make_config(root: Path, lang: str = "en") -> Config:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(sample_config(lang), encoding="utf-8")
    return load_config(root)


def task(no: int, *, current: float | None, target: float = 100, baseline: float = 0,
         deadline: dt.date = YEAR_END, start: dt.date | None = MAY_1, **extra: Any) -> dict:
    """A task's typed values, as validate would store them."""
    values = {
        "task_no": no, "category": "Benchmarking", "title": f"Task {no}", "objective": f"Reach {target}",
        "indicator": "Farmer bookstores upgraded", "unit_of_measure": "items", "direction": "higher",
        "baseline": baseline, "target": target, "benchmark_unit": "CITY-KW", "benchmark_value": None,
        "measures": f"Measures of task {no}", "lead_leader": "Ma Lin", "responsible_person": "He Jing",
        "responsible_dept": "Teaching Office", "handler": "Li Hua", "start_date": start,
        "deadline": deadline, "status": "in_progress", "current_value": current,
        "progress_note": "", "evidence": None, "self_score": None,
    }
    values.update(extra)
    return values


def store_report(store: Store, config: Config, unit: str, period: str, tasks: list[dict], *,
                 submitted: dt.date, late_days: int = 0, exchanges: list[dict] = (),
                 header: dict | None = None) -> None:
    """Store one accepted submission the way intake does, with typed rows built by hand."""
    p = config.period(period)
    u = config.unit[unit]
    head = {"unit_code": unit, "unit_name": u.name, "period": period, "submission_date": submitted,
            "first_responsible": u.first_responsible, "contact_person": u.contact_person,
            "contact_phone": u.contact_phone, "approved_by": "Chen Gang", "approval_date": submitted,
            **(header or {})}
    rows = tuple(TaskRow(row=4 + i, values=v, raw={}, refs={}) for i, v in enumerate(tasks))
    xs = tuple(TaskRow(row=2 + i, values=x, raw={}, refs={}) for i, x in enumerate(exchanges))
    checked = Checked(f"{unit}-{period}.xlsx", unit, period, p.stage, head, rows, xs, (),
                      submitted_on=submitted, late_days=late_days)
    sha = hashlib.sha256(f"{unit}{period}{submitted}".encode()).hexdigest()
    store.record_file(sha256=sha, original_name=checked.file_name, size=1,
                      received_at=dt.datetime.combine(submitted, dt.time(9)), outcome="accepted",
                      archive_path=f"archive/{sha}.xlsx", run_id="t", checked=checked)


def dc_tasks(month: str) -> list[dict]:
    """DC-PS1's tasks as reported for ``month`` (commitment, 2026-06, 2026-07)."""
    step = {"commitment": 0, "2026-06": 1, "2026-07": 2}[month]
    return [
        task(1, current=[30, 40, 50][step], deadline=AS_OF - dt.timedelta(days=1)),  # due yesterday at 50 %
        task(2, current=[70, 80, 90][step]),  # far ahead of the time elapsed
        # 10 % done with 80 % of its time gone (40 of 50 days)
        task(3, current=[0, 5, 10][step], start=D(2026, 7, 1), deadline=D(2026, 8, 20)),
        task(4, current=[40, 50, 60][step], measures="=1+1"),  # formula injection attempt
        task(5, current=20, target=25, benchmark_unit="PROV-CY"),  # the same 20 in every report: stalled
        task(6, current=[0, 50, 100][step], status="completed" if step == 2 else "in_progress"),
    ]


def build(tmp_path: Path, lang: str = "en") -> ReportContext:
    config = make_config(tmp_path / "campaign", lang)
    with Store.open(config.root) as store:
        store_report(store, config, "DC-PS1", "commitment", dc_tasks("commitment"), submitted=D(2026, 5, 14))
        store_report(store, config, "DC-PS1", "2026-06", dc_tasks("2026-06"), submitted=D(2026, 7, 3))
        store_report(store, config, "DC-PS1", "2026-07", dc_tasks("2026-07"), submitted=D(2026, 8, 4),
                     exchanges=[{"date": D(2026, 7, 15), "benchmark_unit": "CITY-KW", "form": "visit",
                                 "content": "study visit", "participants": "He Jing"}])
        store_report(store, config, "XH-PS", "commitment", [task(1, current=0, responsible_dept="",
                                                                 responsible_person="Luo Ping")],
                     submitted=D(2026, 5, 17), late_days=2)
        return load_context(config, store, as_of=AS_OF, run_id="t", out_dir=tmp_path / "out")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportContext, dict[str, Path]]:
    """The English campaign with every workbook of this module written once."""
    tmp = tmp_path_factory.mktemp("ledger")
    ctx = build(tmp)
    paths: dict[str, Path] = {}
    for module in (ledger, overdue, offices, notification):
        for p in module.write(ctx):
            paths[p.relative_to(ctx.out_dir).as_posix()] = p
    return ctx, paths


def read(path: Path, sheet_key: str, lang: str = "en") -> list[dict[str, Any]]:
    """A written table as dicts keyed by header label (title row 1, subtitle 2, header 3)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[t(sheet_key, lang)[:31]]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def row_of(rows: list[dict[str, Any]], unit: str, no: int) -> dict[str, Any]:
    return next(r for r in rows if r["Unit"] == unit and r["Task No."] == no)


DC = "Dongcheng No. 1 Primary School"


# ------------------------------------------------------------------ ledger


def test_task_due_yesterday_is_red_and_one_day_overdue(built):
    """A leader would miss a task that has just passed its deadline unfinished."""
    _, paths = built
    r = row_of(read(paths["ledger.xlsx"], "ledger.sheet_tasks"), DC, 1)
    assert r["Light"] == "red" and r["Days overdue"] == 1 and r["Situation"] == "overdue"
    assert r["Progress"] == pytest.approx(0.5)
    assert r["Deadline"] == dt.datetime(2026, 8, 9)


def test_task_ahead_of_time_is_green(built):
    """Units doing well would be flagged wrongly and leaders would stop trusting the lights."""
    _, paths = built
    r = row_of(read(paths["ledger.xlsx"], "ledger.sheet_tasks"), DC, 2)
    assert r["Light"] == "green" and r["Days overdue"] is None and r["Progress"] == pytest.approx(0.9)


def test_task_behind_time_elapsed_is_yellow_and_at_risk(built):
    """A task at 10 % with 80 % of its time gone would go unnoticed until it is overdue."""
    _, paths = built
    r = row_of(read(paths["ledger.xlsx"], "ledger.sheet_tasks"), DC, 3)
    assert r["Light"] == "yellow" and r["Time elapsed"] == pytest.approx(0.8)
    at_risk = read(paths["overdue.xlsx"], "overdue.sheet_at_risk")
    hit = next(x for x in at_risk if x["Unit"] == DC and x["Task No."] == 3)
    assert hit["Progress"] == pytest.approx(0.1) and hit["Behind by"] == pytest.approx(0.7)
    assert {x["Task No."] for x in at_risk if x["Unit"] == DC} == {3}


def test_ledger_light_is_coloured_by_conditional_format(built):
    """The red / yellow / green column would print as plain words with no colour."""
    _, paths = built
    ws = openpyxl.load_workbook(paths["ledger.xlsx"])[t("ledger.sheet_tasks", "en")]
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert {r.formula[0] for r in rules} >= {'"red"', '"yellow"', '"green"'}
    assert ws.freeze_panes == "D4" and ws.auto_filter.ref.startswith("A3:")


def test_unit_summary_counts_and_units_without_commitment(built):
    """The per-unit summary would hide who has committed nothing, or miscount tasks."""
    _, paths = built
    rows = {r["Unit code"]: r for r in read(paths["ledger.xlsx"], "ledger.sheet_units")}
    dc = rows["DC-PS1"]
    assert (dc["Tasks"], dc["Completed"], dc["At risk"], dc["Overdue"], dc["Stalled"]) == (6, 1, 1, 1, 1)
    assert dc["On track"] == 2 and dc["Light"] == "red"
    assert dc["Latest report"] == "2026-07 progress report"
    ns = rows["NS-PS"]
    assert ns["Tasks"] == 0 and ns["Note"] == "no commitment received" and ns["Light"] == "red"
    assert len(rows) == 15


def test_department_summary_groups_across_units(built):
    """Leaders could not see which department carries the overdue work."""
    _, paths = built
    rows = {r["Responsible department"]: r for r in read(paths["ledger.xlsx"], "ledger.sheet_depts")}
    assert rows["Teaching Office"]["Tasks"] == 6 and rows["Teaching Office"]["Overdue"] == 1
    assert rows["(no department given)"]["Units"] == 1


def test_measures_formula_text_stays_literal_text(built):
    """A unit could plant a formula that runs in a leader's Excel (formula injection)."""
    _, paths = built
    wb = openpyxl.load_workbook(paths["ledger.xlsx"])
    ws = wb[t("ledger.sheet_tasks", "en")]
    header = [c.value for c in ws[3]]
    col = header.index("Measures") + 1
    cells = [ws.cell(row=r, column=col) for r in range(4, ws.max_row + 1)]
    hit = next(c for c in cells if c.value == "=1+1")
    assert hit.data_type == "s"
    with zipfile.ZipFile(paths["ledger.xlsx"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in z.read(n).decode() for n in sheets)


# ------------------------------------------------------------------ overdue


def test_overdue_sheet_grades_by_age(built):
    """Clerks could not tell a task a day late from one a month late."""
    ctx, paths = built
    rows = read(paths["overdue.xlsx"], "overdue.sheet_overdue")
    assert [(r["Unit"], r["Task No."], r["Days overdue"], r["Grade"]) for r in rows] == [(DC, 1, 1, "yellow")]
    m = ctx.metrics[("DC-PS1", 1)]
    assert overdue.grade(ctx, m) == "yellow"
    from dataclasses import replace
    assert overdue.grade(ctx, replace(m, overdue_days=ctx.config.thresholds.overdue_red_days)) == "red"


def test_stalled_task_listed_with_its_recent_values(built):
    """A task reporting the same number month after month would go unchallenged."""
    _, paths = built
    rows = read(paths["overdue.xlsx"], "overdue.sheet_stalled")
    assert [(r["Unit"], r["Task No."]) for r in rows] == [(DC, 5)]
    assert [x.rsplit(": ", 1)[1] for x in rows[0]["Recent reports"].split(" → ")] == ["20", "20", "20"]


def test_unit_that_sent_nothing_is_on_missing_list_with_phone_and_reminder(built):
    """The clerk would have to look up every phone number and write every reminder by hand."""
    ctx, paths = built
    rows = {r["Unit code"]: r for r in read(paths["overdue.xlsx"], "overdue.sheet_missing")}
    ns = rows["NS-PS"]
    unit = ctx.config.unit["NS-PS"]
    assert ns["Phone"] == unit.contact_phone and ns["Phone"]
    assert ns["Contact person"] == unit.contact_person and ns["E-mail"] == unit.email
    assert unit.name in ns["Reminder to send"] and "2026-08-05" in ns["Reminder to send"]
    assert "2026-07 progress report" in ns["Reminder to send"]
    assert "templates/units/NS-PS.xlsx" in ns["Reminder to send"]
    assert "2026-06 progress report" in ns["Also missed"] and "commitment" in ns["Also missed"]
    assert "DC-PS1" not in rows and "XH-PS" in rows
    assert len(rows) == 14


def test_late_submission_and_missing_exchange(built):
    """Late reports and units that never met their benchmark would drop out of the follow-up."""
    _, paths = built
    late = read(paths["overdue.xlsx"], "overdue.sheet_late")
    assert [(r["Unit code"], r["Days late"], r["Submitted"]) for r in late] == [
        ("XH-PS", 2, dt.datetime(2026, 5, 17))]
    assert late[0]["Due"] == dt.datetime(2026, 5, 15)
    ex = read(paths["overdue.xlsx"], "overdue.sheet_exchange")
    assert [r["Unit code"] for r in ex] == ["XH-PS"]  # DC-PS1 visited its benchmark in July


def test_rectification_list_has_every_broken_promise_and_time_limit(built):
    """Broken promises would not reach the units with a date to fix them by."""
    ctx, paths = built
    rows = read(paths["overdue.xlsx"], "overdue.sheet_rectify")
    days = ctx.config.thresholds.rectification_days
    limit = dt.datetime.combine(AS_OF + dt.timedelta(days=days), dt.time())
    assert all(r["Rectify by"] == limit for r in rows)
    tasks = {(r["Unit"], r["Task No."]) for r in rows if r["Task No."] is not None}
    assert tasks == {(DC, 1), (DC, 5)}
    reports = {r["Unit"] for r in rows if r["Task No."] is None}
    assert ctx.config.unit["NS-PS"].name in reports and DC not in reports


# ------------------------------------------------------------------ offices


def test_office_workbook_holds_only_its_own_schools(built):
    """A town office would see (and could leak) other towns' schools, or miss its own."""
    ctx, paths = built
    assert set(paths) >= {"offices/DC-OFFICE.xlsx", "offices/XH-OFFICE.xlsx", "offices/NS-OFFICE.xlsx"}
    assert not any("BUREAU" in p for p in paths)
    dc = paths["offices/DC-OFFICE.xlsx"]
    units = {r["Unit code"] for r in read(dc, "ledger.sheet_units")}
    assert units == {"DC-PS1", "DC-KG"}
    assert {r["Unit"] for r in read(dc, "ledger.sheet_tasks")} == {DC}
    assert {r["Unit code"] for r in read(dc, "overdue.sheet_missing")} == {"DC-KG"}
    xh = paths["offices/XH-OFFICE.xlsx"]
    assert {r["Unit code"] for r in read(xh, "ledger.sheet_units")} == {"XH-PS", "XH-MS"}
    assert not read(xh, "overdue.sheet_overdue")


# ------------------------------------------------------------------ notification


def test_notice_counts_completed_gained_and_newly_overdue(built):
    """The period notice would report the wrong achievements to the leaders."""
    _, paths = built
    path = paths["notification.xlsx"]
    head = {r["Item"]: r["Number"] for r in read(path, "notice.sheet_headline")}
    assert head["Units reported"] == 1 and head["Units expected"] == 15
    assert head["Reporting rate"] == pytest.approx(1 / 15)
    assert head["Tasks completed this period"] == 1 and head["Tasks newly overdue"] == 1
    assert head["Tasks at risk"] == 2  # DC-PS1 task 3, and XH-PS still at 0 with 41 % of the year gone
    done = read(path, "notice.sheet_completed")
    assert [(r["Unit"], r["Task No."]) for r in done] == [(DC, 6)]
    gained = {r["Task No."]: r for r in read(path, "notice.sheet_gained")}
    assert gained[6]["Previous value"] == 50 and gained[6]["Current value"] == 100
    assert gained[6]["Progress gained"] == pytest.approx(0.5) and gained[5]["Change"] == 0
    assert [r["Task No."] for r in read(path, "notice.sheet_newly_overdue")] == [1]


def test_notice_ranks_units_by_mean_progress(built):
    """Units would be ranked on the wrong number, or units with nothing would rank above others."""
    ctx, paths = built
    rows = read(paths["notification.xlsx"], "notice.sheet_ranking")
    assert [(r["Rank"], r["Unit code"]) for r in rows[:2]] == [(1, "DC-PS1"), (2, "XH-PS")]
    dc_mean = sum(ctx.metrics[("DC-PS1", n)].progress for n in range(1, 7)) / 6
    assert rows[0]["Mean progress"] == pytest.approx(dc_mean)
    assert all(r["Rank"] is None for r in rows[2:]) and rows[0]["Reported this period"] == "yes"
    assert len(read(paths["notification.xlsx"], "notice.sheet_missing")) == 14


# ------------------------------------------------------------------ Chinese campaign


def test_zh_campaign_gives_chinese_sheets_and_headers(tmp_path):
    """A Chinese bureau would get English workbooks its leaders cannot read."""
    ctx = build(tmp_path, "zh")
    for module in (ledger, overdue, offices, notification):
        module.write(ctx)
    wb = openpyxl.load_workbook(ctx.out_dir / "ledger.xlsx")
    assert wb.sheetnames == ["任务台账", "按单位汇总", "按责任科室汇总"]
    header = [c.value for c in wb["任务台账"][3]]
    assert header[:3] == ["单位", "单位类型", "任务编号"] and "亮灯" in header and "序时进度" in header
    rows = read(ctx.out_dir / "ledger.xlsx", "ledger.sheet_tasks", "zh")
    assert {r["亮灯"] for r in rows} == {"红灯", "黄灯", "绿灯"}
    wb = openpyxl.load_workbook(ctx.out_dir / "overdue.xlsx")
    assert wb.sheetnames[:4] == ["逾期任务", "进度滞后任务", "停滞任务", "未报送单位"]
    missing = read(ctx.out_dir / "overdue.xlsx", "overdue.sheet_missing", "zh")
    ns = next(r for r in missing if r["单位代码"] == "NS-PS")
    text = ns["催报提醒（可直接发送）"]
    assert text.startswith("南山小学：") and "2026年7月进展" in text
    assert openpyxl.load_workbook(ctx.out_dir / "notification.xlsx").sheetnames[0] == "通报要点"
    assert (ctx.out_dir / "offices" / "DC-OFFICE.xlsx").exists()
