"""Safe arithmetic expressions for rules: a whitelisting parser and a ``Decimal`` evaluator.

Rules are data. An expression such as ``selisih == sesudah.pagu - sebelum.pagu`` is
tokenised and parsed here by a small recursive-descent parser that knows only:

- numbers (``100``, ``0.5``), text in single quotes (``'ST'``), ``true``/``false``;
- field names of the plan, dotted (``sesudah.pagu``), checked against the catalogue of
  the level the rule applies to when the rule is compiled;
- ``+ - * /``, comparisons ``== != < <= > >=``, ``and or not``, parentheses;
- the functions ``abs``, ``round``, ``min``, ``max``, ``present(field)`` and
  ``default(field, value)`` (the value when the field is empty, e.g. a new row's "-").

Nothing else parses: no attribute access beyond plan fields, no indexing, no calls of
other names, no lambdas or comprehensions; length and nesting are bounded. Nothing
is ever handed to Python's ``eval``. Arithmetic is exact ``Decimal``; a missing
operand makes the whole result :data:`MISSING`, and division by zero raises
:class:`DivisionByZero` so the rule can apply its declared outcome.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any, Callable, NamedTuple, Union

from .numbers import MAX_DIGITS as NUMBER_MAX_DIGITS
from .numbers import round_half_up

__all__ = [
    "ExpressionError",
    "DivisionByZero",
    "Unreadable",
    "MISSING",
    "Expression",
    "parse_expression",
    "MAX_LENGTH",
    "MAX_DEPTH",
]

MAX_LENGTH = 1000
MAX_DEPTH = 24
MAX_TOKENS = 300
MAX_DIGITS = NUMBER_MAX_DIGITS  # a number written in a rule is bounded like a number in a cell

FUNCTIONS = {"abs": (1, 1), "round": (1, 2), "min": (2, 8), "max": (2, 8), "present": (1, 1), "default": (2, 2)}
KEYWORDS = {"and", "or", "not", "true", "false"}


class ExpressionError(Exception):
    """An expression that is not allowed or not well-formed; ``offset`` is 0-based in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class DivisionByZero(Exception):
    """Raised while evaluating ``x / 0``; the rule decides what that means."""


class Unreadable(Exception):
    """Raised by a lookup for a damaged cell: the expression cannot be judged, not even by default()."""


class _Missing:
    """A value that is absent from the plan; arithmetic on it stays missing."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()
Value = Union[Decimal, str, bool, _Missing]

# --- tokens ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<text>'[^'\\\n]{0,200}')
  | (?P<op>==|!=|<=|>=|[-+*/<>(),])
    """,
    re.VERBOSE,
)


class _Token(NamedTuple):
    kind: str
    text: str
    offset: int


def _tokenize(source: str) -> list[_Token]:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            if source[position] == "'":
                raise ExpressionError("text in quotes is not closed, or longer than 200 characters", position)
            raise ExpressionError(f"character {source[position]!r} is not allowed in an expression", position)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    if len(tokens) > MAX_TOKENS:
        raise ExpressionError(f"expression has more than {MAX_TOKENS} tokens", 0)
    tokens.append(_Token("end", "", len(source)))
    return tokens


# --- syntax tree ----------------------------------------------------------------------
# Named tuples, not frozen dataclasses: immutable alike, and defined in a tenth of the time (every
# start of the command imports this module: the eight classes cost ~3 ms as dataclasses).


class Num(NamedTuple):
    value: Decimal


class Text(NamedTuple):
    value: str


class Bool(NamedTuple):
    value: bool


class Field(NamedTuple):
    name: tuple[str, ...]
    offset: int


class Unary(NamedTuple):
    op: str
    operand: Node


class Binary(NamedTuple):
    op: str
    left: Node
    right: Node


class Call(NamedTuple):
    function: str
    args: tuple[Node, ...]


Node = Union[Num, Text, Bool, Field, Unary, Binary, Call]

