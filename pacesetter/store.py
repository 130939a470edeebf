"""The SQLite store under ``archive/``: schema, migrations, writes, and reads for reporting.

Natural keys make it idempotent: a file is its SHA-256, a submission is (unit,
period) with the latest arrival current and the others kept as superseded. Each
file is committed in one transaction, so a crash leaves either all of a file's rows
or none of them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pacesetter.fields import TASK_FIELDS, Kind
from pacesetter.findings import Finding
from pacesetter.validate import Checked

STORE_NAME = "pacesetter.sqlite"
SCHEMA_VERSION = 1
TASK_COLUMNS = tuple(f.key for f in TASK_FIELDS)
_DATE_KEYS = {f.key for f in TASK_FIELDS if f.kind is Kind.DATE}

_SQL_TYPE = {"task_no": "INTEGER", **{k: "REAL" for k in (
    "baseline", "target", "benchmark_value", "current_value", "self_score")}}

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)""",
    """CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT, as_of TEXT NOT NULL,
        accepted INTEGER DEFAULT 0, rejected INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0,
        settings TEXT)""",
    """CREATE TABLE IF NOT EXISTS files (
        sha256 TEXT PRIMARY KEY, original_name TEXT NOT NULL, size INTEGER NOT NULL,
        received_at TEXT NOT NULL, outcome TEXT NOT NULL, archive_path TEXT NOT NULL,
        run_id TEXT NOT NULL, unit_code TEXT, period TEXT, parent_sha256 TEXT,
        seq INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS submissions (
        id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE REFERENCES files(sha256),
        unit_code TEXT NOT NULL, period TEXT NOT NULL, stage TEXT NOT NULL,
        submitted_on TEXT, received_at TEXT NOT NULL, late_days INTEGER NOT NULL DEFAULT 0,
        superseded_by INTEGER, header TEXT NOT NULL, seq INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS submissions_unit ON submissions(unit_code, period)",
    "CREATE INDEX IF NOT EXISTS files_seq ON files(seq)",  # MAX(seq) on every insert
    f"""CREATE TABLE IF NOT EXISTS tasks (
        submission_id INTEGER NOT NULL REFERENCES submissions(id), row INTEGER NOT NULL,
        {", ".join(f"{k} {_SQL_TYPE.get(k, 'TEXT')}" for k in TASK_COLUMNS)},
        raw TEXT NOT NULL, extra TEXT, PRIMARY KEY (submission_id, task_no))""",
    """CREATE TABLE IF NOT EXISTS exchanges (
        submission_id INTEGER NOT NULL REFERENCES submissions(id), row INTEGER NOT NULL,
        date TEXT, benchmark_unit TEXT, form TEXT, content TEXT, participants TEXT)""",
    """CREATE TABLE IF NOT EXISTS findings (
        sha256 TEXT NOT NULL, n INTEGER NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL,
        sheet TEXT, cell TEXT, field TEXT, message TEXT NOT NULL, fix TEXT,
        PRIMARY KEY (sha256, n))""",
    """CREATE TABLE IF NOT EXISTS draws (
        id INTEGER PRIMARY KEY, period TEXT, seed TEXT NOT NULL, drawn_at TEXT NOT NULL,
        mode TEXT NOT NULL, roster_hash TEXT NOT NULL, result TEXT NOT NULL)""",
]


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default, sort_keys=True)


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)  # json.dumps with these options would make an encoder a call


def _sql_value(key: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_PLAIN_SQL = frozenset({str, int, float})  # stored as they are; dates become ISO text
_INSERT_TASK = (f"INSERT INTO tasks (submission_id, row, {', '.join(TASK_COLUMNS)}, raw, extra)"
                f" VALUES ({', '.join('?' * (len(TASK_COLUMNS) + 4))})")


class TableRows(NamedTuple):
    """An accepted file's rows as they are inserted, without their submission id."""

    header: str  # JSON
    tasks: list[tuple[Any, ...]]
    exchanges: list[tuple[Any, ...]]


