"""Configuration under attack (issue 14, items 8, 12-14).

A configuration is discovered from the checked folders, so a submitted folder of plans can
carry one: it may not read files outside its project, quote what it read, walk the whole
filesystem, or switch the check off and still look like a pass. A configuration file that
is broken is said to be broken, never taken for "no configuration".
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from renja_rules import rules as rules_module
from renja_rules.cli import main

from .conftest import CLEAN

# Every family prefix of the shipped rules.
ALL = ", ".join(sorted({rule.id[:2] for rule in rules_module.load_rules()}))
SECRET = "root:S3CRET-HASH:19000:0:99999:7:::"


def _check(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", "--no-cache", *args])


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A repository of plans (it has .git), and beside it, outside, a secret file."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "rencana").mkdir()
    shutil.copy(CLEAN, root / "rencana" / "p.yaml")
    (tmp_path / "secret").write_text(SECRET + "\nsecond line\n", encoding="utf-8")
    return root


def _config(project: Path, text: str, name: str = ".renja-rules.yaml") -> Path:
    path = project / "rencana" / name
    path.write_text(text, encoding="utf-8")
    return path


# --- rule paths of a discovered configuration (item 12) ---------------------------------------


@pytest.mark.parametrize("rule_path", ["../../secret", "/", "/etc", "../.."])
def test_a_discovered_configuration_names_no_rule_file_outside_its_project(project: Path, rule_path: str) -> None:
    _config(project, f'rules: ["{rule_path}"]\n')
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2
    assert "di luar proyek konfigurasi ini" in result.output and "outside" not in result.output
    assert ".renja-rules.yaml:1:" in result.output
    assert "S3CRET" not in result.output
    english = _check("--lang", "en", str(project / "rencana" / "p.yaml"))
    assert "outside this configuration's project" in english.output and "di luar" not in english.output


def test_a_link_inside_the_project_cannot_lead_out(project: Path) -> None:
    (project / "aturan").symlink_to(project.parent / "secret")
    _config(project, 'rules: ["../aturan"]\n')
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2 and "di luar proyek" in result.output and "S3CRET" not in result.output


def test_rule_files_inside_the_repository_are_fine(project: Path) -> None:
    (project / "aturan").mkdir()
    (project / "aturan" / "tim.yaml").write_text("version: 1\nrules: []\n", encoding="utf-8")
    _config(project, 'rules: ["../aturan"]\n')
    assert _check(str(project / "rencana" / "p.yaml")).exit_code == 0


def test_rule_paths_given_by_the_user_may_lie_anywhere_but_are_never_quoted(project: Path) -> None:
    secret = str(project.parent / "secret")
    for args in (["--rules", secret], ["--config", str(_explicit(project, secret))]):
        result = _check(*args, str(project / "rencana" / "p.yaml"))
        assert result.exit_code == 2
        assert "S3CRET" not in result.output
    # Text that YAML reads as a mapping of unknown keys (as /etc/shadow's first line was read).
    (project.parent / "shadow").write_text("root: S3CRET-HASH\ndaemon: x\n", encoding="utf-8")
    result = _check("--rules", str(project.parent / "shadow"), str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2 and "bukan berkas aturan" in result.output and "S3CRET" not in result.output
    assert "root" not in result.output.replace(str(project.parent), "")


def _explicit(project: Path, rule: str) -> Path:
    config = project.parent / "elsewhere.yaml"
    config.write_text(f'rules: ["{rule}"]\n', encoding="utf-8")
    return config


def test_a_rule_file_with_a_mistake_is_still_reported_in_full(project: Path) -> None:
    (project / "tim.yaml").write_text("version: 1\nrulez: []\n", encoding="utf-8")
    result = _check("--rules", str(project / "tim.yaml"), str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2 and "rulez" in result.output  # one known key: a rule file with a typo


def test_rule_folders_are_bounded(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_module, "MAX_RULE_ENTRIES", 50)
    monkeypatch.setattr(rules_module, "MAX_RULE_FILES", 5)
    for folder, count, name, text, said in [
        ("aturan", 60, "f{}.txt", "x", "lebih dari 50 berkas dan folder"),  # a folder too large to search
        ("banyak", 6, "r{}.yaml", "version: 1\nrules: []\n", "paling banyak 5 dibaca"),  # too many rule files
    ]:
        (project / folder).mkdir()
        for index in range(count):
            (project / folder / name.format(index)).write_text(text, encoding="utf-8")
        result = _check("--rules", str(project / folder), str(project / "rencana" / "p.yaml"))
        assert result.exit_code == 2 and said in result.output


# --- pyproject.toml that cannot be read (items 13 and 8) ---------------------------------------


def test_a_malformed_tool_table_header_is_reported(project: Path) -> None:
    _config(project, '[project]\nname = "x"\n\n[tool.renja-rules\nselect = ["PG"]\n', "pyproject.toml")
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2
    assert "pyproject.toml:4:" in result.output and "TOML" in result.output


def test_a_pyproject_that_is_not_utf8_is_reported(project: Path) -> None:
    path = project / "rencana" / "pyproject.toml"
    path.write_bytes(b'[tool.renja-rules]\nselect = ["PG"]\n# caf\xe9\n')
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2
    assert "pyproject.toml:3:" in result.output


def test_a_pyproject_that_only_depends_on_renja_rules_is_no_configuration(project: Path) -> None:
    _config(project, '[project]\nname = "x"\ndependencies = ["renja-rules"]\n', "pyproject.toml")
    assert _check(str(project / "rencana" / "p.yaml")).exit_code == 0


def test_a_pyproject_nested_a_hundred_thousand_deep_is_answered(project: Path) -> None:
    _config(project, "[tool.renja-rules]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n", "pyproject.toml")
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2
    assert "TOML bersarang terlalu dalam" in result.output and "Traceback" not in result.output


# --- a check that checks nothing (item 14) -----------------------------------------------------


@pytest.mark.parametrize("text", ["select: []\n", "default-rules: false\n", "select: [ZZ]\n", f"ignore: [{ALL}]\n"])
def test_a_configuration_that_leaves_no_rule_is_an_error(project: Path, text: str) -> None:
    _config(project, text)
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2
    assert "tidak ada aturan" in result.output
    assert result.output.splitlines()[-1] == "1 berkas tidak dapat diperiksa."
    assert "tidak ada pelanggaran" not in result.output  # nothing was checked: no line that reads like a pass


@pytest.mark.parametrize("args", [["--select", "ZZ"], ["--no-default-rules"]])
def test_options_that_leave_no_rule_are_an_error(project: Path, args: list[str]) -> None:
    result = _check(*args, str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2 and "tidak ada aturan" in result.output


def test_per_file_ignores_may_silence_a_file_on_purpose(project: Path) -> None:
    _config(project, f'per-file-ignores: {{"p.yaml": [{ALL}]}}\n')
    assert _check(str(project / "rencana" / "p.yaml")).exit_code == 0


@pytest.mark.parametrize("rule_path", ["\x00", "a\x00b", "", "  "])
def test_a_rule_path_that_is_no_path_is_answered(project: Path, rule_path: str) -> None:
    # Found by the fuzz target 'config': a NUL byte in a rule path was an internal error.
    _config(project, f"rules: [{rule_path!r}]\n".replace("'", '"').replace("\\x00", "\\0"))
    result = _check(str(project / "rencana" / "p.yaml"))
    assert result.exit_code == 2 and "bukan jalur berkas" in result.output and "internal error" not in result.output


def test_isolated_reads_no_configuration(tmp_path: Path) -> None:
    """``--isolated`` (as ruff has it): a configuration beside the plans is not read, not even a broken one."""
    from .conftest import SEED_31

    plan = tmp_path / SEED_31.name
    shutil.copy(SEED_31, plan)
    (tmp_path / ".renja-rules.yaml").write_text("select: [JM]\n")
    runner = CliRunner()
    configured = runner.invoke(main, ["check", "-f", "json", str(plan)])
    isolated = runner.invoke(main, ["check", "-f", "json", "--isolated", str(plan)])
    assert {line.split('"')[3][:2] for line in configured.output.splitlines() if '"rule_id"' in line} == {"JM"}
    assert {"PG", "JM"} <= {line.split('"')[3][:2] for line in isolated.output.splitlines() if '"rule_id"' in line}
    broken = tmp_path / "rusak"  # (configurations are remembered by path within a process)
    broken.mkdir()
    shutil.copy(SEED_31, broken / plan.name)
    (broken / ".renja-rules.yaml").write_text("select: [\n")
    assert runner.invoke(main, ["check", str(broken / plan.name)]).exit_code == 2
    assert runner.invoke(main, ["check", "--isolated", str(broken / plan.name)]).exit_code == 1
    assert runner.invoke(main, ["export", "--isolated", str(broken / plan.name), "-o", str(tmp_path / "b.xlsx")]).exit_code == 0
