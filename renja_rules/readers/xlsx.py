"""Workbooks (.xlsx) with openpyxl in read-only mode, within the input limits.

Cached values of formula cells are read (``data_only``); a formula cell without a cached value
(a book written by a program and never opened in Excel) is an error naming the cell, not an empty
cell. Merged ranges give their value to the top-left cell only, as Excel shows them; layout
detection fills group headings forward itself. A float cell is turned into exact text through
its shortest repr (``repr(0.1)`` is ``'0.1'``) and rounded to the decimals its number format
shows only when that shortest repr has more: never binary-float arithmetic. A code typed as a
number (``2.17``) is given back as its text when the number format shows it, else reported.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
import zlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

from ..errors import Text
from .grid import Cell, ReadError, Sheet

__all__ = ["read_workbook", "number_text"]

# Bounds on what a workbook may unpack to: a zip bomb is refused before openpyxl parses it.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_CELLS = 5_000_000
MAX_ROWS = 200_000


# complexity: one cell's number as the sheet shows it (number formats, dates, percent, float shortest form); per cell
def number_text(value: int | float | Decimal, number_format: str | None) -> str:
    """The exact decimal text of a numeric cell, with a comma as decimal mark (Indonesian style)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    percent, places, parenthesised = _format_spec(number_format)
    if type(value) is float and not percent and value.is_integer() and -1e15 < value < 1e15:
        # Whole rupiah, the usual money cell: no Decimal needed for an exact integer (< 2^53).
        whole = f"{abs(int(value)):,}".replace(",", ".") + ("," + "0" * places if places else "")
        if value >= 0:
            return whole
        return f"({whole})" if parenthesised else "-" + whole
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        exact = exact.scaleb(2)  # 0.6328 shown as 63,28%: a shift of the decimal point, exact
    if places is not None and exact.as_tuple().exponent < -places:  # type: ignore[operator]
        exact = exact.quantize(Decimal(1).scaleb(-places))
    if exact == exact.to_integral_value() and places in (None, 0):
        exact = exact.quantize(Decimal(1))
    text = format(exact, "f")
    whole, _, fraction = text.partition(".")
    if places:
        fraction = (fraction + "0" * places)[:max(places, len(fraction))]
    negative = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups) + (f",{fraction}" if fraction else "") + ("%" if percent else "")
    if not negative:
        return result
    return f"({result})" if parenthesised else "-" + result


@lru_cache(maxsize=256)  # a book has a handful of number formats, read for every number cell
def _format_spec(number_format: str | None) -> tuple[bool, int | None, bool]:
    """Of a number format: whether it shows a percent, its decimal places (None: as the value
    has them), and whether negatives show in parentheses ("#,##0.00;(#,##0.00)", as the plan's
    text had them)."""
    sections = (number_format or "").split(";")
    parenthesised = len(sections) > 1 and sections[1].strip().startswith("(")
    return "%" in sections[0], _format_places(number_format), parenthesised


@lru_cache(maxsize=256)  # a book has a handful of number formats, read for every number cell
def _format_places(number_format: str | None) -> int | None:
    if not number_format or number_format == "General":
        return None
    section = number_format.split(";")[0]
    if "." not in section:
        return 0 if "0" in section or "#" in section else None
    return len(section.split(".", 1)[1].split("%")[0].rstrip("_-)* \"Rp").replace("#", "0").rstrip()) or None


def _code_text(value: float | int, number_format: str | None) -> str | None:
    # A code cell holding a number: 2.17 with format "0.00" is "2.17"; a bare float is ambiguous
    # (2.1 and 2.10 are the same float), so the caller reports it.
    places = _format_places(number_format)
    if places is None:
        return None
    return format(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places)), "f")


