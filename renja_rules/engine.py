"""Stage 4: running compiled rules over a plan. The walk and the dispatch, nothing more.

For each rule that applies to the document's kind, each node of the rule's level is
handed to the rule's kind (a level is walked in blocks of nodes, every rule over a block
before the next: see :func:`_check_level`); its findings are located in the file and put
into words in the reader's language. All arithmetic runs in one decimal context wide enough that
sums of any accepted cell stay exact.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from .errors import SourceLocation
from .gcpause import paused_gc
from .kinds import Finding, LineOf
from .loader import Path_
from .numbers import format_angka, format_uang
from .plan import Node, Plan
from .rules import Rule, RuleSet
from .violation import Violation

__all__ = ["check", "DECIMAL_PRECISION", "format_value"]

# Cells carry at most numbers.MAX_DIGITS significant digits; sums of millions of them
# need a few more. Division (percentages) is rounded by the rules themselves.
DECIMAL_PRECISION = 60

_LEVEL_NAMES = {
    "id": {
        "dokumen": "dokumen",
        "program": "program",
        "kegiatan": "kegiatan",
        "sub_kegiatan": "sub kegiatan",
        "indikator": "indikator",
    },
    "en": {
        "dokumen": "document",
        "program": "program",
        "kegiatan": "activity (kegiatan)",
        "sub_kegiatan": "sub-activity (sub kegiatan)",
        "indikator": "indicator",
    },
}


def check(plan: Plan, rules: RuleSet, *, lang: str = "id") -> list[Violation]:
    """Every violation of ``rules`` in ``plan``, sorted by position, messages in ``lang``."""
    with paused_gc():
        try:
            return _check(plan, rules, lang)
        finally:
            # The field values the rules read are kept on the nodes while the check runs (many
            # rules read the same cells) and dropped when it ends, once: now, while the
            # collector is paused, they are freed at once instead of being walked by the
            # collection that follows the pause (thousands per plan, millions in a big one).
            plan.forget_values()


def check_set(plans: list[Plan], rules: RuleSet, *, lang: str = "id") -> list[list[Violation]]:
    """Check plans as the document sets they form, as ``renja-rules check`` checks a folder.

    Plans of one folder, perangkat daerah and year see each other (cross-document rules
    such as XD003 compare Tabel 2.1 with Tabel 3.1); each plan's violations, in the order
    given. The plans stay linked afterwards (``plan.related``).
    """
    from .documents import link_documents  # documents imports plan only: no cycle

    link_documents(plans)
    results = [check(plan, rules, lang=lang) for plan in plans]
    for plan in plans:
        plan.forget_values()  # what a later plan's check read of an earlier one
    return results


# complexity: the engine's loop over rules and nodes, run for every plan; its branches are the phases of a check
def _check(plan: Plan, rules: RuleSet, lang: str) -> list[Violation]:
    violations: list[Violation] = []
    with decimal.localcontext() as context:
        context.prec = DECIMAL_PRECISION
        context.rounding = decimal.ROUND_HALF_UP
        for suppression in plan.suppressions.values():
            suppression.used.clear()  # a fresh judgement for every check
        late: list[Rule] = []
        by_rule: list[list[tuple[Rule, Node, Finding]]] = []  # each rule's findings, in the rules' order
        by_level: dict[str, list[tuple[Rule, list[tuple[Rule, Node, Finding]]]]] = {}
        for rule in rules.for_document(plan.jenis):
            if rule.kind.phase == "after_suppressions":
                late.append(rule)  # it judges the suppressions, so it runs after them
                continue
            if rule.kind.scope == "set" and len(plan.chain) < 2:
                continue  # a relation between documents, and the plan has no other (most plans)
            own: list[tuple[Rule, Node, Finding]] = []
            by_rule.append(own)
            by_level.setdefault(rule.level, []).append((rule, own))
        for level, level_rules in by_level.items():
            _check_level(plan, plan.nodes(level), level_rules)
        found = [entry for own in by_rule for entry in own]
        # Positions are looked up together, once per file, and only for what is reported.
        wanted: dict[int, tuple[Plan, list[Path_]]] = {id(plan): (plan, [])}
        for _, _, finding in found:
            if finding.at is None:
                wanted[id(plan)][1].append(finding.path)
            for extra in finding.extra.values():
                if isinstance(extra, LineOf):
                    wanted.setdefault(id(extra.plan), (extra.plan, []))[1].append(extra.path)
        for located, paths in wanted.values():
            # Suppressions ask for the lines of enclosing items: only then are parents placed too.
            located.prepare_locations(paths, parents=bool(located.suppressions))
        violations = [_violation(rule, node, plan, finding, lang) for rule, node, finding in found]
        if plan.suppressions:
            violations = _suppress(plan, violations)
            root = plan.nodes("dokumen")[0]
            for rule in late:
                for finding in rule.kind.check(rule.params, root, plan):
                    violations.append(_violation(rule, root, plan, finding, lang))
    violations.sort(key=Violation.sort_key)
    return violations


# Nodes of a level checked together: a block's objects stay in the processor's caches
# while every rule reads them (measured: 128 rows, bench/README).
BLOCK = 128


def _check_level(plan: Plan, nodes: list[Node],
                 level_rules: list[tuple[Rule, list[tuple[Rule, Node, Finding]]]]) -> None:
    """The rules of one level over its nodes, a block of nodes at a time; each rule's findings into its own list.

    Rule by rule over each block: each rule's call sites see one function, which Python's
    specialising interpreter caches, and the block's objects stay in the processor's caches
    while every rule reads them. Rule by rule over a whole level of 100,000 rows walked its
    1.3 GB once per rule and missed those caches at every row (node by node, every rule on
    a node, kept the caches but cost small plans 5-9%: a different function at each call).
    A kind sees its nodes in the plan's order either way, and judges each on its own (a
    ``check_nodes`` kind too: see renja_rules.kinds.base.per_node). A level of up to
    ``BLOCK`` nodes is one block.
    """
    checks = [(rule.when.holding if rule.when is not None else None, rule.kind.check_nodes, rule.kind.check,
               rule.params, own, rule) for rule, own in level_rules]
    for start in range(0, len(nodes), BLOCK):
        block = nodes[start:start + BLOCK] if len(nodes) > BLOCK else nodes
        for holding, check_nodes, kind_check, params, own, rule in checks:
            held = holding(block) if holding is not None else block
            if check_nodes is not None:
                own.extend((rule, node, finding) for node, finding in check_nodes(params, held, plan))
                continue
            for node in held:
                for finding in kind_check(params, node, plan):
                    own.append((rule, node, finding))


def _suppress(plan: Plan, violations: list[Violation]) -> list[Violation]:
    """Drop violations silenced by a comment on their line or on the first line of an enclosing item."""
    kept = []
    for violation in violations:
        lines = {violation.line}
        parts = [int(part) if part.isdigit() else part for part in violation.path.strip("/").split("/") if part]
        for size in range(1, len(parts) + 1):
            if isinstance(parts[size - 1], int):
                position = plan.position(tuple(parts[:size]))
                if position is not None:
                    lines.add(position[0])
        silenced = False
        for line in lines:
            suppression = plan.suppressions.get(line)  # type: ignore[arg-type]
            if suppression is not None and suppression.covers(violation.rule_id):
                suppression.used.update(prefix for prefix in suppression.ids if violation.rule_id.startswith(prefix))
                silenced = True
        if not silenced:
            kept.append(violation)
    return kept


def format_value(value: Decimal | str | None, kind: str, lang: str) -> str:
    """A value as a reader expects it: rupiah, a number or a percentage in their notation."""
    if value is None:
        return "(kosong)" if lang == "id" else "(empty)"
    if isinstance(value, Decimal):
        if kind == "uang":
            return format_uang(value, lang)
        if kind == "persen":
            return format_angka(value, lang) + "%"
        return format_angka(value, lang)
    return str(value)


def _canonical(value: Decimal | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# complexity: turns every finding into a located violation (placeholders, notation, fix); run per finding
def _violation(rule: Rule, node: Node, plan: Plan, finding: Finding, lang: str) -> Violation:
    where = plan.locate(finding.path)
    if finding.at is not None:
        where = SourceLocation(plan.file, *finding.at)
    expected, actual = finding.expected, finding.actual
    diff = ""
    if isinstance(expected, Decimal) and isinstance(actual, Decimal):
        diff = format_value(actual - expected, finding.value_kind, lang)
    values = {
        "kode": node.kode or "",
        "nama": _nama(node),
        "item": f"{_LEVEL_NAMES[lang][node.level]} {node.label}".strip(),
        "field": finding.field or "",
        "expected": format_value(expected, finding.value_kind, lang),
        "actual": format_value(actual, finding.value_kind, lang),
        "diff": diff,
        "teks": str(actual) if actual is not None else "",
    }
    for key, extra in finding.extra.items():
        if isinstance(extra, Decimal):
            values[key] = format_value(extra, "angka", lang)
        elif isinstance(extra, LineOf):
            there = extra.plan.locate(extra.path)
            cell = _cell_of(extra.plan, there, extra.path)
            # A table's row is a line of its sheet: name the sheet and cell there.
            values[key] = extra.prefix + (f"{cell['sheet']}!{cell['cell']}" if cell.get("cell") else str(there.line))
        elif isinstance(extra, dict):
            values[key] = extra.get(lang) or extra.get("id", "")
        else:
            values[key] = extra
    template = getattr(rule.message, lang if lang in ("id", "en") else "id")
    message = template.format_map(_Defaults(values))
    kode = node.kode
    if kode is None and finding.path:
        # A document-level rule that points into an item (a duplicate code, a header) names it.
        item = plan.item_at(finding.path)
        kode = item.kode if item is not None else None
    return Violation(
        rule_id=rule.id,
        severity=rule.severity,
        message=message,
        file=plan.file,
        line=where.line,
        column=where.column,
        kode=kode,
        level=node.level,
        field=finding.field,
        expected=_canonical(expected),
        actual=_canonical(actual),
        path="/" + "/".join(str(part) for part in finding.path),
        fix=rule.fix if finding.replacement is not None else None,
        replacement=_canonical(finding.replacement) if rule.fix else None,
        **_cell_of(plan, where, finding.path),
    )


def _nama(node: Node) -> str:
    item = node.parent if node.level == "indikator" and node.parent is not None else node
    return getattr(item.obj, "nama", None) or ""


class _Defaults(dict):  # type: ignore[type-arg]
    """Placeholders a finding did not fill read as empty instead of failing."""

    def __missing__(self, key: str) -> str:
        return ""


def _cell_of(plan: Plan, where: SourceLocation, path: Path_) -> dict[str, str | None]:
    """Sheet and A1 cell of a position in a plan read from a spreadsheet; nothing for YAML."""
    if plan.sheet is None:
        return {}
    from .readers.grid import column_letter

    probe = tuple(path)
    while probe and probe not in plan.sheets:
        probe = probe[:-1]
    sheet = plan.sheets.get(probe, plan.sheet) if probe else plan.sheet
    cell = f"{column_letter(where.column)}{where.line}" if where.line and where.column else None
    return {"sheet": sheet, "cell": cell}
