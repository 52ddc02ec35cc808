"""The package's shape: imports go one way (no cycle, lazy imports counted), and no function
grows more tangled than a reader can follow (cyclomatic complexity, as radon counts it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import renja_rules

PACKAGE = Path(renja_rules.__file__).parent


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every package module and the package modules it imports anywhere (top, TYPE_CHECKING, functions)."""
    modules = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                stem = ".".join(base + ([node.module] if node.module else []))
                targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
            else:
                continue
            graph[name].update(target for target in targets if target in modules and target != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    graph = _imports()
    assert "renja_rules.pipeline" in graph["renja_rules.run"]  # the graph sees relative imports
    assert _cycles(graph) == []


def test_the_harness_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# Functions above 15 when this test came, with their complexity: each may only get simpler (and
# leaves the list when it reaches 15); none is left. A function above 15 needs a comment
# "# complexity: why" on the line above its ``def``.
WAITING: dict[tuple[str, str], int] = {}
LIMIT = 15


def _comment_above(lines: list[str], lineno: int) -> str:
    """The comment lines right above line ``lineno`` (1-based), joined."""
    block = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        block.append(lines[index].strip())
        index -= 1
    return " ".join(reversed(block))


def test_complexity() -> None:
    complexity = pytest.importorskip("radon.complexity")
    visitors = pytest.importorskip("radon.visitors")
    measured: dict[tuple[str, str], int] = {}
    excused: set[tuple[str, str]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        name = path.relative_to(PACKAGE).as_posix()
        for block in complexity.cc_visit(text):
            for function in block.methods if isinstance(block, visitors.Class) else [block]:
                key = (name, function.fullname)
                measured[key] = function.complexity
                if "# complexity:" in _comment_above(lines, function.lineno):
                    excused.add(key)
    tangled = {key: value for key, value in measured.items() if value > LIMIT and key not in excused}
    grown = {key: (WAITING.get(key), value) for key, value in tangled.items() if value > WAITING.get(key, LIMIT)}
    assert grown == {}, "functions above complexity 15 (split them, or say why in a '# complexity:' comment)"
    done = [key for key in WAITING if measured.get(key, 0) <= LIMIT]
    assert done == [], "simpler now: take them off WAITING"
