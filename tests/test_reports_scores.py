"""benchmark.xlsx, scores.xlsx, public.xlsx and public.html, read back and checked by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pacesetter.config import Config, load_config
from pacesetter.fields import TASK_FIELD
from pacesetter.i18n import t
from pacesetter.reports import benchmark, public, scores
from pacesetter.reports.context import ReportContext, load_context
from pacesetter.sample_config import sample_config
from pacesetter.store import Store
from pacesetter.validate import Checked, TaskRow

AS_OF = dt.date(2026, 7, 10)  # the commitment and the June report are due, nothing else
_seq = itertools.count(1)


# ------------------------------------------------------------------ building a campaign by hand


def make_config(root: Path, lang: str = "en", *, replace: dict[str, str] | None = None) -> Config:
    text = sample_config(lang)
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(text, encoding="utf-8")
    return load_config(root)


def task(no: int, **values: Any) -> dict[str, Any]:
    """A typed task row as validation would hand it over; keyword arguments override."""
    base = {"task_no": no, "category": "Benchmarking", "title": f"Task {no}",
            "objective": f"Objective {no}", "indicator": "Cultural centre compliance rate",
            "unit_of_measure": "%", "direction": "higher", "baseline": 80.0, "target": 100.0,
            "benchmark_unit": "CITY-KW", "benchmark_value": 90.0, "measures": f"Measures {no}",
            "lead_leader": "Leader Secretname", "responsible_person": "Person Secretname",
            "responsible_dept": "Office of Culture", "handler": "Handler Secretname",
            "start_date": dt.date(2026, 5, 1), "deadline": dt.date(2026, 12, 31),
            "status": "in_progress", "current_value": None, "progress_note": "internal note",
            "evidence": None, "self_score": None}
    base.update(values)
    return base


def tasks_like(n: int = 8, **values: Any) -> list[dict[str, Any]]:
    return [task(i, **values) for i in range(1, n + 1)]


def store_report(store: Store, config: Config, unit: str, period: str, tasks: list[dict[str, Any]],
                 *, late_days: int = 0) -> None:
    p = config.period(period)
    assert p is not None
    u = config.unit[unit]
    header = {"unit_code": unit, "unit_name": u.name, "period": period, "submission_date": p.due,
              "first_responsible": u.first_responsible, "contact_person": u.contact_person,
              "contact_phone": u.contact_phone, "approved_by": "Zhang Wei", "approval_date": p.due}
    rows = tuple(TaskRow(row=3 + i, values=dict(x), raw={k: v for k, v in x.items() if v is not None},
                         refs={}) for i, x in enumerate(tasks))
    checked = Checked(file_name=f"{unit}-{period}.xlsx", unit_code=unit, period=period, stage=p.stage,
                      header=header, tasks=rows, exchanges=(), findings=(), submitted_on=p.due,
                      late_days=late_days)
    n = next(_seq)
    store.record_file(sha256=hashlib.sha256(f"{unit}{period}{n}".encode()).hexdigest(),
                      original_name=checked.file_name, size=1000,
                      received_at=dt.datetime(2026, 5, 1, 9, n % 60), outcome="accepted",
                      archive_path=f"archive/{n}.xlsx", run_id="t", checked=checked)


def build(tmp_path: Path, units: dict[str, list[dict[str, Any]]], *, lang: str = "en",
          as_of: dt.date = AS_OF, config: Config | None = None,
          periods: tuple[str, ...] = ("commitment", "2026-06"),
          extra: dict[str, list[tuple[str, list[dict[str, Any]]]]] | None = None) -> ReportContext:
    """Store each unit's tasks as its reports for ``periods`` (plus ``extra``) and load the context."""
    config = config or make_config(tmp_path / "campaign", lang)
    with Store.open(config.root) as store:
        for unit, tasks in units.items():
            for period in periods:
                committed = [{**x, "current_value": None, "self_score": None} for x in tasks]
                store_report(store, config, unit, period, committed if period == "commitment" else tasks)
        for unit, reports in (extra or {}).items():
            for period, tasks in reports:
                store_report(store, config, unit, period, tasks)
        return load_context(config, store, as_of=as_of, run_id="t", out_dir=tmp_path / "out")


