"""Writing plans as a workbook in their printed layout, with the findings on their cells.

One sheet per plan: title rows, the two header rows with merged group headings, the row of
column numbers, then the table as it is printed (urusan, bidang and unit header rows, each
item with its first indicator on its own row and further indicators on continuation rows with
an empty kode). Numbers are real number cells written exactly from ``Decimal`` with a number
format whose places match the plan's text, so Excel sums work; text stays text (a code is never
a number). A sheet "Dokumen" holds each plan's header (year, perangkat daerah, declared counts),
and, when the plans have findings, a sheet "Temuan" lists them with an autofilter while each
offending cell is filled and carries a comment with the rule ID and message.

Every value written remembers the JSON pointer it came from (as :mod:`renja_rules.report.html`
does for its cells), so a violation's ``path`` finds its cell: the cell of the value, or of its
nearest enclosing value, or the first cell of the row or item it names; a violation about the
whole document goes to the sheet's title cell.

openpyxl is imported here only: the check path never loads it.
"""

from __future__ import annotations

import io
import re
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..numbers import Angka, format_angka
from ..violation import SEVERITIES, Violation
from ..doctypes import document_type
from .layout import EXTRA_COLUMNS, Column, Layout, layout_for

if TYPE_CHECKING:
    from ..model import PlanDocument

__all__ = ["PlanEntry", "CellRef", "build_book", "book_bytes", "DOKUMEN_SHEET", "TEMUAN_SHEET"]

DOKUMEN_SHEET = "Dokumen"
TEMUAN_SHEET = "Temuan"

_WORDS = {
    "id": {
        "tabel": "Tabel {tabel}",
        "tahun": "Tahun {tahun}",
        "rata_rata": "Rata-rata capaian kinerja",
        "predikat": "Predikat kinerja",
        "total": "Jumlah",
        "severity": "Tingkat",
        "rule": "Aturan",
        "where": "Lembar!Sel",
        "kode": "Kode",
        "message": "Pesan",
        "expected": "Seharusnya",
        "actual": "Tertulis",
        "file": "Berkas",
        "field": "Isian",
        "key": "Kunci",
        "source": "berkas sumber",
        "ya": "ya",
        "tidak": "tidak",
        "error": "error",
        "warning": "peringatan",
        "info": "info",
        "blank_title": "(judul dokumen)",
        "blank_pd": "(perangkat daerah)",
        "blank_year": "Tahun (….)",
    },
    "en": {
        "tabel": "Table {tabel}",
        "tahun": "Year {tahun}",
        "rata_rata": "Average achievement",
        "predikat": "Predikat",
        "total": "Total",
        "severity": "Severity",
        "rule": "Rule",
        "where": "Sheet!Cell",
        "kode": "Code",
        "message": "Message",
        "expected": "Expected",
        "actual": "Written",
        "file": "File",
        "field": "Field",
        "key": "Key",
        "source": "source file",
        "ya": "yes",
        "tidak": "no",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "blank_title": "(document title)",
        "blank_pd": "(perangkat daerah)",
        "blank_year": "Year (….)",
    },
}

# The document header fields, in the order the Dokumen sheet lists them, with their labels.
DOKUMEN_FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("jenis",), "Jenis dokumen", "Document kind"),
    (("judul",), "Judul", "Title"),
    (("tabel",), "Nomor tabel", "Table number"),
    (("tahun",), "Tahun", "Year"),
    (("periode",), "Periode", "Period"),
    (("pemerintah_daerah",), "Pemerintah daerah", "Local government"),
    (("perangkat_daerah",), "Perangkat daerah", "Perangkat daerah (office)"),
    (("dasar_hukum",), "Dasar hukum", "Legal basis"),
    (("jumlah", "program"), "Jumlah program dinyatakan", "Programs declared"),
    (("jumlah", "kegiatan"), "Jumlah kegiatan dinyatakan", "Kegiatan declared"),
    (("jumlah", "sub_kegiatan"), "Jumlah sub kegiatan dinyatakan", "Sub kegiatan declared"),
    (("jumlah", "sumber"), "Sumber jumlah", "Where the counts are stated"),
    (("judul_kolom",), "Judul kolom bertahun", "Column headings naming a year"),
)

