"""Hostile and broken files: each gets its own reason, in bounded time and memory, and nothing is lost.

The corpus is written at test time by ``tests/hostile.py`` (once per module: the big
files take a few seconds). Each file is examined the way a run examines it — in a
forked process under the workers' address-space limit — and its time and peak memory
are measured from that process alone (``os.wait4``).
"""

from __future__ import annotations

import datetime as dt
import email.message
import hashlib
import io
import os
import pickle
import select
import shutil
import signal
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pacesetter.config import Config, load_config
from pacesetter.intake import Incoming, process_inbox, safe_name
from pacesetter.sample_config import sample_config
from pacesetter.store import Store
from pacesetter.workers import MEMORY_BYTES, _limit_memory, examine, examine_all
from tests import hostile
from tests.hostile import CORPUS, Case
from tests.workbooks import write_submission

LIMIT_SECONDS = 10.0  # per file, generous: each takes well under a second
LIMIT_MEMORY = 1024**3  # peak resident memory of the process examining one file
AS_OF = "2026-07-20"
E2E_SECONDS = 20  # the whole run; it takes about a second
ROOT = Path(__file__).resolve().parent.parent
LIBRARY_WORDS = ("zip file", "zip archive", "eocd", "cfb error", "invalid ole", "bad magic")
PLAIN = [c for c in CORPUS if not c.office]
OFFICE = [c for c in CORPUS if c.office]


@dataclass(frozen=True)
class Measured:
    """What examining one file gave, and what it cost."""

    codes: tuple[str, ...]  # error codes, in order
    messages: tuple[str, ...]
    accepted: bool
    seconds: float
    peak_bytes: int  # ru_maxrss of the examining process


def write_campaign(root: Path) -> Config:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(sample_config("en"), encoding="utf-8")
    return load_config(root)


def measure(path: Path, name: str, config: Config, *, timeout: float = 60.0) -> Measured:
    """Examine ``path`` in a forked process limited like a worker; time it and read its peak RSS."""
    r, w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(r)
            _limit_memory(MEMORY_BYTES)
            checked = examine(path, name, config)
            errors = [f for f in checked.findings if f.is_error]
            out = (tuple(f.code for f in errors), tuple(f.message for f in errors), checked.accepted)
            os.write(w, pickle.dumps(out))
        except BaseException:  # noqa: BLE001 - reported as a failure by the parent
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    data, finished = b"", False
    deadline = start + timeout
    while (left := deadline - time.monotonic()) > 0 and select.select([r], [], [], left)[0]:
        chunk = os.read(r, 1 << 16)
        if not chunk:  # the child closed its end: done, or dead
            finished = True
            break
        data += chunk
    if not finished:
        os.kill(pid, signal.SIGKILL)
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - start
    if not data:
        raise AssertionError(f"{name}: the examining process died (status {status}) after {seconds:.1f} s")
    codes, messages, accepted = pickle.loads(data)
    return Measured(codes, messages, accepted, seconds, usage.ru_maxrss * 1024)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _settle(folder: Path) -> None:
    """Files written a minute ago: the inbox takes them without waiting for them to settle."""
    then = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


# ------------------------------------------------------------------ fixtures (once per module)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every corpus file that needs no office suite, written once."""
    return hostile.write_corpus(tmp_path_factory.mktemp("corpus"), office=False)


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> dict[str, Path]:
    """The .xls and .ods a real office suite saves (LibreOffice; required in CI)."""
    folder = tmp_path_factory.mktemp("office")
    return {case.name: case.write(folder / case.name) for case in OFFICE}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return write_campaign(tmp_path_factory.mktemp("campaign"))


@pytest.fixture(scope="module")
def measured(corpus: dict[str, Path], config: Config) -> dict[str, Measured]:
    """Each corpus file examined once, alone, in a process limited like a worker."""
    return {name: measure(path, name, config) for name, path in corpus.items()}


# ------------------------------------------------------------------ 1. a specific reason each


@pytest.mark.parametrize("case", PLAIN, ids=[c.name for c in PLAIN])
def test_each_file_gets_its_own_reason(case: Case, measured: dict[str, Measured]) -> None:
    """A clerk cannot tell a unit what to fix when every broken file just "could not be opened"."""
    got = measured[case.name]
    if case.code is None:
        assert got.accepted and got.codes == (), got.messages
        return
    assert not got.accepted
    assert got.codes == (case.code,), got.messages
    message = got.messages[0]
    assert case.says in message, message
    assert not any(word in message.lower() for word in LIBRARY_WORDS), message


