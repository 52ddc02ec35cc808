"""Kind ``count``: a count the document declares equals the count of its table's items.

PASS: ``dokumen.jumlah.kegiatan: 2`` with two kegiatan in the table.
FAIL: ``dokumen.jumlah.kegiatan: 11`` (Bab IV of the seed) with 14 kegiatan in Tabel 3.1:
expected 14, found 11. A document that declares nothing is not checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class CountParams(Params):
    declared: str = Field(description="Dotted document field holding the declared count, e.g. dokumen.jumlah.kegiatan.")
    count: Literal["program", "kegiatan", "sub_kegiatan", "indikator"] = Field(description="Which items to count.")


def _compile(params: CountParams, level: str) -> CountParams:
    from ..plan import field_catalogue

    if field_catalogue("dokumen").get(tuple(params.declared.split("."))) != "angka":
        raise CompileError(f"'{params.declared}' is not a numeric document field", "declared")
    return params


def check_count(params: CountParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the declared count differs from the number of items."""
    declared = node.get(tuple(params.declared.split(".")))
    if not isinstance(declared.value, Decimal):
        return
    actual_count = Decimal(len(plan.nodes(params.count)))
    if declared.value != actual_count:
        yield Finding(
            declared.path, params.declared, expected=actual_count, actual=declared.value, value_kind="angka",
            replacement=actual_count,
        )


KIND = Kind(
    name="count",
    params=CountParams,
    levels=("dokumen",),
    check=check_count,
    compile=_compile,
)
