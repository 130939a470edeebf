"""Submission -> typed values + findings: every check of SPEC section 5.

``check`` is pure and stateless (it runs in worker processes): it types every cell,
returns every finding of the file at once and never raises on what a unit typed.
``check_against_commitment`` runs in the main process, where the store is, and
holds a progress report to the unit's stored commitment.

Findings speak the unit's coordinates: the cell references come from the reader's
``CellValue``s (``Tasks!H7``, counted with blank rows), never from a row index here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pacesetter.config import BenchmarkUnit, Config, Period, Unit
from pacesetter.fields import (
    CHOICES,
    EXCHANGE_FIELD,
    EXCHANGE_FIELDS,
    SHEETS,
    TASK_FIELD,
    TASK_FIELDS,
    TEMPLATE_VERSION,
    UNIT_FIELD,
    UNIT_FIELDS,
    Field,
    Kind,
    choice_label,
    choice_spellings,
)
from pacesetter.findings import Finding, finding, has_errors
from pacesetter.parse import (
    ParseError,
    choice_index,
    clean_text,
    is_blank,
    label_key,
    normalize_label,
    parse_choice,
    parse_date,
    parse_number,
)
from pacesetter.read import CellValue, Row, Submission

EXCEL_CELL_LIMIT = 32_767
QUOTE_LIMIT = 60  # a quoted value longer than this is cut: a message must stay readable
TASK_NO_MAX = 99

# The unit-of-measure words that make "0.9" from a percent-formatted cell mean 90.
PERCENT_UNITS = frozenset({"%", "percent", "percentage", "pct", "百分比", "百分率", "百分点"})
_PROGRESS_STAGES = frozenset({"progress", "assessment"})
# Changing one of these in a progress report breaks the promise (SPEC 5); other
# committed fields changing is worth a warning only.
PROMISE_KEYS = ("target", "deadline", "measures")
# The numbers counted in the task's unit of measure (a self-score is points, whatever the unit).
MEASURED_KEYS = frozenset({"baseline", "target", "benchmark_value", "current_value"})


@dataclass(frozen=True)
class TaskRow:
    """One typed row of the Tasks (or Exchanges) sheet."""

    row: int  # Excel row number
    values: dict[str, Any]  # field key -> typed value (choices as canonical keys, benchmark unit as code)
    raw: dict[str, Any]  # field key -> what the unit typed (cleaned text / number / date), for the record
    refs: dict[str, str]  # field key -> cell reference ("Tasks!H7")
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns: label -> text


@dataclass(frozen=True)
class Checked:
    """A submission after validation: typed header and rows, and every finding."""

    file_name: str
    unit_code: str | None
    period: str | None  # period key: "commitment", "2026-06", ..., "assessment"
    stage: str | None  # commitment | progress | assessment
    header: dict[str, Any]  # typed Unit-sheet values (dates as date, period as key ...)
    tasks: tuple[TaskRow, ...]
    exchanges: tuple[TaskRow, ...]
    findings: tuple[Finding, ...]
    submitted_on: dt.date | None = None
    late_days: int = 0
    # the header and rows as the store inserts them (``store.table_rows``), when made in a
    # worker process: the main process then stores them without building them again
    stored: Any = None

    @property
    def accepted(self) -> bool:
        return not has_errors(self.findings)


# ------------------------------------------------------------------ the rules of one campaign

# The fixed lists never change, so their lookups are built once per process.
_FIXED_INDEX = {name: choice_index(choice_spellings(name)) for name in CHOICES}


@dataclass(frozen=True)
class _Choices:
    """One dropdown: normalized spelling -> canonical value, and the words to offer in a fix."""

    index: Mapping[str, str]
    spellings: Mapping[str, tuple[str, ...]]
    words: str  # the display words in the campaign language, joined


@dataclass(frozen=True)
class _Rules:
    """Everything ``check`` looks up, derived once from a Config."""

    lang: str
    year: int
    units: dict[str, Unit]  # normalized code -> unit
    periods: dict[str, Period]  # normalized en label / zh label / key -> period
    period_by_key: dict[str, Period]
    period_words: str
    choices: dict[str, _Choices]  # Field.choices name -> the dropdown
    benchmarks: dict[str, BenchmarkUnit]  # code -> benchmark unit
    reference: Callable[[str | None, str | None], float | None]  # Config.reference
    leaders: dict[str, tuple[str, ...]]  # unit code -> who may sign off
    campaign_start: dt.date
    campaign_end: dt.date
    tolerance: float
    min_tasks: int
    max_tasks: int
    # (field, type, cell value, percent) -> typed value or the ParseError: the same words
    # ("higher is better", "2026-12-31", a leader's name) fill the cells of every file
    typed: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, hash=False)


def _join(words: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(words)


def _dropdown(spellings: dict[str, tuple[str, ...]], words: Iterable[str], lang: str) -> _Choices:
    return _Choices(choice_index(spellings), spellings, _join(words, lang))


def _build_rules(config: Config) -> _Rules:
    lang = config.language
    periods: dict[str, Period] = {}
    for p in config.periods():
        # The key first, so a label can never shadow another period's key.
        for spelling in (p.label(lang), p.label("en"), p.label("zh"), p.key):
            periods[normalize_label(spelling)] = p
    choices = {
        name: _dropdown(choice_spellings(name), (c.label(lang) for c in CHOICES[name]), lang)
        for name in CHOICES
    }
    choices["category"] = _dropdown({c: (c,) for c in config.tasks.categories},
                                    config.tasks.categories, lang)
    choices["benchmark_units"] = _dropdown({b.code: (b.code, b.name) for b in config.benchmark_units},
                                           (b.name for b in config.benchmark_units), lang)
    return _Rules(
        lang=lang,
        year=config.year,
        units={normalize_label(u.code): u for u in config.units},
        periods=periods,
        period_by_key={p.key: p for p in config.periods()},
        period_words=("、" if lang == "zh" else "; ").join(p.label(lang) for p in config.periods()),
        choices=choices,
        benchmarks={b.code: b for b in config.benchmark_units},
        reference=config.reference,
        leaders={u.code: config.approver_leaders(u.code) for u in config.units},
        campaign_start=config.calendar.campaign_start,
        campaign_end=config.calendar.campaign_end,
        tolerance=config.thresholds.benchmark_value_tolerance,
        min_tasks=config.tasks.min_tasks,
        max_tasks=config.tasks.max_tasks,
    )


# One slot, keyed on the config object itself (held strongly, so its id cannot be
# reused by another object): a worker checking many files with one config builds
# the lookups once; a new config object simply replaces the slot.
_RULES_SLOT: list[tuple[Config, _Rules]] = []


def _rules_for(config: Config) -> _Rules:
    if _RULES_SLOT and _RULES_SLOT[0][0] is config:
        return _RULES_SLOT[0][1]
    rules = _build_rules(config)
    _RULES_SLOT[:] = [(config, rules)]
    return rules


# ------------------------------------------------------------------ small helpers


def quote(value: Any) -> str:
    """A typed value as a message quotes it: "<text>", cut to 60 characters."""
    text = clean_text(value) or ""
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1] + "…"
    return f'"{text}"'


def _num(value: float) -> str:
    """A number the way a person writes it: 90 not 90.0."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def _sheet_of(ref: str) -> str:
    return ref.rsplit("!", 1)[0] if "!" in ref else ref


