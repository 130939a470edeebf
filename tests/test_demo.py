"""The demo submissions: realistic, reproducible, and carrying exactly the mistakes they claim."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from pacesetter.config import Config
from pacesetter.demo import DemoFile, demo_files, write_demo
from pacesetter.fields import META_SHEET, SHEETS, TASK_FIELDS, UNIT_FIELDS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         new_campaign) -> tuple[Config, list[Path], dict[str, DemoFile]]:
    """The sample campaign (English) with its demo inbox, written once for this module."""
    config = new_campaign(tmp_path_factory.mktemp("demo"), "en")
    paths = write_demo(config, seed=0)
    return config, paths, {f.name: f for f in demo_files(config, seed=0)}


@pytest.fixture(scope="module")
def books(demo) -> dict[Path, openpyxl.Workbook]:
    """Every demo file opened once with openpyxl (opening is the slow part of these tests)."""
    return {p: openpyxl.load_workbook(p) for p in demo[1]}


def small(config: Config) -> Config:
    """The campaign cut to its first five units: the same code paths, a quarter of the files."""
    return dataclasses.replace(config, units=config.units[:5])


def unit_value(wb, key: str, lang: str = "en"):
    ws = wb[SHEETS["unit"].title(lang)]
    label = next(f for f in UNIT_FIELDS if f.key == key).label(lang)
    for row in ws.iter_rows(max_col=2):
        if str(row[0].value or "").removesuffix(" *") == label:
            return row[1].value
    raise KeyError(key)


def column(key: str) -> int:
    return 1 + [f.key for f in TASK_FIELDS].index(key)


def tasks(wb, lang: str = "en"):
    """(row number, {field key: value}) for each filled task row."""
    ws = wb[SHEETS["tasks"].title(lang)]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value is not None:
            yield r, {f.key: ws.cell(r, column(f.key)).value for f in TASK_FIELDS}


def test_same_seed_gives_identical_bytes(campaign):
    """A clerk rerunning `demo` gets exactly the same files (and no copies of them), so runs compare."""
    config = small(campaign)
    paths = write_demo(config, seed=0)
    first = {p: p.read_bytes() for p in paths}
    assert len(paths) > 15
    again = write_demo(config, seed=0)
    assert again == paths and sorted(config.path("inbox").iterdir()) == sorted(paths)
    assert {p: p.read_bytes() for p in again} == first
    other = {f.name: f for f in demo_files(config, seed=1)}
    assert other != {f.name: f for f in demo_files(config, seed=0)}  # another seed, another campaign


def test_files_open_as_templates_of_the_campaign(demo, books):
    """Every demo file is a real workbook of this campaign, named like people name files."""
    config, paths, info = demo
    names = [p.name for p in paths]
    assert len(set(names)) == len(names) and set(names) == set(info)
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)  # Chinese names
    assert any(" " in n for n in names) and any("(" in n for n in names)
    for path in paths:
        wb = books[path]
        assert wb.sheetnames[:4] == [s.en for s in SHEETS.values()]
        assert wb[META_SHEET]["B2"].value == config.campaign_id


def test_commitments_count_and_missing_units(demo, books):
    """Two units never commit (reminders have someone to chase); one sends twice; three send mistakes."""
    config, paths, info = demo
    label = config.period("commitment").label("en")
    commitments = [p for p in paths if unit_value(books[p], "period") == label]
    assert len(commitments) == len(config.units) - 2 + 1 + 3
    senders = {info[p.name].unit_code for p in paths}
    assert len(set(u.code for u in config.units) - senders) == 2
    twice = [f for f in info.values() if f.note == "second, corrected version"]
    assert len(twice) == 1
    first = next(f for f in info.values() if f.unit_code == twice[0].unit_code and f.note == "first version")
    assert first.submitted < twice[0].submitted


def test_progress_assessment_and_arrival_order(demo, books):
    """Monthly reports June to October (a few November ones early), self-assessments, mtimes in order."""
    config, paths, info = demo
    periods = {f.period for f in info.values()}
    assert {"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "assessment"} <= periods
    assert 0 < sum(f.period == "2026-11" for f in info.values()) <= 3
    by_mtime = sorted(paths, key=lambda p: p.stat().st_mtime)
    dates = [info[p.name].submitted for p in by_mtime]
    assert dates == sorted(dates)
    scored = [p for p in paths if info[p.name].period == "assessment"]
    assert len(scored) >= 3
    scores = [[t["self_score"] for _, t in tasks(books[p])] for p in scored]
    assert all(all(isinstance(s, int) and 0 <= s <= 100 for s in row) for row in scores)
    assert any(all(s == 100 for s in row) for row in scores)  # the unit that over-scores itself


def test_people_typing(demo, books):
    """Files hold what people really type: a merged Category, text 90%, 30个, 年底, Chinese measures."""
    _, paths, _ = demo
    merged = text_pct = counter_word = text_date = real_date = chinese_measure = False
    for path in paths:
        wb = books[path]
        ws = wb["Tasks"]
        for rng in ws.merged_cells.ranges:
            if rng.min_col == rng.max_col == column("category") and rng.max_row > rng.min_row:
                merged = merged or ws.cell(rng.min_row, rng.min_col).value is not None
        for _, task in tasks(wb):
            text_pct = text_pct or task["target"] == "90%"
            counter_word = counter_word or task["target"] in ("30个", "45场")
            text_date = text_date or task["deadline"] in ("年底", "6月底") or (
                isinstance(task["deadline"], str) and "年" in task["deadline"])
            real_date = real_date or isinstance(task["deadline"], dt.datetime)
            chinese_measure = chinese_measure or any("\u4e00" <= ch <= "\u9fff" for ch in task["measures"])
    assert merged and text_pct and counter_word and text_date and real_date and chinese_measure


def test_mistake_files_carry_their_mistakes(demo, books):
    """Each rejected file holds exactly the mistake the demo promises, so the run shows real findings."""
    config, paths, info = demo
    by_mistake = {f.mistake: p for p in paths if (f := info[p.name]).mistake}
    assert set(by_mistake) == {"missing_deadline", "wrong_unit_code", "bad_date", "changed_target"}

    wb = books[by_mistake["wrong_unit_code"]]
    typed, stamped = unit_value(wb, "unit_code"), wb[META_SHEET]["B3"].value
    assert typed != stamped and typed not in config.unit and stamped in config.unit

    wb = books[by_mistake["bad_date"]]
    assert "2026-13-45" in [t["deadline"] for _, t in tasks(wb)]

    wb = books[by_mistake["missing_deadline"]]
    deadlines = [t["deadline"] for _, t in tasks(wb)]
    assert deadlines.count(None) == 1 and all(t["title"] for _, t in tasks(wb))

    changed = info[by_mistake["changed_target"].name]
    clean = next(p for p in paths if (f := info[p.name]).unit_code == changed.unit_code
                 and f.period == changed.period and f.mistake is None)
    assert info[clean.name].submitted > changed.submitted  # corrected after the feedback
    bad = {t["task_no"]: t["target"] for _, t in tasks(books[by_mistake["changed_target"]])}
    good = {t["task_no"]: t["target"] for _, t in tasks(books[clean])}
    assert [no for no in good if bad[no] != good[no]] != [] and len(bad) == len(good)


def test_clean_files_are_complete(demo, books):
    """Clean files have every required Unit item filled and an approver the config lists for the unit."""
    config, paths, info = demo
    for path in paths:
        if info[path.name].mistake:
            continue
        wb = books[path]
        code = info[path.name].unit_code
        assert unit_value(wb, "unit_code") == code
        for f in UNIT_FIELDS:
            if f.required:
                assert unit_value(wb, f.key) not in (None, ""), (path.name, f.key)
        assert unit_value(wb, "approved_by") in config.approver_leaders(code)
        first = next(t for _, t in tasks(wb))
        assert first["task_no"] == 1 and first["benchmark_unit"] and first["benchmark_value"] is not None
        assert config.tasks.min_tasks <= len(list(tasks(wb))) <= config.tasks.max_tasks


@pytest.mark.parametrize("campaign", ["zh"], indirect=True)
def test_never_overwrites_a_different_inbox_file(campaign):
    """A file already in the inbox under a demo name is kept; the demo file gets a suffix instead."""
    config = small(campaign)
    name = demo_files(config, seed=3)[0].name
    inbox = config.path("inbox")
    inbox.mkdir()
    (inbox / name).write_bytes(b"the clerk's own file")
    written = write_demo(config, seed=3)
    assert (inbox / name).read_bytes() == b"the clerk's own file"
    assert written[0] != inbox / name and written[0].name.endswith(" (2).xlsx")
    assert len(list(inbox.iterdir())) == len(written) + 1
    wb = openpyxl.load_workbook(written[0])
    assert SHEETS["tasks"].zh in wb.sheetnames
    periods = [p.label("zh") for p in config.periods()]
    assert unit_value(wb, "period", "zh") in periods
