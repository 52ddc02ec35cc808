"""Every shipped rule's own examples: silent on PASS snippets, fires on FAIL snippets."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml

import renja_rules
from renja_rules import fastload
from renja_rules.expression import MISSING, DivisionByZero, ExpressionError, parse_expression
from renja_rules.examples import run_example
from renja_rules.plan import field_catalogue
from renja_rules.schemas import plan_schema, render, rules_schema

from .conftest import CLEAN, EXAMPLES, ROOT, SEED_21, SEED_31

RULES = renja_rules.load_rules()
CASES = [
    (rule.id, label, index, snippet)
    for rule in RULES
    for label, snippets in (("pass", rule.examples.pass_ if rule.examples else []), ("fail", rule.examples.fail if rule.examples else []))
    for index, snippet in enumerate(snippets)
]


def test_every_shipped_rule_has_passing_and_failing_examples() -> None:
    for rule in RULES:
        assert rule.examples and rule.examples.pass_ and rule.examples.fail, rule.id


@pytest.mark.parametrize("rule_id, label, index, snippet", CASES, ids=[f"{c[0]}-{c[1]}{c[2]}" for c in CASES])
def test_rule_examples(rule_id: str, label: str, index: int, snippet: dict) -> None:
    fired = run_example(RULES.by_id[rule_id], snippet, f"{rule_id}-{label}{index}", RULES)
    if label == "pass":
        assert fired == []
    else:
        assert fired, f"{rule_id} did not fire on its failing example {index}"
        assert all(v.line is not None and v.column is not None for v in fired)


def test_a_team_rule_file_overrides_a_shipped_rule_by_id(tmp_path) -> None:
    override = tmp_path / "team.yaml"
    override.write_text(
        "version: 1\nrules:\n  - id: WJ006\n    title: {id: t, en: t}\n    severity: info\n    applies_to: indikator\n"
        "    kind: required\n    params: {fields: [lokasi]}\n    message: {id: 'kosong {field}', en: 'empty {field}'}\n",
        encoding="utf-8",
    )
    rules = renja_rules.load_rules([renja_rules.rules.default_rules_dir(), override])
    assert len(rules) == len(RULES)
    assert rules.by_id["WJ006"].severity == "info"


# --- the expression language -------------------------------------------------------

FIELDS = field_catalogue("indikator")


@pytest.mark.parametrize(
    "source",
    [
        "selisih == sesudah.pagu - sebelum.pagu",
        "abs(selisih) <= 100 and present(lokasi)",
        "round(sesudah.pagu / 3, 2) > 0 or not present(catatan)",
        "default(sebelum.pagu, 0) >= 0",
        "sesudah.target.satuan == 'Orang'",
    ],
)
def test_expressions_that_parse(source: str) -> None:
    parse_expression(source, FIELDS)


@pytest.mark.parametrize(
    "source, words",
    [
        ("selisih.__class__ == 1", "not a field"),
        ("__import__('os') == 1", "not allowed"),
        ("eval('1') == 1", "not allowed"),
        ("selisih[0] == 1", "not allowed"),
        ("lambda x: x", "not allowed"),
        ("[x for x in y]", "not allowed"),
        ("a if b else c", "unexpected"),
        ("1 < selisih < 2", "chained"),
        ("selisih == 'x'", "cannot compare"),
        ("lokasi + 1 == 2", "needs numbers"),
        ("selisih", "must give a bool"),
        ("(" * 40 + "1" + ")" * 40 + " == 1", "deeper"),
        ("1 + " * 400 + "1 == 1", "longer than"),
        ("", "empty"),
    ],
)
def test_expressions_that_are_refused(source: str, words: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse_expression(source, FIELDS)
    assert words in error.value.message


def test_expression_arithmetic_is_exact_decimal() -> None:
    expression = parse_expression("selisih == sesudah.pagu - sebelum.pagu", FIELDS)
    values = {("selisih",): Decimal("0.3"), ("sesudah", "pagu"): Decimal("0.4"), ("sebelum", "pagu"): Decimal("0.1")}
    assert expression.evaluate(values.get) is True  # 0.4 - 0.1 == 0.3 exactly; a float would say no


def test_missing_values_and_division_by_zero() -> None:
    expression = parse_expression("selisih == sesudah.pagu / sebelum.pagu", FIELDS)
    assert expression.evaluate({}.get) is MISSING
    with pytest.raises(DivisionByZero):
        expression.evaluate({("selisih",): Decimal(1), ("sesudah", "pagu"): Decimal(1), ("sebelum", "pagu"): Decimal(0)}.get)


# --- schemas -----------------------------------------------------------------------------


def test_published_schemas_match_the_models() -> None:
    assert (ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8") == render(plan_schema())
    assert (ROOT / "schemas" / "rules.schema.json").read_text(encoding="utf-8") == render(rules_schema())


def test_examples_and_rule_files_validate_against_the_schemas() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    plan_validator = jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "plan.schema.json").read_text()))
    for path in (CLEAN, SEED_31, SEED_21):
        assert list(plan_validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
    rules_validator = jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "rules.schema.json").read_text()))
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        assert list(rules_validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path
    assert EXAMPLES.is_dir()


# --- rule files on the fast path (fastload) and on the full loader --------------------------

RULE_FILES = sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "tests" / "fuzz_corpus" / "rules").glob("*.yaml"))


def _compiled(text: str, name: str) -> object:
    """What parse_rules makes of a text: each rule as data, or the error with its position."""
    from renja_rules.rules import parse_rules

    try:
        return [
            (rule.id, rule.location, rule.spec.model_dump(mode="json", by_alias=True), rule.params, rule.when)
            for rule in parse_rules(text, name)
        ]
    except renja_rules.RuleError as error:
        return ("error", error.message, error.location)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_a_rule_file_compiles_alike_on_the_fast_path_and_the_full_loader(path, monkeypatch) -> None:
    import renja_rules.rules as rules_module

    text = path.read_text(encoding="utf-8", errors="replace")
    fast = _compiled(text, path.name)
    monkeypatch.setattr(rules_module, "fast_read", lambda *args, **kwargs: None)
    assert _compiled(text, path.name) == fast


@pytest.mark.skipif(not fastload.AVAILABLE, reason="rapidyaml is not installed")
def test_a_clean_rule_file_needs_no_full_loader(monkeypatch) -> None:
    import renja_rules.rules as rules_module

    def refuse(*args, **kwargs):
        raise AssertionError("the full loader was used")

    monkeypatch.setattr(rules_module, "load_yaml_text", refuse)
    rules = rules_module.parse_rules((ROOT / "rules" / "pagu.yaml").read_text(encoding="utf-8"), "pagu.yaml")
    assert rules and all(rule.location.file == "pagu.yaml" and rule.location.line for rule in rules)


def test_a_mistake_in_a_rule_file_is_placed_by_the_full_loader() -> None:
    from renja_rules.rules import parse_rules

    text = (ROOT / "rules" / "pagu.yaml").read_text(encoding="utf-8")
    first_kind = text.index("kind: ") + len("kind: ")
    broken = text[:first_kind] + "nosuchkind" + text[text.index("\n", first_kind):]
    line = broken[:first_kind].count("\n") + 1
    with pytest.raises(renja_rules.RuleError) as caught:
        parse_rules(broken, "pagu.yaml")
    assert "unknown kind 'nosuchkind'" in caught.value.message.en  # (the Indonesian: 'jenis aturan … tidak dikenal')
    assert (caught.value.location.line, caught.value.location.column) == (line, first_kind - broken.rindex("\n", 0, first_kind))


def test_every_shipped_rule_file_takes_the_fast_path() -> None:
    """Every run reads the default rule set: a file the fast reader declines costs its full parse."""
    from renja_rules import fastload
    from renja_rules.fastload import fast_read

    if not fastload.AVAILABLE:
        pytest.skip("rapidyaml is not installed")
    from renja_rules.rules import default_rules_dir

    declined = [path.name for path in sorted(default_rules_dir().glob("*.yaml"))
                if fast_read(path.read_text(encoding="utf-8")) is None]
    assert declined == []