def _check_zip(path: Path, scan_formulas: bool = True) -> bool:
    """Refuse what is not an xlsx or unpacks too big; whether any sheet holds a formula (only
    looked for when ``scan_formulas``: the sheet parser's own path sees formulas as it reads)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if total > MAX_UNCOMPRESSED:
                    limit = MAX_UNCOMPRESSED // (1024 * 1024)
                    raise ReadError(Text(f"{path}: isi buku kerja melebihi batas {limit} MiB setelah diekstrak (zip bomb?)",
                                         f"{path}: the book unpacks to more than {limit} MiB (zip bomb?)"))
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise ReadError(_not_xlsx(path))
            # Formula cells need a second, formula-reading pass (a formula without a cached
            # value reads as empty otherwise); a book without any formula is spared it.
            return scan_formulas and any(b"<f>" in data or b"<f " in data
                       for data in (archive.read(name) for name in names
                                    if name.startswith("xl/worksheets/") and name.endswith(".xml")))
    except zipfile.BadZipFile:
        raise ReadError(_not_xlsx(path)) from None
    except (OSError, EOFError, RuntimeError, ValueError, zlib.error) as error:  # damaged members, encrypted zip
        raise ReadError(Text(f"{path}: buku kerja rusak: {error}", f"{path}: damaged workbook: {error}")) from None


def _not_xlsx(path: Path) -> Text:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE file: an old .xls, or an xlsx encrypted with a password (Excel stores those so).
        return Text(f"{path}: berkas Excel lama (.xls) atau buku kerja berkata sandi: simpan sebagai .xlsx tanpa kata sandi",
                    f"{path}: an old .xls or a password-protected book: save it as .xlsx without a password")
    return Text(f"{path}: bukan buku kerja .xlsx yang sah (arsip zip rusak)", f"{path}: not a valid .xlsx workbook (a damaged zip)")


def read_workbook(path: Path, *, sheet_name: str | None = None, code_columns: Any = None) -> list[Sheet]:
    """Every visible sheet of the workbook (or the one named) as grids."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ReadError(Text(f"{path}: format .xls lama tidak dibaca: buka di Excel/LibreOffice lalu simpan sebagai .xlsx",
                             f"{path}: the old .xls format is not read: open it in Excel/LibreOffice and save it as .xlsx"))
    if suffix == ".ods":
        raise ReadError(Text(f"{path}: format .ods tidak dibaca: simpan sebagai .xlsx di LibreOffice",
                             f"{path}: .ods is not read: save it as .xlsx in LibreOffice"))
    parser = _parser_class()
    has_formulas = _check_zip(path, scan_formulas=parser is None)
    import openpyxl  # lazily: the YAML-only check path never pays for it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False) if has_formulas else None
    except Exception as error:  # openpyxl raises many kinds for a damaged book
        raise ReadError(f"{path}: buku kerja tidak dapat dibaca: {type(error).__name__}: {error}") from None
    sheets: list[Sheet] = []
    try:
        names = [sheet_name] if sheet_name else workbook.sheetnames
        for name in names:
            if name not in workbook.sheetnames:
                raise ReadError(f"{path}: tidak ada sheet '{name}' (ada: {', '.join(workbook.sheetnames)})")
            worksheet = workbook[name]
            if getattr(worksheet, "sheet_state", "visible") != "visible" and not sheet_name:
                continue
            sheets.append(_read_sheet(path, name, worksheet, formulas[name] if formulas is not None else None))
    except ReadError:
        raise
    except Exception as error:  # read-only mode parses lazily: a damaged sheet fails while iterating
        raise ReadError(f"{path}: buku kerja rusak: {type(error).__name__}: {error}") from None
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()
    return sheets


