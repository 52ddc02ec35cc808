"""Stage 5: reports. One module per format; each turns a :class:`Result` into text.

Every renderer has the same signature, ``render(result, *, lang, color) -> str``, and
builds the whole report in memory; :func:`~renja_rules.report.output.write_atomic` then
writes it out in one step. Renderers are imported when first used, so a run that prints
text does not pay for the HTML templating or the XML writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any, Callable

from .output import write_atomic
from .result import FileResult, Result

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

_WHERE = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "html": "html",
}

Renderer = Callable[..., str]


class _Renderers(Mapping[str, Renderer]):
    """Format name -> render function, imported on first use."""

    def __getitem__(self, name: str) -> Renderer:
        module = import_module(f".{_WHERE[name]}", __name__)
        return getattr(module, f"render_{name}")

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


RENDERERS: Mapping[str, Renderer] = _Renderers()


def __getattr__(name: str) -> Any:
    if name.startswith("render_") and name[len("render_"):] in _WHERE:
        return RENDERERS[name[len("render_"):]]
    raise AttributeError(name)
