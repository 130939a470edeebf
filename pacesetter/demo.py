"""Realistic filled submissions for the quick start: ``demo`` puts them into ``inbox/``.

Each file starts as the unit's generated template and is filled the way a person
does it, with openpyxl: typed values, text where a number belongs (``90%``, ``30个``),
text dates (``年底``, ``6月底``), a Category merged down several rows, a Chinese
measure in an English campaign. Most files are clean; a few carry one mistake each
(a missing deadline, a wrong unit code, an impossible date, a changed target), so
that the run shows both accepted and rejected files.

The same seed gives byte-identical files: openpyxl's time stamps (document
properties, zip entries) are replaced by fixed ones, and each file's mtime is its
submission date, so arrival order follows submission order.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import os
import random
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pacesetter.config import BenchmarkUnit, Config, Period, Unit
from pacesetter.fields import (
    EXCHANGE_FIELDS,
    SHEETS,
    TASK_FIELDS,
    UNIT_FIELD,
    UNIT_FIELDS,
    choice_label,
)
from pacesetter.i18n import t
from pacesetter.sample_config import INDICATORS
from pacesetter.template import fit_height, write_template

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
Pair = tuple[str, str]  # (English, Chinese)


def _w(pair: Pair, lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


# ---------------------------------------------------------------- task pools


@dataclass(frozen=True)
class _Idea:
    """A task as the plans phrase them; ``indicator`` indexes sample_config.INDICATORS or is a pair."""

    key: str
    cat: int  # index into the campaign's categories (the sample's order)
    title: Pair
    objective: Pair  # {t}: the target
    indicator: int | Pair
    uom: Pair
    direction: str
    baseline: float
    target: float
    deadline: tuple[int, int]  # month, day
    measures: Pair
    dept: Pair
    word: str = ""  # the measure word people type after the number: 30个, 45场
    whole: bool = True  # counted in whole numbers
    done: Pair = ("done", "完成")  # a milestone's target is what will be done: judged by its status


def _i(key: str, cat: int, title: Pair, objective: Pair, indicator: int | Pair, uom: Pair, direction: str,
       baseline: float, target: float, deadline: tuple[int, int], measures: Pair, dept: Pair,
       word: str = "", whole: bool = True, done: Pair = ("done", "完成")) -> _Idea:
    return _Idea(key, cat, title, objective, indicator, uom, direction, baseline, target, deadline,
                 measures, dept, word, whole, done)


_PCT = ("%", "%")
_DAYS = ("working days", "个工作日")
_H, _L, _M = "higher", "lower", "milestone"

# The plans' concrete targets, which units of the culture side commit to.
_CULTURE = (
    _i("cc_rate", 1, ("Grass-roots cultural centres up to standard", "基层综合文化服务中心达标建设"),
       ("Compliance rate of grass-roots comprehensive cultural service centres at least {t}% by "
        "provincial standards", "基层综合文化服务中心按省定标准达标率达到{t}%以上"),
       0, _PCT, _H, 78, 90, (12, 31),
       ("Check every centre against the provincial standard; fix the gaps one by one; build "
        "standardized model sites", "对照省定标准逐一摸排，逐个整改短板，高标准打造一批标准化示范点"),
       ("Business Section", "业务科"), whole=False),
    _i("bookstores", 1, ("Farmer bookstores upgraded", "农家书屋提档升级"),
       ("Update the publications of at least {t} farmer bookstores and upgrade them digitally",
        "完成{t}个以上农家书屋出版物更新和数字化升级"),
       1, ("bookstores", "个"), _H, 12, 30, (11, 30),
       ("Deliver new publications in batches; install digital reading terminals; train the "
        "bookstore keepers", "分批配送新出版物，安装数字阅读终端，开展书屋管理员培训"),
       ("District Library", "区图书馆"), word="个"),
    _i("performances", 1, ("Performances in the countryside", "送戏下乡"),
       ("Stage {t} performances in villages during the year (one village, one show)",
        "全年完成送戏下乡演出{t}场（“一村一年一场戏”）"),
       2, ("performances", "场"), _H, 36, 45, (12, 31),
       ("Schedule with the towns; organize troupes and volunteer teams; publish the programme "
        "monthly", "与各镇街统筹排期，组织院团和文艺志愿者队伍，每月公布演出安排"),
       ("District Cultural Centre", "区文化馆"), word="场"),
    _i("heritage", 2, ("Intangible heritage declarations", "非遗项目申报"),
       ("Declare at least {t} projects for the municipal intangible heritage list",
        "申报{t}项以上项目列入市级非遗保护名录"),
       3, ("projects", "项"), _H, 1, 2, (10, 31),
       ("Survey heritage items in every town; prepare the files with experts; publish the "
        "fifth district list", "开展非遗资源普查，组织专家指导申报材料，公布第五批区级非遗名录"),
       ("Heritage Protection Centre", "非遗保护中心"), word="项"),
    _i("exhibition", 2, ("Historical and cultural exhibition points", "历史文化展示点建设"),
       ("Build {t} historical and cultural exhibition points, each with a Confucian lecture hall",
        "建成{t}个以上历史文化展示点，基层综合文化服务中心均设乡村儒学讲堂"),
       4, ("points", "个"), _H, 6, 10, (12, 31),
       ("Choose the sites with the towns; design the exhibitions; open lecture halls with local "
        "teachers", "会同镇街选址，设计展陈内容，聘请本土讲师开设儒学讲堂"),
       ("Heritage Protection Centre", "非遗保护中心"), word="个"),
    _i("platform", 5, ("Online approval supervision platform", "文化审批网上监管平台"),
       ("Use rate of the online approval supervision platform reaches {t}%",
        "文化项目网上审批监管平台使用率达到{t}%"),
       5, _PCT, _H, 85, 100, (12, 31),
       ("Move every approval item online; build the one-household-one-file database; train "
        "the staff", "审批事项全部网上办理，建立“一户一档”数据库，开展业务培训"),
       ("Regulation Section", "法规科"), whole=False),
    _i("approval_time", 6, ("Faster cultural approvals", "文化审批提速"),
       ("Cut the average approval time to {t} working days", "文化审批平均办理时限压缩至{t}个工作日"),
       8, _DAYS, _L, 8, 5, (9, 30),
       ("Merge steps; accept applications online; publish a service guide",
        "精简审批环节，推行网上受理，公开办事指南"),
       ("Regulation Section", "法规科"), whole=False),
    _i("heritage_list", 2, ("Fifth district heritage list", "第五批区级非遗名录"),
       ("Publish the fifth batch of the district intangible heritage list",
        "公布第五批区级非物质文化遗产代表性项目名录"),
       ("List published", "名录公布"), ("batch", "批"), _M, 0, 1, (6, 30),
       ("Expert review in May; public notice in June", "5月组织专家评审，6月公示公布"),
       ("Heritage Protection Centre", "非遗保护中心"), done=("published", "公布")),
    _i("festival", 1, ("Second mass culture and art festival", "第二届群众文化艺术节"),
       ("Hold the second district mass culture and art festival", "成功举办第二届区群众文化艺术节"),
       ("Festival held", "艺术节举办"), ("festival", "届"), _M, 0, 1, (9, 30),
       ("Set up the organizing committee; town preliminaries; final gala in September",
        "成立组委会，开展镇街初赛，9月举办集中展演"),
       ("District Cultural Centre", "区文化馆"), done=("held", "成功举办")),
    _i("reading", 1, ("Reading promotion", "全民阅读推广"),
       ("Hold at least {t} reading promotion events", "开展全民阅读推广活动{t}场以上"),
       ("Reading events held", "阅读推广活动场次"), ("events", "场"), _H, 15, 24, (12, 31),
       ("Reading month and reading contest; readings in villages and schools",
        "举办读书月和阅读大赛，开展阅读进村、进校园活动"),
       ("District Library", "区图书馆"), word="场"),
    _i("inspections", 7, ("Safety inspections of cultural venues", "文化场所安全检查"),
       ("Carry out {t} safety inspections of cultural venues", "开展文化场所安全检查{t}次"),
       ("Safety inspections", "安全检查次数"), ("inspections", "次"), _H, 8, 12, (12, 31),
       ("Monthly checks; random spot checks; a ledger of rectifications",
        "每月例行检查，开展“双随机”抽查，建立整改台账"),
       ("Regulation Section", "法规科"), word="次"),
    _i("industry", 6, ("Cultural industry projects", "文化产业项目引进"),
       ("Bring in {t} cultural industry projects", "引进文化产业项目{t}个"),
       ("Cultural industry projects introduced", "文化产业项目引进数"), ("projects", "个"), _H, 1, 3,
       (12, 31),
       ("Join the district's investment promotion; apply for demonstration-park support",
        "配合区委区政府招商引资，积极申报文化产业示范园区和基地"),
       ("Business Section", "业务科"), word="个"),
)

_EDUCATION = (
    _i("training", 4, ("Teacher training", "教师培训"),
       ("Average training hours per teacher reach {t}", "教师人均培训学时达到{t}学时"),
       6, ("hours", "学时"), _H, 60, 72, (12, 31),
       ("A district training plan; online courses; school-based training",
        "制定培训计划，开设网络研修课程，指导校本培训"),
       ("Teacher Training Office", "师训办"), word="学时"),
    _i("fitness", 3, ("Student physical health", "学生体质健康"),
       ("Physical fitness pass rate of students reaches {t}%", "学生体质健康达标率达到{t}%"),
       7, _PCT, _H, 91, 95, (12, 31),
       ("One hour of exercise a day; fitness tests every term; sports clubs",
        "落实每天锻炼一小时，每学期开展体质测试，组建体育社团"),
       ("Physical Education Office", "体卫艺办"), whole=False),
    _i("smart_use", 5, ("Smart education platform in every school", "智慧教育平台全覆盖"),
       ("Use rate of the smart education platform reaches {t}%", "智慧教育平台使用率达到{t}%"),
       5, _PCT, _H, 70, 100, (12, 31),
       ("Accounts for every teacher; monthly use statistics; model lessons online",
        "为每位教师开通账号，按月通报使用情况，开展线上示范课"),
       ("Information Centre", "电教中心"), whole=False),
    _i("drills", 7, ("School safety drills", "校园安全演练"),
       ("Organize {t} safety drills across the schools", "组织辖区学校开展安全演练{t}次"),
       ("Safety drills", "安全演练次数"), ("drills", "次"), _H, 16, 24, (12, 31),
       ("A drill calendar for every school; fire and earthquake drills; review after each",
        "制定演练计划，开展消防、防震演练，每次演练后总结讲评"),
       ("Safety Office", "安全办"), word="次"),
    _i("playground", 3, ("Central kindergarten playground renovated", "中心幼儿园操场改造"),
       ("Finish renovating the central kindergarten playground", "完成中心幼儿园操场改造工程"),
       ("Renovation finished", "改造完成"), ("project", "项"), _M, 0, 1, (9, 30),
       ("Design in June; construction during the summer holiday; acceptance in September",
        "6月完成设计，暑期施工，9月验收"),
       ("General Affairs", "总务组")),
    _i("exhibition_town", 2, ("Rural exhibition points", "乡村文化展示点"),
       ("Build {t} exhibition points of local history and culture", "建成{t}个乡村历史文化展示点"),
       4, ("points", "个"), _H, 4, 10, (12, 31),
       ("Choose villages with the culture station; collect objects; open to the public",
        "会同文化站选点，征集展品，建成后免费开放"),
       ("Culture Station", "文化站"), word="个"),
    _i("complaint_time", 6, ("Reply to parents' complaints", "家长诉求办理"),
       ("Reply to parents' complaints within {t} working days on average",
        "家长诉求平均办结时限压缩至{t}个工作日"),
       ("Complaint reply time (working days)", "诉求办结时限（工作日）"), _DAYS, _L, 8, 5, (12, 31),
       ("One hotline; a ledger of complaints; weekly follow-up", "统一受理热线，建立诉求台账，每周跟踪督办"),
       ("General Office", "综合办公室"), whole=False),
    _i("teacher_centre", 4, ("Teacher development centre", "教师发展中心建设"),
       ("Set up the town's teacher development centre", "建成镇街教师发展中心"),
       ("Centre set up", "中心建成"), ("centre", "个"), _M, 0, 1, (10, 31),
       ("Rooms and equipment by August; appoint the trainers; open in October",
        "8月前完成场地和设备配置，选聘培训教师，10月投入使用"),
       ("Education Section", "教育组"), done=("set up", "建成")),
    _i("smart_rooms", 5, ("Smart classrooms", "智慧教室建设"),
       ("Equip {t} smart classrooms", "建成智慧教室{t}间"),
       ("Smart classrooms", "智慧教室数量"), ("classrooms", "间"), _H, 3, 8, (12, 31),
       ("Tender in June; installation in the summer; teacher training in autumn",
        "6月完成招标，暑期安装调试，秋季开展教师培训"),
       ("Information Centre", "电教中心"), word="间"),
    _i("bookstores_town", 1, ("Farmer bookstores in the town", "农家书屋提升"),
       ("Upgrade {t} farmer bookstores in the town's villages", "提升改造辖区农家书屋{t}个"),
       1, ("bookstores", "个"), _H, 10, 30, (11, 30),
       ("New books in every village; evening opening hours; volunteer keepers",
        "各村配送新书，延长晚间开放时间，招募志愿管理员"),
       ("Culture Station", "文化站"), word="个"),
)

_SCHOOL = (
    _i("fitness", 3, ("Student physical health", "学生体质健康"),
       ("Physical fitness pass rate reaches {t}%", "学生体质健康达标率达到{t}%"),
       7, _PCT, _H, 90, 95, (12, 31),
       ("One hour of exercise a day; fitness tests every term; sports clubs",
        "落实每天锻炼一小时，每学期开展体质测试，组建体育社团"),
       ("Physical Education Group", "体育组"), whole=False),
    _i("training", 4, ("Teacher training", "教师培训"),
       ("Average training hours per teacher reach {t}", "教师人均培训学时达到{t}学时"),
       6, ("hours", "学时"), _H, 60, 72, (12, 31),
       ("School-based training every week; lesson study; online courses",
        "每周开展校本研修，组织课例研究，参加网络课程学习"),
       ("Teaching Affairs Office", "教务处"), word="学时"),
    _i("smart_use", 5, ("Smart platform in every classroom", "智慧课堂常态化应用"),
       ("Use rate of the smart education platform reaches {t}%", "智慧教育平台使用率达到{t}%"),
       5, _PCT, _H, 80, 100, (12, 31),
       ("Every teacher uses the platform weekly; monthly statistics; model lessons",
        "教师每周使用平台授课，按月统计通报，开展示范课评比"),
       ("Information Office", "信息中心"), whole=False),
    _i("books", 3, ("A reading school", "书香校园"),
       ("Each student reads at least {t} books a year", "学生人均年阅读量达到{t}本"),
       ("Books read per student", "学生人均阅读量"), ("books", "本"), _H, 20, 30, (12, 31),
       ("Class libraries; a reading hour every day; reading festival in autumn",
        "建设班级图书角，每天安排阅读时间，秋季举办读书节"),
       ("Moral Education Office", "德育处"), word="本"),
    _i("drills", 7, ("Safety drills", "安全演练"),
       ("Hold {t} safety drills during the year", "全年开展安全演练{t}次"),
       ("Safety drills", "安全演练次数"), ("drills", "次"), _H, 6, 10, (12, 31),
       ("Fire, earthquake and flood drills; review after each drill",
        "开展消防、防震、防汛演练，每次演练后总结讲评"),
       ("Safety Office", "安全办"), word="次"),
    _i("history_room", 3, ("School history exhibition room", "校史展室建设"),
       ("Open the school history exhibition room", "建成并开放校史展室"),
       ("Room opened", "展室开放"), ("room", "个"), _M, 0, 1, (10, 31),
       ("Collect materials from alumni; design in summer; open on the school anniversary",
        "向校友征集史料，暑期完成布展，校庆日开放"),
       ("General Affairs Office", "总务处"), done=("opened", "建成开放")),
    _i("satisfaction", 6, ("Parent satisfaction", "家长满意度提升"),
       ("Parent satisfaction rate reaches {t}%", "家长满意度达到{t}%"),
       ("Parent satisfaction rate", "家长满意度"), _PCT, _H, 90, 95, (12, 31),
       ("Open days every term; a parents' committee; reply to every suggestion",
        "每学期举办校园开放日，健全家委会，家长意见件件有回复"),
       ("Principal's Office", "校长办公室"), whole=False),
    _i("backbone", 4, ("Backbone teachers", "骨干教师培养"),
       ("Train {t} municipal backbone teachers", "培养市级骨干教师{t}名"),
       ("Municipal backbone teachers", "市级骨干教师数"), ("teachers", "名"), _H, 2, 5, (12, 31),
       ("Mentor pairs; lesson competitions; support for applications",
        "开展青蓝结对，组织优质课评比，支持教师申报"),
       ("Teaching Affairs Office", "教务处"), word="名"),
    _i("clubs", 3, ("Student clubs", "学生社团活动"),
       ("Run {t} student club activities", "开展学生社团活动{t}次"),
       ("Club activities", "社团活动次数"), ("activities", "次"), _H, 25, 40, (12, 31),
       ("Clubs every Wednesday afternoon; a showcase at the year end",
        "每周三下午开展社团活动，年底举办成果展示"),
       ("Moral Education Office", "德育处"), word="次"),
    _i("canteen", 7, ("Bright kitchen in the canteen", "食堂“明厨亮灶”改造"),
       ("Finish the open-kitchen renovation of the canteen", "完成学校食堂“明厨亮灶”改造"),
       ("Renovation finished", "改造完成"), ("project", "项"), _M, 0, 1, (6, 30),
       ("Cameras and glass partitions; acceptance by the market supervision bureau",
        "安装监控和透明隔断，通过市场监管部门验收"),
       ("General Affairs Office", "总务处")),
    _i("home_visits", 6, ("Home visits", "教师家访"),
       ("Home visit rate of teachers reaches {t}%", "教师家访率达到{t}%"),
       ("Home visit rate", "家访率"), _PCT, _H, 85, 100, (12, 31),
       ("Every class teacher visits every family; records kept in a ledger",
        "班主任全员家访，建立家访记录台账"),
       ("Moral Education Office", "德育处"), whole=False),
    _i("reply_time", 6, ("Reply to parents' letters", "家长来信回复"),
       ("Reply to parents' letters within {t} working days", "家长来信回复时限压缩至{t}个工作日"),
       ("Letter reply time (working days)", "来信回复时限（工作日）"), _DAYS, _L, 5, 3, (12, 31),
       ("A letters ledger; the principal's office follows up every week",
        "建立来信台账，校长办公室每周督办"),
       ("Principal's Office", "校长办公室"), whole=False),
    _i("heritage_class", 2, ("Intangible heritage in class", "非遗进校园"),
       ("Hold {t} intangible-heritage lessons", "开展非遗进校园课程{t}节"),
       ("Heritage lessons", "非遗课程节数"), ("lessons", "节"), _H, 6, 12, (12, 31),
       ("Invite heritage bearers; paper-cutting and kite-making lessons",
        "邀请非遗传承人进校园，开设剪纸、风筝制作课程"),
       ("Teaching Affairs Office", "教务处"), word="节"),
)

# The plans' concrete figures; each goes to one culture-side unit, so every run shows them.
_ANCHORS = ("cc_rate", "bookstores", "performances", "heritage", "exhibition", "platform")
_DEPT_SLOTS = (  # the sample's departments in order: culture, education, heritage, library
    (_CULTURE, ("cc_rate", "performances", "platform")),
    (_EDUCATION, ()),
    (_CULTURE, ("heritage", "exhibition")),
    (_CULTURE, ("bookstores",)),
)

_NAMES: tuple[Pair, ...] = (
    ("Wang Jun", "王军"), ("Li Na", "李娜"), ("Zhang Lei", "张磊"), ("Liu Yang", "刘洋"),
    ("Chen Jing", "陈静"), ("Yang Guang", "杨光"), ("Zhao Min", "赵敏"), ("Huang Tao", "黄涛"),
    ("Zhou Hong", "周红"), ("Wu Di", "吴迪"), ("Xu Hui", "徐慧"), ("Sun Peng", "孙鹏"),
    ("Hu Jie", "胡杰"), ("Zhu Ying", "朱颖"), ("Gao Feng", "高峰"), ("Lin Li", "林立"),
    ("He Yun", "何云"), ("Guo Qiang", "郭强"), ("Ma Chao", "马超"), ("Luo Qing", "罗青"),
    ("Liang Yu", "梁雨"), ("Song Jia", "宋佳"), ("Zheng Kai", "郑凯"), ("Xie Fang", "谢芳"),
    ("Han Mei", "韩梅"), ("Tang Bin", "唐斌"), ("Feng Xue", "冯雪"), ("Yu Xianglong", "于祥龙"),
    ("Huang Jiang", "黄江"), ("Dong Wei", "董伟"), ("Cheng Lu", "程璐"), ("Yuan Hao", "袁浩"),
)
_EVIDENCE = ("inspection", "minutes", "news", "platform", "documents")
_REASONS = ("funds", "site", "contractor", "staff")
_TOPICS = ("service", "digital", "staff", "quality")


# ---------------------------------------------------------------- the simulated campaign


@dataclass(frozen=True)
class DemoFile:
    """One demo submission: what a clerk would find in the inbox, and what is wrong with it."""

    name: str
    unit_code: str
    period: str  # period key
    submitted: dt.date
    mistake: str | None = None  # missing_deadline | wrong_unit_code | bad_date | changed_target
    note: str = ""  # e.g. "second, corrected version"


@dataclass
class _Task:
    no: int
    idea: _Idea
    category: str
    indicator: str
    measures: str
    target: float  # as committed (a corrected second version may raise it)
    bench: BenchmarkUnit | None
    bench_value: float | None
    lead: str
    person: str
    handler: str
    start: dt.date
    deadline: dt.date
    arc: str = "steady"  # steady | early | stalled | overdue
    freeze: dt.date | None = None  # stalled and overdue tasks stop moving here
    pace: float = 1.0
    anchor: bool = False  # carries one of the plans' own figures
    language: str = "en"
    first_version: dict[str, Any] | None = None  # committed cells before the correction
    typed: dict[str, Any] = field(default_factory=dict)  # the cells as typed in the commitment

    def progress(self, day: dt.date) -> float:
        """Share of the way from baseline to target reached on ``day`` (1.0 = completed)."""
        if self.freeze is not None:
            day = min(day, self.freeze)
        if day < self.start:
            return 0.0
        span = max((self.deadline - self.start).days, 1)
        share = (day - self.start).days / span
        if self.arc == "early":
            share /= 0.7
        if self.arc in ("steady", "early") and share >= 1:
            return 1.0
        return round(min(share * self.pace, 0.97), 3)

    def value_at(self, day: dt.date) -> float:
        share = self.progress(day)
        idea = self.idea
        if idea.direction == _M:
            return 1.0 if share >= 1 else 0.0
        value = idea.baseline + (self.target - idea.baseline) * share
        if idea.whole:
            return float(int(value)) if share < 1 else self.target
        return round(value, 1)


@dataclass
class _UnitPlan:
    unit: Unit
    bench: BenchmarkUnit
    tasks: list[_Task]
    merge_category: bool
    exchanges: list[tuple[dt.date, str, str, str]]  # date, form key, content, participants


@dataclass
class _Sub:
    """One file to write: whose, which period, when, made how, and what goes wrong in it."""

    plan: _UnitPlan
    period: Period
    submitted: dt.date
    kind: str  # commitment | copy (a copy of the commitment file) | progress | assessment
    style: str  # file-naming style
    mistake: str | None = None
    note: str = ""
    version: int = 1
    over_scoring: bool = False
    late: bool = False
    text_submission_date: bool = False
    name: str = ""


class _Demo:
    """Plans the whole campaign's submissions from one seed; writing is separate."""

    def __init__(self, config: Config, seed: int):
        self.config = config
        self.lang = config.language
        self.year = config.year
        self.rng = random.Random(seed)
        self.periods = config.periods()
        self.refs = {self._indicator_name(i): i for i in range(len(INDICATORS))}
        units = list(config.units)
        schools = [u for u in units if u.type == "school"]
        pool = schools if len(schools) >= 4 else units
        self.missing = self.rng.sample(pool, min(2, max(len(units) - 3, 0)))
        self.committed = [u for u in units if u not in self.missing]
        anchors = self._anchor_slots()
        self.plans = {u.code: self._plan_unit(u, anchors.get(u.code)) for u in self.committed}
        self._shape_arcs()
        self.subs = self._submissions()
        self._name_files()

    # ------------------------------------------------------------ tasks

    def _indicator_name(self, index: int) -> str:
        row = INDICATORS[index]
        return row[1] if self.lang == "zh" else row[0]

    def _anchor_slots(self) -> dict[str, tuple[tuple[_Idea, ...], tuple[str, ...]]]:
        """Which pool and which must-have ideas each department gets (culture side first)."""
        depts = [u for u in self.committed if u.type == "department"]
        slots: dict[str, tuple[tuple[_Idea, ...], tuple[str, ...]]] = {}
        for i, unit in enumerate(depts):
            slots[unit.code] = _DEPT_SLOTS[i % len(_DEPT_SLOTS)]
        given = {k for _, keys in slots.values() for k in keys}
        if len(depts) < len(_DEPT_SLOTS):  # a smaller campaign: the rest go to the first units
            rest = [k for k in _ANCHORS if k not in given]
            for i, key in enumerate(rest):
                unit = self.committed[i % len(self.committed)]
                pool, keys = slots.get(unit.code, (_CULTURE, ()))
                slots[unit.code] = (_CULTURE if unit.type != "school" else pool, (*keys, key))
        return slots

    def _pool(self, unit: Unit, slot: tuple[tuple[_Idea, ...], tuple[str, ...]] | None) -> list[_Idea]:
        if slot is not None:
            pool, must = slot
            extra = [i for i in _CULTURE if i.key in must and i not in pool]
            return [*extra, *pool]
        return list({"office": _EDUCATION, "school": _SCHOOL}.get(unit.type, _CULTURE))

    def _plan_unit(self, unit: Unit, slot: tuple[tuple[_Idea, ...], tuple[str, ...]] | None) -> _UnitPlan:
        rng, cfg, lang = self.rng, self.config, self.lang
        rules = cfg.tasks
        pool = self._pool(unit, slot)
        must = [i for i in pool if slot is not None and i.key in slot[1]]
        lo = max(rules.min_tasks, min(9, rules.max_tasks))
        hi = min(rules.max_tasks, max(11, rules.min_tasks), len(pool))
        count = rng.randint(min(lo, hi), hi)
        others = [i for i in pool if i not in must]
        ideas = must + rng.sample(others, max(count - len(must), 0))
        # the benchmarking objective first: an indicator with a configured reference
        bench = self._choose_bench(unit)
        first = next((i for i in ideas if self._reference(bench, i) is not None), ideas[0])
        rest = [i for i in ideas if i is not first]
        rest.sort(key=lambda i: (i.cat, i.key))  # people group their tasks by category
        cats = cfg.tasks.categories
        chinese_measures = lang == "en" and rng.random() < 0.15
        people = rng.sample(_NAMES, 8)
        leads = [_w(p, lang) for p in people[:2]]
        persons = [_w(p, lang) for p in people[2:5]]
        handlers = [_w(p, lang) for p in people[5:8]]
        tasks = []
        for no, idea in enumerate([first, *rest], start=1):
            with_bench = no == 1 or (self._reference(bench, idea) is not None and rng.random() < 0.6)
            ref = self._reference(bench, idea)
            value = None
            if with_bench:
                value = ref if ref is not None else self._invented_reference(idea)
            month, day = idea.deadline
            deadline = dt.date(self.year, month, day)
            start = dt.date(self.year, *rng.choice([(5, 16), (5, 20), (5, 20), (6, 1), (7, 1)]))
            if (deadline - start).days < 60:
                start = dt.date(self.year, 5, 16)
            measures = _w(idea.measures, lang)
            if chinese_measures and no % 2 == 0:
                measures = idea.measures[1]  # typed in Chinese in an English campaign
            tasks.append(_Task(
                no=no, idea=idea, category=cats[0] if no == 1 else cats[idea.cat % len(cats)],
                indicator=self._indicator_label(idea), measures=measures, target=float(idea.target),
                anchor=idea in must, language=lang, bench=bench if with_bench else None,
                bench_value=value, lead=rng.choice(leads), person=rng.choice(persons),
                handler=rng.choice(handlers), start=max(start, cfg.calendar.campaign_start),
                deadline=deadline, pace=round(rng.uniform(0.85, 1.0), 2),
                arc="early" if no > 1 and rng.random() < 0.12 else "steady",
            ))
        exchanges = []
        topic = rng.choice(_TOPICS)
        for month in (5, 7, 8, 9, 10):
            if month == 5 or rng.random() < 0.45:
                day = dt.date(self.year, month, rng.randint(6, 12) if month == 5 else rng.randint(8, 26))
                form = "visit" if month == 5 else rng.choice(("visit", "invited", "online", "online"))
                content = t(f"demo.exchange.{form}", lang, bench=bench.name,
                            topic=t(f"demo.topic.{topic}", lang))
                names = rng.sample([*leads, *persons], 2)
                exchanges.append((day, form, content, ("、" if lang == "zh" else ", ").join(names)))
        return _UnitPlan(unit, bench, tasks, merge_category=rng.random() < 0.45, exchanges=exchanges)

    def _choose_bench(self, unit: Unit) -> BenchmarkUnit:
        bench = self.config.benchmark_units
        if len(bench) == 1:
            return bench[0]
        if unit.type == "school":
            return bench[0] if self.rng.random() < 0.8 else bench[-1]
        return bench[1] if self.rng.random() < 0.75 else bench[-1]

    def _indicator_label(self, idea: _Idea) -> str:
        if isinstance(idea.indicator, int):
            return self._indicator_name(idea.indicator)
        return _w(idea.indicator, self.lang)

    def _reference(self, bench: BenchmarkUnit, idea: _Idea) -> float | None:
        return bench.references.get(self._indicator_label(idea))

    @staticmethod
    def _invented_reference(idea: _Idea) -> float:
        if idea.direction == _M:
            return 1.0
        if idea.direction == _L:
            return max(idea.target - 1, 1)
        return idea.target if idea.uom == _PCT and idea.target >= 100 else round(idea.target * 1.1)

    def _shape_arcs(self) -> None:
        """A few tasks stall and one or two run past their deadline, as in any real campaign."""
        rng = self.rng
        units = list(self.plans.values())
        for plan in rng.sample(units, min(3, len(units))):
            task = rng.choice(plan.tasks[1:] or plan.tasks)
            task.arc, task.freeze = "stalled", dt.date(self.year, 8, 10)
        for plan in rng.sample(units, min(2, len(units))):
            task = rng.choice([x for x in plan.tasks[1:] if x.arc != "stalled"] or plan.tasks)
            task.arc = "overdue"
            task.deadline = min(task.deadline, dt.date(self.year, 9, 30))
            task.start = min(task.start, dt.date(self.year, 6, 1))
            task.freeze = task.deadline - dt.timedelta(days=40)
            task.pace = 0.8

    # ------------------------------------------------------------ who sends what, when

    def _submissions(self) -> list[_Sub]:
        rng, cfg = self.rng, self.config
        plans = list(self.plans.values())
        codes = [p.unit.code for p in plans]
        order = rng.sample(codes, len(codes))

        def take(k: int, *, avoid: frozenset[str] | set[str] = frozenset()) -> list[str]:
            # a small campaign has fewer units than roles: then a unit plays several
            chosen = ([c for c in order if c not in avoid] or order)[:k]
            for c in chosen:
                order.remove(c)
                order.append(c)  # rotate, so roles spread over the units
            return chosen

        mistaken = take(3)
        no_deadline, wrong_code, bad_date = (mistaken + mistaken * 3)[:3]
        dup = take(1)[0]
        self._correct(self.plans[dup])
        late_commit = set(take(1, avoid={dup}))
        no_progress = set(take(2 if len(codes) > 4 else 0, avoid={dup}))
        changed = take(1, avoid=no_progress)[0]
        no_exchange = set(take(2))
        for code in no_exchange:
            self.plans[code].exchanges = []
        for task in self.plans[take(1)[0]].tasks[1:]:
            if task.bench_value is not None and task.idea.direction == _H:
                task.bench_value -= 1  # last year's figure, not the configured reference: a warning
                break

        commit = self.periods[0]
        due = commit.due
        subs: list[_Sub] = []
        for plan in plans:
            code = plan.unit.code
            if code == dup:
                subs.append(_Sub(plan, commit, due - dt.timedelta(days=4), "commitment", "commit",
                                 note="first version"))
                subs.append(_Sub(plan, commit, due - dt.timedelta(days=1), "commitment", "commit_v2",
                                 version=2, note="second, corrected version"))
                continue
            if code in late_commit:
                day = due + dt.timedelta(days=rng.randint(2, 4))
            else:
                day = due - dt.timedelta(days=rng.randint(0, 3))
            subs.append(_Sub(plan, commit, day, "commitment", "commit", late=code in late_commit))
        for days, mistake, code in ((8, "missing_deadline", no_deadline), (6, "wrong_unit_code", wrong_code),
                                    (5, "bad_date", bad_date)):
            plan = self.plans[code]
            subs.append(_Sub(plan, commit, due - dt.timedelta(days=days), "commitment",
                             "draft", mistake=mistake, note="sent before the corrected file"))

        progress = [p for p in self.periods if p.stage == "progress"]
        assessment = next((p for p in self.periods if p.stage == "assessment"), None)
        cutoff = assessment.due if assessment else cfg.calendar.campaign_end
        regular = [p for p in progress if p.due <= cutoff]
        early = next((p for p in progress if p.due > cutoff), None)
        reporting = [p for p in plans if p.unit.code not in no_progress]
        skips = {(rng.choice(reporting).unit.code, rng.choice(regular).key)
                 for _ in range(2)} if reporting and regular else set()
        for plan in reporting:
            code = plan.unit.code
            kind = "copy" if code == changed else "progress"
            for period in regular:
                if (code, period.key) in skips:
                    continue
                late = rng.random() < 0.06
                day = period.due + dt.timedelta(days=rng.randint(1, 3) if late else -rng.randint(0, 4))
                subs.append(_Sub(plan, period, day, kind, "progress", late=late,
                                 text_submission_date=rng.random() < 0.05))
            if code == changed and len(regular) >= 3:
                period = regular[2]
                subs.append(_Sub(plan, period, period.due - dt.timedelta(days=6), "copy", "draft",
                                 mistake="changed_target", note="sent before the corrected report"))
        if early is not None:
            for plan in rng.sample(reporting, min(3, len(reporting))):
                day = early.start + dt.timedelta(days=rng.randint(22, 24))  # before the month is out
                subs.append(_Sub(plan, early, min(day, early.due), "progress", "progress",
                                 note="sent early"))
        if assessment is not None:
            assessed = rng.sample(reporting, min(5, len(reporting)))
            for i, plan in enumerate(assessed):
                day = assessment.due - dt.timedelta(days=rng.randint(0, 3))
                subs.append(_Sub(plan, assessment, day, "assessment", "assessment",
                                 over_scoring=i == 0, note="scores itself high" if i == 0 else ""))
        subs.sort(key=lambda s: (s.submitted, s.plan.unit.code, s.version, s.mistake is None))
        return subs

    def _correct(self, plan: _UnitPlan) -> None:
        """The unit's corrected second version: a higher target and a sharper measure on one task."""
        for task in plan.tasks[1:]:
            if task.idea.direction == _H and task.idea.whole:
                task.first_version = {
                    "target": _plain(task.target), "measures": task.measures,
                    "objective": _w(task.idea.objective, self.lang).format(t=_num(task.target))}
                task.target += 1
                task.measures += "；每月通报进度" if self.lang == "zh" else "; progress reported monthly"
                return

    # ------------------------------------------------------------ file names

    def _name_files(self) -> None:
        """Names as people give them: Chinese words, spaces, (1), 副本, 'Copy of ...'."""
        rng, lang = self.rng, self.lang
        used: set[str] = set()
        copies = 0
        for sub in self.subs:
            unit, period = sub.plan.unit, sub.period
            name, code = unit.name, unit.code
            month = period.month or 0
            if sub.style == "commit":
                options = [f"{name} 目标承诺表", f"{name}寻标对标任务目标", f"{code} 目标承诺",
                           f"{name} task objectives" if lang == "en" else f"{name}任务目标（定稿）"]
            elif sub.style == "commit_v2":
                options = [f"{name} 目标承诺表(修改版)", f"{code} commitment v2"]
            elif sub.style == "draft":
                copies += 1
                options = [f"Copy of template ({copies + 1})", f"副本 {name}", f"{name} 初稿 (1)"]
            elif sub.style == "assessment":
                options = [f"{name} 年终自评", f"{code} self-assessment", f"{name}自评表(终稿)"]
            else:
                options = [f"{code}_{period.key}进展", f"{name}{month}月份进展情况",
                           f"{name} {period.key} progress" if lang == "en" else f"{name}{month}月进展",
                           f"{code} {month}月进展 (1)", f"副本 {name}{month}月进展"]
            stem = _safe_name(rng.choice(options))
            candidate, n = f"{stem}.xlsx", 1
            while candidate.lower() in used:
                n += 1
                candidate = f"{stem} ({n}).xlsx"
            used.add(candidate.lower())
            sub.name = candidate

    # ------------------------------------------------------------ public view

    def files(self) -> list[DemoFile]:
        return [DemoFile(s.name, s.plan.unit.code, s.period.key, s.submitted, s.mistake,
                         s.note or ("late" if s.late else "")) for s in self.subs]


