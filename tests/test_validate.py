"""The validator on files written the way units write them: typed values and every finding."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from pacesetter.config import Config
from pacesetter.fields import EXCHANGE_FIELDS, TASK_FIELDS, UNIT_FIELDS
from pacesetter.findings import CODES, Finding, Severity
from pacesetter.read import CellValue, Row, Submission, read_submission
from pacesetter.template import write_template
from pacesetter.validate import (
    Checked,
    check,
    check_against_commitment,
    read_task_no,
)
from tests.workbooks import (
    BENCHMARK_NAME,
    OMIT,
    TASK_COLUMN,
    UNIT,
    campaign,
    default_meta,
    fill_template,
    good_exchanges,
    good_tasks,
    period_label,
    sample_unit,
    task_ref,
    unit_ref,
    write_submission,
)

E, W = Severity.ERROR, Severity.WARNING
D = dt.date


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Config]:
    root = tmp_path_factory.mktemp("campaigns")
    return {lang: campaign(root, lang) for lang in ("en", "zh")}


def run(tmp_path: Path, configs: dict[str, Config], *, lang: str = "en",
        received: dt.date | None = None, name: str = "sub.xlsx", **kw: Any) -> Checked:
    """Write a submission, read it back and check it, as the run does."""
    path = write_submission(tmp_path / name, lang=lang, **kw)
    return check(read_submission(path, lang=lang), configs[lang], received=received)


def codes(checked: Checked | list[Finding]) -> list[str]:
    found = checked.findings if isinstance(checked, Checked) else checked
    return [f.code for f in found]


def one(found: Checked | list[Finding], code: str) -> Finding:
    """The single finding with ``code`` (failing with the whole list otherwise)."""
    items = found.findings if isinstance(found, Checked) else found
    hits = [f for f in items if f.code == code]
    assert len(hits) == 1, [(f.code, f.cell, f.message) for f in items]
    return hits[0]


def tasks_with(changes: dict[int, dict[str, Any]], n: int = 10, *, lang: str = "en",
               progress: bool = False) -> list[dict[str, Any]]:
    """The good tasks with some cells changed: {task index: {field key: what is typed}}."""
    tasks = good_tasks(n, lang, progress=progress)
    for i, change in changes.items():
        tasks[i].update(change)
    return tasks


# ------------------------------------------------------------------ clean files


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clean_file_has_no_findings(tmp_path: Path, configs: dict[str, Config], lang: str) -> None:
    """A unit that filled the template correctly would be rejected or nagged for nothing."""
    checked = run(tmp_path, configs, lang=lang, received=D(2026, 5, 11))
    assert checked.findings == (), [(f.code, f.cell, f.message) for f in checked.findings]
    assert checked.accepted
    assert (checked.unit_code, checked.period, checked.stage) == (UNIT, "commitment", "commitment")
    assert checked.submitted_on == D(2026, 5, 10) and checked.late_days == 0
    assert len(checked.tasks) == 10 and len(checked.exchanges) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clean_progress_report_has_no_findings(tmp_path: Path, configs: dict[str, Config], lang: str) -> None:
    """A monthly report filled correctly would be rejected for nothing."""
    checked = run(tmp_path, configs, lang=lang, period="2026-06")
    assert checked.findings == (), [(f.code, f.cell, f.message) for f in checked.findings]
    assert (checked.period, checked.stage) == ("2026-06", "progress")
    assert {t.values["status"] for t in checked.tasks} == {"in_progress"}


def test_typed_values_of_a_clean_file(tmp_path: Path, configs: dict[str, Config]) -> None:
    """The ledger, scores and benchmark workbooks would compute on text instead of numbers and dates."""
    checked = run(tmp_path, configs)
    first, second, fourth = checked.tasks[0], checked.tasks[1], checked.tasks[3]
    assert first.values["task_no"] == 1 and first.values["target"] == 90.0
    assert first.raw["target"] == "90%"  # what the unit typed is kept for the record
    assert first.values["benchmark_unit"] == "CITY-KW"
    assert first.raw["benchmark_unit"] == BENCHMARK_NAME["en"]
    assert first.values["direction"] == "higher" and first.values["category"] == "Benchmarking"
    assert first.values["start_date"] == D(2026, 5, 16) and first.values["deadline"] == D(2026, 12, 31)
    assert first.refs["deadline"] == "Tasks!R2" and first.row == 2
    assert second.values["deadline"] == D(2026, 11, 30)
    assert fourth.values["target"] == 2.0 and fourth.values["deadline"] == D(2026, 10, 31)
    assert checked.tasks[4].values["deadline"] == D(2026, 12, 31)  # "end of year"
    assert checked.tasks[6].values["deadline"] == D(2026, 6, 30)  # "6月底"
    assert checked.tasks[7].values["target"] == 95.0  # "９５％"
    assert checked.tasks[8].values["direction"] == "lower"
    milestone = checked.tasks[9]
    assert milestone.values["target"] is None and milestone.raw["target"] == "held"
    assert checked.header == {
        "unit_code": "DC-PS1", "unit_name": "Dongcheng No. 1 Primary School", "period": "commitment",
        "submission_date": D(2026, 5, 10), "first_responsible": "Ma Lin", "contact_person": "He Jing",
        "contact_phone": "13800002742", "approved_by": "Chen Gang", "approval_date": D(2026, 5, 9),
        "self_assessment_note": None}
    ex = checked.exchanges[0]
    assert ex.values == {"date": D(2026, 6, 15), "benchmark_unit": "CITY-KW", "form": "visit",
                         "content": "Learned how they run their cultural centres",
                         "participants": "Ma Lin, He Jing"}
    assert ex.refs["form"] == "Exchanges!C2"


# ------------------------------------------------------------------ one case per finding code

_T = TASK_COLUMN  # column letters of the Tasks sheet as the template lays it out


def _case(code: str, severity: Severity, cell: str, received: dt.date | None = None,
          variant: str = "", **kw: Any) -> Any:
    return pytest.param(code, severity, cell, received, kw, id=f"{code}{'-' + variant if variant else ''}")


CASES = [
    _case("template.unstamped", W, "", meta=None),
    _case("template.other_campaign", E, "", meta=default_meta() | {"campaign_id": "CUL-2025"}),
    _case("template.old_version", E, "", meta=default_meta() | {"template_version": 1}),
    _case("cell.too_long", W, "Tasks!U2", tasks=tasks_with({0: {"progress_note": "LONG"}}),
          patch={">LONG<": ">" + "很长" * 17_000 + "<"}),
    _case("required.missing", E, "Tasks!L4", variant="task", tasks=tasks_with({2: {"measures": None}})),
    _case("required.missing", E, "Unit!B8", variant="unit", header_overrides={"contact_phone": None}),
    _case("required.missing", E, "Unit", variant="label-deleted", header_overrides={"contact_person": OMIT}),
    _case("required.missing", E, "Exchanges!D2", variant="exchange",
          exchanges=[good_exchanges()[0] | {"content": "  "}]),
    _case("required.missing", E, "Tasks!S3", variant="status-in-progress-report", period="2026-06",
          tasks=tasks_with({1: {"status": None}}, progress=True)),
    _case("date.unreadable", E, "Tasks!R4", tasks=tasks_with({2: {"deadline": "next spring"}})),
    _case("date.unreadable", E, "Unit!B5", variant="unit", header_overrides={"submission_date": "soon"}),
    _case("date.invalid", E, "Tasks!R3", tasks=tasks_with({1: {"deadline": "2026-02-30"}})),
    _case("number.unreadable", E, "Tasks!I5", tasks=tasks_with({3: {"target": "良好"}})),
    _case("number.ambiguous", E, "Tasks!H2", tasks=tasks_with({0: {"baseline": "85-88"}})),
    _case("choice.unknown", E, "Tasks!G6", variant="direction",
          tasks=tasks_with({4: {"direction": "sideways"}})),
    _case("choice.unknown", E, "Tasks!B3", variant="category", tasks=tasks_with({1: {"category": "Sports"}})),
    _case("choice.unknown", E, "Tasks!J3", variant="benchmark",
          tasks=tasks_with({1: {"benchmark_unit": "Pudong Bureau"}})),
    _case("choice.unknown", E, "Exchanges!C2", variant="exchange-form",
          exchanges=[good_exchanges()[0] | {"form": "letter"}]),
    _case("unit.unknown", E, "Unit!B2", header_overrides={"unit_code": "ZZ-999"}, meta=None),
    _case("unit.mismatch", E, "Unit!B2", header_overrides={"unit_code": "DC-KG"}),
    _case("unit.name_mismatch", W, "Unit!B3", unit_name="Dongcheng Primary"),
    _case("period.unknown", E, "Unit!B4", period_label_text="2026 Q3"),
    _case("period.template_mismatch", W, "Unit!B4", period_label_text=period_label("2026-06", "en"),
          tasks=good_tasks(progress=True)),
    _case("signoff.wrong_approver", E, "Unit!B9", header_overrides={"approved_by": "Zhang Wei"}),
    _case("signoff.date_order", W, "Unit!B10", header_overrides={"approval_date": D(2026, 5, 12)}),
    _case("submission.late", W, "Unit!B5", header_overrides={"submission_date": "2026-05-20"}),
    _case("submission.future_date", W, "Unit!B5", received=D(2026, 5, 8)),
    _case("submission.future_date", W, "Unit!B5", variant="received-as-datetime",
          received=dt.datetime(2026, 5, 8, 9, 30)),
    _case("tasks.too_few", E, "Tasks", tasks=good_tasks(5)),
    _case("tasks.too_many", E, "Tasks", tasks=good_tasks(16)),
    _case("task.duplicate_no", E, "Tasks!A7", tasks=tasks_with({5: {"task_no": 3}})),
    _case("task.bad_no", E, "Tasks!A6", tasks=tasks_with({4: {"task_no": "A"}})),
    _case("task.bad_no", E, "Tasks!A6", variant="fraction", tasks=tasks_with({4: {"task_no": 4.5}})),
    _case("task.bad_no", E, "Tasks!A6", variant="out-of-range", tasks=tasks_with({4: {"task_no": 100}})),
    _case("task.first_no_benchmark", E, "Tasks!J2",
          tasks=tasks_with({0: {"benchmark_unit": None, "benchmark_value": None}})),
    _case("task.target_not_better", E, "Tasks!I3", variant="higher", tasks=tasks_with({1: {"target": 15}})),
    _case("task.target_not_better", E, "Tasks!I10", variant="lower", tasks=tasks_with({8: {"target": 8}})),
    _case("task.deadline_outside", E, "Tasks!R4", tasks=tasks_with({2: {"deadline": "2027-03-31"}})),
    _case("task.start_after_deadline", E, "Tasks!Q8", tasks=tasks_with({6: {"start_date": "2026-11-01"}})),
    _case("task.benchmark_value_differs", W, "Tasks!K2", tasks=tasks_with({0: {"benchmark_value": 99}})),
    _case("task.completed_short", W, "Tasks!T4", period="2026-06",
          tasks=tasks_with({2: {"status": "已完成", "current_value": 40}}, progress=True)),
    _case("task.self_score_range", E, "Tasks!W2", tasks=tasks_with({0: {"self_score": 120}})),
    _case("task.milestone_value", W, "Tasks!I11", tasks=tasks_with({9: {"target": 1}})),
    _case("exchange.unknown_benchmark", W, "Exchanges!B2",
          exchanges=[good_exchanges()[0] | {"benchmark_unit": "Pudong Bureau, Shanghai"}]),
    _case("column.unknown", W, "Tasks!X1", columns=[f.key for f in TASK_FIELDS] + ["Remarks"]),
    _case("column.missing", E, "Tasks!1:1", columns=[f.key for f in TASK_FIELDS if f.key != "measures"]),
    _case("column.missing", E, "Tasks!1:1", variant="status-in-progress-report", period="2026-06",
          columns=[f.key for f in TASK_FIELDS if f.key != "status"]),
    _case("column.duplicate", E, "Tasks!X1", columns=[f.key for f in TASK_FIELDS] + ["title"]),
    _case("sheet.missing", E, "", sheet_titles={"unit": "Info"}),
    _case("cell.formula_no_value", E, "Tasks!H4", tasks=tasks_with({2: {"baseline": "=SUM(1,39)"}})),
]


@pytest.mark.parametrize(("code", "severity", "cell", "received", "kw"), CASES)
def test_each_mistake_is_reported_at_its_cell(tmp_path: Path, configs: dict[str, Config], code: str,
                                              severity: Severity, cell: str, received: dt.date | None,
                                              kw: dict[str, Any]) -> None:
    """A unit told of a mistake without its code, severity or exact cell cannot find and fix it."""
    checked = run(tmp_path, configs, received=received, **kw)
    hit = one(checked, code)
    assert (hit.severity, hit.cell) == (severity, cell)
    assert hit.file == "sub.xlsx"
    assert hit.message and hit.fix and "{" not in hit.message + hit.fix
    assert checked.accepted is not any(f.is_error for f in checked.findings)


def test_every_finding_code_of_read_and_validate_has_a_case() -> None:
    """A check without a test could silently stop reporting the mistake it exists for."""
    import pacesetter.parse
    import pacesetter.read
    import pacesetter.validate

    # Every code the reader, the validator or the cell readers it forwards can produce.
    sources = "".join(Path(m.__file__ or "").read_text(encoding="utf-8")
                      for m in (pacesetter.read, pacesetter.validate, pacesetter.parse))
    produced = {code for code in CODES if f'"{code}"' in sources}
    # Tested on real files in test_read.py, and against a commitment below.
    elsewhere = {"file.unreadable", "file.encrypted", "file.all_hidden", "file.not_template",
                 "file.legacy_xls", "progress.no_commitment", "progress.task_dropped",
                 "progress.commitment_changed", "progress.field_changed", "progress.new_task"}
    covered = {p.values[0] for p in CASES}
    assert produced - elsewhere == covered


def test_messages_quote_what_was_typed(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A message that does not quote the cell leaves the unit guessing which value is meant."""
    checked = run(tmp_path, configs, tasks=tasks_with({2: {"deadline": "next spring"},
                                                       3: {"target": "x" * 100}}))
    assert '"next spring"' in one(checked, "date.unreadable").message
    quoted = one(checked, "number.unreadable").message
    assert '"' + "x" * 59 + '…"' in quoted and "x" * 61 not in quoted
    late = run(tmp_path, configs, name="late.xlsx", header_overrides={"submission_date": "2026-05-20"})
    message = one(late, "submission.late").message
    assert "5 day" in message and "2026-05-15" in message
    assert late.late_days == 5
    assert late.accepted  # late is a warning: the report still counts


