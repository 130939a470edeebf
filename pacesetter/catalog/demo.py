"""Words of the demo submissions: what units write in progress notes, exchanges and
self-assessments.

The task pools themselves (titles, objectives, measures) are sample data and live
beside the generator in ``pacesetter/demo.py``, in both languages, like the sample
campaign in ``sample_config.py``.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # progress notes
    "demo.note.not_started": ("Preparations under way; work starts on {start}.",
                              "正在做前期准备，计划于 {start} 启动。"),
    "demo.note.in_progress": ("Reached {value} so far against the target of {target} ({share}% of the way).",
                              "目前已完成 {value}，目标 {target}，完成进度 {share}%。"),
    "demo.note.milestone_open": ("Under way; to be finished by {deadline}.",
                                 "正在推进，计划于 {deadline} 前完成。"),
    "demo.note.completed": ("Completed: {value} reached (target {target}).",
                            "已完成：达到 {value}（目标 {target}）。"),
    "demo.note.milestone_done": ("Completed on schedule.", "已按期完成。"),
    "demo.note.stalled": ("No progress this month (still {value}): {reason}.",
                          "本月无新进展（目前 {value}）：{reason}。"),
    "demo.note.delayed": ("Behind schedule, still {value}: {reason}. Rectifying.",
                          "进度滞后，目前 {value}：{reason}，正在整改。"),
    "demo.reason.funds": ("funds not yet allocated", "资金尚未到位"),
    "demo.reason.site": ("the site is still awaiting approval", "场地审批尚未完成"),
    "demo.reason.contractor": ("the contractor is behind schedule", "施工单位进度滞后"),
    "demo.reason.staff": ("staff changes in the section", "科室人员调整"),
    # evidence
    "demo.evidence.inspection": ("Inspection records, photos", "检查记录、照片"),
    "demo.evidence.minutes": ("Meeting minutes", "会议纪要"),
    "demo.evidence.news": ("Activity photos, news reports", "活动照片、新闻报道"),
    "demo.evidence.platform": ("Platform statistics", "平台统计数据"),
    "demo.evidence.documents": ("Approval documents, ledger", "批复文件、工作台账"),
    # exchanges with the benchmark unit
    "demo.exchange.visit": ("Study visit to {bench}: their ledger of tasks and monthly scheduling",
                            "赴{bench}考察学习任务台账管理和月调度经验"),
    "demo.exchange.invited": ("Invited colleagues from {bench} to introduce their practice in {topic}",
                              "邀请{bench}同志来我单位介绍{topic}方面的做法"),
    "demo.exchange.online": ("Video meeting with {bench} on {topic}", "与{bench}召开视频交流会，交流{topic}"),
    "demo.topic.service": ("public service standards", "公共服务标准化建设"),
    "demo.topic.digital": ("digital platforms", "数字化平台建设"),
    "demo.topic.staff": ("staff training", "队伍培训"),
    "demo.topic.quality": ("quality assessment", "质量评价"),
    # self-assessment notes (Unit sheet, assessment period)
    "demo.self.modest": ("{done} of {count} tasks completed; the rest are on schedule for the year end. "
                         "Gaps remain against {bench} in {topic}.",
                         "{count} 项任务已完成 {done} 项，其余按计划年底前完成。"
                         "与{bench}相比，在{topic}方面仍有差距。"),
    "demo.self.proud": ("All tasks fully achieved, benchmark reached or surpassed in every respect.",
                        "各项任务全面完成，各方面均已达到或超过标杆水平。"),
}
