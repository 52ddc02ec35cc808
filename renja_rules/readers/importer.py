"""From a file people exchange to plan data: pick the reader, read each table, fill the header.

``read_plans`` is what ``renja-rules import`` (and ``check`` on a spreadsheet) calls. The
document header (``dokumen``) is filled from what the file says — the ``Tabel N`` line, the title
lines (judul, year, period, perangkat daerah, pemerintah daerah) — and from options, which win;
what cannot be known is left out and reported by the rules as for any plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..doctypes import document_type
from ..errors import Text
from .grid import Cell, ReadError, Sheet
from .inference import load_policy, sidecar_of
from .table import RENSTRA_YEARS, ReadTable, find_header, read_table

__all__ = ["ImportOptions", "ImportedPlan", "read_plans", "read_sheets", "plan_yaml", "SPREADSHEET_SUFFIXES"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
_MAX_TEXT = 10 * 1024 * 1024


@dataclass
class ImportOptions:
    """What the command line may say about the document (each wins over what the file says)."""

    jenis: str | None = None
    sheet: str | None = None
    tahun: int | None = None
    perangkat_daerah: str | None = None
    pemerintah_daerah: str | None = None
    from_text: bool = False
    policy: dict[str, Any] | None = None


@dataclass
class ImportedPlan:
    """One table read from a file: plan data, the cell of each value, notes on what was assumed."""

    source: Path
    table: ReadTable
    # Values read from another sheet than the table's (the exporter's "Dokumen" sheet), by pointer.
    sheets: dict[str, str] = field(default_factory=dict)

    @property
    def sheet(self) -> str:
        """The name of the sheet (or ``Tabel N`` of a text) the table stands on."""
        return self.table.sheet.name

    @property
    def data(self) -> dict[str, Any]:
        """The plan data: the dict a plan YAML holds."""
        return self.table.data

    @property
    def cells(self) -> dict[str, Cell]:
        """The cell each value came from, by JSON pointer."""
        return self.table.cells

    @property
    def notes(self) -> list[tuple[Cell | None, str]]:
        """What the reader decided or repaired, with the cell concerned when there is one."""
        return [(None, note) for note in self.table.sheet.notes] + self.table.notes


def read_sheets(path: Path, options: ImportOptions) -> list[Sheet]:
    """The grids of a file, by its suffix (``--from-text`` reads any file as PDF-table text)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError(Text(f"{path}: berkas tidak ditemukan", f"{path}: file not found"))
    try:
        if options.from_text or suffix in (".txt", ".md", ".text"):
            from .text import read_text_tables

            data = path.read_bytes()
            if len(data) > _MAX_TEXT:
                raise ReadError(f"{path}: berkas lebih dari {_MAX_TEXT // (1024 * 1024)} MiB")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
            sheets = read_text_tables(text, path)
            if options.sheet:
                sheets = [s for s in sheets if s.name == options.sheet]
            return sheets
        if suffix in (".csv", ".tsv"):
            from .delimited import read_delimited

            data = path.read_bytes()
            if len(data) > _MAX_TEXT:
                raise ReadError(f"{path}: berkas lebih dari {_MAX_TEXT // (1024 * 1024)} MiB")
            return [read_delimited(data, path)]
        from .xlsx import read_workbook

        return read_workbook(path, sheet_name=options.sheet)
    except OSError as error:
        raise ReadError(f"{path}: tidak dapat dibaca: {error.strerror or error}") from None


def clear_caches() -> None:
    """Forget what earlier reads cached (normalised texts, cell fits, number formats): the
    benchmark's fairness hook, so that each timed read starts as the first read of a book does."""
    from . import headings, table, xlsx

    headings.normalise.cache_clear()
    table._fits_kind.cache_clear()
    xlsx._format_places.cache_clear()
    xlsx._format_spec.cache_clear()


def read_plans(path: Path, options: ImportOptions | None = None) -> list[ImportedPlan]:
    """Every recognised table of ``path`` as plan data; ``ReadError`` when there is none."""
    options = _with_sidecar(path, options or ImportOptions())
    plans: list[ImportedPlan] = []
    sheets = read_sheets(path, options)
    headers = _dokumen_sheet(sheets)
    for sheet in sheets:
        if sheet.name in (_DOKUMEN_SHEET, _TEMUAN_SHEET):
            continue  # the exporter's header and findings sheets: not tables of items
        rows = [{cell.column: cell for cell in row} for row in sheet.rows]
        found = find_header(rows)
        if found is None:
            continue  # a sheet without a Kode heading (a cover sheet, prose): not a table
        if not sheet.title:
            _title_rows(sheet, rows[:found[0]])
        plans.append(_plan_of(path, sheet, headers, options, rows, found))
        del rows
    if not plans:
        where = f"sheet '{options.sheet}'" if options.sheet else "berkas ini"
        raise ReadError(f"{path}: tidak ada tabel Renja di {where} (dicari kepala tabel dengan judul 'Kode') / "
                        "no Renja table found (looked for a header with a 'Kode' heading)")
    return plans


