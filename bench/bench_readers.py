"""Reading a 170-row book into a plan vs openpyxl (read-only) merely iterating its values.

Issue 16 asks reading ≤ 1.5x the bare iteration. Both are timed in one run, best of N, as CPU
time (``time.process_time``) so a busy machine does not skew the ratio. Usage:

    python bench/bench_readers.py [--rows 170] [--repeat 15] [--memory 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from renja_rules.readers.importer import clear_caches, read_plans  # noqa: E402

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


def timed(function, path: Path) -> float:
    clear_caches()  # every timed read starts with the readers' caches empty, as a new book's does
    gc.collect()  # both start from the same collector state; neither pauses it
    start = time.process_time()
    function(path)
    return time.process_time() - start


def best_pair(path: Path, repeat: int) -> tuple[float, float]:
    """Best of ``repeat`` for each, the two interleaved: a slow spell of the machine hits both."""
    bare, reading = [], []
    for _ in range(repeat):
        bare.append(timed(iterate, path))
        reading.append(timed(read_plans, path))
    return min(bare), min(reading)


def check_vs_import(path: Path, repeat: int) -> tuple[float, float]:
    """`renja-rules check BOOK` against `renja-rules import BOOK`, in process: reading the book into
    plan data and writing it as YAML, against reading it into a checked plan and running the rules."""
    from renja_rules import check, load_rules
    from renja_rules.readers.importer import plan_yaml
    from renja_rules.readers.plans import load_table_plans

    rules = load_rules()

    def imported(book: Path) -> None:
        for plan in read_plans(book):
            plan_yaml(plan)

    def checked(book: Path) -> None:
        for plan in load_table_plans(book):
            check(plan, rules)  # type: ignore[arg-type]

    importing, checking = [], []
    for _ in range(repeat):
        importing.append(timed(imported, path))
        checking.append(timed(checked, path))
    return min(importing), min(checking)


def memory(rows: int) -> tuple[float, float]:
    """Peak memory (MB) of a fresh process reading, then checking, a book of ``rows`` rows."""
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        make_book(path, rows)
        peaks = []
        for step in ("read_plans(path)", "[check(p, load_rules()) for p in load_table_plans(path)]"):
            code = ("import resource, sys; from pathlib import Path; sys.path.insert(0, %r)\n"
                    "from renja_rules import check, load_rules\n"
                    "from renja_rules.readers.importer import read_plans\n"
                    "from renja_rules.readers.plans import load_table_plans\n"
                    "path = Path(%r); %s\n"
                    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)") % (
                str(Path(__file__).resolve().parent.parent), str(path), step)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            peaks.append(int(out.stdout.split()[-1]) / 1024)
        return peaks[0], peaks[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=170)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--memory", type=int, nargs="*", default=[],
                        help="also measure peak memory at these row counts, e.g. 1000 10000 100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        make_book(path, args.rows)
        read_plans(path)  # warm: imports, caches
        bare, reading = best_pair(path, args.repeat)
        importing, checking = check_vs_import(path, args.repeat)
    print(f"rows {args.rows}: openpyxl iterate {bare * 1000:.1f} ms, read into plan {reading * 1000:.1f} ms, "
          f"ratio {reading / bare:.2f}")
    print(f"rows {args.rows}: import (read + write YAML) {importing * 1000:.1f} ms, check (read + model + rules) "
          f"{checking * 1000:.1f} ms, ratio {checking / importing:.2f}")
    for rows in args.memory:
        read_mb, check_mb = memory(rows)
        print(f"rows {rows}: peak memory reading {read_mb:.0f} MB, checking {check_mb:.0f} MB")


if __name__ == "__main__":
    main()
