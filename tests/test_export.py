"""``renja-rules export``: plans as workbooks in their printed layout, findings on their cells.

The books are read back with openpyxl itself: title rows, merged headings, the row of column
numbers, exact number cells with an Indonesian-looking format, frozen panes, print setup, a
comment with the rule ID and message on each offending cell, and the Temuan sheet.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renja_rules
from renja_rules.cli import main
from renja_rules.doctypes import document_type
from renja_rules.documents import link_documents
from renja_rules.engine import check as check_plan
from renja_rules.export import PlanEntry, export_book
from renja_rules.export.book import DOKUMEN_FIELDS, build_book
from renja_rules.export.layout import LAYOUTS
from renja_rules.numbers import Angka, format_angka
from renja_rules.plan import parse_plan

from .chain import generated_text
from .conftest import CLEAN, EXAMPLES, SEED_21, SEED_31

SEED = EXAMPLES / "seed-malang-2021"


def export(*args: str) -> Any:
    return CliRunner().invoke(main, ["export", *args])


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[renja_rules.Violation]]]:
    """The seed folder exported with its findings, and the findings the check gives."""
    book = tmp_path_factory.mktemp("export") / "seed.xlsx"
    run = export(str(SEED), "-o", str(book))
    assert run.exit_code == 0, run.output
    rules = renja_rules.load_rules()
    plans = [renja_rules.load_plan(path) for path in (SEED_31, SEED_21)]
    link_documents(plans)  # checked as a folder: the two tables form one document set
    return book, {plan.file: check_plan(plan, rules) for plan in plans}


def _xml_values(book: Path, sheet_index: int) -> dict[str, str]:
    """The literal ``<v>`` text of each number cell of a sheet, by coordinate."""
    with zipfile.ZipFile(book) as archive:
        xml = archive.read(f"xl/worksheets/sheet{sheet_index}.xml").decode("utf-8")
    return dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml))


def test_the_book_has_a_sheet_per_plan_in_its_printed_layout(seed_book: Any) -> None:
    book, _ = seed_book
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["Tabel 2.1", "Tabel 3.1", "Dokumen", "Temuan"]  # in the folder's file order
    ws = workbook["Tabel 3.1"]
    # Title rows: table number, title, perangkat daerah, pemerintah daerah, year.
    titles = [ws.cell(row=r, column=1).value for r in range(1, 6)]
    assert titles == ["Tabel 3.1", "Rumusan Perubahan Rencana Kerja dan Pendanaan Perangkat Daerah Kabupaten Malang Tahun 2021",
                      "Dinas Koperasi dan Usaha Mikro", "Kabupaten Malang", "Tahun 2021"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:K1", "A7:A8", "D7:E7", "F7:G7", "H7:H8"} <= merged  # group headings over target and pagu
    assert [ws.cell(row=8, column=c).value for c in range(4, 8)] == ["Target Capaian Kinerja", "Pagu (Rp)"] * 2
    assert [ws.cell(row=9, column=c).value for c in range(1, 12)] == [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "8=(7-5)", "(9)", "(10)", "(11)"]
    assert ws.freeze_panes == "C10" and ws.print_title_rows == "$7:$9"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    # The first program row: a code as text, money as an exact number with Indonesian-looking places.
    row = next(r for r in range(10, ws.max_row) if ws.cell(row=r, column=1).value == "2.17.01")
    assert ws.cell(row=row, column=1).data_type == "s" and ws.cell(row=row, column=1).number_format == "@"
    pagu = ws.cell(row=row, column=7)
    assert pagu.data_type == "n" and pagu.number_format == "#,##0.00"
    assert _xml_values(book, 2)[pagu.coordinate] == "9175511065.00"  # the Decimal's own digits, no float
    assert ws.cell(row=row, column=6).value == "100%"  # a target with its unit stays as written
    assert workbook["Tabel 2.1"].freeze_panes == "D10"


def test_sums_work_on_the_number_cells(seed_book: Any) -> None:
    """The kegiatan 2.17.01.2.02's pagu cells are numbers: its sub kegiatan add up in Decimal."""
    book, _ = seed_book
    ws = openpyxl.load_workbook(book)["Tabel 3.1"]
    codes = [(r, ws.cell(row=r, column=1).value) for r in range(10, ws.max_row + 1)]
    subs = [r for r, code in codes if code and code.startswith("2.17.01.2.02.")]
    values = [ws.cell(row=r, column=7).value for r in subs]
    assert subs and all(isinstance(v, (int, float)) for v in values)
    plan = renja_rules.load_plan(SEED_31)
    node = plan.find("kegiatan", "2.17.01.2.02")
    assert node is not None
    expected = sum(sub.indikator[0].sesudah.pagu.nilai for sub in node.obj.sub_kegiatan)
    assert sum(Decimal(repr(v)) for v in values) == expected


