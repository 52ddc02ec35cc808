"""A Renstra book as the planning system exports it: its year columns headed by calendar years
("Tahun 2026" ... "Tahun 2030"), not by the form's "Tahun-1" ... "Tahun-5"."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import renja_rules
from renja_rules.export import PlanEntry, export_book
from renja_rules.model import PlanDocument
from renja_rules.readers.grid import ReadError
from renja_rules.readers.importer import read_plans

from .conftest import EXAMPLES

RENSTRA = EXAMPLES / "rantai-contoh" / "renstra-2026-2030.yaml"


def _book(tmp_path: Path, years: list[str], title: str | None = None) -> tuple[Path, renja_rules.Plan]:
    """The example Renstra exported, its Dokumen sheet removed (a book made by hand has none),
    and its year headings replaced by ``years``."""
    plan = renja_rules.load_plan(RENSTRA)
    path = tmp_path / "renstra.xlsx"
    export_book([PlanEntry("renstra.yaml", plan.document)], path, annotate=False)
    book = openpyxl.load_workbook(path)
    del book["Dokumen"]
    sheet = book.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("Tahun-"):
                cell.value = years[int(cell.value[-1]) - 1]
            elif title is not None and isinstance(cell.value, str) and cell.value.startswith("Rencana Program"):
                cell.value = title
            elif isinstance(cell.value, str) and cell.value.startswith("Tahun 2026 ·"):
                cell.value = None  # the exporter's own line stating the year and period
    book.save(path)
    return path, plan


def _without_header(document: PlanDocument) -> dict:
    data = document.model_dump(mode="json")
    data.pop("dokumen")
    return data


@pytest.mark.parametrize("years", [
    ["Tahun 2026", "Tahun 2027", "Tahun 2028", "Tahun 2029", "Tahun 2030"],
    ["2026", "2027", "2028", "2029", "2030"],
    ["TAHUN  2026", "TAHUN 2027", "TAHUN 2028", "TAHUN 2029", "TAHUN 2030"],
])
def test_calendar_year_columns_read_as_the_years_of_the_period(tmp_path: Path, years: list[str]) -> None:
    path, plan = _book(tmp_path, years)
    [imported] = read_plans(path)
    document = PlanDocument.model_validate(imported.data)
    assert _without_header(document) == _without_header(plan.document)  # every row, every year in its place
    assert (document.dokumen.tahun, document.dokumen.periode) == (2026, "2026-2030")


def test_the_period_comes_from_the_year_columns_when_the_title_has_none(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [f"Tahun {year}" for year in range(2026, 2031)],
                    title="Rencana Program, Kegiatan dan Pendanaan Perangkat Daerah")
    [imported] = read_plans(path)
    assert (imported.data["dokumen"]["tahun"], imported.data["dokumen"]["periode"]) == (2026, "2026-2030")


def test_years_that_are_not_one_period_are_not_guessed(tmp_path: Path) -> None:
    # A year missing in the middle: no column is given a place by a guess; the heading is named.
    path, _ = _book(tmp_path, ["Tahun 2026", "Tahun 2027", "Tahun 2029", "Tahun 2030", "Tahun 2031"])
    with pytest.raises(ReadError) as refused:
        read_plans(path)
    assert "renstra!E6" in str(refused.value) and "2026, 2027, 2029, 2030, 2031" in str(refused.value)


def test_the_book_checks_as_the_yaml_does(tmp_path: Path) -> None:
    path, plan = _book(tmp_path, [f"Tahun {year}" for year in range(2026, 2031)])
    rules = renja_rules.load_rules()
    from_yaml = {(v.rule_id, v.kode, v.field) for v in renja_rules.check(plan, rules)}
    from_book = {(v.rule_id, v.kode, v.field) for p in renja_rules.load_plans(path) for v in renja_rules.check(p, rules)}
    assert from_book == from_yaml


def test_a_title_and_year_columns_that_disagree_are_refused(tmp_path: Path) -> None:
    # The title says 2026-2030, the columns begin at 2027: no year is put in another's place.
    path, _ = _book(tmp_path, [f"Tahun {year}" for year in range(2027, 2032)])
    with pytest.raises(ReadError) as refused:
        read_plans(path)
    assert "2026-2030" in str(refused.value) and "2027" in str(refused.value)
