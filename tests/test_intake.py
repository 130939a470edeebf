"""Intake end to end: nothing lost, nothing twice, crashes repaired by the next run."""

from __future__ import annotations

import datetime as dt
import email.message
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pacesetter.sample_config import sample_config
from process import cli
from tests.workbooks import good_tasks, write_submission

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-07-20"


def campaign(root: Path, lang: str = "en") -> None:
    """The sample campaign's config.toml written into ``root`` itself."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(sample_config(lang), encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _age(path: Path, when: dt.datetime) -> None:
    ts = when.timestamp()
    os.utime(path, (ts, ts))


def _mixed_inbox(root: Path) -> dict[str, str]:
    """A small inbox like a morning's mail: good, bad, a duplicate unit, junk; name -> sha."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "DC-PS1 目标承诺.xlsx")
    write_submission(inbox / "XH-PS.xlsx", unit_code="XH-PS")
    write_submission(inbox / "NS-PS wrong code.xlsx", unit_code="ZZ-999")
    tasks = good_tasks()
    tasks[2] = {**tasks[2], "deadline": "2026-13-45"}
    write_submission(inbox / "DC-KG bad date.xlsx", unit_code="DC-KG", tasks=tasks)
    (inbox / "empty.xlsx").write_bytes(b"")
    src = inbox / "XH-MS.xlsx"
    write_submission(src, unit_code="XH-MS")
    (inbox / "mail.eml").write_bytes(_mail("西湖中学 目标承诺", {"西湖中学.xlsx": src.read_bytes()}))
    src.unlink()
    (inbox / "random.xlsx").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(3000)))
    write_submission(inbox / "DC-PS1 second version.xlsx",
                     tasks=[{**t, "measures": f"{t['measures']} (revised)"} for t in good_tasks()])
    base = dt.datetime(2026, 5, 10, 12)
    for n, path in enumerate(sorted(inbox.iterdir())):
        _age(path, base + dt.timedelta(hours=n))
    _age(inbox / "DC-PS1 second version.xlsx", base + dt.timedelta(days=2))
    return {p.name: _sha(p) for p in inbox.iterdir()}


def _mail(subject: str, attachments: dict[str, bytes]) -> bytes:
    """An e-mail as a clerk saves it, carrying these attachments (name -> bytes)."""
    mail = email.message.EmailMessage()
    mail["Subject"] = subject
    mail.set_content("附件")
    for name, data in attachments.items():
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return bytes(mail)


