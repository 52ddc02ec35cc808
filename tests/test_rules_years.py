"""Year labels (issue 17): the years a header names fit the document's year; what a program's
average cannot be checked against is said (EV012)."""

from __future__ import annotations

import pytest

import renja_rules

RULES = renja_rules.load_rules()


def _found(dokumen: str, rule: str) -> list[renja_rules.Violation]:
    plan = renja_rules.parse_plan(f"dokumen: {dokumen}\n", "d.yaml")
    return [v for v in renja_rules.check(plan, RULES) if v.rule_id == rule]


@pytest.mark.parametrize("jenis, judul, stray", [
    ("perubahan-renja", "Rumusan Perubahan Renja Tahun 2021", None),
    ("perubahan-renja", "Rumusan Perubahan Renja Tahun 2020", "2020"),
    ("renja", "Renja Tahun 2021 dan Prakiraan Maju Tahun 2022", None),
    ("renja", "Renja Tahun 2022 dan Prakiraan Maju Tahun 2023", "2023"),
    ("evaluasi-renja", "Evaluasi Renja s.d. Triwulan II Tahun 2020", None),  # the seed's Tabel 2.1
    ("evaluasi-renja", "Evaluasi Renja Tahun 2022", "2022"),
    ("perubahan-renja", "Perubahan Renja Nomor 120211 Tahun 2021", None),  # digits inside a number: no year
])
def test_title_years(jenis: str, judul: str, stray: str | None) -> None:
    found = _found(f'{{jenis: {jenis}, tahun: 2021, judul: "{judul}"}}', "TH001")
    assert [v.actual for v in found] == ([stray] if stray else [])
    if stray:
        v = found[0]
        assert (v.severity, v.field, v.line) == ("warning", "dokumen.judul", 1)
        assert f"Judul menyebut tahun {stray}, padahal dokumen ini tahun 2021" in v.message


def test_legal_basis_year_in_english() -> None:
    plan = renja_rules.parse_plan('dokumen: {jenis: renja, tahun: 2021, dasar_hukum: "Perbup Nomor 3 Tahun 2018"}\n')
    (v,) = [v for v in renja_rules.check(plan, RULES, lang="en") if v.rule_id == "TH002"]
    assert v.message == "The legal basis names the year 2018, but this document is of 2021 (fitting: 2020, 2021)"


def test_an_average_of_a_program_without_sub_kegiatan_rows_is_said_to_be_unchecked() -> None:
    text = """dokumen: {jenis: evaluasi-renja, tahun: 2021}
program:
  - kode: "2.17.01"
    rata_rata: {capaian: {k: "80,00", rp: "70,00"}}
    kegiatan:
      - kode: "2.17.01.2.01"
        indikator: [{target: {k: "3", rp: "100,00"}, capaian: {k: "80,00", rp: "70,00"}}]
"""
    found = [v for v in renja_rules.check(renja_rules.parse_plan(text), RULES) if v.rule_id in ("EV010", "EV012")]
    assert [(v.rule_id, v.field, v.actual) for v in found] == [
        ("EV012", "rata_rata.capaian.k", "80.00"), ("EV012", "rata_rata.capaian.rp", "70.00")]
    assert "tidak ada baris sub kegiatan bertarget untuk dirata-ratakan (0 baris sub kegiatan)" in found[0].message
