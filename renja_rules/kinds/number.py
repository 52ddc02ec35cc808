"""Kind ``number``: a numeric cell must be readable as a number.

Cells damaged by conversion from PDF are kept by the loader as written; this kind
reports them where they stand, with the reason. Without ``fields`` it checks every
numeric cell of the node itself (for an item: its own cells such as stated averages,
not its indicators', which are checked at level ``indikator``).

An unquoted ``pagu: 750.000`` is ambiguous (YAML reads 750, Indonesian notation 750000):
reported with both readings. Where the file writes money in Indonesian notation throughout
(decimals after a comma, no number with a decimal point), the Indonesian reading is offered
as the replacement (``"750.000,00"``, quoted), for a rule that declares ``fix: unsafe``.

PASS: ``pagu: "1.234.567,00"``, ``target: "53 Stel"``, ``selisih: "(3.223.000,00)"``.
FAIL: ``pagu: "0,00 0"`` and ``target: "2318 4 HOK"`` (a number split by a space).
"""

from __future__ import annotations

import re
import typing
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from pydantic import BaseModel, Field

from ..numbers import Angka, format_angka
from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class NumberParams(Params):
    fields: list[str] | None = Field(None, description="Dotted numeric fields to check; default: all of the node's own.")


def _compile(params: NumberParams, level: str) -> NumberParams:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    for name in params.fields or ():
        if catalogue.get(tuple(name.split("."))) not in ("uang", "nilai"):
            raise CompileError(f"'{name}' is not a numeric cell at level '{level}'", "fields")
    return params


# Fields that hold child items or lists, not cells or nested pairs of cells.
_NOT_CELLS = frozenset({"kode", "indikator", "kegiatan", "sub_kegiatan", "program", "urusan", "bidang_urusan", "unit"})

# Per model class: its fields that may hold a cell or a nested pair of cells, in declaration
# order, each with whether it is a nested model. Text, flags and child items are skipped
# without being looked at.
_CELL_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _cell_fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    from ..plan import _unwrap  # the field annotations, without None

    fields = []
    for name, info in cls.model_fields.items():
        if name in _NOT_CELLS:
            continue
        for annotation in _unwrap(info.annotation):
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                fields.append((name, True))
                break
            if typing.get_origin(annotation) is typing.Annotated and typing.get_args(annotation)[0] is Angka:
                fields.append((name, False))
                break
    result = _CELL_FIELDS[cls] = tuple(fields)
    return result


def _damaged_cells(obj: BaseModel, path: tuple, out: list[tuple[tuple, Angka]]) -> None:
    """Append every damaged Angka held by this model and its nested pairs (not its child items).

    This runs on every row of a plan that has a damaged cell anywhere: only the fields that
    can hold a cell are read, from the instance dictionary.
    """
    values = obj.__dict__
    fields = _CELL_FIELDS.get(type(obj)) or _cell_fields(type(obj))
    for name, nested in fields:
        value = values[name]
        if value is None:
            continue
        if nested:
            _damaged_cells(value, path + (name,), out)
        elif value.cacat:
            out.append((path + (name,), value))


def check_number(params: NumberParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each damaged numeric cell."""
    if plan.has_damaged_cells is False:
        return  # counted while the plan was validated: nothing to find
    if params.fields:
        cells = []
        for name in params.fields:
            value = node.get(tuple(name.split(".")))
            if value.angka is not None:
                cells.append((value.path, value.angka))
    else:
        cells = []
        if isinstance(node.obj, BaseModel):
            _damaged_cells(node.obj, node.path, cells)
    for path, angka in cells:
        if angka.cacat:
            field = ".".join(str(part) for part in path[len(node.path) :])
            replacement = None
            if angka.bacaan is not None and _indonesian_throughout(plan.text):
                replacement = format_angka(angka.bacaan, "id", places=2)
            yield Finding(path, field, expected=replacement, actual=angka.teks, value_kind="teks",
                          replacement=replacement, extra={"alasan": angka.cacat})


# An unquoted number with a decimal point as a YAML value ("pagu: 1500.50", "[12.5, ..."; not
# the quoted code "2.17"), and a decimal comma anywhere.
_DOT_DECIMAL = re.compile(r"(?:^|[:,\[{-])[ \t]{0,8}[-+]?\d{1,30}\.\d{1,2}[ \t]{0,8}(?=[,}\]#\r\n]|$)", re.M)
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)")


@lru_cache(maxsize=8)
def _indonesian_throughout(text: str) -> bool:
    """Whether a plan's text writes numbers the Indonesian way only: decimals after a comma
    somewhere, and nowhere a number with a decimal point (then ``750.000`` means 750000)."""
    return bool(text) and _COMMA_DECIMAL.search(text) is not None and _DOT_DECIMAL.search(text) is None


KIND = Kind(
    name="number",
    params=NumberParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_number,
    compile=_compile,
    placeholders=frozenset({"alasan"}),
)