@pytest.mark.parametrize("case", [c for c in PLAIN if c.code], ids=[c.name for c in PLAIN if c.code])
def test_each_file_is_refused_in_bounded_time_and_memory(case: Case, measured: dict[str, Measured]) -> None:
    """One hostile attachment would stall or kill the whole morning's run for every unit."""
    got = measured[case.name]
    assert got.seconds < LIMIT_SECONDS, f"{case.name}: {got.seconds:.1f} s"
    assert got.peak_bytes < LIMIT_MEMORY, f"{case.name}: {got.peak_bytes / 2**20:.0f} MB"


def test_the_corpus_is_what_it_claims(corpus: dict[str, Path]) -> None:
    """A bomb that is not really a bomb would prove nothing about the limits."""
    import zipfile

    with zipfile.ZipFile(corpus["lying zip bomb.xlsx"]) as zf:
        info = zf.getinfo(hostile.TASKS_PART)
        assert info.file_size == 40_000  # the header's claim ...
        assert len(zf.read(info)) == 40_000  # ... which Python's zipfile believes, CRC and all
    with zipfile.ZipFile(corpus["zip bomb.xlsx"]) as zf:
        assert zf.getinfo(hostile.TASKS_PART).file_size == 300 * hostile.MB
    with zipfile.ZipFile(corpus["1048576 rows no dimension.xlsx"]) as zf:
        with zf.open(hostile.TASKS_PART) as fh:
            head = fh.read(4096)
        assert b"<dimension" not in head and b"<row" in head
    assert corpus["password.xlsx"].read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    for path in corpus.values():
        assert path.stat().st_size < 40 * hostile.MB  # the repository stays small; so does tmp


@pytest.mark.office
@pytest.mark.parametrize("case", OFFICE, ids=[c.name for c in OFFICE])
def test_xls_and_ods_saved_by_an_office_suite_are_read(
        case: Case, office_files: dict[str, Path], config: Config) -> None:
    """A unit on an old Excel or on LibreOffice would have a valid report refused."""
    got = measure(office_files[case.name], case.name, config)
    assert got.accepted and got.codes == (), got.messages
    assert got.seconds < LIMIT_SECONDS


def test_an_xlsx_renamed_xls_is_read(tmp_path: Path, config: Config) -> None:
    """Units rename files to "convert" them; a valid report would be refused as unreadable."""
    path = write_submission(tmp_path / "renamed.xls")
    got = measure(path, path.name, config)
    assert got.accepted, got.messages


# ------------------------------------------------------------------ 2. the batch goes on


def _inbox_with(root: Path, files: dict[str, Path]) -> dict[str, str]:
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for name, path in files.items():
        shutil.copyfile(path, inbox / name)
    _settle(inbox)
    return {name: _sha(inbox / name) for name in files}


def _archived(root: Path) -> dict[str, list[Path]]:
    """sha256 -> every copy under archive/ (the store and findings notes left out)."""
    out: dict[str, list[Path]] = {}
    for path in (root / "archive").rglob("*"):
        note = path.name.endswith(".findings.txt") or "pacesetter.sqlite" in path.name
        if path.is_file() and not note:
            out.setdefault(_sha(path), []).append(path)
    return out


