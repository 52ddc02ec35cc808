"""The compiled rule set kept between runs (issue 19): the same rules, from data, never trusted blindly.

``rules.keeping_compiled_rules(store)`` keeps each rule file's rules (spec, validated parameters,
position) in the result cache as JSON and compiles them again from there; the rule files'
models are not built. These tests hold the kept rules to the rules read from their files, and
show that anything odd in a kept entry, a changed file or other limits sends the file back to
its own reading.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import renja_rules
from renja_rules import rules as rules_module
from renja_rules.cache import Cache, rules_fingerprint
from renja_rules.errors import RuleError
from renja_rules.kinds.sum import SumParams
from renja_rules.loader import Limits
from renja_rules.modeldata import Unexpected, as_data, rebuilt
from renja_rules.rules import RuleSpec, keeping_compiled_rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "examples" / "seed-malang-2021").glob("*.yaml"))


class Store:
    """A store in memory, counting what is asked of it."""

    def __init__(self) -> None:
        self.kept: dict[str, Any] = {}
        self.asked = 0

    def rule_file(self, key: str) -> Any | None:
        self.asked += 1
        return json.loads(json.dumps(self.kept[key])) if key in self.kept else None  # as stored: JSON

    def keep_rule_file(self, key: str, payload: Any) -> None:
        self.kept[key] = json.loads(json.dumps(payload))


def _findings(rules: renja_rules.RuleSet) -> list[tuple[str, str, int | None, str | None, str | None, str]]:
    plans = [renja_rules.load_plan(path) for path in SEED]
    return [(v.rule_id, v.severity, v.line, v.expected, v.actual, v.message)
            for found in renja_rules.check_set(plans, rules) for v in found]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The rule files read from their text (not from kept data) from now on."""
    read: list[str] = []
    original = rules_module.parse_rules

    def counting(text: str, file: str = "<rules>", limits: Limits | None = None) -> list[Any]:
        read.append(Path(file).name)
        return original(text, file, limits)

    monkeypatch.setattr(rules_module, "parse_rules", counting)
    return read


def test_kept_rules_are_the_rules_of_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    plain = load_rules(opt_in=True)
    with keeping_compiled_rules(store):
        first = load_rules(opt_in=True)
    assert len(store.kept) == len(list((ROOT / "rules").glob("*.yaml")))  # one entry per rule file
    read = _reads(monkeypatch)
    with keeping_compiled_rules(store):
        kept = load_rules(opt_in=True)
    assert read == []  # every file answered from the kept data
    assert [rule.id for rule in kept] == [rule.id for rule in plain] == [rule.id for rule in first]
    for ours, theirs in zip(kept, plain):
        assert (ours.severity, ours.level, ours.documents, ours.when, ours.fix, ours.location) == (
            theirs.severity, theirs.level, theirs.documents, theirs.when, theirs.fix, theirs.location), ours.id
        assert ours.spec == theirs.spec and ours.spec_data() == theirs.spec_data(), ours.id
        assert ours.params == theirs.params or repr(ours.params) == repr(theirs.params), ours.id
    assert rules_fingerprint(kept, "id") == rules_fingerprint(plain, "id")  # the result cache's key too
    assert _findings(kept) == _findings(plain)


def test_nothing_is_kept_unasked() -> None:
    assert rules_module._KEPT.get() is None  # the library writes nothing anywhere on its own
    store = Store()
    with keeping_compiled_rules(store):
        pass
    load_rules()
    assert store.kept == {} and store.asked == 0


@pytest.mark.parametrize("damage", [
    lambda entry: entry.update(rules="not a list"),
    lambda entry: entry["rules"][0].update(spec="not a mapping"),
    lambda entry: entry["rules"][0]["spec"].update(kind="no-such-kind"),
    lambda entry: entry["rules"][0]["spec"].update(severity="fatal"),
    lambda entry: entry["rules"][0]["spec"].pop("message"),
    lambda entry: entry["rules"][0]["spec"].update(injected="__import__('os')"),
    lambda entry: entry["rules"][0]["spec"]["title"].update(id=7),
    lambda entry: entry["rules"][0].update(params={"fields": "sesudah.pagu"}),
    lambda entry: entry["rules"][0].update(line="1"),
    lambda entry: entry["rules"][0]["spec"].update(applies_to="dokumen", kind="distinct"),
    # Within their types, but outside what the models allow (bounds, lengths, patterns, validators).
    lambda entry: entry["rules"][0]["spec"].update(id="not an id"),
    lambda entry: entry["rules"][0]["spec"]["title"].update(id=""),
    lambda entry: entry["rules"][0]["spec"].update(examples={"pass_": [], "fail": [{"plan": {}, "oops": 1}]}),
    lambda entry: [rule["params"].update(tolerance="-1") for rule in entry["rules"] if "tolerance" in rule["params"]]
    or entry["rules"][0].update(params={**entry["rules"][0]["params"], "places": 11, "fields": []}),
])
def test_a_kept_entry_that_is_not_as_written_is_passed_over(monkeypatch: pytest.MonkeyPatch, damage: Any) -> None:
    store = Store()
    with keeping_compiled_rules(store):
        load_rules(opt_in=True)
    for entry in store.kept.values():
        damage(entry)
    read = _reads(monkeypatch)
    with keeping_compiled_rules(store):
        again = load_rules(opt_in=True)
    assert len(read) == len(store.kept)  # every damaged file read from its text instead
    assert _findings(again) == _findings(load_rules(opt_in=True))


