"""Fixture workbooks written the way people write them, for the reader and validator tests.

``write_submission`` lays a file out like the generated template (Unit sheet of label /
value pairs, Tasks with one header row, the hidden ``_pacesetter`` stamp in A1:B6) and
then lets a test put in what units really do: text dates, "90%", Chinese words, blank
rows, moved columns, merged categories, a title row above the header.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from pacesetter.config import Config, load_config
from pacesetter.fields import (
    EXCHANGE_FIELDS,
    META_SHEET,
    SHEETS,
    TASK_FIELDS,
    TEMPLATE_VERSION,
    UNIT_FIELDS,
    Field,
)
from pacesetter.i18n import t
from pacesetter.sample_config import _UNITS, sample_config

YEAR = 2026
CAMPAIGN_ID = "SAB-2026"
UNIT = "DC-PS1"  # a school approved by the Dongcheng office (leaders Chen Gang, Liu Yan)
OMIT = object()  # header_overrides value: leave the label / value row out altogether
_BUREAU_LEADERS = {"en": ("Zhang Wei", "Li Ming", "Wang Fang"), "zh": ("张伟", "李明", "王芳")}
_UNIT_ROW = {f.key: i + 2 for i, f in enumerate(UNIT_FIELDS)}  # Unit sheet: row 1 holds the headings
TASK_COLUMN = {f.key: openpyxl.utils.get_column_letter(i + 1) for i, f in enumerate(TASK_FIELDS)}
EXCHANGE_COLUMN = {f.key: openpyxl.utils.get_column_letter(i + 1) for i, f in enumerate(EXCHANGE_FIELDS)}


def campaign(tmp_path: Path, lang: str = "en") -> Config:
    """The sample campaign in ``lang``, written to ``tmp_path`` and loaded like a clerk's."""
    root = tmp_path / f"campaign-{lang}"
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(sample_config(lang), encoding="utf-8")
    return load_config(root)


def unit_ref(key: str, lang: str = "en") -> str:
    """Where write_submission puts a Unit field's value ("Unit!B4")."""
    return f"{SHEETS['unit'].title(lang)}!B{_UNIT_ROW[key]}"


def task_ref(key: str, row: int, lang: str = "en") -> str:
    """Where write_submission puts a task field in Excel row ``row`` ("Tasks!R4")."""
    return f"{SHEETS['tasks'].title(lang)}!{TASK_COLUMN[key]}{row}"


def sample_unit(code: str, lang: str) -> dict[str, str]:
    """A sample unit's name, people and a leader who may sign off for it."""
    by_code = {u[0]: u for u in _UNITS}
    code_, _kind, approver, en, zh, head_en, head_zh, con_en, con_zh, _l_en, _l_zh = by_code[code]
    if approver == "BUREAU":
        leader = _BUREAU_LEADERS[lang][0]
    else:
        boss = by_code[approver]
        leader = (boss[10] if lang == "zh" else boss[9])[0]
    return {"name": zh if lang == "zh" else en, "head": head_zh if lang == "zh" else head_en,
            "contact": con_zh if lang == "zh" else con_en, "leader": leader}


def period_label(key: str, lang: str) -> str:
    """The dropdown word of a sample period ("2026 commitment (target setting)")."""
    if key == "commitment":
        return t("period.commitment", lang, year=YEAR)
    if key == "assessment":
        return t("period.assessment", lang, year=YEAR)
    return t("period.progress", lang, year=YEAR, month=int(key.split("-")[1]))


def _submission_day(period: str) -> dt.date:
    if period == "commitment":
        return dt.date(YEAR, 5, 10)
    if period == "assessment":
        return dt.date(YEAR, 11, 10)
    month = int(period.split("-")[1])
    return dt.date(YEAR + (month == 12), month % 12 + 1, 3)


# ------------------------------------------------------------------ good content

_INDICATORS = {  # en indicator, zh indicator, unit en, unit zh: the sample references' keys
    "compliance": ("Cultural centre compliance rate", "综合文化服务中心达标率", "%", "%"),
    "bookstores": ("Farmer bookstores upgraded", "农家书屋更新升级数", "bookstores", "个"),
    "performances": ("Countryside performances", "送戏下乡演出场次", "performances", "场"),
    "heritage": ("Heritage projects declared", "非遗项目申报数", "items", "项"),
    "exhibition": ("Exhibition points", "展示点数量", "points", "个"),
    "platform": ("Smart platform use rate", "智慧平台使用率", "%", "％"),
    "training": ("Teacher training hours", "教师人均培训学时", "hours", "学时"),
    "fitness": ("Physical fitness pass rate", "学生体质健康达标率", "%", "百分比"),
    "approval": ("Approval time (working days)", "审批办理时限（工作日）", "working days", "工作日"),
    "drill": ("Campus safety drill held", "校园安全演练", "drill", "次"),
}
_CATS = {"en": ["Benchmarking", "Public cultural services", "Heritage protection", "Education quality",
                "Teaching staff", "Digital services", "Service efficiency", "Safety"],
         "zh": ["对标争先", "公共文化服务", "文化遗产保护", "教育质量", "师资队伍", "数字化服务", "服务效能",
                "安全管理"]}