def test_each_finding_is_on_its_cell_with_its_rule_and_message(seed_book: Any) -> None:
    book, by_file = seed_book
    workbook = openpyxl.load_workbook(book)
    temuan = workbook["Temuan"]
    header = [c.value for c in temuan[1]]
    assert header == ["Tingkat", "Aturan", "Lembar!Sel", "Kode", "Pesan", "Seharusnya", "Tertulis", "Berkas"]
    assert temuan.auto_filter.ref == f"A1:H{temuan.max_row}"
    rows = [[c.value for c in row] for row in temuan.iter_rows(min_row=2)]
    violations = [v for found in by_file.values() for v in found]
    assert sorted((r[1], r[4]) for r in rows) == sorted((v.rule_id, v.message) for v in violations)
    for severity, rule_id, where, kode, message, expected, actual, file in rows:
        assert where, (rule_id, message)  # every finding of the seed has a cell
        sheet, cell = re.fullmatch(r"'?(.*?)'?!([A-Z]+\d+)", where).groups()  # type: ignore[union-attr]
        comment = workbook[sheet][cell].comment
        assert comment is not None and f"{rule_id} ({severity}): {message}" in comment.text
        assert workbook[sheet][cell].fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C", "FFDDEBF7")
    # A value finding sits on the cell holding that value: PG001 on the kegiatan's stated pagu.
    pg001 = next(r for r in rows if r[1] == "PG001")
    sheet, cell = pg001[2].strip("'").split("'!")
    assert Decimal(repr(workbook[sheet][cell].value)) == Decimal(pg001[6])
    # The declared counts have no cell in the table: they are on the Dokumen sheet.
    jm002 = [r for r in rows if r[1] == "JM002"]
    assert jm002 and all(r[2].startswith("Dokumen!") for r in jm002)
    assert {workbook["Dokumen"][r[2].split("!")[1]].value for r in jm002} == {11}


