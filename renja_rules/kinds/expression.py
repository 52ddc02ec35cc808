"""Kind ``expression``: an arithmetic assertion over one item's fields must hold.

The assertion is parsed by the whitelisting parser of :mod:`renja_rules.expression`
and evaluated in exact ``Decimal``. Write the stated field on the left of the
comparison and the formula on the right: a violation then points at the stated cell,
with the formula's value as *expected* and the stated value as *actual*. ``==`` and
``!=`` accept the declared ``tolerance``; ``round`` is half-up.

When a field it needs is empty the assertion is skipped (``when_missing: skip``) or
reported (``violation``); a division by zero is skipped or reported likewise
(``on_zero_division``).

PASS (``assert: selisih == sesudah.pagu - sebelum.pagu``):
``{sebelum: {pagu: "7.429.000,00"}, sesudah: {pagu: "4.206.000,00"}, selisih: "(3.223.000,00)"}``.
FAIL: ``selisih: "3.223.000,00"``: expected -3.223.000,00, found 3.223.000,00.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal, NamedTuple

from pydantic import Field

from ..expression import MISSING, DivisionByZero, Expression, ExpressionError, parse_expression
from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class ExpressionParams(Params):
    assert_: str = Field(alias="assert", description="The assertion, e.g. 'selisih == sesudah.pagu - sebelum.pagu'.")
    tolerance: Decimal = Field(Decimal(0), ge=0, description="Largest accepted |left - right| for == and !=.")
    when_missing: Literal["skip", "violation"] = "skip"
    on_zero_division: Literal["skip", "violation"] = "skip"
    value_kind: Literal["uang", "angka", "persen"] = Field("angka", description="How values read in messages.")


class CompiledExpression(NamedTuple):
    expression: Expression
    tolerance: Decimal
    when_missing: str
    on_zero_division: str
    value_kind: str
    field: str | None  # the stated field, dotted, as findings name it


def _compile(params: ExpressionParams, level: str) -> CompiledExpression:
    from ..plan import field_catalogue

    try:
        expression = parse_expression(params.assert_, field_catalogue(level))
    except ExpressionError as exc:
        raise CompileError(exc.message, "assert", exc.offset) from None
    return CompiledExpression(
        expression=expression,
        tolerance=params.tolerance,
        when_missing=params.when_missing,
        on_zero_division=params.on_zero_division,
        value_kind=params.value_kind,
        field=".".join(expression.stated_field) if expression.stated_field else None,
    )


def check_expression(params: CompiledExpression, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the assertion is false (or, if declared, cannot be evaluated)."""
    expression = params.expression
    lookup = node.lookup
    try:
        if expression.is_comparison:
            actual, expected = expression.sides(lookup)
            if actual is MISSING or expected is MISSING:
                if params.when_missing == "violation":
                    yield Finding(_where(expression, node), params.field, value_kind="teks", extra={"masalah": "kosong"})
                return
            if not _compare(expression.operator, actual, expected, params.tolerance):
                # Only "field == formula" has one right value for the field.
                mendable = expression.operator == "==" and expression.left_is_field
                yield Finding(
                    _where(expression, node), params.field, expected=expected, actual=actual,  # type: ignore[arg-type]
                    value_kind=params.value_kind,
                    replacement=expected if mendable and isinstance(expected, Decimal) else None,  # type: ignore[arg-type]
                )
            return
        result = expression.evaluate(lookup)
    except DivisionByZero:
        if params.on_zero_division == "violation":
            yield Finding(_where(expression, node), params.field, value_kind="teks",
                          extra={"masalah": "pembagian dengan nol"})
        return
    if result is MISSING:
        if params.when_missing == "violation":
            yield Finding(_where(expression, node), params.field, value_kind="teks", extra={"masalah": "kosong"})
        return
    if not result:
        yield Finding(_where(expression, node), params.field, value_kind=params.value_kind)


def _where(expression: Expression, node: Node) -> tuple[str | int, ...]:
    """Where a finding points: the stated field's cell, or the item."""
    stated = expression.stated_field
    return node.get(stated).path if stated else node.path


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def _compare(op: str, left: object, right: object, tolerance: Decimal) -> bool:
    if op == "==" or op == "!=":
        if isinstance(left, Decimal) and isinstance(right, Decimal):
            close = abs(left - right) <= tolerance
            return close if op == "==" else not close
    return _COMPARE[op](left, right)


KIND = Kind(
    name="expression",
    params=ExpressionParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_expression,
    compile=_compile,
    placeholders=frozenset({"masalah"}),
)