def _rows(root: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(root / "archive" / "pacesetter.sqlite")
    try:
        return list(db.execute(sql))
    finally:
        db.close()


def test_whole_corpus_in_one_batch_ends_each_file_in_exactly_one_place(
        tmp_path: Path, corpus: dict[str, Path]) -> None:
    """A hostile file must not cost the other units their files: every original kept once, unchanged."""
    root = tmp_path / "campaign"
    config = write_campaign(root)
    before = _inbox_with(root, corpus)
    with Store.open(root) as store:
        result = process_inbox(config, store, "run-1")
    assert not list((root / "inbox").rglob("*"))
    copies = _archived(root)
    outcome = dict(_rows(root, "SELECT original_name, outcome FROM files"))
    codes = {name: code for name, code in _rows(
        root, "SELECT original_name, code FROM findings JOIN files USING (sha256) WHERE severity='error'")}
    for case in PLAIN:
        sha = before[case.name]
        assert len(copies.get(sha, [])) == 1, (case.name, copies.get(sha))
        place = copies[sha][0].relative_to(root / "archive").parts[0]
        if case.code is None:
            assert (outcome[case.name], place) == ("accepted", "accepted"), case.name
        else:
            assert (outcome[case.name], place) == ("rejected", "rejected"), case.name
            assert codes[case.name] == case.code
    assert result.count("accepted") == sum(c.code is None for c in PLAIN)


def test_a_reader_that_dies_costs_only_its_own_file(
        tmp_path: Path, corpus: dict[str, Path], config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the workers, one file that slips past the gate would abort the run for everyone."""
    import faulthandler

    import pacesetter.safety
    import pacesetter.workers

    # the gate off: the reader itself meets what the gate would have refused
    monkeypatch.setattr(pacesetter.safety, "inspect_file", lambda *a, **k: [])
    monkeypatch.setenv("RUST_BACKTRACE", "0")  # the reader's own last words stay short
    limit = pacesetter.workers._limit_memory

    def quiet_worker(n: int) -> None:  # an abort is the expected end here: no fault report on the terminal
        faulthandler.disable()
        limit(n)

    monkeypatch.setattr(pacesetter.workers, "_limit_memory", quiet_worker)
    names = ["far corners.xlsx", "repeated cells.ods", "good.xlsx"]
    items = [Incoming(corpus[n], n, _sha(corpus[n]), corpus[n].stat().st_size, dt.datetime(2026, 5, 10))
             for n in names]
    start = time.monotonic()
    results = {item.name: checked for item, checked in examine_all(config, items, workers=1)}
    assert time.monotonic() - start < 30
    assert [f.code for f in results["far corners.xlsx"].findings] == ["file.out_of_memory"]
    assert [f.code for f in results["repeated cells.ods"].findings] == ["file.out_of_memory"]
    assert results["good.xlsx"].accepted


def _stuck_on(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers that hang for ever on the file called ``name`` (and read the others)."""
    import pacesetter.workers

    real = pacesetter.workers.examine

    def stuck_on_one(path: Path, file_name: str, cfg: Config, received: object = None) -> object:
        if file_name == name:
            time.sleep(3600)
        return real(path, file_name, cfg, received)

    monkeypatch.setattr(pacesetter.workers, "examine", stuck_on_one)


def test_a_reader_that_hangs_is_stopped_and_the_batch_goes_on(
        tmp_path: Path, corpus: dict[str, Path], config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that keeps a parser busy for ever would stop every later file from being taken."""
    _stuck_on("stuck.xlsx", monkeypatch)
    good = corpus["good.xlsx"]
    items = [Incoming(good, n, f"{n}-sha", good.stat().st_size, dt.datetime(2026, 5, 10))
             for n in ("stuck.xlsx", "good.xlsx")]
    results = {i.name: c for i, c in examine_all(config, items, workers=1, seconds=1.0)}
    assert [f.code for f in results["stuck.xlsx"].findings] == ["file.timeout"]
    assert results["good.xlsx"].accepted


def test_files_queued_behind_a_stuck_one_are_each_read_once(
        corpus: dict[str, Path], config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are sent files ahead; those behind a file that hangs go to the new worker."""
    _stuck_on("stuck.xlsx", monkeypatch)
    good = corpus["good.xlsx"]
    names = ["a.xlsx", "stuck.xlsx", *(f"behind {n}.xlsx" for n in range(6))]
    items = [Incoming(good, n, f"{n}-sha", good.stat().st_size, dt.datetime(2026, 5, 10)) for n in names]
    seen = [(i.name, c) for i, c in examine_all(config, items, workers=1, seconds=1.0)]
    assert sorted(n for n, _ in seen) == sorted(names)  # every file once, none twice
    results = dict(seen)
    assert [f.code for f in results["stuck.xlsx"].findings] == ["file.timeout"]
    assert all(c.accepted for n, c in seen if n != "stuck.xlsx")


def test_a_reader_that_panics_is_named_and_the_worker_lives_on(
        corpus: dict[str, Path], config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged .xls makes the Rust reader panic; the clerk saw only "exit code 1" and lost a worker."""
    import pacesetter.workers

    real = pacesetter.workers.examine

    class PanicException(BaseException):  # what pyo3 raises for a Rust panic
        pass

    def panics_on_one(path: Path, name: str, cfg: Config, received: object = None) -> object:
        if name == "damaged.xls":
            raise PanicException("range start index 6492757 out of range for slice of length 9965")
        return real(path, name, cfg, received)

    monkeypatch.setattr(pacesetter.workers, "examine", panics_on_one)
    good = corpus["good.xlsx"]
    items = [Incoming(good, n, f"{n}-sha", good.stat().st_size, dt.datetime(2026, 5, 10))
             for n in ("damaged.xls", "good.xlsx")]
    results = {i.name: c for i, c in examine_all(config, items, workers=1)}
    (panic,) = results["damaged.xls"].findings
    assert panic.code == "file.worker_crashed" and "out of range for slice" in panic.message
    assert results["good.xlsx"].accepted


# ------------------------------------------------------------------ 5. names are data


def _listing(folder: Path, skip: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*") if skip not in p.parents and p != skip}


@pytest.fixture()
def names_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "campaign"
    write_campaign(root)
    (root / "inbox").mkdir()
    yield root


def _mail(path: Path, attachments: list[tuple[str, bytes]]) -> None:
    msg = email.message.EmailMessage()
    msg["Subject"] = "东城第一小学 目标承诺"
    msg["From"] = "dc-ps1@example.gov.cn"
    msg.set_content("请查收附件")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path.write_bytes(bytes(msg))


GBK_NAME = "东城一小 承诺.xlsx"


def _write_bytes_name(folder: Path, name: bytes, data: bytes) -> None:
    fd = os.open(bytes(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def test_hostile_names_never_become_paths_and_are_kept_as_data(names_root: Path, tmp_path: Path) -> None:
    """A name like ../../x.xlsx could overwrite files outside the campaign; a lost name loses the sender."""
    root = names_root
    inbox = root / "inbox"
    src = tmp_path / "src"
    src.mkdir()
    good = {code: write_submission(src / f"{code}.xlsx", unit_code=code).read_bytes()
            for code in ("DC-PS1", "XH-PS", "NS-PS", "DC-KG")}
    (inbox / "CON.xlsx").write_bytes(good["DC-PS1"])
    (inbox / "reports\\..\\..\\x.xlsx").write_bytes(good["XH-PS"])  # literal backslashes on Linux
    (inbox / "..\\..\\x.xlsx").write_bytes(b"dot-led, so hidden on Linux")
    _write_bytes_name(inbox, GBK_NAME.encode("gbk"), good["NS-PS"])  # as Chinese Windows names it
    _write_bytes_name(inbox, b"bad \xff\xfe name.xlsx", b"neither UTF-8 nor GBK")
    _mail(inbox / "mail.eml", [
        ("承诺书.xlsx", good["DC-KG"]),
        ("承诺书.xlsx", b"the second attachment of the same name"),
        ("/etc/x.xlsx", b"an absolute path"),
        ("../../x.xlsx", b"a relative path up and out"),
        ("C:\\Windows\\x.xlsx", b"a Windows path"),
    ])
    _settle(inbox)
    outside = tmp_path.parent
    before = _listing(outside, root)
    config = load_config(root)
    with Store.open(root) as store:
        result = process_inbox(config, store, "run-1")
    assert _listing(outside, root) == before
    assert not Path("/etc/x.xlsx").exists() and not (Path.cwd() / "x.xlsx").exists()
    # the dot-led name is a hidden file: skipped, reported, left as it was
    assert [p.name for p in inbox.iterdir()] == ["..\\..\\x.xlsx"]
    assert [(o.name, o.reason) for o in result.outcomes if o.outcome == "skipped"] == [
        ("..\\..\\x.xlsx", "hidden")]
    stored = _rows(root, "SELECT original_name, outcome FROM files")
    assert sorted(name for name, _ in stored) == sorted([
        "CON.xlsx", "reports\\..\\..\\x.xlsx", GBK_NAME, "bad \ufffd\ufffd name.xlsx",
        "mail.eml › 承诺书.xlsx", "mail.eml › 承诺书.xlsx", "mail.eml › /etc/x.xlsx",
        "mail.eml › ../../x.xlsx", "mail.eml › C:\\Windows\\x.xlsx", "mail.eml"])
    outcome = dict(stored)
    assert outcome["CON.xlsx"] == outcome["reports\\..\\..\\x.xlsx"] == "accepted"
    assert outcome["mail.eml › /etc/x.xlsx"] == outcome["mail.eml › ../../x.xlsx"] == "rejected"
    same_name = _rows(root, "SELECT outcome FROM files WHERE original_name='mail.eml › 承诺书.xlsx'")
    assert sorted(o for (o,) in same_name) == ["accepted", "rejected"]
    for (path,) in _rows(root, "SELECT archive_path FROM files"):
        full = (root / path).resolve()
        assert root.resolve() / "archive" in full.parents and full.is_file()
        assert full.name.split("-", 1)[1].split(".")[0].upper() != "CON"


def test_a_workbook_with_a_gbk_name_is_read(names_root: Path) -> None:
    """A unit whose file name came through Chinese Windows would have a valid report refused."""
    good = write_submission(names_root / "src.xlsx", unit_code="NS-PS").read_bytes()
    _write_bytes_name(names_root / "inbox", GBK_NAME.encode("gbk"), good)
    _settle(names_root / "inbox")
    with Store.open(names_root) as store:
        process_inbox(load_config(names_root), store, "run-1")
    assert _rows(names_root, "SELECT original_name, outcome FROM files") == [(GBK_NAME, "accepted")]


def test_a_mail_nested_thousands_deep_does_not_stop_the_run(names_root: Path) -> None:
    """A 200 KB e-mail of nested parts crashed every run from then on, and no file was taken any more."""
    depth = 3000
    head = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth))
    tail = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
    mail = f"From: x@example.org\nSubject: nested\n{head}Content-Type: text/plain\n\nhello\n{tail}"
    (names_root / "inbox" / "nested.eml").write_text(mail, encoding="ascii")
    write_submission(names_root / "inbox" / "good.xlsx")
    _settle(names_root / "inbox")
    with Store.open(names_root) as store:
        process_inbox(load_config(names_root), store, "run-1")
    assert dict(_rows(names_root, "SELECT original_name, outcome FROM files")) == {
        "nested.eml": "rejected", "good.xlsx": "accepted"}
    assert not list((names_root / "inbox").iterdir())


def test_a_long_chinese_name_fits_the_file_system(names_root: Path) -> None:
    """A unit's long descriptive file name (80 Chinese characters) would crash the run on archiving."""
    root = names_root
    name = "东城区第一小学" * 11 + "目标承诺书.xlsx"  # 82 characters, 250 bytes: as long as Linux allows
    assert len(name.encode()) <= 255
    (root / "inbox" / name).write_bytes(b"text, not a workbook")
    _settle(root / "inbox")
    with Store.open(root) as store:
        process_inbox(load_config(root), store, "run-1")
    assert _rows(root, "SELECT original_name, outcome FROM files") == [(name, "rejected")]
    assert not list((root / "inbox").iterdir())


HOSTILE_NAMES = ["../../x.xlsx", "..\\..\\x.xlsx", "/etc/x.xlsx", "C:\\x.xlsx", "CON.xlsx", "con.XLSX",
                 "a\x00b.xlsx", "..", ".xlsx", "x" * 300 + ".xlsx", "东" * 200 + ".xlsx", "bad\udcff.xlsx",
                 "LPT1", " . "]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=[f"name{i}" for i in range(len(HOSTILE_NAMES))])
def test_safe_name_is_one_harmless_path_component(name: str) -> None:
    """An unchecked name is a path: it could climb out of the archive or hit a device name."""
    safe = safe_name(name)
    assert safe and "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".")
    assert safe.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}
    assert len(safe.encode()) <= 160
    safe.encode("utf-8")  # no lone surrogates left


# ------------------------------------------------------------------ end to end


def test_run_command_takes_the_hostile_corpus_and_exits_0(tmp_path: Path, corpus: dict[str, Path]) -> None:
    """The clerk's one command must finish on a hostile inbox and say how many files were refused.

    Run as the clerk runs it, in its own process with a time and memory limit, so that a
    stage that opens a hostile file outside the workers fails this test instead of the suite.
    """
    import resource
    import subprocess
    import sys

    root = tmp_path / "campaign"
    write_campaign(root)
    _inbox_with(root, corpus)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))

    # its own session: on a timeout the whole group goes, the report builders it forked too
    command = [sys.executable, str(ROOT / "process.py"), "run", "--root", str(root), "--as-of", AS_OF]
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limit, start_new_session=True, env=env)
    try:
        out, err = proc.communicate(timeout=E2E_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"the run did not finish in {E2E_SECONDS} s (a stage after intake "
                             "opens hostile files itself?)") from None
    assert proc.returncode == 0, out + err
    assert not list((root / "inbox").iterdir())
    rejected = sum(c.code is not None for c in PLAIN)
    accepted = sum(c.code is None for c in PLAIN)
    assert f"{accepted} accepted, {rejected} rejected" in out, out


