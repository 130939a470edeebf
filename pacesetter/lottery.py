"""Inspection by lottery: which units are inspected, and by whom, from a published seed.

The draw is a pure function of the seed and the roster, built only from SHA-256 so
that anyone can redo it by hand (``PROCEDURE`` says how, in both languages, and the
same words go into the README and into ``inspection.xlsx``):

* units are ranked within their type by ``sha256("<seed>:<unit code>")`` (hex, ascending)
  and the first N of each type are drawn (``count``; ``ceil(ratio × size)``, at least 1;
  or every unit in census mode);
* for each drawn unit, inspectors whose home unit is the unit itself, its approving
  unit or a unit it approves are struck out (no one inspects their own unit, their
  superior, or their own school's supervisor); the rest are ranked by
  ``sha256("<seed>:<unit code>:<inspector name>")`` and the first two are drawn.
  Each unit's inspectors are drawn independently: no load balancing, which would make
  every unit's result depend on the others' and the procedure harder to follow.

``draw_and_record`` is what ``process.py sample`` calls: it draws, keeps the draw in the
store (a second draw for the same period is a new record, never a replacement) and
writes ``outbox/latest/inspection.xlsx`` at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from pacesetter.config import Config, Inspector
from pacesetter.fields import UNIT_TYPES
from pacesetter.i18n import t

INSPECTORS_PER_UNIT = 2
DEFAULT_PERIOD = "assessment"
SEED_FORMAT = "%Y%m%d-%H%M%S"  # a seed made from the time: 20261127-153012

# The procedure a member of the public follows to redraw and verify a draw. It is the
# specification of ``draw`` below: change one, change the other (a test runs these steps).
PROCEDURE: dict[str, tuple[str, ...]] = {
    "en": (
        "Take the published seed S exactly as printed (for example 20261127-153012) and the roster "
        "the draw was made from: every unit's code, type and approving unit (sheet \"Roster\"), and "
        "every inspector's name and home unit (sheet \"Inspectors\").",
        "Check the roster: write one line CODE:TYPE per unit (for example DC-PS1:school), sort the "
        "lines in plain character order, end every line with a line break and take the SHA-256 of "
        "the whole text. It must equal the roster hash printed with the draw "
        "(on Linux or macOS: LC_ALL=C sort roster.txt | sha256sum).",
        "For every unit, take the SHA-256 of the text S:CODE - the seed, a colon and the unit code, "
        "in UTF-8, with no spaces and no line break - written as 64 lower-case hexadecimal digits "
        "(printf '%s' 'S:CODE' | sha256sum, or hashlib.sha256('S:CODE'.encode()).hexdigest() in Python).",
        "Within each unit type, sort the units by that value, smallest first "
        "(0 < 1 < ... < 9 < a < ... < f, character by character).",
        "Decide how many units to take from a type that has N units. Mode count:K - K, or all N if "
        "the type has fewer. Mode ratio:R - R x N rounded up to a whole number, computed exactly "
        "(0.3 x 10 = 3; 0.3 x 7 = 2.1, so 3), and never fewer than 1. Mode census - all N. "
        "Take that many from the top of each type's list: these are the units drawn.",
        "For each drawn unit U, list the inspectors and strike out everyone whose home unit is U "
        "itself, the unit that approves U, or a unit that U approves.",
        "For each inspector left, take the SHA-256 of S:CODE:NAME (U's code and the inspector's "
        "name exactly as listed, in UTF-8) and sort smallest first. The first two are U's "
        "inspectors. Each unit is drawn on its own, so one inspector may be drawn for several units.",
    ),
    "zh": (
        "取公布的随机种子 S（与公布的文字完全一致，例如 20261127-153012）和本次抽取所依据的名册："
        "各单位的代码、类型和审核单位（“单位名册”表），以及各检查人员的姓名和所在单位（“检查人员名册”表）。",
        "核对名册：每个单位写一行“代码:类型”（例如 DC-PS1:school），按字符顺序排序，每行以换行结束，"
        "计算全文的 SHA-256，结果应与本次抽取公布的名册哈希一致"
        "（Linux 或 macOS 下：LC_ALL=C sort roster.txt | sha256sum）。",
        "对每个单位，计算文本“S:代码”（种子、英文冒号、单位代码，UTF-8 编码，不含空格和换行）的 SHA-256，"
        "写成 64 位小写十六进制数（printf '%s' 'S:代码' | sha256sum，"
        "或 Python 中 hashlib.sha256('S:代码'.encode()).hexdigest()）。",
        "在每一类单位内，按该值从小到大排序（逐字符比较，0 < 1 < … < 9 < a < … < f）。",
        "确定每类抽取的数量（该类共 N 个单位）：方式 count:K 取 K 个，不足 K 个时全取；"
        "方式 ratio:R 取 R × N 向上取整，按精确小数计算（0.3 × 10 = 3；0.3 × 7 = 2.1，取 3），至少 1 个；"
        "方式 census（全面检查）取全部 N 个。从每类排序结果的最前面取相应数量，即为抽中的单位。",
        "对每个抽中的单位 U，列出全部检查人员，划去所在单位为 U 本身、U 的审核单位或由 U 审核的单位的人员。",
        "对剩下的每位检查人员，计算“S:代码:姓名”（U 的代码和名册中的姓名原文，UTF-8 编码）的 SHA-256，"
        "从小到大排序，前两位即为 U 的检查人员。各单位分别抽取，同一检查人员可能被抽中检查多个单位。",
    ),
}


class DrawError(ValueError):
    """A draw that cannot be made as asked (bad ratio or count, too few eligible inspectors)."""


# ---------------------------------------------------------------- the roster


@dataclass(frozen=True)
class RosterUnit:
    code: str
    type: str
    approver: str


@dataclass(frozen=True)
class Roster:
    """What a draw depends on, kept with the draw so it can be verified after config changes."""

    units: tuple[RosterUnit, ...]
    inspectors: tuple[Inspector, ...]
    bureau_code: str = ""

    def types(self) -> list[str]:
        """Unit types present, in the template's order (unknown ones after, alphabetically)."""
        present = {u.type for u in self.units}
        known = [c.key for c in UNIT_TYPES if c.key in present]
        return known + sorted(present - set(known))

    def as_result(self) -> dict[str, Any]:
        return {"roster": [[u.code, u.type, u.approver] for u in self.units],
                "inspector_roster": [[i.name, i.unit] for i in self.inspectors],
                "bureau_code": self.bureau_code}

    @classmethod
    def from_result(cls, result: Mapping[str, Any]) -> Roster:
        return cls(tuple(RosterUnit(*u) for u in result.get("roster", ())),
                   tuple(Inspector(*i) for i in result.get("inspector_roster", ())),
                   result.get("bureau_code", ""))


