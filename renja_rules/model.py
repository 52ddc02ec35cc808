"""Stage 2: the typed plan model, in the domain's own words.

A plan file holds one table of a Renja document: the revision table (Perubahan
Renja, Tabel 3.1 in the seed) or the evaluation table (Tabel 2.1). Items nest as
the plan does: program > kegiatan > sub kegiatan, each with its indicator rows;
urusan and bidang urusan header rows may stand above the programs.

Numeric cells are :class:`~renja_rules.numbers.Angka`: the text as written plus its
exact ``Decimal`` value, unit, and (for damaged cells) what is wrong with it. The
models are validated with pydantic; :mod:`renja_rules.plan` maps validation errors
back to file positions. ``schemas/plan.schema.json`` is generated from these classes.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema

from .doctypes import JENIS_NAMES
from .numbers import Angka, YamlNumber, canonical_uang, looks_like_money, parse_nilai, parse_uang, simple_nilai

__all__ = [
    "Uang",
    "Nilai",
    "TargetPagu",
    "KRp",
    "KRpPersen",
    "RataRata",
    "Predikat",
    "Indikator",
    "SubKegiatan",
    "Kegiatan",
    "Program",
    "Header",
    "BidangUrusan",
    "Urusan",
    "Jumlah",
    "Dokumen",
    "Total",
    "PaguIndikatif",
    "PlanDocument",
    "JENIS_DOKUMEN",
]

# The document types (renja_rules.doctypes): the names ``jenis`` admits, in order.
JENIS_DOKUMEN = JENIS_NAMES
Jenis = Literal[JENIS_NAMES]  # type: ignore[valid-type]  # (a Literal of the registered names)


def _scalar_text(value: Any, what: str) -> str:
    # bool is an int subclass and a list/dict is never a cell: refuse them by type.
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"expected {what} written as text or a number, got {type(value).__name__}")
    return value if isinstance(value, str) else str(value)


# Tables repeat the same cells ("0,00", "100%", "1 Dokumen") again and again, and an
# Angka is immutable: parse each distinct text once. The usual notations are read by the
# shortcuts of renja_rules.numbers, once each; only other text reaches the general readers,
# behind an lru_cache. The key keeps YAML numbers apart from strings, since "1.5" reads
# differently in the two.
def _uang(text: str, yaml_number: bool) -> Angka | None:
    if not yaml_number:
        angka = canonical_uang(text)  # the usual "1.234.567,00": money for sure
        if angka is not None:
            return angka
    return _uncommon_uang(text, yaml_number)


@lru_cache(maxsize=65536)
def _uncommon_uang(text: str, yaml_number: bool) -> Angka | None:
    if not looks_like_money(text):
        # Words where rupiah belong ("Rp 5 juta", an OCR "2O.037.800,00", .nan): a damaged
        # cell, reported by AN001 where it stands, so one bad cell hides no other finding.
        return Angka(text, None, cacat="bukan angka rupiah: berisi huruf atau tanda lain")
    return parse_uang(YamlNumber(text) if yaml_number else text)


def _nilai(text: str, yaml_number: bool) -> Angka:
    if not yaml_number:
        angka = simple_nilai(text)  # the usual "67 Stel", "80,79%"
        if angka is not None:
            return angka
    return _uncommon_nilai(text, yaml_number)


@lru_cache(maxsize=65536)
def _uncommon_nilai(text: str, yaml_number: bool) -> Angka:
    return parse_nilai(YamlNumber(text) if yaml_number else text)


# Damaged cells met while a document is validated, when someone is counting (see
# count_damaged): a plan without one needs no search for them.
_damaged: ContextVar[list[Angka] | None] = ContextVar("renja_rules_damaged", default=None)


@contextmanager
def count_damaged() -> Iterator[list[Angka]]:
    """Collect the damaged cells (``Angka.cacat``) of what is validated inside the block."""
    seen: list[Angka] = []
    token = _damaged.set(seen)
    try:
        yield seen
    finally:
        _damaged.reset(token)


def _note_damaged(angka: Angka) -> Angka:
    seen = _damaged.get()
    if seen is not None:
        seen.append(angka)
    return angka


# Text cells by their text, for the validators' common case: a dict lookup costs a fraction
# of an lru_cache call with a (text, flag) key, and validation runs for every cell of every
# plan. Bounded like the caches above: emptied when full.
_BY_TEXT_SIZE = 65536
_UANG_BY_TEXT: dict[str, Angka | None] = {}
_NILAI_BY_TEXT: dict[str, Angka] = {}
_UNSEEN: Any = object()


def clear_cell_caches() -> None:
    """Forget every cell text read so far (the next plan's cells are all read afresh).

    For benchmarks: checking the same file again and again would otherwise measure cells
    that are all cached, which a plan not seen before never has.
    """
    _uncommon_uang.cache_clear()
    _uncommon_nilai.cache_clear()
    _UANG_BY_TEXT.clear()
    _NILAI_BY_TEXT.clear()


def _validate_uang(value: Any) -> Angka:
    if type(value) is str:  # nearly every cell
        angka = _UANG_BY_TEXT.get(value, _UNSEEN)
        if angka is _UNSEEN:
            if len(_UANG_BY_TEXT) >= _BY_TEXT_SIZE:
                _UANG_BY_TEXT.clear()
            angka = _UANG_BY_TEXT[value] = _uang(value, False)
        if angka is None:
            raise ValueError(f"expected a rupiah amount such as '1.234.567,00', got {value!r}")
        return _note_damaged(angka) if angka.cacat else angka
    if isinstance(value, Angka):
        return _note_damaged(value) if value.cacat else value
    text = _scalar_text(value, "a rupiah amount")
    angka = _uang(str(text), isinstance(text, YamlNumber))
    if angka is None:
        raise ValueError(f"expected a rupiah amount such as '1.234.567,00', got {text!r}")
    return _note_damaged(angka) if angka.cacat else angka


def _validate_nilai(value: Any) -> Angka:
    if type(value) is str:  # nearly every cell
        angka = _NILAI_BY_TEXT.get(value)
        if angka is None:
            if len(_NILAI_BY_TEXT) >= _BY_TEXT_SIZE:
                _NILAI_BY_TEXT.clear()
            angka = _NILAI_BY_TEXT[value] = _nilai(value, False)
        value = angka
    elif not isinstance(value, Angka):
        text = _scalar_text(value, "a value with its unit")
        value = _nilai(str(text), isinstance(text, YamlNumber))
    return _note_damaged(value) if value.cacat else value


_SERIALIZE = PlainSerializer(lambda angka: angka.teks, return_type=str)

Uang = Annotated[
    Angka,
    PlainValidator(_validate_uang),
    _SERIALIZE,
    WithJsonSchema(
        {
            "description": "Rupiah: a YAML number or Indonesian text such as '1.234.567,00', "
            "'(3.223.000,00)', '-16.454.000,00', or '-' for an empty cell.",
            "type": ["string", "number"],
        }
    ),
]
"""A rupiah amount (pagu, selisih, Rp columns)."""

Nilai = Annotated[
    Angka,
    PlainValidator(_validate_nilai),
    _SERIALIZE,
    WithJsonSchema(
        {
            "description": "A value with its unit, e.g. '53 Stel', '100%', '63,28 %', '0 -', or a number.",
            "type": ["string", "number"],
        }
    ),
]
"""A performance value with its unit (target, realisasi, capaian)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=False, defer_build=True)


