"""Kind ``hierarchy``: codes follow the nomenclature's shape and nest like the plan.

One kind, several checks (``check:``), each a small function below:

- ``shape``: the item's code has the shape the rule declares for its level, written
  in the nomenclature's own letters: ``U.BB.PP`` (each capital is one digit, ``[12]``
  one digit from a set, ``|`` separates alternatives). PASS ``2.17.01`` for
  ``U.BB.PP``; FAIL ``7.2.17.08``.
- ``extends``: a child's code begins with its parent's code (how many segments follow
  is the ``shape`` check's business, and a code no longer than its parent's is left to
  it too). PASS kegiatan ``2.17.01.2.01`` under program ``2.17.01``; FAIL kegiatan
  ``2.17.03.2.01`` under it.
- ``unique``: no two items of the document share a code (reported on the later one).
- ``digits``: sub kegiatan codes do not mix the 2-digit (2019-2021) and 4-digit (2023+)
  nomenclatures; the first sub kegiatan sets the document's style.
- ``bidang``: the programs under a bidang urusan header start with its code; reported
  once per header, at the header. FAIL header ``2.211`` above program ``2.17.01``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterator, Literal, NamedTuple

from pydantic import Field

from .base import CompileError, Finding, Kind, LineOf, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class HierarchyParams(Params):
    check: Literal["shape", "extends", "unique", "digits", "bidang"]
    shape: str | None = Field(None, description="For check: shape, e.g. 'U.BB.PP.[12].KK'.")


class CompiledHierarchy(NamedTuple):
    check: str
    shape: str | None
    pattern: re.Pattern[str] | None


_SHAPE_PART = re.compile(r"[A-Z]|\.|\[[0-9]+\]")

def compile_shape(shape: str) -> re.Pattern[str]:
    """Turn ``U.BB.PP.[12].KK|...`` into a regular expression, refusing anything else."""
    alternatives = []
    for alternative in shape.split("|"):
        position, parts = 0, []
        while position < len(alternative):
            match = _SHAPE_PART.match(alternative, position)
            if match is None:
                raise CompileError(
                    f"shape may hold capitals (one digit each), '.', '[digits]' and '|', not {alternative[position]!r}",
                    "shape",
                )
            token = match.group()
            parts.append(r"\d" if token.isalpha() else (r"\." if token == "." else token))
            position = match.end()
        if not parts:
            raise CompileError("empty shape", "shape")
        alternatives.append("".join(parts))
    return re.compile("(?:" + "|".join(alternatives) + ")")


def _compile(params: HierarchyParams, level: str) -> CompiledHierarchy:
    levels = _CHECKS[params.check][1]
    if level not in levels:
        allowed = ", ".join(levels)
        raise CompileError(f"check '{params.check}' applies to {allowed}, not {level}", "check")
    pattern = None
    if params.check == "shape":
        if not params.shape:
            raise CompileError("check 'shape' needs a 'shape' parameter", "check")
        pattern = compile_shape(params.shape)
    return CompiledHierarchy(check=params.check, shape=params.shape, pattern=pattern)


def _kode_path(node: Node) -> tuple:
    return node.path + ("kode",)


def _shape(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    assert params.pattern is not None
    kode = node.kode or ""
    if not params.pattern.fullmatch(kode):
        yield Finding(_kode_path(node), "kode", expected=params.shape, actual=kode, value_kind="teks")


def _extends(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    parent = node.parent
    if parent is None or parent.level == "dokumen":
        return
    kode, parent_kode = node.kode or "", parent.kode or ""
    # A code no longer than its parent's is malformed (the shape check says so); a parent
    # as long as its child is the malformed one. Either way the prefix tells nothing more.
    if kode.count(".") <= parent_kode.count("."):
        return
    if not kode.startswith(parent_kode + "."):
        yield Finding(
            _kode_path(node), "kode", expected=f"{parent_kode}.…", actual=kode, value_kind="teks",
            extra={"induk": parent_kode},
        )


def _unique(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    seen: dict[str, Node] = {}
    for level in ("program", "kegiatan", "sub_kegiatan"):
        for item in plan.nodes(level):
            kode = item.kode or ""
            first = seen.setdefault(kode, item)
            if first is not item:
                yield Finding(
                    _kode_path(item), "kode", expected=None, actual=kode, value_kind="teks",
                    extra={"baris_pertama": LineOf(plan, _kode_path(first))},
                )


def _digits(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    # The minority style is the odd one out, wherever it stands (the first code may be the
    # wrong one); a tie names every code, since nothing says which style the document meant.
    by_width: dict[int, list[Node]] = {2: [], 4: []}
    for item in plan.nodes("sub_kegiatan"):
        width = len((item.kode or "").rsplit(".", 1)[-1])
        if width in by_width:  # a malformed code is the shape check's business
            by_width[width].append(item)
    twos, fours = len(by_width[2]), len(by_width[4])
    if not twos or not fours:
        return
    total = twos + fours
    for width, other in ((2, 4), (4, 2)):
        mine, theirs = len(by_width[width]), len(by_width[other])
        if mine > theirs:
            continue
        why = ({"id": f"seri {width} digit, sedangkan {theirs} dari {total} kode sub kegiatan dokumen ini {other} digit",
                "en": f"the {width}-digit series, while {theirs} of the document's {total} sub kegiatan codes use "
                      f"{other} digits"} if mine < theirs else
               {"id": f"seri {width} digit; dokumen ini berimbang ({twos} kode 2 digit, {fours} kode 4 digit), jadi "
                      "semua kode disebut",
                "en": f"the {width}-digit series; the document is evenly split ({twos} codes of 2 digits, {fours} of "
                      "4), so every code is named"})
        for item in by_width[width]:
            yield Finding(_kode_path(item), "kode", expected=f"{other} digit", actual=item.kode, value_kind="teks",
                          extra={"gaya": why})


def _bidang(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    # One finding per header, at the header: that is where the fix goes.
    outside: dict[tuple, list[Node]] = {}
    for program in plan.nodes("program"):
        if program.bidang is None or program.bidang_path is None:
            continue
        if not (program.kode or "").startswith(program.bidang.kode + "."):
            outside.setdefault(program.bidang_path, []).append(program)
    for bidang_path, programs in outside.items():
        prefix = programs[0].bidang.kode  # type: ignore[union-attr]
        codes = ", ".join(program.kode or "" for program in programs)
        yield Finding(
            bidang_path + ("kode",), "kode", expected=programs[0].kode, actual=prefix, value_kind="teks",
            extra={"bidang": prefix, "program": codes},
        )


# The one switch: each check, and the levels it applies to.
_CHECKS: dict[str, tuple[Callable[[CompiledHierarchy, "Node", "Plan"], Iterator[Finding]], tuple[str, ...]]] = {
    "shape": (_shape, ("program", "kegiatan", "sub_kegiatan")),
    "extends": (_extends, ("kegiatan", "sub_kegiatan")),
    "unique": (_unique, ("dokumen",)),
    "digits": (_digits, ("dokumen",)),
    "bidang": (_bidang, ("dokumen",)),
}


def check_hierarchy(params: CompiledHierarchy, node: Node, plan: Plan) -> Iterator[Finding]:
    """Dispatch to the declared check."""
    yield from _CHECKS[params.check][0](params, node, plan)


KIND = Kind(
    name="hierarchy",
    params=HierarchyParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan"),
    check=check_hierarchy,
    compile=_compile,
    placeholders=frozenset({"induk", "baris_pertama", "bidang", "program", "gaya"}),
)
