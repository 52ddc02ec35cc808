"""A spreadsheet (or PDF-table text) as a checkable :class:`~renja_rules.plan.Plan`.

The spreadsheet is another source of positions: the plan's source map gives each value's JSON
path the (row, column) of its cell, and the plan names its sheet, so every violation carries
``sheet`` and ``cell`` (``H42``) beside line = row and column = column number. Everything else
— the rules, document sets, reports — sees a plan like any other.
"""

from __future__ import annotations

import re
from sys import intern
from pathlib import Path

from pydantic import ValidationError

from ..errors import PlanError, SourceLocation, Text
from ..loader import SourceMap
from ..model import PlanDocument, count_damaged
from ..locator import MapLocator
from ..plan import Plan, _build_levels
from .grid import ReadError
from .importer import ImportedPlan, read_plans

__all__ = ["load_table_plan", "load_table_plans", "load_table_sheet", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".xls", ".ods")


def _path(pointer: str) -> tuple[str | int, ...]:
    # Keys interned: a 100,000-row book has a million positions, each path naming "program",
    # "indikator", "sesudah"… — one string each, not one per path.
    return tuple(int(part) if part.isdigit() else intern(part) for part in pointer.strip("/").split("/") if part)


def load_table_plan(path: Path) -> object:
    """The one table of ``path`` as a plan; ``PlanError`` (exit 2) for what cannot be read,
    or when the file holds several tables (:func:`load_table_plans` reads them all)."""
    plans = load_table_plans(path)
    if len(plans) > 1:
        names = ", ".join(plan.sheet for plan in plans)  # type: ignore[attr-defined]
        raise PlanError(Text(f"berisi {len(plans)} tabel ({names}); satu rencana diminta",
                             f"holds {len(plans)} tables ({names}); one plan was asked for"), SourceLocation(str(path)))
    return plans[0]


def load_table_plans(path: Path) -> list[object]:
    """Every table of ``path`` (a workbook's sheets, the tables of PDF-table text) as a plan,
    in the order of the file; ``PlanError`` (exit 2) for what cannot be read."""
    file = str(path)
    try:
        imported = read_plans(path)
    except ReadError as error:
        said = error.args[0] if error.args else str(error)
        both = [str(said), said.en if isinstance(said, Text) else str(said)]
        # The location already names the file: the message keeps the sheet and cell.
        both = [text[len(file) + 1:] if text.startswith(file + ":") else text for text in both]
        line = re.match(r"(\d+): ", both[0])  # a CSV's line number: part of the location
        where = SourceLocation(file, int(line.group(1))) if line else SourceLocation(file)
        if line:
            both = [text[line.end():] if text.startswith(line.group()) else text for text in both]
        both = [text.lstrip() for text in both]
        raise PlanError(Text(*both) if isinstance(said, Text) else both[0], where) from None
    plans = []
    while imported:  # each table's data let go once its plan is built: one at a time in memory twice
        plans.append(_as_plan(file, imported.pop(0)))
    return plans


def load_table_sheet(path: str | Path, sheet: str) -> object:
    """The table of ``path`` read from ``sheet`` (how a table's plan is copied or pickled)."""
    plans = load_table_plans(Path(path))
    for plan in plans:
        if plan.sheet == sheet:  # type: ignore[attr-defined]
            return plan
    raise PlanError(Text(f"tabel {sheet!r} tidak ada lagi", f"table {sheet!r} is gone"), SourceLocation(str(path)))


def _as_plan(file: str, imported: ImportedPlan) -> object:
    source = SourceMap(file)
    for pointer, cell in imported.cells.items():
        source.values[_path(pointer)] = (cell.row, cell.column)
    # An item, an indicator or a pair (sebelum, target_renstra) is where its first value is: a
    # finding about a value that is missing points at the row of its owner.
    for path, position in sorted(source.values.items(), key=lambda item: item[1]):
        for end in range(1, len(path)):
            source.values.setdefault(path[:end], position)
    sheets = {_path(pointer): name for pointer, name in imported.sheets.items()}
    try:
        with count_damaged() as damaged:
            document = PlanDocument.model_validate(imported.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = source.locate(loc)
        cell = next((c for p, c in imported.cells.items() if _path(p) == loc), None)
        at = f"{imported.sheet}!{cell.ref}" if cell is not None else imported.sheet
        raise PlanError(f"{at}: {'.'.join(str(p) for p in loc)}: {first['msg']}", where) from None
    plan = Plan(file, document, _build_levels(document), "", MapLocator(source), None, has_damaged_cells=bool(damaged))
    plan.sheet = imported.sheet
    plan.sheets = sheets
    plan.rebuild = (load_table_sheet, (file, imported.sheet))  # (pickle, copy: read the sheet again)
    return plan
