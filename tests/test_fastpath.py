"""The fast path (rapidyaml, positions on demand) and the full path (PyYAML with positions)
must agree on everything: data, violations, positions, and errors."""

from __future__ import annotations

import pytest

import renja_rules
from renja_rules import fastload
from renja_rules.loader import load_yaml_text

from .conftest import CLEAN, EXAMPLES

pytestmark = pytest.mark.skipif(not fastload.AVAILABLE, reason="rapidyaml is not installed")

RULES = renja_rules.load_rules()
PLANS = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.fixture()
def full_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastload, "_ryml", None)


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_fast_data_equals_full_data(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    fast = fastload.fast_load(text)
    assert fast is not None, "the shipped examples should take the fast path"
    assert fast == load_yaml_text(text, str(path))[0]


def _violations(path) -> list[dict]:  # type: ignore[no-untyped-def]
    return [v.model_dump() for v in renja_rules.check(renja_rules.load_plan(path), RULES)]


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_same_violations_and_positions_on_both_paths(path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    fast = _violations(path)
    monkeypatch.setattr(fastload, "_ryml", None)
    assert _violations(path) == fast


def test_a_clean_file_never_computes_positions() -> None:
    plan = renja_rules.load_plan(CLEAN)
    assert renja_rules.check(plan, RULES) == []
    assert plan._source is None  # nothing reported, nothing located


@pytest.mark.parametrize(
    "text",
    [
        "dokumen: &d {jenis: renja, tahun: 2021}\nprogram: []\n",          # anchors: full path
        "dokumen: {jenis: renja, tahun: 2021}\ndokumen: {jenis: renja, tahun: 2021}\n",  # duplicate key
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: \"2.17.01\", nama: ~}]\n",
        "dokumen:\n\tjenis: renja\n",                                         # a tab
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: 2.10}]\n",     # a plain number as code
        "dokumen: {jenis: renja, tahun: 2021, judul: true}\n",                 # a boolean where text belongs
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: \"2.17.01\", bogus: 1}]\n",  # unknown key
    ],
)
def test_fast_and_full_paths_agree_on_awkward_input(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def outcome() -> object:
        try:
            plan = renja_rules.parse_plan(text, "x.yaml")
        except renja_rules.RenjaRulesError as error:
            return ("error", str(error))
        return ("plan", plan.document.model_dump(), [v.model_dump() for v in renja_rules.check(plan, RULES)])

    fast = outcome()
    monkeypatch.setattr(fastload, "_ryml", None)
    assert outcome() == fast


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "full path"])
def test_damaged_cells_are_counted_while_validating(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import SEED_31

    if not fast:
        monkeypatch.setattr(fastload, "_ryml", None)
    assert renja_rules.load_plan(SEED_31).has_damaged_cells is True  # "0,00 0" (AN001)
    assert renja_rules.load_plan(CLEAN).has_damaged_cells is False
    damaged = renja_rules.parse_plan(CLEAN.read_text(encoding="utf-8").replace('"4.462.281.900,00"', '"4.462.281 900,00"', 1))
    assert damaged.has_damaged_cells is True
    assert [v.rule_id for v in renja_rules.check(damaged, RULES) if v.rule_id.startswith("AN")] == ["AN001"]
