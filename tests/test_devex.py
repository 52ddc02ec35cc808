"""Configuration, suppressions, baselines, fixes and rule tests: the developer experience."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import renja_rules
from renja_rules.cli import main
from renja_rules.config import load_config

from .conftest import CLEAN, ROOT, SEED_21, SEED_31


def invoke(*args: str, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result


def ids(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {v["rule_id"] for v in json.loads(result.stdout)["violations"]}


@pytest.fixture()
def seed(tmp_path: Path) -> Path:
    folder = tmp_path / "rencana"
    folder.mkdir()
    shutil.copy(SEED_31, folder / SEED_31.name)
    return folder


# --- configuration ------------------------------------------------------------------------


def test_yaml_config_nearest_to_the_file_selects_and_ignores(seed: Path) -> None:
    (seed / ".renja-rules.yaml").write_text("ignore: [WJ, KD008]\nseverity: {AN001: warning}\n", encoding="utf-8")
    result = invoke("check", "-f", "json", str(seed))
    assert ids(result) == {"JM002", "JM003", "AN001", "PG001", "PL007", "PL008", "PL009"}  # PL: not ignored
    an001 = next(v for v in json.loads(result.stdout)["violations"] if v["rule_id"] == "AN001")
    assert an001["severity"] == "warning"


def test_pyproject_config_is_found_above_the_file(seed: Path) -> None:
    (seed.parent / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.renja-rules]\nselect = ["PG", "JM"]\n',
                                                encoding="utf-8")
    assert ids(invoke("check", "-f", "json", str(seed))) == {"PG001", "JM002", "JM003"}


def test_yaml_config_wins_over_pyproject_in_the_same_folder(seed: Path) -> None:
    (seed / "pyproject.toml").write_text('[tool.renja-rules]\nselect = ["PG"]\n', encoding="utf-8")
    (seed / ".renja-rules.yaml").write_text("select: [JM]\n", encoding="utf-8")
    assert ids(invoke("check", "-f", "json", str(seed))) == {"JM002", "JM003"}


def test_command_line_wins_over_the_file(seed: Path) -> None:
    (seed / ".renja-rules.yaml").write_text("select: [JM]\nlang: en\n", encoding="utf-8")
    assert ids(invoke("check", "-f", "json", "--select", "PG", str(seed))) == {"PG001"}
    assert "The document declares" in invoke("check", str(seed), cwd=seed).stdout
    assert "Dokumen menyatakan" in invoke("check", "--lang", "id", str(seed), cwd=seed).stdout


def test_explicit_config_and_per_file_ignores(seed: Path, tmp_path: Path) -> None:
    config = tmp_path / "team.yaml"
    config.write_text("per-file-ignores:\n  'rencana/*.yaml': [WJ, KD, AN]\n", encoding="utf-8")
    assert ids(invoke("check", "-f", "json", "--config", str(config), str(seed))) == {
        "JM002", "JM003", "PG001", "PL007", "PL008", "PL009"}


def test_config_can_add_a_team_rule_and_fail_on_warning(seed: Path) -> None:
    (seed / "aturan").mkdir()
    (seed / "aturan" / "tim.yaml").write_text(
        "version: 1\nrules:\n  - id: TM001\n    title: {id: Catatan wajib, en: Note required}\n    severity: warning\n"
        "    applies_to: indikator\n    kind: required\n    when: 'sesudah.pagu != sebelum.pagu'\n"
        "    params: {fields: [catatan]}\n    message: {id: 'Catatan {item} kosong', en: 'Note of {item} empty'}\n",
        encoding="utf-8",
    )
    (seed / ".renja-rules.yaml").write_text("rules: [aturan/]\nselect: [TM]\nfail-on: warning\n", encoding="utf-8")
    result = invoke("check", "-f", "json", str(seed / SEED_31.name), cwd=seed)
    assert ids(result) == {"TM001"} and result.exit_code == 1


@pytest.mark.parametrize(
    "name, text, where, words",
    [
        (".renja-rules.yaml", "selct: [PG]\n", ":1:1", "kunci tidak dikenal 'selct'"),
        (".renja-rules.yaml", "ignore: [pagu]\n", ":1:", "bukan ID aturan"),
        (".renja-rules.yaml", "fail-on: sometimes\n", ":1:10", "fail-on"),
        ("pyproject.toml", "[tool.renja-rules]\nselect = [\n", ":", "TOML tidak sah"),
        ("pyproject.toml", '[tool.renja-rules]\nlang = "fr"\n', ":2:1", "lang"),
    ],
)
def test_bad_configuration_is_answered_with_its_location(seed: Path, name: str, text: str, where: str, words: str) -> None:
    (seed / name).write_text(text, encoding="utf-8")
    load_config.cache_clear()
    result = invoke("check", str(seed))
    assert result.exit_code == 2
    assert f"{seed / name}{where}" in result.output and words in result.output


def test_a_bad_configuration_is_said_once_with_the_plans_it_stopped(seed: Path) -> None:
    (seed / ".renja-rules.yaml").write_text("selct: [PG]\n", encoding="utf-8")
    load_config.cache_clear()
    for number in range(4):
        shutil.copy(SEED_31, seed / f"pd-{number}.yaml")
    plans = [path for path in sorted(seed.glob("*.yaml")) if not path.name.startswith(".")]  # not the configuration
    result = invoke("check", "--no-cache", str(seed))
    assert result.exit_code == 2
    assert result.output.count("kunci tidak dikenal 'selct'") == 1
    assert f"(menghentikan {len(plans)} berkas: {plans[0]}, {plans[1]}, {plans[2]}, …)" in result.output
    assert f"{len(plans)} berkas tidak dapat diperiksa." in result.output  # each plan still counts
    machine = json.loads(invoke("check", "--no-cache", "-f", "json", str(seed)).stdout)
    assert [entry["status"] for entry in machine["files"]] == ["failed"] * len(plans)  # per file, as before


def test_a_teams_rule_files_beside_its_plans_are_not_checked_as_plans(seed: Path) -> None:
    team = seed / "aturan-tim"
    team.mkdir()
    rule = yaml.safe_load((ROOT / "rules" / "pagu.yaml").read_text(encoding="utf-8"))["rules"][0]
    rule["id"], rule["severity"] = "TM001", "info"
    (team / "tim.yaml").write_text(yaml.safe_dump({"version": 1, "rules": [rule]}), encoding="utf-8")
    (seed / ".renja-rules.yaml").write_text('rules: ["aturan-tim/"]\n', encoding="utf-8")
    load_config.cache_clear()
    document = json.loads(invoke("check", "--no-cache", "-f", "json", str(seed)).stdout)
    assert [Path(entry["file"]).name for entry in document["files"]] == [SEED_31.name]  # the plan only
    assert document["summary"]["failed"] == 0
    assert any(v["rule_id"] == "TM001" for v in document["violations"])  # and the team's rule ran
    # Named on the command line, a rule file is checked as asked (and is no plan).
    named = invoke("check", "--no-cache", str(team / "tim.yaml"))
    assert named.exit_code == 2 and "dokumen" in named.output


@pytest.mark.parametrize("cache", ["--no-cache", "--cache-dir"])
def test_a_broken_team_rule_file_is_reported_not_a_crash(seed: Path, tmp_path: Path, cache: str) -> None:
    (seed / "aturan-tim").mkdir()
    (seed / "aturan-tim" / "tim.yaml").write_text("version: 1\nrules: [{id: XX}]\n", encoding="utf-8")
    (seed / ".renja-rules.yaml").write_text('rules: ["aturan-tim/"]\n', encoding="utf-8")
    load_config.cache_clear()
    args = [cache, str(tmp_path / "cache")] if cache == "--cache-dir" else [cache]
    result = invoke("check", *args, str(seed))
    assert result.exit_code == 2
    assert "internal error" not in result.output
    assert f"{seed / 'aturan-tim' / 'tim.yaml'}:2:" in result.output and "1 berkas tidak dapat diperiksa." in result.output


def test_show_settings(seed: Path) -> None:
    (seed / ".renja-rules.yaml").write_text("ignore: [KD008]\n", encoding="utf-8")
    result = invoke("check", "--show-settings", "--select", "PG", str(seed))
    assert result.exit_code == 0
    [group] = json.loads(result.stdout)
    assert group["settings"]["select"] == ["PG"] and group["settings"]["ignore"] == ["KD008"]
    assert group["settings"]["config"].endswith(".renja-rules.yaml")


# --- suppressions ---------------------------------------------------------------------------


def _check_text(text: str) -> list[renja_rules.Violation]:
    return renja_rules.check(renja_rules.parse_plan(text, "p.yaml"), renja_rules.load_rules())


def test_suppression_on_the_value_line() -> None:
    text = SEED_31.read_text(encoding="utf-8").replace(
        "    kegiatan: 11\n", "    kegiatan: 11  # renja-rules: ignore[JM002] Bab IV menghitung kegiatan penunjang sekali\n")
    assert {v.rule_id for v in _check_text(text)} >= {"JM003"} and "JM002" not in {v.rule_id for v in _check_text(text)}


def test_suppression_on_the_item_line_covers_the_item() -> None:
    text = SEED_31.read_text(encoding="utf-8").replace(
        '              - kode: "2.17.08.2.01"\n',
        '              - kode: "2.17.08.2.01"  # renja-rules: ignore[PG] pagu dialihkan, lihat SK Kepala Dinas\n')
    found = {(v.rule_id, v.kode) for v in _check_text(text)}
    assert ("PG001", "2.17.08.2.01") not in found and not any(rule.startswith("SP") for rule, _ in found)


def test_suppression_without_reason_is_reported_and_still_suppresses() -> None:
    text = SEED_31.read_text(encoding="utf-8").replace("    kegiatan: 11\n", "    kegiatan: 11  # renja-rules: ignore[JM002]\n")
    found = _check_text(text)
    assert "JM002" not in {v.rule_id for v in found}
    [sp] = [v for v in found if v.rule_id == "SP001"]
    assert (sp.line, sp.severity) == (14, "warning")


def test_suppression_that_suppresses_nothing_is_reported() -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("    program: 2\n", "    program: 2  # renja-rules: ignore[JM001] dulu salah\n")
    [sp] = _check_text(text)
    assert sp.rule_id == "SP002" and sp.line == 12 and "JM001" in sp.message


# --- baseline -------------------------------------------------------------------------------


def test_baseline_round_trip(seed: Path) -> None:
    plan = seed / SEED_31.name
    baseline = seed / "baseline.json"
    write = invoke("check", "--write-baseline", str(baseline), str(plan), cwd=seed.parent)
    assert write.exit_code == 0 and baseline.is_file()
    assert invoke("check", "--baseline", str(baseline), str(plan), cwd=seed.parent).exit_code == 0

    # a new defect: only it is reported
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('selisih: "90.127.459,00"', 'selisih: "90.127.458,00"'), encoding="utf-8")
    result = invoke("check", "-f", "json", "--baseline", str(baseline), str(plan), cwd=seed.parent)
    assert [(v["rule_id"], v["kode"]) for v in json.loads(result.stdout)["violations"]] == [("SL001", "2.17.01.2.02.01")]

    # moving rows and editing unrelated lines resurrects nothing
    moved = text.replace("\nurusan:\n", "\n# baris-baris di bawah ini dipindah\n\nurusan:\n")
    program_start = moved.index('          - kode: "2.17.03"')
    program_end = moved.index('          - kode: "2.17.04"')
    block = moved[program_start:program_end]
    moved = moved[:program_start] + moved[program_end:]
    moved = moved.replace('          - kode: "2.17.08"', block + '          - kode: "2.17.08"')
    plan.write_text(moved, encoding="utf-8")
    assert renja_rules.load_plan(plan).nodes("program")[-2].kode == "2.17.03"
    assert invoke("check", "--baseline", str(baseline), str(plan), cwd=seed.parent).exit_code == 0


def test_baseline_lists_findings_that_no_longer_occur(seed: Path) -> None:
    plan = seed / SEED_31.name
    baseline = seed / "baseline.json"
    invoke("check", "--write-baseline", str(baseline), str(plan), cwd=seed.parent)
    plan.write_text(plan.read_text(encoding="utf-8").replace("    kegiatan: 11\n", "    kegiatan: 14\n"), encoding="utf-8")
    result = invoke("check", "--baseline", str(baseline), str(plan), cwd=seed.parent)
    assert "JM002" in result.stderr and "no longer" in result.stderr or "tidak terjadi lagi" in result.stderr


def test_corrupt_baseline_is_an_error(seed: Path) -> None:
    baseline = seed / "baseline.json"
    baseline.write_text("{not json", encoding="utf-8")
    result = invoke("check", "--baseline", str(baseline), str(seed))
    assert result.exit_code == 2 and f"{baseline}:1:2" in result.output


# --- fixes ------------------------------------------------------------------------------------


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_on_the_seed_changes_only_the_fixed_values(tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(SEED_31.parent, folder)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    before = renja_rules.load_rules()
    plans = {path.name: renja_rules.load_plan(path) for path in sorted(folder.glob("*.yaml"))}
    from renja_rules.documents import link_documents

    link_documents(list(plans.values()))
    fixable = {(name, v.rule_id, v.kode) for name, plan in plans.items() for v in renja_rules.check(plan, before) if v.fix == "safe"}
    assert fixable, "the seed has safely fixable defects"

    first = invoke("check", "--fix", str(folder))
    assert first.exit_code == 1  # unfixable defects remain
    diff = _git(folder, "diff", "--unified=0")
    changed = [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    removed = [line[1:] for line in changed if line.startswith("-")]
    added = [line[1:] for line in changed if line.startswith("+")]
    assert len(removed) == len(added) > 0
    for old, new in zip(removed, added):
        # the same line with one or two values rewritten: same indentation, keys and comments
        assert old.split(":")[0] == new.split(":")[0]
        assert old.partition("#")[2] == new.partition("#")[2]
    assert "kegiatan: 14" in diff and '"0,00"' in diff  # counts and percentages, Indonesian style kept

    after = json.loads(invoke("check", "-f", "json", str(folder)).stdout)["violations"]
    assert not [v for v in after if v["fix"] == "safe"]
    second = invoke("check", "--fix", str(folder))
    assert "0 perbaikan" in second.stderr
    assert _git(folder, "diff", "--stat") == _git(folder, "diff", "--stat")  # unchanged by the second run
    assert diff == _git(folder, "diff", "--unified=0")


def test_diff_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    shutil.copy(SEED_31, plan)
    before = plan.read_bytes()
    result = invoke("check", "--diff", str(plan))
    assert result.exit_code == 1 and "+    kegiatan: 14" in result.stdout
    assert plan.read_bytes() == before


def test_unsafe_fixes_change_the_parent_sum(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    shutil.copy(SEED_31, plan)
    invoke("check", "--fix", str(plan))
    assert any(v.rule_id == "PG001" for v in renja_rules.check(renja_rules.load_plan(plan), renja_rules.load_rules()))
    invoke("check", "--fix", "--unsafe-fixes", str(plan))
    found = {v.rule_id for v in renja_rules.check(renja_rules.load_plan(plan), renja_rules.load_rules())}
    assert "PG001" not in found
    assert "sesudah:\n" in plan.read_text(encoding="utf-8")


def test_an_interrupted_fix_leaves_the_original_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "p.yaml"
    shutil.copy(SEED_31, plan)
    before = plan.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = invoke("check", "--fix", str(plan))
    assert "No space left" in result.stderr
    assert plan.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]  # no temporary file left behind


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_killed_fix_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    shutil.copy(SEED_21, plan)
    before = plan.read_text(encoding="utf-8")
    script = (
        "import os, sys\n"
        "from renja_rules.report import output\n"
        "real = output.os.replace\n"
        "def slow(src, dst):\n"
        "    os.kill(os.getpid(), 9)\n"
        "output.os.replace = slow\n"
        "from renja_rules.cli import main\n"
        "main(['check', '--fix', sys.argv[1]])\n"
    )
    completed = subprocess.run([sys.executable, "-c", script, str(plan)], capture_output=True, text=True, check=False)
    assert completed.returncode == -9
    assert plan.read_text(encoding="utf-8") == before  # killed before the rename: the old file, whole
    leftovers = [p for p in tmp_path.iterdir() if p.name != "p.yaml"]
    assert all(p.name.startswith(".p.yaml.") for p in leftovers)  # at most a temporary file, never a half plan


# --- rule tests -----------------------------------------------------------------------------------


def test_test_rules_passes_on_the_shipped_rules() -> None:
    result = invoke("test-rules", str(ROOT / "rules"))
    assert result.exit_code == 0 and " 0 tidak sesuai" in result.stdout
    result = invoke("test-rules", "--lang", "en", str(ROOT / "rules"))
    assert result.exit_code == 0 and " 0 failed" in result.stdout


def test_a_wrong_example_in_a_team_rule_file_fails_with_its_name(tmp_path: Path) -> None:
    rules = tmp_path / "tim.yaml"
    rules.write_text(
        "version: 1\nrules:\n  - id: TM001\n    title: {id: t, en: t}\n    severity: error\n    applies_to: indikator\n"
        "    kind: required\n    params: {fields: [lokasi]}\n    message: {id: 'kosong', en: 'empty'}\n"
        "    examples:\n      pass:\n        - {dokumen: {jenis: renja, tahun: 2021}, program: [{kode: '2.17.01', indikator: [{lokasi: X}]}]}\n"
        "      fail:\n        - {dokumen: {jenis: renja, tahun: 2021}, program: [{kode: '2.17.01', indikator: [{lokasi: X}]}]}\n",
        encoding="utf-8",
    )
    result = invoke("test-rules", str(rules))
    assert result.exit_code == 1
    assert "TM001 fail[0]: tidak berbunyi pada contoh GAGAL" in result.stdout
    assert f"{rules}:3:" in result.stdout
    result = invoke("test-rules", "--lang", "en", str(rules))
    assert "TM001 fail[0]: did not fire on a FAIL example" in result.stdout


def test_explain_speaks_the_language_asked_for() -> None:
    said_id = invoke("explain", "PL011").stdout
    said_en = invoke("explain", "--lang", "en", "PL011").stdout
    assert "tingkat:      info" in said_id and "berlaku pada: indikator (perubahan-renja)" in said_id
    assert "(opt-in: berjalan hanya bila dipilih dengan ID lengkapnya)" in said_id and "\nLULUS:\n" in said_id
    assert "severity:   info" in said_en and "\nPASS:\n" in said_en and "opt-in: runs only" in said_en
    assert "severity" not in said_id


def test_a_fail_example_that_states_its_findings_is_held_to_them(tmp_path: Path) -> None:
    """Issue 15 item 6: a FAIL example may state the findings it expects; test-rules compares."""
    def rule_file(expect: str) -> Path:
        path = tmp_path / "tim.yaml"
        path.write_text(
            "version: 1\nrules:\n  - id: TM002\n    title: {id: t, en: t}\n    severity: error\n    applies_to: indikator\n"
            "    kind: expression\n    params: {assert: 'selisih == sesudah.pagu - sebelum.pagu', value_kind: uang}\n"
            "    message: {id: 'salah', en: 'wrong'}\n    examples:\n"
            "      pass:\n        - {dokumen: {jenis: renja, tahun: 2021}, program: [{kode: '2.17.01', indikator: "
            "[{sebelum: {pagu: '1,00'}, sesudah: {pagu: '3,00'}, selisih: '2,00'}]}]}\n"
            "      fail:\n        - plan: {dokumen: {jenis: renja, tahun: 2021}, program: [{kode: '2.17.01', indikator: "
            "[{sebelum: {pagu: '1,00'}, sesudah: {pagu: '3,00'}, selisih: '5,00'}]}]}\n"
            f"          expect: {expect}\n", encoding="utf-8")
        return path

    right = invoke("test-rules", str(rule_file("[{kode: '2.17.01', field: selisih, expected: '2.00', actual: '5.00'}]")))
    assert right.exit_code == 0, right.stdout
    wrong = invoke("test-rules", str(rule_file("[{kode: '2.17.01', expected: '3.00'}]")))
    assert wrong.exit_code == 1
    assert "TM002 fail[0]: temuan 1: expected '2.00', diharapkan / expected '3.00'" in wrong.stdout
    two = invoke("test-rules", str(rule_file("[{kode: '2.17.01'}, {kode: '2.17.01'}]")))
    assert "2 temuan diharapkan, 1 didapat" in two.stdout
    bad = invoke("test-rules", str(rule_file("[{kode: '2.17.01', baris: 3}]")))
    assert bad.exit_code == 2 and "baris" in bad.output and "tim.yaml:" in bad.output
