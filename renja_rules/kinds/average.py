"""Kind ``average``: a stated average equals the mean of the rows it summarises.

The rule declares which rows count: ``over`` names the indicator rows of a level
below the item (for a program's "Rata-Rata Capaian Kinerja Sub Kegiatan", the indicator
rows of its sub kegiatan), and ``where`` an optional condition each row must meet
(the seed counts only rows with a non-zero target: ``target.k > 0``). At level
``dokumen`` the rows of the whole document count. Mean in exact decimal, rounded to
``places`` half-up, compared within ``tolerance``.

A damaged cell in a counted row's value, or in a cell its ``where`` reads, leaves the mean
unknown: the rule then says nothing about that column.

With ``report: unchecked`` the kind reports instead a stated average other than 0,00
that has no row to be the mean of (a program with kegiatan rows but no sub kegiatan rows,
or none with a target): it cannot be checked, and the verifier should know.

PASS: rows 100,00 and 36,87 (targets 3 and 415), stated average 68,44 (68,435 half-up).
PASS: the same, with one target written "2318 4 HOK" (damaged): nothing to say.
FAIL: the same rows, stated 65,73.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from pydantic import Field

from ..expression import MISSING, DivisionByZero, Expression, ExpressionError, parse_expression
from ..numbers import round_half_up
from .base import CompileError, Finding, Kind, Params, rows_under

if TYPE_CHECKING:
    from ..plan import Node, Plan


class AverageColumn(Params):
    stated: str = Field(description="The stated average, e.g. rata_rata.capaian.k.")
    value: str = Field(description="The row field averaged, e.g. capaian.k.")
    where: str | None = Field(None, description="Condition a row must meet to count, e.g. 'target.k > 0'.")


class AverageParams(Params):
    columns: list[AverageColumn] = Field(min_length=1)
    over: Literal["sub_kegiatan", "kegiatan", "program"] = "sub_kegiatan"
    places: int = Field(2, ge=0, le=10)
    tolerance: Decimal = Field(Decimal(0), ge=0)
    report: Literal["mismatch", "unchecked"] = Field(
        "mismatch", description="'mismatch': a stated average that is not the mean; 'unchecked': one with no row to "
                                "average (nothing to check it against).")


class CompiledColumn(NamedTuple):
    stated: tuple[str, ...]
    value: tuple[str, ...]
    where: Expression | None
    label: str


class CompiledAverage(NamedTuple):
    columns: tuple[CompiledColumn, ...]
    over: str
    places: int
    tolerance: Decimal
    report: str = "mismatch"


def _compile(params: AverageParams, level: str) -> CompiledAverage:
    from ..plan import field_catalogue

    own, rows = field_catalogue(level), field_catalogue("indikator")
    columns = []
    for column in params.columns:
        if own.get(tuple(column.stated.split("."))) not in ("uang", "nilai", "angka"):
            raise CompileError(f"'{column.stated}' is not a numeric field at level '{level}'", "columns")
        if rows.get(tuple(column.value.split("."))) not in ("uang", "nilai", "angka"):
            raise CompileError(f"'{column.value}' is not a numeric field of an indicator row", "columns")
        where = None
        if column.where:
            try:
                where = parse_expression(column.where, rows)
            except ExpressionError as exc:
                raise CompileError(f"where: {exc.message}", "columns") from None
        columns.append(
            CompiledColumn(stated=tuple(column.stated.split(".")), value=tuple(column.value.split(".")), where=where,
                           label=column.stated)
        )
    return CompiledAverage(columns=tuple(columns), over=params.over, places=params.places, tolerance=params.tolerance,
                           report=params.report)


class _Damaged(Exception):
    """A cell the ``where`` condition reads is damaged: whether the row counts is unknown."""


def _counts(row: Node, where: Expression | None) -> bool:
    if where is None:
        return True

    def lookup(name: tuple[str, ...]) -> object:
        if row.get(name).cacat:
            raise _Damaged
        return row.lookup(name)

    try:
        result = where.evaluate(lookup)
    except DivisionByZero:
        return False
    return result is not MISSING and bool(result)


def check_average(params: CompiledAverage, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each stated average that is not the mean of its counted rows."""
    rows = rows_under(node, plan, params.over)
    for column in params.columns:
        stated = node.get(column.stated)
        if stated.cacat or not isinstance(stated.value, Decimal):
            continue
        values = []
        for row in rows:
            # A damaged cell that decides whether a row counts, or what it adds, leaves the
            # mean unknown: say nothing (as the sum rule does), rather than invent an expected value.
            try:
                if not _counts(row, column.where):
                    continue
            except _Damaged:
                break
            value = row.get(column.value)
            if value.cacat:
                break
            if isinstance(value.value, Decimal):
                values.append(value.value)
        else:
            if not values:
                # 0,00 is what a table states for nothing achieved (no row with a target): no question.
                if params.report == "unchecked" and stated.value != 0:
                    yield Finding(stated.path, column.label, actual=stated.value, value_kind="persen",
                                  extra={"n": str(len(rows))})
                continue
            if params.report == "unchecked":
                continue
            expected = round_half_up(sum(values, Decimal(0)) / len(values), params.places)
            if abs(stated.value - expected) > params.tolerance:
                yield Finding(
                    stated.path, column.label, expected=expected, actual=stated.value, value_kind="persen",
                    replacement=expected, extra={"n": str(len(values))},
                )


KIND = Kind(
    name="average",
    params=AverageParams,
    levels=("dokumen", "program", "kegiatan"),
    check=check_average,
    compile=_compile,
    placeholders=frozenset({"n"}),
)
