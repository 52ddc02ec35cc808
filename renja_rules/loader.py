"""Stage 1 of the pipeline: YAML text to plain data, with the source position of every value.

YAML is composed into nodes (libyaml when available) and turned into dicts, lists
and strings by hand instead of letting PyYAML construct Python values: every scalar
stays the exact text that was written (so ``2.10`` is a code, never the float 2.1),
and every value's line and column are recorded in a :class:`SourceMap` keyed by its
path (``("program", 0, "kegiatan", 2, "indikator", 0, "sesudah", "pagu")``).

Hostile input is bounded here, before anything else sees it: file size, nesting
depth and the number of nodes after alias expansion (which defuses alias bombs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import PlanError, RenjaRulesError, SourceLocation
from .numbers import YamlNumber

__all__ = ["Limits", "SourceMap", "Path_", "load_yaml_text", "read_text", "located_validation_error", "dump_yaml"]

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input file may cost. Over a bound, the file is refused (exit 2)."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 2_000_000
    max_scalar_length: int = 100_000


@dataclass(slots=True)
class SourceMap:
    """Where each value of a loaded file came from (1-based line and column)."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> SourceLocation:
        """The position of the value at ``path`` (or of its key), or of its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return SourceLocation(self.file, line, column)
            if key and probe in self.values:
                line, column = self.values[probe]
                return SourceLocation(self.file, line, column)
            probe = probe[:-1]
        line, column = self.values.get((), (1, 1))
        return SourceLocation(self.file, line, column)


def read_text(path: Path, limits: Limits, error: type[RenjaRulesError] = PlanError) -> str:
    """Read a file as UTF-8 text, refusing what is too large or not text."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise error("berkas tidak ditemukan / file not found", SourceLocation(name)) from None
    except OSError as exc:
        raise error(f"berkas tidak dapat dibaca / cannot read file: {exc.strerror}", SourceLocation(name)) from None
    if path.is_dir():
        raise error("ini sebuah folder, bukan berkas / is a directory", SourceLocation(name))
    if size > limits.max_bytes:
        raise error(
            f"berkas terlalu besar / file too large: {size} bytes > limit {limits.max_bytes}",
            SourceLocation(name),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"berkas tidak dapat dibaca / cannot read file: {exc.strerror}", SourceLocation(name)) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless; drop it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error(
            f"bukan teks UTF-8 yang sah / not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            SourceLocation(name, line, column),
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise error("berkas biner, bukan YAML / binary file, not YAML", SourceLocation(name, line))
    return text


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain data while filling the source map."""

    def __init__(self, source: SourceMap, limits: Limits, error: type[RenjaRulesError]) -> None:
        self.source = source
        self.limits = limits
        self.count = 0
        self.error_class = error

    def error(self, message: str, node: yaml.Node) -> RenjaRulesError:
        line, column = _mark(node)
        return self.error_class(message, SourceLocation(self.source.file, line, column))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self.error(
                f"terlalu banyak nilai (alias bom?) / too many values after alias expansion: "
                f"limit {self.limits.max_nodes}",
                node,
            )
        if len(path) > self.limits.max_depth:
            raise self.error(f"struktur terlalu dalam / nesting deeper than {self.limits.max_depth}", node)
        self.source.values[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        raise self.error("nilai YAML yang tidak dikenal / unsupported YAML node", node)  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        if len(text) > self.limits.max_scalar_length:
            raise self.error(
                f"nilai terlalu panjang / scalar longer than {self.limits.max_scalar_length} characters", node
            )
        if node.style is None or node.style == "":
            if node.tag == _NULL_TAG:
                return None
            if node.tag in _NUMBER_TAGS:
                return YamlNumber(text)
        return text

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error("kunci harus berupa teks / a key must be plain text", key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error("kunci gabungan '<<' tidak didukung / merge keys '<<' are not supported", key_node)
            key = str(key_node.value)
            if key in result:
                raise self.error(f"kunci ganda / duplicate key '{key}'", key_node)
            self.source.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


def load_yaml_text(
    text: str, file: str, limits: Limits | None = None, error: type[RenjaRulesError] = PlanError
) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its :class:`SourceMap`.

    Raises ``error`` (:class:`PlanError` by default) for anything that is not exactly
    one well-formed, bounded YAML document.
    """
    limits = limits or Limits()
    source = SourceMap(file)
    _check_flow_depth(text, file, limits, error)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourceLocation(file, mark.line + 1, mark.column + 1) if mark else SourceLocation(file)
        problem = exc.problem or exc.context or "YAML tidak sah"
        if "expected a single document" in str(exc):
            problem = "berisi lebih dari satu dokumen YAML / more than one YAML document in the file"
        raise error(f"YAML tidak sah / invalid YAML: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML tidak sah / invalid YAML: {exc}", SourceLocation(file)) from None
    except RecursionError:
        raise error(f"struktur terlalu dalam / nesting deeper than {limits.max_depth}", SourceLocation(file)) from None
    finally:
        loader.dispose()
    if node is None:
        raise error("berkas kosong / empty file: no YAML document", SourceLocation(file, 1, 1))
    return _Builder(source, limits, error).build(node, ()), source


def located_validation_error(
    exc: ValidationError, source: SourceMap, error: type[RenjaRulesError] = PlanError
) -> RenjaRulesError:
    """The first pydantic validation error, in the user's words, at the offending key or value."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = tuple(part for part in first["loc"] if not (isinstance(part, str) and "[" in part))
    kind = first["type"]
    dotted = ".".join(str(part) for part in loc) or "(berkas)"
    if kind == "extra_forbidden":
        message = f"kunci tidak dikenal / unknown key '{loc[-1]}' (di {dotted})"
        where = source.locate(loc, key=True)
    elif kind == "missing":
        message = f"kunci wajib tidak ada / missing required key '{loc[-1]}'"
        where = source.locate(loc[:-1])
    else:
        detail = first["msg"].removeprefix("Value error, ")
        message = f"nilai salah untuk / wrong value for '{dotted}': {detail}"
        where = source.locate(loc)
    more = len(errors) - 1
    if more:
        message += f" (dan {more} kesalahan lain / and {more} more)"
    return error(message, where)


def _check_flow_depth(text: str, file: str, limits: Limits, error: type[RenjaRulesError]) -> None:
    """Refuse deep ``[[[[...`` or ``{{{{...`` before the parser recurses into it.

    Cheap over-approximation: counts brackets outside of nothing-but-quotes awareness,
    so it can only refuse files that nest brackets beyond the limit somewhere in text.
    """
    if text.count("[") + text.count("{") <= limits.max_depth:
        return
    depth = 0
    line = 1
    column = 0
    for char in text:
        column += 1
        if char == "\n":
            line += 1
            column = 0
        elif char in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise error(
                    f"struktur terlalu dalam / nesting deeper than {limits.max_depth}",
                    SourceLocation(file, line, column),
                )
        elif char in "]}":
            depth = max(0, depth - 1)


class _Dumper(yaml.SafeDumper):
    """Writes loaded data back as YAML; numbers YAML typed stay unquoted numbers."""


_Dumper.add_representer(
    YamlNumber,
    lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:float" if any(c in value for c in ".eE") else "tag:yaml.org,2002:int", str(value)
    ),
)


def dump_yaml(data: Any, *, flow: bool | None = None) -> str:
    """Data loaded by :func:`load_yaml_text` as YAML text again (for examples and explanations)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=flow)
