"""renja-rules: a rules-and-validation engine for Indonesian regional work plans.

The pipeline, one module per stage::

    loader (YAML + positions) -> plan/model (typed plan) -> rules (compile)
        -> engine (evaluate) -> violation -> report

Library use::

    import renja_rules
    plan = renja_rules.load_plan("examples/bersih/renja-bersih.yaml")
    rules = renja_rules.load_rules()          # the default rule set
    for v in renja_rules.check(plan, rules):  # list[Violation]
        print(v.file, v.line, v.rule_id, v.message)
"""

from __future__ import annotations

from .documents import link_documents
from .engine import check, check_set
from .errors import PlanError, RenjaRulesError, RuleError, SourceLocation
from .loader import Limits
from .pipeline import load_plan, load_plans
from .plan import Plan, parse_plan
from .rules import Rule, RuleSet, load_rules, parse_rules
from .violation import Violation

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "check",
    "check_set",
    "load_plan",
    "load_plans",
    "link_documents",
    "parse_plan",
    "load_rules",
    "parse_rules",
    "Plan",
    "Rule",
    "RuleSet",
    "Violation",
    "Limits",
    "RenjaRulesError",
    "PlanError",
    "RuleError",
    "SourceLocation",
]