def roster_of(config: Config) -> Roster:
    return Roster(tuple(RosterUnit(u.code, u.type, u.approver) for u in config.units),
                  tuple(config.inspectors), config.bureau_code)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lines_hash(lines: Iterable[str]) -> str:
    # Sorted lines, each ending in a line break: what `LC_ALL=C sort file | sha256sum` hashes.
    return _sha("".join(f"{line}\n" for line in sorted(lines)))


def roster_hash(config: Config | Roster) -> str:
    """SHA-256 of the sorted ``code:type`` lines of the units (each line ending in a newline)."""
    roster = config if isinstance(config, Roster) else roster_of(config)
    return _lines_hash(f"{u.code}:{u.type}" for u in roster.units)


def inspector_hash(roster: Roster) -> str:
    """SHA-256 of the sorted ``name:home unit`` lines of the inspectors, like ``roster_hash``."""
    return _lines_hash(f"{i.name}:{i.unit}" for i in roster.inspectors)


def unit_value(seed: str, code: str) -> str:
    """The rank value of a unit: ``sha256(seed:code)`` in lower-case hex."""
    return _sha(f"{seed}:{code}")


def inspector_value(seed: str, code: str, name: str) -> str:
    """The rank value of an inspector for a unit: ``sha256(seed:code:name)`` in lower-case hex."""
    return _sha(f"{seed}:{code}:{name}")


def ranked_units(roster: Roster, seed: str) -> dict[str, list[tuple[RosterUnit, str]]]:
    """Each type's units with their rank value, smallest value first."""
    out: dict[str, list[tuple[RosterUnit, str]]] = {kind: [] for kind in roster.types()}
    for u in roster.units:
        out[u.type].append((u, unit_value(seed, u.code)))
    for rows in out.values():
        rows.sort(key=lambda r: (r[1], r[0].code))
    return out


def exclusion(roster: Roster, code: str, inspector: Inspector) -> str | None:
    """Why ``inspector`` may not inspect unit ``code`` ("own" / "approver" / "approved"), or None."""
    unit = next(u for u in roster.units if u.code == code)
    if inspector.unit == code:
        return "own"
    if inspector.unit == unit.approver:
        return "approver"
    if any(u.code == inspector.unit and u.approver == code for u in roster.units):
        return "approved"
    return None