class TargetPagu(_Model):
    """Target and pagu of an indicator before or after the revision (Tabel 3.1 cols 4-7)."""

    target: Nilai | None = None
    pagu: Uang | None = None


class KRp(_Model):
    """A pair of evaluation columns: K (kinerja, value with unit) and Rp (money)."""

    k: Nilai | None = None
    rp: Uang | None = None


class KRpPersen(_Model):
    """A pair of percentage columns (achievement rates): K and Rp, both in %."""

    k: Nilai | None = None
    rp: Nilai | None = None


class PredikatPair(_Model):
    """Predikat letters for the K and Rp columns (ST, T, S, R, SR)."""

    k: str | None = None
    rp: str | None = None


class RataRata(_Model):
    """A stated average row: average achievement of the sub kegiatan, this year and Renstra."""

    capaian: KRpPersen | None = None
    capaian_renstra: KRpPersen | None = None


class Predikat(_Model):
    """A stated predikat row, for the same columns as :class:`RataRata`."""

    capaian: PredikatPair | None = None
    capaian_renstra: PredikatPair | None = None


class Indikator(_Model):
    """One indicator row of an item, with the columns of its table.

    One row model serves every document type; each type's printed layout
    (:mod:`renja_rules.doctypes`) says which of these columns it has, and rule KL001 reports a
    row that fills another type's. Renja: ``rencana`` (year n) and ``prakiraan_maju`` (n+1)
    target and pagu, ``lokasi``, ``sumber_dana``, ``catatan``. Revision table (perubahan-renja):
    ``sebelum``/``sesudah`` target and pagu, ``selisih``, ``lokasi``, ``sumber_dana``,
    ``catatan``. Evaluation table (evaluasi-renja): the K/Rp pairs of columns 5 to 11 and
    ``keterangan``. Renstra: ``kondisi_awal``, ``tahun_1`` to ``tahun_5`` and
    ``kondisi_akhir`` (K/Rp), ``penanggung_jawab``, ``lokasi``.
    """

    uraian: str | None = None
    kumulatif: bool = Field(True, description="False for a level indicator (%, ratio): the latest value stands.")
    polaritas: Literal["positif", "negatif"] = Field("positif", description="'negatif' when lower is better.")
    # Renja (Permendagri 86/2017: rencana tahun n and prakiraan maju tahun n+1)
    rencana: TargetPagu | None = Field(None, description="Year n: target capaian kinerja and kebutuhan dana/pagu "
                                       "indikatif")
    prakiraan_maju: TargetPagu | None = Field(None, description="Year n+1 (prakiraan maju): target and kebutuhan dana")
    prioritas_nasional: str | None = None
    prioritas_daerah: str | None = None
    kelompok_sasaran: str | None = None
    # Tabel 3.1 (Perubahan Renja)
    sebelum: TargetPagu | None = None
    sesudah: TargetPagu | None = None
    selisih: Uang | None = None
    lokasi: str | None = None
    sumber_dana: str | None = None
    catatan: str | None = None
    # Tabel 2.1 (evaluasi Renja, Permendagri 86/2017)
    target_renstra: KRp | None = Field(None, description="col 5: Renstra target for the end of the period")
    realisasi_renstra_lalu: KRp | None = Field(None, description="col 6: Renstra realisation up to last year")
    target: KRp | None = Field(None, description="col 7: this year's Renja target")
    realisasi: KRp | None = Field(None, description="col 8: this year's realisation")
    capaian: KRpPersen | None = Field(None, description="col 9 = col 8 / col 7 x 100")
    realisasi_kumulatif: KRp | None = Field(None, description="col 10 = col 6 + col 8")
    capaian_renstra: KRpPersen | None = Field(None, description="col 11 = col 10 / col 5 x 100")
    keterangan: str | None = None
    # Renstra (Permendagri 86/2017: rencana program, kegiatan dan pendanaan, five years of the period)
    kondisi_awal: Nilai | None = Field(None, description="Data capaian pada tahun awal perencanaan (the baseline)")
    tahun_1: KRp | None = Field(None, description="Target and funding of the period's first year")
    tahun_2: KRp | None = Field(None, description="Target and funding of the period's second year")
    tahun_3: KRp | None = Field(None, description="Target and funding of the period's third year")
    tahun_4: KRp | None = Field(None, description="Target and funding of the period's fourth year")
    tahun_5: KRp | None = Field(None, description="Target and funding of the period's fifth year")
    kondisi_akhir: KRp | None = Field(None, description="Kondisi kinerja pada akhir periode: target and funding")
    penanggung_jawab: str | None = Field(None, description="Unit kerja perangkat daerah penanggung jawab")


