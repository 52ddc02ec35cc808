"""Configuration, found the way ruff finds it.

For each checked file, the nearest ``.renja-rules.yaml`` or ``pyproject.toml`` with a
``[tool.renja-rules]`` table, walking up from the file's folder, configures the check
(``--config FILE`` names one for all files). In the same folder ``.renja-rules.yaml``
wins over ``pyproject.toml``. Settings::

    select = ["PG", "SL001"]          # rule IDs or ID prefixes to run (default: all)
    ignore = ["KD008"]                # rule IDs or prefixes to skip
    severity = {WJ003 = "error"}      # severity overrides
    per-file-ignores = {"arsip/*.yaml" = ["WJ"]}   # globs relative to the config's folder
    rules = ["aturan-tim/"]           # extra rule files or folders (a team's own rules;
                                      #  same ID replaces a shipped rule)
    lang = "id"                       # default language of messages
    fail-on = "error"                 # lowest severity that fails the run
    default-rules = true              # false: only the rules listed in 'rules'

Command-line options win over the file; the file wins over the defaults. A bad
configuration is a :class:`ConfigError` at the file's own line (exit 2).
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError, RenjaRulesError, SourceLocation, Text
from .nomenclature import BUILT_IN, stamp
from .loader import Limits, SourceMap, load_yaml_text, located_validation_error, read_text
from .rules import Rule, RuleSet, default_rules_dir, load_rules

__all__ = ["ConfigError", "Settings", "find_config", "load_config", "resolve_rules", "settings_for", "with_overrides", "DEFAULT_SETTINGS"]

CONFIG_NAMES = (".renja-rules.yaml", "pyproject.toml")


class _ConfigModel(BaseModel):
    # Built when a configuration is first read: most runs have none (measured: 1.8 ms of a start).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    rules: list[str] = Field(default_factory=list)
    lang: Literal["id", "en"] | None = None
    fail_on: Literal["error", "warning", "info"] | None = Field(None, alias="fail-on")
    default_rules: bool = Field(True, alias="default-rules")
    nomenklatur: list[str] = Field(default_factory=list)


_CODE = re.compile(r"[A-Z]{2,4}[0-9]{0,3}")
# "[^\S\n]*", not "\s*": "\s*" crossed line breaks, so each line of a run of blank lines
# rescanned the rest of the run (quadratic; tests/test_robust_regex.py).
_TOML_PLACE = re.compile(r"\(at line ([0-9]{1,9}), column ([0-9]{1,9})\)")
_TOOL_TABLE = re.compile(r"^[^\S\n]*\[tool\.renja-rules\]", re.MULTILINE)


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of one file (or of the whole run)."""

    source: str | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: tuple[Path, ...] = ()
    default_rules: bool = True
    lang: str = "id"
    fail_on: str = "error"
    # Reference lists of the nomenclature (absolute paths, or "bawaan": the shipped ones).
    nomenklatur: tuple[str, ...] = ()

    def ignored_for(self, file: str | Path) -> tuple[str, ...]:
        """Rule prefixes ignored for this file by ``per-file-ignores``."""
        if not self.per_file_ignores:
            return ()  # most runs have none: no path arithmetic for each of thousands of files
        try:
            relative = Path(os.path.abspath(file)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            relative = Path(file).as_posix()
        found: list[str] = []
        for pattern, prefixes in self.per_file_ignores:
            if fnmatch.fnmatch(relative, pattern):
                found.extend(prefixes)
        return tuple(found)

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain data, for ``--show-settings``."""
        return {
            "config": self.source or "(defaults)",
            "select": list(self.select) if self.select is not None else "ALL",
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "per-file-ignores": {pattern: list(codes) for pattern, codes in self.per_file_ignores},
            "rules": ([str(default_rules_dir())] if self.default_rules else []) + [str(p) for p in self.rules],
            "lang": self.lang,
            "fail-on": self.fail_on,
            "nomenklatur": list(self.nomenklatur),
        }


DEFAULT_SETTINGS = Settings()


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or a folder).

    A ``pyproject.toml`` that mentions renja-rules but cannot be read as TOML (a malformed
    ``[tool.renja-rules`` header, bytes that are not UTF-8) is a :class:`ConfigError`: taking
    it for "no configuration" would run other rules than the team set, without a word.
    """
    folder = Path(os.path.abspath(start if start.is_dir() else start.parent))
    for candidate in [folder, *folder.parents]:
        yaml_config = candidate / ".renja-rules.yaml"
        if yaml_config.is_file():
            return yaml_config
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    if b"renja-rules" not in data:
        return False  # some other project's pyproject.toml: not ours to judge
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        read_text(pyproject, Limits(max_bytes=1024 * 1024), ConfigError)  # raises, at the bad byte
        raise  # pragma: no cover - read_text refuses what decode refused
    if _TOOL_TABLE.search(text) is not None:
        return True
    # Mentioned, but no well-formed table header: either a dependency on renja-rules, or a
    # table whose header is broken. TOML itself tells the two apart.
    table, _ = _toml_table(text, str(pyproject))
    return bool(table)


@lru_cache(maxsize=64)
def load_config(path: Path, discovered: bool = False) -> Settings:
    """Read one configuration file. Raises :class:`ConfigError` with the file's line and column.

    A ``discovered`` configuration (found beside the checked plans, which may come from
    anyone) may name rule files only inside its own project: its folder and below, or the
    git repository it sits in. One named with ``--config`` may name any.
    """
    path = Path(path)
    data, source = _read_config(path)
    try:
        model = _ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise located_validation_error(exc, source, ConfigError, model=_ConfigModel) from None
    _check_codes(model, source)
    root = Path(os.path.abspath(path.parent))
    _check_paths(model, root, source, discovered)
    return Settings(
        source=str(path),
        root=root,
        select=tuple(model.select) if model.select is not None else None,
        ignore=tuple(model.ignore),
        severity=tuple(sorted(model.severity.items())),
        per_file_ignores=tuple((pattern, tuple(codes)) for pattern, codes in model.per_file_ignores.items()),
        rules=tuple(Path(os.path.abspath(root / rule)) for rule in model.rules),
        default_rules=model.default_rules,
        lang=model.lang or "id",
        fail_on=model.fail_on or "error",
        nomenklatur=tuple(name if name == BUILT_IN else os.path.abspath(root / name) for name in model.nomenklatur),
    )


def _check_paths(model: _ConfigModel, root: Path, source: SourceMap, discovered: bool) -> None:
    """Every path the configuration names is one; a discovered configuration's stay inside its project."""
    for key, names in (("rules", model.rules), ("nomenklatur", model.nomenklatur)):
        for index, name in enumerate(names):
            if "\x00" in name or not name.strip():
                raise ConfigError(Text(f"{key}: {name!r} bukan jalur berkas", f"{key}: {name!r} is not a path"),
                                  source.locate((key, index)))
    if discovered:
        _confine_rules(model.rules, root, source)
        _confine_rules([name for name in model.nomenklatur if name != BUILT_IN], root, source, "nomenklatur")


def _read_config(path: Path) -> tuple[Any, SourceMap]:
    """The settings a configuration file holds (a mapping), and where each is."""
    limits = Limits(max_bytes=1024 * 1024)
    text = read_text(path, limits, ConfigError)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        return _toml_table(text, str(path))
    data, source = load_yaml_text(text, str(path), limits, ConfigError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(Text("berkas konfigurasi harus berupa pemetaan pengaturan",
                               "a configuration file must be a mapping of settings"), source.locate(()))
    return data, source


def _check_codes(model: _ConfigModel, source: SourceMap) -> None:
    """Every code in select, ignore, severity and per-file-ignores is a rule ID or an ID prefix."""
    for key, codes in [("select", model.select or []), ("ignore", model.ignore), ("severity", list(model.severity))] + [
        ("per-file-ignores", codes) for codes in model.per_file_ignores.values()
    ]:
        for code in codes:
            if not _CODE.fullmatch(code):
                raise ConfigError(Text(f"'{code}' di '{key}' bukan ID aturan atau awalannya (mis. 'PG001', 'PG')",
                                       f"'{code}' in '{key}' is not a rule ID or ID prefix (e.g. 'PG001', 'PG')"),
                                  source.locate((key,)))


def _project_root(folder: Path) -> Path:
    """The git repository around ``folder`` (the nearest folder above holding ``.git``), else ``folder``."""
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return folder


def _confine_rules(rules: list[str], root: Path, source: SourceMap, key: str = "rules") -> None:
    project = Path(os.path.realpath(_project_root(root)))
    for index, rule in enumerate(rules):
        target = Path(os.path.realpath(root / rule))  # links resolved: a link cannot lead out
        if target != project and project not in target.parents:
            raise ConfigError(Text(
                f"{key}: '{rule}' berada di luar proyek konfigurasi ini ({project}): konfigurasi yang ditemukan "
                "di samping rencana hanya boleh menyebut berkas di dalamnya (berikan yang lain dengan "
                "--rules atau --config)",
                f"{key}: '{rule}' lies outside this configuration's project ({project}): a configuration found "
                "beside the plans may only name files inside it (give others with --rules or --config)"),
                source.locate((key, index)))


def _toml_table(text: str, file: str) -> tuple[Any, SourceMap]:
    # Imported here: only a pyproject.toml needs it, and every start of the command pays an import.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(Text("TOML bersarang terlalu dalam", "TOML nested too deeply"), SourceLocation(file, 1, 1)) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)  # Python 3.14 and newer
        column = getattr(exc, "colno", None)
        if line is None:  # before: only the message says where, "... (at line 4, column 18)"
            place = _TOML_PLACE.search(str(exc))
            line, column = (int(place[1]), int(place[2])) if place else (None, None)
        problem = exc.args[0] if exc.args else exc
        raise ConfigError(Text(f"TOML tidak sah: {problem}", f"invalid TOML: {problem}"),
                          SourceLocation(file, line, column)) from None
    tool = document.get("tool", {})
    table = tool.get("renja-rules", {}) if isinstance(tool, dict) else {}
    # tomllib keeps no positions: find each key's line in the [tool.renja-rules] table by text.
    source = SourceMap(file)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"\s*\[tool\.renja-rules", line)), 0)
    source.values[()] = (start + 1, 1)
    for key, place in _key_lines(lines, start, table if isinstance(table, dict) else ()).items():
        source.values[(key,)] = place
        source.keys[(key,)] = place
    return table, source


