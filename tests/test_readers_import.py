"""`renja-rules import`: plan YAML out, atomically, never over an input; notes in both languages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from renja_rules.cli import main
from renja_rules.pipeline import load_plan

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed-malang-2021.txt"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_folder_gets_one_plan_per_table(tmp_path: Path) -> None:
    result = _run("import", str(SEED), "-o", f"{tmp_path}/", "--tahun", "2021")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["seed-malang-2021-tabel-2.1.yaml", "seed-malang-2021-tabel-3.1.yaml"]
    text = (tmp_path / written[1]).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# Diimpor dari seed-malang-2021.txt, Tabel 3.1 (renja-rules import)"
    assert load_plan(tmp_path / written[1]).jenis == "perubahan-renja"
    assert "Tabel 2.1!A279: info: baris bergeser" in result.stderr


def test_several_tables_need_a_folder(tmp_path: Path) -> None:
    result = _run("import", str(SEED), "-o", str(tmp_path / "satu.yaml"))
    assert result.exit_code == 2
    assert "2 tabel" in result.stderr and not (tmp_path / "satu.yaml").exists()


def test_one_table_to_a_file_and_english_notes(tmp_path: Path) -> None:
    out = tmp_path / "t21.yaml"
    result = _run("import", str(SEED), "--sheet", "Tabel 2.1", "-o", str(out), "--tahun", "2021", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert load_plan(out).jenis == "evaluasi-renja"
    assert "info: kumulatif: false (a level indicator, from the word 'persentase')" in result.stderr
    assert "written" in result.stderr


def test_never_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "tabel.csv"
    source.write_text("Kode;Program;Indikator Kinerja\n2.17.01;PROGRAM;Persentase\n", encoding="utf-8")
    before = source.read_bytes()
    result = _run("import", str(source), "-o", str(source), "--tahun", "2021")
    assert result.exit_code == 2
    assert source.read_bytes() == before


def test_unreadable_input_is_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "lama.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    result = _run("import", str(bad))
    assert result.exit_code == 2
    assert "simpan sebagai .xlsx" in result.stderr and "Traceback" not in result.output
