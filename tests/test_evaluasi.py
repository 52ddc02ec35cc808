"""Evaluation tables (Tabel 2.1): ratios, cumulative realisation, averages, predikat, and
the seed's evaluation against its revision table."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import renja_rules
from renja_rules.rules import RuleSet
from renja_rules.documents import guess_set_key, link_documents
from renja_rules.loader import dump_yaml
from renja_rules.numbers import format_angka

from .conftest import ROOT, SEED_21, SEED_31

RULES = renja_rules.load_rules()
# For plans of a single indicator row whose figures are arithmetically consistent but
# otherwise arbitrary: the program's own average and predikat rows, which such a plan leaves
# out on purpose, are LK003's business, and overspending or a 1000% achievement, which the
# generator may well produce, the plausibility rules' (PL, tested in test_rules_verifier.py).
ROW_RULES = RuleSet(tuple(rule for rule in RULES if rule.id != "LK003" and not rule.id.startswith("PL")))
STRICT = renja_rules.load_rules([ROOT / "rules", ROOT / "policies" / "predikat-ketat.yaml"])

# (rule, code, line) of every violation on Tabel 2.1 when checked with Tabel 3.1 as its set.
EXPECTED_21 = {
    ("JM002", None, 22), ("JM003", None, 23),                      # Bab II: 11 kegiatan / 30 sub kegiatan
    ("EV011", None, 36),                                           # total Renstra averages do not follow
    ("EV010", "2.17.01", 484),                                     # program 2.17.01 Renstra averages
    ("PL001", "2.17.01.2.09.10", 455),  # Rp15.548.000,00 realised of a Rp15.490.000,00 budget (seed line 308)
    ("LK003", "2.17.07", 708),  # program 2.17.07 printed without its average and predikat rows (seed lines 342-350)
    # level indicators (%) whose cumulative value adds percentages, and col 11 K written 0,00
    *{("EV004", "2.17.01", line) for line in (52, 61, 70, 79, 88, 97)},
    *{("EV002", "2.17.01", line) for line in (53, 62, 71, 80, 89, 98)},
    ("EV004", "2.17.03", 499), ("EV002", "2.17.03", 500),
    ("EV004", "2.17.04", 542), ("EV002", "2.17.04", 543),
    ("EV004", "2.17.05", 585), ("EV002", "2.17.05", 586),
    ("EV004", "2.17.06", 652), ("EV002", "2.17.06", 653),
    ("EV004", "2.17.07", 719), ("EV002", "2.17.07", 720),
    ("EV004", "7.2.17.08", 802), ("EV002", "7.2.17.08", 803),
    # cumulative counts that are not col 6 + col 8
    ("EV003", "2.17.01.2.01.06", 121), ("EV003", "2.17.01.2.02.05", 166),
    ("EV003", "2.17.01.2.06.04", 283), ("EV003", "2.17.01.2.06.06", 305),
    ("AN001", "2.17.01.2.06.08", 311), ("AN001", "2.17.01.2.06.08", 312),   # "2318 4 HOK", "1269 4 HOK"
    # kegiatan rows coded like their program, a kegiatan coded like a sub kegiatan, a program code that is not one
    *{("KD002", "2.17.01", line) for line in (338, 380, 414, 459)},
    *{("KD006", None, line) for line in (338, 380, 414, 459, 502, 734)},
    ("KD002", "2.17.03", 502), ("KD002", "2.17.07.2.01.01", 722),
    ("KD001", "7.2.17.08", 792), ("KD004", "2.17.08.2.01", 805),
    ("XD003", "2.17.08.2.01.01", 823),                             # col 7 Rp vs Tabel 3.1 pagu after (0)
    ("XD018", "2.17.08.2.01.01", 823),                             # col 7 K (1250 Orang) vs Tabel 3.1 target after (0)
}


def _seed_set() -> tuple[renja_rules.Plan, renja_rules.Plan]:
    evaluasi, perubahan = renja_rules.load_plan(SEED_21), renja_rules.load_plan(SEED_31)
    assert link_documents([evaluasi, perubahan]) == []
    return evaluasi, perubahan


def test_seed_table_21_reports_exactly_its_defects() -> None:
    evaluasi, _ = _seed_set()
    found = {(v.rule_id, v.kode if v.level != "dokumen" else None, v.line) for v in renja_rules.check(evaluasi, RULES)}
    assert found == EXPECTED_21


def test_seed_cross_document_disagreement_names_the_other_file() -> None:
    evaluasi, perubahan = _seed_set()
    [xd] = [v for v in renja_rules.check(evaluasi, RULES) if v.rule_id == "XD003"]
    assert (xd.expected, xd.actual) == ("0.00", "1725703600.00")
    assert f"{perubahan.file}:" in xd.message
    # and the revision table, checked in the same set, gets nothing new from the evaluation
    assert not [v for v in renja_rules.check(perubahan, RULES) if v.rule_id.startswith("XD")]


def test_documents_of_different_years_or_folders_are_not_a_set(tmp_path: Path) -> None:
    evaluasi = renja_rules.parse_plan(SEED_21.read_text(encoding="utf-8").replace("tahun: 2021", "tahun: 2022"), str(SEED_21))
    perubahan = renja_rules.load_plan(SEED_31)
    link_documents([evaluasi, perubahan])
    assert evaluasi.related == {} and perubahan.related == {}


def test_missing_sub_kegiatan_across_documents(tmp_path: Path) -> None:
    text = SEED_31.read_text(encoding="utf-8").replace('kode: "2.17.01.2.10.01"', 'kode: "2.17.01.2.10.02"')
    perubahan = renja_rules.parse_plan(text, str(tmp_path / "a.yaml"))
    evaluasi = renja_rules.parse_plan(SEED_21.read_text(encoding="utf-8"), str(tmp_path / "b.yaml"))
    link_documents([perubahan, evaluasi])
    assert {(v.rule_id, v.kode) for v in renja_rules.check(perubahan, RULES) if v.rule_id.startswith("XD")} == {
        ("XD002", "2.17.01.2.10.02")
    }
    assert {(v.rule_id, v.kode) for v in renja_rules.check(evaluasi, RULES) if v.rule_id.startswith("XD")} >= {
        ("XD001", "2.17.01.2.10.01")
    }


def test_cli_checks_a_folder_as_a_set() -> None:
    from click.testing import CliRunner

    from renja_rules.cli import main

    result = CliRunner().invoke(main, ["check", "--format", "json", str(SEED_21.parent)])
    assert '"rule_id": "XD003"' in result.output


@pytest.mark.parametrize(
    ("header", "guess"),
    [
        # A set spans years (the planning chain): the guess is the folder and perangkat daerah only.
        ("dokumen:\n  tahun: 2021\n  perangkat_daerah: Dinas  Koperasi\n", ("dinas koperasi",)),
        ('dokumen:\n  perangkat_daerah: "Dinas # Koperasi"  # sic\n  tahun: "2021"\n', ("dinas koperasi",)),
        ("dokumen:\n  perangkat_daerah: 'DINAS KOPERASI' \n  tahun: 2021  # tahun anggaran\n", ("dinas koperasi",)),
        ("dokumen:\n  perangkat_daerah: Dinas Koperasi # PD\n  tahun: 2021\n", ("dinas koperasi",)),
        ("dokumen:\n  perangkat_daerah: Dinas Koperasi\n", ("dinas koperasi",)),
        ("dokumen: {perangkat_daerah: Dinas Koperasi, tahun: 2021}\n", None),  # not the usual way: no guess
        # A shared list (the pagu indikatif) joins every set of its folder: no guess.
        ("dokumen:\n  jenis: pagu-indikatif\n  perangkat_daerah: Bappeda\n", None),
    ],
)
def test_the_set_of_a_plan_is_guessed_from_its_header(header: str, guess: tuple[str] | None) -> None:
    assert guess_set_key("pd/a.yaml", header) == (None if guess is None else ("pd", *guess))


def _misleading(text: str) -> str:
    # A header whose first "perangkat_daerah:" line is inside the judul: the guess names another PD.
    return text.replace("  judul: ", "  judul: |\n    perangkat_daerah: Dinas Lain\n    ", 1)


@pytest.mark.parametrize("order", ["evaluasi first", "perubahan first"])
def test_a_wrong_guess_of_the_set_never_changes_a_result(tmp_path: Path, order: str) -> None:
    from renja_rules.run import RunOptions, _check_group

    folder = tmp_path / "pd"
    folder.mkdir()
    # Tabel 2.1 is guessed right and alone; Tabel 3.1, of the same set, is guessed wrong;
    # the clean plan of another PD is alone indeed.
    names = ["a.yaml", "b.yaml"] if order == "evaluasi first" else ["b.yaml", "a.yaml"]
    (folder / names[0]).write_text(SEED_21.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / names[1]).write_text(_misleading(SEED_31.read_text(encoding="utf-8")), encoding="utf-8")
    other = (ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml").read_text(encoding="utf-8")
    (folder / "c.yaml").write_text(other.replace("perangkat_daerah: Dinas Koperasi", "perangkat_daerah: Dinas Lain", 1),
                                   encoding="utf-8")
    files = [str(folder / name) for name in ("a.yaml", "b.yaml", "c.yaml")]
    guess = guess_set_key(str(folder / names[1]), (folder / names[1]).read_text(encoding="utf-8"))
    assert guess is not None and guess[1] == "dinas lain"

    plans = [renja_rules.load_plan(file) for file in files]
    link_documents(plans)
    expected = [{"violations": [v.model_dump(mode="json") for v in renja_rules.check(plan, RULES)]} for plan in plans]
    assert _check_group(files, RunOptions(), "id") == expected
    evaluasi = expected[["a.yaml", "b.yaml"].index(names[0])]
    assert any(v["rule_id"] == "XD003" for v in evaluasi["violations"])  # checked in its set


# --- predikat bands --------------------------------------------------------------------

DEFAULT_BANDS = {
    "50": "SR", "50.5": "SR", "51": "R", "65": "R", "65.5": "R", "66": "S", "75": "S", "75.5": "S",
    "76": "T", "90": "T", "90.5": "T", "91": "ST", "100": "ST", "163.3": "ST",
}
# Strict policy: the written intervals, no value above 100. None: the value itself is reported.
STRICT_BANDS = {**DEFAULT_BANDS, "50.5": None, "65.5": None, "75.5": None, "90.5": None, "163.3": None}


def _program(value: str, predikat: str) -> renja_rules.Plan:
    snippet = {
        "dokumen": {"jenis": "evaluasi-renja", "tahun": 2021},
        "program": [{"kode": "2.17.01", "rata_rata": {"capaian": {"k": value}}, "predikat": {"capaian": {"k": predikat}}}],
    }
    return renja_rules.parse_plan(dump_yaml(snippet), "bands.yaml")


def _pr001(rules: renja_rules.RuleSet, value: str, predikat: str) -> list[renja_rules.Violation]:
    return [v for v in renja_rules.check(_program(value, predikat), rules) if v.rule_id == "PR001"]


@pytest.mark.parametrize("value, expected", sorted(DEFAULT_BANDS.items()))
def test_default_bands_at_and_around_every_boundary(value: str, expected: str) -> None:
    assert _pr001(RULES, value, expected) == []
    for other in {"ST", "T", "S", "R", "SR"} - {expected}:
        [violation] = _pr001(RULES, value, other)
        assert (violation.expected, violation.actual) == (expected, other)


@pytest.mark.parametrize("value, expected", sorted(STRICT_BANDS.items()))
def test_strict_policy_from_another_rule_file(value: str, expected: str | None) -> None:
    if expected is None:
        for stated in ("ST", "T", "S", "R", "SR"):
            [violation] = _pr001(STRICT, value, stated)
            assert violation.expected is None and ("celah" in violation.message or "batas" in violation.message)
    else:
        assert _pr001(STRICT, value, expected) == []
        [violation] = _pr001(STRICT, value, "SR" if expected != "SR" else "ST")
        assert violation.expected == expected


def test_predikat_written_in_lower_case_is_accepted() -> None:
    assert _pr001(RULES, "65,73", "r") == []


# --- ratio edge cases ----------------------------------------------------------------


def _row(**columns: object) -> renja_rules.Plan:
    snippet = {"dokumen": {"jenis": "evaluasi-renja", "tahun": 2021}, "program": [{"kode": "2.17.01", "indikator": [columns]}]}
    return renja_rules.parse_plan(dump_yaml(snippet), "row.yaml")


def _ids(plan: renja_rules.Plan) -> set[str]:
    return {v.rule_id for v in renja_rules.check(plan, RULES)}


def test_zero_target_means_zero_achievement() -> None:
    assert "EV001" not in _ids(_row(target={"k": "0 Unit"}, realisasi={"k": "0 Unit"}, capaian={"k": "0,00"}))
    assert "EV001" in _ids(_row(target={"k": "0 Unit"}, realisasi={"k": "1 Unit"}, capaian={"k": "100,00"}))


def test_missing_values_are_not_guessed() -> None:
    # no target: nothing to compare; no stated achievement: nothing to check
    assert "EV001" not in _ids(_row(realisasi={"k": "5 Unit"}, capaian={"k": "50,00"}))
    assert "EV001" not in _ids(_row(target={"k": "10 Unit"}, realisasi={"k": "5 Unit"}))


def test_damaged_figures_are_reported_once_not_computed_with() -> None:
    ids = _ids(_row(target={"k": "1 0 Unit"}, realisasi={"k": "5 Unit"}, capaian={"k": "50,00"}))
    assert "AN001" in ids and "EV001" not in ids


def test_level_and_cumulative_indicators() -> None:
    level = dict(kumulatif=False, realisasi_renstra_lalu={"k": "97,99 %"}, realisasi={"k": "63,28 %"})
    assert {"EV003", "EV004"} & _ids(_row(**level, realisasi_kumulatif={"k": "63,28 %"})) == set()
    assert "EV004" in _ids(_row(**level, realisasi_kumulatif={"k": "161,27 %"}))
    counted = dict(realisasi_renstra_lalu={"k": "55 Orang"}, realisasi={"k": "6 Orang"})
    assert {"EV003", "EV004"} & _ids(_row(**counted, realisasi_kumulatif={"k": "61 Orang"})) == set()
    assert "EV003" in _ids(_row(**counted, realisasi_kumulatif={"k": "55 Orang"}))


def test_lower_is_better_uses_the_mirrored_formula() -> None:
    # target 10 (e.g. % of bad loans), realisation 8: (2*10 - 8) / 10 * 100 = 120
    row = dict(polaritas="negatif", target={"k": "10 %"}, realisasi={"k": "8 %"})
    assert "EV001" not in _ids(_row(**row, capaian={"k": "120,00"}))
    assert "EV001" in _ids(_row(**row, capaian={"k": "80,00"}))


# --- properties ---------------------------------------------------------------------------

money = st.integers(0, 10**13).map(lambda n: Decimal(n).scaleb(-2))
count = st.integers(0, 10**6).map(Decimal)


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal:
    if denominator == 0:
        return Decimal("0.00")
    return (numerator / denominator * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@st.composite
def evaluation_rows(draw: st.DrawFn) -> dict:
    k5, k6, k7, k8 = draw(count), draw(count), draw(count), draw(count)
    r5, r6, r7, r8 = draw(money), draw(money), draw(money), draw(money)
    k10, r10 = k6 + k8, r6 + r8

    def rp(value: Decimal) -> str:
        return format_angka(value, "id", places=2)

    return {
        "uraian": "Jumlah koperasi dibina",
        "target_renstra": {"k": f"{k5} Koperasi", "rp": rp(r5)},
        "realisasi_renstra_lalu": {"k": f"{k6} Koperasi", "rp": rp(r6)},
        "target": {"k": f"{k7} Koperasi", "rp": rp(r7)},
        "realisasi": {"k": f"{k8} Koperasi", "rp": rp(r8)},
        "capaian": {"k": format_angka(_pct(k8, k7), "id"), "rp": format_angka(_pct(r8, r7), "id")},
        "realisasi_kumulatif": {"k": f"{k10} Koperasi", "rp": rp(r10)},
        "capaian_renstra": {"k": format_angka(_pct(k10, k5), "id"), "rp": format_angka(_pct(r10, r5), "id")},
    }


@settings(max_examples=60, deadline=None)
@given(evaluation_rows())
def test_consistent_evaluation_rows_pass(row: dict) -> None:
    assert renja_rules.check(_row(**row), ROW_RULES) == []


INPUTS = [("target", "k"), ("target", "rp"), ("realisasi", "k"), ("realisasi", "rp"), ("realisasi_renstra_lalu", "k"),
          ("realisasi_renstra_lalu", "rp"), ("target_renstra", "k"), ("target_renstra", "rp")]


def _value(cell: str) -> Decimal:
    from renja_rules.numbers import parse_nilai, parse_uang

    parsed = parse_nilai(cell) if " " in cell and not cell[-1].isdigit() else parse_uang(cell)
    assert parsed.nilai is not None
    return parsed.nilai


def _still_consistent(row: dict) -> bool:
    """Recompute every derived column of the row from its inputs (the test's own oracle)."""
    for part in ("k", "rp"):
        get = lambda column: _value(row[column][part])  # noqa: E731
        if get("realisasi_kumulatif") != get("realisasi_renstra_lalu") + get("realisasi"):
            return False
        # EV001/EV002 declare a tolerance of 0,01 on the rounded percentage
        if abs(_value(row["capaian"][part]) - _pct(get("realisasi"), get("target"))) > Decimal("0.01"):
            return False
        if abs(_value(row["capaian_renstra"][part]) - _pct(get("realisasi_kumulatif"), get("target_renstra"))) > Decimal("0.01"):
            return False
    return True


@settings(max_examples=80, deadline=None)
@given(evaluation_rows(), st.sampled_from(INPUTS), st.integers(1, 10**6))
def test_perturbing_one_input_figure_is_reported_on_its_row(row: dict, where: tuple[str, str], delta: int) -> None:
    column, part = where
    number = _value(row[column][part]) + delta
    row[column][part] = f"{number} Koperasi" if part == "k" else format_angka(number, "id", places=2)
    violations = renja_rules.check(_row(**row), ROW_RULES)
    # Exactly when the figures no longer agree (a change can vanish in a rounded percentage)
    assert bool(violations) == (not _still_consistent(row))
    if column in ("realisasi", "realisasi_renstra_lalu"):
        assert violations  # the cumulative column is an exact sum: any change shows
    assert all(v.kode == "2.17.01" and v.path.startswith("/program/0/indikator/0/") for v in violations)
