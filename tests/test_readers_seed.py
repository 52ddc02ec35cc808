"""The seed's text (tests/data/seed-malang-2021.txt, a copy of the shared seed document) read by
the importer gives both tables, equal to the hand transcriptions in examples/seed-malang-2021/.

Compared: the whole loaded model, header included, with no option given. What the tables'
own titles do not say comes from the document around them: ``dasar_hukum``, ``tahun`` and
the perangkat daerah from its heading (Tabel 2.1's title says "Tahun 2020" of a 2021
document; Tabel 3.1's title names no perangkat daerah), ``jumlah`` from the sentence that
declares the counts nearest to each table (Bab II for Tabel 2.1, Bab IV for Tabel 3.1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renja_rules.model import PlanDocument
from renja_rules.pipeline import load_plan
from renja_rules.plan import parse_plan
from renja_rules.readers.importer import ImportOptions, plan_yaml, read_plans

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed-malang-2021.txt"
EXAMPLES = ROOT / "examples" / "seed-malang-2021"
TRANSCRIPTION = {"Tabel 3.1": EXAMPLES / "tabel-3.1-perubahan-renja.yaml",
                 "Tabel 2.1": EXAMPLES / "tabel-2.1-evaluasi-renja.yaml"}


@pytest.fixture(scope="module")
def imported() -> dict[str, object]:
    return {plan.sheet: plan for plan in read_plans(SEED, ImportOptions())}


def _dump(document: PlanDocument) -> dict:
    return document.model_dump(mode="json")


def test_both_tables_are_found(imported: dict) -> None:
    assert sorted(imported) == ["Tabel 2.1", "Tabel 3.1"]


@pytest.mark.parametrize("table", ["Tabel 3.1", "Tabel 2.1"])
def test_table_equals_the_transcription(imported: dict, table: str) -> None:
    plan = imported[table]
    got = PlanDocument.model_validate(plan.data)
    expected = load_plan(TRANSCRIPTION[table]).document
    assert _dump(got) == _dump(expected)


@pytest.mark.parametrize("table", ["Tabel 3.1", "Tabel 2.1"])
def test_written_yaml_loads_to_the_same_plan(imported: dict, table: str) -> None:
    plan = imported[table]
    text = plan_yaml(plan)
    assert text.startswith("# Diimpor dari seed-malang-2021.txt, " + table)
    assert '"2.17.01"' in text  # codes quoted
    again = parse_plan(text, "imported.yaml").document
    assert _dump(again) == _dump(PlanDocument.model_validate(plan.data))


def test_each_value_points_at_its_cell(imported: dict) -> None:
    plan = imported["Tabel 3.1"]
    # Line 487 of the seed: 2.17.01.2.06's selisih "(309.198.100,00)" in the 8th column.
    pointer = next(p for p, cell in plan.cells.items() if cell.text == "(309.198.100,00)" and cell.row == 487)
    assert pointer.endswith("/indikator/0/selisih")
    assert plan.cells[pointer].ref == "H487"


def test_inferences_and_repairs_are_reported(imported: dict) -> None:
    notes = [note for _, note in imported["Tabel 2.1"].notes]
    assert sum(note.startswith("kumulatif: false") for note in notes) == 12
    assert any("kolom No" in note for note in notes)
    repaired = [(cell.ref, note) for cell, note in imported["Tabel 3.1"].notes if cell is not None]
    assert ("A527", "indikator tercetak di kolom Kode, sel lain bergeser satu kolom: dibaca ulang") in repaired


def test_options_still_win_over_what_the_document_says() -> None:
    options = ImportOptions(tahun=2022, perangkat_daerah="Badan Lain")
    for plan in read_plans(SEED, options):
        assert (plan.data["dokumen"]["tahun"], plan.data["dokumen"]["perangkat_daerah"]) == (2022, "Badan Lain")


def test_the_imported_seed_gets_the_transcriptions_count_findings(tmp_path: Path) -> None:
    # With jumlah read from the narrative, the count rules see what the verifier sees.
    from renja_rules import check, load_rules

    found = {(plan.sheet, v.rule_id) for plan in read_plans(SEED, ImportOptions())
             for v in check(parse_plan(plan_yaml(plan), f"{plan.sheet}.yaml"), load_rules())}
    assert {("Tabel 3.1", "JM002"), ("Tabel 3.1", "JM003"), ("Tabel 2.1", "JM002"), ("Tabel 2.1", "JM003")} <= found