# ------------------------------------------------------------------ reading back


def sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    """The data rows of a report table (below title, subtitle and header)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet[:31]]
    return [list(r) for r in ws.iter_rows(min_row=4, values_only=True) if any(v is not None for v in r)]


def header_of(path: Path, sheet: str) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    return [c.value for c in wb[sheet[:31]][3]]


def col(path: Path, sheet: str, label: str) -> int:
    return header_of(path, sheet).index(label)


# ------------------------------------------------------------------ benchmark.xlsx


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_benchmark_states_and_signed_gaps(tmp_path: Path, lang: str) -> None:
    """Leaders would misread who is ahead: 95 vs 90 must be surpassed +5, 4 vs 5 days surpassed, 6 behind."""
    days = {"indicator": "Approval time (working days)", "unit_of_measure": "days", "direction": "lower",
            "baseline": 8.0, "target": 5.0, "benchmark_value": 5.0}
    tasks = [task(1, current_value=95.0), task(2, **days, current_value=4.0),
             task(3, **days, current_value=6.0), task(4, current_value=90.0),
             task(5, direction="milestone", baseline=None, target=None, benchmark_value=None,
                  indicator="Plan adopted", unit_of_measure="item"),
             *tasks_like(3)[:0], task(6, current_value=85.0), task(7, current_value=85.0),
             task(8, current_value=85.0)]
    ctx = build(tmp_path, {"DC-PS1": tasks}, lang=lang)
    [path] = benchmark.write(ctx)
    sheet = t("bench.sheet_detail", lang)
    rows = {r[1]: r for r in sheet_rows(path, sheet)}
    gap, pct, state = (col(path, sheet, t(k, lang)) for k in ("bench.col.gap", "bench.col.gap_pct",
                                                              "bench.col.state"))
    assert 5 not in rows, "a milestone has no benchmark value to compare with"
    assert (rows[1][gap], rows[1][state]) == (5, t("state.surpassed", lang))
    assert rows[1][pct] == pytest.approx(5 / 90)
    assert (rows[2][gap], rows[2][state]) == (1, t("state.surpassed", lang))
    assert (rows[3][gap], rows[3][state]) == (-1, t("state.behind", lang))
    assert (rows[4][gap], rows[4][state]) == (0, t("state.reached", lang))
    assert rows[1][col(path, sheet, t("bench.col.bench_unit", lang))] == ctx.config.benchmark["CITY-KW"].name
    assert rows[2][col(path, sheet, t("bench.col.direction", lang))] == ("lower is better" if lang == "en"
                                                                        else "越低越好")
    wb = openpyxl.load_workbook(path)
    assert wb[sheet].cell(4 + 0, gap + 1).number_format.startswith("+"), "gap shows its sign"


def test_benchmark_summaries_per_unit_and_per_benchmark_unit(tmp_path: Path) -> None:
    """Leaders would lose the overview: how many indicators each unit has behind, reached, surpassed."""
    ctx = build(tmp_path, {
        "DC-PS1": [task(1, current_value=95.0), task(2, current_value=90.0),
                   *[task(i, current_value=85.0) for i in range(3, 9)]],
        "DC-KG": [task(1, benchmark_unit="PROV-CY", benchmark_value=95.0, current_value=96.0),
                  *[task(i, benchmark_unit="PROV-CY", benchmark_value=95.0, current_value=95.0)
                    for i in range(2, 9)]]})
    [path] = benchmark.write(ctx)
    units = {r[0]: r for r in sheet_rows(path, t("bench.sheet_units", "en"))}
    ps1 = units[ctx.config.unit["DC-PS1"].name]
    assert ps1[2:7] == [8, 6, 1, 1, pytest.approx(2 / 8)]
    kg = units[ctx.config.unit["DC-KG"].name]
    assert kg[2:7] == [8, 0, 7, 1, 1]
    by_bench = {r[0]: r for r in sheet_rows(path, t("bench.sheet_benchmarks", "en"))}
    city = by_bench[ctx.config.benchmark["CITY-KW"].name]
    assert city[2] == 1 and city[4] == 8 and city[3] == ctx.config.unit["DC-PS1"].name
    assert by_bench[ctx.config.benchmark["PROV-CY"].name][8] == 1


def test_benchmark_has_native_charts_over_written_cells(tmp_path: Path) -> None:
    """Leaders would get no pictures: benchmark.xlsx must hold real Excel charts drawing its own cells."""
    units = {code: [task(i, current_value=80.0 + i) for i in range(1, 9)]
             for code in ("DC-PS1", "DC-KG", "XH-PS")}
    ctx = build(tmp_path, units)
    [path] = benchmark.write(ctx)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "xl/charts/chart1.xml" in names
        charts = [z.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
        types = z.read("[Content_Types].xml").decode()
        drawing_rels = "".join(z.read(n).decode() for n in names if n.startswith("xl/drawings/_rels/"))
    sheet = t("bench.sheet_charts", "en")
    ws = openpyxl.load_workbook(path)[sheet]
    for n, xml in enumerate(charts, 1):
        refs = re.findall(r"<c:f>(.*?)</c:f>", xml)
        assert refs and all(sheet in r for r in refs), "every series points at the Charts sheet"
        assert xml.count("<c:pt ") <= 3 * 2 * benchmark.CHART_MAX + 10
        # the values cached in the chart are the cells it points at (shown before recalculation)
        for ref, cache in re.findall(r"<c:numRef><c:f>(.*?)</c:f><c:numCache>(.*?)</c:numCache>", xml):
            first, last = ref.split("!")[1].replace("$", "").split(":")
            cells = [c.value or 0 for (c,) in ws[f"{first}:{last}"]]
            assert [float(v) for v in re.findall(r"<c:v>(.*?)</c:v>", cache)] == cells
        assert f"/xl/charts/chart{n}.xml" in types and f"../charts/chart{n}.xml" in drawing_rels


def test_chart_chunks_stay_readable() -> None:
    """Charts with dozens of bars are unreadable: categories are split into parts of at most 12."""
    parts = benchmark._chunks(list(range(15)))
    assert [len(p) for p in parts] == [8, 7]
    assert all(len(p) <= benchmark.CHART_MAX for p in benchmark._chunks(list(range(40))))


# ------------------------------------------------------------------ scores.xlsx


def hand_score(config: Config, completion: float, timeliness: float, bench_part: float) -> float:
    s = config.scoring
    return round(100 * (s.completion * completion + s.timeliness * timeliness + s.benchmark * bench_part), 2)


def test_task_score_equals_a_hand_computation(tmp_path: Path) -> None:
    """A unit contesting its score could not be answered: the sheet must match the README formula."""
    config = make_config(tmp_path / "campaign", replace={"completion = 0.6": "completion = 0.5",
                                                         "timeliness = 0.2": "timeliness = 0.3"})
    on_time = task(1, current_value=95.0)  # 0.75 of the way to 100; beyond the benchmark 90
    overdue = task(2, current_value=85.0, benchmark_value=None, benchmark_unit=None,
                   deadline=dt.date(2026, 6, 10))  # 30 days overdue on 10 July, 0.25 done
    lower = task(3, direction="lower", baseline=10.0, target=4.0, benchmark_value=6.0, current_value=7.0,
                 unit_of_measure="days", indicator="Approval time (working days)")
    ctx = build(tmp_path, {"DC-PS1": [on_time, overdue, lower, *[task(i, current_value=100.0)
                                                                  for i in range(4, 9)]]}, config=config)
    [path] = scores.write(ctx)
    sheet = t("scores.sheet_tasks", "en")
    rows = {r[1]: r for r in sheet_rows(path, sheet)}
    score = col(path, sheet, "Task score")
    grace = config.scoring.overdue_grace_days
    assert rows[1][score] == pytest.approx(hand_score(config, 0.75, 1, 1))
    assert rows[2][score] == pytest.approx(hand_score(config, 0.25, 1 - 30 / grace, 0.25))
    assert rows[3][score] == pytest.approx(hand_score(config, 0.5, 1, 0.75))
    assert rows[2][col(path, sheet, "Days overdue")] == 30
    assert rows[1][col(path, sheet, "Weight in unit mean")] == config.scoring.first_task_weight
    assert "Completion (× 0.5)" in header_of(path, sheet)
    # the unit's total from those task scores, by hand
    task_scores = {no: r[score] for no, r in rows.items()}
    w1 = config.scoring.first_task_weight
    base = (task_scores[1] * w1 + sum(v for k, v in task_scores.items() if k != 1)) / (w1 + 7)
    s = config.scoring
    surpassed = 1 + 5  # task 1 (95 > 90) and tasks 4-8 (100 > 90): the bonus cap applies
    total = base + min(s.bonus_cap, s.surpass_bonus * surpassed) - s.overdue_deduction * 1
    units = sheet_rows(path, t("scores.sheet_units", "en"))
    me = next(r for r in units if r[0] == config.unit["DC-PS1"].name)
    total_col = col(path, t("scores.sheet_units", "en"), "Total")
    assert me[total_col] == pytest.approx(round(total, 2), abs=0.011)


def test_method_sheet_states_the_configured_weights_and_a_worked_example(tmp_path: Path) -> None:
    """Readers could not recompute a score: the method sheet needs the real weights and a real example."""
    config = make_config(tmp_path / "campaign", replace={"completion = 0.6": "completion = 0.5",
                                                         "timeliness = 0.2": "timeliness = 0.3"})
    ctx = build(tmp_path, {"DC-PS1": [task(1, current_value=86.0), *[task(i, current_value=100.0)
                                                                      for i in range(2, 9)]]}, config=config)
    [path] = scores.write(ctx)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == t("scores.sheet_method", "en")
    text = "\n".join(str(c.value) for c in wb.worksheets[0]["A"] if c.value)
    assert "100 × (0.5 × completion + 0.3 × timeliness + 0.2 × benchmark part)" in text
    assert "task 1 (the benchmarking objective) counts 2 times" in text
    # the worked example is task 1: (86 - 80) / (100 - 80) = 0.3, benchmark part (86-80)/(90-80) = 0.6
    assert "(86 − 80) ÷ (100 − 80) = 0.3" in text
    assert "(86 − 80) ÷ (90 − 80) = 0.6" in text
    expected = hand_score(config, 0.3, 1, 0.6)
    assert f"= {expected:g}" in text
    rows = {r[1]: r for r in sheet_rows(path, t("scores.sheet_tasks", "en"))}
    assert rows[1][col(path, t("scores.sheet_tasks", "en"), "Task score")] == pytest.approx(expected)


def test_ranks_are_within_peer_groups_and_ties_share_a_rank(tmp_path: Path) -> None:
    """An office ranked against schools would be unfair: each unit type is ranked apart, ties shared."""
    good = [task(i, current_value=95.0) for i in range(1, 9)]
    weaker = [task(i, current_value=85.0) for i in range(1, 9)]
    ctx = build(tmp_path, {"DC-PS1": good, "DC-KG": good, "XH-PS": weaker, "DC-OFFICE": weaker})
    [path] = scores.write(ctx)
    sheet = t("scores.sheet_units", "en")
    rows = {r[0]: r for r in sheet_rows(path, sheet)}
    rank = col(path, sheet, "Rank in peer group")
    name = ctx.config.unit
    schools = sum(u.type == "school" for u in ctx.units)
    offices = sum(u.type == "office" for u in ctx.units)
    assert rows[name["DC-PS1"].name][rank] == f"1 / {schools}"
    assert rows[name["DC-KG"].name][rank] == f"1 / {schools}"
    assert rows[name["XH-PS"].name][rank] == f"3 / {schools}"
    assert rows[name["DC-OFFICE"].name][rank] == f"1 / {offices}", "the weaker office leads its own group"
    # sorted by type, then rank: offices first, their best on top
    types = [r[1] for r in sheet_rows(path, sheet)]
    assert types == sorted(types, key=lambda w: ["town education office", "school or kindergarten",
                                                 "department or institution"].index(w))
    group = sheet_rows(path, t("scores.sheet_group", "en", group=t("scores.group.school", "en")))
    assert [r[0] for r in group[:3]] == [1, 1, 3]
    assert {r[1] for r in group[:2]} == {name["DC-PS1"].name, name["DC-KG"].name}


def test_over_scoring_unit_is_flagged_for_inspection(tmp_path: Path) -> None:
    """Inspectors would not know where to look first: a self-score far above the computed total is flagged."""
    as_of = dt.date(2026, 11, 20)
    flat = [task(i, current_value=80.0) for i in range(1, 9)]  # nothing achieved
    boast = [{**x, "self_score": 100.0} for x in flat]
    modest = [{**x, "self_score": 0.0} for x in flat]
    ctx = build(tmp_path, {"DC-PS1": flat, "DC-KG": flat}, as_of=as_of,
                extra={"DC-PS1": [("assessment", boast)], "DC-KG": [("assessment", modest)]})
    ctx.inspections = {  # type: ignore[attr-defined]
        "DC-PS1": {"score": 41.0, "inspected_on": dt.date(2026, 11, 25),
                   "inspectors": ["Kong Wei", "Shi Lei"], "findings": "ledger incomplete"},
        "DC-KG": "not yet inspected"}
    [path] = scores.write(ctx)
    sheet = t("scores.sheet_units", "en")
    rows = {r[0]: r for r in sheet_rows(path, sheet)}
    flag, self_col = col(path, sheet, "Inspection priority"), col(path, sheet, "Self-score")
    boaster, honest = rows[ctx.config.unit["DC-PS1"].name], rows[ctx.config.unit["DC-KG"].name]
    assert boaster[self_col] == 100
    assert boaster[flag] == t("scores.flag", "en")
    assert honest[flag] in (None, "")
    assert boaster[col(path, sheet, "Inspection score")] == 41
    result = col(path, sheet, "Inspection result")
    assert boaster[result] == "2026-11-25 · Kong Wei, Shi Lei · ledger incomplete"
    assert honest[result] == "not yet inspected"
    wb = openpyxl.load_workbook(path)
    rules = [r for rng in wb[sheet].conditional_formatting for r in rng.rules]
    assert any(f'"{t("scores.flag", "en")}"' in (r.formula or [""])[0] for r in rules), "the flag is coloured"


# ------------------------------------------------------------------ public.xlsx and public.html


def test_public_page_escapes_unit_text_and_hides_contacts(tmp_path: Path) -> None:
    """The published page could run a unit's script or leak phones: it must be escaped, public fields only."""
    tasks = [task(1, measures="<script>alert(1)</script>", title='=HYPERLINK("http://evil.example","x")'),
             *tasks_like(8)[1:]]
    ctx = build(tmp_path, {"DC-PS1": tasks, "DC-KG": tasks_like(8)})
    paths = public.write(ctx)
    page = (ctx.out_dir / "public.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in page
    assert 'href="http' not in page and "<link" not in page and "src=" not in page
    assert '<html lang="en">' in page and '<meta charset="utf-8">' in page
    assert 'name="viewport"' in page and "@media (max-width" in page
    secrets = [u.contact_phone for u in ctx.units] + [u.contact_person for u in ctx.units]
    secrets += ["Secretname", "internal note", "@example.gov.cn"]
    with zipfile.ZipFile(ctx.out_dir / "public.xlsx") as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for secret in secrets:
        assert secret not in page and secret not in xml, secret
    assert ctx.config.campaign_name in page and AS_OF.isoformat() in page
    wb = openpyxl.load_workbook(ctx.out_dir / "public.xlsx")
    cell = next(c for row in wb.worksheets[0].iter_rows() for c in row
                if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s", "unit text is never a formula"
    assert len(paths) == 2


def test_public_lists_only_units_with_an_accepted_commitment(tmp_path: Path) -> None:
    """The public would read promises never made: only units with a stored commitment appear, counted."""
    ctx = build(tmp_path, {"DC-PS1": tasks_like(8)},
                extra={"DC-KG": [("2026-06", tasks_like(8, title="Not committed"))]})
    public.write(ctx)
    page = (ctx.out_dir / "public.html").read_text(encoding="utf-8")
    assert ctx.config.unit["DC-PS1"].name in page
    assert ctx.config.unit["DC-KG"].name not in page and "Not committed" not in page
    assert t("public.count", "en", n=1, total=len(ctx.units)) in page
    rows = sheet_rows(ctx.out_dir / "public.xlsx", t("public.sheet", "en"))
    assert {r[0] for r in rows} == {ctx.config.unit["DC-PS1"].name} and len(rows) == 8
    target = header_of(ctx.out_dir / "public.xlsx", t("public.sheet", "en")).index("Target")
    assert rows[0][target] == "100%"


def test_public_shows_public_fields_only() -> None:
    """A new column could leak a person's name: every field the public output reads is marked public."""
    assert all(TASK_FIELD[k].public for k in public.PUBLIC_KEYS)
    assert not {"contact_phone", "lead_leader", "responsible_person", "handler", "self_score",
                "progress_note"} & set(public.PUBLIC_KEYS)


class _Balance(HTMLParser):
    """Tracks open elements; a page with a tag left open or closed twice is broken."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_public_page_is_well_formed_with_a_working_contents(tmp_path: Path) -> None:
    """A broken page or dead contents links would make the published list unreadable on a phone."""
    ctx = build(tmp_path, {"DC-PS1": tasks_like(8), "NS-PS": tasks_like(9)})
    public.write(ctx)
    page = (ctx.out_dir / "public.html").read_text(encoding="utf-8")
    parser = _Balance()
    parser.feed(page)
    assert not parser.errors and not parser.stack
    targets = re.findall(r'href="#([^"]+)"', page)
    assert targets and set(targets) <= set(parser.ids)
    assert page.index(ctx.config.unit["DC-PS1"].name) < page.index(ctx.config.unit["NS-PS"].name)
    assert page.count('<tr><td class="no"') == 17


def test_public_page_in_chinese(tmp_path: Path) -> None:
    """A Chinese campaign would publish an English page: lang and every word follow the campaign."""
    ctx = build(tmp_path, {"DC-PS1": tasks_like(8, category="对标争先")}, lang="zh")
    public.write(ctx)
    page = (ctx.out_dir / "public.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    assert "目标任务公开承诺" in page and "主要措施" in page and "100%" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reports_work_before_any_submission(tmp_path: Path, lang: str) -> None:
    """The first run, before any unit has sent a file, would crash instead of writing empty workbooks."""
    ctx = build(tmp_path, {}, lang=lang)
    written = benchmark.write(ctx) + scores.write(ctx) + public.write(ctx)
    assert all(p.exists() for p in written)
    assert t("public.none", lang) in (ctx.out_dir / "public.html").read_text(encoding="utf-8")


def test_loading_the_context_and_writing_every_workbook_leave_no_reference_cycles(tmp_path: Path) -> None:
    """The context is loaded with the garbage collector off, and a written workbook must let go of
    its rows at once: neither may leave objects that only the collector would ever free."""
    import gc
    import importlib

    from pacesetter.reports import REPORTS

    ctx = build(tmp_path, {"DC-PS1": tasks_like(8, current_value=85.0, status="completed"),
                           "XH-PS": tasks_like(5, deadline=dt.date(2026, 6, 1))})
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        with Store.open(ctx.config.root) as store:
            ctx = load_context(ctx.config, store, as_of=AS_OF, run_id="t", out_dir=tmp_path / "out2")
        ctx.extra_outcomes = []
        assert gc.collect() == 0, {type(o).__name__ for o in gc.garbage}
        for name in REPORTS:
            paths = importlib.import_module(f"pacesetter.reports.{name}").write(ctx)
            assert all(p.is_file() for p in paths)
            assert gc.collect() == 0, (name, {type(o).__name__ for o in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
