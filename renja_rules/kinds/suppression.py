"""Kind ``suppression``: inline suppressions that are themselves wrong.

Runs after every other rule and after the suppressions were applied (see
:mod:`renja_rules.suppressions`). ``check: reason``: a suppression comment without a
reason. ``check: unused``: a suppression that silenced nothing (or names no rule).

PASS: ``pagu: "0,00"  # renja-rules: ignore[AN001] angka asli di SK sudah dikoreksi`` on a
cell AN001 reports. FAIL: the same comment without the reason; or on a clean cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Literal

from .base import Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class SuppressionParams(Params):
    check: Literal["reason", "unused"]


def check_suppression(params: SuppressionParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding per suppression comment without a reason, or that silenced nothing."""
    for suppression in plan.suppressions.values():
        ids = ", ".join(suppression.ids) or "-"
        if params.check == "reason" and not suppression.reason.strip():
            yield Finding((), None, actual=ids, value_kind="teks", at=(suppression.line, suppression.column),
                          extra={"ids": ids})
        elif params.check == "unused":
            unused = [rule_id for rule_id in suppression.ids if rule_id not in suppression.used]
            if unused or not suppression.ids:
                shown = ", ".join(unused) or "-"
                yield Finding((), None, actual=shown, value_kind="teks", at=(suppression.line, suppression.column),
                              extra={"ids": shown})


KIND = Kind(
    name="suppression",
    params=SuppressionParams,
    levels=("dokumen",),
    check=check_suppression,
    placeholders=frozenset({"ids"}),
    phase="after_suppressions",
)
