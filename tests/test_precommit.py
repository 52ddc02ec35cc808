"""The shipped pre-commit hook, run by the real pre-commit tool in a throwaway git repository, offline.

pre-commit would normally build its own virtualenv from this repository (network). The
test keeps the hook exactly as shipped in .pre-commit-hooks.yaml (entry, file types,
excludes) and only switches ``language`` to ``system``, which runs the renja-rules
already installed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import CLEAN, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    pytest.importorskip("pre_commit")
    repo = tmp_path / "rencana"
    repo.mkdir()
    _git(repo, "init", "-q")
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = {**hook, "language": "system"}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False), encoding="utf-8"
    )
    return repo


def _run(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        "PIP_NO_INDEX": "1",
    }
    _git(repo, "add", "-A")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )


def test_hook_passes_a_good_plan(repo: Path) -> None:
    shutil.copy(CLEAN, repo / "baik.yaml")
    completed = _run(repo)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Passed" in completed.stdout


def test_hook_fails_a_bad_plan_and_names_the_rule(repo: Path) -> None:
    shutil.copy(CLEAN, repo / "baik.yaml")
    bad = CLEAN.read_text(encoding="utf-8").replace('selisih: "90.127.459,00"', 'selisih: "90.127.458,00"')
    # In a folder of its own: beside baik.yaml, a second revision of the same PD and year would
    # be an ambiguous document set (XD017) rather than another submission.
    (repo / "lain").mkdir()
    (repo / "lain" / "buruk.yaml").write_text(bad, encoding="utf-8")
    completed = _run(repo)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Failed" in completed.stdout
    assert "buruk.yaml:" in completed.stdout and "SL001 error" in completed.stdout
    assert "baik.yaml:" not in completed.stdout


def test_hook_leaves_configuration_and_workflow_files_alone(repo: Path) -> None:
    # The hook's files are all YAML of the repository: the project's own configuration and
    # a CI workflow are not plans, and must not fail it.
    shutil.copy(CLEAN, repo / "baik.yaml")
    (repo / ".renja-rules.yaml").write_text("ignore: [KD008]\n", encoding="utf-8")
    (repo / "rencana").mkdir()
    (repo / "rencana" / ".renja-rules.yml").write_text("lang: en\n", encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("name: ci\non: [push]\njobs: {}\n", encoding="utf-8")
    (repo / ".gitlab-ci.yml").write_text("stages: [test]\n", encoding="utf-8")
    completed = _run(repo)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Passed" in completed.stdout