_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.token.text != text:
            raise ExpressionError(f"expected {text!r}, found {self.token.text or 'end of expression'!r}", self.token.offset)
        self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression nested deeper than {MAX_DEPTH}", self.token.offset)

    def parse(self) -> Node:
        node = self.disjunction()
        if self.token.kind != "end":
            raise ExpressionError(f"unexpected {self.token.text!r}", self.token.offset)
        return node

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.token.text == "or":
            self.take()
            node = Binary("or", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.token.text == "and":
            self.take()
            node = Binary("and", node, self.negation())
        return node

    def negation(self) -> Node:
        if self.token.text == "not":
            self.take()
            self.enter()
            node = Unary("not", self.negation())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        node = self.additive()
        if self.token.text in _COMPARISONS:
            op = self.take().text
            node = Binary(op, node, self.additive())
            if self.token.text in _COMPARISONS:
                raise ExpressionError("chained comparisons are not allowed; use 'and'", self.token.offset)
        return node

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.token.text in ("+", "-"):
            op = self.take().text
            node = Binary(op, node, self.multiplicative())
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.token.text in ("*", "/"):
            op = self.take().text
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.token.text in ("-", "+"):
            op = self.take().text
            self.enter()
            node = Unary(op, self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if token.kind == "number":
            self.take()
            if len(token.text.replace(".", "")) > MAX_DIGITS:
                raise ExpressionError(f"number {token.text[:12]}… has more than {MAX_DIGITS} digits", token.offset)
            return Num(Decimal(token.text))
        if token.kind == "text":
            self.take()
            return Text(token.text[1:-1])
        if token.text == "(":
            self.take()
            self.enter()
            node = self.disjunction()
            self.depth -= 1
            self.expect(")")
            return node
        if token.kind == "name":
            self.take()
            if token.text in ("true", "false"):
                return Bool(token.text == "true")
            if token.text in KEYWORDS:
                raise ExpressionError(f"unexpected {token.text!r}", token.offset)
            if self.token.text == "(":
                return self.call(token)
            if any(part.startswith("_") for part in token.text.split(".")):
                raise ExpressionError(f"{token.text!r} is not a field of the plan", token.offset)
            return Field(tuple(token.text.split(".")), token.offset)
        raise ExpressionError(f"unexpected {token.text or 'end of expression'!r}", token.offset)

    def call(self, name: _Token) -> Node:
        if name.text not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"function {name.text!r} is not allowed (allowed: {allowed})", name.offset)
        self.expect("(")
        self.enter()
        args: list[Node] = []
        if self.token.text != ")":
            args.append(self.disjunction())
            while self.token.text == ",":
                self.take()
                args.append(self.disjunction())
        self.depth -= 1
        self.expect(")")
        low, high = FUNCTIONS[name.text]
        if not low <= len(args) <= high:
            raise ExpressionError(f"{name.text}() takes {low}..{high} arguments, got {len(args)}", name.offset)
        if name.text in ("present", "default") and not isinstance(args[0], Field):
            raise ExpressionError(f"{name.text}() takes a field name first", name.offset)
        if name.text == "round" and len(args) == 2 and not (
            isinstance(args[1], Num) and args[1].value == args[1].value.to_integral_value() and args[1].value <= MAX_DIGITS
        ):
            raise ExpressionError(
                f"round()'s number of places must be a whole literal number from 0 to {MAX_DIGITS}", name.offset
            )
        return Call(name.text, tuple(args))


# --- types, checked when the rule is compiled ----------------------------------------

_NUMERIC_KINDS = {"uang", "nilai", "angka"}


def _type_of(node: Node, fields: dict[tuple[str, ...], str]) -> str:
    """'num', 'text' or 'bool'; raises ExpressionError for unknown fields and type mistakes."""
    if isinstance(node, Num):
        return "num"
    if isinstance(node, Text):
        return "text"
    if isinstance(node, Bool):
        return "bool"
    if isinstance(node, Field):
        kind = fields.get(node.name)
        if kind is None:
            raise ExpressionError(f"{'.'.join(node.name)!r} is not a field of the plan at this level", node.offset)
        return "num" if kind in _NUMERIC_KINDS else ("bool" if kind == "bool" else "text")
    if isinstance(node, Unary):
        return _unary_type(node, fields)
    if isinstance(node, Binary):
        return _binary_type(node, fields)
    if isinstance(node, Call):
        return _call_type(node, fields)
    raise ExpressionError("unsupported expression")  # pragma: no cover


def _unary_type(node: Unary, fields: dict[tuple[str, ...], str]) -> str:
    inner = _type_of(node.operand, fields)
    if node.op == "not":
        return "bool"
    if inner != "num":
        raise ExpressionError(f"'{node.op}' needs a number", _offset(node))
    return "num"


def _binary_type(node: Binary, fields: dict[tuple[str, ...], str]) -> str:
    left, right = _type_of(node.left, fields), _type_of(node.right, fields)
    if node.op in ("and", "or"):
        return "bool"
    if node.op in ("==", "!="):
        if left != right:
            raise ExpressionError(f"cannot compare {left} with {right}", _offset(node))
        return "bool"
    if left != "num" or right != "num":
        raise ExpressionError(f"'{node.op}' needs numbers", _offset(node))
    return "bool" if node.op in _COMPARISONS else "num"


def _call_type(node: Call, fields: dict[tuple[str, ...], str]) -> str:
    if node.function == "present":
        _type_of(node.args[0], fields)
        return "bool"
    for arg in node.args:
        if _type_of(arg, fields) != "num":
            raise ExpressionError(f"{node.function}() needs numbers", _offset(node))
    return "num"


def _offset(node: Node) -> int:
    if isinstance(node, Field):
        return node.offset
    for child in _children(node):
        return _offset(child)
    return 0


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def _fields_of(node: Node) -> list[tuple[str, ...]]:
    if isinstance(node, Field):
        return [node.name]
    found: list[tuple[str, ...]] = []
    for child in _children(node):
        found.extend(_fields_of(child))
    return found


# --- evaluation -------------------------------------------------------------------------

Lookup = Callable[[tuple[str, ...]], "Decimal | str | bool | None"]


Compiled = Callable[[Lookup], Value]


def _compile(node: Node) -> Compiled:
    """The tree as nested closures: a rule runs on every row, so the tree is walked once, here.

    Semantics, for every node kind: a missing operand makes the result MISSING (after both
    operands were evaluated, so a division by zero on either side still raises), ``and`` and
    ``or`` short-circuit on a known left side, division by zero raises DivisionByZero.
    """
    if isinstance(node, (Num, Text, Bool)):
        return _Constant(node.value)
    if isinstance(node, Field):
        return _compile_field(node.name)
    if isinstance(node, Unary):
        return _compile_unary(node.op, _compile(node.operand))
    if isinstance(node, Binary):
        if node.op == "and":
            return _compile_conjunction(_conjuncts(node))
        return _compile_binary(node.op, _compile(node.left), _compile(node.right),
                               _field_name(node.left), _field_name(node.right))
    if isinstance(node, Call):
        return _compile_call(node)
    raise ExpressionError("unsupported expression")  # pragma: no cover


class _Constant:
    """A constant of an expression: called like any compiled node, and seen as a constant by the
    nodes above it (a comparison or default() with a constant side reads it once, when compiled)."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    def __call__(self, lookup: Lookup) -> Value:
        return self.value


def _constant_of(compiled: Compiled) -> Value | None:
    return compiled.value if isinstance(compiled, _Constant) else None


def _compile_field(name: tuple[str, ...]) -> Compiled:
    def read(lookup: Lookup) -> Value:
        value = lookup(name)
        return MISSING if value is None else value

    return read


def _compile_unary(op: str, operand: Compiled) -> Compiled:
    def unary(lookup: Lookup) -> Value:
        inner = operand(lookup)
        if inner is MISSING:
            return MISSING
        if op == "not":
            return not inner
        return -inner if op == "-" else inner  # type: ignore[operator]

    return unary


def _divide(left: Any, right: Any) -> Any:
    if right == 0:
        raise DivisionByZero()
    return left / right


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide,
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def _field_name(node: Node) -> tuple[str, ...] | None:
    return node.name if isinstance(node, Field) else None


def _conjuncts(node: Binary) -> list[Node]:
    """``a and b and c`` (parsed as ``(a and b) and c``) as ``[a, b, c]``; a parenthesised
    right side stays one part."""
    parts: list[Node] = []
    while isinstance(node, Binary) and node.op == "and":
        parts.append(node.right)
        node = node.left  # type: ignore[assignment]
    parts.append(node)
    return parts[::-1]


def _compile_conjunction(nodes: list[Node]) -> Compiled:
    """A chain of ``and`` in one loop: what the nested pairs gave, with one call instead of one a pair.

    A known false part ends it (False) unless a part before it was missing; then every
    part is still evaluated (a division by zero still raises) and the result is MISSING.
    """
    parts = tuple(_compile(node) for node in nodes)

    def conjunction(lookup: Lookup) -> Value:
        missing = False
        for part in parts:
            value = part(lookup)
            if value is MISSING:
                missing = True
            elif not value and not missing:
                return False
        return MISSING if missing else True

    return conjunction


# complexity: one specialised closure per shape (field or constant on either side), as compiled once
def _compile_binary(op: str, left: Compiled, right: Compiled,
                    left_field: tuple[str, ...] | None = None, right_field: tuple[str, ...] | None = None) -> Compiled:
    if op == "or":
        def disjunction(lookup: Lookup) -> Value:
            first = left(lookup)
            if first is not MISSING and first:
                return True
            second = right(lookup)
            return MISSING if first is MISSING or second is MISSING else bool(second)

        return disjunction
    apply = _OPERATORS[op]
    constant = _constant_of(right)
    # A field read in the same closure as the operator: the most frequent shapes in the rule
    # set (`sebelum.pagu > 0`, `sesudah.target != sebelum.target`) make one call, not two or three.
    if constant is not None and left_field is not None:
        def field_constant(lookup: Lookup) -> Value:
            first = lookup(left_field)
            if first is None:
                return MISSING
            return apply(first, constant)  # type: ignore[no-any-return]

        return field_constant
    if left_field is not None and right_field is not None:
        def field_field(lookup: Lookup) -> Value:
            first = lookup(left_field)
            second = lookup(right_field)
            if first is None or second is None:
                return MISSING
            return apply(first, second)  # type: ignore[no-any-return]

        return field_field
    if constant is not None:  # `sebelum.pagu > 0`, `x * 100`: the constant is not called for on every row
        def binary_constant(lookup: Lookup) -> Value:
            first = left(lookup)
            if first is MISSING:
                return MISSING
            return apply(first, constant)  # type: ignore[no-any-return]

        return binary_constant

    def binary(lookup: Lookup) -> Value:
        first = left(lookup)
        second = right(lookup)
        if first is MISSING or second is MISSING:
            return MISSING
        return apply(first, second)  # type: ignore[no-any-return]

    return binary


def _compile_call(node: Call) -> Compiled:
    function = node.function
    if function == "present":
        argument = node.args[0]
        assert isinstance(argument, Field)
        name = argument.name

        def present(lookup: Lookup) -> Value:
            try:
                value = lookup(name)
            except Unreadable:
                return True  # a damaged cell is filled in, only badly
            return value is not None and not (isinstance(value, str) and value.strip() in ("", "-"))

        return present
    args = tuple(_compile(arg) for arg in node.args)
    if function == "default":
        first, fallback = args
        constant = _constant_of(fallback)
        field_name = _field_name(node.args[0])
        if constant is not None and field_name is not None:  # default(sesudah.pagu, 0): the usual form
            def default_field(lookup: Lookup) -> Value:
                value = lookup(field_name)
                return constant if value is None else value

            return default_field
        if constant is not None:
            def default_constant(lookup: Lookup) -> Value:
                value = first(lookup)
                return constant if value is MISSING else value

            return default_constant

        def default(lookup: Lookup) -> Value:
            value, other = first(lookup), fallback(lookup)
            return other if value is MISSING else value

        return default

    def call(lookup: Lookup) -> Value:
        values = [arg(lookup) for arg in args]
        if any(value is MISSING for value in values):
            return MISSING
        return _apply(function, values)

    return call


def _apply(function: str, args: list[Any]) -> Value:
    if function == "abs":
        return abs(args[0])  # type: ignore[no-any-return]
    if function == "round":
        return round_half_up(args[0], int(args[1]) if len(args) == 2 else 0)
    if function == "min":
        return min(args)  # type: ignore[no-any-return]
    return max(args)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Expression:
    """A compiled expression: its text, its tree, and the fields it reads."""

    source: str
    tree: Node
    fields: tuple[tuple[str, ...], ...]
    # Derived from the tree once, when the rule is compiled (see __post_init__).
    is_comparison: bool = dataclass_field(init=False)
    left_is_field: bool = dataclass_field(init=False)
    stated_field: tuple[str, ...] | None = dataclass_field(init=False)
    _whole: Compiled = dataclass_field(init=False, repr=False, compare=False)
    _left: Compiled | None = dataclass_field(init=False, repr=False, compare=False)
    _right: Compiled | None = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tree = self.tree
        comparison = isinstance(tree, Binary) and tree.op in _COMPARISONS
        left_is_field = isinstance(tree, Binary) and isinstance(tree.left, Field)
        if left_is_field:
            stated: tuple[str, ...] | None = tree.left.name  # type: ignore[union-attr]
        else:
            names = _fields_of(tree)
            stated = names[0] if names else None
        set_ = object.__setattr__  # frozen: derived fields are set once, here
        set_(self, "is_comparison", comparison)
        set_(self, "left_is_field", left_is_field)
        set_(self, "stated_field", stated)
        set_(self, "_whole", _compile(tree))
        set_(self, "_left", _compile(tree.left) if comparison else None)  # type: ignore[union-attr]
        set_(self, "_right", _compile(tree.right) if comparison else None)  # type: ignore[union-attr]

    def evaluate(self, lookup: Lookup) -> Value:
        """The value of the whole expression; MISSING if a field it needs is absent or damaged."""
        try:
            return self._whole(lookup)
        except Unreadable:
            return MISSING

    def holding(self, nodes: list[Any]) -> list[Any]:
        """The nodes on which this condition holds (a rule's ``when``), read through each node's ``lookup``.

        A condition that cannot be judged (a field missing or damaged, a division by zero)
        does not hold. One loop here instead of a call per node: conditions run on every row.
        """
        whole = self._whole
        held = []
        for node in nodes:
            try:
                result = whole(node.lookup)
            except (Unreadable, DivisionByZero):
                continue
            if result is not MISSING and result:
                held.append(node)
        return held

    def sides(self, lookup: Lookup) -> tuple[Value, Value]:
        """For a comparison, the values of its left (stated) and right (expected) sides."""
        assert self._left is not None and self._right is not None
        try:
            return self._left(lookup), self._right(lookup)
        except Unreadable:
            return MISSING, MISSING

    @property
    def operator(self) -> str:
        assert isinstance(self.tree, Binary)
        return self.tree.op


def parse_expression(
    source: str, fields: dict[tuple[str, ...], str], *, want: str | None = "bool"
) -> Expression:
    """Parse and type-check ``source`` against the field catalogue of a level.

    ``want`` is the type the whole expression must have (``bool`` for assertions and
    conditions, ``num`` for a computed value, ``None`` for any).
    """
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("expression is empty", 0)
    tree = _Parser(source).parse()
    kind = _type_of(tree, fields)
    if want is not None and kind != want:
        raise ExpressionError(f"expression must give a {want}, it gives a {kind}", 0)
    return Expression(source, tree, tuple(dict.fromkeys(_fields_of(tree))))
