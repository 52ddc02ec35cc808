"""What was wrong in the rules (issue 17, "Wrong today"): each a plan snippet, the rules, the findings.

Each test fails on the rules and kinds before the fix: a false positive, a hidden defect, or
a whole file refused for one cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import renja_rules
from renja_rules.numbers import YamlNumber, parse_uang

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "examples" / "bersih" / "perubahan-renja-bersih.yaml").read_text(encoding="utf-8")
RULES = renja_rules.load_rules()


def findings(text: str) -> list[tuple[str, str | None, str | None]]:
    plan = renja_rules.parse_plan(text, "p.yaml")
    return [(v.rule_id, v.kode, v.field) for v in renja_rules.check(plan, RULES)]


# 1. One unreadable money cell no longer hides every other finding of the file.
@pytest.mark.parametrize("cell", ['"Rp 5 juta"', '"2O.037.800,00"', "banyak"])
def test_an_unreadable_money_cell_is_a_finding_and_the_rest_is_checked(cell: str) -> None:
    text = CLEAN.replace('pagu: "114.859.200,00"}', f"pagu: {cell}}}", 1)
    text = text.replace('selisih: "111.061.395,00"', 'selisih: "111.061.394,00"', 1)  # a defect elsewhere
    found = findings(text)
    assert ("AN001", "2.17.03", "sebelum.pagu") in found
    assert ("SL001", "2.17.01", "selisih") in found  # still found
    assert not [f for f in found if f[0] in ("PG001", "PG002") and f[1] and f[1].startswith("2.17.03")]


# 2. Unquoted Indonesian money is ambiguous, not silently a decimal.
@pytest.mark.parametrize("written, reading", [("750.000", "750"), ("1.500", "1,5"), ("1.500.000", None)])
def test_unquoted_thousands_are_reported_with_both_readings(written: str, reading: str | None) -> None:
    angka = parse_uang(YamlNumber(written)) if reading else None
    if angka is not None:
        assert angka.nilai is None and angka.cacat and f"membacanya {reading}" in angka.cacat
        assert f'"{written},00"' in angka.cacat and written.replace(".", "") in angka.cacat
    text = CLEAN.replace('pagu: "114.859.200,00"}', f"pagu: {written}}}", 1)
    # Two dots are no YAML number: text, read in Indonesian notation, unambiguous.
    assert (("AN001", "2.17.03", "sebelum.pagu") in findings(text)) == (reading is not None)


def test_unsafe_fix_quotes_the_indonesian_reading_where_the_file_writes_money_so() -> None:
    from renja_rules.fixes import fix_text

    text = ('dokumen: {jenis: perubahan-renja, tahun: 2021}\nprogram:\n  - kode: "2.17.01"\n    indikator:\n'
            '      - sebelum: {target: "1 Orang", pagu: 750.000}\n'
            '        sesudah: {target: "2 Orang", pagu: 1.000.000}\n'  # two dots: text, no finding
            '        selisih: "250.000,00"\n')
    plan = renja_rules.parse_plan(text, "p.yaml")
    an001 = next(v for v in renja_rules.check(plan, RULES) if v.rule_id == "AN001")
    assert (an001.fix, an001.replacement, an001.expected) == ("unsafe", "750.000,00", "750.000,00")
    assert fix_text(text, "p.yaml", RULES).edits == []  # not a safe fix: 750 may be what was meant
    fixed = fix_text(text, "p.yaml", RULES, unsafe=True)
    assert [(e.rule_id, e.old, e.new) for e in fixed.edits if e.rule_id == "AN001"] == [("AN001", "750.000", "750.000,00")]
    assert 'pagu: "750.000,00"}' in fixed.text  # quoted inside the flow mapping: the comma is no separator
    assert not [v for v in renja_rules.check(renja_rules.parse_plan(fixed.text, "p.yaml"), RULES) if v.rule_id == "AN001"]


def test_no_fix_is_offered_where_the_file_also_writes_decimal_points() -> None:
    text = CLEAN.replace('pagu: "114.859.200,00"}', "pagu: 750.000}", 1)
    text = text.replace('selisih: "111.061.395,00"', "selisih: 111061395.00", 1)
    plan = renja_rules.parse_plan(text, "p.yaml")
    an001 = next(v for v in renja_rules.check(plan, RULES) if v.rule_id == "AN001")
    assert (an001.fix, an001.replacement) == (None, None)


def test_a_plain_decimal_stays_a_decimal() -> None:
    assert parse_uang(YamlNumber("1.5")).nilai == parse_uang("1,5").nilai
    assert parse_uang(YamlNumber("0.500")).cacat is None


# 3. A damaged cell deciding an average's membership: no invented expected value.
def test_a_damaged_target_leaves_the_average_unchecked() -> None:
    text = """dokumen: {jenis: evaluasi-renja, tahun: 2021}
program:
  - kode: "2.17.01"
    rata_rata: {capaian: {k: "68,44"}}
    kegiatan:
      - kode: "2.17.01.2.01"
        sub_kegiatan:
          - kode: "2.17.01.2.01.01"
            indikator:
              - {target: {k: "3"}, realisasi: {k: "3"}, capaian: {k: "100,00"}}
              - {target: {k: "2318 4 HOK"}, realisasi: {k: "153"}, capaian: {k: "36,87"}}
