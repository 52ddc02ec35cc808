"""``renja``: Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun n dan Prakiraan Maju Tahun
n+1 (Permendagri 86/2017, the Renja form; verifiers call it T-C.33 or Tabel 3.x): for each indicator
the plan of year n (lokasi, target, kebutuhan dana/pagu indikatif, sumber dana), catatan penting,
and the prakiraan maju of year n+1 (target, kebutuhan dana). The planning system adds prioritas
nasional, prioritas daerah and kelompok sasaran; they are printed after the form's columns."""

from __future__ import annotations

from . import Column, DocumentType, Layout, _words
from ._revision import KODE

RENCANA = ("Rencana tahun n", "Plan, year n")
PRAKIRAAN_MAJU = ("Prakiraan maju rencana tahun n+1", "Forward estimate, year n+1")
_RENCANA_WORDS = ("rencana tahun", "tahun rencana", "plan year")
_PRAKIRAAN_WORDS = ("prakiraan maju", "prakiraan maju rencana tahun", "forward estimate")

COLUMNS = (
    KODE,
    Column(("nama",), "item", "2", ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
                                    "Urusan/Bidang/Program/Kegiatan/Sub kegiatan"), "teks", 42, synonyms=_words.NAMA),
    Column(("uraian",), "indikator", "3", ("Indikator Kinerja Program/Kegiatan/Sub Kegiatan", "Performance indicator"),
           "teks", 40, synonyms=_words.URAIAN),
    Column(("lokasi",), "indikator", "4", ("Lokasi", "Location"), "teks", 20, RENCANA, _words.LOKASI),
    Column(("rencana", "target"), "indikator", "5", ("Target Capaian Kinerja", "Target"), "nilai", 14, RENCANA,
           _words.TARGET, _RENCANA_WORDS),
    Column(("rencana", "pagu"), "indikator", "6", ("Kebutuhan Dana/Pagu Indikatif (Rp)", "Funding/pagu indikatif (Rp)"),
           "uang", 19, RENCANA, _words.DANA, _RENCANA_WORDS),
    Column(("sumber_dana",), "indikator", "7", ("Sumber Dana", "Source of funds"), "teks", 16, RENCANA,
           _words.SUMBER_DANA),
    Column(("catatan",), "indikator", "8", ("Catatan Penting", "Notes"), "teks", 24, synonyms=_words.CATATAN),
    Column(("prakiraan_maju", "target"), "indikator", "9", ("Target Capaian Kinerja", "Target"), "nilai", 14,
           PRAKIRAAN_MAJU, _words.TARGET, _PRAKIRAAN_WORDS),
    Column(("prakiraan_maju", "pagu"), "indikator", "10", ("Kebutuhan Dana/Pagu Indikatif (Rp)",
                                                            "Funding/pagu indikatif (Rp)"), "uang", 19, PRAKIRAAN_MAJU,
           _words.DANA, _PRAKIRAAN_WORDS),
    Column(("prioritas_nasional",), "indikator", "", ("Prioritas Nasional", "National priority"), "teks", 20,
           synonyms=("prioritas nasional", "national priority")),
    Column(("prioritas_daerah",), "indikator", "", ("Prioritas Daerah", "Regional priority"), "teks", 20,
           synonyms=("prioritas daerah", "regional priority")),
    Column(("kelompok_sasaran",), "indikator", "", ("Kelompok Sasaran", "Target group"), "teks", 20,
           synonyms=("kelompok sasaran", "target group")),
)

DOCUMENT_TYPE = DocumentType(
    jenis="renja",
    name=("Renja", "Renja"),
    layout=Layout("renja", ("Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun n dan Prakiraan Maju Tahun n+1",
                            "Programs and kegiatan of the perangkat daerah, year n and forward estimate n+1"), COLUMNS),
    recognised_by=(frozenset({"prakiraan"}),),  # the forward estimate of year n+1
    recognition_order=30,
)
