"""Kind ``number``: a numeric cell must be readable as a number.

Cells damaged by conversion from PDF are kept by the loader as written; this kind
reports them where they stand, with the reason. Without ``fields`` it checks every
numeric cell of the node itself (for an item: its own cells such as stated averages,
not its indicators', which are checked at level ``indikator``).

PASS: ``pagu: "1.234.567,00"``, ``target: "53 Stel"``, ``selisih: "(3.223.000,00)"``.
FAIL: ``pagu: "0,00 0"`` and ``target: "2318 4 HOK"`` (a number split by a space).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Iterator

from pydantic import BaseModel, Field

from ..numbers import Angka
from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan
    from ..rules import Rule


class NumberParams(Params):
    fields: list[str] | None = Field(None, description="Dotted numeric fields to check; default: all of the node's own.")


def _compile(params: NumberParams, level: str) -> NumberParams:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    for name in params.fields or ():
        if catalogue.get(tuple(name.split("."))) not in ("uang", "nilai"):
            raise CompileError(f"'{name}' is not a numeric cell at level '{level}'", "fields")
    return params


@cache
def _cell_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Fields of a model class that can hold a cell or a nested pair (not child items or lists)."""
    return tuple(name for name in cls.model_fields if name not in ("kode", "indikator", "kegiatan", "sub_kegiatan",
                                                                  "program", "urusan", "bidang_urusan", "unit"))


def _own_cells(obj: object, path: tuple) -> Iterator[tuple[tuple, Angka]]:
    """Every Angka held by this model and its nested pairs, not by its child items."""
    if not isinstance(obj, BaseModel):
        return
    for name in _cell_fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, Angka):
            yield path + (name,), value
        elif isinstance(value, BaseModel):
            yield from _own_cells(value, path + (name,))


def check_number(rule: Rule, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each damaged numeric cell."""
    if plan.has_damaged_cells is False:
        return  # counted while the plan was validated: nothing to find
    params: NumberParams = rule.params
    if params.fields:
        cells = []
        for name in params.fields:
            value = node.get(tuple(name.split(".")))
            if value.angka is not None:
                cells.append((value.path, value.angka))
    else:
        cells = list(_own_cells(node.obj, node.path))
    for path, angka in cells:
        if angka.cacat:
            field = ".".join(str(part) for part in path[len(node.path) :])
            yield Finding(path, field, expected=None, actual=angka.teks, value_kind="teks", extra={"alasan": angka.cacat})


KIND = Kind(
    name="number",
    params=NumberParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_number,
    compile=_compile,
    placeholders=frozenset({"alasan"}),
    doc=__doc__ or "",
)
