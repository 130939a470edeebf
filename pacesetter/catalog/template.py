"""Words of the generated templates: instructions, headers, input and error messages.

Parameters used in the instructions: {bureau}, {campaign}, {min}, {max}, {year},
{due}, {day}, {assessment_due} and the sheet names {unit_sheet}, {tasks_sheet},
{exchanges_sheet}.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # document properties and title rows
    "tpl.doc_title": ("{campaign} — template", "{campaign}填报模板"),
    "tpl.doc_subject": ("Task objectives, progress and self-assessment", "任务目标、进展及自评填报"),
    "tpl.title": ("{campaign}", "{campaign}"),
    "tpl.subtitle": ("Task objectives template · version {version} · campaign {campaign_id} · {who}",
                     "任务目标填报表 · 模板版本 {version} · 活动编号 {campaign_id} · {who}"),
    "tpl.who_blank": ("blank template for any unit", "通用空白模板"),
    "tpl.who_unit": ("for {name} ({code})", "{name}（{code}）专用"),
    "tpl.who_period": ("{who} · {period}", "{who} · {period}"),
    # Unit sheet headers
    "tpl.unit.item": ("Item", "项目"),
    "tpl.unit.value": ("Value", "填写内容"),
    # instructions: (heading, body) per section
    "tpl.instr.who.head": ("1. Who fills this in", "一、由谁填写"),
    "tpl.instr.who.body": (
        "Each unit (town education office, school or kindergarten, department or directly affiliated "
        "institution) fills in one copy of this workbook and sends it to the campaign office of "
        "{bureau}. Use the copy made for your unit: your unit code and name are already filled in. "
        "Do not rename, delete or reorder the sheets, and do not change the header row of the "
        "{tasks_sheet} sheet.",
        "各单位（镇街教育办、学校（幼儿园）、科室及直属单位）各填写一份本表，报送{bureau}活动办公室。"
        "请使用为本单位生成的表格，单位代码和单位名称已预先填好。"
        "请勿重命名、删除工作表或调整其顺序，也不要修改“{tasks_sheet}”表的表头。"),
    "tpl.instr.unit.head": ("2. The {unit_sheet} sheet", "二、“{unit_sheet}”表"),
    "tpl.instr.unit.body": (
        "Fill in every item marked *: choose the Reporting period from the list, then the Submission "
        "date, the First responsible person (the head of the unit), the Contact person and Contact "
        "phone, who approved the file (Approved by, chosen from the list) and the Approval date.",
        "填写所有带 * 的项目：从下拉列表选择报送期次，再填写报送日期、第一责任人（单位主要负责人）、"
        "联系人和联系电话，从下拉列表选择审核人，并填写审核日期。"),
    "tpl.instr.tasks.head": ("3. The {tasks_sheet} sheet: one row per task",
                             "三、“{tasks_sheet}”表：每项任务一行"),
    "tpl.instr.tasks.body": (
        "Write one row per task, numbered 1, 2, 3 … About ten tasks are expected: at least {min} "
        "and at most {max}. Task 1 is your benchmarking objective: it must name a Benchmark unit "
        "(choose it from the list) and the Benchmark value you measure yourself against. Every task "
        "is quantified: give its Indicator, Unit of measure, Baseline (last year's value) and Target.",
        "每项任务填一行，按 1、2、3……编号。任务一般 10 项左右，不少于 {min} 项、不多于 {max} 项。"
        "第 1 项为对标目标，须从下拉列表选择标杆单位，并填写标杆值。每项任务都要量化："
        "写明指标名称、计量单位、基期值（上年度实际值）和目标值。"),
    "tpl.instr.clarities.head": ("4. The five clarities", "四、“五明确”"),
    "tpl.instr.clarities.body": (
        "Make every task concrete: a clear objective (Objective, Target), clear measures (Measures), "
        "a clear lead leader (Lead leader), a clear responsible person and handler (Responsible "
        "person, Responsible department, Handler) and a clear deadline (Deadline).",
        "每项任务都要做到“五明确”：目标明确（目标内容、目标值）、措施明确（主要措施）、"
        "分管领导明确（分管领导）、责任人明确（责任人、责任科室、经办人）、完成时限明确（完成时限）。"),
    "tpl.instr.numbers.head": ("5. How to type numbers", "五、数字的填法"),
    "tpl.instr.numbers.body": (
        "Type the number only: 90 for 90 %, 30 for 30 bookstores. Forms such as ≥90%, 90%以上 or 30个 "
        "are also understood, but a plain number is safest. Do not write 'about' or a range. "
        "Excel may warn that a cell is not a number: click Yes to keep what you typed.",
        "只填数字：90% 填 90，30 个填 30。“≥90%”“90%以上”“30个”等写法也能识别，但直接填数字最稳妥。"
        "不要写“约”“左右”或区间。Excel 提示不是数字时，点“是”即可保留所填内容。"),
    "tpl.instr.dates.head": ("6. How to type dates", "六、日期的填法"),
    "tpl.instr.dates.body": (
        "Type dates like {year}-12-31. 'End of year' (年底) is read as 31 December {year}, and 6月底 as "
        "30 June {year}. Excel may warn that the text is not a date: click Yes to keep it.",
        "日期按 {year}-12-31 的格式填写。“年底”按 {year} 年 12 月 31 日理解，"
        "“6月底”按 {year} 年 6 月 30 日理解。"
        "Excel 提示不是日期时，点“是”即可保留。"),
    "tpl.instr.direction.head": ("7. Direction", "七、指标方向"),
    "tpl.instr.direction.body": (
        "Direction says which way is better for the indicator: '{higher}' (a compliance rate, a number "
        "of performances: the Target is above the Baseline), '{lower}' (approval time in working "
        "days: the Target is below the Baseline) or '{milestone}' (a thing done or not done, such as "
        "publishing a list: it is judged by its Status, so the Target may simply say 'published').",
        "指标方向说明指标往哪个方向为好：“{higher}”（如达标率、演出场次，目标值高于基期值）；"
        "“{lower}”（如审批办理时限，目标值低于基期值）；"
        "“{milestone}”（如公布名录这类完成与否的事项，按进展状态评判，目标值可填“公布”等文字）。"),
    "tpl.instr.period.head": ("8. Reporting period", "八、报送期次"),
    "tpl.instr.period.body": (
        "The commitment (target setting) is due on {due}. From then on send a progress report every "
        "month, by day {day} of the following month, and the self-assessment by {assessment_due}. "
        "Choose the period on the {unit_sheet} sheet; one file per period.",
        "目标承诺须于 {due} 前报送；此后每月报送一次进展，截止时间为次月 {day} 日；年终考核自评于 "
        "{assessment_due} 前报送。请在“{unit_sheet}”表中选择报送期次，每期一个文件。"),
    "tpl.instr.progress.head": ("9. Progress reports and the assessment", "九、进展报送和年终考核"),
    "tpl.instr.progress.body": (
        "Keep the committed columns (Task No. to Deadline) exactly as committed: a changed target, "
        "deadline or measure is sent back. Update only Status, Current value, Progress note and "
        "Evidence. At the assessment also give each task a Self-score (0-100) and write the "
        "Self-assessment note on the {unit_sheet} sheet.",
        "已承诺的内容（任务编号至完成时限各列）须保持不变，擅自修改目标值、完成时限或措施的将被退回。"
        "只更新进展状态、当前值、进展情况和佐证材料。年终考核时还须为每项任务填写自评分（0-100），"
        "并在“{unit_sheet}”表填写自评说明。"),
    "tpl.instr.exchanges.head": ("10. The {exchanges_sheet} sheet", "十、“{exchanges_sheet}”表"),
    "tpl.instr.exchanges.body": (
        "Record every contact with your benchmark unit — a visit, an invitation to come to you, or "
        "an online meeting — with its date, content and participants. At least one a quarter is "
        "expected.",
        "记录与标杆单位的每一次交流（走出去、请进来或线上交流），写明日期、交流内容和参加人员。"
        "每季度至少交流一次。"),
    "tpl.instr.send.head": ("11. Sign-off and sending", "十一、审核与报送"),
    "tpl.instr.send.body": (
        "Before sending, the file is approved by your approving unit: a school by its town education "
        "office; an office, a directly affiliated school or a department by the bureau leader in "
        "charge. Then send it by email to the campaign office as an .xlsx attachment. Do not put a "
        "password on the file.",
        "报送前须经审核单位审核：镇街所属学校（幼儿园）由镇街教育办审核；镇街教育办、直属学校和科室"
        "由分管局领导审核。审核后以 .xlsx 附件形式通过电子邮件报送活动办公室。请勿为文件设置密码。"),
    "tpl.instr.example.head": ("Worked example: task 1, the benchmarking objective",
                               "填写示例：第 1 项（对标目标）"),
    "tpl.instr.example.note": (
        "The example is for reference only; write your own tasks on the {tasks_sheet} sheet. Status, "
        "Current value, Progress note, Evidence and Self-score are filled in later reports.",
        "示例仅供参考，请在“{tasks_sheet}”表中填写本单位的任务。进展状态、当前值、进展情况、佐证材料"
        "和自评分在以后的进展报送和年终考核时填写。"),
    # the worked example (the plan's cultural-centre compliance rate)
    "tpl.example.title": ("Grass-roots cultural centres up to provincial standard",
                          "基层综合文化服务中心提档升级"),
    "tpl.example.objective": (
        "Compliance rate of grass-roots comprehensive cultural service centres at least 90 % by "
        "provincial standards within {year}",
        "{year}年内基层综合文化服务中心按省定标准达标率达到90%以上"),
    "tpl.example.indicator": ("Cultural centre compliance rate", "综合文化服务中心达标率"),
    "tpl.example.measures": (
        "1. Check every centre against the provincial standard by June; 2. fix the gaps centre by "
        "centre; 3. build 5 model sites",
        "1.6月底前对照省定标准逐一摸排；2.逐个整改短板；3.高标准打造5个示范点"),
    "tpl.example.lead_leader": ("Zhao Lijie", "赵立杰"),
    "tpl.example.responsible_person": ("Qian Wen", "钱文"),
    "tpl.example.responsible_dept": ("Business Section", "业务科"),
    "tpl.example.handler": ("Sun Hao", "孙浩"),
    "tpl.example.progress_note": ("32 of 38 centres meet the standard; the other 6 are being upgraded",
                                  "38个中心已有32个达标，其余6个正在整改"),
    "tpl.example.evidence": ("Inspection records, photos", "检查记录、照片"),
    # input messages for fields without their own help text
    "tpl.input.date": ("A date like {example}.", "日期，如 {example}。"),
    "tpl.input.number": ("A number only, e.g. 90 for 90 %.", "只填数字，如 90% 填 90。"),
    "tpl.input.choice": ("Choose from the list.", "请从下拉列表中选择。"),
    "tpl.input.unit_code_blank": ("Your unit code as the campaign office gave it.",
                                  "填写活动办公室分配的单位代码。"),
    "tpl.input.unit_name_blank": ("Your unit's full name.", "填写单位全称。"),
    "tpl.input.locked": ("Committed: this cell cannot be changed in a progress report.",
                         "已承诺内容，进展报送时不能修改。"),
    # error messages of the data validation
    "tpl.error.date.title": ("Not a date", "不是日期"),
    "tpl.error.date": ("Type a date like {example}. Click Yes to keep what you typed; it is checked "
                       "when the file is processed.",
                       "请按 {example} 的格式填写日期。点“是”可保留所填内容，报送后将统一校验。"),
    "tpl.error.number.title": ("Not a number", "不是数字"),
    "tpl.error.number": ("Type a number only, e.g. 90 for 90 %. Click Yes to keep what you typed; it "
                         "is checked when the file is processed.",
                         "请只填数字，如 90% 填 90。点“是”可保留所填内容，报送后将统一校验。"),
    "tpl.error.score.title": ("Self-score is 0-100", "自评分为 0-100"),
    "tpl.error.score": ("Type a score between 0 and 100.", "请填写 0 到 100 之间的分数。"),
    "tpl.error.list.title": ("Not in the list", "不在下拉列表中"),
    "tpl.error.list": ("Choose a value from the drop-down list.", "请从下拉列表中选择。"),
    "tpl.error.task_no.title": ("Task No.", "任务编号"),
    "tpl.error.task_no": ("Number the tasks 1, 2, 3 ...", "请按 1、2、3……编号。"),
}
