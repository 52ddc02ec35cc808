"""One run over many files: the orchestration behind ``renja-rules check``.

For each file: its settings (nearest configuration, then the command line), its rule
set (compiled once per distinct configuration), its plan; plans of one folder, PD and
year are linked as a document set; then the check, the optional fixes, and the
baseline. Files are independent: one that cannot be read is reported and the others
are still checked.

Speed for many files: results are cached by content (:mod:`renja_rules.cache`), and the
folders that need checking are spread over worker processes (``jobs``), each handed over
as soon as the cache has been asked about it. A folder is the unit of work, because its
files may form a document set; inside it, a plan that can be in no set with another is
checked and freed as soon as it is read (:func:`_check_group_paused`). Output order never
depends on the parallelism: results come back in the order the files were named.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .baseline import Baseline
from .cache import Cache, rules_fingerprint
from .config import Settings, resolve_rules
from .discovery import SIDECAR_SUFFIX, Discovery, discover_plans
from .doctypes import document_type
from .documents import guess_set_key, may_be_shared, set_key, unlink
from .errors import PlanError, RenjaRulesError, RuleError, SourceLocation, in_language
from .loader import Limits, read_text
from .gcpause import paused_gc
from .plan import Plan, parse_plan
from .pipeline import TABLE_SUFFIXES, RunOptions, check_folder, check_plans, load_plans, rules_of_file, settings_of
from .report import FileResult, Result, write_atomic
from .rules import RuleSet
from .violation import Violation

__all__ = ["RunOptions", "RunState", "FixOutcome", "Submission", "check_submission", "discover_submission",
           "rules_of", "run_files", "without_rule_files"]

# Below this many files, worker processes cost more than they save.
PARALLEL_THRESHOLD = 16
LIMITS = Limits()  # what load_plan uses when not told otherwise


@dataclass
class FixOutcome:
    """What fixing did (or, with --diff, would do) to one file."""

    file: str
    edits: list[Any]  # renja_rules.fixes.Edit
    diff: str
    error: str | None = None


@dataclass
class RunState:
    result: Result
    fixes: list[FixOutcome] = field(default_factory=list)
    settings: dict[str, Settings] = field(default_factory=dict)
    stale: list[dict[str, object]] = field(default_factory=list)
    checked: int = 0  # files actually checked in this run (not answered by the cache)
    unfixed_tables: list[str] = field(default_factory=list)  # books/texts with fixable findings, not rewritten


@lru_cache(maxsize=512)
def _rules_hash(rules: RuleSet, lang: str) -> str:
    return rules_fingerprint(rules, lang)


def _write_fixed(path: Path, text: str) -> None:
    # Keep a byte-order mark the file had; the loader dropped it from the text.
    with path.open("rb") as handle:
        bom = handle.read(3) == b"\xef\xbb\xbf"
    write_atomic(path, ("\ufeff" if bom else "") + text)


# --- payloads: what crosses process boundaries and lives in the cache ---------------------

_ERRORS: dict[str, type[RenjaRulesError]] = {"PlanError": PlanError, "RuleError": RuleError}


def _error_payload(error: RenjaRulesError, lang: str) -> dict[str, Any]:
    return {"kind": type(error).__name__, "message": in_language(error.message, lang), "file": error.file, "line": error.line,
            "column": error.column}


def _error_from(payload: dict[str, Any]) -> RenjaRulesError:
    cls = _ERRORS.get(payload["kind"], RenjaRulesError)
    location = SourceLocation(payload["file"], payload["line"], payload["column"]) if payload["file"] else None
    return cls(payload["message"], location)


def _check_group(files: list[str], options: RunOptions, lang: str,
                 settings: list[Settings | None] | None = None) -> list[dict[str, Any]]:
    """Check the files of one folder (it may hold document sets); one payload per file.

    ``settings``: each file's settings as the run resolved them (None where that failed: the
    error is found again here, and reported), so that a worker does not read the
    configuration files again."""
    # The collector stays paused for the whole folder: a plan holds no reference cycles
    # (once unlinked from its set), so it is freed by its reference count, without it.
    with paused_gc():
        return _check_group_paused(files, options, lang, settings or [None] * len(files))


# complexity: the workers' hot path: reads, checks alone or in sets, and frees each plan as early as it can
def _check_group_paused(files: list[str], options: RunOptions, lang: str,
                        settings: list[Settings | None]) -> list[dict[str, Any]]:
    payloads: list[dict[str, Any]] = [{} for _ in files]
    read: dict[int, tuple[str, str, RuleSet, tuple[str, str] | None]] = {}
    waiting_tables: list[tuple[int, Plan, RuleSet]] = []
    memo: dict[str, Settings] = {}
    for index, name in enumerate(files):
        path = Path(name)
        resolved = settings[index]
        if path.suffix.lower() in TABLE_SUFFIXES:  # a spreadsheet: read by renja_rules.readers
            try:
                rules = resolve_rules(resolved or settings_of(path, options, memo), path)
                # A workbook or PDF-table text may hold several tables: each is a plan, and
                # together they are the file's result (and a document set, as in a folder).
                waiting_tables.extend((index, plan, rules) for plan in load_plans(path))
            except RenjaRulesError as error:
                payloads[index] = {"error": _error_payload(error, lang)}
            continue
        try:
            rules = resolve_rules(resolved or settings_of(path, options, memo), path)
            text = read_text(path, LIMITS)
        except RenjaRulesError as error:
            payloads[index] = {"error": _error_payload(error, lang)}
            continue
        read[index] = (str(path), text, rules, guess_set_key(str(path), text))

    # A plan whose set can have no other member is checked and freed at once: keeping all
    # of a folder's plans alive until the last is read cost ~9% of the time per plan (each
    # plan in fresh memory, then all freed at the end). The others wait to be linked.
    guesses = Counter(guess for *_, guess in read.values())
    # A shared document (the pagu indikatif list) belongs to every set of the folder: none is alone.
    shared = (any(document_type(plan.jenis).shared for _, plan, _ in waiting_tables)
              or any(may_be_shared(text) for _, text, _, _ in read.values()))
    alone: dict[tuple[str, str], int] = {}  # set key -> index, of the plans checked alone
    waiting: list[tuple[int, Plan, RuleSet]] = waiting_tables
    for index, (file, text, rules, guess) in read.items():
        try:
            plan = parse_plan(text, file, LIMITS)
        except RenjaRulesError as error:
            payloads[index] = {"error": _error_payload(error, lang)}
            continue
        key = set_key(plan)
        if shared or guess is None or guesses[guess] > 1 or key != guess or key in alone:
            waiting.append((index, plan, rules))
        else:
            alone[key] = index
            payloads[index] = _payload(check_plans([(index, plan, rules)], lang)[0][2])
        del plan
    # The guess only orders the work, it never decides a result: a plan checked alone
    # whose set turns out to have another member is read again and checked in its set.
    for key in {set_key(plan) for _, plan, _ in waiting}:
        if key in alone:
            file, text, rules, _ = read[alone[key]]
            waiting.append((alone[key], parse_plan(text, file, LIMITS), rules))
    answered: set[int] = set()  # (a plan checked alone and again in its set: the second result stands)
    for index, _, violations in check_plans(waiting, lang):
        found = _payload(violations)
        if index in answered:  # the next table of a workbook or PDF-table text
            payloads[index]["violations"].extend(found["violations"])
        else:
            payloads[index] = found
            answered.add(index)
    for _, plan, _ in waiting:
        unlink(plan)
    return payloads


def _payload(violations: list[Violation]) -> dict[str, Any]:
    return {"violations": [v.model_dump(mode="json") for v in violations]}


# --- the run --------------------------------------------------------------------------------


def run_files(
    files: list[Path],
    options: RunOptions,
    lang: str,
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    keep_plans: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunState:
    """Check (and fix) ``files``; every outcome, including unreadable files, is in the state.

    ``keep_plans`` keeps each loaded plan in the result (for reports that render tables);
    it checks in this process and without the cache. Fixing does too.
    """
    if keep_plans or options.fix or options.diff:
        state = _run_in_process(files, options, lang, keep_plans, progress)
    else:
        state = _run_cached(files, options, lang, jobs, cache, progress)
    if options.baseline is not None:
        # One pass over all files: a fingerprint names its file, the counts are global.
        new, state.stale = options.baseline.filter(state.result.violations)
        keep = {id(violation) for violation in new}
        for file_result in state.result.files:
            file_result.violations = [v for v in file_result.violations if id(v) in keep]
    return state


def _groups(files: list[Path]) -> dict[Path, list[int]]:
    groups: dict[Path, list[int]] = defaultdict(list)
    for index, file in enumerate(files):
        groups[file.parent].append(index)
    return groups


def _run_cached(
    files: list[Path], options: RunOptions, lang: str, jobs: int, cache: Cache | None,
    progress: Callable[[int], None] | None,
) -> RunState:
    state = RunState(Result())
    results: list[FileResult | None] = [None] * len(files)
    keys: list[str | None] = [None] * len(files)
    work = _Work(files, options, lang, jobs)
    memo: dict[str, Settings] = {}

    def take(indexes: list[int], checked: list[dict[str, Any]]) -> None:
        for i, payload in zip(indexes, checked):
            if cache is not None and keys[i] is not None:
                cache.put(keys[i], payload)
            results[i] = _file_result(files[i], payload)
        state.checked += len(indexes)
        if progress:
            progress(len(indexes))

    try:
        for indexes in _groups(files).values():
            for done in work.results(wait=False):  # what the workers have finished so far
                take(*done)
            if cache is not None and cache.enabled:
                payloads, missing = _from_cache(files, indexes, options, lang, cache, memo, state, keys)
            else:
                payloads, missing = [None] * len(indexes), True
                _remember_settings(files, indexes, options, memo, state)
            if missing:
                # Checked while the next folders are hashed and looked up (in workers, once
                # there is enough work for them): on a cold run of a large corpus, reading
                # and hashing every file first left a core idle for seconds.
                work.add(indexes, [state.settings.get(str(files[i])) for i in indexes])
                continue
            for i, cached in zip(indexes, payloads):
                assert cached is not None
                results[i] = cached
            if progress:
                progress(len(indexes))
        for done in work.results():
            take(*done)
    finally:
        work.close()
    if cache is not None:
        cache.flush()
    for result in results:
        assert result is not None  # every file is answered: by the cache or by a check
        state.result.files.append(result)
    return state


def _from_cache(files: list[Path], indexes: list[int], options: RunOptions, lang: str, cache: Cache,
                memo: dict[str, Settings], state: RunState,
                keys: list[str | None]) -> tuple[list[FileResult | None], bool]:
    """The cached results of one folder's files (``None`` where there is none), and whether any is missing.

    A file's key covers its rules, its content and its neighbours' names and contents (a
    document set is checked together); ``keys`` keeps each key for storing the new result.
    """
    payloads: list[FileResult | None] = [None] * len(indexes)
    missing = False
    contents = [_content(cache, files[i]) for i in indexes]
    neighbours = hashlib.sha256(
        "\x1f".join(f"{files[i].name}:{c}" for i, c in zip(indexes, contents)).encode()
    ).hexdigest()
    for position, (i, content) in enumerate(zip(indexes, contents)):
        try:
            settings = settings_of(files[i], options, memo)
            rules = resolve_rules(settings, files[i])
        except RenjaRulesError:
            missing = True  # the worker reports it
            continue
        state.settings[str(files[i])] = settings
        if content is None:
            missing = True
            continue
        keys[i] = cache.key(_rules_hash(rules, lang), str(files[i]), content, neighbours)
        payload = cache.get(keys[i])
        if payload is not None:
            payloads[position] = _cached_result(files[i], payload, rules, cache.line_count(files[i]))
            if payloads[position] is None:
                cache.rejected()  # forged or damaged: checked again, and the entry replaced
        missing = missing or payloads[position] is None
    return payloads, missing


def _remember_settings(files: list[Path], indexes: list[int], options: RunOptions, memo: dict[str, Settings],
                       state: RunState) -> None:
    for i in indexes:
        try:
            state.settings[str(files[i])] = settings_of(files[i], options, memo)
        except RenjaRulesError:
            pass  # the worker reports it


def _content(cache: Cache, file: Path) -> str | None:
    """The content hash a result depends on: a book's together with its sidecar's, if it has one."""
    content = cache.content_hash(file)
    if content is None or file.suffix.lower() not in TABLE_SUFFIXES:
        return content
    sidecar = file.with_name(file.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return content
    stated = cache.content_hash(sidecar)
    return None if stated is None else hashlib.sha256(f"{content}\x1f{stated}".encode()).hexdigest()


def _possible(payload: dict[str, Any], rules: RuleSet, file: str, lines: int | None) -> bool:
    """Whether a cached payload is one this run could have produced for ``file``.

    The cache folder is only as trusted as the working tree: an entry edited with a
    recomputed checksum must not turn a failing file into a passing one with violations
    that cannot be (a rule not in the set, another severity, a position outside the file).
    A passing result cannot be told from a forged one by its shape; that entry's key holds
    the file's content hash, which the cache verifies on every run by default.
    """
    if set(payload) == {"error"}:
        error = payload["error"]
        return (isinstance(error, dict) and error.get("kind") in (*_ERRORS, "RenjaRulesError")
                and isinstance(error.get("message"), str) and isinstance(error.get("file", ""), (str, type(None)))
                and _position_inside(error.get("line"), error.get("column"), lines))
    violations = payload.get("violations")
    if set(payload) != {"violations"} or not isinstance(violations, list):
        return False
    for entry in violations:
        if not isinstance(entry, dict):
            return False
        rule_id = entry.get("rule_id")
        rule = rules.by_id.get(rule_id) if isinstance(rule_id, str) else None
        if (rule is None or entry.get("severity") != rule.severity or entry.get("file") != file
                or not _position_inside(entry.get("line"), entry.get("column"), lines)):
            return False
    return True


def _cached_result(file: Path, payload: dict[str, Any], rules: RuleSet, lines: int | None) -> FileResult | None:
    """The result a cached payload holds, or None when it is not one this run could have made."""
    if not _possible(payload, rules, str(file), lines):
        return None
    try:
        return _file_result(file, payload)
    except ValueError:  # pydantic's ValidationError: a field of the wrong shape
        return None


def _position_inside(line: object, column: object, lines: int | None) -> bool:
    if line is None and column is None:
        return True
    if type(line) is not int or type(column) is not int or line < 1 or column < 1:
        return False
    return lines is None or line <= lines


def _file_result(file: Path, payload: dict[str, Any]) -> FileResult:
    if "error" in payload:
        return FileResult(str(file), error=_error_from(payload["error"]))
    name = str(file)
    return FileResult(name, [Violation.from_payload(v, name) for v in payload["violations"]])


class _Work:
    """The folders to check, in this process or, once there are enough, in worker processes.

    Folders are handed to the workers as they are added; :meth:`results` gives each
    folder's payloads in the order the folders were added, whatever the order they finish in.
    """

    def __init__(self, files: list[Path], options: RunOptions, lang: str, jobs: int) -> None:
        self.files, self.options, self.lang, self.jobs = files, options, lang, jobs
        # (indexes, their settings as the run resolved them), added before the workers started (or without them)
        self.waiting: list[tuple[list[int], list[Settings | None]]] = []
        self.submitted: list[tuple[list[int], Any]] = []  # (indexes, future)
        self.taken = 0  # how many of the submitted folders results() has given
        self.total = 0
        self.pool: Any = None  # concurrent.futures.ProcessPoolExecutor once started

    def add(self, indexes: list[int], settings: list[Settings | None]) -> None:
        """Check the files at ``indexes`` (one folder), each with its settings as resolved here."""
        self.total += len(indexes)
        if self.pool is not None:
            self._submit(indexes, settings)
            return
        self.waiting.append((indexes, settings))
        if self.jobs > 1 and self.total >= PARALLEL_THRESHOLD and len(self.waiting) >= 2:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_mp_context())
            for waiting, resolved in self.waiting:
                self._submit(waiting, resolved)
            self.waiting = []

    def _submit(self, indexes: list[int], settings: list[Settings | None]) -> None:
        names = [str(self.files[i]) for i in indexes]
        self.submitted.append((indexes, self.pool.submit(_check_group, names, self.options, self.lang, settings)))

    def results(self, wait: bool = True) -> Iterator[tuple[list[int], list[dict[str, Any]]]]:
        """Each folder's payloads, in the order added; without ``wait``, only those already done.

        (Taken while later folders are still being hashed: the progress bar moves, and the
        payloads do not pile up in the futures.)
        """
        if wait:
            # Below the threshold (or with one job) the folders are checked here, one by one.
            for indexes, settings in self.waiting:
                yield indexes, _check_group([str(self.files[i]) for i in indexes], self.options, self.lang, settings)
            self.waiting = []
        while self.taken < len(self.submitted):
            indexes, future = self.submitted[self.taken]
            if not wait and not future.done():
                return
            payloads = future.result()
            self.submitted[self.taken] = (indexes, None)  # the payloads live on only in the caller
            self.taken += 1
            yield indexes, payloads

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _mp_context():  # type: ignore[no-untyped-def]
    import multiprocessing

    # fork starts workers with everything already imported and compiled; elsewhere spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_in_process(files: list[Path], options: RunOptions, lang: str, keep_plans: bool = False,
                    progress: Callable[[int], None] | None = None) -> RunState:
    """Check (and fix) in this process, one folder at a time (:func:`renja_rules.pipeline.check_folder`).

    A folder is the unit because its plans may form a document set; once it is done, its
    plans are let go (unless ``keep_plans``: the HTML report renders them), so memory stays
    flat however many files a ``--fix`` or ``--diff`` run is given.
    """
    state = RunState(Result())
    results: list[FileResult | None] = [None] * len(files)
    memo: dict[str, Settings] = {}
    fixing = options.fix or options.diff
    for indexes in _groups(files).values():
        folder = [files[index] for index in indexes]

        def before_check(number: int, plan: Plan, rules: RuleSet) -> Plan:
            if fixing and plan.sheet is None:  # a table is not fixed in place
                return _fix(folder[number], plan, rules, options, state) or plan
            return plan

        checked = check_folder(folder, rules_of_file(options, memo), lang, keep_plans=keep_plans,
                               before_check=before_check, progress=progress)
        for index, result in zip(indexes, checked):
            results[index] = result
            if result.error is not None:
                continue
            state.settings[result.file] = settings_of(files[index], options, memo)
            state.checked += 1
            if fixing and files[index].suffix.lower() in TABLE_SUFFIXES \
                    and any(v.fix == "safe" or (v.fix and options.unsafe_fixes) for v in result.violations):
                state.unfixed_tables.append(result.file)  # a workbook is the PD's: it is not rewritten
    for result in results:
        assert result is not None  # every file is answered: by an error or by a check
        state.result.files.append(result)
    return state


def _fix(file: Path, plan: Plan, rules: RuleSet, options: RunOptions, state: RunState) -> Plan | None:
    """Apply (or, with --diff, only show) the fixes of one file; returns the re-read plan if written."""
    from .fixes import fix_text, unified_diff  # only a fixing run needs difflib and the fixer

    others = list(plan.related.values())
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
    chain = plan.chain
    if chain:  # the set's one list of members: the re-read plan takes the old one's place in it
        chain[next(index for index, member in enumerate(chain) if member is plan)] = new_plan
        new_plan.chain = chain
    return new_plan


def default_jobs() -> int:
    """All cores, as the issue and ruff's default."""
    return os.cpu_count() or 1


