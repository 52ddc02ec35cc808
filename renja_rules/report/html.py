"""The HTML report: one self-contained page a Bappeda verifier can open, print and forward.

No network, no JavaScript: CSS is inline and charts are inline SVG drawn here. The page
holds a summary (by file and by rule, counts per severity) and, for each plan, its table
as the verifier knows it:

* revision tables (``perubahan-renja``, also ``renja``): kode, nama, indikator, target
  and pagu before and after, selisih, lokasi, sumber dana, catatan; one row per
  indicator row, program and kegiatan rows bold;
* evaluation tables (``evaluasi-renja``): kode, nama, indikator and the K/Rp pairs of
  columns 5-11, each program's stated average and predikat rows, the totals, and per
  program a chart of its stated average achievement, column 9 (this year) beside column 11
  (the Renstra), against the predikat bands; a panel with nothing to draw says why. The
  bands come from the rule set (a rule of kind ``bands``); without one, no bands are drawn.

The first screen names whose plans these are (perangkat daerah, pemerintah daerah, year) and
which documents. A plan table scrolls inside a box no taller than the window, its head row
and kode and nama columns sticky, so that on a 1366x768 laptop every marked cell can be
scrolled into view with its row's kode beside it (``tests/test_reports_browser.py``
measures it in Chromium); in print the table flows over pages with its head repeated.

A violation is placed by its ``path`` (the JSON pointer of the offending value): the
cell holding that value is marked (CSS class, rule IDs, a tooltip with the messages)
and the violation is listed under the rows of its item, its rule ID a link to the cell. Everything is escaped by
Jinja2's autoescaping; money is shown in Indonesian notation.
"""

from __future__ import annotations

import colorsys
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from .. import __version__
from ..doctypes import Column, Layout, document_type
from ..errors import RenjaRulesError
from ..numbers import Angka, format_angka
from ..plan import Plan
from ..violation import SEVERITIES, Violation
from .paths import report_path
from .result import FileResult, Result

__all__ = ["render_html"]

_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}



@dataclass(frozen=True)
class Pairs:
    """The K/Rp columns of an evaluation layout: (field, number as printed), and those in percent."""

    columns: tuple[tuple[str, int], ...]
    percent: frozenset[str]


