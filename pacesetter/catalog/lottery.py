"""Words of the inspection lottery (``sample``) and of inspection.xlsx."""

MESSAGES: dict[str, tuple[str, str]] = {
    # the command's errors and printout
    "lottery.bad_seed": ("the seed {seed!r} cannot be published as one line of text; use letters and digits",
                         "随机种子 {seed!r} 无法作为一行文字公布，请使用字母和数字"),
    "lottery.bad_count": ("--count must be 1 or more (got {count})",
                          "--count 须为 1 或以上（当前为 {count}）"),
    "lottery.bad_ratio": ("--ratio must be more than 0 and at most 1 (got {ratio})",
                          "--ratio 须大于 0 且不超过 1（当前为 {ratio}）"),
    "lottery.duplicate_inspector": ("inspector name listed twice in config.toml: {names}; give each "
                                    "inspector a distinct name (the draw ranks inspectors by name)",
                                    "config.toml 中检查人员姓名重复：{names}；请使每位检查人员姓名可区分"
                                    "（抽取按姓名排序）"),
    "lottery.too_few_inspectors": ("unit {unit}: only {eligible} inspector(s) left after striking out "
                                   "its own unit, its approver and the units it approves; {needed} are "
                                   "needed — add inspectors from other units to config.toml",
                                   "单位 {unit}：划去本单位、审核单位及其审核的单位的人员后仅剩 {eligible} "
                                   "名检查人员，至少需要 {needed} 名，"
                                   "请在 config.toml 中增加其他单位的检查人员"),
    "lottery.unknown_period": ("period {period!r} is not a period of this campaign; use one of: {known}",
                               "期次 {period!r} 不属于本活动，请使用：{known}"),
    "lottery.locked": ("a run is in progress in this campaign folder; draw again when it has finished",
                       "本活动文件夹正在运行处理任务，请在其结束后再抽取"),
    "lottery.seed_made": ("No seed given: the seed is {seed} (made from the current time). Publish it "
                          "with the draw so anyone can redraw it.",
                          "未指定随机种子：本次种子为 {seed}（由当前时间生成）。"
                          "请与抽取结果一并公布，便于任何人复核。"),
    "lottery.header": ("Draw no. {id} for {period} — seed {seed} — {mode} — roster hash {hash}…",
                       "第 {id} 次抽取（{period}）— 随机种子 {seed} — {mode} — 名册哈希 {hash}…"),
    "lottery.per_type": ("Drawn per unit type: {counts}", "各类抽取数：{counts}"),
    "lottery.type_count": ("{type} {drawn} of {size}", "{type} {size} 个中抽 {drawn} 个"),
    "lottery.earlier": ("Earlier draws for this period are kept, not replaced: {draws}",
                        "本期次此前的抽取均已保留，未被替换：{draws}"),
    "lottery.earlier_one": ("no. {id} (seed {seed}, {at})", "第 {id} 次（种子 {seed}，{at}）"),
    "lottery.written": ("Written: {path} — inspectors fill its Results sheet and return it to inbox/",
                        "已生成：{path} — 检查人员填写其中“检查结果”表后交回 inbox/"),
    # inspection.xlsx
    "inspection.title": ("Inspection by lottery", "随机抽查"),
    "inspection.draw_subtitle": ("Draw no. {id} · {period} · seed {seed} · drawn {at} · {mode}",
                                 "第 {id} 次抽取 · {period} · 随机种子 {seed} · 抽取时间 {at} · {mode}"),
    "inspection.sheet_draw": ("Draw", "抽查名单"),
    "inspection.sheet_results": ("Results", "检查结果"),
    "inspection.sheet_method": ("Seed and procedure", "种子与抽取方法"),
    "inspection.sheet_roster": ("Roster", "单位名册"),
    "inspection.sheet_inspectors": ("Inspectors", "检查人员名册"),
    "inspection.sheet_ranks": ("Inspector draw", "检查人员抽取"),
    "inspection.sheet_history": ("History", "历次抽取"),
    "inspection.earlier_kept": ("Earlier draws for this period (no. {ids}) are kept on the History sheet; "
                                "this workbook shows the latest.",
                                "本期次此前的抽取（第 {ids} 次）保留在“历次抽取”表中；"
                                "本工作簿显示最近一次。"),
    "inspection.how_to_return": ("Inspectors: fill the Results sheet (date, score 0-100, findings), save "
                                 "and return this workbook to the campaign office.",
                                 "检查人员：请填写“检查结果”表（检查日期、0-100 分的得分、检查发现的问题），"
                                 "保存后将本工作簿交回活动办公室。"),
    "inspection.results_title": ("Inspection results — to fill and return", "检查结果（填写后交回）"),
    "inspection.results_subtitle": ("Draw no. {id}, seed {seed}. One row per unit drawn: fill the date, "
                                    "the score (0-100) and the findings; do not change the unit code.",
                                    "第 {id} 次抽取，随机种子 {seed}。每个抽中单位一行：填写检查日期、"
                                    "得分（0-100）和检查发现的问题；请勿修改单位代码。"),
    "inspection.score_input": ("A number from 0 to 100, e.g. 85.", "填写 0 到 100 之间的数字，如 85。"),
    "inspection.date_input": ("The day of the inspection, e.g. 2026-11-20.", "检查日期，如 2026-11-20。"),
    "inspection.col.unit_code": ("Unit code", "单位代码"),
    "inspection.col.unit": ("Unit", "单位"),
    "inspection.col.inspectors": ("Inspectors", "检查人员"),
    "inspection.col.date": ("Inspection date", "检查日期"),
    "inspection.col.score": ("Inspection score (0-100)", "检查得分（0-100）"),
    "inspection.col.findings": ("Findings", "检查发现的问题"),
    "inspection.col.rank": ("Rank in type", "类内排序"),
    "inspection.col.inspector_rank": ("Rank for this unit", "该单位内排序"),
    "inspection.col.roster_line": ("Roster line (code:type)", "名册行（代码:类型）"),
    "inspection.col.approver_code": ("Approving unit code", "审核单位代码"),
    "inspection.col.unit_hash": ("SHA-256 of seed:code", "“种子:代码”的 SHA-256"),
    "inspection.col.drawn": ("Drawn", "抽中"),
    "inspection.col.inspector": ("Inspector", "检查人员"),
    "inspection.col.home_code": ("Home unit code", "所在单位代码"),
    "inspection.col.home": ("Home unit", "所在单位"),
    "inspection.col.inspector_line": ("Roster line (name:home unit)", "名册行（姓名:所在单位）"),
    "inspection.col.eligible": ("May inspect this unit", "可否检查该单位"),
    "inspection.col.inspector_hash": ("SHA-256 of seed:code:name", "“种子:代码:姓名”的 SHA-256"),
    "inspection.col.units_drawn": ("Units drawn", "抽中单位数"),
    "inspection.col.units": ("Units (codes)", "抽中单位（代码）"),
    "inspection.col.shown": ("Shown here", "本表所示"),
    "inspection.col.item": ("Item", "项目"),
    "inspection.col.value": ("Value", "内容"),
    "inspection.mode.count": ("{count} per unit type", "每类抽取 {count} 个"),
    "inspection.mode.ratio": ("{pct} of each unit type, rounded up", "每类按 {pct} 抽取，向上取整"),
    "inspection.mode.census": ("census: every unit", "全面检查：全部单位"),
    "inspection.item.draw": ("Draw no.", "抽取序号"),
    "inspection.item.period": ("Period", "期次"),
    "inspection.item.seed": ("Seed", "随机种子"),
    "inspection.item.drawn_at": ("Drawn at", "抽取时间"),
    "inspection.item.mode": ("Mode", "抽取方式"),
    "inspection.item.per_type": ("Units drawn per type", "各类抽取数"),
    "inspection.item.roster_hash": ("Roster hash (SHA-256 of the code:type lines)",
                                    "名册哈希（“代码:类型”各行的 SHA-256）"),
    "inspection.item.roster_now": ("Roster today", "当前名册"),
    "inspection.item.inspector_hash": ("Inspector roster hash (SHA-256 of the name:home unit lines)",
                                       "检查人员名册哈希（“姓名:所在单位”各行的 SHA-256）"),
    "inspection.item.per_unit": ("Inspectors per unit", "每单位检查人员数"),
    "inspection.per_unit": ("2, none from the unit itself, its approving unit or a unit it approves",
                            "2 名，均不来自被检查单位本身、其审核单位或由其审核的单位"),
    "inspection.roster_same": ("unchanged since this draw", "与抽取时相同"),
    "inspection.roster_changed": ("changed since this draw; the roster on the Roster sheet is the one "
                                  "drawn from", "抽取后名册已有变动；“单位名册”表所示为抽取时的名册"),
    "inspection.procedure_title": ("How anyone can redraw and verify this draw without this program",
                                   "任何人无需本程序即可重新抽取并核对的方法"),
    "inspection.step": ("Step {n}", "第 {n} 步"),
    "inspection.roster_subtitle": ("The units the draw was made from, ranked within each type by the "
                                   "SHA-256 of seed:code (seed {seed}); roster hash {hash}",
                                   "本次抽取所依据的单位名册，各类内按“种子:代码”的 SHA-256 排序"
                                   "（随机种子 {seed}）；名册哈希 {hash}"),
    "inspection.inspectors_subtitle": ("The inspectors the draw was made from; inspector roster hash {hash}",
                                       "本次抽取所依据的检查人员名册；名册哈希 {hash}"),
    "inspection.ranks_subtitle": ("For each unit drawn: who may inspect it, each one's SHA-256 of "
                                  "seed:code:name (seed {seed}) and rank; the first two are drawn",
                                  "每个抽中单位：可检查人员、各自“种子:代码:姓名”的 SHA-256"
                                  "（随机种子 {seed}）及排序，前两位抽中"),
    "inspection.eligible": ("yes", "可以"),
    "inspection.excluded.own": ("no: own unit", "否：本单位人员"),
    "inspection.excluded.approver": ("no: from its approving unit", "否：来自其审核单位"),
    "inspection.excluded.approved": ("no: from a unit it approves", "否：来自由其审核的单位"),
    "inspection.history_subtitle": ("Every draw is kept; a later draw never replaces an earlier one",
                                    "每次抽取均留存；后一次抽取不会替换前一次"),
}
