"""Kind ``ceiling-rows``: the pagu indikatif list is consistent in itself.

``check: unique``: no perangkat daerah has two rows (its name compared without case, spaces
and punctuation): a Renja could not tell which ceiling is its own. ``check: split``: a row that
states both parts of its split has them add up to its pagu, exactly (``tolerance``).

PASS: ``{perangkat_daerah: Dinas A, pagu: "300,00", program_penunjang: "100,00",
program_urusan: "200,00"}``. FAIL (split): the same with ``pagu: "310,00"``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from .base import Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class CeilingRowsParams(Params):
    check: Literal["unique", "split"]
    tolerance: Decimal = Field(Decimal(0), ge=0)


def check_ceiling_rows(params: CeilingRowsParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding at each repeated perangkat daerah, or each row whose split does not add up."""
    from ..documents import same_name

    first: dict[str, int] = {}
    for index, row in enumerate(plan.document.pagu_indikatif):
        path = ("pagu_indikatif", index)
        if params.check == "unique":
            name = same_name(row.perangkat_daerah)
            seen = first.setdefault(name, index)
            if name and seen != index:
                yield Finding(path + ("perangkat_daerah",), "perangkat_daerah", actual=row.perangkat_daerah,
                              value_kind="teks",
                              extra={"baris_pertama": LineOf(plan, ("pagu_indikatif", seen, "perangkat_daerah"))})
            continue
        parts = (row.program_penunjang, row.program_urusan)
        if row.pagu is None or row.pagu.nilai is None or any(part is None or part.nilai is None for part in parts):
            continue
        expected = sum((part.nilai for part in parts if part is not None and part.nilai is not None), Decimal(0))
        if abs(row.pagu.nilai - expected) > params.tolerance:
            yield Finding(path + ("pagu",), "pagu", expected=expected, actual=row.pagu.nilai, value_kind="uang",
                          replacement=expected, extra={"perangkat_daerah": row.perangkat_daerah})


KIND = Kind(
    name="ceiling-rows",
    params=CeilingRowsParams,
    levels=("dokumen",),
    check=check_ceiling_rows,
    placeholders=frozenset({"baris_pertama", "perangkat_daerah"}),
)
