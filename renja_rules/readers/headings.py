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

# Rows that are not items: the first filled cell's words decide (checked in this order).
SPECIAL_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("predikat", ("predikat",)),
    ("rata_rata", ("rata rata", "rata2", "rerata")),
    ("total", ("jumlah", "total", "jumlah total")),
)