@pytest.fixture()
def synced_folders(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every folder the run syncs, in the order it syncs them."""
    import pacesetter.intake

    synced: list[Path] = []
    real = pacesetter.intake._fsync_dir
    monkeypatch.setattr(pacesetter.intake, "_fsync_dir", lambda p: (synced.append(Path(p)), real(p)))
    return synced


def _invoke(root: Path, *args: str) -> object:
    return CliRunner().invoke(cli, [*args, "--root", str(root)], catch_exceptions=False)


def _state(root: Path) -> dict[str, object]:
    """What a run leaves behind that must not depend on crashes: inbox, archive, store rows."""
    archive = sorted(
        (str(p.relative_to(root)), _sha(p)) for p in (root / "archive").rglob("*")
        if p.is_file() and p.name not in (".run.lock",) and "pacesetter.sqlite" not in p.name)
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    rows = {
        "files": sorted(db.execute("SELECT sha256, original_name, outcome, archive_path, unit_code,"
                                   " period FROM files")),
        "subs": sorted(db.execute("SELECT sha256, unit_code, period, superseded_by IS NULL"
                                  " FROM submissions")),
        "tasks": db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0],
        "findings": sorted(db.execute("SELECT sha256, code, cell FROM findings")),
        "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
    }
    db.close()
    return {"inbox": sorted(p.name for p in (root / "inbox").iterdir()), "archive": archive, **rows}


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    campaign(tmp_path)
    return tmp_path


def test_run_accepts_good_rejects_bad_and_keeps_every_original(root: Path) -> None:
    """A clerk loses a unit's file if any input is not in the archive with its exact bytes."""
    before = _mixed_inbox(root)
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    archived = {_sha(p) for p in (root / "archive").rglob("*") if p.is_file()}
    assert set(before.values()) <= archived
    assert not [p for p in (root / "inbox").iterdir()]
    state = _state(root)
    outcome = {name: o for (_, name, o, *_rest) in state["files"]}
    assert outcome["DC-PS1 目标承诺.xlsx"] == "accepted"
    assert outcome["NS-PS wrong code.xlsx"] == "rejected"
    assert outcome["DC-KG bad date.xlsx"] == "rejected"
    assert outcome["empty.xlsx"] == "rejected" and outcome["random.xlsx"] == "rejected"
    assert (root / "outbox" / "latest" / "validation.xlsx").exists()
    assert list((root / "archive" / "rejected").glob("*bad date.xlsx.findings.txt"))


def test_rejected_file_findings_point_at_the_cell(root: Path) -> None:
    """A unit cannot fix its file if the finding does not name the cell it typed in."""
    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    cells = {c for (c,) in db.execute(
        "SELECT cell FROM findings f JOIN files USING (sha256) WHERE original_name LIKE 'DC-KG%'"
        " AND code='date.invalid'")}
    assert cells == {"Tasks!R4"}


def test_second_run_changes_nothing(root: Path) -> None:
    """Running twice must not store a file twice or move anything."""
    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    first = _state(root)
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert _state(root) == first


def test_the_same_file_dropped_again_is_not_stored_twice(root: Path) -> None:
    """A clerk re-saving yesterday's attachment must not double a unit's tasks."""
    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    first = _state(root)
    src = next((root / "archive" / "accepted").rglob("*.xlsx"))
    shutil.copy2(src, root / "inbox" / "again.xlsx")
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert "1 already processed" in result.output
    assert _state(root) == first


def test_latest_submission_supersedes_and_keeps_the_earlier(root: Path) -> None:
    """Leaders would read a stale commitment if the unit's corrected file did not win."""
    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    rows = db.execute("SELECT f.original_name, s.superseded_by IS NULL FROM submissions s"
                      " JOIN files f USING (sha256) WHERE s.unit_code='DC-PS1'").fetchall()
    assert dict(rows) == {"DC-PS1 目标承诺.xlsx": 0, "DC-PS1 second version.xlsx": 1}


def test_lock_hidden_and_still_arriving_files_are_left_in_the_inbox(root: Path) -> None:
    """A half-copied file rejected as corrupt would be lost work for the unit."""
    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "~$DC-PS1.xlsx").write_bytes(b"lock")
    (inbox / ".hidden.xlsx").write_bytes(b"hidden")
    growing = inbox / "arriving.xlsx"
    growing.write_bytes(b"PK\x03\x04partial")
    proc = subprocess.Popen([sys.executable, "-c",
                             "import sys,time\nf=open(sys.argv[1],'ab')\n"
                             "for i in range(40):\n f.write(b'x'*100); f.flush(); time.sleep(0.1)",
                             str(growing)])
    try:
        result = _invoke(root, "run", "--as-of", AS_OF)
    finally:
        proc.wait()
    assert result.exit_code == 0
    assert sorted(p.name for p in inbox.iterdir()) == [".hidden.xlsx", "arriving.xlsx", "~$DC-PS1.xlsx"]
    assert "still being written" in result.output


def test_settled_file_arriving_just_before_the_run_is_taken(root: Path) -> None:
    """The quick start's demo-then-run must take every file, even ones written a moment ago."""
    (root / "inbox").mkdir(exist_ok=True)
    write_submission(root / "inbox" / "fresh.xlsx")
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert "1 accepted" in result.output
    assert not list((root / "inbox").iterdir())


def test_attachments_are_taken_out_of_an_eml_with_safe_names(root: Path, tmp_path: Path) -> None:
    """Clerks save whole e-mails; an attachment named ../../x.xlsx must not escape the folder."""
    src = tmp_path / "src.xlsx"
    write_submission(src)
    msg = email.message.EmailMessage()
    msg["Subject"] = "东城第一小学 目标承诺"
    msg["From"] = "dc-ps1@example.gov.cn"
    msg.set_content("请查收")
    msg.add_attachment(src.read_bytes(), maintype="application", subtype="octet-stream",
                       filename="../../东城一小 承诺.xlsx")
    msg.add_attachment(b"hello", maintype="text", subtype="plain", filename="readme.txt")
    (root / "inbox").mkdir(exist_ok=True)
    (root / "inbox" / "mail.eml").write_bytes(bytes(msg))
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert "1 accepted" in result.output, result.output
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    names = dict(db.execute("SELECT original_name, outcome FROM files"))
    assert names == {"mail.eml › ../../东城一小 承诺.xlsx": "accepted", "mail.eml": "mail"}
    assert not list((root / "inbox").iterdir())
    assert not (root.parent / "东城一小 承诺.xlsx").exists()
    assert list((root / "archive" / "mail").glob("*mail.eml"))


def test_mail_without_spreadsheet_is_rejected_with_reason(root: Path) -> None:
    """A clerk must hear that an e-mail came without its attachment, not see it vanish."""
    msg = email.message.EmailMessage()
    msg["Subject"] = "forgot the file"
    msg.set_content("see attached")
    (root / "inbox").mkdir(exist_ok=True)
    (root / "inbox" / "empty.eml").write_bytes(bytes(msg))
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert "no spreadsheet attached" in result.output


def test_dry_run_stores_and_moves_nothing(root: Path) -> None:
    """A clerk trying --dry-run must find the inbox and store exactly as before."""
    before = _mixed_inbox(root)
    result = _invoke(root, "run", "--as-of", AS_OF, "--dry-run")
    assert result.exit_code == 0
    assert "Nothing was stored or moved" in result.output
    assert {p.name: _sha(p) for p in (root / "inbox").iterdir()} == before
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0


