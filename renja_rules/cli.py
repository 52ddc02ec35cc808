"""The ``renja-rules`` command: a thin layer over the library.

Exit codes, as ruff and check-jsonschema use them: 0 no violation of severity error,
1 violations found, 2 the tool could not do its job (a file it cannot read, a broken
rule file, a bad argument). A traceback is never the answer to bad input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NoReturn

import click

from . import __version__
from .documents import link_documents
from .engine import check as check_plan
from .errors import RenjaRulesError, Text, in_language
from .model import JENIS_DOKUMEN
from .pipeline import load_plans
from .baseline import load_baseline, write_baseline
from .config import settings_for, with_overrides
from .report import RENDERERS, FileResult, Result, write_atomic
from .report.escape import escape
from .rules import RuleSet, keeping_compiled_rules, load_rules
from .cache import DEFAULT_CACHE_DIR, Cache
from .discovery import PLAN_SUFFIXES, discover_plans
from .pipeline import RunOptions, settings_of
from .run import RunState, Submission, check_submission, default_jobs, run_files, without_rule_files

if TYPE_CHECKING:
    from .config import Settings
    from .targets import Input, Output


def _fail(message: str | RenjaRulesError, lang: str | None = None) -> NoReturn:
    """Say what stopped the command, in ``lang`` (default Bahasa Indonesia), and exit 2."""
    if isinstance(message, RenjaRulesError):
        message = str(message.in_language(lang or "id"))
    click.echo(f"renja-rules: {escape(in_language(message, lang or 'id'))}", err=True)  # messages quote input
    sys.exit(2)


def _no_plan_files(paths: Iterable[str], lang: str | None = None) -> NoReturn:
    named = ", ".join(paths)
    _fail(Text(f"tidak ada berkas rencana (*.yaml, *.yml, *.xlsx, *.csv, *.tsv) yang ditemukan di {named}",
               f"no plan files (*.yaml, *.yml, *.xlsx, *.csv, *.tsv) found in {named}"), lang)


def _not_xlsx(output: str) -> Text:
    return Text(f"{output}: buku kerja harus berakhiran .xlsx", f"{output}: the workbook must end in .xlsx")


def _unwritable_book(output: str, error: OSError) -> Text:
    why = error.strerror or error
    return Text(f"buku kerja {output} tidak dapat ditulis: {why}", f"cannot write workbook {output}: {why}")


def discover(paths: Iterable[str]) -> list[Path]:
    """Plan files named on the command line (see :func:`renja_rules.discovery.discover_plans`)."""
    return discover_plans(paths).files


def _written(destinations: list[tuple[str, str | None]], baseline_path: str | None) -> list[Output]:
    from .targets import Output

    written = [Output(file, f"-o {name}={file}") for name, file in destinations if file is not None]
    return written + ([Output(baseline_path, "--write-baseline")] if baseline_path else [])


def _inputs(paths: Iterable[str], files: list[Path], options: RunOptions, baseline_path: str | None) -> Iterator[Input]:
    """Every file the run reads: plans, rule files, configurations and the baseline (lazily)."""
    from .rules import default_rules_dir
    from .targets import Input, expand_rule_paths

    for raw in paths:
        yield Input("plan", Path(raw))
    for file in files:
        yield Input("plan", file)
    if baseline_path:
        yield Input("baseline", Path(baseline_path), writer="--write-baseline")
    if options.config:
        yield Input("config", options.config)
    rule_paths: set[Path] = set(options.rules)
    memo: dict[str, Settings] = {}
    for file in files:
        try:
            settings_of(file, options, memo)
        except RenjaRulesError:
            continue  # the run reports it, for this file
    for settings in set(memo.values()):  # one per folder, and mostly one for the run
        if settings.source:
            yield Input("config", Path(settings.source))
        rule_paths.update(settings.rules)
        if settings.default_rules:
            rule_paths.add(default_rules_dir())
    for rule_file in expand_rule_paths(sorted(rule_paths)):
        yield Input("rule", rule_file)


def _load_rules(rule_paths: tuple[str, ...], no_default: bool) -> RuleSet:
    paths: list[str | Path] | None
    if rule_paths or no_default:
        from .rules import default_rules_dir

        paths = ([] if no_default else [default_rules_dir()]) + list(rule_paths)
    else:
        paths = None
    try:
        return load_rules(paths, opt_in=True)  # listed, explained and tested, opt-in or not
    except RenjaRulesError as error:
        _fail(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="renja-rules")
def main() -> None:
    """Check Indonesian regional work plans (Renja, Perubahan Renja) against declarative rules."""


_OUTPUT = re.compile(r"([A-Za-z]+)=(.*)", re.DOTALL)


def plan_outputs(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Which format goes where: ``[(format, file or None for stdout)]``, in a stable order.

    ``--output FORMAT=FILE`` sends that format to FILE (and adds it to the formats); a
    plain ``--output FILE`` takes the one format named with ``--format`` (or the default
    ``text`` when no format is named at all). At most one format may go to stdout.
    Raises :class:`click.UsageError` (exit 2) when the options do not say that clearly.
    """
    named = list(dict.fromkeys(formats))
    targets, plain = _named_targets(outputs)
    if plain:
        _plain_target(plain, named, targets)
    chosen = list(dict.fromkeys(named + list(targets))) or ["text"]
    to_stdout = [name for name in chosen if name not in targets]
    if len(to_stdout) > 1:
        raise click.UsageError(
            f"only one report can go to the terminal (stdout), got {', '.join(to_stdout)}; "
            f"send the others to files with --output FORMAT=FILE, e.g. -o {to_stdout[-1]}=report.{to_stdout[-1]}"
        )
    seen: dict[str, str] = {}
    for name, file in targets.items():
        key = os.path.normcase(os.path.abspath(file))
        if key in seen:
            raise click.UsageError(f"formats {seen[key]} and {name} are both sent to {file}")
        seen[key] = name
    return [(name, targets.get(name)) for name in chosen]


