"""Kind ``ceiling``: a Renja stays within the pagu indikatif the RKPD gives its perangkat daerah.

The ceilings are a document of their own (jenis ``pagu-indikatif``: one row per perangkat
daerah, its pagu and optionally its split into program penunjang and program urusan), in the
same folder as the Renja and of the same year. The Renja's row is found by its perangkat
daerah's name (case, spaces and punctuation ignored) or by the unit code the Renja prints.

``part`` chooses what is compared: ``pagu`` (the Renja's total: the sum of its programs'
``field``), ``program_penunjang`` (the programs whose number, the third part of the code, is
``penunjang``: program 01 of every bidang) or ``program_urusan`` (all the others); a part the
list does not state is not compared. ``check: within``: the part does not exceed the ceiling.
``check: listed``: the list has a row for the Renja's perangkat daerah (when there is a list).
Two rows for one perangkat daerah are ambiguous: nothing is compared (``ceiling-rows`` reports
them).

PASS: programs 2.17.01 (100,00) and 2.17.02 (200,00) under a pagu indikatif of 300,00.
FAIL: the same programs under 250,00: expected at most 250,00, found 300,00.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from .base import CompileError, Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..model import PaguIndikatif
    from ..plan import Node, Plan


class CeilingParams(Params):
    check: Literal["within", "listed"]
    field: str = Field("rencana.pagu", description="The programs' figure that is summed.")
    part: Literal["pagu", "program_penunjang", "program_urusan"] = "pagu"
    penunjang: str = Field("01", pattern=r"^\d{1,3}$", description="The program number of the program penunjang.")
    other: str = Field("pagu-indikatif", description="The jenis of the ceilings' document.")


def _compile(params: CeilingParams, level: str) -> CeilingParams:
    from ..doctypes import JENIS_NAMES
    from ..plan import field_catalogue

    if params.other not in JENIS_NAMES:
        raise CompileError(f"'{params.other}' is not a document type", "other")
    if field_catalogue("program").get(tuple(params.field.split("."))) != "uang":
        raise CompileError(f"'{params.field}' is not a rupiah field of a program", "field")
    return params


def _row(plan: Plan, ceilings: Plan) -> tuple[int, PaguIndikatif] | None | Literal[False]:
    """The list's row for ``plan``: (index, row); None when it has none; False when it has two."""
    from ..documents import same_name

    name = same_name(plan.document.dokumen.perangkat_daerah)
    units = {bidang.unit.kode for urusan in plan.document.urusan for bidang in urusan.bidang_urusan
             if bidang.unit is not None}
    found = [(index, row) for index, row in enumerate(ceilings.document.pagu_indikatif)
             if (name and same_name(row.perangkat_daerah) == name) or (row.kode and row.kode in units)]
    if len(found) > 1:
        return False
    return found[0] if found else None


def _total(plan: Plan, params: CeilingParams) -> Decimal | None:
    name = tuple(params.field.split("."))
    total, seen = Decimal(0), False
    for program in plan.nodes("program"):
        number = (program.kode or "").split(".")[2:3]
        is_penunjang = number == [params.penunjang]
        if (params.part == "program_penunjang" and not is_penunjang) or (
                params.part == "program_urusan" and is_penunjang):
            continue
        value = program.get(name)
        if value.cacat:
            return None  # a damaged cell: AN001 reports it, no sum on a guess
        if isinstance(value.value, Decimal):
            total += value.value
            seen = True
    return total if seen else None


def check_ceiling(params: CeilingParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the Renja's part exceeds its ceiling, or its row is missing from the list."""
    from ..documents import candidates

    found = candidates(plan, params.other, "same")
    if len(found) != 1:
        return
    ceilings = found[0]
    row = _row(plan, ceilings)
    if row is None and params.check == "listed":
        yield Finding(("dokumen", "perangkat_daerah"), "perangkat_daerah",
                      actual=plan.document.dokumen.perangkat_daerah, value_kind="teks",
                      extra={"dokumen_lain": ceilings.file})
    if not row or params.check != "within":
        return
    index, ceiling = row
    limit = getattr(ceiling, params.part)
    total = _total(plan, params)
    if limit is None or limit.nilai is None or total is None:
        return
    if total > limit.nilai:
        yield Finding(("dokumen", "jenis"), params.part, expected=limit.nilai, actual=total, value_kind="uang",
                      extra={"dokumen_lain": LineOf(ceilings, ("pagu_indikatif", index, params.part),
                                                    f"{ceilings.file}:")})


KIND = Kind(
    scope="set",
    name="ceiling",
    params=CeilingParams,
    levels=("dokumen",),
    check=check_ceiling,
    compile=_compile,
    placeholders=frozenset({"dokumen_lain"}),
)
