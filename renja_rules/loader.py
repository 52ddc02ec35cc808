"""Stage 1 of the pipeline: YAML text to plain data, with the source position of every value.

The YAML parser (libyaml when available) is read event by event and the data is built
by hand instead of letting PyYAML compose a node graph and construct Python values:
every scalar stays the exact text that was written (so ``2.10`` is a code, never the
float 2.1), no tag ever constructs anything (``!!python/object/apply:os.system [...]`` is
a list of text; only ``!!null``, ``!!int`` and ``!!float`` are read, as "empty" and
"a number"), and every value's line and column are recorded in a :class:`SourceMap` keyed by its path
(``("program", 0, "kegiatan", 2, "indikator", 0, "sesudah", "pagu")``).

Hostile input is bounded here, before anything else sees it (see :class:`Limits`):
file size, characters YAML does not allow, nesting depth, the length of one scalar,
the number of values after alias expansion (which defuses alias bombs), of rows and
of aliases. Because the data is built while the parser reads, a file over a limit is
refused as soon as the limit is crossed: it costs no more than a file at the limit.
"""

from __future__ import annotations

import bisect
import re
import stat
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import ValidationError

from .errors import PlanError, RenjaRulesError, SourceLocation, Text
from .numbers import YamlNumber

__all__ = ["Limits", "SourceMap", "Path_", "load_yaml_text", "read_text", "located_validation_error", "dump_yaml"]

try:  # libyaml is several times faster; the pure-Python parser is the fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]

_NULL_TAG = "tag:yaml.org,2002:null"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_MERGE_TAG = "tag:yaml.org,2002:merge"
# The plain (unquoted) scalars that are numbers and nulls, as YAML 1.2's core schema (and the
# fast path's parser) reads them: ``2021``, ``1.5``, ``1e5``, ``.inf``, ``.nan``. YAML 1.1's
# other integers (``0x1F``, ``0o17``, ``1_000``, sexagesimal ``1:20`` as in a ratio) stay text:
# the same file must read the same whichever path loads it, and no plan writes hex.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_PLAIN_NULL = frozenset({"", "~", "null", "Null", "NULL"})

