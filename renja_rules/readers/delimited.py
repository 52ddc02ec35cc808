"""CSV and TSV files with the standard library: encoding and separator decided, and said.

Excel on an Indonesian-locale Windows saves ``;``-separated text in cp1252 (or UTF-8 with a BOM
when asked for "CSV UTF-8"); other tools write ``,`` or tabs. The encoding is UTF-8 (BOM or not)
when the bytes decode as UTF-8, else cp1252; the separator is the one of ``;``, ``,`` and tab that
splits the lines most consistently. Both decisions are kept as notes on the sheet. Ragged rows
(a row with more cells than the header) are an error naming the row: the columns cannot be
trusted after it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import Text
from .grid import Cell, Note, ReadError, Sheet

__all__ = ["read_delimited"]

_SEPARATORS = (";", ",", "\t")


def _decode(data: bytes, source: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise ReadError(Text(f"{source}: bukan teks UTF-8 maupun cp1252 (bita ke-{error.start})",
                             f"{source}: neither UTF-8 nor cp1252 text (byte {error.start})")) from None


def _sniff(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for separator in _SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=separator))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        # The separator that gives most lines the most common width splits the table.
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * 1000 + common
        if score > best_score:
            best, best_score = separator, score
    return best


def read_delimited(data: bytes, source: Path, *, max_rows: int = 200_000) -> Sheet:
    """One sheet from a CSV/TSV file's bytes; ``ReadError`` for what cannot be read."""
    text, encoding = _decode(data, source)
    separator = _sniff(text, source.suffix.lower())
    rows: list[list[Cell]] = []
    width: int | None = None
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        for number, record in enumerate(reader, start=1):
            if number > max_rows:
                raise ReadError(f"{source}: lebih dari {max_rows} baris")
            while record and not record[-1].strip():
                record.pop()
            if width is None and len(record) >= 3:
                width = len(record)
            elif width is not None and len(record) > width and record:
                raise ReadError(Text(
                    f"{source}:{number}: baris ini punya {len(record)} sel, kepala tabel {width}: "
                    f"pemisah campuran atau baris tidak rata ('{separator}')",
                    f"{source}:{number}: this row has {len(record)} cells, the header {width}: "
                    f"a ragged row or mixed separators ('{separator}')"))
            rows.append([Cell(value.strip(), number, column) for column, value in enumerate(record, start=1)])
    except csv.Error as error:
        raise ReadError(f"{source}:{reader.line_num}: CSV rusak: {error}") from None
    shown = {"\t": "tab", ";": ";", ",": ","}[separator]
    sheet = Sheet(source, source.stem, rows, notes=[f"encoding {encoding}",
                                                      Note(f"pemisah {shown}", f"separator {shown}")])
    return sheet
