"""The sample campaign that ``init`` writes: a district bureau's 2026 campaign.

Shaped like the two work plans in the spec: a bureau with town offices (each
approving its schools), schools approved by an office or by the bureau directly,
departments and institutions, city- and province-level benchmark units with
reference values for the plans' indicators.
"""

from __future__ import annotations

# (code, type, approver, en name, zh name, head en, head zh, contact en, contact zh, leaders en, leaders zh)
_UNITS = [
    ("DC-OFFICE", "office", "BUREAU", "Dongcheng Town Education and Culture Office", "东城街道教育文化办",
     "Chen Gang", "陈刚", "Liu Yan", "刘艳", ["Chen Gang", "Liu Yan"], ["陈刚", "刘艳"]),
    ("XH-OFFICE", "office", "BUREAU", "Xihu Town Education and Culture Office", "西湖镇教育文化办",
     "Sun Li", "孙丽", "Zhou Tao", "周涛", ["Sun Li", "Zhou Tao"], ["孙丽", "周涛"]),
    ("NS-OFFICE", "office", "BUREAU", "Nanshan Town Education and Culture Office", "南山镇教育文化办",
     "Wu Qiang", "吴强", "Zheng Hui", "郑慧", ["Wu Qiang", "Zheng Hui"], ["吴强", "郑慧"]),
    ("DC-PS1", "school", "DC-OFFICE", "Dongcheng No. 1 Primary School", "东城第一小学",
     "Ma Lin", "马琳", "He Jing", "何静", [], []),
    ("DC-KG", "school", "DC-OFFICE", "Dongcheng Central Kindergarten", "东城中心幼儿园",
     "Gao Min", "高敏", "Lin Na", "林娜", [], []),
    ("XH-PS", "school", "XH-OFFICE", "Xihu Central Primary School", "西湖中心小学",
     "Guo Jian", "郭健", "Luo Ping", "罗萍", [], []),
    ("XH-MS", "school", "XH-OFFICE", "Xihu Middle School", "西湖中学",
     "Liang Bo", "梁波", "Song Xia", "宋霞", [], []),
    ("NS-PS", "school", "NS-OFFICE", "Nanshan Primary School", "南山小学",
     "Tang Jun", "唐军", "Han Xue", "韩雪", [], []),
    ("EXP-MS", "school", "BUREAU", "District Experimental Middle School", "区实验中学",
     "Feng Yu", "冯宇", "Deng Li", "邓丽", [], []),
    ("NO1-HS", "school", "BUREAU", "District No. 1 High School", "区第一高级中学",
     "Cao Yang", "曹阳", "Peng Fei", "彭飞", [], []),
    ("VOC-SCH", "school", "BUREAU", "District Vocational School", "区职业中专",
     "Xu Ming", "徐明", "Jiang Hong", "蒋红", [], []),
    ("DEPT-CUL", "department", "BUREAU", "Public Culture Section", "公共文化科",
     "Zhao Lijie", "赵立杰", "Qian Wen", "钱文", [], []),
    ("DEPT-EDU", "department", "BUREAU", "Basic Education Section", "基础教育科",
     "Yang Fan", "杨帆", "Zhu Lei", "朱磊", [], []),
    ("INST-HER", "department", "BUREAU", "Cultural Heritage Protection Centre", "文物保护中心",
     "Hu Bin", "胡斌", "Lu Yao", "鲁瑶", [], []),
    ("INST-LIB", "department", "BUREAU", "District Library", "区图书馆",
     "Xie Qing", "谢青", "Pan Yue", "潘悦", [], []),
]

# indicator references: (en indicator, zh indicator, city value, province value, national value)
INDICATORS = [
    ("Cultural centre compliance rate", "综合文化服务中心达标率", 92, 95, 98),
    ("Farmer bookstores upgraded", "农家书屋更新升级数", 30, 40, 50),
    ("Countryside performances", "送戏下乡演出场次", 45, 60, 80),
    ("Heritage projects declared", "非遗项目申报数", 2, 3, 5),
    ("Exhibition points", "展示点数量", 10, 12, 15),
    ("Smart platform use rate", "智慧平台使用率", 100, 100, 100),
    ("Teacher training hours", "教师人均培训学时", 72, 90, 100),
    ("Physical fitness pass rate", "学生体质健康达标率", 95, 97, 98),
    ("Approval time (working days)", "审批办理时限（工作日）", 5, 3, 2),
]

_BENCH = [
    ("CITY-KW", "city", "Kuiwen District Bureau, Weifang (city level)", "潍坊市奎文区教育和文化局（市级标杆）", 2),
    ("PROV-CY", "province", "Chengyang District Bureau, Qingdao (province level)", "青岛市城阳区教育和文化局（省级标杆）", 3),
    ("NAT-HD", "national", "Haidian District Bureau, Beijing (national level)", "北京市海淀区教育和文化局（国家级标杆）", 4),
]

_CATEGORIES = {
    "en": ["Benchmarking", "Public cultural services", "Heritage protection", "Education quality",
           "Teaching staff", "Digital services", "Service efficiency", "Safety"],
    "zh": ["对标争先", "公共文化服务", "文化遗产保护", "教育质量", "师资队伍", "数字化服务", "服务效能",
           "安全管理"],
}