def _key_lines(lines: list[str], start: int, keys: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Line and column of each key's first ``key =`` (or ``"key" =``) line from ``start`` on.

    One pass over the lines: a pattern per key tried on every line cost keys x lines
    (10 s for a table of 5,000 keys; tests/test_robust_regex.py). A key holding ``=``,
    ``"`` or surrounding blanks is not placed; its table's line stands for it.
    """
    wanted = {key for key in keys if key and key == key.strip() and "=" not in key and '"' not in key}
    found: dict[str, tuple[int, int]] = {}
    for number in range(start, len(lines)):
        if len(found) == len(wanted):
            break
        head, equals, _ = lines[number].partition("=")
        if not equals:
            continue
        name = head.strip()
        unquoted = name.removeprefix('"')
        for candidate in (name, unquoted, name.removesuffix('"'), unquoted.removesuffix('"')):
            if candidate in wanted and candidate not in found:
                found[candidate] = (number + 1, len(head) - len(head.lstrip()) + 1)
    return found


def with_overrides(
    settings: Settings,
    *,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] = (),
    rules: tuple[Path, ...] = (),
    default_rules: bool | None = None,
    lang: str | None = None,
    fail_on: str | None = None,
) -> Settings:
    """Command-line options over a file's settings: ``select`` replaces, ``ignore`` and ``rules`` extend."""
    return replace(
        settings,
        select=select if select is not None else settings.select,
        ignore=settings.ignore + ignore,
        rules=settings.rules + tuple(Path(os.path.abspath(path)) for path in rules),
        default_rules=settings.default_rules if default_rules is None else default_rules,
        lang=lang or settings.lang,
        fail_on=fail_on or settings.fail_on,
    )


def settings_for(file: Path, explicit: Path | None) -> Settings:
    """The settings that apply to ``file``: the explicit ``--config``, else the nearest file, else defaults."""
    if explicit is not None:
        return load_config(Path(os.path.abspath(explicit)))
    found = find_config(file)
    return load_config(found, discovered=True) if found is not None else DEFAULT_SETTINGS


def _selected(rule: Rule, settings: Settings, ignored: tuple[str, ...]) -> bool:
    rule_id = rule.id
    if rule.spec.opt_in and (settings.select is None or rule_id not in settings.select):
        return False  # an opt-in rule runs only when selected by its full ID
    if settings.select is not None and not any(rule_id.startswith(code) for code in settings.select):
        return False
    return not any(rule_id.startswith(code) for code in settings.ignore + ignored)


def resolve_rules(settings: Settings, file: str | Path | None = None, extra: tuple[Path, ...] = ()) -> RuleSet:
    """The rule set for ``settings`` (and, with ``file``, its per-file ignores); compiled once per combination."""
    ignored = settings.ignored_for(file) if file is not None else ()
    # The reference lists' files, stamped: a list edited while the process runs (the web page) is read again.
    lists = stamp(settings.nomenklatur, default_rules_dir()) if settings.nomenklatur else ()
    return _resolved(settings, ignored, tuple(extra), lists)


@lru_cache(maxsize=256)
def _resolved(settings: Settings, ignored: tuple[str, ...], extra: tuple[Path, ...],
              lists: tuple[tuple[Path, int, int], ...]) -> RuleSet:
    base = _base_rules(settings.default_rules, settings.rules + extra)
    overrides = dict(settings.severity)
    chosen = []
    for rule in base:
        if not _selected(rule, settings, ignored):
            continue
        severity = next((level for code, level in overrides.items() if rule.id.startswith(code)), None)
        chosen.append(replace(rule, severity=severity) if severity else rule)
    # A check that checks nothing must not look like a pass. (per-file-ignores may still
    # silence every rule for the files they name: that is said file by file, on purpose.)
    if not chosen and not any(_selected(rule, settings, ()) for rule in base):
        where = SourceLocation(settings.source) if settings.source else None
        if not base:
            raise ConfigError(Text("tidak ada aturan: default-rules mati dan tidak ada berkas aturan (rules, --rules)",
                                   "no rules: the default rules are off and no rule file is given (rules, --rules)"),
                              where)
        raise ConfigError(Text("tidak ada aturan yang terpilih: select/ignore menyisihkan semua aturan",
                               "no rule selected: select and ignore leave none of the rule set's rules"), where)
    if settings.nomenklatur:
        chosen = _with_nomenclature(chosen, settings)
    return RuleSet(tuple(chosen))


def _with_nomenclature(rules: list[Rule], settings: Settings) -> list[Rule]:
    """The rules that compare with reference lists, given the lists the configuration names."""
    from .nomenclature import load_nomenclature

    where = SourceLocation(settings.source) if settings.source else None
    try:
        reference = load_nomenclature(settings.nomenklatur, default_rules_dir())
    except OSError as error:
        raise ConfigError(Text(f"nomenklatur: {error.filename}: {error.strerror}",
                               f"nomenklatur: {error.filename}: {error.strerror}"), where) from None
    return [replace(rule, params=rule.params.with_reference(reference)) if hasattr(rule.params, "with_reference")
            else rule for rule in rules]


@lru_cache(maxsize=32)
def _base_rules(default_rules: bool, extra: tuple[Path, ...]) -> RuleSet:
    paths: list[Path] = ([default_rules_dir()] if default_rules else []) + list(extra)
    return load_rules(paths, opt_in=True)  # every rule: _selected decides which opt-in ones run
