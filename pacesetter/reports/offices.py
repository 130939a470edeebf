"""offices/<code>.xlsx — for approving units: the ledger and overdue list of just their units.

A town office sees the schools it approves (and, in a deeper hierarchy, the units those
approve in turn); the bureau's own view is the full ``ledger.xlsx`` / ``overdue.xlsx``.
The sheets are the ones of those workbooks, built by the same row builders.
"""

from __future__ import annotations

from pathlib import Path

from pacesetter.config import Unit
from pacesetter.i18n import t
from pacesetter.reports import ledger, overdue
from pacesetter.reports.context import ReportContext
from pacesetter.reports.formats import workbook


def offices(ctx: ReportContext) -> list[Unit]:
    """Units that approve others (they have leaders who sign off), not the bureau itself."""
    approving = {u.approver for u in ctx.units}
    return [u for u in ctx.units if u.leaders and u.code in approving and u.code != ctx.config.bureau_code]


def approval_scopes(ctx: ReportContext) -> dict[str, set[str]]:
    """Every approving unit -> the codes of the units whose chain of approval passes through it
    (one walk up each unit's chain, not one walk over every unit per office)."""
    by_code = ctx.config.unit
    scopes: dict[str, set[str]] = {}
    for u in ctx.units:
        cur, seen = u.approver, {u.code}
        while cur in by_code and cur not in seen:
            scopes.setdefault(cur, set()).add(u.code)
            seen.add(cur)
            cur = by_code[cur].approver
    return scopes


def write(ctx: ReportContext, *, shard: int = 0, shards: int = 1) -> list[Path]:
    """One workbook per office; ``shard`` of ``shards`` lets two processes share the work."""
    lang = ctx.lang
    out: list[Path] = []
    scopes = approval_scopes(ctx)
    for office in offices(ctx)[shard::shards]:
        only = scopes.get(office.code, set())
        path = ctx.out_dir / "offices" / f"{office.code}.xlsx"
        title = t("offices.title", lang, office=office.name)
        with workbook(path, lang=lang, as_of=ctx.as_of, title=title) as book:
            ledger.add_sheets(book, ctx, only, title=title,
                              scope=t("offices.scope", lang, count=len(only), office=office.name))
            overdue.add_sheets(book, ctx, only)
        out.append(path)
    return out
