"""What the command line prints: the run summary, validate's table, the store's status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pacesetter.config import Config
from pacesetter.findings import Finding
from pacesetter.i18n import t
from pacesetter.run import RunResult
from pacesetter.text_table import table


def run_summary(config: Config, result: RunResult) -> str:
    """The few lines a clerk reads after a run."""
    lang = config.language
    key = "cli.summary_dry" if result.dry_run else "cli.summary"
    lines = [t(key, lang, run=result.run_id, as_of=result.as_of.isoformat(),
               accepted=result.count("accepted"), rejected=result.count("rejected"),
               skipped=result.count("skipped"), duplicate=result.count("duplicate"),
               seconds=f"{result.seconds:.1f}")]
    rejected = [o for o in result.outcomes if o.outcome == "rejected"]
    if rejected:
        lines.append(t("cli.rejected_header", lang))
        for o in rejected:
            first = next((f for f in o.findings if f.is_error), None)
            where = (first.cell or first.sheet) if first else ""
            key = "cli.rejected_line" if where else "cli.rejected_line_file"
            lines.append(f"  - {o.name}: " + t(key, lang, errors=o.errors, where=where,
                                                message=first.message if first else ""))
    skipped = [o for o in result.outcomes if o.outcome == "skipped"]
    for o in skipped:
        lines.append(f"  ~ {o.name}: " + t(f"skip.{o.reason}", lang))
    if result.latest is not None:
        lines.append(t("cli.outputs", lang, folder=result.latest))
        if rejected:
            lines.append(t("cli.feedback_hint", lang, folder=result.latest / "feedback"))
    return "\n".join(lines)


def validate_files(config: Config, files: list[Path]) -> tuple[str, bool]:
    """Findings for files, nothing stored; (text, any errors)."""
    from pacesetter.store import STORE_NAME, Store
    from pacesetter.validate import check_against_commitment
    from pacesetter.workers import examine

    lang = config.language
    out: list[str] = []
    any_errors = False
    store_path = config.path("archive", STORE_NAME)
    store = Store.open(config.root) if store_path.exists() else None
    try:
        for path in files:
            checked = examine(path, path.name, config, dt.date.today())
            found: list[Finding] = list(checked.findings)
            if store and checked.accepted and checked.stage in ("progress", "assessment"):
                found += check_against_commitment(
                    checked, store.committed_tasks(checked.unit_code or "", config.report_order), config)
            errors = sum(f.is_error for f in found)
            any_errors |= errors > 0
            out.append(t("cli.validate_file", lang, file=path, errors=errors,
                         warnings=len(found) - errors))
            if found:
                out.append(table([t("col.severity", lang), t("col.cell", lang), t("col.code", lang),
                                  t("col.message", lang)],
                                 [[t(f"severity.{f.severity.value}", lang), f.cell or f.sheet or "-",
                                   f.code, f"{f.message} — {f.fix}"] for f in found]))
            out.append("")
    finally:
        if store:
            store.close()
    return "\n".join(out).rstrip(), any_errors


def store_status(config: Config) -> str:
    """What the store holds."""
    from pacesetter.store import STORE_NAME, Store

    lang = config.language
    if not config.path("archive", STORE_NAME).exists():
        return t("cli.status_empty", lang)
    with Store.open(config.root) as store:
        counts = store.counts()
        subs = store.submissions(current_only=True)
        last = store.last_run()
    lines = [t("cli.status_counts", lang, **counts)]
    by_period: dict[str, set[str]] = {}
    for s in subs:
        by_period.setdefault(s["period"], set()).add(s["unit_code"])
    rows = [[p.label(lang), len(by_period.get(p.key, ())), len(config.units)] for p in config.periods()]
    lines.append(table([t("col.period", lang), t("cli.status_units_in", lang), t("cli.status_of", lang)],
                       rows))
    if last is not None:
        lines.append(t("cli.status_last_run", lang, run=last["id"], started=last["started"],
                       as_of=last["as_of"], accepted=last["accepted"], rejected=last["rejected"]))
    return "\n".join(lines)