def evaluation_pairs(layout: Layout) -> Pairs:
    """The K/Rp pairs of ``layout`` in order (columns 5-11 of T-C.29), from the registry's layout."""
    columns = tuple((column.field[0], int(column.number)) for column in layout.columns
                    if column.source == "indikator" and column.field[1:] == ("k",))
    percent = frozenset(column.field[0] for column in layout.columns
                        if column.field[1:] == ("rp",) and column.value_kind == "persen")
    return Pairs(columns, percent)

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan pemeriksaan rencana kerja",
        "generated": "Dibuat oleh renja-rules {version}",
        "summary": "Ringkasan",
        "by_file": "Per berkas",
        "by_rule": "Per aturan",
        "file": "Berkas",
        "status": "Status",
        "checked": "diperiksa",
        "failed": "gagal dimuat",
        "rule": "Aturan",
        "rule_title": "Judul",
        "severity": "Tingkat",
        "total": "Jumlah",
        "error": "error",
        "warning": "peringatan",
        "info": "info",
        "no_violations": "Tidak ada pelanggaran.",
        "files_checked": "{checked} berkas diperiksa, {failed} gagal dimuat; {n} pelanggaran.",
        "contents": "Daftar isi",
        "document": "Dokumen",
        "jenis": "Jenis",
        "judul": "Judul",
        "tabel": "Tabel",
        "tahun": "Tahun",
        "periode": "Periode",
        "pemerintah_daerah": "Pemerintah daerah",
        "perangkat_daerah": "Perangkat daerah",
        "dasar_hukum": "Dasar hukum",
        "counts": "Jumlah program, kegiatan, sub kegiatan",
        "declared": "dinyatakan",
        "in_table": "dalam tabel",
        "program": "Program",
        "kegiatan": "Kegiatan",
        "sub_kegiatan": "Sub kegiatan",
        "document_violations": "Pelanggaran pada tingkat dokumen",
        "load_error": "Berkas tidak dapat dimuat",
        "kode": "Kode",
        "nama": "Program / Kegiatan / Sub Kegiatan",
        "indikator": "Indikator kinerja",
        "col_target_renstra": "Target Renstra akhir periode",
        "col_realisasi_renstra_lalu": "Realisasi Renstra s.d. tahun lalu",
        "col_target": "Target Renja tahun berjalan",
        "col_realisasi": "Realisasi Renja tahun berjalan",
        "col_capaian": "Tingkat capaian (%)",
        "col_realisasi_kumulatif": "Realisasi kinerja dan anggaran s.d. tahun berjalan",
        "col_capaian_renstra": "Tingkat capaian Renstra (%)",
        "rata_rata": "Rata-rata capaian kinerja",
        "predikat": "Predikat kinerja",
        "total_row": "Total",
        "position": "baris {line}, kolom {column}",
        "charts": "Capaian rata-rata program terhadap rentang predikat",
        "charts_no_bands": "Capaian rata-rata program (aturan set ini tidak memuat rentang predikat)",
        "charts_note": "Batang: rata-rata capaian sub kegiatan yang tertulis di baris rata-rata program, K dan Rp; "
                       "kolom (9) capaian tahun ini di kiri, kolom (11) capaian Renstra di kanan.",
        "chart_stated": "predikat tertulis",
        "chart_panel_capaian": "(9) Tingkat capaian tahun ini",
        "chart_panel_capaian_renstra": "(11) Tingkat capaian Renstra",
        "chart_empty": "Program ini tidak menuliskan rata-rata capaian kolom ({number}): tidak ada batang.",
        "year": "Tahun {tahun}",
        "and_more": "dan {n} lainnya",
        "scroll_hint": "Tabel dapat digulir ke kanan dan ke bawah; kolom kode dan nama tetap terlihat.",
        "table": "Tabel",
        "none": "—",
    },
    "en": {
        "title": "Work plan check report",
        "generated": "Generated by renja-rules {version}",
        "summary": "Summary",
        "by_file": "By file",
        "by_rule": "By rule",
        "file": "File",
        "status": "Status",
        "checked": "checked",
        "failed": "could not be loaded",
        "rule": "Rule",
        "rule_title": "Title",
        "severity": "Severity",
        "total": "Total",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "no_violations": "No violations.",
        "files_checked": "{checked} files checked, {failed} could not be loaded; {n} violations.",
        "contents": "Contents",
        "document": "Document",
        "jenis": "Kind",
        "judul": "Title",
        "tabel": "Table",
        "tahun": "Year",
        "periode": "Period",
        "pemerintah_daerah": "Local government",
        "perangkat_daerah": "Office (perangkat daerah)",
        "dasar_hukum": "Legal basis",
        "counts": "Number of programs, kegiatan, sub kegiatan",
        "declared": "declared",
        "in_table": "in the table",
        "program": "Program",
        "kegiatan": "Kegiatan",
        "sub_kegiatan": "Sub kegiatan",
        "document_violations": "Violations at document level",
        "load_error": "The file could not be loaded",
        "kode": "Code",
        "nama": "Program / Kegiatan / Sub kegiatan",
        "indikator": "Performance indicator",
        "col_target_renstra": "Renstra target, end of period",
        "col_realisasi_renstra_lalu": "Renstra realisation up to last year",
        "col_target": "Renja target this year",
        "col_realisasi": "Renja realisation this year",
        "col_capaian": "Achievement (%)",
        "col_realisasi_kumulatif": "Cumulative realisation up to this year",
        "col_capaian_renstra": "Renstra achievement (%)",
        "rata_rata": "Average achievement",
        "predikat": "Predikat",
        "total_row": "Total",
        "position": "line {line}, column {column}",
        "charts": "Programs' average achievement against the predikat bands",
        "charts_no_bands": "Programs' average achievement (this rule set declares no predikat bands)",
        "charts_note": "Bars: the average achievement of the sub kegiatan as stated in the program's average row, K and Rp; "
                       "column (9), this year's achievement, on the left, column (11), the Renstra achievement, on the right.",
        "chart_stated": "stated predikat",
        "chart_panel_capaian": "(9) Achievement this year",
        "chart_panel_capaian_renstra": "(11) Renstra achievement",
        "chart_empty": "This program states no average achievement in column ({number}): no bars.",
        "year": "Year {tahun}",
        "and_more": "and {n} more",
        "scroll_hint": "The table scrolls right and down; the code and name columns stay in view.",
        "table": "Table",
        "none": "—",
    },
}


