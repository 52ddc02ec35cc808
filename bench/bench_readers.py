"""Reading a 170-row book into a plan vs openpyxl (read-only) merely iterating its values.

Issue 16 asks reading ≤ 1.5x the bare iteration. Both are timed in one run, best of N, as CPU
time (``time.process_time``) so a busy machine does not skew the ratio. Usage:

    python bench/bench_readers.py [--rows 170] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from renja_rules.readers.importer import read_plans  # noqa: E402

HEAD = [["Tabel 3.1"], ["Rumusan Perubahan Renja Tahun 2021"], [],
        ["Kode", "Program/Kegiatan", "Indikator Kinerja", "Sebelum Perubahan", "", "Setelah Perubahan", "",
         "Bertambah/(Berkurang)", "Lokasi", "Sumber Dana", "Catatan"],
        ["", "", "", "Target", "Pagu (Rp)", "Target", "Pagu (Rp)", "", "", "", ""],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "8=(7-5)", "(9)", "(10)", "(11)"]]


def make_book(path: Path, rows: int) -> None:
    """A revision table of ``rows`` data rows: programs, kegiatan, sub kegiatan, number cells."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Tabel 3.1"
    for row in HEAD:
        ws.append(row)
    written = 0
    program = 0
    while written < rows:
        program += 1
        code = f"2.17.{program:02d}"
        ws.append([code, f"PROGRAM {program}", "Persentase (%)", "100%", 1000.0, "100%", 1200.0, 200.0, "Kab", "APBD"])
        ws.append([f"{code}.2.01", "Kegiatan", "Jumlah dokumen", "1 Dokumen", 1000.0, "1 Dokumen", 1200.0, 200.0,
                   "Kab", "APBD"])
        written += 2
        for sub in range(1, 5):
            ws.append([f"{code}.2.01.{sub:02d}", f"Sub {sub}", "Jumlah orang", "5 Orang", 250.0, "6 Orang", 300.0,
                       50.0, "Kab", "APBD"])
            written += 1
    for row in ws.iter_rows(min_row=7):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    workbook.save(path)


def iterate(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for row in workbook.active.iter_rows(values_only=True) for _ in row)
    workbook.close()
    return count


def best(function, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function(path)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=170)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        make_book(path, args.rows)
        read_plans(path)  # warm: imports, caches
        bare = best(iterate, path, args.repeat)
        reading = best(read_plans, path, args.repeat)
    print(f"rows {args.rows}: openpyxl iterate {bare * 1000:.1f} ms, read into plan {reading * 1000:.1f} ms, "
          f"ratio {reading / bare:.2f}")


if __name__ == "__main__":
    main()
