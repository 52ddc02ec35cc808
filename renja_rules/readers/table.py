"""Layout detection: from a grid of cells to plan data, by the words of the header.

The header is found by its ``Kode`` heading; it runs over the rows below it that hold headings
(merged group headings, the leaf headings, the row of printed column numbers ``1 2 … 8=(7-5)``),
until the first row holding a code or an amount. Each column is matched to a column of the
printed layout (:mod:`renja_rules.doctypes`) by the synonyms of its lowest heading, ties
broken by the group headings above it (:mod:`renja_rules.readers.headings`). A heading that
matches nothing is an error naming its cell with the headings expected.

Rows are then read by what they hold: urusan / bidang / unit header rows and items by the shape
of their code (program ``U.BB.PP``, kegiatan ``U.BB.PP.K.KK``, sub kegiatan one segment more),
further indicators of the item above on rows with an empty Kode, text wrapped onto a row of its
own (no code, no amounts) joined to the row above, ``JUMLAH``/``TOTAL``/``Rata-rata``/
``Predikat`` rows as the evaluation table's summary rows, repeated page headers and blank rows
skipped. Damage that PDF-to-text conversion does to rows (a row shifted by one cell, a code in
the No column, an indicator pushed into the Kode column) is repaired where the row's content
says so unambiguously, and each repair is reported as a note naming the cell.

The result is the plan data (the dict a plan YAML holds) plus a map from each value's JSON
pointer to the cell it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..doctypes import document_type, document_types, recognition_order
from ..export.layout import EXTRA_COLUMNS, LAYOUTS, Column
from ..errors import Text
from .grid import Cell, Note, ReadError, Sheet
from .inference import infer, load_policy
from .headings import SPECIAL_ROWS, group_synonyms, heading_synonyms, kode_headings, normalise, words

__all__ = ["ReadTable", "read_table", "find_header"]

_CODE = re.compile(r"^\d+(?:\.\d+)*$")
# After "=", the formula starts with a character that is no space: "\s*" alone takes the
# spaces before it (the class after it also holds spaces: with "+", they backtracked).
_NUMBER_ROW = re.compile(r"^\(?\d+\)?(?:\s*=\s*\(?[\d+\-x/*][\d\s+\-x/*]*\)?)?$")
_MONEY = re.compile(r"^\(?-?(?:rp\.?\s*)?\d{1,3}(?:\.\d{3})*(?:,\d+)?\)?$", re.IGNORECASE)
_BARE = re.compile(r"^\(?-?\d+(?:[.,]\d+)*\)?\s*%?$")
_EMPTY_MARK = {"", "-"}
_MAX_HEADER_ROWS = 8
_SHIFTED = Note("baris bergeser satu sel ke kiri: dibaca satu kolom ke kanan",
                "row shifted one cell to the left: read one column to the right")
_ONE_MISSING = Note("satu sel hilang di baris ini: sel berikutnya dibaca satu kolom ke kanan",
                    "a cell missing in this row: the cells after it read one column to the right")


@dataclass
class ReadTable:
    """One table read: its plan data, where each value came from, and what the reader noted."""

    sheet: Sheet
    jenis: str
    data: dict[str, Any]
    cells: dict[str, Cell] = field(default_factory=dict)
    notes: list[tuple[Cell | None, str]] = field(default_factory=list)
    # The header cells that name a year ("Target Renstra PD pada Tahun 2021 (akhir periode)"), in order.
    headings: list[Cell] = field(default_factory=list)
    # A period document headed by calendar years ("Tahun 2026" ... "Tahun 2030"): its first and last year.
    period: tuple[int, int] | None = None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A group heading that is a calendar year and nothing else: "2026", "Tahun 2026", "TAHUN 2026".
_YEAR_HEADING = re.compile(r"(?:tahun\s*)?((?:19|20)\d\d)", re.IGNORECASE)


RENSTRA_YEARS = 5  # the years of a Renstra's period (Permendagri 86/2017: Tahun-1 ... Tahun-5)


def _calendar_years(sheet: Sheet, header: list[dict[int, Cell]],
                    years_in_period: int = RENSTRA_YEARS) -> tuple[int, int] | None:
    """A period document's year columns headed by calendar years, renamed as the form heads them.

    The Renstra form heads its five years "Tahun-1" ... "Tahun-5"; the planning system's exports
    head them "Tahun 2026" ... "Tahun 2030". When the header's year headings are consecutive
    years, at most a period's worth, each is read as its place in the period (2027 in a header
    listing 2026-2030 is "Tahun-2"), in the header rows themselves; the first and last year are
    returned. Year headings that are not one period are refused, named: no year is placed by a guess.
    """
    found: dict[int, list[tuple[dict[int, Cell], int]]] = {}
    for row in header:
        for column, cell in row.items():
            match = _YEAR_HEADING.fullmatch(" ".join(cell.text.split()))
            if match:
                found.setdefault(int(match.group(1)), []).append((row, column))
    years = sorted(found)
    if not years:
        return None
    if len(years) > years_in_period or years != list(range(years[0], years[-1] + 1)):
        row, column = found[years[0]][0]
        listed = ", ".join(map(str, years))
        raise ReadError(Text(
            f"{sheet.where(row[column])}: judul kolom tahun {listed} bukan tahun-tahun berurutan dalam satu periode "
            f"(paling banyak {years_in_period}); tulis judulnya Tahun-1 sampai Tahun-{years_in_period}",
            f"{sheet.where(row[column])}: the year headings {listed} are not the consecutive years of one period "
            f"(at most {years_in_period}); head them Tahun-1 to Tahun-{years_in_period}"))
    for year in years:
        for row, column in found[year]:
            row[column] = row[column]._replace(text=f"Tahun-{year - years[0] + 1}")
    return years[0], years[-1]


def _is_number_row(row: dict[int, Cell]) -> bool:
    filled = [cell.text for cell in row.values() if cell.text]
    return len(filled) >= 3 and all(_NUMBER_ROW.match(text) for text in filled)


def _level(code: str) -> str | None:
    return {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(code.count(".") + 1)


def find_header(rows: list[dict[int, Cell]]) -> tuple[int, int, int] | None:
    """(first header row index, data start index, anchor column) or None when there is no header.

    A table of items is anchored on its Kode heading. A list (the pagu indikatif) may print no
    code: a row of at least three headings of a list type's columns (No, Perangkat Daerah, Pagu
    Indikatif …) anchors it on its first text column, when no row has a Kode heading."""
    found = _anchor(rows)
    if found is None:
        return None
    start, column = found
    end = start + 1
    while end < len(rows) and end - start < _MAX_HEADER_ROWS:
        candidate = rows[end]
        if not _is_number_row(candidate):
            if (candidate.get(column) and candidate[column].text) or any(
                    _MONEY.match(cell.text) for cell in candidate.values() if cell.text):
                break
            if not any(cell.text for cell in candidate.values()):
                break
        end += 1
    return start, end, column


def _anchor(rows: list[dict[int, Cell]]) -> tuple[int, int] | None:
    """The header's first row and the column that tells its end (see find_header)."""
    for start, row in enumerate(rows):
        kode = [cell for cell in row.values() if normalise(cell.text) in kode_headings()]
        if kode:
            return start, kode[0].column
    lists = [declared.layout.columns for declared in document_types() if declared.rows]
    for start, row in enumerate(rows[:_LIST_HEADER_WITHIN]):
        for columns in lists:
            matched = _list_headings(row, columns)
            text = sorted(number for number, column in matched.items() if column.value_kind == "teks")
            if len(matched) >= 3 and text:
                return start, text[0]
    return None


