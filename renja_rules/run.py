"""One run over many files: the orchestration behind ``renja-rules check``.

For each file: its settings (nearest configuration, then the command line), its rule
set (compiled once per distinct configuration), its plan; plans of one folder, PD and
year are linked as a document set; then the check, the optional fixes, and the
baseline. Files are independent: one that cannot be read is reported and the others
are still checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .baseline import Baseline
from .config import Settings, resolve_rules, settings_for, with_overrides
from .documents import link_documents
from .engine import check
from .errors import RenjaRulesError
from .fixes import Edit, fix_text, unified_diff
from .plan import Plan, load_plan, parse_plan
from .report import FileResult, Result, write_atomic
from .rules import RuleSet

__all__ = ["RunOptions", "RunState", "FixOutcome", "run_files"]


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


@dataclass
class FixOutcome:
    """What fixing did (or, with --diff, would do) to one file."""

    file: str
    edits: list[Edit]
    diff: str
    error: str | None = None


@dataclass
class RunState:
    result: Result
    fixes: list[FixOutcome] = field(default_factory=list)
    settings: dict[str, Settings] = field(default_factory=dict)
    stale: list[dict[str, object]] = field(default_factory=list)


def _settings(file: Path, options: RunOptions) -> Settings:
    base = settings_for(file, options.config)
    return with_overrides(
        base, select=options.select, ignore=options.ignore, rules=options.rules,
        default_rules=options.default_rules, lang=options.lang, fail_on=options.fail_on,
    )


def _write_fixed(path: Path, text: str) -> None:
    # Keep a byte-order mark the file had; the loader dropped it from the text.
    bom = path.read_bytes()[:3] == b"\xef\xbb\xbf"
    write_atomic(path, ("\ufeff" if bom else "") + text)


def run_files(files: list[Path], options: RunOptions, lang: str) -> RunState:
    """Check (and fix) ``files``; every outcome, including unreadable files, is in the state."""
    state = RunState(Result())
    plans: list[tuple[Path, Plan, RuleSet]] = []
    for file in files:
        try:
            settings = _settings(file, options)
            rules = resolve_rules(settings, file)
            plan = load_plan(file)
        except RenjaRulesError as error:
            state.result.files.append(FileResult(str(file), error=error))
            continue
        state.settings[str(file)] = settings
        plans.append((file, plan, rules))
        state.result.files.append(FileResult(str(file), plan=plan))
    link_documents([plan for _, plan, _ in plans])

    by_file = {str(file): (file, plan, rules) for file, plan, rules in plans}
    for file_result in state.result.files:
        if file_result.plan is None:
            continue
        file, plan, rules = by_file[file_result.file]
        if options.fix or options.diff:
            plan = _fix(file, plan, rules, options, state) or plan
            file_result.plan = plan
        file_result.violations = check(plan, rules, lang=lang)
    if options.baseline is not None:
        # One pass over all files: a fingerprint names its file, the counts are global.
        new, state.stale = options.baseline.filter(state.result.violations)
        keep = {id(violation) for violation in new}
        for file_result in state.result.files:
            file_result.violations = [v for v in file_result.violations if id(v) in keep]
    return state


def _fix(file: Path, plan: Plan, rules: RuleSet, options: RunOptions, state: RunState) -> Plan | None:
    """Apply (or, with --diff, only show) the fixes of one file; returns the re-read plan if written."""
    others = [other for other in plan.related.values()]
    try:
        fixed = fix_text(plan.text, plan.file, rules, unsafe=options.unsafe_fixes, related=others)
    except RenjaRulesError as error:  # pragma: no cover - the plan parsed a moment ago
        state.fixes.append(FixOutcome(plan.file, [], "", str(error)))
        return None
    if not fixed.edits or fixed.text == plan.text:
        return None
    state.fixes.append(FixOutcome(plan.file, fixed.edits, unified_diff(plan.text, fixed.text, plan.file)))
    if options.diff:
        return None
    try:
        _write_fixed(file, fixed.text)
    except OSError as error:
        state.fixes[-1].error = error.strerror or str(error)
        return None
    new_plan = parse_plan(fixed.text, plan.file)
    new_plan.related = plan.related
    for other in plan.related.values():
        other.related[plan.jenis] = new_plan
    return new_plan
