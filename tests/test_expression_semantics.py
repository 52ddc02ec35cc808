"""What a rule expression means, spelled out, and the compiled closures held to it.

:func:`renja_rules.expression._compile` turns the tree into specialised closures (an ``and``
chain in one loop, a field read fused with its operator, ``default(field, constant)`` in one
call): faster, and easy to get subtly wrong around MISSING, damaged cells and division by
zero. :func:`meaning` below is the plain tree walk of the documented semantics; hypothesis
builds well-typed expressions over fields that are filled, empty (None) or damaged (the
lookup raises Unreadable), and every compiled expression must give what the walk gives,
raise what it raises, and read the cells it reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from renja_rules.expression import (
    MISSING, Binary, Bool, Call, DivisionByZero, Field, Num, Text, Unary, Unreadable, parse_expression,
)
from renja_rules.numbers import round_half_up

NUMERIC = [("a",), ("b",), ("c", "d")]
BOOLEAN = [("k",)]
TEXT = [("t",)]
CATALOGUE = {**{name: "uang" for name in NUMERIC}, **{name: "bool" for name in BOOLEAN},
             **{name: "text" for name in TEXT}}
DAMAGED = object()  # a cell the lookup refuses


def meaning(node: Any, lookup: Callable[[tuple[str, ...]], Any]) -> Any:  # complexity: the whole grammar, one case a line
    """The documented semantics: a missing operand makes MISSING (both sides still evaluated),
    ``and``/``or`` decide on a known left side, present() is true of a damaged cell."""
    if isinstance(node, (Num, Text, Bool)):
        return node.value
    if isinstance(node, Field):
        value = lookup(node.name)
        return MISSING if value is None else value
    if isinstance(node, Unary):
        inner = meaning(node.operand, lookup)
        if inner is MISSING:
            return MISSING
        return (not inner) if node.op == "not" else (-inner if node.op == "-" else inner)
    if isinstance(node, Binary) and node.op in ("and", "or"):
        first = meaning(node.left, lookup)
        if first is not MISSING and bool(first) == (node.op == "or"):
            return node.op == "or"
        second = meaning(node.right, lookup)
        return MISSING if first is MISSING or second is MISSING else bool(second)
    if isinstance(node, Binary):
        left, right = meaning(node.left, lookup), meaning(node.right, lookup)
        if left is MISSING or right is MISSING:
            return MISSING
        if node.op == "/" and right == 0:
            raise DivisionByZero()
        return {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
                "/": lambda: left / right, "==": lambda: left == right, "!=": lambda: left != right,
                "<": lambda: left < right, "<=": lambda: left <= right, ">": lambda: left > right,
                ">=": lambda: left >= right}[node.op]()
    assert isinstance(node, Call)
    if node.function == "present":
        try:
            value = lookup(node.args[0].name)
        except Unreadable:
            return True
        return value is not None and not (isinstance(value, str) and value.strip() in ("", "-"))
    values = [meaning(arg, lookup) for arg in node.args]
    if node.function == "default":
        return values[1] if values[0] is MISSING else values[0]
    if any(value is MISSING for value in values):
        return MISSING
    if node.function == "abs":
        return abs(values[0])
    if node.function == "round":
        return round_half_up(values[0], int(values[1]) if len(values) == 2 else 0)
    return min(values) if node.function == "min" else max(values)


# --- well-typed expressions -------------------------------------------------------------------

def _dotted(name: tuple[str, ...]) -> str:
    return ".".join(name)


_NUM_LEAF = st.one_of(st.sampled_from([_dotted(n) for n in NUMERIC]),
                      st.sampled_from(["0", "1", "2", "100", "0.5"]))


def _num(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from(["+", "-", "*", "/"]), inner),
        st.builds(lambda a: f"-{a}", inner),
        st.builds(lambda a: f"abs({a})", inner),
        st.builds(lambda a: f"round({a}, 1)", inner),
        st.builds(lambda f, a, b: f"{f}({a}, {b})", st.sampled_from(["min", "max"]), inner, inner),
        st.builds(lambda n, a: f"default({n}, {a})", st.sampled_from([_dotted(n) for n in NUMERIC]), inner),
    )


NUMBERS = st.recursive(_NUM_LEAF, _num, max_leaves=4)
_BOOL_LEAF = st.one_of(
    st.builds(lambda a, op, b: f"{a} {op} {b}", NUMBERS, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), NUMBERS),
    st.sampled_from(["k", "true", "false", "t == 'x'", "t != '-'"]),
    st.builds(lambda n: f"present({n})", st.sampled_from([_dotted(n) for n in NUMERIC + BOOLEAN + TEXT])),
)


def _bool(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Chains without parentheses (`a and b and c`, parsed left to right) and parenthesised sides.
    chain = st.lists(inner, min_size=2, max_size=4)
    return st.one_of(
        st.builds(lambda parts: " and ".join(parts), chain),
        st.builds(lambda parts: " or ".join(parts), chain),
        st.builds(lambda a, b: f"{a} and ({b})", inner, inner),
        st.builds(lambda a: f"not ({a})", inner),
        st.builds(lambda a: f"({a})", inner),
    )


CONDITIONS = st.recursive(_BOOL_LEAF, _bool, max_leaves=6)
_CELL = st.one_of(st.none(), st.just(DAMAGED), st.sampled_from([Decimal(0), Decimal(1), Decimal("2.5"), Decimal(-3)]))
PLANS = st.fixed_dictionaries({
    **{name: _CELL for name in NUMERIC},
    ("k",): st.one_of(st.none(), st.just(DAMAGED), st.booleans()),
    ("t",): st.one_of(st.none(), st.just(DAMAGED), st.sampled_from(["x", "-", " ", "y"])),
})


def _outcome(evaluate: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "value", evaluate()
    except DivisionByZero:
        return "raises", "DivisionByZero"
    except Unreadable:
        return "raises", "Unreadable"


def _reader(plan: dict[tuple[str, ...], Any], log: list[tuple[str, ...]]) -> Callable[[tuple[str, ...]], Any]:
    def lookup(name: tuple[str, ...]) -> Any:
        log.append(name)
        value = plan[name]
        if value is DAMAGED:
            raise Unreadable()
        return value

    return lookup


@settings(max_examples=400, deadline=None)
@given(source=st.one_of(CONDITIONS, NUMBERS), plan=PLANS)
def test_a_compiled_expression_means_what_the_tree_says(source: str, plan: dict[tuple[str, ...], Any]) -> None:
    expression = parse_expression(source, CATALOGUE, want=None)
    walked: list[tuple[str, ...]] = []
    compiled: list[tuple[str, ...]] = []
    expected = _outcome(lambda: meaning(expression.tree, _reader(plan, walked)))
    found = _outcome(lambda: expression._whole(_reader(plan, compiled)))
    assert found == expected, source
    assert type(found[1]) is type(expected[1]), source  # True is not Decimal(1), MISSING is MISSING
    assert compiled == walked, source  # the same cells, in the same order: nothing skipped or added


@settings(max_examples=200, deadline=None)
@given(source=CONDITIONS, plans=st.lists(PLANS, min_size=1, max_size=6))
def test_a_condition_holds_on_the_rows_where_the_tree_says_true(source: str, plans: list[dict[str, Any]]) -> None:
    # Expression.holding: a condition that cannot be judged (missing, damaged, x / 0) does not hold.
    expression = parse_expression(source, CATALOGUE)

    class Row:
        def __init__(self, plan: dict[tuple[str, ...], Any]) -> None:
            self.lookup = _reader(plan, [])

    rows = [Row(plan) for plan in plans]
    expected = [row for row in rows if _outcome(lambda: meaning(expression.tree, row.lookup)) == ("value", True)]
    assert expression.holding(rows) == expected, source
