"""Kind ``units``: the unit written after a number says what the indicator measures.

``mode: percent`` — an indicator whose text begins with one of ``words`` (``Persentase``,
``Rasio``…) is measured in percent: a target written with another unit (``100 Dokumen``)
is a row whose text or whose target was mistyped. ``mode: same`` — the fields of each pair
in ``pairs`` (a target and its realisation) carry the same unit, case and spacing ignored.
A number without a unit is not judged here (the required-unit rules report it).

PASS (percent, ``fields: [sesudah.target]``): ``{uraian: "Persentase koperasi sehat", sesudah: {target: "80 %"}}``.
FAIL: ``{uraian: "Persentase koperasi sehat", sesudah: {target: "80 Koperasi"}}``.
PASS (same, ``pairs: [[target.k, realisasi.k]]``): ``target: {k: "12 Orang"}, realisasi: {k: "10 orang"}``.
FAIL: ``target: {k: "12 Orang"}, realisasi: {k: "10 Dokumen"}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, Literal, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class UnitsParams(Params):
    mode: Literal["percent", "same"]
    fields: list[str] = Field(default_factory=list, description="percent: the fields whose unit is judged.")
    words: list[str] = Field(default_factory=list, description="percent: first words of a percentage indicator.")
    percent_units: list[str] = Field(default_factory=lambda: ["%", "persen"], description="percent: units that are percent.")
    pairs: list[tuple[str, str]] = Field(default_factory=list, description="same: fields that share a unit.")


class CompiledUnits(NamedTuple):
    mode: str
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    words: frozenset[str]
    percent_units: frozenset[str]
    pairs: tuple[tuple[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]]], ...]


def _compile(params: UnitsParams, level: str) -> CompiledUnits:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    named = list(params.fields) + [name for pair in params.pairs for name in pair]
    for name in named:
        if catalogue.get(tuple(name.split("."))) != "nilai":
            raise CompileError(f"'{name}' is not a value with a unit at level '{level}'", "fields")
    if params.mode == "percent" and not (params.fields and params.words):
        raise CompileError("mode 'percent' needs 'fields' and 'words'", "fields")
    if params.mode == "same" and not params.pairs:
        raise CompileError("mode 'same' needs 'pairs'", "pairs")

    def dotted(name: str) -> tuple[str, tuple[str, ...]]:
        return name, tuple(name.split("."))

    return CompiledUnits(
        mode=params.mode,
        fields=tuple(dotted(name) for name in params.fields),
        words=frozenset(word.lower() for word in params.words),
        percent_units=frozenset(_unit(unit) for unit in params.percent_units),
        pairs=tuple((dotted(a), dotted(b)) for a, b in params.pairs),
    )


def _unit(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _unit_of(node: Node, parts: tuple[str, ...]) -> tuple[str, object] | None:
    value = node.get(parts)
    if value.angka is None or value.cacat or not value.angka.satuan or value.angka.nilai is None:
        return None
    return _unit(value.angka.satuan), value


def check_units(params: CompiledUnits, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for a unit that does not fit the indicator, or differs from its pair's."""
    if params.mode == "percent":
        uraian = getattr(node.obj, "uraian", None) or ""
        first = uraian.split(maxsplit=1)[0].lower() if uraian.split() else ""
        if first not in params.words:
            return
        for name, parts in params.fields:
            found = _unit_of(node, parts)
            if found is not None and found[0] not in params.percent_units:
                yield Finding(found[1].path, name, expected="%", actual=found[1].angka.satuan,  # type: ignore[attr-defined]
                              value_kind="teks")
        return
    for (name, parts), (other_name, other_parts) in params.pairs:
        mine, theirs = _unit_of(node, parts), _unit_of(node, other_parts)
        if mine is not None and theirs is not None and mine[0] != theirs[0]:
            yield Finding(theirs[1].path, other_name, expected=mine[1].angka.satuan,  # type: ignore[attr-defined]
                          actual=theirs[1].angka.satuan, value_kind="teks")  # type: ignore[attr-defined]


KIND = Kind(
    name="units",
    params=UnitsParams,
    levels=("indikator",),
    check=check_units,
    compile=_compile,
)