def _named_targets(outputs: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """``--output FORMAT=FILE`` values as ``{format: file}``, and the plain ``--output FILE`` values."""
    targets: dict[str, str] = {}
    plain: list[str] = []
    for value in outputs:
        match = _OUTPUT.fullmatch(value)
        if match is None:
            plain.append(value)
            continue
        output_format, file = match.group(1).lower(), match.group(2)
        if output_format not in RENDERERS:
            raise click.UsageError(
                f"unknown report format '{match.group(1)}' in --output {value} "
                f"(formats: {', '.join(sorted(RENDERERS))}; write ./{value} for a file of that name)"
            )
        if not file:
            raise click.UsageError(f"--output {value}: the file name is missing")
        if output_format in targets and targets[output_format] != file:
            raise click.UsageError(f"format {output_format} is sent to two files: {targets[output_format]} and {file}")
        targets[output_format] = file
    return targets, plain


def _plain_target(plain: list[str], named: list[str], targets: dict[str, str]) -> None:
    """Give the one plain ``--output FILE`` to the one format named (or ``text``), into ``targets``."""
    if len(plain) > 1:
        raise click.UsageError(
            f"more than one --output FILE without a format ({', '.join(plain)}); write FORMAT=FILE, e.g. -o sarif=report.sarif"
        )
    if len(named) == 1 or (not named and not targets):
        owner = named[0] if named else "text"
    else:
        raise click.UsageError(
            f"--output {plain[0]} needs exactly one --format to know what to write there; "
            f"with several formats write FORMAT=FILE, e.g. -o sarif={plain[0]}"
        )
    if owner in targets and targets[owner] != plain[0]:
        raise click.UsageError(f"format {owner} is sent to two files: {targets[owner]} and {plain[0]}")
    targets[owner] = plain[0]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "-f", "formats", type=click.Choice(sorted(RENDERERS)), multiple=True,
              help="Report format (repeatable): text (default), json, sarif, junit, github, html.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="[FORMAT=]FILE",
              help="Write a report to FILE instead of the terminal (repeatable). FORMAT=FILE sends that format "
                   "there and adds it; a plain FILE takes the single --format. Files are replaced atomically.")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None,
              help="Language of messages: Bahasa Indonesia (default) or English.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this configuration file (.renja-rules.yaml or pyproject.toml) for every file.")