def test_sheet_names_come_from_the_workbook_structure_whatever_its_prefixes() -> None:
    from pacesetter.safety import _sheet_names, _Stop

    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="t"/>'
            b'<Relationship Target="/xl/worksheets/sheet2.xml" Id="rId2" Type="t"/></Relationships>')
    book = (b'<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>'
            b'<x:sheet name="R&amp;D &#20219;&#21153;" sheetId="1" rel:id="rId1"/>'
            b'<x:sheet name="\xe4\xbb\xbb\xe5\x8a\xa1" sheetId="2" rel:id="rId2"/>'
            b'<x:sheet name="gone" sheetId="3" rel:id="rId9"/></x:sheets></x:workbook>')
    assert _sheet_names(book, rels) == {"xl/worksheets/sheet1.xml": "R&D 任务",
                                        "xl/worksheets/sheet2.xml": "任务"}
    assert _sheet_names(book[:-5], rels) == {}  # broken XML: the reader says what is wrong
    with pytest.raises(_Stop):
        _sheet_names(b'<!DOCTYPE x [<!ENTITY a "b">]>' + book, rels)


def _extent(xml: bytes, cut: int = 0):  # noqa: ANN202 - the gate's measure of one sheet
    from pacesetter.safety import _SheetExtent

    extent = _SheetExtent("S")
    chunks = [xml] if not cut else [xml[i:i + cut] for i in range(0, len(xml), cut)]
    tail = b""
    for chunk in chunks:  # whole tags only, as the gate feeds them
        buf = tail + chunk
        at = buf.rfind(b">") + 1
        extent.feed(buf[:at])
        tail = buf[at:]
    return extent


