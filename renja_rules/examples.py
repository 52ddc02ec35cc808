"""Running a rule's own examples: PASS snippets must stay silent, FAIL snippets must fire.

A snippet is a plan (a mapping with ``dokumen``), or, for rules that relate documents,
``{set: [plan, plan, ...]}``: the plans form one document set and the first is the one
checked. The test-suite and ``renja-rules explain`` use the same snippets.
"""

from __future__ import annotations

from typing import Any

from .documents import link_documents
from .engine import check
from .loader import dump_yaml
from .plan import Plan, parse_plan
from .rules import Rule, RuleSet
from .violation import Violation

__all__ = ["example_plans", "run_example"]


def example_plans(snippet: dict[str, Any], name: str) -> list[Plan]:
    """The plan(s) of a snippet, linked as one set when there are several."""
    documents = snippet["set"] if set(snippet) == {"set"} else [snippet]
    plans = [parse_plan(dump_yaml(document), f"examples/{name}-{index}.yaml") for index, document in enumerate(documents)]
    if len(plans) > 1:
        link_documents(plans)
    return plans


def run_example(rule: Rule, snippet: dict[str, Any], name: str = "example") -> list[Violation]:
    """The violations of ``rule`` alone on the snippet's (first) plan."""
    plan = example_plans(snippet, name)[0]
    return [v for v in check(plan, RuleSet((rule,))) if v.rule_id == rule.id]