@click.option("--select", "select", multiple=True, help="Run only these rule IDs or prefixes (repeatable).")
@click.option("--ignore", "ignore", multiple=True, help="Skip these rule IDs or prefixes (repeatable).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="Extra rule file or folder (repeatable); rules with the same ID replace shipped ones.")
@click.option("--no-default-rules", is_flag=True, default=None, help="Use only the rules given with --rules.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--fix", is_flag=True, help="Rewrite values that have exactly one right answer (safe fixes).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: also fix sums, by changing the parent.")
@click.option("--diff", is_flag=True, help="Show the fixes as a unified diff; write nothing.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only violations not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record the current violations in this baseline file and exit 0.")
@click.option("--isolated", is_flag=True, help="Read no configuration file: only these options and the defaults.")
@click.option("--show-settings", is_flag=True, help="Print the resolved configuration for the given files and exit.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for many files (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the result cache (default: .renja-rules-cache, or $RENJA_RULES_CACHE_DIR).")
@click.option("--cache-trust-stat", is_flag=True,
              help="Take a file whose size and modification time are unchanged to be unchanged, unread "
                   "(faster; by default every cached file is read and its content verified).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when on a terminal).")
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    lang: str | None,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rule_paths: tuple[str, ...],
    no_default_rules: bool | None,
    fail_on: str | None,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
    isolated: bool,
    show_settings: bool,
    jobs: int | None,
    no_cache: bool,
    cache_dir: str | None,
    cache_trust_stat: bool,
    color: bool | None,
) -> None:
    """Check plan files and folders (recursively, *.yaml and *.yml)."""
    destinations = plan_outputs(formats, outputs)
    found = discover_plans(paths)
    if not found.files and not found.problems:
        _no_plan_files(paths, lang)
    try:
        options = run_options(
            config_path, select, ignore, rule_paths, no_default_rules,
            lang=lang, fail_on=fail_on, fix=fix, unsafe_fixes=unsafe_fixes, diff=diff, isolated=isolated,
        )
        # Before anything is read or written: a report must never replace what it reports on.
        _refuse_overwriting(paths, found.files, options, destinations, write_baseline_path, baseline_path, lang)
        if baseline_path:
            options = dataclasses.replace(options, baseline=load_baseline(baseline_path))
        files = without_rule_files(found.files, paths, options)
        if not files and not found.problems:  # every file found was a rule file
            _no_plan_files(paths, lang)
        # Language and failure threshold are the run's: from the command line, else from the
        # configuration that governs the current folder (or --config), else the defaults.
        run_settings = with_overrides(_run_base(options), lang=lang, fail_on=fail_on)
        if show_settings:
            _show_settings(files, options)
            return
        state = _check_submission(Submission(files, list(found.problems)), options, run_settings.lang, jobs,
                                  no_cache, cache_dir, cache_trust_stat, keep_plans=any(n == "html" for n, _ in destinations))
    except RenjaRulesError as error:
        _fail(error, lang)
    _finish(state, options, run_settings, destinations, write_baseline_path,
            sys.stdout.isatty() if color is None else color)


def _finish(state: RunState, options: RunOptions, run_settings: Settings, destinations: list[tuple[str, str | None]],
            write_baseline_path: str | None, color: bool) -> NoReturn:
    """After the run: fixes said, the diff or the baseline, else the reports; the exit code."""
    lang = run_settings.lang
    failed = _say_fix_problems(state, lang)  # a fix or a report that could not be written: exit 2
    if options.diff:
        _finish_diff(state, lang)
    if options.fix:
        _say_fixed(state, lang)
    if write_baseline_path:
        _finish_baseline(state, write_baseline_path, lang, failed)
    failed = _write_reports(state.result, destinations, lang, color) or failed
    if options.baseline is not None and state.stale:
        _say_stale(state, lang)
    sys.exit(2 if failed else state.result.exit_code(run_settings.fail_on))