_ROW_OF_REF = re.compile(r"(\d+)$")


def _row_of(ref: str) -> int:
    """The Excel row of a reference ("Unit!B4" -> 4); 0 for a whole sheet."""
    m = _ROW_OF_REF.search(ref) if "!" in ref else None
    return int(m.group(1)) if m else 0


def _raw_of(raw: Any) -> Any:
    """What the unit typed, for the record: text cleaned, numbers and dates as read."""
    if raw.__class__ is str:
        # short texts recur from file to file (categories, names, departments): cleaned once
        return _clean_short(raw) if len(raw) <= 64 else clean_text(raw)
    return clean_text(raw) if isinstance(raw, str) else raw


_clean_short = lru_cache(maxsize=1 << 14)(clean_text)


def _too_long(raw: Any) -> bool:
    return isinstance(raw, str) and len(raw) > EXCEL_CELL_LIMIT


class _Report:
    """Collects the findings of one file, each with the file name and its sheet."""

    def __init__(self, file_name: str, lang: str, flagged: set[str]):
        self.file = file_name
        self.lang = lang
        self.flagged = flagged  # cells the reader already reported (a formula without value)
        self.found: list[Finding] = []

    def add(self, code: str, *, cell: str, field: Field | None = None, **params: Any) -> None:
        label = field.label(self.lang) if field else ""
        self.found.append(finding(code, self.lang, file=self.file, sheet=_sheet_of(cell), cell=cell,
                                  field=label, **params))


