"""Reference lists of the national nomenclature: codes and names valid in each year, and successors.

A list is a CSV (or YAML) file of rows ``kode,nama,level,berlaku_dari,berlaku_sampai`` (the years
empty when open; lines starting with ``#`` are comments, e.g. the list's source and date), as the Kepmendagri nomenclature of programs, kegiatan and sub kegiatan is
published; or, with the header ``kode_lama,kode_baru``, a list of legacy codes and their
successors (bidang ``2.211`` → ``2.17``). The configuration names them (``nomenklatur = [...]``,
paths relative to the configuration file; ``bawaan`` names the lists this package ships, in
``rules/nomenklatur/``). Nothing is read unless the configuration names a list.

A list **covers** a bidang when it holds that bidang's own row (level ``bidang``): then every
code under it must be in the list, and one that is not is unknown. A code of a bidang the list
does not cover is not judged unknown, so a partial list (such as the one shipped, which holds
only the codes the seed prints) never calls a code of another bidang wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import ConfigError, SourceLocation, Text
from .loader import Limits, load_yaml_text, read_text

__all__ = ["Entry", "Nomenclature", "load_nomenclature", "BUILT_IN", "built_in_lists", "normal_name"]

BUILT_IN = "bawaan"
LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
_LIMITS = Limits(max_bytes=20 * 1024 * 1024)


class Entry(NamedTuple):
    kode: str
    nama: str
    level: str
    dari: int | None
    sampai: int | None

    def valid_in(self, tahun: int) -> bool:
        return (self.dari is None or self.dari <= tahun) and (self.sampai is None or tahun <= self.sampai)

    def years(self) -> str:
        return f"{self.dari or '…'}–{self.sampai or '…'}"


@dataclass(frozen=True, eq=False)
class Nomenclature:
    """Codes (each with its names over the years), successors of legacy codes, and a digest of the files."""

    entries: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    successors: dict[str, str] = field(default_factory=dict)
    digest: str = ""

    def covers(self, kode: str) -> bool:
        """Whether the list holds the bidang of ``kode`` (its first two parts) as a row of its own."""
        bidang = ".".join(kode.split(".")[:2])
        return any(entry.level == "bidang" for entry in self.entries.get(bidang, ()))


def normal_name(text: str | None) -> str:
    """A name as the nomenclature compares it: case, spaces and punctuation ignored."""
    return "".join(character for character in (text or "").lower() if character.isalnum())


def built_in_lists(rules_dir: Path) -> tuple[Path, ...]:
    """The lists shipped beside the default rules (``rules_dir``: :func:`renja_rules.rules.default_rules_dir`)."""
    return tuple(sorted((rules_dir / "nomenklatur").glob("*.csv")))


def _year(value: str, where: SourceLocation) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) != 4:
        raise ConfigError(Text(f"tahun berlaku '{value}' bukan tahun empat angka", f"'{value}' is not a four-digit year"),
                          where)
    return int(value)


def _yaml_rows(text: str, path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    data, source = load_yaml_text(text, str(path), _LIMITS, ConfigError)
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ConfigError(Text("daftar nomenklatur YAML harus berupa daftar pemetaan",
                               "a YAML nomenclature list must be a list of mappings"), source.locate(()))
    header = [str(key) for key in data[0]] if data else []
    return header, [(source.locate((index,)).line or 0, {str(k): "" if v is None else str(v) for k, v in row.items()})
                    for index, row in enumerate(data)]


def _csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    import csv  # only a run that names a CSV list needs it

    # A line starting with '#' is a comment (the list's source and date): skipped, each kept line its number.
    kept = [(number, line) for number, line in enumerate(text.splitlines(keepends=True), 1) if not line.startswith("#")]
    reader = csv.reader(line for _, line in kept)
    header = [name.strip() for name in next(reader, [])]
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            number = kept[min(reader.line_num, len(kept)) - 1][0]
            rows.append((number, dict(zip(header, cells))))
    return header, rows


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the rows (with their line numbers) of a CSV or YAML list."""
    text = read_text(path, _LIMITS, ConfigError)
    return _yaml_rows(text, path) if path.suffix.lower() in (".yaml", ".yml") else _csv_rows(text)


def _load_one(path: Path, entries: dict[str, list[Entry]], successors: dict[str, str]) -> None:
    header, rows = _rows(path)
    if {"kode_lama", "kode_baru"} <= set(header):
        for _, row in rows:
            successors[row.get("kode_lama", "").strip()] = row.get("kode_baru", "").strip()
        return
    wanted = ("kode", "nama", "level", "berlaku_dari", "berlaku_sampai")
    if not set(wanted) <= set(header):
        raise ConfigError(Text(f"kolom daftar nomenklatur harus {', '.join(wanted)} (atau kode_lama, kode_baru)",
                               f"a nomenclature list's columns are {', '.join(wanted)} (or kode_lama, kode_baru)"),
                          SourceLocation(str(path), 1, 1))
    for line, row in rows:
        where = SourceLocation(str(path), line, 1)
        row = {key: row.get(key) or "" for key in wanted}
        level = row["level"].strip()
        if level not in LEVELS:
            raise ConfigError(Text(f"level '{level}' bukan salah satu dari {', '.join(LEVELS)}",
                                   f"level '{level}' is not one of {', '.join(LEVELS)}"), where)
        kode = row["kode"].strip()
        entry = Entry(kode, row["nama"].strip(), level, _year(row["berlaku_dari"], where), _year(row["berlaku_sampai"], where))
        entries.setdefault(kode, []).append(entry)


def load_nomenclature(paths: tuple[str, ...], rules_dir: Path) -> Nomenclature:
    """The lists named by the configuration (``bawaan``: those shipped in ``rules_dir``), merged;
    ``ConfigError`` when one cannot be read, naming its file and line."""
    return _load(stamp(paths, rules_dir))


def stamp(paths: tuple[str, ...], rules_dir: Path) -> tuple[tuple[Path, int, int], ...]:
    """Each list file with its modification time and size: lists read before are read again when these change."""
    files = [file for name in paths for file in (built_in_lists(rules_dir) if name == BUILT_IN else (Path(name),))]
    stamped = []
    for file in files:
        try:
            status = file.stat()
            stamped.append((file, status.st_mtime_ns, status.st_size))
        except OSError:
            stamped.append((file, -1, -1))  # read_text says what is wrong with it
    return tuple(stamped)


@lru_cache(maxsize=16)
def _load(stamped: tuple[tuple[Path, int, int], ...]) -> Nomenclature:
    files = [file for file, _, _ in stamped]
    entries: dict[str, list[Entry]] = {}
    successors: dict[str, str] = {}
    digest = hashlib.sha256()
    for file in files:
        _load_one(file, entries, successors)
        digest.update(str(file).encode() + b"\0" + file.read_bytes())
    return Nomenclature({kode: tuple(found) for kode, found in entries.items()}, successors, digest.hexdigest())
