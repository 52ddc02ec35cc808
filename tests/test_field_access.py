"""Reading a field of an item has one meaning, written out in three forms for speed.

``plan._walk`` is the walk of a dotted name over a model object; ``plan._getter`` is the same
walk unrolled for names of one and two parts (every rule reads its cells on every row);
``kinds.required._filled_reader`` answers only "certainly filled?" without making a field
value (most required cells are read by no other rule). Folding them into one function cost
about a call per cell read, more than the 5% a redesign may cost a check, so they stay three
forms of one meaning, and these tests hold them to it on generated rows: for every field of an
indicator row, every form agrees with the plain walk.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from renja_rules.kinds import required
from renja_rules.model import Indikator
from renja_rules.plan import Node, _getter, _walk, field_catalogue

NAMES = sorted(field_catalogue("indikator"))
# Cells as plans hold them: values with and without units, placeholders, damage, money.
CELLS = st.sampled_from(["3 Buku", "0", "0 -", "-", "", "  ", "100 %", "1.250 Orang", "53 Stel", "2318 4 HOK",
                         "abc", "9.175.511.065,00", "(3.884.115.300,00)", "Rp 1.000", "0,00 0"])
TEXT = st.sampled_from(["Jumlah dokumen", "-", "", "Kabupaten Malang"])


@st.composite
def rows(draw: Any) -> Indikator:
    data: dict[str, Any] = {}
    for name in NAMES:
        if name[-1] == "satuan" or not draw(st.booleans()):
            continue
        if name[0] in ("uraian", "lokasi", "sumber_dana", "catatan", "keterangan", "prioritas_nasional",
                       "prioritas_daerah", "kelompok_sasaran", "penanggung_jawab"):
            data[name[0]] = draw(TEXT)
        elif name[0] in ("kumulatif", "polaritas"):
            continue
        elif len(name) == 1:
            data[name[0]] = draw(CELLS)
        else:
            data.setdefault(name[0], {})[name[1]] = draw(CELLS)
    return Indikator.model_validate(data)


@settings(max_examples=150, deadline=None)
@given(rows())
def test_the_unrolled_getters_read_what_the_walk_reads(row: Indikator) -> None:
    path = ("program", 0, "indikator", 0)
    for name in NAMES:
        assert _getter(name)(row, path) == _walk(row, name, path), name


@settings(max_examples=150, deadline=None)
@given(rows())
def test_filled_means_what_the_field_value_says(row: Indikator) -> None:
    # The required kind's shortcut may only say "filled" where the field value (Node.get, the
    # walk) says the cell is not empty; where it cannot tell, the field value decides.
    node = Node("indikator", row, ("program", 0, "indikator", 0))
    for name in NAMES:
        unit = name[-1] == "satuan"
        filled = required._filled_reader(name, unit)
        if filled is None:
            continue
        value = node.get(name)
        empty = value.kosong if unit or value.angka is None else value.angka.kosong
        if filled(row):
            assert not empty, name


@settings(max_examples=100, deadline=None)
@given(rows())
def test_the_required_kind_finds_the_same_with_and_without_its_shortcut(row: Indikator) -> None:
    fields = [".".join(name) for name in NAMES]
    compiled = required._compile(required.RequiredParams(fields=fields), "indikator")
    plain = compiled._replace(fields=tuple((name, parts, unit, None) for name, parts, unit, _ in compiled.fields))
    fast = required.check_required(compiled, [Node("indikator", row, ("x", 0))], None)  # type: ignore[arg-type]
    slow = required.check_required(plain, [Node("indikator", row, ("x", 0))], None)  # type: ignore[arg-type]
    assert [(f.field, f.actual) for _, f in fast] == [(f.field, f.actual) for _, f in slow]