# --- the view model ----------------------------------------------------------------

@dataclass
class Cell:
    """One table cell: its text, the JSON pointer of the value it shows, and the violations on it."""

    text: str = ""
    pointer: str | None = None
    css: str = ""
    colspan: int = 1
    marks: list[Violation] = field(default_factory=list)
    anchor: str = ""  # the id a violation's list entry links to

    @property
    def severity(self) -> str | None:
        """The gravest severity among the violations on this cell."""
        if not self.marks:
            return None
        return min((v.severity for v in self.marks), key=_SEVERITY_RANK.__getitem__)

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(v.rule_id for v in self.marks))

    @property
    def tooltip(self) -> str:
        return "\n".join(f"{v.rule_id}: {v.message}" for v in self.marks)


@dataclass
class Row:
    kind: str  # urusan, bidang, unit, program, kegiatan, sub_kegiatan, rata_rata, predikat, total
    cells: list[Cell]
    first: bool = True  # the first row of its item (later indicator rows leave kode and nama blank)


@dataclass
class Block:
    """Rows that belong together (an item and its indicator rows) and the violations listed under them."""

    scopes: tuple[str, ...]
    rows: list[Row]
    violations: list[Violation] = field(default_factory=list)


@dataclass
class HeadCell:
    label: str
    rowspan: int = 1
    colspan: int = 1
    css: str = ""


@dataclass
class BandRect:
    x: str
    width: str
    fill: str
    label: str
    label_x: str


@dataclass
class Bar:
    label: str
    y: int
    width: str | None
    value: str
    stated: str


@dataclass
class Panel:
    """One chart panel: a program's stated average of one percentage column (9 or 11), K and Rp."""

    number: int
    title: str
    bands: list[BandRect]
    bars: list[Bar]
    ticks: list[tuple[str, str]]
    cap_x: str | None
    description: str
    empty: str  # why no bar is drawn, when none is


@dataclass
class Chart:
    kode: str
    nama: str
    panels: list[Panel]


@dataclass
class FileView:
    number: int
    name: str
    title: str = ""  # what the document is, as the verifier names it: "Evaluasi Renja · Tabel 2.1"
    subject: str = ""  # whose and which year: "Dinas Koperasi … · Kabupaten Malang · Tahun 2021"
    error: RenjaRulesError | None = None
    error_text: str = ""
    jenis: str = ""
    header: list[tuple[str, Cell]] = field(default_factory=list)
    counts_rows: list[tuple[str, Cell, int]] = field(default_factory=list)
    document: Block | None = None
    head: list[list[HeadCell]] = field(default_factory=list)
    columns: int = 0
    blocks: list[Block] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    has_bands: bool = False
    severity_counts: Counter[str] = field(default_factory=Counter)
    anchors: dict[int, str] = field(default_factory=dict)  # id(violation) -> id of its marked cell
    violations: list[Violation] = field(default_factory=list)


# --- rendering ---------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["id"] = id  # violations are keyed by identity: two can be equal in every field
    return environment