def table_rows(checked: Checked) -> TableRows:
    """The header, task and exchange rows of an accepted file, as the store inserts them."""
    return TableRows(
        dumps(checked.header),
        [(t.row, *[v if v is None or v.__class__ in _PLAIN_SQL else _sql_value("", v)
                   for v in map(t.values.get, TASK_COLUMNS)],
          dumps(t.raw), dumps(t.extra) if t.extra else None) for t in checked.tasks],
        [(x.row, _sql_value("date", x.values.get("date")), x.values.get("benchmark_unit"),
          x.values.get("form"), x.values.get("content"), x.values.get("participants"))
         for x in checked.exchanges])


@dataclass(frozen=True)
class FileRecord:
    """One processed file, as ``Store.record_files`` takes it."""

    sha256: str
    original_name: str
    size: int
    received_at: dt.datetime
    outcome: str
    archive_path: str
    run_id: str
    findings: tuple[Finding, ...] = ()
    checked: Checked | None = None
    parent_sha256: str | None = None


# the files of a run, and of the unfinished runs since the last finished one (one parameter: the run)
_UNPUBLISHED = ("run_id=? OR run_id IN (SELECT id FROM runs WHERE finished IS NULL"
                " AND rowid > (SELECT COALESCE(MAX(rowid), 0) FROM runs WHERE finished IS NOT NULL))")