BENCHMARK_NAME = {
    "en": "Kuiwen District Bureau, Weifang (city level)",
    "zh": "潍坊市奎文区教育和文化局（市级标杆）",
}


def _task(lang: str, no: int, cat: int, ind: str, direction: str, baseline: Any, target: Any,
          deadline: Any, *, title: tuple[str, str], measures: tuple[str, str],
          bench: bool = False, bench_value: Any = None, start: Any = None) -> dict[str, Any]:
    zh = lang == "zh"
    en_ind, zh_ind, en_uom, zh_uom = _INDICATORS[ind]
    words = {"higher": ("higher is better", "越高越好"), "lower": ("lower is better", "越低越好"),
             "milestone": ("milestone", "节点完成")}[direction]
    row = {
        "task_no": no,
        "category": _CATS[lang][cat],
        "title": title[zh],
        "objective": f"{title[zh]}：{target}" if zh else f"{title[0]}: {target}",
        "indicator": zh_ind if zh else en_ind,
        "unit_of_measure": zh_uom if zh else en_uom,
        "direction": words[zh],
        "baseline": baseline,
        "target": target,
        "measures": measures[zh],
        "lead_leader": "马琳" if zh else "Ma Lin",
        "responsible_person": "何静" if zh else "He Jing",
        "responsible_dept": "教务处" if zh else "Teaching Affairs Office",
        "handler": "林娜" if zh else "Lin Na",
        "start_date": start,
        "deadline": deadline,
    }
    if bench:
        row["benchmark_unit"] = BENCHMARK_NAME[lang]
        row["benchmark_value"] = bench_value
    return row


def good_tasks(n: int = 10, lang: str = "en", *, progress: bool = False) -> list[dict[str, Any]]:
    """``n`` valid tasks for the sample campaign, typed the many ways units type them.

    With ``progress`` each task also carries a status and a current value, as a monthly
    report does.
    """
    d = dt.date
    base = [
        _task(lang, 1, 0, "compliance", "higher", 85, "90%", d(YEAR, 12, 31), bench=True, bench_value=92,
              start=dt.datetime(YEAR, 5, 16), title=("Cultural centre compliance", "综合文化服务中心达标"),
              measures=("Inspect every centre each quarter; 按季度督查", "每季度督查一次，逐项整改")),
        _task(lang, 2, 1, "bookstores", "higher", 20, "30个" if lang == "zh" else 30, "2026-11-30",
              bench=True, bench_value="30", title=("Upgrade farmer bookstores", "农家书屋更新升级"),
              measures=("Replace old books, add e-reading", "更新图书，增设电子阅读")),
        _task(lang, 3, 1, "performances", "higher", 40, "≥45", "2026/11/30",
              title=("Performances in the countryside", "送戏下乡"),
              measures=("Schedule two shows a month", "每月安排两场演出")),
        _task(lang, 4, 2, "heritage", "higher", 1, "不少于2项" if lang == "zh" else "at least 2",
              "2026年10月31日", title=("Declare heritage projects", "申报非遗项目"),
              measures=("Survey the town's crafts", "开展非遗资源普查")),
        _task(lang, 5, 2, "exhibition", "higher", 6, 10, "年底" if lang == "zh" else "end of year",
              start="2026-06-01", title=("Open exhibition points", "建设展示点"),
              measures=("Use school halls as exhibition points", "利用校舍建设展示点")),
        _task(lang, 6, 5, "platform", "higher", "80%", "100%", "2026.09.30",
              title=("Use the smart platform", "智慧平台应用"),
              measures=("Train every teacher on the platform", "全员培训平台使用")),
        _task(lang, 7, 4, "training", "higher", 60, 72, "6月底",
              title=("Teacher training", "教师培训"), measures=("Weekly study sessions", "每周集中学习")),
        _task(lang, 8, 3, "fitness", "higher", "93%", "９５％", d(YEAR, 12, 20),
              title=("Student fitness", "学生体质健康"),
              measures=("One hour of sport a day", "每天锻炼一小时")),
        _task(lang, 9, 6, "approval", "lower", 7, 5, "2026-08-31",
              title=("Faster approvals", "压缩审批时限"), measures=("One-window service", "一窗受理")),
        _task(lang, 10, 7, "drill", "milestone", None, "完成" if lang == "zh" else "held", "2026-09-30",
              title=("Campus safety drill", "校园安全演练"),
              measures=("Fire and quake drills", "组织消防地震演练")),
    ]
    tasks = [dict(x) for x in base[:n]]
    for no in range(len(base) + 1, n + 1):
        extra = dict(base[no % 8 + 1])
        extra["task_no"] = no
        tasks.append(extra)
    if progress:
        for task in tasks:
            task["status"] = "推进中" if lang == "zh" else "in progress"
            task["current_value"] = task["baseline"]
            task["progress_note"] = "按计划推进" if lang == "zh" else "on schedule"
    return tasks