def _list_headings(row: dict[int, Cell], columns: tuple[Column, ...]) -> dict[int, Column]:
    """The cells of ``row`` that head one of a list's ``columns``, by sheet column."""
    matched: dict[int, Column] = {}
    for cell in row.values():
        if cell.text:
            heading = words(cell.text)
            column = next((c for c in columns if _score(heading, heading_synonyms(c)) > 0), None)
            if column is not None:
                matched[cell.column] = column
    return matched


_LIST_HEADER_WITHIN = 30  # rows from the top where a list's header is looked for (a title, some prose above it)


def _layout_columns(jenis: str) -> tuple[Column, ...]:
    return LAYOUTS[jenis].columns + EXTRA_COLUMNS


def _score(text_words: frozenset[str], synonyms: tuple[str, ...]) -> int:
    best = 0
    for synonym in synonyms:
        wanted = frozenset(synonym.split())
        if wanted <= text_words:
            best = max(best, len(wanted))
    return best


def _match_columns(sheet: Sheet, header: list[dict[int, Cell]], jenis: str) -> dict[int, Column]:
    """Sheet column number -> layout column, or ReadError naming the heading that matches none."""
    rows = [row for row in header if not _is_number_row(row)]
    numbers = sorted({column for row in rows for column, cell in row.items() if cell.text})
    columns = _layout_columns(jenis)
    mapping: dict[int, Column] = {}
    taken: dict[tuple[str, tuple[str, ...]], Cell] = {}
    for number in numbers:
        leaf_row = max(index for index, row in enumerate(rows) if number in row and row[number].text)
        leaf = rows[leaf_row][number]
        column = _column_for(sheet, leaf, _ancestors(rows[:leaf_row], number), columns)
        key = (column.source, column.field)
        if key in taken:
            raise _repeated(sheet, leaf, key, taken[key])
        taken[key] = leaf
        mapping[number] = column
    return mapping


