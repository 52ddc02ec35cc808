"""File names for what browsers send: only ever a name in the submission's own folder."""

from __future__ import annotations

import os
import re

from ..discovery import SIDECAR_SUFFIX

__all__ = ["safe_name"]

_UNSAFE = re.compile(r"[^\w.()+\- ]")
_MAX_STEM = 100


def safe_name(raw: str, taken: set[str], fallback: str = "berkas") -> str:
    """A file name for ``raw`` (a name a browser sent) that is only a name, never a path.

    The last component of either slash, without control characters (NUL, newlines), with
    anything but letters, digits, spaces and ``._()+-`` replaced by ``_``, no leading dot
    (no hidden files, no ``..``), at most 100 characters before the suffix, and unlike every
    name in ``taken`` (``-2``, ``-3``, ... added), which it joins.
    """
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(character for character in base if character.isprintable())
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, suffix = _split_suffix(base)
    stem = stem[:_MAX_STEM].strip(" .") or fallback
    name = stem + suffix
    number = 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}{suffix}"
    taken.add(name.lower())
    return name


def _split_suffix(name: str) -> tuple[str, str]:
    if name.lower().endswith(SIDECAR_SUFFIX):  # kiriman.inferensi.yaml stays beside kiriman.xlsx
        return name[: -len(SIDECAR_SUFFIX)], name[-len(SIDECAR_SUFFIX):]
    stem, suffix = os.path.splitext(name)
    if len(suffix) > 10 or not suffix[1:].isalnum():
        return name, ""
    return stem, suffix


MAX_DEPTH = 8


class SafePaths:
    """Relative paths for files chosen with their folder (``tim/aturan/x.yaml``), made of
    :func:`safe_name` components only: never absolute, never ``..``, never hidden, at most
    :data:`MAX_DEPTH` folders deep (deeper folders are folded into the last).

    Names are unique within each folder, files and folders alike (a file ``x`` and a folder
    ``x`` cannot both be written), and a folder met again is entered again under the name it
    was given the first time.
    """

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}  # folder -> names used in it (lower case)
        self._folders: dict[tuple[str, str], str] = {}  # (folder, name as sent) -> name given

    def path(self, raw: str) -> str:
        parts = [part for part in raw.replace("\\", "/").split("/") if part.strip(" .")]
        folders, name = parts[:-1][:MAX_DEPTH], parts[-1] if parts else ""
        here = ""
        for part in folders:
            key = (here, part)
            if key not in self._folders:
                self._folders[key] = safe_name(part, self._names.setdefault(here, set()), fallback="folder")
            here = f"{here}/{self._folders[key]}" if here else self._folders[key]
        given = safe_name(name, self._names.setdefault(here, set()))
        return f"{here}/{given}" if here else given
