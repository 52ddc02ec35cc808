"""The benchmark's plan generator (bench/generate.py) writes plans the engine agrees with.

1. Deterministic: the same seed gives the same text, in this process and in another one
   with a different hash seed; another seed gives another plan.
2. Clean plans (defect_rate=0) of several sizes, both jenis and every layout pass every
   default rule: zero violations.
3. With defects injected, the engine reports exactly the rule IDs of the kinds injected,
   each on the item it was injected into, and nothing else.
4. A small corpus is laid out like real submissions (one folder per pemerintah daerah),
   is deterministic, and its document sets (revision + evaluation table of one perangkat
   daerah) pass the cross-document rules through the command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renja_rules

from .conftest import bench_generator

ROOT = Path(__file__).resolve().parent.parent
generate = bench_generator()

RULES = renja_rules.load_rules()
SIZES = (3, 40, 170, 600)


def _check(text: str, name: str = "generated.yaml") -> tuple[renja_rules.Plan, list[renja_rules.Violation]]:
    plan = renja_rules.parse_plan(text, name)
    return plan, renja_rules.check(plan, RULES)


# --- 1. determinism ---------------------------------------------------------------------


@pytest.mark.parametrize("jenis", generate.JENIS)
def test_same_seed_same_text(jenis: str) -> None:
    for seed in (0, 7):
        first = generate.generate_plan(seed, 170, jenis)
        assert generate.generate_plan(seed, 170, jenis) == first
    assert generate.generate_plan(1, 170, jenis) != generate.generate_plan(2, 170, jenis)


def test_same_text_in_another_process() -> None:
    code = (
        "import hashlib, importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('g', {str(ROOT / 'bench' / 'generate.py')!r})\n"
        "g = importlib.util.module_from_spec(spec); sys.modules['g'] = g; spec.loader.exec_module(g)\n"
        "text = g.generate_plan(11, 300, 'perubahan-renja') + g.generate_plan(11, 300, 'evaluasi-renja')\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    text = generate.generate_plan(11, 300, "perubahan-renja") + generate.generate_plan(11, 300, "evaluasi-renja")
    assert out.stdout.strip() == hashlib.sha256(text.encode()).hexdigest()


# --- 2. clean plans pass ---------------------------------------------------------------


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("jenis", generate.JENIS)
def test_clean_plans_pass_every_rule(jenis: str, rows: int) -> None:
    for seed, style in enumerate(generate.STYLES):
        plan, violations = _check(generate.generate_plan(seed + rows, rows, jenis, defect_rate=0, style=style))
        assert plan.jenis == jenis
        assert [f"{v.line}: {v.rule_id} {v.message}" for v in violations] == []
        # about `rows` indicator rows: never fewer, a few more when the last sub kegiatan has several
        assert rows <= len(plan.nodes("indikator")) <= rows + 6


def test_codes_are_realistic() -> None:
    for seed in range(6):
        plan, _ = _check(generate.generate_plan(seed, 300, defect_rate=0))
        tahun = plan.document.dokumen.tahun
        widths = {len((node.kode or "").rsplit(".", 1)[-1]) for node in plan.nodes("sub_kegiatan")}
        assert widths == ({4} if tahun >= 2023 else {2})  # one nomenclature per document
        programs = [node.kode or "" for node in plan.nodes("program")]
        assert programs[0].endswith(".01")  # the penunjang program comes first
        tingkat = "1" if (plan.document.dokumen.pemerintah_daerah or "").startswith("Provinsi") else "2"
        assert {(node.kode or "").split(".")[3] for node in plan.nodes("kegiatan")} == {tingkat}


def test_numbers_are_written_the_indonesian_way() -> None:
    text = "".join(generate.generate_plan(seed, 300, defect_rate=0) for seed in range(4))
    assert '"0,00"' in text and ',00"' in text
    assert '"(' in text and '"-' in text  # negative selisih in both notations
    assert '%"' in text and ' Orang"' in text  # targets with their units
    assert generate.rupiah(-1234567, "paren") == "(1.234.567,00)"
    assert generate.rupiah(-1234, "minus") == "-1.234,00"
    assert generate.rupiah(0) == "0,00"


# --- 3. defects are reported as injected -------------------------------------------------


@pytest.mark.parametrize("rows", (40, 170, 600))
@pytest.mark.parametrize("jenis", generate.JENIS)
def test_injected_defects_are_reported(jenis: str, rows: int) -> None:
    kinds_seen: set[str] = set()
    for seed in range(4):
        text, defects = generate.generate_plan_defects(seed, rows, jenis, defect_rate=0.2)
        assert text == generate.generate_plan(seed, rows, jenis, defect_rate=0.2)
        _, violations = _check(text)
        expected_ids = {rule_id for defect in defects for rule_id in defect.rule_ids}
        assert {v.rule_id for v in violations} == expected_ids
        for defect in defects:
            assert any(
                v.rule_id in defect.rule_ids and (defect.kode is None or v.kode == defect.kode) for v in violations
            ), defect
        kinds_seen |= {defect.kind for defect in defects}
    assert kinds_seen  # a rate of 0.2 always injects something in 4 plans of >= 40 rows


@pytest.mark.parametrize("jenis", generate.JENIS)
def test_every_defect_kind_is_exercised(jenis: str) -> None:
    own = {
        "perubahan-renja": set(generate.PERUBAHAN_ROW_DEFECTS),
        "evaluasi-renja": set(generate.EVALUASI_KEGIATAN_DEFECTS) | {"ev_average"},
    }[jenis] | {"count_program", "count_kegiatan", "count_sub_kegiatan"}
    seen: set[str] = set()
    for seed in range(12):
        seen |= {defect.kind for defect in generate.generate_plan_defects(seed, 300, jenis, defect_rate=0.3)[1]}
    assert seen == own


def test_no_defects_at_rate_zero() -> None:
    for jenis in generate.JENIS:
        assert generate.generate_plan_defects(3, 600, jenis, defect_rate=0)[1] == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate.generate_plan(1, 100, jenis="renja-induk")
    with pytest.raises(ValueError):
        generate.generate_plan(1, 2)
    with pytest.raises(ValueError):
        generate.generate_plan(1, 100, defect_rate=1.5)


# --- 4. a corpus ----------------------------------------------------------------------


def test_corpus_layout_and_document_sets(tmp_path: Path) -> None:
    files = generate.write_corpus(tmp_path / "a", 14, seed=5, rows_range=(20, 60), defect_rate=0, evaluasi_share=0.5)
    again = generate.write_corpus(tmp_path / "b", 14, seed=5, rows_range=(20, 60), defect_rate=0, evaluasi_share=0.5)
    assert len(files) == 14
    assert [p.relative_to(tmp_path / "a") for p in files] == [p.relative_to(tmp_path / "b") for p in again]
    assert all(p.read_bytes() == q.read_bytes() for p, q in zip(files, again))
    for path in files:
        assert path.parent.parent == tmp_path / "a"  # one folder per pemerintah daerah
        assert path.name.endswith((".perubahan-renja.yaml", ".evaluasi-renja.yaml"))
    evaluations = [p for p in files if p.name.endswith(".evaluasi-renja.yaml")]
    assert evaluations, "evaluasi_share=0.5 gives some document sets"
    for path in evaluations:  # beside its revision table: a document set
        assert path.with_name(path.name.replace("evaluasi-renja", "perubahan-renja")).is_file()
    # through the command line, so that document sets are formed as for a verifier
    env = dict(os.environ, RENJA_RULES_CACHE_DIR=str(tmp_path / "cache"))  # a result cache, if any, stays here
    out = subprocess.run(
        [sys.executable, "-m", "renja_rules.cli", "check", "--format", "json", str(tmp_path / "a")],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    report = json.loads(out.stdout)
    assert report["summary"]["files"] == 14
    assert report["violations"] == [] and out.returncode == 0, report["violations"][:3]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), rows=st.integers(10, 120), jenis=st.sampled_from(generate.JENIS),
       style=st.sampled_from(generate.STYLES))
def test_generated_consistent_plans_of_every_type_pass_every_rule(seed: int, rows: int, jenis: str, style: str) -> None:
    """Issue 17: consistent plans of every type, varied by hypothesis, get no finding from any rule,
    the plausibility rules included (the generator writes the notes a consistent plan has)."""
    _, violations = _check(generate.generate_plan(seed, rows, jenis, defect_rate=0, style=style))
    assert [f"{v.line}: {v.rule_id} {v.message}" for v in violations] == []
