"""The library's way to check a document set (issue 15 item 7): the README's API snippet runs
as written and finds what the command line finds."""

from __future__ import annotations

import re
from pathlib import Path

import renja_rules

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_api_snippet_runs_and_finds_the_seed_defects(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Library API"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # the README's own example, run as a user would
    assert scope["violations"] == []  # the clean example
    found, per_table = scope["found"], scope["per_table"]
    assert sum(map(len, found)) == 92 and sum(map(len, per_table)) == 92
    assert any(v.rule_id == "XD003" for v in found[0])  # Tabel 2.1 sees Tabel 3.1: a cross-document finding
    key = lambda v: (v.rule_id, v.kode, v.field, v.expected, v.actual)  # noqa: E731
    assert sorted(map(key, sum(found, []))) == sorted(map(key, sum(per_table, [])))


def test_check_alone_does_not_see_the_other_document() -> None:
    evaluasi = renja_rules.load_plan(ROOT / "examples/seed-malang-2021/tabel-2.1-evaluasi-renja.yaml")
    rules = renja_rules.load_rules()
    assert not any(v.rule_id == "XD003" for v in renja_rules.check(evaluasi, rules))


def test_rules_are_listed_by_id_and_diff_headers_name_the_path_as_given(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from renja_rules.cli import main
    from renja_rules.fixes import unified_diff

    listed = [line.split()[0] for line in CliRunner().invoke(main, ["rules"]).stdout.splitlines()]
    assert listed == sorted(listed) and "TH001" in listed
    absolute = str(tmp_path / "p.yaml")
    assert unified_diff("a\n", "b\n", absolute).splitlines()[:2] == [f"--- {absolute}", f"+++ {absolute}"]
    assert unified_diff("a\n", "b\n", "rencana/p.yaml").splitlines()[:2] == ["--- a/rencana/p.yaml", "+++ b/rencana/p.yaml"]


def test_plan_errors_follow_lang_and_list_every_structural_error(tmp_path: Path) -> None:
    """Issue 15 item 5: messages in one language; all structural errors at once; 'did you mean'."""
    from click.testing import CliRunner

    from renja_rules.cli import main

    plan = tmp_path / "p.yaml"
    plan.write_text('dokumen:\n  jenis: perubahan-renja\n  tahun: 2021\nprogram:\n  - kode: "2.17.01"\n'
                    '    indikator:\n      - sesudha: {target: "1 %"}\n        sebelum: {targt: "1 %"}\n'
                    '  - nama: Q\n', encoding="utf-8")
    runner = CliRunner()
    said_id = runner.invoke(main, ["check", "--no-cache", str(plan)]).output
    said_en = runner.invoke(main, ["check", "--no-cache", "--lang", "en", str(plan)]).output
    assert (f"{plan}:7:9: kunci tidak dikenal 'sesudha' (di program.0.indikator.0.sesudha); maksudnya 'sesudah'? — "
            "juga 8:19: kunci tidak dikenal 'targt' (di program.0.indikator.0.sebelum.targt); maksudnya 'target'?; "
            "9:5: kunci wajib 'kode' tidak ada  [error]") in said_id
    assert "unknown" not in said_id and "missing" not in said_id
    assert (f"{plan}:7:9: unknown key 'sesudha' (at program.0.indikator.0.sesudha); did you mean 'sesudah'? — "
            "also 8:19: unknown key 'targt' (at program.0.indikator.0.sebelum.targt); did you mean 'target'?; "
            "9:5: missing required key 'kode'  [error]") in said_en
    # pydantic's own words are translated too.
    plan.write_text("dokumen:\n  jenis: renja-murni\n  tahun: dua ribu\n", encoding="utf-8")
    said_id = runner.invoke(main, ["check", "--no-cache", str(plan)]).output
    assert "harus salah satu dari 'renja', 'perubahan-renja', 'evaluasi-renja', 'renstra' atau 'pagu-indikatif'" in said_id
    assert "'dokumen.tahun': harus bilangan bulat" in said_id
    said_en = runner.invoke(main, ["check", "--no-cache", "--lang", "en", str(plan)]).output
    assert "Input should be 'renja', 'perubahan-renja', 'evaluasi-renja', 'renstra' or 'pagu-indikatif'" in said_en
    # The same through the cache and in JSON.
    cache = ["--cache-dir", str(tmp_path / "c")]
    for _ in range(2):
        out = runner.invoke(main, ["check", *cache, "--lang", "en", "-f", "json", str(plan)]).output
        assert "Input should be" in out and "harus" not in out


def test_reader_and_discovery_messages_follow_lang(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from renja_rules.cli import main

    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "putus.yaml").symlink_to(tmp_path / "tidak-ada.yaml")
    runner = CliRunner()
    said_id = runner.invoke(main, ["check", "--no-cache", str(tmp_path)]).output
    said_en = runner.invoke(main, ["check", "--no-cache", "--lang", "en", str(tmp_path)]).output
    assert "format .xls lama tidak dibaca" in said_id and "tautan simbolik ke berkas yang tidak ada" in said_id
    assert "the old .xls format is not read" in said_en and "dangling symbolic link" in said_en
    assert "tidak" not in said_en
    (tmp_path / "kosong").mkdir()
    none = runner.invoke(main, ["export", "--lang", "en", str(tmp_path / "kosong"), "-o", str(tmp_path / "b.xlsx")])
    assert "no plan files" in none.output


def test_configuration_rule_file_and_baseline_errors_follow_lang(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from renja_rules.cli import main

    plan = tmp_path / "p.yaml"
    plan.write_text((ROOT / "examples/bersih/perubahan-renja-bersih.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rules = tmp_path / "aturan.yaml"
    rules.write_text("version: 1\nrules:\n  - id: TM001\n    title: {id: t, en: t}\n    severity: error\n"
                     "    applies_to: indikator\n    kind: magic\n    message: {id: x, en: x}\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    baseline.write_text('{"version": 99}', encoding="utf-8")
    runner = CliRunner()
    for args, id_words, en_words in [
        (["--rules", str(rules)], "jenis aturan 'magic' tidak dikenal", "unknown kind 'magic'"),
        (["--baseline", str(baseline)], "bukan baseline renja-rules", "not a renja-rules baseline"),
        (["--select", "ZZ"], "tidak ada aturan yang terpilih", "no rule selected"),
    ]:
        said_id = runner.invoke(main, ["check", "--no-cache", *args, str(plan)]).output
        said_en = runner.invoke(main, ["check", "--no-cache", "--lang", "en", *args, str(plan)]).output
        assert id_words in said_id and en_words not in said_id, said_id
        assert en_words in said_en and id_words not in said_en, said_en
