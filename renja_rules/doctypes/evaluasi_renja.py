"""``evaluasi-renja``: Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah (form T-C.29, e.g. the
seed's Tabel 2.1): the K/Rp pairs of columns 5-11, program averages and predikat."""

from __future__ import annotations

from . import Column, DocumentType, Layout, ValueKind, _words


def _pair(name: str, number: str, heading: tuple[str, str], k: ValueKind, rp: ValueKind,
          group_synonyms: tuple[str, ...]) -> tuple[Column, Column]:
    return (
        Column((name, "k"), "indikator", number, ("K", "K"), k, 11, heading, ("k", "kinerja"), group_synonyms),
        Column((name, "rp"), "indikator", number, ("Rp", "Rp"), rp, 18 if rp == "uang" else 9, heading,
               ("rp", "anggaran", "rp %"), group_synonyms),
    )


COLUMNS = (
    Column(("nomor",), "item", "1", ("No", "No"), "nomor", 5, synonyms=_words.NOMOR),
    Column(("kode",), "item", "2", ("Kode", "Code"), "kode", 17, synonyms=_words.KODE),
    Column(("nama",), "item", "3", ("Program/Kegiatan/Sub Kegiatan", "Program/Kegiatan/Sub kegiatan"), "teks", 36,
           synonyms=_words.NAMA),
    Column(("uraian",), "indikator", "4", ("Indikator Kinerja Program (outcome)/Kegiatan (output)",
                                             "Performance indicator (outcome/output)"), "teks", 36,
           synonyms=_words.URAIAN),
    *_pair("target_renstra", "5", ("Target Renstra PD akhir periode", "Renstra target, end of period"), "nilai", "uang",
           ("target renstra", "renstra target")),
    *_pair("realisasi_renstra_lalu", "6", ("Realisasi capaian kinerja Renstra PD s.d. Renja tahun lalu",
                                           "Renstra realisation up to last year's Renja"), "nilai", "uang",
           ("realisasi capaian kinerja renstra", "realisasi renstra tahun lalu", "renstra realisation")),
    *_pair("target", "7", ("Target kinerja dan anggaran Renja PD tahun berjalan",
                           "Renja target this year"), "nilai", "uang",
           ("target kinerja dan anggaran renja", "target renja", "renja target")),
    *_pair("realisasi", "8", ("Realisasi capaian kinerja dan anggaran Renja PD tahun berjalan",
                              "Renja realisation this year"), "nilai", "uang",
           ("realisasi capaian kinerja dan anggaran renja", "realisasi renja", "renja realisation")),
    *_pair("capaian", "9", ("Tingkat capaian kinerja dan realisasi anggaran (%)", "Achievement (%)"), "persen", "persen",
           ("tingkat capaian kinerja dan realisasi anggaran renja", "tingkat capaian kinerja dan realisasi anggaran",
            "capaian renja", "achievement")),
    *_pair("realisasi_kumulatif", "10", ("Realisasi kinerja dan anggaran Renstra s.d. tahun berjalan",
                                         "Cumulative Renstra realisation up to this year"), "nilai", "uang",
           ("realisasi kinerja dan anggaran renstra", "realisasi kumulatif", "cumulative renstra realisation")),
    *_pair("capaian_renstra", "11", ("Tingkat capaian kinerja dan realisasi anggaran Renstra (%)",
                                     "Renstra achievement (%)"), "persen", "persen",
           ("tingkat capaian kinerja dan realisasi anggaran renstra", "capaian renstra", "renstra achievement")),
    Column(("keterangan",), "indikator", "12", ("Keterangan", "Remarks"), "teks", 20, synonyms=_words.KETERANGAN),
)

DOCUMENT_TYPE = DocumentType(
    jenis="evaluasi-renja",
    name=("Evaluasi Renja", "Renja evaluation"),
    layout=Layout("evaluasi-renja", ("Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah",
                                     "Evaluation of the perangkat daerah's Renja"), COLUMNS),
    evaluation=True,
    # The K/Rp pairs, or the words of the realisation columns.
    recognised_by=(frozenset({"k", "rp"}), frozenset({"realisasi"})),
    recognition_order=20,
)