def _sheet(rows: str) -> bytes:
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}</sheetData><rowBreaks count=\"1\"><brk id=\"3\"/></rowBreaks>"
            f"</worksheet>").encode()


@pytest.mark.parametrize("cut", [0, 7, 64, 1000])
def test_a_sheet_is_measured_alike_however_its_text_is_cut(cut: int) -> None:
    normal = _sheet("".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>1</v></c>' for c in "ABCD")
                            + "</row>" for r in range(1, 40)))
    e = _extent(normal, cut)
    assert (e.rows, e.max_row, e.max_col, e.over, e.formulas) == (39, 39, 4, False, False)
    # a far corner by reference, a far row, a wide row of cells without references (after
    # cells with them, in the same row), a formula: each is seen wherever the text is cut
    far = _sheet('<row r="1"><c r="A1"/><c r="XFD1"><v>1</v></c></row>')
    assert _extent(far, cut).over and _extent(far, cut).max_col == 16384
    deep = _sheet('<row r="1"><c r="A1"/></row><row r="1048576"><c r="A1048576"/></row>')
    assert _extent(deep, cut).over and _extent(deep, cut).max_row == 1048576
    wide = _sheet('<row r="1">' + "".join(f'<c r="{c}1"/>' for c in "ABCDEFGHIJ") + "<c/>" * 250 + "</row>")
    assert _extent(wide, cut).over and _extent(wide, cut).max_col > 200  # MAX_COLS: refused
    rows_only = _sheet("<row><c/></row>" * 20_001)
    assert _extent(rows_only, cut).over
    assert _extent(_sheet('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>'), cut).formulas
    assert _extent(_sheet('<row r="2"><c r="B2"><f t="shared" si="0"/></c></row>'), cut).formulas


