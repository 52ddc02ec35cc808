"""Kind ``document-set``: a document set holds one document of each jenis for each year.

Relations between documents (``cross-document``, ``ceiling``) never guess: when a folder
holds two Perubahan Renja of one perangkat daerah for the same year (a draft beside the final,
a copy), or two Renstra whose periods overlap, neither is compared with anything. This kind
says so, once per document, naming the other one, so that the silence is never mistaken for
agreement.

PASS: a Renja 2027 and a Renja 2028 of one perangkat daerah in one folder.
FAIL: two Renja 2027 of one perangkat daerah in one folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .base import Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class DocumentSetParams(Params):
    pass


def check_document_set(params: DocumentSetParams, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each other document of the set that clashes with this one."""
    from ..documents import clashes

    for other in clashes(plan):
        yield Finding(("dokumen", "jenis"), "jenis", actual=plan.jenis, value_kind="teks",
                      extra={"dokumen_lain": other.file})


KIND = Kind(
    scope="set",
    name="document-set",
    params=DocumentSetParams,
    levels=("dokumen",),
    check=check_document_set,
    placeholders=frozenset({"dokumen_lain"}),
)
