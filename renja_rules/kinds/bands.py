"""Kind ``bands``: a stated predikat follows from a value and the declared bands.

The bands, the treatment of values in the gaps of the written intervals, the cap above
100% and rounding before banding are all declared in the rule, never in code. Each
band has a ``predikat`` and a lower bound ``min`` (the lowest band has none) and, for
policies that care about the written intervals, an upper bound ``max``.

``gaps``: ``lower-bound`` (common practice: a value takes the highest band whose ``min``
it reaches, so 90,5 is T) or ``violation`` (a value above a band's ``max`` and below the
next ``min`` is reported). ``cap``: values above it are reported (``above_cap:
violation``) or banded as the cap (``above_cap: clamp``); no cap by default, so 163,30
is ST. ``round``: decimals the value is rounded to (half-up) before banding.

A band may list the ``nama`` its predikat is also written as (``Sangat Tinggi`` for ST):
the stated cell matches the letters or a name, case and spacing ignored.

PASS (default bands): average 65,73 with predikat R, or with "rendah". FAIL: average 78,77
with S (T).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal

from pydantic import Field

from ..numbers import round_half_up
from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class Band(Params):
    predikat: str = Field(min_length=1)
    nama: list[str] = Field(default_factory=list, description="The predikat as also written in words, e.g. "
                            "'Sangat Tinggi' for ST (case and spacing ignored).")
    min: Decimal | None = Field(None, description="Lowest value of the band (inclusive); none for the lowest band.")
    max: Decimal | None = Field(None, description="Highest value as written (inclusive); used with gaps: violation.")


class BandColumn(Params):
    value: str = Field(description="The value to band, e.g. rata_rata.capaian.k.")
    stated: str = Field(description="The stated predikat, e.g. predikat.capaian.k.")


class BandsParams(Params):
    columns: list[BandColumn] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1, description="Highest band first.")
    gaps: Literal["lower-bound", "violation"] = "lower-bound"
    cap: Decimal | None = None
    above_cap: Literal["violation", "clamp"] = "violation"
    round: int | None = Field(None, ge=0, le=10)


def _compile(params: BandsParams, level: str) -> BandsParams:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    for column in params.columns:
        if catalogue.get(tuple(column.value.split("."))) not in ("uang", "nilai", "angka"):
            raise CompileError(f"'{column.value}' is not a numeric field at level '{level}'", "columns")
        if catalogue.get(tuple(column.stated.split("."))) != "teks":
            raise CompileError(f"'{column.stated}' is not a text field at level '{level}'", "columns")
    bounds = [band.min for band in params.bands]
    if bounds[-1] is not None or any(bound is None for bound in bounds[:-1]):
        raise CompileError("every band but the last (lowest) needs 'min'; the last has none", "bands")
    if any(a <= b for a, b in zip(bounds[:-2], bounds[1:-1])):  # type: ignore[operator]
        raise CompileError("bands must be listed from the highest 'min' down", "bands")
    return params


def predikat_for(value: Decimal, params: BandsParams) -> tuple[str | None, str | None]:
    """The predikat a value earns under the policy, or ``(None, why)`` when the policy gives it none.

    ``why`` is ``"cap"`` (above the cap, ``above_cap: violation``) or ``"gap"`` (between a
    band's ``max`` and the next band's ``min``, ``gaps: violation``).
    """
    if params.round is not None:
        value = round_half_up(value, params.round)
    if params.cap is not None and value > params.cap:
        if params.above_cap == "violation":
            return None, "cap"
        value = params.cap
    for band in params.bands:
        if band.min is None or value >= band.min:
            if params.gaps == "violation" and band.max is not None and value > band.max:
                return None, "gap"
            return band.predikat, None
    return None, None  # pragma: no cover - the last band has no min


def _why(expected: str | None, problem: str | None, params: BandsParams) -> dict[str, str]:
    if problem == "cap":
        return {"id": f"melebihi batas {params.cap}", "en": f"exceeds the cap of {params.cap}"}
    if problem == "gap":
        return {"id": "berada di celah antar-rentang tertulis", "en": "falls in a gap between the written intervals"}
    return {"id": f"berpredikat {expected}", "en": f"earns {expected}"}


def _written_as(actual: str, predikat: str | None, params: BandsParams) -> bool:
    """Whether ``actual`` writes ``predikat``: its letters or one of its names, any case or spacing."""
    written = " ".join(actual.split()).casefold()
    for band in params.bands:
        if band.predikat == predikat:
            return written in {band.predikat.casefold(), *(" ".join(name.split()).casefold() for name in band.nama)}
    return False


def check_bands(params: BandsParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each stated predikat that the value does not earn."""
    for column in params.columns:
        value = node.get(tuple(column.value.split(".")))
        stated = node.get(tuple(column.stated.split(".")))
        if value.cacat or not isinstance(value.value, Decimal):
            continue
        expected, problem = predikat_for(value.value, params)
        actual = stated.value.strip() if isinstance(stated.value, str) and stated.value.strip() else None
        if problem is None and actual is not None and _written_as(actual, expected, params):
            continue
        yield Finding(
            stated.path if actual else value.path, column.stated, expected=expected, actual=actual, value_kind="teks",
            replacement=expected if problem is None and actual is not None else None,
            extra={"nilai": value.value, "masalah": _why(expected, problem, params)},
        )


KIND = Kind(
    name="bands",
    params=BandsParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_bands,
    compile=_compile,
    placeholders=frozenset({"masalah", "nilai"}),
)


def bands_of(rules: Iterable[Any], jenis: str) -> tuple[list[tuple[Decimal | None, str]], Decimal | None]:
    """The predikat bands (lowest first, as ``(min, predikat)``) and the cap of a rule set, for ``jenis``.

    Read from the first rule of this kind that applies to documents of ``jenis``, a
    program-level one preferred (what the HTML report's charts draw); none: ``([], None)``.
    """
    candidates = [rule for rule in rules
                  if rule.kind is KIND and (not rule.documents or jenis in rule.documents)]
    if not candidates:
        return [], None
    rule = next((r for r in candidates if r.level == "program"), candidates[0])
    params: BandsParams = rule.params
    bands = [(band.min, str(band.predikat)) for band in params.bands]
    bands.sort(key=lambda band: (band[0] is not None, band[0] or Decimal(0)))
    return bands, params.cap
