"""The registry of document types: every part of the tool takes the types from it, and a new
type is one module (plus its rules), added here through the registry alone — no other change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl

from renja_rules.doctypes import BUILT_IN, document_type, document_types
from renja_rules.model import JENIS_DOKUMEN, PlanDocument

TOY = '''
"""A made-up document type: a plan of the next year's pagu, for this test only."""
from renja_rules.doctypes import Column, DocumentType, Layout

COLUMNS = (
    Column(("kode",), "item", "1", ("Kode", "Code"), "kode", 17),
    Column(("nama",), "item", "2", ("Program/Kegiatan", "Program/Kegiatan"), "teks", 40),
    Column(("uraian",), "indikator", "3", ("Indikator Mainan", "Toy indicator"), "teks", 40),
    Column(("depan", "target"), "indikator", "4", ("Target Tahun Depan", "Next year's target"), "nilai", 14),
    Column(("depan", "pagu"), "indikator", "5", ("Pagu Tahun Depan (Rp)", "Next year's pagu (Rp)"), "uang", 19,
           synonyms=("dana depan",)),
    Column(("penyusun",), "indikator", "6", ("Penyusun", "Drafted by"), "teks", 20),
)

DOCUMENT_TYPE = DocumentType(
    jenis="renja-mainan",
    name=("Renja Mainan", "Toy Renja"),
    layout=Layout("renja-mainan", ("Rencana Mainan", "Toy plan"), COLUMNS),
    recognised_by=(frozenset({"mainan"}),),
    recognition_order=1,
)
'''

TOY_RULES = '''
rules:
  - id: MN001
    title: {id: "Pagu kegiatan mainan = jumlah sub kegiatannya", en: "Toy kegiatan pagu = sum of its sub kegiatan"}
    severity: error
    applies_to: kegiatan
    documents: [renja-mainan]
    kind: sum
    params: {fields: [depan.pagu], children: sub_kegiatan, tolerance: "0"}
    message:
      id: "Pagu {field} {item} tertulis {actual}, jumlah sub kegiatannya {expected}"
      en: "Pagu {field} of {item} is {actual}, its sub kegiatan add up to {expected}"
'''

TOY_PLAN = '''
dokumen: {jenis: renja-mainan, tahun: 2022, perangkat_daerah: Dinas Mainan}
program:
  - kode: "2.17.01"
    nama: Program Mainan
    kegiatan:
      - kode: "2.17.01.2.02"
        nama: Kegiatan Mainan
        indikator: [{uraian: Jumlah dokumen, depan: {target: "3 Dokumen", pagu: "300,00"}, penyusun: Bidang Mainan}]
        sub_kegiatan:
          - kode: "2.17.01.2.02.01"
            nama: Sub Mainan
            indikator: [{uraian: Jumlah laporan, depan: {target: "2 Laporan", pagu: "PAGU"}}]