def good_exchanges(lang: str = "en") -> list[dict[str, Any]]:
    """One exchange with the benchmark unit, as the plan asks each quarter."""
    zh = lang == "zh"
    return [{"date": "2026-06-15", "benchmark_unit": BENCHMARK_NAME[lang],
             "form": "走出去" if zh else "visit",
             "content": "学习综合文化服务中心建设经验" if zh else
             "Learned how they run their cultural centres",
             "participants": "马琳、何静" if zh else "Ma Lin, He Jing"}]


def default_meta(lang: str = "en", unit_code: str = UNIT, period: str = "commitment") -> dict[str, Any]:
    """The stamp a generated template carries in its hidden sheet."""
    return {"template_version": TEMPLATE_VERSION, "campaign_id": CAMPAIGN_ID, "unit_code": unit_code,
            "language": lang, "period": period, "generator": "pacesetter"}


# ------------------------------------------------------------------ the writer

_DEFAULT = object()


def _header(f: Field, lang: str, labels: Mapping[str, str]) -> str:
    if f.key in labels:
        return labels[f.key]
    return f.label(lang) + (" *" if f.required else "")


def write_submission(
    path: Path,
    *,
    lang: str = "en",
    unit_code: str = UNIT,
    unit_name: str | None = None,
    period: str = "commitment",
    period_label_text: str | None = None,
    header_overrides: Mapping[str, Any] | None = None,
    tasks: Sequence[Mapping[str, Any] | None] | None = None,
    exchanges: Sequence[Mapping[str, Any] | None] | None = None,
    meta: Mapping[str, Any] | None | object = _DEFAULT,
    merge_category: tuple[int, int] | None = None,
    columns: Sequence[str] | None = None,
    header_labels: Mapping[str, str] | None = None,
    title_row: str | None = None,
    sheet_titles: Mapping[str, str] | None = None,
    hide_all: bool = False,
    patch: Mapping[str, str] | None = None,
) -> Path:
    """Write a filled submission; every argument is something a unit does to the template.

    ``tasks`` are dicts keyed by field key holding what a person types (a ``None`` entry
    is a blank row); ``columns`` orders the Tasks columns by key (a key that is not a field
    becomes an unknown column with that header); ``merge_category`` merges the Category
    cells of tasks i..j (0-based, inclusive) into one; ``title_row`` puts a title above the
    header; ``meta=None`` leaves out the hidden stamp; ``patch`` replaces text in the
    saved sheets' XML (to put in what openpyxl refuses to write, such as a 40,000-character
    cell that another program saved).
    """
    header_overrides = dict(header_overrides or {})
    labels = dict(header_labels or {})
    titles = {k: s.title(lang) for k, s in SHEETS.items()} | dict(sheet_titles or {})
    people = sample_unit(unit_code, lang) if unit_code in {u[0] for u in _UNITS} else \
        {"name": unit_name or "", "head": "", "contact": "", "leader": ""}
    day = _submission_day(period)
    unit_values: dict[str, Any] = {
        "unit_code": unit_code,
        "unit_name": unit_name if unit_name is not None else people["name"],
        "period": period_label_text if period_label_text is not None else period_label(period, lang),
        "submission_date": day,
        "first_responsible": people["head"],
        "contact_person": people["contact"],
        "contact_phone": "13800002742",
        "approved_by": people["leader"],
        "approval_date": day - dt.timedelta(days=1),
        "self_assessment_note": None,
    } | header_overrides
    if tasks is None:
        tasks = good_tasks(10, lang, progress=period != "commitment")
    if exchanges is None:
        exchanges = good_exchanges(lang)

    wb = openpyxl.Workbook()
    ins = wb.active
    ins.title = titles["instructions"]
    ins["A1"] = "填报说明" if lang == "zh" else "How to fill in this template"

    ws = wb.create_sheet(titles["unit"])
    ws["A1"], ws["B1"] = ("项目", "填写内容") if lang == "zh" else ("Item", "Value")
    row = 2
    for f in UNIT_FIELDS:
        value = unit_values.get(f.key)
        if value is OMIT:
            continue
        ws.cell(row=row, column=1, value=_header(f, lang, labels))
        ws.cell(row=row, column=2, value=value)
        row += 1

    _write_table(wb.create_sheet(titles["tasks"]), TASK_FIELDS, tasks, lang, labels, columns=columns,
                 title_row=title_row, merge=merge_category)
    _write_table(wb.create_sheet(titles["exchanges"]), EXCHANGE_FIELDS, exchanges, lang, labels)

    if meta is _DEFAULT:
        meta = default_meta(lang, unit_code, period)
    if meta is not None:
        hidden = wb.create_sheet(META_SHEET)
        for i, (key, value) in enumerate(dict(meta).items(), start=1):  # type: ignore[call-overload]
            hidden.cell(row=i, column=1, value=key)
            hidden.cell(row=i, column=2, value=value)
        hidden.sheet_state = "hidden"
    wb.save(path)
    if hide_all:
        _hide_every_sheet(path)
    if patch:
        _patch_sheets(path, patch)
    return path


