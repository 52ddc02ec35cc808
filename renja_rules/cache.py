"""A cache of results, so an unchanged file costs almost nothing on the next run.

An entry is keyed by everything its result depends on: the tool's version, the rule
set (every rule's full specification and the language), the file's path and content,
and the content of the other plan files in its folder (they may form a document set
with it). Change any of those and the key changes: a cached result can never make a
failing file pass.

Storage is one SQLite database (``.renja-rules-cache/cache.sqlite`` by default): safe
when several checker processes run at once (pre-commit runs hooks in parallel), and
written in transactions, so an interrupted run leaves it whole. Each entry also stores a
checksum of its payload; an entry that does not match, a database that cannot be read,
or one written by another format version is ignored (and rebuilt), never trusted.

Every hit is verified: a file's bytes are read and hashed on every run, so a file edited
without changing its size or modification time is never answered from the cache. With
``trust_stat`` (``--cache-trust-stat``) the cache instead remembers the size and
modification time (nanoseconds) a file had when hashed, as ruff and git do, and takes a
file whose size and time agree to be unchanged: faster, at that risk.

Threat model: the cache folder is as trusted as the working tree, no more. Anything in it
that is not what this module wrote (another schema, other column types, a payload of the
wrong shape, a symbolic link where a file belongs) is a miss and is rebuilt, never an
error; a payload is also checked against the rule set and the file before it is used
(:func:`renja_rules.run` does). A forged entry with a matching checksum can still only
claim violations of the current rule set at positions inside the file. The cache follows
no symbolic link inside its folder (a link there could make it write elsewhere), and a
cache folder that is itself a link is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from stat import S_ISREG
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from . import __version__

__all__ = ["Cache", "rules_fingerprint", "DEFAULT_CACHE_DIR"]

DEFAULT_CACHE_DIR = ".renja-rules-cache"
LOCK_TIMEOUT = 2.0  # seconds
FLUSH_EVERY = 1000  # results held before they are written (one transaction each time)
FORMAT = 2  # 2: hashes remember each file's line count (cached positions are checked against it)

_UNASKED = object()  # Cache._read: the database could not be asked

# The tables as this module creates them: a database holding anything else (a table with
# other columns, a column of another type) is emptied and made anew.
_TABLES = {
    "meta": ("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)", [("name", "TEXT"), ("value", "TEXT")]),
    "results": ("CREATE TABLE results (key TEXT PRIMARY KEY, payload TEXT, checksum TEXT)",
                [("key", "TEXT"), ("payload", "TEXT"), ("checksum", "TEXT")]),
    "hashes": ("CREATE TABLE hashes (path TEXT PRIMARY KEY, size INT, mtime INT, lines INT, digest TEXT)",
               [("path", "TEXT"), ("size", "INT"), ("mtime", "INT"), ("lines", "INT"), ("digest", "TEXT")]),
}
# The files SQLite may keep in the folder besides the database, and ours: none may be a link.
_OWN_FILES = ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm", "cache.sqlite-journal", ".gitignore")


def rules_fingerprint(rules: Any, lang: str) -> str:
    """A hash of everything in a rule set that can change a result."""
    digest = hashlib.sha256(f"{__version__}\x1f{FORMAT}\x1f{lang}".encode())
    for rule in rules:
        spec = dict(rule.spec_data())  # (the kept data of a rule read from the cache: no model is built)
        spec["severity"] = rule.severity  # an override from the configuration counts too
        spec["reference"] = getattr(rule.params, "fingerprint", "")  # reference lists the configuration names
        digest.update(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FileKey:
    """What identifies one file's content for the cache."""

    path: str
    content: str


