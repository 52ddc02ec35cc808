"""What one run found, across files: the input of every report format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import RenjaRulesError
from ..plan import Plan
from ..violation import Violation

if TYPE_CHECKING:
    from ..rules import RuleSet


@dataclass(slots=True)
class FileResult:
    """One checked (or unreadable) file: its violations, or the error that stopped it."""

    file: str
    violations: list[Violation] = field(default_factory=list)
    error: RenjaRulesError | None = None
    plan: Plan | None = None  # the loaded plan, for reports that render its table
    # A workbook or PDF-table text may hold several tables: each one's plan and violations,
    # in the file's order (``plan`` is the first, ``violations`` all of them). Filled when the
    # plans are kept for a report; :meth:`parts` is what reports iterate.
    tables: list[tuple[Plan, list[Violation]]] = field(default_factory=list)

    def parts(self) -> list[tuple[Plan, list[Violation]]]:
        """Each plan of the file with its own violations; empty when no plan was kept."""
        if self.tables:
            return self.tables
        return [(self.plan, self.violations)] if self.plan is not None else []


@dataclass(slots=True)
class Result:
    """All files of a run, in a deterministic order, and the rule set they were checked against.

    ``rules`` lets reports describe every rule of the run (SARIF's rule list, JUnit's test
    cases, the HTML report's titles and predikat bands); reports cope without it.
    """

    files: list[FileResult] = field(default_factory=list)
    rules: RuleSet | None = None

    @property
    def violations(self) -> list[Violation]:
        return [violation for result in self.files for violation in result.violations]

    @property
    def errors(self) -> list[RenjaRulesError]:
        return [result.error for result in self.files if result.error is not None]

    def counts(self) -> Counter[str]:
        return Counter(violation.severity for violation in self.violations)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 clean, 1 violations at or above ``fail_on``, 2 a file could not be checked."""
        if self.errors:
            return 2
        counts = self.counts()
        if counts["error"] or (fail_on == "warning" and counts["warning"]) or (fail_on == "info" and sum(counts.values())):
            return 1
        return 0
