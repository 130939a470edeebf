"""The campaign's configuration: records, defaults, and ``load_config``.

Every key is checked once, at load. A broken config raises ``ConfigError`` naming
the key (and its line in ``config.toml`` where it can be found); the command line
turns that into exit code 2.
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pacesetter.fields import UNIT_TYPE
from pacesetter.i18n import t
from pacesetter.parse import label_key

CONFIG_NAME = "config.toml"
# Unit codes become file names (templates/units/<code>.xlsx): keep them portable.
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
# device names Windows will not use as a file name (with any extension)
RESERVED_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                            *(f"LPT{i}" for i in range(10))})


class ConfigError(Exception):
    """The campaign configuration cannot be used; ``key`` names the offending key."""

    def __init__(self, key: str, message: str, line: int | None = None):
        self.key, self.message, self.line = key, message, line
        where = f" (line {line})" if line else ""
        super().__init__(f"config.toml{where}: {key}: {message}")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str  # peer group: office | school | department
    approver: str  # code of the approving unit (or the bureau)
    first_responsible: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    email: str = ""
    leaders: tuple[str, ...] = ()  # who may sign off for the units this unit approves


@dataclass(frozen=True)
class BenchmarkUnit:
    code: str
    name: str
    level: str  # city | province | national
    references: dict[str, float] = field(default_factory=dict)  # indicator -> value


@dataclass(frozen=True)
class Inspector:
    name: str
    unit: str  # home unit code (or the bureau)


@dataclass(frozen=True)
class Period:
    key: str  # "commitment", "2026-06", ..., "assessment"
    stage: str  # commitment | progress | assessment
    start: dt.date
    due: dt.date
    month: int | None = None

    def label(self, lang: str) -> str:
        """The dropdown word for this period."""
        if self.stage == "commitment":
            return t("period.commitment", lang, year=self.start.year)
        if self.stage == "assessment":
            return t("period.assessment", lang, year=self.start.year)
        return t("period.progress", lang, year=self.start.year, month=self.month)


@dataclass(frozen=True)
class Calendar:
    target_setting_due: dt.date
    public_commitment: dt.date
    progress_months: tuple[int, ...]
    progress_due_day: int
    semiannual_review: dt.date
    assessment_due: dt.date
    campaign_start: dt.date
    campaign_end: dt.date


@dataclass(frozen=True)
class TaskRules:
    min_tasks: int = 8
    max_tasks: int = 15
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    at_risk_tolerance: float = 0.15  # progress may lag elapsed time by this much before "at risk"
    overdue_red_days: int = 30  # overdue this long turns red (yellow before)
    stall_periods: int = 2  # no progress for this many reports: stalled
    rectification_days: int = 15  # time limit to rectify a broken promise
    self_score_margin: float = 10.0  # self-score above computed by more: inspect first
    benchmark_value_tolerance: float = 0.0  # relative difference allowed from the reference
    settle_seconds: float = 2.0  # a file modified more recently is still being written


@dataclass(frozen=True)
class Scoring:
    completion: float = 0.6
    timeliness: float = 0.2
    benchmark: float = 0.2
    first_task_weight: float = 2.0
    overdue_grace_days: int = 90
    surpass_bonus: float = 2.0
    bonus_cap: float = 10.0
    overdue_deduction: float = 2.0
    late_report_deduction: float = 1.0
    missing_report_deduction: float = 3.0
    deduction_cap: float = 30.0


@dataclass(frozen=True)
class Config:
    root: Path
    campaign_id: str
    campaign_name: str
    year: int
    language: str
    bureau_code: str
    bureau_name: str
    bureau_leaders: tuple[str, ...]
    units: tuple[Unit, ...]
    benchmark_units: tuple[BenchmarkUnit, ...]
    inspectors: tuple[Inspector, ...]
    calendar: Calendar
    tasks: TaskRules
    thresholds: Thresholds
    scoring: Scoring
    sample_ratio: float = 0.3

    # cached: reports look these up once per row (cached_property writes the instance
    # __dict__ directly, so it works on a frozen dataclass)
    @cached_property
    def unit(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def benchmark(self) -> dict[str, BenchmarkUnit]:
        return {b.code: b for b in self.benchmark_units}

    @cached_property
    def _periods(self) -> tuple[Period, ...]:
        return build_periods(self.calendar, self.year)

    def approver_name(self, code: str) -> str:
        """The name of an approving unit (the bureau or a unit)."""
        if code == self.bureau_code:
            return self.bureau_name
        return self.unit[code].name

    def approver_leaders(self, unit_code: str) -> tuple[str, ...]:
        """The leaders who may sign off a unit's submissions."""
        approver = self.unit[unit_code].approver
        if approver == self.bureau_code:
            return self.bureau_leaders
        return self.unit[approver].leaders

    def periods(self) -> tuple[Period, ...]:
        """The campaign's periods in order: commitment, each month, assessment."""
        return self._periods

    @cached_property
    def _reference_index(self) -> dict[str, dict[str, float]]:
        from pacesetter.parse import normalize_label

        return {b.code: {normalize_label(k): v for k, v in b.references.items()}
                for b in self.benchmark_units}

    def reference(self, bench_code: str | None, indicator: str | None) -> float | None:
        """A benchmark unit's configured value for an indicator (names compared loosely)."""
        if not bench_code or not indicator:
            return None
        return self._reference_index.get(bench_code, {}).get(label_key(indicator))

    @cached_property
    def report_order(self) -> dict[str, tuple[dt.date, int]]:
        """Sort key of each period's reports: by due date (the assessment, due mid-November,
        comes before the November and December reports), then by list position."""
        return {p.key: (p.due, i) for i, p in enumerate(self._periods)}

    def period(self, key: str) -> Period | None:
        return next((p for p in self.periods() if p.key == key), None)

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)


