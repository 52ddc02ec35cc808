"""Baselines: adopt the checker on plans that already have findings, and see only new ones.

``--write-baseline FILE`` records today's violations by a fingerprint made of what a
finding *is* — rule, file, item code, field, and the values involved — never where it
stands, so moving rows or editing unrelated lines does not bring it back.
``--baseline FILE`` then hides the recorded ones and lists the entries that no longer
occur (fixed since: time to shrink the baseline). Identical findings are counted, so a
second occurrence of the same defect is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .errors import RenjaRulesError, SourceLocation, Text
from .violation import Violation

__all__ = ["BaselineError", "Baseline", "fingerprint", "write_baseline", "load_baseline", "relative_file"]

VERSION = 1


class BaselineError(RenjaRulesError):
    """A baseline file that cannot be read."""


def relative_file(file: str, root: Path | None = None) -> str:
    """``file`` relative to ``root`` (default: the current folder), with forward slashes."""
    # abspath, not resolve(): a symlink loop must not end the run (resolve raises on it)
    root = Path(os.path.abspath(root or Path.cwd()))
    path = Path(os.path.abspath(file))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def fingerprint(violation: Violation, root: Path | None = None) -> str:
    """A stable identity for a finding: rule, file, code, field, expected and actual values."""
    parts = [
        violation.rule_id,
        relative_file(violation.file, root),
        violation.kode or "",
        violation.field or "",
        violation.expected or "",
        violation.actual or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Baseline:
    """Recorded fingerprints with their counts, and what each one was."""

    counts: Counter[str]
    entries: dict[str, dict[str, object]]

    def filter(self, violations: Iterable[Violation], root: Path | None = None) -> tuple[list[Violation], list[dict[str, object]]]:
        """(violations not in the baseline, baseline entries that no longer occur)."""
        remaining = Counter(self.counts)
        new = []
        for violation in violations:
            key = fingerprint(violation, root)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                new.append(violation)
        stale = [dict(self.entries[key], count=count) for key, count in sorted(remaining.items()) if count > 0]
        return new, stale


def _entries(violations: Iterable[Violation], root: Path | None) -> list[dict[str, object]]:
    grouped: dict[str, dict[str, object]] = {}
    for violation in violations:
        key = fingerprint(violation, root)
        entry = grouped.setdefault(
            key,
            {
                "fingerprint": key,
                "rule_id": violation.rule_id,
                "file": relative_file(violation.file, root),
                "kode": violation.kode,
                "field": violation.field,
                "expected": violation.expected,
                "actual": violation.actual,
                "count": 0,
            },
        )
        entry["count"] = int(entry["count"]) + 1  # type: ignore[call-overload]
    return sorted(grouped.values(), key=lambda e: (str(e["file"]), str(e["rule_id"]), str(e["kode"]), str(e["fingerprint"])))


def render_baseline(violations: Iterable[Violation], root: Path | None = None) -> str:
    """The baseline file's text (JSON, sorted, so that it diffs well in git)."""
    document = {"version": VERSION, "tool": "renja-rules", "entries": _entries(violations, root)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_baseline(path: str | Path, violations: Iterable[Violation], root: Path | None = None) -> None:
    """Write a baseline atomically."""
    from .report.output import write_atomic

    write_atomic(path, render_baseline(violations, root))


# A baseline records findings, not plans: room for a million of them.
MAX_BASELINE_BYTES = 512 * 1024 * 1024
_TEXT_FIELDS = ("rule_id", "file")
_OPTIONAL_FIELDS = ("kode", "field", "expected", "actual")


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline; a missing, corrupt or foreign file is a :class:`BaselineError`."""
    from .loader import Limits, read_text

    where = SourceLocation(str(path))
    # read_text refuses a FIFO or device after a stat() (opening a FIFO would block), and
    # reads no more than the limit.
    text = read_text(Path(path), Limits(max_bytes=MAX_BASELINE_BYTES), BaselineError)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(Text(f"baseline rusak: {exc.msg}", f"corrupt baseline: {exc.msg}"),
                            SourceLocation(str(path), exc.lineno, exc.colno)) from None
    except RecursionError:
        # A baseline is a flat list of entries; nesting deep enough to exhaust the parser is not one.
        raise BaselineError(Text("baseline rusak: bersarang terlalu dalam", "corrupt baseline: nested too deep"), where) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise BaselineError(Text(f"baseline rusak: {exc}", f"corrupt baseline: {exc}"), where) from None
    if not isinstance(document, dict) or document.get("version") != VERSION or not isinstance(document.get("entries"), list):
        raise BaselineError(Text(f"bukan baseline renja-rules versi {VERSION}", f"not a renja-rules baseline (version {VERSION})"),
                            where)
    counts: Counter[str] = Counter()
    entries: dict[str, dict[str, object]] = {}
    for number, entry in enumerate(document["entries"]):
        if not _valid_entry(entry):
            raise BaselineError(Text(f"entri baseline rusak: entries[{number}]", f"corrupt baseline entry: entries[{number}]"),
                                where)
        counts[entry["fingerprint"]] += int(entry.get("count", 1))
        entries[entry["fingerprint"]] = {k: v for k, v in entry.items() if k != "count"}
    return Baseline(counts, entries)


def _valid_entry(entry: object) -> bool:
    """An entry as :func:`render_baseline` writes it: what the stale list prints is all there, typed."""
    if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
        return False
    count = entry.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10**9:
        return False
    return all(isinstance(entry.get(key), str) for key in _TEXT_FIELDS) and all(
        entry.get(key) is None or isinstance(entry.get(key), str) for key in _OPTIONAL_FIELDS
    )
