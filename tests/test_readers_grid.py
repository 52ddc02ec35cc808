"""The readers' grids: CSV/TSV decisions, exact numbers from xlsx cells, and a hand-made book."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from renja_rules.cli import main
from renja_rules.readers.delimited import read_delimited
from renja_rules.readers.grid import ReadError
from renja_rules.readers.importer import read_plans
from renja_rules.readers.xlsx import number_text, read_workbook

HEADER = ["Kode", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja",
          "Target", "Pagu (Rp)", "Target", "Pagu (Rp)", "Bertambah/(Berkurang)", "Lokasi", "Sumber Dana", "Catatan"]


@pytest.mark.parametrize("separator,shown", [(";", ";"), (",", ","), ("\t", "tab")])
@pytest.mark.parametrize("encoding,bom,name", [("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
                                               ("cp1252", b"", "cp1252")])
def test_csv_separator_and_encoding_are_decided_and_said(separator: str, shown: str, encoding: str, bom: bytes,
                                                         name: str) -> None:
    text = "\n".join(separator.join(row) for row in
                     [["Kode", "Nama", "Indikator"], ["2.17.01", "Program Koperasi – Usaha", "x"]])
    sheet = read_delimited(bom + text.encode(encoding), Path("t.csv"))
    assert sheet.notes == [f"encoding {name}", f"pemisah {shown}"]
    assert [c.text for c in sheet.rows[1]] == ["2.17.01", "Program Koperasi – Usaha", "x"]


def test_csv_ragged_row_names_its_line() -> None:
    with pytest.raises(ReadError, match=r"t\.csv:3: baris ini punya 5 sel"):
        read_delimited(b"Kode;Nama;Indikator\n1;2;3\n1;2;3;4;5\n", Path("t.csv"))


@pytest.mark.parametrize("value,fmt,text", [
    (9175511065.0, "#,##0.00", "9.175.511.065,00"),
    (-3884115300.0, "#,##0.00;(#,##0.00)", "(3.884.115.300,00)"),
    (0.1, "General", "0,1"),
    (63.28, "#,##0.00", "63,28"),
    (1725703600, "#,##0", "1.725.703.600"),
    (0.6328, "0.00%", "63,28%"),
    (1.0, "0%", "100%"),
])
def test_number_cells_read_exactly(value: float, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False))
def test_money_float_round_trips_through_its_shortest_repr(amount: Decimal) -> None:
    text = number_text(float(amount), "#,##0.00;(#,##0.00)")
    digits = text.strip("()").replace(".", "").replace(",", ".")
    assert Decimal(digits) == abs(amount)
    assert text.startswith("(") == (amount < 0)


def _book(path: Path, rows: list[list[object]], *, merged: list[str] = (), pagu_formats: bool = True) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Renja"
    for row in rows:
        ws.append(row)
    for area in merged:
        ws.merge_cells(area)
    if pagu_formats:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
    workbook.save(path)


def _hand_book(path: Path, sub_pagu: float) -> None:
    group = ["", "", "", "Sebelum Perubahan", "", "Setelah Perubahan", "", "", "", "", ""]
    leaf = ["", "", "", "Target Capaian Kinerja", "PAGU (Rp.)", "Target Capaian Kinerja", "PAGU (Rp.)",
            "", "", "", ""]
    top = ["KODE", "Program / Kegiatan", "Indikator Kinerja", "", "", "", "", "Selisih (+/-)", "Lokasi",
           "Sumber Dana", "Catatan Penting"]
    numbers = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"]
    rows: list[list[object]] = [["Tabel 3.1"], ["Rumusan Perubahan Renja Tahun 2021"], [], top, group, leaf, numbers,
        ["2.17.01", "PROGRAM", "Persentase (%)", "100%", 100.0, "100%", 150.0, 50.0, "Kab", "APBD"],
        ["2.17.01.2.01", "Kegiatan", "Jumlah dokumen", "1 Dokumen", 100.0, "1 Dokumen", 150.0, 50.0, "Kab", "APBD"],
        [],
        top, group, leaf, numbers,  # the header again at the top of a printed page
        ["2.17.01.2.01.01", "Sub", "Jumlah buku", "1 Buku", 60.0, "1 Buku", sub_pagu, sub_pagu - 60.0, "Kab", "APBD"],
        ["", "", "Jumlah rapat", "2 Kali", 40.0, "2 Kali", 60.0, 20.0, "Kab", "APBD"]]
    _book(path, rows, merged=["D5:E5", "F5:G5"])


def test_hand_made_book_reads_headers_by_words(tmp_path: Path) -> None:
    path = tmp_path / "tangan.xlsx"
    _hand_book(path, 90.0)
    [plan] = read_plans(path)
    program = plan.data["program"][0]
    sub = program["kegiatan"][0]["sub_kegiatan"][0]
    assert [i["uraian"] for i in sub["indikator"]] == ["Jumlah buku", "Jumlah rapat"]
    assert sub["indikator"][1]["sesudah"]["pagu"] == "60,00"
    assert plan.cells["/program/0/kegiatan/0/sub_kegiatan/0/indikator/1/sesudah/pagu"].ref == "G16"


def test_hand_made_book_consistent_is_clean_inconsistent_names_the_cell(tmp_path: Path) -> None:
    good, bad = tmp_path / "baik.xlsx", tmp_path / "salah.xlsx"
    _hand_book(good, 90.0)
    _hand_book(bad, 95.0)
    runner = CliRunner()
    clean = json.loads(runner.invoke(main, ["check", "--no-cache", "-f", "json", "--select", "PG", str(good)]).stdout)
    assert clean["summary"]["checked"] == 1 and clean["violations"] == []
    found = json.loads(runner.invoke(main, ["check", "--no-cache", "-f", "json", "--select", "PG",
                                            str(bad)]).stdout)["violations"]
    assert found, "a pagu that no longer adds up is found"
    assert {(v["sheet"], v["cell"]) for v in found} <= {("Renja", "G8"), ("Renja", "G9"), ("Renja", "G15"),
                                                        ("Renja", "H15"), ("Renja", "G16"), ("Renja", "H16")}


def test_unknown_heading_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "aneh.xlsx"
    _book(path, [["Kode", "Program", "Indikator", "Warna Favorit"], ["2.17.01", "P", "x", "biru"]])
    with pytest.raises(ReadError, match=r"Renja!D1: judul kolom 'Warna Favorit' tidak dikenali"):
        read_plans(path)


def test_formula_without_cached_value_is_reported_with_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "rumus.xlsx"
    _book(path, [["Kode", "Program", "Indikator", "Pagu"], ["2.17.01", "P", "x", "=1+1"]])
    with pytest.raises(ReadError, match=r"Renja!D2: rumus =1\+1 tanpa nilai tersimpan"):
        read_workbook(path)


def test_code_typed_as_a_number(tmp_path: Path) -> None:
    path = tmp_path / "kode.xlsx"
    _book(path, [["Tahun 2021"], ["Kode", "Program", "Indikator"], ["2", "URUSAN"], [2.17, "BIDANG"]],
          pagu_formats=False)
    with pytest.raises(ReadError, match=r"Renja!A4: kode diketik sebagai angka"):
        read_plans(path)
    workbook = openpyxl.load_workbook(path)
    workbook.active["A4"].number_format = "0.00"
    workbook.save(path)
    [plan] = read_plans(path)
    assert plan.data["urusan"][0]["bidang_urusan"][0]["kode"] == "2.17"
    assert plan.cells["/urusan/0/bidang_urusan/0/kode"].ref == "A4"


def test_the_public_iteration_reads_a_book_as_the_parser_path_does(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where openpyxl's sheet parser is not importable (another openpyxl), the reader falls back
    to iter_rows; both give the same cells, number formats and codes."""
    import sys

    from click.testing import CliRunner

    from renja_rules.cli import main
    from renja_rules.readers import xlsx

    book = tmp_path / "b.xlsx"
    ROOT = Path(__file__).resolve().parent.parent
    CliRunner().invoke(main, ["export", str(ROOT / "examples/seed-malang-2021"), "-o", str(book), "--no-findings"])
    fast = xlsx.read_workbook(book)
    monkeypatch.setitem(sys.modules, "openpyxl.worksheet._reader", None)  # import fails: the fallback
    monkeypatch.setattr(xlsx, "_PARSER", [])  # (made again, without the parser)
    slow = xlsx.read_workbook(book)
    assert xlsx._PARSER == [None]
    assert [(s.name, s.rows) for s in fast] == [(s.name, s.rows) for s in slow]
    assert sum(len(row) for s in fast for row in s.rows) > 1000


def test_a_formula_without_a_cached_value_is_found_on_both_paths(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from renja_rules.readers import xlsx
    from renja_rules.readers.grid import ReadError

    book = tmp_path / "rumus.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Program", "Pagu"])
    sheet.append(["2.17.01", "Program", "=SUM(C3:C4)"])
    workbook.save(book)
    for fallback in (False, True):
        if fallback:
            monkeypatch.setitem(sys.modules, "openpyxl.worksheet._reader", None)
            monkeypatch.setattr(xlsx, "_PARSER", [])
        with pytest.raises(ReadError, match=r"Sheet!C2: rumus =SUM\(C3:C4\) tanpa nilai tersimpan"):
            xlsx.read_workbook(book)