def build_periods(cal: Calendar, year: int) -> tuple[Period, ...]:
    periods = [Period("commitment", "commitment", cal.campaign_start, cal.target_setting_due)]
    for month in cal.progress_months:
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        day = min(cal.progress_due_day, _calendar.monthrange(nxt.year, nxt.month)[1])
        periods.append(Period(f"{year}-{month:02d}", "progress", start, nxt.replace(day=day), month))
    periods.append(Period("assessment", "assessment", cal.assessment_due.replace(day=1),
                          cal.assessment_due))
    return tuple(periods)


# ---------------------------------------------------------------- loading


class _Reader:
    """Pulls typed values out of the parsed TOML, remembering which keys were used."""

    def __init__(self, text: str, lang: str):
        self.lines = text.splitlines()
        self.lang = lang

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """Best-effort line number of a dotted key, for the error message."""
        header: str | None = None
        counts: dict[str, int] = {}
        want_table = ".".join(str(p) for p in path[:-1] if not isinstance(p, int))
        want_index = next((p for p in path if isinstance(p, int)), None)
        last = str(path[-1])
        key_re = re.compile(rf"^\s*\"?{re.escape(last)}\"?\s*=")
        for no, line in enumerate(self.lines, 1):
            s = line.strip()
            m = re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", s) or re.match(r"^\[\s*([^\]]+?)\s*\]", s)
            if m:
                header = m.group(1)
                if s.startswith("[["):
                    counts[header] = counts.get(header, 0) + 1
                continue
            if header is None and len(path) == 1 and key_re.match(line):
                return no
            if header == want_table and key_re.match(line):
                if want_index is None or counts.get(header, 0) == want_index + 1:
                    return no
        # the table itself, for a missing key
        for no, line in enumerate(self.lines, 1):
            if re.match(rf"^\s*\[+\s*{re.escape(want_table)}\s*\]+", line) and want_table:
                return no
        return None

    def fail(self, path: tuple[str | int, ...], message_key: str, **kw: object) -> ConfigError:
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        return ConfigError(dotted, t(message_key, self.lang, **kw), self.line_of(path))

    def check_keys(self, table: dict[str, Any], allowed: set[str], path: tuple[str | int, ...]):
        for key in table:
            if key not in allowed:
                raise self.fail((*path, key), "config.unknown_key",
                                allowed=", ".join(sorted(allowed)))

    def get(self, table: dict[str, Any], key: str, typ: type | tuple[type, ...],
            path: tuple[str | int, ...], default: Any = ..., ) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail((*path, key), "config.missing_key")
            return default
        value = table[key]
        want = typ if isinstance(typ, tuple) else (typ,)
        if float in want and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        ok = isinstance(value, want) and not (isinstance(value, bool) and bool not in want)
        if dt.date in want and isinstance(value, dt.datetime):
            ok, value = True, value.date()
        if not ok:
            names = " or ".join(_TYPE_WORD.get(w, w.__name__) for w in want)
            raise self.fail((*path, key), "config.wrong_type", expected=names,
                            got=_TYPE_WORD.get(type(value), type(value).__name__))
        return value

    def table(self, table: dict[str, Any], key: str, path: tuple[str | int, ...]) -> dict[str, Any]:
        return self.get(table, key, dict, path, {})

    def strings(self, table: dict[str, Any], key: str, path: tuple[str | int, ...],
                default: Any = ...) -> tuple[str, ...]:
        value = self.get(table, key, list, path, default)
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail((*path, key, i), "config.wrong_type", expected="text",
                                got=type(item).__name__)
        return tuple(value)


