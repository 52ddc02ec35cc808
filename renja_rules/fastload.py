"""The fast path of loading: rapidyaml (C++) when it is installed, no positions.

Most files in a plan repository are clean, and a clean file needs no line or column.
So a plan is first read with rapidyaml, emitted as JSON inside rapidyaml and read back
with the standard library's C JSON reader; positions are computed (with the PyYAML
loader of :mod:`renja_rules.loader`) only when something is reported. Exactness is
kept: quoted scalars are strings, plain numbers come back as their own text
(:class:`~renja_rules.numbers.YamlNumber`, never a float), so ``2.10`` and
``1.234.567,00`` arrive exactly as written.

Anything this path does not handle the way the PyYAML path does — anchors and aliases,
tags, ``~``, tabs, several documents, duplicate keys, a parse error — makes it step
aside (return ``None``), and the full loader answers with its own checks and messages.
rapidyaml is optional: without it every file takes the full path.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import json
import os
import re
from contextlib import contextmanager
from typing import Any, Iterator

import yaml

from .numbers import YamlNumber

__all__ = ["fast_load", "fast_read", "decline_reason", "read_or_decline", "locate_paths", "Parsed", "AVAILABLE"]

try:  # optional dependency: pip install renja-rules[fast]
    import ryml as _ryml
except ImportError:  # pragma: no cover - depends on the installation
    _ryml = None

try:  # libyaml, through PyYAML: the full loader's parser (see _libyaml_accepts)
    from yaml import _yaml as _libyaml
except ImportError:  # pragma: no cover - PyYAML built without libyaml: every file takes the full path
    _libyaml = None
    _ryml = None

AVAILABLE = _ryml is not None

# Constructs whose meaning differs between the two parsers (or that only the full loader
# bounds): their presence anywhere in the text sends the file down the full path. In ASCII:
# a tab (_TAB_APART), "\n---", "\n..." (other than one document's own) and the escapes of
# _ESCAPES_APART.
_DECLINE_NON_ASCII = ("\x85", "\u2028", "\u2029")
# Escapes in double-quoted scalars ("\t", "\u00e9", "\"", and the escaped line breaks with which
# PyYAML folds a long double-quoted text) read alike in both parsers, except these (found by
# a differential fuzz of every escape in every scalar style, tests/test_fastpath.py): "\L"
# and "\P" grow when decoded, and rapidyaml's in-place decoding then drops a character
# before them; an escaped line break before an empty line, and an escaped space at the end
# of a line, are folded differently. An invalid escape (a lone surrogate "\uD800") is
# refused by libyaml's raw pass (_libyaml_accepts).
_ESCAPES_APART = re.compile(r"\\(?:[LP]|[ ]+\r?\n|\r?\n[ ]*(?:\r?\n|\Z))")
# A tab is text to both parsers between two letters or digits ("Program\tPenunjang", a row of
# cells pasted into a value). Anywhere else it may be a separator, indentation or trailing
# white space, which the two read differently (a plain "x-\t" before "," keeps its tab in
# rapidyaml, not in PyYAML): a tab not between two such characters sends the file on.
_ORDINARY = r"[^\s:,\-\[\]{}#&*!|>'\"%@?~`\\]"
_TAB_APART = re.compile(rf"(?<!{_ORDINARY})\t|\t(?!{_ORDINARY})")
# A flow collection's comma at the start of a line, after blank lines: rapidyaml ends the plain
# scalar before it with those line breaks ("[x\n\n\n , y]" is ["x\n", "y"] to it, ["x", "y"] to
# PyYAML; found by a differential fuzz). Plans do not put commas first; such a file is read
# by the full loader.
_LEADING_COMMA = re.compile(r"\n[ ]*,")
# What starts a line and needs a closer look: a document marker or a comma. One scan for all
# three (each of "\n---" in text, "\n..." in text and _LEADING_COMMA alone cost about as much:
# 0.11-0.13 ms on a 90 KB plan).
_LINE_START = re.compile(r"\n(?:---|\.\.\.|[ ]*,)")
# Anchors, aliases, tags, complex and merge keys and the ~ null only mean something where a
# node starts (after "key: ", "- ", a flow bracket or comma, or at the start of a line);
# elsewhere "&", "*", "!", "?" and "~" are plain text ("Koperasi & UKM", "*) catatan"
# inside a sentence). The same places are where "@" and "`" (reserved), "%" (a directive at
# the start of a line; elsewhere refused by PyYAML, read as text by rapidyaml in a flow
# mapping) and "]" and "}" (outside a flow collection) make PyYAML refuse a plain scalar
# that rapidyaml accepts; "80,79%" and "100 %" are text to both.
# The patterns may match more than those places (then the full loader reads the file,
# exactly), never less. Each runs only when its characters occur, or starts with a
# literal, because a pattern that tries every position costs milliseconds per plan.
_NODE_PROPERTY = re.compile(
    r"(?:^|[:\-,\[{])[ ]*(?:[&*!@`%?]|~[ ]*(?:$|[\r,\]}#]))|(?:^|[:\-,{])[ ]*\]|(?:^|[:\-,\[])[ ]*\}"
    r"|<<[ ]*:",
    re.MULTILINE,
)
# (An empty collection, "[]", "[ ]", "{}", is read alike by both parsers: its closing bracket
# after its opening one is no node property; `sub_kegiatan: []` sent whole plans to the full loader.)


def _closing_at_start(text: str) -> bool:
    """A ``]`` or ``}`` that starts a plain scalar: at the start of the text or of a line, or
    after ``": "`` or ``"- "``. rapidyaml reads it as text; PyYAML refuses it.

    Each bracket is looked at where it is (``str.find``): a pattern tried at every colon
    and line break cost five times as much on a plan full of flow mappings (measured).
    """
    for bracket in "]}":
        index = text.find(bracket)
        while index >= 0:
            before = _before_spaces(text, index)
            if before < 0:
                if index == 0:
                    return True
            else:
                char = text[before]
                if char == "\n" or (before < index - 1 and (char == ":" or char == "-")):
                    return True
            index = text.find(bracket, index + 1)
    return False


def _indentation_indicator(text: str) -> bool:
    """A block scalar's header with an explicit indentation (``|2``, ``>-1``, ``|+3``) where a
    node starts. rapidyaml reads such a scalar whose first lines hold only spaces differently
    (``|2`` then ``"   "``: empty to it, a space and a line break to PyYAML; found by a
    differential fuzz). Plans write ``>-`` and ``|`` as headers, and ``>90%`` in their text,
    which is no header: only a ``|`` or ``>`` at a node start can be one (``_at_node_start``;
    after a tag or an anchor the text is declined already)."""
    for char in "|>":
        index = text.find(char)
        while index >= 0:
            after = text[index + 1:index + 3]
            header = after[:1] in _DIGITS or (after[:1] in ("-", "+") and after[1:2] in _DIGITS)
            if header and _at_node_start(text, index):
                return True
            index = text.find(char, index + 1)
    return False


_DIGITS = frozenset("0123456789")  # (str.isdigit also takes "²")


def _before_spaces(text: str, index: int) -> int:
    """The index of the last character before ``index`` that is not a space (-1: none)."""
    before = index - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    return before


def _at_node_start(text: str, index: int) -> bool:
    """Whether ``text[index]`` stands where a node starts: at the start of a line or after
    ``:``, ``-``, ``,``, ``[`` or ``{``, with only spaces between (``_NODE_PROPERTY``'s prefix)."""
    before = _before_spaces(text, index)
    return before < 0 or text[before] in "\n:-,[{"


def _node_property(text: str, watched: set[int]) -> bool:
    """``_NODE_PROPERTY.search(text)``, looking only where its characters are (tested alike).

    The pattern tries every position of the text (1.3 ms on a 50 KB plan); a plan with a
    question mark in a sentence need not pay that.
    """
    if _LESS in watched and _MERGE_KEY.search(text):
        return True
    for char in _PROPERTY_STARTS:
        if ord(char) not in watched:
            continue
        index = text.find(char)
        while index >= 0:
            if _at_node_start(text, index) and _property_at(text, index, char):
                return True
            index = text.find(char, index + 1)
    return False


def _property_at(text: str, index: int, char: str) -> bool:
    """Whether ``char``, at a node start at ``index``, begins a node property (or what the parsers
    read differently there); an empty collection's closing bracket does not."""
    after = index + 1
    if char == "~":
        while after < len(text) and text[after] == " ":
            after += 1
        return after == len(text) or text[after] in "\n\r,]}#"  # (\r: a CRLF line end)
    if char == "?":
        # A key in a flow collection, followed by anything ("[a, ?b]" is [a, {b: null}] to
        # PyYAML, text to rapidyaml); in block context only before a space. Both decline.
        return True
    return not _empty_collection(text, index)


_PROPERTY_STARTS = "&*!@`%]}~?"
_OPENING = {"]": "[", "}": "{"}


def _empty_collection(text: str, index: int) -> bool:
    """Whether the bracket at ``index`` closes a collection opened just before it (spaces between)."""
    opening = _OPENING.get(text[index])
    before = _before_spaces(text, index)
    return opening is not None and before >= 0 and text[before] == opening
_MERGE_KEY = re.compile(r"<<[ ]*:")


# A document's own explicit markers: "---" before it (yamllint's document-start rule asks
# for one, so many plan repositories write it) and "..." after it. rapidyaml reads a text
# with "---" as a stream of documents, so the markers are blanked to spaces (every offset,
# line and column stays where it was) and the rest is read as usual; libyaml still judges
# the file as written. At column 0 and followed by a space or a line break, "---" and "..."
# are markers wherever they stand (libyaml's scanner), so a marker line with only comments
# and blank lines before (---) or after (...) it can only be the one document's own.
_MARKER_REST = re.compile(r"(?:[ ]+(?:#[^\r\n]*)?)?\r?(?:\n|\Z)")  # after the three characters
_BLANK_LINES = re.compile(r"(?:[ ]*(?:#[^\r\n]*)?\r?\n)*")  # comments and empty lines, each ended
_BLANK_TAIL = re.compile(r"(?:[ ]*(?:#[^\r\n]*)?\r?\n)*[ ]*(?:#[^\r\n]*)?")  # ... up to the end


def _one_document(text: str) -> str | None:
    """``text`` with its one document's own ``---`` and ``...`` lines blanked, or None when it
    has a marker that is not (several documents, a marker inside content, ``...`` first)."""
    if text.startswith("..."):
        return None  # an end before any document: PyYAML refuses it, with its position
    start = 0 if text.startswith("---") else text.find("\n---") + 1
    if start > 0 or text.startswith("---"):
        if not (_BLANK_LINES.fullmatch(text, 0, start) and _MARKER_REST.match(text, start + 3)):
            return None
        text = text[:start] + "   " + text[start + 3:]
    end = text.rfind("\n...") + 1
    if end > 0:
        rest = _MARKER_REST.match(text, end + 3)
        if rest is None or not _BLANK_TAIL.fullmatch(text, rest.end()):
            return None
        text = text[:end] + "   " + text[end + 3:]
    if "\n---" in text or "\n..." in text:
        return None  # another document, or a marker inside this one
    return text


# The ASCII characters some check above looks for. One C pass deletes every other byte of
# the text (bytes.translate), so each check runs only when its characters occur: most plans
# hold none of them, and twenty scans of the text cost more than a millisecond.
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # not printable in YAML
_WATCHED = frozenset(b"\t\\%\r&*!~?<@`]}" + _CONTROL)
_UNWATCHED = bytes(byte for byte in range(256) if byte not in _WATCHED)
_TAB, _BACKSLASH, _CR, _CLOSE_SQUARE, _CLOSE_CURLY = b"\t\\\r]}"
_PROPERTY_BYTES = frozenset(b"&*!~?@`%")  # what triggers _NODE_PROPERTY, with "<<"
_LESS = ord("<")


def _not_printable(original: bytes, watched: set[int]) -> bool:
    """Whether the text holds a character YAML does not allow in a stream, which the full
    loader refuses with its position: ``renja_rules.loader._NOT_PRINTABLE.search(text)``,
    on the text's UTF-8 (tested alike).

    The pattern tries every character (0.45 ms on a 90 KB plan with a name in non-ASCII
    letters); in UTF-8 the characters it refuses are ASCII controls (found by the watched
    bytes), C1 controls (``C2 80``-``C2 9F`` but ``C2 85``), surrogates (``ED A0``-``ED BF``,
    only in a test's "surrogatepass" bytes: a text with one is never encoded) and ``U+FFFE``
    and ``U+FFFF`` (``EF BF BE``/``BF``); their lead bytes are rare and found by ``bytes.find``.
    """
    if not watched.isdisjoint(_CONTROL):
        return True
    index = original.find(0xC2)
    while index >= 0:
        if original[index + 1:index + 2] in _C1:
            return True
        index = original.find(0xC2, index + 2)
    index = original.find(0xED)
    while index >= 0:
        if original[index + 1:index + 2] >= b"\xa0":
            return True
        index = original.find(0xED, index + 3)
    index = original.find(b"\xef\xbf")
    while index >= 0:
        if original[index + 2:index + 3] >= b"\xbe":
            return True
        index = original.find(b"\xef\xbf", index + 3)
    return False


_C1 = frozenset(bytes([byte]) for byte in range(0x80, 0xA0) if byte != 0x85)  # (U+0085 is printable)


# Numbers rapidyaml's JSON writes differently from the text: JSON has no ".5" or "5.", so they
# come back as 0.5 and 5.0, where PyYAML keeps the text. When rapidyaml hands back a number
# it may have rewritten (_maybe_rewritten), any such form anywhere in the text sends the file
# on: a value can stand on a line of its own after a comment ("j: # c\n  .5"), where the
# pattern of the places a value starts, used before, did not look (found by a differential
# fuzz). Only plans with a plain 0.x or x.0 number pay for the search; a sentence ending in
# "2021." then sends one to the full loader, which reads it exactly.
_REWRITABLE = re.compile(r"(?<![\w.])[-+]?\.\d|\d\.(?![\w.])")
# The values the parsers read differently in words: YAML 1.1's .nan and .inf, which rapidyaml
# keeps as text, and nulls it keeps as text (Null, NULL).
_DIVERGENT_WORDS = re.compile(r"\.(?:inf|Inf|INF|nan|NaN|NAN)\b|N(?:ull|ULL)\b")


def _maybe_rewritten(number: str) -> bool:
    return number.lstrip("+-").startswith("0.") or number.endswith(".0")


class _Decline(Exception):
    """This file is for the full loader."""


def _hook(max_scalar: int | None, booleans: list[int]):  # type: ignore[no-untyped-def]
    """The object hook: a C-built dict per mapping, then checks that rarely find anything.

    ``booleans[0]`` counts the booleans it turns back into text."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            raise _Decline  # duplicate key: the full loader reports where
        values = result.values()
        # `in` compares in C; only booleans equal True or False here (numbers are text).
        if True in values or False in values:
            for key, value in items:
                if value is True or value is False:
                    result[key] = "true" if value else "false"  # the full loader keeps a boolean's text
                    booleans[0] += 1
        if max_scalar is not None:
            for value in values:
                if isinstance(value, str) and len(value) > max_scalar:
                    raise _Decline  # over the limit: the full loader refuses it, with its position
        return result

    return pairs


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors on file descriptor 2 before raising: silence it.

    The full loader then reports the problem in the user's words, with its position.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to silence
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


# Every value rapidyaml makes a node of is introduced by one of these characters (a mapping
# value by ":", a list entry by "-" or by "[" and ","; "{" and "," for flow mappings): their
# count, plus the root, bounds the number of nodes before anything is parsed. Over the
# limit, the full loader reads the file and stops at the limit, with its position, instead
# of rapidyaml building a tree of millions of nodes first.
_NODE_INDICATORS = (":", "-", ",", "[", "{")


def _node_bound(text: str, limit: int) -> int:
    if len(text) < limit:
        return len(text)  # each node takes at least one character of its own
    return 1 + sum(text.count(char) for char in _NODE_INDICATORS)


class Parsed:
    """rapidyaml's tree of a text, parsed in place in ``source``, kept to find positions later."""

    __slots__ = ("tree", "source", "original")

    def __init__(self, text: str, original: bytes | None = None) -> None:
        self.original = text.encode("utf-8") if original is None else original
        # rapidyaml parses in place (filtering scalars inside this copy): offsets into it are
        # offsets into the original, whose bytes are read for quotes, brackets and lines.
        # The tree points into this buffer, which therefore lives exactly as long as it.
        self.source = bytearray(self.original)
        with _quiet_stderr():
            self.tree = _ryml.parse_in_place(self.source)


# complexity: one pass over rapidyaml's tree deciding what the fast path may read; a call per test would cost every plan (the hot path, bench/bench_check.py)
def _declined(text: str, original: bytes) -> str | None:
    """Why the text must be read by the full loader, or None (``original``: its UTF-8).

    Lines that start with a document marker or a comma are looked at before (read_or_decline)."""
    watched = set(original.translate(None, _UNWATCHED))
    if _TAB in watched and _TAB_APART.search(text):
        return "a tab next to a space, a line break or YAML punctuation"
    if _BACKSLASH in watched and _ESCAPES_APART.search(text):
        return "an escape the parsers read differently (\\L, \\P, or folded around an empty line)"
    if not text.isascii():
        if any(marker in text for marker in _DECLINE_NON_ASCII) or _not_printable(original, watched):
            return "a line separator or a character YAML does not print"
    elif not watched.isdisjoint(_CONTROL):
        return "a control character"  # the loader's _NOT_PRINTABLE would: of ASCII, it only refuses these
    if _CR in watched and text.count("\r") != text.count("\r\n"):
        return "a carriage return alone"  # a line break to PyYAML, text to rapidyaml
    if ("|" in text or ">" in text) and _indentation_indicator(text):
        return "a block scalar with an indentation indicator (|2, >-1)"
    if _LESS in watched and "<<" in text:
        return "a merge key (<<)"  # which the full loader refuses; it hides in more places than "<<:"
    if not watched.isdisjoint(_PROPERTY_BYTES):
        # Its brackets at a node start include every place _closing_at_start looks at.
        if _node_property(text, watched):
            return "an anchor, alias, tag, complex key, ~ or reserved character where a node starts"
    elif (_CLOSE_SQUARE in watched or _CLOSE_CURLY in watched) and _closing_at_start(text):
        return "a closing bracket where a node starts"
    # The lower-case words find every spelling the pattern looks for (and some it does not). In
    # the UTF-8 bytes: the words are ASCII, and a text with a letter outside ASCII is stored
    # two bytes a character, where lowering and searching it cost three times as much.
    lowered = original.lower()
    if (b".inf" in lowered or b".nan" in lowered or b"null" in lowered) and _DIVERGENT_WORDS.search(text):
        return "null, .inf or .nan, which the parsers read differently"
    return None


def fast_load(
    text: str, max_scalar: int = 100_000, max_nodes: int = 100_000, max_chars: int = 10 * 1024 * 1024
) -> Any | None:
    """Plain data for a plan's YAML text, or ``None`` when the full loader must do it."""
    read = fast_read(text, max_scalar, max_nodes, max_chars)
    return read[0] if read is not None else None


def fast_read(
    text: str, max_scalar: int = 100_000, max_nodes: int = 100_000, max_chars: int = 10 * 1024 * 1024
) -> tuple[Any, Parsed] | None:
    """Like :func:`fast_load`, with rapidyaml's tree (for :func:`locate_paths` later)."""
    read = read_or_decline(text, max_scalar, max_nodes, max_chars)
    return read if type(read) is tuple else None


def decline_reason(text: str, max_scalar: int = 100_000, max_nodes: int = 100_000,
                   max_chars: int = 10 * 1024 * 1024) -> str | None:
    """Why the fast path leaves ``text`` to the full loader, or None when it reads it (the
    benchmarks report it, and a test keeps ordinary plans on the fast path)."""
    read = read_or_decline(text, max_scalar, max_nodes, max_chars)
    return read if type(read) is str else None


# complexity: the fast reader's one walk over every node of every plan; split, each node would pay a call (bench/bench_check.py)
def read_or_decline(
    text: str, max_scalar: int = 100_000, max_nodes: int = 100_000, max_chars: int = 10 * 1024 * 1024
) -> tuple[Any, Parsed] | str:
    """What :func:`fast_read` returns, or why it returns None (a few words)."""
    if _ryml is None:
        return "rapidyaml is not installed"
    if len(text) > max_chars or _node_bound(text, max_nodes) > max_nodes:
        return "near the size limits (the full loader reports them with a position)"
    try:
        original = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the full loader refuses it, with its position
        return "a lone surrogate"
    parser_text = original  # what libyaml judges: the file as it is
    if text.startswith(("---", "...")) or _LINE_START.search(text):
        if _LEADING_COMMA.search(text):
            return "a line that starts with a comma"
        blanked = _one_document(text)
        if blanked is None:
            return "a document marker (--- or ...) other than one document's own"
        text, original = blanked, blanked.encode("utf-8")
    declined = _declined(text, original)
    if declined is not None:
        return declined
    rewritten: list[str] = []

    def number(text: str) -> YamlNumber:
        if _maybe_rewritten(text):
            rewritten.append(text)
        return YamlNumber(text)

    try:
        parsed = Parsed(text, original)
        tree = parsed.tree
        root = tree.root_id()
        # tree.size() counts the root and every mapping value and list entry: a bound above
        # the full loader's count. Near the limit, the full loader decides, with its position.
        if tree.is_stream(root) or tree.size() > max_nodes:
            return "several documents, or near the node limit"
        if not text.endswith("\n") and _ends_in_block_scalar(tree, root):
            return "a block scalar ends the file without a line break"  # rapidyaml adds one, libyaml not
        # emit_json leaks its buffer in rapidyaml 0.15; emitting into our own buffer does not.
        with _quiet_stderr():  # e.g. "max depth exceeded": the full loader says it in our words
            emitted = bytearray(_ryml.compute_json_length(tree))
            _ryml.emit_json_in_place(tree, emitted)
        # A scalar can only be over the length limit in a text longer than the limit.
        booleans = [0]
        hook = _hook(max_scalar if len(text) > max_scalar else None, booleans)
        data = json.loads(emitted, object_pairs_hook=hook, parse_int=number, parse_float=number, parse_constant=number)
    except Exception as error:  # noqa: BLE001 - any trouble here is the full loader's to explain
        return f"rapidyaml or its JSON refused it ({type(error).__name__})"
    if rewritten and _REWRITABLE.search(text):
        return "a number the parsers read differently"
    # rapidyaml's JSON writes a plain inf, -inf, infinity or nan as ".inf", "-.inf" or ".nan"
    # (PyYAML keeps the text; "nan" is a pandas empty cell turned to text). A text with its
    # own ".inf" or ".nan" was declined above, so any in the JSON is such a rewriting.
    if (b"inf" in original or b"nan" in original) and (b".inf" in emitted or b".nan" in emitted):
        return "inf or nan, which rapidyaml's JSON rewrites"
    if not _libyaml_accepts(parser_text):
        return "libyaml refuses it (a syntax error, reported by the full loader)"
    if not isinstance(data, dict):
        return "not a mapping"
    # A boolean in a list: the hook saw only the mappings' ones. Every JSON true and false was
    # one of those unless the JSON holds more of the words (in a list, or inside a text).
    if (b"true" in original or b"false" in original) \
            and emitted.count(b"true") + emitted.count(b"false") != booleans[0]:
        _list_booleans_as_text(data)
    return data, parsed


def _ends_in_block_scalar(tree: Any, node: int) -> bool:
    """Whether the last value of the document (its rightmost leaf) is a ``|`` or ``>`` scalar.

    Only that one can end a file that has no final line break (a plan saved without one
    is common); a block scalar anywhere else ends at a line break, read alike by both.
    """
    while tree.is_container(node) and tree.num_children(node) > 0:
        node = tree.last_child(node)
    return bool(tree.is_val_literal(node) or tree.is_val_folded(node))


def _list_booleans_as_text(data: dict[str, Any]) -> None:
    """A boolean in a list as its text, as the full loader keeps it (the object hook does a mapping's)."""
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            stack.extend(value for value in node.values() if type(value) is dict or type(value) is list)
            continue
        for index, value in enumerate(node):
            if value is True or value is False:
                node[index] = "true" if value else "false"
            elif type(value) is dict or type(value) is list:
                stack.append(value)


def _libyaml_accepts(original: bytes) -> bool:
    """Whether libyaml, the full loader's parser, reads the text without a syntax error.

    rapidyaml accepts much that libyaml refuses (``{target:, pagu: 1}``, ``[:null]``,
    ``- 'q' -``, ...): no list of such constructs is ever complete, so the full parser
    has the last word. Its raw pass builds no Python object (0.6 ms on a 53 KB plan,
    against 1.4 ms for the rest of this path); a refusal sends the file to the full
    loader, which reports it at its line and column, as it would without rapidyaml. The
    positions (:func:`locate_paths`) and ``--fix`` then read the file with libyaml safely.
    """
    parser = _libyaml.CParser(original)
    try:
        parser.raw_parse()
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return True


def locate_paths(
    text: str, wanted: set[tuple[str | int, ...]], parsed: Parsed | None = None, parents: bool = True
) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Line and column (1-based) of the values at ``wanted`` paths and of their parents.

    With ``parents=False``, only of the deepest part of each path that exists (the path
    itself when it does): what :meth:`SourceMap.locate` answers for the path is the same.

    For a file the fast path read. Its answers are those of
    :class:`~renja_rules.loader.SourceMap` for the same paths (tested on every path of
    every example and generated layout). rapidyaml answers first (:func:`_ryml_positions`);
    what it cannot place the way PyYAML does goes to :func:`_event_positions`.
    """
    found = _ryml_positions(text, wanted, parsed, parents)
    if found is None:
        return _event_positions(text, wanted)
    return found


Position = tuple[int, int]
PathKey = tuple[str | int, ...]


class _Unplaced(Exception):
    """rapidyaml cannot say where PyYAML would place this value: ask libyaml's events."""


class _PyBuffer(ctypes.Structure):
    # Py_buffer of the C API (stable since Python 3.3); ``obj`` as a plain pointer so that
    # ctypes never touches its reference count: PyBuffer_Release does.
    _fields_ = [
        ("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p), ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p),
    ]


def _address(view: memoryview) -> int:
    """Where a memoryview's bytes are: rapidyaml's scalars are views into the parsed buffer.

    (Not ctypes.addressof(c_char * n): each such array type is a new cyclic object.)
    """
    buffer = _PyBuffer()
    if ctypes.pythonapi.PyObject_GetBuffer(ctypes.py_object(view), ctypes.byref(buffer), 0) != 0:
        raise _Unplaced
    try:
        return int(buffer.buf or 0)
    finally:
        ctypes.pythonapi.PyBuffer_Release(ctypes.byref(buffer))


def _ryml_positions(
    text: str, wanted: set[PathKey], parsed: Parsed | None = None, parents: bool = True
) -> dict[PathKey, Position] | None:
    """Positions from rapidyaml's tree: each scalar is a view into the text, so its offset is known.

    PyYAML places a scalar at its first character (the quote of a quoted one), a flow
    collection at its bracket, a block mapping at its first key and a block sequence at
    its first dash. Containers are placed from their first child. Anything else (block
    scalars, empty values, empty collections, comments in the way) is _Unplaced, and the
    whole question goes to libyaml's events: an answer is exact or not given.
    """
    if _ryml is None or text.startswith("\ufeff") or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    try:
        if parsed is None:
            parsed = Parsed(text)
        tree = parsed.tree
        base = _address(memoryview(parsed.source))
        places = _Places(tree, parsed.original, base)
        found: dict[PathKey, Position] = {}
        root = tree.root_id()
        if tree.is_doc(root) and not tree.is_container(root):  # pragma: no cover - the fast path reads mappings
            raise _Unplaced
        for path in wanted:
            size = places.walk(root, path)
            # Only the deepest part that exists is placed unless parents are wanted (each
            # placing costs several calls into rapidyaml, and a long path has a dozen parts).
            for prefix in (path[:end] for end in range(0 if parents else size, size + 1)):
                if prefix not in found:
                    found[prefix] = places.line_column(places.start(places.nodes[prefix]))
        del places
        return found
    except Exception:  # noqa: BLE001 - _Unplaced, or anything unexpected: the events answer instead
        return None


class _Places:
    """Offsets of nodes of one parsed tree in its source, and lines and columns of offsets."""

    def __init__(self, tree: Any, source: bytes, base: int) -> None:
        self.tree = tree
        self.source = source
        self.base = base
        # Lines end in \n or \r\n here (a lone \r was sent to the events). Each line's start
        # is listed once many positions are asked for; a few are counted (see line_column).
        self.line_starts: list[int] | None = None
        self.asked = 0
        self.entries: dict[int, list[int]] = {}
        # The node of every path walked so far: the paths of one plan's violations share
        # most of their parts (/urusan/0/bidang_urusan/0/program/3/...).
        self.nodes: dict[PathKey, int] = {}

    def walk(self, root: int, path: PathKey) -> int:
        """Find the nodes of ``path``'s parts (into ``nodes``); the length of the deepest that exists."""
        nodes = self.nodes
        nodes.setdefault((), root)
        size = len(path)
        while path[:size] not in nodes:
            size -= 1
        node = nodes[path[:size]]
        while size < len(path):
            child = self.child(node, path[size])
            if child is None:
                break
            node, size = child, size + 1
            nodes[path[:size]] = node
        return size

    def child(self, node: int, part: str | int) -> int | None:
        tree = self.tree
        if isinstance(part, int):
            if not tree.is_seq(node) or part >= tree.num_children(node):
                return None
            if part < 16:
                return tree.child(node, part)  # type: ignore[no-any-return]
            # rapidyaml finds the n-th entry by walking its siblings: for long lists, list
            # the entries once, or many positions in a long plan would cost quadratic time.
            entries = self.entries.get(node)
            if entries is None:
                entries = self.entries[node] = []
                entry = tree.first_child(node)
                while entry != _NONE:
                    entries.append(entry)
                    entry = tree.next_sibling(entry)
            return entries[part]
        if not tree.is_map(node):
            return None
        found = tree.find_child(node, part.encode("utf-8"))
        return None if found == _NONE else found  # type: ignore[no-any-return]

    def _offset(self, view: memoryview) -> int:
        offset = _address(view) - self.base
        if not 0 <= offset <= len(self.source):
            raise _Unplaced  # a view outside the source (a scalar rapidyaml rewrote)
        return offset

    def _scalar(self, view: memoryview, quoted: bool, plain: bool) -> int:
        if len(view) == 0:
            raise _Unplaced  # an empty value: PyYAML places it after its indicator
        offset = self._offset(view)
        if quoted:
            offset -= 1
            if offset < 0 or self.source[offset] not in b"'\"":
                raise _Unplaced
        elif not plain:
            raise _Unplaced  # a block scalar: PyYAML places it at its | or >
        return offset

    def key_start(self, node: int) -> int:
        tree = self.tree
        return self._scalar(tree.key(node), tree.is_key_quoted(node), tree.is_key_plain(node))

    def start(self, node: int) -> int:
        """The offset where PyYAML's event for this node's value starts."""
        tree = self.tree
        if not tree.is_container(node):
            return self._scalar(tree.val(node), tree.is_val_quoted(node), tree.is_val_plain(node))
        if tree.num_children(node) == 0:
            raise _Unplaced  # {} or []: no child to place it by
        first = tree.first_child(node)
        inner = self.key_start(first) if tree.is_map(node) else self.start(first)
        if tree.is_flow(node) or not tree.is_map(node):
            # A flow collection starts at its bracket, a block sequence at its dash: the
            # first thing before the first child, across blanks and line breaks.
            expected = (b"{" if tree.is_map(node) else b"[") if tree.is_flow(node) else b"-"
            offset = inner - 1
            while offset >= 0 and self.source[offset] in b" \n\r":
                offset -= 1
            if offset < 0 or self.source[offset : offset + 1] != expected:
                raise _Unplaced
            return offset
        return inner

    def line_column(self, offset: int) -> Position:
        self.asked += 1
        if self.line_starts is None and self.asked <= _COUNTED:
            # Counting line breaks in C up to the offset: cheaper than listing every line
            # of the file when a plan has only a few violations (the usual case).
            line = self.source.count(b"\n", 0, offset) + 1
            start = self.source.rfind(b"\n", 0, offset) + 1
        else:
            if self.line_starts is None:
                self.line_starts = list(
                    itertools.accumulate(map(len, self.source.splitlines(keepends=True)), initial=0)
                )
            line = bisect.bisect_right(self.line_starts, offset)
            start = self.line_starts[line - 1]
        return line, len(self.source[start:offset].decode("utf-8")) + 1


_NONE = 2**64 - 1  # rapidyaml's NONE id (size_t(-1)) as SWIG returns it
_COUNTED = 8  # positions whose line is counted before the lines are listed (measured: about even)


# complexity: a single scan of libyaml's events placing many paths at once; one branch per event type
def _event_positions(text: str, wanted: set[PathKey]) -> dict[PathKey, Position]:
    """The same answers from libyaml's events: a pass that builds no data, follows only the
    branches leading to a wanted path, and stops when all are found."""
    prefixes = {path[:size] for path in wanted for size in range(len(path) + 1)}
    found: dict[tuple[str | int, ...], tuple[int, int]] = {}
    # One frame per open container: [is_mapping, path or None when not followed, index, key]
    stack: list[list[Any]] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue
        if not stack:
            path: tuple[str | int, ...] | None = ()
        else:
            frame = stack[-1]
            if frame[0]:  # in a mapping: a key, then its value
                if frame[3] is None:
                    frame[3] = event.value if isinstance(event, yaml.ScalarEvent) else ""
                    continue
                path = frame[1] + (frame[3],) if frame[1] is not None else None
                frame[3] = None
            else:
                path = frame[1] + (frame[2],) if frame[1] is not None else None
                frame[2] += 1
        if path is not None and path not in prefixes:
            path = None
        if path is not None:
            found[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            if len(found) == len(prefixes):
                break
        if isinstance(event, yaml.MappingStartEvent):
            stack.append([True, path, 0, None])
        elif isinstance(event, yaml.SequenceStartEvent):
            stack.append([False, path, 0, None])
    return found