_THIN = Side(style="thin", color="FF808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="FFDDE3EA")
_ROW_FILLS = {
    "urusan": PatternFill("solid", fgColor="FFE4E8EE"),
    "bidang": PatternFill("solid", fgColor="FFE4E8EE"),
    "unit": PatternFill("solid", fgColor="FFE4E8EE"),
    "program": PatternFill("solid", fgColor="FFF3F5F8"),
    "rata_rata": PatternFill("solid", fgColor="FFF7F3E8"),
    "predikat": PatternFill("solid", fgColor="FFF7F3E8"),
    "total": PatternFill("solid", fgColor="FFF7F3E8"),
}
_BOLD_ROWS = frozenset({"urusan", "bidang", "unit", "program", "kegiatan", "total"})
_MARK_FILLS = {
    "error": PatternFill("solid", fgColor="FFFFC7CE"),
    "warning": PatternFill("solid", fgColor="FFFFEB9C"),
    "info": PatternFill("solid", fgColor="FFDDEBF7"),
}
_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_TEMPLATE_ROWS = 40


@dataclass
class PlanEntry:
    """A plan to write, with the findings to put on its cells (none for a plain export)."""

    file: str
    document: PlanDocument
    violations: list[Violation] = field(default_factory=list)


@dataclass(frozen=True)
class CellRef:
    """Where a value went: sheet and cell (``H42``), and its row and column numbers."""

    sheet: str
    cell: str
    row: int
    column: int

    def __str__(self) -> str:
        return f"{_quote_sheet(self.sheet)}!{self.cell}"


def _quote_sheet(name: str) -> str:
    return f"'{name}'" if re.search(r"[^A-Za-z0-9_]", name) else name


@dataclass
class _Sheet:
    """A plan's sheet while it is written: the pointer -> cell map its findings are placed by."""

    ws: Worksheet
    layout: Layout
    columns: tuple[Column, ...]
    pointers: dict[str, CellRef] = field(default_factory=dict)
    ordered: list[tuple[str, CellRef]] = field(default_factory=list)
    title: CellRef | None = None
    row: int = 1
    styles: dict[tuple[str, bool, str], Any] = field(default_factory=dict)  # style indices by kind of cell


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _clean(text: str) -> str:
    # A workbook cannot hold control characters; they are shown, not dropped silently.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _as_number(angka: Angka) -> tuple[Decimal, str] | None:
    """The value and number format of a cell that is a number as written, else ``None``.

    A number cell is written only when its format shows exactly the plan's text in Indonesian
    notation (``9.175.511.065,00``, ``(3.223.000,00)``, ``63,28``): so a reader that formats the
    number back gets the text the plan has. Anything else (``0 -``, ``100%``, ``104.76``, a
    damaged cell) is written as the text it is.
    """
    value = angka.nilai
    if value is None or angka.satuan is not None or angka.cacat is not None or angka.kosong:
        return None
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    body = "#,##0" + ("." + "0" * places if places else "")
    text = angka.teks.strip()
    if text == format_angka(value, "id", places=places):
        return value, body
    if value < 0 and text == f"({format_angka(-value, 'id', places=places)})":
        return value, f"{body};({body})"
    return None


def _set_number(cell: Any, value: Decimal) -> None:
    """A number cell holding exactly the digits of ``value``.

    openpyxl would write a Decimal through a float (``"%.16g"``); the cell keeps the plain
    decimal text instead, which openpyxl writes as it is (``<v>9175511065.00</v>``).
    """
    cell.value = value  # the cell's type and style, as for any number
    cell._value = format(value, "f")


def _put(ws: Worksheet, row: int, column: int, value: Any, kind: str = "teks") -> Any:
    """Write one value as the kind of its column says; returns the cell."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, Angka):
        number = _as_number(value)
        if number is not None:
            _set_number(cell, number[0])
            cell.number_format = number[1]
            return cell
        value = value.teks
    if isinstance(value, bool):
        value = _WORDS["id"]["ya" if value else "tidak"]
    if isinstance(value, int) and kind != "kode":
        cell.value = value
        return cell
    cell.value = _clean(str(value))
    cell.data_type = "s"  # never a formula, even when the text starts with '='
    if kind == "kode":
        cell.number_format = "@"
    return cell


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def _sheet_name(document: PlanDocument, taken: set[str], words: dict[str, str]) -> str:
    dokumen = document.dokumen
    base = words["tabel"].format(tabel=dokumen.tabel) if dokumen.tabel else dokumen.jenis
    base = _SHEET_NAME_BAD.sub("-", base).strip("'")[:28] or dokumen.jenis
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken} or name in (DOKUMEN_SHEET, TEMUAN_SHEET):
        name = f"{base[:26]} ({number})"
        number += 1
    taken.add(name)
    return name


def _columns(layout: Layout, document: PlanDocument | None) -> tuple[Column, ...]:
    """The layout's columns, and the unprinted indicator flags when the plan needs them."""
    if document is None or document_type(layout.jenis).rows is not None:
        return layout.columns
    if document_type(layout.jenis).evaluation or any(
        not row.kumulatif or row.polaritas != "positif" for row in _all_indicators(document)
    ):
        return layout.columns + EXTRA_COLUMNS
    return layout.columns


def _all_indicators(document: PlanDocument) -> Iterable[Any]:
    for _path, item in _items(document):
        yield from item.indikator


def _items(document: PlanDocument) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    def subtree(path: tuple[str | int, ...], program: Any) -> Iterable[tuple[tuple[str | int, ...], Any]]:
        yield path, program
        for k, kegiatan in enumerate(program.kegiatan):
            yield path + ("kegiatan", k), kegiatan
            for s, sub in enumerate(kegiatan.sub_kegiatan):
                yield path + ("kegiatan", k, "sub_kegiatan", s), sub

    for u, urusan in enumerate(document.urusan):
        for b, bidang in enumerate(urusan.bidang_urusan):
            for p, program in enumerate(bidang.program):
                yield from subtree(("urusan", u, "bidang_urusan", b, "program", p), program)
    for p, program in enumerate(document.program):
        yield from subtree(("program", p), program)


# --- one plan's sheet ---------------------------------------------------------------------

def _write_title(sheet: _Sheet, document: PlanDocument | None, words: dict[str, str], lang: str) -> None:
    ws, width = sheet.ws, len(sheet.layout.columns)
    dokumen = document.dokumen if document is not None else None
    lines: list[tuple[str, str | None]] = []
    if dokumen is None:
        lines = [(words["tabel"].format(tabel="…"), None), (sheet.layout.title[1 if lang == "en" else 0], None),
                 (words["blank_pd"], None), (words["blank_year"], None)]
    else:
        if dokumen.tabel:
            lines.append((words["tabel"].format(tabel=dokumen.tabel), "/dokumen/tabel"))
        lines.append((dokumen.judul or sheet.layout.title[1 if lang == "en" else 0], "/dokumen/judul" if dokumen.judul else None))
        if dokumen.perangkat_daerah:
            lines.append((dokumen.perangkat_daerah, "/dokumen/perangkat_daerah"))
        if dokumen.pemerintah_daerah:
            lines.append((dokumen.pemerintah_daerah, "/dokumen/pemerintah_daerah"))
        year = words["tahun"].format(tahun=dokumen.tahun) + (f" · {dokumen.periode}" if dokumen.periode else "")
        lines.append((year, "/dokumen/tahun"))
    for index, (text, _pointer_) in enumerate(lines):
        cell = _put(ws, sheet.row, 1, text)
        cell.font = Font(bold=True, size=13 if index < 2 else 11)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=sheet.row, start_column=1, end_row=sheet.row, end_column=width)
        if index == 0:
            sheet.title = CellRef(ws.title, cell.coordinate, cell.row, cell.column)
        sheet.row += 1
    sheet.row += 1  # a blank row, as printed books have