def render_html(result: Result, *, lang: str = "id", color: bool = False, root: str | Path | None = None) -> str:
    """The run as one self-contained HTML page, in Bahasa Indonesia (``id``) or English (``en``)."""
    words = _WORDS.get(lang, _WORDS["id"])
    files: list[FileView] = []
    for file_result in result.files:
        parts = file_result.parts() if file_result.error is None else []
        if len(parts) <= 1:
            files.append(_file_view(len(files), file_result, result, words, lang, root))
            continue
        for plan, violations in parts:  # a workbook or PDF-table text of several tables: one view each
            view = _file_view(len(files), FileResult(file_result.file, violations, plan=plan), result, words, lang, root)
            view.name = f"{view.name} · {plan.sheet}"
            files.append(view)
    counts = result.counts()
    titles = {rule.id: getattr(rule.title, lang) for rule in result.rules or ()}
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=lang if lang in _WORDS else "id",
        w=words,
        subjects=_subjects(files, words),
        version=__version__,
        files=files,
        severities=SEVERITIES,
        counts=counts,
        total=sum(counts.values()),
        checked=sum(1 for f in result.files if f.error is None),
        failed=len(result.errors),
        by_rule=_by_rule(result.violations, titles),
        report_path=lambda file: report_path(file, root),
    )


def _subjects(files: list[FileView], words: dict[str, str], shown: int = 3) -> list[str]:
    """Whose plans these are, for the first screen: each distinct PD and year once, the first few."""
    distinct = list(dict.fromkeys(f.subject for f in files if f.subject))
    if len(distinct) > shown:
        return distinct[:shown] + [words["and_more"].format(n=len(distinct) - shown)]
    return distinct


def _by_rule(violations: Iterable[Violation], titles: dict[str, str]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for violation in violations:
        row = rows.setdefault(
            violation.rule_id,
            {"id": violation.rule_id, "title": titles.get(violation.rule_id, ""), "counts": Counter()},
        )
        row["counts"][violation.severity] += 1
    return [rows[key] for key in sorted(rows)]


def _file_view(number: int, file_result: FileResult, result: Result, words: dict[str, str], lang: str, root: Any) -> FileView:
    view = FileView(number=number, name=report_path(file_result.file, root))
    view.violations = list(file_result.violations)
    view.severity_counts = Counter(v.severity for v in file_result.violations)
    if file_result.error is not None:
        error = file_result.error
        view.error = error
        position = ":".join(str(p) for p in (error.line, error.column) if p is not None)
        view.error_text = f"{view.name}:{position}: {error.message}" if position else f"{view.name}: {error.message}"
        return view
    plan = file_result.plan
    if plan is None:  # a result built without its plan: list the violations only
        view.document = Block(("",), [], list(file_result.violations))
        return view
    view.jenis = plan.jenis
    view.title, view.subject = _title(plan, words, lang)
    view.document = Block(("",), [])
    view.header, view.counts_rows = _document_header(plan, words)
    declared = document_type(plan.jenis)
    if declared.evaluation:
        pairs = evaluation_pairs(declared.layout)
        view.head, view.columns = _evaluation_head(words, pairs), 3 + 2 * len(pairs.columns)
        view.blocks = _evaluation_blocks(plan, words, pairs)
        bands, cap = _bands(result, plan.jenis)
        view.has_bands = bool(bands)
        view.charts = [
            Chart(node.obj.kode, node.obj.nama or "", [
                _panel(node.obj, attribute, number, bands, cap, lang, words)
                for attribute, number in pairs.columns if attribute in pairs.percent
            ])
            for node in plan.nodes("program")
        ]
    elif declared.rows is not None:  # a list document (the pagu indikatif): a row per entry, every column
        at = 0 if lang == "id" else 1
        view.head = [[HeadCell(column.heading[at], rowspan=2) for column in declared.layout.columns], []]
        view.columns = len(declared.layout.columns)
        view.blocks = _list_blocks(plan, declared.layout, declared.rows)
    else:
        view.head, view.columns = _layout_head(declared.layout, lang), _width(declared.layout)
        view.blocks = _layout_blocks(plan, declared.layout, view.columns)
    _place(file_result.violations, view)
    return view


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Angka):
        return value.teks
    return str(value)


def _money(value: Angka | None) -> str:
    """A rupiah cell in Indonesian notation; a damaged or empty cell exactly as written."""
    if value is None:
        return ""
    if value.nilai is None:
        return value.teks
    places = 2 if -value.nilai.as_tuple().exponent <= 2 else None  # type: ignore[operator]
    return format_angka(value.nilai, "id", places=places)