def _ancestors(above: list[dict[int, Cell]], number: int) -> list[frozenset[str]]:
    """The words of the group headings over column ``number``: in each row above, the nearest filled cell to its left."""
    ancestors: list[frozenset[str]] = []
    for row in above:
        filled = [cell for column, cell in row.items() if column <= number and cell.text]
        if filled:
            ancestors.append(words(max(filled, key=lambda cell: cell.column).text))
    return ancestors


def _column_for(sheet: Sheet, leaf: Cell, ancestors: list[frozenset[str]], columns: tuple[Column, ...]) -> Column:
    """The layout column whose heading synonyms the leaf heading fits best (its group's words break a tie)."""
    leaf_words = words(leaf.text)
    scored = [(_score(leaf_words, heading_synonyms(c)), c) for c in columns]
    best = max(score for score, _ in scored)
    candidates = [c for score, c in scored if score == best and best > 0]
    if len(candidates) > 1:
        candidates = _by_group(candidates, ancestors)
    if len(candidates) != 1:
        expected = ", ".join(dict.fromkeys(c.heading[0] for c in columns))
        raise ReadError(Text(
            f"{sheet.where(leaf)}: judul kolom '{leaf.text}' tidak dikenali "
            f"({'ambigu' if candidates else 'tidak cocok'}); judul yang dikenal: {expected}",
            f"{sheet.where(leaf)}: column heading '{leaf.text}' not recognised "
            f"({'ambiguous' if candidates else 'no match'}); known headings: {expected}"))
    return candidates[0]


def _by_group(candidates: list[Column], ancestors: list[frozenset[str]]) -> list[Column]:
    """Of columns whose headings fit equally, those whose group heading fits the words above best."""
    grouped = [(max((_score(a, group_synonyms(c)) for a in ancestors), default=0), c)
               for c in candidates]
    top = max(score for score, _ in grouped)
    return [c for score, c in grouped if score == top and top > 0]


def _repeated(sheet: Sheet, leaf: Cell, key: tuple[str, tuple[str, ...]], first: Cell) -> ReadError:
    """The error for a heading that repeats an earlier column's (a second Kode: two tables side by side)."""
    where = sheet.where(leaf)
    if key == ("item", ("kode",)):
        return ReadError(Text(
            f"{where}: judul kolom '{leaf.text}' sama dengan kolom {first.ref} — dua tabel berdampingan dalam satu "
            "sheet? letakkan tiap tabel di sheet sendiri",
            f"{where}: the heading '{leaf.text}' repeats column {first.ref} — two tables side by side on one sheet? "
            "put each table on a sheet of its own"))
    return ReadError(Text(f"{where}: judul kolom '{leaf.text}' sama dengan kolom {first.ref}",
                          f"{where}: the heading '{leaf.text}' repeats that of column {first.ref}"))


def _jenis(sheet: Sheet, header: list[dict[int, Cell]], wanted: str | None) -> str:
    texts = " ".join(cell.text for row in header for cell in row.values())
    heading = words(texts)
    jenis = wanted or next((declared.jenis for declared in recognition_order()
                            if not declared.unless & heading and any(marks <= heading for marks in declared.recognised_by)),
                           None)
    if jenis is None:
        raise ReadError(Text(f"{sheet.where()}: jenis tabel tidak dapat dikenali dari kepalanya; sebutkan dengan --jenis",
                             f"{sheet.where()}: the table's type cannot be told from its header; name it with --jenis"))
    return jenis


def read_table(sheet: Sheet, *, jenis: str | None = None, policy: dict[str, Any] | None = None,
               rows: list[dict[int, Cell]] | None = None, found: tuple[int, int, int] | None = None) -> ReadTable:
    """Read one sheet's table into plan data; ``ReadError`` when its header cannot be found or matched.

    ``rows`` and ``found``: the sheet's rows by column and its header, when the caller already
    made them (the importer looks for the header first, to skip sheets without a table)."""
    if rows is None:
        rows = [{cell.column: cell for cell in row} for row in sheet.rows]
    if found is None:
        found = find_header(rows)
    if found is None:
        raise ReadError(Text(f"{sheet.where()}: tidak ada kepala tabel dengan judul 'Kode'",
                             f"{sheet.where()}: no table header with a 'Kode' heading"))
    start, data_start, _ = found
    header = rows[start:data_start]
    kind = _jenis(sheet, header, jenis)
    period = _calendar_years(sheet, header) if document_type(kind).period else None
    mapping = _match_columns(sheet, header, kind)
    builder = _Builder(sheet, kind, mapping, header)
    if document_type(kind).rows:
        result = _list_rows(builder, rows[data_start:])
    else:
        for row in rows[data_start:]:
            builder.row(row)
        result = builder.finish(policy)
    result.period = period
    seen: set[str] = set()
    for row in header:
        for cell in sorted(row.values(), key=lambda cell: cell.column):
            text = " ".join(cell.text.split())
            if _YEAR.search(text) and text not in seen:
                seen.add(text)
                result.headings.append(cell)
    return result


