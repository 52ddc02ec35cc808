"""Running a rule's own examples: PASS snippets must stay silent, FAIL snippets must fire.

A snippet is a plan (a mapping with ``dokumen``), a plan as YAML text (when comments
matter, as for suppressions), or, for rules that relate documents, ``{set: [plan, plan,
...]}``: the plans form one document set and the first is the one checked. A FAIL example
may also say what it expects, as ``{plan: <snippet>, expect: [{kode, field, expected,
actual, path}, ...]}``: then the rule must give exactly these findings, in order, each
matching the keys it names (values as the JSON report writes them). The test-suite and
``renja-rules explain`` use the same snippets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import RenjaRulesError
from .pipeline import check_plans
from .loader import dump_yaml
from .plan import Plan, parse_plan
from .rules import Rule, RuleSet
from .violation import Violation

__all__ = ["example_plans", "example_parts", "run_example", "run_rule_examples", "ExampleOutcome"]


def example_parts(snippet: dict[str, Any] | str) -> tuple[dict[str, Any] | str, list[dict[str, Any]] | None]:
    """The plan snippet of an example and the findings it expects (None: only that the rule fires)."""
    if isinstance(snippet, dict) and "plan" in snippet:
        return snippet["plan"], snippet.get("expect")
    return snippet, None


def example_params(snippet: dict[str, Any] | str) -> dict[str, Any] | None:
    """Parameters the example runs the rule with, over the rule's own (``{plan: ..., params: {...}}``):
    what a configuration would give it, e.g. a reference list."""
    if isinstance(snippet, dict) and "plan" in snippet:
        return snippet.get("params")
    return None


def _with_params(rule: Rule, params: dict[str, Any]) -> Rule:
    """``rule`` compiled again with ``params`` over its own."""
    from .rules import parse_rules

    spec = rule.spec.model_dump(mode="json", by_alias=True, exclude_none=True)
    spec["params"] = {**(spec.get("params") or {}), **params}
    spec.pop("examples", None)
    [again] = parse_rules(dump_yaml({"version": 1, "rules": [spec]}), rule.location.file or "<rules>")
    return again


def _unmet(found: tuple[Violation, ...], expect: list[dict[str, Any]]) -> str | None:
    """What differs between the findings and those expected; None when they agree."""
    said = [{key: getattr(v, key) for key in ("kode", "field", "expected", "actual", "path")} for v in found]
    if len(found) != len(expect):
        return f"{len(expect)} temuan diharapkan, {len(found)} didapat / {len(expect)} expected, {len(found)} found: {said}"
    for number, (violation, wanted) in enumerate(zip(found, expect), 1):
        for key, value in wanted.items():
            if str(getattr(violation, key)) != str(value):
                return (f"temuan {number}: {key} {getattr(violation, key)!r}, diharapkan / expected {value!r}")
    return None


def example_plans(snippet: dict[str, Any] | str, name: str) -> list[Plan]:
    """The plan(s) of a snippet (a ``set`` gives several: checked as one document set)."""
    if isinstance(snippet, str):
        return [parse_plan(snippet, f"examples/{name}.yaml")]
    documents = snippet["set"] if set(snippet) == {"set"} else [snippet]
    plans = [
        parse_plan(document if isinstance(document, str) else dump_yaml(document), f"examples/{name}-{index}.yaml")
        for index, document in enumerate(documents)
    ]
    return plans


def run_example(
    rule: Rule, snippet: dict[str, Any] | str, name: str = "example", rules: RuleSet | None = None, lang: str = "id"
) -> list[Violation]:
    """The violations of ``rule`` on the snippet's (first) plan.

    ``rules`` is the set the rule belongs to; it matters for rules about other rules'
    findings (suppressions). Without it the rule runs alone.
    """
    params = example_params(snippet)
    if params:
        rule = _with_params(rule, params)
        rules = None
    first, *others = example_plans(example_parts(snippet)[0], name)
    [(_, _, found)] = check_plans([(0, first, rules or RuleSet((rule,)))], lang, related=others)
    return [v for v in found if v.rule_id == rule.id]


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    """The verdict on one example of one rule (``index`` is None when the rule has none of that kind)."""

    rule: Rule
    label: str  # "pass" or "fail"
    index: int | None
    ok: bool
    violations: tuple[Violation, ...] = ()
    error: str | None = None

    @property
    def name(self) -> str:
        return f"{self.rule.id} {self.label}[{self.index}]" if self.index is not None else f"{self.rule.id} {self.label}"


def run_rule_examples(rules: RuleSet, lang: str = "id") -> list[ExampleOutcome]:
    """Run every example of every rule: PASS snippets must give no violation of the rule,
    FAIL snippets at least one. A rule without both kinds of example fails too."""
    outcomes: list[ExampleOutcome] = []
    for rule in rules:
        examples = rule.examples
        for label, snippets in (("pass", examples.pass_ if examples else []), ("fail", examples.fail if examples else [])):
            if not snippets:
                outcomes.append(ExampleOutcome(rule, label, None, False,
                                               error="tidak ada contoh" if lang == "id" else "no example"))
                continue
            for index, snippet in enumerate(snippets):
                try:
                    found = tuple(run_example(rule, snippet, f"{rule.id}-{label}{index}", rules, lang))
                except RenjaRulesError as error:
                    outcomes.append(ExampleOutcome(rule, label, index, False, error=str(error.in_language(lang))))
                    continue
                expect = example_parts(snippet)[1] if label == "fail" else None
                unmet = _unmet(found, expect) if expect is not None else None
                ok = (not found if label == "pass" else bool(found)) and unmet is None
                outcomes.append(ExampleOutcome(rule, label, index, ok, found, error=unmet))
    return outcomes