# ------------------------------------------------------------------ check


def check(sub: Submission, config: Config, *, received: dt.date | None = None) -> Checked:
    """Type every value of ``sub`` and return it with every finding of the file."""
    rules = _rules_for(config)
    if isinstance(received, dt.datetime):
        received = received.date()  # a date and a datetime do not compare
    report = _Report(sub.file_name, rules.lang, {f.cell for f in sub.findings if f.cell})
    report.found.extend(sub.findings)
    if "tasks" not in sub.sheet_titles:
        # Not a template at all: the reader said so, and there is nothing to type.
        return Checked(sub.file_name, None, None, None, {}, (), (), tuple(report.found))

    _check_stamp(report, sub, config)
    start = len(report.found)
    header, unit_code, period = _check_unit_sheet(report, sub, rules)
    # Top to bottom, as the unit reads its sheet (the code's checks run after the others).
    report.found[start:] = sorted(report.found[start:], key=lambda f: _row_of(f.cell))
    submitted = header.get("submission_date")
    late_days = _check_dates(report, sub, header, period, received)

    stage = period.stage if period else None
    tasks = tuple(_check_task_row(report, row, rules, stage) for row in sub.tasks)
    if "tasks" in sub.columns and stage in _PROGRESS_STAGES and "status" not in sub.columns["tasks"]:
        # Status is optional in a commitment, so the reader does not miss the column.
        hdr = sub.header_rows.get("tasks", 1)
        report.add("column.missing", cell=f"{sub.sheet_titles['tasks']}!{hdr}:{hdr}",
                   field=TASK_FIELD["status"])
    _check_task_set(report, tasks, sub.sheet_titles["tasks"], rules)
    exchanges = tuple(_check_exchange_row(report, row, rules) for row in sub.exchanges)

    return Checked(
        file_name=sub.file_name,
        unit_code=unit_code,
        period=period.key if period else None,
        stage=stage,
        header=header,
        tasks=tasks,
        exchanges=exchanges,
        findings=tuple(report.found),
        submitted_on=submitted if isinstance(submitted, dt.date) else None,
        late_days=late_days,
    )


def _check_stamp(report: _Report, sub: Submission, config: Config) -> None:
    """The hidden sheet says which campaign and template version the file was made from."""
    meta = sub.meta
    if not meta or all(is_blank(v) for v in meta.values()):
        report.add("template.unstamped", cell="")
        return
    campaign = clean_text(meta.get("campaign_id"))
    if campaign is not None and campaign != config.campaign_id:
        report.add("template.other_campaign", cell="", value=quote(campaign),
                   expected=quote(config.campaign_id))
    try:
        version = parse_number(meta.get("template_version"))
    except ParseError:
        version = None  # a damaged stamp: the other checks still judge the contents
    if version is not None and version < TEMPLATE_VERSION:
        report.add("template.old_version", cell="", value=_num(version), expected=TEMPLATE_VERSION)


# ------------------------------------------------------------------ the Unit sheet


def _check_unit_sheet(report: _Report, sub: Submission,
                      rules: _Rules) -> tuple[dict[str, Any], str | None, Period | None]:
    """Type the label / value pairs; returns the header, the unit's code and the period."""
    sheet = sub.sheet_titles.get("unit")
    header: dict[str, Any] = {}
    cells = sub.unit
    for f in UNIT_FIELDS:
        cell = cells.get(f.key)
        raw = cell.raw if cell else None
        if cell is not None and _too_long(raw):
            report.add("cell.too_long", cell=cell.ref, field=f)
        if f.kind is Kind.DATE:
            header[f.key] = _typed(report, f, cell, lambda r: parse_date(r, year=rules.year))
        else:
            header[f.key] = clean_text(raw)
        # Without a Unit sheet the reader already said so once; nine more findings help no one.
        if sheet and f.required and is_blank(raw) and (cell is None or cell.ref not in report.flagged):
            report.add("required.missing", cell=cell.ref if cell else sheet, field=f)

    unit = _check_unit_code(report, cells.get("unit_code"), sub.meta, rules)
    if unit is not None:
        header["unit_code"] = unit.code
        _check_unit_name(report, cells.get("unit_name"), unit)
        _check_approver(report, cells.get("approved_by"), rules.leaders.get(unit.code, ()))
    period = _check_period(report, cells.get("period"), sub.meta, rules)
    header["period"] = period.key if period else None
    if unit is None:
        # A rejected file still goes back to someone: route it by the template's stamp.
        unit = rules.units.get(normalize_label(sub.meta.get("unit_code")))
    if period is None:
        period = _find_period(sub.meta.get("period"), rules)
    return header, unit.code if unit else None, period


