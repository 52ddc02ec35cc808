"""The nomenclature as a reference list (issue 18, part 5): named in the configuration, read as data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

from .conftest import SEED_21, SEED_31

LIST = "kode,nama,level,berlaku_dari,berlaku_sampai\n"


def _check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "-f", "json", *args])
    return result.exit_code, (json.loads(result.output) if result.output.startswith("{") else {"raw": result.output})


def _nk(report: dict) -> list[tuple[str, str | None, str | None, str | None]]:
    return sorted((v["rule_id"], v["kode"], v["expected"], v["actual"]) for v in report["violations"]
                  if v["rule_id"].startswith("NK"))


@pytest.fixture()
def seed(tmp_path: Path) -> Path:
    for path in (SEED_31, SEED_21):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_without_a_list_nothing_is_judged(seed: Path) -> None:
    _, report = _check(str(seed))
    assert _nk(report) == []


def test_the_shipped_list_names_the_seeds_legacy_bidang_and_its_misspelt_names(seed: Path) -> None:
    (seed / ".renja-rules.yaml").write_text("nomenklatur: [bawaan]\n", encoding="utf-8")
    _, report = _check(str(seed))
    found = _nk(report)
    assert ("NK007", None, "2.17", "2.211") in found
    assert ("NK004", "2.17.01.2.06.05", "Penyediaan Barang Cetakan dan Penggandaan",
            "Penyediaan Barang Cetakan dan Pengandaan") in found
    assert ("NK004", "2.17.07.2.01.01", "Pendataan Potensi dan Pengembangan Usaha Mikro",
            "Pendataan Potensi dan Pengembangan Usaha Mikro 1") in found
    # A kegiatan coded like a program is not compared with that program's name; the partial list
    # covers no bidang whole, so no code is called unknown.
    assert not [f for f in found if f[0] in ("NK001", "NK002", "NK005")]


def test_a_list_covering_its_bidang_calls_other_codes_unknown_and_years_matter(tmp_path: Path) -> None:
    (tmp_path / "daftar.csv").write_text(
        "# a team's list\n" + LIST + "2.17,\"KOPERASI, USAHA KECIL, DAN MENENGAH\",bidang,2021,\n"
        "2.17.03,PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI,program,2021,\n"
        "2.17.03.2.01,Pemeriksaan Koperasi,kegiatan,2021,\n"
        "2.17.03.2.01.01,Pengawasan Koperasi,sub_kegiatan,2021,2022\n", encoding="utf-8")
    (tmp_path / ".renja-rules.yaml").write_text("nomenklatur: [daftar.csv]\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        'dokumen: {jenis: renja, tahun: 2027}\nprogram:\n  - kode: "2.17.09"\n  - kode: "2.17.03"\n'
        '    nama: Program Pengawasan dan Pemeriksaan Koperasi\n'
        '    kegiatan: [{kode: "2.17.03.2.01", sub_kegiatan: [{kode: "2.17.03.2.01.01"}]}]\n', encoding="utf-8")
    _, report = _check(str(tmp_path / "p.yaml"))
    assert _nk(report) == [("NK001", "2.17.09", None, "2.17.09"), ("NK003", "2.17.03.2.01.01", None, "2.17.03.2.01.01")]
    assert "2021–2022" in next(v["message"] for v in report["violations"] if v["rule_id"] == "NK003")


def test_the_name_fix_writes_the_official_name(tmp_path: Path) -> None:
    (tmp_path / "daftar.csv").write_text(LIST + "2.17.01.2.05,Administrasi Kepegawaian Perangkat Daerah,kegiatan,,\n",
                                         encoding="utf-8")
    (tmp_path / ".renja-rules.yaml").write_text("nomenklatur: [daftar.csv]\n", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text('dokumen: {jenis: renja, tahun: 2027}\nprogram:\n  - kode: "2.17.01"\n    kegiatan:\n'
                    '      - kode: "2.17.01.2.05"\n        nama: Administrasi Pegawai\n', encoding="utf-8")
    CliRunner().invoke(main, ["check", "--no-cache", "--fix", "--select", "NK", str(plan)])
    assert "nama: Administrasi Kepegawaian Perangkat Daerah" in plan.read_text(encoding="utf-8")
    _, report = _check("--select", "NK", str(plan))
    assert _nk(report) == []


def test_a_changed_list_changes_the_cached_result(tmp_path: Path) -> None:
    (tmp_path / ".renja-rules.yaml").write_text("nomenklatur: [daftar.csv]\n", encoding="utf-8")
    (tmp_path / "daftar.csv").write_text(LIST + "2.17.04,PROGRAM A,program,,\n", encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text('dokumen: {jenis: renja, tahun: 2027}\nprogram: [{kode: "2.17.04", nama: PROGRAM A}]\n',
                    encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / ".cache"), "-f", "json", "--select", "NK", str(plan)]
    first = CliRunner().invoke(main, ["check", *cache])
    (tmp_path / "daftar.csv").write_text(LIST + "2.17.04,PROGRAM B,program,,\n", encoding="utf-8")
    second = CliRunner().invoke(main, ["check", *cache])
    assert json.loads(first.output)["violations"] == []
    assert [v["expected"] for v in json.loads(second.output)["violations"]] == ["PROGRAM B"]


@pytest.mark.parametrize(("content", "said"), [
    (LIST + "2.17.04,PROGRAM A,bagian,,\n", ":3:1: level 'bagian'"),
    (LIST + "2.17.04,PROGRAM A,program,dua ribu,\n", ":3:1: tahun berlaku 'dua ribu'"),
    ("kode;nama\n2.17;X\n", ":1:1: kolom daftar nomenklatur"),
])
def test_a_bad_list_is_answered_with_its_file_and_line(tmp_path: Path, content: str, said: str) -> None:
    (tmp_path / "daftar.csv").write_text("# komentar\n" + content, encoding="utf-8")
    (tmp_path / ".renja-rules.yaml").write_text("nomenklatur: [daftar.csv]\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text('dokumen: {jenis: renja, tahun: 2027}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2
    assert f"daftar.csv{said}" in result.output, result.output
    assert "Traceback" not in result.output


def test_a_missing_list_or_one_outside_the_project_is_refused(tmp_path: Path) -> None:
    for name, listed in (("hilang", "tidak-ada.csv"), ("luar", "/etc/passwd")):
        (tmp_path / name / ".git").mkdir(parents=True)
        (tmp_path / name / "p.yaml").write_text('dokumen: {jenis: renja, tahun: 2027}\n', encoding="utf-8")
        (tmp_path / name / ".renja-rules.yaml").write_text(f"nomenklatur: [{listed}]\n", encoding="utf-8")
    missing = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "hilang" / "p.yaml")])
    assert missing.exit_code == 2 and "tidak-ada.csv" in missing.output and "Traceback" not in missing.output
    outside = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "luar" / "p.yaml")])
    assert outside.exit_code == 2 and "nomenklatur: '/etc/passwd' berada di luar proyek" in outside.output


def test_a_list_beside_the_plans_is_not_taken_for_a_plan(tmp_path: Path) -> None:
    (tmp_path / ".renja-rules.yaml").write_text("nomenklatur: [daftar.csv]\n", encoding="utf-8")
    (tmp_path / "daftar.csv").write_text(LIST + "2.17.04,PROGRAM A,program,,\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text('dokumen: {jenis: renja, tahun: 2027}\nprogram: [{kode: "2.17.04", nama: B}]\n',
                                     encoding="utf-8")
    code, report = _check(str(tmp_path))
    assert [f["file"] for f in report["files"]] == [str(tmp_path / "p.yaml")]
    assert _nk(report) == [("NK006", "2.17.04", "PROGRAM A", "B")]
    shown = CliRunner().invoke(main, ["check", "--show-settings", str(tmp_path)]).output
    assert str(tmp_path / "daftar.csv") in shown


def test_explain_shows_the_list_an_example_runs_with() -> None:
    said = CliRunner().invoke(main, ["explain", "NK007"]).output
    assert "dengan parameter: pengganti: {'2.211': '2.17'}" in said
    said = CliRunner().invoke(main, ["explain", "--lang", "en", "NK001"]).output
    assert "with parameters: daftar:" in said
