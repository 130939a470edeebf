"""One module per output workbook; ``build_all`` writes every one of them from the context.

Each module exposes ``write(ctx: ReportContext) -> list[Path]`` and writes into
``ctx.out_dir``. The order here is the order they are written in.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from pacesetter.reports.context import ReportContext

REPORTS = ("validation", "feedback", "ledger", "overdue", "benchmark", "scores", "notification",
           "public", "offices", "inspection")


def build_all(ctx: ReportContext) -> list[Path]:
    """Write every output workbook of the run into ``ctx.out_dir``; returns their paths."""
    written: list[Path] = []
    for name in REPORTS:
        try:
            module = importlib.import_module(f"pacesetter.reports.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"pacesetter.reports.{name}":
                continue  # not built yet
            raise
        written.extend(module.write(ctx))
    return written