def test_english_findings_and_headings(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    run = export(str(SEED_31), "-o", str(book), "--lang", "en")
    assert run.exit_code == 0, run.output
    workbook = openpyxl.load_workbook(book)
    assert [c.value for c in workbook["Temuan"][1]][:3] == ["Severity", "Rule", "Sheet!Cell"]
    assert workbook["Table 3.1"]["A7"].value == "Code"
    comments = [c.comment.text for row in workbook["Table 3.1"].iter_rows() for c in row if c.comment]
    assert any("PG001 (error): Pagu" in text and "sub kegiatan add up to" in text for text in comments)


def test_without_findings_the_book_is_the_plan_alone(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    run = export(str(SEED_31), "-o", str(book), "--no-findings")
    assert run.exit_code == 0, run.output
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["Tabel 3.1", "Dokumen"]
    assert not any(c.comment for ws in workbook for row in ws.iter_rows() for c in row)


def test_a_clean_plan_gets_no_temuan_sheet(tmp_path: Path) -> None:
    book = tmp_path / "bersih.xlsx"
    assert export(str(CLEAN), "-o", str(book)).exit_code == 0
    assert "Temuan" not in openpyxl.load_workbook(book).sheetnames


def test_rule_options_apply_as_in_check(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    run = export(str(SEED_31), "-o", str(book), "--select", "PG")
    assert run.exit_code == 0, run.output
    rules = {row[1].value for row in openpyxl.load_workbook(book)["Temuan"].iter_rows(min_row=2)}
    assert rules == {"PG001"}


def test_the_dokumen_sheet_holds_every_header_field(seed_book: Any) -> None:
    book, _ = seed_book
    ws = openpyxl.load_workbook(book)["Dokumen"]
    assert [c.value for c in ws[1]] == ["Isian", "Kunci", "Tabel 2.1", "Tabel 3.1"]
    keys = {ws.cell(row=r, column=2).value: r for r in range(2, len(DOKUMEN_FIELDS) + 2)}
    assert ws.cell(row=keys["dokumen.tahun"], column=4).value == 2021
    assert ws.cell(row=keys["dokumen.jenis"], column=3).value == "evaluasi-renja"
    assert ws.cell(row=keys["dokumen.jumlah.sumber"], column=4).value == "Bab IV"


def test_an_input_is_never_overwritten_and_a_failed_run_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "rencana.yaml"
    plan.write_text(SEED_31.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "rencana.xlsx"
    target.symlink_to(plan)
    before = plan.read_bytes()
    run = export(str(plan), str(target), "-o", str(target))
    assert run.exit_code == 2 and "tidak menimpa" in run.output
    assert plan.read_bytes() == before
    # A plan that cannot be read: exit 2, the old book stays as it was.
    broken = tmp_path / "rusak.yaml"
    broken.write_text("dokumen: [\n", encoding="utf-8")
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"old")
    run = export(str(plan), str(broken), "-o", str(book))
    assert run.exit_code == 2 and "rusak.yaml" in run.output
    assert book.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "rencana.xlsx", "rencana.yaml", "rusak.yaml"]
    assert export(str(plan), "-o", str(tmp_path / "book.xls")).exit_code == 2


def _exported_with_lokasi(tmp_path: Path, lokasi: str, name: str) -> Any:
    """The revision sheet of the seed's Tabel 3.1 exported with its first lokasi written as ``lokasi``."""
    text = SEED_31.read_text(encoding="utf-8").replace("lokasi: Dinas koperasi dan Usaha Mikro", f"lokasi: {lokasi}", 1)
    plan = parse_plan(text, f"{name}.yaml")
    book = tmp_path / f"{name}.xlsx"
    export_book([PlanEntry(f"{name}.yaml", plan.document)], book, annotate=False)
    return openpyxl.load_workbook(book)["Tabel 3.1"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    ws = _exported_with_lokasi(tmp_path, "\"=HYPERLINK(\\\"http://x\\\")\"", "formula")
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_check_never_imports_openpyxl() -> None:
    script = (
        "import sys\n"
        "from renja_rules.cli import entry\n"
        f"sys.argv = ['renja-rules', 'check', '--no-cache', {str(CLEAN)!r}]\n"
        "try:\n    entry()\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules, file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert completed.stderr.strip() == "False", completed.stderr


# --- every value of a plan lands in its printed cell ---------------------------------------------

def _expected_rows(document: Any) -> list[tuple[str | None, Any]]:
    """(kode or None, indicator or None) per table row, in printed order (header and summary rows aside)."""
    rows: list[tuple[str | None, Any]] = []

    def item(obj: Any) -> None:
        for number, indikator in enumerate(obj.indikator or [None]):
            rows.append((obj.kode if number == 0 else None, indikator))

    def program(obj: Any) -> None:
        item(obj)
        for kegiatan in obj.kegiatan:
            item(kegiatan)
            for sub in kegiatan.sub_kegiatan:
                item(sub)

    for urusan in document.urusan:
        rows.append((urusan.kode, None))
        for bidang in urusan.bidang_urusan:
            rows.append((bidang.kode, None))
            if bidang.unit is not None:
                rows.append((bidang.unit.kode, None))
            for p in bidang.program:
                program(p)
    for p in document.program:
        program(p)
    return rows


def _as_written(cell: Any) -> Any:
    """A cell's value as the plan wrote it: exact Decimal for numbers."""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return Decimal(repr(cell.value)) if isinstance(cell.value, float) else Decimal(cell.value)
    return cell.value


def _plan_value(value: Any, cell: Any) -> Any:
    """What the cell must hold for a plan value: its number when the cell's format shows its text."""
    if isinstance(value, Angka):
        if cell.data_type == "n":
            places = len(cell.number_format.split(";")[0].partition(".")[2])
            shown = format_angka(abs(value.nilai), "id", places=places)
            negative = f"({shown})" if ";(" in cell.number_format else "-" + shown
            assert value.teks.strip() == (negative if value.nilai < 0 else shown)
            return value.nilai
        return value.teks
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return value


def assert_book_holds_plan(book: Path, document: Any, sheet: str) -> None:
    ws = openpyxl.load_workbook(book)[sheet]
    layout = LAYOUTS[document.dokumen.jenis]
    first = 10  # after five title rows at most, a blank row and three heading rows
    while ws.cell(row=first - 1, column=1).value != f"({layout.columns[0].number})":
        first -= 1
    rows_key = document_type(document.dokumen.jenis).rows
    if rows_key is not None:  # a list document: one sheet row per list row, every column its field
        rows = getattr(document, rows_key)
        filled = [r for r in range(first, ws.max_row + 1) if any(c.value is not None for c in ws[r])]
        assert filled == list(range(first, first + len(rows)))
        for r, row in enumerate(rows, start=first):
            for index, column in enumerate(layout.columns, start=1):
                cell = ws.cell(row=r, column=index)
                assert _as_written(cell) == _plan_value(getattr(row, column.field[0]), cell), (r, column.field)
        return
    kode_column = layout.index("item", ("kode",))
    assert kode_column is not None
    labels = {"Rata-rata capaian kinerja", "Predikat kinerja", "Jumlah"}
    nama_column = layout.index("item", ("nama",))
    table = [r for r in range(first, ws.max_row + 1) if ws.cell(row=r, column=nama_column + 1).value not in labels]
    expected = _expected_rows(document)
    assert len(table) == len(expected)
    for r, (kode, indikator) in zip(table, expected):
        assert ws.cell(row=r, column=kode_column + 1).value == kode
        if indikator is None:
            continue
        for index, column in enumerate(layout.columns, start=1):
            if column.source != "indikator":
                continue
            value = indikator
            for name in column.field:
                value = getattr(value, name, None) if value is not None else None
            cell = ws.cell(row=r, column=index)
            assert _as_written(cell) == _plan_value(value, cell), (r, column.field)


@pytest.mark.parametrize("path", [SEED_31, SEED_21, CLEAN], ids=lambda p: p.name)
def test_every_value_of_an_example_is_in_its_cell(path: Path, tmp_path: Path) -> None:
    plan = renja_rules.load_plan(path)
    book = tmp_path / "book.xlsx"
    export_book([PlanEntry(str(path), plan.document)], book, annotate=False)
    assert_book_holds_plan(book, plan.document, openpyxl.load_workbook(book).sheetnames[0])


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rows=st.integers(3, 60), jenis=st.sampled_from(sorted(LAYOUTS)))
def test_every_value_of_a_generated_plan_is_in_its_cell(seed: int, rows: int, jenis: str, tmp_path: Path) -> None:
    plan = parse_plan(generated_text(seed, rows, jenis), "generated.yaml")
    assert plan.jenis == jenis
    book = tmp_path / f"{seed}-{jenis}.xlsx"
    findings = check_plan(plan, renja_rules.load_rules())
    workbook = build_book([PlanEntry("generated.yaml", plan.document, findings)])
    workbook.save(book)
    assert_book_holds_plan(book, plan.document, workbook.sheetnames[0])
    # Every finding is placed on a cell (its value's, or the title's for the whole document).
    if findings:
        temuan = openpyxl.load_workbook(book)["Temuan"]
        assert all(row[2].value for row in temuan.iter_rows(min_row=2))


def test_a_number_cell_shows_the_plans_text_and_anything_else_stays_text(tmp_path: Path) -> None:
    """Canonical Indonesian money becomes a number whose format shows it as written (a negative in
    parentheses keeps them); ``0 -`` and other notations stay the text they are."""
    plan = renja_rules.load_plan(SEED_21)
    book = tmp_path / "book.xlsx"
    export_book([PlanEntry(str(SEED_21), plan.document)], book, annotate=False)
    ws = openpyxl.load_workbook(book)["Tabel 2.1"]
    cells = {c.coordinate: c for row in ws.iter_rows(min_row=10) for c in row}
    assert any(c.value == "0 -" and c.data_type == "s" for c in cells.values())
    text = SEED_31.read_text(encoding="utf-8")
    assert "(3.223.000,00)" in text
    text = text.replace('pagu: "9.175.511.065,00"', 'pagu: "123.456.789.012.345,67"', 1)
    revised = parse_plan(text, "big.yaml")
    export_book([PlanEntry("big.yaml", revised.document)], book, annotate=False)
    ws = openpyxl.load_workbook(book)["Tabel 3.1"]
    numbers = _xml_values(book, 1)
    big = [c for row in ws.iter_rows() for c in row if numbers.get(c.coordinate) == "123456789012345.67"]
    assert big and big[0].number_format == "#,##0.00"  # 17 digits: more than a float holds, written as the plan has them
    negative = [c for row in ws.iter_rows() for c in row if numbers.get(c.coordinate) == "-3223000.00"]
    assert negative and negative[0].number_format == "#,##0.00;(#,##0.00)"


def test_a_finding_without_a_cell_goes_on_the_title_and_each_row_links_to_its_cell(tmp_path: Path) -> None:
    plan = renja_rules.load_plan(SEED_31)
    whole = renja_rules.Violation(rule_id="XX001", severity="warning", message="Dokumen ini perlu dilihat lagi",
                                  file=str(SEED_31), level="dokumen", path="")
    findings = check_plan(plan, renja_rules.load_rules()) + [whole]
    book = tmp_path / "book.xlsx"
    export_book([PlanEntry(str(SEED_31), plan.document, findings)], book)
    workbook = openpyxl.load_workbook(book)
    title = workbook["Tabel 3.1"]["A1"]
    assert title.value == "Tabel 3.1" and "XX001 (peringatan): Dokumen ini perlu dilihat lagi" in title.comment.text
    rows = list(workbook["Temuan"].iter_rows(min_row=2))
    assert next(r for r in rows if r[1].value == "XX001")[2].value == "'Tabel 3.1'!A1"
    assert all(r[2].hyperlink is not None and r[2].hyperlink.location == r[2].value for r in rows)


def test_a_book_that_cannot_be_written_is_exit_2_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("not a folder", encoding="utf-8")
    run = export(str(SEED_31), "-o", str(blocker / "book.xlsx"))
    assert run.exit_code == 2 and "tidak dapat ditulis" in run.output
    assert list(tmp_path.iterdir()) == [blocker]


def test_control_characters_are_shown_not_a_crash(tmp_path: Path) -> None:
    ws = _exported_with_lokasi(tmp_path, '"Dinas\\x01koperasi"', "kontrol")
    assert any(c.value == "Dinas\ufffdkoperasi" for row in ws.iter_rows() for c in row)


def test_two_plans_of_one_table_number_get_two_sheets(tmp_path: Path) -> None:
    book = tmp_path / "examples.xlsx"
    run = export(str(EXAMPLES / "bersih"), str(SEED), "-o", str(book))
    assert run.exit_code == 0, run.output
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["Tabel 3.1", "Tabel 2.1", "Tabel 3.1 (2)", "Dokumen", "Temuan"]
    assert [c.value for c in workbook["Dokumen"][1]][2:] == ["Tabel 3.1", "Tabel 2.1", "Tabel 3.1 (2)"]
    sources = [row for row in workbook["Dokumen"].iter_rows() if row[0].value == "berkas sumber"][0]
    assert [c.value for c in sources][2:] == [str(CLEAN), str(SEED_21), str(SEED_31)]
