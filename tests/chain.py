"""Generated plans of every document type, and consistent planning chains, for property tests.

Built from ``bench/generate.py``'s revision tables (realistic codes, names, indicators and money):
a Renja murni takes the revision's "before" columns as its year n and the "after" ones as its
forward estimate; a Renstra takes the "before" figures for each of its five years; the pagu
indikatif list gives the perangkat daerah a ceiling. :func:`chain` makes a Renstra, a Renja murni,
a Perubahan Renja, this year's and last year's evaluation and a pagu indikatif list that agree
with each other, so that any single changed cell is a finding of one relation.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, Iterator

import yaml

from renja_rules.numbers import format_angka, parse_nilai, parse_uang

from .conftest import bench_generator

Data = dict[str, Any]

_REVISION_ONLY = ("sebelum", "sesudah", "selisih", "catatan")


def _items(data: Data) -> Iterator[Data]:
    """Every program, kegiatan and sub kegiatan of a plan's data, in order."""
    programs = list(data.get("program") or [])
    for urusan in data.get("urusan") or []:
        for bidang in urusan.get("bidang_urusan") or []:
            programs.extend(bidang.get("program") or [])
    for program in programs:
        yield program
        for kegiatan in program.get("kegiatan") or []:
            yield kegiatan
            yield from kegiatan.get("sub_kegiatan") or []


def _programs(data: Data) -> list[Data]:
    return [item for item in _items(data) if item["kode"].count(".") == 2]


def _rows(data: Data) -> Iterator[Data]:
    for item in _items(data):
        yield from item.get("indikator") or []


def _money(text: Any) -> Decimal:
    value = parse_uang(str(text)).nilai if text not in (None, "-") else None
    return value if value is not None else Decimal(0)


def _uang(value: Decimal) -> str:
    return format_angka(value, "id", 2)  # "1.234.567,00", as plan files write money


def revision(seed: int, rows: int) -> Data:
    """A generated Perubahan Renja's data."""
    return yaml.safe_load(bench_generator().generate_plan(seed, rows, "perubahan-renja", 0))


def to_renja(data: Data) -> Data:
    """The Renja murni whose year n is the revision's "before" and whose n+1 is its "after"."""
    renja = copy.deepcopy(data)
    tahun = renja["dokumen"]["tahun"]
    renja["dokumen"].update(jenis="renja", judul=f"Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun {tahun} "
                                                 f"dan Prakiraan Maju Tahun {tahun + 1}")
    for row in _rows(renja):
        sebelum, sesudah = row.get("sebelum") or {}, row.get("sesudah") or {}
        for key in _REVISION_ONLY:
            row.pop(key, None)
        row["rencana"] = {key: value for key, value in sebelum.items() if value is not None}
        row["prakiraan_maju"] = {key: value for key, value in sesudah.items() if value is not None}
    return renja


def to_renstra(data: Data, first_year: int) -> Data:
    """A Renstra from ``first_year`` whose every year states the revision's "before" figures."""
    renstra = copy.deepcopy(data)
    renstra["dokumen"] = {key: renstra["dokumen"][key] for key in ("pemerintah_daerah", "perangkat_daerah")
                          if key in renstra["dokumen"]}
    renstra["dokumen"].update(jenis="renstra", tahun=first_year, periode=f"{first_year}-{first_year + 4}",
                              judul="Rencana Program, Kegiatan dan Pendanaan Perangkat Daerah")
    for row in _rows(renstra):
        sebelum = row.get("sebelum") or {}
        for key in (*_REVISION_ONLY, "sumber_dana"):
            row.pop(key, None)
        target, pagu = sebelum.get("target"), sebelum.get("pagu")
        row["kumulatif"] = False  # the end of the period is the last year's level
        for year in range(1, 6):
            row[f"tahun_{year}"] = {key: value for key, value in (("k", target), ("rp", pagu)) if value is not None}
        akhir = {"k": target} if target is not None else {}
        if pagu is not None:
            akhir["rp"] = _uang(_money(pagu) * 5)
        row["kondisi_akhir"] = akhir
    return renstra