_TYPE_WORD = {str: "text", int: "whole number", float: "number", bool: "true/false",
              dt.date: "date (2026-05-15)", list: "list", dict: "table"}


def load_config(root: Path | str) -> Config:
    """Read and check ``root/config.toml``; raise ConfigError naming the first bad key."""
    root = Path(root)
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(CONFIG_NAME, t("config.missing_file", "en", path=path)) from None
    except UnicodeDecodeError:
        raise ConfigError(CONFIG_NAME, t("config.not_utf8", "en")) from None
    data = _parsed(root, text)
    lang = data.get("campaign", {}).get("language", "en")
    lang = lang if lang in ("en", "zh") else "en"
    return parse_config(data, text=text, root=root, lang=lang)


# What tomllib made of the campaign's config.toml, kept beside the store as JSON under the
# SHA-256 of the text it came from: a city's roster takes tomllib 130 ms at each run's start
# (5,000 units), the kept copy 5 ms. Any other text is parsed afresh (and kept in its turn).
PARSED_NAME = Path("archive", ".config.parsed.json")
# A date, a date-time or a time is kept as {"$toml": kind, "v": ISO text}. No table of the
# text can look like that: a text that could spell the key "$toml" (literally, or by a
# \u escape) is not kept at all.
_TAG = "$toml"


