"""Kind ``required``: fields that must be present and non-empty.

A cell is empty when it is absent, blank, or a placeholder (``-``). For an item, the
field ``indikator`` requires at least one indicator row. A value with a
unit can be required to carry its unit by naming ``<field>.satuan``. A damaged number
is present (the ``number`` kind reports the damage), so nothing is reported twice.

An empty field whose value follows from others can name that value with ``fill`` (an
expression, as the ``expression`` kind parses it): the finding then says what the cell must
hold, and a rule declaring ``fix: safe`` lets ``--fix`` write it in (a missing selisih is
pagu after − pagu before).

PASS (``fields: [sesudah.target.satuan]``): ``sesudah: {target: "53 Stel"}``.
FAIL: ``sesudah: {target: "0"}``: the target has no unit.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Literal, NamedTuple

from pydantic import Field

from ..expression import DivisionByZero, Expression, ExpressionError, Unreadable, parse_expression
from ..numbers import Angka
from .base import CompileError, Finding, Kind, Params, per_node

if TYPE_CHECKING:
    from ..plan import Node, Plan


class RequiredParams(Params):
    fields: list[str] = Field(min_length=1, description="Dotted fields that must be filled.")
    fill: str | None = Field(None, description="With one field: an expression giving the value it must hold "
                                               "when empty, e.g. 'default(sesudah.pagu, 0) - default(sebelum.pagu, 0)'.")
    value_kind: Literal["uang", "angka", "persen"] = Field("angka", description="How the fill value reads in messages.")


class CompiledRequired(NamedTuple):
    # (dotted name, its parts, whether it names a unit, a test that it is certainly filled,
    # or None when Node.get must read it: an item's field summed over its indicator rows)
    fields: tuple[tuple[str, tuple[str, ...], bool, Callable[[Any], bool] | None], ...]
    fill: Expression | None = None
    value_kind: str = "angka"


def _compile(params: RequiredParams, level: str) -> CompiledRequired:
    from ..plan import field_catalogue, reads_own_field

    catalogue = field_catalogue(level)
    for name in params.fields:
        if name == "indikator" and level in ("program", "kegiatan", "sub_kegiatan"):
            continue  # an item's list of indicator rows: required means at least one
        if tuple(name.split(".")) not in catalogue:
            raise CompileError(f"'{name}' is not a field at level '{level}'", "fields")
    fill = None
    if params.fill is not None:
        if len(params.fields) != 1:
            raise CompileError("'fill' gives the value of one field: list exactly one", "fill")
        try:
            fill = parse_expression(params.fill, catalogue, want="num")
        except ExpressionError as exc:
            raise CompileError(exc.message, "fill", exc.offset) from None
    return CompiledRequired(fields=tuple(
        (name, parts, unit, _filled_reader(parts, unit) if reads_own_field(level, parts) else None)
        for name, parts, unit in ((name, tuple(name.split(".")), name.endswith(".satuan")) for name in params.fields)
    ), fill=fill, value_kind=params.value_kind)


_EMPTY = ("", "-")


def _filled_leaf(value: Any) -> bool:
    kind = type(value)
    if kind is Angka:
        return not value.kosong
    if kind is str:
        return value.strip() not in _EMPTY
    return kind is Decimal or kind is int or kind is bool


def _unit_filled(value: Any) -> bool:
    return isinstance(value, Angka) and type(value.satuan) is str and value.satuan.strip() not in _EMPTY


@cache  # one test per field name: rules compiled twice compare equal
def _filled_reader(parts: tuple[str, ...], unit: bool) -> Callable[[Any], bool]:
    """A test that a field is certainly filled, read straight from the item (most cells are).

    The field is read as :meth:`renja_rules.plan.Node.get` reads it (:func:`field_reader`),
    without making a field value: most required cells are read by no other rule, so the
    value would be made for nothing. Anything but the plain cases answers False, and
    ``Node.get`` then decides.
    """
    from ..plan import field_reader  # (as _compile imports the plan: when a rule is compiled)

    if unit:  # <field>.satuan: the unit text of a value
        read_cell = field_reader(parts[:-1])
        return lambda obj: _unit_filled(read_cell(obj))
    read = field_reader(parts)
    return lambda obj: _filled_leaf(read(obj))


def check_required(params: CompiledRequired, nodes: list[Node], plan: Plan) -> list[tuple[Node, Finding]]:
    """A finding for each listed field that is empty, node by node."""
    found: list[tuple[Node, Finding]] = []
    for node in nodes:
        get = node.get
        obj = node.obj
        for name, parts, unit, filled in params.fields:
            if name == "indikator":
                if not node.indikator:
                    found.append((node, Finding(node.path + ("kode",), name, value_kind="teks")))
                continue
            if filled is not None and filled(obj):
                continue
            value = get(parts)
            angka = value.angka
            kosong = value.kosong if unit or angka is None else angka.kosong
            if kosong:
                shown = angka.teks if angka is not None else ""
                expected = _fill(params.fill, node) if params.fill is not None else None
                if expected is None:
                    found.append((node, Finding(value.path, name, actual=shown or None, value_kind="teks")))
                else:
                    found.append((node, Finding(value.path, name, expected=expected, actual=shown or None,
                                                value_kind=params.value_kind, replacement=expected)))
    return found


def _fill(expression: Expression, node: Node) -> Decimal | None:
    """The value an empty field must hold; None when its inputs are empty or damaged."""
    try:
        value = expression.evaluate(node.lookup)
    except (Unreadable, DivisionByZero):
        return None
    return value if isinstance(value, Decimal) else None


KIND = Kind(
    name="required",
    params=RequiredParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=per_node(check_required),
    check_nodes=check_required,
    compile=_compile,
)