def _with_sidecar(path: Path, options: ImportOptions) -> ImportOptions:
    """The options with what the book's sidecar (``BOOK.inferensi.yaml``) states of its indicators."""
    sidecar = sidecar_of(path)
    if not sidecar.is_file():
        return options
    try:
        return replace(options, policy=load_policy(sidecar, base=options.policy))
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or (error.args[0] if error.args else str(error))
        raise ReadError(Text(f"{sidecar}: berkas inferensi tidak dapat dibaca: {why}",
                             f"{sidecar}: cannot read the inference file: {getattr(why, 'en', why)}")) from None


def _title_rows(sheet: Sheet, above: list[dict[int, Cell]]) -> None:
    """A book's title rows stand above its header: their first filled cells are the sheet's title."""
    lines = [next((c.text for c in sorted(row.values(), key=lambda c: c.column) if c.text), "") for row in above]
    tabel = next((line for line in lines if re.fullmatch(r"tabel\s+\S+", line, re.IGNORECASE)), None)
    sheet.title = [line for line in lines if line and line != tabel]
    if tabel:
        sheet.notes.append(f"tabel {tabel.split()[-1]}")


def _plan_of(path: Path, sheet: Sheet, headers: dict[str, dict[str, Cell]], options: ImportOptions,
             rows: list[dict[int, Cell]], found: tuple[int, int, int]) -> ImportedPlan:
    """One sheet's table (its rows by column, its header where ``find_header`` found it) as plan
    data, with its document header."""
    table = read_table(sheet, jenis=options.jenis, policy=options.policy, rows=rows, found=found)
    table.data["dokumen"] = _dokumen(sheet, table, options)
    if table.headings and sheet.name not in headers:  # (an exported book states it on its Dokumen sheet)
        table.data["dokumen"]["judul_kolom"] = " | ".join(" ".join(cell.text.split()) for cell in table.headings)
        table.cells["/dokumen/judul_kolom"] = table.headings[0]
    stated = headers.get(sheet.name)
    if stated is not None and "judul" not in stated:
        # An exported book states its header on the Dokumen sheet; a document without a title was
        # printed under its form's own (renja_rules.export), which is no title of the document.
        table.data["dokumen"].pop("judul", None)
        table.cells.pop("/dokumen/judul", None)
    for key, cell in (stated or {}).items():
        _set_header(table, key, cell, options)
    table.data = _ordered(table.data)
    sheet.rows = []  # the grid is read: its cells live on only where the plan data uses them
    elsewhere = {pointer: _DOKUMEN_SHEET for pointer in table.cells if pointer.startswith("/dokumen/")}
    return ImportedPlan(path, table, elsewhere)


_DOKUMEN_SHEET, _TEMUAN_SHEET = "Dokumen", "Temuan"  # the sheets renja_rules.export adds
_OPTION_KEYS = {"tahun", "perangkat_daerah", "pemerintah_daerah"}


def _dokumen_sheet(sheets: list[Sheet]) -> dict[str, dict[str, Cell]]:
    """The exporter's "Dokumen" sheet: per plan sheet (a column), the header fields by key."""
    found = [sheet for sheet in sheets if sheet.name == _DOKUMEN_SHEET]
    if not found or not found[0].rows:
        return {}
    rows = found[0].rows
    names = {cell.column: cell.text for cell in rows[0] if cell.column >= 3 and cell.text}
    headers: dict[str, dict[str, Cell]] = {name: {} for name in names.values()}
    for row in rows[1:]:
        by_column = {cell.column: cell for cell in row}
        key = by_column.get(2)
        if key is not None and key.text.startswith("dokumen."):
            _header_row(key.text[len("dokumen."):], by_column, names, headers)
    return headers


def _header_row(key: str, by_column: dict[int, Cell], names: dict[int, str], headers: dict[str, dict[str, Cell]]) -> None:
    """One field of the Dokumen sheet, for every plan sheet whose column fills it."""
    for column, name in names.items():
        cell = by_column.get(column)
        if cell is not None and cell.text:
            headers[name][key] = cell


