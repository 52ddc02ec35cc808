"""The tab-separated text of PDF tables, as PDF-to-text or a viewer's copy gives it.

Prose and tables alternate: a table is a run of lines holding tabs (blank lines may fall inside
it, where the PDF broke a page). Markup the conversion adds (``<b>…</b>``, ``**…**``) is removed
from each cell. The line above a table that reads ``Tabel 3.1`` names the sheet; the lines between
it and the table are its title. Rows are the text's line numbers, so a location is also the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from .grid import Cell, Sheet

__all__ = ["read_text_tables", "clean_cell"]

_MARKUP = re.compile(r"</?b>|\*\*|</?i>|</?strong>", re.IGNORECASE)
_TABEL = re.compile(r"^\s*tabel\s+(\d+(?:\.\d+)*)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def clean_cell(text: str) -> str:
    """A cell's text without conversion markup, spaces collapsed."""
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def read_text_tables(text: str, source: Path) -> list[Sheet]:
    """Every table in ``text``, each as a sheet named after its ``Tabel N`` line when it has one."""
    lines = text.splitlines()
    sheets: list[Sheet] = []
    index = 0
    label: str | None = None
    title: list[str] = []
    while index < len(lines):
        line = lines[index]
        if "\t" not in line:
            stripped = clean_cell(line)
            match = _TABEL.match(stripped)
            if match:
                label, title = f"Tabel {match.group(1)}", []
            elif stripped and label is not None and len(title) < 4:
                title.append(stripped)
            elif stripped:
                label, title = None, []  # prose: what follows is not under that title
            index += 1
            continue
        start = index
        rows: list[list[Cell]] = []
        while index < len(lines):
            line = lines[index]
            if "\t" in line:
                cells = [Cell(clean_cell(part), index + 1, number + 1) for number, part in enumerate(line.split("\t"))]
                rows.append(cells)
                index += 1
            elif not line.strip() and _next_has_tab(lines, index):
                index += 1
            else:
                break
        name = label or f"baris {start + 1}"
        sheets.append(Sheet(source, name, rows, title=list(title)))
        label, title = None, []
    return sheets


def _next_has_tab(lines: list[str], index: int) -> bool:
    # A blank line inside a table (a page break) is followed, after more blanks, by a table row.
    for line in lines[index + 1:]:
        if line.strip():
            return "\t" in line
    return False