def _exact(xml: bytes, cut: int = 0):  # noqa: ANN202 - every reference read, no near path
    from pacesetter.safety import _SheetExtent

    extent = _SheetExtent("S", near=False)
    chunks = [xml] if not cut else [xml[i:i + cut] for i in range(0, len(xml), cut)]
    tail = b""
    for chunk in chunks:
        buf = tail + chunk
        at = buf.rfind(b">") + 1
        extent.feed(buf[:at])
        tail = buf[at:]
    return extent


_NEAR_CASES = {
    "template": "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>1</v></c>'
                                                   for c in "ABCDEFGHIJKL") + "</row>" for r in range(1, 60)),
    "last column GR": '<row r="1"><c r="A1"/><c r="GR9999"><v>1</v></c></row>',
    "column GS": '<row r="1"><c r="A1"/><c r="GS1"><v>1</v></c></row>',
    "column HA": '<row r="1"><c r="HA1"/></row>',
    "row 10000 by a cell": '<row r="1"><c r="A1"/><c r="B10000"/></row>',
    "row 20001 by a cell": '<row r="1"><c r="A1"/><c r="B20001"/></row>',
    "row 20001 by its tag": '<row r="20001"><c r="A1"/></row>',
    "201 cells named A1 in the last row": '<row r="1">' + '<c r="A1"/>' * 201 + "</row>",
    "201 cells named A1, then another row": '<row r="1">' + '<c r="A1"/>' * 201 + '</row><row r="2"/>',
    "cells without references": '<row r="1"><c r="A1"/>' + "<c/>" * 201 + "</row>",
    "a reference not first": '<row r="1"><c s="1" r="XFD1"/></row>',
    "a malformed reference": '<row r="1"><c r="A"/><c r="1A"/></row>',
    "20,001 rows": '<row r="1"><c r="A1"/></row>' * 20_001,
    "no row tags": '<c r="A1"/><c r="B1"/>',
}


