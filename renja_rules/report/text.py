"""Human output: ``file:line:col: RULE-ID severity message``, grouped by file, with a summary."""

from __future__ import annotations

import click

from .escape import escape
from .result import FileResult, Result

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}

_WORDS = {
    "id": {
        "summary": "{files} berkas diperiksa: {n} pelanggaran ({error} kesalahan, {warning} peringatan, {info} info)",
        "clean": "{files} berkas diperiksa: tidak ada pelanggaran.",
        "failed": "{n} berkas tidak dapat diperiksa.",
        "stopped": "  (menghentikan {n} berkas: {names})",
        "expected": "seharusnya",
        "actual": "tertulis",
    },
    "en": {
        "summary": "{files} files checked: {n} violations ({error} errors, {warning} warnings, {info} info)",
        "clean": "{files} files checked: no violations.",
        "failed": "{n} files could not be checked.",
        "stopped": "  (stopped {n} files: {names})",
        "expected": "expected",
        "actual": "found",
    },
}


def render_text(result: Result, *, lang: str = "id", color: bool = False) -> str:
    """The report a verifier reads in a terminal or forwards by mail."""
    words = _WORDS.get(lang, _WORDS["id"])
    lines: list[str] = []
    elsewhere = _stopped_by_other_files(result)
    for file_result in result.files:
        if file_result.error is not None:
            lines += _error_lines(file_result, elsewhere, words, color)
        elif file_result.violations:
            lines += _violation_lines(file_result, color)
    lines.extend(summary_lines(result, lang))
    return "\n".join(lines) + "\n"


def _stopped_by_other_files(result: Result) -> dict[str, list[str]]:
    """An error in another file (a configuration or rule file) stops every plan that uses it:
    the plans it stopped, by the error, so that it is said once, where the first one stands."""
    elsewhere: dict[str, list[str]] = {}
    for file_result in result.files:
        error = file_result.error
        if error is not None and error.file is not None and error.file != file_result.file:
            elsewhere.setdefault(str(error), []).append(file_result.file)
    return elsewhere


def _error_lines(file_result: FileResult, elsewhere: dict[str, list[str]], words: dict[str, str],
                 color: bool) -> list[str]:
    error = file_result.error
    stopped = elsewhere.get(str(error))
    if stopped is not None and stopped[0] != file_result.file:
        return []  # said with the first plan it stopped
    said = escape(str(error))  # file names, values and messages come from input
    lines = [click.style(said, fg="red", bold=True) if color else f"{said}  [error]"]
    if stopped is not None:
        names = escape(", ".join(stopped[:3])) + (", …" if len(stopped) > 3 else "")
        lines.append(words["stopped"].format(n=len(stopped), names=names))
    return lines


def _violation_lines(file_result: FileResult, color: bool) -> list[str]:
    name = escape(file_result.file)
    lines = [click.style(name, bold=True) if color else name]
    for v in file_result.violations:
        severity = click.style(v.severity, fg=_SEVERITY_COLOUR[v.severity]) if color else v.severity
        rule = click.style(v.rule_id, bold=True) if color else v.rule_id
        where = f"{v.sheet}!{v.cell}" if v.sheet is not None else f"{v.line}:{v.column}"
        lines.append(f"{escape(v.file)}:{escape(where)}: {rule} {severity} {escape(v.message)}")
    return lines + [""]


def summary_lines(result: Result, lang: str = "id") -> list[str]:
    """The closing lines: files checked and violations by severity, then files that failed."""
    words = _WORDS.get(lang, _WORDS["id"])
    counts = result.counts()
    total = sum(counts.values())
    checked = sum(1 for file_result in result.files if file_result.error is None)
    if total:
        lines = [
            words["summary"].format(
                files=checked, n=total, error=counts["error"], warning=counts["warning"], info=counts["info"]
            )
        ]
    elif checked or not result.errors:
        lines = [words["clean"].format(files=checked)]
    else:
        lines = []  # nothing was checked: "no violations" would read like a pass
    if result.errors:
        lines.append(words["failed"].format(n=len(result.errors)))
    return lines