def _typed(report: _Report, f: Field, cell: CellValue | None, reader: Callable[[Any], Any]) -> Any:
    """Apply ``reader`` to a cell; a value it cannot read becomes a finding quoting the cell."""
    if cell is None or cell.ref in report.flagged:
        return None
    try:
        return reader(cell.raw)
    except ParseError as err:
        report.add(err.code, cell=cell.ref, field=f, value=quote(cell.raw))
        return None


def _check_unit_code(report: _Report, cell: CellValue | None, meta: Mapping[str, Any],
                     rules: _Rules) -> Unit | None:
    if cell is None or is_blank(cell.raw):
        return None
    f = UNIT_FIELDS[0]
    unit = rules.units.get(normalize_label(cell.raw))
    if unit is None:
        report.add("unit.unknown", cell=cell.ref, field=f, value=quote(cell.raw))
    stamped = meta.get("unit_code")
    if not is_blank(stamped) and normalize_label(stamped) != normalize_label(cell.raw):
        report.add("unit.mismatch", cell=cell.ref, field=f, value=quote(cell.raw),
                   expected=quote(stamped))
    return unit


def _check_unit_name(report: _Report, cell: CellValue | None, unit: Unit) -> None:
    if cell is None or is_blank(cell.raw):
        return
    if normalize_label(cell.raw) != normalize_label(unit.name):
        report.add("unit.name_mismatch", cell=cell.ref, field=UNIT_FIELDS[1], value=quote(cell.raw),
                   expected=quote(unit.name))


_BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")
_TITLES = re.compile(r"(副?局长|副?主任|副?书记|副?校长|副?园长|副?科长|同志|领导|审核人|审批人|签字|"
                     r"deputy|director|head|chief|mr\.?|ms\.?|mrs\.?)", re.I)


def approver_name(raw: Any) -> str:
    """The name in what was typed as "Approved by": brackets, titles and labels taken off
    ("陈刚（主任）", "审核人：陈刚", "Chen Gang, Director" are all Chen Gang)."""
    text = _BRACKETED.sub("", str(clean_text(raw) or ""))
    text = _TITLES.sub("", text)
    return normalize_label(re.sub(r"[,，:：;；、/]", "", text))


def _check_approver(report: _Report, cell: CellValue | None, leaders: tuple[str, ...]) -> None:
    if cell is None or is_blank(cell.raw) or not leaders:
        return
    names = {normalize_label(x) for x in leaders}
    if normalize_label(cell.raw) not in names and approver_name(cell.raw) not in names:
        report.add("signoff.wrong_approver", cell=cell.ref, field=UNIT_FIELD["approved_by"],
                   value=quote(cell.raw), expected=_join(leaders, report.lang))


_PERIOD_WORDS = (("commitment", ("承诺", "目标设定", "寻标", "commit", "targetsetting")),
                 ("assessment", ("考核", "自评", "年终", "assess", "self-assess", "selfassess")))
_YEAR_MONTH = re.compile(r"(20\d\d)\D{0,3}?(\d{1,2})(?!\d)")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月")
_MONTH_NAMES = {m.lower(): i for i, m in enumerate(
    ("", "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december")) if m}


def _find_period(raw: Any, rules: _Rules) -> Period | None:
    if is_blank(raw):
        return None
    if isinstance(raw, dt.date):
        # Excel turns a typed "2026-06" into a date: take it as that month's report.
        return rules.period_by_key.get(f"{raw.year}-{raw.month:02d}")
    found = rules.periods.get(normalize_label(raw))
    return found if found is not None else _period_from_text(str(raw), rules)


def _period_from_text(text: str, rules: _Rules) -> Period | None:
    """A period typed in words instead of picked: "6月份", "2026年6月进展", "June 2026", "年终自评"."""
    norm = normalize_label(text)
    for key, words in _PERIOD_WORDS:
        if any(w in norm for w in words):
            return rules.period_by_key.get(key)
    year = rules.year
    m = _YEAR_MONTH.search(norm)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    elif (m := _MONTH.search(norm)):
        month = int(m.group(1))
    else:
        month = next((i for name, i in _MONTH_NAMES.items() if name in norm), 0)
    return rules.period_by_key.get(f"{year}-{month:02d}") if 1 <= month <= 12 else None


