"""Writing a file so that a failure never leaves half of it behind: the one place that writes.

Reports (``-o``), baselines (``--write-baseline``) and fixed plans (``--fix``) all come
through :func:`write_atomic`:

- A regular file (or a new one) is written to a temporary file in the target's own
  folder (same file system, so the final rename is atomic), flushed to disk, then renamed
  over the target in one step. If anything fails, the temporary file is removed and the
  previous file is untouched. The target keeps its mode (and, where allowed, its owner).
- A symbolic link is followed: its target is replaced as above, the link stays a link.
- A character device, FIFO, or a path through ``/proc`` (``/dev/stdout`` is
  ``/proc/self/fd/1``, someone else's open file) is not a file to replace: it is written
  directly (a FIFO waits for its reader, as ``cat > fifo`` does).
- A file without write permission (``chmod a-w``) is not replaced, not even by root: an
  :class:`OSError` (``EACCES``) says so.
- The folder must exist (the CLI creates a report's missing folder and says so:
  :func:`renja_rules.targets.make_folder`).

Temporary files are named ``.NAME.renja-rules-PID-RANDOM.tmp``. A run killed mid-write
(power cut, ``kill -9``) leaves one behind; the next run that writes the same target
removes those whose process is gone or that are older than :data:`STALE_AFTER` seconds.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path

__all__ = ["write_atomic", "remove_stale_temporaries", "STALE_AFTER"]

# No write takes an hour; a temporary file that old is left over, whoever made it.
STALE_AFTER = 3600.0

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.renja-rules-(?P<pid>[1-9][0-9]{0,9})-[0-9a-f]{8}\.tmp", re.DOTALL)


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (``str`` as UTF-8) to ``path`` atomically; raises ``OSError`` and leaves no temporary file.

    See the module documentation for symbolic links, devices, FIFOs and read-only files.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    target = Path(path)
    try:
        status: os.stat_result | None = os.stat(target)  # follows symbolic links
    except FileNotFoundError:
        status = None  # a new file, or a link to one that does not exist yet
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    real = Path(os.path.realpath(target))  # replace what a symbolic link points to, keep the link
    if status is not None and (not stat.S_ISREG(status.st_mode) or _through_proc(target)):
        # A device or a pipe cannot be replaced (as root, a rename would put a regular file
        # in place of /dev/null); /dev/stdout (/proc/self/fd/1) is an open file of someone
        # else's, whatever it points to: both are written to, where they are.
        _write_directly(target, data)
        return
    if status is not None and not _writable(target, status):
        raise PermissionError(errno.EACCES, "read-only file (no write permission)", str(target))
    remove_stale_temporaries(real)
    temporary, descriptor = _create_temporary(real)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            _take_mode_and_owner(stream.fileno(), status)
        os.replace(temporary, real)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_folder(real.parent)


def _take_mode_and_owner(descriptor: int, status: os.stat_result | None) -> None:
    """The temporary file is private (0600) while written; the result gets the target's mode,
    or the usual one for a new file, and (as root) the target's owner."""
    os.fchmod(descriptor, stat.S_IMODE(status.st_mode) if status else _new_file_mode())
    if status is not None and (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, status.st_uid, status.st_gid)
        except OSError:
            pass  # only root may give a file away; the content matters more


def remove_stale_temporaries(target: Path, now: float | None = None) -> list[Path]:
    """Remove the left-over temporary files of ``target`` (by pattern, process and age); returns them."""
    folder = target.parent
    removed: list[Path] = []
    now = time.time() if now is None else now
    for name in _temporaries(folder).pop(target.name, []):
        match = _TEMPORARY.fullmatch(name)
        assert match is not None  # listed because it matched
        candidate = folder / name
        try:
            status = os.lstat(candidate)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue  # not something we made
        if _alive(int(match.group("pid"))) and now - status.st_mtime < STALE_AFTER:
            continue  # another run is writing it right now
        try:
            os.unlink(candidate)
        except OSError:
            continue
        removed.append(candidate)
    return removed


# A --fix of thousands of plans in one folder would list it once per plan (1 ms each for
# 3,000 files): a folder's temporaries are listed once and remembered for a minute.
_LISTINGS: dict[Path, tuple[float, dict[str, list[str]]]] = {}
_LISTING_FOR = 60.0


def _temporaries(folder: Path) -> dict[str, list[str]]:
    """Our temporary files in ``folder``, by the name of the file each was for."""
    listed = _LISTINGS.get(folder)
    if listed is not None and time.monotonic() - listed[0] < _LISTING_FOR:
        return listed[1]
    found: dict[str, list[str]] = {}
    try:
        names = os.listdir(folder)
    except OSError:
        names = []  # writing will say what is wrong with the folder
    for name in names:
        match = _TEMPORARY.fullmatch(name) if name.endswith(".tmp") else None
        if match is not None:
            found.setdefault(match.group("name"), []).append(name)
    if len(_LISTINGS) >= 256:
        _LISTINGS.clear()
    _LISTINGS[folder] = (time.monotonic(), found)
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes one file at a time: an older one is left over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or a number we cannot ask about: assume alive
    return True


def _create_temporary(target: Path) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = target.parent / f".{target.name}.renja-rules-{os.getpid()}-{os.urandom(4).hex()}.tmp"
        try:
            return temporary, os.open(temporary, flags, 0o600)
        except FileExistsError:
            continue


def _through_proc(target: Path) -> bool:
    """Whether ``target`` leads through /proc (``/dev/stdout`` -> ``/proc/self/fd/1`` -> a file)."""
    path = os.path.abspath(target)
    for _ in range(40):  # the kernel's own limit on links in a row
        path = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        if path.startswith("/proc/"):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


def _write_directly(target: Path, data: bytes) -> None:
    with open(target, "wb") as stream:
        stream.write(data)


def _writable(target: Path, status: os.stat_result) -> bool:
    # access() says yes to root for any file; a file nobody may write is meant to stay as it is.
    return bool(stat.S_IMODE(status.st_mode) & 0o222) and os.access(target, os.W_OK)


def _new_file_mode() -> int:
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
