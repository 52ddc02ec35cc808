"""Inline suppressions: ``# renja-rules: ignore[RULE-ID] reason`` in a plan file.

On the line of a value, the comment silences the named rules for violations at that
value; on the line where an item or indicator row begins (``- kode: ...``,
``- uraian: ...``), for everything inside that item. IDs may be prefixes (``PG``).

A suppression must say why (a verifier reading the plan later needs the reason), and
must still be needed: the rules ``SP001`` (no reason) and ``SP002`` (suppresses
nothing) of ``rules/penekanan.yaml`` report the ones that fail, as ruff's RUF100 does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Suppression", "parse_suppressions", "MARKER"]

MARKER = "renja-rules:"

# Only the comment's head is a pattern: the IDs end at the first "]" (str.find) and the
# reason is the rest, stripped. A pattern for the whole comment backtracked: ``(.*?)\s*$``
# tried every split of a long run of spaces (23 s for 100,000), and ``[^\]]*\]`` rescanned
# the rest of the line from every head when no "]" followed (tests/test_robust_regex.py).
_COMMENT = re.compile(r"(?:^|\s)#\s*renja-rules:\s*ignore\[")
_ID = re.compile(r"[A-Z]{2,4}[0-9]{0,3}")


@dataclass(slots=True)
class Suppression:
    """One suppression comment: where it is, what it silences, why, and whether it was needed."""

    line: int
    column: int
    ids: tuple[str, ...]
    reason: str
    used: set[str] = field(default_factory=set)

    def covers(self, rule_id: str) -> bool:
        return any(rule_id.startswith(prefix) for prefix in self.ids)


def parse_suppressions(text: str) -> dict[int, Suppression]:
    """Every suppression comment of a plan's text, by 1-based line.

    Cheap when there are none: the text is only scanned line by line if it mentions
    the marker at all.
    """
    if MARKER not in text:
        return {}
    found: dict[int, Suppression] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        close = line.find("]", match.end())
        if close < 0:
            continue  # no later head can have a "]" after it either
        ids = tuple(part.strip().upper() for part in line[match.end() : close].split(",") if part.strip())
        ids = tuple(part for part in ids if _ID.fullmatch(part))
        column = line.index("#", match.start()) + 1
        found[number] = Suppression(number, column, ids, line[close + 1 :].strip())
    return found