def _refuse_overwriting(paths: tuple[str, ...], files: list[Path], options: RunOptions,
                        destinations: list[tuple[str, str | None]], write_baseline_path: str | None,
                        baseline_path: str | None, lang: str | None) -> None:
    """Stop (exit 2) when a report or baseline would be written over a file the run reads."""
    written = _written(destinations, write_baseline_path)
    if not written:
        return
    from .targets import target_problem

    problem = target_problem(written, _inputs(paths, files, options, baseline_path), lang or _run_base(options).lang)
    if problem:
        _fail(problem)


def _check_submission(submission: Submission, options: RunOptions, lang: str, jobs: int | None, no_cache: bool,
                      cache_dir: str | None, trust_stat: bool, keep_plans: bool) -> RunState:
    """The pipeline, with the result cache the options ask for (and a progress bar on a terminal)."""
    cache = None if no_cache else Cache(cache_dir or os.environ.get("RENJA_RULES_CACHE_DIR") or DEFAULT_CACHE_DIR,
                                        trust_stat=trust_stat)
    # The compiled rule set is kept with the results: a run reads it back instead of building
    # the rule files' models (rules.keeping_compiled_rules). Worker processes compile their own.
    with _progress(len(submission.files)) as advance, keeping_compiled_rules(cache):
        state = check_submission(submission, options, lang, jobs=jobs or default_jobs(), cache=cache,
                                 keep_plans=keep_plans, progress=advance)
    if cache is not None:
        cache.close()
        if cache.problem:
            click.echo(f"renja-rules: {cache.problem[0 if lang == 'id' else 1]}", err=True)
    return state


def _say_fix_problems(state: RunState, lang: str) -> bool:
    """Say which fixes could not be written and which tables were not fixed; whether any fix failed."""
    failed = False
    for outcome in state.fixes:
        if outcome.error:
            click.echo(escape(f"renja-rules: {outcome.file}: perbaikan tidak dapat ditulis / cannot write fix: "
                              f"{outcome.error}"), err=True)
            failed = True
    for table in state.unfixed_tables:
        click.echo(escape(_words(lang, "table_fix").format(file=table)), err=True)
    return failed


def _say_unreadable(state: RunState) -> None:
    """No report follows: say here which files could not be read, as the report would."""
    for error in state.result.errors:
        click.echo(f"{escape(str(error))}  [error]", err=True)


def _finish_diff(state: RunState, lang: str) -> NoReturn:
    _say_unreadable(state)
    for outcome in state.fixes:
        click.echo(outcome.diff, nl=False)
    count = sum(len(outcome.edits) for outcome in state.fixes)
    click.echo(_words(lang, "diff").format(n=count, files=len(state.fixes)), err=True)
    sys.exit(2 if state.result.errors else (1 if count else 0))


def _say_fixed(state: RunState, lang: str) -> None:
    applied = [outcome for outcome in state.fixes if not outcome.error]
    count = sum(len(outcome.edits) for outcome in applied)
    click.echo(_words(lang, "fixed").format(n=count, files=len(applied)), err=True)


def _finish_baseline(state: RunState, path: str, lang: str, failed: bool) -> NoReturn:
    _say_unreadable(state)
    violations = state.result.violations
    try:
        _make_folder(path, lang)
        write_baseline(path, violations)
    except OSError as error:
        _fail(f"baseline tidak dapat ditulis / cannot write baseline {path}: {error.strerror or error}")
    click.echo(_words(lang, "baseline").format(n=len(violations), file=escape(path)), err=True)
    sys.exit(2 if state.result.errors or failed else 0)


def _write_reports(result: Result, destinations: list[tuple[str, str | None]], lang: str, color: bool) -> bool:
    """Render every report first (no half-written output), write the files, then print; whether a write failed."""
    rendered = [
        (file, RENDERERS[name](result, lang=lang, color=color and name == "text" and file is None))
        for name, file in destinations
    ]
    failed = False
    for file, text in rendered:
        if file is None:
            continue
        try:
            _make_folder(file, lang)
            write_atomic(file, text)
        except OSError as error:
            click.echo(escape(f"renja-rules: laporan tidak dapat ditulis / cannot write report {file}: "
                              f"{error.strerror or error}"), err=True)
            failed = True
    for file, text in rendered:
        if file is None:
            click.echo(text, nl=False)
    return failed