# complexity: the per-cell loop of reading a book (limits, cached formula values, text, numbers); a call
# per cell would cost ~8% of reading, where issue 16 holds reading to 1.5x openpyxl's own iteration
def _read_sheet(path: Path, name: str, worksheet: Any, formula_sheet: Any) -> Sheet:
    rows: list[list[Cell]] = []
    cells_seen = 0
    sheet = Sheet(path, name, rows)
    formulas = _formulas(formula_sheet) if formula_sheet is not None else {}
    formats = _Formats(worksheet.parent)
    for number, values in _sheet_rows(worksheet):
        if len(rows) >= MAX_ROWS:
            raise ReadError(f"{path}:{name}: lebih dari {MAX_ROWS} baris")
        cells_seen += len(values)
        if cells_seen > MAX_CELLS:
            raise ReadError(f"{path}:{name}: lebih dari {MAX_CELLS} sel")
        row: list[Cell] = []
        for found in values:
            value = found["value"]
            if value is None:
                column = found["column"]
                formula = found.get("formula") or formulas.get((number, column))
                if formula is not None:
                    located = Cell("", number, column)
                    raise ReadError(Text(
                        f"{sheet.where(located)}: rumus {formula} tanpa nilai tersimpan: buka dan simpan buku kerja "
                        "di Excel/LibreOffice agar nilainya dihitung",
                        f"{sheet.where(located)}: formula {formula} without a cached value: open and save the book "
                        "in Excel or LibreOffice so that its values are computed"))
                continue  # an empty cell (or the rest of a merged range) adds nothing
            kind = type(value)
            if kind is str:
                text = value.strip()
                if text:
                    row.append(Cell(text, number, found["column"]))
                continue
            column = found["column"]
            numeric = (kind is int or kind is float or kind is Decimal)
            number_format = formats.of(found.get("style_id") or 0) if numeric else None
            # A code typed as a number has a fraction (2.17); a whole number is read as its digits.
            whole = kind is int or (kind is float and value.is_integer())
            code = _code_text(value, number_format) if numeric and not whole else None
            row.append(Cell(_text(value, number_format), number, column, number_format, code, numeric))
        if row:
            rows.append(row)
    return sheet


_PARSER: list[Any] = []  # the formula-noting sheet parser, made once; [None] where openpyxl has none


def _parser_class() -> Any:
    """openpyxl's sheet parser, noting the formula of a cell that has no cached value (so that
    one pass finds both); None where this openpyxl has no such parser."""
    if not _PARSER:
        try:
            from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
        except ImportError:
            _PARSER.append(None)
        else:
            class FormulaNotingParser(WorkSheetParser):  # type: ignore[misc, valid-type]
                def parse_cell(self, element: Any) -> Any:
                    cell = super().parse_cell(element)
                    if cell["value"] is None:
                        formula = element.find(FORMULA_TAG)
                        if formula is not None:
                            cell["formula"] = f"={formula.text or ''}"
                    return cell

            _PARSER.append(FormulaNotingParser)
    return _PARSER[0]


def _sheet_rows(worksheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Each row's number and its cells as openpyxl's sheet parser gives them, dicts of column,
    value, style id (or, on the fallback path, the cell) and formula without a cached value: no
    cell object per cell (they cost a third of reading a book). Rows and cells the file leaves
    out are not made up. Falls back to ``iter_rows`` where the parser is not there."""
    parser_class = _parser_class()
    if parser_class is None:
        yield from _cell_rows(worksheet)
        return
    try:
        book = worksheet.parent
        source = worksheet._get_source()
        parser = parser_class(source, worksheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                              date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    except (AttributeError, TypeError):  # another openpyxl: the public, slower way
        yield from _cell_rows(worksheet)
        return
    with source:
        yield from parser.parse()


def _cell_rows(worksheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    for values in worksheet.iter_rows():
        cells = [{"column": cell.column, "value": cell.value, "style_id": cell}
                 for cell in values if getattr(cell, "row", None) is not None]
        if cells:
            yield cells[0]["style_id"].row, cells


class _Formats:
    """A cell's number format by its style id, looked up once per style (as openpyxl's cells do)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.known: dict[Any, str] = {}

    def of(self, style: Any) -> str:
        if not isinstance(style, int):  # a cell object (the fallback path)
            return style.number_format
        found = self.known.get(style)
        if found is None:
            from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

            styles = self.book._cell_styles
            format_id = styles[style].numFmtId if style < len(styles) else 0
            found = BUILTIN_FORMATS.get(format_id, "General") if format_id < BUILTIN_FORMATS_MAX_SIZE else \
                self.book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
            self.known[style] = found
        return found


def _formulas(formula_sheet: Any) -> dict[tuple[int, int], str]:
    """The formulas of a sheet by (row, column): only they are kept, not the whole sheet."""
    found: dict[tuple[int, int], str] = {}
    for number, cells in _sheet_rows(formula_sheet):
        for cell in cells:
            value = cell["value"]
            if isinstance(value, str) and value.startswith("="):
                found[(number, cell["column"])] = value
    return found


def _text(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            return number_text(value, number_format)
        except InvalidOperation:
            return str(value)
    return str(value).strip()