def _document_header(plan: Plan, words: dict[str, str]) -> tuple[list[tuple[str, Cell]], list[tuple[str, Cell, int]]]:
    dokumen = plan.document.dokumen
    header = []
    for name in ("jenis", "judul", "tabel", "tahun", "periode", "pemerintah_daerah", "perangkat_daerah", "dasar_hukum"):
        value = getattr(dokumen, name, None)
        if value is not None:
            header.append((words[name], Cell(_text(value), _pointer(("dokumen", name)))))
    counts = []
    for level in ("program", "kegiatan", "sub_kegiatan"):
        declared = getattr(dokumen.jumlah, level, None) if dokumen.jumlah else None
        cell = Cell(_text(declared), _pointer(("dokumen", "jumlah", level)), css="num")
        counts.append((words[level], cell, len(plan.nodes(level))))
    return header, counts


def _title(plan: Plan, words: dict[str, str], lang: str) -> tuple[str, str]:
    """The document's name and its subject (PD, government, year), as the first screen shows them."""
    dokumen = plan.document.dokumen
    title = document_type(dokumen.jenis).name[0 if lang == "id" else 1]
    if dokumen.tabel:
        title += f" · {words['tabel']} {dokumen.tabel}"
    parts = [dokumen.perangkat_daerah, dokumen.pemerintah_daerah, words["year"].format(tahun=dokumen.tahun)]
    return title, " · ".join(part for part in parts if part)


def _shown(layout: Layout) -> list[Column]:
    """The layout's columns the report shows: kode and nama first (sticky), then the indicator's."""
    return [column for column in layout.columns if column.field in (("kode",), ("nama",)) or column.source == "indikator"]


def _width(layout: Layout) -> int:
    return len(_shown(layout))


def _layout_head(layout: Layout, lang: str) -> list[list[HeadCell]]:
    """The two header rows of a printed layout: a group's heading over its columns, the others spanning both."""
    at = 0 if lang == "id" else 1
    first: list[HeadCell] = []
    second: list[HeadCell] = []
    previous: tuple[str, str] | None = None
    for column in _shown(layout):
        css = column.field[0] if column.field in (("kode",), ("nama",)) else ""
        if column.group is None:
            first.append(HeadCell(column.heading[at], rowspan=2, css=css))
        elif column.group == previous:
            first[-1].colspan += 1
        else:
            first.append(HeadCell(column.group[at], colspan=1))
        if column.group is not None:
            second.append(HeadCell(column.heading[at]))
        previous = column.group
    return [first, second]


_CSS_OF_KIND = {"nilai": "target", "uang": "num", "persen": "num"}


def _layout_cells(layout: Layout) -> Callable[[Any], list[Cell]]:
    """A function from an indicator row to its cells, in the layout's order."""
    columns = [column for column in _shown(layout) if column.source == "indikator"]

    def cells(row: Any) -> list[Cell]:
        made = []
        for column in columns:
            value = row.obj
            for part in column.field:
                value = getattr(value, part, None) if value is not None else None
            shown = _money(value) if column.value_kind == "uang" else _text(value)
            css = column.field[0] if column.field in (("uraian",), ("catatan",)) else _CSS_OF_KIND.get(column.value_kind, "")
            made.append(Cell(shown, _pointer(row.path + column.field), css))
        return made

    return cells


def _list_blocks(plan: Plan, layout: Layout, key: str) -> list[Block]:
    """A list document's rows, each a block of its own (its findings listed under it)."""
    blocks = []
    for number, entry in enumerate(getattr(plan.document, key)):
        path = (key, number)
        cells = []
        for column in layout.columns:
            value = getattr(entry, column.field[0], None)
            shown = _money(value) if column.value_kind == "uang" else _text(value)
            cells.append(Cell(shown, _pointer(path + column.field), _CSS_OF_KIND.get(column.value_kind, "")))
        blocks.append(Block((_pointer(path),), [Row("sub_kegiatan", cells)]))
    return blocks


