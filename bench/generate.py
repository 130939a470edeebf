#!/usr/bin/env python3
"""Write a benchmark campaign: a roster of N units and N filled commitment files.

    python bench/generate.py --n 1000            # -> bench/out/corpus/n1000-s1-zh/
    python bench/generate.py --n 200 --check 5   # and prove the fast writer against openpyxl

The files are what ``demo`` writes — the unit's own template, opened and filled with
openpyxl, saved with fixed time stamps — made at thousands per minute:

* one skeleton per kind of approver (the bureau, a town office) is built the slow,
  real way: ``write_template`` for a placeholder unit, loaded and saved by openpyxl,
  with a Category merged down three rows so openpyxl's own merge styles exist;
* each file is that skeleton with the unit's cells written into the sheet XML the
  way openpyxl writes them (inline strings, dates as serial numbers in the
  template's date style, merged Category cells, placeholders replaced).

``--check K`` writes K units both ways and compares every cell of every sheet as
python-calamine reads them, and the findings pacesetter gives, so the fast path
cannot drift from the real one. About 6 % of the files are then re-saved by
LibreOffice, 200 per ``soffice`` call (shared strings, as Excel and WPS write them).

Corpora are cached under ``bench/out/corpus/`` by N, seed and language, with a
fingerprint of the sources that shape them; a stale or half-written one is rebuilt.
"""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import datetime as dt
import fcntl
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, unescape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pacesetter.config import Config, Unit, load_config  # noqa: E402

# The demo's own task pools (titles, objectives, measures in both languages): the
# benchmark types the tasks that ``demo`` types, only more of them per unit.
from pacesetter.demo import _CULTURE, _EDUCATION, _SCHOOL  # noqa: E402
from pacesetter.fields import (  # noqa: E402
    EXCHANGE_FIELDS,
    META_SHEET,
    SHEETS,
    TASK_FIELDS,
    UNIT_FIELDS,
    choice_label,
)
from pacesetter.i18n import t  # noqa: E402
from pacesetter.sample_config import INDICATORS, sample_config  # noqa: E402

GENERATOR_VERSION = 3  # bump when the files change shape
OUT = HERE / "out"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
RESAVE_SHARE = 0.06  # re-saved by LibreOffice
LO_BATCH = 200  # files per soffice call
MISTAKE_SHARE = 0.05  # files with an error that rejects them
EXTRA_FILES = 5  # June progress reports, for the incremental run
PH_CODE = "ZZPHCODE"  # placeholders in the skeleton, replaced in every file
PH_NAME = "ZZPHNAME"
PH_LEADERS = ("ZZPHLEADERA", "ZZPHLEADERB")
PH_AUTHOR = "ZZPHAUTHOR"
PH_MODIFIED = "2000-01-01T00:00:00Z"
_H, _L, _M = "higher", "lower", "milestone"
_SOURCES = ("bench/generate.py", "pacesetter/template.py", "pacesetter/fields.py",
            "pacesetter/sample_config.py", "pacesetter/demo.py", "pacesetter/catalog/template.py")

Pair = tuple[str, str]

# ---------------------------------------------------------------- the roster

_SURNAMES: tuple[Pair, ...] = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"),
    ("Ma", "马"), ("Luo", "罗"), ("Liang", "梁"), ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"),
    ("Han", "韩"), ("Tang", "唐"), ("Feng", "冯"), ("Yu", "于"), ("Dong", "董"), ("Cheng", "程"),
)
_GIVEN: tuple[Pair, ...] = (
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Li", "丽"),
    ("Qiang", "强"), ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"),
    ("Jie", "杰"), ("Tao", "涛"), ("Ming", "明"), ("Chao", "超"), ("Xiuying", "秀英"), ("Hua", "华"),
    ("Jianguo", "建国"), ("Xiaoyan", "晓燕"), ("Zhiqiang", "志强"), ("Haiyan", "海燕"),
    ("Wenbo", "文博"), ("Zihan", "子涵"), ("Yutong", "雨桐"), ("Haoran", "浩然"), ("Xinyi", "欣怡"),
    ("Junjie", "俊杰"), ("Siyuan", "思远"), ("Jiaqi", "佳琪"),
)
_TOWNS: tuple[Pair, ...] = (
    ("Dongcheng", "东城"), ("Xihu", "西湖"), ("Nanshan", "南山"), ("Beiguan", "北关"),
    ("Qinglong", "青龙"), ("Baisha", "白沙"), ("Jinshan", "金山"), ("Yinhe", "银河"),
    ("Fenghuang", "凤凰"), ("Longquan", "龙泉"), ("Taoyuan", "桃园"), ("Liulin", "柳林"),
    ("Shiqiao", "石桥"), ("Xinhua", "新华"), ("Yongan", "永安"), ("Changle", "长乐"),
    ("Taiping", "太平"), ("Heping", "和平"), ("Hongxing", "红星"), ("Guangming", "光明"),
    ("Chaoyang", "朝阳"), ("Huanghe", "黄河"), ("Songjiang", "松江"), ("Meilin", "梅林"),
    ("Lanting", "兰亭"), ("Zhuyuan", "竹园"), ("Shuangqiao", "双桥"), ("Sanli", "三里"),
    ("Jiulong", "九龙"), ("Wuli", "五里"),
)
_TOWN_PARTS: tuple[Pair, ...] = (
    ("", ""), ("East ", "东"), ("West ", "西"), ("South ", "南"), ("North ", "北"), ("New ", "新"),
    ("Central ", "中"), ("Upper ", "上"), ("Lower ", "下"), ("Outer ", "外"),
)
_SCHOOL_KINDS: tuple[Pair, ...] = (
    ("No. {k} Primary School", "第{k}小学"), ("No. {k} Primary School", "第{k}小学"),
    ("No. {k} Middle School", "第{k}中学"), ("Kindergarten No. {k}", "第{k}幼儿园"),
)
_DEPARTMENTS: tuple[Pair, ...] = (
    ("Culture Station", "文化站"), ("Library Branch", "图书分馆"), ("Heritage Office", "文物保护所"),
    ("Cultural Centre", "文化馆"), ("Sports Centre", "体育中心"), ("Teaching Research Office", "教研室"),
    ("Education Technology Centre", "电教中心"), ("Youth Activity Centre", "青少年活动中心"),
)


