"""Bad input is answered with file:line:column and exit 2, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from renja_rules.cli import main

from .conftest import CLEAN

GOOD_HEADER = "dokumen:\n  jenis: perubahan-renja\n  tahun: 2021\n"


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    output = result.output
    assert "Traceback" not in output
    return result.exit_code, output


def write(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, where, words",
    [
        (GOOD_HEADER + "program:\n  - kode: [unclosed\n", ":6:1", "YAML"),  # malformed YAML
        (GOOD_HEADER + "program:\n  - kode: \"2.17.01\"\n    indikator:\n      - sesudah: {pagu: [1, 2]}\n", ":7:25", "rupiah"),
        (GOOD_HEADER + "program:\n  - kode: \"2.17.01\"\n    anggaran: 5\n", ":6:5", "kunci tidak dikenal 'anggaran'"),
        (GOOD_HEADER + "program:\n  - nama: tanpa kode\n", ":5:5", "kunci wajib 'kode' tidak ada"),
        ("", ":1:1", "berkas kosong"),
        ("# only a comment\n", ":1:1", "berkas kosong"),
        ("- a\n- b\n", ":1:1", "mapping"),
        ("just text\n", ":1:1", "mapping"),
        (GOOD_HEADER + "---\n" + GOOD_HEADER, ":4:1", "lebih dari satu dokumen YAML"),
        (GOOD_HEADER + "dokumen: {}\n", ":4:1", "kunci ganda 'dokumen'"),
        ("dokumen:\n  jenis: renja\n  tahun: dua ribu\n", ":3:10", "tahun"),
        ("dokumen:\n  jenis: anggaran\n  tahun: 2021\n", ":2:10", "jenis"),
    ],
)
def test_bad_plan_files_are_answered_with_a_location(tmp_path: Path, text: str, where: str, words: str) -> None:
    path = write(tmp_path, text)
    code, output = run(["check", str(path)])
    assert code == 2
    assert f"{path}{where}" in output, output
    assert words in output


def test_missing_file(tmp_path: Path) -> None:
    code, output = run(["check", str(tmp_path / "tidak-ada.yaml")])
    assert code == 2 and "tidak ditemukan" in output


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, b"dokumen:\n  judul: caf\xe9\n")
    code, output = run(["check", str(path)])
    assert code == 2 and f"{path}:2:" in output and "UTF-8" in output


def test_binary_garbage(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x00\x01\x02dokumen")
    code, output = run(["check", str(path)])
    assert code == 2 and "binary" in output


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    code, output = run(["check", str(path)])
    assert code == 2 and "alias" in output


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "dokumen: " + "[" * 5000 + "]" * 5000 + "\n")
    code, output = run(["check", str(path)])
    assert code == 2 and "nesting" in output


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = write(tmp_path, "dokumen: [\n", "a-bad.yaml")
    good = write(tmp_path, CLEAN.read_text(encoding="utf-8"), "b-good.yaml")
    code, output = run(["check", str(tmp_path)])
    assert code == 2
    assert str(bad) in output and "1 berkas diperiksa" in output
    assert str(good) not in output  # clean: nothing to say about it


def test_no_plan_files_found(tmp_path: Path) -> None:
    code, output = run(["check", str(tmp_path)])
    assert code == 2 and "tidak ada berkas rencana" in output


def test_bad_arguments_exit_2() -> None:
    code, _ = run(["check", "--format", "pdf", "x.yaml"])
    assert code == 2


RULE = """version: 1
rules:
  - id: XX001
    title: {{id: judul, en: title}}
    severity: error
    applies_to: indikator
    kind: {kind}
    params: {params}
    message: {{id: "pesan {{kode}}", en: "message {{kode}}"}}
"""


@pytest.mark.parametrize(
    "kind, params, where, words",
    [
        ("magic", "{}", ":7:11", "jenis aturan 'magic' tidak dikenal"),
        ("expression", "{assert: 'selisih == (sesudah.pagu'}", ":8:", "expected ')'"),
        ("expression", "{assert: 'selisih.__class__ == 1'}", ":8:", "not a field"),
        ("expression", "{assert: 'selisih == __import__(1)'}", ":8:", "not allowed"),
        ("expression", "{assert: 'selisih == open(1)'}", ":8:", "function 'open' is not allowed"),
        ("expression", "{assert: 'selisih == anggaran'}", ":8:", "'anggaran' is not a field"),
        ("expression", "{assert: 'selisih[0] == 1'}", ":8:", "not allowed"),
        ("expression", "{assert: 'lambda: 1'}", ":8:", "not allowed"),
        ("expression", "{assert: '[x for x in y]'}", ":8:", "not allowed"),
        ("expression", "{}", ":8:", "kunci wajib 'assert' tidak ada"),
        ("expression", "{assert: 'selisih == 1', tolerance: banyak}", ":8:", "tolerance"),
        ("expression", "{assert: 'selisih == 1', extra: 1}", ":8:", "kunci tidak dikenal 'extra'"),
        ("sum", "{fields: [sesudah.pagu], children: sub_kegiatan}", ":6:", "tidak dapat berlaku pada 'indikator'"),
    ],
)
def test_bad_rule_files_are_refused_with_a_location(tmp_path: Path, kind: str, params: str, where: str, words: str) -> None:
    rules = write(tmp_path, RULE.format(kind=kind, params=params), "rules.yaml")
    code, output = run(["check", "--no-default-rules", "--rules", str(rules), str(CLEAN)])
    assert code == 2
    assert re.search(re.escape(f"{rules}{where}"), output), output
    assert words in output


def test_message_placeholders_cannot_reach_into_python(tmp_path: Path) -> None:
    text = RULE.format(kind="required", params="{fields: [uraian]}").replace("pesan {kode}", "pesan {kode.__class__}")
    rules = write(tmp_path, text, "rules.yaml")
    code, output = run(["check", "--no-default-rules", "--rules", str(rules), str(CLEAN)])
    assert code == 2 and "placeholder" in output and f"{rules}:9:" in output


def test_words_where_rupiah_belong_are_a_finding_at_the_cell(tmp_path: Path) -> None:
    # Issue 17: one unreadable money cell no longer stops the whole file (exit 2); AN001
    # reports it where it stands and the rest of the file is checked.
    path = write(tmp_path, GOOD_HEADER + "program:\n  - kode: \"2.17.01\"\n    indikator:\n      - sesudah: {pagu: banyak}\n")
    code, output = run(["check", str(path)])
    assert code == 1
    assert ":7:25: AN001 error" in output and "banyak" in output
