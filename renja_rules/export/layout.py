"""The printed layout of each document type, as the exporter writes it: data, not code.

Each column names the field it shows (a path under the indicator row, or under the item for
``kode`` and ``nama``), the number printed under its heading, its heading in both languages,
the group heading above it (``Sebelum perubahan`` over target and pagu), and the kind of value
it holds, which decides how a cell is written (text, exact number with a number format).

This is the exporter's own minimal description, written before the readers' layout registry
(``renja_rules.layouts``, branch d1-readers) existed; the two are meant to become one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Column", "Layout", "LAYOUTS", "EXTRA_COLUMNS", "layout_for"]

# kode: a code, always text; teks: free text; nilai: a value with its unit (a number cell when
# it is a bare number); uang: rupiah, a number cell; persen: a percentage, a number cell.
Kind = Literal["nomor", "kode", "teks", "nilai", "uang", "persen"]
Source = Literal["item", "indikator"]


@dataclass(frozen=True)
class Column:
    """One printed column: what it shows and how it is headed."""

    field: tuple[str, ...]
    source: Source
    number: str
    heading: tuple[str, str]  # (Bahasa Indonesia, English)
    kind: Kind
    width: float
    group: tuple[str, str] | None = None


@dataclass(frozen=True)
class Layout:
    """A document type's printed table: its columns and what its title says by default."""

    jenis: str
    title: tuple[str, str]
    columns: tuple[Column, ...]

    def index(self, source: Source, field: tuple[str, ...]) -> int | None:
        """The 0-based column that shows ``field`` of ``source``, if the layout prints it."""
        for number, column in enumerate(self.columns):
            if column.source == source and column.field == field:
                return number
        return None


_SEBELUM = ("Sebelum perubahan", "Before the revision")
_SESUDAH = ("Setelah perubahan", "After the revision")

_KODE = Column(("kode",), "item", "1", ("Kode", "Code"), "kode", 17)
_NAMA = Column(("nama",), "item", "2", ("Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan",
                                        "Urusan/Bidang/Program/Kegiatan/Sub kegiatan"), "teks", 42)

_REVISION = (
    _KODE,
    _NAMA,
    Column(("uraian",), "indikator", "3", ("Indikator Kinerja", "Performance indicator"), "teks", 40),
    Column(("sebelum", "target"), "indikator", "4", ("Target Capaian Kinerja", "Target"), "nilai", 14, _SEBELUM),
    Column(("sebelum", "pagu"), "indikator", "5", ("Pagu (Rp)", "Pagu (Rp)"), "uang", 19, _SEBELUM),
    Column(("sesudah", "target"), "indikator", "6", ("Target Capaian Kinerja", "Target"), "nilai", 14, _SESUDAH),
    Column(("sesudah", "pagu"), "indikator", "7", ("Pagu (Rp)", "Pagu (Rp)"), "uang", 19, _SESUDAH),
    Column(("selisih",), "indikator", "8=(7-5)", ("Bertambah/(Berkurang)", "Increase/(decrease)"), "uang", 19),
    Column(("lokasi",), "indikator", "9", ("Lokasi", "Location"), "teks", 20),
    Column(("sumber_dana",), "indikator", "10", ("Sumber Dana", "Source of funds"), "teks", 16),
    Column(("catatan",), "indikator", "11", ("Catatan Penting", "Notes"), "teks", 24),
)


def _pair(name: str, number: str, heading: tuple[str, str], k: Kind, rp: Kind) -> tuple[Column, Column]:
    return (
        Column((name, "k"), "indikator", number, ("K", "K"), k, 11, heading),
        Column((name, "rp"), "indikator", number, ("Rp", "Rp"), rp, 18 if rp == "uang" else 9, heading),
    )


_EVALUATION = (
    Column(("nomor",), "item", "1", ("No", "No"), "nomor", 5),
    Column(("kode",), "item", "2", ("Kode", "Code"), "kode", 17),
    Column(("nama",), "item", "3", ("Program/Kegiatan/Sub Kegiatan", "Program/Kegiatan/Sub kegiatan"), "teks", 36),
    Column(("uraian",), "indikator", "4", ("Indikator Kinerja Program (outcome)/Kegiatan (output)",
                                             "Performance indicator (outcome/output)"), "teks", 36),
    *_pair("target_renstra", "5", ("Target Renstra PD akhir periode", "Renstra target, end of period"), "nilai", "uang"),
    *_pair("realisasi_renstra_lalu", "6", ("Realisasi capaian kinerja Renstra PD s.d. Renja tahun lalu",
                                           "Renstra realisation up to last year's Renja"), "nilai", "uang"),
    *_pair("target", "7", ("Target kinerja dan anggaran Renja PD tahun berjalan",
                           "Renja target this year"), "nilai", "uang"),
    *_pair("realisasi", "8", ("Realisasi capaian kinerja dan anggaran Renja PD tahun berjalan",
                              "Renja realisation this year"), "nilai", "uang"),
    *_pair("capaian", "9", ("Tingkat capaian kinerja dan realisasi anggaran (%)", "Achievement (%)"), "persen", "persen"),
    *_pair("realisasi_kumulatif", "10", ("Realisasi kinerja dan anggaran Renstra s.d. tahun berjalan",
                                         "Cumulative Renstra realisation up to this year"), "nilai", "uang"),
    *_pair("capaian_renstra", "11", ("Tingkat capaian kinerja dan realisasi anggaran Renstra (%)",
                                     "Renstra achievement (%)"), "persen", "persen"),
    Column(("keterangan",), "indikator", "12", ("Keterangan", "Remarks"), "teks", 20),
)

LAYOUTS: dict[str, Layout] = {
    "perubahan-renja": Layout("perubahan-renja", ("Rumusan Perubahan Rencana Kerja dan Pendanaan Perangkat Daerah",
                                                  "Revised work plan and funding of the perangkat daerah"), _REVISION),
    # The model gives a Renja the revision's fields (target and pagu before and after), so its
    # book has the same columns.
    "renja": Layout("renja", ("Rumusan Rencana Program dan Kegiatan Perangkat Daerah",
                              "Programs and kegiatan of the perangkat daerah"), _REVISION),
    "evaluasi-renja": Layout("evaluasi-renja", ("Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah",
                                                "Evaluation of the perangkat daerah's Renja"), _EVALUATION),
}

# Fields of an indicator that no printed form shows but the checks read (see the model): written
# after the printed columns, outside the print area, so that a book says everything its plan says.
EXTRA_COLUMNS = (
    Column(("kumulatif",), "indikator", "", ("Kumulatif", "Cumulative"), "teks", 11),
    Column(("polaritas",), "indikator", "", ("Polaritas", "Polarity"), "teks", 11),
)


def layout_for(jenis: str) -> Layout:
    """The layout of ``jenis``; ``KeyError`` for an unknown one (the model admits none)."""
    return LAYOUTS[jenis]