def _list_rows(builder: _Builder, rows: list[dict[int, Cell]]) -> ReadTable:
    """A list document (the pagu indikatif): each data row one entry of its columns, in order.

    Blank rows, the row of column numbers, the header repeated at a page break and the
    ``JUMLAH``/``TOTAL`` row (a sum the list does not state as data) add nothing."""
    key = document_type(builder.jenis).rows
    assert key is not None
    entries: list[dict[str, Any]] = []
    for row in rows:
        if not any(cell.text for cell in row.values()) or _is_number_row(row) or builder._repeated_header(row) \
                or builder._special(row):
            continue
        entry = _list_entry(builder, row, f"/{key}/{len(entries)}")
        if entry:
            entries.append(entry)
    builder.data[key] = entries
    return ReadTable(builder.sheet, builder.jenis, builder.data, builder.cells, builder.notes)


def _list_entry(builder: _Builder, row: dict[int, Cell], pointer: str) -> dict[str, Any]:
    """One row of a list document as its entry; each cell noted at its pointer (as an item's are)."""
    entry: dict[str, Any] = {}
    for column, cell in sorted(row.items()):
        spec = builder.mapping.get(column)
        if spec is None or spec.source != "baris" or not cell.text:
            continue
        if spec.value_kind == "kode" and cell.code_text:  # a code typed as a number, read from its format
            cell = cell._replace(text=cell.code_text)
        builder._put(entry, pointer, spec.field, cell)
    return entry


def _flag(text: str) -> bool | str:
    # The exporter writes "ya"/"tidak" (or yes/no): read back as the plan's true/false.
    lowered = text.strip().lower()
    if lowered in ("ya", "yes", "true", "benar", "1"):
        return True
    if lowered in ("tidak", "no", "false", "salah", "0"):
        return False
    return text  # left for the model to refuse, with the cell


def _fits(column: Column, text: str) -> bool:
    # Whether a cell's text fits the kind of its column: used to tell a shifted row.
    return _fits_kind(column.value_kind, text)


@lru_cache(maxsize=16384)  # asked for every cell of every row, often of the same texts (units, places)
def _fits_kind(kind: str, text: str) -> bool:
    if not text or text in _EMPTY_MARK:
        return True
    if kind == "kode":
        return bool(_CODE.match(text))
    if kind == "nomor":
        return text.isdigit()
    if kind == "uang":
        return bool(_MONEY.match(text) or text == "0")
    if kind == "persen":
        return bool(_BARE.match(text)) or text.isalpha() and len(text) <= 3
    if kind == "nilai":
        return bool(re.match(r"^\(?-?\d", text))
    return not _MONEY.match(text)


_JOINED: dict[tuple[str, ...], str] = {}  # a field path as it ends a cell's pointer: "/sesudah/pagu"
_CONVERTED = frozenset({"nomor", "kumulatif"})  # fields whose text _put converts


def _one_column_left(values: dict[int, Cell], wanted: list[int]) -> bool:
    """Whether a summary row's figures all stand one column left of the achievement columns."""
    return bool(values) and not all(c in values for c in wanted) and all(c - 1 in values for c in wanted)