def _layout_blocks(plan: Plan, layout: Layout, columns: int) -> list[Block]:
    cells = _layout_cells(layout)
    return _walk_items(plan, columns, lambda node: _indicator_rows(node, columns, cells))


def _evaluation_head(words: dict[str, str], pairs: Pairs) -> list[list[HeadCell]]:
    first = [HeadCell(words["kode"], rowspan=2, css="kode"), HeadCell(words["nama"], rowspan=2, css="nama"),
             HeadCell(words["indikator"], rowspan=2)]
    first += [HeadCell(f"({number}) {words['col_' + name]}", colspan=2) for name, number in pairs.columns]
    second = [HeadCell(label, css="kolom") for _ in pairs.columns for label in ("K", "Rp")]
    return [first, second]


def _header_blocks(plan: Plan, columns: int) -> dict[tuple, Block]:
    """Blocks for the urusan / bidang urusan (and unit) header rows, keyed by the bidang's path."""
    blocks: dict[tuple, Block] = {}
    for u, urusan in enumerate(plan.document.urusan):
        base = ("urusan", u)
        blocks[base] = Block(
            (_pointer(base),),
            [Row("urusan", [Cell(urusan.kode, _pointer(base + ("kode",)), "kode"),
                            Cell(_text(urusan.nama), _pointer(base + ("nama",)), "nama", colspan=columns - 1)])],
        )
        for b, bidang in enumerate(urusan.bidang_urusan):
            path = base + ("bidang_urusan", b)
            rows = [Row("bidang", [Cell(bidang.kode, _pointer(path + ("kode",)), "kode"),
                                   Cell(_text(bidang.nama), _pointer(path + ("nama",)), "nama", colspan=columns - 1)])]
            if bidang.unit is not None:
                unit = path + ("unit",)
                rows.append(Row("unit", [Cell(bidang.unit.kode, _pointer(unit + ("kode",)), "kode"),
                                         Cell(_text(bidang.unit.nama), _pointer(unit + ("nama",)), "nama", colspan=columns - 1)]))
            blocks[path] = Block((_pointer(path),), rows)
    return blocks


def _walk_items(plan: Plan, columns: int, item_rows: Any, after_program: Any = None) -> list[Block]:
    """Blocks in table order: header rows where a new urusan or bidang starts, then each item's rows."""
    headers = _header_blocks(plan, columns)
    blocks: list[Block] = []
    shown: set[tuple] = set()

    def visit(node: Any) -> None:
        blocks.append(Block((_pointer(node.path),), item_rows(node)))
        for child in node.children:
            visit(child)
        if node.level == "program" and after_program is not None:
            extra = after_program(node)
            if extra is not None:
                blocks.append(extra)

    for node in plan.nodes("program"):
        if node.bidang_path is not None:
            for key in (node.bidang_path[:2], node.bidang_path):
                if key not in shown and key in headers:
                    shown.add(key)
                    blocks.append(headers[key])
        visit(node)
    # Header rows without programs under them still belong in the table.
    blocks.extend(block for key, block in headers.items() if key not in shown)
    return blocks


def _item_cells(node: Any, first: bool) -> list[Cell]:
    if first:
        return [Cell(node.obj.kode, _pointer(node.path + ("kode",)), "kode"),
                Cell(_text(node.obj.nama), _pointer(node.path + ("nama",)), "nama")]
    return [Cell(css="kode"), Cell(css="nama")]


def _indicator_rows(node: Any, columns: int, row_cells: Callable[[Any], list[Cell]]) -> list[Row]:
    """One table row per indicator row of an item (an empty one when it has none)."""
    rows = []
    for index, row in enumerate(node.indikator or [None]):
        cells = _item_cells(node, index == 0)
        cells += [Cell() for _ in range(columns - 2)] if row is None else row_cells(row)
        rows.append(Row(node.level, cells, first=index == 0))
    return rows


