"""``renstra``: Rencana Program, Kegiatan dan Pendanaan Perangkat Daerah of the Renstra
(Permendagri 86/2017): for each indicator its baseline (data capaian pada tahun awal
perencanaan), the target and funding of each of the period's five years, and the kondisi
kinerja at the end of the period. The period is the header's ``periode`` ("2026-2030"): its
first year is ``tahun_1``. The form's first columns (Tujuan, Sasaran, numbered 1 and 2) are not
part of the model; the other columns keep the form's numbers."""

from __future__ import annotations

from . import Column, DocumentType, Layout, _words

# A year's columns are headed as the form prints them ("Tahun-1" ... "Tahun-5"); a book that heads
# them with the calendar years ("Tahun 2026", as the planning system exports it) is read by the
# readers, which turn consecutive years into these headings (readers.table._calendar_years).
_K = ("k", "target", "kinerja")
_RP = ("rp", "pagu", "dana", "anggaran")
_YEARS = tuple(
    column
    for year in range(1, 6)
    for column in (
        Column((f"tahun_{year}", "k"), "indikator", str(5 + 2 * year), ("Target", "Target"), "nilai", 12,
               (f"Tahun-{year}", f"Year {year}"), _K, (f"tahun {year}", f"tahun ke {year}", f"year {year}")),
        Column((f"tahun_{year}", "rp"), "indikator", str(6 + 2 * year), ("Rp", "Rp"), "uang", 18,
               (f"Tahun-{year}", f"Year {year}"), _RP, (f"tahun {year}", f"tahun ke {year}", f"year {year}")),
    )
)
AKHIR = ("Kondisi kinerja pada akhir periode Renstra Perangkat Daerah", "At the end of the Renstra period")
_AKHIR_WORDS = ("kondisi kinerja pada akhir periode", "akhir periode", "kondisi akhir", "end of the renstra period")

COLUMNS = (
    Column(("kode",), "item", "3", ("Kode", "Code"), "kode", 17, synonyms=_words.KODE),
    Column(("nama",), "item", "4", ("Program dan Kegiatan", "Program and kegiatan"), "teks", 36, synonyms=_words.NAMA),
    Column(("uraian",), "indikator", "5", ("Indikator Kinerja Program (outcome) dan Kegiatan (output)",
                                             "Performance indicator (outcome/output)"), "teks", 36,
           synonyms=_words.URAIAN),
    Column(("kondisi_awal",), "indikator", "6", ("Data Capaian pada Tahun Awal Perencanaan", "Baseline"), "nilai", 14,
           synonyms=("kondisi awal", "kondisi kinerja awal", "capaian awal", "data capaian pada tahun awal perencanaan",
                     "baseline")),
    *_YEARS,
    Column(("kondisi_akhir", "k"), "indikator", "17", ("Target", "Target"), "nilai", 12, AKHIR, _K, _AKHIR_WORDS),
    Column(("kondisi_akhir", "rp"), "indikator", "18", ("Rp", "Rp"), "uang", 18, AKHIR, _RP, _AKHIR_WORDS),
    Column(("penanggung_jawab",), "indikator", "19", ("Unit Kerja Perangkat Daerah Penanggung Jawab",
                                                        "Responsible unit"), "teks", 20,
           synonyms=("penanggung jawab", "unit kerja", "unit kerja perangkat daerah penanggung jawab",
                     "responsible unit")),
    Column(("lokasi",), "indikator", "20", ("Lokasi", "Location"), "teks", 20, synonyms=_words.LOKASI),
)

DOCUMENT_TYPE = DocumentType(
    jenis="renstra",
    name=("Renstra", "Renstra (strategic plan)"),
    layout=Layout("renstra", ("Rencana Program, Kegiatan dan Pendanaan Perangkat Daerah",
                              "Programs, kegiatan and funding of the perangkat daerah (Renstra)"), COLUMNS),
    period=True,
    # The baseline and the end of the period (an evaluation's headings speak of realisasi).
    recognised_by=(frozenset({"kondisi"}),),
    unless=frozenset({"realisasi"}),
    recognition_order=10,
)
