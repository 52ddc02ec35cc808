"""Nothing lost: what renja-rules writes (reports, baselines, fixed plans) and where (issue 14).

Each test here failed on the code before this work: a report that replaced the plan it
reported on, a FIFO or a device replaced by a regular file, a symbolic link replaced by a
copy, a read-only plan rewritten, temporary files left behind for ever, memory growing with
every file of a ``--fix`` run, a deep baseline or a full disk ending in "internal error".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from renja_rules.baseline import render_baseline
from renja_rules.cli import main
from renja_rules.report import output as output_module
from renja_rules.rules import default_rules_dir

from .conftest import CLEAN, ROOT, SEED_31

# The clean example with one selisih off by a rupiah: an SL001 finding, safely fixable.
BROKEN = CLEAN.read_text(encoding="utf-8").replace('selisih: "111.061.395,00"', 'selisih: "111.061.394,00"', 1)
FIXED_SELISIH = 'selisih: "111.061.395,00"'


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_cli(*args: str, cwd: Path, timeout: float = 60, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """``renja-rules ARGS`` as a real process (the console script's own last guard included)."""
    command = [sys.executable, "-c", "from renja_rules.cli import entry; entry()", *args]
    env = {**os.environ, "RENJA_RULES_CACHE_DIR": str(cwd / ".cache")}
    env.pop("RENJA_RULES_DEBUG", None)
    return subprocess.run(command, cwd=cwd, timeout=timeout, env=env, **kwargs)  # type: ignore[call-overload]


def snapshot(folder: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``folder``: its kind and its content's hash (links by their target)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            found[relative] = ("link", os.readlink(path))
        elif path.is_file():
            found[relative] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            found[relative] = ("other", stat.filemode(path.lstat().st_mode))
    return found


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a clean plan ``p.yaml``, run from there."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RENJA_RULES_CACHE_DIR", str(tmp_path / ".cache"))
    shutil.copy(CLEAN, tmp_path / "p.yaml")
    return tmp_path


# --- 1. an output never replaces an input ------------------------------------------------------

def _rule_file(folder: Path) -> Path:
    shutil.copy(sorted(default_rules_dir().glob("*.yaml"))[0], folder / "team.yaml")
    return folder / "team.yaml"


def _setup(case: str, folder: Path) -> None:
    if case == "link":
        (folder / "link.yaml").symlink_to("p.yaml")
    elif case == "hard-link":
        os.link(folder / "p.yaml", folder / "hard.yaml")
    elif case in ("dot-dot", "subfolder-plan"):
        (folder / "d").mkdir()
        shutil.copy(CLEAN, folder / "d" / "q.yaml")
    elif case == "rule-file":
        _rule_file(folder)
    elif case == "rule-folder":
        (folder / "aturan").mkdir()
        shutil.move(str(_rule_file(folder)), folder / "aturan" / "team.yaml")
    elif case == "found-config":
        (folder / ".renja-rules.yaml").write_text("ignore: [KD008]\n", encoding="utf-8")
    elif case == "named-config":
        (folder / "cfg.yaml").write_text("ignore: [KD008]\n", encoding="utf-8")
    elif case == "baseline":
        (folder / "b.json").write_text(render_baseline([]), encoding="utf-8")


CLOBBERING = {
    "plain": ["-o", "p.yaml", "p.yaml"],
    "json": ["-o", "json=p.yaml", "p.yaml"],
    "html-dot-slash-in-folder": ["-o", "html=./p.yaml", "."],
    "write-baseline": ["--write-baseline", "p.yaml", "p.yaml"],
    "dot-dot": ["-o", "sarif=d/../p.yaml", "p.yaml"],
    "subfolder-plan": ["-o", "junit=d/q.yaml", "."],
    "link": ["-o", "link.yaml", "p.yaml"],
    "hard-link": ["-o", "hard.yaml", "p.yaml"],
    "rule-file": ["--rules", "team.yaml", "-o", "team.yaml", "p.yaml"],
    "rule-folder": ["--rules", "aturan", "-o", "json=aturan/team.yaml", "p.yaml"],
    "found-config": ["-o", ".renja-rules.yaml", "p.yaml"],
    "named-config": ["--config", "cfg.yaml", "-o", "github=cfg.yaml", "p.yaml"],
    "baseline": ["--baseline", "b.json", "-o", "json=b.json", "p.yaml"],
}


@pytest.mark.parametrize("case", sorted(CLOBBERING))
def test_an_output_that_is_an_input_is_a_usage_error_and_nothing_is_written(work: Path, case: str) -> None:
    _setup(case, work)
    before = snapshot(work)
    run = invoke("check", *CLOBBERING[case])
    assert run.exit_code == 2, run.output
    assert "tidak ada yang dibaca atau ditulis" in run.stderr
    assert snapshot(work) == before  # not a byte changed, no report, no cache, no temporary file


def test_two_outputs_that_are_one_file_are_a_usage_error(work: Path) -> None:
    (work / "r.json").symlink_to("real.json")
    run = invoke("check", "-o", "json=real.json", "--write-baseline", "r.json", "p.yaml")
    assert run.exit_code == 2
    assert "berkas yang sama" in run.stderr
    assert not (work / "real.json").exists()


def test_the_message_follows_lang(work: Path) -> None:
    run = invoke("check", "--lang", "en", "-o", "json=./p.yaml", "p.yaml")
    assert run.exit_code == 2
    assert "./p.yaml (-o json=./p.yaml) is a plan file read by this run (p.yaml); nothing was read or written" in run.stderr
    assert "berkas" not in run.stderr


def test_a_baseline_may_refresh_the_baseline_it_reads(work: Path) -> None:
    (work / "plan.yaml").write_text(BROKEN, encoding="utf-8")
    (work / "b.json").write_text(render_baseline([]), encoding="utf-8")
    run = invoke("check", "--baseline", "b.json", "--write-baseline", "b.json", "plan.yaml")
    assert run.exit_code == 0, run.output
    assert {entry["rule_id"] for entry in json.loads((work / "b.json").read_text())["entries"]} == {"SL001"}


def test_an_output_that_is_a_folder_is_refused_before_the_run(work: Path) -> None:
    (work / "laporan").mkdir()
    run = invoke("check", "-o", "sarif=laporan", "p.yaml")
    assert run.exit_code == 2
    assert "folder" in run.stderr
    assert not (work / ".cache").exists()  # refused before anything was checked


# --- 2. devices, FIFOs, symbolic links and read-only files ---------------------------------------

def test_a_report_to_a_fifo_is_written_into_it_and_the_fifo_stays(work: Path) -> None:
    fifo = work / "laporan.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = invoke("check", "-f", "json", "-o", str(fifo), "p.yaml")
    reader.join(10)
    assert run.exit_code == 0, run.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # not replaced by a regular file
    assert received and json.loads(received[0])["summary"]["files"] == 1
    assert [p.name for p in work.iterdir() if p.name.endswith(".tmp")] == []


def test_a_report_to_a_device_is_written_to_it_never_renamed_over_it(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (A rename over /dev/null, as root, replaced the device with a regular file.)
    def no_rename(*_args: object) -> None:
        raise AssertionError("a device must not be replaced")

    monkeypatch.setattr(os, "replace", no_rename)
    run = invoke("check", "-o", "/dev/null", "p.yaml")
    assert run.exit_code == 0, run.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_report_to_dev_stdout_goes_to_standard_output_whatever_it_is(work: Path) -> None:
    # Standard output redirected to a file: /dev/stdout resolves to it, and it is written to,
    # not replaced behind the shell's back (the file keeps its inode).
    captured = work / "stdout.txt"
    with captured.open("wb") as stream:
        inode = os.fstat(stream.fileno()).st_ino
        done = run_cli("check", "-f", "json", "-o", "/dev/stdout", "p.yaml", cwd=work, stdout=stream)
    assert done.returncode == 0
    assert captured.stat().st_ino == inode
    assert json.loads(captured.read_text())["summary"]["files"] == 1
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")
    piped = run_cli("check", "-f", "json", "-o", "/dev/stdout", "p.yaml", cwd=work, capture_output=True)
    assert piped.returncode == 0 and json.loads(piped.stdout)["summary"]["files"] == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_a_replaced_file_keeps_its_owner(work: Path) -> None:
    target = work / "renja.json"
    target.write_text("lama\n", encoding="utf-8")
    os.chown(target, 1234, 1234)
    assert invoke("check", "-o", f"json={target}", "p.yaml").exit_code == 0
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 1234)
    assert json.loads(target.read_text())["summary"]["files"] == 1


def test_a_report_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(work: Path) -> None:
    (work / "reports").mkdir()
    (work / "reports" / "renja.sarif").write_text("lama\n", encoding="utf-8")
    (work / "renja.sarif").symlink_to("reports/renja.sarif")
    (work / "new.json").symlink_to("reports/new.json")  # a link to a file not written yet
    run = invoke("check", "-o", "sarif=renja.sarif", "-o", "json=new.json", "p.yaml")
    assert run.exit_code == 0, run.output
    assert (work / "renja.sarif").is_symlink() and os.readlink(work / "renja.sarif") == "reports/renja.sarif"
    assert json.loads((work / "reports" / "renja.sarif").read_text())["version"] == "2.1.0"
    assert (work / "new.json").is_symlink()
    assert json.loads((work / "reports" / "new.json").read_text())["summary"]["files"] == 1


def test_fix_through_a_symbolic_link_fixes_the_target_and_keeps_the_link(work: Path) -> None:
    (work / "asli").mkdir()
    (work / "asli" / "plan.yaml").write_text(BROKEN, encoding="utf-8")
    (work / "rencana").mkdir()
    (work / "rencana" / "plan.yaml").symlink_to("../asli/plan.yaml")
    run = invoke("check", "--fix", "rencana")
    assert run.exit_code == 0, run.output
    assert (work / "rencana" / "plan.yaml").is_symlink()
    assert FIXED_SELISIH in (work / "asli" / "plan.yaml").read_text(encoding="utf-8")


def test_fix_leaves_a_read_only_plan_alone_says_so_and_fixes_the_others(work: Path) -> None:
    locked, other = work / "a-terkunci.yaml", work / "b-biasa.yaml"
    locked.write_text(BROKEN, encoding="utf-8")
    other.write_text(BROKEN.replace("Dinas Koperasi dan Usaha Mikro\n  dasar", "Dinas Lain\n  dasar"), encoding="utf-8")
    locked.chmod(0o444)
    run = invoke("check", "--fix", str(locked), str(other))
    assert run.exit_code == 2, run.output
    assert f"{locked}: perbaikan tidak dapat ditulis / cannot write fix: read-only file" in run.stderr
    assert locked.read_text(encoding="utf-8") == BROKEN  # even root does not rewrite it
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert FIXED_SELISIH in other.read_text(encoding="utf-8")
    assert "1 perbaikan diterapkan di 1 berkas" in run.stderr


def test_a_report_onto_a_read_only_file_is_an_error_and_the_file_stays(work: Path) -> None:
    target = work / "renja.json"
    target.write_text("lama\n", encoding="utf-8")
    target.chmod(0o444)
    run = invoke("check", "-o", f"json={target}", "p.yaml")
    assert run.exit_code == 2
    assert "cannot write report" in run.stderr
    assert target.read_text(encoding="utf-8") == "lama\n"


def test_a_replaced_report_keeps_its_mode(work: Path) -> None:
    target = work / "renja.json"
    target.write_text("lama\n", encoding="utf-8")
    target.chmod(0o640)
    assert invoke("check", "-o", f"json={target}", "p.yaml").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --- 3. temporary files left by a killed run ----------------------------------------------------

_KILLED_MID_WRITE = textwrap.dedent("""
    import os, signal, sys
    from renja_rules.report import output
    os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed after writing, before the rename
    output.write_atomic(sys.argv[1], "laporan baru\\n")
""")


def test_a_write_removes_the_temporary_file_a_killed_run_left_behind(tmp_path: Path) -> None:
    target = tmp_path / "renja.sarif"
    target.write_text("laporan lama\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE, str(target)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    left = [p.name for p in tmp_path.iterdir() if p.name != "renja.sarif"]
    assert len(left) == 1 and left[0].startswith(".renja.sarif.renja-rules-") and left[0].endswith(".tmp")
    assert target.read_text(encoding="utf-8") == "laporan lama\n"  # the old report is whole

    output_module.write_atomic(target, "laporan\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["renja.sarif"]


def test_stale_temporaries_go_by_pattern_process_and_age_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "renja.sarif"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        finished = subprocess.Popen([sys.executable, "-c", "pass"])
        finished.wait()
        names = {
            "dead": f".renja.sarif.renja-rules-{finished.pid}-0123abcd.tmp",
            "live-fresh": f".renja.sarif.renja-rules-{sleeper.pid}-0123abcd.tmp",
            "live-old": f".renja.sarif.renja-rules-{sleeper.pid}-89abcdef.tmp",
            "other-target": f".lain.sarif.renja-rules-{finished.pid}-0123abcd.tmp",
            "other-tool": ".renja.sarif.k3j4h5.tmp",
        }
        for name in names.values():
            (tmp_path / name).write_text("x", encoding="utf-8")
        old = time.time() - output_module.STALE_AFTER - 60
        os.utime(tmp_path / names["live-old"], (old, old))
        output_module.write_atomic(target, "laporan\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["renja.sarif", names["live-fresh"], names["other-target"], names["other-tool"]])
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_baseline_and_a_fix_are_written_the_same_way(work: Path) -> None:
    (work / "plan.yaml").write_text(BROKEN, encoding="utf-8")
    stale = work / f".plan.yaml.renja-rules-{2**22 + 12345}-0123abcd.tmp"  # a pid no system hands out
    stale.write_text("x", encoding="utf-8")
    assert invoke("check", "--fix", "plan.yaml").exit_code == 0
    assert not stale.exists()


# --- 4. memory of --fix and --diff does not grow with the number of files ------------------------

_PEAK = textwrap.dedent("""
    import resource, sys
    from renja_rules.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit as exit:
        assert exit.code in (0, 1), exit.code
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def _plans(folder: Path, count: int) -> Path:
    for index in range(count):
        office = folder / f"opd-{index // 50:03d}"
        office.mkdir(parents=True, exist_ok=True)
        # One perangkat daerah per plan: no document sets, every plan fixable on its own.
        text = BROKEN.replace("Dinas Koperasi dan Usaha Mikro\n  dasar", f"Dinas Nomor {index}\n  dasar")
        (office / f"renja-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return folder


def _peak_mb(tmp_path: Path, option: str, count: int) -> float:
    folder = _plans(tmp_path / f"{option.strip('-')}-{count}", count)
    done = subprocess.run([sys.executable, "-c", _PEAK, "check", "--no-cache", option, str(folder)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[-1]) / 1024


@pytest.mark.parametrize("option", ["--diff", "--fix"])
def test_memory_of_fix_and_diff_is_flat_in_the_number_of_files(tmp_path: Path, option: str) -> None:
    # Before: every plan stayed loaded until the end (--diff: 57 MB at 200 files, 132 MB at
    # 1,000; --fix 219 MB at 1,000). Now a folder's plans are let go when it is done:
    # 43 and 46 MB. The bound is generous: a third of what keeping every plan costs.
    small, large = _peak_mb(tmp_path, option, 150), _peak_mb(tmp_path, option, 900)
    print(f"{option}: peak {small:.0f} MB at 150 files, {large:.0f} MB at 900")
    assert large - small < 20, (small, large)


# --- 6. a deep baseline, a full disk, a closed pipe ----------------------------------------------

@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_a_baseline_nested_100000_deep_is_refused_with_a_message(work: Path, text: str) -> None:
    (work / "b.json").write_text(text, encoding="utf-8")
    run = invoke("check", "--baseline", "b.json", "p.yaml")
    assert run.exit_code == 2
    assert isinstance(run.exception, SystemExit)
    assert "b.json: baseline rusak: bersarang terlalu dalam" in run.stderr


@pytest.mark.parametrize("entry", [
    {"fingerprint": "x", "count": 10**5000},  # an integer Python will not read
    {"fingerprint": "x", "count": 1},         # no rule_id, no file: the stale list printed them
    {"fingerprint": "x", "count": 0, "rule_id": "SL001", "file": "p.yaml"},
    {"fingerprint": "x", "count": True, "rule_id": "SL001", "file": "p.yaml"},
    {"fingerprint": "x", "rule_id": ["SL001"], "file": "p.yaml"},
])
def test_a_baseline_entry_of_the_wrong_shape_is_refused(work: Path, entry: dict[str, object]) -> None:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = json.dumps({"version": 1, "tool": "renja-rules", "entries": [entry]})
    finally:
        sys.set_int_max_str_digits(limit)
    (work / "b.json").write_text(text, encoding="utf-8")
    run = invoke("check", "--baseline", "b.json", "p.yaml")
    assert run.exit_code == 2, run.output
    assert isinstance(run.exception, SystemExit)
    assert "b.json: " in run.stderr and "baseline rusak" in run.stderr


def test_a_baseline_that_is_a_fifo_is_refused_without_opening_it(work: Path) -> None:
    os.mkfifo(work / "b.json")
    done = run_cli("check", "--baseline", "b.json", "p.yaml", cwd=work, capture_output=True, timeout=60)
    assert done.returncode == 2
    assert b"bukan berkas biasa" in done.stderr


@pytest.mark.parametrize("args", [["examples"], ["-f", "json", "examples"], ["--diff", str(SEED_31)]])
def test_stdout_on_a_full_disk_is_a_message_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = run_cli("check", "--no-cache", *args, cwd=ROOT, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert b"cannot write output: No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from renja_rules.cli import entry; entry()", "check", "--no-cache", "--diff",
               str(ROOT / "examples")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)  # as `| head -c 10` does: read a little, then close
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(60) in (0, 1, 2)
    assert b"Traceback" not in errors and b"internal error" not in errors and b"Exception ignored" not in errors


# --- 7. a fix that cannot be written; a missing output folder ------------------------------------

def test_a_fix_that_cannot_be_written_exits_2(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "plan.yaml").write_text(BROKEN, encoding="utf-8")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    run = invoke("check", "--fix", "plan.yaml")
    assert run.exit_code == 2
    assert "plan.yaml: perbaikan tidak dapat ditulis / cannot write fix: No space left on device" in run.stderr
    assert (work / "plan.yaml").read_text(encoding="utf-8") == BROKEN
    assert sorted(p.name for p in work.iterdir()) == ["p.yaml", "plan.yaml"]


@pytest.mark.parametrize("lang, words", [("id", "dibuat untuk"), ("en", "created folder")])
def test_a_missing_output_folder_is_created_and_said(work: Path, lang: str, words: str) -> None:
    run = invoke("check", "--lang", lang, "-o", "sarif=laporan/2021/renja.sarif", "p.yaml")
    assert run.exit_code == 0, run.output
    assert json.loads((work / "laporan" / "2021" / "renja.sarif").read_text())["version"] == "2.1.0"
    assert words in run.stderr and str(work / "laporan" / "2021") in run.stderr
    run = invoke("check", "--lang", lang, "--write-baseline", "b/base.json", "p.yaml")
    assert run.exit_code == 0, run.output
    assert json.loads((work / "b" / "base.json").read_text())["entries"] == []
    assert words in run.stderr and str(work / "b") in run.stderr
