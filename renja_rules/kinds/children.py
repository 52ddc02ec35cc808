"""Kind ``children``: an item with money has items under it to spend it.

A kegiatan's pagu is spent by its sub kegiatan, a program's by its kegiatan; a kegiatan
with a pagu on its own rows and no sub kegiatan under it has money with nowhere to go (a
row lost when the table was copied, or a sub kegiatan entered under the wrong parent).
``money`` lists the indicator-row fields that hold the item's money (``sesudah.pagu``,
``sebelum.pagu`` in a revision table, ``target.rp`` in an evaluation table); the first
one above zero is reported.

PASS: a kegiatan with ``sesudah: {pagu: "1.000,00"}`` and one sub kegiatan.
FAIL: the same kegiatan with ``sub_kegiatan: []``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class ChildrenParams(Params):
    money: list[str] = Field(min_length=1, description="Indicator-row money fields, e.g. [sesudah.pagu, target.rp].")


class CompiledChildren(NamedTuple):
    money: tuple[tuple[str, tuple[str, ...]], ...]


def _compile(params: ChildrenParams, level: str) -> CompiledChildren:
    from ..plan import field_catalogue

    rows = field_catalogue("indikator")
    for name in params.money:
        if rows.get(tuple(name.split("."))) != "uang":
            raise CompileError(f"'{name}' is not a money field of an indicator row", "money")
    return CompiledChildren(tuple((name, tuple(name.split("."))) for name in params.money))


def check_children(params: CompiledChildren, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for an item with money on its own rows and no item under it."""
    if node.children:
        return
    for row in node.indikator:
        for name, parts in params.money:
            value = row.get(parts)
            if isinstance(value.value, Decimal) and value.value > 0:
                yield Finding(value.path, name, actual=value.value, value_kind="uang")
                return


KIND = Kind(
    name="children",
    params=ChildrenParams,
    levels=("program", "kegiatan"),
    check=check_children,
    compile=_compile,
)
