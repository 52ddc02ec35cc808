"""The registry of document types: each type is one module of this package, declaring its name,
its printed layout and how its table reads, as data.

Everything that depends on the document type takes it from here: the model's ``jenis``
(and so both JSON Schemas and the rules' ``documents:``), the exporter's and the readers'
columns (:mod:`renja_rules.export`, :mod:`renja_rules.readers`), and the HTML report's
names and views. Adding a document type means one module here (listed in :data:`BUILT_IN`)
plus its rules in ``rules/``; a module elsewhere can be added for a run by naming it in the
environment variable ``RENJA_RULES_DOCUMENT_TYPES`` (comma-separated module names), as the
toy document type of ``tests/test_doctypes.py`` is.

A module defines ``DOCUMENT_TYPE = DocumentType(...)``. A :class:`Layout` is the table as the
regulation prints it: its columns in order, each with the field it shows (a path under the
indicator row, or under the item for ``kode`` and ``nama``), the number printed under its
heading, its heading in both languages, the group heading above it (``Sebelum perubahan`` over
target and pagu), and the kind of value it holds (``value_kind``), which decides how a cell is written and read.

How real books word those headings is data too: a column's ``synonyms`` (and its group's,
``group_synonyms``) besides its printed heading, and a document type's ``recognised_by``: the
words of a table's header that tell the readers which type it is. A new document type is read
from a spreadsheet with no change to the readers.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import Literal, NamedTuple

__all__ = ["Column", "Layout", "DocumentType", "EXTRA_COLUMNS", "BUILT_IN", "document_types", "document_type",
           "recognition_order", "JENIS_NAMES"]

# kode: a code, always text; teks: free text; nilai: a value with its unit (a number cell when
# it is a bare number); uang: rupiah, a number cell; persen: a percentage, a number cell.
ValueKind = Literal["nomor", "kode", "teks", "nilai", "uang", "persen"]
# item: the program/kegiatan/sub kegiatan row; indikator: its indicator row; baris: a row of a
# list document (the pagu indikatif's rows, one per perangkat daerah), not an item.
Source = Literal["item", "indikator", "baris"]


# NamedTuples, not dataclasses: the registry is read at every start of the command, and a
# dataclass costs ~0.7 ms to define (measured with -X importtime).
class Column(NamedTuple):
    """One printed column: what it shows and how it is headed."""

    field: tuple[str, ...]
    source: Source
    number: str
    heading: tuple[str, str]  # (Bahasa Indonesia, English)
    value_kind: ValueKind
    width: float
    group: tuple[str, str] | None = None
    # How books word the heading besides as printed (normalised: see doctypes/_words.py).
    synonyms: tuple[str, ...] = ()
    group_synonyms: tuple[str, ...] = ()


class Layout(NamedTuple):
    """A document type's printed table: its columns and what its title says by default."""

    jenis: str
    title: tuple[str, str]
    columns: tuple[Column, ...]

    def index(self, source: Source, field: tuple[str, ...]) -> int | None:
        """The 0-based column that shows ``field`` of ``source``, if the layout prints it."""
        for number, column in enumerate(self.columns):
            if column.source == source and column.field == field:
                return number
        return None


class DocumentType(NamedTuple):
    """A kind of document (``jenis``): its names, its printed table, and how that table reads.

    ``evaluation``: the table is an evaluation form (T-C.29): under each program its stated
    average achievement and predikat rows, and totals at the end; the readers read those rows,
    and the HTML report shows them with a chart per program.

    ``rows``: the table is not a tree of items but a list of rows under this key of the plan
    (``pagu_indikatif``); its layout's columns are of source ``baris``.

    ``period``: the document covers a period of years (its header's ``periode``, "2026-2030"),
    not one year: relations find it by the years it covers, and two whose periods overlap clash.

    ``shared``: the document serves every perangkat daerah (the RKPD's list of ceilings), so it
    joins every document set of its folder whatever perangkat daerah its header names.

    ``recognised_by``: how the readers tell this type from a table's header when no ``--jenis``
    is given: each entry a set of words that the header's words must all hold (one entry
    suffices), ``unless`` a word of ``unless`` is there too. Types are tried in ascending
    ``recognition_order``; the first whose words are found is the table's type. An empty set of
    words is always found: the type of any table of items that no other type claims.
    """

    jenis: str
    name: tuple[str, str]  # as a heading names it (Bahasa Indonesia, English)
    layout: Layout
    evaluation: bool = False
    rows: str | None = None
    period: bool = False
    shared: bool = False
    recognised_by: tuple[frozenset[str], ...] = ()
    unless: frozenset[str] = frozenset()
    recognition_order: int = 100


# Fields of an indicator that no printed form shows but the checks read (see the model): written
# after the printed columns, outside the print area, so that a book says everything its plan says.
EXTRA_COLUMNS = (
    Column(("kumulatif",), "indikator", "", ("Kumulatif", "Cumulative"), "teks", 11, synonyms=("kumulatif", "cumulative")),
    Column(("polaritas",), "indikator", "", ("Polaritas", "Polarity"), "teks", 11, synonyms=("polaritas", "polarity")),
)

# The document types of this package, in the order they are listed everywhere.
BUILT_IN = ("renja", "perubahan_renja", "evaluasi_renja", "renstra", "pagu_indikatif")
ENVIRONMENT = "RENJA_RULES_DOCUMENT_TYPES"


def _load() -> dict[str, DocumentType]:
    names = [f"{__name__}.{module}" for module in BUILT_IN]
    names += [name.strip() for name in os.environ.get(ENVIRONMENT, "").split(",") if name.strip()]
    registry: dict[str, DocumentType] = {}
    for name in names:
        declared = import_module(name).DOCUMENT_TYPE
        if not isinstance(declared, DocumentType) or declared.layout.jenis != declared.jenis:
            raise TypeError(f"{name}.DOCUMENT_TYPE is not a DocumentType whose layout has its jenis")
        if declared.jenis in registry:
            raise ValueError(f"document type {declared.jenis!r} is declared twice ({name})")
        registry[declared.jenis] = declared
    return registry


_REGISTRY = _load()
JENIS_NAMES: tuple[str, ...] = tuple(_REGISTRY)


def document_types() -> tuple[DocumentType, ...]:
    """Every registered document type, in order."""
    return tuple(_REGISTRY.values())


def recognition_order() -> tuple[DocumentType, ...]:
    """The document types in the order the readers try them on a table's header."""
    return tuple(sorted(_REGISTRY.values(), key=lambda declared: declared.recognition_order))


def document_type(jenis: str) -> DocumentType:
    """The document type named ``jenis``; ``KeyError`` for an unknown one (the model admits none)."""
    return _REGISTRY[jenis]
