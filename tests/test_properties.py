"""Property tests (hypothesis) for plans, rupiah notation and the expression engine.

1. A random *consistent* Perubahan Renja (urusan 2 > bidang 2.17 > programs >
   kegiatan > sub kegiatan > indicator rows) passes every default rule.
2. Changing one sub kegiatan's ``sesudah`` pagu breaks exactly the rules it should:
   SL001 on that row (at its ``selisih`` cell) and PG001 on its kegiatan, never PG002.
3. Indonesian (and English) number notation round-trips exactly.
4. SL001 fires iff ``selisih != sesudah.pagu - sebelum.pagu``.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field, replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import renja_rules
from renja_rules.numbers import format_angka, parse_nilai, parse_uang
from renja_rules.rules import RuleSet

RULES = renja_rules.load_rules()
SL001_ONLY = RuleSet((RULES.by_id["SL001"],))

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CENT = Decimal("0.01")


# --- money in Indonesian notation -----------------------------------------------------


def rupiah(value: Decimal, negative_style: str = "minus") -> str:
    """``value`` as a plan writes it: ``1.234.567,89``; negatives ``(1.234,00)`` or ``-1.234,00``."""
    if value < 0 and negative_style == "paren":
        return "(" + format_angka(-value, "id", places=2) + ")"
    return format_angka(value, "id", places=2)


def cents(n: int) -> Decimal:
    """An exact 2-place Decimal from a number of cents (``Decimal('0.05')`` for 5)."""
    return Decimal(n).scaleb(-2)


# Non-negative pagu, 2 places, up to ~10^13; small values too, so that zeros and
# values without thousands groups show up often.
pagu_st = st.one_of(st.integers(0, 10**5), st.integers(0, 10**15)).map(cents)
negative_style_st = st.sampled_from(["paren", "minus"])
text_st = st.text(alphabet=string.ascii_letters + string.digits + " ,.()/-%'", min_size=1, max_size=30).filter(
    lambda s: s.strip() not in ("", "-")
)
# An indicator whose text begins with a percentage word is measured in percent (SA001, with the
# words its rule lists): the generated units are drawn apart from the texts, so such texts are left out.
_PERCENT_WORDS = tuple(next(rule for rule in renja_rules.load_rules() if rule.id == "SA001").spec.params["words"])
uraian_st = text_st.filter(lambda s: not s.strip().lower().startswith(_PERCENT_WORDS))
lokasi_st = st.one_of(st.sampled_from(["Kabupaten Contoh", "Dinas Koperasi dan Usaha Mikro", "Kecamatan Kepanjen"]), text_st)
sumber_dana_st = st.one_of(st.sampled_from(["APBD Kabupaten", "DAK", "DBHCHT", "APBN"]), text_st)


# --- the plan model the strategy generates ---------------------------------------------


@dataclass(frozen=True)
class Row:
    """One indicator row of Tabel 3.1."""

    uraian: str
    target_sebelum: int
    target_sesudah: int
    pagu_sebelum: Decimal
    pagu_sesudah: Decimal
    lokasi: str
    sumber_dana: str
    negative_style: str
    selisih_override: Decimal | None = None  # what is written instead of sesudah - sebelum

    @property
    def selisih(self) -> Decimal:
        if self.selisih_override is not None:
            return self.selisih_override
        return self.pagu_sesudah - self.pagu_sebelum

    @property
    def needs_note(self) -> bool:
        """Whether a consistent plan explains this row's change in its catatan (PL007-PL009)."""
        before, after, tb, ta = self.pagu_sebelum, self.pagu_sesudah, self.target_sebelum, self.target_sesudah
        large = before > 0 and (after > 2 * before or after == 0)
        unpaid = after == 0 and ta > 0
        apart = tb > 0 and ((ta * 2 <= tb and after > before) or (ta >= 2 * tb and after < before))
        return large or unpaid or apart


@dataclass(frozen=True)
class Sub:
    kode: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Keg:
    kode: str
    row: Row
    subs: tuple[Sub, ...]


@dataclass(frozen=True)
class Prog:
    kode: str
    row: Row
    kegs: tuple[Keg, ...]


@dataclass(frozen=True)
class PlanSpec:
    tahun: int
    programs: tuple[Prog, ...]

    def subs(self) -> list[tuple[int, int, int, Sub]]:
        return [
            (p, k, s, sub)
            for p, prog in enumerate(self.programs)
            for k, keg in enumerate(prog.kegs)
            for s, sub in enumerate(keg.subs)
        ]


