"""The tab-separated text of PDF tables, as PDF-to-text or a viewer's copy gives it.

Prose and tables alternate: a table is a run of lines holding tabs (blank lines may fall inside
it, where the PDF broke a page). Markup the conversion adds (``<b>…</b>``, ``**…**``) is removed
from each cell. The line above a table that reads ``Tabel 3.1`` names the sheet; the lines between
it and the table are its title. Rows are the text's line numbers, so a location is also the line.

What the document says around its tables is kept with each table (``Sheet.context``) for its
header (:func:`renja_rules.readers.importer`): the heading at the top (which regulation, which
year, which perangkat daerah), and the sentences declaring how many program, kegiatan and sub
kegiatan there are ("7 program, 11 kegiatan dan 30 sub kegiatan"), each with the chapter
(``Bab II``) it stands in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .grid import Cell, Sheet

__all__ = ["read_text_tables", "clean_cell"]

_MARKUP = re.compile(r"</?b>|\*\*|</?i>|</?strong>", re.IGNORECASE)
_TABEL = re.compile(r"^\s*tabel\s+(\d+(?:\.\d+)*)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_BAB = re.compile(r"^[#*\s]*BAB\s+([IVXLC]+)\b")
# A count, perhaps followed by its words in brackets ("11 (sebelas)"); every gap is bounded,
# so no search rescans a long line from each start.
_NUMBER_WORD = r"\b(\d{1,6})\s{0,3}(?:\([^)\n]{0,40}\)\s{0,3})?"
_COUNTS = re.compile(
    _NUMBER_WORD + r"program\s{0,3},\s{0,3}" + _NUMBER_WORD + r"kegiatan\s{0,3}(?:,\s{0,3}|dan\s{1,3})"
    + _NUMBER_WORD + r"sub\s{0,3}kegiatan", re.IGNORECASE)
_HEADING_LINES = 120  # the heading is looked for at the top of the text only


def clean_cell(text: str) -> str:
    """A cell's text without conversion markup, spaces collapsed."""
    return _SPACES.sub(" ", _MARKUP.sub("", text)).strip()


def read_text_tables(text: str, source: Path) -> list[Sheet]:
    """Every table in ``text``, each as a sheet named after its ``Tabel N`` line when it has one."""
    lines = text.splitlines()
    context = _context(lines)
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
        sheets.append(Sheet(source, name, rows, title=list(title), context={**context, "first_line": start + 1}))
        label, title = None, []
    return sheets


def _next_has_tab(lines: list[str], index: int) -> bool:
    # A blank line inside a table (a page break) is followed, after more blanks, by a table row.
    for line in lines[index + 1:]:
        if line.strip():
            return "\t" in line
    return False


def _context(lines: list[str]) -> dict[str, Any]:
    """The document's heading (the bold or capitalised lines at its top) and its declared counts."""
    heading: list[str] = []
    bold = False
    for line in lines[:_HEADING_LINES]:
        stripped = line.strip()
        if not stripped:
            continue
        if not (bold or stripped.startswith(("**", "#")) or (stripped.isupper() and len(stripped) <= 80)):
            if heading:
                break
            continue
        heading.append(clean_cell(stripped.lstrip("#")))
        if stripped.count("**") % 2:
            bold = not bold
    counts: list[tuple[int, int, int, int, str | None]] = []
    chapter: str | None = None
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            continue  # a table row, never the narrative
        bab = _BAB.match(line)
        if bab:
            chapter = f"Bab {bab.group(1)}"
        for match in _COUNTS.finditer(line):
            counts.append((number, int(match.group(1)), int(match.group(2)), int(match.group(3)), chapter))
    return {"heading": [line for line in heading if line], "counts": counts}
