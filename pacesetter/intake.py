"""inbox -> archive + store: the no-loss sequence.

For every file: hash it; if this exact file was processed before, make sure its
archived copy exists and let it leave the inbox. Otherwise examine it in a worker
process (bounded memory and time), then, in this process and in arrival order:
place the original in ``archive/`` (a hard link of a file with no other name,
else a copy) and sync it, commit its rows (in one
transaction with the rest of its batch of up to 64 files), and only then remove it
from ``inbox/``. A crash between any two steps is repaired by the next run, which
ends in the state of a run without the crash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pacesetter import faults
from pacesetter.config import RESERVED_NAMES, Config
from pacesetter.findings import Finding, finding, has_errors
from pacesetter.store import FileRecord, Store
from pacesetter.validate import Checked
from pacesetter.workers import examine_all

SPREADSHEET_EXT = {".xlsx", ".xlsm", ".xls", ".ods"}
TRANSIENT = frozenset({"file.timeout", "file.out_of_memory", "file.worker_crashed"})
MAIL_EXT = {".eml"}
IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Incoming:
    """A file to take: where it is now, the name the unit gave it, its bytes' hash."""

    path: Path
    name: str  # original name as data (for attachments: "mail.eml › attachment.xlsx")
    sha256: str
    size: int
    received_at: dt.datetime
    parent: str | None = None  # sha256 of the e-mail it came in


@dataclass(frozen=True)
class Outcome:
    """What happened to one file in this run."""

    name: str
    outcome: str  # accepted | rejected | skipped | duplicate | mail
    sha256: str = ""
    unit_code: str | None = None
    period: str | None = None
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    archive_path: str = ""

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)


@dataclass
class IntakeResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(o.outcome == outcome for o in self.outcomes)