def _numbered(number: str) -> str | None:
    """The printed column number: ``(5)``; a formula such as ``8=(7-5)`` as printed."""
    if not number:
        return None
    return f"({number})" if number.isdigit() else number


def _fit_head(ws: Worksheet, top: int, columns: tuple[Column, ...], language: int,
              groups: dict[tuple[str, str], list[int]]) -> None:
    """Heights of the two heading rows: a group heading spans its columns, a lone one both rows."""
    def lines(text: str, width: float) -> int:
        return -(-len(text) // max(int(width * 0.95) - 1, 1))

    first, second = 1, 1
    for group, indexes in groups.items():
        first = max(first, lines(group[language], sum(columns[i - 1].width for i in indexes)))
    for column in columns:
        if column.group is not None:
            second = max(second, lines(column.heading[language], column.width))
    lone = max((lines(c.heading[language], c.width) for c in columns if c.group is None), default=1)
    second = max(second, lone - first)
    ws.row_dimensions[top].height = 15 * first
    ws.row_dimensions[top + 1].height = 15 * second


def _write_head(sheet: _Sheet, lang: str) -> tuple[int, int]:
    """The two heading rows (merged group headings) and the row of column numbers."""
    ws, top = sheet.ws, sheet.row
    language = 1 if lang == "en" else 0
    groups: dict[tuple[str, str], list[int]] = {}
    for index, column in enumerate(sheet.columns, start=1):
        if column.group is None:
            cell = _put(ws, top, index, column.heading[language])
            ws.merge_cells(start_row=top, start_column=index, end_row=top + 1, end_column=index)
        else:
            groups.setdefault(column.group, []).append(index)
            _put(ws, top + 1, index, column.heading[language])
    numbers: dict[str, list[int]] = {}
    for index, column in enumerate(sheet.columns, start=1):
        if column.number:
            numbers.setdefault(column.number, []).append(index)
    for number, indexes in numbers.items():  # one number over a K/Rp pair, as printed
        ws.cell(row=top + 2, column=indexes[0], value=_numbered(number))
        if len(indexes) > 1:
            ws.merge_cells(start_row=top + 2, start_column=indexes[0], end_row=top + 2, end_column=indexes[-1])
    for group, indexes in groups.items():
        _put(ws, top, indexes[0], group[language])
        ws.merge_cells(start_row=top, start_column=indexes[0], end_row=top, end_column=indexes[-1])
    for row in range(top, top + 3):
        for index in range(1, len(sheet.columns) + 1):
            cell = ws.cell(row=row, column=index)
            cell.font = _BOLD
            cell.fill = _HEAD_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    _fit_head(ws, top, sheet.columns, language, groups)
    sheet.row = top + 3
    return top, top + 2


def _register(sheet: _Sheet, pointer: str, cell: Any) -> None:
    ref = CellRef(cell.parent.title, cell.coordinate, cell.row, cell.column)
    sheet.pointers.setdefault(pointer, ref)
    sheet.ordered.append((pointer, ref))


def _fit_height(ws: Worksheet, row: int, widths: list[float], bold: bool = False) -> None:
    """Give a row the height its wrapped text needs.

    Neither Excel nor LibreOffice grows a row to fit wrapped text written by another program,
    so the height is estimated here from the text and the column widths (in characters).
    """
    lines = 1
    for index, width in enumerate(widths, start=1):
        value = ws.cell(row=row, column=index).value
        if not isinstance(value, str) or not value:
            continue
        per_line = max(width * (0.95 if bold else 1.1) - 1, 1)
        lines = max(lines, sum(-(-max(len(part), 1) // int(per_line)) for part in value.split("\n")))
    ws.row_dimensions[row].height = min(15 * lines, 409)  # 409 points: the most a row can be


_BOLD = Font(bold=True)
_NUMBER_ALIGNMENT = Alignment(vertical="top", horizontal="right")
_TEXT_ALIGNMENT = Alignment(vertical="top", wrap_text=True)


def _style_row(sheet: _Sheet, kind: str) -> None:
    """Borders, fill, weight and alignment of a table row, by the kind of row and of each cell.

    openpyxl hashes every style object it is given; a table has few distinct cell styles, so
    the first cell of each is styled and the others take a copy of its style indices.
    """
    fill = _ROW_FILLS.get(kind)
    bold = kind in _BOLD_ROWS
    for index, column in enumerate(sheet.columns, start=1):
        cell = sheet.ws.cell(row=sheet.row, column=index)
        numeric = column.value_kind in ("uang", "persen", "nomor") or cell.data_type == "n"
        key = (kind, numeric, cell.number_format)
        style = sheet.styles.get(key)
        if style is not None:
            cell._style = copy(style)
            continue
        cell.border = _BORDER
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = _BOLD
        cell.alignment = _NUMBER_ALIGNMENT if numeric else _TEXT_ALIGNMENT
        sheet.styles[key] = copy(cell._style)
    _fit_height(sheet.ws, sheet.row, [column.width for column in sheet.columns], bold)


def _header_row(sheet: _Sheet, kind: str, path: tuple[str | int, ...], header: Any) -> None:
    kode_at = sheet.layout.index("item", ("kode",))
    nama_at = sheet.layout.index("item", ("nama",))
    assert kode_at is not None and nama_at is not None
    _register(sheet, _pointer(path + ("kode",)), _put(sheet.ws, sheet.row, kode_at + 1, header.kode, "kode"))
    _register(sheet, _pointer(path + ("nama",)), _put(sheet.ws, sheet.row, nama_at + 1, header.nama))
    _style_row(sheet, kind)
    sheet.row += 1


def _item_rows(sheet: _Sheet, level: str, path: tuple[str | int, ...], item: Any) -> None:
    """An item's rows: its first indicator beside its kode and nama, the others on continuation rows."""
    rows = item.indikator or [None]
    for number, indikator in enumerate(rows):
        for index, column in enumerate(sheet.columns, start=1):
            if column.source == "item":
                if number == 0:
                    cell = _put(sheet.ws, sheet.row, index, getattr(item, column.field[0], None), column.value_kind)
                    _register(sheet, _pointer(path + column.field), cell)
            elif indikator is not None:
                cell = _put(sheet.ws, sheet.row, index, _get(indikator, column.field), column.value_kind)
                _register(sheet, _pointer(path + ("indikator", number) + column.field), cell)
        _style_row(sheet, level)
        sheet.row += 1


def _summary_rows(sheet: _Sheet, owner: Any, path: tuple[str | int, ...], words: dict[str, str]) -> None:
    """The stated average and predikat rows of a program (or of the whole table)."""
    nama_at = sheet.layout.index("item", ("nama",))
    assert nama_at is not None
    for kind in ("rata_rata", "predikat"):
        value = getattr(owner, kind, None)
        if value is None:
            continue
        _put(sheet.ws, sheet.row, nama_at + 1, words[kind])
        for index, column in enumerate(sheet.columns, start=1):
            if column.source == "indikator" and column.field[0] in ("capaian", "capaian_renstra"):
                cell = _put(sheet.ws, sheet.row, index, _get(value, column.field), column.value_kind)
                _register(sheet, _pointer(path + (kind,) + column.field), cell)
        _style_row(sheet, kind)
        sheet.row += 1


def _total_rows(sheet: _Sheet, document: PlanDocument, words: dict[str, str]) -> None:
    total = document.total
    if total is None:
        return
    nama_at = sheet.layout.index("item", ("nama",))
    assert nama_at is not None
    _put(sheet.ws, sheet.row, nama_at + 1, words["total"])
    for index, column in enumerate(sheet.columns, start=1):
        if column.source == "indikator" and len(column.field) == 2:
            cell = _put(sheet.ws, sheet.row, index, _get(total, column.field), column.value_kind)
            _register(sheet, _pointer(("total",) + column.field), cell)
    _style_row(sheet, "total")
    sheet.row += 1
    _summary_rows(sheet, total, ("total",), words)


def _list_rows(sheet: _Sheet, key: str, rows: list[Any]) -> None:
    """A list document's rows (the pagu indikatif: one per perangkat daerah), a cell per column."""
    for number, row in enumerate(rows):
        for index, column in enumerate(sheet.columns, start=1):
            cell = _put(sheet.ws, sheet.row, index, _get(row, column.field), column.value_kind)
            _register(sheet, _pointer((key, number) + column.field), cell)
        _style_row(sheet, "sub_kegiatan")
        sheet.row += 1


def _write_table(sheet: _Sheet, document: PlanDocument, words: dict[str, str]) -> None:
    rows_key = document_type(sheet.layout.jenis).rows
    if rows_key is not None:
        _list_rows(sheet, rows_key, getattr(document, rows_key))
        return

    def program_rows(path: tuple[str | int, ...], program: Any) -> None:
        _item_rows(sheet, "program", path, program)
        for k, kegiatan in enumerate(program.kegiatan):
            _item_rows(sheet, "kegiatan", path + ("kegiatan", k), kegiatan)
            for s, sub in enumerate(kegiatan.sub_kegiatan):
                _item_rows(sheet, "sub_kegiatan", path + ("kegiatan", k, "sub_kegiatan", s), sub)
        _summary_rows(sheet, program, path, words)

    for u, urusan in enumerate(document.urusan):
        _header_row(sheet, "urusan", ("urusan", u), urusan)
        for b, bidang in enumerate(urusan.bidang_urusan):
            path: tuple[str | int, ...] = ("urusan", u, "bidang_urusan", b)
            _header_row(sheet, "bidang", path, bidang)
            if bidang.unit is not None:
                _header_row(sheet, "unit", path + ("unit",), bidang.unit)
            for p, program in enumerate(bidang.program):
                program_rows(path + ("program", p), program)
    for p, program in enumerate(document.program):
        program_rows(("program", p), program)
    _total_rows(sheet, document, words)


def _page_setup(sheet: _Sheet, head: tuple[int, int], last_row: int) -> None:
    ws = sheet.ws
    printed = len(sheet.layout.columns)
    nama_at = sheet.layout.index("item", ("nama",))
    ws.freeze_panes = ws.cell(row=head[1] + 1, column=(nama_at or 0) + 2)
    ws.print_area = f"A1:{get_column_letter(printed)}{max(last_row, head[1])}"
    _print_setup(ws, f"{head[0]}:{head[1]}")
    ws.print_options.horizontalCentered = True


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    """A4 landscape, one page wide, the heading rows repeated on every page."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _write_plan_sheet(workbook: Workbook, document: PlanDocument | None, name: str, jenis: str,
                      words: dict[str, str], lang: str) -> _Sheet:
    ws = workbook.create_sheet(name)
    layout = layout_for(jenis)
    sheet = _Sheet(ws, layout, _columns(layout, document))
    _write_title(sheet, document, words, lang)
    head = _write_head(sheet, lang)
    if document is not None:
        _write_table(sheet, document, words)
    else:
        for _ in range(_TEMPLATE_ROWS):  # empty rows, bordered and formatted, to type into
            for index, column in enumerate(sheet.columns, start=1):
                cell = ws.cell(row=sheet.row, column=index)
                if column.value_kind == "uang":
                    cell.number_format = "#,##0.00"
                elif column.value_kind == "kode":
                    cell.number_format = "@"
            _style_row(sheet, "sub_kegiatan")
            sheet.row += 1
    _page_setup(sheet, head, sheet.row - 1)
    return sheet


# --- the Dokumen and Temuan sheets -------------------------------------------------------------

def _write_dokumen(workbook: Workbook, entries: list[tuple[str, str, PlanDocument | None]], sheets: list[_Sheet],
                   lang: str, words: dict[str, str]) -> None:
    """Each plan's header as a column of a key-value table: the fields no printed title carries."""
    ws = workbook.create_sheet(DOKUMEN_SHEET)
    language = 1 if lang == "en" else 0
    ws.append([words["field"], words["key"]] + [name for name, _file, _doc in entries])
    for index, (key, *labels) in enumerate(DOKUMEN_FIELDS, start=2):
        _put(ws, index, 1, labels[language])
        _put(ws, index, 2, "dokumen." + ".".join(key))
        for column, ((_name, _file, document), sheet) in enumerate(zip(entries, sheets), start=3):
            if document is None:  # a blank form knows only its kind
                value = sheet.layout.jenis if key == ("jenis",) else None
            else:
                value = _get(document.dokumen, key)
            cell = _put(ws, index, column, value)
            _register(sheet, _pointer(("dokumen",) + key), cell)
    source_row = len(DOKUMEN_FIELDS) + 2
    _put(ws, source_row, 1, words["source"])
    for column, (_name, file, _document) in enumerate(entries, start=3):
        _put(ws, source_row, column, file)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 26
    for column in range(3, len(entries) + 3):
        ws.column_dimensions[get_column_letter(column)].width = 48
    widths = [32.0, 26.0] + [48.0] * len(entries)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _TEXT_ALIGNMENT
        _fit_height(ws, row[0].row, widths)
    ws.freeze_panes = "C2"
    _print_setup(ws, "1:1")


def _place(violation: Violation, sheet: _Sheet) -> CellRef | None:
    """The cell that shows the violation's value (or its nearest enclosing value, or its first cell)."""
    probe = violation.path
    while probe:
        if probe in sheet.pointers:
            return sheet.pointers[probe]
        probe = probe.rsplit("/", 1)[0]
    for pointer, ref in sheet.ordered:
        if violation.path and pointer.startswith(violation.path + "/"):
            return ref
    return None


def _annotate(workbook: Workbook, entries: list[PlanEntry], sheets: list[_Sheet], lang: str,
              words: dict[str, str]) -> list[tuple[Violation, CellRef | None]]:
    placed: list[tuple[Violation, CellRef | None]] = []
    marks: dict[tuple[str, str], list[Violation]] = {}
    for entry, sheet in zip(entries, sheets):
        for violation in entry.violations:
            # A finding about the whole document goes on the sheet's title.
            target = _place(violation, sheet) or sheet.title
            placed.append((violation, target))
            if target is not None:
                marks.setdefault((target.sheet, target.cell), []).append(violation)
    for (sheet_name, coordinate), violations in marks.items():
        cell = workbook[sheet_name][coordinate]
        gravest = min((v.severity for v in violations), key=_SEVERITY_RANK.__getitem__)
        cell.fill = _MARK_FILLS[gravest]
        text = "\n".join(f"{v.rule_id} ({words[v.severity]}): {v.message}" for v in violations)
        comment = Comment(_clean(text), "renja-rules")
        comment.width, comment.height = 360, min(60 + 40 * len(violations), 600)
        cell.comment = comment
    return placed


def _write_temuan(workbook: Workbook, placed: list[tuple[Violation, CellRef | None]], words: dict[str, str]) -> None:
    ws = workbook.create_sheet(TEMUAN_SHEET)
    headings = ["severity", "rule", "where", "kode", "message", "expected", "actual", "file"]
    ws.append([words[key] for key in headings])
    for violation, ref in placed:
        row = ws.max_row + 1
        values = [words[violation.severity], violation.rule_id, str(ref) if ref else "", violation.kode,
                  violation.message, violation.expected, violation.actual, violation.file]
        for column, value in enumerate(values, start=1):
            _put(ws, row, column, value, "kode" if column == 4 else "teks")
        if ref is not None:
            link = ws.cell(row=row, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=str(ref))  # inside the book
        ws.cell(row=row, column=1).fill = _MARK_FILLS[violation.severity]
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
    widths = (11.0, 9.0, 20.0, 18.0, 80.0, 20.0, 20.0, 30.0)
    for letter, width in zip("ABCDEFGH", widths):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _TEXT_ALIGNMENT
        _fit_height(ws, row[0].row, list(widths))
    ws.auto_filter.ref = f"A1:H{max(ws.max_row, 1)}"
    ws.freeze_panes = "A2"
    _print_setup(ws, "1:1")


# --- the book ------------------------------------------------------------------------------

def build_book(entries: list[PlanEntry], *, lang: str = "id", annotate: bool = True) -> Workbook:
    """The workbook of ``entries``: one sheet per plan, the Dokumen sheet, and, when ``annotate``
    and there are findings, the findings on their cells and in a Temuan sheet."""
    words = _WORDS.get(lang, _WORDS["id"])
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    sheets: list[_Sheet] = []
    named: list[tuple[str, str, PlanDocument | None]] = []
    for entry in entries:
        name = _sheet_name(entry.document, taken, words)
        sheets.append(_write_plan_sheet(workbook, entry.document, name, entry.document.dokumen.jenis, words, lang))
        named.append((name, entry.file, entry.document))
    _write_dokumen(workbook, named, sheets, lang, words)
    if annotate and any(entry.violations for entry in entries):
        _write_temuan(workbook, _annotate(workbook, entries, sheets, lang, words), words)
    workbook.active = 0
    return workbook


def build_template(jenis: str, *, lang: str = "id") -> Workbook:
    """An empty form of ``jenis`` to fill in: title rows, headings, column numbers, formatted rows."""
    words = _WORDS.get(lang, _WORDS["id"])
    layout = layout_for(jenis)
    workbook = Workbook()
    workbook.remove(workbook.active)
    name = _SHEET_NAME_BAD.sub("-", layout.title[1 if lang == "en" else 0])[:31]
    sheet = _write_plan_sheet(workbook, None, name, jenis, words, lang)
    _write_dokumen(workbook, [(name, "", None)], [sheet], lang, words)
    workbook.active = 0
    return workbook


def book_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file (written whole, then saved atomically by the caller)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