def ranked_inspectors(roster: Roster, seed: str, code: str) -> list[tuple[Inspector, str]]:
    """The inspectors eligible for unit ``code`` with their rank value, smallest first."""
    rows = [(i, inspector_value(seed, code, i.name)) for i in roster.inspectors
            if exclusion(roster, code, i) is None]
    rows.sort(key=lambda r: (r[1], r[0].name))
    return rows


def how_many(size: int, *, count: int | None = None, ratio: float | None = None,
             census: bool = False) -> int:
    """Units to take from a type of ``size`` units (step 5 of the procedure)."""
    if size == 0:
        return 0
    if census:
        return size
    if count is not None:
        return min(count, size)
    assert ratio is not None
    # Exact decimal arithmetic: in floating point 0.3 × 10 is 3.0000000000000004, which
    # would round up to 4 where a person with a pencil gets 3.
    exact = Fraction(Decimal(str(ratio))) * size
    return max(1, min(size, math.ceil(exact)))


def mode_of(*, count: int | None, ratio: float | None, census: bool) -> str:
    if census:
        return "census"
    if count is not None:
        return f"count:{count}"
    return f"ratio:{ratio}"


# ---------------------------------------------------------------- the draw


@dataclass(frozen=True)
class Draw:
    """One draw: the units per type in rank order, and each unit's inspectors."""

    seed: str
    mode: str
    roster: Roster
    by_type: dict[str, tuple[str, ...]]
    sizes: dict[str, int]
    inspectors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(code for codes in self.by_type.values() for code in codes)

    @property
    def roster_hash(self) -> str:
        return roster_hash(self.roster)

    def result(self) -> dict[str, Any]:
        """What the store keeps: the outcome, and the roster it was drawn from."""
        return {"units": list(self.units),
                "inspectors": {c: list(names) for c, names in self.inspectors.items()},
                "by_type": {k: list(v) for k, v in self.by_type.items()}, "sizes": dict(self.sizes),
                "inspector_hash": inspector_hash(self.roster), **self.roster.as_result()}

    @classmethod
    def from_record(cls, row: Mapping[str, Any]) -> Draw:
        """Rebuild a draw from a row of the store's ``draws`` table (``result`` JSON or dict)."""
        import json

        result = row["result"]
        if isinstance(result, str):
            result = json.loads(result)
        roster = Roster.from_result(result)
        stored = result.get("by_type", {})
        # The store writes JSON with sorted keys: put the types back in the roster's order.
        order = [k for k in roster.types() if k in stored] + [k for k in stored if k not in roster.types()]
        return cls(seed=row["seed"], mode=row["mode"], roster=roster,
                   by_type={k: tuple(stored[k]) for k in order},
                   sizes=dict(result.get("sizes", {})),
                   inspectors={k: tuple(v) for k, v in result.get("inspectors", {}).items()})


def clean_seed(seed: object, lang: str = "en") -> str:
    """The seed as it will be published; a blank seed or one with line breaks is refused."""
    text = str(seed).strip()
    if not text or any(ch in text for ch in "\r\n\t") or len(text) > 200:
        raise DrawError(t("lottery.bad_seed", lang, seed=seed))
    return text


def new_seed(now: dt.datetime | None = None) -> str:
    """A seed made from the current time, like 20261127-153012."""
    return (now or dt.datetime.now()).strftime(SEED_FORMAT)


def draw(config: Config | Roster, seed: str, *, count: int | None = None, ratio: float | None = None,
         census: bool = False, lang: str | None = None) -> Draw:
    """Draw units per type and two inspectors per unit; the same seed and roster give the same draw."""
    roster = config if isinstance(config, Roster) else roster_of(config)
    lang = lang or (config.language if isinstance(config, Config) else "en")
    seed = clean_seed(seed, lang)
    if sum((count is not None, ratio is not None, census)) > 1:
        raise DrawError(t("cli.sample_one_mode", lang))
    if count is not None and count < 1:
        raise DrawError(t("lottery.bad_count", lang, count=count))
    if not census and count is None:
        if ratio is None:
            ratio = config.sample_ratio if isinstance(config, Config) else 0.3
        try:
            ok = 0 < Decimal(str(ratio)) <= 1
        except InvalidOperation:
            ok = False
        if not ok:
            raise DrawError(t("lottery.bad_ratio", lang, ratio=ratio))
    names = [i.name for i in roster.inspectors]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise DrawError(t("lottery.duplicate_inspector", lang, names=", ".join(twice)))

    by_type: dict[str, tuple[str, ...]] = {}
    sizes: dict[str, int] = {}
    for kind, rows in ranked_units(roster, seed).items():
        sizes[kind] = len(rows)
        n = how_many(len(rows), count=count, ratio=ratio, census=census)
        by_type[kind] = tuple(u.code for u, _ in rows[:n])
    inspectors: dict[str, tuple[str, ...]] = {}
    for code in (c for codes in by_type.values() for c in codes):
        eligible = ranked_inspectors(roster, seed, code)
        if len(eligible) < INSPECTORS_PER_UNIT:
            raise DrawError(t("lottery.too_few_inspectors", lang, unit=code, eligible=len(eligible),
                              needed=INSPECTORS_PER_UNIT))
        inspectors[code] = tuple(i.name for i, _ in eligible[:INSPECTORS_PER_UNIT])
    return Draw(seed, mode_of(count=count, ratio=ratio, census=census), roster, by_type, sizes,
                inspectors)


