"""The nesting limit (max_depth) is reported where it is crossed, however deep the file goes.

libyaml has a nesting bound of its own (1,000 levels) and stops while looking ahead, past
the level where max_depth (64) was crossed: 1,000 ``[`` were reported at column 1009 of
line 1 instead of column 74. The column must not depend on how deep the file goes on
after the limit, nor on which reader (rapidyaml or the full loader) read it first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import renja_rules
from renja_rules import fastload
from renja_rules.cli import main
from renja_rules.errors import RenjaRulesError
from renja_rules.loader import Limits

SHAPES = {
    "flow sequences": lambda depth: "dokumen: " + "[" * depth + "]" * depth + "\n",
    "spaced flow sequences": lambda depth: "dokumen: " + "[ " * depth + "\n",
    "flow mappings": lambda depth: "dokumen:\n  a: " + "{a: " * depth + "1" + "}" * depth + "\n",
    "mixed, with quoted scalars": lambda depth: 'dokumen:\n  a: "x"\n  b: ' + '["s", {k: ' * depth + "\n",
    "block sequences": lambda depth: "- " * depth + "x\n",
}


def _error(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> RenjaRulesError:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(fastload, "_ryml", None)
        with pytest.raises(RenjaRulesError) as caught:
            renja_rules.parse_plan(text, "deep.yaml")
    return caught.value


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "full loader"])
@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
@pytest.mark.parametrize("depth", [1_000, 1_500, 5_000])
def test_the_limit_is_placed_where_it_is_crossed(shape: str, depth: int, fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    make = SHAPES[shape]
    expected = _error(make(100), False, monkeypatch)  # within libyaml's bound: the builder's own answer
    assert f"max_depth={Limits().max_depth}" in expected.message
    found = _error(make(depth), fast, monkeypatch)
    assert (found.line, found.column, found.message) == (expected.line, expected.column, expected.message)


def test_a_thousand_brackets_are_reported_at_column_74(tmp_path: Path) -> None:
    plan = tmp_path / "deep.yaml"
    plan.write_text(SHAPES["flow sequences"](1_000), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(plan)])
    assert result.exit_code == 2
    assert f"{plan}:1:74: melewati batas max_depth=64" in result.output
