"""Stage 5: reports. One module per format; each turns a :class:`Result` into text.

Every renderer has the same signature, ``render(result, *, lang, color) -> str``, and
builds the whole report in memory; :func:`~renja_rules.report.output.write_atomic` then
writes it out in one step.
"""

from __future__ import annotations

from .github import render_github
from .html import render_html
from .json import render_json
from .junit import render_junit
from .output import write_atomic
from .result import FileResult, Result
from .sarif import render_sarif
from .text import render_text

__all__ = [
    "Result",
    "FileResult",
    "render_text",
    "render_json",
    "render_sarif",
    "render_junit",
    "render_github",
    "render_html",
    "write_atomic",
    "RENDERERS",
]

RENDERERS = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
    "github": render_github,
    "html": render_html,
}
