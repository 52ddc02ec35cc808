"""GitHub Actions workflow commands: one annotation per violation, shown on the pull request diff.

::

    ::error file=rencana/tabel-3.1.yaml,line=829,col=29,title=PG001::Pagu sesudah.pagu kegiatan …
    ::warning file=…,line=…,col=…,title=KD008::…
    ::notice file=…,line=…,col=…,title=XX001::…      (severity info)

A file that could not be loaded is an ``::error`` titled ``renja-rules``. Paths are relative
to the working directory (the checkout in CI). Values are escaped as the Actions runner
expects (``%``, CR and LF in the message; also ``:`` and ``,`` in properties), after
the other control and format characters from input are made visible (:mod:`.escape`). The last
line is the plain summary. GitHub shows a limited number of annotations per step; the
rest stay in the log.
"""

from __future__ import annotations

from pathlib import Path

from .escape import escape
from .paths import report_path
from .result import Result
from .text import summary_lines

__all__ = ["render_github", "escape_data", "escape_property", "COMMANDS"]

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_RUNNER_ENCODES = "\r\n"  # escape_data writes them as %0D and %0A


def escape_data(text: str) -> str:
    """Escape a command's message: ``%`` first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, and ``:`` and ``,`` that would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict[str, object], message: str) -> str:
    # Control and format characters from input first (a runner's log is a terminal too),
    # then the runner's own escaping, which carries CR and LF safely.
    rendered = ",".join(
        f"{key}={escape_property(escape(str(value), keep=_RUNNER_ENCODES))}"
        for key, value in properties.items() if value is not None
    )
    message = escape_data(escape(message, keep=_RUNNER_ENCODES))
    return f"::{name} {rendered}::{message}" if rendered else f"::{name}::{message}"


def render_github(result: Result, *, lang: str = "id", color: bool = False, root: str | Path | None = None) -> str:
    """Annotations for every violation and unreadable file, then the summary line(s)."""
    lines: list[str] = []
    for file_result in result.files:
        error = file_result.error
        if error is not None:
            properties = {
                "file": report_path(error.file, root) if error.file else None,
                "line": error.line,
                "col": error.column,
                "title": "renja-rules",
            }
            lines.append(_command("error", properties, error.message))
            continue
        for violation in file_result.violations:
            properties = {
                "file": report_path(violation.file, root),
                "line": violation.line,
                "col": violation.column,
                "title": violation.rule_id,
            }
            lines.append(_command(COMMANDS[violation.severity], properties, violation.message))
    lines.extend(summary_lines(result, lang))
    return "\n".join(lines) + "\n"
