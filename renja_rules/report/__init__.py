"""Stage 5: reports. One module per format; each turns a :class:`Result` into text."""

from __future__ import annotations

from .result import FileResult, Result
from .text import render_text
from .json import render_json

__all__ = ["Result", "FileResult", "render_text", "render_json", "RENDERERS"]

RENDERERS = {"text": render_text, "json": render_json}
