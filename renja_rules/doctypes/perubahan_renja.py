"""``perubahan-renja``: Rumusan Perubahan Rencana Kerja dan Pendanaan Perangkat Daerah (the
revision table, e.g. the seed's Tabel 3.1): target and pagu before and after the revision."""

from __future__ import annotations

from . import DocumentType, Layout
from ._revision import COLUMNS

DOCUMENT_TYPE = DocumentType(
    jenis="perubahan-renja",
    name=("Perubahan Renja", "Revised Renja (Perubahan Renja)"),
    layout=Layout("perubahan-renja", ("Rumusan Perubahan Rencana Kerja dan Pendanaan Perangkat Daerah",
                                      "Revised work plan and funding of the perangkat daerah"), COLUMNS),
    # Any table of items that no other type claims: the revision table is the one books most often hold.
    recognised_by=(frozenset(),),
    recognition_order=90,
)
