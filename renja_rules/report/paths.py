"""How reports name files: relative to the repository root, with forward slashes.

Code scanning, annotations and test reports match a file by its path from the root of
the checkout, so a report names each plan file relative to the folder renja-rules runs
in (the repository root in CI), whatever spelling was given on the command line.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

__all__ = ["relative_path", "report_path"]


def relative_path(file: str, root: str | Path | None = None) -> str | None:
    """``file`` relative to ``root`` (default: the working directory) with ``/``; None when outside it."""
    base = os.path.abspath(root if root is not None else os.getcwd())
    try:
        relative = os.path.relpath(os.path.abspath(file), base)
    except ValueError:  # another drive (Windows): no relative path exists
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return PurePath(relative).as_posix()


def report_path(file: str, root: str | Path | None = None) -> str:
    """The name a report gives ``file``: relative to ``root`` when inside it, else absolute."""
    relative = relative_path(file, root)
    return relative if relative is not None else Path(os.path.abspath(file)).as_posix()
