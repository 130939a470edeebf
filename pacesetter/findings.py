"""Findings: what is wrong with a file, where, and how to fix it.

Checks return ``Finding`` records instead of raising. Every code is stable (it
appears in validation.xlsx and the store) and has a message and a fix in both
languages in ``catalog/findings.py`` under ``finding.<code>`` and ``fix.<code>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pacesetter.i18n import catalog, t


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


E, W = Severity.ERROR, Severity.WARNING

# code -> default severity. A file with any error is rejected whole.
CODES: dict[str, Severity] = {
    # the file itself
    "file.empty": E,
    "file.unreadable": E,
    "file.not_spreadsheet": E,
    "file.truncated": E,
    "file.encrypted": E,
    "file.word_document": E,
    "file.csv": E,
    "file.legacy_xls": E,
    "file.too_large": E,
    "file.zip_bomb": E,
    "file.xml_entities": E,
    "file.macros": E,
    "file.huge_sheet": E,
    "file.timeout": E,
    "file.out_of_memory": E,
    "file.all_hidden": E,
    "file.not_template": E,
    "file.still_arriving": W,
    "file.unsupported": E,
    "mail.no_attachment": E,
    "mail.unreadable": E,
    "file.worker_crashed": E,
    # template stamp
    "template.other_campaign": E,
    "template.old_version": E,
    "template.unstamped": W,
    # sheets and columns
    "sheet.missing": E,
    "column.missing": E,
    "column.unknown": W,
    "column.duplicate": E,
    "cell.formula_no_value": E,
    "cell.too_long": W,
    # values
    "required.missing": E,
    "date.unreadable": E,
    "date.invalid": E,
    "number.unreadable": E,
    "number.ambiguous": E,
    "choice.unknown": E,
    # the unit sheet
    "unit.unknown": E,
    "unit.mismatch": E,
    "unit.name_mismatch": W,
    "period.unknown": E,
    "period.template_mismatch": W,
    "signoff.wrong_approver": E,
    "signoff.date_order": W,
    "submission.late": W,
    "submission.future_date": W,
    # tasks
    "tasks.too_few": E,
    "tasks.too_many": E,
    "task.duplicate_no": E,
    "task.bad_no": E,
    "task.first_no_benchmark": E,
    "task.target_not_better": E,
    "task.deadline_outside": E,
    "task.start_after_deadline": E,
    "task.benchmark_value_differs": W,
    "task.completed_short": W,
    "task.self_score_range": E,
    "task.milestone_value": W,
    # progress reports against the stored commitment
    "progress.no_commitment": W,
    "progress.task_dropped": E,
    "progress.commitment_changed": E,
    "progress.field_changed": W,
    "progress.new_task": W,
    # exchanges
    "exchange.unknown_benchmark": W,
    # returned inspection results (inspections.py)
    "inspection.other_campaign": E,
    "inspection.unknown_draw": E,
    "inspection.unit_not_drawn": E,
    "inspection.duplicate_unit": E,
    "inspection.score_range": E,
    "inspection.inspectors_changed": W,
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a file, in the unit's own coordinates, with the fix."""

    code: str
    severity: Severity
    message: str
    fix: str
    file: str = ""
    sheet: str = ""
    cell: str = ""  # "Tasks!H7", or "" for the whole file / sheet
    field: str = ""  # the column / field label as the unit sees it

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def finding(code: str, lang: str, *, file: str = "", sheet: str = "", cell: str = "",
            field: str = "", severity: Severity | None = None, **params: object) -> Finding:
    """Build a Finding for ``code`` with its message and fix in ``lang``."""
    if code not in CODES:
        raise KeyError(f"unknown finding code {code!r}")
    params = {"field": field, "cell": cell, "sheet": sheet, "file": file, **params}
    return Finding(code=code, severity=severity or CODES[code],
                   message=t(f"finding.{code}", lang, **params),
                   fix=t(f"fix.{code}", lang, **params),
                   file=file, sheet=sheet, cell=cell, field=field)


def missing_messages() -> list[str]:
    """Codes without both a message and a fix in the catalog (a test keeps this empty)."""
    cat = catalog()
    return [c for c in CODES if f"finding.{c}" not in cat or f"fix.{c}" not in cat]


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.is_error for f in findings)
