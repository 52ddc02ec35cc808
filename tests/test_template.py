"""``renja-rules template``: an empty form of every document type, ready to fill in."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from renja_rules.cli import main
from renja_rules.export.layout import LAYOUTS
from renja_rules.model import JENIS_DOKUMEN


def template(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["template", *args])


def test_every_jenis_has_a_layout() -> None:
    assert set(LAYOUTS) == set(JENIS_DOKUMEN)


@pytest.mark.parametrize("jenis", JENIS_DOKUMEN)
def test_the_form_of_each_jenis_has_its_headings_numbers_and_rows_to_fill(jenis: str, tmp_path: Path) -> None:
    book = tmp_path / f"blanko-{jenis}.xlsx"
    run = template("--jenis", jenis, "-o", str(book))
    assert run.exit_code == 0, run.output
    assert book.name in run.output
    workbook = openpyxl.load_workbook(book)
    ws = workbook.worksheets[0]
    layout = LAYOUTS[jenis]
    head = next(r for r in range(1, 12) if ws.cell(row=r, column=1).value == layout.columns[0].heading[0])
    # The two heading rows: a grouped column's heading in the second, its group above it.
    for index, column in enumerate(layout.columns, start=1):
        row = head + 1 if column.group else head
        assert ws.cell(row=row, column=index).value in (column.heading[0], None), column.field
        if column.group:
            first = next(i for i, c in enumerate(layout.columns, start=1) if c.group == column.group)
            assert ws.cell(row=head, column=first).value == column.group[0]
    numbers = [ws.cell(row=head + 2, column=i).value for i in range(1, len(layout.columns) + 1)]
    # Numbered as the regulation prints them (the Renstra form's Tujuan and Sasaran, 1 and 2, are not modelled).
    assert numbers[0] == f"({layout.columns[0].number})" and "(5)" in numbers
    # Rows to type into: bordered, money cells formatted as numbers, code cells as text.
    pagu = next((i for i, c in enumerate(layout.columns, start=1) if c.value_kind == "uang"), None)
    assert pagu is not None
    first_row = head + 3
    assert ws.cell(row=first_row, column=pagu).number_format == "#,##0.00"
    kode = next(i for i, c in enumerate(layout.columns, start=1) if c.field == ("kode",))
    assert ws.cell(row=first_row, column=kode).number_format == "@"
    assert ws.cell(row=first_row + 10, column=1).border.left.style == "thin"
    assert ws.freeze_panes is not None and ws.print_title_rows == f"${head}:${head + 2}"
    assert ws.page_setup.orientation == "landscape"
    # The Dokumen sheet asks for the header; only the kind is filled in.
    dokumen = workbook["Dokumen"]
    keys = {dokumen.cell(row=r, column=2).value: dokumen.cell(row=r, column=3).value for r in range(2, dokumen.max_row + 1)}
    assert keys["dokumen.jenis"] == jenis and keys["dokumen.tahun"] is None and "dokumen.perangkat_daerah" in keys


def test_english_form(tmp_path: Path) -> None:
    book = tmp_path / "form.xlsx"
    assert template("--jenis", "perubahan-renja", "-o", str(book), "--lang", "en").exit_code == 0
    ws = openpyxl.load_workbook(book).worksheets[0]
    assert any(ws.cell(row=r, column=1).value == "Code" for r in range(1, 12))


def test_bad_arguments_exit_2_and_write_nothing(tmp_path: Path) -> None:
    assert template("--jenis", "rpjmd", "-o", str(tmp_path / "x.xlsx")).exit_code == 2
    run = template("--jenis", "renja", "-o", str(tmp_path / "x.csv"))
    assert run.exit_code == 2 and ".xlsx" in run.output
    assert list(tmp_path.iterdir()) == []
    blocker = tmp_path / "berkas"
    blocker.write_text("not a folder", encoding="utf-8")
    run = template("--jenis", "renja", "-o", str(blocker / "x.xlsx"))
    assert run.exit_code == 2 and "tidak dapat ditulis" in run.output
    assert list(tmp_path.iterdir()) == [blocker]
