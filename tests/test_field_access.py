"""Reading a field of an item has one meaning, and one function: ``plan.field_reader``.

A rule's field value (``Node.get``, through ``plan._getter``) and the required kind's
"certainly filled?" (``kinds.required._filled_reader``, which makes no field value: most
required cells are read by no other rule) both read the cell with it. These tests hold both to
the meaning spelled out here, part by part, on generated rows: a part that is absent gives an
empty value placed at the whole name, and ``.satuan`` of a value with its unit is its unit
text, placed at that value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from renja_rules.kinds import required
from renja_rules.model import Indikator
from renja_rules.numbers import Angka
from renja_rules.plan import FieldValue, Node, _getter, field_catalogue, field_reader

NAMES = sorted(field_catalogue("indikator"))
# Cells as plans hold them: values with and without units, placeholders, damage, money.
CELLS = st.sampled_from(["3 Buku", "0", "0 -", "-", "", "  ", "100 %", "1.250 Orang", "53 Stel", "2318 4 HOK",
                         "abc", "9.175.511.065,00", "(3.884.115.300,00)", "Rp 1.000", "0,00 0"])
TEXT = st.sampled_from(["Jumlah dokumen", "-", "", "Kabupaten Malang"])


def walk(obj: Any, name: tuple[str, ...], path: tuple[Any, ...]) -> FieldValue:
    """The meaning of a field name, part by part (the reference the readers are held to)."""
    current = obj
    for depth, part in enumerate(name):
        if current is None:
            return FieldValue(None, path + name)
        if isinstance(current, Angka):
            return FieldValue(current.satuan if part == "satuan" else None, path + name[:depth], current)
        current = getattr(current, part, None)
    if isinstance(current, Angka):
        return FieldValue(current.nilai, path + name, current, current.cacat)
    if isinstance(current, bool) or current is None or isinstance(current, (str, Decimal)):
        return FieldValue(current, path + name)
    return FieldValue(Decimal(current) if isinstance(current, int) else None, path + name)


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
def test_a_field_value_is_what_the_name_means(row: Indikator) -> None:
    path = ("program", 0, "indikator", 0)
    for name in NAMES:
        assert _getter(name)(row, path) == walk(row, name, path), name


def test_the_reader_gives_none_where_a_part_is_absent() -> None:
    row = Indikator.model_validate({"sesudah": {"target": "53 Stel"}})
    assert field_reader(("sebelum", "pagu"))(row) is None  # no sebelum at all
    assert field_reader(("sesudah", "pagu"))(row) is None
    assert field_reader(("sesudah", "target", "satuan"))(row) == "Stel"
    assert field_reader(("sesudah", "target"))(row).nilai == Decimal("53")
    assert _getter(("sesudah", "target", "satuan"))(row, ("x",)).path == ("x", "sesudah", "target")


@settings(max_examples=150, deadline=None)
@given(rows())
def test_filled_means_what_the_field_value_says(row: Indikator) -> None:
    # The required kind's shortcut may only say "filled" where the field value (Node.get)
    # says the cell is not empty; where it cannot tell, the field value decides.
    node = Node("indikator", row, ("program", 0, "indikator", 0))
    for name in NAMES:
        unit = name[-1] == "satuan"
        filled = required._filled_reader(name, unit)
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
