"""The clean example passes every rule; one changed pagu fires sum and selisih rules at the right places."""

from __future__ import annotations

import renja_rules

from .conftest import CLEAN


def test_clean_example_has_no_violation(rules: renja_rules.RuleSet) -> None:
    assert renja_rules.check(renja_rules.load_plan(CLEAN), rules) == []


def _line_col(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def test_changing_one_sub_kegiatan_pagu_fires_sum_and_selisih(rules: renja_rules.RuleSet) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    old = 'sesudah: {target: "29 Orang", pagu: "4.552.409.359,00"}'
    new = 'sesudah: {target: "29 Orang", pagu: "4.552.409.360,00"}'
    assert text.count(old) == 1
    changed = text.replace(old, new)
    violations = renja_rules.check(renja_rules.parse_plan(changed, "changed.yaml"), rules)
    by_rule = {(v.rule_id, v.kode): v for v in violations}
    assert set(by_rule) == {("SL001", "2.17.01.2.02.01"), ("PG001", "2.17.01.2.02")}

    selisih = by_rule[("SL001", "2.17.01.2.02.01")]
    line, column = _line_col(changed, '"90.127.459,00"')
    assert (selisih.line, selisih.column) == (line, column)
    assert (selisih.expected, selisih.actual) == ("90127460.00", "90127459.00")

    kegiatan = by_rule[("PG001", "2.17.01.2.02")]
    line, column = _line_col(changed, '"5.162.307.065,00"}\n                    selisih: "111.061.395,00"\n                    lokasi: Dinas Koperasi dan Usaha Mikro\n                    sumber_dana: APBD Kabupaten\n                sub_kegiatan')
    assert (kegiatan.line, kegiatan.column) == (line, column)
    assert (kegiatan.expected, kegiatan.actual) == ("5162307066.00", "5162307065.00")


def test_changing_a_kegiatan_pagu_fires_on_the_kegiatan_and_its_program(rules: renja_rules.RuleSet) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    old = 'sesudah: {target: "350 Koperasi", pagu: "289.330.200,00"}\n                    selisih: "174.471.000,00"'
    assert text.count(old) == 1
    changed = text.replace(old, old.replace("289.330.200,00", "289.330.201,00").replace("174.471.000,00", "174.471.001,00"))
    violations = renja_rules.check(renja_rules.parse_plan(changed, "changed.yaml"), rules)
    assert {(v.rule_id, v.kode) for v in violations} == {("PG001", "2.17.03.2.01"), ("PG002", "2.17.03")}
    program = next(v for v in violations if v.rule_id == "PG002")
    assert program.field == "sesudah.pagu" and program.actual == "289330200.00" and program.expected == "289330201.00"


def test_messages_in_english_on_request(rules: renja_rules.RuleSet) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace('selisih: "90.127.459,00"', 'selisih: "90.127.458,00"')
    [violation] = renja_rules.check(renja_rules.parse_plan(text, "x.yaml"), rules, lang="en")
    assert violation.rule_id == "SL001"
    assert violation.message.startswith("Selisih of indicator 2.17.01.2.02.01")
    assert "Rp90,127,459.00" in violation.message and "Rp90,127,458.00" in violation.message
