"""Every output of a real run: opens in an office suite, inert, and its numbers independently right."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pacesetter.sample_config import sample_config
from process import cli
from tests.workbooks import good_tasks, write_submission

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 27)


def _invoke(root: Path, *args: str):
    result = CliRunner().invoke(cli, [*args, "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module", params=["en", "zh"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The quick start, in each language: init, templates, demo, run."""
    root = tmp_path_factory.mktemp(f"demo-{request.param}")
    _invoke(root, "init", "--language", request.param)
    _invoke(root, "templates")
    _invoke(root, "demo")
    _invoke(root, "run", "--as-of", AS_OF.isoformat())
    return root


def _outputs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "outbox" / "latest").rglob("*.xlsx"))


def test_every_output_is_written(demo: Path) -> None:
    """A leader opening outbox/latest must find every workbook of SPEC section 7."""
    names = {p.name for p in (demo / "outbox" / "latest").iterdir()}
    assert {"ledger.xlsx", "overdue.xlsx", "benchmark.xlsx", "scores.xlsx", "validation.xlsx",
            "public.xlsx", "public.html", "notification.xlsx", "manifest.json"} <= names
    assert list((demo / "outbox" / "latest" / "offices").glob("*.xlsx"))
    assert list((demo / "outbox" / "latest" / "feedback").glob("*.xlsx"))


@pytest.mark.office
def test_every_output_opens_and_renders_in_libreoffice(demo: Path, tmp_path: Path, soffice: str) -> None:
    """A leader printing a workbook must get pages, not an error from the office suite."""
    files = _outputs(demo)
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    for f in files:
        pdf = out / f"{f.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, f.name


def test_outputs_hold_no_formula_hyperlink_or_macro(demo: Path) -> None:
    """A unit's text must never run as a formula or become a link on a leader's machine."""
    for path in _outputs(demo):
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            assert not [n for n in names if "vbaProject" in n], path
            for name in names:
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = zf.read(name).decode("utf-8")
                    assert "<f>" not in xml and "<f " not in xml, (path.name, name)
                    assert "<hyperlink" not in xml, (path.name, name)
                if name.endswith(".rels"):
                    assert "relationships/hyperlink" not in zf.read(name).decode(), (path.name, name)


HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
           "@SUM(1)", "\t=1+1", "\r=1+1", "＝1+1", "http://evil.example/x", "<script>alert(1)</script>"]


def test_unit_text_that_looks_like_a_formula_stays_text_everywhere(tmp_path: Path) -> None:
    """A Measures cell typed as =1+1 must read =1+1 in every workbook, never compute or link."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    (root / "inbox").mkdir()
    tasks = good_tasks()
    for i in range(len(HOSTILE)):
        tasks[i] = {**tasks[i], "measures": f"@@M{i}", "progress_note": f"@@M{i}", "title": f"@@T{i}"}
    path = root / "inbox" / "hostile.xlsx"
    write_submission(path, tasks=tasks)
    # what Excel stores when a unit types '=1+1 (text, not a formula)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("@@"):
                    i = int(cell.value[3:])
                    cell.value = HOSTILE[i] if cell.value[2] == "M" else f"{HOSTILE[i]} task"
                    cell.data_type = "s"
    wb.save(path)
    result = _invoke(root, "run", "--as-of", "2026-07-20")
    assert "1 accepted" in result.output, result.output
    seen: set[str] = set()
    for path in _outputs(root):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = zf.read(name).decode("utf-8")
                    assert "<f>" not in xml and "<f " not in xml and "<hyperlink" not in xml
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        seen.add(cell.value)
    measures = {t for t in HOSTILE if t.strip() == t}  # leading tab / CR are cleaned away
    assert measures <= seen
    html = (root / "outbox" / "latest" / "public.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://evil' not in html


def test_control_characters_and_escapes_are_cleaned_before_storing(tmp_path: Path) -> None:
    """One rule for odd characters: stored text is clean UTF-8 and every output still opens."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    (root / "inbox").mkdir()
    tasks = good_tasks()
    # control characters reach a file as Excel's _xHHHH_ escapes (raw ones are not legal XML)
    tasks[0] = {**tasks[0], "measures": "a_x0007_b_x000D_c\u200bd\u202ee\ufefff"}
    tasks[1] = {**tasks[1], "progress_note": "x" * 40000}
    write_submission(root / "inbox" / "odd.xlsx", tasks=tasks)
    _invoke(root, "run", "--as-of", "2026-07-20")
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    measures = db.execute("SELECT measures FROM tasks WHERE task_no=1").fetchone()[0]
    assert measures == "ab\ncdef"
    for (text,) in db.execute("SELECT measures || coalesce(progress_note, '') FROM tasks"):
        text.encode("utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\u200b\u202e\ufeff]", text)
    note = db.execute("SELECT progress_note FROM tasks WHERE task_no=2").fetchone()[0]
    assert len(note) == 32767
    for path in _outputs(root):
        openpyxl.load_workbook(path)