_INSPECTORS = [
    ("Kong Wei", "孔伟", "BUREAU"), ("Yin Ting", "尹婷", "BUREAU"), ("Shi Lei", "石磊", "DEPT-EDU"),
    ("Yao Nan", "姚楠", "DEPT-CUL"), ("Fang Qi", "方琪", "DC-OFFICE"), ("Lei Ming", "雷鸣", "XH-OFFICE"),
    ("Du Juan", "杜娟", "NS-OFFICE"), ("Bai Yun", "白云", "INST-LIB"), ("Qin Hao", "秦浩", "EXP-MS"),
    ("Wei Dong", "魏东", "NO1-HS"),
]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sample_config(language: str = "en") -> str:
    """The text of a realistic sample ``config.toml`` in ``language``."""
    zh = language == "zh"
    out: list[str] = []
    w = out.append
    w("# Pacesetter campaign configuration. Dates are written 2026-05-15 (no quotes).")
    w("# Edit the units, benchmark units and calendar for your campaign; run `python process.py")
    w("# templates` afterwards. Every key is checked when the program starts.")
    w("")
    w("[campaign]")
    w('id = "SAB-2026"            # stamped into every template; another campaign\'s file is rejected')
    name = ("2026年区社会事业局“寻标、对标、达标、创标”活动" if zh else
            "2026 Benchmarking Campaign of the District Social Affairs Bureau")
    w(f"name = {_q(name)}")
    w("year = 2026")
    w(f'language = "{language}"        # "zh" or "en": templates, messages and workbooks')
    w("")
    w("[bureau]")
    w('code = "BUREAU"')
    w(f"name = {_q('区社会事业局' if zh else 'District Social Affairs Bureau')}")
    w("# the bureau leaders who sign off offices, directly affiliated schools and departments")
    leaders = ["张伟", "李明", "王芳"] if zh else ["Zhang Wei", "Li Ming", "Wang Fang"]
    w(f"leaders = [{', '.join(_q(x) for x in leaders)}]")
    w("")
    w("[calendar]")
    w("campaign_start = 2026-05-01")
    w("campaign_end = 2026-12-31")
    w("target_setting_due = 2026-05-15   # stage 1: commitments due")
    w("public_commitment = 2026-05-25    # stage 2: published")
    w("progress_months = [6, 7, 8, 9, 10, 11, 12]   # stage 3: a progress report per month")
    w("progress_due_day = 5              # a month's report is due on this day of the next month")
    w("semiannual_review = 2026-07-15")
    w("assessment_due = 2026-11-15       # stage 4: self-assessment due")
    w("")
    w("[tasks]")
    w("min = 8                           # tasks per unit (the plans ask for about ten)")
    w("max = 15")
    w(f"categories = [{', '.join(_q(c) for c in _CATEGORIES[language])}]")
    w("")
    w("[thresholds]")
    w("at_risk_tolerance = 0.15          # progress may lag the time elapsed by 15 points")
    w("overdue_red_days = 30             # overdue tasks turn from yellow to red after this")
    w("stall_periods = 2                 # no progress in this many reports: stalled")
    w("rectification_days = 15           # time limit to rectify a broken promise")
    w("self_score_margin = 10            # self-score above the computed score by more: inspect")
    w("benchmark_value_tolerance = 0.0   # relative difference allowed from the reference value")
    w("settle_seconds = 2                # files changed more recently are still being copied")
    w("")
    w("[scoring]                         # see README, 'Scoring'")
    w("completion = 0.6                  # the three parts of a task's score add up to 1")
    w("timeliness = 0.2")
    w("benchmark = 0.2")
    w("first_task_weight = 2             # task 1, the benchmarking objective, counts double")
    w("overdue_grace_days = 90           # timeliness falls to 0 over this many days overdue")
    w("surpass_bonus = 2                 # points per task that surpasses its benchmark")
    w("bonus_cap = 10")
    w("overdue_deduction = 2             # points per overdue task")
    w("late_report_deduction = 1         # points per late report")
    w("missing_report_deduction = 3      # points per report not sent")
    w("deduction_cap = 30")
    w("")
    w("[sampling]")
    w("ratio = 0.3                       # share of each unit type drawn for inspection")
    w("")
    for code, level, en, zhn, col in _BENCH:
        w("[[benchmark_units]]")
        w(f'code = "{code}"')
        w(f"name = {_q(zhn if zh else en)}")
        w(f'level = "{level}"')
        refs = ", ".join(f"{_q(i[1] if zh else i[0])} = {i[col]}" for i in INDICATORS)
        w(f"references = {{ {refs} }}")
        w("")
    phone = 13800000000
    for n, u in enumerate(_UNITS):
        code, kind, approver, en, zhn, head_en, head_zh, con_en, con_zh, l_en, l_zh = u
        w("[[units]]")
        w(f'code = "{code}"')
        w(f"name = {_q(zhn if zh else en)}")
        w(f'type = "{kind}"              # office | school | department (the peer group)')
        w(f'approver = "{approver}"')
        w(f"first_responsible = {_q(head_zh if zh else head_en)}")
        w(f"contact_person = {_q(con_zh if zh else con_en)}")
        w(f'contact_phone = "{phone + 1371 * (n + 1)}"')
        w(f'email = "{code.lower()}@example.gov.cn"')
        leaders = l_zh if zh else l_en
        if leaders:
            w(f"leaders = [{', '.join(_q(x) for x in leaders)}]")
        w("")
    for en, zhn, home in _INSPECTORS:
        w("[[inspectors]]")
        w(f"name = {_q(zhn if zh else en)}")
        w(f'unit = "{home}"')
        w("")
    return "\n".join(out)
