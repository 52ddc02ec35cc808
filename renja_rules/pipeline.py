"""The single path from plan files to findings: settings, read, link, check.

Everything that checks plans goes through here: the command line's runs (in this process,
or in the worker processes of :mod:`renja_rules.run`, which schedules folders, keeps the
cache and adds no checking of its own), the web page's worker, ``--fix``, and the rules'
own examples:

1. :func:`settings_of` — the settings that apply to a file (the nearest configuration, or
   ``--config``, under the command line's options);
2. read — :func:`load_plans` (a YAML plan through :func:`renja_rules.plan.parse_plan`, or every
   table of a workbook or PDF-table text through :mod:`renja_rules.readers`), with the file's
   rule set;
3. :func:`check_plans` — link the plans of one folder into document sets (same perangkat
   daerah and year), then check each with its rules.

:func:`check_folder` is the three steps for the files of one folder, in this process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Hashable, Iterable, TypeVar

from .config import DEFAULT_SETTINGS, Settings, resolve_rules, settings_for, with_overrides
from .documents import link_documents, unlink
from .engine import check
from .errors import RenjaRulesError
from .loader import Limits, read_text
from .plan import Plan, parse_plan
from .report import FileResult
from .rules import RuleSet
from .violation import Violation

if TYPE_CHECKING:
    from .baseline import Baseline
    from .report import Result

__all__ = ["RunOptions", "TABLE_SUFFIXES", "settings_of", "rules_of_file", "load_plan", "load_plans", "check_plans",
           "check_folder", "check_paths"]

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class RunOptions:
    """What the command line says; ``None`` means "as the configuration says"."""

    config: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    rules: tuple[Path, ...] = ()
    default_rules: bool | None = None
    lang: str | None = None
    fail_on: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    baseline: Baseline | None = None
    isolated: bool = False
    """Read no configuration file (``--isolated``, as ruff has it): only these options and the defaults.

    The web page sets it: a configuration above its temporary folder is nobody's choice."""


def settings_of(file: Path, options: RunOptions, memo: dict[str, Settings] | None = None) -> Settings:
    """The settings of ``file``; ``memo`` keeps them by folder for the rest of a run.

    (Finding the nearest configuration file looks in every folder up to the root: for
    each of thousands of files of one folder, that was 3% of the time of checking it.)
    """
    # os.path, not pathlib: for each of 22,000 files, Path.is_dir and Path.parent cost more
    # than the rest of finding the settings.
    if memo is None or os.path.isdir(file):
        return _settings_uncached(file, options)
    folder = os.path.dirname(file)
    settings = memo.get(folder)
    if settings is None:
        settings = memo[folder] = _settings_uncached(file, options)
    return settings


def _settings_uncached(file: Path, options: RunOptions) -> Settings:
    base = DEFAULT_SETTINGS if options.isolated and options.config is None else settings_for(file, options.config)
    return with_overrides(
        base, select=options.select, ignore=options.ignore, rules=options.rules,
        default_rules=options.default_rules, lang=options.lang, fail_on=options.fail_on,
    )


# Tables people exchange, read by renja_rules.readers (imported only when such a file is loaded).
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".xls", ".ods")


def load_plan(path: str | Path, limits: Limits | None = None) -> Plan:
    """Load and validate one plan file. Raises :class:`~renja_rules.errors.PlanError`."""
    limits = limits or Limits()
    file_path = Path(path)
    if file_path.suffix.lower() in TABLE_SUFFIXES:
        from .readers.plans import load_table_plan

        return load_table_plan(file_path)  # type: ignore[return-value]
    text = read_text(file_path, limits)
    return parse_plan(text, str(path), limits)


def load_plans(path: str | Path, limits: Limits | None = None) -> list[Plan]:
    """Every plan of one file: a plan file holds one; a workbook or PDF-table text one per
    table, in the file's order, each naming its sheet (``plan.sheet``)."""
    file_path = Path(path)
    if file_path.suffix.lower() in TABLE_SUFFIXES:
        from .readers.plans import load_table_plans

        return load_table_plans(file_path)  # type: ignore[return-value]
    return [load_plan(file_path, limits)]


def check_plans(
    entries: Iterable[tuple[Key, Plan, RuleSet]],
    lang: str,
    *,
    related: Iterable[Plan] = (),
    before_check: Callable[[Key, Plan, RuleSet], Plan] | None = None,
) -> list[tuple[Key, Plan, list[Violation]]]:
    """Link ``entries`` (and ``related``, plans of the same folder that are not checked now) into
    document sets, then check each entry's plan with its rules, in order.

    ``before_check`` may replace a plan once it is linked (``--fix`` writes the file and reads it
    again); the replacement keeps the links.
    """
    entries = list(entries)
    plans = [plan for _, plan, _ in entries] + list(related)
    if len(plans) == 1:
        plans[0].related, plans[0].chain = {}, []  # a set of one (most plans, in the workers' hot path)
    else:
        link_documents(plans)
    checked = []
    for key, plan, rules in entries:
        if before_check is not None:
            plan = before_check(key, plan, rules)
        checked.append((key, plan, check(plan, rules, lang=lang)))
    return checked


def check_folder(
    files: list[Path],
    rules_for: Callable[[Path], RuleSet],
    lang: str,
    *,
    keep_plans: bool = False,
    before_check: Callable[[int, Plan, RuleSet], Plan] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Read, link and check the files of one folder; one result per file, in order.

    ``rules_for`` gives a file's rule set (:func:`rules_of_file` under the command line's
    options). A file that cannot be read (or whose configuration or rules cannot) is a result
    with its error; the others are still checked. A workbook or PDF-table text gives one plan per table,
    all in its one result (``tables``). With ``keep_plans`` each result keeps its plans for
    reports that render them; otherwise the links of the folder's sets are undone afterwards,
    so that every plan is freed by its reference count.
    """
    results: list[FileResult] = [FileResult(str(file)) for file in files]
    entries: list[tuple[int, Plan, RuleSet]] = []
    for index, file in enumerate(files):
        try:
            rules = rules_for(file)
            entries.extend((index, plan, rules) for plan in load_plans(file))
        except RenjaRulesError as error:
            results[index].error = error.in_language(lang)
        if progress:
            progress(1)  # read; checking the folder's plans afterwards is the smaller part
    for index, plan, found in check_plans(entries, lang, before_check=before_check):
        result = results[index]
        if result.plan is None and keep_plans:
            result.plan = plan
        result.violations = result.violations + found if result.violations else found
        if keep_plans:
            result.tables.append((plan, found))
    if not keep_plans:
        for _, plan, _ in entries:
            unlink(plan)  # a document set links its plans both ways: a cycle to undo
    return results


def rules_of_file(options: RunOptions, memo: dict[str, Settings] | None = None) -> Callable[[Path], RuleSet]:
    """A file's rule set under ``options`` (its settings remembered by folder in ``memo``)."""
    memo = {} if memo is None else memo
    return lambda file: resolve_rules(settings_of(file, options, memo), file)


def check_paths(files: list[Path], rules: RuleSet, lang: str) -> Result:
    """Check ``files`` (one folder's worth, or any) with one rule set, all in this process, plans kept.

    The library's way to get what ``renja-rules check`` reports, for embedding and tests:
    one unreadable file does not stop the others.
    """
    from .report import Result

    return Result(check_folder(files, lambda _file: rules, lang, keep_plans=True), rules=rules)
