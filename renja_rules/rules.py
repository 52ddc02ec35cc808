"""Stage 3: rule files, compiled once into :class:`Rule` objects ready to run.

A rule file is YAML (``schemas/rules.schema.json``)::

    version: 1
    rules:
      - id: SL001
        title: {id: "Selisih = pagu setelah − pagu sebelum", en: "..."}
        severity: error
        applies_to: indikator
        documents: [perubahan-renja]
        kind: expression
        params: {assert: "selisih == sesudah.pagu - sebelum.pagu"}
        message: {id: "... {expected} ... {actual}", en: "..."}
        rationale: {id: "...", en: "..."}

Everything is checked here, before any plan is read: the rule's shape, its kind, the
kind's parameters (each kind declares them), field names against the plan model,
expressions through the whitelisting parser, and message placeholders. A mistake is
a :class:`~renja_rules.errors.RuleError` at the rule file's own line and column.
"""

from __future__ import annotations

import hashlib
import os

import string
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleError, SourceLocation, Text
from .expression import Expression, ExpressionError, parse_expression
from .kinds import COMMON_PLACEHOLDERS, KINDS, CompileError, Kind
from .fastload import fast_read, locate_paths
from .loader import Limits, SourceMap, load_yaml_text, located_validation_error, read_text
from .model import JENIS_DOKUMEN, Jenis
from .modeldata import Unexpected, as_data, rebuilt
from .plan import field_catalogue
from .violation import Severity

__all__ = ["Rule", "RuleSet", "load_rules", "parse_rules", "default_rules_dir", "keeping_compiled_rules", "LANGUAGES"]

LANGUAGES = ("id", "en")

Level = Literal["dokumen", "program", "kegiatan", "sub_kegiatan", "indikator"]


class Localized(BaseModel):
    """A text in Bahasa Indonesia and in English."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)


EXPECTED_KEYS = frozenset({"kode", "field", "expected", "actual", "path"})  # what a FAIL example may expect


class Examples(BaseModel):
    """Plan snippets on which the rule must stay silent (pass) and must fire (fail)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    pass_: list[dict[str, Any] | str] = Field(
        default_factory=list, alias="pass", description="Plan snippets (mappings, or YAML text when comments matter); "
        "or {plan: <snippet>, params: {...}} to run the rule with these parameters over its own."
    )
    fail: list[dict[str, Any] | str] = Field(
        default_factory=list,
        description="Plan snippets the rule must fire on; or {plan: <snippet>, expect: [{kode, field, expected, "
        "actual, path}, ...]}: then exactly these findings, in order (values as the JSON report writes them); "
        "'params' (optional) runs the rule with these parameters over its own.",
    )

    @field_validator("fail")
    @classmethod
    def _expectations(cls, snippets: list[dict[str, Any] | str]) -> list[dict[str, Any] | str]:
        for snippet in snippets:
            if not isinstance(snippet, dict) or "plan" not in snippet:
                continue
            unknown = set(snippet) - {"plan", "expect", "params"}
            if unknown:
                raise ValueError(f"a FAIL example with 'plan' holds only 'plan', 'expect' and 'params', "
                                 f"not {sorted(unknown)}")
            if not isinstance(snippet.get("params", {}), dict):
                raise ValueError("'params' of an example is a mapping of the rule's parameters")
            expect = snippet.get("expect")
            if not isinstance(expect, list) or not expect or not all(isinstance(item, dict) for item in expect):
                raise ValueError("'expect' is a list of the findings expected, each a mapping")
            for item in expect:
                wrong = set(item) - EXPECTED_KEYS
                if wrong:
                    raise ValueError(f"an expected finding names {sorted(EXPECTED_KEYS)}, not {sorted(wrong)}")
        return snippets