class _Builder:
    def __init__(self, sheet: Sheet, jenis: str, mapping: dict[int, Column], header: list[dict[int, Cell]]) -> None:
        self.sheet = sheet
        self.jenis = jenis
        self.evaluation = document_type(jenis).evaluation  # its averages, predikat and totals rows
        self.mapping = mapping
        self.by_field = {(c.source, c.field): number for number, c in mapping.items()}
        self.kinds = {number: c.value_kind for number, c in mapping.items()}
        # The indicator's columns, each with its field's path as it ends a cell's pointer: every
        # data row goes through them (see _indicator).
        self.indicator_fields = {number: (c.field, "/" + "/".join(c.field)) for number, c in mapping.items()
                                 if c.source == "indikator"}
        self.header_texts = [
            tuple(normalise(c.text) for c in row.values() if c.text) for row in header
        ]
        # The raw first texts of the header rows: a data row that starts otherwise (nearly all)
        # is no repeated header, without normalising its cells.
        self.header_starts = {normalise(next((c.text for c in row.values() if c.text), "")) for row in header}
        self.data: dict[str, Any] = {"dokumen": {"jenis": jenis}}
        self.cells: dict[str, Cell] = {}
        self.notes: list[tuple[Cell | None, str]] = []
        self.urusan: list[dict[str, Any]] = []
        self.programs: list[dict[str, Any]] = []
        self.path: dict[str, tuple[Any, str]] = {}  # level -> (item dict, pointer)
        self.last: tuple[dict[str, Any], str, dict[str, Any] | None, str | None] | None = None
        self.seen_item = False
        self.after_total = False
        self.indicators: list[tuple[dict[str, Any], str, str]] = []  # (indicator, pointer, its item's kode)

    # ---- helpers -------------------------------------------------------------------------
    def _col(self, source: str, *name: str) -> int | None:
        return self.by_field.get((source, name))

    def _shift(self, row: dict[int, Cell], by: int, start: int = 0) -> dict[int, Cell]:
        shifted: dict[int, Cell] = {}
        for column, cell in row.items():
            shifted[column + by if column >= start else column] = cell
        return shifted

    def _fit_score(self, row: dict[int, Cell]) -> int:
        return sum(1 for column, cell in row.items()
                   if column in self.mapping and cell.text and _fits(self.mapping[column], cell.text))

    def _repair(self, row: dict[int, Cell]) -> dict[int, Cell]:
        """The row with cells a printed table put in the wrong column moved where they belong (and a note said)."""
        text = {column: cell.text for column, cell in row.items()}
        first = min((c for c, t in text.items() if t), default=None)
        repaired = self._code_in_nomor(row, text)
        if repaired is None:
            repaired = self._indicator_in_kode(row, text, first)
        if repaired is not None:
            return repaired
        if not self._misfits(row):
            return row  # every cell fits its column: the usual row, nothing to try
        return self._realign(row, first)

    def _code_in_nomor(self, row: dict[int, Cell], text: dict[int, str]) -> dict[int, Cell] | None:
        nomor, kode = self._col("item", "nomor"), self._col("item", "kode")
        if nomor is None or kode is None:
            return None
        if _CODE.match(text.get(nomor, "")) and "." in text.get(nomor, "") and not text.get(kode):
            cell = row.pop(nomor)
            row[kode] = cell
            self.notes.append((cell, Note("kode tercetak di kolom No, dibaca sebagai Kode", "a code in the No column, read as the Kode")))
            return row
        return None

    def _indicator_in_kode(self, row: dict[int, Cell], text: dict[int, str], first: int | None) -> dict[int, Cell] | None:
        kode, nama, uraian = self._col("item", "kode"), self._col("item", "nama"), self._col("indikator", "uraian")
        if kode is None or nama is None or uraian is None or first != kode or _CODE.match(text[kode]) or text.get(nama):
            return None
        # An indicator pushed into the Kode column, the other cells one column left.
        cell = row.pop(kode)
        moved = {column + 1: c for column, c in row.items() if column > nama}
        moved[uraian] = cell
        self.notes.append((cell, Note("indikator tercetak di kolom Kode, sel lain bergeser satu kolom: dibaca ulang",
                                "an indicator in the Kode column, other cells one column left: realigned")))
        return moved

    def _realign(self, row: dict[int, Cell], first: int | None) -> dict[int, Cell]:
        """Cells that do not fit their columns: the whole row one column right, or from a missing cell on."""
        if self._misfits(row) >= 2:
            shifted = self._shift(row, 1)
            if self._fit_score(shifted) > self._fit_score(row):
                self.notes.append((row[first] if first is not None else None, _SHIFTED))
                row = shifted
        if self._misfits(row):
            # A cell missing inside the row: the cells from the first misfit on belong one column right.
            start = min(c for c, cell in row.items() if c in self.mapping and cell.text
                        and not _fits(self.mapping[c], cell.text))
            for begin in range(start, start - 3, -1):
                candidate = self._shift(row, 1, begin)
                if not self._misfits(candidate):
                    self.notes.append((row.get(begin), _ONE_MISSING))
                    return candidate
        return row

    def _misfits(self, row: dict[int, Cell]) -> int:
        kinds = self.kinds
        return sum(1 for c, cell in row.items() if cell.text and c in kinds and not _fits_kind(kinds[c], cell.text))

    def _put(self, target: dict[str, Any], pointer: str, path: tuple[str, ...], cell: Cell) -> None:
        node = target
        for part in path[:-1]:
            node = node.setdefault(part, {})
        value: Any = cell.text
        if path[-1] == "nomor":
            value = int(cell.text) if cell.text.isdigit() else cell.text
        elif path[-1] == "kumulatif":
            value = _flag(cell.text)
        node[path[-1]] = value
        joined = _JOINED.get(path)
        if joined is None:
            joined = _JOINED[path] = "/" + "/".join(path)
        self.cells[pointer + joined] = cell

    def _indicator(self, row: dict[int, Cell], pointer: str) -> tuple[dict[str, Any], bool]:
        # _put, unrolled for the indicator's plain text fields: the cells of every data row pass here
        indicator: dict[str, Any] = {}
        filled = False
        fields, cells = self.indicator_fields, self.cells
        for column, cell in row.items():
            found = fields.get(column)
            if found is None or not cell.text:
                continue
            path, joined = found
            if len(path) == 1 and path[0] not in _CONVERTED:
                indicator[path[0]] = cell.text
                cells[pointer + joined] = cell
            elif len(path) == 2 and path[1] not in _CONVERTED:
                indicator.setdefault(path[0], {})[path[1]] = cell.text
                cells[pointer + joined] = cell
            else:
                self._put(indicator, pointer, path, cell)
            filled = True
        return indicator, filled

    def _special(self, row: dict[int, Cell]) -> str | None:
        filled = [column for column, cell in row.items() if cell.text]
        if not filled:
            return None
        first = row[min(filled)]  # the leftmost filled cell (a repaired row's keys are not in order)
        if first.text[:1].isdigit():
            return None  # a code: every synonym starts with a letter, which normalising keeps first
        text = normalise(first.text)
        for kind, synonyms in SPECIAL_ROWS:
            for synonym in synonyms:
                if text == synonym or (kind != "total" and text.startswith(synonym + " ")):
                    return kind
        return None

    # ---- rows ----------------------------------------------------------------------------
    def row(self, row: dict[int, Cell]) -> None:
        if not any(cell.text for cell in row.values()) or _is_number_row(row) or self._repeated_header(row):
            return
        special = self._special(row)
        if special:
            self._summary(special, row)
            return
        row = self._code_cells(row)
        row = self._repair(dict(row))
        kode_col = self._col("item", "kode")
        kode_cell = row.get(kode_col) if kode_col is not None else None
        code = kode_cell.text if kode_cell is not None else ""
        if code and _CODE.match(code.replace(" ", "")):
            self._item(code, row)
            return
        if code:
            raise ReadError(f"{self.sheet.where(kode_cell)}: '{code}' di kolom Kode bukan kode")
        self._continuation(row)

    def _repeated_header(self, row: dict[int, Cell]) -> bool:
        """The header repeated at the top of a printed page."""
        first = next((cell.text for cell in row.values() if cell.text), "")
        return normalise(first) in self.header_starts and \
            tuple(normalise(c.text) for c in row.values() if c.text) in self.header_texts

    def _code_cells(self, row: dict[int, Cell]) -> dict[int, Cell]:
        # A code typed as a number (2.17): its text is known only when the number format shows
        # the decimals typed (2.1 and 2.10 are one float); otherwise it is reported.
        column = self._col("item", "kode")
        cell = row.get(column) if column is not None else None
        if cell is None or not cell.numeric or cell.text.isdigit():
            return row
        if cell.code_text is None:
            where = self.sheet.where(cell)
            raise ReadError(Text(f"{where}: kode diketik sebagai angka ({cell.text}); format sel sebagai Teks dan "
                                 "ketik ulang kodenya",
                                 f"{where}: a code typed as a number ({cell.text}): format the cell as Text and type "
                                 "the code again"))
        fixed = dict(row)
        fixed[column] = Cell(cell.code_text, cell.row, cell.column, cell.number_format)  # type: ignore[index]
        self.notes.append((cell, Note(f"kode diketik sebagai angka, dibaca '{cell.code_text}' dari format selnya",
                                      f"a code typed as a number, read '{cell.code_text}' from its cell format")))
        return fixed

    def _summary(self, kind: str, row: dict[int, Cell]) -> None:
        label = next(cell for _, cell in sorted(row.items()) if cell.text)
        values = {c: cell for c, cell in row.items() if cell is not label and cell.text}
        pairs = [("capaian", "k"), ("capaian", "rp"), ("capaian_renstra", "k"), ("capaian_renstra", "rp")]
        wanted = [self._col("indikator", *pair) for pair in pairs]
        if kind == "total":
            # Averages and predikat after a closing total row are the table's (the exporter's order).
            self.after_total = self.seen_item
            owner, pointer = self.data.setdefault("total", {}), "/total"
            self._values_into(owner, pointer, values)
            return
        if _one_column_left(values, [c for c in wanted if c is not None]):
            values = {c + 1: cell for c, cell in values.items()}
            self.notes.append((label, _SHIFTED))
        owner, pointer = self._summary_owner(label)
        target = owner.setdefault(kind, {})
        for (name, part), column in zip(pairs, wanted):
            if column is not None and column in values:
                self._put(target, f"{pointer}/{kind}", (name, part), values[column])

    def _summary_owner(self, label: Cell) -> tuple[dict[str, Any], str]:
        """Whose average or predikat a row states: the table's (a total, or after the total row), else the program's."""
        if "total" in normalise(label.text).split() or "program" not in self.path or self.after_total:
            return self.data.setdefault("total", {}), "/total"
        return self.path["program"]

    def _values_into(self, owner: dict[str, Any], pointer: str, values: dict[int, Cell]) -> None:
        for column, cell in values.items():
            spec = self.mapping.get(column)
            if spec is not None and spec.source == "indikator" and len(spec.field) == 2:
                self._put(owner, pointer, spec.field, cell)

    def _item(self, code: str, row: dict[int, Cell]) -> None:
        code = code.replace(" ", "")
        level = _level(code)
        kode_cell = row[self._col("item", "kode")]
        nama_col = self._col("item", "nama")
        nama = row.get(nama_col) if nama_col is not None else None
        nomor_col = self._col("item", "nomor")
        nomor = row.get(nomor_col) if nomor_col is not None else None
        if self.evaluation:
            level = self._evaluation_level(code, level, row, nomor)
        if self._is_header_row(level, row):
            self._header_row(level or "urusan", code, nama, kode_cell)
            return
        if level not in ("program", "kegiatan", "sub_kegiatan"):
            raise ReadError(f"{self.sheet.where(kode_cell)}: kode '{code}' bukan kode "
                            "urusan, bidang, program, kegiatan atau sub kegiatan")
        item: dict[str, Any] = {}
        pointer = self._program(item) if level == "program" else self._child(item, level, code, kode_cell)
        self.path[level] = (item, pointer)
        self._nomor(item, pointer, level, code, nomor, kode_cell)
        item["kode"] = code
        self.cells[pointer + "/kode"] = kode_cell
        if nama is not None and nama.text:
            item["nama"] = nama.text
            self.cells[pointer + "/nama"] = nama
        self._add_indicator(item, pointer, row)
        self.seen_item = True

    def _is_header_row(self, level: str | None, row: dict[int, Cell]) -> bool:
        """An urusan or bidang row, or a program-shaped code without figures right under a bidang (a unit)."""
        if level in ("urusan", "bidang"):
            return True
        if level != "program" or "bidang" not in self.path or "unit" in self.path or "program" in self.path:
            return False
        return not any(cell.text for column, cell in row.items()
                       if column in self.mapping and self.mapping[column].source == "indikator")

    def _program(self, item: dict[str, Any]) -> str:
        """Add a program under the current bidang (or the table); its pointer."""
        if "bidang" in self.path:
            bidang, bidang_pointer = self.path["bidang"]
            programs = bidang.setdefault("program", [])
            pointer = f"{bidang_pointer}/program/{len(programs)}"
        else:
            programs = self.programs
            pointer = f"/program/{len(programs)}"
        programs.append(item)
        self.path = {k: v for k, v in self.path.items() if k in ("urusan", "bidang", "unit")}
        return pointer

    def _child(self, item: dict[str, Any], level: str, code: str, kode_cell: Cell) -> str:
        """Add a kegiatan or sub kegiatan under the item above it; its pointer."""
        parent_level = "program" if level == "kegiatan" else "kegiatan"
        if parent_level not in self.path:
            raise ReadError(f"{self.sheet.where(kode_cell)}: {level.replace('_', ' ')} "
                            f"'{code}' tanpa {parent_level} di atasnya")
        parent, parent_pointer = self.path[parent_level]
        children = parent.setdefault(level, [])
        pointer = f"{parent_pointer}/{level}/{len(children)}"
        children.append(item)
        if level == "kegiatan":
            self.path.pop("sub_kegiatan", None)
        return pointer

    def _nomor(self, item: dict[str, Any], pointer: str, level: str, code: str, nomor: Cell | None,
               kode_cell: Cell) -> None:
        """The item's No: its own cell, or (an evaluation's program) fused with the code as "7.2.17.08"."""
        if nomor is not None and nomor.text:
            self._put(item, pointer, ("nomor",), nomor)
        elif level == "program" and self.evaluation and code.count(".") == 3:
            item["nomor"] = int(code.split(".")[0])
            self.cells[pointer + "/nomor"] = kode_cell
            self.notes.append((kode_cell, Note("No menyatu dengan Kode: nomor dibaca dari kode", "No fused with the Kode: nomor read from the code")))

    def _evaluation_level(self, code: str, level: str | None, row: dict[int, Cell], nomor: Cell | None) -> str | None:
        uraian_col = self._col("indikator", "uraian")
        uraian = row.get(uraian_col).text if uraian_col is not None and row.get(uraian_col) else ""
        if nomor is not None and nomor.text and level != "program":
            return "program" if code.count(".") in (2, 3) else level
        if code.count(".") == 3:
            return "program"
        if level == "program" and "program" in self.path and not (nomor and nomor.text):
            return "kegiatan"  # a kegiatan row printed with its program's code
        if level == "sub_kegiatan" and uraian == "-":
            return "kegiatan"  # a kegiatan row ("-" indicator) printed with a sub kegiatan code
        return level

    def _header_row(self, level: str, code: str, nama: Cell | None, kode_cell: Cell) -> None:
        node: dict[str, Any] = {"kode": code}
        if nama is not None and nama.text:
            node["nama"] = nama.text
        if level == "urusan":
            pointer = f"/urusan/{len(self.urusan)}"
            self.urusan.append(node)
            self.path = {"urusan": (node, pointer)}
        elif level == "bidang":
            if "urusan" not in self.path:
                raise ReadError(f"{self.sheet.where(kode_cell)}: bidang urusan '{code}' tanpa urusan di atasnya")
            urusan, urusan_pointer = self.path["urusan"]
            bidang = urusan.setdefault("bidang_urusan", [])
            pointer = f"{urusan_pointer}/bidang_urusan/{len(bidang)}"
            bidang.append(node)
            self.path = {"urusan": self.path["urusan"], "bidang": (node, pointer)}
        else:
            bidang, bidang_pointer = self.path["bidang"]
            bidang["unit"] = node
            pointer = f"{bidang_pointer}/unit"
            self.path["unit"] = (node, pointer)
        self.cells[pointer + "/kode"] = kode_cell
        if nama is not None and nama.text:
            self.cells[pointer + "/nama"] = nama
        self.last = (node, pointer, None, None)

    def _add_indicator(self, item: dict[str, Any], pointer: str, row: dict[int, Cell]) -> None:
        indicators = item.setdefault("indikator", [])
        indicator_pointer = f"{pointer}/indikator/{len(indicators)}"
        indicator, filled = self._indicator(row, indicator_pointer)
        if filled:
            indicators.append(indicator)
            self.indicators.append((indicator, indicator_pointer, str(item.get("kode") or "")))
            self.last = (item, pointer, indicator, indicator_pointer)
        else:
            if not indicators:
                del item["indikator"]
            self.last = (item, pointer, None, None)

    def _continuation(self, row: dict[int, Cell]) -> None:
        if self.last is None:
            # Values before any item: the totals row of an evaluation table.
            if self.evaluation:
                self._values_into(self.data.setdefault("total", {}), "/total",
                                  {c: cell for c, cell in row.items() if cell.text})
                return
            first = next(cell for cell in row.values() if cell.text)
            raise ReadError(f"{self.sheet.where(first)}: baris tanpa Kode sebelum butir pertama")
        item, pointer, indicator, indicator_pointer = self.last
        amounts = [cell for column, cell in row.items() if cell.text and column in self.mapping
                   and self.mapping[column].value_kind in ("uang", "nilai", "persen")]
        if not amounts:
            self._wrapped_text(row, item, indicator)
            return
        self._add_indicator(item, pointer, {c: cell for c, cell in row.items()
                                            if c in self.mapping and self.mapping[c].source == "indikator"})

    def _wrapped_text(self, row: dict[int, Cell], item: dict[str, Any], indicator: dict[str, Any] | None) -> None:
        """Text wrapped onto a row of its own: joined to the row above, field by field."""
        for column, cell in row.items():
            spec = self.mapping.get(column)
            if spec is None or not cell.text:
                continue
            owner = item if spec.source == "item" else indicator
            name = spec.field[-1]
            if owner is not None and len(spec.field) == 1 and isinstance(owner.get(name), str):
                owner[name] = f"{owner[name]} {cell.text}"

    def finish(self, policy: dict[str, Any] | None = None) -> ReadTable:
        if self.evaluation:
            policy = policy if policy is not None else load_policy()
            for indicator, pointer, kode in self.indicators:
                if "kumulatif" in indicator:
                    continue  # the book states it (the exporter's extra columns): nothing to infer
                for note in infer(indicator, policy, kode):
                    self.notes.append((self.cells.get(pointer + "/uraian"), note))
        if self.urusan:
            self.data["urusan"] = self.urusan
        if self.programs:
            self.data["program"] = self.programs
        return ReadTable(self.sheet, self.jenis, self.data, self.cells, self.notes)
