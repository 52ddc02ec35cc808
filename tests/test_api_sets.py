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
    assert sum(map(len, found)) == 65 and sum(map(len, per_table)) == 65
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