# What YAML allows in a stream (its c-printable set); anything else is refused up front
# with its position, instead of a parser message without one. Lone surrogates (possible
# in a str handed to parse_plan) fall outside it too.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line breaks as editors, grep and git count them; YAML also breaks at NEL, LS and PS.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input file may cost. Over a bound, the file is refused (exit 2).

    The defaults leave room for a table fifty to a hundred times the size of the seed's
    tables (Tabel 3.1: 45 KB, 986 values, 121 rows, nesting 14; Tabel 2.1: 53 KB, 1,984
    values) while a file over any bound is refused within a second and 100 MB (figures in
    ``tests/test_robust_limits.py``). Pass other bounds to ``load_plan``/``load_rules``.
    """

    max_bytes: int = 10 * 1024 * 1024
    """Size of the file (for text handed over directly: its number of characters)."""
    max_depth: int = 64
    """Nesting of mappings and lists."""
    max_nodes: int = 100_000
    """Values in the file, counting each use of an alias as a full copy (alias bombs)."""
    max_scalar_length: int = 100_000
    """Characters in one value or key."""
    max_rows: int = 20_000
    """Entries of all lists together: items and indicator rows."""
    max_aliases: int = 10_000
    """Uses of aliases (``*name``)."""


@dataclass(slots=True)
class SourceMap:
    """Where each value (and each key) of a loaded file came from: 1-based (line, column)."""

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
    """Read a file as UTF-8 text, refusing what is too large or not text.

    A UTF-8 byte-order mark is accepted (and dropped); line ends may be LF or CRLF.
    """
    name = str(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise error(Text("berkas tidak ditemukan", "file not found"), SourceLocation(name)) from None
    except OSError as exc:
        raise error(Text(f"berkas tidak dapat dibaca: {exc.strerror}", f"cannot read file: {exc.strerror}"), SourceLocation(name)) from None
    if stat.S_ISDIR(status.st_mode):
        raise error(Text("ini sebuah folder, bukan berkas", "is a directory, not a file"), SourceLocation(name))
    if not stat.S_ISREG(status.st_mode):
        # A named pipe would block the run forever, a device could be endless.
        raise error(Text("bukan berkas biasa (pipa, soket atau perangkat)", "not a regular file (a pipe, socket or device)"), SourceLocation(name))
    size = status.st_size
    if size > limits.max_bytes:
        raise error(
            Text(f"berkas terlalu besar: {size} bita, batas max_bytes={limits.max_bytes}",
                 f"file too large: {size} bytes, limit max_bytes={limits.max_bytes}"),
            SourceLocation(name),
        )
    try:
        with path.open("rb") as handle:
            # Never more than the limit, even if the file grows between stat() and read().
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise error(Text(f"berkas tidak dapat dibaca: {exc.strerror}", f"cannot read file: {exc.strerror}"), SourceLocation(name)) from None
    if len(data) > limits.max_bytes:
        raise error(Text(f"berkas terlalu besar: batas max_bytes={limits.max_bytes}", f"file too large: limit max_bytes={limits.max_bytes}"), SourceLocation(name))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless; drop it
    if b"\x00" in data:
        # NUL never occurs in text; UTF-16 and binary files have it early on.
        before = data[: data.index(b"\x00")].decode("utf-8", "replace")
        line, column = _line_column(before, len(before))
        raise error(
            Text("berkas biner (atau UTF-16), bukan teks YAML UTF-8: ada bita NUL",
                 "binary file (or UTF-16), not UTF-8 YAML text: NUL byte"),
            SourceLocation(name, line, column),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, column = _line_column(before, len(before))
        raise error(
            Text(f"bukan teks UTF-8 yang sah (bita 0x{data[exc.start]:02x}); simpan berkas sebagai UTF-8",
                 f"not valid UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"),
            SourceLocation(name, line, column),
        ) from None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character ``offset`` in ``text``, line breaks as editors count them."""
    line, start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return line, offset - start + 1


class _Positions:
    """Turns parser marks into (line, column) as the user's editor counts them.

    YAML also breaks lines at NEL, LS and PS; editors, grep and git do not. Only when
    the text holds one of those is a mark re-counted from its character index.
    """

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if any(char in text for char in _YAML_ONLY_BREAKS):
            self.starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]

    def of(self, mark: Any) -> tuple[int, int]:
        """(line, column) of a parser mark."""
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1


class _Anchor:
    """An anchored value, kept to expand its aliases without parsing it again."""

    __slots__ = ("value", "path", "nodes", "rows")

    def __init__(self, value: Any, path: Path_, nodes: int, rows: int) -> None:
        self.value, self.path, self.nodes, self.rows = value, path, nodes, rows


class _Frame:
    """A mapping or list being filled while the parser reads it."""

    __slots__ = ("value", "path", "is_map", "key", "key_path", "index", "anchor", "nodes_before", "rows_before")

    def __init__(self, value: Any, path: Path_, anchor: str | None, nodes: int, rows: int) -> None:
        self.value = value
        self.path = path
        self.is_map = isinstance(value, dict)
        self.key: str | None = None
        self.key_path: Path_ = path  # the path of the value under ``key`` (shared with the key's position)
        self.index = 0
        self.anchor = anchor
        self.nodes_before = nodes
        self.rows_before = rows


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent

_OPEN = "open"  # marks an anchor whose node is still being read: an alias to it would be recursive