def _set_header(table: ReadTable, key: str, cell: Cell, options: ImportOptions) -> None:
    if key in _OPTION_KEYS and getattr(options, key) is not None:
        return  # the option wins
    node = table.data["dokumen"]
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    value: Any = cell.text
    if parts[-1] in ("tahun", "program", "kegiatan", "sub_kegiatan") and cell.text.replace(".", "").isdigit():
        value = int(cell.text.replace(".", ""))
    node[parts[-1]] = value
    table.cells["/dokumen/" + "/".join(parts)] = cell


_TAHUN = re.compile(r"\btahun\s+(\d{4})\b", re.IGNORECASE)
_RENTANG = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")  # a period: "2026-2030", "2026 – 2030"
_DAERAH = re.compile(r"\b((?:Kabupaten|Kota|Provinsi)\s+[A-Z][\w-]*(?:\s+(?!Tahun\b)[A-Z][\w-]*)?)")
_PERIODE = re.compile(r"\b(Triwulan\s+[IV]+|Semester\s+[I]+)\b", re.IGNORECASE)
# A perangkat daerah's name starts with the word of its kind and ends before the region, if
# the line names one ("Dinas Koperasi dan Usaha Mikro Kabupaten Malang"). Two linear scans:
# one pattern with a lazy name and an optional "\s+region" tail backtracked quadratically.
_PD_HEAD = re.compile(r"(?:Dinas|Badan|Sekretariat|Inspektorat|Kantor|Satuan|Rumah Sakit|Kecamatan)\b")
_REGION_WORD = re.compile(r"\s(?:Kabupaten|Kota|Provinsi)\b")


def _perangkat_daerah(line: str) -> str | None:
    """The perangkat daerah a title line names, without its region; None when it names none."""
    if _PD_HEAD.match(line) is None:
        return None
    region = _REGION_WORD.search(line)
    return line[:region.start()].rstrip() if region else line


# The document's heading (PDF-table text: readers.text keeps it in Sheet.context), single-spaced.
# Every gap is bounded: no search rescans the heading from each start.
_REGULATION = re.compile(r"\b(PERATURAN (?:BUPATI|WALI ?KOTA|GUBERNUR|DAERAH)\b.{0,80}?\bNOMOR \d{1,5} TAHUN \d{4})",
                         re.IGNORECASE)
_PLAN_IN_HEADING = re.compile(r"RENCANA KERJA (.{1,150}?) TAHUN (\d{4})", re.IGNORECASE)
_HEAD_REGION = re.compile(r"^(BUPATI|WALI ?KOTA|GUBERNUR) +([A-Z][A-Z.'-]*(?: [A-Z.'-]+){0,4}) *,?$")
_SMALL_WORDS = frozenset({"dan", "di", "ke", "dari", "yang", "atau", "untuk", "pada", "serta", "tentang"})


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
                    for index, word in enumerate(words))


def _from_heading(sheet: Sheet) -> dict[str, Any]:
    """What the document's heading and narrative say of the table's header (PDF-table text only).

    ``dasar_hukum`` from the heading's regulation (``PERATURAN BUPATI MALANG NOMOR 65 TAHUN
    2021``); ``tahun`` and ``perangkat_daerah`` from its ``RENCANA KERJA <perangkat daerah>
    TAHUN <n>``; ``pemerintah_daerah`` from ``BUPATI MALANG`` (``WALI KOTA``, ``GUBERNUR``);
    ``jumlah`` from the sentence declaring the counts nearest to the table, with its chapter.
    """
    found: dict[str, Any] = {}
    heading_lines = sheet.context.get("heading") or []
    heading = " ".join(" ".join(heading_lines).split())
    regulation = _REGULATION.search(heading)
    if regulation:
        found["dasar_hukum"] = _title_case(regulation.group(1))
    plan = _PLAN_IN_HEADING.search(heading)
    if plan:
        found["perangkat_daerah"] = _title_case(plan.group(1))
        found["tahun"] = int(plan.group(2))
    for line in heading_lines:
        region = _HEAD_REGION.match(line.strip())
        if region:
            kind = {"BUPATI": "Kabupaten", "WALIKOTA": "Kota", "GUBERNUR": "Provinsi"}[
                region.group(1).upper().replace(" ", "")]
            found["pemerintah_daerah"] = f"{kind} {_title_case(region.group(2))}"
            break
    counts = sheet.context.get("counts") or []
    first_line = sheet.context.get("first_line")
    if counts and first_line:
        _, program, kegiatan, sub_kegiatan, chapter = min(counts, key=lambda count: abs(count[0] - first_line))
        found["jumlah"] = {"program": program, "kegiatan": kegiatan, "sub_kegiatan": sub_kegiatan}
        if chapter:
            found["jumlah"]["sumber"] = chapter
    return found


