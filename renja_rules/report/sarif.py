"""SARIF 2.1.0, as GitHub code scanning reads it: one run, the rule set, one result per violation.

* ``tool.driver.rules`` lists every rule of the rule set used (ID, title in the report's
  language as ``shortDescription``, rationale and legal basis as ``fullDescription`` and
  ``help``, severity as ``defaultConfiguration.level``: error → ``error``, warning →
  ``warning``, info → ``note``).
* Each result points at the offending value: the plan file's path relative to the
  working directory (the repository root in CI) under ``uriBaseId`` ``%SRCROOT%``, and
  its line and column (columns count Unicode code points, as YAML positions do).
* ``partialFingerprints["renjaRules/v1"]`` keeps an alert's identity when unrelated lines
  move: see :func:`fingerprint`.
* A file that could not be loaded is a ``toolExecutionNotification`` of level ``error``
  at its location, and the invocation is marked ``executionSuccessful: false``.

``run.language`` is left out on purpose: the official schema's pattern for it
(``^(?i)…``) is not a valid regular expression in Python or JavaScript, so validators
built on those fail on any log that has the property.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from .. import __version__
from ..errors import RenjaRulesError
from ..plan import Plan
from ..violation import Violation
from .paths import relative_path
from .result import Result

__all__ = ["render_sarif", "fingerprint", "fingerprints", "SARIF_LEVELS", "FINGERPRINT_KEY"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "renjaRules/v1"
SRCROOT = "%SRCROOT%"

# Containers whose list index says where an item stands, not what it is.
_CONTAINERS = frozenset({"urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan"})

_WORDS = {
    "id": {"legal": "Dasar hukum", "explain": "Penjelasan lengkap, parameter dan contoh"},
    "en": {"legal": "Legal basis", "explain": "Full explanation, parameters and examples"},
}


def render_sarif(result: Result, *, lang: str = "id", color: bool = False, root: str | Path | None = None) -> str:
    """The run as a SARIF 2.1.0 log (JSON text). Paths are relative to ``root`` (default: working directory)."""
    words = _WORDS.get(lang, _WORDS["id"])
    descriptors, index = _rules(result, lang, words)
    results: list[dict[str, Any]] = []
    for file_result in result.files:
        # Each table of a workbook anchors its own findings' codes; without kept plans, the file's.
        for plan, violations in file_result.parts() or [(file_result.plan, file_result.violations)]:
            prints = fingerprints(violations, plan, root)
            for violation, print_ in zip(violations, prints):
                results.append(_result(violation, index[violation.rule_id], print_, root))
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [_notification(error, root) for error in result.errors]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "renja-rules",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# --- fingerprints ------------------------------------------------------------------

def fingerprint_parts(violation: Violation, plan: Plan | None, root: str | Path | None = None) -> tuple[str, ...]:
    """What identifies a violation across runs: rule, file, item code, field, and the path inside the item.

    The JSON pointer loses its leading chain of container indexes
    (``/urusan/0/bidang_urusan/0/program/6/kegiatan/0``): that chain says where the item
    stands, which changes when an unrelated program is inserted before it; the item is
    named by its code instead. Line numbers are left out for the same reason.
    """
    segments = _pointer_segments(violation.path)
    prefix, rest = _split_item_prefix(segments)
    kode = violation.kode if violation.kode is not None else _anchor_kode(plan, prefix)
    file = relative_path(violation.file, root) or Path(violation.file).resolve().as_posix()
    return (violation.rule_id, file, kode or "", violation.field or "", "/".join(rest))


def fingerprint(violation: Violation, plan: Plan | None = None, root: str | Path | None = None, occurrence: int = 1) -> str:
    """The ``renjaRules/v1`` fingerprint: SHA-256 (hex) of :func:`fingerprint_parts`.

    ``occurrence`` tells apart violations that share all parts in one file (a code
    listed twice): the second and later ones carry their ordinal in the hash.
    """
    parts = fingerprint_parts(violation, plan, root)
    if occurrence > 1:
        parts += (str(occurrence),)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def fingerprints(violations: Iterable[Violation], plan: Plan | None = None, root: str | Path | None = None) -> list[str]:
    """Fingerprints of one file's violations, in order, numbering identical ones by occurrence."""
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    for violation in violations:
        parts = fingerprint_parts(violation, plan, root)
        seen[parts] += 1
        out.append(fingerprint(violation, plan, root, seen[parts]))
    return out


