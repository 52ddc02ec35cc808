"""Kind ``columns``: an indicator row fills only columns its document type prints.

The registry of document types (:mod:`renja_rules.doctypes`) says which columns each type's
table has. One indicator model serves every type, so a revision row may hold an evaluation's
``capaian`` (a row copied from the wrong table, a key mistyped into another table's name): no
rule of its type reads it, and it would be lost without a word. Fields no printed form shows
but the checks read (``kumulatif``, ``polaritas``) are allowed everywhere.

PASS: a ``perubahan-renja`` row ``{uraian: "Jumlah koperasi", sesudah: {target: "10 Unit"}}``.
FAIL: a ``perubahan-renja`` row ``{uraian: "Jumlah koperasi", capaian: {k: "100,00"}}``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from ..doctypes import EXTRA_COLUMNS, document_type
from .base import Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class ColumnsParams(Params):
    pass


@lru_cache(maxsize=None)
def _printed(jenis: str) -> frozenset[str]:
    """The indicator fields ``jenis`` prints (and the unprinted flags every type may state)."""
    columns = document_type(jenis).layout.columns + EXTRA_COLUMNS
    return frozenset(column.field[0] for column in columns if column.source == "indikator")


def check_columns(params: ColumnsParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each filled field of the row that the plan's document type does not print."""
    obj = node.obj
    stray = obj.model_fields_set - _printed(plan.jenis)
    for name in sorted(stray):
        if getattr(obj, name, None) is not None:
            name_of_type = document_type(plan.jenis).name
            yield Finding(node.path + (name,), name, value_kind="teks",
                          extra={"jenis_dokumen": {"id": name_of_type[0], "en": name_of_type[1]}})


KIND = Kind(
    name="columns",
    params=ColumnsParams,
    levels=("indikator",),
    check=check_columns,
    placeholders=frozenset({"jenis_dokumen"}),
)