def _rewrite(path: Path, change: Any) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _patch_sheets(path: Path, patch: Mapping[str, str]) -> None:
    def change(parts: dict[str, bytes]) -> None:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                text = data.decode("utf-8")
                for old, new in patch.items():
                    text = text.replace(old, new)
                parts[name] = text.encode("utf-8")

    _rewrite(path, change)


def _hide_every_sheet(path: Path) -> None:
    """Mark every sheet hidden in workbook.xml: Excel allows it to happen, openpyxl refuses to write it."""
    def change(parts: dict[str, bytes]) -> None:
        book = parts["xl/workbook.xml"].decode("utf-8").replace('state="visible"', 'state="hidden"')
        parts["xl/workbook.xml"] = re.sub(r"<sheet (?![^>]*state=)", '<sheet state="hidden" ', book).encode()

    _rewrite(path, change)


def _write_table(ws: Any, fields: tuple[Field, ...], rows: Iterable[Mapping[str, Any] | None], lang: str,
                 labels: Mapping[str, str], *, columns: Sequence[str] | None = None,
                 title_row: str | None = None, merge: tuple[int, int] | None = None) -> None:
    by_key = {f.key: f for f in fields}
    keys = list(columns) if columns is not None else [f.key for f in fields]
    top = 1
    if title_row is not None:
        ws.cell(row=1, column=1, value=title_row)
        top = 2
    for c, key in enumerate(keys, start=1):
        ws.cell(row=top, column=c, value=_header(by_key[key], lang, labels) if key in by_key else key)
    excel_rows: list[int] = []
    for r, values in enumerate(rows, start=top + 1):
        if values is None:
            continue  # a blank row the unit left between tasks
        excel_rows.append(r)
        for c, key in enumerate(keys, start=1):
            value = values.get(key)
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    if merge is not None and "category" in keys:
        col = openpyxl.utils.get_column_letter(keys.index("category") + 1)
        first, last = excel_rows[merge[0]], excel_rows[merge[1]]
        ws.merge_cells(f"{col}{first}:{col}{last}")


def fill_template(template: Path, out: Path, *, lang: str = "en", unit: Mapping[str, Any] | None = None,
                  tasks: Sequence[Mapping[str, Any]] = (), status: str | None = None) -> Path:
    """Fill a generated template the way a unit does in Excel: Unit values, task rows, a status each.

    ``unit`` maps Unit field keys to what is typed (found by label, as a person reads
    it); ``tasks`` are written from row 2 in the template's column order; ``status``
    is typed into every prefilled task row that has no status yet (a progress report).
    """
    from pacesetter.parse import normalize_label

    wb = openpyxl.load_workbook(template)
    ws = wb[SHEETS["unit"].title(lang)]
    by_label = {normalize_label(f.label(lang)): f.key for f in UNIT_FIELDS}
    for row in range(1, ws.max_row + 1):
        key = by_label.get(normalize_label(ws.cell(row=row, column=1).value))
        if key is not None and unit and key in unit:
            ws.cell(row=row, column=2, value=unit[key])
    ws = wb[SHEETS["tasks"].title(lang)]
    columns = {normalize_label(ws.cell(row=1, column=c).value): c for c in range(1, ws.max_column + 1)}
    col = {f.key: columns[normalize_label(f.label(lang))] for f in TASK_FIELDS}
    for r, task in enumerate(tasks, start=2):
        for key, value in task.items():
            if value is not None and key in col:
                ws.cell(row=r, column=col[key], value=value)
    if status is not None:
        for r in range(2, ws.max_row + 1):
            if ws.cell(row=r, column=col["task_no"]).value is not None \
                    and ws.cell(row=r, column=col["status"]).value is None:
                ws.cell(row=r, column=col["status"], value=status)
    wb.save(out)
    return out