class RuleSpec(BaseModel):
    """One rule as written in a rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^[A-Z]{2,4}[0-9]{3}$", description="Stable ID: a family prefix and three digits.")
    title: Localized
    severity: Severity
    applies_to: Level
    documents: list[Jenis] | None = Field(None, description="Document kinds the rule applies to; default all.")
    kind: str
    params: dict[str, Any] = Field(default_factory=dict)
    when: str | None = Field(None, description="Condition (an expression) for the rule to apply to an item.")
    message: Localized
    rationale: Localized | None = None
    legal_basis: str | None = None
    fix: Literal["safe", "unsafe"] | None = Field(
        None,
        description="Whether --fix may rewrite the stated value with the expected one: 'safe' when only one "
        "answer is right (selisih, percentages, counts), 'unsafe' when the fault may lie elsewhere (sums).",
    )
    examples: Examples | None = None
    opt_in: bool = Field(
        False, description="Off unless a configuration or --select names its full ID: a stricter check a team "
        "may adopt (e.g. a note on every changed target).",
    )


class RuleFileSpec(BaseModel):
    """A rule file: a format version and its rules."""

    model_config = ConfigDict(extra="forbid", title="renja-rules rule file", defer_build=True)

    version: int = Field(1, ge=1, le=1, description="Rule file format version; 1.")
    rules: list[RuleSpec] = Field(default_factory=list)


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """A compiled rule: checked, with its kind and compiled parameters, ready to run."""

    id: str
    title: Localized
    severity: Severity
    level: str
    documents: frozenset[str] | None
    kind: Kind
    params: Any
    when: Expression | None
    message: Localized
    rationale: Localized | None
    legal_basis: str | None
    fix: str | None
    examples: Examples | None
    spec: RuleSpec
    location: SourceLocation
    # The spec in JSON form (field names), when the rule was read from kept data: what the result
    # cache's fingerprint hashes, without building the spec's serializer (see spec_data()).
    kept_data: dict[str, Any] | None = None

    def applies_to_document(self, jenis: str) -> bool:
        return self.documents is None or jenis in self.documents

    def spec_data(self) -> dict[str, Any]:
        """The rule as written, in JSON form (field names, not aliases)."""
        return self.kept_data if self.kept_data is not None else self.spec.model_dump(mode="json")


@dataclass(frozen=True, eq=False)
class RuleSet:
    """An ordered set of compiled rules, looked up by ID and by document kind."""

    rules: tuple[Rule, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    @cached_property
    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def _for_jenis(self) -> dict[str, tuple[Rule, ...]]:
        running = [rule for rule in self.rules if not getattr(rule.params, "idle", False)]
        return {jenis: tuple(rule for rule in running if rule.applies_to_document(jenis)) for jenis in JENIS_DOKUMEN}

    def for_document(self, jenis: str) -> tuple[Rule, ...]:
        """The rules that apply to a document of this kind, in order; a rule whose compiled parameters
        say it is ``idle`` (a nomenclature rule without a list) is left out."""
        return self._for_jenis.get(jenis, ())


def default_rules_dir() -> Path:
    """The shipped rule set: the package's own copy when installed, else ``rules/`` of the source tree.

    An installed package (a wheel) carries it as ``renja_rules/_rules/``. The source tree's
    ``rules/`` is taken only beside its ``pyproject.toml``: next to an installed package,
    ``../rules`` would be whatever else site-packages holds under that name.
    """
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    if installed.is_dir():
        return installed
    source = here.parent / "rules"
    if source.is_dir() and (here.parent / "pyproject.toml").is_file():
        return source
    raise RuleError(Text("perangkat aturan bawaan tidak ada di instalasi ini", "the default rule set is missing from "
                         "this installation"), SourceLocation(str(here)))


# Bounds on what a list of rule paths may bring in: a configuration found beside the plans
# may name a folder, and `rules: ["/"]` walked the whole filesystem (10 s, 259 MB).
MAX_RULE_FILES = 500
MAX_RULE_ENTRIES = 20_000  # files and folders looked at while searching rule folders
MAX_RULE_BYTES = 32 * 1024 * 1024  # all rule files of one set together


def _rule_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    seen = 0
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            files.append(path)
            continue
        found: list[Path] = []
        for folder, folders, names in os.walk(path):
            folders.sort()
            seen += len(folders) + len(names)
            if seen > MAX_RULE_ENTRIES:
                raise RuleError(Text(f"lebih dari {MAX_RULE_ENTRIES:,} berkas dan folder di bawah folder aturan ini: "
                                     "sebut berkas aturannya atau folder yang lebih kecil",
                                     f"more than {MAX_RULE_ENTRIES:,} files and folders under this rule folder: name "
                                     "the rule files or a smaller folder"), SourceLocation(str(path)))
            found.extend(Path(folder, name) for name in names if name.endswith((".yaml", ".yml")))
        files.extend(sorted(p for p in found if p.is_file()))
    if len(files) > MAX_RULE_FILES:
        raise RuleError(Text(f"{len(files):,} berkas aturan: paling banyak {MAX_RULE_FILES} dibaca dalam satu "
                             "perangkat aturan",
                             f"{len(files):,} rule files: at most {MAX_RULE_FILES} are read in one rule set"),
                        SourceLocation(str(files[MAX_RULE_FILES])))
    return files


def load_rules(
    paths: Iterable[str | Path] | None = None, limits: Limits | None = None, *, opt_in: Iterable[str] | bool = ()
) -> RuleSet:
    """Load and compile rule files (files or folders); the default rule set when ``paths`` is None.

    A later rule with the same ID as an earlier one replaces it, so a team's file can
    override a shipped rule. A rule marked ``opt_in`` is left out unless ``opt_in`` names
    its ID (``True``: every one). Raises :class:`~renja_rules.errors.RuleError`.
    """
    limits = limits or Limits()
    files = _rule_files([default_rules_dir()] if paths is None else paths)
    compiled: dict[str, Rule] = {}
    total = 0
    for file in files:
        text = read_text(file, limits, RuleError)
        total += len(text)
        if total > MAX_RULE_BYTES:
            limit = MAX_RULE_BYTES // (1024 * 1024)
            raise RuleError(Text(f"berkas aturan bersama-sama lebih dari {limit} MiB",
                                 f"the rule files together are larger than {limit} MiB"), SourceLocation(str(file)))
        kept = _KEPT.get()
        for rule in parse_rules(text, str(file), limits) if kept is None else _kept_rules(kept, text, str(file), limits):
            compiled[rule.id] = rule
    wanted = opt_in if isinstance(opt_in, bool) else frozenset(opt_in)
    return RuleSet(tuple(rule for rule in compiled.values()
                         if not rule.spec.opt_in or wanted is True or (wanted and rule.id in wanted)))


# --- the compiled rule set kept between runs (issue 19) -------------------------------------

class RuleStore(Protocol):
    """Where compiled rule files are kept as data: the result cache (renja_rules.cache.Cache).

    Keys stand for a rule file's text, format and limits; the store makes them its own (with
    the tool's version)."""

    def rule_file(self, key: str) -> Any | None: ...

    def keep_rule_file(self, key: str, payload: Any) -> None: ...


