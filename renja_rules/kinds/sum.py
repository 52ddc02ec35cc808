"""Kind ``sum``: a parent's figure equals the sum of its children's.

The parent's figure is the one it states (for a kegiatan, the pagu on its own
indicator row); each child's figure is what the child states, summed over its own
indicator rows. A child with an empty cell adds nothing (a sub kegiatan that is new
in the revision has ``-`` before). When the parent states nothing, or a cell involved
is damaged, the rule says nothing: ``required`` and ``number`` rules report those.
At level ``dokumen`` the stated figure is the one on the ``total`` row and the children
are the programs.

PASS (``field: sesudah.pagu``, ``children: sub_kegiatan``, at ``kegiatan``)::

    kegiatan:  {kode: "2.17.01.2.02", indikator: [{sesudah: {pagu: "300,00"}}],
                sub_kegiatan: [{... sesudah: {pagu: "100,00"}}, {... sesudah: {pagu: "200,00"}}]}

FAIL: the same with the kegiatan stating ``"310,00"``: expected 300,00, found 310,00.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class SumParams(Params):
    fields: list[str] = Field(min_length=1, description="Dotted fields to compare, e.g. [sebelum.pagu, sesudah.pagu].")
    children: Literal["program", "kegiatan", "sub_kegiatan", "indikator"] = Field(
        description="Which children are summed: the document's programs (against its 'total' row), "
        "an item's kegiatan or sub kegiatan, or its own indicator rows."
    )
    tolerance: Decimal = Field(Decimal(0), ge=0, description="Largest accepted absolute difference (default exact).")


class CompiledSum(NamedTuple):
    # (dotted name, the children's field, the stated field) per field; a document states
    # its sums on its totals row
    fields: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    children: str
    tolerance: Decimal


def _compile(params: SumParams, level: str) -> CompiledSum:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    fields = []
    for name in params.fields:
        key = tuple(name.split("."))
        stated = ("total",) + key if level == "dokumen" else key
        if catalogue.get(stated) not in ("uang", "nilai", "angka"):
            raise CompileError(f"'{name}' is not a numeric field at level '{level}'", "fields")
        fields.append((name, key, stated))
    expected_child = {"dokumen": "program", "program": "kegiatan", "kegiatan": "sub_kegiatan"}.get(level)
    if params.children != "indikator" and params.children != expected_child:
        raise CompileError(f"a {level} has no children of level '{params.children}'", "children")
    return CompiledSum(tuple(fields), params.children, params.tolerance)


def check_sum(params: CompiledSum, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each field whose stated value differs from its children's sum."""
    children = node.indikator if params.children == "indikator" else node.children
    if not children:
        return
    for name, key, stated_key in params.fields:
        stated = node.get(stated_key)
        if not isinstance(stated.value, Decimal):
            continue
        total = Decimal(0)
        for child in children:
            value = child.get(key)
            if value.cacat:
                break
            if isinstance(value.value, Decimal):
                total += value.value
        else:
            difference = stated.value - total
            if abs(difference) > params.tolerance:
                # The stated figure may be spread over several indicator rows; mend the first.
                first = stated.angka.nilai if stated.angka is not None else None
                yield Finding(
                    stated.path,
                    name,
                    expected=total,
                    actual=stated.value,
                    value_kind="uang",
                    replacement=first - difference if first is not None else None,
                    extra={"n": str(len(children))},
                )


KIND = Kind(
    name="sum",
    params=SumParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan"),
    check=check_sum,
    compile=_compile,
    placeholders=frozenset({"n"}),
)
