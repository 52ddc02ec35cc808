"""What reading adds to the printed layouts (:mod:`renja_rules.doctypes`): heading synonyms.

The columns themselves are the exporter's list; here each is keyed by the same (source, field)
and given the usual wording variants of its heading and of its group heading. A heading matches
a synonym when every word of the synonym occurs in it (after lower-casing and dropping
punctuation), so ``Target Renstra PD pada Tahun 2021 (akhir periode)`` matches ``target renstra``;
of several matching columns the one with the longest matching synonym wins.

The evaluation table's special rows (totals, averages, predikat) are recognised by the words of
their first filled cell, listed here too. Policy, not code: a team with other wordings extends
these lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["HEADINGS", "GROUPS", "SPECIAL_ROWS", "normalise", "words"]

Key = tuple[str, tuple[str, ...]]

_PUNCT = re.compile(r"[^\w%]+", re.UNICODE)


@lru_cache(maxsize=8192)  # a table repeats its texts (lokasi, sumber dana, units): each is normalised once
def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, spaces collapsed: ``PAGU (Rp.)`` -> ``pagu rp``."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def words(text: str) -> frozenset[str]:
    """The set of words of a heading, as matched against synonyms."""
    return frozenset(normalise(text).split())


# Leaf headings: the lowest heading over a column.
HEADINGS: dict[Key, tuple[str, ...]] = {
    ("item", ("nomor",)): ("no", "nomor", "no urut"),
    ("item", ("kode",)): ("kode", "kode rekening", "code"),
    ("item", ("nama",)): ("program", "program kegiatan", "urusan bidang urusan program kegiatan sub kegiatan",
                          "urusan pemerintahan daerah dan program kegiatan", "program kegiatan sub kegiatan",
                          "nama program kegiatan", "uraian"),
    ("indikator", ("uraian",)): ("indikator", "indikator kinerja", "indikator kinerja program",
                                 "indikator kinerja program outcome dan kegiatan output",
                                 "indikator kinerja program outcome kegiatan output sub kegiatan",
                                 "indikator kinerja program kegiatan sub kegiatan",
                                 "performance indicator"),
    ("indikator", ("sebelum", "target")): ("target", "target capaian kinerja", "target kinerja"),
    ("indikator", ("sebelum", "pagu")): ("pagu", "pagu rp", "pagu indikatif", "anggaran"),
    ("indikator", ("sesudah", "target")): ("target", "target capaian kinerja", "target kinerja"),
    ("indikator", ("sesudah", "pagu")): ("pagu", "pagu rp", "pagu indikatif", "anggaran"),
    ("indikator", ("selisih",)): ("selisih", "bertambah berkurang", "selisih pagu", "increase decrease"),
    ("indikator", ("lokasi",)): ("lokasi", "location"),
    ("indikator", ("sumber_dana",)): ("sumber dana", "source of funds"),
    ("indikator", ("catatan",)): ("catatan", "catatan penting", "notes"),
    ("indikator", ("keterangan",)): ("keterangan", "ket", "remarks"),
    ("indikator", ("kumulatif",)): ("kumulatif", "cumulative"),
    ("indikator", ("polaritas",)): ("polaritas", "polarity"),
}
for _pair in ("target_renstra", "realisasi_renstra_lalu", "target", "realisasi", "capaian",
              "realisasi_kumulatif", "capaian_renstra"):
    HEADINGS[("indikator", (_pair, "k"))] = ("k", "kinerja")
    HEADINGS[("indikator", (_pair, "rp"))] = ("rp", "anggaran", "rp %")
# The Renja murni: year n and the forward estimate n+1, and the planning system's extra columns.
_TARGET = ("target", "target capaian kinerja", "target kinerja")
_DANA = ("pagu", "pagu rp", "pagu indikatif", "kebutuhan dana", "kebutuhan dana pagu indikatif", "anggaran",
         "funding", "funding pagu indikatif rp")
for _pair in ("rencana", "prakiraan_maju"):
    HEADINGS[("indikator", (_pair, "target"))] = _TARGET
    HEADINGS[("indikator", (_pair, "pagu"))] = _DANA
HEADINGS[("indikator", ("prioritas_nasional",))] = ("prioritas nasional", "national priority")
HEADINGS[("indikator", ("prioritas_daerah",))] = ("prioritas daerah", "regional priority")
HEADINGS[("indikator", ("kelompok_sasaran",))] = ("kelompok sasaran", "target group")
# The Renstra: the baseline, five years and the end of the period (target and Rp each).
HEADINGS[("indikator", ("kondisi_awal",))] = ("kondisi awal", "kondisi kinerja awal", "capaian awal",
                                               "data capaian pada tahun awal perencanaan", "baseline")
for _pair in ("tahun_1", "tahun_2", "tahun_3", "tahun_4", "tahun_5", "kondisi_akhir"):
    HEADINGS[("indikator", (_pair, "k"))] = ("k", "target", "kinerja")
    HEADINGS[("indikator", (_pair, "rp"))] = ("rp", "pagu", "dana", "anggaran")
HEADINGS[("indikator", ("penanggung_jawab",))] = ("penanggung jawab", "unit kerja",
                                                   "unit kerja perangkat daerah penanggung jawab", "responsible unit")

# Group headings: any heading above the leaf (merged over several columns) that tells apart
# columns whose leaf headings are alike.
GROUPS: dict[Key, tuple[str, ...]] = {
    ("indikator", ("sebelum", "target")): ("sebelum perubahan", "sebelum", "before the revision"),
    ("indikator", ("sebelum", "pagu")): ("sebelum perubahan", "sebelum", "before the revision"),
    ("indikator", ("sesudah", "target")): ("setelah perubahan", "sesudah perubahan", "setelah", "sesudah",
                                            "after the revision"),
    ("indikator", ("sesudah", "pagu")): ("setelah perubahan", "sesudah perubahan", "setelah", "sesudah",
                                          "after the revision"),
}
_PAIR_GROUPS = {
    "target_renstra": ("target renstra", "renstra target"),
    "realisasi_renstra_lalu": ("realisasi capaian kinerja renstra", "realisasi renstra tahun lalu",
                               "renstra realisation"),
    "target": ("target kinerja dan anggaran renja", "target renja", "renja target"),
    "realisasi": ("realisasi capaian kinerja dan anggaran renja", "realisasi renja", "renja realisation"),
    "capaian": ("tingkat capaian kinerja dan realisasi anggaran renja", "tingkat capaian kinerja dan realisasi anggaran",
                "capaian renja", "achievement"),
    "realisasi_kumulatif": ("realisasi kinerja dan anggaran renstra", "realisasi kumulatif",
                            "cumulative renstra realisation"),
    "capaian_renstra": ("tingkat capaian kinerja dan realisasi anggaran renstra", "capaian renstra",
                        "renstra achievement"),
}
for _pair, _names in _PAIR_GROUPS.items():
    GROUPS[("indikator", (_pair, "k"))] = _names
    GROUPS[("indikator", (_pair, "rp"))] = _names
for _field in ("target", "pagu"):
    GROUPS[("indikator", ("rencana", _field))] = ("rencana tahun", "tahun rencana", "plan year")
    GROUPS[("indikator", ("prakiraan_maju", _field))] = ("prakiraan maju", "prakiraan maju rencana tahun", "forward estimate")
# A Renstra's year columns are headed as the form prints them ("Tahun-1" ... "Tahun-5"); a book that
# heads them with the calendar years ("Tahun 2026") is read by position within the period only
# when the form's words are used, so nothing is guessed from a year.
for _year in range(1, 6):
    for _part in ("k", "rp"):
        GROUPS[("indikator", (f"tahun_{_year}", _part))] = (f"tahun {_year}", f"tahun ke {_year}", f"year {_year}")
for _part in ("k", "rp"):
    GROUPS[("indikator", ("kondisi_akhir", _part))] = ("kondisi kinerja pada akhir periode", "akhir periode",
                                                       "kondisi akhir", "end of the renstra period")

# Rows that are not items: the first filled cell's words decide (checked in this order).
SPECIAL_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("predikat", ("predikat",)),
    ("rata_rata", ("rata rata", "rata2", "rerata")),
    ("total", ("jumlah", "total", "jumlah total")),
)
