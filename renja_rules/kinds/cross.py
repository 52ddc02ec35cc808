"""Kind ``cross-document``: two documents of one set agree, item by item, by code.

``other`` names the other document's jenis, or a list of them in order of preference (the
evaluation compares with the Perubahan Renja when there is one, else with the Renja murni).
``year`` says how the other's year relates to this one's: ``same`` (default), ``previous``
(last year's evaluation), or ``period`` (the Renstra whose period covers the year). The
documents must be in the same set (same folder and perangkat daerah, see
:mod:`renja_rules.documents`); when there is none the rule is silent, and when there are two
(ambiguous) it is silent too: the ``document-set`` rule reports them, nothing is guessed.

Items are matched by code at the rule's level; at level ``indikator``, an item's rows are
matched by their ``uraian`` (case, spaces and punctuation ignored), else by their position.

``check: exists``: every item of this document has an item with the same code in the
other. ``check: equal``: this document's ``field`` equals the other's ``other_field``,
within ``tolerance`` (absolute) or ``tolerance_percent`` (of the other's value), for every
item found in both. In ``other_field``, ``{tahun_ke}`` is this document's year counted in the
other's period (1 for its first year): ``tahun_{tahun_ke}.rp`` is the Renstra's funding for
the Renja's year. ``unless_present`` makes a fallback: the evaluation's col 7 is compared with
the Renja murni only when the set has no Perubahan Renja for the year.

PASS: the evaluation's col 7 Rp of sub kegiatan 2.17.01.2.02.01 (4.552.409.359,00)
equals its pagu after revision in Tabel 3.1. FAIL: an evaluation row coded
2.17.09.2.01.01 that Tabel 3.1 does not have (``exists``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from pydantic import Field

from ..model import Jenis
from .base import CompileError, Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan

_NUMERIC = ("uang", "nilai", "angka")
_TAHUN_KE = "{tahun_ke}"


class CrossParams(Params):
    other: Jenis | list[Jenis] = Field(description="The other document's jenis, or several in order of preference.")
    year: Literal["same", "previous", "period"] = Field(
        "same", description="The other's year: the same, the one before, or a period covering this year.")
    check: Literal["exists", "equal"]
    field: str | None = None
    other_field: str | None = Field(None, description="May contain {tahun_ke}: this year's place in the other's period.")
    tolerance: Decimal = Field(Decimal(0), ge=0)
    tolerance_percent: Decimal | None = Field(None, ge=0, description="Tolerance as a percentage of the other's value.")
    unless_present: list[Jenis] = Field(
        default_factory=list, description="Silent when the set holds one of these for the year asked (a fallback rule).")


class Compiled(NamedTuple):
    params: CrossParams
    others: tuple[str, ...]
    field: tuple[str, ...]
    other_field: str
    value_kind: str  # how expected and actual read: uang or angka


def _compile(params: CrossParams, level: str) -> Compiled:
    from ..plan import field_catalogue

    others = tuple(params.other) if isinstance(params.other, list) else (params.other,)
    if not others:
        raise CompileError("'other' names no document type", "other")
    value_kind = "teks"
    if params.check == "equal":
        if not params.field or not params.other_field:
            raise CompileError("check 'equal' needs 'field' and 'other_field'", "check")
        catalogue = field_catalogue(level)
        kinds = []
        for name, param in ((params.field, "field"), (params.other_field.replace(_TAHUN_KE, "1"), "other_field")):
            kind = catalogue.get(tuple(name.split(".")))
            if kind not in _NUMERIC:
                raise CompileError(f"'{name}' is not a numeric field at level '{level}'", param)
            kinds.append(kind)
        value_kind = "uang" if kinds[0] == "uang" else "angka"
    return Compiled(params, others, tuple((params.field or "").split(".")), params.other_field or "", value_kind)


def _other(plan: Plan, compiled: Compiled) -> Plan | None:
    """The first of the named document types that the set holds exactly once for the year asked."""
    from ..documents import candidates

    if any(candidates(plan, jenis, compiled.params.year) for jenis in compiled.params.unless_present):
        return None
    for jenis in compiled.others:
        found = candidates(plan, jenis, compiled.params.year)
        if found:
            return found[0] if len(found) == 1 else None  # ambiguous: reported by document-set, never guessed
    return None


def _tahun_ke(plan: Plan, other: Plan) -> int | None:
    from ..documents import period_of

    years = period_of(other)
    if years is None or plan.document.dokumen.tahun not in years:
        return None
    return plan.document.dokumen.tahun - years.start + 1


_WORDS = re.compile(r"[^\w%]+")


def _same_words(text: str | None) -> str:
    return " ".join(_WORDS.sub(" ", (text or "").lower()).split())


def _match(node: Node, other: Plan) -> Node | None:
    """The other document's node for ``node``: its item by code; an indicator row by uraian, else position."""
    if node.level != "indikator":
        return other.find(node.level, node.kode)
    item = node.parent
    if item is None:
        return None
    theirs = other.find(item.level, item.kode)
    if theirs is None:
        return None
    uraian = _same_words(getattr(node.obj, "uraian", None))
    if uraian:
        for row in theirs.indikator:
            if _same_words(getattr(row.obj, "uraian", None)) == uraian:
                return row
    position = node.path[-1]
    if isinstance(position, int) and position < len(theirs.indikator):
        row = theirs.indikator[position]
        if not uraian or not _same_words(getattr(row.obj, "uraian", None)):
            return row
    return None


def _differs(mine: Decimal, theirs: Decimal, params: CrossParams) -> bool:
    gap = abs(mine - theirs)
    if params.tolerance_percent is not None:
        return gap * 100 > abs(theirs) * params.tolerance_percent
    return gap > params.tolerance


def check_cross(compiled: Compiled, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the item is missing from, or disagrees with, the other document."""
    other = _other(plan, compiled)
    if other is None:
        return
    match = _match(node, other)
    if match is None:
        if compiled.params.check == "exists" and node.level != "indikator":
            yield Finding(node.path + ("kode",), "kode", expected=None, actual=node.kode, value_kind="teks",
                          extra={"dokumen_lain": other.file})
        return
    if compiled.params.check != "equal":
        return
    other_field = compiled.other_field
    if _TAHUN_KE in other_field:
        tahun_ke = _tahun_ke(plan, other)
        if tahun_ke is None:
            return
        other_field = other_field.replace(_TAHUN_KE, str(tahun_ke))
    mine = node.get(compiled.field)
    theirs = match.get(tuple(other_field.split(".")))
    if not isinstance(mine.value, Decimal) or not isinstance(theirs.value, Decimal):
        return
    if _differs(mine.value, theirs.value, compiled.params):
        yield Finding(mine.path, compiled.params.field, expected=theirs.value, actual=mine.value,
                      value_kind=compiled.value_kind,
                      extra={"dokumen_lain": LineOf(other, theirs.path, f"{other.file}:"), "kolom_lain": other_field})


KIND = Kind(
    scope="set",
    name="cross-document",
    params=CrossParams,
    levels=("program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_cross,
    compile=_compile,
    placeholders=frozenset({"dokumen_lain", "kolom_lain"}),
)