def test_validate_prints_findings_and_exits_1_on_errors(root: Path, tmp_path: Path) -> None:
    """A clerk checking a file by hand needs the cell and a non-zero exit on errors."""
    tasks = good_tasks()
    tasks[0] = {**tasks[0], "deadline": None}
    bad = tmp_path / "bad.xlsx"
    write_submission(bad, tasks=tasks)
    good = tmp_path / "good.xlsx"
    write_submission(good)
    result = _invoke(root, "validate", str(bad))
    assert result.exit_code == 1
    assert "Tasks!R2" in result.output and "required.missing" in result.output
    assert _invoke(root, "validate", str(good)).exit_code == 0
    assert not (root / "archive" / "accepted").exists()


def test_second_run_at_the_same_time_is_told_so(root: Path) -> None:
    """Two clerks running at once must not both move the same files."""
    from pacesetter.run import RunLocked, run_lock

    with run_lock(root):
        with pytest.raises(RunLocked):
            with run_lock(root):
                pass
        result = _invoke(root, "run", "--as-of", AS_OF)
        assert result.exit_code == 3
        assert "Another run is in progress" in result.output


def _outputs_whole(root: Path) -> None:
    """Every output under a final name is complete: workbooks are valid zips, JSON parses."""
    import json
    import zipfile

    outbox = root / "outbox"
    if not outbox.exists():
        return
    for path in outbox.rglob("*"):
        if not path.is_file() or any(part.endswith(".partial") or part.startswith(".")
                                     for part in path.relative_to(outbox).parts):
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                assert zf.testzip() is None, path
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def _run_process(root: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, str(ROOT / "process.py"), "run", "--root", str(root),
                           "--as-of", AS_OF], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def clean_state(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """One uninterrupted run over the mixed inbox, and the folder it started from."""
    template = tmp_path_factory.mktemp("template")
    campaign(template)
    _mixed_inbox(template)
    ref = tmp_path_factory.mktemp("reference")
    shutil.copytree(template, ref, dirs_exist_ok=True, copy_function=shutil.copy2)
    assert _run_process(ref).returncode == 0
    return template, _state(ref)


@pytest.mark.parametrize("point,nth,batch", [
    ("intake.after_copy", 1, "64"), ("intake.after_copy", 4, "64"), ("intake.after_commit", 1, "64"),
    ("intake.after_commit", 5, "64"), ("mail.after_copy", 1, "64"),
    # batches of two: one is recorded while the next is copied, the crash lands between them
    ("intake.after_copy", 4, "2"), ("intake.after_copy", 5, "2"), ("intake.after_commit", 3, "2")])
def test_killed_at_a_named_point_then_rerun_equals_a_clean_run(clean_state: tuple[Path, dict[str, object]],
                                                                tmp_path: Path, point: str, nth: int,
                                                                batch: str) -> None:
    """A crash mid-run must never lose, duplicate or half-store a file once the clerk reruns."""
    template, expected = clean_state
    root = tmp_path / "c"
    shutil.copytree(template, root, copy_function=shutil.copy2)
    crashed = _run_process(root, {"PACESETTER_FAULT": f"{point}:{nth}", "PACESETTER_BATCH_SIZE": batch})
    assert crashed.returncode == 137
    _outputs_whole(root)
    assert _run_process(root).returncode == 0
    assert _state(root) == expected


def test_killed_at_random_moments_then_rerun_equals_a_clean_run(
        clean_state: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    """However a run is interrupted (a clerk closing the window), the rerun ends in the same state."""
    template, expected = clean_state
    rng = random.Random(7)
    for attempt in range(6):
        root = tmp_path / f"c{attempt}"
        shutil.copytree(template, root, copy_function=shutil.copy2)
        env = {**os.environ, "PACESETTER_BATCH_SIZE": "2" if attempt % 2 else "64"}
        proc = subprocess.Popen([sys.executable, str(ROOT / "process.py"), "run", "--root", str(root),
                                 "--as-of", AS_OF], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, env=env)
        time.sleep(rng.uniform(0.2, 2.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        _outputs_whole(root)
        assert _run_process(root).returncode == 0
        assert _state(root) == expected


def test_returned_inspection_workbook_is_stored_against_its_draw(root: Path) -> None:
    """Inspectors' scores would be lost if their returned workbook were rejected as a bad template."""
    import openpyxl

    assert _invoke(root, "sample", "--seed", "42", "--count", "1").exit_code == 0
    filled = root / "inbox" / "inspection results.xlsx"
    (root / "inbox").mkdir(exist_ok=True)
    wb = openpyxl.load_workbook(root / "outbox" / "latest" / "inspection.xlsx")
    ws = next(s for s in wb.worksheets if s.title in ("Results", "检查结果"))
    codes = []
    for row in range(4, ws.max_row + 1):
        if ws.cell(row, 1).value:
            codes.append(ws.cell(row, 1).value)
            ws.cell(row, 4).value = "2026-11-20"
            ws.cell(row, 5).value = "85分"
            ws.cell(row, 6).value = "资料齐全"
    wb.save(filled)
    result = _invoke(root, "run", "--as-of", "2026-11-27")
    assert "1 accepted" in result.output, result.output
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    stored = dict(db.execute("SELECT unit_code, score FROM inspections"))
    assert stored == {code: 85.0 for code in codes}


def test_feedback_marks_the_offending_cell_and_lists_findings(root: Path) -> None:
    """A unit sent back its file must see which cell to fix, in red, with the reason beside it."""
    import openpyxl

    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    path = root / "outbox" / "latest" / "feedback" / "DC-KG-commitment.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Findings"
    cell = wb["Tasks"]["R4"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "2026-13-45" in cell.comment.text and "2026-12-31" in cell.comment.text
    listed = [[c.value for c in row] for row in wb["Findings"].iter_rows(min_row=4)]
    assert ["error", "Tasks!R4"] == listed[0][:2]
    # the unit's own untouched cells keep their values
    assert wb["Unit"]["B2"].value == "DC-KG"


def test_feedback_for_an_unreadable_file_is_a_findings_sheet_named_after_it(root: Path) -> None:
    """A clerk must still have something to send back when the file could not be opened at all."""
    import openpyxl

    _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    wb = openpyxl.load_workbook(root / "outbox" / "latest" / "feedback" / "random.xlsx")
    text = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert "random.xlsx" in text and "error" in text


def test_validation_workbook_lists_every_file_with_its_outcome(root: Path) -> None:
    """A clerk needs one list of what happened to each file of the run, findings included."""
    import openpyxl

    (root / "inbox").mkdir(exist_ok=True)
    (root / "inbox" / "~$lock.xlsx").write_bytes(b"x")
    before = _mixed_inbox(root)
    _invoke(root, "run", "--as-of", AS_OF)
    wb = openpyxl.load_workbook(root / "outbox" / "latest" / "validation.xlsx")
    files = wb.worksheets[0]
    rows = {r[0]: r[1] for r in files.iter_rows(min_row=4, values_only=True) if r[0]}
    assert set(before) - {"~$lock.xlsx"} <= set(rows)
    assert rows["DC-KG bad date.xlsx"] == "rejected" and rows["XH-PS.xlsx"] == "accepted"
    assert rows["~$lock.xlsx"] == "skipped"
    findings = [r for r in wb.worksheets[1].iter_rows(min_row=4, values_only=True) if r[0]]
    assert ("DC-KG bad date.xlsx", "Tasks!R4") in {(r[0], r[3]) for r in findings}


def test_a_monthly_report_after_the_assessment_is_the_latest(root: Path) -> None:
    """Leaders would read stale figures if the November report lost to the mid-November assessment."""
    import openpyxl

    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    write_submission(inbox / "c.xlsx")
    assessment = [{**t, "self_score": 90} for t in good_tasks(progress=True)]
    write_submission(inbox / "a.xlsx", period="assessment", tasks=assessment)
    november = good_tasks(progress=True)
    november[0] = {**november[0], "current_value": 88.8}
    write_submission(inbox / "n.xlsx", period="2026-11", tasks=november)
    for name, day in (("c.xlsx", 10), ("a.xlsx", 14), ("n.xlsx", 30)):
        _age(inbox / name, dt.datetime(2026, 5 if name == "c.xlsx" else 11, day, 12))
    result = _invoke(root, "run", "--as-of", "2026-12-20")
    assert "3 accepted" in result.output, result.output
    ws = openpyxl.load_workbook(root / "outbox" / "latest" / "ledger.xlsx").worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Current value" in r)
    first = next(r for r in rows[rows.index(header) + 1:] if r[header.index("Task No.")] == 1)
    assert first[header.index("Current value")] == 88.8


def test_a_file_refused_for_time_is_examined_again_when_resent(root: Path) -> None:
    """A unit's good file refused because the machine was busy must not be ignored for ever."""
    from pacesetter.config import load_config
    from pacesetter.findings import finding
    from pacesetter.store import Store

    (root / "inbox").mkdir(exist_ok=True)
    path = root / "inbox" / "DC-PS1.xlsx"
    write_submission(path)
    with Store.open(root) as store:  # as a run that hit the 30 s limit on this file left it
        store.record_file(sha256=_sha(path), original_name="DC-PS1.xlsx", size=path.stat().st_size,
                          received_at=dt.datetime(2026, 5, 10), outcome="rejected",
                          archive_path="archive/rejected/x.xlsx", run_id="old",
                          findings=[finding("file.timeout", load_config(root).language, seconds=30)])
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert "1 accepted" in result.output, result.output


def test_workers_do_not_outlive_a_killed_run(root: Path) -> None:
    """A run killed by its PID alone must not leave reader processes running for ever."""
    import zipfile

    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    src = write_submission(root / "src.xlsx")
    for i in range(300):  # distinct bytes (a zip comment), so each one is read
        shutil.copy(src, inbox / f"{i}.xlsx")
        with zipfile.ZipFile(inbox / f"{i}.xlsx", "a") as zf:
            zf.comment = f"copy {i}".encode()
    for path in inbox.iterdir():  # settled: taken at once, no settle wait
        _age(path, dt.datetime(2026, 5, 10, 12))
    proc = subprocess.Popen([sys.executable, str(ROOT / "process.py"), "run", "--root", str(root),
                             "--as-of", AS_OF], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 30
    while not children and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
        out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
        children = [int(x) for x in out.split()]
    assert children, "the run's reader processes were never seen"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    assert not alive


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rows_made_in_a_worker_are_stored_as_the_main_process_makes_them(tmp_path: Path, lang: str) -> None:
    """A worker sends an accepted file's rows ready for the store: the stored rows are the
    same, to the byte, as when the main process builds them from the typed tasks."""
    from pacesetter.config import load_config
    from pacesetter.store import Store
    from pacesetter.workers import _for_sending, examine

    campaign(tmp_path, lang)
    config = load_config(tmp_path)
    tasks = good_tasks(lang=lang, progress=True)
    tasks[1] = {**tasks[1], "measures": "开展 =1+1 并且 “引号”\n第二行",
                "deadline": dt.datetime(2026, 11, 30, 15, 30)}
    files = [write_submission(tmp_path / "c.xlsx", lang=lang),
             write_submission(tmp_path / "p.xlsx", lang=lang, period="2026-06", tasks=tasks,
                              columns=[*[k for k in tasks[0] if k != "notes"], "附注"])]
    for path in files:
        checked = examine(path, path.name, config)
        assert checked.accepted, checked.findings
        sent = _for_sending(checked)
        assert sent.stored is not None
        assert sent.tasks == (checked.tasks if checked.stage == "progress" else ())
        dumps = []
        for n, chk in enumerate((checked, sent)):
            with Store(tmp_path / f"s{n}-{path.stem}" / "store.sqlite") as store:
                store.record_file(sha256="a" * 64, original_name=path.name, size=1,
                                  received_at=dt.datetime(2026, 7, 1, 9), outcome="accepted",
                                  archive_path="x", run_id="r", checked=chk)
                dumps.append([list(map(tuple, store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")))
                              for t in ("submissions", "tasks", "exchanges")])
        assert dumps[0] == dumps[1]
        assert len(dumps[0][1]) == len(checked.tasks) >= 10
        assert len(dumps[0][2]) == len(checked.exchanges) >= 1


@pytest.mark.parametrize("batch", ["1", "2", "64"])
def test_a_report_is_held_to_an_earlier_one_still_being_synced(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                               batch: str) -> None:
    """Without a commitment, a unit's first report stands for it. That report may be in a
    batch whose copies are still being synced: it is recorded before the next report of
    the same unit is checked against it, whatever the batch size."""
    monkeypatch.setenv("PACESETTER_BATCH_SIZE", batch)
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "DC-KG.xlsx", unit_code="DC-KG")
    write_submission(inbox / "XH-PS June.xlsx", unit_code="XH-PS", period="2026-06",
                     tasks=good_tasks(progress=True))
    write_submission(inbox / "XH-PS July.xlsx", unit_code="XH-PS", period="2026-07",
                     tasks=good_tasks(progress=True)[:-1])  # the last task is missing
    base = dt.datetime(2026, 7, 1, 9)
    for n, path in enumerate(sorted(inbox.iterdir())):
        _age(path, base + dt.timedelta(minutes=n))
    result = _invoke(root, "run", "--as-of", "2026-08-20")
    assert result.exit_code in (0, 1), result.output
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    codes = {name: sorted(c for (c,) in db.execute(
        "SELECT code FROM findings JOIN files USING (sha256) WHERE original_name=?", (name,)))
        for name in ("XH-PS June.xlsx", "XH-PS July.xlsx")}
    assert "progress.no_commitment" in codes["XH-PS June.xlsx"]
    assert "progress.task_dropped" in codes["XH-PS July.xlsx"]
    assert "progress.no_commitment" not in codes["XH-PS July.xlsx"]
    assert sorted(p.name for p in inbox.iterdir()) == []


def test_stored_tasks_read_back_typed_by_every_query(tmp_path: Path) -> None:
    """The store gives back what validation typed: dates as dates, numbers as numbers, text
    as text, through the reports' query and the commitment check's alike."""
    from pacesetter.config import load_config
    from pacesetter.store import Store
    from pacesetter.workers import examine

    campaign(tmp_path, "zh")
    config = load_config(tmp_path)
    path = write_submission(tmp_path / "c.xlsx", lang="zh")
    checked = examine(path, path.name, config)
    assert checked.accepted, checked.findings
    with Store(tmp_path / "s" / "store.sqlite") as store:
        store.record_file(sha256="b" * 64, original_name=path.name, size=1,
                          received_at=dt.datetime(2026, 5, 1, 9), outcome="accepted",
                          archive_path="x", run_id="r", checked=checked)
        sid = store.submissions()[0]["id"]
        by_report = [task for _, task in store.tasks_of([sid])]
        by_check = store.committed_tasks(checked.unit_code or "", config.report_order)
    typed = [t.values for t in checked.tasks]
    assert by_report == by_check == typed
    assert all(isinstance(t["deadline"], dt.date) for t in by_report)
    assert all(isinstance(t["target"], float) for t in by_report if t["direction"] != "milestone")


def test_every_folder_made_for_the_archive_is_synced_in_its_parent(root: Path,
                                                                   synced_folders: list[Path]) -> None:
    """A copy is safe only once its folder's entry is on disk, and that folder's entry in
    its parent: every folder the run makes, and the one holding each copy, is synced."""
    synced = synced_folders
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "DC-PS1.xlsx")
    write_submission(inbox / "XH-PS.xlsx", unit_code="XH-PS")
    _age(inbox / "DC-PS1.xlsx", dt.datetime(2026, 5, 1, 9))
    _age(inbox / "XH-PS.xlsx", dt.datetime(2026, 5, 1, 10))
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    accepted = root / "archive" / "accepted"
    # one folder per period, each copy named after its unit
    copies = sorted(p.name.split(" ")[0] for p in (accepted / "commitment").iterdir())
    assert copies == ["DC-PS1", "XH-PS"]
    for folder in (accepted / "commitment", accepted):
        assert folder in synced, folder
    assert root / "archive" in synced  # archive/accepted itself was made by this run


def test_files_whose_feedback_would_share_a_name_each_get_their_own(root: Path, tmp_path: Path) -> None:
    """Refused files named alike (one dropped in the inbox, one sent in an e-mail, a browser's
    "(2)" download) each get their own feedback workbook, however the writing is shared
    between processes."""
    import datetime as _dt

    from pacesetter.config import load_config
    from pacesetter.reports import feedback
    from pacesetter.reports.context import load_context
    from pacesetter.store import Store

    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / "password.xlsx").write_bytes(b"not a workbook at all")
    (inbox / "password (2).xlsx").write_bytes(b"not a workbook either")
    (inbox / "mail.eml").write_bytes(_mail("密码表", {"password.xlsx": b"also not a workbook"}))
    for n, path in enumerate(sorted(inbox.iterdir())):
        _age(path, dt.datetime(2026, 5, 1, 9) + dt.timedelta(minutes=n))
    _invoke(root, "run", "--as-of", AS_OF)
    written = sorted(p.name for p in (root / "outbox" / "latest" / "feedback").iterdir())
    assert len(written) == len(set(written)) == 3, written

    config = load_config(root)
    with Store.open(root) as store:
        run_id = store.last_run()["id"]
        ctx = load_context(config, store, as_of=_dt.date(2026, 7, 20), run_id=run_id, out_dir=tmp_path)
    for shards in (1, 2, 3):
        paths = [p for shard in range(shards) for p in feedback.write(ctx, shard=shard, shards=shards)]
        assert sorted(p.name for p in paths) == written
        assert all(p.is_file() for p in paths)


def test_a_mail_kept_in_a_new_archive_folder_is_synced_in_its_parent(root: Path,
                                                                    synced_folders: list[Path]) -> None:
    """An e-mail is archived on its own (not with a batch): the folder made for it is an
    entry in archive/, and that is synced too before the mail leaves the inbox."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    src = root / "XH-MS.xlsx"
    write_submission(src, unit_code="XH-MS")
    (inbox / "mail.eml").write_bytes(_mail("目标承诺", {"西湖中学.xlsx": src.read_bytes()}))
    _age(inbox / "mail.eml", dt.datetime(2026, 5, 1, 9))
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    assert not (inbox / "mail.eml").exists()
    mail_folder = root / "archive" / "mail"
    assert mail_folder.is_dir() and mail_folder in synced_folders
    # archive/ is synced again after archive/mail was made (the batch synced it before)
    last = len(synced_folders) - 1 - synced_folders[::-1].index(root / "archive")
    assert last > synced_folders.index(mail_folder)


def test_make_folders_makes_what_is_missing_and_says_which(tmp_path: Path) -> None:
    from pacesetter.intake import make_folders

    assert make_folders(tmp_path / "a" / "b" / "c") == [tmp_path / "a", tmp_path / "a" / "b",
                                                         tmp_path / "a" / "b" / "c"]
    assert (tmp_path / "a" / "b" / "c").is_dir()
    assert make_folders(tmp_path / "a" / "b" / "c") == []
    assert make_folders(tmp_path / "a" / "d") == [tmp_path / "a" / "d"]


@pytest.mark.parametrize("size", [0, 1, 70_000, 3 * (1 << 20) + 7])
@pytest.mark.parametrize("sendfile", ["works", "fails at once", "fails midway"])
def test_an_archived_copy_holds_exactly_the_original_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           size: int, sendfile: str) -> None:
    """The archive copy is made in the kernel where it can; where the file system refuses
    that, by reading, from where the kernel stopped. Either way the bytes are the original's."""
    import os
    import random

    from pacesetter import intake

    src = tmp_path / "in.xlsx"
    src.write_bytes(random.Random(size).randbytes(size))
    real = os.sendfile
    calls = []

    def flaky(out_fd: int, in_fd: int, offset: int, count: int) -> int:
        calls.append(offset)
        if sendfile == "fails at once" or (sendfile == "fails midway" and len(calls) > 1):
            raise OSError(22, "Invalid argument")
        return real(out_fd, in_fd, offset, min(count, 65_536) if sendfile == "fails midway" else count)

    monkeypatch.setattr(os, "sendfile", flaky)
    monkeypatch.setattr(os, "link", _no_links)  # as on another drive: the bytes are copied
    dest = tmp_path / "archive" / "a" / "copy.xlsx"
    intake.place_durably(src, dest)
    assert dest.read_bytes() == src.read_bytes()
    assert not os.path.samefile(src, dest)
    assert not list(dest.parent.glob(".*.part"))


def _no_links(*_: object, **__: object) -> None:
    raise OSError(18, "Invalid cross-device link")


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links on this system")
def test_an_accepted_file_is_archived_as_the_inbox_file_itself(root: Path) -> None:
    """Where the file system allows, the archive keeps the unit's file itself (a hard link,
    then the inbox name goes): nothing is copied, and the bytes are the unit's."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "东城小学 目标.xlsx")
    _age(inbox / "东城小学 目标.xlsx", dt.datetime(2026, 5, 1, 9))
    before = os.stat(inbox / "东城小学 目标.xlsx")
    digest = _sha(inbox / "东城小学 目标.xlsx")
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    [kept] = (root / "archive" / "accepted").rglob("*.xlsx")
    after = os.stat(kept)
    assert (after.st_ino, after.st_dev, after.st_nlink) == (before.st_ino, before.st_dev, 1)
    assert _sha(kept) == digest
    assert not list(inbox.iterdir())


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links on this system")
def test_a_file_that_also_lives_elsewhere_is_archived_as_a_copy(root: Path, tmp_path: Path) -> None:
    """An inbox file with another name outside the inbox (linked in) is copied, not linked:
    a later edit through that other name must not change the archived original."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    outside = tmp_path / "unit's own copy.xlsx"
    write_submission(outside)
    os.link(outside, inbox / "a.xlsx")
    _age(inbox / "a.xlsx", dt.datetime(2026, 5, 1, 9))
    digest = _sha(outside)
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    [kept] = (root / "archive" / "accepted").rglob("*.xlsx")
    assert not os.path.samefile(kept, outside)
    with outside.open("r+b") as fh:  # the unit edits its own file in place
        fh.write(b"changed")
    assert _sha(kept) == digest


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links on this system")
def test_a_link_refused_for_an_unexpected_reason_stops_without_touching_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a link the file system refuses (another drive, no links) turns into a copy. Any
    other failure stops: had the temporary name come back as a link of the inbox file (a
    second run on a share whose lock is not honoured), copying over it would empty both."""
    import errno

    from pacesetter import intake

    src = tmp_path / "a.xlsx"
    data = random.Random(3).randbytes(50_000)
    src.write_bytes(data)
    dest = tmp_path / "archive" / "a.xlsx"
    real = os.link

    def raced(a: object, b: object) -> None:
        real(a, b)  # someone else made that name a link of the source meanwhile
        raise FileExistsError(errno.EEXIST, "File exists")

    monkeypatch.setattr(os, "link", raced)
    with pytest.raises(FileExistsError):
        intake.place_durably(src, dest)
    assert src.read_bytes() == data


def test_a_file_that_cannot_be_linked_is_archived_as_a_copy(root: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The archive on another drive (or a file system without links): the bytes are copied."""
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "a.xlsx")
    _age(inbox / "a.xlsx", dt.datetime(2026, 5, 1, 9))
    digest, ino = _sha(inbox / "a.xlsx"), os.stat(inbox / "a.xlsx").st_ino
    monkeypatch.setattr(os, "link", _no_links)
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    [kept] = (root / "archive" / "accepted").rglob("*.xlsx")
    assert _sha(kept) == digest and os.stat(kept).st_ino != ino


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links on this system")
@pytest.mark.parametrize("stopped", ["after linking", "after renaming"])
@pytest.mark.parametrize("rerun", ["links", "copies"])
def test_a_run_stopped_while_archiving_leaves_the_inbox_file_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stopped: str, rerun: str) -> None:
    """A run stopped between linking and renaming leaves the temporary name on the inbox
    file's own bytes. Archiving it again, even by copying, must not empty the inbox file
    (copying over the temporary name would truncate the file it names); stopped after the
    rename, the archive already names the file and nothing is left behind."""
    from pacesetter import intake

    src = tmp_path / "inbox" / "a.xlsx"
    src.parent.mkdir()
    data = random.Random(7).randbytes(300_000)
    src.write_bytes(data)
    dest = tmp_path / "archive" / "a.xlsx"
    dest.parent.mkdir()
    tmp = dest.with_name(f".{dest.name}.part")
    os.link(src, tmp)
    if stopped == "after renaming":
        os.replace(tmp, dest)
    if rerun == "copies":
        monkeypatch.setattr(os, "link", _no_links)
    intake.place_durably(src, dest)
    assert src.read_bytes() == data and dest.read_bytes() == data
    assert not tmp.exists()


def test_a_run_collects_garbage_less_often_and_puts_the_collector_back(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run raises the collector's thresholds while it builds its long-lived structures
    (and its forked processes inherit them), and leaves them as they were, even when it fails."""
    import gc

    from pacesetter import run as run_module
    from pacesetter.config import load_config

    _mixed_inbox(root)
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    real = run_module.process_inbox

    def watching(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "process_inbox", watching)
    assert _invoke(root, "run", "--as-of", AS_OF).exit_code == 0
    assert seen and seen[0][0] > before[0] and gc.get_threshold() == before

    def failing(*args: object, **kwargs: object) -> object:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(run_module, "process_inbox", failing)
    with pytest.raises(RuntimeError):
        run_module.run(load_config(root), as_of=dt.date(2026, 7, 20))
    assert gc.get_threshold() == before


def test_a_file_that_cannot_be_read_when_its_turn_comes_is_left_and_said_so(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file is hashed as it goes to be read, after the scan: one the clerk took out of
    the inbox meanwhile, or one this account may not read, is named as skipped (not a
    traceback), and the rest of the inbox is taken."""
    from pacesetter import intake

    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "a.xlsx")
    write_submission(inbox / "b 锁定.xlsx", unit_code="XH-PS")
    for f in inbox.iterdir():
        _age(f, dt.datetime(2026, 5, 1, 9))
    real = intake.sha256_of

    def locked(path: Path) -> str:
        if path.name == "b 锁定.xlsx":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(intake, "sha256_of", locked)
    result = _invoke(root, "run", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    from pacesetter.i18n import t

    assert f"~ b 锁定.xlsx: {t('skip.unreadable', 'en')}" in result.output
    assert sorted(p.name for p in inbox.iterdir()) == ["b 锁定.xlsx"]
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    assert [r[0] for r in db.execute("SELECT original_name FROM files")] == ["a.xlsx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_links_and_pipes_in_the_inbox_are_left_and_said_so(root: Path, tmp_path: Path) -> None:
    """Only regular files are taken: a link could point anywhere, and reading a named pipe
    would wait for ever."""
    from pacesetter.config import load_config
    from pacesetter.intake import scan_inbox

    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "real.xlsx")
    outside = tmp_path / "elsewhere.xlsx"
    write_submission(outside, unit_code="XH-PS")
    (inbox / "link.xlsx").symlink_to(outside)
    os.mkfifo(inbox / "pipe.xlsx")
    scan = scan_inbox(load_config(root), now=time.time() + 3600)
    assert [i.name for i in scan.take] == ["real.xlsx"]
    assert sorted((o.name, o.reason) for o in scan.skipped) == [
        ("link.xlsx", "not_file"), ("pipe.xlsx", "not_file")]


def test_a_file_taken_by_a_run_killed_before_it_left_the_inbox_is_reported_once(root: Path) -> None:
    """Killed after the store took a file but before the file left the inbox: the rerun
    publishes that file's findings and feedback (its own run never did), and lists it once."""
    import openpyxl

    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    write_submission(inbox / "bad.xlsx", unit_code="XH-PS", header_overrides={"unit_code": "NOPE"})
    _age(inbox / "bad.xlsx", dt.datetime(2026, 5, 1, 9))
    assert _run_process(root, {"PACESETTER_FAULT": "intake.after_commit:1"}).returncode == 137
    assert (inbox / "bad.xlsx").exists()
    assert _run_process(root).returncode == 0
    latest = root / "outbox" / "latest"
    assert len(list((latest / "feedback").iterdir())) == 1
    ws = openpyxl.load_workbook(latest / "validation.xlsx").worksheets[0]
    listed = [v for row in ws.iter_rows(values_only=True) for v in row if v == "bad.xlsx"]
    assert listed == ["bad.xlsx"]