def _say_stale(state: RunState, lang: str) -> None:
    click.echo(_words(lang, "stale").format(n=sum(int(e["count"]) for e in state.stale)), err=True)
    for entry in state.stale:
        click.echo(escape(f"  {entry['file']}: {entry['rule_id']} {entry.get('kode') or ''} "
                          f"{entry.get('field') or ''} ({entry['count']}x)"), err=True)


_MESSAGES = {
    "id": {
        "diff": "{n} perbaikan akan diterapkan di {files} berkas (tidak ada yang ditulis: --diff).",
        "fixed": "{n} perbaikan diterapkan di {files} berkas.",
        "table_fix": "renja-rules: {file}: perbaikan tidak diterapkan pada buku kerja atau teks tabel PDF; "
                     "impor dulu sebagai YAML rencana (renja-rules import {file} -o FOLDER/), lalu perbaiki itu.",
        "baseline": "Baseline ditulis: {n} temuan dicatat di {file}.",
        "stale": "{n} temuan di baseline tidak terjadi lagi (sudah diperbaiki?); perbarui baseline dengan --write-baseline:",
        "exported": "Buku kerja ditulis: {file} ({plans} rencana, {n} temuan ditandai).",
        "template": "Blanko {jenis} ditulis: {file}.",
    },
    "en": {
        "diff": "{n} fixes would be applied in {files} files (nothing written: --diff).",
        "fixed": "{n} fixes applied in {files} files.",
        "table_fix": "renja-rules: {file}: fixes are not applied to workbooks or PDF-table text; "
                     "import it as plan YAML first (renja-rules import {file} -o FOLDER/), then fix that.",
        "baseline": "Baseline written: {n} findings recorded in {file}.",
        "stale": "{n} baseline findings no longer occur (fixed?); refresh the baseline with --write-baseline:",
        "exported": "Workbook written: {file} ({plans} plans, {n} findings marked).",
        "template": "Blank {jenis} form written: {file}.",
    },
}


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long runs on a terminal; nothing otherwise."""
    if total < 200 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="renja-rules", file=sys.stderr) as bar:
        yield bar.update


def _make_folder(file: str, lang: str) -> None:
    from .targets import make_folder

    created = make_folder(file, lang)
    if created:
        click.echo(f"renja-rules: {escape(created)}", err=True)


def _words(lang: str, key: str) -> str:
    return _MESSAGES.get(lang, _MESSAGES["id"])[key]


def _run_base(options: RunOptions) -> Settings:
    """The settings of the run itself (language, failure threshold): those of the current folder."""
    from .config import DEFAULT_SETTINGS

    if options.isolated and options.config is None:
        return DEFAULT_SETTINGS
    return settings_for(Path.cwd(), options.config)


def _show_settings(files: list[Path], options: RunOptions) -> None:
    import json


    groups: dict[str, dict[str, object]] = {}
    for file in files:
        settings = settings_of(file, options)
        entry = groups.setdefault(json.dumps(settings.as_dict(), sort_keys=True), {"settings": settings.as_dict(), "files": []})
        entry["files"].append(str(file))  # type: ignore[union-attr]
    click.echo(json.dumps(list(groups.values()), ensure_ascii=False, indent=2))


def run_options(config_path: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
                rule_paths: tuple[str, ...], no_default_rules: bool | None, **more: Any) -> RunOptions:
    """The run options the command line's rule options say (``more``: the command's own)."""
    return RunOptions(
        config=Path(config_path) if config_path else None,
        select=tuple(code.upper() for code in select) or None,
        ignore=tuple(code.upper() for code in ignore),
        rules=tuple(Path(path) for path in rule_paths),
        default_rules=False if no_default_rules else None,
        **more,
    )


# The options export shares with check, taken from check itself: one declaration of each.
_CHECK_OPTIONS = ("lang", "config_path", "select", "ignore", "rule_paths", "no_default_rules", "isolated")


@main.command("export")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False), metavar="BOOK.xlsx",
              help="The workbook to write (replaced atomically; never one of the plans read).")
@click.option("--findings/--no-findings", "annotate", default=True, show_default=True,
              help="Check the plans and mark each finding on its cell, with a 'Temuan' sheet.")
def export(paths: tuple[str, ...], output: str, lang: str | None, config_path: str | None, select: tuple[str, ...],
           ignore: tuple[str, ...], rule_paths: tuple[str, ...], no_default_rules: bool | None, isolated: bool,
           annotate: bool) -> None:
    """Write plans as a workbook in their printed layout, findings marked on their cells."""
    from .export import PlanEntry, export_book

    files = discover(paths)
    if not files:
        _no_plan_files(paths, lang)
    if not output.lower().endswith(".xlsx"):
        _fail(_not_xlsx(output), lang)
    if any(_same_file(output, file) for file in files):
        _fail(Text(f"{output}: tidak menimpa berkas masukan", f"{output}: will not overwrite an input file"), lang)
    options = run_options(config_path, select, ignore, rule_paths, no_default_rules, lang=lang, isolated=isolated)
    try:
        files = without_rule_files(files, paths, options)
        if not files:
            _no_plan_files(paths, lang)
        run_lang = with_overrides(_run_base(options), lang=lang).lang
        state = run_files(files, options, run_lang, keep_plans=True)
    except RenjaRulesError as error:
        _fail(error, lang)
    result = state.result
    if result.errors:  # nothing is written from a run that could not read every plan
        for file_result in result.files:
            if file_result.error is not None:
                click.echo(f"renja-rules: {escape(str(file_result.error))}", err=True)
        sys.exit(2)
    entries = [PlanEntry(f.file, plan.document, list(violations) if annotate else [])
               for f in result.files for plan, violations in f.parts()]
    try:
        export_book(entries, output, lang=run_lang, annotate=annotate)
    except OSError as error:
        _fail(_unwritable_book(output, error), run_lang)
    count = sum(len(entry.violations) for entry in entries)
    click.echo(_words(run_lang, "exported").format(file=output, plans=len(entries), n=count), err=True)


export.params.extend(param for param in check.params if param.name in _CHECK_OPTIONS)


def _same_file(a: str, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Another than this machine's needs --token.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--token", "use_token", is_flag=True,
              help="Require a random token (printed at start) on every request; required off this machine.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="The team's configuration for every check (the page may upload another).")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="The team's rule file or folder, for every check (repeatable).")
@click.option("--timeout", default=600, show_default=True, type=click.IntRange(min=1),
              help="Seconds one check may take.")
@click.option("--lang", type=click.Choice(["id", "en"]), default=None, help="Language of these messages.")
def serve(host: str, port: int, open_browser: bool, use_token: bool, config_path: str | None,
          rule_paths: tuple[str, ...], timeout: int, lang: str | None) -> None:
    """Start the verifier's desk: a local web page to check submissions (needs renja-rules[web])."""
    import importlib.util

    from .web import MISSING

    missing = [name for name in MISSING if importlib.util.find_spec(name) is None]
    if missing:
        _fail(Text(f"halaman web memerlukan tambahan [web] ({', '.join(missing)} belum terpasang): "
                   "pip install 'renja-rules[web]'",
                   f"the web page needs the [web] extra ({', '.join(missing)} not installed): "
                   "pip install 'renja-rules[web]'"), lang)
    from .web.serve import serve_forever

    try:
        serve_forever(host, port, open_browser=open_browser, use_token=use_token,
                      config=Path(config_path) if config_path else None, rules=tuple(Path(p) for p in rule_paths),
                      timeout=float(timeout), lang=lang or "id")
    except RenjaRulesError as error:
        _fail(error, lang)


