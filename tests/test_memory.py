"""Memory behaviour that speed depends on: no reference cycles, the collector restored."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from renja_rules import check, load_rules, parse_plan
from renja_rules.gcpause import PROMOTE_FROM, paused_gc

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_a_checked_plan_is_freed_without_the_cyclic_collector(path: Path) -> None:
    # With no reference cycles, a dropped plan is freed by reference counting at once;
    # cycles would leave thousands of objects per plan for the collector to find.
    rules = load_rules()
    text = path.read_text(encoding="utf-8")
    check(parse_plan(text, str(path)), rules)  # what is built once, on first use (validators, schemas), built
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


class _Cell:
    """A small tracked object, as a plan is made of."""


def _generation_of(target: object) -> int | None:
    for generation in range(3):
        if any(found is target for found in gc.get_objects(generation)):
            return generation
    return None


def test_what_a_large_pause_allocated_goes_to_the_oldest_generation_unwalked() -> None:
    # The young collection at resume would walk all of it (the cost per row that grew with
    # a plan's size); it is moved to the oldest generation instead, and still collected.
    with paused_gc():
        kept = [_Cell() for _ in range(PROMOTE_FROM)]
        cycle: list[object] = []
        cycle.append(cycle)  # garbage the collector must still find
        probe = weakref.ref(_Holder(cycle))
        del cycle
    assert gc.isenabled()
    assert _generation_of(kept[0]) == 2 and _generation_of(kept[-1]) == 2
    assert probe() is not None  # a cycle is not freed by reference counts...
    gc.collect()
    assert probe() is None  # ...and the next full collection frees it, as ever


def test_a_small_pause_leaves_the_generations_alone() -> None:
    gc.collect()
    with paused_gc():
        young = _Cell()
    assert _generation_of(young) == 0


def test_objects_the_host_froze_stay_frozen() -> None:
    # A pre-forking server freezes what it shares with its children: never unfrozen by us.
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            kept = [_Cell() for _ in range(PROMOTE_FROM)]
        assert gc.get_freeze_count() == frozen
        assert _generation_of(kept[0]) in (0, 1)  # left to the young collections, as ever
    finally:
        gc.unfreeze()


class _Holder:
    def __init__(self, cycle: list[object]) -> None:
        cycle.append(self)


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
