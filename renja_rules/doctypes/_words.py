"""Wordings of headings shared by several document types' columns, besides each column's own
printed heading (which the readers always accept): how real books head the same column.

Each wording is normalised as the readers compare headings (:func:`renja_rules.readers.headings.normalise`):
lower case, punctuation as spaces, single spaces. A heading matches a wording when it holds all of
the wording's words; the column whose wording matches the most words wins, and the group heading
above (``group_synonyms``) breaks a tie between columns headed alike.
"""

from __future__ import annotations

NOMOR = ("no", "nomor", "no urut")
KODE = ("kode", "kode rekening", "code")
NAMA = ("program", "program kegiatan", "urusan bidang urusan program kegiatan sub kegiatan",
        "urusan pemerintahan daerah dan program kegiatan", "program kegiatan sub kegiatan",
        "nama program kegiatan", "uraian")
URAIAN = ("indikator", "indikator kinerja", "indikator kinerja program",
          "indikator kinerja program outcome dan kegiatan output",
          "indikator kinerja program outcome kegiatan output sub kegiatan",
          "indikator kinerja program kegiatan sub kegiatan", "performance indicator")
TARGET = ("target", "target capaian kinerja", "target kinerja")
PAGU = ("pagu", "pagu rp", "pagu indikatif", "anggaran")
# The Renja's funding columns: the form's "kebutuhan dana" as well as the planning system's "pagu".
DANA = ("pagu", "pagu rp", "pagu indikatif", "kebutuhan dana", "kebutuhan dana pagu indikatif", "anggaran",
        "funding", "funding pagu indikatif rp")
SELISIH = ("selisih", "bertambah berkurang", "selisih pagu", "increase decrease")
LOKASI = ("lokasi", "location")
SUMBER_DANA = ("sumber dana", "source of funds")
CATATAN = ("catatan", "catatan penting", "notes")
KETERANGAN = ("keterangan", "ket", "remarks")
KUMULATIF = ("kumulatif", "cumulative")
POLARITAS = ("polaritas", "polarity")

SEBELUM = ("sebelum perubahan", "sebelum", "before the revision")
SESUDAH = ("setelah perubahan", "sesudah perubahan", "setelah", "sesudah", "after the revision")
