"""Which plan files a run checks: the paths named on the command line, folders searched.

Nothing found is skipped without a word: a folder that cannot be listed and a ``*.yaml``
symbolic link that leads nowhere are *problems* (files that could not be checked, exit 2,
in every report format); a FIFO, socket or device with a plan's name is handed to the
loader, which refuses it after a ``stat`` (it never opens one: a FIFO would block).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import PlanError, SourceLocation, Text

__all__ = ["PLAN_SUFFIXES", "Discovery", "discover_plans"]

PLAN_SUFFIXES = (".yaml", ".yml")
# Spreadsheets found in folders are checked too (renja_rules.readers); a .txt (PDF-table
# text) only when named on the command line: most text files in a folder are no table.
TABLE_IN_FOLDERS = (".xlsx", ".xlsm", ".csv", ".tsv", ".xls", ".ods")
# A book's sidecar (kiriman.inferensi.yaml beside kiriman.xlsx) states what its printed table
# cannot show; it is read with the book (renja_rules.readers.inference), never as a plan.
SIDECAR_SUFFIX = ".inferensi.yaml"


@dataclass
class Discovery:
    """The plan files to check, in a deterministic order, and what could not be looked at."""

    files: list[Path] = field(default_factory=list)
    problems: list[PlanError] = field(default_factory=list)


def discover_plans(paths: Iterable[str]) -> Discovery:
    """Plan files named in ``paths``: files as given, folders searched for ``*.yaml``/``*.yml`` and spreadsheets.

    Hidden folders and files (``.git``, ``.renja-rules-cache``) are skipped and symbolic
    links to folders are not followed (no loops); the order is sorted so output is
    deterministic. A file named on the command line is taken as it is, even when missing
    or unreadable: the loader reports it with its name.
    """
    found = Discovery()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.files.append(path)
            continue
        candidates: list[str] = []
        problems: dict[Path, PlanError] = {}

        def unreadable(error: OSError) -> None:
            folder = Path(error.filename) if error.filename else path
            why = error.strerror or error
            problems[folder] = PlanError(
                Text(f"folder tidak dapat dibaca, isinya tidak diperiksa: {why}",
                     f"cannot read folder, its plans were not checked: {why}"), SourceLocation(str(folder)))

        for entry in _entries(path, unreadable):
            name = entry.name
            suffix = os.path.splitext(name)[1]
            if name.startswith(".") or (suffix not in PLAN_SUFFIXES and suffix.lower() not in TABLE_IN_FOLDERS) \
                    or name.endswith(SIDECAR_SUFFIX):
                continue
            problem = _link_problem(Path(entry.path)) if _is_link(entry) else None
            if problem is not None:
                problems[Path(entry.path)] = problem
            else:
                candidates.append(entry.path)
        # Sorted as paths are (part by part), on the strings: comparing Path objects cost
        # more than the rest of finding 22,000 plans. (Path() also drops a leading "./".)
        found.files.extend(Path(name) for name in sorted(candidates, key=_parts))
        found.problems.extend(problems[key] for key in sorted(problems))
    found.files = list(dict.fromkeys(found.files))
    return found


def _entries(top: Path, unreadable: Callable[[OSError], None]) -> Iterator[os.DirEntry[str]]:
    """Every entry under ``top`` that is not a folder, hidden folders skipped, links to folders not followed.

    ``os.walk``, keeping what ``scandir`` already knows of each entry (whether it is a link,
    a folder): os.walk's names alone cost two more ``stat`` calls a file here.
    """
    stack = [os.fspath(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            unreadable(error)
            continue
        for entry in entries:
            if not _is_dir(entry):
                yield entry
            elif not entry.name.startswith(".") and not _is_link(entry):
                stack.append(entry.path)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a link to a folder too, as os.walk counts it
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()  # (an lstat where the file system does not say: it may fail)
    except OSError:
        return False  # as os.walk takes it: a folder is then listed, and a failure reported


def _parts(name: str) -> list[str]:
    return os.path.normcase(name).split(os.sep)


def _link_problem(candidate: Path) -> PlanError | None:
    """Why a symbolic link found in a folder cannot be checked, or ``None``."""
    try:
        if not stat.S_ISLNK(os.lstat(candidate).st_mode):
            return None
        os.stat(candidate)
    except FileNotFoundError:
        return PlanError(Text("tautan simbolik ke berkas yang tidak ada", "dangling symbolic link: its target does not exist"),
                         SourceLocation(str(candidate)))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return PlanError(Text("tautan simbolik melingkar", "symbolic link loop"), SourceLocation(str(candidate)))
        return None  # the loader reports the file with its own reason
    return None