class Cache:
    """A result cache in one SQLite file; every failure to use it degrades to "no cache".

    ``problem`` says, in both languages, why a cache that was asked for is not used (a
    symbolic link where the cache keeps its files); the command line prints it as a warning.
    """

    def __init__(self, folder: str | Path = DEFAULT_CACHE_DIR, max_bytes: int = 10 * 1024 * 1024,
                 trust_stat: bool = False) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.trust_stat = trust_stat
        self._db: sqlite3.Connection | None = None
        self._hashes: dict[str, tuple[int, int, int, str]] = {}
        self._lines: dict[str, int] = {}  # line counts of the files hashed in this run
        self._pending_hashes: list[tuple[str, int, int, int, str]] = []
        self._pending: list[tuple[str, str, str]] = []
        self._unwritable = False
        self.enabled = True
        self.problem: tuple[str, str] | None = None
        self.hits = 0
        self.misses = 0

    # --- opening ---------------------------------------------------------------------

    def _refuse(self, what: Path) -> None:
        self.enabled = False
        self.problem = (
            f"{what} adalah tautan simbolik: cache tidak dipakai (cache tidak mengikuti tautan)",
            f"{what} is a symbolic link: the cache is not used (the cache follows no links)",
        )

    def _links(self) -> bool:
        """Whether the folder, or a file the cache keeps in it, is a symbolic link (refused)."""
        for path in (self.folder, *(self.folder / name for name in _OWN_FILES)):
            if path.is_symlink():
                self._refuse(path)
                return True
        return False

    def _write_gitignore(self) -> None:
        # O_EXCL and O_NOFOLLOW: never through a link someone left there, never over a file.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.folder / ".gitignore", flags, 0o644)
        except FileExistsError:
            return
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# created by renja-rules\n*\n")

    def _connect(self) -> sqlite3.Connection | None:
        if not self.enabled:
            return None
        if self._db is not None:
            return self._db
        try:
            if self._links():
                return None
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._links():  # made between the look and the mkdir: still not followed
                return None
            self._write_gitignore()
            try:
                db, hashes = self._open()
            except sqlite3.DatabaseError as error:
                if not _damaged(error):
                    raise
                # Not a database, or a damaged one: nothing in it can be used by anyone, so it
                # is replaced (once) rather than costing every later run its cache.
                for name in _OWN_FILES[:4]:
                    (self.folder / name).unlink(missing_ok=True)
                db, hashes = self._open()
            self._hashes = hashes
            self._db = db
        except (sqlite3.Error, OSError, ValueError):
            self.enabled = False  # a cache we cannot use is no cache, never an error
            return None
        return self._db

    def _open(self) -> tuple[sqlite3.Connection, dict[str, tuple[int, int, int, str]]]:
        # A lock held elsewhere (another run's write, or a process that hangs on to the
        # file) is waited for this long, then the run goes on without the cache: a cache
        # may cost a miss, never a stalled check.
        db = sqlite3.connect(self.folder / "cache.sqlite", timeout=LOCK_TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            _ensure_schema(db)
            hashes = dict(_read_hashes(db))  # every page of the table read: damage shows here, not later
        except BaseException:
            db.close()
            raise
        return db, hashes

    # --- content hashes -----------------------------------------------------------------

    def content_hash(self, path: Path) -> str | None:
        """The SHA-256 of a file's bytes (read every time, unless ``trust_stat``)."""
        try:
            stat = path.stat()
        except OSError:
            return None
        if not S_ISREG(stat.st_mode) or stat.st_size > self.max_bytes:
            return None  # a pipe, a device, an oversized file: the loader answers for it
        key = os.path.abspath(path)
        self._connect()
        known = self._hashes.get(key)
        if self.trust_stat and known is not None and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            self._lines[key] = known[2]
            return known[3]
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(data).hexdigest()
        lines = line_count(data)
        self._lines[key] = lines
        if known != (stat.st_size, stat.st_mtime_ns, lines, digest):
            self._hashes[key] = (stat.st_size, stat.st_mtime_ns, lines, digest)
            self._pending_hashes.append((key, stat.st_size, stat.st_mtime_ns, lines, digest))
        return digest

    def line_count(self, path: Path) -> int | None:
        """How many lines the file had when :meth:`content_hash` last hashed it (None: not hashed)."""
        return self._lines.get(os.path.abspath(path))

    # --- results --------------------------------------------------------------------------

    @staticmethod
    def key(rules_hash: str, path: str, content: str, neighbours: str) -> str:
        return hashlib.sha256("\x1f".join((rules_hash, path, content, neighbours)).encode()).hexdigest()

    def get(self, key: str) -> Any | None:
        """The cached payload for ``key``, or None (also for a damaged or unexpected entry).

        Only the payload's integrity is checked here; whether it is possible for the file and
        the rule set is the caller's to check (:func:`renja_rules.run`), as only it knows them.
        """
        payload = self._read(key)
        if payload is _UNASKED:
            return None
        if payload is None:
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def _read(self, key: str) -> Any:
        """The payload stored under ``key``, its checksum verified: a dict, None (absent or
        damaged), or _UNASKED when the database could not be asked (no hit and no miss)."""
        db = self._connect()
        if db is None:
            return _UNASKED
        try:
            row = db.execute("SELECT payload, checksum FROM results WHERE key=?", (key,)).fetchone()
        except sqlite3.Error:
            self.enabled = False
            return _UNASKED
        payload = None
        if row is not None and isinstance(row[0], str) and isinstance(row[1], str):
            try:
                if hashlib.sha256(row[0].encode("utf-8")).hexdigest() == row[1]:
                    payload = json.loads(row[0])
            except (ValueError, RecursionError):  # a lone surrogate, bad JSON, absurd nesting
                payload = None
        return payload if isinstance(payload, dict) else None

    # --- compiled rule files (renja_rules.rules.keeping_compiled_rules) -------------------

    def rule_file(self, key: str) -> Any | None:
        """What was kept of a rule file under ``key`` (the results' storage; not a hit or a miss of theirs)."""
        payload = self._read(self._rule_key(key))
        return None if payload is _UNASKED else payload

    def keep_rule_file(self, key: str, payload: Any) -> None:
        """Keep a rule file's compiled rules as data; written with the results, when the run ends."""
        self.put(self._rule_key(key), payload)

    @staticmethod
    def _rule_key(key: str) -> str:
        # Apart from the results' keys (hashes of 64 hex digits), and of this version only.
        return "rules:" + hashlib.sha256(f"{__version__}\x1f{FORMAT}\x1f{key}".encode()).hexdigest()

    def rejected(self) -> None:
        """Count a payload the caller found impossible as a miss (it is checked again and replaced)."""
        self.hits -= 1
        self.misses += 1

    def put(self, key: str, payload: Any) -> None:
        if self._unwritable or not self.enabled:
            return  # a write failed (a lock held elsewhere past the timeout), or no cache: nothing is held
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        self._pending.append((key, text, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        if len(self._pending) >= FLUSH_EVERY:
            # Written as the run goes: held to the end, 22,000 results' text was a fifth of
            # the main process's memory (about 45 MB of 241 MB).
            self.flush()

    def flush(self) -> None:
        """Write what this run learned, in one transaction."""
        db = self._connect()
        if db is None or not (self._pending or self._pending_hashes):
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", self._pending)
            db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?)", self._pending_hashes)
            db.execute("COMMIT")
        except sqlite3.Error:
            self._unwritable = True  # not tried again in this run: each try may wait LOCK_TIMEOUT
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        self._pending.clear()
        self._pending_hashes.clear()

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:  # pragma: no cover
                pass
            self._db = None


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file is no database or a damaged one (not: locked, read-only, ...)."""
    if isinstance(error, sqlite3.OperationalError):
        return False  # "database is locked", "unable to open": the file may be fine
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "encrypted" in text


def _ensure_schema(db: sqlite3.Connection) -> None:
    """Make the tables as this module writes them; anything else there is dropped first."""
    for name, (create, columns) in _TABLES.items():
        found = [(row[1], row[2].upper()) for row in db.execute(f"PRAGMA table_info({name})")]
        if found and found != columns:
            db.execute(f"DROP TABLE {name}")
            found = []
        if not found:
            db.execute(create)
    row = db.execute("SELECT value FROM meta WHERE name='format'").fetchone()
    if row is None or row[0] != str(FORMAT):
        db.execute("DELETE FROM results")
        db.execute("DELETE FROM hashes")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))


def _read_hashes(db: sqlite3.Connection) -> Iterator[tuple[str, tuple[int, int, int, str]]]:
    """The remembered hashes whose every value has the type this module wrote (others are passed over)."""
    for row in db.execute("SELECT path, size, mtime, lines, digest FROM hashes"):
        path, size, mtime, lines, digest = row
        if (isinstance(path, str) and type(size) is int and type(mtime) is int and type(lines) is int
                and lines > 0 and isinstance(digest, str) and len(digest) == 64):
            yield path, (size, mtime, lines, digest)


def line_count(data: bytes) -> int:
    """Lines as an editor counts them: a cached position beyond them is forged.

    Old Mac files end lines with "\r" alone. (The length that removing "\n" takes off, not
    ``data.count(b"\n")``: replace finds them with memchr, count tests byte by byte; on a
    100 kB plan 23 us against 45 us, a sixth of a warm run.)
    """
    lines = len(data) - len(data.replace(b"\n", b"")) + 1
    return lines + data.count(b"\r") if lines == 1 else lines
