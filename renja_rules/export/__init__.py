"""Export: plans as workbooks in their printed layout, the findings on their cells; blank forms.

``export_book`` writes plans (and, by default, what the checks found) to an ``.xlsx`` file;
``write_template`` writes an empty form of a document type. Both write atomically: the whole
file is built in memory, then replaces the target in one step, so a failure leaves nothing
half-written. openpyxl is imported only when one of them is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..report.output import write_atomic

if TYPE_CHECKING:
    from .book import CellRef, PlanEntry

__all__ = ["export_book", "write_template"]


def export_book(entries: list[PlanEntry], target: str | Path, *, lang: str = "id", annotate: bool = True) -> None:
    """Write ``entries`` (plans with their findings) as one workbook to ``target``."""
    from .book import book_bytes, build_book

    write_atomic(target, book_bytes(build_book(entries, lang=lang, annotate=annotate)))


def write_template(jenis: str, target: str | Path, *, lang: str = "id") -> None:
    """Write an empty form of ``jenis`` (``renja``, ``perubahan-renja``, ``evaluasi-renja``) to ``target``."""
    from .book import book_bytes, build_template

    write_atomic(target, book_bytes(build_template(jenis, lang=lang)))


def __getattr__(name: str) -> object:
    # PlanEntry and CellRef live beside openpyxl's imports; importing them loads it.
    if name in ("PlanEntry", "CellRef"):
        from . import book

        return getattr(book, name)
    raise AttributeError(name)
