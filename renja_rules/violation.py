"""Violations: what a rule found, where, and what was expected. Plain typed data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Violation", "Severity", "SEVERITIES"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Violation(BaseModel):
    """One finding of one rule on one item of one plan file.

    ``expected`` and ``actual`` are canonical text: plain decimals (``9175511065.00``)
    for numbers, so that machines compare them exactly; ``message`` shows them in the
    reader's notation. ``path`` is a JSON pointer to the offending value in the file.
    """

    model_config = ConfigDict(frozen=True)

    rule_id: str = Field(description="Stable rule ID, e.g. 'PG001'.")
    severity: Severity
    message: str = Field(description="Human message, in the language asked for (Bahasa Indonesia by default).")
    file: str
    line: int | None = Field(None, description="1-based line of the offending value.")
    column: int | None = Field(None, description="1-based column of the offending value.")
    kode: str | None = Field(None, description="Code of the item concerned.")
    level: str = Field(description="dokumen, program, kegiatan, sub_kegiatan or indikator.")
    field: str | None = Field(None, description="Dotted field name, e.g. 'sesudah.pagu'.")
    expected: str | None = None
    actual: str | None = None
    path: str = Field("", description="JSON pointer to the value in the plan file.")
    fix: Literal["safe", "unsafe"] | None = Field(
        None, description="Whether --fix (safe) or --unsafe-fixes (unsafe) can mend it by writing 'replacement'."
    )
    replacement: str | None = Field(None, description="Canonical value --fix would write into the cell at 'path'.")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule_id, self.path)
