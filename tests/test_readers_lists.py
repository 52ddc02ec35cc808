"""A list document read from a spreadsheet: the RKPD's pagu indikatif, as a Bappeda keeps it in
a workbook (a No column, the units' codes, amounts as number cells, a JUMLAH row), checked with
the Renja beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import yaml

import renja_rules
from renja_rules.readers.importer import read_plans

from .conftest import EXAMPLES

CHAIN = EXAMPLES / "rantai-contoh"


def _book(path: Path, rows: list[dict], first_pagu_change: int = 0, kode: bool = True) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Pagu Indikatif"
    sheet.append(["PAGU INDIKATIF PERANGKAT DAERAH RKPD KABUPATEN CONTOH TAHUN 2027"])
    sheet.append([])
    codes = ["Kode"] if kode else []
    sheet.append(["No", *codes, "Nama Perangkat Daerah", "Pagu Indikatif", "Program Penunjang", "Program Urusan"])
    sheet.append([f"({n})" for n in range(1, 6 + len(codes))])
    total = 0
    for number, row in enumerate(rows, start=1):
        amounts = [int(row[key].replace(".", "").split(",")[0]) if row.get(key) else None
                   for key in ("pagu", "program_penunjang", "program_urusan")]
        if number == 1:
            amounts[0] += first_pagu_change
        total += amounts[0]
        sheet.append([number, *([row["kode"]] if kode else []), row["perangkat_daerah"], *amounts])
        for cell in sheet[sheet.max_row][2 + len(codes):]:
            cell.number_format = "#,##0"
    sheet.append(["", *([""] if kode else []), "JUMLAH", total, None, None])
    book.save(path)


def _rows() -> list[dict]:
    data = yaml.safe_load((CHAIN / "pagu-indikatif-2027.yaml").read_text(encoding="utf-8"))
    return data["pagu_indikatif"]


def test_a_pagu_indikatif_book_reads_as_its_list(tmp_path: Path) -> None:
    rows = _rows()
    _book(tmp_path / "pagu.xlsx", rows)
    [imported] = read_plans(tmp_path / "pagu.xlsx")
    assert imported.data["dokumen"]["jenis"] == "pagu-indikatif"  # told by its header's words
    assert imported.data["dokumen"]["tahun"] == 2027
    assert "perangkat_daerah" not in imported.data["dokumen"]  # a list serving every perangkat daerah
    read = imported.data["pagu_indikatif"]
    assert [(r["nomor"], r["kode"], r["perangkat_daerah"]) for r in read] == [
        (number, row["kode"], row["perangkat_daerah"]) for number, row in enumerate(rows, start=1)]
    assert len(read) == len(rows)  # the JUMLAH row is no perangkat daerah


def test_the_book_is_the_ceiling_of_the_renja_beside_it(tmp_path: Path) -> None:
    # The chain example with its YAML list replaced by a book: clean; then the Renja's row lowered
    # below the Renja's total: PI001 names the Renja, against the book.
    folder = tmp_path / "rantai"
    shutil.copytree(CHAIN, folder)
    (folder / "pagu-indikatif-2027.yaml").unlink()
    rules = renja_rules.load_rules()

    def findings() -> list[renja_rules.Violation]:
        plans = [plan for path in sorted(folder.iterdir()) for plan in renja_rules.load_plans(path)]
        return [v for found in renja_rules.check_set(plans, rules) for v in found if v.rule_id.startswith("PI")]

    _book(folder / "pagu-indikatif.xlsx", _rows())
    assert findings() == []
    _book(folder / "pagu-indikatif.xlsx", _rows(), first_pagu_change=-1_000_000_000)
    found = sorted(findings(), key=lambda v: v.rule_id)
    # The Renja now exceeds its ceiling (PI001); the row's split no longer adds up to the lowered
    # pagu (PI006), found at the row's cell in the book.
    assert [(v.rule_id, Path(v.file).name, v.cell) for v in found] == [
        ("PI001", "renja-2027.yaml", None), ("PI006", "pagu-indikatif.xlsx", "D5")], found


def test_a_list_without_codes_is_found_by_its_headings(tmp_path: Path) -> None:
    # Many lists print no unit code: No, Perangkat Daerah, Pagu … anchor the header instead.
    rows = _rows()
    _book(tmp_path / "pagu.xlsx", rows, kode=False)
    [imported] = read_plans(tmp_path / "pagu.xlsx")
    assert imported.data["dokumen"]["jenis"] == "pagu-indikatif"
    assert [r["perangkat_daerah"] for r in imported.data["pagu_indikatif"]] == [r["perangkat_daerah"] for r in rows]
    assert all("kode" not in r for r in imported.data["pagu_indikatif"])
