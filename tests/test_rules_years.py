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


def _check(text: str, *rules: str) -> list[renja_rules.Violation]:
    return [v for v in renja_rules.check(renja_rules.parse_plan(text, "p.yaml"), RULES) if v.rule_id in rules]


def test_plausibility_messages_name_what_to_look_at() -> None:
    text = """dokumen: {jenis: perubahan-renja, tahun: 2021, pemerintah_daerah: Kota Malang}
program:
  - kode: "2.17.01"
    kegiatan:
      - kode: "2.17.01.1.01"
        indikator: [{sesudah: {target: "1 Dokumen", pagu: "5.000,00"}}]
      - kode: "2.17.01.2.02"
        sub_kegiatan:
          - kode: "2.17.01.2.02.01"
            indikator:
              - {uraian: "Persentase koperasi sehat", sesudah: {target: "80 Koperasi", pagu: "0,00"}}
              - {uraian: "persentase  Koperasi sehat.", sesudah: {target: "80 %", pagu: "0,00"}}
"""
    found = {v.rule_id: v for v in _check(text, "KD009", "PL004", "PL006", "SA001", "PL009")}
    assert found["KD009"].message == ("Kode kegiatan 2.17.01.1.01 bertingkat 1, padahal dokumen ini milik Kota "
                                      "(tingkat 2): kegiatan milik tingkat pemerintahan lain?")
    assert found["PL004"].message.startswith("Kegiatan 2.17.01.1.01 berpagu Rp5.000,00 tetapi tidak memiliki sub kegiatan")
    assert found["PL006"].line == 12 and found["PL006"].message.endswith("sudah tercantum di baris 11")
    assert (found["SA001"].field, found["SA001"].actual, found["SA001"].line) == ("sesudah.target", "Koperasi", 11)
    assert found["PL009"].severity == "warning"


def test_a_plan_without_a_government_word_is_not_judged_by_kd009() -> None:
    text = """dokumen: {jenis: perubahan-renja, tahun: 2021, pemerintah_daerah: Pemkab Malang}
program: [{kode: "2.17.01", kegiatan: [{kode: "2.17.01.1.01"}]}]
"""
    assert _check(text, "KD009") == []


def test_an_opt_in_rule_runs_only_when_selected_by_its_full_id(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from renja_rules.cli import main

    assert "PL011" not in RULES.by_id  # the library's default set leaves it out
    assert "PL011" in renja_rules.load_rules(opt_in=["PL011"]).by_id
    plan = tmp_path / "p.yaml"
    plan.write_text('dokumen: {jenis: perubahan-renja, tahun: 2021}\nprogram:\n  - kode: "2.17.01"\n'
                    '    indikator: [{sebelum: {target: "10 Orang"}, sesudah: {target: "12 Orang"}}]\n', encoding="utf-8")

    def ids(*args: str) -> set[str]:
        import json

        out = CliRunner().invoke(main, ["check", "--no-cache", "-f", "json", *args, str(plan)]).output
        return {v["rule_id"] for v in json.loads(out)["violations"]}

    assert "PL011" not in ids() and "PL011" not in ids("--select", "PL")
    assert "PL011" in ids("--select", "PL011") and "PL011" in ids("--select", "PL", "--select", "PL011")
    (tmp_path / ".renja-rules.yaml").write_text("select: [AN, PG, SL, WJ, PL011]\n", encoding="utf-8")
    assert "PL011" in ids()


def test_an_achievement_with_an_extra_zero_stands_out_from_its_program() -> None:
    rows = ", ".join(f'{{capaian: {{k: "{k}"}}}}' for k in ("63,00", "70,00", "58,00"))
    text = f"""dokumen: {{jenis: evaluasi-renja, tahun: 2021}}
program:
  - kode: "2.17.01"
    kegiatan:
      - kode: "2.17.01.2.01"
        sub_kegiatan:
          - kode: "2.17.01.2.01.01"
            indikator: [{rows}]
          - kode: "2.17.01.2.01.02"
            indikator: [{{capaian: {{k: "630,00"}}}}]
"""
    (v,) = _check(text, "PL012")
    assert (v.line, v.field, v.actual, v.expected) == (10, "capaian.k", "630.00", "63.00")
    assert v.message.startswith("Tingkat capaian indikator 2.17.01.2.01.02 (indikator 1) tertulis 630,00%")
    # 99% is never an outlier (the floor), nor is anything in a program of three rows.
    assert _check(text.replace("630,00", "99,00"), "PL012") == []
    assert _check(text.replace(', {capaian: {k: "58,00"}}', ""), "PL012") == []
