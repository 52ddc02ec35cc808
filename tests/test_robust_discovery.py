"""Plans silently not checked (issue 14, item 15): every file that could not be checked is said.

A folder that cannot be listed, a ``*.yaml`` symbolic link that leads nowhere (or in a
circle), and a FIFO with a plan's name inside a checked folder were skipped without a word,
and the run said "tidak ada pelanggaran". Each is now a file that could not be checked
(exit 2) in every report format; an unreadable file named on the command line no longer
stops the others.

The suite runs as root in CI, where ``chmod 000`` stops nothing: unreadable files and
folders are made so by running the command without the capabilities that let root read
anything (``setpriv --bounding-set=-dac_override,-dac_read_search``); where that is not
available those tests are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_rules.cli import main
from renja_rules.discovery import discover_plans

from .conftest import CLEAN

FORMATS = ["text", "json", "sarif", "junit", "github", "html"]


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``rencana/`` with a clean plan, a FIFO, a dangling link and a link loop, all named like plans."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RENJA_RULES_CACHE_DIR", str(tmp_path / ".cache"))
    plans = tmp_path / "rencana"
    plans.mkdir()
    shutil.copy(CLEAN, plans / "bersih.yaml")
    os.mkfifo(plans / "pipa.yaml")
    (plans / "putus.yaml").symlink_to("tidak-ada.yaml")
    (plans / "lingkar-a.yml").symlink_to("lingkar-b.yml")
    (plans / "lingkar-b.yml").symlink_to("lingkar-a.yml")
    return plans


PROBLEMS = ["pipa.yaml", "putus.yaml", "lingkar-a.yml", "lingkar-b.yml"]


@pytest.mark.parametrize("report_format", FORMATS)
def test_files_in_a_folder_that_cannot_be_checked_are_reported_in_every_format(folder: Path, report_format: str) -> None:
    run = CliRunner().invoke(main, ["check", "--no-cache", "-f", report_format, "rencana"])
    assert run.exit_code == 2, run.output
    for name in PROBLEMS:
        assert name in run.stdout, (name, run.stdout[-2000:])


def test_the_json_report_lists_each_as_an_error_and_counts_it(folder: Path) -> None:
    run = CliRunner().invoke(main, ["check", "--no-cache", "-f", "json", "rencana"])
    document = json.loads(run.stdout)
    errors = {Path(error["file"]).name: error["message"] for error in document["errors"]}
    assert set(errors) == set(PROBLEMS)
    assert "bukan berkas biasa" in errors["pipa.yaml"]
    assert "tautan simbolik ke berkas yang tidak ada" in errors["putus.yaml"]
    assert "tautan simbolik melingkar" in errors["lingkar-a.yml"]
    assert document["summary"]["failed"] == 4 and document["summary"]["checked"] == 1


def test_a_folder_of_nothing_but_a_dangling_link_is_not_a_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rencana").mkdir()
    (tmp_path / "rencana" / "putus.yaml").symlink_to("../hilang.yaml")
    run = CliRunner().invoke(main, ["check", "--no-cache", "rencana"])
    assert run.exit_code == 2
    assert "putus.yaml" in run.stdout and "1 berkas tidak dapat diperiksa" in run.stdout


def test_a_fifo_is_never_opened(folder: Path) -> None:
    # Opened for reading, a FIFO without a writer blocks for ever: run as a process, with a timeout.
    done = subprocess.run([sys.executable, "-c", "from renja_rules.cli import entry; entry()", "check", "--no-cache",
                           "-f", "json", "rencana", "rencana/pipa.yaml"],
                          capture_output=True, timeout=60, cwd=folder.parent)
    assert done.returncode == 2
    assert json.loads(done.stdout)["summary"]["failed"] == 4


def test_what_is_still_skipped_on_purpose(tmp_path: Path) -> None:
    # Hidden folders and files, links to folders (no loops), names that are not plans.
    plans = tmp_path / "rencana"
    (plans / ".git").mkdir(parents=True)
    (plans / ".git" / "putus.yaml").symlink_to("nowhere")
    (plans / ".tersembunyi.yaml").symlink_to("nowhere")
    (plans / "ke-atas.yaml").symlink_to("..")
    (plans / "catatan.txt").symlink_to("nowhere")
    (plans / "folder.yaml").mkdir()  # a folder with a plan's name is searched like any folder
    shutil.copy(CLEAN, plans / "folder.yaml" / "di-dalam.yaml")
    found = discover_plans([str(plans)])
    assert found.files == [plans / "folder.yaml" / "di-dalam.yaml"]
    assert found.problems == []


# --- unreadable folders and files (root reads everything: drop that power for the test) -------------

def _unprivileged() -> list[str]:
    """A command prefix under which ``chmod 000`` keeps a file unreadable; skip where there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: chmod 000 cannot make a file unreadable")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    if subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here")
    return prefix


