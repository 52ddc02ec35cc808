"""Books written by hand in Excel style, varied by hypothesis: clean when consistent, the right
cell named when not. Headings merged or not, money as number cells, further indicators on
continuation rows, the header repeated where a printed page would break, blank rows."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from renja_rules.cli import main

TOP = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "SEBELUM PERUBAHAN", "",
       "SETELAH PERUBAHAN", "", "Selisih", "Lokasi", "Sumber Dana", "Catatan Penting"]
LEAF = ["", "", "", "Target", "Pagu (Rp.)", "Target", "Pagu (Rp.)", "", "", "", ""]
NUMBERS = ["1", "2", "3", "4", "5", "6", "7", "8=(7-5)", "9", "10", "11"]

subs_strategy = st.lists(st.lists(st.integers(1, 10**9), min_size=1, max_size=2), min_size=1, max_size=3)


@st.composite
def books(draw: st.DrawFn) -> dict:
    return {
        "kegiatan": draw(st.lists(subs_strategy, min_size=1, max_size=2)),
        "merged": draw(st.booleans()),
        "repeat_at": draw(st.integers(0, 6)),
        "blank_at": draw(st.integers(0, 6)),
        "break": draw(st.one_of(st.none(), st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(1, 999)))),
    }


def _write(path: Path, spec: dict) -> tuple[list[str], str | None]:
    """The book; returns the cells PG findings may name, and the kegiatan pagu cell broken, if any."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Renja 2021"
    ws.append(["Rumusan Perubahan Renja Tahun 2021"])
    header = [TOP, LEAF, NUMBERS]
    for row in header:
        ws.append(row)
    if spec["merged"]:
        ws.merge_cells("D2:E2")
        ws.merge_cells("F2:G2")

    data: list[list[object]] = []
    kegiatan_rows: list[int] = []
    program_total = 0
    for k, subs in enumerate(spec["kegiatan"]):
        total = sum(sum(indicators) for indicators in subs)
        program_total += total
        kegiatan_rows.append(len(data))
        data.append([f"2.17.01.2.{k + 1:02d}", f"Kegiatan {k}", "Jumlah dokumen", "1 Dokumen", float(total),
                     "1 Dokumen", float(total), 0.0, "Kab", "APBD"])
        for s, indicators in enumerate(subs):
            for i, pagu in enumerate(indicators):
                code = f"2.17.01.2.{k + 1:02d}.{s + 1:02d}" if i == 0 else ""
                name = f"Sub {s}" if i == 0 else ""
                data.append([code, name, f"Jumlah orang {i}", "5 Orang", float(pagu), "5 Orang", float(pagu), 0.0,
                             "Kab", "APBD"])
    data.insert(0, ["2.17.01", "PROGRAM", "Persentase (%)", "100%", float(program_total), "100%",
                    float(program_total), 0.0, "Kab", "APBD"])
    kegiatan_rows = [r + 1 for r in kegiatan_rows]
    broken = None
    if spec["break"] is not None:
        which = spec["break"][0] % len(kegiatan_rows)
        row = data[kegiatan_rows[which]]
        row[6] = float(row[6]) + spec["break"][2]  # type: ignore[arg-type]
        row[7] = float(spec["break"][2])
        broken = kegiatan_rows[which]
    rows: list[list[object] | None] = list(data)
    # The header again where a page breaks, a blank row elsewhere (both before a code row).
    for position, insert in sorted([(spec["repeat_at"], "header"), (spec["blank_at"], "blank")], reverse=True):
        at = min(position, len(rows))
        rows[at:at] = header if insert == "header" else [[]]
    broken_row = None
    first = 5
    index = first
    for row in rows:
        ws.append(row)
        if broken is not None and row is data[broken]:
            broken_row = index
        index += 1
    for line in ws.iter_rows(min_row=first):
        for cell in line:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    workbook.save(path)
    return [], (f"G{broken_row}" if broken_row else None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(books())
def test_hand_written_book(tmp_path_factory, spec: dict) -> None:
    path = tmp_path_factory.mktemp("b") / "kiriman.xlsx"
    _, broken = _write(path, spec)
    result = CliRunner().invoke(main, ["check", "--no-cache", "-f", "json", "--select", "PG", str(path)])
    document = json.loads(result.stdout)
    assert document["summary"]["checked"] == 1, result.stdout
    found = {(v["rule_id"], v["sheet"], v["cell"]) for v in document["violations"]}
    if broken is None:
        assert found == set()
    else:
        assert ("PG001", "Renja 2021", broken) in found