def sha256_of(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def display_name(name: str) -> str:
    """A file name as text a person can read, even when its bytes were not valid UTF-8.

    Names that are not UTF-8 mostly come from Chinese Windows (zip archives, USB sticks,
    old mail programs) in GBK / GB18030: decoded as that, they keep what the unit wrote.
    """
    raw = name.encode("utf-8", "surrogateescape")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


MAX_NAME_BYTES = 150  # with the archive's hash prefix and ".findings.txt" well under 255 bytes


def safe_name(name: str, *, limit: int = 80) -> str:
    """A name that is safe as one path component on any system; the original stays as data."""
    name = display_name(name).replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFKC", name)
    if not name.isprintable():  # (nearly every name is: one call instead of one a character)
        name = "".join(ch for ch in name if ch.isprintable())
    name = re.sub(r'[<>:"|?*\x00-\x1f]', "_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = "_" + stem
    ext = ext[:10]
    stem = stem[: max(1, limit - len(ext) - 1)]
    # file systems count bytes, not characters: 80 Chinese characters are 240 bytes
    while stem and len(stem.encode()) + len(ext.encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" .") or "file"
    return f"{stem}.{ext}" if ext else stem


def _fsync_dir(path: Path | str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def place_durably(src: Path | str, dest: Path | str, *, sync: bool = True, folder_made: bool = False
                  ) -> None:
    """Give ``dest`` the bytes of ``src``: under a temporary name, synced, renamed, the
    folder synced.

    Where it is safe, ``dest`` becomes a second name of ``src`` itself (a hard link, as
    mail servers deliver): no byte is copied and no new file is made, which was most of
    what archiving a large inbox cost. The inbox name goes once the file is recorded, and
    the archive's name is left. Only a file with no other name, owned by this account, is
    linked: a file that also lives elsewhere (linked into the inbox) could be changed
    there later, and the archive with it. Otherwise, or where a link is refused (the
    archive on another drive, a file system without links), the bytes are copied. With
    ``sync`` False the caller syncs the file and its folder later (a batch's files
    together), before anything relies on it; with ``folder_made`` it has made the folder.
    """
    folder, base = os.path.split(dest)  # os.path, not pathlib: this is done for every file
    made = [] if folder_made else make_folders(Path(folder))
    tmp = os.path.join(folder, f".{base}.part")
    # a run stopped between linking and renaming left the temporary name on the inbox
    # file's own bytes: it goes first (and a copy never writes over an existing name)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    if _same_file(src, dest):  # linked by a run stopped before recording the file
        if sync:
            _fsync_file(dest)
    else:
        if not _link_alone(src, tmp):
            _copy(src, tmp)
        if sync:
            _fsync_file(tmp)
        os.replace(tmp, dest)
    if sync:
        _fsync_dir(folder)
        for new in made:  # a folder made now is an entry in its parent: that is synced too
            _fsync_dir(new.parent)


# a link refused for these reasons is replaced by a copy; any other error stops the run
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EACCES, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP,
            errno.EOPNOTSUPP}


def _link_alone(src: Path | str, dest: str) -> bool:
    """Make ``dest`` a hard link of ``src`` if ``src`` has no other name and is this
    account's own; False where it is not linked (then it is copied)."""
    st = os.stat(src)
    if st.st_nlink != 1 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return False
    try:
        os.link(src, dest)
    except OSError as exc:
        if exc.errno in _NO_LINK:
            return False
        raise
    return True


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _copy(src: Path | str, dest: str) -> None:
    """A new file ``dest`` holding the bytes of ``src``: copied in the kernel (sendfile) where
    it can, without the four stat calls of shutil.copyfile (the inbox holds regular files)."""
    if not sys.platform.startswith("linux"):
        # Windows and macOS (whose sendfile only writes to sockets): read and write
        with open(src, "rb") as fin, open(dest, "xb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        return
    fd_in = os.open(src, os.O_RDONLY)
    try:
        # a new file only: never one that is there already (it could be a link to the source)
        fd_out = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            offset = 0
            while True:
                try:
                    sent = os.sendfile(fd_out, fd_in, offset, 1 << 30)
                except OSError:  # a file system without sendfile: copy what is left by reading
                    os.lseek(fd_in, offset, os.SEEK_SET)
                    os.lseek(fd_out, offset, os.SEEK_SET)
                    while chunk := os.read(fd_in, 1 << 20):
                        view = memoryview(chunk)
                        while view:
                            view = view[os.write(fd_out, view):]
                    break
                if sent == 0:
                    break
                offset += sent
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


def make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and the ones above it that are missing; returns those it made, top first."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made = []
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        made.append(path)
    return made


_SYNC_THREADS = 4


def _sync_all(files: list[str], folders: list[str]) -> None:
    for path in files:
        _fsync_file(path)
    for folder in folders:
        _fsync_dir(folder)


def _fsync_file(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------ scanning


@dataclass
class Scan:
    take: list[Incoming] = field(default_factory=list)
    mails: list[Incoming] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)


def scan_inbox(config: Config, *, now: float | None = None) -> Scan:
    """The inbox's files: lock files, hidden files and files still being written are left.

    The files to take come without their SHA-256 (``with_hash`` adds it as each goes to be
    read, while the first are read already); e-mails come with theirs.
    """
    inbox = config.path("inbox")
    scan = Scan()
    if not inbox.is_dir():
        return scan
    lang = config.language
    # plain strings while listing (pathlib costs 14 us a name; a city's inbox holds thousands)
    top = os.fspath(inbox)
    candidates: list[tuple[str, os.stat_result, str]] = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        below = os.path.relpath(dirpath, top) if dirpath != top else ""
        for fname in sorted(filenames):
            path = os.path.join(dirpath, fname)
            shown = display_name(os.path.join(below, fname) if below else fname)
            if fname.startswith("~$") or fname.startswith(".~lock"):
                scan.skipped.append(Outcome(shown, "skipped", reason="lock"))
                continue
            if fname.startswith(".") or fname.lower() in IGNORED_NAMES:
                scan.skipped.append(Outcome(shown, "skipped", reason="hidden"))
                continue
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):  # a folder, a link, a device: not a submission
                scan.skipped.append(Outcome(shown, "skipped", reason="not_file"))
                continue
            candidates.append((path, st, shown))
    # a file changed within the settle window may still be copying: look again after it
    now = time.time() if now is None else now
    settle = config.thresholds.settle_seconds
    recent = {path: st.st_mtime for path, st, _ in candidates if now - st.st_mtime < settle}
    if recent:
        time.sleep(min(settle, max(0.0, settle - (now - max(recent.values())))))
    for path, st, shown in candidates:
        if path in recent:
            try:
                st2 = os.stat(path)
            except OSError:
                continue
            if (st2.st_size, st2.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
                scan.skipped.append(Outcome(shown, "skipped", reason="arriving",
                                            findings=(finding("file.still_arriving", lang, file=shown),)))
                continue
        mail = os.path.splitext(path)[1].lower() in MAIL_EXT
        item = Incoming(Path(path), shown, sha256_of(path) if mail else "", st.st_size,
                        dt.datetime.fromtimestamp(st.st_mtime).replace(microsecond=0))
        (scan.mails if mail else scan.take).append(item)
    return scan


def with_hash(item: Incoming) -> Incoming | None:
    """``item`` with the SHA-256 of its bytes; None if it is gone or unreadable now."""
    if item.sha256:
        return item
    try:
        return replace(item, sha256=sha256_of(item.path))
    except OSError:
        return None


MAX_MAIL_BYTES = 60 * 1024 * 1024  # an e-mail is parsed in this process: keep it bounded


def unpack_mail(mail: Incoming, staging: Path, *, lang: str = "en") -> tuple[list[Incoming], Finding | None]:
    """The spreadsheet attachments of an e-mail, written under ``staging`` with safe names.

    Returns the attachments, and a finding when the e-mail itself cannot be taken apart.
    """
    out: list[Incoming] = []
    if mail.size > MAX_MAIL_BYTES:
        return out, finding("file.too_large", lang, file=mail.name, size=f"{mail.size >> 20} MB",
                            limit=f"{MAX_MAIL_BYTES >> 20} MB")
    import email  # only when an e-mail arrives: 9 ms of every run's start otherwise
    import email.policy

    try:
        with mail.path.open("rb") as fh:
            msg = email.message_from_binary_file(fh, policy=email.policy.default)
        parts = list(msg.walk())
    except Exception:  # noqa: BLE001 - e.g. RecursionError: multiparts nested thousands deep
        return out, finding("mail.unreadable", lang, file=mail.name)
    used: set[str] = set()
    copies: dict[str, int] = {}
    for part in parts:
        if part.is_multipart():
            continue
        fname = part.get_filename()
        if not fname:
            continue
        original = display_name(str(fname))
        safe = safe_name(original)
        if Path(safe).suffix.lower() not in SPREADSHEET_EXT:
            continue
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - a damaged part is skipped, the mail itself is kept
            continue
        base = safe
        while safe.lower() in used:  # same name twice: "x (2).xlsx", counted per name
            copies[base.lower()] = copies.get(base.lower(), 1) + 1
            stem, _, ext = base.rpartition(".")
            safe = f"{stem} ({copies[base.lower()]}).{ext}"
        used.add(safe.lower())
        dest = staging / safe
        dest.parent.mkdir(parents=True, exist_ok=True)
        # a name left by a stopped run may be a link of a file archived since: a new file
        dest.unlink(missing_ok=True)
        dest.write_bytes(payload)
        out.append(Incoming(dest, f"{mail.name} › {original}", hashlib.sha256(payload).hexdigest(),
                            len(payload), mail.received_at, parent=mail.sha256))
    return out, None


# ------------------------------------------------------------------ processing


def process_inbox(config: Config, store: Store, run_id: str, *, dry_run: bool = False,
                  progress: Progress | None = None, meanwhile: Callable[[], object] | None = None
                  ) -> IntakeResult:
    """Take every settled file in the inbox through read, validate, archive and store.

    ``meanwhile`` is called once while the first files are read (not at all if none is).
    """
    lang = config.language
    result = IntakeResult()
    scan = scan_inbox(config)
    result.outcomes.extend(scan.skipped)
    archive = config.path("archive")
    staging = archive / ".staging"

    items: list[Incoming] = []
    mail_problems: dict[str, Finding] = {}
    mails_seen: set[str] = set()
    for mail in scan.mails:
        if _finish_known(store, mail, result, dry_run):
            continue
        if mail.sha256 in mails_seen:  # the same e-mail saved twice: its twin is finished below
            continue
        mails_seen.add(mail.sha256)
        parts, problem = unpack_mail(mail, staging / mail.sha256[:16], lang=lang)
        if problem is not None:
            mail_problems[mail.sha256] = problem
        items.extend(parts)
    items.extend(scan.take)

    seen: dict[str, Incoming] = {}
    copies: dict[str, list[Incoming]] = {}  # the same bytes under several names in one inbox
    presets: list[tuple[Incoming, Checked]] = []  # decided without reading (unsupported kinds)

    def to_read() -> Iterator[Incoming]:
        """The files to read, each hashed as it goes out: the workers read the first while
        the rest are hashed (hashing a city's inbox first kept the second core idle).
        A file processed before, or the same bytes under another name, is not read again."""
        for unhashed in items:
            item = with_hash(unhashed)
            if item is None:  # taken out of the inbox meanwhile, or not readable: said, and left
                result.outcomes.append(Outcome(unhashed.name, "skipped", reason="unreadable"))
                continue
            copies.setdefault(item.sha256, []).append(item)
            if _finish_known(store, item, result, dry_run):
                continue
            if item.sha256 in seen:  # the same bytes twice in one inbox: one is processed
                continue
            seen[item.sha256] = item
            if Path(item.name).suffix.lower() not in SPREADSHEET_EXT:
                item_findings = (finding("file.unsupported", lang, file=item.name,
                                         value=Path(item.name).suffix or "(none)"),)
                presets.append((item, Checked(item.name, None, None, None, {}, (), (), item_findings)))
                continue
            yield item

    batch = _Batch(config, store, run_id, result, copies, dry_run=dry_run,
                   progress=progress, total=len(items))

    def finish(item: Incoming, checked: Checked) -> None:
        """Archive one examined file; it is recorded with its batch."""
        if checked.stage == "inspection":
            batch.flush()  # read against the draws as stored, then stored on its own
            _add_inspection(config, store, batch, item)
            batch.flush()
            return
        if checked.accepted and checked.stage in ("progress", "assessment"):
            from pacesetter.validate import check_against_commitment

            if batch.holds(checked.unit_code):  # its commitment may be in a batch not yet recorded
                batch.flush()
            committed = store.committed_tasks(checked.unit_code or "", config.report_order)
            extra = check_against_commitment(checked, committed, config)
            checked = replace(checked, findings=checked.findings + tuple(extra))
        # one folder per period, each file named after its unit: a month's submissions sit
        # together, and a run makes no folder per unit (a new folder costs more than a file)
        folder = os.path.join("archive", "accepted", checked.period or "_")
        batch.add(item, checked.findings, folder, checked)

    # A commitment or a rejected file is final as soon as it is examined: store it while
    # the workers read on (its syncs overlap their parsing, and its rows need not wait in
    # memory). Progress and assessment reports are checked against the stored commitment,
    # so they wait until every commitment of the batch is in, then go in period order.
    deferred: list[tuple[Incoming, Checked]] = []
    try:
        n = 0
        examined = examine_all(config, to_read(), expected=len(items), meanwhile=meanwhile)
        for n, (item, checked) in enumerate(examined, 1):
            if progress:
                progress("read", n, len(items))
            if checked.stage == "commitment" or not checked.accepted:
                finish(item, checked)
            else:
                deferred.append((item, checked))
        if progress and 0 < n < len(items):  # some were known, or twins: the count is complete
            progress("read", len(items), len(items))
        for item, checked in presets:
            finish(item, checked)
        batch.flush()
        order = {p.key: i for i, p in enumerate(config.periods())}
        deferred.sort(key=lambda pair: (order.get(pair[1].period or "", -1), pair[0].received_at,
                                        pair[0].name))
        for item, checked in deferred:
            finish(item, checked)
        batch.flush()
    finally:
        batch.close()

    if dry_run:
        shutil.rmtree(staging, ignore_errors=True)
    else:
        for mail in scan.mails:
            if store.known(mail.sha256):
                if mail.path.exists():  # a twin of an e-mail recorded a moment ago
                    _finish_known(store, mail, result, dry_run)
                continue
            parts = [o for o in result.outcomes if o.name.startswith(f"{mail.name} › ")]
            problem = mail_problems.get(mail.sha256) or finding("mail.no_attachment", lang, file=mail.name)
            found = () if parts else (problem,)
            dest = archive / ("mail" if parts else "rejected") / f"{mail.sha256[:12]}-{safe_name(mail.name)}"
            place_durably(mail.path, dest)
            faults.point("mail.after_copy")
            store.record_file(sha256=mail.sha256, original_name=mail.name, size=mail.size,
                              received_at=mail.received_at, outcome="mail" if parts else "rejected",
                              archive_path=str(dest.relative_to(config.root)), run_id=run_id,
                              findings=found)
            mail.path.unlink(missing_ok=True)
            result.outcomes.append(Outcome(mail.name, "mail" if parts else "rejected", mail.sha256,
                                           findings=found, archive_path=str(dest)))
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _finish_known(store: Store, item: Incoming, result: IntakeResult, dry_run: bool) -> bool:
    """A file processed before: ensure its archived copy, then let it leave the inbox."""
    row = store.known(item.sha256)
    if row is None:
        return False
    if row["outcome"] == "rejected" and store.rejected_only_for(item.sha256, TRANSIENT):
        # the file was refused for the machine's sake (too slow, out of memory), not for its
        # content: seen again, it is examined again rather than skipped for ever
        if not dry_run:
            store.forget_file(item.sha256)
        return False
    if not dry_run:
        dest = store.path.parent.parent / row["archive_path"]
        if not dest.exists() or sha256_of(dest) != item.sha256:
            place_durably(item.path, dest)
        item.path.unlink(missing_ok=True)
    result.outcomes.append(Outcome(item.name, "duplicate", item.sha256, row["unit_code"], row["period"],
                                   reason=row["original_name"], archive_path=row["archive_path"]))
    return True


class _Batch:
    """Examined files on their way into the archive and the store, ``SIZE`` at a time.

    Each file is placed in the archive as it is added. A full batch is handed to
    threads that sync its archived files and their folders, while the next batch fills; when that
    one is full too, the first is recorded in one transaction (its syncs done by then),
    and only after that do its files leave the inbox. The no-loss order of one file is
    kept for every file of a batch: archived, synced, recorded, let go. ``flush`` records
    everything added so far before it returns.
    """

    SIZE = 64

    def __init__(self, config: Config, store: Store, run_id: str, result: IntakeResult,
                 copies: dict[str, list[Incoming]], *, dry_run: bool, progress: Progress | None,
                 total: int):
        self.config, self.store, self.run_id, self.result = config, store, run_id, result
        self.copies, self.dry_run, self.progress, self.total = copies, dry_run, progress, total
        self.items: list[tuple[Incoming, Outcome, FileRecord]] = []
        self.folders: set[str] = set()  # to sync before the batch is recorded
        self.made: set[str] = set()  # archive folders known to exist (this run made or found them)
        self.units: set[str] = set()
        self.before: list[Callable[[], None]] = []
        # archived as they come, synced together before the batch is recorded: by threads,
        # since a sync waits on the disk, not the CPU, and several at once share a journal commit
        self.unsynced: list[str] = []
        self.pool: ThreadPoolExecutor | None = None
        self.pending: _Pending | None = None  # the batch whose files are being synced
        try:  # the crash tests cut runs into many small batches
            self.size = max(1, int(os.environ.get("PACESETTER_BATCH_SIZE", "")))
        except ValueError:
            self.size = self.SIZE

    def holds(self, unit_code: str | None) -> bool:
        """A file of this unit is added but not yet recorded."""
        return unit_code in self.units or (self.pending is not None and unit_code in self.pending.units)

    def add(self, item: Incoming, found: tuple[Finding, ...], folder: str, checked: Checked | None = None,
            *, before_record: Callable[[], None] | None = None) -> None:
        """Archive one file (into ``folder`` if accepted, archive/rejected beside its findings
        if not); ``before_record`` runs before the batch is recorded, if it is accepted."""
        outcome, rel = _placed(item, found, folder, checked)
        if self.dry_run:
            self.result.outcomes.append(outcome)
            return
        # paths as text (os.path): pathlib took a tenth of this process's time per file
        dest = os.path.join(self.config.root, rel)
        folder = os.path.dirname(dest)
        self._make_folder(folder)
        place_durably(item.path, dest, sync=False, folder_made=True)
        self.unsynced.append(dest)
        faults.point("intake.after_copy")
        if outcome.outcome != "accepted":
            note = dest + ".findings.txt"
            with open(note, "w", encoding="utf-8") as fh:
                fh.write(findings_text(found))
            self.unsynced.append(note)
        self.folders.add(folder)
        if outcome.outcome == "accepted" and before_record is not None:
            self.before.append(before_record)
        self.items.append((item, outcome, FileRecord(
            item.sha256, item.name, item.size, item.received_at, outcome.outcome, rel,
            self.run_id, found, checked, item.parent)))
        if checked is not None and checked.unit_code:
            self.units.add(checked.unit_code)
        if len(self.items) >= self.size:
            self._hand_over()

    def _make_folder(self, folder: str) -> None:
        """Make an archive folder and the ones above it; a folder made is itself an entry
        in its parent: that is synced with the batch."""
        if folder not in self.made:
            self.folders.update(os.fspath(made.parent) for made in make_folders(Path(folder)))
            self.made.add(folder)

    def _hand_over(self) -> None:
        """Record the batch being synced, then start syncing this one and begin the next."""
        self._record_pending()
        if not self.items:
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(_SYNC_THREADS, thread_name_prefix="sync")
        # the archived files, and the folders that name them: a share for each thread
        files, folders = self.unsynced, sorted(self.folders)
        syncs = [self.pool.submit(_sync_all, files[i::_SYNC_THREADS], folders[i::_SYNC_THREADS])
                 for i in range(_SYNC_THREADS)]
        self.pending = _Pending(self.items, self.before, self.units, syncs)
        self.items, self.before, self.units = [], [], set()
        self.unsynced, self.folders = [], set()

    def _record_pending(self) -> None:
        pending, self.pending = self.pending, None
        if pending is None:
            return
        for sync in pending.syncs:
            sync.result()  # every archived file is on disk before the batch is recorded (or we stop here)
        for step in pending.before:
            step()
        self.store.record_files([rec for _, _, rec in pending.items])
        for item, outcome, _ in pending.items:
            faults.point("intake.after_commit")
            item.path.unlink(missing_ok=True)
            self.result.outcomes.append(outcome)
            self.let_go_twins(item)
        if self.progress:
            self.progress("store", len(self.result.outcomes), self.total)

    def flush(self) -> None:
        """Sync and record every file added so far."""
        self._hand_over()
        self._record_pending()

    def close(self) -> None:
        """Stop the sync threads; a batch not yet recorded stays in the inbox for the next run."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def let_go_twins(self, item: Incoming) -> None:
        """The same bytes under other names in this inbox: finished as known."""
        for dup in self.copies.get(item.sha256, ()):
            if dup is not item and not self.dry_run:
                _finish_known(self.store, dup, self.result, self.dry_run)


@dataclass
class _Pending:
    """A full batch whose archived files are being synced by the threads."""

    items: list[tuple[Incoming, Outcome, FileRecord]]
    before: list[Callable[[], None]]
    units: set[str]
    syncs: list[Future[None]]


def _add_inspection(config: Config, store: Store, batch: _Batch, item: Incoming) -> None:
    """A returned inspection workbook: its results are stored against the recorded draws."""
    from pacesetter.inspections import read_inspection, store_inspection

    try:
        rows, found = read_inspection(item.path, config, draws=[dict(r) for r in store.draws()],
                                      file_name=item.name)
    except BaseException as exc:  # noqa: BLE001 - incl. the Rust reader's panics
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        rows, found = [], [finding("file.unreadable", config.language, file=item.name,
                                   detail=f"{type(exc).__name__}: {str(exc)[:150]}")]
    # stored before the file is recorded (idempotently), so a crash in between loses nothing
    batch.add(item, tuple(found), os.path.join("archive", "inspections"),
              before_record=lambda: store_inspection(store, rows, item.sha256))


_REJECTED = os.path.join("archive", "rejected")


def _placed(item: Incoming, found: tuple[Finding, ...], folder: str,
            checked: Checked | None) -> tuple[Outcome, str]:
    """A file's outcome and its place in the archive (``folder`` if accepted), as text."""
    accepted = not has_errors(found)
    safe = f"{item.sha256[:12]}-{safe_name(item.name.split(' › ')[-1])}"  # its last part, made safe
    if accepted and checked is not None and checked.unit_code:
        safe = f"{checked.unit_code} {safe}"  # the period's folder lists its units in order
    rel = os.path.join(folder if accepted else _REJECTED, safe)
    outcome = Outcome(item.name, "accepted" if accepted else "rejected", item.sha256,
                      checked.unit_code if checked else None, checked.period if checked else None,
                      found, archive_path=rel)
    return outcome, rel


def findings_text(found: tuple[Finding, ...] | list[Finding]) -> str:
    """Findings as plain text, kept beside a rejected file."""
    lines = []
    for f in found:
        where = f.cell or f.sheet or "-"
        lines.append(f"[{f.severity.value}] {where} {f.code}: {f.message} — {f.fix}")
    return "\n".join(lines) + "\n"