@main.command("template")
@click.option("--jenis", required=True, type=click.Choice(JENIS_DOKUMEN),
              help="The kind of document whose form to write.")
@click.option("--output", "-o", "output", required=True, type=click.Path(dir_okay=False), metavar="FILE.xlsx",
              help="The workbook to write (replaced atomically).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of the headings.")
def template(jenis: str, output: str, lang: str) -> None:
    """Write an empty form (blanko) of a document type to fill in."""
    from .export import write_template

    if not output.lower().endswith(".xlsx"):
        _fail(_not_xlsx(output), lang)
    try:
        write_template(jenis, output, lang=lang)
    except OSError as error:
        _fail(_unwritable_book(output, error), lang)
    click.echo(_words(lang, "template").format(jenis=jenis, file=output), err=True)


def _import_command() -> None:
    # Registered lazily in effect: the command's module loads only its own light imports here;
    # openpyxl is imported by the xlsx reader when a workbook is read.
    from .readers.command import import_command

    main.add_command(import_command)


_import_command()


_EXAMPLE_WORDS = {
    "id": {"fired": "berbunyi pada contoh LULUS: ", "silent": "tidak berbunyi pada contoh GAGAL",
           "summary": "{rules} aturan, {examples} contoh: {passed} sesuai, {failed} tidak sesuai"},
    "en": {"fired": "fired on a PASS example: ", "silent": "did not fire on a FAIL example",
           "summary": "{rules} rules, {examples} examples: {passed} passed, {failed} failed"},
}
_EXPLAIN_WORDS = {
    "id": {"severity": "tingkat:      ", "applies": "berlaku pada: ", "kind": "jenis aturan: ",
           "params": "parameter:    ", "when": "bila:         ", "legal": "dasar hukum:  ", "defined": "didefinisikan di: ",
           "PASS": "LULUS", "FAIL": "GAGAL", "opt_in": "(opt-in: berjalan hanya bila dipilih dengan ID lengkapnya)",
           "expect": "temuan:", "with_params": "dengan parameter:"},
    "en": {"severity": "severity:   ", "applies": "applies to: ", "kind": "kind:       ", "params": "params:     ",
           "when": "when:       ", "legal": "legal basis: ", "defined": "defined at: ", "PASS": "PASS", "FAIL": "FAIL",
           "opt_in": "(opt-in: runs only when selected by its full ID)", "expect": "finding:",
           "with_params": "with parameters:"},
}


