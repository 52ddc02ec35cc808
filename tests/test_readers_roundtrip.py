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
from renja_rules.readers.grid import ReadError

from .chain import generated_text


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rows=st.integers(3, 60), jenis=st.sampled_from(sorted(j for j in LAYOUTS if not document_type(j).rows)))
def test_import_of_export_equals_the_plan(seed: int, rows: int, jenis: str, tmp_path: Path) -> None:
    text = generated_text(seed, rows, jenis)
    plan = parse_plan(text, "generated.yaml")
    book = tmp_path / f"{seed}-{jenis}.xlsx"
    export_book([PlanEntry("generated.yaml", plan.document)], book, annotate=False)
    [imported] = read_plans(book)
    again = PlanDocument.model_validate(imported.data)
    assert again.model_dump(mode="json") == plan.document.model_dump(mode="json")


def test_a_pagu_indikatif_book_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """A list document (rows, not items) is exported, but not read back: a clear message, no guess."""
    plan = parse_plan(generated_text(1, 5, "pagu-indikatif"), "pagu.yaml")
    book = tmp_path / "pagu.xlsx"
    export_book([PlanEntry("pagu.yaml", plan.document)], book, annotate=False)
    try:
        read_plans(book)
    except ReadError as error:
        assert "pagu indikatif" in str(error) and "YAML" in str(error)
    else:
        raise AssertionError("a pagu indikatif book was read")
