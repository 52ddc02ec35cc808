"""Kind ``nomenclature``: codes and names follow the national nomenclature of the document's year.

The reference lists are data the configuration names (``nomenklatur = ["path.csv"]``, see
:mod:`renja_rules.nomenclature`); a rule file cannot read a file, so a rule holds at most a
small list inline (``daftar``, ``pengganti``: for its examples, or a team's own few codes).
Without any list the rule is silent.

``check`` chooses what is reported:

- ``kode``: a code of a bidang the list covers that the list does not hold (unknown);
- ``tahun``: a code the list holds, but only for other years (which, said);
- ``nama``: the item's name differs from the nomenclature's name for the year (case, spaces
  and punctuation ignored); the official name is the expected value, and a safe fix writes it;
- ``pengganti``: a legacy code with a known successor (bidang ``2.211`` → ``2.17``).

Urusan and bidang header rows are checked at level ``dokumen``; programs, kegiatan and sub
kegiatan at their own level.

PASS (``check: nama``): ``{kode: "2.17.02", nama: "Program Pengawasan dan Pemeriksaan Koperasi"}``
against the list's ``PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI``. FAIL: ``nama: "Program
Pengawasan Koperasi"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Literal, NamedTuple

from pydantic import Field

from ..nomenclature import Entry, Nomenclature, normal_name
from .base import Finding, Kind, Params

if TYPE_CHECKING:
    from ..plan import Node, Plan


class InlineEntry(Params):
    kode: str
    nama: str
    level: Literal["urusan", "bidang", "program", "kegiatan", "sub_kegiatan"]
    berlaku_dari: int | None = None
    berlaku_sampai: int | None = None


class NomenclatureParams(Params):
    check: Literal["kode", "tahun", "nama", "pengganti"]
    daftar: list[InlineEntry] = Field(default_factory=list, description="Entries held inline (used with the "
                                      "configured lists): for examples and a team's few own codes.")
    pengganti: dict[str, str] = Field(default_factory=dict, description="Legacy code -> successor, inline.")


class Compiled(NamedTuple):
    params: NomenclatureParams
    reference: Nomenclature | None  # the configured lists and the inline ones; None: nothing to compare with

    @property
    def idle(self) -> bool:
        """No list to compare with: the rule set leaves the rule out (see RuleSet.for_document)."""
        return self.reference is None

    @property
    def fingerprint(self) -> str:
        """What the result cache keys on besides the rule: the lists' contents."""
        return self.reference.digest if self.reference is not None else ""

    def with_reference(self, configured: Nomenclature) -> Compiled:
        """The rule with the configuration's lists added to its inline ones."""
        return self._replace(reference=_merged(self.params, configured))


def _merged(params: NomenclatureParams, configured: Nomenclature | None) -> Nomenclature | None:
    if configured is None and not params.daftar and not params.pengganti:
        return None
    entries: dict[str, tuple[Entry, ...]] = dict(configured.entries) if configured else {}
    for item in params.daftar:
        entry = Entry(item.kode, item.nama, item.level, item.berlaku_dari, item.berlaku_sampai)
        entries[item.kode] = entries.get(item.kode, ()) + (entry,)
    successors = {**(configured.successors if configured else {}), **params.pengganti}
    return Nomenclature(entries, successors, (configured.digest if configured else ""))


def _compile(params: NomenclatureParams, level: str) -> Compiled:
    return Compiled(params, _merged(params, None))


def _rows(node: Node, plan: Plan) -> Iterator[tuple[tuple[Any, ...], str, str | None, str]]:
    """(path, code, name, level) of what ``node`` checks: the header rows for the document, else the item."""
    if node.level != "dokumen":
        yield node.path, node.kode or "", getattr(node.obj, "nama", None), node.level
        return
    for u, urusan in enumerate(plan.document.urusan):
        yield ("urusan", u), urusan.kode, urusan.nama, "urusan"
        for b, bidang in enumerate(urusan.bidang_urusan):
            yield ("urusan", u, "bidang_urusan", b), bidang.kode, bidang.nama, "bidang"


Place = tuple[Any, ...]


class Row(NamedTuple):
    """One code of the plan as the nomenclature sees it: where, the code, the name, and its level."""

    path: Place
    kode: str
    nama: str | None
    level: str
    tahun: int

    def entries(self, reference: Nomenclature) -> tuple[Entry, ...]:
        """The list's entries for this code at this level (a kegiatan coded like a program is not that program)."""
        return tuple(entry for entry in reference.entries.get(self.kode, ()) if entry.level == self.level)


def _successor(row: Row, reference: Nomenclature) -> Finding | None:
    successor = reference.successors.get(row.kode)
    if successor is None:
        return None
    return Finding(row.path + ("kode",), "kode", expected=successor, actual=row.kode, value_kind="teks")


def _unknown(row: Row, reference: Nomenclature) -> Finding | None:
    unknown = not row.entries(reference) and row.kode not in reference.successors and reference.covers(row.kode)
    return Finding(row.path + ("kode",), "kode", actual=row.kode, value_kind="teks") if unknown else None


def _other_years(row: Row, reference: Nomenclature) -> Finding | None:
    known = row.entries(reference)
    if not known or any(entry.valid_in(row.tahun) for entry in known):
        return None
    years = ", ".join(entry.years() for entry in known)
    return Finding(row.path + ("kode",), "kode", actual=row.kode, value_kind="teks", extra={"berlaku": years})


def _name(row: Row, reference: Nomenclature) -> Finding | None:
    valid = [entry for entry in row.entries(reference) if entry.valid_in(row.tahun)]
    if not valid or row.nama is None or any(normal_name(entry.nama) == normal_name(row.nama) for entry in valid):
        return None
    official = valid[-1].nama
    return Finding(row.path + ("nama",), "nama", expected=official, actual=row.nama, value_kind="teks",
                   replacement=official)


_CHECKS = {"pengganti": _successor, "kode": _unknown, "tahun": _other_years, "nama": _name}


def check_nomenclature(compiled: Compiled, node: Node, plan: Plan) -> Iterator[Finding]:
    """Yield a finding for each code or name of ``node`` the nomenclature of the year disagrees with."""
    reference = compiled.reference
    if reference is None:
        return
    tahun = plan.document.dokumen.tahun
    for path, kode, nama, level in _rows(node, plan):
        found = _CHECKS[compiled.params.check](Row(path, kode, nama, level, tahun), reference)
        if found is not None:
            yield found


KIND = Kind(
    name="nomenclature",
    params=NomenclatureParams,
    levels=("dokumen", "program", "kegiatan", "sub_kegiatan"),
    check=check_nomenclature,
    compile=_compile,
    placeholders=frozenset({"berlaku"}),
)
