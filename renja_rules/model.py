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

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, WithJsonSchema, create_model

from .doctypes import JENIS_NAMES, document_types
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


# --- the indicator row, made from the document types' printed columns -------------------------

# How a printed column's kind of value is held in the model (renja_rules.doctypes.ValueKind).
_CELL_TYPES: dict[str, Any] = {"nilai": Nilai, "persen": Nilai, "uang": Uang, "teks": str, "kode": str, "nomor": int}
# Groups of columns that read as one of the named pairs above (their fields and kinds).
_GROUPS: dict[frozenset[tuple[str, str]], type[_Model]] = {
    frozenset({("target", "nilai"), ("pagu", "uang")}): TargetPagu,
    frozenset({("k", "nilai"), ("rp", "uang")}): KRp,
    frozenset({("k", "persen"), ("rp", "persen")}): KRpPersen,
}


Printed = list[tuple[str, str, str]]  # where a field is printed: (jenis, column number, heading)


def _printed_columns() -> dict[str, dict[tuple[str, ...], tuple[str, Printed]]]:
    """The indicator columns of every registered type, by the field under the row that holds
    them (and the part under its group): each one's kind of value and where it is printed."""
    rows: dict[str, dict[tuple[str, ...], tuple[str, Printed]]] = {}
    for declared in document_types():
        for column in declared.layout.columns:
            if column.source != "indikator":
                continue
            if not 1 <= len(column.field) <= 2:
                raise TypeError(f"{declared.jenis}: the column {'.'.join(column.field)} is not a field of the "
                                "row or of a group of its columns (one or two parts)")
            if len(column.field) == 2:  # one of a group of columns: the group is described
                heading = (column.group or column.heading)[0]
            else:
                heading = column.heading[0] + (f" ({column.group[0]})" if column.group else "")
            cells = rows.setdefault(column.field[0], {})
            kind, printed = cells.setdefault(column.field[1:], (column.value_kind, []))
            if kind != column.value_kind or (() in cells and len(cells) > 1):
                raise TypeError(f"{declared.jenis}: the column {'.'.join(column.field)} is printed elsewhere as "
                                "another kind of value, or as a group of columns (a field of the row has one)")
            printed.append((declared.jenis, column.number, heading))
    return rows


def _described(printed: Printed) -> str:
    """'renja kolom 5, 6: Rencana Tahun n; ...': where a field is printed, type by type."""
    by_type: dict[tuple[str, str], list[str]] = {}
    for jenis, number, heading in printed:
        numbers = by_type.setdefault((jenis, heading), [])
        if number and number not in numbers:
            numbers.append(number)
    return "; ".join(f"{jenis} kolom {', '.join(numbers)}: {heading}" if numbers else f"{jenis}: {heading}"
                     for (jenis, heading), numbers in by_type.items())


def _row_fields() -> dict[str, Any]:
    """The row model's fields, in the order the types print them: one per printed column, or
    per group of columns (target and pagu, K and Rp), as the types of this registry declare."""
    fields: dict[str, Any] = {}
    for name, cells in _printed_columns().items():
        printed = [where for _, wheres in cells.values() for where in wheres]
        if () in cells:  # a column of its own
            fields[name] = (_CELL_TYPES[cells[()][0]] | None, Field(None, description=_described(printed)))
            continue
        shape = frozenset((part[0], kind) for part, (kind, _) in cells.items())
        group = _GROUPS.get(shape) or create_model(  # a new type's own group of columns
            "".join(word.title() for word in name.split("_")), __base__=_Model,
            **{part[0]: (_CELL_TYPES[kind] | None, None) for part, (kind, _) in cells.items()})
        fields[name] = (group | None, Field(None, description=_described(printed)))
    return fields


Indikator = create_model(  # type: ignore[call-overload]
    "Indikator",
    __base__=_Model,
    __module__=__name__,
    __doc__="""One indicator row of an item, with the columns of its table.

    Made from the registry of document types (:mod:`renja_rules.doctypes`): a field for each
    column a type prints under the indicator row (or for each group of columns, such as a
    revision's ``sebelum`` target and pagu or an evaluation's K and Rp pairs), with the kind of
    value the column declares; a new type's new columns are new fields here. One row model
    serves every type, so that a cell in another table's column is a finding where it stands
    (rule KL001), not a refused file. Besides the printed columns, how the checks read its
    values: ``kumulatif`` and ``polaritas``.
    """,
    **_row_fields(),
    kumulatif=(bool, Field(True, description="False for a level indicator (%, ratio): the latest value stands.")),
    polaritas=(Literal["positif", "negatif"], Field("positif", description="'negatif' when lower is better.")),
)


class _Item(_Model):
    kode: str = Field(description="Code in the national nomenclature, e.g. '2.17.01.2.01.06'. Quote it.")
    nama: str | None = None
    indikator: list[Indikator] = Field(default_factory=list)  # type: ignore[valid-type]


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
