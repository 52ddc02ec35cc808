"""Violations: what a rule found, where, and what was expected. Plain typed data."""

from __future__ import annotations

import sys
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

    # Built when the first violation is made: a clean run never needs it (1.8 ms of a start).
    model_config = ConfigDict(frozen=True, defer_build=True)

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
    sheet: str | None = Field(None, description="For a plan read from a spreadsheet: the sheet of the value.")
    cell: str | None = Field(None, description="For a plan read from a spreadsheet: the cell (A1) of the value.")

    @classmethod
    def from_payload(cls, payload: dict[str, object], file: str | None = None) -> Violation:
        """A violation from its ``model_dump(mode="json")`` (a worker's answer or a cache entry).

        Validated as ever. A run can hold hundreds of thousands of them, so what repeats is
        shared: the file name (pass the run's own string), the short codes (interned), and
        the set of fields given (always all of them), which pydantic keeps per instance.
        """
        if file is not None and payload.get("file") == file:
            payload["file"] = file
        for key in ("rule_id", "severity", "level", "fix", "field"):
            value = payload.get(key)
            if isinstance(value, str):
                payload[key] = sys.intern(value)
        violation = cls.model_validate(payload)
        if violation.__pydantic_fields_set__ == _ALL_FIELDS:
            object.__setattr__(violation, "__pydantic_fields_set__", _ALL_FIELDS)  # frozen model: set once, here
        return violation

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule_id, self.path)


# One set shared by the violations that were given every field. A set, not a frozenset:
# pydantic's model_copy updates a copy of it; since it already holds every field, nothing
# could ever be added to it.
_ALL_FIELDS = set(Violation.model_fields)