@pytest.mark.parametrize("case", sorted(_NEAR_CASES))
@pytest.mark.parametrize("cut", [0, 9, 100, 5000])
def test_the_near_path_refuses_exactly_what_reading_every_reference_refuses(case: str, cut: int) -> None:
    """The gate skips reading each cell's reference when every cell opens with one within
    A to GR and 9,999 rows: the verdict is the same as reading them all, and the figures
    are too wherever it did not skip."""
    xml = _sheet(_NEAR_CASES[case])
    near, exact = _extent(xml, cut), _exact(xml, cut)
    assert not exact.estimated
    assert near.over == exact.over
    assert (near.rows, near.formulas) == (exact.rows, exact.formulas)
    if not near.estimated:
        assert (near.max_row, near.max_col) == (exact.max_row, exact.max_col)
    if case == "template":
        assert near.estimated and not near.over


def test_a_sheet_refused_after_the_near_path_is_named_with_its_real_extent(tmp_path: Path) -> None:
    """Three megabytes of rows A to C, one of them reaching column Z, then one row 50,000
    holding column A only: the first texts take the near path, the last is refused. The
    finding still names the sheet's real far corner, Z50000, not C50000."""
    from pacesetter.safety import inspect_file
    from tests.hostile import _sheet_xml, _with_tasks

    def body():  # noqa: ANN202
        for r in range(1, 9999):
            letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if r == 5 else "ABC"
            yield (f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r * 1000}</v></c>' for c in letters)
                   + "</row>").encode()
        yield b'<row r="50000"><c r="A50000"><v>1</v></c></row>'

    path = _with_tasks(tmp_path / "far below.xlsx", lambda: _sheet_xml(body(), dimension=None))
    [found] = inspect_file(path, lang="en")
    assert found.code == "file.huge_sheet"
    assert "Z50000" in found.message and "50,000" in found.message, found.message


def test_a_prefixed_formula_counts_only_in_a_prefixed_sheet() -> None:
    """The reader's second look for formulas without a value reads unprefixed cells: a sheet
    whose cells carry no prefix is not sent to it for a stray <x:f>; a prefixed sheet is."""
    plain = _sheet('<row r="1"><c r="A1"><x:f>1+1</x:f><v>2</v></c></row>')
    assert not _extent(plain).formulas
    prefixed = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
                b"</x:sheetData></x:worksheet>")
    e = _extent(prefixed)
    assert e.formulas and e.prefixed and (e.max_row, e.max_col) == (1, 1)


def test_openpyxl_parses_through_defusedxml() -> None:
    """A feedback copy made with openpyxl reads a unit's XML through defusedxml: a second
    guard behind the gate, which has refused every DTD already."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


# ------------------------------------------------------------------ 5. what the gate hands on


def _handed_on(path: Path) -> tuple[list, list[bytes]]:
    from pacesetter.safety import inspect_file

    inflated: list[bytes] = []
    return inspect_file(path, lang="en", name=path.name, inflated=inflated), inflated


def _same_parts(original: Path, data: bytes) -> None:
    """The handed-on zip holds the original's parts, in its order, byte for byte, stored."""
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(io.BytesIO(data)) as b:
        assert b.testzip() is None  # every stored part matches its CRC
        assert [i.filename for i in b.infolist()] == [i.filename for i in a.infolist()]
        for x, y in zip(a.infolist(), b.infolist(), strict=True):
            assert y.compress_type == zipfile.ZIP_STORED and y.CRC == x.CRC
            assert b.read(y) == a.read(x), x.filename


@pytest.mark.parametrize("case", PLAIN, ids=[c.name for c in PLAIN])
def test_the_gate_hands_on_a_safe_zip_only(case: Case, corpus: dict[str, Path]) -> None:
    """A refused file, or one that is no zip workbook, must never reach the reader in any form."""
    path = corpus[case.name]
    found, inflated = _handed_on(path)
    if found or not zipfile.is_zipfile(path):
        assert inflated == [], case.name
        return
    [data] = inflated
    _same_parts(path, data)


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample campaign's demo files: real dates and text dates, merged cells, Chinese."""
    from pacesetter.demo import write_demo

    root = tmp_path_factory.mktemp("demo")
    (root / "config.toml").write_text(sample_config("zh"), encoding="utf-8")
    return sorted(write_demo(load_config(root), seed=5))