class _Item(_Model):
    kode: str = Field(description="Code in the national nomenclature, e.g. '2.17.01.2.01.06'. Quote it.")
    nama: str | None = None
    indikator: list[Indikator] = Field(default_factory=list)


class SubKegiatan(_Item):
    """A sub kegiatan (U.BB.PP.K.KK.SS or .SSSS) and its indicators."""


class Kegiatan(_Item):
    """A kegiatan (U.BB.PP.K.KK), its indicators and its sub kegiatan."""

    sub_kegiatan: list[SubKegiatan] = Field(default_factory=list)


class Program(_Item):
    """A program (U.BB.PP), its indicators, kegiatan and (evaluation) stated average and predikat."""

    nomor: int | None = None
    kegiatan: list[Kegiatan] = Field(default_factory=list)
    rata_rata: RataRata | None = None
    predikat: Predikat | None = None


class Header(_Model):
    """A header row above the programs (urusan, bidang urusan, unit organisasi)."""

    kode: str
    nama: str | None = None


class BidangUrusan(Header):
    """A bidang urusan header row and the programs under it."""

    unit: Header | None = None
    program: list[Program] = Field(default_factory=list)


class Urusan(Header):
    """An urusan header row and its bidang urusan."""

    bidang_urusan: list[BidangUrusan] = Field(default_factory=list)


