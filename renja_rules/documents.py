"""Document sets: the documents of one perangkat daerah and year, checked against each other.

A Bappeda verifier receives a PD's submission as a folder: the revision table, the
evaluation table, perhaps the original Renja. Plans are grouped into a set when they
sit in the same folder and their headers name the same ``perangkat_daerah`` and
``tahun``. Within a set each plan can see the others by ``jenis`` (``plan.related``),
which is all cross-document rules need. Two plans of the same jenis in one set are
ambiguous; neither is linked for that jenis, and :func:`link_documents` returns them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .plan import Plan

__all__ = ["link_documents", "set_key", "guess_set_key"]


def set_key(plan: Plan) -> tuple[str, str, int]:
    """Folder, perangkat daerah (case- and space-insensitive) and year: what makes a set."""
    dokumen = plan.document.dokumen
    name = " ".join((dokumen.perangkat_daerah or "").lower().split())
    return (str(Path(plan.file).parent), name, dokumen.tahun)


# The header's two keys as plan files write them: an indented line each.
_PERANGKAT_DAERAH = re.compile(r"^[ \t]+perangkat_daerah:(.*)$", re.M)
_TAHUN = re.compile(r"^[ \t]+tahun:[ \t]*[\"']?(\d{4})[\"']?[ \t]*(?:#.*)?$", re.M)


def guess_set_key(file: str, text: str) -> tuple[str, str, int] | None:
    """What :func:`set_key` will probably say of the plan in ``text``, read without parsing it.

    Only a guess, to decide early which plans cannot be in a set with another, so that
    they can be checked and freed at once (see :mod:`renja_rules.run`). ``None`` when the
    header is not written in the usual way. A wrong guess costs time, never a result:
    the caller compares it with the real key once the plan is loaded.
    """
    name = _PERANGKAT_DAERAH.search(text)
    tahun = _TAHUN.search(text)
    if name is None or tahun is None:
        return None
    value = name.group(1).strip()
    if value[:1] in ("'", '"') and value.find(value[0], 1) > 0:
        value = value[1 : value.find(value[0], 1)]
    else:
        value = value.split(" #", 1)[0]
    return (str(Path(file).parent), " ".join(value.lower().split()), int(tahun.group(1)))


def link_documents(plans: list[Plan]) -> list[tuple[Plan, Plan]]:
    """Fill ``plan.related`` for every plan; returns pairs of plans that made a set ambiguous."""
    groups: dict[tuple[str, str, int], list[Plan]] = defaultdict(list)
    for plan in plans:
        groups[set_key(plan)].append(plan)
    ambiguous: list[tuple[Plan, Plan]] = []
    for members in groups.values():
        by_jenis: dict[str, Plan] = {}
        clashing: set[str] = set()
        for plan in members:
            first = by_jenis.setdefault(plan.jenis, plan)
            if first is not plan:
                clashing.add(plan.jenis)
                ambiguous.append((first, plan))
        for plan in members:
            plan.related = {
                jenis: other for jenis, other in by_jenis.items() if other is not plan and jenis not in clashing
            }
    return ambiguous