def _current_tasks(root: Path) -> list[sqlite3.Row]:
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    db.row_factory = sqlite3.Row
    order = "CASE period WHEN 'commitment' THEN '0' WHEN 'assessment' THEN '9' ELSE period END"
    latest = {}
    for row in db.execute(f"SELECT id, unit_code, {order} AS o FROM submissions"
                          " WHERE superseded_by IS NULL ORDER BY unit_code, o, received_at"):
        latest[row["unit_code"]] = row["id"]
    return [r for sid in latest.values()
            for r in db.execute("SELECT * FROM tasks WHERE submission_id=?", (sid,))]


def _done(t: sqlite3.Row) -> bool:
    if t["direction"] == "milestone":
        return t["status"] == "completed"
    if t["current_value"] is None:
        return False
    if t["direction"] == "lower":
        return t["current_value"] <= t["target"]
    return t["current_value"] >= t["target"]


def _sheet_rows(path: Path, index: int) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[index]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and sum(v is not None for v in r) > 3)
    return [r for r in rows[header + 1:] if any(v is not None for v in r)]


def test_overdue_list_matches_an_independent_count(demo: Path) -> None:
    """Leaders act on the overdue list: it must hold exactly the unfinished tasks past deadline."""
    expected = sorted(
        (t["task_no"], (AS_OF - dt.date.fromisoformat(t["deadline"])).days)
        for t in _current_tasks(demo)
        if t["deadline"] and dt.date.fromisoformat(t["deadline"]) < AS_OF and not _done(t))
    rows = _sheet_rows(demo / "outbox" / "latest" / "overdue.xlsx", 0)
    ws = openpyxl.load_workbook(demo / "outbox" / "latest" / "overdue.xlsx").worksheets[0]
    header = next(r for r in ws.iter_rows(values_only=True) if r and sum(v is not None for v in r) > 3)
    no = next(i for i, h in enumerate(header) if h in ("Task No.", "任务编号"))
    days = next(i for i, h in enumerate(header) if h in ("Days overdue", "逾期天数"))
    assert expected and sorted((r[no], r[days]) for r in rows) == expected


def test_missing_list_holds_every_unit_without_a_report(demo: Path) -> None:
    """A unit that sent nothing must be on the list with its contact, ready to be reminded."""
    db = sqlite3.connect(demo / "archive" / "pacesetter.sqlite")
    # as of 2026-11-27 the latest report due is the assessment (due 2026-11-15)
    sent = {u for (u,) in db.execute("SELECT unit_code FROM submissions WHERE period='assessment'")}
    config_units = [line.split('"')[1] for line in (demo / "config.toml").read_text(
        encoding="utf-8").splitlines() if line.startswith("code = ") and "-" in line]
    units = [u for u in config_units if not u.startswith(("CITY", "PROV", "NAT"))]
    missing = {u for u in units if u not in sent}
    wb = openpyxl.load_workbook(demo / "outbox" / "latest" / "overdue.xlsx")
    ws = next(s for s in wb.worksheets if s.title in ("Not submitted", "未报送单位"))
    listed = {r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert listed == missing
    text = " ".join(str(v) for r in ws.iter_rows(values_only=True) for v in r if v)
    assert "13800" in text  # the contact phones are there to call


def test_two_runs_started_together_equal_one(tmp_path: Path) -> None:
    """Two clerks pressing run at once: one runs, the other is told so, nothing is doubled."""
    root = tmp_path / "c"
    root.mkdir()
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    (root / "inbox").mkdir()
    for i, code in enumerate(["DC-PS1", "DC-KG", "XH-PS", "XH-MS", "NS-PS"]):
        write_submission(root / "inbox" / f"{i}.xlsx", unit_code=code)
    cmd = [sys.executable, str(ROOT / "process.py"), "run", "--root", str(root), "--as-of", "2026-07-20"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(timeout=120), p.communicate()) for p in procs]
    codes = sorted(code for code, _ in results)
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 5
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 5
    if codes == [0, 3]:
        told = next(err for code, (_, err) in results if code == 3)
        assert "Another run is in progress" in told
    else:  # the second started after the first had finished: it found nothing new
        assert codes == [0, 0]