# --- a submission: what discovery found, checked, with what it could not look at ---------


@dataclass
class Submission:
    """The plan files a run checks, and what discovery could not look at."""

    files: list[Path]
    problems: list[RenjaRulesError]


def without_rule_files(files: list[Path], named: Iterable[str], options: RunOptions) -> list[Path]:
    """``files`` less the rule files and reference lists found in folders: those the configuration
    (``rules``, ``nomenklatur``), ``--rules`` or the default rule set name. A rule file or a list
    of the nomenclature is never a plan, and a team keeps them beside its plans; a file named on
    the command line is checked as asked.
    """
    from .nomenclature import BUILT_IN
    from .rules import default_rules_dir

    asked = {os.path.abspath(path) for path in named}
    by_folder: dict[str, tuple[str, ...] | None] = {}  # the rule paths that apply in a folder
    kept = []
    for file in files:
        absolute = os.path.abspath(file)
        if absolute in asked:
            kept.append(file)
            continue
        folder = os.path.dirname(absolute)
        if folder not in by_folder:
            try:
                settings = settings_of(file, options)
                sources = settings.rules + ((default_rules_dir(),) if settings.default_rules else ())
                sources += tuple(default_rules_dir() / "nomenklatur" if name == BUILT_IN else Path(name)
                                 for name in settings.nomenklatur)
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


def check_submission(submission: Submission, options: RunOptions, lang: str, **scheduling: Any) -> RunState:
    """Check a submission: ``state.result`` holds every file, readable or not, and the rules.

    ``scheduling``: what :func:`run_files` takes besides the files (``jobs``, ``cache``,
    ``keep_plans``, ``progress``).
    """
    state = run_files(submission.files, options, lang, **scheduling)
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