class _Builder:
    """Builds plain data from parser events while filling the source map and counting against the limits."""

    def __init__(self, text: str, source: SourceMap, limits: Limits, error: type[RenjaRulesError]) -> None:
        self.source = source
        self.limits = limits
        self.error_class = error
        self.positions = _Positions(text)
        self.position: Callable[[Any], tuple[int, int]] = self.positions.of
        self.nodes = 0
        self.rows = 0
        self.aliases = 0
        self.anchors: dict[str, _Anchor | str] = {}

    def error(self, message: str, mark: Any) -> RenjaRulesError:
        line, column = self.position(mark)
        return self.error_class(message, SourceLocation(self.source.file, line, column))

    def over(self, limit: str, what: Text, mark: Any) -> RenjaRulesError:
        value = getattr(self.limits, limit)
        return self.error(Text(f"melewati batas {limit}={value}: {what}", f"over the limit {limit}={value}: {what.en}"), mark)

    # --- the document -----------------------------------------------------------------

    def document(self, get: Callable[[], Any]) -> Any:
        """Read the one document of the stream; refuse an empty stream and a second document."""
        event = get()  # StreamStartEvent
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            raise self.error_class(Text("berkas kosong: tidak ada dokumen YAML", "empty file: no YAML document"),
                                   SourceLocation(self.source.file, 1, 1))
        data = self.root(get)
        get()  # DocumentEndEvent (the parser reports trailing garbage here)
        event = get()
        if isinstance(event, yaml.DocumentStartEvent):
            raise self.error(
                Text("YAML tidak sah: berkas berisi lebih dari satu dokumen YAML",
                     "invalid YAML: more than one YAML document in the file"),
                event.start_mark,
            )
        return data

    # complexity: the full loader's event loop (one branch per YAML event and limit); it runs once per value
    def root(self, get: Callable[[], Any]) -> Any:
        """Read the document's node, iteratively: nesting costs no Python stack.

        This loop runs once per value of the file; it is written for speed (locals, the
        common cases inline) and checks every limit before the value costs anything more.
        """
        limits = self.limits
        max_nodes, max_rows, max_depth = limits.max_nodes, limits.max_rows, limits.max_depth
        values = self.source.values
        exact = self.position
        editor_lines = self.positions.starts is None
        scalar = self.scalar
        stack: list[_Frame] = []
        top: _Frame | None = None
        while True:
            event = get()
            kind = event.__class__
            if kind is _MAPPING_END or kind is _SEQUENCE_END:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = _Anchor(
                        frame.value, frame.path, self.nodes - frame.nodes_before, self.rows - frame.rows_before
                    )
                if not stack:
                    return frame.value
                top = stack[-1]
                continue
            if top is not None and top.is_map and top.key is None:
                top.key = self.key(event, top)
                continue
            # A value: where it goes, and what it costs.
            mark = event.start_mark
            if top is None:
                path: Path_ = ()
            elif top.is_map:
                path = top.key_path
            else:
                path = top.path + (top.index,)
                self.rows += 1
                if self.rows > max_rows:
                    raise self.over("max_rows", Text("terlalu banyak baris", "too many list entries (rows)"), mark)
            self.nodes += 1
            if self.nodes > max_nodes:
                raise self.over("max_nodes", Text("terlalu banyak nilai", "too many values"), mark)
            if len(path) > max_depth:
                raise self.over("max_depth", Text("struktur terlalu dalam", "nesting too deep"), mark)
            values[path] = (mark.line + 1, mark.column + 1) if editor_lines else exact(mark)
            opens = False
            if kind is _SCALAR:
                value = scalar(event)
                if event.anchor is not None:
                    self.define(event, _Anchor(value, path, 1, 0))
            elif kind is _ALIAS:
                value = self.alias(event, path)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                opens = True
                value = {} if kind is _MAPPING_START else []
                if event.anchor is not None:
                    self.define(event, _OPEN)
                frame = _Frame(value, path, event.anchor, self.nodes - 1, self.rows)
            else:  # pragma: no cover - the parser only emits the events above inside a document
                raise self.error(Text(f"YAML tidak sah: {kind.__name__} tak terduga", f"invalid YAML: unexpected {kind.__name__}"), mark)
            if top is None:
                if not opens:
                    return value
            elif top.is_map:
                top.value[top.key] = value
                top.key = None
            else:
                top.value.append(value)
                top.index += 1
            if opens:
                stack.append(frame)
                top = frame

    # --- pieces -------------------------------------------------------------------------

    def scalar(self, event: Any) -> Any:
        text = event.value
        if len(text) > self.limits.max_scalar_length:
            raise self.over(
                "max_scalar_length", Text(f"nilai sepanjang {len(text)} karakter", f"a value of {len(text)} characters"),
                event.start_mark
            )
        if not event.style:  # plain (unquoted): YAML may type it (!!null, !!int, !!float); other tags are ignored
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolve_plain(text)
            if tag == _NULL_TAG:
                return None
            if tag in _NUMBER_TAGS:
                return YamlNumber(text)
        return text

    def key(self, event: Any, frame: _Frame) -> str:
        kind = event.__class__
        if kind is yaml.AliasEvent:
            anchor = self.anchors.get(event.anchor)
            if not isinstance(anchor, _Anchor) or not isinstance(anchor.value, str):
                raise self.error(Text("kunci harus berupa teks (bukan alias)", "a key must be plain text (not an alias)"), event.start_mark)
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise self.over("max_aliases", Text("terlalu banyak alias", "too many aliases"), event.start_mark)
            key = anchor.value
        elif kind is yaml.ScalarEvent:
            key = event.value  # a key is its text as written: '2021', '~'
            if event.tag == _MERGE_TAG or (key == "<<" and event.tag is None and not event.style):
                raise self.error(
                    Text("kunci gabungan '<<' tidak didukung; tulis kunci-kuncinya satu per satu",
                         "merge keys '<<' are not supported; write the keys out"),
                    event.start_mark,
                )
            if len(key) > self.limits.max_scalar_length:
                raise self.over(
                    "max_scalar_length", Text(f"kunci sepanjang {len(key)} karakter", f"a key of {len(key)} characters"),
                    event.start_mark
                )
            if event.anchor is not None:
                self.define(event, _Anchor(key, frame.path + (key,), 1, 0))
        else:
            raise self.error(Text("kunci harus berupa teks, bukan daftar atau pemetaan",
                                 "a key must be plain text, not a list or mapping"), event.start_mark)
        if key in frame.value:
            raise self.error(Text(f"kunci ganda '{key}'", f"duplicate key '{key}'"), event.start_mark)
        frame.key_path = frame.path + (key,)
        self.source.keys[frame.key_path] = self.position(event.start_mark)
        return key

    def define(self, event: Any, anchor: _Anchor | str) -> None:
        name = event.anchor
        if name in self.anchors:
            raise self.error(
                Text(f"YAML tidak sah: anchor '&{name}' didefinisikan dua kali", f"invalid YAML: anchor '&{name}' defined twice"),
                event.start_mark,
            )
        self.anchors[name] = anchor

    def alias(self, event: Any, path: Path_) -> Any:
        """The anchored value again, counted as a full copy against the limits."""
        anchor = self.anchors.get(event.anchor)
        mark = event.start_mark
        if anchor is None:
            raise self.error(Text(f"YAML tidak sah: alias '*{event.anchor}' tanpa anchor",
                                 f"invalid YAML: alias '*{event.anchor}' is undefined"), mark)
        if anchor is _OPEN:
            raise self.error(
                Text(f"YAML tidak sah: alias '*{event.anchor}' merujuk ke dirinya sendiri",
                     f"invalid YAML: alias '*{event.anchor}' refers to itself"),
                mark,
            )
        assert isinstance(anchor, _Anchor)
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self.over("max_aliases", Text("terlalu banyak alias", "too many aliases"), mark)
        self.nodes += anchor.nodes - 1  # this node was counted once already
        if self.nodes > self.limits.max_nodes:
            raise self.over("max_nodes", Text("terlalu banyak nilai setelah alias diuraikan (alias bom?)",
                                                 "too many values once aliases are expanded"), mark)
        self.rows += anchor.rows
        if self.rows > self.limits.max_rows:
            raise self.over("max_rows", Text("terlalu banyak baris setelah alias diuraikan",
                                                "too many list entries once aliases are expanded"), mark)
        self.copy_positions(anchor, path, mark)
        return anchor.value

    def copy_positions(self, anchor: _Anchor, path: Path_, mark: Any) -> None:
        """Give the copy's inner values the positions of the anchored text (the alias itself keeps its own)."""
        values, keys = self.source.values, self.source.keys
        depth_left = self.limits.max_depth - len(path)
        pending: list[tuple[Any, Path_, Path_]] = [(anchor.value, anchor.path, path)]
        while pending:
            value, source, target = pending.pop()
            if isinstance(value, dict):
                children = value.items()
            elif isinstance(value, list):
                children = enumerate(value)  # type: ignore[assignment]
            else:
                continue
            if len(target) - len(path) >= depth_left:
                raise self.over("max_depth", Text("struktur terlalu dalam setelah alias diuraikan",
                                                     "nesting too deep once aliases are expanded"), mark)
            for name, child in children:
                child_source, child_target = source + (name,), target + (name,)
                if child_source in values:
                    values[child_target] = values[child_source]
                if child_source in keys:
                    keys[child_target] = keys[child_source]
                pending.append((child, child_source, child_target))


