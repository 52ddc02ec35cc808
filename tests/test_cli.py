"""The command line: output formats, languages, exit codes, rule listing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import renja_rules
from renja_rules.cli import main

from .conftest import CLEAN, EXAMPLES, SEED_31


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_check_examples_reports_the_seed_and_exits_1() -> None:
    result = invoke("check", str(EXAMPLES))
    assert result.exit_code == 1
    assert f"{SEED_31}:829:29: PG001 error" in result.output
    assert "pelanggaran" in result.output.splitlines()[-1]


def test_clean_folder_exits_0() -> None:
    result = invoke("check", str(CLEAN.parent))
    assert result.exit_code == 0
    assert "tidak ada pelanggaran" in result.output


def test_json_output_is_stable_and_complete() -> None:
    result = invoke("check", "--format", "json", str(SEED_31))
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["schema_version"] == 1
    assert document["summary"]["violations"] == len(document["violations"]) == 35
    plan = renja_rules.load_plan(SEED_31)
    expected = [v.model_dump(mode="json") for v in renja_rules.check(plan, renja_rules.load_rules())]
    assert document["violations"] == expected
    first = document["violations"][0]
    assert set(first) == {"rule_id", "severity", "message", "file", "line", "column", "kode", "level", "field",
                          "expected", "actual", "path", "fix", "replacement", "sheet", "cell"}


def test_english_messages() -> None:
    result = invoke("check", "--lang", "en", str(SEED_31))
    assert "The document declares 11 kegiatan, the table holds 14" in result.output
    assert "files checked" in result.output


def test_fail_on_warning(tmp_path: Path) -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("\n                        sumber_dana: DBHCHT", "")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    assert invoke("check", str(plan)).exit_code == 0
    assert invoke("check", "--fail-on", "warning", str(plan)).exit_code == 1


def test_rules_and_explain() -> None:
    listing = invoke("rules")
    assert listing.exit_code == 0 and "SL001" in listing.output and "PG001" in listing.output
    explained = invoke("explain", "sl001")
    assert explained.exit_code == 0
    assert "selisih == default(sesudah.pagu, 0) - default(sebelum.pagu, 0)" in explained.output
    assert "LULUS:" in explained.output and "GAGAL:" in explained.output
    assert invoke("explain", "XX999").exit_code == 2


def test_console_script_runs_as_a_process() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "renja_rules.cli", "check", str(CLEAN)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_a_one_file_check_does_not_import_what_it_does_not_use() -> None:
    # Every commit runs the hook on a few files: start-up is most of its time. These modules
    # cost ~20 ms to import and a one-file check needs none of them (asyncio came in through
    # typing_extensions < 4.16; concurrent.futures is for --jobs over many files, jinja2
    # for HTML reports, jsonschema for `schema` commands, importlib.metadata through
    # pydantic's plugin loader, which the command line replaces: see cli._no_plugin_loader).
    script = (
        "import sys\n"
        "from renja_rules.cli import entry\n"
        f"sys.argv = ['renja-rules', 'check', '--no-cache', {str(CLEAN)!r}]\n"
        "try:\n    entry()\nexcept SystemExit:\n    pass\n"
        "unwanted = ('asyncio', 'ssl', 'concurrent.futures', 'jinja2', 'jsonschema', 'importlib.metadata')\n"
        "print(','.join(name for name in unwanted if name in sys.modules), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert completed.stderr.strip() == "", completed.stderr  # the names of those imported


def test_the_plugin_loader_stand_in_answers_as_pydantic_s_would(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The command line's stand-in for pydantic's plugin loader returns no plugins, as the real
    # one does with plugins disabled, and loads the real module for any other name; with only
    # some plugins disabled, or in a host process (the library), pydantic's own loader is used.
    script = (
        "import os, sys\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = sys.argv[1]\n"
        "from renja_rules import cli\n"
        "cli._no_plugin_loader()\n"
        "from pydantic.plugin import _loader\n"
        "print(type(_loader).__name__, list(_loader.get_plugins()), 'importlib.metadata' in sys.modules)\n"
        "print(_loader.PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules)\n"
        "import pydantic\n"
        "class M(pydantic.BaseModel):\n    x: int\n"
        "print(M(x=1).x)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, "__all__"], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["_NoPlugins [] False", "pydantic True", "1"]
    some = subprocess.run([sys.executable, "-c", script, "logfire"], capture_output=True, text=True, check=True)
    assert some.stdout.startswith("module ")  # pydantic's own loader
