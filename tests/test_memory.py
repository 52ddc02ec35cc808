"""Memory behaviour that speed depends on: no reference cycles, the collector restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from renja_rules import check, load_rules, parse_plan
from renja_rules.gcpause import paused_gc

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_a_checked_plan_is_freed_without_the_cyclic_collector(path: Path) -> None:
    # With no reference cycles, a dropped plan is freed by reference counting at once;
    # cycles would leave thousands of objects per plan for the collector to find.
    rules = load_rules()
    text = path.read_text(encoding="utf-8")
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        plan = parse_plan(text, str(path))
        check(plan, rules)
        del plan
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # still inside the outer pause
    assert gc.isenabled()


def test_a_caller_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_restored_when_the_body_raises() -> None:
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError("boom")
    assert gc.isenabled()


def test_violations_from_payloads_are_validated_and_share_what_repeats() -> None:
    from pydantic import ValidationError

    from renja_rules.violation import Violation

    from .conftest import SEED_31

    file = str(SEED_31)
    found = check(parse_plan(SEED_31.read_text(encoding="utf-8"), file), load_rules())
    payloads = [v.model_dump(mode="json") for v in found]
    rebuilt = [Violation.from_payload(dict(p), file) for p in payloads]
    assert rebuilt == found
    assert all(v.file is file for v in rebuilt)  # one string for the file, not one per violation
    assert rebuilt[0].__pydantic_fields_set__ is rebuilt[1].__pydantic_fields_set__
    assert rebuilt[0].model_copy(update={"line": 1}).line == 1
    with pytest.raises(ValidationError):
        Violation.from_payload({**payloads[0], "line": "not a line"}, file)


def test_a_plan_survives_pickle_and_deepcopy_whole() -> None:
    import copy
    import pickle

    from .conftest import SEED_21

    rules = load_rules()
    plan = parse_plan(SEED_21.read_text(encoding="utf-8"), str(SEED_21))
    expected = check(plan, rules)
    for other in (pickle.loads(pickle.dumps(plan)), copy.deepcopy(plan)):
        assert other is not plan and other.file == plan.file
        assert other.document == plan.document
        assert other.nodes("indikator")[5].parent is not None
        assert check(other, rules) == expected
