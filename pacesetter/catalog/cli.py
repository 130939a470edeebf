"""Words the command line prints."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.created": ("created {path}", "已创建 {path}"),
    "cli.nothing_created": ("{root} already holds a campaign; nothing was changed",
                            "{root} 已有活动配置，未做任何修改"),
    "cli.templates_written": ("wrote {count} templates into {folder}", "已生成 {count} 个模板，位于 {folder}"),
    "cli.templates_no_store": ("nothing is stored yet, so the templates for {period} are blank commitment templates",
                               "尚无已受理的数据，{period} 的模板为空白承诺模板"),
    "cli.templates_prefilled": ("{count} unit templates prefilled with their commitments for {period}",
                                "{count} 个单位模板已按承诺内容预填（{period}）"),
    "cli.templates_blank_unit": ("  {unit}: no commitment stored yet; it gets the blank commitment template",
                                 "  {unit}：尚无已受理的目标承诺，使用空白承诺模板"),
    "cli.bad_period": ("{period!r} is not a period of this campaign; choose one of: {allowed}",
                       "{period!r} 不是本活动的期次；可选：{allowed}"),
    "cli.demo_written": ("wrote {count} demo submissions into {inbox}", "已在 {inbox} 生成 {count} 份演示报送文件"),
    "cli.reading": ("Reading files", "正在读取文件"),
    "cli.writer_stopped": ("A process writing the workbooks stopped ({detail}). Every file this run took is "
                           "archived and stored; no workbook was published. Run again to write them.",
                           "写出工作簿的进程意外终止（{detail}）。本次收取的文件均已存档入库，工作簿未发布。"
                           "请再运行一次以写出工作簿。"),
    "cli.locked": ("Another run is in progress for this campaign; try again when it has finished.",
                   "本活动已有一个运行正在进行，请待其结束后再试。"),
    "cli.summary": ("Run {run} (as of {as_of}) finished in {seconds} s: {accepted} accepted, {rejected} rejected, "
                    "{skipped} skipped, {duplicate} already processed.",
                    "运行 {run}（截至 {as_of}）完成，用时 {seconds} 秒：受理 {accepted} 份，退回 {rejected} 份，"
                    "跳过 {skipped} 份，已处理过 {duplicate} 份。"),
    "cli.summary_dry": ("Dry run (as of {as_of}): {accepted} would be accepted, {rejected} rejected, "
                        "{skipped} skipped, {duplicate} already processed. Nothing was stored or moved.",
                        "试运行（截至 {as_of}）：将受理 {accepted} 份，退回 {rejected} 份，跳过 {skipped} 份，"
                        "已处理过 {duplicate} 份。未存储或移动任何文件。"),
    "cli.rejected_header": ("Rejected (sent back with marked cells):", "退回文件（已标注问题单元格）："),
    "cli.rejected_line": ("{errors} error(s); first at {where}: {message}", "{errors} 处错误；首处 {where}：{message}"),
    "cli.rejected_line_file": ("{message}", "{message}"),
    "cli.outputs": ("Workbooks: {folder}", "输出工作簿：{folder}"),
    "cli.feedback_hint": ("Feedback for units to e-mail back: {folder}", "退回单位的反馈文件：{folder}"),
    "cli.validate_file": ("{file}: {errors} error(s), {warnings} warning(s)", "{file}：{errors} 处错误，{warnings} 处提醒"),
    "cli.status_empty": ("Nothing stored yet: drop files into inbox/ and run `python process.py run`.",
                         "尚无数据：请将文件放入 inbox/ 后运行 `python process.py run`。"),
    "cli.status_counts": ("Store: {files} files, {submissions} submissions, {tasks} task rows, {exchanges} exchanges, "
                          "{findings} findings, {runs} runs, {draws} draws.",
                          "存储：文件 {files} 个，报送 {submissions} 份，任务 {tasks} 行，交流 {exchanges} 条，"
                          "问题 {findings} 条，运行 {runs} 次，抽签 {draws} 次。"),
    "cli.status_units_in": ("Units reported", "已报送单位"),
    "cli.status_of": ("Units", "单位总数"),
    "cli.status_last_run": ("Last run {run} at {started} (as of {as_of}): {accepted} accepted, {rejected} rejected.",
                            "最近运行 {run}，开始于 {started}（截至 {as_of}）：受理 {accepted} 份，退回 {rejected} 份。"),
    "cli.sample_one_mode": ("Give at most one of --count, --ratio and --census.", "--count、--ratio、--census 只能选一个。"),
}
