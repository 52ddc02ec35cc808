"""How the readers compare headings: normalised words, and each column's wordings.

The wordings themselves are data of the document types (:mod:`renja_rules.doctypes`): each
column's ``synonyms`` and ``group_synonyms`` besides its printed headings, each type's
``recognised_by`` words. A heading matches a wording when every word of the wording occurs in
it (after lower-casing and dropping punctuation), so ``Target Renstra PD pada Tahun 2021 (akhir
periode)`` matches ``target renstra``; of several matching columns the one with the longest
matching wording wins, and the group heading above breaks a tie.

The evaluation table's special rows (totals, averages, predikat) are recognised by the words of
their first filled cell, listed here: they belong to no column.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..doctypes import Column, document_types

__all__ = ["SPECIAL_ROWS", "normalise", "words", "heading_synonyms", "group_synonyms", "kode_headings"]

_PUNCT = re.compile(r"[^\w%]+", re.UNICODE)


@lru_cache(maxsize=8192)  # a table repeats its texts (lokasi, sumber dana, units): each is normalised once
def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, spaces collapsed: ``PAGU (Rp.)`` -> ``pagu rp``."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def words(text: str) -> frozenset[str]:
    """The set of words of a heading, as matched against synonyms."""
    return frozenset(normalise(text).split())


def heading_synonyms(column: Column) -> tuple[str, ...]:
    """The wordings a book may head ``column`` with: its declared synonyms and its printed headings."""
    return _synonyms(column.synonyms, column.heading)


def group_synonyms(column: Column) -> tuple[str, ...]:
    """The wordings of the group heading over ``column`` (empty when it has none)."""
    return _synonyms(column.group_synonyms, column.group or ())


@lru_cache(maxsize=1024)
def _synonyms(declared: tuple[str, ...], printed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*(normalise(text) for text in declared), *(normalise(text) for text in printed))))


@lru_cache(maxsize=1)
def kode_headings() -> frozenset[str]:
    """How any registered document type heads its code column: the header of a table is found by it."""
    return frozenset(synonym for declared in document_types() for column in declared.layout.columns
                     if column.field == ("kode",) for synonym in heading_synonyms(column))


# Rows that are not items: the first filled cell's words decide (checked in this order).
SPECIAL_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("predikat", ("predikat",)),
    ("rata_rata", ("rata rata", "rata2", "rerata")),
    ("total", ("jumlah", "total", "jumlah total")),
)