"""
    found = findings(text)
    assert ("AN001", "2.17.01.2.01.01", "target.k") in found
    assert not [f for f in found if f[0] == "EV010"]


# 4. Lower is better mirrors the K columns, never the money.
def test_polarity_does_not_mirror_money() -> None:
    text = """dokumen: {jenis: evaluasi-renja, tahun: 2021}
program:
  - kode: "2.17.01"
    indikator:
      - uraian: Angka kemiskinan (%)
        kumulatif: false
        polaritas: negatif
        target: {k: "10 %", rp: "100.000.000,00"}
        realisasi: {k: "8 %", rp: "57.610.000,00"}
        capaian: {k: "120,00", rp: "57,61"}
"""
    assert [f for f in findings(text) if f[0] == "EV001"] == []
    wrong = text.replace('rp: "57,61"', 'rp: "142,39"')
    assert ("EV001", "2.17.01", "capaian.rp") in findings(wrong)


# 5. Predikat written in words.
@pytest.mark.parametrize("written", ["Rendah", "rendah", "RENDAH", "R", "  Rendah "])
def test_predikat_in_words_is_the_same_as_its_letters(written: str) -> None:
    text = f"""dokumen: {{jenis: evaluasi-renja, tahun: 2021}}
program:
  - kode: "2.17.01"
    rata_rata: {{capaian: {{k: "65,73"}}}}
    predikat: {{capaian: {{k: "{written}"}}}}
"""
    assert [f for f in findings(text) if f[0] == "PR001"] == []
    assert ("PR001", "2.17.01", "predikat.capaian.k") in findings(text.replace(f'"{written}"', '"Sangat Tinggi"'))


# 6. KD007 names the minority, wherever the first code stands.
def test_the_odd_digit_style_is_reported_not_the_first_one() -> None:
    codes = ["2.17.01.2.01.01"] + [f"2.17.01.2.01.{n:04d}" for n in range(2, 6)]
    text = ("dokumen: {jenis: renja, tahun: 2021}\nprogram:\n  - kode: \"2.17.01\"\n    kegiatan:\n"
            "      - kode: \"2.17.01.2.01\"\n        sub_kegiatan:\n"
            + "".join(f'          - kode: "{code}"\n' for code in codes))
    assert [f[1] for f in findings(text) if f[0] == "KD007"] == ["2.17.01.2.01.01"]
    tie = ["2.17.01.2.01.01", "2.17.01.2.01.02", "2.17.01.2.01.0003", "2.17.01.2.01.0004"]
    tied = text.split("        sub_kegiatan:\n")[0] + "        sub_kegiatan:\n" + "".join(
        f'          - kode: "{code}"\n' for code in tie)
    assert sorted(f[1] for f in findings(tied) if f[0] == "KD007") == sorted(tie)  # no majority: every code named


# 7. A revision row with pagu has a selisih.
def test_a_missing_selisih_is_reported() -> None:
    text = CLEAN.replace('                selisih: "174.471.000,00"\n', "", 1)
    assert text != CLEAN
    assert ("WJ010", "2.17.03", "selisih") in findings(text)


# 8. "Rp1.500.000.000,-": no cents.
@pytest.mark.parametrize("written", ["Rp1.500.000.000,-", "Rp 1.500.000.000,-", "1.500.000.000,-", "Rp. 1.500.000.000"])
def test_the_usual_no_cents_ending_is_read(written: str) -> None:
    angka = parse_uang(written)
    assert angka.cacat is None and angka.nilai == parse_uang("1.500.000.000,00").nilai


# Plausibility (issue 17): what adds up but a verifier still questions.
def _evaluation_row(**cells: str) -> str:
    row = ", ".join(f"{name}: {{{value}}}" for name, value in cells.items())
    return f'dokumen: {{jenis: evaluasi-renja, tahun: 2021}}\nprogram:\n  - kode: "2.17.01"\n    indikator:\n      - {{{row}}}\n'


def test_overspending_and_implausible_achievement_are_questioned() -> None:
    assert ("PL001", "2.17.01", "realisasi.rp") in findings(_evaluation_row(
        target='rp: "15.490.000,00"', realisasi='rp: "15.548.000,00"'))
    assert not [f for f in findings(_evaluation_row(target='rp: "15.490.000,00"', realisasi='rp: "15.490.000,00"'))
                if f[0] == "PL001"]
    assert ("PL002", "2.17.01", "capaian.k") in findings(_evaluation_row(capaian='k: "1000,00"'))
    assert not [f for f in findings(_evaluation_row(capaian='k: "150,00"')) if f[0] == "PL002"]


def test_money_without_an_output_is_questioned() -> None:
    text = CLEAN.replace('sesudah: {target: "100%", pagu: "289.330.200,00"}', 'sesudah: {target: "0%", pagu: "289.330.200,00"}', 1)
    assert text != CLEAN
    assert ("PL003", "2.17.03", "sesudah.target") in findings(text)
    assert not [f for f in findings(CLEAN) if f[0].startswith("PL")]
