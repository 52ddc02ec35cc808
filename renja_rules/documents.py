"""Document sets: the documents of one perangkat daerah, checked against each other.

A Bappeda verifier receives a PD's submission as a folder: the revision table, the
evaluation table, the Renja murni, the PD's Renstra, perhaps last year's evaluation. Plans
are grouped into a **set** when they sit in the same folder and their headers name the same
``perangkat_daerah`` (case and spaces ignored); a set spans years, as the planning chain does
(a Renstra covers a period; the evaluation of year n-1 is part of the Renja of year n). A
document of a ``shared`` type (the RKPD's pagu indikatif, one list for every perangkat daerah)
joins every set of its folder.

Within a set each plan sees the others:

- ``plan.related``: the documents of the **same year**, by ``jenis`` (what the rules between
  Tabel 2.1 and Tabel 3.1 of one year compare);
- ``plan.chain``: every document of the set (itself included), any year, which a relation selects with
  :func:`candidates` by its jenis and how its year relates (``same``, ``previous``, or
  ``period``: the Renstra whose period covers the year).

Matches are never guessed: two documents of one jenis for the same year (or two Renstra whose
periods overlap) are **ambiguous**; neither is used for that relation, and the rule kind
``document-set`` reports them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Literal

from .doctypes import document_type
from .plan import Plan

__all__ = ["link_documents", "unlink", "may_be_shared", "clashes", "set_key", "guess_set_key", "candidates", "period_of", "same_name",
           "YearRelation"]

YearRelation = Literal["same", "previous", "period"]


_DROPPED = re.compile(r"[.'’]")  # "U.M." is "UM": abbreviations are written with and without dots
_SEPARATORS = re.compile(r"[^\w]+")


def same_name(text: str | None) -> str:
    """A name as sets compare it: lower case, dots dropped, other punctuation a space, spaces collapsed."""
    return " ".join(_SEPARATORS.sub(" ", _DROPPED.sub("", (text or "").lower())).split())


def set_key(plan: Plan) -> tuple[str, str]:
    """Folder and perangkat daerah (case-, space- and punctuation-insensitive): what makes a set.

    A shared document (the pagu indikatif list) answers with an empty name; it joins every set
    of its folder (see :func:`link_documents`).
    """
    folder = str(Path(plan.file).parent)
    if document_type(plan.jenis).shared:
        return (folder, "")
    return (folder, same_name(plan.document.dokumen.perangkat_daerah))


# The header's keys as plan files write them: an indented line each.
_PERANGKAT_DAERAH = re.compile(r"^[ \t]+perangkat_daerah:(.*)$", re.M)
_SHARED = re.compile(r"^[ \t]+jenis:[ \t]*[\"']?pagu-indikatif", re.M)


def may_be_shared(text: str) -> bool:
    """Whether the plan in ``text`` may be a shared document (it then joins every set of its folder)."""
    return _SHARED.search(text) is not None


def guess_set_key(file: str, text: str) -> tuple[str, str] | None:
    """What :func:`set_key` will probably say of the plan in ``text``, read without parsing it.

    Only a guess, to decide early which plans cannot be in a set with another, so that
    they can be checked and freed at once (see :mod:`renja_rules.run`). ``None`` when the
    header is not written in the usual way, or the plan may be a shared document (it belongs
    to every set of its folder). A wrong guess costs time, never a result: the caller compares
    it with the real key once the plan is loaded.
    """
    if _SHARED.search(text):
        return None
    name = _PERANGKAT_DAERAH.search(text)
    if name is None:
        return None
    value = name.group(1).strip()
    if value[:1] in ("'", '"') and value.find(value[0], 1) > 0:
        value = value[1 : value.find(value[0], 1)]
    else:
        value = value.split(" #", 1)[0]
    return (str(Path(file).parent), same_name(value))


_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*[-–—/]\s*((?:19|20)\d\d)\s*$")


def period_of(plan: Plan) -> range | None:
    """The years a Renstra covers, from its header's ``periode`` ("2026-2030"); None when unreadable."""
    found = _PERIOD.match(plan.document.dokumen.periode or "")
    if found is None:
        return None
    first, last = int(found.group(1)), int(found.group(2))
    return range(first, last + 1) if first <= last else None


