"""Fuzzing in CI: a short, bounded run of every target, and the stored corpus through the CLI.

The long run is ``python fuzz/run.py --inputs 100000`` (see the README's Robustness
section). Here each target gets a few hundred generated inputs (derandomized, so a CI
failure reproduces), and every input kept in ``tests/fuzz_corpus/`` is given to
``renja-rules check``: through click's test runner for all of them and as a real
process for one of each target. The only acceptable answers are exit codes 0, 1 and 2,
without a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.corpus import CORPUS, arguments, corpus_files, run_as_process, run_in_process
from fuzz.strategies import TARGETS, Crash, known

# How many inputs each target gets in CI; about two seconds each.
BUDGET = {"plan": 300, "paths": 150, "numbers": 1000, "expression": 300, "rules": 150}
BUDGET["baseline"] = 120  # through the command line: slower per input
BUDGET["config"] = 60  # a fresh tree per input, hashed before and after
BUDGET["cache"] = 30  # two runs per input, one filling the cache
BUDGET["tables"] = 60  # damaged workbooks, CSV and PDF-table text through check

def _fuzz(target: str, value: Any) -> None:
    oracle = TARGETS[target][1]
    try:
        oracle(value)
    except Crash as crash:
        if known(crash) is None:  # a known crash has its own strict xfail test (fuzz/strategies.py)
            raise


def _bounded(target: str):  # type: ignore[no-untyped-def]
    strategy = TARGETS[target][0]()

    def decorate(test):  # type: ignore[no-untyped-def]
        # settings() around the test that given() made: applied to given(...) itself, as it
        # once was, they were silently lost (100 random inputs, a 200 ms deadline, and the
        # health checks that failed this test on a busy machine).
        return settings(max_examples=BUDGET[target], deadline=None, derandomize=True, database=None,
                        suppress_health_check=list(HealthCheck))(given(strategy)(test))

    return decorate


def test_each_fuzz_target_runs_with_its_budget() -> None:
    for target, test in (("plan", test_fuzz_plan_loader_and_rules), ("rules", test_fuzz_rule_compiler)):
        chosen = test._hypothesis_internal_use_settings  # type: ignore[attr-defined]
        assert (chosen.max_examples, chosen.derandomize, chosen.deadline) == (BUDGET[target], True, None)


@_bounded("plan")
def test_fuzz_plan_loader_and_rules(value: str) -> None:
    _fuzz("plan", value)


@_bounded("paths")
def test_fuzz_fast_path_and_full_loader_agree(value: str) -> None:
    _fuzz("paths", value)


@_bounded("numbers")
def test_fuzz_number_parsers(value: str) -> None:
    _fuzz("numbers", value)


@_bounded("expression")
def test_fuzz_expression_parser(value: tuple[str, str]) -> None:
    _fuzz("expression", value)


@_bounded("rules")
def test_fuzz_rule_compiler(value: str) -> None:
    _fuzz("rules", value)


@_bounded("baseline")
def test_fuzz_baseline_files_through_the_cli(value: str) -> None:
    _fuzz("baseline", value)


@_bounded("config")
def test_fuzz_configuration_files_beside_the_plans(value: tuple[str, str]) -> None:
    _fuzz("config", value)


@_bounded("cache")
def test_fuzz_damaged_cache_gives_the_uncached_answer(value: list[Any]) -> None:
    _fuzz("cache", value)


@_bounded("tables")
def test_fuzz_damaged_tables_through_the_cli(value: tuple[str, bytes]) -> None:
    _fuzz("tables", value)


# --- the stored corpus through the command line --------------------------------------------

# Stored crashers that still crash, because their fix is in a file this suite does not own.
# (file name: reason with the file to fix; none at the moment)
KNOWN_FILES: dict[str, str] = {}

FILES = corpus_files()


def _param(path: Path) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FILES[path.name])] if path.name in KNOWN_FILES else []
    return pytest.param(path, id=str(path.relative_to(CORPUS)), marks=marks)


def test_the_corpus_holds_crashers_and_edge_cases_of_every_target() -> None:
    targets = {path.parent.name for path in FILES}
    assert {"plan", "numbers", "expression", "rules"} <= targets
    assert any(path.name.startswith("crash-") for path in FILES)
    assert sum(path.name.startswith("edge-") for path in FILES) >= 40


@pytest.mark.parametrize("path", [_param(path) for path in FILES])
def test_the_cli_answers_every_corpus_file(tmp_path: Path, path: Path) -> None:
    outcome = run_in_process(arguments(path, tmp_path), tmp_path)
    assert outcome.problems() == [], outcome.output[-2000:]


def _one_of_each_target() -> list[Any]:
    chosen: dict[str, Path] = {}
    for path in FILES:
        if path.name not in KNOWN_FILES:
            current = chosen.get(path.parent.name)
            # prefer crashers: they are the inputs that once broke the tool
            if current is None or (path.name.startswith("crash-") and not current.name.startswith("crash-")):
                chosen[path.parent.name] = path
    return [_param(path) for path in sorted(chosen.values())]


@pytest.mark.parametrize("path", _one_of_each_target())
def test_the_console_script_answers_corpus_files_as_a_process(tmp_path: Path, path: Path) -> None:
    outcome = run_as_process(arguments(path, tmp_path), tmp_path)
    assert outcome.problems() == [], outcome.output[-2000:]
