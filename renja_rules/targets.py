"""Where a run may write: its output files, checked against its inputs before anything is done.

A report (``-o``) or a baseline (``--write-baseline``) must never replace a plan being
checked, a rule file, a configuration or the baseline being read, whatever the path
looks like: ``./p.yaml``, ``a/../p.yaml``, a symbolic link or a hard link to it. Files
that exist are compared by device and inode, paths that do not by their resolved form.
An output that is a folder is refused as well, so that a run never ends having checked
everything and written nothing. A missing folder of an output is created, as ruff does,
and said on stderr (:func:`make_folder`).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

__all__ = ["Input", "Output", "target_problem", "expand_rule_paths", "make_folder"]

# What each kind of input is called in a message.
_KINDS = {
    "id": {"plan": "berkas rencana", "rule": "berkas aturan", "config": "berkas konfigurasi", "baseline": "baseline"},
    "en": {"plan": "a plan file", "rule": "a rule file", "config": "a configuration file", "baseline": "the baseline"},
}
_MESSAGES = {
    "id": {
        "input": "{output} ({option}) adalah {kind} yang dibaca oleh pemeriksaan ini ({input}); "
                 "tidak ada yang dibaca atau ditulis: pilih berkas keluaran lain",
        "same": "{output} ({option}) dan {other} ({other_option}) adalah berkas yang sama; pilih berkas lain",
        "folder": "{output} ({option}) adalah sebuah folder, bukan berkas",
        "created": "folder {folder} dibuat untuk {output}",
    },
    "en": {
        "input": "{output} ({option}) is {kind} read by this run ({input}); "
                 "nothing was read or written: choose another output file",
        "same": "{output} ({option}) and {other} ({other_option}) are the same file; choose another file",
        "folder": "{output} ({option}) is a folder, not a file",
        "created": "created folder {folder} for {output}",
    },
}


@dataclass(frozen=True)
class Input:
    """A file the run reads: ``kind`` is plan, rule, config or baseline.

    ``writer`` names the one option allowed to replace it (``--write-baseline`` refreshing
    the ``--baseline`` it read).
    """

    kind: str
    path: Path
    writer: str | None = None


@dataclass(frozen=True)
class Output:
    """A file the run writes, and the option that named it (``-o sarif``, ``--write-baseline``)."""

    path: str
    option: str


def expand_rule_paths(paths: Iterable[Path]) -> list[Path]:
    """Rule files and folders as the files they stand for (``*.yaml``/``*.yml`` under a folder)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(candidate for candidate in path.rglob("*") if candidate.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def target_problem(outputs: list[Output], inputs: Iterable[Input], lang: str = "id") -> str | None:
    """The message of the first output that must not be written, or ``None`` when all may be."""
    words = _MESSAGES.get(lang, _MESSAGES["id"])
    kinds = _KINDS.get(lang, _KINDS["id"])
    seen: dict[object, Output] = {}
    for output in outputs:
        try:
            status: os.stat_result | None = os.stat(output.path)
        except (OSError, ValueError):
            status = None
        if status is not None and stat.S_ISDIR(status.st_mode):
            return words["folder"].format(output=output.path, option=output.option)
        if status is not None and not stat.S_ISREG(status.st_mode):
            continue  # a device or a pipe is written to, never replaced: /dev/null twice is fine
        key: object = (status.st_dev, status.st_ino) if status is not None else os.path.realpath(output.path)
        other = seen.get(key)
        if other is not None:
            return words["same"].format(output=output.path, option=output.option, other=other.path,
                                        other_option=other.option)
        seen[key] = output
    # Only now look at the inputs, each stat()ed once: a run with no outputs never gets here.
    for item in inputs:
        identity = _identity(item.path)
        key = identity if identity is not None else os.path.realpath(item.path)
        output = seen.get(key)
        if output is not None and output.option != item.writer:
            return words["input"].format(output=output.path, option=output.option,
                                         kind=kinds.get(item.kind, item.kind), input=item.path)
    return None


def make_folder(path: str | Path, lang: str = "id") -> str | None:
    """Create the missing folders of an output file; the message to show when one was made.

    Raises ``OSError`` when a folder cannot be made (the caller reports the output as not written).
    """
    folder = Path(os.path.realpath(path)).parent
    if folder.is_dir():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return _MESSAGES.get(lang, _MESSAGES["id"])["created"].format(folder=folder, output=path)