def test_files_read_from_what_the_gate_hands_on_read_as_from_disk(
        demo_inbox: list[Path], tmp_path: Path) -> None:
    """Reading the gate's inflated copy instead of the file saves inflating it twice; it must
    give the very same cells, references, sheet names and findings, file after file."""
    from pacesetter.read import read_submission
    from tests.workbooks import good_tasks

    tasks = good_tasks(3)
    tasks[1]["target"] = "=20+10"  # a formula without a value: a second look at the sheet's XML
    formula = write_submission(tmp_path / "formula.xlsx", tasks=tasks)
    read = 0
    for path in [*demo_inbox, formula]:
        found, inflated = _handed_on(path)
        if found:
            continue
        [data] = inflated
        _same_parts(path, data)
        from_disk = read_submission(path, lang="zh", file_name=path.name)
        handed_on = read_submission(path, lang="zh", file_name=path.name, inflated=data)
        assert handed_on == from_disk, path.name
        read += 1
    assert read >= 20
    assert [f.cell for f in handed_on.findings if f.code == "cell.formula_no_value"] == ["Tasks!I3"]


@pytest.mark.office
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_workbook_an_office_suite_saved_reads_the_same_from_what_is_handed_on(
        fmt: str, tmp_path: Path, soffice: str) -> None:
    """LibreOffice, Excel and WPS write shared strings, other part names and orders."""
    from pacesetter.read import read_submission

    path = hostile.write_office(tmp_path, fmt, "NS-PS", "saved")
    found, inflated = _handed_on(path)
    assert found == []
    [data] = inflated
    _same_parts(path, data)
    from_disk = read_submission(path, lang="en")
    assert from_disk.tasks and not from_disk.findings
    assert read_submission(path, lang="en", inflated=data) == from_disk


def test_the_reader_reads_what_the_gate_inflated_not_the_file_again(tmp_path: Path) -> None:
    """The bytes checked are the bytes read: a file changed on disk after the gate does not
    slip past it into the reader."""
    from pacesetter.read import read_submission

    path = write_submission(tmp_path / "a.xlsx", unit_code="DC-PS1")
    _, inflated = _handed_on(path)
    write_submission(path, unit_code="XH-PS")  # replaced after the gate looked at it
    got = read_submission(path, lang="en", inflated=inflated[0])
    assert got.unit["unit_code"].raw == "DC-PS1"


def test_a_large_workbook_is_read_from_disk_not_held_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pacesetter import safety

    path = write_submission(tmp_path / "a.xlsx", unit_code="DC-PS1")
    monkeypatch.setattr(safety, "HAND_ON_BYTES", 10_000)  # a template's parts: ~60 KB
    found, inflated = _handed_on(path)
    assert found == [] and inflated == []


def test_part_names_outside_ascii_survive_the_hand_on(tmp_path: Path) -> None:
    """A picture named in Chinese (UTF-8 flag) and an old-style name (code page 437)."""
    parts = hostile.template_parts()
    path = hostile.write_zip(tmp_path / "names.xlsx", {**parts, "xl/media/照片 1.png": b"\x89PNG..."})

    class OldStyle(zipfile.ZipInfo):  # as old zip tools write names: code page 437, no flag
        def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 - zipfile's name
            return self.filename.encode("cp437"), self.flag_bits

    long = "docProps/" + "\u221a" * 22_000 + ".xml"  # 22,009 bytes in code page 437, 66,009 in UTF-8
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(OldStyle("docProps/r\u00e9sum\u00e9.xml"), b"<x/>")
        zf.writestr(OldStyle(long), b"<y/>")
    with zipfile.ZipFile(path) as zf:
        assert not zf.getinfo("docProps/r\u00e9sum\u00e9.xml").flag_bits & 0x800
    found, [data] = _handed_on(path)
    assert found == []
    _same_parts(path, data)
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(io.BytesIO(data)) as b:  # each name's bytes as they were
        assert [(i.flag_bits & 0x800, i.orig_filename) for i in b.infolist()] == \
            [(i.flag_bits & 0x800, i.orig_filename) for i in a.infolist()]


def test_a_part_whose_local_name_differs_from_the_directory_is_refused_as_damaged(tmp_path: Path) -> None:
    """The gate reads each part where the directory says; a reader of the file itself (zipfile,
    unzip) checks the name there too. A file they refuse must not pass through the gate's copy."""
    path = write_submission(tmp_path / "a.xlsx", unit_code="DC-PS1")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/_rels/workbook.xml.rels")
    data[info.header_offset + 30 + 3] = ord("X")  # "xl/X_rels/...": the directory still says "_rels"
    path.write_bytes(bytes(data))
    found, inflated = _handed_on(path)
    assert [f.code for f in found] == ["file.truncated"] and inflated == []