def _parsed(root: Path, text: str) -> dict[str, Any]:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    kept = root / PARSED_NAME
    try:
        held = json.loads(kept.read_text(encoding="utf-8"), object_hook=_untag)
        if held["sha256"] == digest and isinstance(held["toml"], dict):
            return held["toml"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none kept yet, another text's, or damaged: parse the text
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(CONFIG_NAME, t("config.syntax", "en", detail=exc),
                          int(m.group(1)) if m else None) from None
    if _TAG in text or "\\u" in text or "\\U" in text:
        return data
    tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    try:
        kept.parent.mkdir(exist_ok=True)  # archive/, where the store is kept (a run makes it too)
        tmp.write_text(json.dumps({"sha256": digest, "toml": data}, ensure_ascii=False, default=_tag),
                       encoding="utf-8")
        os.replace(tmp, kept)
    except (OSError, ValueError):  # a read-only folder: parsed again next time, that is all
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return data


def _tag(value: Any) -> dict[str, str]:
    """What JSON lacks of TOML's values (json calls this for those only)."""
    for kind, cls in (("datetime", dt.datetime), ("date", dt.date), ("time", dt.time)):
        if isinstance(value, cls):
            return {_TAG: kind, "v": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not a TOML value")


_FROM_ISO = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
             "time": dt.time.fromisoformat}


def _untag(obj: dict[str, Any]) -> Any:
    if _TAG in obj:
        return _FROM_ISO[obj[_TAG]](obj["v"])
    return obj


def parse_config(data: dict[str, Any], *, text: str, root: Path, lang: str) -> Config:
    r = _Reader(text, lang)
    r.check_keys(data, {"campaign", "bureau", "calendar", "tasks", "thresholds", "scoring",
                        "sampling", "units", "benchmark_units", "inspectors"}, ())

    camp = r.table(data, "campaign", ())
    r.check_keys(camp, {"id", "name", "year", "language"}, ("campaign",))
    cid = r.get(camp, "id", str, ("campaign",))
    if not CODE_RE.match(cid):
        raise r.fail(("campaign", "id"), "config.bad_code", value=cid)
    year = r.get(camp, "year", int, ("campaign",))
    if not 2000 <= year <= 2100:
        raise r.fail(("campaign", "year"), "config.bad_year", value=year)
    language = r.get(camp, "language", str, ("campaign",), "zh")
    if language not in ("en", "zh"):
        raise r.fail(("campaign", "language"), "config.bad_language", value=language)
    name = r.get(camp, "name", str, ("campaign",))

    bureau = r.table(data, "bureau", ())
    r.check_keys(bureau, {"code", "name", "leaders"}, ("bureau",))
    bcode = r.get(bureau, "code", str, ("bureau",))
    bname = r.get(bureau, "name", str, ("bureau",))
    bleaders = r.strings(bureau, "leaders", ("bureau",))
    if not bleaders:
        raise r.fail(("bureau", "leaders"), "config.empty_list")

    units = _units(r, data, bcode)
    bench = _benchmarks(r, data)
    cal = _calendar_of(r, data, year)

    tk = r.table(data, "tasks", ())
    r.check_keys(tk, {"min", "max", "categories"}, ("tasks",))
    rules = TaskRules(r.get(tk, "min", int, ("tasks",), 8), r.get(tk, "max", int, ("tasks",), 15),
                      r.strings(tk, "categories", ("tasks",)))
    if not 1 <= rules.min_tasks <= rules.max_tasks:
        raise r.fail(("tasks", "min"), "config.min_max")
    if not rules.categories:
        raise r.fail(("tasks", "categories"), "config.empty_list")

    thresholds = _numbers(r, data, "thresholds", Thresholds)
    scoring = _numbers(r, data, "scoring", Scoring)
    if abs(scoring.completion + scoring.timeliness + scoring.benchmark - 1) > 1e-6:
        raise r.fail(("scoring", "completion"), "config.weights_sum")

    sampling = r.table(data, "sampling", ())
    r.check_keys(sampling, {"ratio"}, ("sampling",))
    ratio = r.get(sampling, "ratio", float, ("sampling",), 0.3)
    if not 0 < ratio <= 1:
        raise r.fail(("sampling", "ratio"), "config.bad_ratio", value=ratio)

    known = {u.code for u in units} | {bcode}
    inspectors = []
    for i, item in enumerate(r.get(data, "inspectors", list, (), [])):
        p = ("inspectors", i)
        if not isinstance(item, dict):
            raise r.fail(p, "config.wrong_type", expected="table", got=type(item).__name__)
        r.check_keys(item, {"name", "unit"}, p)
        home = r.get(item, "unit", str, p)
        if home not in known:
            raise r.fail((*p, "unit"), "config.unknown_unit", value=home)
        inspectors.append(Inspector(r.get(item, "name", str, p), home))

    return Config(root=root, campaign_id=cid, campaign_name=name, year=year, language=language,
                  bureau_code=bcode, bureau_name=bname, bureau_leaders=bleaders,
                  units=tuple(units), benchmark_units=tuple(bench), inspectors=tuple(inspectors),
                  calendar=cal, tasks=rules, thresholds=thresholds, scoring=scoring,
                  sample_ratio=ratio)


def _units(r: _Reader, data: dict[str, Any], bcode: str) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, int] = {}
    raw = r.get(data, "units", list, ())
    if not raw:
        raise r.fail(("units",), "config.empty_list")
    for i, item in enumerate(raw):
        p = ("units", i)
        if not isinstance(item, dict):
            raise r.fail(p, "config.wrong_type", expected="table", got=type(item).__name__)
        r.check_keys(item, {"code", "name", "type", "approver", "first_responsible",
                            "contact_person", "contact_phone", "email", "leaders"}, p)
        code = r.get(item, "code", str, p)
        if not CODE_RE.match(code) or code.upper() in RESERVED_NAMES:
            raise r.fail((*p, "code"), "config.bad_code", value=code)
        if code in seen or code == bcode:
            raise r.fail((*p, "code"), "config.duplicate_code", value=code)
        seen[code] = i
        kind = r.get(item, "type", str, p)
        if kind not in UNIT_TYPE:
            raise r.fail((*p, "type"), "config.bad_choice", value=kind,
                         allowed=", ".join(UNIT_TYPE))
        units.append(Unit(
            code=code, name=r.get(item, "name", str, p), type=kind,
            approver=r.get(item, "approver", str, p),
            first_responsible=r.get(item, "first_responsible", str, p, ""),
            contact_person=r.get(item, "contact_person", str, p, ""),
            contact_phone=r.get(item, "contact_phone", (str, int), p, ""),
            email=r.get(item, "email", str, p, ""),
            leaders=r.strings(item, "leaders", p, ()),
        ))
    units = [u if isinstance(u.contact_phone, str) else
             Unit(**{**u.__dict__, "contact_phone": str(u.contact_phone)}) for u in units]
    by_code = {u.code: u for u in units}
    for i, u in enumerate(units):
        if u.approver != bcode and u.approver not in by_code:
            raise r.fail(("units", i, "approver"), "config.unknown_unit", value=u.approver)
    for i, u in enumerate(units):
        # walk up the chain: it must reach the bureau without revisiting a unit
        chain, cur = [u.code], u.approver
        while cur != bcode:
            if cur in chain:
                raise r.fail(("units", i, "approver"), "config.approval_loop",
                             chain=" → ".join([*chain, cur]))
            chain.append(cur)
            cur = by_code[cur].approver
    for u in units:
        if u.approver != bcode and not by_code[u.approver].leaders:
            raise r.fail(("units", seen[u.approver], "leaders"), "config.approver_no_leaders",
                         value=u.approver)
    return units