def _pair_cells(obj: Any, path: tuple, name: str, percent: frozenset[str]) -> list[Cell]:
    pair = getattr(obj, name, None) if obj is not None else None
    k = getattr(pair, "k", None) if pair is not None else None
    rp = getattr(pair, "rp", None) if pair is not None else None
    rp_text = _text(rp) if name in percent else _money(rp)
    return [
        Cell(_text(k), _pointer(path + (name, "k")), "num k"),
        Cell(rp_text, _pointer(path + (name, "rp")), "num rp"),
    ]


def _evaluation_blocks(plan: Plan, words: dict[str, str], pairs: Pairs) -> list[Block]:
    columns = 3 + 2 * len(pairs.columns)

    def row_cells(row: Any) -> list[Cell]:
        cells = [Cell(_text(row.obj.uraian), _pointer(row.path + ("uraian",)), "uraian")]
        for name, _number in pairs.columns:
            cells += _pair_cells(row.obj, row.path, name, pairs.percent)
        return cells

    def item_rows(node: Any) -> list[Row]:
        return _indicator_rows(node, columns, row_cells)

    def summary_rows(owner: Any, path: tuple) -> list[Row]:
        rows = []
        for kind, attribute in (("rata_rata", "rata_rata"), ("predikat", "predikat")):
            value = getattr(owner, attribute, None)
            if value is None:
                continue
            cells = [Cell(words[kind], css="label", colspan=3)]
            for name, _number in pairs.columns:
                if name in pairs.percent:  # averages and predikat are stated for the achievement columns
                    cells += _pair_cells(value, path + (attribute,), name, pairs.percent)
                else:
                    cells += [Cell(), Cell()]
            rows.append(Row(kind, cells))
        return rows

    def after_program(node: Any) -> Block | None:
        rows = summary_rows(node.obj, node.path)
        if not rows:
            return None
        return Block((_pointer(node.path + ("rata_rata",)), _pointer(node.path + ("predikat",))), rows)

    blocks = _walk_items(plan, columns, item_rows, after_program)
    total = plan.document.total
    if total is not None:
        cells = [Cell(words["total_row"], css="label", colspan=3)]
        for name, _number in pairs.columns:
            cells += _pair_cells(total, ("total",), name, pairs.percent)
        rows = [Row("total", cells)] + summary_rows(total, ("total",))
        blocks.append(Block(("/total",), rows))
    return blocks


def _place(violations: Iterable[Violation], view: FileView) -> None:
    """List each violation under the block that owns its path and mark the cell that shows its value."""
    cells: dict[str, Cell] = {}
    ordered: list[Cell] = []
    for _label, cell in view.header:
        ordered.append(cell)
    for _label, cell, _count in view.counts_rows:
        ordered.append(cell)
    for block in view.blocks:
        for row in block.rows:
            ordered.extend(row.cells)
    for cell in ordered:
        if cell.pointer is not None:
            cells.setdefault(cell.pointer, cell)
    assert view.document is not None
    owners = {scope: block for block in view.blocks for scope in block.scopes}
    for violation in violations:
        # The innermost block whose scope contains the path; the document block otherwise.
        owner = view.document
        probe = violation.path
        while probe:
            if probe in owners:
                owner = owners[probe]
                break
            probe = probe.rsplit("/", 1)[0]
        owner.violations.append(violation)
        cell = _cell_for(violation.path, cells, ordered)
        if cell is not None:
            if not cell.marks:
                cell.anchor = f"sel-{view.number}-{len(view.anchors)}"
            cell.marks.append(violation)
            view.anchors[id(violation)] = cell.anchor


def _cell_for(path: str, cells: dict[str, Cell], ordered: list[Cell]) -> Cell | None:
    probe = path
    while probe:
        if probe in cells:
            return cells[probe]
        probe = probe.rsplit("/", 1)[0]
    # A violation on a whole row or item: mark its first cell.
    for cell in ordered:
        if cell.pointer is not None and cell.pointer.startswith(path + "/"):
            return cell
    return None


# --- predikat bands and the chart ------------------------------------------------------

def _bands(result: Result, jenis: str) -> tuple[list[tuple[Decimal | None, str]], Decimal | None]:
    """The predikat bands of the run's rule set (lowest first) and its cap; none without a bands rule."""
    from ..kinds.bands import bands_of

    return bands_of(result.rules or (), jenis)


