"""Kind ``cross-document``: two documents of the same set agree, item by item, by code.

``other`` names the other document's jenis (it must be in the same set: same folder,
perangkat daerah and year, see :mod:`renja_rules.documents`); without it the rule is
silent. Items are matched by code at the rule's level.

``check: exists``: every item of this document has an item with the same code in the
other. ``check: equal``: this document's ``field`` equals the other's ``other_field``
(within ``tolerance``) for every item found in both.

PASS: the evaluation's col 7 Rp of sub kegiatan 2.17.01.2.02.01 (4.552.409.359,00)
equals its pagu after revision in Tabel 3.1. FAIL: an evaluation row coded
2.17.09.2.01.01 that Tabel 3.1 does not have (``exists``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal

from pydantic import Field

from ..model import Jenis
from .base import CompileError, Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class CrossParams(Params):
    other: Jenis
    check: Literal["exists", "equal"]
    field: str | None = None
    other_field: str | None = None
    tolerance: Decimal = Field(Decimal(0), ge=0)


def _compile(params: CrossParams, level: str) -> CrossParams:
    from ..plan import field_catalogue

    if params.check == "equal":
        if not params.field or not params.other_field:
            raise CompileError("check 'equal' needs 'field' and 'other_field'", "check")
        for name, param in ((params.field, "field"), (params.other_field, "other_field")):
            if field_catalogue(level).get(tuple(name.split("."))) not in ("uang", "nilai", "angka"):
                raise CompileError(f"'{name}' is not a numeric field at level '{level}'", param)
    return params


def check_cross(params: CrossParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the item is missing from, or disagrees with, the other document."""
    other = plan.related.get(params.other)
    if other is None:
        return
    match = other.find(node.level, node.kode)
    kode_path = node.path + ("kode",)
    if match is None:
        if params.check == "exists":
            yield Finding(kode_path, "kode", expected=None, actual=node.kode, value_kind="teks",
                          extra={"dokumen_lain": other.file})
        return
    if params.check != "equal":
        return
    assert params.field is not None and params.other_field is not None
    mine = node.get(tuple(params.field.split(".")))
    theirs = match.get(tuple(params.other_field.split(".")))
    if not isinstance(mine.value, Decimal) or not isinstance(theirs.value, Decimal):
        return
    if abs(mine.value - theirs.value) > params.tolerance:
        yield Finding(mine.path, params.field, expected=theirs.value, actual=mine.value, value_kind="uang",
                      extra={"dokumen_lain": LineOf(other, theirs.path, f"{other.file}:")})


KIND = Kind(
    name="cross-document",
    params=CrossParams,
    levels=("program", "kegiatan", "sub_kegiatan"),
    check=check_cross,
    compile=_compile,
    placeholders=frozenset({"dokumen_lain"}),
)
