"""Kind ``tier``: a kegiatan code's level digit matches the government that plans it.

In the national nomenclature the fourth part of a kegiatan (and sub kegiatan) code says who
carries it out: ``1`` a province, ``2`` a regency or city (``2.17.01.2.01``). A regency's
plan with a province's kegiatan (or the reverse) names the wrong kegiatan. ``digits`` maps
the first word of ``pemerintah_daerah`` (``Kabupaten``, ``Kota``, ``Provinsi``) to the digit
its codes carry; a plan whose header names no such word is not judged.

PASS (``digits: {kabupaten: "2", provinsi: "1"}``): ``Kabupaten Malang`` with ``2.17.01.2.01``.
FAIL: ``Kabupaten Malang`` with ``2.17.01.1.01`` (a province's kegiatan).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from pydantic import Field

from .base import Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class TierParams(Params):
    digits: dict[str, str] = Field(min_length=1, description="First word of pemerintah_daerah -> the code's level digit.")
    position: int = Field(4, ge=1, le=6, description="Which dot-separated part of the code is the level digit.")


def check_tier(params: TierParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding when the item's level digit is not the one of the plan's government."""
    pemda = (plan.document.dokumen.pemerintah_daerah or "").split()
    expected = {word.lower(): digit for word, digit in params.digits.items()}.get(pemda[0].lower() if pemda else "")
    kode = getattr(node.obj, "kode", None)
    if expected is None or not isinstance(kode, str):
        return
    parts = kode.strip().split(".")
    if len(parts) < params.position or parts[params.position - 1] not in params.digits.values():
        return  # a code of another shape: the code rules report it
    if parts[params.position - 1] != expected:
        yield Finding(node.path + ("kode",), "kode", expected=expected, actual=parts[params.position - 1],
                      value_kind="teks", extra={"pemda": pemda[0]})


KIND = Kind(
    name="tier",
    params=TierParams,
    levels=("kegiatan", "sub_kegiatan"),
    check=check_tier,
    compile=lambda params, level: params,
    placeholders=frozenset({"pemda"}),
)