def _benchmarks(r: _Reader, data: dict[str, Any]) -> list[BenchmarkUnit]:
    out: list[BenchmarkUnit] = []
    raw = r.get(data, "benchmark_units", list, ())
    if not raw:
        raise r.fail(("benchmark_units",), "config.empty_list")
    seen: set[str] = set()
    for i, item in enumerate(raw):
        p = ("benchmark_units", i)
        if not isinstance(item, dict):
            raise r.fail(p, "config.wrong_type", expected="table", got=type(item).__name__)
        r.check_keys(item, {"code", "name", "level", "references"}, p)
        code = r.get(item, "code", str, p)
        if not CODE_RE.match(code):
            raise r.fail((*p, "code"), "config.bad_code", value=code)
        if code in seen:
            raise r.fail((*p, "code"), "config.duplicate_code", value=code)
        seen.add(code)
        level = r.get(item, "level", str, p)
        if level not in ("city", "province", "national"):
            raise r.fail((*p, "level"), "config.bad_choice", value=level,
                         allowed="city, province, national")
        refs = r.get(item, "references", dict, p, {})
        clean: dict[str, float] = {}
        for key, value in refs.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise r.fail((*p, "references", key), "config.wrong_type", expected="number",
                             got=type(value).__name__)
            clean[key] = float(value)
        out.append(BenchmarkUnit(code, r.get(item, "name", str, p), level, clean))
    return out


def _calendar_of(r: _Reader, data: dict[str, Any], year: int) -> Calendar:
    c = r.table(data, "calendar", ())
    p = ("calendar",)
    r.check_keys(c, {"target_setting_due", "public_commitment", "progress_months",
                     "progress_due_day", "semiannual_review", "assessment_due",
                     "campaign_start", "campaign_end"}, p)
    dates = {k: r.get(c, k, dt.date, p) for k in (
        "target_setting_due", "public_commitment", "semiannual_review", "assessment_due")}
    start = r.get(c, "campaign_start", dt.date, p, dt.date(year, 1, 1))
    end = r.get(c, "campaign_end", dt.date, p, dt.date(year, 12, 31))
    for key, value in {**dates, "campaign_start": start, "campaign_end": end}.items():
        if value.year != year:
            raise r.fail((*p, key), "config.date_not_in_year", value=value, year=year)
    months = r.get(c, "progress_months", list, p)
    for i, m in enumerate(months):
        if isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12:
            raise r.fail((*p, "progress_months", i), "config.bad_month", value=m)
    if list(months) != sorted(set(months)):
        raise r.fail((*p, "progress_months"), "config.months_order")
    due_day = r.get(c, "progress_due_day", int, p, 5)
    if not 1 <= due_day <= 28:
        raise r.fail((*p, "progress_due_day"), "config.bad_day", value=due_day)
    if start > end:
        raise r.fail((*p, "campaign_start"), "config.start_after_end")
    return Calendar(dates["target_setting_due"], dates["public_commitment"], tuple(months),
                    due_day, dates["semiannual_review"], dates["assessment_due"], start, end)


def _numbers(r: _Reader, data: dict[str, Any], name: str, cls: type) -> Any:
    table = r.table(data, name, ())
    defaults = cls()
    allowed = set(defaults.__dataclass_fields__)
    r.check_keys(table, allowed, (name,))
    values = {}
    for key in allowed:
        default = getattr(defaults, key)
        typ = int if isinstance(default, int) else float
        value = r.get(table, key, typ, (name,), default)
        if value < 0:
            raise r.fail((name, key), "config.negative", value=value)
        values[key] = value
    return cls(**values)

