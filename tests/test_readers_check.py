"""`renja-rules check` on spreadsheets: same findings as the plan, located by sheet and cell."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules import load_plan
from renja_rules.cli import main
from renja_rules.doctypes import document_type

ROOT = Path(__file__).resolve().parent.parent
# Every example but the list documents, which the readers do not read back (see test_readers_roundtrip).
EXAMPLES = [path for path in sorted((ROOT / "examples").rglob("*.yaml"))
            if not document_type(load_plan(path).jenis).rows]


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


def _by_sheet(path: Path) -> dict[str, list[tuple]]:
    code, out, _ = _run("check", "--no-cache", "-f", "json", str(path))
    assert code == 1, out
    found: dict[str, list[tuple]] = {}
    for v in json.loads(out)["violations"]:
        found.setdefault(v["sheet"], []).append((v["rule_id"], v["kode"], v["field"], v["expected"], v["actual"]))
    return {sheet: sorted(rows) for sheet, rows in found.items()}


def test_seed_text_checks_both_tables_with_the_transcriptions_findings() -> None:
    """The seed's PDF-table text holds Tabel 3.1 and Tabel 2.1: both are checked, as one
    document set (as the two transcriptions are in their folder), with the same findings."""
    seed = ROOT / "examples/seed-malang-2021"
    by_table = _by_sheet(ROOT / "tests/data/seed-malang-2021.txt")
    assert set(by_table) == {"Tabel 2.1", "Tabel 3.1"}
    assert sorted(row for rows in by_table.values() for row in rows) == _findings(seed)
    # Each table's findings are its own: the revision table's rules on Tabel 3.1 only.
    assert {row[0][:2] for row in by_table["Tabel 2.1"]} & {"PG", "SL"} == set()
    assert any(row[0] == "PG001" for row in by_table["Tabel 3.1"])
    code, out, _ = _run("check", "--no-cache", str(ROOT / "tests/data/seed-malang-2021.txt"))
    assert "1 berkas diperiksa: 92 pelanggaran" in out


def test_a_book_of_two_tables_checks_both_and_reports_each(tmp_path: Path) -> None:
    """`export FOLDER` writes the folder's plans into one book; that book checks as the folder."""
    seed = ROOT / "examples/seed-malang-2021"
    book = tmp_path / "kiriman.xlsx"
    code, _, err = _run("export", str(seed), "-o", str(book), "--no-findings")
    assert code == 0, err
    assert _findings(book) == _findings(seed)
    html = tmp_path / "r.html"
    _run("check", "--no-cache", "-f", "html", "-o", str(html), str(book))
    page = html.read_text(encoding="utf-8")
    assert "kiriman.xlsx · Tabel 3.1" in page and "kiriman.xlsx · Tabel 2.1" in page
    # The annotated book of a two-table book marks the findings of both tables.
    again = tmp_path / "bertanda.xlsx"
    code, _, err = _run("export", str(book), "-o", str(again))
    assert code == 0, err
    assert "2 rencana, 92 temuan" in err
    # SARIF: one result per finding, their fingerprints distinct.
    _, out, _ = _run("check", "--no-cache", "-f", "sarif", str(book))
    results = json.loads(out)["runs"][0]["results"]
    assert len(results) == 92
    assert len({r["partialFingerprints"]["renjaRules/v1"] for r in results}) == 92


def test_load_plans_gives_every_table_and_load_plan_says_there_are_several() -> None:
    from renja_rules import load_plan, load_plans
    from renja_rules.errors import PlanError

    text = ROOT / "tests/data/seed-malang-2021.txt"
    plans = load_plans(text)
    assert [(p.sheet, p.jenis) for p in plans] == [("Tabel 2.1", "evaluasi-renja"), ("Tabel 3.1", "perubahan-renja")]
    assert [p.jenis for p in load_plans(ROOT / "examples/bersih/perubahan-renja-bersih.yaml")] == ["perubahan-renja"]
    with pytest.raises(PlanError, match="berisi 2 tabel"):
        load_plan(text)
    # A table's plan is copied by reading its own table again, not the file's first one.
    import copy

    assert [copy.deepcopy(p).sheet for p in plans] == ["Tabel 2.1", "Tabel 3.1"]


def test_a_finding_naming_the_other_table_names_its_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "kiriman.xlsx"
    _run("export", str(ROOT / "examples/seed-malang-2021"), "-o", str(book), "--no-findings")
    _, out, _ = _run("check", "--no-cache", str(book))
    xd003 = next(line for line in out.splitlines() if "XD003" in line)
    assert xd003.endswith(f"({book}:Tabel 3.1!G76)"), xd003


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


def test_fix_on_a_book_says_it_is_not_rewritten(tmp_path: Path) -> None:
    """A workbook is the PD's document: --fix leaves it alone and says how to fix instead."""
    book = tmp_path / "kiriman.xlsx"
    _run("export", str(ROOT / "examples/seed-malang-2021"), "-o", str(book), "--no-findings")
    before = book.read_bytes()
    for flag, exit_code in (("--fix", 1), ("--diff", 0)):  # (--diff: 1 only when it shows a change)
        code, out, err = _run("check", "--no-cache", flag, str(book))
        assert code == exit_code, out + err
        assert f"{book}: perbaikan tidak diterapkan pada buku kerja" in err
        assert f"renja-rules import {book} -o FOLDER/" in err
    assert book.read_bytes() == before
    # A clean book has nothing to fix: nothing is said.
    clean = tmp_path / "bersih.xlsx"
    _run("export", str(ROOT / "examples/bersih"), "-o", str(clean), "--no-findings")
    _, _, err = _run("check", "--no-cache", "--fix", str(clean))
    assert "tidak diterapkan" not in err


def test_two_tables_side_by_side_on_one_sheet(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "b.xlsx"
    _run("export", str(ROOT / "examples/bersih/perubahan-renja-bersih.yaml"), "-o", str(book), "--no-findings")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Tabel 3.1"]
    rows = list(sheet.iter_rows(values_only=True))
    width = max(len(row) for row in rows)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            sheet.cell(row=r, column=width + 2 + c, value=value)
    workbook.save(book)
    _check_fails(book, "dua tabel berdampingan dalam satu sheet")


def test_csv_with_mixed_separators_names_the_heading_it_cannot_split(tmp_path: Path) -> None:
    path = tmp_path / "campur.csv"
    path.write_text("Kode;Program/Kegiatan;Indikator,Target\n2.17.01;Program;Persentase,100\n", encoding="utf-8")
    _check_fails(path, "judul kolom 'Indikator,Target' tidak dikenali")


def test_text_in_a_number_cell_is_a_finding_on_that_cell(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "b.xlsx"
    _run("export", str(ROOT / "examples/bersih/perubahan-renja-bersih.yaml"), "-o", str(book), "--no-findings")
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Tabel 3.1"]
    cell = next(c for row in sheet.iter_rows(min_col=7, max_col=7) for c in row if isinstance(c.value, (int, float)))
    cell.value = "Rp 5 juta"
    workbook.save(book)
    code, out, _ = _run("check", "--no-cache", str(book))
    assert code == 1, out
    assert f"{book}:Tabel 3.1!{cell.coordinate}: AN001 error" in out
