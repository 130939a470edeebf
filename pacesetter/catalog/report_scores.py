"""Words of benchmark.xlsx, scores.xlsx and the published commitments (public.xlsx, public.html)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ shared by the three
    "bench.level.city": ("city", "市级"),
    "bench.level.province": ("province", "省级"),
    "bench.level.national": ("national", "国家级"),
    "bench.no_unit": ("(no benchmark unit named)", "（未填标杆单位）"),
    # ------------------------------------------------------------------ benchmark.xlsx
    "bench.title": ("Indicators against their benchmarks", "对标达标创标情况"),
    "bench.subtitle": ("Every quantified task with a benchmark value, as of {as_of}. Gap: current value "
                       "minus benchmark value, signed so that + is ahead of the benchmark (for a "
                       "lower-is-better indicator, benchmark minus current). Gap % = gap / benchmark.",
                       "统计截至 {as_of}，列出所有有标杆值的量化任务。差距 = 当前值 − 标杆值，"
                       "正数表示优于标杆（越低越好的指标为 标杆值 − 当前值）。差距率 = 差距 ÷ 标杆值。"),
    "bench.sheet_detail": ("Indicators", "指标对标明细"),
    "bench.sheet_units": ("By unit", "按单位汇总"),
    "bench.sheet_benchmarks": ("By benchmark unit", "按标杆单位汇总"),
    "bench.sheet_charts": ("Charts", "对比图"),
    "bench.units_title": ("Benchmark attainment by unit", "各单位对标达标情况"),
    "bench.benchmarks_title": ("Units and indicators per benchmark unit", "各标杆单位对标情况"),
    "bench.charts_title": ("Our current value against the benchmark value, per indicator",
                           "各指标当前值与标杆值对比"),
    "bench.charts_subtitle": ("One chart per indicator (values of one unit of measure), at most {n} "
                              "units per chart; the numbers beside each chart are what it draws.",
                              "每个指标一张图（同一计量单位），每张图最多 {n} 个单位；图旁数字即图中数据。"),
    "bench.overview_title": ("Indicators behind, reached and surpassed, per unit",
                             "各单位未达标、达标、创标指标数"),
    "bench.chart_part": ("{title} ({part}/{parts})", "{title}（{part}/{parts}）"),
    "bench.chart_lower": ("{indicator} ({uom}; lower is better)", "{indicator}（{uom}，越低越好）"),
    "bench.chart_higher": ("{indicator} ({uom})", "{indicator}（{uom}）"),
    "bench.series_current": ("Current value", "当前值"),
    "bench.series_benchmark": ("Benchmark value", "标杆值"),
    "bench.none": ("No quantified task with a benchmark value has been reported yet.",
                   "尚无填报标杆值的量化任务。"),
    "bench.col.unit": ("Unit", "单位"),
    "bench.col.unit_type": ("Unit type", "单位类型"),
    "bench.col.task_no": ("Task No.", "任务编号"),
    "bench.col.task": ("Task", "任务名称"),
    "bench.col.indicator": ("Indicator", "指标名称"),
    "bench.col.uom": ("Unit of measure", "计量单位"),
    "bench.col.direction": ("Direction", "指标方向"),
    "bench.col.baseline": ("Baseline", "基期值"),
    "bench.col.current": ("Current", "当前值"),
    "bench.col.target": ("Target", "目标值"),
    "bench.col.bench_unit": ("Benchmark unit", "标杆单位"),
    "bench.col.level": ("Level", "标杆级别"),
    "bench.col.bench_value": ("Benchmark value", "标杆值"),
    "bench.col.gap": ("Gap (+ = ahead)", "差距（+为领先）"),
    "bench.col.gap_pct": ("Gap %", "差距率"),
    "bench.col.state": ("State", "对标状态"),
    "bench.col.indicators": ("Indicators", "对标指标数"),
    "bench.col.behind": ("Behind", "未达标"),
    "bench.col.reached": ("Reached", "达标"),
    "bench.col.surpassed": ("Surpassed", "创标"),
    "bench.col.share": ("Reached or surpassed", "达标创标率"),
    "bench.col.mean_gap": ("Mean gap %", "平均差距率"),
    "bench.col.units": ("Units benchmarking", "对标单位数"),
    "bench.col.unit_names": ("Which units", "对标单位"),
    # ------------------------------------------------------------------ scores.xlsx
    "scores.title": ("Quantitative assessment", "量化考核评分"),
    "scores.sheet_method": ("How scores are computed", "计分方法"),
    "scores.sheet_tasks": ("Task scores", "任务得分"),
    "scores.sheet_units": ("Unit totals", "单位总分"),
    "scores.sheet_group": ("Ranking {group}", "{group}排名"),
    "scores.group.office": ("offices", "镇街教育办"),
    "scores.group.school": ("schools", "学校"),
    "scores.group.department": ("departments", "科室及直属单位"),
    "scores.method_title": ("How scores are computed — {campaign}", "计分方法——{campaign}"),
    "scores.method_sub": ("Scores as of {as_of}, with the weights set in config.toml [scoring]. "
                          "Every number below can be recomputed by hand from the Task scores sheet.",
                          "得分统计截至 {as_of}，权重取自 config.toml 的 [scoring] 设置。"
                          "以下每个数都可以根据“任务得分”表手工复核。"),
    "scores.m.task_head": ("1. A task's score (0-100)", "一、单项任务得分（0-100分）"),
    "scores.m.task_formula": (
        "Task score = 100 × ({wc} × completion + {wt} × timeliness + {wb} × benchmark part)",
        "任务得分 = 100 ×（{wc} × 完成度 + {wt} × 及时性 + {wb} × 对标度）"),
    "scores.m.completion": (
        "Completion: the share of the way from the baseline to the target that the current value has "
        "covered, between 0 and 1. Higher is better: (current − baseline) ÷ (target − baseline); "
        "lower is better: (baseline − current) ÷ (baseline − target); below 0 counts 0, above 1 "
        "counts 1. A milestone task counts 1 when completed, else 0. A task with no current value "
        "yet counts 0. Without a baseline, a higher-is-better task starts from 0.",
        "完成度：当前值从基期值到目标值走完的比例，在 0 到 1 之间。越高越好：（当前值 − 基期值）÷"
        "（目标值 − 基期值）；越低越好：（基期值 − 当前值）÷（基期值 − 目标值）；小于 0 计 0，大于 1 计 1。"
        "节点完成类任务完成计 1，否则计 0。尚未填报当前值的计 0。越高越好的任务未填基期值时从 0 起算。"),
    "scores.m.timeliness": (
        "Timeliness: 1 while the task is not overdue (or is done). Once the deadline has passed "
        "without the target reached, it falls by 1/{grace} for each day overdue: "
        "1 − days overdue ÷ {grace}, never below 0.",
        "及时性：任务未逾期（或已完成）计 1。超过完成时限仍未达到目标的，每逾期一天减少 1/{grace}："
        "1 − 逾期天数 ÷ {grace}，最低为 0。"),
    "scores.m.benchmark": (
        "Benchmark part: computed like completion, with the benchmark value in place of the target "
        "(the share of the way from the baseline to the benchmark value, 0 to 1). A task without a "
        "benchmark value, or a milestone, takes its completion here.",
        "对标度：算法与完成度相同，只是用标杆值代替目标值（当前值从基期值到标杆值走完的比例，0 到 1）。"
        "没有标杆值的任务或节点完成类任务，对标度等于完成度。"),
    "scores.m.edge": (
        "Where the baseline already meets the target (or the benchmark value), the part is 1 when the "
        "current value meets it, else 0.",
        "基期值已达到目标值（或标杆值）的，当前值达到时计 1，否则计 0。"),
    "scores.m.unit_head": ("2. A unit's total", "二、单位总分"),
    "scores.m.unit_formula": (
        "Total = weighted mean of its task scores + bonus − deductions, never below 0.",
        "总分 = 各项任务得分的加权平均 + 加分 − 扣分，最低为 0 分。"),
    "scores.m.weights": (
        "Weighted mean: task 1 (the benchmarking objective) counts {first} times, every other task "
        "once: (sum of score × weight) ÷ (sum of weights).",
        "加权平均：第 1 项（对标目标）权重为 {first}，其余每项权重为 1：Σ（得分 × 权重）÷ Σ 权重。"),
    "scores.m.bonus": (
        "Bonus: {bonus} points for each task that surpasses its benchmark (创标), at most {cap} points.",
        "加分：每有一项任务创标（优于标杆值）加 {bonus} 分，最多加 {cap} 分。"),
    "scores.m.deductions": (
        "Deductions: {overdue} points per overdue task, {late} per late report, {missing} per report "
        "due and not sent; at most {cap} points in all.",
        "扣分：每项逾期任务扣 {overdue} 分，每份迟报扣 {late} 分，每份应报未报扣 {missing} 分；"
        "合计最多扣 {cap} 分。"),
    "scores.m.rank": (
        "Ranks are within each peer group (unit type): 1 is the best total; equal totals share a rank "
        "and the next rank is skipped (1, 1, 3). \"2 / 8\" means second of eight.",
        "排名在同类单位（单位类型）内进行：总分最高为第 1 名；总分相同并列，下一名次顺延（1、1、3）。"
        "“2 / 8”表示 8 个单位中排第 2。"),
    "scores.m.states": (
        "Benchmark state: reached (达标) when the current value equals the benchmark value, surpassed "
        "(创标) when it is better (higher, or lower for a lower-is-better indicator), otherwise behind.",
        "对标状态：当前值等于标杆值为“达标”，优于标杆值（越高越好的更高，越低越好的更低）为“创标”，"
        "否则为“未达标”。"),
    "scores.m.self": (
        "Self-assessment: the unit's self-scores from its assessment report, averaged with the same "
        "task weights. A unit whose self-score exceeds its computed total by more than {margin} points "
        "is marked \"{flag}\" for the inspection.",
        "自评：单位年终考核自评报表中各项任务的自评分，按同样的任务权重加权平均。自评分高于计算总分超过 "
        "{margin} 分的单位标注“{flag}”，供抽查时优先核查。"),
    "scores.m.example_head": ("3. A worked example from the data", "三、实例演算（取自实际数据）"),
    "scores.m.example_task": (
        "{unit}, task {no} \"{title}\" ({direction}): baseline {baseline}, target {target}, "
        "current value {current}, benchmark value {bench}, deadline {deadline}.",
        "{unit} 第 {no} 项“{title}”（{direction}）：基期值 {baseline}，目标值 {target}，当前值 "
        "{current}，标杆值 {bench}，完成时限 {deadline}。"),
    "scores.m.ex_completion": ("Completion = {expr} = {value}", "完成度 = {expr} = {value}"),
    "scores.m.ex_benchmark": ("Benchmark part = {expr} = {value}", "对标度 = {expr} = {value}"),
    "scores.m.ex_milestone": ("Completion = {value} (1 when completed, else 0)",
                              "完成度 = {value}（完成计 1，否则计 0）"),
    "scores.m.ex_bench_edge": ("Benchmark part = {value} (the baseline already meets the benchmark "
                               "value: 1 when the current value meets it, else 0)",
                               "对标度 = {value}（基期值已达到标杆值：当前值达到计 1，否则计 0）"),
    "scores.m.ex_same": ("Benchmark part = completion = {value} (no benchmark value)",
                         "对标度 = 完成度 = {value}（无标杆值）"),
    "scores.m.ex_capped": ("{raw}, counted as {value} (between 0 and 1)",
                           "{raw}，按 {value} 计（0 到 1 之间）"),
    "scores.m.ex_on_time": ("Timeliness = 1 (not overdue on {as_of})", "及时性 = 1（截至 {as_of} 未逾期）"),
    "scores.m.ex_done": ("Timeliness = 1 (target reached)", "及时性 = 1（已达到目标）"),
    "scores.m.ex_late": ("Timeliness = 1 − {days} ÷ {grace} = {value} ({days} days overdue on {as_of})",
                         "及时性 = 1 − {days} ÷ {grace} = {value}（截至 {as_of} 逾期 {days} 天）"),
    "scores.m.ex_score": ("Task score = 100 × ({wc} × {c} + {wt} × {tl} + {wb} × {b}) = {score}",
                          "任务得分 = 100 ×（{wc} × {c} + {wt} × {tl} + {wb} × {b}）= {score}"),
    "scores.m.ex_unit": (
        "{unit}: weighted mean = {sum} ÷ {weights} = {base}; bonus {surpassed} × {bonus_each} = {bonus} "
        "(cap {bonus_cap}); deductions {overdue} overdue × {od} + {late} late × {ld} + {missing} missing "
        "× {md} = {deductions} (cap {ded_cap}); total = {base} + {bonus} − {deductions} = {total}.",
        "{unit}：加权平均 = {sum} ÷ {weights} = {base}；加分 {surpassed} × {bonus_each} = {bonus}"
        "（上限 {bonus_cap}）；扣分 逾期 {overdue} × {od} + 迟报 {late} × {ld} + 未报 {missing} × {md} = "
        "{deductions}（上限 {ded_cap}）；总分 = {base} + {bonus} − {deductions} = {total}。"),
    "scores.m.no_example": ("No task has been reported yet, so there is no example to work through.",
                            "尚无任务数据，暂无实例。"),
    "scores.m.rounding": ("Scores are rounded to 2 decimals; the parts on the Task scores sheet are "
                          "shown to 3.",
                          "得分保留 2 位小数；“任务得分”表中的各分项显示 3 位小数。"),
    "scores.tasks_title": ("Each task's score and its parts", "各项任务得分及分项"),
    "scores.units_title": ("Each unit's total and rank within its peer group", "各单位总分及同类排名"),
    "scores.units_sub": ("As of {as_of}. Sorted by unit type, then rank. \"{flag}\": the self-score "
                         "exceeds the computed total by more than {margin} points.",
                         "统计截至 {as_of}。按单位类型、排名排序。"
                         "“{flag}”：自评分高于计算总分超过 {margin} 分。"),
    "scores.group_title": ("Ranking of {group}", "{group}排名"),
    "scores.flag": ("inspect first", "优先核查"),
    "scores.col.unit": ("Unit", "单位"),
    "scores.col.unit_type": ("Unit type", "单位类型"),
    "scores.col.task_no": ("Task No.", "任务编号"),
    "scores.col.task": ("Task", "任务名称"),
    "scores.col.direction": ("Direction", "指标方向"),
    "scores.col.baseline": ("Baseline", "基期值"),
    "scores.col.target": ("Target", "目标值"),
    "scores.col.current": ("Current", "当前值"),
    "scores.col.bench_value": ("Benchmark value", "标杆值"),
    "scores.col.state": ("Benchmark state", "对标状态"),
    "scores.col.deadline": ("Deadline", "完成时限"),
    "scores.col.completion": ("Completion (× {w})", "完成度（×{w}）"),
    "scores.col.timeliness": ("Timeliness (× {w})", "及时性（×{w}）"),
    "scores.col.bench_part": ("Benchmark part (× {w})", "对标度（×{w}）"),
    "scores.col.score": ("Task score", "任务得分"),
    "scores.col.weight": ("Weight in unit mean", "在单位平均中的权重"),
    "scores.col.overdue_days": ("Days overdue", "逾期天数"),
    "scores.col.tasks": ("Tasks", "任务数"),
    "scores.col.base": ("Weighted mean", "加权平均分"),
    "scores.col.surpassed": ("Surpassed", "创标项数"),
    "scores.col.bonus": ("Bonus", "加分"),
    "scores.col.overdue": ("Overdue tasks", "逾期任务数"),
    "scores.col.late": ("Late reports", "迟报次数"),
    "scores.col.missing": ("Missing reports", "未报次数"),
    "scores.col.missing_periods": ("Which reports are missing", "未报期次"),
    "scores.col.deductions": ("Deductions", "扣分"),
    "scores.col.total": ("Total", "总分"),
    "scores.col.rank": ("Rank in peer group", "同类排名"),
    "scores.col.self": ("Self-score", "自评分"),
    "scores.col.self_diff": ("Self-score − total", "自评分 − 总分"),
    "scores.col.flag": ("Inspection priority", "核查提示"),
    "scores.col.inspection_score": ("Inspection score", "抽查得分"),
    "scores.col.inspection": ("Inspection result", "抽查结果"),
    # ------------------------------------------------------------------ public.xlsx, public.html
    "public.title": ("Published commitments", "目标任务公开承诺"),
    "public.sheet": ("Commitments", "公开承诺"),
    "public.sheet_units": ("Units", "单位目录"),
    "public.subtitle": ("{campaign} · as of {as_of} · {n} of {total} units have published their "
                        "commitments", "{campaign} · 截至 {as_of} · 共 {total} 个单位，已公开承诺 {n} 个"),
    "public.count": ("{n} of {total} units have published their commitments.",
                     "共 {total} 个单位，已公开承诺 {n} 个。"),
    "public.intro": ("Each unit's tasks, objectives, main measures and deadlines, published for public "
                     "supervision.",
                     "现将各单位任务目标、主要措施和完成时限予以公开，接受社会监督。"),
    "public.contents": ("Units", "单位目录"),
    "public.tasks_n": ("{n} tasks", "{n} 项任务"),
    "public.toc_count": ("({n} tasks)", "（{n} 项任务）"),
    "public.none": ("No unit has published its commitments yet.", "暂无单位公开承诺。"),
    "public.footer": ("Published by {bureau}. As of {as_of}.", "{bureau}发布。信息截至 {as_of}。"),
    "public.top": ("Back to the list of units", "返回单位目录"),
    "public.col.unit": ("Unit", "单位"),
    "public.col.unit_type": ("Unit type", "单位类型"),
    "public.col.tasks": ("Tasks", "任务数"),
    "public.col.no": ("No.", "序号"),
    "public.col.category": ("Category", "类别"),
    "public.col.task": ("Task", "任务名称"),
    "public.col.objective": ("Objective", "目标内容"),
    "public.col.target": ("Target", "目标值"),
    "public.col.measures": ("Main measures", "主要措施"),
    "public.col.deadline": ("Deadline", "完成时限"),
    "public.col.dept": ("Responsible department", "责任科室"),
    "public.col.bench_unit": ("Benchmark unit", "标杆单位"),
    "bench.and_more": (" ... and {count} more", " 等，另有 {count} 个单位"),
}
