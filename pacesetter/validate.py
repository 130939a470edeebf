"""Submission -> typed values + findings: every check of SPEC section 5.

SKELETON: the records below are the contract the store and the reports rely on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pacesetter.findings import Finding, has_errors


@dataclass(frozen=True)
class TaskRow:
    """One typed row of the Tasks (or Exchanges) sheet."""

    row: int  # Excel row number
    values: dict[str, Any]  # field key -> typed value (choices as canonical keys, benchmark unit as code)
    raw: dict[str, Any]  # field key -> what the unit typed (cleaned text / number / date), for the record
    refs: dict[str, str]  # field key -> cell reference ("Tasks!H7")
    extra: dict[str, str] = field(default_factory=dict)  # unknown columns: label -> text


@dataclass(frozen=True)
class Checked:
    """A submission after validation: typed header and rows, and every finding."""

    file_name: str
    unit_code: str | None
    period: str | None  # period key: "commitment", "2026-06", ..., "assessment"
    stage: str | None  # commitment | progress | assessment
    header: dict[str, Any]  # typed Unit-sheet values (dates as date, period as key ...)
    tasks: tuple[TaskRow, ...]
    exchanges: tuple[TaskRow, ...]
    findings: tuple[Finding, ...]
    submitted_on: dt.date | None = None
    late_days: int = 0

    @property
    def accepted(self) -> bool:
        return not has_errors(self.findings)
