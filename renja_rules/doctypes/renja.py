"""``renja``: Rumusan Rencana Program dan Kegiatan Perangkat Daerah. The model gives a Renja the
revision's fields (target and pagu before and after), so its table has the same columns."""

from __future__ import annotations

from . import DocumentType, Layout
from ._revision import COLUMNS

DOCUMENT_TYPE = DocumentType(
    jenis="renja",
    name=("Renja", "Renja"),
    layout=Layout("renja", ("Rumusan Rencana Program dan Kegiatan Perangkat Daerah",
                            "Programs and kegiatan of the perangkat daerah"), COLUMNS),
)