def _check_period(report: _Report, cell: CellValue | None, meta: Mapping[str, Any],
                  rules: _Rules) -> Period | None:
    if cell is None or is_blank(cell.raw):
        return None
    f = UNIT_FIELD["period"]
    period = _find_period(cell.raw, rules)
    if period is None:
        report.add("period.unknown", cell=cell.ref, field=f, value=quote(cell.raw),
                   allowed=rules.period_words)
        return None
    stamped = meta.get("period")
    if not is_blank(stamped):
        made_for = _find_period(stamped, rules)
        if made_for is None or made_for.key != period.key:
            report.add("period.template_mismatch", cell=cell.ref, field=f, value=quote(cell.raw),
                       expected=quote(made_for.label(rules.lang) if made_for else stamped))
    return period


def _check_dates(report: _Report, sub: Submission, header: dict[str, Any], period: Period | None,
                 received: dt.date | None) -> int:
    """Sign-off order, lateness and a date from the future; returns the days late."""
    submitted, approved = header.get("submission_date"), header.get("approval_date")
    if not isinstance(submitted, dt.date):
        return 0
    cell = sub.unit["submission_date"]
    if isinstance(approved, dt.date) and approved > submitted:
        report.add("signoff.date_order", cell=sub.unit["approval_date"].ref,
                   field=UNIT_FIELD["approval_date"], value=quote(sub.unit["approval_date"].raw),
                   expected=quote(cell.raw))
    if received is not None and submitted > received:
        report.add("submission.future_date", cell=cell.ref, field=UNIT_FIELD["submission_date"],
                   value=quote(cell.raw), expected=received.isoformat())
    if period is not None and submitted > period.due:
        days = (submitted - period.due).days
        report.add("submission.late", cell=cell.ref, field=UNIT_FIELD["submission_date"], days=days,
                   expected=period.due.isoformat())
        return days
    return 0



# ------------------------------------------------------------------ Tasks and Exchanges rows


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TASK_NO_TEXT = re.compile(r"^(?:第|no\.?|#)?\s*[(（]?\s*(\S+?)\s*[)）]?\s*[项条号、.．]?$")