@main.command("test-rules")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def test_rules(paths: tuple[str, ...], lang: str) -> None:
    """Run the rules' own PASS and FAIL examples (default: the shipped rules)."""
    from .examples import run_rule_examples

    try:
        rules = load_rules(list(paths) if paths else None, opt_in=True)
    except RenjaRulesError as error:
        _fail(str(error))
    outcomes = run_rule_examples(rules, lang=lang)
    failures = [outcome for outcome in outcomes if not outcome.ok]
    words = _EXAMPLE_WORDS[lang]
    for outcome in failures:
        if outcome.error:
            why = outcome.error
        elif outcome.label == "pass":
            why = words["fired"] + "; ".join(v.message for v in outcome.violations)
        else:
            why = words["silent"]
        click.echo(escape(f"{outcome.rule.location}: {outcome.name}: {why}"))
    click.echo(words["summary"].format(rules=len(rules), examples=len(outcomes),
                                       passed=len(outcomes) - len(failures), failed=len(failures)))
    sys.exit(1 if failures else 0)


@main.command("rules")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def list_rules(rule_paths: tuple[str, ...], lang: str) -> None:
    """List the rules: ID, severity, level and title."""
    rules = _load_rules(rule_paths, False)
    for rule in sorted(rules, key=lambda rule: rule.id):  # by ID, as a reader looks one up
        marker = " (opt-in)" if rule.spec.opt_in else ""
        click.echo(f"{rule.id}  {rule.severity:<7}  {rule.level:<12}  {escape(getattr(rule.title, lang))}{marker}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def explain(rule_id: str, rule_paths: tuple[str, ...], lang: str) -> None:
    """Explain one rule: what it checks, why, its parameters and examples."""
    rules = _load_rules(rule_paths, False)
    rule = rules.by_id.get(rule_id.upper())
    if rule is None:
        _fail(Text(f"aturan tidak dikenal '{rule_id}' (lihat 'renja-rules rules')",
                   f"unknown rule '{rule_id}' (see 'renja-rules rules')"), lang)
    lines = _explained(rule, _EXPLAIN_WORDS[lang], lang) + _examples_explained(rule, _EXPLAIN_WORDS[lang])
    click.echo("\n".join(escape(part) for line in lines for part in line.split("\n")))


def _explained(rule: Any, words: dict[str, str], lang: str) -> list[str]:
    """What ``explain`` says of a rule before its examples."""
    from .loader import dump_yaml

    spec = rule.spec
    lines = [f"{rule.id}: {getattr(rule.title, lang)}" + (f" {words['opt_in']}" if spec.opt_in else ""), ""]
    lines.append(f"{words['severity']}{rule.severity}")
    lines.append(f"{words['applies']}{rule.level}" + (f" ({', '.join(sorted(rule.documents))})" if rule.documents else ""))
    lines.append(f"{words['kind']}{spec.kind}")
    if spec.params:
        lines.append(words["params"] + dump_yaml(spec.params, flow=True).strip())
    if spec.when:
        lines.append(f"{words['when']}{spec.when}")
    if rule.legal_basis:
        lines.append(f"{words['legal']}{rule.legal_basis}")
    if rule.rationale:
        lines += ["", getattr(rule.rationale, lang)]
    return lines + ["", f"{words['defined']}{rule.location}"]


def _examples_explained(rule: Any, words: dict[str, str]) -> list[str]:
    """A rule's PASS and FAIL examples, each FAIL with the findings it states."""
    from .examples import example_params, example_parts
    from .loader import dump_yaml

    lines: list[str] = []
    if not rule.examples:
        return lines
    for label, snippets in (("PASS", rule.examples.pass_), ("FAIL", rule.examples.fail)):
        for snippet in snippets:
            plan, expect = example_parts(snippet)
            shown = plan if isinstance(plan, str) else dump_yaml(plan)
            lines += ["", f"{words[label]}:", shown.rstrip()]
            params = example_params(snippet)
            if params:  # what a configuration would give the rule (a reference list)
                lines.append(f"  {words['with_params']} " + dump_yaml(params).strip().replace("\n", "\n    "))
            for item in expect or ():
                lines.append(f"  → {words['expect']} " + ", ".join(f"{key}={value}" for key, value in item.items()))
    return lines


def _no_plugin_loader() -> None:
    """With every pydantic plugin disabled, pydantic's plugin loader still imports
    ``importlib.metadata`` (13 ms, 5% of a one-file check) only to return no plugins. The command
    line puts in its place a module that returns none, as the real one does with plugins disabled;
    any other name asked of it loads the real module. Not done when the user names plugins to
    disable (some stay enabled) or when pydantic already loaded its loader."""
    import types

    name = "pydantic.plugin._loader"
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true") or name in sys.modules:
        return

    class _NoPlugins(types.ModuleType):
        @staticmethod
        def get_plugins() -> tuple[()]:
            return ()

        def __getattr__(self, attribute: str) -> Any:
            import importlib

            if attribute.startswith("__"):  # the import system asks a module for __path__: it is no package
                raise AttributeError(attribute)
            del sys.modules[name]
            return getattr(importlib.import_module(name), attribute)

    sys.modules[name] = _NoPlugins(name)


def entry() -> None:
    """Console script: the CLI, with a last guard so that even a bug ends in a message, not a traceback."""
    import gc
    import os

    # Move what start-up loaded (modules, compiled schemas) out of the collector's way:
    # every later collection would otherwise walk it again. Thresholds stay as they are,
    # since a plan's item tree has reference cycles that must not pile up in a long run.
    gc.freeze()
    # pydantic looks for plugins (the entry points of every installed package) when it builds its
    # first validator; the command line uses none. Its documented switch, set only here, never by
    # the library (a host process keeps its plugins), and never over a value the user set.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - deliberately the last line of defence
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
            # A full disk behind "> laporan.txt": the files written are handled where they are
            # written, so what is left is standard output. Told plainly, not as a bug.
            _silence_stdout()
            click.echo(f"renja-rules: keluaran tidak dapat ditulis / cannot write output: {exc.strerror or exc}",
                       err=True)
            sys.exit(2)
        if os.environ.get("RENJA_RULES_DEBUG"):
            raise
        click.echo(
            f"renja-rules: internal error ({type(exc).__name__}: {escape(str(exc))}). This is a bug in renja-rules; "
            "please report it with the input that caused it (set RENJA_RULES_DEBUG=1 for details).",
            err=True,
        )
        sys.exit(2)


# What a write meets when the disk (or quota) is full or the device fails: never a bug of ours.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    entry()
