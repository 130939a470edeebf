"""The template as data: sheets, fields, labels (en/zh), types and lists.

One table drives the template writer, the reader and the validator alike, so
adding a column is one row here rather than three edits that drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

TEMPLATE_VERSION = 2
META_SHEET = "_pacesetter"  # hidden sheet: lists, template version, campaign id
INSPECTION_SHEET = "_pacesetter_inspection"  # hidden stamp of an inspection results workbook


class Kind(str, Enum):
    TEXT = "text"
    NUMBER = "number"
    INT = "int"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    """One column (Tasks, Exchanges) or one label/value row (Unit)."""

    key: str
    en: str
    zh: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: str | None = None  # name of a list in CHOICES (or "benchmark_units", "periods", ...)
    committed: bool = False  # part of the commitment: locked in progress templates
    public: bool = False  # shown in the published commitments
    width: int = 14  # column width in characters (Chinese characters count double)
    help_en: str = ""
    help_zh: str = ""

    def label(self, lang: str) -> str:
        """The header label in the campaign's language."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SheetSpec:
    key: str
    en: str
    zh: str

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


SHEETS = {
    "instructions": SheetSpec("instructions", "Instructions", "填报说明"),
    "unit": SheetSpec("unit", "Unit", "单位信息"),
    "tasks": SheetSpec("tasks", "Tasks", "任务目标"),
    "exchanges": SheetSpec("exchanges", "Exchanges", "对标交流"),
}

T, N, I, D, C = Kind.TEXT, Kind.NUMBER, Kind.INT, Kind.DATE, Kind.CHOICE

UNIT_FIELDS: tuple[Field, ...] = (
    Field("unit_code", "Unit code", "单位代码", T, True, width=30,
          help_en="Prefilled; do not change.", help_zh="已预填，请勿修改。"),
    Field("unit_name", "Unit name", "单位名称", T, True, width=30,
          help_en="Prefilled; do not change.", help_zh="已预填，请勿修改。"),
    Field("period", "Reporting period", "报送期次", C, True, choices="periods", width=30,
          help_en="Choose the period this file reports.", help_zh="请选择本次报送的期次。"),
    Field("submission_date", "Submission date", "报送日期", D, True, width=30,
          help_en="The date you send this file, e.g. 2026-05-14.", help_zh="报送日期，如 2026-05-14。"),
    Field("first_responsible", "First responsible person", "第一责任人", T, True, width=30,
          help_en="The head of the unit.", help_zh="单位主要负责人。"),
    Field("contact_person", "Contact person", "联系人", T, True, width=30),
    Field("contact_phone", "Contact phone", "联系电话", T, True, width=30),
    Field("approved_by", "Approved by", "审核人", C, True, choices="approvers", width=30,
          help_en="A leader of your approving unit signs off.", help_zh="由审核单位领导审核签字。"),
    Field("approval_date", "Approval date", "审核日期", D, True, width=30),
    Field("self_assessment_note", "Self-assessment note", "自评说明", T, False, width=30,
          help_en="Assessment period only: a short summary of your self-assessment.",
          help_zh="仅年终考核期填写：自评情况简述。"),
)

TASK_FIELDS: tuple[Field, ...] = (
    Field("task_no", "Task No.", "任务编号", I, True, committed=True, public=True, width=8,
          help_en="1, 2, 3 ... Task 1 is the benchmarking objective.",
          help_zh="1、2、3……第1项为对标目标。"),
    Field("category", "Category", "类别", C, True, choices="category", committed=True, public=True,
          width=16),
    Field("title", "Task title", "任务名称", T, True, committed=True, public=True, width=24),
    Field("objective", "Objective", "目标内容", T, True, committed=True, public=True, width=34,
          help_en="What will be achieved, with a number.", help_zh="要达到的目标，须量化。"),
    Field("indicator", "Indicator", "指标名称", T, True, committed=True, width=20),
    Field("unit_of_measure", "Unit of measure", "计量单位", T, True, committed=True, public=True,
          width=10, help_en="%, items, times, points ...", help_zh="%、个、场、项……"),
    Field("direction", "Direction", "指标方向", C, True, choices="direction", committed=True,
          width=14),
    Field("baseline", "Baseline", "基期值", N, False, committed=True, width=10,
          help_en="Last year's value.", help_zh="上年度实际值。"),
    Field("target", "Target", "目标值", N, True, committed=True, public=True, width=10,
          help_en="A number: 90 for 90 %, 30 for 30 bookstores.", help_zh="填数字：90%填90，30个填30。"),
    Field("benchmark_unit", "Benchmark unit", "标杆单位", C, False, choices="benchmark_units",
          committed=True, public=True, width=26,
          help_en="The advanced unit you compare with (required for task 1).",
          help_zh="对标的先进单位（第1项必填）。"),
    Field("benchmark_value", "Benchmark value", "标杆值", N, False, committed=True, width=10),
    Field("measures", "Measures", "主要措施", T, True, committed=True, public=True, width=40),
    Field("lead_leader", "Lead leader", "分管领导", T, True, committed=True, width=12),
    Field("responsible_person", "Responsible person", "责任人", T, True, committed=True, width=12),
    Field("responsible_dept", "Responsible department", "责任科室", T, True, committed=True,
          public=True, width=16),
    Field("handler", "Handler", "经办人", T, True, committed=True, width=12),
    Field("start_date", "Start date", "开始日期", D, False, committed=True, width=12),
    Field("deadline", "Deadline", "完成时限", D, True, committed=True, public=True, width=12,
          help_en="e.g. 2026-12-31 or 'end of year'.", help_zh="如 2026-12-31 或“年底”。"),
    Field("status", "Status", "进展状态", C, False, choices="status", width=12),
    Field("current_value", "Current value", "当前值", N, False, width=10,
          help_en="Progress reports: the value reached so far.", help_zh="进展报送时填写当前达到的数值。"),
    Field("progress_note", "Progress note", "进展情况", T, False, width=34),
    Field("evidence", "Evidence", "佐证材料", T, False, width=20),
    Field("self_score", "Self-score", "自评分", N, False, width=10,
          help_en="Assessment period only: 0-100.", help_zh="仅年终考核期填写：0-100分。"),
)