# ---------------------------------------------------------------- draw, keep, show


def draw_and_record(config: Config, *, seed: str | None = None, count: int | None = None,
                    ratio: float | None = None, census: bool = False,
                    period: str | None = None) -> str:
    """Draw, keep the draw in the store, write outbox/latest/inspection.xlsx; returns the text to print."""
    from pacesetter.inspections import load_inspections
    from pacesetter.reports import inspection as report
    from pacesetter.reports.context import ReportContext
    from pacesetter.run import RunLocked, run_lock
    from pacesetter.store import Store
    from pacesetter.text_table import table

    lang = config.language
    made = seed is None
    seed = new_seed() if made else clean_seed(seed, lang)
    period = period or DEFAULT_PERIOD
    known = {p.key: p for p in config.periods()}
    if period not in known:
        raise DrawError(t("lottery.unknown_period", lang, period=period, known=", ".join(known)))
    result = draw(config, seed, count=count, ratio=ratio, census=census, lang=lang)

    # The run lock: a run swapping outbox/latest must not meet a half-written draw.
    try:
        with run_lock(config.root), Store.open(config.root) as store:
            earlier = [dict(r) for r in store.draws() if r["period"] == period]
            draw_id = store.record_draw(period=period, seed=seed, mode=result.mode,
                                        roster_hash=result.roster_hash, result=result.result())
            ctx = ReportContext(config, dt.date.today(), f"draw-{draw_id}",
                                config.path("outbox", "latest"))
            ctx.draws = [dict(r) for r in store.draws()]
            ctx.inspections = load_inspections(store)  # type: ignore[attr-defined]  # shown if present
            written = report.write(ctx)
    except RunLocked:
        raise DrawError(t("lottery.locked", lang)) from None

    units = config.unit
    lines = []
    if made:
        lines.append(t("lottery.seed_made", lang, seed=seed))
    lines.append(t("lottery.header", lang, id=draw_id, period=known[period].label(lang), seed=seed,
                   mode=mode_words(result.mode, lang), hash=result.roster_hash[:16]))
    body = []
    for kind, codes in result.by_type.items():
        for code in codes:
            body.append([type_label(kind, lang), code, units[code].name if code in units else code,
                         name_list(result.inspectors[code], lang)])
    lines.append(table([t("col.unit_type", lang), t("col.unit_code", lang), t("col.unit", lang),
                        t("inspection.col.inspectors", lang)], body))
    lines.append(t("lottery.per_type", lang, counts=per_type_words(result, lang)))
    if earlier:
        kept = "; ".join(t("lottery.earlier_one", lang, id=e["id"], seed=e["seed"],
                           at=e["drawn_at"].replace("T", " ")) for e in earlier)
        lines.append(t("lottery.earlier", lang, draws=kept))
    for path in written:
        lines.append(t("lottery.written", lang, path=_shown_path(path, config.root)))
    return "\n".join(lines)


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def type_label(kind: str, lang: str) -> str:
    choice = next((c for c in UNIT_TYPES if c.key == kind), None)
    return choice.label(lang) if choice else kind


def name_list(names: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def mode_words(mode: str, lang: str) -> str:
    """``count:2`` / ``ratio:0.3`` / ``census`` in words."""
    kind, _, value = mode.partition(":")
    if kind == "count":
        return t("inspection.mode.count", lang, count=value, mode=mode)
    if kind == "ratio":
        try:
            pct = f"{Decimal(value) * 100:f}".rstrip("0").rstrip(".") + "%"
        except InvalidOperation:
            pct = value
        return t("inspection.mode.ratio", lang, pct=pct, mode=mode)
    return t("inspection.mode.census", lang, mode=mode)


def per_type_words(d: Draw, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(t("lottery.type_count", lang, type=type_label(k, lang), drawn=len(codes),
                      size=d.sizes.get(k, len(codes))) for k, codes in d.by_type.items())
