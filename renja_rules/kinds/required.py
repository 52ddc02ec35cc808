"""Kind ``required``: fields that must be present and non-empty.

A cell is empty when it is absent, blank, or a placeholder (``-``). For an item, the
field ``indikator`` requires at least one indicator row. A value with a
unit can be required to carry its unit by naming ``<field>.satuan``. A damaged number
is present (the ``number`` kind reports the damage), so nothing is reported twice.

PASS (``fields: [sesudah.target.satuan]``): ``sesudah: {target: "53 Stel"}``.
FAIL: ``sesudah: {target: "0"}``: the target has no unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params, per_node

if TYPE_CHECKING:
    from ..plan import Node, Plan
    from ..rules import Rule


class RequiredParams(Params):
    fields: list[str] = Field(min_length=1, description="Dotted fields that must be filled.")


class CompiledRequired(NamedTuple):
    # (dotted name, its parts, whether it names a unit) per required field
    fields: tuple[tuple[str, tuple[str, ...], bool], ...]


def _compile(params: RequiredParams, level: str) -> CompiledRequired:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    for name in params.fields:
        if name == "indikator" and level in ("program", "kegiatan", "sub_kegiatan"):
            continue  # an item's list of indicator rows: required means at least one
        if tuple(name.split(".")) not in catalogue:
            raise CompileError(f"'{name}' is not a field at level '{level}'", "fields")
    return CompiledRequired(fields=tuple((name, tuple(name.split(".")), name.endswith(".satuan")) for name in params.fields))


def check_required(rule: Rule, nodes: list[Node], plan: Plan) -> list[tuple[Node, Finding]]:
    """A finding for each listed field that is empty, node by node."""
    params: CompiledRequired = rule.params
    found: list[tuple[Node, Finding]] = []
    for node in nodes:
        get = node.get
        for name, parts, unit in params.fields:
            if name == "indikator":
                if not node.indikator:
                    found.append((node, Finding(node.path + ("kode",), name, value_kind="teks")))
                continue
            value = get(parts)
            angka = value.angka
            if unit or angka is None:
                present = value.present
            else:
                present = not angka.kosong
            if not present:
                shown = angka.teks if angka is not None else ""
                found.append((node, Finding(value.path, name, expected=None, actual=shown or None, value_kind="teks")))
    return found


KIND = Kind(
    name="required",
    params=RequiredParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=per_node(check_required),
    check_nodes=check_required,
    compile=_compile,
    doc=__doc__ or "",
)