def _dokumen(sheet: Sheet, table: ReadTable, options: ImportOptions) -> dict[str, Any]:
    """The document header: from the options, else the title rows, else what the text above the table says."""
    dokumen: dict[str, Any] = {"jenis": table.jenis}
    label = re.match(r"tabel\s+(\S+)$", sheet.name, re.IGNORECASE)
    noted = next((note.split()[-1] for note in sheet.notes if note.startswith("tabel ")), None)
    _first(dokumen, "judul", sheet.title[0] if sheet.title else None)
    _first(dokumen, "tabel", noted, label.group(1) if label else None)
    title = " ".join(sheet.title)
    heading = _from_heading(sheet)
    years = _TAHUN.findall(title)
    if document_type(table.jenis).period:
        _period(sheet, dokumen, title, table, options.tahun or heading.get("tahun"))
    if "tahun" not in dokumen:
        # The plan's year as the document names it (a table title may be a copy of last year's).
        _first(dokumen, "tahun", options.tahun, heading.get("tahun"), int(years[-1]) if years else None)
    if document_type(table.jenis).evaluation:
        _first(dokumen, "periode", _periode(title))
    daerah = _DAERAH.search(title)
    _first(dokumen, "pemerintah_daerah", options.pemerintah_daerah, daerah.group(1) if daerah else None,
           heading.get("pemerintah_daerah"))
    _first(dokumen, "perangkat_daerah", options.perangkat_daerah, *_named_perangkat_daerah(sheet, table, heading))
    for key in ("dasar_hukum", "jumlah"):
        if key in heading:
            dokumen[key] = heading[key]
    return dokumen


def _named_perangkat_daerah(sheet: Sheet, table: ReadTable, heading: dict[str, Any]) -> tuple[Any, Any]:
    """The perangkat daerah the title rows name, and the one the text above the table names; none
    for a list serving every perangkat daerah (the pagu indikatif)."""
    if document_type(table.jenis).shared:
        return None, None
    return next((name for name in map(_perangkat_daerah, sheet.title[1:]) if name), None), heading.get("perangkat_daerah")


def _period(sheet: Sheet, dokumen: dict[str, Any], title: str, table: ReadTable, tahun: int | None) -> None:
    """A Renstra's period from its title ("Tahun 2026-2030") or its year columns, and its year:
    the one given, else the period's first (as a Renstra's header states it). A title and year
    columns that disagree are refused: the columns' years would be placed in another period."""
    stated = _RENTANG.search(title)
    if stated:
        first, last = int(stated.group(1)), int(stated.group(2))
        if table.period and table.period[0] != first:
            raise ReadError(Text(
                f"{sheet.where()}: judul menyebut periode {first}-{last}, kolom tahunnya mulai {table.period[0]}",
                f"{sheet.where()}: the title names the period {first}-{last}, its year columns begin at {table.period[0]}"))
    elif table.period:
        first, last = table.period[0], table.period[0] + RENSTRA_YEARS - 1
    else:
        return
    dokumen["periode"] = f"{first}-{last}"
    _first(dokumen, "tahun", tahun, first)


def _periode(title: str) -> str | None:
    """The period an evaluation's title names ("Triwulan II"), capitalised as a title writes it."""
    periode = _PERIODE.search(title)
    if periode is None:
        return None
    return " ".join(part.capitalize() if part.isalpha() and not set(part) <= set("IV") else part
                    for part in periode.group(1).split())


def _first(dokumen: dict[str, Any], key: str, *candidates: Any) -> None:
    """Set ``key`` to the first candidate that is given (an option, then what the book says)."""
    value = next((candidate for candidate in candidates if candidate is not None and candidate != ""), None)
    if value is not None:
        dokumen[key] = value


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    order = ("dokumen", "urusan", "program", "total", "pagu_indikatif")
    return {key: data[key] for key in order if key in data} | {k: v for k, v in data.items() if k not in order}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Codes and amounts are quoted so that YAML never reads "2.17" or "100" as a number.
    plain = re.fullmatch(r"[A-Za-z][^:#\n]*", value) is not None and value.strip() == value \
        and value.lower() not in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_Dumper.add_representer(str, _str)


def plan_yaml(plan: ImportedPlan) -> str:
    """The plan as YAML in the style of ``examples/``, headed by a comment naming file and sheet."""
    body = yaml.dump(plan.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"# Diimpor dari {plan.source.name}, {plan.sheet} (renja-rules import)\n{body}"
