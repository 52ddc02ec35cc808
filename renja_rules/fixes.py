"""``--fix``: rewrite stated values that have exactly one right answer, and nothing else.

A rule declares ``fix: safe`` when its stated cell follows from the others alone
(selisih, achievement percentages, cumulative realisation, predikat, declared counts)
and ``fix: unsafe`` when the fault may lie elsewhere (a sum: which child is wrong?).
The kind supplies the value the cell must hold (``Violation.replacement``).

The file is edited as text, one scalar at a time, at the exact span YAML reports for
that value: comments, key order, quoting, line ends and the Indonesian number style of
each cell stay as they were (``"(3.223.000,00)"`` stays in parentheses, ``"161,27 %"``
keeps its unit). Fixing one cell can make another fixable (a corrected cumulative value
changes the Renstra achievement), so fixing repeats until nothing safe is left.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import yaml

from .numbers import format_angka
from .pipeline import check_plans
from .plan import Plan, parse_plan
from .rules import RuleSet
from .violation import Violation

__all__ = ["Edit", "FixResult", "fix_text", "render_replacement", "unified_diff", "MAX_PASSES"]

MAX_PASSES = 5

_NUMBER_HEAD = re.compile(r"^(\(?[-+−]?)([\d.,]+)(\)?)(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Edit:
    """One rewritten cell."""

    rule_id: str
    line: int
    column: int
    old: str
    new: str


@dataclass(slots=True)
class FixResult:
    """The fixed text and what changed to get there."""

    text: str
    edits: list[Edit]


def _node_at(root: yaml.Node, path: tuple[str | int, ...]) -> yaml.Node | None:
    node: yaml.Node | None = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _decimals(number: str, decimal_mark: str) -> int:
    return len(number.rsplit(decimal_mark, 1)[1]) if decimal_mark in number else 0


def render_replacement(old: str, value: str) -> str:
    """The new cell text for ``value`` (canonical), written the way ``old`` was written.

    Numbers keep the cell's notation: Indonesian separators, the number of decimals,
    parentheses for negatives, and any unit after the number. Text (a predikat) is
    written as it is.
    """
    try:
        number = Decimal(value)
    except ArithmeticError:
        return value
    match = _NUMBER_HEAD.match(old.strip())
    if match is None:
        return format_angka(number, "id")
    sign, digits, closing, rest = match.groups()
    # "104.76 %" uses a decimal point; "1.234.567,00" and "63,28" the Indonesian comma.
    dot_decimal = "," not in digits and re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}", digits) is not None
    places = _decimals(digits, "." if dot_decimal else ",")
    places = max(places, max(0, -number.as_tuple().exponent) if number != number.to_integral_value() else 0)
    text = format_angka(abs(number), "id", places=places)
    if dot_decimal:
        text = text.replace(".", "").replace(",", ".")
    elif "." not in digits and "," not in digits and number == number.to_integral_value():
        text = text.replace(".", "")  # "1350 Orang" was written without thousands dots
    if number < 0:
        text = f"({text})" if sign.startswith("(") else f"-{text}"
    return text + rest


def _plain_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _token(node: yaml.ScalarNode, new: str) -> str:
    if not node.style and node.tag.endswith((":int", ":float")) and _NUMBER_HEAD.match(new) \
            and not _plain_number(new):
        # An unquoted YAML number becomes Indonesian text ("750.000,00"): quoted, as plan files write money.
        return '"' + new + '"'
    if node.style == '"':
        return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if node.style == "'":
        return "'" + new.replace("'", "''") + "'"
    if re.search(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$", new):
        return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return new


def _edits(text: str, violations: Iterable[Violation], allowed: set[str]) -> list[tuple[int, int, str, Edit]]:
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    planned: dict[tuple[int, int], tuple[int, int, str, Edit]] = {}
    for violation in violations:
        if violation.fix not in allowed or violation.replacement is None:
            continue
        path = tuple(int(part) if part.isdigit() else part for part in violation.path.strip("/").split("/"))
        node = _node_at(root, path) if root is not None else None
        if node is None and root is not None and path and isinstance(path[-1], str):
            insertion = _insertion(text, root, path, violation)  # a cell the plan left out
            if insertion is not None:
                planned.setdefault((insertion[0], insertion[1]), insertion)
            continue
        if not isinstance(node, yaml.ScalarNode):
            continue
        new_value = render_replacement(node.value, violation.replacement)
        if new_value == node.value:
            continue
        start, end = node.start_mark.index, node.end_mark.index
        edit = Edit(violation.rule_id, node.start_mark.line + 1, node.start_mark.column + 1, node.value, new_value)
        planned.setdefault((start, end), (start, end, _token(node, new_value), edit))
    return sorted(planned.values(), key=lambda item: item[0], reverse=True)


def _insertion(text: str, root: yaml.Node, path: tuple[str | int, ...],
               violation: Violation) -> tuple[int, int, str, Edit] | None:
    """Write a missing key into its item: ``selisih: "(500.000,00)"`` as the item's last key.

    The value is written like the item's pagu (Indonesian separators, decimals), in double
    quotes as plan files write money, a negative in parentheses where the file writes them
    so. Only into a mapping that exists; a block mapping gets a line of its own at the
    indentation of its keys, after the last key's line (and its comment); a flow mapping
    gets ``, key: value`` before its closing brace.
    """
    parent = _node_at(root, path[:-1])
    if not isinstance(parent, yaml.MappingNode) or not parent.value or violation.replacement is None:
        return None
    new_value = _written_like_pagu(text, parent, violation.replacement)
    entry = f'{path[-1]}: "{new_value}"'
    if parent.flow_style:
        at = parent.end_mark.index - 1  # the closing brace
        if text[at:at + 1] != "}":
            return None
        token, line, column = f", {entry}", parent.end_mark.line + 1, parent.end_mark.column
    else:
        at, token, line, column = _block_insertion(text, parent, entry)
    edit = Edit(violation.rule_id, line, column, "", new_value)
    return at, at, token, edit


def _written_like_pagu(text: str, item: yaml.MappingNode, replacement: str) -> str:
    """``replacement`` in the notation of the item's pagu, a negative in parentheses where the file writes them so."""
    model = next((value.value for key, outer in item.value if key.value in ("sesudah", "sebelum")
                  and isinstance(outer, yaml.MappingNode)
                  for name, value in outer.value if name.value == "pagu" and isinstance(value, yaml.ScalarNode)), "")
    new_value = render_replacement(model, replacement) if model else replacement
    if new_value.startswith("-") and '"(' in text:
        new_value = f"({new_value[1:]})"
    return new_value