def _covers(plan: Plan, tahun: int) -> bool:
    years = period_of(plan)
    return years is not None and tahun in years


def candidates(plan: Plan, jenis: str, year: YearRelation = "same") -> list[Plan]:
    """The documents of ``plan``'s set of type ``jenis`` whose year relates to ``plan``'s as asked.

    ``same``: the same ``tahun``; ``previous``: the year before; ``period``: a document whose
    ``periode`` covers ``plan``'s year (a Renstra). More than one is ambiguous: the caller uses none.
    """
    tahun = plan.document.dokumen.tahun
    found = []
    for other in plan.chain:
        if other.jenis != jenis or other is plan:
            continue
        other_tahun = other.document.dokumen.tahun
        if (year == "same" and other_tahun == tahun) or (year == "previous" and other_tahun == tahun - 1) or (
                year == "period" and _covers(other, tahun)):
            found.append(other)
    return found


def _clash(first: Plan, second: Plan) -> bool:
    """Whether two documents of one jenis in a set would answer the same relation."""
    if first.jenis != second.jenis:
        return False
    a, b = period_of(first), period_of(second)
    if document_type(first.jenis).period and a is not None and b is not None:
        return a.start <= b[-1] and b.start <= a[-1]
    return first.document.dokumen.tahun == second.document.dokumen.tahun


def clashes(plan: Plan) -> list[Plan]:
    """The other documents of ``plan``'s set that make a relation to its jenis ambiguous."""
    return [other for other in plan.chain if other is not plan and _clash(plan, other)]


def _groups(plans: list[Plan]) -> list[list[Plan]]:
    """The sets: plans by folder and perangkat daerah, each folder's shared lists in every set of it."""
    groups: dict[tuple[str, str], list[Plan]] = defaultdict(list)
    shared: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        key = set_key(plan)
        (shared[key[0]] if document_type(plan.jenis).shared else groups[key]).append(plan)
    for folder, lists in shared.items():  # a shared list joins every set of its folder (or stands alone)
        keys = [key for key in groups if key[0] == folder] or [(folder, "")]
        for key in keys:
            groups[key].extend(lists)
    return list(groups.values())


def _link(members: list[Plan], ambiguous: list[tuple[Plan, Plan]]) -> None:
    """Link one set's members; add the pairs that clash to ``ambiguous``."""
    by_year: dict[int, dict[str, list[Plan]]] = defaultdict(lambda: defaultdict(list))
    periods: dict[str, list[Plan]] = defaultdict(list)  # documents of a period clash by overlap, not year
    for plan in members:
        seen = (periods[plan.jenis] if document_type(plan.jenis).period
                else by_year[plan.document.dokumen.tahun][plan.jenis])
        ambiguous.extend((first, plan) for first in seen if _clash(first, plan))
        seen.append(plan)
        # A shared list is a member of every set of its folder: its chain is their union.
        plan.chain = members if not plan.chain else plan.chain + [m for m in members if m not in plan.chain]
    for plan in members:
        if not document_type(plan.jenis).shared:
            plan.related = {jenis: found[0] for jenis, found in by_year[plan.document.dokumen.tahun].items()
                            if len(found) == 1 and jenis != plan.jenis}


def link_documents(plans: list[Plan]) -> list[tuple[Plan, Plan]]:
    """Fill ``plan.related`` and ``plan.chain`` for every plan; returns the pairs of plans that
    made a set ambiguous (two of one jenis for the same year, or two Renstra whose periods overlap).

    The members of a set share one list as their ``chain`` (each skips itself when it reads it):
    a folder of thousands of plans costs a list, not a list per plan.
    """
    for plan in plans:
        plan.chain, plan.related = [], {}
    ambiguous: list[tuple[Plan, Plan]] = []
    for members in _groups(plans):
        _link(members, ambiguous)
    return ambiguous


def unlink(plan: Plan) -> None:
    """Undo :func:`link_documents` for ``plan``: a set links its plans both ways, a cycle to undo
    so that every plan is freed by its reference count."""
    plan.related = {}
    plan.chain = []
