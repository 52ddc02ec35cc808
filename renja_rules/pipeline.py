"""From the paths a user names to a :class:`~renja_rules.report.Result`: the one path the
command line (``check``, ``export``) and the web page (``serve``) share.

discover (``renja_rules.discovery``) → leave out rule files → read, link and check
(``renja_rules.run``, with its cache and worker processes) → what could not even be looked
at joins the result as unreadable files → the rule set the reports describe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .cache import Cache
from .discovery import Discovery, discover_plans
from .errors import RenjaRulesError
from .report import FileResult
from .rules import RuleSet
from .run import RunOptions, RunState, _settings, run_files

__all__ = ["Submission", "check_submission", "discover_submission", "rules_of", "without_rule_files"]


@dataclass
class Submission:
    """The plan files a run checks, and what discovery could not look at."""

    files: list[Path]
    problems: list[RenjaRulesError]


def without_rule_files(files: list[Path], named: Iterable[str], options: RunOptions) -> list[Path]:
    """``files`` less the rule files found in folders: those the configuration (``rules``),
    ``--rules`` or the default rule set name. A rule file is never a plan, and a team keeps
    its rules beside its plans; a file named on the command line is checked as asked.
    """
    from .rules import default_rules_dir

    asked = {os.path.abspath(path) for path in named}
    by_folder: dict[Path, tuple[str, ...] | None] = {}  # the rule paths that apply in a folder
    kept = []
    for file in files:
        absolute = os.path.abspath(file)
        if absolute in asked:
            kept.append(file)
            continue
        folder = file.parent
        if folder not in by_folder:
            try:
                settings = _settings(file, options)
                sources = settings.rules + ((default_rules_dir(),) if settings.default_rules else ())
            except RenjaRulesError:
                # A configuration that cannot be read, or no default rule set: the check of
                # the file reports it, at its place.
                by_folder[folder] = None
            else:
                by_folder[folder] = tuple(os.path.abspath(source) for source in sources)
        sources = by_folder[folder]
        if not sources or not any(absolute == source or absolute.startswith(source + os.sep) for source in sources):
            kept.append(file)
    return kept


def discover_submission(paths: Iterable[str], options: RunOptions, found: Discovery | None = None) -> Submission:
    """The plan files under ``paths`` (rule files left out) and the problems of looking for them."""
    paths = list(paths)
    found = found if found is not None else discover_plans(paths)
    return Submission(without_rule_files(found.files, paths, options), list(found.problems))


def check_submission(
    submission: Submission,
    options: RunOptions,
    lang: str,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    keep_plans: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunState:
    """Check a submission: ``state.result`` holds every file, readable or not, and the rules."""
    state = run_files(submission.files, options, lang, jobs=jobs, cache=cache, keep_plans=keep_plans,
                      progress=progress)
    # What discovery could not look at is a file that could not be checked, in every report.
    state.result.files.extend(FileResult(problem.file or "", error=problem.in_language(lang))
                              for problem in submission.problems)
    state.result.rules = rules_of(state)
    return state


def rules_of(state: RunState) -> RuleSet | None:
    """The rule set of the first checked file, for reports that describe the rules."""
    from .config import resolve_rules

    tried = set()
    for file, settings in state.settings.items():
        if settings in tried:
            continue
        tried.add(settings)
        try:
            return resolve_rules(settings, file)
        except RenjaRulesError:
            continue  # its rule files are broken: the report says so for each file they stopped
    return None
