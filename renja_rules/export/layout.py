"""The printed layout of each document type, as the exporter and the readers use it: taken from
the registry of document types (:mod:`renja_rules.doctypes`), where each type declares its own."""

from __future__ import annotations

from ..doctypes import EXTRA_COLUMNS, Column, Layout, document_type, document_types

__all__ = ["Column", "Layout", "LAYOUTS", "EXTRA_COLUMNS", "layout_for"]

LAYOUTS: dict[str, Layout] = {declared.jenis: declared.layout for declared in document_types()}


def layout_for(jenis: str) -> Layout:
    """The layout of ``jenis``; ``KeyError`` for an unknown one (the model admits none)."""
    return document_type(jenis).layout