def _pointer_segments(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def _split_item_prefix(segments: list[str]) -> tuple[list[str], list[str]]:
    end = 0
    while end + 1 < len(segments) and segments[end] in _CONTAINERS and segments[end + 1].isdigit():
        end += 2
    return segments[:end], segments[end:]


def _anchor_kode(plan: Plan | None, prefix: list[str]) -> str | None:
    """The code of the innermost item or header row the pointer prefix leads to."""
    if plan is None:
        return None
    current: Any = plan.document
    kode = None
    for segment in prefix:
        try:
            current = current[int(segment)] if segment.isdigit() else getattr(current, segment)
        except (AttributeError, IndexError, TypeError):
            break
        value = getattr(current, "kode", None)
        if isinstance(value, str):
            kode = value
    return kode


# --- pieces ------------------------------------------------------------------------

def _rules(result: Result, lang: str, words: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in result.rules or ():
        index[rule.id] = len(descriptors)
        descriptors.append(_descriptor(rule, lang, words))
    # A violation of a rule the report was not told about still gets a descriptor.
    for violation in result.violations:
        if violation.rule_id not in index:
            index[violation.rule_id] = len(descriptors)
            descriptors.append(
                {
                    "id": violation.rule_id,
                    "name": violation.rule_id,
                    "shortDescription": {"text": violation.rule_id},
                    "defaultConfiguration": {"level": SARIF_LEVELS[violation.severity]},
                }
            )
    return descriptors, index


def _descriptor(rule: Any, lang: str, words: dict[str, str]) -> dict[str, Any]:
    title = getattr(rule.title, lang)
    rationale = getattr(rule.rationale, lang) if rule.rationale else None
    text_parts = [rationale or title]
    markdown_parts = [f"**{rule.id}: {title}**"]
    if rationale:
        markdown_parts.append(rationale)
    if rule.legal_basis:
        text_parts.append(f"{words['legal']}: {rule.legal_basis}")
        markdown_parts.append(f"*{words['legal']}*: {rule.legal_basis}")
    markdown_parts.append(f"{words['explain']}: `renja-rules explain {rule.id}`")
    description = "\n\n".join(text_parts)
    tags = list(dict.fromkeys(["renja", rule.level, rule.kind.name] + sorted(rule.documents or ())))
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {
            "text": description + f"\n\n{words['explain']}: renja-rules explain {rule.id}",
            "markdown": "\n\n".join(markdown_parts),
        },
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"tags": tags},
    }


def _physical_location(file: str, line: int | None, column: int | None, root: str | Path | None) -> dict[str, Any]:
    relative = relative_path(file, root)
    if relative is not None:
        artifact = {"uri": urllib.parse.quote(relative, safe="/"), "uriBaseId": SRCROOT}
    else:
        artifact = {"uri": Path(file).resolve().as_uri()}
    location: dict[str, Any] = {"artifactLocation": artifact}
    if line is not None:
        region = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        location["region"] = region
    return {"physicalLocation": location}


def _result(violation: Violation, rule_index: int, print_: str, root: str | Path | None) -> dict[str, Any]:
    details = {
        key: value
        for key, value in (
            ("kode", violation.kode),
            ("level", violation.level),
            ("field", violation.field),
            ("expected", violation.expected),
            ("actual", violation.actual),
            ("path", violation.path),
            ("sheet", violation.sheet),  # a spreadsheet's sheet and A1 cell (startLine/Column: its row/column)
            ("cell", violation.cell),
        )
        if value not in (None, "")
    }
    return {
        "ruleId": violation.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[violation.severity],
        "message": {"text": violation.message},
        "locations": [_physical_location(violation.file, violation.line, violation.column, root)],
        "partialFingerprints": {FINGERPRINT_KEY: print_},
        "properties": details,
    }


def _notification(error: RenjaRulesError, root: str | Path | None) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": "error", "message": {"text": error.message}}
    if error.file:
        notification["locations"] = [_physical_location(error.file, error.line, error.column, root)]
    return notification