def _run_unprivileged(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*_unprivileged(), sys.executable, "-c", "from renja_rules.cli import entry; entry()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=cwd)


@pytest.mark.parametrize("report_format", FORMATS)
def test_a_folder_that_cannot_be_read_is_reported_in_every_format(tmp_path: Path, report_format: str) -> None:
    plans = tmp_path / "rencana"
    (plans / "terkunci").mkdir(parents=True)
    shutil.copy(CLEAN, plans / "bersih.yaml")
    shutil.copy(CLEAN, plans / "terkunci" / "rahasia.yaml")
    (plans / "terkunci").chmod(0)
    try:
        done = _run_unprivileged(tmp_path, "check", "--no-cache", "-f", report_format, "rencana")
    finally:
        (plans / "terkunci").chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "terkunci" in done.stdout
    assert "Traceback" not in done.stderr
    if report_format == "text":
        assert "folder tidak dapat dibaca, isinya tidak diperiksa: Permission denied" in done.stdout


def test_an_unreadable_file_named_on_the_command_line_does_not_stop_the_others(tmp_path: Path) -> None:
    shutil.copy(CLEAN, tmp_path / "bersih.yaml")
    shutil.copy(CLEAN, tmp_path / "terkunci.yaml")
    (tmp_path / "terkunci.yaml").chmod(0)
    done = _run_unprivileged(tmp_path, "check", "--no-cache", "-f", "json", "terkunci.yaml", "bersih.yaml")
    assert done.returncode == 2, done.stderr
    assert "Usage:" not in done.stderr  # not a usage error for the whole run
    document = json.loads(done.stdout)
    assert document["summary"]["checked"] == 1 and document["summary"]["failed"] == 1
    assert document["errors"][0]["file"].endswith("terkunci.yaml")
    assert "Permission denied" in document["errors"][0]["message"]


# --- the folder walk: what os.walk found, in the order Path objects sort ------------------------

def _reference(top: str) -> list[Path]:
    """The walk as it was written with ``os.walk`` and Path objects (the behaviour kept)."""
    found = []
    for folder, folders, names in os.walk(top):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(folder) / name for name in names
                  if not name.startswith(".") and name.endswith((".yaml", ".yml"))
                  and not (Path(folder) / name).is_dir()]
    return sorted(found)


_NAMES = st.sampled_from(["a", "a-b", "a.b", "A", "b", "a b", ".h", "z", "aa", "a_", "ä"])


@settings(max_examples=40, deadline=None)
@given(tree=st.lists(st.tuples(st.lists(_NAMES, max_size=3), _NAMES, st.sampled_from([".yaml", ".yml", ".txt"])),
                     max_size=12),
       start=st.sampled_from([".", "root", "./root", "root/"]))
def test_the_walk_finds_what_os_walk_found_in_the_same_order(tree: list[tuple[list[str], str, str]], start: str) -> None:
    # Names chosen so that string order and path order disagree ("a-b/x" < "a/x" as text,
    # "a" < "a-b" as parts), hidden folders, and a leading "./" that Path() drops.
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "root"
        root.mkdir()
        for folders, name, suffix in tree:
            place = root.joinpath(*folders)
            if place.exists() and not place.is_dir():
                continue
            place.mkdir(parents=True, exist_ok=True)
            if not (place / (name + suffix)).exists():
                (place / (name + suffix)).write_text("x")
        (root / "ke-atas.yaml").symlink_to(".")  # a link to a folder: not followed, not a plan
        previous = os.getcwd()
        os.chdir(scratch)
        try:
            assert discover_plans([start]).files == _reference(start)
        finally:
            os.chdir(previous)
