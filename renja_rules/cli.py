"""The ``renja-rules`` command: a thin layer over the library.

Exit codes, as ruff and check-jsonschema use them: 0 no violation of severity error,
1 violations found, 2 the tool could not do its job (a file it cannot read, a broken
rule file, a bad argument). A traceback is never the answer to bad input.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Iterable, NoReturn

import click

from . import __version__
from .documents import link_documents
from .engine import check as check_plan
from .errors import RenjaRulesError
from .plan import load_plan
from .report import RENDERERS, FileResult, Result, write_atomic
from .rules import RuleSet, load_rules

PLAN_SUFFIXES = (".yaml", ".yml")


def _fail(message: str) -> NoReturn:
    click.echo(f"renja-rules: {message}", err=True)
    sys.exit(2)


def discover(paths: Iterable[str]) -> list[Path]:
    """Plan files named on the command line: files as given, folders searched for *.yaml/*.yml.

    Hidden folders (``.git``) are skipped; the order is sorted so output is deterministic.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path).parts
                if any(part.startswith(".") for part in relative):
                    continue
                if candidate.suffix in PLAN_SUFFIXES and candidate.is_file():
                    found.append(candidate)
        else:
            found.append(path)  # a missing file is reported by the loader, with its name
    return list(dict.fromkeys(found))


def run_check(files: list[Path], rules: RuleSet, lang: str) -> Result:
    """Check each file; one unreadable file does not stop the others."""
    result = Result()
    plans = []
    for file in files:
        try:
            plan = load_plan(file)
        except RenjaRulesError as error:
            result.files.append(FileResult(str(file), error=error))
            continue
        plans.append(plan)
        result.files.append(FileResult(str(file), plan=plan))
    # Documents of one PD and year in one folder are checked against each other.
    link_documents(plans)
    for file_result in result.files:
        if file_result.plan is not None:
            file_result.violations = check_plan(file_result.plan, rules, lang=lang)
    return result


def _load_rules(rule_paths: tuple[str, ...], no_default: bool) -> RuleSet:
    paths: list[str | Path] | None
    if rule_paths or no_default:
        from .rules import default_rules_dir

        paths = ([] if no_default else [default_rules_dir()]) + list(rule_paths)
    else:
        paths = None
    try:
        return load_rules(paths)
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
    if len(plain) > 1:
        raise click.UsageError(
            f"more than one --output FILE without a format ({', '.join(plain)}); write FORMAT=FILE, e.g. -o sarif=report.sarif"
        )
    if plain:
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "-f", "formats", type=click.Choice(sorted(RENDERERS)), multiple=True,
              help="Report format (repeatable): text (default), json, sarif, junit, github, html.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="[FORMAT=]FILE",
              help="Write a report to FILE instead of the terminal (repeatable). FORMAT=FILE sends that format "
                   "there and adds it; a plain FILE takes the single --format. Files are replaced atomically.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of messages: Bahasa Indonesia or English.")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="Extra rule file or folder (repeatable); rules with the same ID replace shipped ones.")
@click.option("--no-default-rules", is_flag=True, help="Use only the rules given with --rules.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when on a terminal).")
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    lang: str,
    rule_paths: tuple[str, ...],
    no_default_rules: bool,
    fail_on: str,
    color: bool | None,
) -> None:
    """Check plan files and folders (recursively, *.yaml and *.yml)."""
    destinations = plan_outputs(formats, outputs)
    rules = _load_rules(rule_paths, no_default_rules)
    files = discover(paths)
    if not files:
        _fail("tidak ada berkas rencana (*.yaml, *.yml) yang ditemukan / no plan files found in "
              + ", ".join(paths))
    result = run_check(files, rules, lang)
    result.rules = rules
    use_color = sys.stdout.isatty() if color is None else color
    # Every report is built before anything is written: no half-written output.
    rendered = [
        (file, RENDERERS[name](result, lang=lang, color=use_color and name == "text" and file is None))
        for name, file in destinations
    ]
    failed = False
    for file, text in rendered:
        if file is None:
            continue
        try:
            write_atomic(file, text)
        except OSError as error:
            click.echo(f"renja-rules: laporan tidak dapat ditulis / cannot write report {file}: "
                       f"{error.strerror or error}", err=True)
            failed = True
    for file, text in rendered:
        if file is None:
            click.echo(text, nl=False)
    sys.exit(2 if failed else result.exit_code(fail_on))


@main.command("rules")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def list_rules(rule_paths: tuple[str, ...], lang: str) -> None:
    """List the rules: ID, severity, level and title."""
    rules = _load_rules(rule_paths, False)
    for rule in rules:
        click.echo(f"{rule.id}  {rule.severity:<7}  {rule.level:<12}  {getattr(rule.title, lang)}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def explain(rule_id: str, rule_paths: tuple[str, ...], lang: str) -> None:
    """Explain one rule: what it checks, why, its parameters and examples."""
    from .loader import dump_yaml

    rules = _load_rules(rule_paths, False)
    rule = rules.by_id.get(rule_id.upper())
    if rule is None:
        _fail(f"aturan tidak dikenal / unknown rule '{rule_id}' (see 'renja-rules rules')")
    spec = rule.spec
    lines = [f"{rule.id}: {getattr(rule.title, lang)}", ""]
    lines.append(f"severity:   {rule.severity}")
    lines.append(f"applies to: {rule.level}" + (f" ({', '.join(sorted(rule.documents))})" if rule.documents else ""))
    lines.append(f"kind:       {spec.kind}")
    if spec.params:
        lines.append("params:     " + dump_yaml(spec.params, flow=True).strip())
    if spec.when:
        lines.append(f"when:       {spec.when}")
    if rule.legal_basis:
        lines.append(f"legal basis: {rule.legal_basis}")
    if rule.rationale:
        lines += ["", getattr(rule.rationale, lang)]
    lines += ["", f"defined at: {rule.location}"]
    if rule.examples:
        for label, snippets in (("PASS", rule.examples.pass_), ("FAIL", rule.examples.fail)):
            for snippet in snippets:
                lines += ["", f"{label}:", dump_yaml(snippet).rstrip()]
    click.echo("\n".join(lines))


def entry() -> None:
    """Console script: the CLI, with a last guard so that even a bug ends in a message, not a traceback."""
    import os

    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - deliberately the last line of defence
        if os.environ.get("RENJA_RULES_DEBUG"):
            raise
        click.echo(
            f"renja-rules: internal error ({type(exc).__name__}: {exc}). This is a bug in renja-rules; "
            "please report it with the input that caused it (set RENJA_RULES_DEBUG=1 for details).",
            err=True,
        )
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    entry()
