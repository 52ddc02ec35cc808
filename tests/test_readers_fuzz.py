"""Mutated tables never crash the readers: a plan, or a ReadError naming the file (exit 2)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st
from pydantic import ValidationError

from renja_rules.readers.grid import ReadError
from renja_rules.readers.importer import ImportOptions, read_plans

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = (ROOT / "tests/data/seed-malang-2021.txt").read_text(encoding="utf-8").splitlines()[455:560]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


def _answers(path: Path, **options: object) -> None:
    try:
        plans = read_plans(path, ImportOptions(**options))  # type: ignore[arg-type]
    except ReadError as error:
        assert str(path) in str(error)
        return
    for plan in plans:
        assert isinstance(plan.data, dict)
        for cell in plan.cells.values():
            assert cell.row >= 1 and cell.column >= 1
        try:
            from renja_rules.model import PlanDocument

            PlanDocument.model_validate(plan.data)
        except ValidationError:
            pass  # a plan the model refuses: check reports it with its cell (readers/plans.py)


@st.composite
def mutated_lines(draw: st.DrawFn) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "tab", "untab", "dup", "junk", "swap"]))
        line = lines[index]
        if action == "drop":
            del lines[index]
        elif action == "tab":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + "\t" + line[at:]
        elif action == "untab":
            lines[index] = line.replace("\t", " ", 1)
        elif action == "dup":
            lines.insert(index, line)
        elif action == "junk":
            lines[index] = draw(st.text(alphabet="\t0123456789.,()-% KodeJUMLAHRata<b>", max_size=60))
        else:
            cells = line.split("\t")
            draw(st.randoms()).shuffle(cells)
            lines[index] = "\t".join(cells)
        if not lines:
            break
    return "\n".join(lines)


@FUZZ
@given(mutated_lines())
def test_mutated_pdf_text(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("t") / "tabel.txt"
    path.write_text(text, encoding="utf-8")
    _answers(path, tahun=2021)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([".csv", ".tsv"]))
def test_random_csv_bytes(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("c") / f"tabel{suffix}"
    path.write_bytes(b"Kode;Program;Indikator\n" + data)
    _answers(path, tahun=2021)


def _book_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    for row in [["Tahun 2021"], ["Kode", "Program", "Indikator", "Pagu (Rp)"], ["2.17.01", "P", "x", 100.5],
                ["2.17.01.2.01", "K", "y", 100.5]]:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BOOK = _book_bytes()


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(BOOK) - 1), st.integers(0, 255)), min_size=1, max_size=6))
def test_mutated_xlsx_bytes(tmp_path_factory, flips: list[tuple[int, int]]) -> None:
    data = bytearray(BOOK)
    for at, value in flips:
        data[at] = value
    path = tmp_path_factory.mktemp("x") / "buku.xlsx"
    path.write_bytes(bytes(data))
    _answers(path)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-10**15, 10**15),
                                   st.text(max_size=12)), max_size=6), max_size=8))
def test_generated_book_cells(tmp_path_factory, rows: list[list[object]]) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Kode", "Program", "Indikator", "Pagu (Rp)"])
    path = tmp_path_factory.mktemp("g") / "buku.xlsx"
    try:
        for row in rows:
            ws.append([str(v)[:30] if isinstance(v, str) else v for v in row])
        workbook.save(path)
    except Exception:  # openpyxl refuses some generated text (control characters): not our input
        return
    _answers(path, tahun=2021)
