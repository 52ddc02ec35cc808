"""The grid every reader produces: sheets of rows of cells, each cell knowing where it stands.

A PDF table's text, a CSV file and a workbook all become the same thing here, so that layout
detection (:mod:`renja_rules.readers.table`) reads one shape and every value it takes keeps the
sheet, row and column it came from: the location a finding points at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["Cell", "Sheet", "ReadError", "Note", "column_letter"]


class Note(str):
    """A reader's note in Bahasa Indonesia (the string itself) carrying its English (``en``)."""

    en: str

    def __new__(cls, id_text: str, en_text: str) -> "Note":
        note = super().__new__(cls, id_text)
        note.en = en_text
        return note


def column_letter(column: int) -> str:
    """The A1 letters of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Cell(NamedTuple):
    """One cell: its text as the reader found it (money stays text: exactness is parsed later).

    (A named tuple, not a frozen dataclass: a book has a cell object per filled cell, and a
    frozen dataclass's constructor cost a quarter of reading one.)
    """

    text: str
    row: int  # 1-based: the sheet row, or the line number of a text file
    column: int  # 1-based
    number_format: str | None = None
    # For a numeric cell: its text as a code would read it (``2.17``), when the number format
    # shows how many decimals were typed; None when that cannot be known.
    code_text: str | None = None
    numeric: bool = False

    @property
    def ref(self) -> str:
        """The A1 reference, e.g. ``H42``."""
        return f"{column_letter(self.column)}{self.row}"


@dataclass
class Sheet:
    """A table as read: its name, the rows of cells, and what the reader noticed on the way."""

    source: Path
    name: str
    rows: list[list[Cell]]
    title: list[str] = field(default_factory=list)  # title lines above the table (text readers)
    notes: list[str] = field(default_factory=list)  # e.g. the encoding and separator decided
    # What the document says around the table (PDF-table text): its heading at the top, the
    # sentences declaring counts with their chapters, the table's first line. See readers.text.
    context: dict[str, Any] = field(default_factory=dict)

    def where(self, cell: Cell | None = None) -> str:
        """``file:sheet!A1`` for messages."""
        if cell is None:
            return f"{self.source}:{self.name}"
        return f"{self.source}:{self.name}!{cell.ref}"


class ReadError(Exception):
    """A file that cannot be read as a table; the message names file, sheet and cell."""
