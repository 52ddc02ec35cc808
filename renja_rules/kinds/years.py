"""Kind ``years``: every year a header text names is one the document's ``tahun`` allows.

A Renja of year n is titled "… Tahun n dan Prakiraan Maju Tahun n+1", its revision "… Tahun
n", the evaluation inside it covers year n−1 (or year n to date), and the Perbup it is
attached to is of year n−1 or n. A year outside that window in a title or legal basis is
the copy-paste slip verifiers' notes keep finding (last year's title left on this year's
table). The rule lists the text ``fields`` and the allowed ``offsets`` from ``tahun``;
``by_jenis`` overrides the offsets for a document type. Years are the four-digit numbers
1900-2099 standing alone in the text.

PASS (``fields: [dokumen.judul]``, ``offsets: [0]``): ``tahun: 2021``, ``judul: "… Tahun 2021"``.
FAIL: ``tahun: 2021``, ``judul: "… Tahun 2020"``: 2020 named, 2021 expected.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class YearsParams(Params):
    fields: list[str] = Field(min_length=1, description="Dotted text fields of the header, e.g. dokumen.judul.")
    offsets: list[int] = Field(min_length=1, description="Allowed years, as offsets from tahun: [0] or [-1, 0].")
    by_jenis: dict[str, list[int]] = Field(default_factory=dict,
                                           description="Offsets for a document type, instead of 'offsets'.")


class CompiledYears(NamedTuple):
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    offsets: tuple[int, ...]
    by_jenis: dict[str, tuple[int, ...]]


def _compile(params: YearsParams, level: str) -> CompiledYears:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    for name in params.fields:
        if catalogue.get(tuple(name.split("."))) != "teks":
            raise CompileError(f"'{name}' is not a text field at level '{level}'", "fields")
    return CompiledYears(
        fields=tuple((name, tuple(name.split("."))) for name in params.fields),
        offsets=tuple(params.offsets),
        by_jenis={jenis: tuple(offsets) for jenis, offsets in params.by_jenis.items()},
    )


def check_years(params: CompiledYears, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each year a field names outside the allowed window."""
    tahun = plan.document.dokumen.tahun
    allowed = [tahun + offset for offset in params.by_jenis.get(plan.jenis, params.offsets)]
    shown = ", ".join(str(year) for year in allowed)
    for name, parts in params.fields:
        value = node.get(parts)
        if not isinstance(value.value, str):
            continue
        for match in _YEAR.finditer(value.value):
            if int(match.group()) not in allowed:
                yield Finding(value.path, name, expected=shown, actual=match.group(), value_kind="teks",
                              extra={"tahun": str(tahun)})
                break  # one finding per field: the first stray year says what to look at


KIND = Kind(
    name="years",
    params=YearsParams,
    levels=("dokumen",),
    check=check_years,
    compile=_compile,
    placeholders=frozenset({"tahun"}),
)