def _resolve_plain(text: str) -> str | None:
    """The tag of a plain scalar if it is a null or a number (see ``_PLAIN_NUMBER``), else None."""
    if text in _PLAIN_NULL:
        return _NULL_TAG
    if _PLAIN_NUMBER.fullmatch(text):
        return "tag:yaml.org,2002:float" if any(char in text for char in ".eEnN") else "tag:yaml.org,2002:int"
    return None


def load_yaml_text(
    text: str, file: str, limits: Limits | None = None, error: type[RenjaRulesError] = PlanError
) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain data and its :class:`SourceMap`.

    Raises ``error`` (:class:`PlanError` by default) for anything that is not exactly
    one well-formed YAML document within ``limits``, always with the file and, where
    there is one, the line and column.
    """
    limits = limits or Limits()
    source = SourceMap(file)
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark: columns on line 1 count without it, as editors show them
    if len(text) > limits.max_bytes:
        raise error(Text(f"teks terlalu besar: batas max_bytes={limits.max_bytes}", f"text too large: limit max_bytes={limits.max_bytes}"),
                    SourceLocation(file))
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = _line_column(text, bad.start())
        char = bad.group()
        what = ("NUL: berkas biner?", "NUL: a binary file?") if char == "\x00" else ("karakter kendali", "a control character")
        raise error(
            Text(f"karakter U+{ord(char):04X} tidak boleh ada dalam YAML ({what[0]})",
                 f"character U+{ord(char):04X} is not allowed in YAML ({what[1]})"),
            SourceLocation(file, line, column),
        )
    builder = _Builder(text, source, limits, error)
    loader = _Loader(text)
    try:
        data = builder.document(loader.get_event)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, file, builder, error) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught above
        raise error(Text(f"YAML tidak sah: {exc}", f"invalid YAML: {exc}"), SourceLocation(file)) from None
    finally:
        loader.dispose()
    return data, source


def _yaml_error(
    exc: yaml.MarkedYAMLError, text: str, file: str, builder: _Builder, error: type[RenjaRulesError]
) -> RenjaRulesError:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        problem = exc.problem or exc.context
        return error(Text(f"YAML tidak sah: {problem}", f"invalid YAML: {problem}"), SourceLocation(file))
    line, column = builder.position(mark)
    problem = exc.problem or exc.context or "YAML tidak sah"
    if "nesting depth" in problem:
        # libyaml >= 0.2.6 (PyYAML >= 6.0.4) has a nesting bound of its own (1,000), lower
        # than a hostile file's depth: answer with our limit, as the builder would have, and
        # where the builder would have. libyaml stops while looking ahead (up to 1,024
        # characters for a possible key), past the level where max_depth was crossed: the
        # text before its stop, read again, brings the builder to that level.
        crossed = _depth_crossed(text[: mark.index], file, builder.limits, error) if mark.index < len(text) else None
        return crossed or builder.over("max_depth", Text("struktur terlalu dalam", "nesting too deep"), mark)
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return error(Text("YAML tidak sah: tab tidak boleh dipakai untuk indentasi; pakai spasi",
                          "invalid YAML: tabs are not allowed for indentation in YAML; use spaces"),
                     SourceLocation(file, line, column))
    return error(Text(f"YAML tidak sah: {_problem_id(problem)}", f"invalid YAML: {problem}"), SourceLocation(file, line, column))


# libyaml's problems as a reader of Bahasa Indonesia reads them (the rest stay as libyaml says).
_PROBLEMS_ID = {
    "mapping values are not allowed here": "nilai pemetaan tidak boleh di sini (titik dua di tempat yang salah, "
                                           "atau teks yang perlu tanda kutip?)",
    "could not find expected ':'": "tidak menemukan ':' yang diharapkan",
    "did not find expected key": "tidak menemukan kunci yang diharapkan (indentasi tidak rata?)",
    "did not find expected node content": "tidak menemukan isi nilai yang diharapkan",
    "did not find expected '-' indicator": "tidak menemukan tanda '-' yang diharapkan (indentasi daftar?)",
    "found unexpected end of stream": "berkas berakhir di tengah nilai (tanda kutip atau kurung belum ditutup?)",
    "found character that cannot start any token": "ada karakter yang tidak dapat mengawali nilai (tab atau '@'?)",
    "found undefined tag handle": "tag tidak dikenal",
    "found unknown escape character": "karakter escape tidak dikenal dalam teks bertanda kutip",
    "did not find expected ',' or ']'": "tidak menemukan ',' atau ']' yang diharapkan",
    "did not find expected ',' or '}'": "tidak menemukan ',' atau '}' yang diharapkan",
    "found unexpected ':'": "':' tak terduga",
    "expected <document start>, but found '<block mapping start>'": "awal dokumen diharapkan (indentasi baris pertama?)",
}


def _problem_id(problem: str) -> str:
    return _PROBLEMS_ID.get(problem, problem)


def _depth_crossed(text: str, file: str, limits: Limits, error: type[RenjaRulesError]) -> RenjaRulesError | None:
    """The max_depth error the builder raises on ``text`` (a file's text up to where libyaml
    gave up on its depth), or None if it raises no such error there."""
    try:
        load_yaml_text(text, file, limits, error)
    except RenjaRulesError as exc:
        return exc if f"max_depth={limits.max_depth}:" in exc.message else None
    return None


_MAX_LISTED = 20  # structural errors listed in one message; a file with more is mostly the wrong file


def located_validation_error(
    exc: ValidationError, source: SourceMap, error: type[RenjaRulesError] = PlanError, model: type | None = None
) -> RenjaRulesError:
    """Every pydantic validation error (up to 20), in the user's words, at the offending key or value.

    The error stands at the first; the others follow in its message, each with its
    line:column, so that a clerk with three typos mends them in one round. ``model`` (the
    validated class) lets an unknown key be answered with the known key it resembles.
    """
    errors = exc.errors(include_url=False)
    # In the order of the file (pydantic's is the model's), the first where the error stands.
    parts = sorted((_explain(item, source, model) for item in errors[:_MAX_LISTED]),
                   key=lambda part: (part[1].line or 0, part[1].column or 0))
    (first, where), rest = parts[0], parts[1:]
    if not rest:
        return error(first, where)
    # One line (a message never breaks a report's lines): the others by line:column.
    also_id = "; ".join(f"{_position(place)}{message}" for message, place in rest)
    also_en = "; ".join(f"{_position(place)}{message.en}" for message, place in rest)
    more = len(errors) - len(parts)
    if more:
        also_id += f"; dan {more} kesalahan lain"
        also_en += f"; and {more} more"
    return error(Text(f"{first} — juga {also_id}", f"{first.en} — also {also_en}"), where)


def _position(place: SourceLocation) -> str:
    return f"{place.line}:{place.column}: " if place.line is not None and place.column is not None else ""


def _explain(item: Any, source: SourceMap, model: type | None) -> tuple[Text, SourceLocation]:
    loc = _data_path(item["loc"], source)
    kind = item["type"]
    dotted = ".".join(str(part) for part in loc) or "(berkas)"
    if kind == "extra_forbidden" and loc:
        import difflib  # only when a key is wrong: not on every start

        key = str(loc[-1])
        close = difflib.get_close_matches(key, _known_keys(model, loc[:-1]), n=1, cutoff=0.6)
        return (Text(f"kunci tidak dikenal '{key}' (di {dotted})" + (f"; maksudnya '{close[0]}'?" if close else ""),
                     f"unknown key '{key}' (at {dotted})" + (f"; did you mean '{close[0]}'?" if close else "")),
                source.locate(loc, key=True))
    if kind == "missing" and loc:
        return (Text(f"kunci wajib '{loc[-1]}' tidak ada", f"missing required key '{loc[-1]}'"), source.locate(loc[:-1]))
    detail = item["msg"].removeprefix("Value error, ")
    return (Text(f"nilai salah untuk '{dotted}': {_detail_id(kind, item.get('ctx') or {}, detail)}",
                 f"wrong value for '{dotted}': {detail}"), source.locate(loc))


# pydantic's error types a plan, rule or configuration file can meet, in Bahasa Indonesia.
_DETAILS_ID = {
    "int_type": "harus bilangan bulat", "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat (tanpa pecahan)",
    "string_type": "harus berupa teks", "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)", "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "list_type": "harus berupa daftar", "bool_type": "harus true atau false", "bool_parsing": "harus true atau false",
    "decimal_type": "harus berupa angka", "decimal_parsing": "harus berupa angka", "float_parsing": "harus berupa angka",
    "none_required": "harus kosong",
}


def _detail_id(kind: str, ctx: dict[str, Any], detail: str) -> str:
    if kind == "literal_error" and "expected" in ctx:
        return f"harus salah satu dari {str(ctx['expected']).replace(' or ', ' atau ')}"
    bounds = {"greater_than_equal": ("ge", "≥"), "greater_than": ("gt", ">"), "less_than_equal": ("le", "≤"),
              "less_than": ("lt", "<")}
    if kind in bounds and bounds[kind][0] in ctx:
        key, sign = bounds[kind]
        return f"harus {sign} {ctx[key]}"
    if kind in ("too_short", "string_too_short"):
        return f"terlalu pendek (paling sedikit {ctx.get('min_length', '?')})"
    if kind in ("too_long", "string_too_long"):
        return f"terlalu panjang (paling banyak {ctx.get('max_length', '?')})"
    if kind == "string_pattern_mismatch":
        return f"tidak sesuai pola {ctx.get('pattern', '')}"
    return _DETAILS_ID.get(kind, detail)  # our own validators' messages are in Bahasa Indonesia already


def _known_keys(model: type | None, path: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at ``path`` (list indexes skipped); none if it cannot be told."""
    current = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in _keys_of(fields):
            return []
        current = _model_in(_keys_of(fields)[part].annotation)
    fields = getattr(current, "model_fields", None)
    return list(_keys_of(fields)) if fields else []


def _keys_of(fields: dict[str, Any]) -> dict[str, Any]:
    return {(info.alias or name): info for name, info in fields.items()}


def _model_in(annotation: Any) -> type | None:
    """The pydantic model inside ``Program | None``, ``list[Program]``, ``Annotated[...]``."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _data_path(loc: tuple[Any, ...], source: SourceMap) -> Path_:
    """pydantic's error location without the validator names it inserts (``function-plain[...]``).

    A part is the data's own when it is a list index or a key written in the file (a key
    may contain brackets too); otherwise it is pydantic's.
    """
    path: list[str | int] = []
    for part in loc:
        candidate = tuple(path) + (part,)
        if isinstance(part, int) or candidate in source.values or candidate in source.keys:
            path.append(part)
        elif not (isinstance(part, str) and "[" in part):
            path.append(part)  # a missing key: not in the file, but named by the model
    return tuple(path)


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
