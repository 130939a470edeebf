"""Words of the ledger, overdue list, office workbooks and the period notice."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- ledger.xlsx
    "ledger.title": ("Consolidated ledger of task objectives", "任务目标汇总台账"),
    "ledger.subtitle": ("As of {as_of}. Light: green = on track, yellow = at risk or stalled, "
                        "red = overdue.",
                        "统计截至 {as_of}。亮灯：绿灯＝按序时推进，黄灯＝进度滞后或停滞，红灯＝逾期未完成。"),
    "ledger.sheet_tasks": ("Ledger", "任务台账"),
    "ledger.sheet_units": ("By unit", "按单位汇总"),
    "ledger.sheet_depts": ("By department", "按责任科室汇总"),
    "ledger.units_title": ("Summary per unit", "各单位任务推进汇总"),
    "ledger.units_subtitle": ("As of {as_of}. A unit's light is the worst light of its tasks; "
                              "a unit with no commitment after {due} is red.",
                              "统计截至 {as_of}。单位亮灯取其各项任务中最差的亮灯；"
                              "{due}后仍未报送目标承诺的单位亮红灯。"),
    "ledger.depts_title": ("Summary per responsible department", "各责任科室任务推进汇总"),
    "ledger.depts_subtitle": ("As of {as_of}. Departments with the same name in different units "
                              "are counted together.",
                              "统计截至 {as_of}。不同单位的同名科室合并统计。"),
    "ledger.col.benchmark_unit": ("Benchmark unit", "标杆单位"),
    "ledger.col.progress": ("Progress", "完成进度"),
    "ledger.col.elapsed": ("Time elapsed", "序时进度"),
    "ledger.col.light": ("Light", "亮灯"),
    "ledger.col.state": ("Situation", "推进情况"),
    "ledger.col.overdue_days": ("Days overdue", "逾期天数"),
    "ledger.col.latest_period": ("Latest report", "最近报送期次"),
    "ledger.col.tasks": ("Tasks", "任务数"),
    "ledger.col.completed": ("Completed", "已完成"),
    "ledger.col.on_track": ("On track", "正常推进"),
    "ledger.col.at_risk": ("At risk", "进度滞后"),
    "ledger.col.overdue": ("Overdue", "逾期"),
    "ledger.col.stalled": ("Stalled", "停滞"),
    "ledger.col.mean_progress": ("Mean progress", "平均完成进度"),
    "ledger.col.units": ("Units", "涉及单位数"),
    "ledger.col.note": ("Note", "备注"),
    "ledger.no_commitment": ("no commitment received", "未收到目标承诺"),
    "ledger.no_department": ("(no department given)", "（未填写科室）"),
    "ledger.state.completed": ("completed", "已完成"),
    "ledger.state.on_track": ("on track", "正常推进"),
    "ledger.state.at_risk": ("at risk", "进度滞后"),
    "ledger.state.stalled": ("stalled", "停滞"),
    "ledger.state.overdue": ("overdue", "逾期"),
    "ledger.join": ("; ", "、"),
    # ---------------------------------------------------------------- overdue.xlsx
    "overdue.title": ("Overdue, at-risk and missing items", "逾期、滞后及未报送预警清单"),
    "overdue.sheet_overdue": ("Overdue tasks", "逾期任务"),
    "overdue.sheet_at_risk": ("At-risk tasks", "进度滞后任务"),
    "overdue.sheet_stalled": ("Stalled tasks", "停滞任务"),
    "overdue.sheet_missing": ("Not submitted", "未报送单位"),
    "overdue.sheet_late": ("Late submissions", "逾期报送"),
    "overdue.sheet_exchange": ("No benchmark exchange", "未开展对标交流"),
    "overdue.sheet_rectify": ("Rectification list", "整改清单"),
    "overdue.overdue_subtitle": ("As of {as_of}: tasks past their deadline and not completed. "
                                 "Yellow: overdue less than {red} days; red: {red} days or more.",
                                 "统计截至 {as_of}：已过完成时限仍未完成的任务。"
                                 "黄灯：逾期不足{red}天；红灯：逾期{red}天及以上。"),
    "overdue.at_risk_subtitle": ("As of {as_of}: progress behind the time elapsed by more than "
                                 "{tol:.0%} (computed from dates and values, not the unit's status).",
                                 "统计截至 {as_of}：完成进度落后序时进度超过{tol:.0%}的任务"
                                 "（按日期和数值计算，不依据单位自报状态）。"),
    "overdue.stalled_subtitle": ("As of {as_of}: no progress over the last {n} reports.",
                                 "统计截至 {as_of}：最近{n}次报送均无进展的任务。"),
    "overdue.missing_subtitle": ("{period}, due {due}: units whose report has not been received "
                                 "(as of {as_of}).",
                                 "{period}（截止 {due}）：截至 {as_of} 尚未收到报送材料的单位。"),
    "overdue.late_subtitle": ("As of {as_of}: reports received after their due date.",
                              "统计截至 {as_of}：超过截止日期报送的材料。"),
    "overdue.exchange_subtitle": (
        "As of {as_of}. {quarter} ({start} to {end}): units with no exchange with the benchmark "
        "units named in their tasks (at least one a quarter).",
        "统计截至 {as_of}。{quarter}（{start}至{end}）：未与任务中确定的标杆单位"
        "开展交流的单位（每季度至少一次）。"),
    "overdue.rectify_subtitle": ("As of {as_of}: every broken promise, to be rectified within "
                                 "{days} days, by {limit}.",
                                 "统计截至 {as_of}：各项未兑现的承诺，须在{days}日内（{limit}前）整改到位。"),
    "overdue.quarter": ("Q{q} {year}", "{year}年第{q}季度"),
    "overdue.col.grade": ("Grade", "预警等级"),
    "overdue.col.behind": ("Behind by", "落后序时"),
    "overdue.col.history": ("Recent reports", "近期报送数值"),
    "overdue.col.missed_before": ("Also missed", "此前未报期次"),
    "overdue.col.reminder": ("Reminder to send", "催报提醒（可直接发送）"),
    "overdue.col.first_responsible": ("First responsible person", "第一责任人"),
    "overdue.col.contact_person": ("Contact person", "联系人"),
    "overdue.col.phone": ("Phone", "联系电话"),
    "overdue.col.email": ("E-mail", "电子邮箱"),
    "overdue.col.due": ("Due", "截止日期"),
    "overdue.col.submitted": ("Submitted", "报送日期"),
    "overdue.col.days_late": ("Days late", "逾期天数"),
    "overdue.col.benchmark_units": ("Benchmark units named", "确定的标杆单位"),
    "overdue.col.last_exchange": ("Last exchange", "最近一次交流"),
    "overdue.col.item": ("Task or report", "任务或报送事项"),
    "overdue.col.broken": ("What is broken", "存在问题"),
    "overdue.col.limit": ("Rectify by", "整改时限"),
    "overdue.broken.overdue": ("overdue by {days} days (deadline {deadline})",
                               "逾期{days}天（完成时限 {deadline}）"),
    "overdue.broken.stalled": ("no progress in the last {n} reports", "最近{n}次报送无进展"),
    "overdue.broken.missing": ("report not sent after its due date", "逾期未报送材料"),
    "overdue.reminder": (
        "To {unit}: your report for {period} of the {campaign} was due on {due} and has not been "
        "received. Please fill in your template (templates/units/{code}.xlsx), have it signed off "
        "by {approver}, and e-mail it to the campaign office of {bureau} as soon as possible.",
        "{unit}：根据{campaign}安排，{period}材料应于{due}前报送，贵单位目前尚未报送。"
        "请使用本单位模板（templates/units/{code}.xlsx）填写，经{approver}审核后，"
        "尽快通过电子邮件报送至{bureau}活动办公室。"),
    # ---------------------------------------------------------------- offices/<code>.xlsx
    "offices.title": ("Units approved by {office}: ledger and overdue list",
                      "{office}审核单位任务台账及预警清单"),
    "offices.scope": ("The {count} units approved by {office}.", "{office}审核的{count}个单位。"),
    # ---------------------------------------------------------------- notification.xlsx
    "notice.title": ("Progress notice: {period}", "{period}情况通报"),
    "notice.subtitle": ("{campaign}. As of {as_of}; compared with {previous}.",
                        "{campaign}。统计截至 {as_of}，与{previous}比较。"),
    "notice.no_previous": ("the start of the campaign", "活动开始时"),
    "notice.sheet_headline": ("Headline", "通报要点"),
    "notice.sheet_completed": ("Completed this period", "本期完成任务"),
    "notice.sheet_gained": ("Progress gained", "本期进展"),
    "notice.sheet_newly_overdue": ("Newly overdue", "新增逾期任务"),
    "notice.sheet_ranking": ("Ranking by progress", "单位进度排名"),
    "notice.sheet_missing": ("Units not reported", "未报送单位"),
    "notice.col.item": ("Item", "项目"),
    "notice.col.value": ("Number", "数量"),
    "notice.item.reported": ("Units reported", "已报送单位数"),
    "notice.item.expected": ("Units expected", "应报送单位数"),
    "notice.item.rate": ("Reporting rate", "报送率"),
    "notice.item.completed": ("Tasks completed this period", "本期完成任务数"),
    "notice.item.newly_overdue": ("Tasks newly overdue", "新增逾期任务数"),
    "notice.item.at_risk": ("Tasks at risk", "进度滞后任务数"),
    "notice.item.overdue": ("Tasks overdue in all", "逾期任务总数"),
    "notice.item.mean_progress": ("Mean progress of all tasks", "全部任务平均完成进度"),
    "notice.text.reported": ("As of {as_of}, {reported} of {expected} units have sent their report "
                             "for {period}.",
                             "截至{as_of}，{expected}个单位中已有{reported}个报送{period}材料。"),
    "notice.text.tasks": ("Tasks completed this period: {completed}; newly overdue: {newly}; "
                          "behind the time elapsed: {at_risk}.",
                          "本期完成任务{completed}项，新增逾期任务{newly}项，进度滞后任务{at_risk}项。"),
    "notice.text.missing": ("Not yet reported: {units}.", "尚未报送的单位：{units}。"),
    "notice.col.previous_value": ("Previous value", "上期值"),
    "notice.col.change": ("Change", "变化"),
    "notice.col.progress_before": ("Progress before", "上期进度"),
    "notice.col.progress_now": ("Progress now", "本期进度"),
    "notice.col.gained": ("Progress gained", "进度提升"),
    "notice.col.rank": ("Rank", "排名"),
    "notice.col.reported_now": ("Reported this period", "本期已报送"),
    "notice.completed_subtitle": ("As of {as_of}: tasks completed in {period} that were not completed "
                                  "in the report before.",
                                  "统计截至 {as_of}：{period}报送中已完成、上次报送时尚未完成的任务。"),
    "notice.gained_subtitle": ("As of {as_of}: each task reported for {period}, its value in the "
                               "report before and now.",
                               "统计截至 {as_of}：{period}报送的各项任务，上次报送值与本期值。"),
    "notice.newly_subtitle": ("Tasks whose deadline fell between {start} and {as_of} and that "
                              "are not completed.",
                              "完成时限在{start}至{as_of}之间且尚未完成的任务。"),
    "notice.ranking_subtitle": ("Units ranked by the mean computed progress of their tasks "
                                "(1 = furthest). As of {as_of}.",
                                "按各单位任务平均完成进度排名（1＝进度最快），统计截至 {as_of}。"),
}