@st.composite
def rows_st(draw: st.DrawFn, pagu_sebelum: Decimal | None = None, pagu_sesudah: Decimal | None = None) -> Row:
    before = draw(st.integers(0, 10**6))
    return Row(
        uraian=draw(uraian_st),
        target_sebelum=before,
        # A row with a pagu has an output (PL003); a target does not change a thousandfold (PL010).
        target_sesudah=draw(st.integers(max(1, -(-before // 999)), before * 999 if before else 10**6)),
        pagu_sebelum=draw(pagu_st) if pagu_sebelum is None else pagu_sebelum,
        pagu_sesudah=draw(pagu_st) if pagu_sesudah is None else pagu_sesudah,
        lokasi=draw(lokasi_st),
        sumber_dana=draw(sumber_dana_st),
        negative_style=draw(negative_style_st),
    )


def two_digits(low: int = 1, high: int = 99) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


def summed(rows: list[Row] | tuple[Row, ...]) -> tuple[Decimal, Decimal]:
    return sum((r.pagu_sebelum for r in rows), Decimal("0.00")), sum((r.pagu_sesudah for r in rows), Decimal("0.00"))


@st.composite
def plans_st(draw: st.DrawFn) -> PlanSpec:
    """A random, consistent Perubahan Renja: every sum and every selisih is right."""
    programs = []
    for program_code in draw(st.lists(two_digits(1, 8), min_size=1, max_size=4, unique=True)):
        program_kode = f"2.17.{program_code}"
        kegs = []
        for keg_code in draw(st.lists(two_digits(), min_size=1, max_size=3, unique=True)):
            keg_kode = f"{program_kode}.2.{keg_code}"
            subs = []
            for sub_code in draw(st.lists(two_digits(), min_size=1, max_size=3, unique=True)):
                # One item lists an indicator once (PL006): texts distinct, case and spacing ignored.
                rows = tuple(draw(st.lists(rows_st(), min_size=1, max_size=3,
                                           unique_by=lambda row: " ".join(row.uraian.lower().split()).strip(" .,;:"))))
                subs.append(Sub(f"{keg_kode}.{sub_code}", rows))
            before, after = summed([row for sub in subs for row in sub.rows])
            kegs.append(Keg(keg_kode, draw(rows_st(before, after)), tuple(subs)))
        before, after = summed([keg.row for keg in kegs])
        programs.append(Prog(program_kode, draw(rows_st(before, after)), tuple(kegs)))
    return PlanSpec(draw(st.integers(2019, 2030)), tuple(programs))


# --- rendering to YAML, remembering where cells are written -------------------------------


@dataclass
class Rendered:
    text: str
    # (p, k, s, row index) -> (line, column) of that sub kegiatan row's selisih value
    selisih_at: dict[tuple[int, int, int, int], tuple[int, int]] = field(default_factory=dict)
    # (p, k) -> (line, column) of the kegiatan row's sesudah.pagu value
    keg_sesudah_pagu_at: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def render(plan: PlanSpec) -> Rendered:
    lines: list[str] = []
    out = Rendered("")

    def emit(indent: int, key: str, value: str | None = None) -> tuple[int, int]:
        """Write ``key: value``; return the 1-based line and column of the value."""
        prefix = " " * indent + key + ":"
        lines.append(prefix if value is None else f"{prefix} {value}")
        return len(lines), len(prefix) + 2

    def emit_row(indent: int, row: Row) -> dict[str, tuple[int, int]]:
        # indent is the column of the "- " of the list item
        at: dict[str, tuple[int, int]] = {}
        lines.append(" " * indent + "- uraian: " + q(row.uraian))
        inner = indent + 2
        emit(inner, "sebelum")
        emit(inner + 2, "target", q(f"{format_angka(Decimal(row.target_sebelum), 'id')} Orang"))
        at["sebelum.pagu"] = emit(inner + 2, "pagu", q(rupiah(row.pagu_sebelum, row.negative_style)))
        emit(inner, "sesudah")
        emit(inner + 2, "target", q(f"{format_angka(Decimal(row.target_sesudah), 'id')} Orang"))
        at["sesudah.pagu"] = emit(inner + 2, "pagu", q(rupiah(row.pagu_sesudah, row.negative_style)))
        at["selisih"] = emit(inner, "selisih", q(rupiah(row.selisih, row.negative_style)))
        emit(inner, "lokasi", q(row.lokasi))
        emit(inner, "sumber_dana", q(row.sumber_dana))
        if row.needs_note:
            emit(inner, "catatan", q("Perubahan dijelaskan"))
        return at

    n_keg = sum(len(prog.kegs) for prog in plan.programs)
    n_sub = len(plan.subs())
    emit(0, "dokumen")
    emit(2, "jenis", "perubahan-renja")
    emit(2, "judul", q("Perubahan Renja (dibangkitkan acak)"))
    emit(2, "tabel", q("3.1"))
    emit(2, "tahun", str(plan.tahun))
    emit(2, "jumlah")
    emit(4, "program", str(len(plan.programs)))
    emit(4, "kegiatan", str(n_keg))
    emit(4, "sub_kegiatan", str(n_sub))
    emit(4, "sumber", q("Bab IV"))
    emit(0, "urusan")
    lines.append('  - kode: "2"')
    emit(4, "nama", q("URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"))
    emit(4, "bidang_urusan")
    lines.append('      - kode: "2.17"')
    emit(8, "nama", q("KOPERASI, USAHA KECIL, DAN MENENGAH"))
    emit(8, "program")
    for p, prog in enumerate(plan.programs):
        lines.append(" " * 10 + "- kode: " + q(prog.kode))
        emit(12, "nama", q(f"Program {prog.kode}"))
        emit(12, "indikator")
        emit_row(14, prog.row)
        emit(12, "kegiatan")
        for k, keg in enumerate(prog.kegs):
            lines.append(" " * 14 + "- kode: " + q(keg.kode))
            emit(16, "nama", q(f"Kegiatan {keg.kode}"))
            emit(16, "indikator")
            out.keg_sesudah_pagu_at[(p, k)] = emit_row(18, keg.row)["sesudah.pagu"]
            emit(16, "sub_kegiatan")
            for s, sub in enumerate(keg.subs):
                lines.append(" " * 18 + "- kode: " + q(sub.kode))
                emit(20, "nama", q(f"Sub kegiatan {sub.kode}"))
                emit(20, "indikator")
                for r, row in enumerate(sub.rows):
                    out.selisih_at[(p, k, s, r)] = emit_row(22, row)["selisih"]
    out.text = "\n".join(lines) + "\n"
    return out


def show(violations: list[renja_rules.Violation]) -> str:
    return "\n".join(f"  {v.rule_id} {v.kode} {v.path} L{v.line}:{v.column} {v.message}" for v in violations) or "  (none)"


# --- 1. a consistent plan passes every default rule ---------------------------------------


@SETTINGS
@given(plans_st())
def test_consistent_plan_has_no_violations(spec: PlanSpec) -> None:
    rendered = render(spec)
    plan = renja_rules.parse_plan(rendered.text, "acak.yaml")
    assert len(plan.nodes("sub_kegiatan")) == len(spec.subs())
    violations = renja_rules.check(plan, RULES)
    assert violations == [], f"consistent plan reported:\n{show(violations)}\n--- plan ---\n{rendered.text}"


# --- 2. one changed sesudah pagu breaks SL001 and PG001, not PG002 -----------------------------


@SETTINGS
@given(spec=plans_st(), data=st.data())
def test_changed_sub_kegiatan_pagu_is_reported(spec: PlanSpec, data: st.DataObject) -> None:
    p, k, s, sub = data.draw(st.sampled_from(spec.subs()), label="sub kegiatan")
    r = data.draw(st.integers(0, len(sub.rows) - 1), label="row")
    row = sub.rows[r]
    old_cents = int(row.pagu_sesudah / CENT)
    delta = cents(data.draw(st.integers(-old_cents, 10**15).filter(lambda n: n != 0), label="delta cents"))
    new_pagu = row.pagu_sesudah + delta
    assert new_pagu >= 0 and new_pagu != row.pagu_sesudah

    # The row keeps its written selisih; only its sesudah pagu changes.
    changed_row = replace(row, pagu_sesudah=new_pagu, selisih_override=row.selisih)
    prog = spec.programs[p]
    keg = prog.kegs[k]
    new_sub = replace(sub, rows=sub.rows[:r] + (changed_row,) + sub.rows[r + 1 :])
    new_keg = replace(keg, subs=keg.subs[:s] + (new_sub,) + keg.subs[s + 1 :])
    new_prog = replace(prog, kegs=prog.kegs[:k] + (new_keg,) + prog.kegs[k + 1 :])
    mutated = replace(spec, programs=spec.programs[:p] + (new_prog,) + spec.programs[p + 1 :])

    rendered = render(mutated)
    violations = renja_rules.check(renja_rules.parse_plan(rendered.text, "acak.yaml"), RULES)
    context = f"changed {sub.kode} row {r} sesudah pagu by {delta}:\n{show(violations)}\n--- plan ---\n{rendered.text}"

    # SL001 on the changed row, at its selisih cell as written in the generated text.
    sl = [v for v in violations if v.rule_id == "SL001" and v.kode == sub.kode]
    assert sl, "no SL001 on the changed sub kegiatan\n" + context
    line, column = rendered.selisih_at[(p, k, s, r)]
    assert len(sl) == 1, context
    assert sl[0].path.endswith("/selisih"), context
    assert sl[0].path.endswith(f"/sub_kegiatan/{s}/indikator/{r}/selisih"), context
    assert (sl[0].line, sl[0].column) == (line, column), f"SL001 at {sl[0].line}:{sl[0].column}, selisih written at {line}:{column}\n" + context
    assert sl[0].expected == format(new_pagu - row.pagu_sebelum, "f"), context
    assert sl[0].actual == format(row.selisih, "f"), context

    # PG001 on the kegiatan: its stated sesudah pagu no longer equals its sub kegiatan's sum.
    pg1 = [v for v in violations if v.rule_id == "PG001" and v.kode == keg.kode]
    assert pg1, "no PG001 on the kegiatan\n" + context
    assert [v.field for v in pg1] == ["sesudah.pagu"], context
    assert (pg1[0].line, pg1[0].column) == rendered.keg_sesudah_pagu_at[(p, k)], context
    assert pg1[0].actual == format(keg.row.pagu_sesudah, "f"), context
    assert pg1[0].expected == format(keg.row.pagu_sesudah + delta, "f"), context

    # The kegiatan's stated value did not change, so its program still adds up.
    assert not [v for v in violations if v.rule_id == "PG002"], "PG002 reported\n" + context

    # And nothing else fires.
    assert {(v.rule_id, v.kode) for v in violations} == {("SL001", sub.kode), ("PG001", keg.kode)}, context


# --- 3. Indonesian number notation round-trips ---------------------------------------------


@st.composite
def decimals_st(draw: st.DrawFn, bound: int = 10**15, max_places: int = 2) -> Decimal:
    """A Decimal with 0..max_places decimal places, |d| <= bound (zero and negatives included)."""
    places = draw(st.integers(0, max_places))
    scale = 10**places
    n = draw(st.one_of(st.integers(-1000 * scale, 1000 * scale), st.integers(-bound * scale, bound * scale)))
    return Decimal(n).scaleb(-places)


@SETTINGS
@given(decimals_st())
def test_indonesian_format_parses_back(d: Decimal) -> None:
    text = format_angka(d, "id")
    parsed = parse_uang(text)
    assert parsed.cacat is None, (d, text, parsed)
    assert parsed.nilai == d, (d, text, parsed)
    # Nothing is silently rounded: the written decimals are the value's own.
    assert parsed.nilai.as_tuple().exponent == d.as_tuple().exponent, (d, text, parsed)


@SETTINGS
@given(decimals_st())
def test_canonical_rupiah_strings_round_trip(d: Decimal) -> None:
    s = format_angka(d, "id", places=2)
    assert re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*,\d{2}", s), s
    assert format_angka(parse_uang(s).nilai, "id", places=2) == s, s
    # Parentheses are a negative: "(1.234,00)" is -1234.00, and "-1.234,00" reads the same.
    positive = format_angka(abs(d), "id", places=2)
    assert parse_uang(f"({positive})").nilai == -abs(d), positive
    assert parse_uang(f"-{positive}").nilai == -abs(d), positive
    assert format_angka(parse_uang(f"({positive})").nilai, "id", places=2) == (f"-{positive}" if d != 0 else positive)


def test_parenthesised_example() -> None:
    assert parse_uang("(1.234,00)").nilai == Decimal("-1234.00")
    assert parse_uang("(3.223.000,00)").nilai == Decimal("-3223000.00")


@SETTINGS
@given(decimals_st())
def test_english_format_uses_commas_for_thousands(d: Decimal) -> None:
    en = format_angka(d, "en")
    idn = format_angka(d, "id")
    assert en == idn.translate(str.maketrans({".": ",", ",": "."})), (d, en, idn)
    whole, _, fraction = en.lstrip("-").partition(".")
    assert re.fullmatch(r"\d{1,3}(?:,\d{3})*", whole), en
    assert Decimal(en.replace(",", "")) == d, (d, en)
    if d != 0:
        assert en == format(d, ",f"), (d, en)


unit_st = st.text(alphabet=string.ascii_letters + "%", min_size=1, max_size=12).filter(lambda u: not u[0].isdigit())
units_st = st.one_of(unit_st, st.lists(unit_st, min_size=2, max_size=3).map(" ".join))


@SETTINGS
@given(decimals_st(), units_st)
def test_value_with_unit_parses(d: Decimal, unit: str) -> None:
    text = f"{format_angka(d, 'id')} {unit}"
    parsed = parse_nilai(text)
    assert parsed.cacat is None, (text, parsed)
    assert parsed.nilai == d, (text, parsed)
    assert parsed.satuan == unit, (text, parsed)


# --- 4. SL001 fires iff selisih != sesudah - sebelum ------------------------------------------


def single_indicator_plan(sebelum: str, sesudah: str, selisih: str) -> str:
    return (
        "dokumen: {jenis: perubahan-renja, tahun: 2021}\n"
        "program:\n"
        '  - kode: "2.17.01"\n'
        "    indikator:\n"
        f"      - sebelum: {{target: \"1 Orang\", pagu: {q(sebelum)}}}\n"
        f"        sesudah: {{target: \"2 Orang\", pagu: {q(sesudah)}}}\n"
        f"        selisih: {q(selisih)}\n"
    )


signed_money_st = st.one_of(st.integers(-(10**5), 10**5), st.integers(-(10**15), 10**15)).map(cents)


@SETTINGS
@given(
    a=signed_money_st,
    b=signed_money_st,
    sebelum_empty=st.booleans(),
    correct=st.booleans(),
    error_cents=st.integers(-(10**15), 10**15).filter(lambda n: n != 0),
    style=negative_style_st,
)
def test_sl001_fires_iff_selisih_is_wrong(
    a: Decimal, b: Decimal, sebelum_empty: bool, correct: bool, error_cents: int, style: str
) -> None:
    # An empty "before" pagu ("-", a sub kegiatan new in the revision) counts as 0 (default()).
    if sebelum_empty:
        a = Decimal("0.00")
    true_selisih = b - a
    selisih = true_selisih if correct else true_selisih + cents(error_cents)
    text = single_indicator_plan("-" if sebelum_empty else rupiah(a, style), rupiah(b, style), rupiah(selisih, style))
    violations = renja_rules.check(renja_rules.parse_plan(text, "satu.yaml"), SL001_ONLY)
    context = f"a={a} b={b} selisih={selisih}\n{show(violations)}\n{text}"
    if selisih == true_selisih:
        assert violations == [], context
    else:
        assert [(v.rule_id, v.kode, v.path, v.line, v.column) for v in violations] == [
            ("SL001", "2.17.01", "/program/0/indikator/0/selisih", 7, 18)
        ], context
        assert violations[0].expected == format(true_selisih, "f"), context
        assert violations[0].actual == format(selisih, "f"), context


# --- the required kind reads filled cells without making field values --------------------

_CELLS = st.one_of(
    st.none(), st.sampled_from(["", " ", "-", " - ", "0", "0,00", "53 Stel", "100%", "-  Dokumen", "1.234,00",
                               "teks", "0 -", "(3.223.000,00)", "12 ", "Rp", "1,5 %"]),
    st.integers(-5, 5), st.booleans(),
)


def _reference_required(rule: renja_rules.Rule, nodes: list, plan: renja_rules.Plan) -> list[tuple[object, object]]:
    """What the required kind reported before it read filled cells directly: every field by Node.get."""
    from renja_rules.kinds.base import Finding

    found = []
    for node in nodes:
        for name, parts, unit, _ in rule.params.fields:
            if name == "indikator":
                if not node.indikator:
                    found.append((node, Finding(node.path + ("kode",), name, value_kind="teks")))
                continue
            value = node.get(parts)
            angka = value.angka
            present = not (value.kosong if unit or angka is None else angka.kosong)
            if not present:
                shown = angka.teks if angka is not None else ""
                fill = rule.params.fill.evaluate(node.lookup) if rule.params.fill is not None else None
                if isinstance(fill, Decimal):  # the value the empty cell must hold (WJ010's selisih)
                    found.append((node, Finding(value.path, name, expected=fill, actual=shown or None,
                                                value_kind=rule.params.value_kind, replacement=fill)))
                else:
                    found.append((node, Finding(value.path, name, expected=None, actual=shown or None, value_kind="teks")))
    return found


@SETTINGS
@given(rows=st.lists(st.fixed_dictionaries({}, optional={
    "uraian": _CELLS, "lokasi": _CELLS, "sumber_dana": _CELLS,
    "sebelum": st.fixed_dictionaries({}, optional={"target": _CELLS, "pagu": _CELLS}),
    "sesudah": st.fixed_dictionaries({}, optional={"target": _CELLS, "pagu": _CELLS}),
}), min_size=1, max_size=6))
def test_required_cells_read_directly_are_judged_as_by_node_get(rows: list[dict]) -> None:
    from renja_rules.loader import dump_yaml

    snippet = {"dokumen": {"jenis": "perubahan-renja", "tahun": 2021},
               "program": [{"kode": "2.17.01", "indikator": rows}, {"kode": "2.17.02"}]}
    try:
        plan = renja_rules.parse_plan(dump_yaml(snippet), "wajib.yaml")
    except renja_rules.PlanError:
        return  # a cell the model refuses (e.g. a boolean pagu): nothing to check
    for rule in RULES.rules:
        if rule.kind.name != "required":
            continue
        plan.forget_values()
        nodes = plan.nodes(rule.level)
        direct = rule.kind.check_nodes(rule.params, nodes, plan)
        plan.forget_values()
        assert direct == _reference_required(rule, nodes, plan), rule.id


# --- 5. a missing selisih is reported and --fix writes the right one in (issue 17) -------------


@SETTINGS
@given(spec=plans_st(), data=st.data())
def test_missing_selisih_is_filled_in_with_pagu_after_minus_before(spec: PlanSpec, data: st.DataObject) -> None:
    from renja_rules.fixes import fix_text

    rendered = render(spec)
    rows = sorted(rendered.selisih_at)
    dropped = data.draw(st.sets(st.sampled_from(rows), min_size=1, max_size=len(rows)), label="dropped")
    lines = rendered.text.split("\n")
    for key in sorted(dropped, key=lambda k: rendered.selisih_at[k][0], reverse=True):
        del lines[rendered.selisih_at[key][0] - 1]
    text = "\n".join(lines)
    found = [v for v in renja_rules.check(renja_rules.parse_plan(text, "acak.yaml"), RULES)]
    assert {v.rule_id for v in found} == {"WJ010"} and len(found) == len(dropped), show(found)
    fixed = fix_text(text, "acak.yaml", RULES)
    assert [edit.rule_id for edit in fixed.edits] == ["WJ010"] * len(dropped)
    plan = renja_rules.parse_plan(fixed.text, "acak.yaml")
    assert renja_rules.check(plan, RULES) == []
    subs = [sub for prog in spec.programs for keg in prog.kegs for sub in keg.subs]
    written = [[row.selisih.nilai for row in sub.obj.indikator] for sub in plan.nodes("sub_kegiatan")]
    assert written == [[row.selisih for row in sub.rows] for sub in subs]
    assert fix_text(fixed.text, "acak.yaml", RULES).edits == []  # a second --fix changes nothing


def test_missing_selisih_is_written_like_the_file_writes_money() -> None:
    from renja_rules.fixes import fix_text

    block = single_indicator_plan("(1.000,00)", "1.500,00", "2.500,00").replace('        selisih: "2.500,00"\n', "")
    assert "selisih" not in block.split("program:")[1]
    fixed = fix_text(block, "a.yaml", RULES)
    assert [(e.rule_id, e.old, e.new) for e in fixed.edits] == [("WJ010", "", "2.500,00")]
    # A negative difference in parentheses where the file writes negatives so, CRLF kept.
    crlf = block.replace('"1.500,00"', '"(2.500,00)"').replace("\n", "\r\n")
    fixed = fix_text(crlf, "a.yaml", RULES)
    assert 'selisih: "(1.500,00)"' in fixed.text and "\n" not in fixed.text.replace("\r\n", "")
    # A flow mapping gets the key before its closing brace.
    flow = ('dokumen: {jenis: perubahan-renja, tahun: 2021}\n'
            'program: [{kode: "2.17.01", indikator: [{sebelum: {pagu: "1.000,00"}, sesudah: {pagu: "1.500,00"}}]}]\n')
    fixed = fix_text(flow, "a.yaml", RULES)
    assert 'sesudah: {pagu: "1.500,00"}, selisih: "500,00"}]}]' in fixed.text