def _w(pair: Pair, lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _town(i: int) -> Pair:
    part = _TOWN_PARTS[(i // len(_TOWNS)) % len(_TOWN_PARTS)]
    base = _TOWNS[i % len(_TOWNS)]
    lap = i // (len(_TOWNS) * len(_TOWN_PARTS))
    suffix = ("", "") if lap == 0 else (f" {lap + 1}", str(lap + 1))
    return f"{part[0]}{base[0]}{suffix[0]}", f"{part[1]}{base[1]}{suffix[1]}"


def _person(rng: random.Random) -> Pair:
    s, g = rng.choice(_SURNAMES), rng.choice(_GIVEN)
    return f"{s[0]} {g[0]}", f"{s[1]}{g[1]}"


def roster_toml(n: int, seed: int, lang: str) -> str:
    """config.toml for a campaign of ``n`` units, shaped like the sample campaign.

    The sample's campaign, bureau, calendar, scoring and benchmark units are kept;
    its fifteen units are replaced by a city's: about 6 % town offices (two leaders
    each, approving their schools), 12 % departments, the rest schools, four in
    five of them under a town office.
    """
    if n < 3:
        raise SystemExit("--n must be at least 3 (an office, a school, a department)")
    rng = random.Random(f"roster/{seed}")
    head = sample_config(lang).split("\n[[units]]", 1)[0].rstrip() + "\n\n"
    offices = max(1, round(n * 0.06))
    depts = max(1, round(n * 0.12))
    schools = n - offices - depts
    out = [head]
    w = out.append
    phone = lambda: f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"  # noqa: E731

    def unit(code: str, name: str, kind: str, approver: str, leaders: list[str] | None = None) -> None:
        head_p, contact = _person(rng), _person(rng)
        w("[[units]]")
        w(f'code = "{code}"')
        w(f"name = {_q(name)}")
        w(f'type = "{kind}"')
        w(f'approver = "{approver}"')
        w(f"first_responsible = {_q(_w(head_p, lang))}")
        w(f"contact_person = {_q(_w(contact, lang))}")
        w(f'contact_phone = "{phone()}"')
        w(f'email = "{code.lower()}@example.gov.cn"')
        if leaders:
            w(f"leaders = [{', '.join(_q(x) for x in leaders)}]")
        w("")

    office_codes = []
    for i in range(offices):
        town = _town(i)
        code = f"OF{i + 1:04d}"
        office_codes.append((code, town))
        name = (f"{town[1]}{'街道' if i % 3 else '镇'}教育文化办" if lang == "zh"
                else f"{town[0]} Town Education and Culture Office")
        leaders = [_w(_person(rng), lang) for _ in range(2)]
        unit(code, name, "office", "BUREAU", leaders)
    counters: dict[tuple[str, int], int] = {}
    for i in range(schools):
        kind = rng.randrange(len(_SCHOOL_KINDS))
        if rng.random() < 0.8:
            approver, town = rng.choice(office_codes)
        else:
            approver, town = "BUREAU", ("District", "区")
        k = counters[(town[1], kind)] = counters.get((town[1], kind), 0) + 1
        en, zh = _SCHOOL_KINDS[kind]
        name = f"{town[1]}{zh.format(k=k)}" if lang == "zh" else f"{town[0]} {en.format(k=k)}"
        unit(f"SC{i + 1:05d}", name, "school", approver)
    for i in range(depts):
        town, dept = _town(i // len(_DEPARTMENTS)), _DEPARTMENTS[i % len(_DEPARTMENTS)]
        name = f"{town[1]}{dept[1]}" if lang == "zh" else f"{town[0]} {dept[0]}"
        unit(f"DP{i + 1:04d}", name, "department", "BUREAU")
    homes = ["BUREAU"] * 4 + [c for c, _ in office_codes[:6]]
    for i in range(max(10, len(homes))):
        w("[[inspectors]]")
        w(f"name = {_q(_w(_person(rng), lang))}")
        w(f'unit = "{homes[i % len(homes)]}"')
        w("")
    return "\n".join(out)


# ---------------------------------------------------------------- what each unit types

_EXTRA_POOL = {  # more ideas per unit type, so that a unit has 13 to 15 tasks
    "school": (_SCHOOL, ("reading",), ("smart_rooms",)),
    "office": (_EDUCATION, ("performances", "reading", "inspections", "heritage", "industry"), ()),
    "department": (_CULTURE, (), ("training", "complaint_time", "drills")),
}
MISTAKES = ("missing_deadline", "bad_date", "wrong_unit_code", "duplicate_task_no", "unreadable_target",
            "wrong_approver")


def _pool(kind: str) -> list[Any]:
    base, culture, education = _EXTRA_POOL[kind]
    extra = [i for i in _CULTURE if i.key in culture] + [i for i in _EDUCATION if i.key in education]
    seen: set[str] = set()
    out = []
    for idea in [*base, *extra]:
        if idea.key not in seen:
            seen.add(idea.key)
            out.append(idea)
    return out


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@dataclass
class Filled:
    """One file's contents, in the template's coordinates, whichever way it is written."""

    unit: Unit
    name: str  # file name
    moment: dt.datetime  # submission time: the file's mtime and its modified stamp
    author: str
    unit_values: dict[str, Any]  # Unit-sheet field key -> value
    tasks: list[dict[str, Any]]  # Tasks field key -> value, one dict per row from row 2
    merges: list[tuple[int, int]] = field(default_factory=list)  # Category merges: first, last row index
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    mistake: str | None = None
    unprotect: bool = False


class Typist:
    """Plans each unit's tasks and types them the way ``demo`` does (text numbers, text dates)."""

    def __init__(self, config: Config, seed: int):
        self.config = config
        self.lang = config.language
        self.seed = seed
        self.year = config.year
        self.periods = config.periods()
        self.leaders = {u.code: config.approver_leaders(u.code) for u in config.units}
        self.pools = {kind: _pool(kind) for kind in _EXTRA_POOL}

    def indicator(self, idea: Any) -> str:
        if isinstance(idea.indicator, int):
            row = INDICATORS[idea.indicator]
            return row[1] if self.lang == "zh" else row[0]
        return _w(idea.indicator, self.lang)

    def _typed_date(self, day: dt.date, rng: random.Random, *, plain: bool = False) -> Any:
        if rng.random() < 0.5:
            return day
        last = calendar.monthrange(day.year, day.month)[1]
        options = [f"{day.year}/{day.month:02d}/{day.day:02d}", f"{day.year}年{day.month}月{day.day}日",
                   f"{day.year}.{day.month}.{day.day}"]
        if not plain and day.month == 12 and day.day == 31:
            options += ["年底", "年底", "end of year" if self.lang == "en" else "年内"]
        elif not plain and day.day == last:
            options += [f"{day.month}月底"]
        return rng.choice(options)

    def _typed_target(self, idea: Any, target: float, rng: random.Random) -> Any:
        if idea.direction == _M:
            return _w(idea.done, "zh" if rng.random() < 0.3 else self.lang)
        r = rng.random()
        if idea.uom == ("%", "%"):
            if r < 0.55:
                return _plain(target)
            if r < 0.7:
                return f"{_num(target)}%"
            return f"≥{_num(target)}%" if r < 0.85 else f"{_num(target)}%以上"
        if idea.word and idea.direction == _H and r < 0.25:
            return f"{_num(target)}{idea.word}"
        return _plain(target)

    def commitment(self, unit: Unit, index: int) -> Filled:
        """The unit's filled commitment; about one in twenty carries a mistake that rejects it."""
        rng = random.Random(f"{self.seed}/{unit.code}")
        cfg, lang = self.config, self.lang
        bench_units = cfg.benchmark_units
        bench = (bench_units[0] if unit.type == "school" and rng.random() < 0.8 else
                 bench_units[min(1, len(bench_units) - 1)] if rng.random() < 0.75 else bench_units[-1])
        refs = bench.references
        pool = self.pools[unit.type]
        count = min(len(pool), rng.randint(13, 15), cfg.tasks.max_tasks)
        ideas = rng.sample(pool, count)
        first = next((i for i in ideas if refs.get(self.indicator(i)) is not None), ideas[0])
        rest = sorted((i for i in ideas if i is not first), key=lambda i: (i.cat, i.key))
        cats = cfg.tasks.categories
        people = [_w(_person(rng), lang) for _ in range(8)]
        chinese_measures = lang == "en" and rng.random() < 0.15
        rows: list[dict[str, Any]] = []
        for no, idea in enumerate([first, *rest], start=1):
            ref = refs.get(self.indicator(idea))
            with_bench = no == 1 or (ref is not None and rng.random() < 0.6)
            target = float(idea.target)
            if idea.direction == _H and idea.whole and target >= 5:
                target += rng.randint(0, 2)
            deadline = dt.date(self.year, *idea.deadline)
            start = dt.date(self.year, *rng.choice([(5, 16), (5, 20), (5, 20), (6, 1), (7, 1)]))
            if (deadline - start).days < 60:
                start = dt.date(self.year, 5, 16)
            measures = _w(idea.measures, lang)
            if chinese_measures and no % 2 == 0:
                measures = idea.measures[1]
            bench_value = None
            if with_bench:
                bench_value = ref if ref is not None else (
                    1 if idea.direction == _M else max(target - 1, 1) if idea.direction == _L
                    else round(target * 1.1))
            rows.append({
                "task_no": no,
                "category": cats[0] if no == 1 else cats[idea.cat % len(cats)],
                "title": _w(idea.title, lang),
                "objective": _w(idea.objective, lang).format(t=_num(target)),
                "indicator": self.indicator(idea),
                "unit_of_measure": _w(idea.uom, lang),
                "direction": choice_label("direction", idea.direction, lang),
                "baseline": None if idea.direction == _M else _plain(idea.baseline),
                "target": self._typed_target(idea, target, rng),
                "benchmark_unit": bench.name if with_bench else None,
                "benchmark_value": _plain(bench_value) if bench_value is not None else None,
                "measures": measures,
                "lead_leader": rng.choice(people[:2]),
                "responsible_person": rng.choice(people[2:5]),
                "responsible_dept": _w(idea.dept, lang),
                "handler": rng.choice(people[5:]),
                "start_date": self._typed_date(start, rng, plain=True) if rng.random() < 0.15 else start,
                "deadline": self._typed_date(deadline, rng),
            })
        merges: list[tuple[int, int]] = []
        if rng.random() < 0.45:  # people merge the Category cells of a group, as Excel users do
            start = 0
            for i in range(1, len(rows) + 1):
                if i < len(rows) and rows[i]["category"] == rows[start]["category"]:
                    continue
                if i - start >= 2:
                    merges.append((start, i - 1))
                start = i
        commit = self.periods[0]
        submitted = commit.due - dt.timedelta(days=rng.randint(0, 6))
        exchanges = []
        if rng.random() < 0.9:
            topic = t(f"demo.topic.{rng.choice(('service', 'digital', 'staff', 'quality'))}", lang)
            exchanges.append({
                "date": dt.date(self.year, 5, rng.randint(6, 12)), "benchmark_unit": bench.name,
                "form": choice_label("form", "visit", lang),
                "content": t("demo.exchange.visit", lang, bench=bench.name, topic=topic),
                "participants": ("、" if lang == "zh" else ", ").join(people[:2])})
        filled = Filled(
            unit=unit, name=self._file_name(unit, rng),
            moment=dt.datetime.combine(submitted, dt.time(9, 0)) + dt.timedelta(minutes=index % 480),
            author=unit.contact_person or "pacesetter",
            unit_values=self._unit_values(unit, commit.label(lang), submitted, rng),
            tasks=rows, merges=merges, exchanges=exchanges)
        if rng.random() < MISTAKE_SHARE:
            self._mistake(filled, rng.choice(MISTAKES))
        return filled

    def progress(self, base: Filled, month: int) -> Filled:
        """The unit's report for ``month``: its committed cells as typed, plus progress."""
        rng = random.Random(f"{self.seed}/{base.unit.code}/{month}")
        lang = self.lang
        period = next(p for p in self.periods if p.month == month)
        submitted = period.due - dt.timedelta(days=rng.randint(1, 4))
        rows = []
        for r in base.tasks:
            row = dict(r)
            start = r["start_date"]
            started = isinstance(start, dt.date) and start <= dt.date(self.year, month, 28)
            status = "in_progress" if started or rng.random() < 0.5 else "not_started"
            row["status"] = choice_label("status", status, lang)
            if status == "in_progress":
                row["progress_note"] = t("demo.note.milestone_open", lang, deadline=str(r["deadline"]))
                row["evidence"] = t("demo.evidence.minutes", lang)
                if isinstance(r["baseline"], int | float):
                    row["current_value"] = r["baseline"]
            else:
                row["progress_note"] = t("demo.note.not_started", lang, start=str(r["start_date"]))
            rows.append(row)
        return Filled(
            unit=base.unit, name=f"{base.unit.code}_{period.key}进展.xlsx",
            moment=dt.datetime.combine(submitted, dt.time(10, 0)), author=base.author,
            unit_values=self._unit_values(base.unit, period.label(lang), submitted, rng),
            tasks=rows, exchanges=[])

    def _unit_values(self, unit: Unit, period_label: str, submitted: dt.date,
                     rng: random.Random) -> dict[str, Any]:
        approved = submitted - dt.timedelta(days=rng.randint(0, 2))
        return {
            "unit_code": unit.code, "unit_name": unit.name, "period": period_label,
            "submission_date": submitted.strftime("%Y/%m/%d") if rng.random() < 0.05 else submitted,
            "first_responsible": unit.first_responsible, "contact_person": unit.contact_person,
            "contact_phone": unit.contact_phone or f"0536-{rng.randint(2000000, 8999999)}",
            "approved_by": rng.choice(self.leaders[unit.code]),
            "approval_date": approved,
        }

    def _file_name(self, unit: Unit, rng: random.Random) -> str:
        options = [f"{unit.name} 目标承诺表", f"{unit.name}寻标对标任务目标", f"{unit.code} 目标承诺",
                   f"{unit.name}任务目标（定稿）", f"副本 {unit.name}目标承诺表"]
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", rng.choice(options)).strip(" .")
        return f"{stem}.xlsx"

    def _mistake(self, filled: Filled, kind: str) -> None:
        rows = filled.tasks
        filled.mistake = kind
        if kind == "missing_deadline":
            rows[min(3, len(rows) - 1)]["deadline"] = None
        elif kind == "bad_date":
            rows[min(2, len(rows) - 1)]["deadline"] = f"{self.year}-13-45"
        elif kind == "wrong_unit_code":
            filled.unit_values["unit_code"] = filled.unit.code + "1"
            filled.unprotect = True  # people unprotect the sheet to "fix" the code
        elif kind == "duplicate_task_no":
            rows[-1]["task_no"] = rows[-2]["task_no"]
        elif kind == "unreadable_target":
            row = next((r for r in rows[1:] if not isinstance(r["target"], str)), rows[-1])
            row["target"] = "待定" if self.lang == "zh" else "to be decided"
        elif kind == "wrong_approver":
            filled.unit_values["approved_by"] = "王局长" if self.lang == "zh" else "Director Wang"


# ---------------------------------------------------------------- the fast writer

_ROW = re.compile(r'<row r="(\d+)"([^>]*?)(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_STYLE = re.compile(r'\bs="(\d+)"')
_INLINE = re.compile(r"<t[^>]*>(.*?)</t>", re.S)
_MERGES = re.compile(r"<mergeCells\b.*?</mergeCells>|<mergeCells\b[^>]*/>", re.S)
_PROTECTION = re.compile(r"<sheetProtection\b[^>]*/>")
_EPOCH = dt.date(1899, 12, 30)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _col_letters(index: int) -> str:
    out, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _cell_xml(ref: str, style: str | None, value: Any) -> str:
    """One cell as openpyxl writes it (inline strings; dates as serial numbers)."""
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s} t="n" />'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime.combine(_EPOCH, dt.time())
        return f'<c r="{ref}"{s} t="n"><v>{delta.days + delta.seconds / 86400}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s} t="n"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s} t="n"><v>{value}</v></c>'
    text = str(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


@dataclass
class _Sheet:
    head: str  # up to and including <sheetData>
    rows: list[tuple[int, str, list[tuple[int, str, str | None]]]]  # (row, attrs, [(col, raw, style)])
    tail: str  # from </sheetData>

    @classmethod
    def parse(cls, xml: str) -> _Sheet:
        start = xml.index("<sheetData>") + len("<sheetData>")
        end = xml.index("</sheetData>")
        rows = []
        for m in _ROW.finditer(xml, start, end):
            cells = []
            for c in _CELL.finditer(m.group(3) or ""):
                style = _STYLE.search(c.group(3))
                cells.append((_col_index(c.group(1)), c.group(0), style.group(1) if style else None))
            rows.append((int(m.group(1)), m.group(2), cells))
        return cls(xml[:start], rows, xml[end:])

    def text_at(self, row: int, col: int) -> str | None:
        for r, _, cells in self.rows:
            if r == row:
                for c, raw, _ in cells:
                    if c == col:
                        m = _INLINE.search(raw)
                        return unescape(m.group(1)) if m else None
        return None

    def style_at(self, row: int, col: int) -> str | None:
        for r, _, cells in self.rows:
            if r == row:
                return next((s for c, _, s in cells if c == col), None)
        return None

    def render(self, values: dict[tuple[int, int], Any], styles: dict[tuple[int, int], str | None],
               tail: str | None = None) -> str:
        out = [self.head]
        for r, attrs, cells in self.rows:
            out.append(f'<row r="{r}"{attrs}>')
            for c, raw, style in cells:
                key = (r, c)
                if key in values or key in styles:
                    out.append(_cell_xml(f"{_col_letters(c)}{r}", styles.get(key, style), values.get(key)))
                else:
                    out.append(raw)
            out.append("</row>")
        out.append(self.tail if tail is None else tail)
        return "".join(out)


class Skeleton:
    """A unit template as openpyxl saves it, for a placeholder unit; files are patched copies."""

    def __init__(self, config: Config, *, office_approved: bool, work: Path):
        import openpyxl
        from openpyxl.styles import Alignment
        from openpyxl.writer.excel import ExcelWriter

        from pacesetter.template import write_template

        lang = config.language
        extra: list[Unit] = []
        approver = config.bureau_code
        if office_approved:
            extra.append(Unit("ZZPHOFFICE", "ZZPHOFFICE", "office", config.bureau_code, leaders=PH_LEADERS))
            approver = "ZZPHOFFICE"
        extra.append(Unit(PH_CODE, PH_NAME, "school", approver))
        cfg = dataclasses.replace(config, units=(*config.units, *extra))
        path = work / f"skeleton-{int(office_approved)}.xlsx"
        write_template(cfg, path, unit=extra[-1])
        wb = openpyxl.load_workbook(path)
        tasks = wb[SHEETS["tasks"].title(lang)]
        cat_col = 1 + [f.key for f in TASK_FIELDS].index("category")
        # a Category merged down three rows: openpyxl's styles for a merge's top, middle, bottom
        tasks.merge_cells(start_row=2, start_column=cat_col, end_row=4, end_column=cat_col)
        tasks.cell(2, cat_col).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        wb.properties.modified = dt.datetime(2000, 1, 1)
        wb.properties.lastModifiedBy = PH_AUTHOR
        raw = io.BytesIO()
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).save()  # keeps our modified stamp, unlike wb.save()
        with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zf:
            self.parts = [(i.filename, zf.read(i.filename).decode("utf-8")) for i in zf.infolist()]
        self.lang = lang
        self.office_approved = office_approved
        titles = self._sheet_parts()
        self.part_of = {key: titles[SHEETS[key].title(lang)] for key in ("instructions", "unit", "tasks",
                                                                             "exchanges")}
        self.part_of["meta"] = titles[META_SHEET]
        text = dict(self.parts)
        self.sheets = {key: _Sheet.parse(text[part]) for key, part in self.part_of.items()
                       if key in ("unit", "tasks", "exchanges")}
        unit = self.sheets["unit"]
        self.unit_rows = {}
        labels = {f.label(lang): f.key for f in UNIT_FIELDS}
        for r, _, _ in unit.rows:
            label = (unit.text_at(r, 0) or "").removesuffix(" *")
            if label in labels:
                self.unit_rows[labels[label]] = r
        self.columns = {key: self._columns(self.sheets[key], fields)
                        for key, fields in (("tasks", TASK_FIELDS), ("exchanges", EXCHANGE_FIELDS))}
        ts = self.sheets["tasks"]
        last = ts.rows[-1][0]
        self.task_rows = last - 1
        self.task_style = {c: s for c, _, s in ts.rows[-1][2]}  # an untouched row: the template's styles
        self.merge_styles = (ts.style_at(2, cat_col - 1), ts.style_at(3, cat_col - 1),
                             ts.style_at(4, cat_col - 1))
        self.cat_col = cat_col - 1
        self.tasks_tail = _MERGES.sub("", ts.tail)

    def _sheet_parts(self) -> dict[str, str]:
        text = dict(self.parts)
        rels = dict(re.findall(r'Target="([^"]+)" Id="([^"]+)"', text["xl/_rels/workbook.xml.rels"]))
        rid_target = {rid: target.lstrip("/") for target, rid in rels.items()}
        out = {}
        for name, rid in re.findall(r'<sheet name="([^"]+)"[^>]*?r:id="([^"]+)"', text["xl/workbook.xml"]):
            target = rid_target[rid]
            out[unescape(name)] = target if target.startswith("xl/") else f"xl/{target}"
        return out

    def _columns(self, sheet: _Sheet, fields: tuple[Any, ...]) -> dict[str, int]:
        labels = {f.label(self.lang): f.key for f in fields}
        out = {}
        for c, _, _ in sheet.rows[0][2]:
            text = (sheet.text_at(sheet.rows[0][0], c) or "").removesuffix(" *")
            if text in labels:
                out[labels[text]] = c
        return out

    def write(self, filled: Filled, leaders: tuple[str, ...]) -> bytes:
        """The skeleton with ``filled`` typed in, as zip bytes with fixed time stamps."""
        unit = filled.unit
        swaps = [(PH_CODE, escape(unit.code)), (PH_NAME, escape(unit.name))]
        if self.office_approved:
            swaps += [(ph, escape(name)) for ph, name in zip(PH_LEADERS, leaders, strict=True)]
        # Unit sheet
        uvals = {(self.unit_rows[k], 1): v for k, v in filled.unit_values.items() if k in self.unit_rows}
        unit_tail = self.sheets["unit"].tail
        if filled.unprotect:
            unit_tail = _PROTECTION.sub("", unit_tail)
        unit_xml = self.sheets["unit"].render(uvals, {}, unit_tail)
        # Tasks sheet: every data row rewritten, from the template's styles
        cols = self.columns["tasks"]
        tvals: dict[tuple[int, int], Any] = {}
        tstyles: dict[tuple[int, int], str | None] = {}
        for i in range(self.task_rows):
            r = i + 2
            row = filled.tasks[i] if i < len(filled.tasks) else {}
            for c, style in self.task_style.items():
                tstyles[(r, c)] = style
            for key, value in row.items():
                if key in cols:
                    tvals[(r, cols[key])] = value
        merge_refs = []
        top, middle, bottom = self.merge_styles
        for first, last in filled.merges:
            r0, r1 = first + 2, last + 2
            tstyles[(r0, self.cat_col)] = top
            for r in range(r0 + 1, r1 + 1):
                tvals.pop((r, self.cat_col), None)  # openpyxl drops a merged cell's value
                tstyles[(r, self.cat_col)] = bottom if r == r1 else middle
            letter = _col_letters(self.cat_col)
            merge_refs.append(f'<mergeCell ref="{letter}{r0}:{letter}{r1}" />')
        tail = self.tasks_tail
        if merge_refs:
            block = f'<mergeCells count="{len(merge_refs)}">{"".join(merge_refs)}</mergeCells>'
            at = tail.find("<dataValidations")
            at = at if at >= 0 else tail.find("<pageMargins")
            tail = tail[:at] + block + tail[at:]
        tasks_xml = self.sheets["tasks"].render(tvals, tstyles, tail)
        # Exchanges
        ecols = self.columns["exchanges"]
        evals = {(i + 2, ecols[k]): v for i, row in enumerate(filled.exchanges) for k, v in row.items()
                 if k in ecols}
        exchanges_xml = self.sheets["exchanges"].render(evals, {})
        replaced = {self.part_of["unit"]: unit_xml, self.part_of["tasks"]: tasks_xml,
                    self.part_of["exchanges"]: exchanges_xml}
        out = io.BytesIO()
        stamp = filled.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in self.parts:
                text = replaced.get(name, text)
                if name == "docProps/core.xml":
                    text = text.replace(PH_MODIFIED, stamp).replace(PH_AUTHOR, escape(filled.author))
                elif name in (self.part_of["instructions"], self.part_of["meta"], self.part_of["tasks"],
                              self.part_of["exchanges"]):
                    for old, new in swaps:
                        text = text.replace(old, new)
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                zf.writestr(info, text.encode("utf-8"))
        return out.getvalue()


def write_with_openpyxl(config: Config, filled: Filled, path: Path, work: Path) -> None:
    """The slow, real way (as ``demo`` does it): the unit's template filled by openpyxl."""
    import openpyxl
    from openpyxl.styles import Alignment
    from openpyxl.writer.excel import ExcelWriter

    from pacesetter.template import write_template

    lang = config.language
    tpl = work / f"tpl-{filled.unit.code}.xlsx"
    write_template(config, tpl, unit=filled.unit)
    wb = openpyxl.load_workbook(tpl)
    unit_ws = wb[SHEETS["unit"].title(lang)]
    labels = {f.label(lang): f.key for f in UNIT_FIELDS}
    for row in unit_ws.iter_rows(max_col=2):
        key = labels.get(str(row[0].value or "").removesuffix(" *"))
        if key in filled.unit_values:
            row[1].value = filled.unit_values[key]
    if filled.unprotect:
        unit_ws.protection.sheet = False
    for title, fields, rows in ((SHEETS["tasks"].title(lang), TASK_FIELDS, filled.tasks),
                                (SHEETS["exchanges"].title(lang), EXCHANGE_FIELDS, filled.exchanges)):
        ws = wb[title]
        flabels = {f.label(lang): f.key for f in fields}
        cols = {flabels[str(c.value).removesuffix(" *")]: c.column for c in ws[1]
                if str(c.value or "").removesuffix(" *") in flabels}
        for r, values in enumerate(rows, start=2):
            for key, value in values.items():
                if key in cols:
                    ws.cell(r, cols[key]).value = value
        if fields is TASK_FIELDS:
            for first, last in filled.merges:
                ws.merge_cells(start_row=first + 2, start_column=cols["category"], end_row=last + 2,
                               end_column=cols["category"])
                ws.cell(first + 2, cols["category"]).alignment = Alignment(
                    horizontal="center", vertical="center", wrap_text=True)
    wb.properties.modified = filled.moment
    wb.properties.lastModifiedBy = filled.author
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Corpus:
    """A generated campaign: config.toml, inbox/ (N files), extra/ (progress reports)."""

    root: Path
    n: int
    seed: int
    language: str

    @property
    def config_path(self) -> Path:
        return self.root / "config.toml"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def extra(self) -> Path:
        return self.root / "extra"

    def files(self) -> list[Path]:
        return sorted(self.inbox.iterdir())

    def manifest(self) -> dict[str, Any]:
        return json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))


def fingerprint() -> str:
    h = hashlib.sha256(f"v{GENERATOR_VERSION}".encode())
    for rel in _SOURCES:
        path = REPO / rel
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:16]


def corpus_path(n: int, seed: int, language: str, out: Path = OUT) -> Path:
    return out / "corpus" / f"n{n}-s{seed}-{language}"


def ensure_corpus(n: int, *, seed: int = 1, language: str = "zh", out: Path = OUT,
                  resave_share: float = RESAVE_SHARE, force: bool = False,
                  log: Any = print) -> Corpus:
    """The corpus for (n, seed, language): from the cache when it is complete and current."""
    root = corpus_path(n, seed, language, out)
    corpus = Corpus(root, n, seed, language)
    done = root / "DONE"
    if not force and done.exists() and done.read_text().strip() == fingerprint():
        return corpus
    root.parent.mkdir(parents=True, exist_ok=True)
    # two benches started at once must not write one corpus together: the second waits
    with open(root.with_name(root.name + ".lock"), "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        if not force and done.exists() and done.read_text().strip() == fingerprint():
            return corpus
        return _generate(corpus, resave_share=resave_share, log=log)


def _generate(corpus: Corpus, *, resave_share: float, log: Any) -> Corpus:
    root, n, seed, language = corpus.root, corpus.n, corpus.seed, corpus.language
    shutil.rmtree(root, ignore_errors=True)
    tmp = root.with_name(root.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    started = time.perf_counter()
    (tmp / "config.toml").write_text(roster_toml(n, seed, language), encoding="utf-8")
    config = load_config(tmp)
    typist = Typist(config, seed)
    inbox, extra = tmp / "inbox", tmp / "extra"
    inbox.mkdir()
    extra.mkdir()
    with tempfile.TemporaryDirectory(prefix="pacesetter-bench-") as work:
        skeletons = {flag: Skeleton(config, office_approved=flag, work=Path(work)) for flag in (False, True)}
        log(f"generate: skeletons ready in {time.perf_counter() - started:.1f} s; writing {n} files")
        leaders = {u.code: u.leaders for u in config.units}
        records = []
        used: set[str] = set()
        fills: dict[str, Filled] = {}
        for i, unit in enumerate(config.units):
            filled = typist.commitment(unit, i)
            name, k = filled.name, 1
            while name.lower() in used:
                k += 1
                name = f"{filled.name.removesuffix('.xlsx')} ({k}).xlsx"
            used.add(name.lower())
            filled.name = name
            fills[unit.code] = filled
            office = unit.approver != config.bureau_code
            data = skeletons[office].write(filled, leaders.get(unit.approver, ()))
            path = inbox / name
            path.write_bytes(data)
            records.append({"file": name, "unit": unit.code, "type": unit.type, "approver": unit.approver,
                            "tasks": len(filled.tasks), "merges": len(filled.merges),
                            "mistake": filled.mistake, "resaved": False,
                            "moment": filled.moment.isoformat()})
            if (i + 1) % 1000 == 0:
                log(f"generate: {i + 1} files, {time.perf_counter() - started:.1f} s")
        written = time.perf_counter() - started
        # June progress reports of units whose commitment is clean: the incremental run's new file
        rng = random.Random(f"extra/{seed}")
        clean = [r for r in records if r["mistake"] is None]
        chosen = rng.sample(clean, min(EXTRA_FILES, len(clean)))
        extras = []
        for rec in chosen:
            base = fills[rec["unit"]]
            rep = typist.progress(base, 6)
            unit = base.unit
            office = unit.approver != config.bureau_code
            path = extra / rep.name
            path.write_bytes(skeletons[office].write(rep, leaders.get(unit.approver, ())))
            _stamp(path, rep.moment)
            extras.append({"file": rep.name, "unit": unit.code, "moment": rep.moment.isoformat()})
            rec["extra"] = rep.name
        # LibreOffice re-saves a share of the files (mistakes included, they are people's files too)
        k = round(n * resave_share)
        resave = sorted(rng.sample(range(n), k)) if k else []
        seconds_lo = 0.0
        if resave:
            t0 = time.perf_counter()
            converted = resave_with_libreoffice([inbox / records[i]["file"] for i in resave], Path(work), log)
            seconds_lo = time.perf_counter() - t0
            for i in resave:
                if records[i]["file"] in converted:
                    records[i]["resaved"] = True
        for rec in records:
            _stamp(inbox / rec["file"], dt.datetime.fromisoformat(rec["moment"]))
    manifest = {
        "n": n, "seed": seed, "language": language, "fingerprint": fingerprint(),
        "files": records, "extra": extras,
        "mistakes": sum(r["mistake"] is not None for r in records),
        "resaved": sum(r["resaved"] for r in records),
        "tasks": sum(r["tasks"] for r in records),
        "seconds": {"write": round(written, 2), "libreoffice": round(seconds_lo, 2),
                    "total": round(time.perf_counter() - started, 2)},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    (tmp / "DONE").write_text(fingerprint())
    os.replace(tmp, root)
    log(f"generate: {n} files ({manifest['mistakes']} with a mistake, {manifest['resaved']} re-saved by "
        f"LibreOffice) in {manifest['seconds']['total']:.1f} s -> {root}")
    return corpus


def _stamp(path: Path, moment: dt.datetime) -> None:
    """The file's mtime is its submission time, so arrival order follows submission order."""
    stamp = min(time.mktime(moment.timetuple()), time.time() - 60)  # never in the future
    os.utime(path, (stamp, stamp))


def resave_with_libreoffice(paths: list[Path], work: Path, log: Any = print) -> set[str]:
    """Open and save ``paths`` in LibreOffice Calc (one soffice call); replace them in place."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        log("generate: soffice not found; no LibreOffice re-saved files in this corpus")
        return set()
    src, dst = work / "lo-in", work / "lo-out"
    src.mkdir()
    dst.mkdir()
    # plain names on the command line: LibreOffice and Chinese file names are best kept apart
    alias = {}
    for i, path in enumerate(paths):
        link = src / f"f{i:05d}.xlsx"
        shutil.copyfile(path, link)
        alias[link.name] = path
    profile = work / "lo-profile"
    names = sorted(src.iterdir())
    # one soffice call converts a whole batch; past ~246 files in one call it stops
    # converting (LibreOffice 7.4), so large corpora take a few calls of 200
    for at in range(0, len(names), LO_BATCH):
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(dst),
               *(str(p) for p in names[at:at + LO_BATCH])]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600, check=False)
    done = set()
    for out in dst.iterdir():
        original = alias.get(out.name)
        if original is not None and out.stat().st_size > 0:
            shutil.copyfile(out, original)
            done.add(original.name)
    if len(done) < len(paths):
        log(f"generate: LibreOffice re-saved {len(done)} of {len(paths)} files")
    return done


# ---------------------------------------------------------------- checking the fast writer


def check_writer(n: int, *, seed: int, language: str, count: int, log: Any = print) -> bool:
    """Write ``count`` units both ways and compare what calamine and pacesetter read."""
    from python_calamine import CalamineWorkbook

    from pacesetter.read import read_submission
    from pacesetter.validate import check

    ok = True
    with tempfile.TemporaryDirectory(prefix="pacesetter-bench-check-") as tmp:
        work = Path(tmp)
        (work / "config.toml").write_text(roster_toml(n, seed, language), encoding="utf-8")
        config = load_config(work)
        typist = Typist(config, seed)
        skeletons = {flag: Skeleton(config, office_approved=flag, work=work) for flag in (False, True)}
        units = list(config.units)
        rng = random.Random(seed)
        picks = rng.sample(units, min(count, len(units)))
        # make sure merges, both approver kinds and a mistake are among them
        fills = [typist.commitment(u, i) for i, u in enumerate(picks)]
        fills.append(typist.progress(fills[0], 6))
        for f in fills:
            fast, slow = work / f"fast-{f.unit.code}.xlsx", work / f"slow-{f.unit.code}.xlsx"
            office = f.unit.approver != config.bureau_code
            approver = config.unit.get(f.unit.approver)
            fast.write_bytes(skeletons[office].write(f, approver.leaders if approver else ()))
            write_with_openpyxl(config, f, slow, work)
            grids = []
            for p in (fast, slow):
                wb = CalamineWorkbook.from_path(str(p))
                grids.append({s: wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names})
                merged = {s: sorted(wb.get_sheet_by_name(s).merged_cell_ranges or []) for s in wb.sheet_names}
                grids[-1]["__merged__"] = merged
            same_cells = grids[0] == grids[1]
            found = []
            for p in (fast, slow):
                checked = check(read_submission(p, lang=config.language), config,
                                received=f.moment.date())
                found.append(sorted((x.code, x.cell) for x in checked.findings))
            same_findings = found[0] == found[1]
            log(f"check {f.unit.code:8} tasks={len(f.tasks):2} merges={len(f.merges)} "
                f"mistake={f.mistake or '-':18} cells {'same' if same_cells else 'DIFFER'}, "
                f"findings {'same' if same_findings else 'DIFFER'} {found[0][:3]}")
            if not same_cells:
                for s in grids[0]:
                    if grids[0][s] != grids[1].get(s):
                        log(f"   sheet {s} differs")
            ok = ok and same_cells and same_findings
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="units and files (repeatable); default 1000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--language", choices=("zh", "en"), default="zh")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--resave-share", type=float, default=RESAVE_SHARE,
                    help="share of files re-saved by LibreOffice (default %(default)s)")
    ap.add_argument("--force", action="store_true", help="regenerate even when cached")
    ap.add_argument("--check", type=int, default=0, metavar="K",
                    help="write K units with openpyxl too and compare what is read")
    args = ap.parse_args(argv)
    for n in args.n or [1000]:
        if args.check:
            if not check_writer(n, seed=args.seed, language=args.language, count=args.check):
                print("check: the fast writer and openpyxl disagree", file=sys.stderr)
                return 1
        ensure_corpus(n, seed=args.seed, language=args.language, out=args.out,
                      resave_share=args.resave_share, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
