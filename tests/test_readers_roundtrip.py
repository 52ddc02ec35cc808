"""import(export(plan)) equals plan, for generated plans of every document type (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from renja_rules.export import PlanEntry, export_book
from renja_rules.export.layout import LAYOUTS
from renja_rules.model import PlanDocument
from renja_rules.plan import parse_plan
from renja_rules.readers.importer import read_plans

from renja_rules.doctypes import document_type

from .chain import generated_text


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rows=st.integers(3, 60), jenis=st.sampled_from(sorted(LAYOUTS)))
def test_import_of_export_equals_the_plan(seed: int, rows: int, jenis: str, tmp_path: Path) -> None:
    text = generated_text(seed, rows, jenis)
    plan = parse_plan(text, "generated.yaml")
    book = tmp_path / f"{seed}-{jenis}.xlsx"
    export_book([PlanEntry("generated.yaml", plan.document)], book, annotate=False)
    [imported] = read_plans(book)
    again = PlanDocument.model_validate(imported.data)
    assert again.model_dump(mode="json") == plan.document.model_dump(mode="json")


def test_a_pagu_indikatif_book_reads_back_as_its_list(tmp_path: Path) -> None:
    """A list document (rows, not items): exported, and read back row for row."""
    plan = parse_plan(generated_text(1, 5, "pagu-indikatif"), "pagu.yaml")
    book = tmp_path / "pagu.xlsx"
    export_book([PlanEntry("pagu.yaml", plan.document)], book, annotate=False)
    [imported] = read_plans(book)
    again = PlanDocument.model_validate(imported.data)
    assert again.model_dump(mode="json") == plan.document.model_dump(mode="json")
    assert len(again.pagu_indikatif) == len(plan.document.pagu_indikatif) > 0
