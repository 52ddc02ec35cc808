"""Kind ``outlier``: a row's value is not a multiple of what its neighbours' values are.

An achievement typed with an extra zero (``630,00`` for ``63,00``) stands out against the
other rows of its program: ``factor`` times their median or more. The neighbours are the
indicator rows of the item's ``over`` level (a program's sub kegiatan rows) that have the
value; at least ``min_neighbours`` of them, and the row itself above ``floor``, or nothing
is said (a program of two rows, or small percentages, gives no footing).

PASS (``field: capaian.k``, ``factor: 10``): rows 63, 70, 58, 81.
FAIL: rows 63, 70, 58, 810: 810 is more than 10× the median 63 of the others.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params, rows_under

if TYPE_CHECKING:
    from ..plan import Node, Plan


class OutlierParams(Params):
    field: str = Field(description="The indicator-row value compared, e.g. capaian.k.")
    over: Literal["sub_kegiatan", "kegiatan"] = "sub_kegiatan"
    factor: Decimal = Field(Decimal(10), gt=1, description="How many times the others' median is too many.")
    min_neighbours: int = Field(3, ge=2, description="Fewer other rows with the value: nothing is said.")
    floor: Decimal = Field(Decimal(100), ge=0, description="A value at or below this is never an outlier.")
    value_kind: Literal["angka", "persen", "uang"] = "persen"


class CompiledOutlier(NamedTuple):
    field: str
    parts: tuple[str, ...]
    over: str
    factor: Decimal
    min_neighbours: int
    floor: Decimal
    value_kind: str


def _compile(params: OutlierParams, level: str) -> CompiledOutlier:
    from ..plan import field_catalogue

    if field_catalogue("indikator").get(tuple(params.field.split("."))) not in ("nilai", "uang", "angka"):
        raise CompileError(f"'{params.field}' is not a numeric field of an indicator row", "field")
    return CompiledOutlier(params.field, tuple(params.field.split(".")), params.over, params.factor,
                           params.min_neighbours, params.floor, params.value_kind)


def check_outlier(params: CompiledOutlier, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each row whose value is ``factor`` times the median of the others' or more."""
    values = []
    for row in rows_under(node, plan, params.over):
        value = row.get(params.parts)
        if isinstance(value.value, Decimal) and not value.cacat and value.value > 0:
            values.append((row, value))
    if len(values) <= params.min_neighbours:
        return
    for index, (row, value) in enumerate(values):
        if value.value <= params.floor:
            continue
        others = median(v.value for i, (_, v) in enumerate(values) if i != index)
        if value.value >= others * params.factor:
            yield Finding(value.path, params.field, expected=others, actual=value.value, value_kind=params.value_kind,
                          extra={"baris": row.label})


KIND = Kind(
    name="outlier",
    params=OutlierParams,
    levels=("program", "kegiatan"),
    check=check_outlier,
    compile=_compile,
    placeholders=frozenset({"baris"}),
)
