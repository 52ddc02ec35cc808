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

To find a file's content hash without reading it, the cache remembers the size and
modification time (nanoseconds) it had when hashed, as ruff and git do; a file whose
size or time differs is read and hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from stat import S_ISREG
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__

__all__ = ["Cache", "rules_fingerprint", "DEFAULT_CACHE_DIR"]

DEFAULT_CACHE_DIR = ".renja-rules-cache"
FORMAT = 1


def rules_fingerprint(rules: Any, lang: str) -> str:
    """A hash of everything in a rule set that can change a result."""
    digest = hashlib.sha256(f"{__version__}\x1f{FORMAT}\x1f{lang}".encode())
    for rule in rules:
        spec = rule.spec.model_dump(mode="json", by_alias=True)
        spec["severity"] = rule.severity  # an override from the configuration counts too
        digest.update(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FileKey:
    """What identifies one file's content for the cache."""

    path: str
    content: str


class Cache:
    """A result cache in one SQLite file; every failure to use it degrades to "no cache"."""

    def __init__(self, folder: str | Path = DEFAULT_CACHE_DIR, max_bytes: int = 10 * 1024 * 1024) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._db: sqlite3.Connection | None = None
        self._hashes: dict[str, tuple[int, int, str]] = {}
        self._pending_hashes: list[tuple[str, int, int, str]] = []
        self._pending: list[tuple[str, str, str]] = []
        self.enabled = True
        self.hits = 0
        self.misses = 0

    # --- opening ---------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if not self.enabled:
            return None
        if self._db is not None:
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# created by renja-rules\n*\n", encoding="utf-8")
            db = sqlite3.connect(self.folder / "cache.sqlite", timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, payload TEXT, checksum TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INT, mtime INT, digest TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name='format'").fetchone()
            if row is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))
            elif row[0] != str(FORMAT):
                db.execute("DELETE FROM results")
                db.execute("DELETE FROM hashes")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))
            self._hashes = {path: (size, mtime, digest) for path, size, mtime, digest in db.execute("SELECT * FROM hashes")}
            self._db = db
        except (sqlite3.Error, OSError):
            self.enabled = False  # a cache we cannot use is no cache, never an error
            return None
        return self._db

    # --- content hashes -----------------------------------------------------------------

    def content_hash(self, path: Path) -> str | None:
        """The SHA-256 of a file's bytes, from the remembered one when size and time agree."""
        try:
            stat = path.stat()
        except OSError:
            return None
        if not S_ISREG(stat.st_mode) or stat.st_size > self.max_bytes:
            return None  # a pipe, a device, an oversized file: the loader answers for it
        key = os.path.abspath(path)
        self._connect()
        known = self._hashes.get(key)
        if known is not None and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        self._hashes[key] = (stat.st_size, stat.st_mtime_ns, digest)
        self._pending_hashes.append((key, stat.st_size, stat.st_mtime_ns, digest))
        return digest

    # --- results --------------------------------------------------------------------------

    @staticmethod
    def key(rules_hash: str, path: str, content: str, neighbours: str) -> str:
        return hashlib.sha256("\x1f".join((rules_hash, path, content, neighbours)).encode()).hexdigest()

    def get(self, key: str) -> Any | None:
        """The cached payload for ``key``, or None (also for a damaged entry)."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT payload, checksum FROM results WHERE key=?", (key,)).fetchone()
        except sqlite3.Error:
            self.enabled = False
            return None
        if row is None or hashlib.sha256(row[0].encode("utf-8")).hexdigest() != row[1]:
            self.misses += 1
            return None
        try:
            payload = json.loads(row[0])
        except ValueError:
            self.misses += 1
            return None
        self.hits += 1
        return payload

    def put(self, key: str, payload: Any) -> None:
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        self._pending.append((key, text, hashlib.sha256(text.encode("utf-8")).hexdigest()))

    def flush(self) -> None:
        """Write what this run learned, in one transaction."""
        db = self._connect()
        if db is None or not (self._pending or self._pending_hashes):
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", self._pending)
            db.executemany("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?)", self._pending_hashes)
            db.execute("COMMIT")
        except sqlite3.Error:
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
