"""What every rule kind shares: its declaration (:class:`Kind`) and what it yields (:class:`Finding`).

A rule kind is one small generator function ``check(params, node, plan)`` that yields
findings, in the manner of jsonschema's keyword functions and yamllint's rules: it sees
the rule's compiled parameters, never the rule itself (its ID, severity and messages are
the engine's business). A kind that runs on every indicator row of every plan may instead
be written as ``check_nodes(params, nodes, plan)``, returning ``(node, finding)`` pairs for
many nodes of a level in one call (the engine hands it a block of the level at a time,
``engine.BLOCK`` nodes, so it must judge each node on its own; its per-node ``check`` is
derived from it, see :func:`per_node`). The required
kind is: its six default rules, called per row, cost about a tenth of a check (measured on
generated plans; the expression kind, measured the same way, gained nothing). Its
parameters are declared as a pydantic model, so a rule file with a missing or wrong
parameter is refused when it is loaded, at the parameter's own line and column.

What ``compile`` makes of the validated parameters is a ``NamedTuple``: it is the engine's
own output and needs no validation, and as pydantic models the compiled parameters cost
about 12 ms of every start of the command (schemas built for fields that hold compiled
expressions and patterns; measured).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal

from pydantic import BaseModel, ConfigDict

from ..loader import Path_

if TYPE_CHECKING:
    from ..plan import Node, Plan

__all__ = ["Kind", "Finding", "LineOf", "Params", "CompileError", "COMMON_PLACEHOLDERS", "per_node", "rows_under"]

# Placeholders every message may use; a kind adds its own in Kind.placeholders.
COMMON_PLACEHOLDERS = frozenset({"kode", "nama", "item", "field", "expected", "actual", "diff", "teks"})


class Params(BaseModel):
    """Base of every kind's parameter model: unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CompileError(Exception):
    """A parameter that is well-typed but cannot be compiled; ``param`` names it, ``offset`` is in its text."""

    def __init__(self, message: str, param: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.offset = offset


@dataclass(frozen=True, slots=True)
class LineOf:
    """A placeholder value that reads as the line of ``path`` in ``plan`` (after ``prefix``).

    Lines are looked up when the violation is written, together with every other position
    the check reports: one reading of the file instead of one per placeholder.
    """

    plan: Plan
    path: Path_
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found on one node, before it is located and put into words.

    ``value_kind`` says how ``expected``/``actual`` read: ``uang`` (rupiah), ``angka``,
    ``persen`` or ``teks``. ``extra`` fills the kind's own placeholders: text, a number
    (written in the reader's notation), ``{"id": ..., "en": ...}`` (in the reader's language)
    or a :class:`LineOf` (a line of the file).
    """

    path: Path_
    field: str | None = None
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    value_kind: str = "angka"
    # The value the stated cell must hold for the rule to pass, when the kind knows it
    # (used by --fix); None when the fault cannot be mended in this cell.
    replacement: Decimal | str | None = None
    # Where to report when the finding is not at a value of the plan (a comment): line, column.
    at: tuple[int, int] | None = None
    extra: dict[str, str | Decimal | dict[str, str] | LineOf] = dataclass_field(default_factory=dict)


Check = Callable[[Any, "Node", "Plan"], Iterator[Finding]]
CheckNodes = Callable[[Any, "list[Node]", "Plan"], "list[tuple[Node, Finding]]"]


def rows_under(node: Node, plan: Plan, over: str) -> list[Node]:
    """The indicator rows of the items of level ``over`` under ``node`` (of the whole plan for
    the document), in document order: what an average or a comparison with neighbours reads."""
    if node.level == "dokumen":
        return [row for item in plan.nodes(over) for row in item.indikator]
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop(0)
        if current.level == over:
            found.extend(current.indikator)
        else:
            stack.extend(current.children)
    return found


def per_node(check_nodes: CheckNodes) -> Check:
    """The ``check(params, node, plan)`` of a kind written as ``check_nodes``."""

    def check(params: Any, node: Node, plan: Plan) -> Iterator[Finding]:
        for _, finding in check_nodes(params, [node], plan):
            yield finding

    check.__doc__ = check_nodes.__doc__
    return check


@dataclass(frozen=True, slots=True)
class Kind:
    """A rule kind: its name, parameters, where it applies, how it compiles and checks."""

    name: str
    params: type[Params]
    levels: tuple[str, ...]
    check: Check
    compile: Callable[[Any, str], Any] = lambda params, level: params
    # The whole level in one call, when the kind offers it (the engine then uses it).
    check_nodes: CheckNodes | None = None
    placeholders: frozenset[str] = frozenset()
    # When it runs: "check" with every other rule, on the plan's items; "after_suppressions"
    # once per plan on the document, after the suppression comments silenced what they name
    # (a kind that judges the suppressions themselves).
    phase: Literal["check", "after_suppressions"] = "check"
    # What it compares: "plan", the plan itself; "set", the plan with other documents of its set
    # (cross-document relations): a plan alone has nothing to compare, and the engine skips it.
    scope: Literal["plan", "set"] = "plan"