'''


def test_every_part_takes_the_types_from_the_registry() -> None:
    from renja_rules.export.layout import LAYOUTS
    from renja_rules.kinds.cross import CrossParams
    from renja_rules.rules import RuleSpec

    names = tuple(declared.jenis for declared in document_types())
    assert names == JENIS_DOKUMEN == ("renja", "perubahan-renja", "evaluasi-renja", "renstra", "pagu-indikatif")
    assert len(BUILT_IN) == len(names)
    assert set(LAYOUTS) == set(names)
    schema = json.dumps(PlanDocument.model_json_schema())
    rules_schema = json.dumps(RuleSpec.model_json_schema()) + json.dumps(CrossParams.model_json_schema())
    for name in names:
        assert f'"{name}"' in schema and f'"{name}"' in rules_schema
    assert document_type("evaluasi-renja").evaluation and not document_type("perubahan-renja").evaluation


def test_a_toy_document_type_through_the_registry_alone(tmp_path: Path) -> None:
    (tmp_path / "toy_dokumen.py").write_text(TOY, encoding="utf-8")
    (tmp_path / "aturan-mainan.yaml").write_text(TOY_RULES, encoding="utf-8")
    plan = tmp_path / "mainan.yaml"
    plan.write_text(TOY_PLAN.replace("PAGU", "250,00"), encoding="utf-8")
    environment = {**os.environ, "RENJA_RULES_DOCUMENT_TYPES": "toy_dokumen",
                   "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "from renja_rules.cli import entry; entry()", *arguments],
                              cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)

    checked = run("check", "--isolated", "--rules", "aturan-mainan.yaml", "-f", "json", "mainan.yaml")
    assert checked.returncode == 1, checked.stderr
    found = [v for v in json.loads(checked.stdout)["violations"] if v["rule_id"] == "MN001"]
    assert [(v["kode"], v["field"], v["expected"], v["actual"]) for v in found] == [
        ("2.17.01.2.02", "depan.pagu", "250.00", "300.00")]
    # Its own columns are fields of the row (the registry makes the model): none is another
    # table's column (KL001), and the JSON Schema of plan files has them.
    assert not [v for v in json.loads(checked.stdout)["violations"] if v["rule_id"] == "KL001"], checked.stdout
    schema = subprocess.run([sys.executable, "-c", "import json; from renja_rules.schemas import plan_schema; "
                             "print(json.dumps(plan_schema()['$defs']['Indikator']['properties']))"],
                            env=environment, capture_output=True, text=True, check=True)
    row = json.loads(schema.stdout)
    assert row["depan"]["anyOf"][0] == {"$ref": "#/$defs/TargetPagu"} and "Penyusun" in row["penyusun"]["description"]

    plan.write_text(TOY_PLAN.replace("PAGU", "300,00"), encoding="utf-8")
    clean = run("check", "--isolated", "--rules", "aturan-mainan.yaml", "-f", "json", "mainan.yaml")
    assert not [v for v in json.loads(clean.stdout)["violations"] if v["rule_id"] == "MN001"], clean.stdout

    # Its printed layout, in the exported book, the blank form and the HTML report.
    assert run("export", "--isolated", "mainan.yaml", "-o", "mainan.xlsx").returncode == 0
    sheet = openpyxl.load_workbook(tmp_path / "mainan.xlsx").worksheets[0]
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert {"Indikator Mainan", "Target Tahun Depan", "Pagu Tahun Depan (Rp)"} <= cells
    assert run("template", "--jenis", "renja-mainan", "-o", "blanko.xlsx").returncode == 0
    html = run("check", "--isolated", "-f", "html", "mainan.yaml").stdout
    assert "Renja Mainan" in html and "Pagu Tahun Depan (Rp)" in html

    # A book headed by hand: the readers tell the type by its words and match its columns by
    # their printed headings and declared synonyms ("Dana depan"), with no change to the readers.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mainan"
    for row in (["Rencana Mainan Tahun 2022"], ["Dinas Mainan"], [],
                ["Kode", "Program/Kegiatan", "Indikator Mainan", "Target Tahun Depan", "Dana Depan (Rp)"],
                ["2.17.01", "Program Mainan", "Persentase", "100 %", 300],
                ["2.17.01.2.02", "Kegiatan Mainan", "Jumlah dokumen", "3 Dokumen", 300],
                ["2.17.01.2.02.01", "Sub Mainan", "Jumlah laporan", "2 Laporan", 250]):
        sheet.append(row)
    book.save(tmp_path / "mainan-buku.xlsx")
    from_book = run("check", "--isolated", "--rules", "aturan-mainan.yaml", "-f", "json", "mainan-buku.xlsx")
    found = [v for v in json.loads(from_book.stdout)["violations"] if v["rule_id"] == "MN001"]
    assert [(v["kode"], v["expected"], v["actual"], v.get("cell")) for v in found] == [
        ("2.17.01.2.02", "250", "300", "E6")], from_book.stdout + from_book.stderr

    # Without the module the type is unknown, as any misspelt jenis is.
    environment.pop("RENJA_RULES_DOCUMENT_TYPES")
    unknown = run("check", "--isolated", "mainan.yaml")
    assert unknown.returncode == 2 and "dokumen.jenis" in unknown.stdout


def test_a_broken_registration_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad_dokumen.py").write_text(textwrap.dedent('''
        from renja_rules.doctypes import DocumentType, Layout
        DOCUMENT_TYPE = DocumentType("renja", ("Renja lagi", "Renja again"), Layout("renja", ("x", "x"), ()))
    '''), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", "import renja_rules"], cwd=tmp_path, capture_output=True, text=True,
                               env={**os.environ, "RENJA_RULES_DOCUMENT_TYPES": "bad_dokumen",
                                    "PYTHONPATH": str(tmp_path)}, check=False)
    assert completed.returncode != 0 and "declared twice" in completed.stderr


def test_a_column_printed_as_two_kinds_of_value_is_refused(tmp_path: Path) -> None:
    # The row model is made from the layouts: a field of the row holds one kind of value.
    (tmp_path / "bad_kolom.py").write_text(textwrap.dedent('''
        from renja_rules.doctypes import Column, DocumentType, Layout
        COLUMNS = (Column(("selisih",), "indikator", "1", ("Selisih", "Difference"), "teks", 10),)
        DOCUMENT_TYPE = DocumentType("renja-kolom", ("Kolom", "Column"), Layout("renja-kolom", ("x", "x"), COLUMNS))
    '''), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", "import renja_rules"], cwd=tmp_path, capture_output=True, text=True,
                               env={**os.environ, "RENJA_RULES_DOCUMENT_TYPES": "bad_kolom",
                                    "PYTHONPATH": str(tmp_path)}, check=False)
    assert completed.returncode != 0 and "renja-kolom: the column selisih is printed elsewhere" in completed.stderr


def test_the_indicator_model_is_the_union_of_the_printed_columns() -> None:
    """One indicator model serves every type, made from the registry: its fields are exactly the
    registered layouts' indicator columns and the unprinted flags, each group of columns one field."""
    from renja_rules.doctypes import EXTRA_COLUMNS
    from renja_rules.model import Indikator, KRp, KRpPersen, TargetPagu

    printed = {column.field[0] for declared in document_types() for column in declared.layout.columns + EXTRA_COLUMNS
               if column.source == "indikator"}
    assert set(Indikator.model_fields) == printed
    assert Indikator.model_fields["sesudah"].annotation == TargetPagu | None
    assert Indikator.model_fields["capaian"].annotation == KRpPersen | None
    assert Indikator.model_fields["tahun_3"].annotation == KRp | None
