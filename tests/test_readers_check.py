"""`renja-rules check` on spreadsheets: same findings as the plan, located by sheet and cell."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _findings(path: Path) -> list[tuple]:
    code, out, _ = _run("check", "--no-cache", "-f", "json", str(path))
    assert code in (0, 1), out
    return sorted((v["rule_id"], v["kode"], v["field"], v["expected"], v["actual"])
                  for v in json.loads(out)["violations"])


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.name)
def test_export_then_check_gives_the_same_findings(plan: Path, tmp_path: Path) -> None:
    book = tmp_path / "b.xlsx"
    code, _, err = _run("export", str(plan), "-o", str(book), "--no-findings")
    assert code == 0, err
    assert _findings(book) == _findings(plan)


def test_violations_name_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "b.xlsx"
    _run("export", str(ROOT / "examples/seed-malang-2021/tabel-3.1-perubahan-renja.yaml"), "-o", str(book),
         "--no-findings")
    code, out, _ = _run("check", "--no-cache", str(book))
    assert code == 1
    assert f"{book}:Tabel 3.1!G75: PG001 error" in out
    assert f"{book}:Dokumen!C11: JM002 error" in out
    _, out, _ = _run("check", "--no-cache", "-f", "json", str(book))
    pg = next(v for v in json.loads(out)["violations"] if v["rule_id"] == "PG001")
    assert (pg["sheet"], pg["cell"], pg["line"], pg["column"]) == ("Tabel 3.1", "G75", 75, 7)


def test_yaml_violations_have_no_sheet() -> None:
    _, out, _ = _run("check", "--no-cache", "-f", "json", str(ROOT / "examples/seed-malang-2021"))
    assert all(v["sheet"] is None and v["cell"] is None for v in json.loads(out)["violations"])


def test_folder_with_a_book_and_a_plan(tmp_path: Path) -> None:
    _run("export", str(ROOT / "examples/bersih/perubahan-renja-bersih.yaml"), "-o", str(tmp_path / "a.xlsx"),
         "--no-findings")
    code, out, _ = _run("check", "--no-cache", str(tmp_path))
    assert "1 berkas diperiksa" in out
    assert code == 0


def test_seed_text_named_on_the_command_line_is_refused_for_two_tables() -> None:
    code, out, err = _run("check", "--no-cache", str(ROOT / "tests/data/seed-malang-2021.txt"))
    assert code == 2
    assert "2 tabel" in out + err


# ---- bad input: a clear message naming the file, exit 2, no traceback ------------------------

def _check_fails(path: Path, words: str) -> None:
    code, out, err = _run("check", "--no-cache", str(path))
    assert code == 2, out + err
    assert str(path) in out + err and words in out + err
    assert "Traceback" not in out + err


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    _check_fails(path, "bukan buku kerja .xlsx")


def test_old_xls_and_encrypted_xlsx(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    (tmp_path / "lama.xls").write_bytes(ole)
    _check_fails(tmp_path / "lama.xls", "simpan sebagai .xlsx")
    (tmp_path / "sandi.xlsx").write_bytes(ole)  # Excel stores a password-protected book as OLE
    _check_fails(tmp_path / "sandi.xlsx", "kata sandi")


def test_ods(tmp_path: Path) -> None:
    path = tmp_path / "buku.ods"
    path.write_bytes(b"PK\x03\x04")
    _check_fails(path, ".ods")


def test_zip_bomb_disguised_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    _check_fails(path, "zip bomb")


def test_csv_ragged_row(tmp_path: Path) -> None:
    path = tmp_path / "tabel.csv"
    path.write_text("Kode;Program/Kegiatan;Indikator Kinerja\n2.17.01;Program;Persentase\n2.17.01.2.01;a;b;c;d\n")
    _check_fails(path, ":3:")


def test_a_text_table_named_on_the_command_line_is_checked_at_its_lines(tmp_path: Path) -> None:
    lines = (ROOT / "tests/data/seed-malang-2021.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "tabel-3.1.txt"
    path.write_text("".join(lines[454:552]), encoding="utf-8")  # Tabel 3.1 with its title, prose around
    code, out, _ = _run("check", "--no-cache", str(path))
    assert code == 1
    # The seed's PG001 (line 547 of the seed, line 93 of the excerpt) at the pagu's cell.
    assert f"{path}:Tabel 3.1!G93: PG001 error" in out
    plan_findings = {f for f in _findings(ROOT / "examples/seed-malang-2021/tabel-3.1-perubahan-renja.yaml")
                     if not f[0].startswith("JM")}  # the declared counts are prose, not in the table
    assert set(_findings(path)) == plan_findings


def test_sarif_carries_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "b.xlsx"
    _run("export", str(ROOT / "examples/seed-malang-2021/tabel-3.1-perubahan-renja.yaml"), "-o", str(book),
         "--no-findings")
    _, out, _ = _run("check", "--no-cache", "-f", "sarif", str(book))
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "PG001")
    assert result["properties"]["sheet"] == "Tabel 3.1" and result["properties"]["cell"] == "G75"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 75, "startColumn": 7}