def test_manifest_lists_every_output_and_input_with_its_hash(demo: Path) -> None:
    """An auditor must be able to tie every workbook and every file taken to this run by hash."""
    import hashlib
    import json

    latest = demo / "outbox" / "latest"
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    on_disk = {str(p.relative_to(latest)) for p in latest.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk
    for rel, sha in listed.items():
        assert hashlib.sha256((latest / rel).read_bytes()).hexdigest() == sha
    db = sqlite3.connect(demo / "archive" / "pacesetter.sqlite")
    assert {i["sha256"] for i in manifest["inputs"]} == {s for (s,) in db.execute("SELECT sha256 FROM files")}
    assert manifest["libraries"]["XlsxWriter"] and manifest["as_of"] == AS_OF.isoformat()
    assert set(manifest["timings_seconds"]) >= {"intake", "reports"}


def _two_files_one_refused(root: Path) -> None:
    root.mkdir()
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    (root / "inbox").mkdir()
    write_submission(root / "inbox" / "good.xlsx", unit_code="DC-PS1")
    write_submission(root / "inbox" / "bad.xlsx", unit_code="XH-PS", header_overrides={"unit_code": "NOPE"})


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_feedback_writer_that_fails_fails_the_run_and_the_next_run_writes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Feedback and validation are written by a process of their own while the context loads.
    If it fails or dies the run says so (it never waits for ever, never publishes a half
    outbox), and the next run writes everything."""
    import os

    from pacesetter.config import load_config
    from pacesetter.reports import feedback
    from pacesetter.run import run

    root = tmp_path / "c"
    _two_files_one_refused(root)

    def broken(ctx, **_kw):  # noqa: ANN001, ANN202
        if how == "dies":
            os._exit(9)
        raise ValueError("feedback broke")

    import pacesetter.reports as reports

    monkeypatch.setattr(reports, "_workers", lambda _workers: 2)  # the forked writer, on any machine
    monkeypatch.setattr(feedback, "write", broken)
    expected = ValueError if how == "raises" else reports.WriterStopped
    with pytest.raises(expected, match="feedback broke" if how == "raises" else "exit code 9"):
        run(load_config(root), as_of=dt.date(2026, 7, 20))
    assert not (root / "outbox" / "latest").exists()
    monkeypatch.undo()
    run(load_config(root), as_of=dt.date(2026, 7, 20))
    latest = root / "outbox" / "latest"
    # the refused file was taken by the failed run: its feedback comes with the next one
    assert len(list((latest / "feedback").iterdir())) == 1
    listed = {str(v) for row in _sheet_rows(latest / "validation.xlsx", 0) for v in row}
    assert {"good.xlsx", "bad.xlsx"} <= listed
    assert (latest / "ledger.xlsx").is_file()
    # once published, they are not listed again
    write_submission(root / "inbox" / "third.xlsx", unit_code="NS-PS")
    run(load_config(root), as_of=dt.date(2026, 7, 20))
    listed = {str(v) for row in _sheet_rows(latest / "validation.xlsx", 0) for v in row}
    assert "third.xlsx" in listed and not {"good.xlsx", "bad.xlsx"} & listed
    assert not (latest / "feedback").exists()


def test_the_command_says_a_writer_stopped_and_exits_4(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk is told, in words, that nothing was published and that the next run writes it."""
    import os

    import pacesetter.reports as reports
    from pacesetter.reports import feedback

    root = tmp_path / "c"
    _two_files_one_refused(root)
    monkeypatch.setattr(reports, "_workers", lambda _workers: 2)
    monkeypatch.setattr(feedback, "write", lambda ctx, **_kw: os._exit(9))
    result = CliRunner().invoke(cli, ["run", "--root", str(root), "--as-of", "2026-07-20"])
    assert result.exit_code == 4, result.output
    assert "A process writing the workbooks stopped" in result.output and "exit code 9" in result.output
    assert not (root / "outbox" / "latest").exists()


def test_feedback_and_validation_written_early_equal_those_written_from_the_whole_context(
        tmp_path: Path) -> None:
    """Written from the run's files alone, in a process of their own, while the context loads,
    they are what they would be written from the whole context with every other workbook."""
    import openpyxl

    from pacesetter.config import load_config
    from pacesetter.reports import EARLY, REPORTS, build_all, start_early
    from pacesetter.reports.context import load_context, load_run_files
    from pacesetter.run import run
    from pacesetter.store import Store

    root = tmp_path / "c"
    _two_files_one_refused(root)
    config = load_config(root)
    result = run(config, as_of=dt.date(2026, 7, 20))

    def contents(paths: list[Path], out: Path) -> dict[str, list[list[object]]]:
        found = {}
        for p in paths:
            wb = openpyxl.load_workbook(p)
            for ws in wb.worksheets:
                found[f"{p.relative_to(out).as_posix()}!{ws.title}"] = [
                    [c.value for c in row] for row in ws.iter_rows()]
        return found

    when = {"as_of": dt.date(2026, 7, 20), "run_id": result.run_id}
    with Store.open(root) as store:
        whole = load_context(config, store, out_dir=tmp_path / "whole", **when)
        files = load_run_files(config, store, out_dir=tmp_path / "early", **when)
    others = tuple(r for r in REPORTS if r not in EARLY)
    before = build_all(whole, workers=1, skip=others)
    early = start_early(files, workers=2).wait()
    assert contents(early, tmp_path / "early") == contents(before, tmp_path / "whole")
    assert {p.relative_to(tmp_path / "early").parts[0].removesuffix(".xlsx") for p in early} == set(EARLY)


def test_a_run_that_fails_while_feedback_is_written_leaves_no_writer_and_no_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another workbook failing stops the feedback writer too: the next run (here, in the same
    process) is not told another is in progress, and publishes everything."""
    import multiprocessing
    import time

    import pacesetter.reports as reports
    from pacesetter.config import load_config
    from pacesetter.reports import feedback, ledger
    from pacesetter.run import run

    root = tmp_path / "c"
    _two_files_one_refused(root)
    monkeypatch.setattr(reports, "_workers", lambda _workers: 2)

    def broken(ctx, **_kw):  # noqa: ANN001, ANN202
        raise ValueError("ledger broke")

    def slow(ctx, **_kw):  # noqa: ANN001, ANN202
        time.sleep(60)  # still writing when the ledger fails
        return []

    monkeypatch.setattr(ledger, "write", broken)
    monkeypatch.setattr(feedback, "write", slow)
    with pytest.raises(ValueError, match="ledger broke"):
        run(load_config(root), as_of=dt.date(2026, 7, 20))
    assert not multiprocessing.active_children()
    monkeypatch.undo()
    run(load_config(root), as_of=dt.date(2026, 7, 20))
    latest = root / "outbox" / "latest"
    assert (latest / "ledger.xlsx").is_file() and len(list((latest / "feedback").iterdir())) == 1


@pytest.mark.parametrize("writer", ["feedback", "ledger"])
def test_a_writer_killed_mid_run_is_told_to_the_clerk_not_shown_as_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    """A workbook writer killed (out of memory, a task manager), the one writing feedback while
    the context loads or one of the two writing the rest: the clerk reads what happened and
    what to do, and the run exits with code 4."""
    import importlib
    import multiprocessing
    import os

    import pacesetter.reports as reports

    root = tmp_path / "c"
    _two_files_one_refused(root)
    monkeypatch.setattr(reports, "_workers", lambda _workers: 2)
    module = importlib.import_module(f"pacesetter.reports.{writer}")
    monkeypatch.setattr(module, "write", lambda ctx, **_kw: os._exit(9))
    result = CliRunner().invoke(cli, ["run", "--root", str(root), "--as-of", "2026-07-20"])
    assert result.exit_code == 4, result.output
    assert "stopped" in result.output and "Run again" in result.output
    assert "Traceback" not in result.output
    assert not (root / "outbox" / "latest").exists()
    assert not multiprocessing.active_children()