def _safe_name(stem: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", stem).strip(" .")
    return stem[:120] or "submission"


# ---------------------------------------------------------------- filling the workbooks


class _Filler:
    """Types one submission into its template the way a person does."""

    def __init__(self, demo: _Demo, templates: Path):
        self.demo = demo
        self.config = demo.config
        self.lang = demo.lang
        self.templates = templates
        self._cache: dict[tuple[str, bool], bytes] = {}

    def template(self, sub: _Sub) -> bytes:
        """The template the unit starts from: its unit template, or its progress template.

        The progress template carries the unit's committed tasks (locked); the unit picks
        each month's period from the dropdown, as it does on every file it sends.
        """
        unit = sub.plan.unit
        prefilled = sub.kind in ("progress", "assessment")
        key = (unit.code, prefilled)
        if key not in self._cache:
            path = self.templates / f"{unit.code}-{'progress' if prefilled else 'blank'}.xlsx"
            committed = [self._committed(task) for task in sub.plan.tasks] if prefilled else None
            write_template(self.config, path, unit=unit, committed=committed)
            self._cache[key] = path.read_bytes()
        return self._cache[key]

    def _committed(self, task: _Task) -> dict[str, Any]:
        """The commitment as the store would hold it: typed values, canonical keys."""
        lang, idea = self.lang, task.idea
        milestone = idea.direction == _M
        return {
            "task_no": task.no, "category": task.category, "title": _w(idea.title, lang),
            "objective": _w(idea.objective, lang).format(t=_num(task.target)),
            "indicator": task.indicator, "unit_of_measure": _w(idea.uom, lang),
            "direction": idea.direction, "baseline": None if milestone else float(idea.baseline),
            "target": _w(idea.done, lang) if milestone else task.target,
            "benchmark_unit": task.bench.code if task.bench else None,
            "benchmark_value": task.bench_value, "measures": task.measures,
            "lead_leader": task.lead, "responsible_person": task.person,
            "responsible_dept": _w(idea.dept, lang), "handler": task.handler,
            "start_date": task.start, "deadline": task.deadline,
        }

    # ------------------------------------------------------------ typing

    def typed_commitment(self, plan: _UnitPlan, rng: random.Random) -> list[dict[str, Any]]:
        """How the unit types its committed cells: numbers, text numbers, text dates."""
        rows = []
        for task in plan.tasks:
            if task.typed:
                rows.append(task.typed)
                continue
            values = self._committed(task)
            idea = task.idea
            values["direction"] = choice_label("direction", idea.direction, self.lang)
            values["benchmark_unit"] = task.bench.name if task.bench else None
            values["target"] = self._typed_target(task, rng)
            values["deadline"] = self._typed_date(task.deadline, rng)
            if rng.random() < 0.15:
                values["start_date"] = self._typed_date(task.start, rng, plain=True)
            for key in ("baseline", "target", "benchmark_value"):
                if isinstance(values[key], float) and float(values[key]).is_integer():
                    values[key] = int(values[key])
            task.typed = values
            rows.append(values)
        return rows

    @staticmethod
    def _typed_target(task: _Task, rng: random.Random) -> Any:
        idea, target = task.idea, _num(task.target)
        # the plans' own figures, typed the way the plans write them: 90%, 45场, 30个
        forced = {"cc_rate": f"{target}%", "performances": f"{target}场", "bookstores": f"{target}个"}
        if idea.direction == _M:
            return _w(idea.done, "zh" if rng.random() < 0.3 else task.language)
        if task.anchor and idea.key in forced:
            return forced[idea.key]
        r = rng.random()
        if idea.uom == _PCT:
            if r < 0.55:
                return _plain(task.target)
            if r < 0.7:
                return f"{target}%"
            return f"≥{target}%" if r < 0.85 else f"{target}%以上"
        if idea.word and idea.direction == _H and r < 0.25:
            return f"{target}{idea.word}"
        return _plain(task.target)

    def _typed_date(self, day: dt.date, rng: random.Random, *, plain: bool = False) -> Any:
        r = rng.random()
        if r < 0.5:
            return day
        last = calendar.monthrange(day.year, day.month)[1]
        options = [f"{day.year}/{day.month:02d}/{day.day:02d}", f"{day.year}年{day.month}月{day.day}日"]
        if not plain and day.month == 12 and day.day == 31:
            options += ["年底", "年底", "end of year" if self.lang == "en" else "年内"]
        elif not plain and day.day == last:
            options += [f"{day.month}月底"]
        return rng.choice(options)

    # ------------------------------------------------------------ filling

    def fill(self, sub: _Sub, rng: random.Random) -> Workbook:
        wb = openpyxl.load_workbook(io.BytesIO(self.template(sub)))
        lang = self.lang
        plan = sub.plan
        unit_ws = wb[SHEETS["unit"].title(lang)]
        tasks_ws = wb[SHEETS["tasks"].title(lang)]
        self._fill_unit(unit_ws, sub, rng)
        columns = _header_columns(tasks_ws, TASK_FIELDS, lang)
        if sub.kind in ("commitment", "copy"):
            rows = [dict(r) for r in self.typed_commitment(plan, rng)]
            if sub.version == 1 and sub.mistake is None:
                for row, task in zip(rows, plan.tasks, strict=True):
                    if task.first_version is not None:  # as first sent, before the correction
                        row.update(task.first_version)
            if sub.mistake == "missing_deadline":
                rows[min(3, len(rows) - 1)]["deadline"] = None
            if sub.mistake == "bad_date":
                rows[min(2, len(rows) - 1)]["deadline"] = f"{self.config.year}-13-45"
            self._write_rows(tasks_ws, columns, rows)
            if plan.merge_category and sub.kind == "commitment":
                self._merge_categories(tasks_ws, columns["category"], rows)
        if sub.kind != "commitment":
            as_of = min(_month_end(sub.period), sub.submitted)
            if sub.period.stage == "assessment":
                as_of = sub.submitted
            self._fill_progress(tasks_ws, columns, sub, as_of, rng)
            if sub.mistake == "changed_target":
                self._change_a_target(tasks_ws, columns, plan)
        self._fill_exchanges(wb[SHEETS["exchanges"].title(lang)], sub)
        for ws, fields in ((tasks_ws, TASK_FIELDS), (wb[SHEETS["exchanges"].title(lang)], EXCHANGE_FIELDS)):
            _autofit_rows(ws, fields, lang)
        if sub.mistake == "wrong_unit_code":
            cell = _value_cell(unit_ws, UNIT_FIELD["unit_code"].label(lang))
            unit_ws.protection.sheet = False  # people unprotect the sheet to "fix" the code
            known = {u.code for u in self.config.units}
            wrong = plan.unit.code + "1"
            while wrong in known:
                wrong += "1"
            cell.value = wrong
        return wb

    def _fill_unit(self, ws: Worksheet, sub: _Sub, rng: random.Random) -> None:
        cfg, lang, unit = self.config, self.lang, sub.plan.unit
        approved = sub.submitted - dt.timedelta(days=rng.randint(0, 2))
        submitted: Any = sub.submitted
        if sub.text_submission_date:
            submitted = sub.submitted.strftime("%Y/%m/%d")
        values: dict[str, Any] = {
            "period": sub.period.label(lang),
            "submission_date": submitted,
            "first_responsible": unit.first_responsible or _w(rng.choice(_NAMES), lang),
            "contact_person": unit.contact_person or _w(rng.choice(_NAMES), lang),
            "contact_phone": unit.contact_phone or f"0536-{rng.randint(2000000, 8999999)}",
            "approved_by": rng.choice(cfg.approver_leaders(unit.code)),
            "approval_date": approved,
        }
        if sub.kind == "assessment":
            values["self_assessment_note"] = self._self_note(sub)
        for f in UNIT_FIELDS:
            if f.key in values:
                cell = _value_cell(ws, f.label(lang))
                cell.value = values[f.key]

    def _self_note(self, sub: _Sub) -> str:
        if sub.over_scoring:
            return t("demo.self.proud", self.lang)
        tasks = sub.plan.tasks
        done = sum(1 for x in tasks if x.progress(sub.submitted) >= 1)
        return t("demo.self.modest", self.lang, done=done, count=len(tasks), bench=sub.plan.bench.name,
                 topic=t(f"demo.topic.{_TOPICS[len(tasks) % len(_TOPICS)]}", self.lang))

    def _write_rows(self, ws: Worksheet, columns: dict[str, int], rows: list[dict[str, Any]]) -> None:
        for r, values in enumerate(rows, start=2):
            for key, value in values.items():
                if key in columns:
                    ws.cell(r, columns[key]).value = value

    def _merge_categories(self, ws: Worksheet, col: int, rows: list[dict[str, Any]]) -> None:
        """Merge the Category cells of consecutive tasks with the same category, as Excel users do."""
        start = 0
        for i in range(1, len(rows) + 1):
            if i < len(rows) and rows[i]["category"] == rows[start]["category"]:
                continue
            if i - start >= 2:
                ws.merge_cells(start_row=start + 2, start_column=col, end_row=i + 1, end_column=col)
                top = ws.cell(start + 2, col)
                top.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            start = i

    def _fill_progress(self, ws: Worksheet, columns: dict[str, int], sub: _Sub, as_of: dt.date,
                       rng: random.Random) -> None:
        lang = self.lang
        for r, task in enumerate(sub.plan.tasks, start=2):
            share = task.progress(as_of)
            value = task.value_at(as_of)
            target = task.target
            overdue = as_of > task.deadline and share < 1
            if share <= 0:
                status = "not_started"
            elif share >= 1:
                status = "completed"
            elif overdue:
                status = "delayed"
            else:
                status = "in_progress"
            shown = self._quantity(task, value, short=True)
            moved = (value - task.idea.baseline) / ((target - task.idea.baseline) or 1)
            if status == "not_started":
                note = t("demo.note.not_started", lang, start=task.start.isoformat())
            elif status == "completed":
                note = (t("demo.note.milestone_done", lang) if task.idea.direction == _M else
                        t("demo.note.completed", lang, value=shown, target=self._quantity(task, target)))
            elif status == "delayed" or (task.freeze is not None and as_of > task.freeze):
                reason = t(f"demo.reason.{rng.choice(_REASONS)}", lang)
                note = t(f"demo.note.{'delayed' if status == 'delayed' else 'stalled'}", lang,
                         value=shown, reason=reason)
            elif task.idea.direction == _M:
                note = t("demo.note.milestone_open", lang, deadline=task.deadline.isoformat())
            else:
                note = t("demo.note.in_progress", lang, value=shown, share=max(0, round(moved * 100)),
                         target=self._quantity(task, target))
            current: Any = None if task.idea.direction == _M else _plain(value)
            if task.idea.uom == _PCT and rng.random() < 0.15:
                current = f"{_num(value)}%"
            cells = {"status": choice_label("status", status, lang), "current_value": current,
                     "progress_note": note,
                     "evidence": t(f"demo.evidence.{_EVIDENCE[(task.no + r) % len(_EVIDENCE)]}", lang)
                     if status != "not_started" else None}
            if sub.period.stage == "assessment":
                cells["self_score"] = 100 if sub.over_scoring else self._self_score(share, overdue, rng)
            for key, val in cells.items():
                if val is not None:
                    ws.cell(r, columns[key]).value = val

    @staticmethod
    def _self_score(share: float, overdue: bool, rng: random.Random) -> int:
        score = 60 + 38 * min(share, 1) + rng.randint(-2, 2)
        return int(max(0, min(100, score - (15 if overdue else 0))))

    def _quantity(self, task: _Task, value: float, *, short: bool = False) -> str:
        uom = _w(task.idea.uom, self.lang)
        if uom == "%" or self.lang == "zh":
            return f"{_num(value)}{uom}"
        return _num(value) if short else f"{_num(value)} {uom}"

    def _change_a_target(self, ws: Worksheet, columns: dict[str, int], plan: _UnitPlan) -> None:
        """The broken promise: a committed target quietly lowered in a progress report."""
        for r, task in enumerate(plan.tasks, start=2):
            if task.no > 1 and task.idea.direction == _H and task.target >= 2:
                lowered = task.target * 0.8 if not task.idea.whole else max(1, int(task.target * 0.8))
                ws.cell(r, columns["target"]).value = _plain(lowered)
                return

    def _fill_exchanges(self, ws: Worksheet, sub: _Sub) -> None:
        lang = self.lang
        period = sub.period
        columns = _header_columns(ws, EXCHANGE_FIELDS, lang)
        if period.stage == "commitment":
            wanted = [e for e in sub.plan.exchanges if e[0] <= sub.submitted and e[0].month == 5]
        elif period.stage == "progress":
            wanted = [e for e in sub.plan.exchanges if e[0].month == period.month]
        else:
            wanted = []
        for r, (day, form, content, people) in enumerate(wanted, start=2):
            values = {"date": day, "benchmark_unit": sub.plan.bench.name,
                      "form": choice_label("form", form, lang), "content": content,
                      "participants": people}
            for key, value in values.items():
                ws.cell(r, columns[key]).value = value


def _autofit_rows(ws: Worksheet, fields: tuple[Any, ...], lang: str) -> None:
    """Row heights as Excel sets them while the unit types into wrapped cells."""
    for r in range(2, ws.max_row + 1):
        cells = [(ws.cell(r, c).value, f.width) for c, f in enumerate(fields, start=1)]
        if any(v is not None for v, _ in cells):
            ws.row_dimensions[r].height = fit_height(cells, lang)


def _header_columns(ws: Worksheet, fields: tuple[Any, ...], lang: str) -> dict[str, int]:
    labels = {f.label(lang): f.key for f in fields}
    out = {}
    for cell in ws[1]:
        text = str(cell.value or "").removesuffix(" *")
        if text in labels:
            out[labels[text]] = cell.column
    return out


def _value_cell(ws: Worksheet, label: str) -> Any:
    """The cell right of ``label`` on the Unit sheet (the shape the reader relies on)."""
    for row in ws.iter_rows(max_col=2):
        if str(row[0].value or "").removesuffix(" *") == label:
            return row[1]
    raise KeyError(label)


def _month_end(period: Period) -> dt.date:
    if period.month is None:
        return period.due
    last = calendar.monthrange(period.start.year, period.month)[1]
    return dt.date(period.start.year, period.month, last)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# ---------------------------------------------------------------- saving


def _workbook_bytes(wb: Workbook, modified: dt.datetime, author: str) -> bytes:
    """Save with fixed time stamps, so the same seed gives the same bytes."""
    wb.properties.modified = modified
    wb.properties.lastModifiedBy = author
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike wb.save(), this keeps our modified stamp
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _place(inbox: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``inbox/name`` via a temporary name; never overwrite different content."""
    stem, suffix = name.rsplit(".", 1)
    candidate, n = inbox / name, 1
    while candidate.exists():
        if candidate.read_bytes() == data:
            return candidate
        n += 1
        candidate = inbox / f"{stem} ({n}).{suffix}"
    fd, tmp = tempfile.mkstemp(prefix=".demo-", suffix=".tmp", dir=inbox)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, candidate)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return candidate


def demo_files(config: Config, *, seed: int = 0) -> list[DemoFile]:
    """What ``write_demo`` writes for this seed: file name, unit, period, date and any mistake."""
    return _Demo(config, seed).files()


def write_demo(config: Config, *, seed: int = 0) -> list[Path]:
    """Fill realistic submissions (some with mistakes) into ``inbox/``; return the files written."""
    demo = _Demo(config, seed)
    inbox = config.path("inbox")
    inbox.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    now = time.time()
    with tempfile.TemporaryDirectory(prefix="pacesetter-demo-") as tmp:
        filler = _Filler(demo, Path(tmp))
        for i, sub in enumerate(demo.subs):
            rng = random.Random(f"{seed}/{i}/{sub.name}")  # each file's typing is its own draw
            wb = filler.fill(sub, rng)
            moment = dt.datetime.combine(sub.submitted, dt.time(12, 0)) + dt.timedelta(minutes=i % 50)
            author = _value_cell(wb[SHEETS["unit"].title(config.language)],
                                 UNIT_FIELD["contact_person"].label(config.language)).value or "pacesetter"
            data = _workbook_bytes(wb, moment, str(author))
            path = _place(inbox, sub.name, data)
            stamp = min(time.mktime(moment.timetuple()), now - 60)  # never in the future
            os.utime(path, (stamp, stamp))
            written.append(path)
    return written