class Store:
    """One open connection to the campaign's store."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    @classmethod
    def open(cls, root: Path) -> Store:
        return cls(root / "archive" / STORE_NAME)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        with self.transaction():
            for stmt in _SCHEMA:
                self.db.execute(stmt)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            elif int(row[0]) > SCHEMA_VERSION:
                raise RuntimeError(f"the store was written by a newer version (schema {row[0]})")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------ writing

    def begin_run(self, run_id: str, *, as_of: dt.date, settings: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO runs (id, started, as_of, settings) VALUES (?,?,?,?)",
                       (run_id, dt.datetime.now().isoformat(timespec="seconds"), as_of.isoformat(),
                        dumps(settings)))

    def finish_run(self, run_id: str, *, accepted: int, rejected: int, skipped: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE runs SET finished=?, accepted=?, rejected=?, skipped=? WHERE id=?",
                       (dt.datetime.now().isoformat(timespec="seconds"), accepted, rejected,
                        skipped, run_id))

    def known(self, sha256: str) -> sqlite3.Row | None:
        """The stored record of a file, if this exact file was processed before."""
        return self.db.execute("SELECT * FROM files WHERE sha256=?", (sha256,)).fetchone()

    def rejected_only_for(self, sha256: str, codes: frozenset[str]) -> bool:
        """True if every error the file was rejected for is one of ``codes``."""
        errors = {r[0] for r in self.db.execute(
            "SELECT code FROM findings WHERE sha256=? AND severity='error'", (sha256,))}
        return bool(errors) and errors <= codes

    def forget_file(self, sha256: str) -> None:
        """Drop a rejected file's record so that the same bytes are examined afresh."""
        with self.transaction() as db:
            db.execute("DELETE FROM findings WHERE sha256=?", (sha256,))
            db.execute("DELETE FROM files WHERE sha256=? AND outcome='rejected'", (sha256,))

    def _next_seq(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM files").fetchone()[0]

    def record_file(self, *, sha256: str, original_name: str, size: int, received_at: dt.datetime,
                    outcome: str, archive_path: str, run_id: str,
                    findings: Iterable[Finding] = (), checked: Checked | None = None,
                    parent_sha256: str | None = None) -> int | None:
        """Store one processed file in one transaction; returns the submission id if accepted."""
        return self.record_files([FileRecord(sha256, original_name, size, received_at, outcome,
                                             archive_path, run_id, tuple(findings), checked,
                                             parent_sha256)])[0]

    def record_files(self, records: Sequence[FileRecord]) -> list[int | None]:
        """Store processed files in one transaction (all or none), in order; their submission ids.

        One commit (one sync of the journal) for a batch instead of one per file: the
        files are already safe in the archive, and none leaves the inbox before this returns.
        """
        with self.transaction() as db:
            seq = self._next_seq()
            ids = []
            for n, rec in enumerate(records):
                ids.append(self._insert_file(db, rec, seq + n))
            return ids

    def _insert_file(self, db: sqlite3.Connection, rec: FileRecord, seq: int) -> int | None:
        checked = rec.checked
        db.execute(
            "INSERT INTO files (sha256, original_name, size, received_at, outcome, archive_path,"
            " run_id, unit_code, period, parent_sha256, seq) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (rec.sha256, rec.original_name, rec.size, rec.received_at.isoformat(timespec="seconds"),
             rec.outcome, rec.archive_path, rec.run_id, checked.unit_code if checked else None,
             checked.period if checked else None, rec.parent_sha256, seq))
        if rec.findings:  # (a statement not run costs nothing: most files have none)
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)",
                [(rec.sha256, n, f.code, f.severity.value, f.sheet, f.cell, f.field, f.message, f.fix)
                 for n, f in enumerate(rec.findings)])
        if rec.outcome != "accepted" or checked is None:
            return None
        rows = checked.stored if isinstance(checked.stored, TableRows) else table_rows(checked)
        cur = db.execute(
            "INSERT INTO submissions (sha256, unit_code, period, stage, submitted_on,"
            " received_at, late_days, header, seq) VALUES (?,?,?,?,?,?,?,?,?)",
            (rec.sha256, checked.unit_code, checked.period, checked.stage,
             _sql_value("", checked.submitted_on), rec.received_at.isoformat(timespec="seconds"),
             checked.late_days, rows.header, seq))
        sid = cur.lastrowid
        if rows.tasks:
            db.executemany(_INSERT_TASK, [(sid, *row) for row in rows.tasks])
        if rows.exchanges:
            db.executemany("INSERT INTO exchanges VALUES (?,?,?,?,?,?,?)",
                           [(sid, *row) for row in rows.exchanges])
        self._resupersede(db, checked.unit_code, checked.period, added=sid)
        return sid

    @staticmethod
    def _resupersede(db: sqlite3.Connection, unit: str | None, period: str | None,
                     added: int | None = None) -> None:
        """The latest arrival for (unit, period) is current; every earlier one points to it.
        ``added``: the submission just inserted (current already, if it is the only one)."""
        ids = [r[0] for r in db.execute(
            "SELECT id FROM submissions WHERE unit_code=? AND period=? ORDER BY received_at, seq",
            (unit, period))]
        if not ids or ids == [added]:  # the unit's first for the period: nothing to point
            return
        db.execute("UPDATE submissions SET superseded_by=NULL WHERE id=?", (ids[-1],))
        db.executemany("UPDATE submissions SET superseded_by=? WHERE id=?",
                       [(ids[-1], i) for i in ids[:-1]])

    def record_draw(self, *, period: str | None, seed: str, mode: str, roster_hash: str,
                    result: Any) -> int:
        with self.transaction() as db:
            cur = db.execute("INSERT INTO draws (period, seed, drawn_at, mode, roster_hash, result)"
                             " VALUES (?,?,?,?,?,?)",
                             (period, seed, dt.datetime.now().isoformat(timespec="seconds"), mode,
                              roster_hash, dumps(result)))
            return int(cur.lastrowid or 0)

    # ------------------------------------------------------------ reading

    def _current_of(self, unit_code: str, order: Mapping[str, Any]) -> list[sqlite3.Row]:
        """The unit's current submissions in report order (due date, then arrival)."""
        rows = self.db.execute("SELECT id, period, stage, received_at, seq FROM submissions"
                               " WHERE unit_code=? AND superseded_by IS NULL", (unit_code,)).fetchall()
        far = (dt.date.max, 999)
        return sorted(rows, key=lambda r: (order.get(r["period"], far), r["received_at"], r["seq"]))

    def _tasks_of(self, submission_id: int) -> list[dict[str, Any]]:
        return [task_dict(r) for r in self.db.execute(
            "SELECT * FROM tasks WHERE submission_id=? ORDER BY task_no", (submission_id,))]

    def committed_tasks(self, unit_code: str, order: Mapping[str, Any]) -> list[dict[str, Any]] | None:
        """The unit's committed tasks: its current commitment, else its earliest current report.

        ``order`` is ``Config.report_order``.
        """
        rows = self._current_of(unit_code, order)
        if not rows:
            return None
        chosen = next((r for r in rows if r["stage"] == "commitment"), rows[0])
        return self._tasks_of(chosen["id"])

    def latest_tasks(self, unit_code: str, order: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
        """The unit's tasks as its latest report (by due date) states them, by task number."""
        rows = self._current_of(unit_code, order)
        return {t["task_no"]: t for t in self._tasks_of(rows[-1]["id"])} if rows else {}

    def submissions(self, *, current_only: bool = True) -> list[sqlite3.Row]:
        where = "WHERE superseded_by IS NULL" if current_only else ""
        return self.db.execute(f"SELECT * FROM submissions {where} ORDER BY unit_code, seq").fetchall()

    def tasks_of(self, submission_ids: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """These submissions' tasks as (submission id, typed values), by submission and task
        number (not the raw cells: a city's worth of them at once would only be thrown away)."""
        ids = list(submission_ids)
        if not ids:
            return iter(())
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM _ids")
        self.db.executemany("INSERT INTO _ids VALUES (?)", [(i,) for i in ids])
        cols = ", ".join(f"t.{c}" for c in ("submission_id", *TASK_COLUMNS))
        cur = self.db.cursor()
        cur.row_factory = None  # plain tuples, read by position: no name looked up per column
        cur.execute(f"SELECT {cols} FROM tasks t JOIN _ids ON t.submission_id = _ids.id"
                    " ORDER BY t.submission_id, t.task_no")
        return ((r[0], _typed_task(r[1:])) for r in cur)

    def exchanges(self) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT s.unit_code, e.* FROM exchanges e JOIN submissions s ON s.id = e.submission_id"
            " WHERE s.superseded_by IS NULL ORDER BY s.unit_code, e.date").fetchall()

    def unpublished_files(self, run_id: str) -> list[sqlite3.Row]:
        """The files this run took, and those taken by earlier runs that stopped before
        finishing (their outputs never published): their feedback and findings are still
        to be seen. A run that stopped after publishing has its files listed once more."""
        return self.db.execute(f"SELECT * FROM files WHERE {_UNPUBLISHED} ORDER BY seq", (run_id,)).fetchall()

    def unpublished_findings(self, run_id: str) -> dict[str, list[sqlite3.Row]]:
        """The findings of ``unpublished_files``, by file (one query, not one a file)."""
        found: dict[str, list[sqlite3.Row]] = {}
        for r in self.db.execute(f"SELECT * FROM findings WHERE sha256 IN (SELECT sha256 FROM files"
                                 f" WHERE {_UNPUBLISHED}) ORDER BY sha256, n", (run_id,)):
            found.setdefault(r["sha256"], []).append(r)
        return found

    def counts(self) -> dict[str, int]:
        """Row counts per table, for status and for checking a rerun changed nothing."""
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("files", "submissions", "tasks", "exchanges", "findings", "runs", "draws")}

    def last_run(self) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM runs ORDER BY started DESC, id DESC LIMIT 1").fetchone()

    def draws(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM draws ORDER BY id").fetchall()


def task_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A stored task row -> typed values keyed by field key (dates back to date)."""
    start = _task_columns_at(tuple(row.keys()))
    values = tuple(row)[start:start + len(TASK_COLUMNS)] if start >= 0 else [row[k] for k in TASK_COLUMNS]
    return _typed_task(values)


_DATES_AT = tuple(i for i, key in enumerate(TASK_COLUMNS) if key in _DATE_KEYS)


def _typed_task(values: Sequence[Any], intern: Any = sys.intern) -> dict[str, Any]:
    """The TASK_COLUMNS values of a stored task, in order -> typed values keyed by field key."""
    # categories, statuses, names, departments recur across a city's tasks: one copy each
    # (a whole list at a time: a city's tasks are loaded at every run's start)
    typed = [intern(v) if v.__class__ is str and len(v) <= 40 else v for v in values]
    for i in _DATES_AT:
        if (value := typed[i]).__class__ is str and value:
            typed[i] = _date(value)
    return dict(zip(TASK_COLUMNS, typed, strict=True))


@lru_cache(maxsize=64)
def _task_columns_at(keys: tuple[str, ...]) -> int:
    """Where the task columns stand together, in this order, in a query's columns (else -1)."""
    n = len(TASK_COLUMNS)
    for i in range(len(keys) - n + 1):
        if keys[i:i + n] == TASK_COLUMNS:
            return i
    return -1


_date = lru_cache(maxsize=1 << 12)(dt.date.fromisoformat)  # deadlines recur

