"""Writing a report file so that a failure never leaves half a report behind.

The text goes to a temporary file in the target's own folder (same file system, so the
final rename is atomic), is flushed to disk, then replaces the target in one step. If
anything fails, the temporary file is removed and the previous report is untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` atomically; raises ``OSError`` and leaves no temporary file."""
    target = Path(path)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file private (0600); a report gets the usual permissions.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(folder)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777  # keep the mode of the report being replaced
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable where the platform allows opening a folder (POSIX).
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
