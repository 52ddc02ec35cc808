"""The planning chain (issue 18): a consistent chain checks clean across documents; one changed cell
in any document is a finding naming that item, in that document or naming it as the other one."""

from __future__ import annotations

import json
import re
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

import renja_rules
from renja_rules.cli import main
from renja_rules.documents import link_documents
from renja_rules.plan import parse_plan

from .chain import _items, _money, _uang, chain

RULES = renja_rules.load_rules()
CHAIN_RULES = ("XD", "PI")
ROOT = Path(__file__).resolve().parents[1]


def _check(documents: dict[str, Any], folder: str = "kiriman") -> list[tuple[str, Any]]:
    plans = [parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), f"{folder}/{name}")
             for name, data in documents.items()]
    found = renja_rules.check_set(plans, RULES)
    return [(plan.file.split("/")[-1], violation) for plan, violations in zip(plans, found) for violation in violations]


def _chain_findings(documents: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(name, v) for name, v in _check(documents) if v.rule_id.startswith(CHAIN_RULES)]


# Cells a relation reads, per document: (file, the row's field, how to change it).
def _bump(text: str) -> str:
    return _uang(_money(text) + Decimal("1000"))


def _mutations(documents: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(file, item code, field path under the indicator row) of every cell a relation compares."""
    wanted = {
        "renja.yaml": [("rencana", "pagu")],
        "perubahan-renja.yaml": [("sebelum", "pagu")],
        "renstra.yaml": [("kondisi_akhir", "rp")],
        "evaluasi.yaml": [("target_renstra", "rp"), ("realisasi_renstra_lalu", "rp")],
    }
    found = []
    for name, fields in wanted.items():
        for item in _items(documents[name]):
            row = (item.get("indikator") or [None])[0]
            for field in fields:
                if row is not None and (row.get(field[0]) or {}).get(field[1]) not in (None, "-"):
                    found.append((name, item["kode"], field))
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), rows=st.integers(4, 40), pick=st.randoms(use_true_random=False))
def test_a_consistent_chain_is_clean_and_one_changed_cell_is_named(seed: int, rows: int, pick: random.Random) -> None:
    documents = chain(seed, rows)
    assert _chain_findings(documents) == []
    name, kode, field = pick.choice(_mutations(documents))
    changed = json.loads(json.dumps(documents))
    item = next(item for item in _items(changed[name]) if item["kode"] == kode)
    cell = item["indikator"][0][field[0]]
    cell[field[1]] = _bump(cell[field[1]])
    named = [(file, v) for file, v in _chain_findings(changed) if v.kode == kode]
    assert named, (name, kode, field)
    # Reported in the changed document, or in the document it is compared with, naming the changed one.
    assert any(file == name or name in v.message for file, v in named), [(f, v.message) for f, v in named]


def test_a_renja_over_its_ceiling_is_named_against_the_list() -> None:
    documents = chain(7, 12)
    row = documents["pagu-indikatif.yaml"]["pagu_indikatif"][0]
    row["pagu"] = _uang(_money(row["pagu"]) - Decimal(1))
    [(file, violation)] = _chain_findings(documents)
    assert (file, violation.rule_id, violation.expected) == ("renja.yaml", "PI001", str(_money(row["pagu"])))
    assert "pagu-indikatif.yaml" in violation.message


def test_two_documents_for_one_year_are_reported_and_compared_with_nothing() -> None:
    documents = chain(11, 10)
    copy = json.loads(json.dumps(documents["renja.yaml"]))
    next(_items(copy))["indikator"][0]["rencana"]["pagu"] = "1,00"  # would differ from everything
    documents["renja-draf.yaml"] = copy
    found = _chain_findings(documents)
    assert sorted((file, v.rule_id) for file, v in found if v.rule_id == "XD017") == [
        ("renja-draf.yaml", "XD017"), ("renja.yaml", "XD017")]
    # The revision's "before" is compared with neither Renja (the draft's pagu would differ); the
    # draft itself is still compared with the one Renstra.
    assert [v.rule_id for file, v in found if file == "perubahan-renja.yaml"] == []
    assert {v.rule_id for file, v in found if file == "renja-draf.yaml"} == {"XD017", "XD010"}


def test_relations_follow_the_years_they_declare() -> None:
    documents = chain(5, 10)
    tahun = documents["perubahan-renja.yaml"]["dokumen"]["tahun"]
    # Last year's Renja is not this revision's "before", and a Renstra of another period covers nothing.
    documents["renja.yaml"]["dokumen"]["tahun"] = tahun - 1
    documents["renstra.yaml"]["dokumen"].update(tahun=tahun + 1, periode=f"{tahun + 1}-{tahun + 5}")
    for item in _items(documents["renja.yaml"]):
        for row in item.get("indikator") or []:
            row.get("rencana", {}).pop("pagu", None)
    rules = {v.rule_id for _, v in _chain_findings(documents)}
    assert not rules & {"XD004", "XD005", "XD006", "XD007", "XD008", "XD009", "XD010", "XD011", "XD012", "XD013"}


def test_plans_link_across_years_in_one_folder_only() -> None:
    documents = chain(2, 8)
    plans = {name: parse_plan(yaml.safe_dump(data, allow_unicode=True), f"{'lain' if name == 'renstra.yaml' else 'pd'}/{name}")
             for name, data in documents.items()}
    link_documents(list(plans.values()))
    assert plans["renstra.yaml"] not in plans["renja.yaml"].chain
    assert plans["evaluasi-lalu.yaml"] in plans["evaluasi.yaml"].chain
    assert plans["perubahan-renja.yaml"] is plans["evaluasi.yaml"].related["perubahan-renja"]
    assert "evaluasi-renja" not in plans["evaluasi.yaml"].related  # last year's is no same-year partner


def test_the_chain_example_checks_clean() -> None:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "-f", "json",
                                       str(ROOT / "examples" / "rantai-contoh")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["violations"] == []


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "examples" / "rantai-contoh").glob("*.yaml")))
def test_each_chain_document_is_its_type(name: str) -> None:
    plan = renja_rules.load_plan(ROOT / "examples" / "rantai-contoh" / name)
    assert plan.jenis in name or (plan.jenis == "evaluasi-renja" and name.startswith("evaluasi"))


def test_the_html_report_shows_a_pagu_indikatif_list_and_marks_its_cell(tmp_path: Path) -> None:
    documents = chain(4, 8)
    row = documents["pagu-indikatif.yaml"]["pagu_indikatif"][0]
    row.update(program_penunjang="1,00", program_urusan="2,00")  # PI006: the split does not add up
    folder = tmp_path / "pd"
    folder.mkdir()
    for name, data in documents.items():
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html = tmp_path / "r.html"
    CliRunner().invoke(main, ["check", "--no-cache", str(folder), "-o", f"html={html}"])
    page = html.read_text(encoding="utf-8")
    assert "Pagu Indikatif (Rp)" in page and row["perangkat_daerah"] in page
    marked = re.search(r'<td[^>]*data-pointer="/pagu_indikatif/0/pagu"[^>]*>', page)
    assert marked is not None and "PI006" in marked.group(0)