def test_a_changed_rule_file_or_other_limits_are_not_answered_from_kept_data(tmp_path: Path) -> None:
    rule_file = tmp_path / "aturan.yaml"
    text = (ROOT / "rules" / "pagu.yaml").read_text(encoding="utf-8")
    rule_file.write_text(text, encoding="utf-8")
    store = Store()
    with keeping_compiled_rules(store):
        before = load_rules([rule_file])
        rule_file.write_text(text.replace("severity: error", "severity: warning", 1), encoding="utf-8")
        after = load_rules([rule_file])
        load_rules([rule_file], Limits(max_depth=32))
    assert before.rules[0].severity == "error" and after.rules[0].severity == "warning"
    assert len(store.kept) == 3


def test_a_broken_rule_file_is_kept_nowhere_and_says_so_each_time(tmp_path: Path) -> None:
    rule_file = tmp_path / "aturan.yaml"
    rule_file.write_text("version: 1\nrules:\n  - id: XX001\n    severity: fatal\n", encoding="utf-8")
    store = Store()
    for _ in range(2):
        with keeping_compiled_rules(store), pytest.raises(RuleError) as caught:
            load_rules([rule_file])
        assert caught.value.line == 3
    assert store.kept == {}


def test_model_data_is_exact_and_typed() -> None:
    params = SumParams.model_validate({"fields": ["sesudah.pagu"], "children": "sub_kegiatan", "tolerance": "0.10"})
    data = as_data(params)
    assert data is not None and data["tolerance"] == "0.10"
    back = rebuilt(SumParams, data)
    assert back == params and str(back.tolerance) == "0.10" and isinstance(back.tolerance, Decimal)
    for wrong in ({**data, "tolerance": 0.1}, {**data, "fields": "sesudah.pagu"}, {**data, "children": "urusan"},
                  {**data, "extra": 1}, [data], {**data, "tolerance": "sepuluh"},
                  {**data, "tolerance": "-0.01"}, {**data, "fields": []}):  # ge=0, min_length=1
        with pytest.raises(Unexpected):
            rebuilt(SumParams, wrong)
    with pytest.raises(Unexpected):
        rebuilt(RuleSpec, {"id": "AB001"})  # the required fields are missing


def test_the_command_line_keeps_the_rules_with_its_results(tmp_path: Path) -> None:
    plan = tmp_path / "tabel.yaml"
    plan.write_text(SEED[1].read_text(encoding="utf-8"), encoding="utf-8")

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", "from renja_rules.cli import entry; entry()", "check",
                               "--isolated", "-f", "json", *extra, "tabel.yaml"], cwd=tmp_path, capture_output=True,
                              text=True, check=False, env={**os.environ, "RENJA_RULES_CACHE_DIR": ""})

    fresh = run("--no-cache")
    assert not (tmp_path / ".renja-rules-cache").exists()  # --no-cache: no cache of any kind
    first = run()
    database = sqlite3.connect(tmp_path / ".renja-rules-cache" / "cache.sqlite")
    kept = database.execute("SELECT count(*) FROM results WHERE key LIKE 'rules:%'").fetchone()[0]
    database.execute("DELETE FROM results WHERE key NOT LIKE 'rules:%'")  # results gone, rules kept
    database.commit()
    database.close()
    second = run()
    assert kept == len(list((ROOT / "rules").glob("*.yaml")))
    assert fresh.returncode == first.returncode == second.returncode == 1
    assert json.loads(fresh.stdout)["violations"] == json.loads(first.stdout)["violations"] == json.loads(
        second.stdout)["violations"]


def test_the_cache_keeps_rule_files_apart_from_its_counts(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.keep_rule_file("x", {"rules": []})
    cache.flush()
    assert cache.rule_file("x") == {"rules": []} and cache.rule_file("y") is None
    assert (cache.hits, cache.misses) == (0, 0)  # the run's summary counts results only
    cache.close()