class Jumlah(_Model):
    """Counts the document's narrative declares (e.g. Bab IV: '7 program, 11 kegiatan dan 30 sub kegiatan')."""

    program: int | None = None
    kegiatan: int | None = None
    sub_kegiatan: int | None = None
    sumber: str | None = Field(None, description="Where the counts are stated, e.g. 'Bab IV'.")


class Dokumen(_Model):
    """The document header: what it is, for whom, which year, on what legal basis."""

    jenis: Jenis
    judul: str | None = None
    tabel: str | None = None
    tahun: int
    periode: str | None = None
    pemerintah_daerah: str | None = None
    perangkat_daerah: str | None = None
    dasar_hukum: str | None = None
    judul_kolom: str | None = Field(
        None, description="The column headings that name a year, as printed ('…Tahun 2021 (akhir periode…) | …'): "
        "read from a book or PDF-table text, so that the years they name can be checked against tahun.")
    jumlah: Jumlah | None = None


class Total(_Model):
    """The evaluation table's totals row and its closing average and predikat rows."""

    target_renstra: KRp | None = None
    realisasi_renstra_lalu: KRp | None = None
    target: KRp | None = None
    realisasi: KRp | None = None
    capaian: KRpPersen | None = None
    realisasi_kumulatif: KRp | None = None
    capaian_renstra: KRpPersen | None = None
    rata_rata: RataRata | None = None
    predikat: Predikat | None = None


class PaguIndikatif(_Model):
    """One row of the RKPD's pagu indikatif: a perangkat daerah's ceiling for the year, optionally
    split into the program penunjang (program 01 of every bidang) and the program urusan."""

    perangkat_daerah: str
    nomor: int | None = Field(None, description="The row's number, when the list prints one.")
    kode: str | None = Field(None, description="The unit's code, when the list prints one.")
    pagu: Uang | None = None
    program_penunjang: Uang | None = None
    program_urusan: Uang | None = None


class PlanDocument(_Model):
    """A whole plan file: the document header and its table.

    Programs sit either under ``urusan`` > ``bidang_urusan`` header rows (as in a
    revision table) or directly in ``program`` (a table without header rows).
    """

    model_config = ConfigDict(title="renja-rules plan file")

    dokumen: Dokumen
    urusan: list[Urusan] = Field(default_factory=list)
    program: list[Program] = Field(default_factory=list)
    total: Total | None = None
    pagu_indikatif: list[PaguIndikatif] = Field(default_factory=list, description="The pagu indikatif document's "
                                                "rows (jenis pagu-indikatif): a ceiling per perangkat daerah.")
