"""Setting a campaign up: ``init`` (sample config and folders) and ``templates``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pacesetter.config import CONFIG_NAME, Config, Period
from pacesetter.i18n import t
from pacesetter.sample_config import sample_config

FOLDERS = ("inbox", "outbox", "archive", "templates")


def init_campaign(root: Path, *, language: str = "en") -> list[Path]:
    """Create config.toml (sample) and the folders where missing; never overwrite."""
    root.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    cfg = root / CONFIG_NAME
    if not cfg.exists():
        tmp = cfg.with_name(".config.toml.tmp")
        tmp.write_text(sample_config(language), encoding="utf-8")
        tmp.replace(cfg)
        created.append(cfg)
    for name in FOLDERS:
        folder = root / name
        if not folder.exists():
            folder.mkdir()
            created.append(folder)
    return created


def period_for_templates(config: Config, today: dt.date) -> Period:
    """The period units are about to report: the first whose due date is today or later."""
    periods = config.periods()
    upcoming = [p for p in periods if p.due >= today]
    return min(upcoming, key=lambda p: p.due) if upcoming else periods[-1]


def make_templates(config: Config, *, period: str | None = None,
                   today: dt.date | None = None) -> list[str]:
    """Write templates/template.xlsx and templates/units/<code>.xlsx; lines for the summary.

    For a progress or assessment period, a unit whose commitment is stored gets its
    committed tasks prefilled (and locked) with last period's progress shown; a unit
    without one gets the blank commitment template and a line saying so.
    """
    from pacesetter.template import write_template, write_templates

    lang = config.language
    if period is not None and config.period(period) is None:
        keys = ", ".join(p.key for p in config.periods())
        raise ValueError(t("cli.bad_period", lang, period=period, allowed=keys))
    chosen = config.period(period) if period else period_for_templates(config, today or dt.date.today())
    assert chosen is not None
    paths = write_templates(config)
    lines = [t("cli.templates_written", lang, count=len(paths), folder=config.path("templates"))]
    store_path = config.path("archive", "pacesetter.sqlite")
    if chosen.stage == "commitment" or not store_path.exists():
        if chosen.stage != "commitment" and period is not None:
            lines.append(t("cli.templates_no_store", lang, period=chosen.label(lang)))
        return lines
    from pacesetter.store import Store

    prefilled, blank = [], []
    with Store.open(config.root) as store:
        for unit in config.units:
            committed = store.committed_tasks(unit.code, config.report_order)
            if not committed:
                blank.append(unit.code)
                continue
            latest = store.latest_tasks(unit.code, config.report_order)
            rows = []
            for task in committed:
                last = latest.get(task["task_no"], {})
                rows.append({**task, **{k: last.get(k) for k in
                                        ("status", "current_value", "progress_note", "evidence")}})
            write_template(config, config.path("templates", "units", f"{unit.code}.xlsx"), unit=unit,
                           period=chosen.key, committed=rows)
            prefilled.append(unit.code)
    lines.append(t("cli.templates_prefilled", lang, count=len(prefilled), period=chosen.label(lang)))
    for code in blank:
        lines.append(t("cli.templates_blank_unit", lang, unit=code))
    return lines