def test_old_template_names_both_versions(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A unit told "old template" without the versions cannot tell which file to download."""
    hit = one(run(tmp_path, configs, meta=default_meta() | {"template_version": 1}), "template.old_version")
    assert "version 1" in hit.message and "version is 2" in hit.message and "version 2" in hit.fix


def test_wrong_approver_names_the_right_leaders(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A unit rejected for its sign-off must learn who may sign instead."""
    hit = one(run(tmp_path, configs, header_overrides={"approved_by": "Zhang Wei"}), "signoff.wrong_approver")
    assert "Chen Gang, Liu Yan" in hit.fix
    zh = one(run(tmp_path, configs, lang="zh", header_overrides={"approved_by": "张伟"}),
             "signoff.wrong_approver")
    assert "陈刚、刘艳" in zh.fix


def test_choice_unknown_offers_the_list(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A unit told a word is wrong must see the words it may use."""
    hit = one(run(tmp_path, configs, tasks=tasks_with({4: {"direction": "sideways"}})), "choice.unknown")
    assert "higher is better, lower is better, milestone" in hit.fix
    assert hit.field == "Direction"


# ------------------------------------------------------------------ coordinates, all at once


def test_blank_rows_keep_excel_row_numbers(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A finding pointing at the wrong row sends the unit to fix a cell that was right."""
    tasks: list[dict[str, Any] | None] = tasks_with({2: {"deadline": "someday"}})
    tasks.insert(2, None)  # the unit left row 4 empty
    checked = run(tmp_path, configs, tasks=tasks)
    assert one(checked, "date.unreadable").cell == "Tasks!R5"
    assert [t.row for t in checked.tasks][:4] == [2, 3, 5, 6]


def test_every_mistake_of_a_file_is_reported_at_once(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A unit fixing one mistake per round trip would send the file back again and again."""
    checked = run(tmp_path, configs, tasks=tasks_with({
        1: {"deadline": "2026-13-45"}, 4: {"target": "良好"}, 7: {"responsible_person": None}}))
    assert sorted((f.code, f.cell) for f in checked.findings) == [
        ("date.invalid", "Tasks!R3"), ("number.unreadable", "Tasks!I6"), ("required.missing", "Tasks!N9")]


def test_moved_and_inserted_columns_still_read(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A unit that rearranged columns would have its values read into the wrong fields."""
    keys = [f.key for f in TASK_FIELDS]
    moved = ["deadline", "Remarks", *reversed([k for k in keys if k != "deadline"])]
    tasks = good_tasks()
    for task in tasks:
        task["Remarks"] = "checked by office"
    normal = run(tmp_path, configs)
    shuffled = run(tmp_path, configs, name="moved.xlsx", columns=moved, tasks=tasks)
    assert codes(shuffled) == ["column.unknown"]
    assert [t.values for t in shuffled.tasks] == [t.values for t in normal.tasks]
    assert shuffled.tasks[0].refs["deadline"] == "Tasks!A2"
    assert shuffled.tasks[0].refs["task_no"] == f"Tasks!{chr(ord('A') + len(keys))}2"
    assert shuffled.tasks[0].extra == {"Remarks": "checked by office"}


def test_headers_in_other_spellings_still_read(tmp_path: Path, configs: dict[str, Config]) -> None:
    """Headers retyped by a unit (Chinese, line breaks, full-width, spaces, *) would lose whole columns."""
    labels = {f.key: f.zh for f in TASK_FIELDS}
    labels |= {"task_no": "任务\n编号 *", "category": "ＣＡＴＥＧＯＲＹ", "title": "  Task    title  ",
               "deadline": "Dead\r\nline＊", "target": "目标值：", "baseline": " baseline* "}
    normal = run(tmp_path, configs)
    retyped = run(tmp_path, configs, name="labels.xlsx", header_labels=labels)
    assert retyped.findings == ()
    assert [t.values for t in retyped.tasks] == [t.values for t in normal.tasks]


def test_merged_category_applies_to_every_row(tmp_path: Path, configs: dict[str, Config]) -> None:
    """Tasks under a merged Category cell would be rejected as missing their category."""
    tasks = good_tasks()
    for i in (2, 3, 4):
        tasks[i]["category"] = None
    tasks[1]["category"] = "Public cultural services"
    checked = run(tmp_path, configs, tasks=tasks, merge_category=(1, 4))
    assert checked.findings == ()
    assert [t.values["category"] for t in checked.tasks[1:5]] == ["Public cultural services"] * 4


# ------------------------------------------------------------------ values are never silently lost


def test_chinese_multiplier_is_a_number_and_a_word_is_an_error(tmp_path: Path,
                                                               configs: dict[str, Config]) -> None:
    """A target of 2000万 read as 0, or 良好 stored as blank, would corrupt every score built on it."""
    checked = run(tmp_path, configs, tasks=tasks_with({
        1: {"unit_of_measure": "元", "baseline": "1500万", "target": "2000万"},
        3: {"target": "良好"}}))
    assert checked.tasks[1].values["target"] == 20_000_000
    assert checked.tasks[1].values["baseline"] == 15_000_000
    hit = one(checked, "number.unreadable")
    assert hit.cell == "Tasks!I5" and '"良好"' in hit.message
    assert checked.tasks[3].values["target"] is None and checked.tasks[3].raw["target"] == "良好"
    assert not checked.accepted


@pytest.mark.parametrize(("unit", "typed", "expected"), [
    ("%", 0.95, 95.0), ("％", 0.95, 95.0), ("百分比", 0.9, 90.0), ("percent", "90%", 90.0),
    ("个", 0.95, 0.95), ("items", "30个", 30.0),
])
def test_percent_cells_read_in_the_unit_of_measure(tmp_path: Path, configs: dict[str, Config], unit: str,
                                                   typed: Any, expected: float) -> None:
    """A 95 % target stored as 0.95 would look 100 times behind its baseline."""
    checked = run(tmp_path, configs, tasks=tasks_with({2: {"unit_of_measure": unit, "baseline": None,
                                                           "target": typed}}))
    assert checked.tasks[2].values["target"] == expected


def test_self_score_is_points_not_percent(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A self-score of 0.9 on a % task turned into 90 points would hide a unit's own low mark."""
    checked = run(tmp_path, configs, tasks=tasks_with({0: {"self_score": 0.9, "current_value": 0.88}}))
    assert checked.tasks[0].values["self_score"] == 0.9
    assert checked.tasks[0].values["current_value"] == 88.0


@pytest.mark.parametrize(("typed", "expected"), [
    (3, 3), (3.0, 3), ("3", 3), (" 3 ", 3), ("第3项", 3), ("(3)", 3), ("３", 3), ("3.", 3), ("三", 3),
    ("十二", 12), ("二十", 20), ("九十九", 99), (None, None), ("  ", None),
])
def test_task_numbers_as_people_type_them(typed: Any, expected: int | None) -> None:
    """A task numbered "第3项" rejected, or matched to the wrong commitment, loses its history."""
    assert read_task_no(typed) == expected


@pytest.mark.parametrize("typed", ["A", 0, 100, 2.5, -1, True, "3-4", "第三十三百项", D(2026, 1, 3)])
def test_bad_task_numbers(typed: Any) -> None:
    """A task number that is not 1..99 would break the link between a report and its commitment."""
    from pacesetter.parse import ParseError

    with pytest.raises(ParseError) as err:
        read_task_no(typed)
    assert err.value.code == "task.bad_no"


def test_milestone_target_may_be_words(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A milestone task ("建成" as its target) would be rejected although it has no number to reach."""
    tasks = tasks_with({9: {"target": "建成并投入使用"}}, lang="zh")
    checked = run(tmp_path, configs, lang="zh", tasks=tasks)
    assert checked.findings == ()
    assert checked.tasks[9].raw["target"] == "建成并投入使用"


@pytest.mark.parametrize("typed", [" dc-ps1 ", "DC-PS1", "dc-ps1"])
def test_unit_code_case_and_spaces(tmp_path: Path, configs: dict[str, Config], typed: str) -> None:
    """A unit that retyped its code in lower case would be rejected as unknown."""
    checked = run(tmp_path, configs, header_overrides={"unit_code": typed})
    assert checked.findings == () and checked.unit_code == "DC-PS1"


@pytest.mark.parametrize("typed", [
    "2026-06", "2026年6月进展", "2026-06 progress report", " 2026-06  PROGRESS report ", D(2026, 6, 1)])
def test_period_in_either_language_or_by_key(tmp_path: Path, configs: dict[str, Config], typed: Any) -> None:
    """A period typed in the other language, or turned into a date by Excel, would be rejected."""
    checked = run(tmp_path, configs, period="2026-06", period_label_text=typed)
    assert checked.period == "2026-06" and checked.stage == "progress"
    assert "period.unknown" not in codes(checked)


# ------------------------------------------------------------------ Chinese campaign


def test_messages_in_chinese_for_a_chinese_campaign(tmp_path: Path, configs: dict[str, Config]) -> None:
    """Chinese units could not read English findings about their own file."""
    checked = run(tmp_path, configs, lang="zh", period_label_text="第三季度",
                  tasks=tasks_with({2: {"deadline": "明年春天"}}, lang="zh"))
    bad_date = one(checked, "date.unreadable")
    assert bad_date.cell == task_ref("deadline", 4, "zh") == "任务目标!R4"
    assert bad_date.message == '无法将 "明年春天" 识别为日期' and bad_date.field == "完成时限"
    period = one(checked, "period.unknown")
    assert period.cell == unit_ref("period", "zh") == "单位信息!B4"
    assert "2026年目标承诺、2026年6月进展" in period.fix


# ------------------------------------------------------------------ never raises


_ODD = [None, "", " ", 0, -1, 1e308, float("nan"), float("inf"), True, False, "=A1", "@x", "+1", "-",
        "良好", "2026-02-30", "９０％", "x" * 40_000, D(1900, 1, 1), dt.datetime(2026, 5, 1, 8, 30),
        dt.time(8, 30), dt.timedelta(days=2), "\x00\u200b", "_x000D_", 10 ** 30, "1,5", "½"]


def test_check_never_raises_on_what_units_type(configs: dict[str, Config]) -> None:
    """One odd cell crashing the worker would stop the whole run for every other unit."""
    rng = random.Random(7)
    for _ in range(30):
        unit = {f.key: CellValue(f"Unit!B{i + 2}", rng.choice(_ODD)) for i, f in enumerate(UNIT_FIELDS)}
        tasks = tuple(Row(r, {f.key: CellValue(f"Tasks!{TASK_COLUMN[f.key]}{r}", rng.choice(_ODD))
                              for f in TASK_FIELDS}, {"Note": CellValue(f"Tasks!X{r}", rng.choice(_ODD))})
                      for r in range(2, rng.randint(2, 20)))
        exchanges = tuple(Row(r, {f.key: CellValue(f"Exchanges!A{r}", rng.choice(_ODD))
                                  for f in EXCHANGE_FIELDS}) for r in range(2, 4))
        meta = rng.choice([{}, {"template_version": rng.choice(_ODD), "campaign_id": rng.choice(_ODD),
                                "unit_code": rng.choice(_ODD), "period": rng.choice(_ODD)}])
        sub = Submission("odd.xlsx", {"unit": "Unit", "tasks": "Tasks", "exchanges": "Exchanges"}, meta,
                         unit, tasks, exchanges, {"tasks": 1}, {"tasks": dict(TASK_COLUMN)}, ())
        for lang in ("en", "zh"):
            checked = check(sub, configs[lang], received=D(2026, 6, 1))
            assert all(f.file == "odd.xlsx" for f in checked.findings)
            check_against_commitment(checked, [t.values for t in checked.tasks], configs[lang])


def test_a_file_that_is_not_a_template_returns_the_reader_findings(tmp_path: Path,
                                                                   configs: dict[str, Config]) -> None:
    """A stray workbook must be rejected with a reason, not crash the validator."""
    path = tmp_path / "notes.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "meeting notes"
    wb.save(path)
    checked = check(read_submission(path, lang="en"), configs["en"])
    assert codes(checked) == ["file.not_template"] and not checked.accepted
    assert checked.tasks == () and checked.unit_code is None


# ------------------------------------------------------------------ against the commitment


@pytest.fixture
def committed(tmp_path: Path, configs: dict[str, Config]) -> list[dict[str, Any]]:
    checked = run(tmp_path, configs, name="commitment.xlsx")
    assert checked.accepted
    return [t.values for t in checked.tasks]


def progress(tmp_path: Path, configs: dict[str, Config], changes: dict[int, dict[str, Any]] | None = None,
             drop: int | None = None, **kw: Any) -> Checked:
    tasks = tasks_with(changes or {}, progress=True)
    if drop is not None:
        del tasks[drop]
    return run(tmp_path, configs, name="progress.xlsx", period="2026-06", tasks=tasks, **kw)


def test_kept_commitment_has_no_findings(tmp_path: Path, configs: dict[str, Config],
                                         committed: list[dict[str, Any]]) -> None:
    """A unit that kept every promise would be flagged for breaking one."""
    spaced = "  Inspect every centre each  quarter; 按季度督查"
    report = progress(tmp_path, configs, {0: {"measures": spaced}})
    assert report.findings == ()
    assert check_against_commitment(report, committed, configs["en"]) == []


def test_dropped_task_is_an_error(tmp_path: Path, configs: dict[str, Config],
                                  committed: list[dict[str, Any]]) -> None:
    """A promise quietly left out of the monthly report would never be followed up."""
    found = check_against_commitment(progress(tmp_path, configs, drop=4), committed, configs["en"])
    hit = one(found, "progress.task_dropped")
    assert (hit.severity, hit.cell, hit.sheet) == (E, "Tasks", "Tasks")
    assert "5" in hit.message and "Open exhibition points" in hit.message


def test_changed_target_is_an_error_at_the_target_cell(tmp_path: Path, configs: dict[str, Config],
                                                       committed: list[dict[str, Any]]) -> None:
    """A unit lowering its promised target would reach it on paper and the public would never know."""
    found = check_against_commitment(progress(tmp_path, configs, {2: {"target": 40}}), committed,
                                     configs["en"])
    hit = one(found, "progress.commitment_changed")
    assert (hit.severity, hit.cell, hit.field) == (E, "Tasks!I4", "Target")
    assert '"45"' in hit.message and '"40"' in hit.message


@pytest.mark.parametrize(("change", "cell"), [
    ({"deadline": "2026-12-31"}, "Tasks!R4"),
    ({"measures": "Something else entirely"}, "Tasks!L4"),
])
def test_changed_deadline_or_measures_is_an_error(tmp_path: Path, configs: dict[str, Config],
                                                  committed: list[dict[str, Any]], change: dict[str, Any],
                                                  cell: str) -> None:
    """A promise postponed or hollowed out in a later report would escape the commitment."""
    found = check_against_commitment(progress(tmp_path, configs, {2: change}), committed, configs["en"])
    assert [(f.code, f.cell) for f in found] == [("progress.commitment_changed", cell)]


def test_changed_title_is_a_warning(tmp_path: Path, configs: dict[str, Config],
                                    committed: list[dict[str, Any]]) -> None:
    """Rewording a committed title should be noticed, but not reject the month's progress."""
    found = check_against_commitment(progress(tmp_path, configs, {1: {"title": "Bookstores"}}), committed,
                                     configs["en"])
    hit = one(found, "progress.field_changed")
    assert (hit.severity, hit.cell) == (W, "Tasks!C3")


def test_new_task_is_a_warning(tmp_path: Path, configs: dict[str, Config],
                               committed: list[dict[str, Any]]) -> None:
    """A task added after the commitment should reach the office's attention."""
    report = progress(tmp_path, configs, {9: {"task_no": 11}})
    found = check_against_commitment(report, committed, configs["en"])
    new = one(found, "progress.new_task")
    assert (new.severity, new.cell) == (W, "Tasks!A11")
    assert one(found, "progress.task_dropped").message.startswith("committed task 10")


def test_no_commitment_is_a_warning(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A report from a unit with no commitment on file must still be taken, with a note."""
    found = check_against_commitment(progress(tmp_path, configs), None, configs["en"])
    hit = one(found, "progress.no_commitment")
    assert hit.severity is W and hit.file == "progress.xlsx"


def test_commitment_from_the_store_with_text_dates(tmp_path: Path, configs: dict[str, Config],
                                                   committed: list[dict[str, Any]]) -> None:
    """Dates coming back from the store as text must not look like changed deadlines."""
    stored = [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in task.items()}
              for task in committed]
    assert check_against_commitment(progress(tmp_path, configs), stored, configs["en"]) == []


def test_commitment_itself_is_not_compared(tmp_path: Path, configs: dict[str, Config],
                                           committed: list[dict[str, Any]]) -> None:
    """A new commitment replaces the old one; comparing it would reject every revision."""
    checked = run(tmp_path, configs, name="again.xlsx", tasks=tasks_with({2: {"target": 50}}))
    assert check_against_commitment(checked, committed, configs["en"]) == []


# ------------------------------------------------------------------ the generated template


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_generated_template_filled_by_a_unit_round_trips(tmp_path: Path, configs: dict[str, Config],
                                                         lang: str) -> None:
    """If the template the office sends out did not read back clean, every unit would be rejected."""
    config = configs[lang]
    people = sample_unit(UNIT, lang)
    typed = {"submission_date": D(2026, 5, 10), "first_responsible": people["head"],
             "contact_person": people["contact"], "contact_phone": "13800002742",
             "approved_by": people["leader"], "approval_date": "2026-05-09"}
    blank = write_template(config, tmp_path / "blank.xlsx", unit=config.unit[UNIT], period="commitment")
    filled = fill_template(blank, tmp_path / "filled.xlsx", lang=lang, unit=typed, tasks=good_tasks(10, lang))
    commitment = check(read_submission(filled, lang=lang), config)
    assert commitment.findings == (), [(f.code, f.cell, f.message) for f in commitment.findings]
    assert (commitment.unit_code, commitment.period) == (UNIT, "commitment")

    # The progress template comes prefilled with the commitment; the unit adds its progress.
    committed = [t.values for t in commitment.tasks]
    monthly = write_template(config, tmp_path / "monthly.xlsx", unit=config.unit[UNIT], period="2026-06",
                             committed=committed)
    report = fill_template(monthly, tmp_path / "report.xlsx", lang=lang,
                           unit=typed | {"submission_date": D(2026, 7, 3), "approval_date": D(2026, 7, 2)},
                           status="推进中" if lang == "zh" else "in progress")
    progress_report = check(read_submission(report, lang=lang), config)
    assert progress_report.findings == (), [(f.code, f.cell, f.message) for f in progress_report.findings]
    assert progress_report.stage == "progress"
    assert check_against_commitment(progress_report, committed, config) == []


@pytest.mark.parametrize("typed,key", [("6月份", "2026-06"), ("2026年6月进展", "2026-06"),
                                       ("June 2026 progress", "2026-06"), ("目标承诺表", "commitment"),
                                       ("年终自评", "assessment")])
def test_a_period_typed_in_words_is_understood(tmp_path: Path, configs: dict[str, Config],
                                               typed: str, key: str) -> None:
    """A unit that typed its period instead of picking it would be refused for nothing."""
    checked = run(tmp_path, configs, header_overrides={"period": typed}, meta=None)
    assert checked.period == key
    assert not [f for f in checked.findings if f.code == "period.unknown"]


@pytest.mark.parametrize("typed", ["Chen Gang (Director)", "Chen Gang, director", "陈刚（主任）"])
def test_an_approver_written_with_a_title_is_the_approver(tmp_path: Path, configs: dict[str, Config],
                                                           typed: str) -> None:
    """A leader signing "Chen Gang (Director)" must not get the file sent back."""
    lang = "zh" if "陈" in typed else "en"
    checked = run(tmp_path, configs, lang=lang, header_overrides={"approved_by": typed})
    assert not [f for f in checked.findings if f.code == "signoff.wrong_approver"]


def test_a_similar_name_is_not_the_approver(tmp_path: Path, configs: dict[str, Config]) -> None:
    """Sign-off by someone else whose name merely contains a leader's must still be caught."""
    checked = run(tmp_path, configs, lang="zh", header_overrides={"approved_by": "陈刚华"})
    assert one(checked, "signoff.wrong_approver").cell == "单位信息!B9"


@pytest.mark.parametrize("typed", ["无", "/", "—", "N/A", "暂无"])
def test_none_written_in_an_optional_number_is_no_value(tmp_path: Path, configs: dict[str, Config],
                                                        typed: str) -> None:
    """A unit with no baseline yet writes 无 or /: refusing the file for it would be absurd."""
    tasks = good_tasks()
    tasks[3] = {**tasks[3], "baseline": typed}
    checked = run(tmp_path, configs, tasks=tasks)
    assert checked.accepted, codes(checked)
    assert checked.tasks[3].values["baseline"] is None and checked.tasks[3].raw["baseline"] == typed


def test_none_written_in_the_target_is_still_refused(tmp_path: Path, configs: dict[str, Config]) -> None:
    """A task without a target is no commitment: 无 in Target must be sent back."""
    tasks = good_tasks()
    tasks[3] = {**tasks[3], "target": "无"}
    assert one(run(tmp_path, configs, tasks=tasks), "number.unreadable").cell == "Tasks!I5"



@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_cell_types_as_empty_in_every_kind_of_field(configs: dict[str, Config], lang: str) -> None:
    """Validation takes an empty table cell as empty without typing it: that holds for every
    field of the Tasks and Exchanges sheets."""
    from pacesetter.validate import _raw_of, _rules_for, _type_value

    rules = _rules_for(configs[lang])
    for f in (*TASK_FIELDS, *EXCHANGE_FIELDS):
        assert _raw_of(None) is None
        for percent in (False, True):
            assert _type_value(f, None, rules, percent=percent) is None, f.key
