"""Kind ``distinct``: an item does not list the same indicator twice.

Two indicator rows of one item with the same text (case, spacing and punctuation at the
ends ignored) are a row pasted twice, or a second indicator whose text was never changed.
Placeholder texts (``-``) and empty ones are not compared.

PASS: ``indikator: [{uraian: "Jumlah koperasi"}, {uraian: "Persentase koperasi sehat"}]``.
FAIL: ``indikator: [{uraian: "Jumlah koperasi"}, {uraian: "jumlah  koperasi."}]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .base import Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class DistinctParams(Params):
    pass


_PLACEHOLDERS = frozenset({"", "-", "–", "—"})


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .,;:")


def check_distinct(params: DistinctParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding at each indicator row whose text an earlier row of the item already has."""
    seen: dict[str, Node] = {}
    for row in node.indikator:
        uraian = getattr(row.obj, "uraian", None)
        if not isinstance(uraian, str) or _normal(uraian) in _PLACEHOLDERS:
            continue
        key = _normal(uraian)
        first = seen.setdefault(key, row)
        if first is not row:
            yield Finding(row.path + ("uraian",), "uraian", actual=uraian, value_kind="teks",
                          extra={"baris_pertama": LineOf(plan, first.path + ("uraian",))})


KIND = Kind(
    name="distinct",
    params=DistinctParams,
    levels=("program", "kegiatan", "sub_kegiatan"),
    check=check_distinct,
    compile=lambda params, level: params,
    placeholders=frozenset({"baris_pertama"}),
)
