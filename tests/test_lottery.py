"""Inspection by lottery: the draw, its published procedure, inspection.xlsx, returned results."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pacesetter.config import Config, Inspector, Unit
from pacesetter.findings import missing_messages
from pacesetter.i18n import catalog, t
from pacesetter.inspections import (
    is_inspection_workbook,
    load_inspections,
    read_inspection,
    store_inspection,
)
from pacesetter.lottery import (
    PROCEDURE,
    DrawError,
    draw,
    how_many,
    roster_hash,
)
from pacesetter.reports import inspection as report
from pacesetter.reports.context import ReportContext
from pacesetter.store import Store
from process import cli

SEEDS = ["42", "20261127-153012", "seed with spaces", "抽签2026", "0"]
MODES = ["ratio:0.3", "ratio:0.5", "ratio:1", "count:1", "count:2", "count:9", "census"]


def _mode_kwargs(mode: str) -> dict[str, object]:
    kind, _, value = mode.partition(":")
    if kind == "census":
        return {"census": True}
    if kind == "count":
        return {"count": int(value)}
    return {"ratio": float(value)}


# ------------------------------------------------ the README procedure, written out by hand

def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def procedure_by_hand(seed: str, units: list[tuple[str, str, str]], inspectors: list[tuple[str, str]],
                      mode: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The published steps with hashlib only: units are (code, type, approver), inspectors (name, home)."""
    by_type: dict[str, list[str]] = {}
    for code, kind, _ in units:
        by_type.setdefault(kind, []).append(code)
    drawn: dict[str, list[str]] = {}
    for kind, codes in by_type.items():
        ranked = sorted(codes, key=lambda c: _sha(f"{seed}:{c}"))  # steps 3-4
        n = len(ranked)
        if mode == "census":  # step 5
            take = n
        elif mode.startswith("count:"):
            take = min(int(mode[6:]), n)
        else:
            whole, _, frac = mode[6:].partition(".")
            numerator, denominator = int(whole + frac), 10 ** len(frac)
            take = max(1, -(-numerator * n // denominator))  # R x N rounded up, in whole numbers
        drawn[kind] = ranked[:take]
    approver = {code: appr for code, _, appr in units}
    chosen: dict[str, list[str]] = {}
    for codes in drawn.values():
        for code in codes:
            left = [name for name, home in inspectors  # step 6
                    if home != code and home != approver[code] and approver.get(home) != code]
            chosen[code] = sorted(left, key=lambda name: _sha(f"{seed}:{code}:{name}"))[:2]  # step 7
    return drawn, chosen


def _roster(config: Config) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    return ([(u.code, u.type, u.approver) for u in config.units],
            [(i.name, i.unit) for i in config.inspectors])


def _with(config: Config, **changes: object) -> Config:
    return dataclasses.replace(config, **changes)


# ------------------------------------------------ the draw


def test_same_seed_and_roster_give_the_same_draw(campaign: Config) -> None:
    """Without it, nobody could redraw a published lottery and get the same units."""
    first = draw(campaign, "20261120", ratio=0.3)
    again = draw(campaign, "20261120", ratio=0.3)
    assert first.by_type == again.by_type and first.inspectors == again.inspectors
    assert first.roster_hash == again.roster_hash
    assert draw(campaign, "20261121", ratio=0.3).units != first.units  # a different seed, another draw


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", MODES)
def test_readme_procedure_by_hand_gives_the_same_draw(campaign: Config, seed: str, mode: str) -> None:
    """Without it, the procedure the public is told to follow would not reproduce the official draw."""
    units, inspectors = _roster(campaign)
    by_type, chosen = procedure_by_hand(seed, units, inspectors, mode)
    d = draw(campaign, seed, **_mode_kwargs(mode))
    assert {k: list(v) for k, v in d.by_type.items()} == by_type
    assert {k: list(v) for k, v in d.inspectors.items()} == chosen


def test_readme_procedure_strikes_out_the_units_a_unit_approves(campaign: Config) -> None:
    """Without it, a school's inspector could inspect the office that signs off that school's work."""
    inspectors = (Inspector("Ann", "DC-PS1"), Inspector("Bob", "DC-KG"), Inspector("Cy", "XH-PS"),
                  Inspector("Di", "NS-PS"), Inspector("Ed", "BUREAU"))
    config = _with(campaign, inspectors=inspectors)
    d = draw(config, "7", census=True)
    assert not {"Ann", "Bob", "Ed"} & set(d.inspectors["DC-OFFICE"])
    units, roster_inspectors = _roster(config)
    for seed in ("7", "8", "9"):
        _, chosen = procedure_by_hand(seed, units, roster_inspectors, "census")
        assert {k: list(v) for k, v in draw(config, seed, census=True).inspectors.items()} == chosen


def test_roster_hash_is_the_documented_sum_of_sorted_lines(campaign: Config) -> None:
    """Without it, the public could not check that the draw used the roster it was shown."""
    lines = sorted(f"{u.code}:{u.type}" for u in campaign.units)
    assert roster_hash(campaign) == _sha("".join(line + "\n" for line in lines))


def test_procedure_is_written_in_both_languages() -> None:
    """Without it, Chinese readers would get no (or a different) procedure from English ones."""
    assert len(PROCEDURE["en"]) == len(PROCEDURE["zh"]) == 7
    for lang in ("en", "zh"):
        text = " ".join(PROCEDURE[lang])
        assert "S:CODE" in text or "S:代码" in text
        assert "sha256sum" in text and "SHA-256" in text


@pytest.mark.parametrize("seed", [str(n) for n in range(40)])
def test_no_inspector_inspects_their_own_unit_or_its_approver(campaign: Config, seed: str) -> None:
    """Without it, a unit (or its superior) could end up inspecting itself."""
    d = draw(campaign, seed, census=True)
    home = {i.name: i.unit for i in campaign.inspectors}
    units = campaign.unit
    for code, names in d.inspectors.items():
        assert len(names) == 2 and len(set(names)) == 2
        for name in names:
            assert home[name] != code
            assert home[name] != units[code].approver
            assert home[name] not in units or units[home[name]].approver != code


def test_census_takes_every_unit(campaign: Config) -> None:
    """Without it, a census inspection would silently leave units out."""
    d = draw(campaign, "1", census=True)
    assert sorted(d.units) == sorted(u.code for u in campaign.units)
    assert d.mode == "census"


def test_every_unit_type_gets_at_least_one_unit(campaign: Config) -> None:
    """Without it, a small peer group (three offices) could escape inspection at a low ratio."""
    d = draw(campaign, "3", ratio=0.01)
    assert {k: len(v) for k, v in d.by_type.items()} == {"office": 1, "school": 1, "department": 1}


def test_draw_changes_when_the_roster_changes(campaign: Config) -> None:
    """Without it, a draw could not be tied to the roster it was made from."""
    before = draw(campaign, "42", ratio=0.3)
    first_school = before.by_type["school"][0]
    fewer = _with(campaign, units=tuple(u for u in campaign.units if u.code != first_school))
    after = draw(fewer, "42", ratio=0.3)
    assert after.units != before.units and after.roster_hash != before.roster_hash
    assert first_school not in after.units
    retyped = _with(campaign, units=tuple(
        dataclasses.replace(u, type="department") if u.code == "NS-PS" else u for u in campaign.units))
    assert roster_hash(retyped) != roster_hash(campaign)
    added = _with(campaign, units=(*campaign.units, Unit("NEW-PS", "New School", "school", "BUREAU")))
    assert draw(added, "42", ratio=0.3).roster_hash != before.roster_hash


@pytest.mark.parametrize("size, kwargs, expected", [
    (10, {"ratio": 0.3}, 3),  # not 4: 0.3 x 10 is 3.0000000000000004 in floating point
    (7, {"ratio": 0.3}, 3),
    (4, {"ratio": 0.5}, 2),
    (1, {"ratio": 0.01}, 1),
    (10, {"ratio": 1.0}, 10),
    (3, {"count": 5}, 3),
    (8, {"count": 2}, 2),
    (8, {"census": True}, 8),
    (0, {"ratio": 0.3}, 0),
])
def test_how_many_per_type(size: int, kwargs: dict[str, object], expected: int) -> None:
    """Without it, the number drawn per type would differ from the hand count in the procedure."""
    assert how_many(size, **kwargs) == expected


@pytest.mark.parametrize("kwargs", [{"ratio": 0.0}, {"ratio": 1.5}, {"ratio": -0.2}, {"count": 0},
                                    {"count": 2, "ratio": 0.3}])
def test_bad_arguments_are_a_draw_error(campaign: Config, kwargs: dict[str, object]) -> None:
    """Without it, a mistyped ratio or count would make a silent, wrong draw."""
    with pytest.raises(DrawError):
        draw(campaign, "1", **kwargs)


def test_too_few_eligible_inspectors_is_a_draw_error(campaign: Config) -> None:
    """Without it, a unit could be drawn with fewer than two independent inspectors."""
    only_bureau = _with(campaign, inspectors=(Inspector("A", "BUREAU"), Inspector("B", "BUREAU"),
                                              Inspector("C", "DEPT-EDU")))
    with pytest.raises(DrawError, match="inspector"):
        draw(only_bureau, "1", census=True)


def test_duplicate_inspector_names_are_a_draw_error(campaign: Config) -> None:
    """Without it, two inspectors with one name would be indistinguishable in the published draw."""
    again = Inspector(campaign.inspectors[0].name, "NS-PS")
    twice = _with(campaign, inspectors=(*campaign.inspectors, again))
    with pytest.raises(DrawError):
        draw(twice, "1")


def test_without_a_ratio_the_configured_ratio_is_used(campaign: Config) -> None:
    """Without it, `sample` with no flag would ignore [sampling] ratio in config.toml."""
    assert draw(campaign, "5").mode == f"ratio:{campaign.sample_ratio}"
    assert draw(campaign, "5").units == draw(campaign, "5", ratio=campaign.sample_ratio).units


# ------------------------------------------------ the command, the store and inspection.xlsx


def _sample(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["sample", "--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _column(ws: openpyxl.worksheet.worksheet.Worksheet, col: int, first: int = 4) -> list[object]:
    return [r[0] for r in ws.iter_rows(min_row=first, min_col=col, max_col=col, values_only=True)
            if r[0] is not None]


def test_cli_sample_writes_inspection_xlsx_and_keeps_the_draw(campaign: Config) -> None:
    """Without it, a clerk's `sample` would leave no workbook to publish and no record to audit."""
    root = campaign.root
    out = _sample(root, "--seed", "42", "--ratio", "0.3")
    expected = draw(campaign, "42", ratio=0.3)
    assert "42" in out and all(code in out for code in expected.units)

    path = root / "outbox" / "latest" / "inspection.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == [t("inspection.sheet_draw", "en"), "Results"]
    assert _column(wb["Draw"], 3) == list(expected.units)
    inspectors = dict(zip(_column(wb["Results"], 1), _column(wb["Results"], 3), strict=True))
    assert inspectors == {c: ", ".join(n) for c, n in expected.inspectors.items()}
    method = [v for row in wb["Seed and procedure"].iter_rows(values_only=True) for v in row if v]
    assert "42" in method and expected.roster_hash in method and PROCEDURE["en"][0] in method
    roster = wb["Roster"]
    assert sorted(_column(roster, 3)) == sorted(u.code for u in campaign.units)
    values = dict(zip(_column(roster, 3), _column(roster, 6), strict=True))
    assert values["DC-PS1"] == _sha("42:DC-PS1")
    stamp = wb[report.STAMP_SHEET]
    assert stamp.sheet_state == "hidden"
    assert {r[0]: r[1] for r in stamp.iter_rows(values_only=True)}["draw_id"] == "1"

    with Store.open(root) as store:
        (row,) = store.draws()
    assert (row["seed"], row["mode"], row["period"]) == ("42", "ratio:0.3", "assessment")
    assert row["roster_hash"] == roster_hash(campaign)
    assert json.loads(row["result"])["units"] == list(expected.units)


def test_a_second_draw_for_the_period_keeps_the_first(campaign: Config) -> None:
    """Without it, a redraw could quietly erase an inconvenient first draw."""
    root = campaign.root
    _sample(root, "--seed", "42")
    out = _sample(root, "--seed", "43")
    assert "no. 1" in out and "seed 42" in out
    with Store.open(root) as store:
        rows = store.draws()
    assert [(r["id"], r["seed"], r["period"]) for r in rows] == [(1, "42", "assessment"),
                                                                  (2, "43", "assessment")]
    assert json.loads(rows[0]["result"])["units"] == list(draw(campaign, "42").units)
    wb = openpyxl.load_workbook(root / "outbox" / "latest" / "inspection.xlsx")
    assert _column(wb["History"], 3) == ["42", "43"]
    assert _column(wb["Draw"], 3) == list(draw(campaign, "43").units)


def test_without_a_seed_one_is_made_from_the_time_and_printed(campaign: Config) -> None:
    """Without it, a draw made without --seed could never be verified by anyone."""
    out = _sample(campaign.root, "--count", "1")
    seed = re.search(r"\b(\d{8}-\d{6})\b", out).group(1)
    with Store.open(campaign.root) as store:
        (row,) = store.draws()
    assert row["seed"] == seed and row["mode"] == "count:1"
    assert json.loads(row["result"])["units"] == list(draw(campaign, seed, count=1).units)


def test_unknown_period_and_bad_ratio_are_usage_errors(campaign: Config) -> None:
    """Without it, a typo in --period or --ratio would record a draw for nothing."""
    for args in (["--period", "2030-01"], ["--ratio", "2"]):
        result = CliRunner().invoke(cli, ["sample", "--root", str(campaign.root), "--seed", "1", *args])
        assert result.exit_code == 2
    with Store.open(campaign.root) as store:
        assert store.draws() == []


@pytest.mark.parametrize("campaign", ["zh"], indirect=True)
def test_chinese_campaign_gets_a_chinese_workbook(campaign: Config) -> None:
    """Without it, a Chinese campaign's inspectors would get English sheets to fill."""
    out = _sample(campaign.root, "--seed", "42", "--census")
    assert "全面检查" in out
    wb = openpyxl.load_workbook(campaign.root / "outbox" / "latest" / "inspection.xlsx")
    assert wb.sheetnames[:2] == ["抽查名单", "检查结果"]
    assert wb["检查结果"]["E3"].value == "检查得分（0-100）"
    assert PROCEDURE["zh"][0] in [v for r in wb["种子与抽取方法"].iter_rows(values_only=True) for v in r]


def test_no_draws_means_no_inspection_workbook(campaign: Config, tmp_path: Path) -> None:
    """Without it, every run would publish an empty inspection workbook before any draw."""
    ctx = ReportContext(campaign, dt.date(2026, 11, 20), "r1", tmp_path / "out")
    assert report.write(ctx) == []


# ------------------------------------------------ returned results


def _drawn_workbook(config: Config, *args: str) -> Path:
    _sample(config.root, "--seed", "42", *args)
    return config.root / "outbox" / "latest" / "inspection.xlsx"


def _fill(path: Path, cells: dict[str, object], sheet: str = "Results",
          more: dict[str, dict[str, object]] | None = None) -> Path:
    """Fill cells the way an inspector would in Excel, and save the copy into inbox/."""
    wb = openpyxl.load_workbook(path)
    for name, values in {sheet: cells, **(more or {})}.items():
        for ref, value in values.items():
            wb[name][ref] = value
    out = path.parent.parent.parent / "inbox" / "inspection-returned.xlsx"
    out.parent.mkdir(exist_ok=True)
    wb.save(out)
    return out


def test_filled_results_are_read_with_forgiving_numbers_and_dates(campaign: Config) -> None:
    """Without it, an inspector's "85分" or a date typed as text would be lost or rejected."""
    path = _fill(_drawn_workbook(campaign, "--ratio", "0.3"),
                 {"D4": "2026年11月20日", "E4": "85分", "F4": "Ledger incomplete",
                  "D5": dt.date(2026, 11, 21), "E5": 92})
    assert is_inspection_workbook(path)
    rows, findings = read_inspection(path, campaign)
    assert findings == []
    first, second = draw(campaign, "42", ratio=0.3).units[:2]
    assert [(r["unit_code"], r["inspected_on"], r["score"], r["findings"]) for r in rows] == [
        (first, dt.date(2026, 11, 20), 85.0, "Ledger incomplete"), (second, dt.date(2026, 11, 21), 92.0, "")]
    assert rows[0]["draw_id"] == 1 and rows[0]["inspectors"] == list(draw(campaign, "42").inspectors[first])


def test_bad_values_in_results_are_findings_at_their_cells(campaign: Config) -> None:
    """Without it, a clerk could not tell an inspector which cell of the Results sheet to fix."""
    d = draw(campaign, "42", ratio=0.3)
    not_drawn = next(u.code for u in campaign.units if u.code not in d.units)
    path = _fill(_drawn_workbook(campaign, "--ratio", "0.3"),
                 {"D4": "2026-11-20", "E4": "eighty-five", "D5": "2026-11-20", "E5": 120,
                  "D6": "someday", "E6": 70, "A7": not_drawn, "D7": "2026-11-20", "E7": 60,
                  "A8": "NOPE", "D8": "2026-11-20", "E8": 60, "D9": "2026-11-20", "E9": 75})
    rows, findings = read_inspection(path, campaign)
    got = {(f.code, f.cell) for f in findings}
    assert ("number.unreadable", "Results!E4") in got
    assert ("inspection.score_range", "Results!E5") in got
    assert ("date.unreadable", "Results!D6") in got
    assert ("inspection.unit_not_drawn", "Results!A7") in got
    assert ("unit.unknown", "Results!A8") in got
    assert [r["unit_code"] for r in rows] == [d.units[5]]
    assert all(f.message and f.fix for f in findings)


def test_the_stored_draw_decides_which_units_were_drawn(campaign: Config) -> None:
    """Without it, editing the hidden stamp would let results for an undrawn unit through."""
    path = _drawn_workbook(campaign, "--count", "1")
    with Store.open(campaign.root) as store:
        draws = [dict(r) for r in store.draws()]
    not_drawn = next(u.code for u in campaign.units if u.code not in draw(campaign, "42", count=1).units)
    forged = _fill(path, {"A4": not_drawn, "D4": "2026-11-20", "E4": 90},
                   more={report.STAMP_SHEET: {"B6": ",".join(u.code for u in campaign.units)}})
    assert read_inspection(forged, campaign)[1] == []  # the stamp alone is fooled ...
    rows, findings = read_inspection(forged, campaign, draws=draws)  # ... the store is not
    assert rows == []
    assert [(f.code, f.cell) for f in findings] == [("inspection.unit_not_drawn", "Results!A4")]
    foreign = _fill(path, {"B3": "99"}, sheet=report.STAMP_SHEET)
    assert [f.code for f in read_inspection(foreign, campaign, draws=draws)[1]] == ["inspection.unknown_draw"]
    other = _fill(path, {"B2": "OTHER-2026"}, sheet=report.STAMP_SHEET)
    assert [f.code for f in read_inspection(other, campaign)[1]] == ["inspection.other_campaign"]


def test_a_template_is_not_an_inspection_workbook(campaign: Config, tmp_path: Path) -> None:
    """Without it, intake could mistake a unit's template for inspection results (or the reverse)."""
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    (tmp_path / "notes.txt").write_text("not a workbook", encoding="utf-8")
    assert not is_inspection_workbook(plain)
    assert not is_inspection_workbook(tmp_path / "notes.txt")


def test_stored_results_are_idempotent_and_the_latest_file_wins(campaign: Config) -> None:
    """Without it, a rerun would duplicate results, or an inspector's correction would be ignored."""
    path = _drawn_workbook(campaign, "--count", "1")
    first = _fill(path, {"D4": "2026-11-20", "E4": 80})
    rows, _ = read_inspection(first, campaign)
    code = rows[0]["unit_code"]
    with Store.open(campaign.root) as store:
        store_inspection(store, rows, "sha-a")
        store_inspection(store, rows, "sha-a")
        assert store.db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 1
        store_inspection(store, [{**rows[0], "score": 88.0}], "sha-b")
        latest = load_inspections(store)
    assert latest[code]["score"] == 88.0 and latest[code]["sha256"] == "sha-b"
    assert latest[code]["inspected_on"] == dt.date(2026, 11, 20)


def test_returned_results_show_beside_the_unit(campaign: Config, tmp_path: Path) -> None:
    """Without it, leaders would read the draw without the inspection scores that came back."""
    _drawn_workbook(campaign, "--count", "1")
    with Store.open(campaign.root) as store:
        ctx = ReportContext(campaign, dt.date(2026, 11, 30), "r1", tmp_path / "out")
        ctx.draws = [dict(r) for r in store.draws()]
    code = draw(campaign, "42", count=1).units[0]
    ctx.inspections = {code: {"unit_code": code, "draw_id": 1, "inspected_on": dt.date(2026, 11, 20),
                              "score": 77.0, "findings": "Evidence missing"}}
    (path,) = report.write(ctx)
    ws = openpyxl.load_workbook(path)["Draw"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[2] == code)
    assert row[7] == 77.0 and row[8] == "Evidence missing"


def test_every_word_exists_in_both_languages() -> None:
    """Without it, a Chinese clerk would meet English (or a crash) in the lottery's messages."""
    assert not [c for c in missing_messages() if c.startswith("inspection.")]
    for key, (en, zh) in catalog().items():
        if key.startswith(("lottery.", "inspection.", "finding.inspection.", "fix.inspection.")):
            assert en.strip() and zh.strip(), key
            assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key


def test_no_draw_while_a_run_holds_the_campaign(campaign: Config) -> None:
    """Without it, a draw could write into outbox/latest while a run is swapping it."""
    from pacesetter.run import run_lock

    with run_lock(campaign.root):
        result = CliRunner().invoke(cli, ["sample", "--root", str(campaign.root), "--seed", "1"])
    assert result.exit_code == 2 and "run is in progress" in result.output
    with Store.open(campaign.root) as store:
        assert store.draws() == []
