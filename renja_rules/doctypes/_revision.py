"""The columns of the revision table (Perubahan Renja); its code column is the Renja's too."""

from __future__ import annotations

from . import Column, _words

SEBELUM = ("Sebelum perubahan", "Before the revision")
SESUDAH = ("Setelah perubahan", "After the revision")

KODE = Column(("kode",), "item", "1", ("Kode", "Code"), "kode", 17, synonyms=_words.KODE)
NAMA = Column(("nama",), "item", "2", ("Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan",
                                       "Urusan/Bidang/Program/Kegiatan/Sub kegiatan"), "teks", 42, synonyms=_words.NAMA)

COLUMNS = (
    KODE,
    NAMA,
    Column(("uraian",), "indikator", "3", ("Indikator Kinerja", "Performance indicator"), "teks", 40,
           synonyms=_words.URAIAN),
    Column(("sebelum", "target"), "indikator", "4", ("Target Capaian Kinerja", "Target"), "nilai", 14, SEBELUM,
           _words.TARGET, _words.SEBELUM),
    Column(("sebelum", "pagu"), "indikator", "5", ("Pagu (Rp)", "Pagu (Rp)"), "uang", 19, SEBELUM,
           _words.PAGU, _words.SEBELUM),
    Column(("sesudah", "target"), "indikator", "6", ("Target Capaian Kinerja", "Target"), "nilai", 14, SESUDAH,
           _words.TARGET, _words.SESUDAH),
    Column(("sesudah", "pagu"), "indikator", "7", ("Pagu (Rp)", "Pagu (Rp)"), "uang", 19, SESUDAH,
           _words.PAGU, _words.SESUDAH),
    Column(("selisih",), "indikator", "8=(7-5)", ("Bertambah/(Berkurang)", "Increase/(decrease)"), "uang", 19,
           synonyms=_words.SELISIH),
    Column(("lokasi",), "indikator", "9", ("Lokasi", "Location"), "teks", 20, synonyms=_words.LOKASI),
    Column(("sumber_dana",), "indikator", "10", ("Sumber Dana", "Source of funds"), "teks", 16,
           synonyms=_words.SUMBER_DANA),
    Column(("catatan",), "indikator", "11", ("Catatan Penting", "Notes"), "teks", 24, synonyms=_words.CATATAN),
)
