"""``pagu-indikatif``: the RKPD's pagu indikatif per perangkat daerah for the year (the ceiling
each Renja stays within), optionally split into the program penunjang urusan pemerintahan
daerah (program 01 of a bidang) and the program urusan. One list serves every perangkat daerah:
the document joins every document set of its folder (``shared``), and each Renja finds its row
by the perangkat daerah's name (case, spaces and punctuation ignored)."""

from __future__ import annotations

from . import Column, DocumentType, Layout, _words

COLUMNS = (
    Column(("nomor",), "baris", "1", ("No", "No"), "nomor", 5, synonyms=_words.NOMOR),
    Column(("kode",), "baris", "2", ("Kode", "Code"), "kode", 17, synonyms=_words.KODE),
    Column(("perangkat_daerah",), "baris", "3", ("Perangkat Daerah", "Perangkat daerah"), "teks", 42,
           synonyms=("perangkat daerah", "nama perangkat daerah", "skpd", "opd", "unit kerja")),
    Column(("pagu",), "baris", "4", ("Pagu Indikatif (Rp)", "Pagu indikatif (Rp)"), "uang", 20,
           synonyms=("pagu", "pagu indikatif", "jumlah pagu", "total pagu", "pagu rp")),
    Column(("program_penunjang",), "baris", "5", ("Program Penunjang (Rp)", "Support program (Rp)"), "uang", 20,
           synonyms=("program penunjang", "penunjang")),
    Column(("program_urusan",), "baris", "6", ("Program Urusan (Rp)", "Urusan programs (Rp)"), "uang", 20,
           synonyms=("program urusan",)),
)

DOCUMENT_TYPE = DocumentType(
    jenis="pagu-indikatif",
    name=("Pagu Indikatif", "Pagu indikatif (RKPD ceilings)"),
    layout=Layout("pagu-indikatif", ("Pagu Indikatif Perangkat Daerah", "Pagu indikatif per perangkat daerah"), COLUMNS),
    rows="pagu_indikatif",
    shared=True,
    recognised_by=(frozenset({"perangkat", "pagu"}),),
    unless=frozenset({"indikator"}),  # a table of items has indicators
    recognition_order=5,
)
