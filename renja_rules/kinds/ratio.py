"""Kind ``ratio``: a stated percentage equals numerator / denominator × scale.

For the evaluation table: achievement (col 9) = realisation (col 8) / target (col 7)
× 100, and Renstra achievement (col 11) = cumulative realisation (col 10) / Renstra
target (col 5) × 100, each for K and for Rp. The rule declares the rounding (places,
half-up) and the tolerance, what a zero or empty denominator means (``on_zero``), and
how a lower-is-better indicator (``polaritas: negatif``) is computed (``negatif``).

``on_zero`` (the denominator is 0, e.g. ``0 -``) and ``on_missing`` (it is empty or
absent): ``skip`` (say nothing), ``zero`` (the stated value must be 0), ``violation``
(report the row). Defaults: ``on_zero: zero``, ``on_missing: skip``. ``negatif``: ``mirror`` (2 × target − realisation) /
target × 100 as Permendagri 86/2017 practice writes it, ``inverse`` target / realisation
× 100, or ``same`` (no special case). A column with ``polaritas: false`` is never mirrored:
money absorbed is realisation / target whatever the indicator's polarity.

PASS: ``{target: {k: "3 Buku"}, realisasi: {k: "3 Buku"}, capaian: {k: "100,00"}}``.
FAIL: ``{target: {k: "415 OB"}, realisasi: {k: "153 OB"}, capaian: {k: "38,00"}}``
(153 / 415 × 100 = 36,87).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator, Literal, NamedTuple

from pydantic import Field

from ..numbers import round_half_up
from .base import CompileError, Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import FieldValue, Node, Plan


class RatioColumn(Params):
    stated: str = Field(description="The stated percentage, e.g. capaian.k.")
    numerator: str = Field(description="e.g. realisasi.k")
    denominator: str = Field(description="e.g. target.k")
    polaritas: bool = Field(True, description="Whether a lower-is-better indicator is computed by 'negatif' in "
                            "this column; false for money (Rp absorption is always realisation / target).")


class RatioParams(Params):
    columns: list[RatioColumn] = Field(min_length=1)
    scale: Decimal = Decimal(100)
    places: int = Field(2, ge=0, le=10, description="Decimals the stated value is rounded to (half-up).")
    tolerance: Decimal = Field(Decimal(0), ge=0)
    on_zero: Literal["skip", "zero", "violation"] = "zero"
    on_missing: Literal["skip", "zero", "violation"] = "skip"
    negatif: Literal["mirror", "inverse", "same"] = "mirror"


class CompiledRatioColumn(NamedTuple):
    label: str  # the stated field, dotted, as findings name it
    stated: tuple[str, ...]
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    polaritas: bool


class CompiledRatio(NamedTuple):
    columns: tuple[CompiledRatioColumn, ...]
    scale: Decimal
    places: int
    tolerance: Decimal
    on_zero: str
    on_missing: str
    negatif: str


def _compile(params: RatioParams, level: str) -> CompiledRatio:
    from ..plan import field_catalogue

    catalogue = field_catalogue(level)
    columns = []
    for column in params.columns:
        parts = [tuple(name.split(".")) for name in (column.stated, column.numerator, column.denominator)]
        for name, key in zip((column.stated, column.numerator, column.denominator), parts):
            if catalogue.get(key) not in ("uang", "nilai", "angka"):
                raise CompileError(f"'{name}' is not a numeric field at level '{level}'", "columns")
        columns.append(CompiledRatioColumn(column.stated, *parts, column.polaritas))
    return CompiledRatio(tuple(columns), params.scale, params.places, params.tolerance, params.on_zero,
                         params.on_missing, params.negatif)


def _negatif(node: Node) -> bool:
    return getattr(node.obj, "polaritas", "positif") == "negatif"


def check_ratio(params: CompiledRatio, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each stated percentage that does not follow from its figures."""
    for column in params.columns:
        stated = node.get(column.stated)
        numerator = node.get(column.numerator)
        denominator = node.get(column.denominator)
        if stated.cacat or numerator.cacat or denominator.cacat or not isinstance(stated.value, Decimal):
            continue
        if not isinstance(numerator.value, Decimal):
            continue
        if not isinstance(denominator.value, Decimal) or denominator.value == 0:
            yield from _without_denominator(params, column.label, stated, denominator.value)
            continue
        expected = _expected(params, column, node, numerator.value, denominator.value)
        if expected is not None and abs(stated.value - expected) > params.tolerance:
            yield Finding(
                stated.path, column.label, expected=expected, actual=stated.value, value_kind="persen",
                replacement=expected,
            )


def _without_denominator(params: CompiledRatio, label: str, stated: FieldValue, denominator: object) -> Iterator[Finding]:
    """A zero or empty denominator: reported, or the stated value must be 0, as the rule says."""
    outcome = params.on_zero if isinstance(denominator, Decimal) else params.on_missing
    if outcome == "violation" or (outcome == "zero" and stated.value != 0):
        yield Finding(
            stated.path, label, expected=Decimal(0) if outcome == "zero" else None,
            actual=stated.value, value_kind="persen",
            replacement=Decimal("0.00") if outcome == "zero" else None,
            extra={"masalah": {"id": "pembagi nol atau kosong", "en": "zero or empty denominator"}},
        )


def _expected(params: CompiledRatio, column: Any, node: Node, num: Decimal, den: Decimal) -> Decimal | None:
    """The percentage the figures give (for an indicator where less is better, as the rule says)."""
    if column.polaritas and _negatif(node):
        if params.negatif == "mirror":
            num = 2 * den - num
        elif params.negatif == "inverse":
            if num == 0:
                return None
            num, den = den, num
    return round_half_up(num / den * params.scale, params.places)


KIND = Kind(
    name="ratio",
    params=RatioParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"),
    check=check_ratio,
    compile=_compile,
    placeholders=frozenset({"masalah"}),
)