_KEPT: ContextVar[RuleStore | None] = ContextVar("renja_rules_kept_rules", default=None)
KEPT_FORMAT = 1  # the layout of a kept rule file: change it when the data below changes


@contextmanager
def keeping_compiled_rules(store: RuleStore | None) -> Iterator[None]:
    """Inside the block, :func:`load_rules` keeps each rule file's rules in ``store`` as data,
    and reads them from there when the file, the tool's version and the limits are the same.

    The command line does this with its result cache (not with ``--no-cache``); the library
    never does on its own: it writes nothing anywhere unasked.
    """
    token = _KEPT.set(store)
    try:
        yield
    finally:
        _KEPT.reset(token)


def _kept_rules(store: RuleStore, text: str, file: str, limits: Limits) -> list[Rule]:
    """The rules of one rule file, from what ``store`` kept of the same text if it can be used.

    Kept: each rule's spec and validated parameters in JSON form and its line and column
    (:mod:`renja_rules.modeldata`). From them the rules are compiled again (expressions go
    through the parser as ever) without parsing YAML or building the rule files' models.
    Anything unexpected in the kept data, or a rule that would not come back the same from
    it, means the file is read as if nothing were kept.
    """
    # The store adds its own version to the key (a new version of the tool reads every file again).
    key = hashlib.sha256(f"{KEPT_FORMAT}\x1f{limits!r}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()
    payload = store.rule_file(key)
    if payload is not None:
        try:
            return [_kept_rule(entry, file) for entry in payload["rules"]]
        except Exception:  # noqa: BLE001 - whatever is wrong with kept data, the file itself decides
            pass
    rules = parse_rules(text, file, limits)
    entries = [_rule_data(rule) for rule in rules]
    if all(entry is not None for entry in entries):
        store.keep_rule_file(key, {"rules": entries})
    return rules


def _rule_data(rule: Rule) -> dict[str, Any] | None:
    spec = as_data(rule.spec)
    params = as_data(rule.kind.params.model_validate(rule.spec.params))
    if spec is None or params is None:
        return None
    return {"spec": spec, "params": params, "line": rule.location.line, "column": rule.location.column}


def _kept_rule(entry: dict[str, Any], file: str) -> Rule:
    spec = rebuilt(RuleSpec, entry["spec"])
    kind = KINDS[spec.kind]  # type: ignore[attr-defined]
    params = rebuilt(kind.params, entry["params"])
    line, column = entry["line"], entry["column"]
    if spec.applies_to not in kind.levels or type(line) is not int or type(column) is not int:  # type: ignore[attr-defined]
        raise Unexpected("a kept rule's level or position")
    place = SourceMap(file)
    place.values[()] = (line, column)
    return _finish_rule(spec, kind, params, (), place, entry["spec"])  # type: ignore[arg-type]


def parse_rules(text: str, file: str = "<rules>", limits: Limits | None = None) -> list[Rule]:
    """Compile the rules of one rule file given as text.

    Like a plan, a rule file is first read by the fast path (:mod:`renja_rules.fastload`),
    and only the rules' own positions are placed; a mistake (to be reported where it is)
    sends the file through the full loader, whose errors are the ones raised. Every run reads the
    default rule set, so its files are written for the fast path: a "%" after a comma in a quoted
    text, or an escaped quote, would send a file to the full loader (the fast path's prechecks
    cannot tell the first from a directive); ``tests/test_rules.py`` keeps every shipped file on it.
    """
    limits = limits or Limits()
    read = fast_read(text, limits.max_scalar_length, limits.max_nodes, limits.max_bytes)
    if read is not None:
        data, parsed = read
        rules = data.get("rules") if isinstance(data, dict) else None
        wanted = {("rules", index) for index in range(len(rules))} if isinstance(rules, list) else set()
        places = SourceMap(file)  # the rules' own positions: all a rule file without a mistake needs
        places.values.update(locate_paths(text, wanted, parsed, parents=False))
        try:
            return _compile_file(data, places)
        except RuleError:
            pass  # a mistake: the full loader below finds it again, at its own line and column
    data, source = load_yaml_text(text, file, limits, RuleError)
    return _compile_file(data, source)


def _compile_file(data: Any, source: SourceMap) -> list[Rule]:
    # What is not a rule file at all is said so without quoting it: a path from a
    # configuration may name any file (`rules: ["/etc/shadow"]` printed its first line).
    # (A mapping with one known key is a rule file with a mistake, reported in full below.)
    if not isinstance(data, dict) or (data and not data.keys() & RuleFileSpec.model_fields.keys()):
        raise RuleError(Text("bukan berkas aturan: berkas aturan adalah pemetaan dengan 'version' dan 'rules'",
                             "not a rule file: a rule file is a mapping with 'version' and 'rules'"), source.locate(()))
    try:
        spec = RuleFileSpec.model_validate(data)
    except ValidationError as exc:
        raise located_validation_error(exc, source, RuleError, model=RuleFileSpec) from None
    seen: dict[str, int] = {}
    rules = []
    for index, rule_spec in enumerate(spec.rules):
        path = ("rules", index)
        if rule_spec.id in seen:
            raise RuleError(Text(f"ID aturan {rule_spec.id} didefinisikan dua kali di berkas ini",
                                 f"rule ID {rule_spec.id} is defined twice in this file"), source.locate(path + ("id",)))
        seen[rule_spec.id] = index
        rules.append(_compile_rule(rule_spec, path, source))
    return rules


def _compile_rule(spec: RuleSpec, path: tuple, source: SourceMap) -> Rule:
    kind = KINDS.get(spec.kind)
    if kind is None:
        known = ", ".join(sorted(KINDS))
        raise RuleError(Text(f"{spec.id}: jenis aturan '{spec.kind}' tidak dikenal (yang dikenal: {known})",
                             f"{spec.id}: unknown kind '{spec.kind}' (known kinds: {known})"), source.locate(path + ("kind",)))
    if spec.applies_to not in kind.levels:
        levels = ", ".join(kind.levels)
        raise RuleError(Text(
            f"{spec.id}: jenis aturan '{spec.kind}' tidak dapat berlaku pada '{spec.applies_to}' (hanya pada {levels})",
            f"{spec.id}: kind '{spec.kind}' cannot apply to '{spec.applies_to}' (it applies to {levels})"),
            source.locate(path + ("applies_to",)),
        )
    try:
        params = kind.params.model_validate(spec.params)
    except ValidationError as exc:
        error = located_validation_error(exc, _shifted(source, path + ("params",)), RuleError, model=kind.params)
        said = error.message
        raise RuleError(Text(f"{spec.id}: parameter {said}", f"{spec.id}: parameter {getattr(said, 'en', said)}"),
                        error.location) from None
    return _finish_rule(spec, kind, params, path, source)


def _finish_rule(spec: RuleSpec, kind: Kind, params: Any, path: tuple, source: SourceMap,
                 kept_data: dict[str, Any] | None = None) -> Rule:
    """The rule compiled from its validated spec and parameters (read, or kept: see _kept_rules)."""
    try:
        compiled = kind.compile(params, spec.applies_to)
    except CompileError as exc:
        where = source.locate(path + ("params", exc.param))
        raise RuleError(f"{spec.id}: {exc.message}", _at_offset(where, exc.offset)) from None
    when = None
    if spec.when is not None:
        try:
            when = parse_expression(spec.when, field_catalogue(spec.applies_to))
        except ExpressionError as exc:
            raise RuleError(
                f"{spec.id}: when: {exc.message}", _at_offset(source.locate(path + ("when",)), exc.offset)
            ) from None
    allowed = COMMON_PLACEHOLDERS | kind.placeholders
    for lang in LANGUAGES:
        _check_placeholders(spec, lang, allowed, source, path + ("message", lang))
    return Rule(
        id=spec.id,
        title=spec.title,
        severity=spec.severity,
        level=spec.applies_to,
        documents=frozenset(spec.documents) if spec.documents else None,
        kind=kind,
        params=compiled,
        when=when,
        message=spec.message,
        rationale=spec.rationale,
        legal_basis=spec.legal_basis,
        fix=spec.fix,
        examples=spec.examples,
        spec=spec,
        location=source.locate(path),
        kept_data=kept_data,
    )


def _shifted(source: SourceMap, prefix: tuple) -> SourceMap:
    """A view of ``source`` in which paths start inside ``prefix`` (for nested validation)."""
    shifted = SourceMap(source.file)
    size = len(prefix)
    shifted.values = {key[size:]: value for key, value in source.values.items() if key[:size] == prefix}
    shifted.keys = {key[size:]: value for key, value in source.keys.items() if key[:size] == prefix}
    return shifted


def _at_offset(where: SourceLocation, offset: int | None) -> SourceLocation:
    if offset is None or where.column is None:
        return where
    # Point into the expression; +1 for the opening quote of a quoted scalar (approximate for folded text).
    return SourceLocation(where.file, where.line, where.column + offset + 1)


def _check_placeholders(spec: RuleSpec, lang: str, allowed: frozenset[str], source: SourceMap, path: tuple) -> None:
    text = getattr(spec.message, lang)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise RuleError(f"{spec.id}: message.{lang}: {exc}", source.locate(path)) from None
    for _literal, name, format_spec, conversion in parsed:
        if name is None:
            continue
        # Only plain names: '{kode.__class__}' or '{x[0]}' would reach into Python objects.
        if name not in allowed or format_spec or conversion:
            raise RuleError(
                f"{spec.id}: message.{lang}: placeholder '{{{name}}}' is not allowed "
                f"(allowed: {', '.join('{' + p + '}' for p in sorted(allowed))})",
                source.locate(path),
            )