EXCHANGE_FIELDS: tuple[Field, ...] = (
    Field("date", "Date", "日期", D, True, width=12),
    Field("benchmark_unit", "Benchmark unit", "标杆单位", C, True, choices="benchmark_units", width=26),
    Field("form", "Form", "形式", C, True, choices="form", width=14),
    Field("content", "Content", "交流内容", T, True, width=40),
    Field("participants", "Participants", "参加人员", T, False, width=24),
)

TASK_FIELD = {f.key: f for f in TASK_FIELDS}
UNIT_FIELD = {f.key: f for f in UNIT_FIELDS}
EXCHANGE_FIELD = {f.key: f for f in EXCHANGE_FIELDS}


@dataclass(frozen=True)
class Choice:
    key: str
    en: str
    zh: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def spellings(self) -> tuple[str, ...]:
        return (self.key, self.en, self.zh, *self.synonyms)


# Fixed lists. Category comes from config (campaign-specific); these do not.
CHOICES: dict[str, tuple[Choice, ...]] = {
    "direction": (
        Choice("higher", "higher is better", "越高越好",
               ("higher", "high", "up", "increase", "positive", "↑", "正向", "越大越好", "提高",
                "增加", "高", "正向指标")),
        Choice("lower", "lower is better", "越低越好",
               ("lower", "low", "down", "decrease", "reduce", "negative", "↓", "逆向", "反向",
                "越小越好", "降低", "减少", "低", "逆向指标", "反向指标")),
        Choice("milestone", "milestone", "节点完成",
               ("done/not done", "yes/no", "completion", "里程碑", "节点", "完成类", "定性",
                "是否完成", "节点性")),
    ),
    "status": (
        Choice("not_started", "not started", "未开始",
               ("not yet started", "todo", "to do", "pending", "planned", "尚未开始", "未启动",
                "待开始", "未开展")),
        Choice("in_progress", "in progress", "推进中",
               ("ongoing", "underway", "in hand", "started", "wip", "进行中", "正在推进", "实施中",
                "在建", "正在进行", "已启动", "推进")),
        Choice("completed", "completed", "已完成",
               ("complete", "done", "finished", "achieved", "完成", "已完结", "已达标", "已办结",
                "已落实")),
        Choice("delayed", "delayed", "滞后",
               ("late", "behind", "behind schedule", "overdue", "stalled", "延期", "进度滞后",
                "推迟", "逾期", "未按期")),
    ),
    "form": (
        Choice("visit", "visit", "走出去",
               ("site visit", "visited", "study visit", "外出考察", "实地考察", "考察学习", "参观",
                "上门学习", "赴标杆单位学习")),
        Choice("invited", "invited in", "请进来",
               ("invite", "invited", "hosted", "邀请来访", "来访", "请进", "邀请指导")),
        Choice("online", "online", "线上交流",
               ("video", "video call", "web", "remote", "线上", "视频会议", "网络交流", "远程")),
    ),
}

# Unit types are the peer groups that scores are ranked within.
UNIT_TYPES: tuple[Choice, ...] = (
    Choice("office", "town education office", "镇街教育办"),
    Choice("school", "school or kindergarten", "学校（幼儿园）"),
    Choice("department", "department or institution", "科室及直属单位"),
)
UNIT_TYPE = {c.key: c for c in UNIT_TYPES}


def choice_label(list_name: str, key: str | None, lang: str) -> str:
    """The display word for a fixed list's canonical key ('' for None)."""
    if key is None:
        return ""
    return _choice_label(list_name, key, lang)


@lru_cache(maxsize=1024)
def _choice_label(list_name: str, key: str, lang: str) -> str:
    for c in CHOICES[list_name]:
        if c.key == key:
            return c.label(lang)
    return key


def choice_spellings(list_name: str) -> dict[str, tuple[str, ...]]:
    """Accepted spellings per canonical key, both languages, for the forgiving reader."""
    return {c.key: c.spellings() for c in CHOICES[list_name]}