def _cn_number(text: str) -> int | None:
    """一 .. 九十九, the way people number a list in Chinese."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def read_task_no(raw: Any) -> int | None:
    """A task number 1..99 from 3, 3.0, "3", "第3项", "(3)" or "三"; raises ParseError otherwise."""
    if is_blank(raw):
        return None
    number: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw) if abs(raw) < 1e300 else None
    elif isinstance(raw, str):
        text = unicodedata.normalize("NFKC", clean_text(raw) or "").casefold().strip()
        m = _TASK_NO_TEXT.match(text)
        core = m.group(1) if m else text
        if core.isascii() and core.isdigit():
            number = float(core)
        else:
            cn = _cn_number(core)
            number = float(cn) if cn is not None else None
    if number is None or not math.isfinite(number) or not number.is_integer() \
            or not 1 <= number <= TASK_NO_MAX:
        raise ParseError("task.bad_no", raw)
    return int(number)


def _is_percent(unit_of_measure: Any) -> bool:
    if unit_of_measure.__class__ is str and len(unit_of_measure) <= 40:
        return label_key(unit_of_measure) in PERCENT_UNITS  # the same few units on every row
    return normalize_label(unit_of_measure) in PERCENT_UNITS


# what people write in an optional cell to say "there is none" (no baseline yet, no start date)
NONE_WORDS = frozenset(normalize_label(w) for w in (
    "无", "暂无", "没有", "空", "不适用", "不涉及", "/", "-", "--", "—", "——", "－",
    "n/a", "na", "none", "nil"))


_UNSEEN = object()
_TYPED_MAX = 50_000  # distinct cell values remembered per campaign (a worker's lifetime)


def _type_value(f: Field, raw: Any, rules: _Rules, *, percent: bool) -> Any:
    """One cell -> its typed value; raises ParseError with the finding code."""
    if f.kind is Kind.TEXT:
        return clean_text(raw)
    if not f.required and isinstance(raw, str) and normalize_label(raw) in NONE_WORDS:
        return None  # the words themselves stay in the row's raw values
    if f.kind is Kind.DATE:
        return parse_date(raw, year=rules.year)
    if f.kind is Kind.NUMBER:
        return parse_number(raw, percent_unit=percent)
    if f.kind is Kind.INT:
        return read_task_no(raw)
    dropdown = rules.choices[f.choices or ""]
    return parse_choice(raw, dropdown.spellings, index=dropdown.index)


def _type_row(report: _Report, row: Row, fields: tuple[Field, ...], rules: _Rules, *,
              percent: bool) -> tuple[dict[str, Any], dict[str, Any], dict[str, str],
                                      dict[str, ParseError]]:
    """Type every cell of a row; parse failures are returned, not yet reported."""
    values: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    refs: dict[str, str] = {}
    errors: dict[str, ParseError] = {}
    cells, flagged = row.cells, report.flagged
    for f in fields:
        fkey = f.key
        cell = cells.get(fkey)
        values[fkey] = raw[fkey] = None
        if cell is None:
            continue  # the column is missing: the reader reported it once for the sheet
        refs[fkey] = cell.ref
        if cell.raw is None or cell.ref in flagged:
            # an empty cell is empty in every kind; a formula without a value was reported
            # by the reader, with nothing to type
            continue
        raw[fkey] = _raw_of(cell.raw)
        if isinstance(cell.raw, str):
            if len(cell.raw) > EXCEL_CELL_LIMIT:
                report.add("cell.too_long", cell=cell.ref, field=f)
            if f.kind is Kind.TEXT:
                values[fkey] = raw[fkey]  # already cleaned for the record: clean_text once a cell
                continue
        measured = percent and f.key in MEASURED_KEYS
        key = (f.key, cell.raw.__class__, cell.raw, measured)
        try:
            typed = rules.typed.get(key, _UNSEEN)
        except TypeError:  # a value that cannot be a key: typed every time
            key, typed = None, _UNSEEN
        if typed is _UNSEEN:
            try:
                typed = _type_value(f, cell.raw, rules, percent=measured)
            except ParseError as err:
                typed = err
            if key is not None and len(rules.typed) < _TYPED_MAX:
                rules.typed[key] = typed
        if isinstance(typed, ParseError):
            errors[f.key] = typed
        else:
            values[f.key] = typed
    return values, raw, refs, errors


def _report_errors(report: _Report, fields: Mapping[str, Field], row: Row, errors: dict[str, ParseError],
                   rules: _Rules) -> None:
    for key, err in errors.items():
        f, cell = fields[key], row.cells[key]
        params: dict[str, Any] = {"value": quote(cell.raw)}
        if err.code == "choice.unknown":
            params["allowed"] = rules.choices[f.choices or ""].words
        report.add(err.code, cell=cell.ref, field=f, **params)


def _report_missing(report: _Report, fields: Iterable[Field], row: Row, raw: dict[str, Any]) -> None:
    for f in fields:
        cell = row.cells.get(f.key)
        if cell is not None and raw[f.key] is None and cell.ref not in report.flagged:
            report.add("required.missing", cell=cell.ref, field=f)


# the fields a task row must have: (a milestone, a progress report) -> fields; a milestone is
# judged by its status, not a target, and a progress report must say where each task stands
_REQUIRED = {(milestone, progress): tuple(
    [f for f in TASK_FIELDS if f.required and not (milestone and f.key == "target")]
    + ([TASK_FIELD["status"]] if progress else []))
    for milestone in (False, True) for progress in (False, True)}


def _check_task_row(report: _Report, row: Row, rules: _Rules, stage: str | None) -> TaskRow:
    """Type one task row, report what cannot be read or is missing, then the per-task rules."""
    uom = row.cells.get("unit_of_measure")
    values, raw, refs, errors = _type_row(report, row, TASK_FIELDS, rules,
                                          percent=_is_percent(uom.raw if uom else None))
    milestone = values["direction"] == "milestone"
    if milestone and "target" in errors and errors["target"].code.startswith("number."):
        # A milestone is judged by its status: "建成" as its target is a description, kept as typed.
        del errors["target"]
    _report_errors(report, TASK_FIELD, row, errors, rules)
    _report_missing(report, _REQUIRED[milestone, stage in _PROGRESS_STAGES], row, raw)
    extra = {label: text for label, cell in row.extra.items()
             if (text := clean_text(cell.raw)) is not None}
    task = TaskRow(row.row, values, raw, refs, extra)
    _check_task_rules(report, task, rules)
    return task


def _better(direction: str | None, value: float, than: float) -> bool | None:
    """Is ``value`` better than ``than`` for the direction (None: no order to judge)."""
    if direction == "higher":
        return value > than
    if direction == "lower":
        return value < than
    return None


def _check_task_rules(report: _Report, task: TaskRow, rules: _Rules) -> None:
    """The rules one task must keep on its own (SPEC 5)."""
    v, refs, lang = task.values, task.refs, rules.lang
    direction, target, baseline = v["direction"], v["target"], v["baseline"]
    word = choice_label("direction", direction, lang) if direction else ""
    if target is not None and baseline is not None and _better(direction, target, baseline) is False:
        report.add("task.target_not_better", cell=refs["target"], field=TASK_FIELD["target"],
                   value=quote(task.raw["target"]), expected=quote(task.raw["baseline"]), direction=word)
    if direction == "milestone" and target is not None:
        report.add("task.milestone_value", cell=refs["target"], field=TASK_FIELD["target"],
                   value=quote(task.raw["target"]))

    deadline, start = v["deadline"], v["start_date"]
    if deadline is not None and not rules.campaign_start <= deadline <= rules.campaign_end:
        report.add("task.deadline_outside", cell=refs["deadline"], field=TASK_FIELD["deadline"],
                   value=quote(task.raw["deadline"]), start=rules.campaign_start.isoformat(),
                   end=rules.campaign_end.isoformat())
    if start is not None and deadline is not None and start > deadline:
        report.add("task.start_after_deadline", cell=refs["start_date"], field=TASK_FIELD["start_date"],
                   value=quote(task.raw["start_date"]), expected=quote(task.raw["deadline"]))

    _check_benchmark_value(report, task, rules)

    current = v["current_value"]
    if v["status"] == "completed" and current is not None and target is not None \
            and direction in ("higher", "lower") and current != target \
            and not _better(direction, current, target):
        report.add("task.completed_short", cell=refs["current_value"], field=TASK_FIELD["current_value"],
                   value=quote(task.raw["current_value"]), expected=quote(task.raw["target"]))
    score = v["self_score"]
    if score is not None and not 0 <= score <= 100:
        report.add("task.self_score_range", cell=refs["self_score"], field=TASK_FIELD["self_score"],
                   value=quote(task.raw["self_score"]))


def _reference(task: TaskRow, rules: _Rules) -> float | None:
    """The configured value of the task's benchmark unit for the task's indicator, if any."""
    return rules.reference(task.values["benchmark_unit"], task.values["indicator"])


def _check_benchmark_value(report: _Report, task: TaskRow, rules: _Rules) -> None:
    stated, reference = task.values["benchmark_value"], _reference(task, rules)
    if stated is None or reference is None:
        return
    if abs(stated - reference) > rules.tolerance * abs(reference) + 1e-9:
        report.add("task.benchmark_value_differs", cell=task.refs["benchmark_value"],
                   field=TASK_FIELD["benchmark_value"], value=quote(task.raw["benchmark_value"]),
                   expected=_num(reference), benchmark=rules.benchmarks[task.values["benchmark_unit"]].name)


def _check_task_set(report: _Report, tasks: tuple[TaskRow, ...], sheet: str, rules: _Rules) -> None:
    """The rules over all tasks: how many, numbered once each, the first with a benchmark."""
    if len(tasks) < rules.min_tasks:
        report.add("tasks.too_few", cell=sheet, count=len(tasks), expected=rules.min_tasks)
    elif len(tasks) > rules.max_tasks:
        report.add("tasks.too_many", cell=sheet, count=len(tasks), expected=rules.max_tasks)
    first_at: dict[int, str] = {}
    for task in tasks:
        no = task.values["task_no"]
        if no is None:
            continue
        if no in first_at:
            report.add("task.duplicate_no", cell=task.refs["task_no"], field=TASK_FIELD["task_no"],
                       value=quote(task.raw["task_no"]), expected=first_at[no])
        else:
            first_at[no] = task.refs["task_no"]
    first = next((t for t in tasks if t.values["task_no"] == 1), tasks[0] if tasks else None)
    if first is None:
        return
    # An unknown name or an unreadable value was typed, and is reported as such already.
    names = first.raw["benchmark_unit"] is not None
    has_value = first.raw["benchmark_value"] is not None or _reference(first, rules) is not None
    if not (names and has_value):
        report.add("task.first_no_benchmark", cell=first.refs.get("benchmark_unit", sheet),
                   field=TASK_FIELD["benchmark_unit"])



def _check_exchange_row(report: _Report, row: Row, rules: _Rules) -> TaskRow:
    """Type one exchange; a benchmark unit not in the list is kept as typed, with a warning."""
    values, raw, refs, errors = _type_row(report, row, EXCHANGE_FIELDS, rules, percent=False)
    bench = errors.pop("benchmark_unit", None)
    if bench is not None:
        # Units also learn from peers outside the configured list; that is worth a note, not a rejection.
        values["benchmark_unit"] = raw["benchmark_unit"]
        report.add("exchange.unknown_benchmark", cell=refs["benchmark_unit"],
                   field=EXCHANGE_FIELD["benchmark_unit"], value=quote(row.cells["benchmark_unit"].raw))
    _report_errors(report, EXCHANGE_FIELD, row, errors, rules)
    _report_missing(report, (f for f in EXCHANGE_FIELDS if f.required), row, raw)
    extra = {label: text for label, cell in row.extra.items()
             if (text := clean_text(cell.raw)) is not None}
    return TaskRow(row.row, values, raw, refs, extra)


# ------------------------------------------------------------------ against the commitment


def _same(f: Field, old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if f.kind in (Kind.NUMBER, Kind.INT) and isinstance(old, int | float) and isinstance(new, int | float):
        return abs(old - new) <= 1e-9 * max(1.0, abs(old), abs(new))
    if isinstance(old, str) and isinstance(new, str):
        return " ".join(old.split()) == " ".join(new.split())
    return old == new


def _committed_value(f: Field, value: Any) -> Any:
    """A stored value in its typed form (a store may hand back dates and numbers as text)."""
    if value is None or not isinstance(value, str):
        return value
    try:
        if f.kind is Kind.DATE:
            return dt.date.fromisoformat(value[:10])
        if f.kind is Kind.NUMBER:
            return float(value)
        if f.kind is Kind.INT:
            return int(float(value))
    except ValueError:
        return value
    return value


def _shown(f: Field, value: Any, config: Config) -> str:
    """A typed value as the unit would recognise it, quoted."""
    if value is None:
        return '""'
    if f.choices in CHOICES:
        return quote(choice_label(f.choices or "", value, config.language))
    if f.choices == "benchmark_units":
        bench = next((b for b in config.benchmark_units if b.code == value), None)
        return quote(bench.name if bench else value)
    if isinstance(value, float):
        return quote(_num(value))
    return quote(value)


def check_against_commitment(checked: Checked, committed: list[dict[str, Any]] | None,
                             config: Config) -> list[Finding]:
    """A progress or assessment report held to the unit's stored commitment."""
    lang = config.language
    if checked.stage == "commitment":
        return []
    refs = [r for t in checked.tasks for r in t.refs.values()]
    sheet = _sheet_of(refs[0]) if refs else SHEETS["tasks"].title(lang)
    report = _Report(checked.file_name, lang, set())
    if committed is None:
        report.add("progress.no_commitment", cell=sheet)
        return report.found

    promised: dict[int, dict[str, Any]] = {}
    for task in committed:
        no = _committed_value(TASK_FIELD["task_no"], task.get("task_no"))
        if isinstance(no, int) and no not in promised:
            promised[no] = task
    reported = {t.values["task_no"]: t for t in checked.tasks if t.values.get("task_no") is not None}

    for no, old in promised.items():
        if no not in reported:
            report.add("progress.task_dropped", cell=sheet, value=no, title=quote(old.get("title")))
    seen: set[int] = set()
    for task in checked.tasks:
        no = task.values.get("task_no")
        if no is None or no in seen:
            continue  # no number, or a duplicate: reported by check already
        seen.add(no)
        if no not in promised:
            report.add("progress.new_task", cell=task.refs.get("task_no", sheet),
                       field=TASK_FIELD["task_no"], value=no)
            continue
        _compare_task(report, task, promised[no], config)
    return report.found


def _compare_task(report: _Report, task: TaskRow, old: Mapping[str, Any], config: Config) -> None:
    for f in TASK_FIELDS:
        if not f.committed or f.key == "task_no" or f.key not in task.refs:
            continue
        new = task.values.get(f.key)
        if new is None and task.raw.get(f.key) is not None:
            continue  # typed but unreadable: already an error of its own
        before = _committed_value(f, old.get(f.key))
        if _same(f, before, new):
            continue
        code = "progress.commitment_changed" if f.key in PROMISE_KEYS else "progress.field_changed"
        report.add(code, cell=task.refs[f.key], field=f, value=_shown(f, new, config),
                   expected=_shown(f, before, config))