# Chart geometry, in SVG user units.
_X0, _X1 = 44, 440
_BAR_HEIGHT, _BAR_GAP, _TOP = 18, 8, 22


def _axis_max(values: list[Decimal], bands: list[tuple[Decimal | None, str]], cap: Decimal | None) -> Decimal:
    candidates = [Decimal(100)] + values + [b for b, _ in bands if b is not None] + ([cap] if cap is not None else [])
    top = max(candidates)
    return (top / 20).to_integral_value(rounding=ROUND_CEILING) * 20


def _x(value: Decimal, axis: Decimal) -> Decimal:
    clamped = min(max(value, Decimal(0)), axis)
    return _X0 + clamped / axis * (_X1 - _X0)


def _svg_number(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


def _band_fill(index: int, count: int) -> str:
    # From red (lowest band) to green (highest): the reader's eye knows the order.
    hue = (120 * index / (count - 1) if count > 1 else 120) / 360
    red, green, blue = colorsys.hls_to_rgb(hue, 0.86, 0.65)
    return "#{:02x}{:02x}{:02x}".format(round(red * 255), round(green * 255), round(blue * 255))


def _series(program: Any, attribute: str) -> list[tuple[str, Decimal | None, str | None]]:
    """The K and Rp bars of a program's column: the stated average and the stated predikat."""
    rata_rata = getattr(program.rata_rata, attribute, None) if program.rata_rata else None
    stated = getattr(program.predikat, attribute, None) if program.predikat else None
    series = []
    for label, key in (("K", "k"), ("Rp", "rp")):
        angka = getattr(rata_rata, key, None) if rata_rata is not None else None
        value = angka.nilai if isinstance(angka, Angka) else None
        series.append((label, value, getattr(stated, key, None) if stated is not None else None))
    return series


def _band_rects(bands: list[tuple[Decimal | None, str]], axis: Decimal) -> list[BandRect]:
    """The predikat bands as rectangles along the axis, lowest first."""
    rects = []
    for index, (low, predikat) in enumerate(bands):
        start = _x(low if low is not None else Decimal(0), axis)
        high = bands[index + 1][0] if index + 1 < len(bands) else None
        end = _x(high, axis) if high is not None else Decimal(_X1)
        rects.append(
            BandRect(_svg_number(start), _svg_number(end - start), _band_fill(index, len(bands)), predikat, _svg_number((start + end) / 2))
        )
    return rects


def _panel(program: Any, attribute: str, number: int, bands: list[tuple[Decimal | None, str]], cap: Decimal | None,
           lang: str, words: dict[str, str]) -> Panel:
    """The panel of column ``number`` (``attribute`` of the program's average and predikat rows)."""
    series = _series(program, attribute)
    values = [value for _label, value, _stated in series if value is not None]
    axis = _axis_max(values, bands, cap)
    rects = _band_rects(bands, axis)
    bars = []
    for index, (label, value, stated_predikat) in enumerate(series):
        y = _TOP + 4 + index * (_BAR_HEIGHT + _BAR_GAP)
        width = _svg_number(_x(value, axis) - _X0) if value is not None else None
        shown = format_angka(value, lang) + "%" if value is not None else words["none"]
        bars.append(Bar(label, y, width, shown, stated_predikat or words["none"]))
    step = 20 if axis <= 200 else 100  # a Renstra achievement of 524% would crowd the axis with labels
    ticks = [(_svg_number(_x(Decimal(t), axis)), str(t)) for t in range(0, int(axis) + 1, step)]
    title = words["chart_panel_" + attribute]
    empty = "" if values else words["chart_empty"].format(number=number)
    description = "; ".join(f"{bar.label} {bar.value} ({words['chart_stated']} {bar.stated})" for bar in bars)
    return Panel(
        number=number,
        title=title,
        bands=rects,
        bars=bars,
        ticks=ticks,
        cap_x=_svg_number(_x(cap, axis)) if cap is not None else None,
        description=f"{program.kode} {title}: {empty or description}",
        empty=empty,
    )