def _block_insertion(text: str, item: yaml.MappingNode, entry: str) -> tuple[int, str, int, int]:
    """Where and what to write for ``entry`` as the last key of a block mapping: offset, text, line, column."""
    indent = item.value[0][0].start_mark.column
    at = item.value[-1][1].end_mark.index
    if at > 0 and text[at - 1] == "\n":  # a nested block ended at the start of the next line
        token = " " * indent + entry + "\n"
    else:
        newline = text.find("\n", at)
        at = len(text) if newline < 0 else newline
        if at > 0 and text[at - 1] == "\r":
            at -= 1
        ending = "\r\n" if text[at:at + 2] == "\r\n" else "\n"
        token = ending + " " * indent + entry
    return at, token, text.count("\n", 0, at) + 2, indent + 1


def fix_text(
    text: str, file: str, rules: RuleSet, *, unsafe: bool = False, related: Iterable[Plan] = ()
) -> FixResult:
    """Apply safe (and, with ``unsafe``, unsafe) fixes to a plan's text until none is left.

    ``related`` are the other plans of the document set, for rules that compare documents.
    Raises :class:`~renja_rules.errors.PlanError` if ``text`` is not a valid plan.
    """
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    others = list(related)
    applied: list[Edit] = []
    for _ in range(MAX_PASSES):
        plan = parse_plan(text, file)
        [(_, _, found)] = check_plans([(0, plan, rules)], "id", related=others)
        edits = _edits(text, found, allowed)
        if not edits:
            break
        for start, end, token, edit in edits:
            text = text[:start] + token + text[end:]
            applied.append(edit)
    return FixResult(text, applied)


def unified_diff(old: str, new: str, file: str) -> str:
    """A unified diff of a fix, as ``--diff`` prints it."""
    name = Path(file).as_posix()
    # git's a/ and b/ prefixes for a relative path (`git apply` takes it); an absolute path as given.
    before, after = (name, name) if Path(file).is_absolute() else (f"a/{name}", f"b/{name}")
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), before, after))
