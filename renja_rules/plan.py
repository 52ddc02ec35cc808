"""Loading a plan file into a :class:`Plan`: validated model, item tree and field access.

``load_plan`` reads YAML with positions (:mod:`renja_rules.loader`), validates it
against the model (:mod:`renja_rules.model`) and maps every validation error back to
the file's own line and column. The :class:`Plan` then offers what rules need: the
items of each level with their parents, and field values by dotted name
(``sesudah.pagu``), resolved the same way for every rule kind.
"""

from __future__ import annotations

import operator
import types
import typing
import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Callable, Iterable, Union

from pydantic import BaseModel, ValidationError

from .errors import PlanError, SourceLocation, Text
from .loader import Limits, Path_, SourceMap, load_yaml_text, located_validation_error
from .model import BidangUrusan, Indikator, Kegiatan, Nilai, PlanDocument, Program, SubKegiatan, Uang, count_damaged
from .expression import Unreadable
from .fastload import fast_read
from .gcpause import paused_gc
from .locator import Locator, MapLocator, TextLocator
from .numbers import Angka
from .suppressions import Suppression, parse_suppressions

__all__ = ["Plan", "Node", "FieldValue", "LEVELS", "ITEM_LEVELS", "parse_plan", "field_catalogue"]

ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
LEVELS = ("dokumen",) + ITEM_LEVELS + ("indikator",)

_CHILDREN = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}
_LEVEL_CLASS: dict[str, type[BaseModel]] = {
    "program": Program,
    "kegiatan": Kegiatan,
    "sub_kegiatan": SubKegiatan,
    "indikator": Indikator,
    "dokumen": PlanDocument,
}


@dataclass(slots=True)  # not frozen: a frozen dataclass pays a setattr call per field, thousands per check
class FieldValue:
    """A field of an item as a rule sees it.

    ``value`` is a ``Decimal`` for numbers, ``str`` for text, ``None`` when absent or
    empty. ``cacat`` is set when a numeric cell could not be read (the reason), so
    rules can skip instead of reporting on a guess. ``path`` locates the cell.
    """

    value: Decimal | str | bool | None
    path: Path_
    angka: Angka | None = None
    cacat: str | None = None

    @property
    def kosong(self) -> bool:
        """Empty: no value, or a placeholder (``-``), as an :class:`Angka` is ``kosong``."""
        if self.value is None:
            return True
        return isinstance(self.value, str) and self.value.strip() in ("", "-")


_NO_NODES: tuple[()] = ()


class Node:
    """An item of the plan (or its document, or an indicator row) with its place in the tree."""

    __slots__ = ("level", "obj", "path", "_parent", "bidang", "bidang_path", "children", "indikator", "_values",
                 "__weakref__")

    def __init__(
        self,
        level: str,
        obj: Any,
        path: Path_,
        parent: Node | None = None,
        bidang: BidangUrusan | None = None,
        bidang_path: Path_ | None = None,
    ) -> None:
        self.level = level
        self.obj = obj
        self.path = path
        # The parent is held weakly: the tree then has no reference cycles, so a plan that
        # is dropped is freed at once instead of waiting for the cyclic garbage collector
        # (which, with thousands of nodes per plan, cost more than a tenth of a check).
        self._parent = weakref.ref(parent) if parent is not None else None
        self.bidang = bidang
        self.bidang_path = bidang_path
        # An indicator row has neither: it shares one empty tuple instead of two new lists
        # (a long plan has tens of thousands of rows, each list an object to allocate and track).
        self.children: list[Node] = [] if level != "indikator" else _NO_NODES  # type: ignore[assignment]
        self.indikator: list[Node] = [] if level != "indikator" else _NO_NODES  # type: ignore[assignment]
        # Field values already resolved on this node while a check runs: many rules read the
        # same cells. A value depends on the model only; renja_rules.engine.check drops them
        # when it ends (Plan.forget_values), so a plan between checks holds none.
        self._values: dict[tuple[str, ...], FieldValue] = {}

    @property
    def parent(self) -> Node | None:
        return self._parent() if self._parent is not None else None

    def __repr__(self) -> str:
        return f"Node({self.level!r}, {self.path!r})"

    @property
    def kode(self) -> str | None:
        """The item's code; an indicator row answers with its item's code."""
        if self.level == "indikator":
            return self.parent.kode if self.parent else None
        return getattr(self.obj, "kode", None)

    @property
    def label(self) -> str:
        """What to call this node in a message: its code, or the row of its item."""
        if self.level == "indikator" and self.parent is not None:
            index = self.path[-1]
            return f"{self.parent.kode} (indikator {int(index) + 1})" if isinstance(index, int) else str(self.parent.kode)
        return self.kode or self.level

    def lookup(self, name: tuple[str, ...]) -> Decimal | str | bool | None:
        """A field's value for an expression: None when empty; a damaged cell raises Unreadable."""
        value = self._values.get(name)  # Node.get, written out: every field an expression reads passes here
        if value is None:
            value = self._values[name] = _resolve(self, name)
        if value.cacat:
            raise Unreadable()
        return value.value

    def get(self, name: tuple[str, ...]) -> FieldValue:
        """The value of a dotted field name on this node (see :func:`field_catalogue`)."""
        value = self._values.get(name)
        if value is None:
            value = self._values[name] = _resolve(self, name)
        return value