def to_evaluation(data: Data, renstra: Data, tahun: int, previous: Data | None) -> Data:
    """This year's evaluation (T-C.29): its targets from the revision and the Renstra; its column 6 from
    last year's evaluation's column 10 (``previous``), when there is one."""
    evaluation = copy.deepcopy(data)
    evaluation["dokumen"] = {"jenis": "evaluasi-renja", "tahun": tahun,
                             "perangkat_daerah": data["dokumen"]["perangkat_daerah"]}
    last = {item["kode"]: item for item in _items(previous)} if previous else {}
    akhir = {item["kode"]: item for item in _items(renstra)}
    for item in _items(evaluation):
        for number, row in enumerate(item.get("indikator") or []):
            sesudah = row.get("sesudah") or {}
            for key in (*_REVISION_ONLY, "lokasi", "sumber_dana"):
                row.pop(key, None)
            end = akhir[item["kode"]]["indikator"][number]["kondisi_akhir"]
            row["target_renstra"] = dict(end)
            row["target"] = {key: value for key, value in (("k", sesudah.get("target")), ("rp", sesudah.get("pagu")))
                             if value is not None}
            before = last.get(item["kode"])
            if before is not None:
                row["realisasi_renstra_lalu"] = dict(before["indikator"][number]["realisasi_kumulatif"])
            row["realisasi_kumulatif"] = {key: value for key, value in row["target"].items()}
    return evaluation


def pagu_indikatif(renja: Data, tahun: int, headroom: Decimal = Decimal(0)) -> Data:
    """The RKPD's list, with the Renja's perangkat daerah at exactly its total (plus ``headroom``)."""
    total = sum((_money((program.get("indikator") or [{}])[0].get("rencana", {}).get("pagu"))
                 for program in _programs(renja)), Decimal(0))
    return {"dokumen": {"jenis": "pagu-indikatif", "tahun": tahun},
            "pagu_indikatif": [{"perangkat_daerah": renja["dokumen"]["perangkat_daerah"], "pagu": _uang(total + headroom)},
                               {"perangkat_daerah": "Dinas Lain", "pagu": "1,00"}]}


def chain(seed: int, rows: int) -> dict[str, Data]:
    """A consistent chain of one perangkat daerah, by file name: Renstra, Renja murni and its revision,
    this year's and last year's evaluation, and the pagu indikatif list."""
    perubahan = revision(seed, rows)
    tahun = perubahan["dokumen"]["tahun"]
    renstra = to_renstra(perubahan, tahun - 1)
    last = to_evaluation(perubahan, renstra, tahun - 1, None)
    last["dokumen"]["tahun"] = tahun - 1
    renja = to_renja(perubahan)
    return {
        "renstra.yaml": renstra,
        "renja.yaml": renja,
        "perubahan-renja.yaml": perubahan,
        "evaluasi-lalu.yaml": last,
        "evaluasi.yaml": to_evaluation(perubahan, renstra, tahun, last),
        "pagu-indikatif.yaml": pagu_indikatif(renja, tahun),
    }


def generated_text(seed: int, rows: int, jenis: str) -> str:
    """A generated plan of ``jenis`` as YAML text."""
    if jenis == "evaluasi-renja":
        return bench_generator().generate_plan(seed, rows, "evaluasi-renja")
    perubahan = revision(seed, rows)
    data = {"perubahan-renja": lambda: perubahan, "renja": lambda: to_renja(perubahan),
            "renstra": lambda: to_renstra(perubahan, perubahan["dokumen"]["tahun"]),
            "pagu-indikatif": lambda: pagu_indikatif(to_renja(perubahan), perubahan["dokumen"]["tahun"])}[jenis]()
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def nilai(text: str) -> Decimal | None:
    return parse_nilai(text).nilai