@dataclass(eq=False, slots=True)
class Plan:
    """A loaded plan file: its model, where each value came from, and its items by level."""

    file: str
    document: PlanDocument
    levels: dict[str, list[Node]]
    # The text the plan was read from; positions are computed from it only when needed.
    text: str = ""
    # Where its values are in the file (renja_rules.locator): every position, or found on demand.
    locator: Locator = field(default=None, repr=False)  # type: ignore[assignment]  # (set in __post_init__)
    _limits: Limits | None = field(default=None, repr=False)
    # Other documents of the same set (same folder and perangkat daerah): of the same year by
    # jenis (related), and all of them, any year (chain); filled by
    # renja_rules.documents.link_documents for cross-document rules.
    related: dict[str, Plan] = field(default_factory=dict)
    chain: list[Plan] = field(default_factory=list)
    _by_kode: dict[str, dict[str, Node]] = field(default_factory=dict, repr=False)
    _by_path: dict[Path_, Node] = field(default_factory=dict, repr=False)
    # Inline "# renja-rules: ignore[...]" comments, by line (see renja_rules.suppressions).
    suppressions: dict[int, Suppression] = field(default_factory=dict, repr=False)
    # Whether any numeric cell is damaged (counted while validating); None: not known.
    has_damaged_cells: bool | None = None
    # The sheet of a plan read from a spreadsheet (renja_rules.readers): its positions are
    # (row, column) of cells, and violations name the sheet and cell.
    sheet: str | None = None
    sheets: dict[Path_, str] = field(default_factory=dict, repr=False)  # values on another sheet
    # How to make this plan again when it was not read from its text (a table's reader says).
    rebuild: tuple[Any, tuple[Any, ...]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.locator is None:
            self.locator = TextLocator(self.text, self.file, self._limits, None)

    @property
    def jenis(self) -> str:
        return self.document.dokumen.jenis

    def __reduce__(self) -> tuple[Any, ...]:
        # A plan is rebuilt from its text (pickle, copy.deepcopy): its tree holds weak
        # parent links and rapidyaml's parse, neither of which can be copied as such.
        # Links to other documents of its set are not carried over: link them again.
        if self.rebuild is not None:
            return self.rebuild
        return (parse_plan, (self.text, self.file, self._limits))

    def nodes(self, level: str) -> list[Node]:
        """All nodes of ``level`` in document order."""
        return self.levels.get(level, [])

    @property
    def source(self) -> SourceMap:
        """Where every value came from (the whole map; for a fast-read plan, read on first use)."""
        return self.locator.whole()

    def prepare_locations(self, paths: Iterable[Path_], parents: bool = True) -> None:
        """Find the positions of these paths in one pass (see :class:`renja_rules.locator.Locator`)."""
        self.locator.prepare(paths, parents)

    def locate(self, path: Path_) -> SourceLocation:
        return self.locator.locate(path)

    def position(self, path: Path_) -> tuple[int, int] | None:
        """Line and column where the value at ``path`` starts, or ``None`` if there is none."""
        return self.locator.position(path)

    def forget_values(self) -> None:
        """Drop the field values cached on the nodes (the engine does, once, when a check ends)."""
        for nodes in self.levels.values():
            for node in nodes:
                if node._values:
                    node._values.clear()

    def item_at(self, path: Path_) -> Node | None:
        """The innermost item (program, kegiatan, sub kegiatan or indicator row) containing ``path``."""
        index = self._by_path
        if not index:
            index.update((node.path, node) for level in LEVELS[1:] for node in self.nodes(level))
        for size in range(len(path), 0, -1):
            node = index.get(tuple(path[:size]))
            if node is not None:
                return node
        return None

    def find(self, level: str, kode: str | None) -> Node | None:
        """The first item of ``level`` with this code (indexed once per level)."""
        index = self._by_kode.get(level)
        if index is None:
            index = {}
            for node in self.nodes(level):
                index.setdefault(node.kode or "", node)
            self._by_kode[level] = index
        return index.get(kode or "")


def parse_plan(text: str, file: str = "<plan>", limits: Limits | None = None) -> Plan:
    """Validate plan YAML given as text; ``file`` names it in positions and errors.

    The fast path (:mod:`renja_rules.fastload`) reads the file without positions; any
    doubt — a construct it leaves to the full loader, or a validation error, whose
    message needs a position — sends the file through the full loader.
    """
    with paused_gc():
        return _parse_plan(text, file, limits or Limits())


def _parse_plan(text: str, file: str, limits: Limits) -> Plan:
    read = fast_read(text, limits.max_scalar_length, limits.max_nodes, limits.max_bytes)
    if read is not None:
        data, parsed = read
        try:
            with count_damaged() as damaged:
                document = PlanDocument.model_validate(data)
        except ValidationError:
            pass  # the full path below finds the same error, with its line and column
        else:
            levels = _build_levels(document)
            # Over a limit: the full path below refuses the file, saying which limit and where.
            if sum(len(nodes) for nodes in levels.values()) <= limits.max_rows:
                return Plan(file, document, levels, text, TextLocator(text, file, limits, parsed), limits,
                            suppressions=parse_suppressions(text), has_damaged_cells=bool(damaged))
    data, source = load_yaml_text(text, file, limits)
    if not isinstance(data, dict):
        found = "daftar (list)" if isinstance(data, list) else "nilai tunggal (scalar)"
        found_en = "a list" if isinstance(data, list) else "a single value"
        raise PlanError(
            Text(f"berkas rencana harus berupa pemetaan (mapping) dengan kunci 'dokumen', bukan {found}",
                 f"a plan file must be a mapping with a 'dokumen' key, not {found_en}"),
            source.locate(()),
        )
    try:
        with count_damaged() as damaged:
            document = PlanDocument.model_validate(data)
    except ValidationError as exc:
        raise located_validation_error(exc, source, model=PlanDocument) from None
    return Plan(file, document, _build_levels(document), text, MapLocator(source), limits,
                suppressions=parse_suppressions(text), has_damaged_cells=bool(damaged))


def _build_levels(document: PlanDocument) -> dict[str, list[Node]]:
    levels: dict[str, list[Node]] = {level: [] for level in LEVELS}
    root = Node("dokumen", document, ())
    levels["dokumen"].append(root)
    for u, urusan in enumerate(document.urusan):
        for b, bidang in enumerate(urusan.bidang_urusan):
            bidang_path = ("urusan", u, "bidang_urusan", b)
            for p, program in enumerate(bidang.program):
                root.children.append(
                    _add_item(levels, "program", program, bidang_path + ("program", p), root, bidang, bidang_path)
                )
    for p, program in enumerate(document.program):
        root.children.append(_add_item(levels, "program", program, ("program", p), root, None, None))
    return levels


def _add_item(
    levels: dict[str, list[Node]], level: str, obj: Any, path: Path_, parent: Node, bidang: Any, bidang_path: Any
) -> Node:
    # A module-level function, not a closure: a recursive closure is a reference cycle that
    # would keep the whole tree alive until the cyclic collector runs.
    node = Node(level, obj, path, parent, bidang, bidang_path)
    levels[level].append(node)
    for index, indikator in enumerate(obj.indikator):
        row = Node("indikator", indikator, path + ("indikator", index), node)
        node.indikator.append(row)
        levels["indikator"].append(row)
    child_level = _CHILDREN.get(level)
    if child_level:
        for index, child in enumerate(getattr(obj, child_level)):
            node.children.append(
                _add_item(levels, child_level, child, path + (child_level, index), node, bidang, bidang_path)
            )
    return node


# --- field access -------------------------------------------------------------------

@cache  # one reader per field name, shared by every rule that reads it
def field_reader(name: tuple[str, ...]) -> Callable[[Any], Any]:
    """The one way a dotted field is read from a model object: its raw value, ``None`` where a
    part is absent (an empty group of columns, a field the object does not have).

    ``operator.attrgetter`` of the dotted name walks the parts in C. The names come from the
    field catalogue, where only ``.satuan`` goes inside a value with its unit (an
    :class:`~renja_rules.numbers.Angka`): its unit text. :meth:`Node.get` makes a field value of
    what this reads, and the required kind asks only whether it is filled.
    """
    read = operator.attrgetter(".".join(name))

    def reader(obj: Any) -> Any:
        try:
            return read(obj)
        except AttributeError:  # None (or a scalar) where a group of columns was expected
            return None

    return reader


def _leaf(value: Any, path: Path_) -> FieldValue:
    kind = type(value)  # exact types first: this runs for every cell a rule reads
    if kind is Angka:
        return FieldValue(value.nilai, path, value, value.cacat)
    if value is None or kind is str or kind is Decimal or kind is bool:
        return FieldValue(value, path)
    if isinstance(value, Angka):
        return FieldValue(value.nilai, path, value, value.cacat)
    if isinstance(value, (str, bool, Decimal)):
        return FieldValue(value, path)
    if isinstance(value, int):
        return FieldValue(Decimal(value), path)
    return FieldValue(None, path)


Getter = Callable[[Any, Path_], FieldValue]
_GETTERS: dict[tuple[str, ...], Getter] = {}


def _getter(name: tuple[str, ...]) -> Getter:
    """The field value of ``name`` on a model object at ``path`` (made once per name).

    What :func:`field_reader` reads, as a rule sees it. A unit (``target.k.satuan``) is placed
    at its cell and carries the cell's :class:`~renja_rules.numbers.Angka`.
    """
    read = field_reader(name)
    if name[-1] == "satuan" and len(name) > 1:
        read_cell = field_reader(name[:-1])

        def get_unit(obj: Any, path: Path_) -> FieldValue:
            cell = read_cell(obj)
            if isinstance(cell, Angka):
                return FieldValue(cell.satuan, path + name[:-1], cell)
            return _leaf(read(obj), path + name)

        return get_unit

    def get(obj: Any, path: Path_) -> FieldValue:
        value = read(obj)
        if type(value) is Angka:  # nearly every numeric cell: _leaf's first case, without its call
            return FieldValue(value.nilai, path + name, value, value.cacat)
        return _leaf(value, path + name)

    return get


_OWN_FIELDS: dict[str, frozenset[str]] = {}


def _own_fields(level: str) -> frozenset[str]:
    fields = _OWN_FIELDS[level] = frozenset(_LEVEL_CLASS[level].model_fields)
    return fields


def reads_own_field(level: str, name: tuple[str, ...]) -> bool:
    """Whether a node of ``level`` reads ``name`` from its own object, not summed over its indicator rows."""
    return level in ("dokumen", "indikator") or name[0] in (_OWN_FIELDS.get(level) or _own_fields(level))


def _resolve(node: Node, name: tuple[str, ...]) -> FieldValue:
    level = node.level
    # reads_own_field's rule, written out: this runs for every field a check reads.
    if level == "dokumen" or level == "indikator" or name[0] in (_OWN_FIELDS.get(level) or _own_fields(level)):
        getter = _GETTERS.get(name)
        if getter is None:
            getter = _GETTERS[name] = _getter(name)
        return getter(node.obj, node.path)
    # An item's indicator field (its pagu, its Rp columns) is the sum over its indicator rows,
    # each printed on the row of its own indicator; blank cells add nothing.
    total: Decimal | None = None
    first_path: Path_ | None = None
    first_angka: Angka | None = None
    for row in node.indikator:
        cell = row.get(name)  # cached on the row: its own rules read the same cell
        if cell.cacat:
            return FieldValue(None, cell.path, cell.angka, cell.cacat)
        if isinstance(cell.value, Decimal):
            total = cell.value if total is None else total + cell.value
            if first_path is None:
                first_path, first_angka = cell.path, cell.angka
    if first_path is None:
        first_path = node.indikator[0].path + name if node.indikator else node.path
    return FieldValue(total, first_path, first_angka)


# --- the catalogue of field names a rule may use ---------------------------------------

def _unwrap(annotation: Any) -> list[Any]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is Union:
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return [annotation]


def _describe(cls: type[BaseModel], prefix: tuple[str, ...], out: dict[tuple[str, ...], str]) -> None:
    for name, info in cls.model_fields.items():
        for annotation in _unwrap(info.annotation):
            key = prefix + (name,)
            if annotation == Uang:
                out[key] = "uang"
            elif annotation == Nilai:
                out[key] = "nilai"
                out[key + ("satuan",)] = "teks"
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                _describe(annotation, key, out)
            elif annotation is bool:
                out[key] = "bool"
            elif annotation is int:
                out[key] = "angka"
            elif annotation is str or typing.get_origin(annotation) is typing.Literal:
                out[key] = "teks"


@cache
def field_catalogue(level: str) -> dict[tuple[str, ...], str]:
    """Every dotted field name a rule may use at ``level``, with its kind.

    Kinds: ``uang`` (rupiah), ``nilai`` (value with unit), ``angka``, ``teks``, ``bool``.
    Items (program, kegiatan, sub kegiatan) also offer their indicators' numeric fields,
    summed over their indicator rows.
    """
    out: dict[tuple[str, ...], str] = {}
    if level == "dokumen":
        _describe(PlanDocument, (), out)
        return {key: kind for key, kind in out.items() if key[0] in ("dokumen", "total")}
    _describe(_LEVEL_CLASS[level], (), out)
    if level in ITEM_LEVELS:
        indikator: dict[tuple[str, ...], str] = {}
        _describe(Indikator, (), indikator)
        for key, kind in indikator.items():
            if kind in ("uang", "nilai") and key not in out:
                out[key] = kind
    return out

