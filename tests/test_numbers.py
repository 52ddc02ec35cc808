from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja_rules.numbers import Angka, YamlNumber, format_angka, format_uang, parse_nilai, parse_uang


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.234.567,00", Decimal("1234567.00")),
        ("(34.210.100,00)", Decimal("-34210100.00")),
        ("-16.454.000,00", Decimal("-16454000.00")),
        ("(18,00)", Decimal("-18.00")),
        ("0,00", Decimal("0.00")),
        ("0", Decimal("0")),
        ("420.000.018,00", Decimal("420000018.00")),
        ("Rp 5.000", Decimal("5000")),
        ("1.216", Decimal("1216")),  # Indonesian: the dot groups thousands
    ],
)
def test_parse_uang_reads_indonesian_notation_exactly(text: str, value: Decimal) -> None:
    angka = parse_uang(text)
    assert angka.cacat is None
    assert angka.nilai == value
    assert angka.nilai.as_tuple() == value.as_tuple()  # same digits and exponent, no float on the way


@pytest.mark.parametrize("text", ["0,00 0", "1.2.3,4,5", "12,34,56", "1.23.456", "--5"])
def test_damaged_money_is_kept_as_a_defect(text: str) -> None:
    angka = parse_uang(text)
    assert angka.nilai is None
    assert angka.cacat
    assert angka.teks == text


@pytest.mark.parametrize("text", ["-", "", "  "])
def test_placeholders_are_empty_not_zero(text: str) -> None:
    angka = parse_uang(text)
    assert angka.kosong and angka.nilai is None and angka.cacat is None


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("53 Stel", Decimal(53), "Stel"),
        ("100%", Decimal(100), "%"),
        ("63,28 %", Decimal("63.28"), "%"),
        ("104.76 %", Decimal("104.76"), "%"),
        ("0 -", Decimal(0), None),
        ("10 Koperasi/UM K", Decimal(10), "Koperasi/UM K"),
        ("0", Decimal(0), None),
    ],
)
def test_parse_nilai_splits_value_and_unit(text: str, value: Decimal, unit: str | None) -> None:
    angka = parse_nilai(text)
    assert (angka.nilai, angka.satuan, angka.cacat) == (value, unit, None)


def test_number_split_by_a_space_is_a_defect() -> None:
    angka = parse_nilai("2318 4 HOK")
    assert angka.nilai is None and "angka" in (angka.cacat or "")


def test_qualitative_target_is_text_not_a_defect() -> None:
    angka = parse_nilai("WTP")
    assert angka.nilai is None and angka.cacat is None and not angka.kosong


def test_yaml_numbers_use_a_decimal_point_and_never_a_float() -> None:
    assert parse_uang(YamlNumber("1234567.10")).nilai == Decimal("1234567.10")
    assert parse_uang(YamlNumber("0.1")).nilai == Decimal("0.1")
    assert parse_nilai(YamlNumber("2.10")).nilai == Decimal("2.10")


def test_too_many_digits_is_refused() -> None:
    assert parse_uang("1" * 40).cacat


def test_formatting_in_both_languages() -> None:
    assert format_angka(Decimal("-1234567.5"), "id") == "-1.234.567,5"
    assert format_angka(Decimal("-1234567.5"), "en") == "-1,234,567.5"
    assert format_uang(Decimal("9175511065"), "id") == "Rp9.175.511.065,00"
    assert format_angka(Decimal("63.285"), "id", places=2) == "63,29"  # half-up, not banker's


def _fields(angka: Angka) -> tuple[object, ...]:
    # str(nilai) as well: Decimal("-0.00") == Decimal("0.00"), but the two print differently.
    return (angka.teks, str(angka.nilai), angka.nilai, angka.satuan, angka.cacat, angka.kosong)


@given(st.booleans(), st.integers(min_value=0, max_value=10**27 - 1), st.integers(min_value=0, max_value=99))
def test_the_canonical_money_shortcut_agrees_with_the_general_reader(minus: bool, rupiah: int, sen: int) -> None:
    from renja_rules.numbers import _parse_uang, canonical_uang

    text = ("-" if minus else "") + f"{rupiah:,}".replace(",", ".") + f",{sen:02d}"
    shortcut = canonical_uang(text)
    assert shortcut is not None
    assert _fields(shortcut) == _fields(_parse_uang(text)) == _fields(parse_uang(text))
    value = Decimal(f"{rupiah}.{sen:02d}")
    assert shortcut.nilai == (value.copy_negate() if minus else value)  # exact: no context rounding


def test_minus_zero_rupiah_is_zero_on_both_readers() -> None:
    from renja_rules.numbers import _parse_uang

    assert str(parse_uang("-0,00").nilai) == str(_parse_uang("-0,00").nilai) == "0.00"


@given(st.text(alphabet="0123456789.,- ()", max_size=40))
def test_money_text_of_any_shape_reads_the_same_with_or_without_the_shortcut(text: str) -> None:
    from renja_rules.numbers import _parse_uang

    assert _fields(parse_uang(text)) == _fields(_parse_uang(text))


@given(
    st.one_of(
        st.text(alphabet="0123456789.,- %()aZx\u0663", max_size=40),
        st.builds(
            lambda number, space, unit: number + space + unit,
            st.from_regex(r"[0-9]{1,20}(,[0-9]{1,20})?", fullmatch=True),
            st.sampled_from(["", " ", "  "]),
            st.sampled_from(["", "%", "Stel", "Dokumen", "Orang Hari", "-", "x1", "e5", " ", "%%"]),
        ),
    )
)
def test_values_with_units_read_the_same_with_or_without_the_shortcut(text: str) -> None:
    from renja_rules.numbers import _parse_nilai, simple_nilai

    assert _fields(parse_nilai(text)) == _fields(_parse_nilai(text))
    shortcut = simple_nilai(text)
    if shortcut is not None:
        assert _fields(shortcut) == _fields(_parse_nilai(text))


def test_usual_values_take_the_shortcut() -> None:
    from renja_rules.numbers import simple_nilai

    for text in ("67 Stel", "80,79%", "100 %", "12", "0 Dokumen"):
        assert simple_nilai(text) is not None, text
    for text in ("1.234 Orang", "63,28 %%", "-5 Unit", " 5", "Ada"):
        assert simple_nilai(text) is None, text


@given(st.text(alphabet="0123456789.,", min_size=1, max_size=30))
def test_short_indonesian_numbers_are_always_within_bounds(text: str) -> None:
    # parse_uang and parse_nilai skip the bounds check for such text: it must never matter.
    from renja_rules.numbers import _parse_plain, _within_bounds

    value = _parse_plain(text, False)
    assert value is None or _within_bounds(value)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**24), max_value=10**24, places=4)
       | st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9))
def test_format_angka_groups_thousands_and_keeps_every_digit(value: Decimal) -> None:
    text = format_angka(value, "id")
    negative = text.startswith("-")
    whole, _, fraction = text.removeprefix("-").partition(",")
    groups = whole.split(".")
    assert 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    read = Decimal("".join(groups) + ("." + fraction if fraction else ""))
    assert (read.copy_negate() if negative else read) == value  # copy_negate: exact, whatever the precision
    assert read.as_tuple().exponent == value.as_tuple().exponent  # no digit dropped or added
    assert format_angka(value, "en") == text.translate(str.maketrans(".,", ",."))


@pytest.mark.parametrize(
    "value, lang, places, text",
    [
        (Decimal("1234567.5"), "id", None, "1.234.567,5"),
        (Decimal("1234567.5"), "en", None, "1,234,567.5"),
        (Decimal("-1000"), "id", 2, "-1.000,00"),
        (Decimal("-0.001"), "id", 2, "0,00"),  # rounds to zero: no minus sign
        (Decimal("999.995"), "id", 2, "1.000,00"),
        (Decimal("100"), "id", None, "100"),
    ],
)
def test_format_angka_examples(value: Decimal, lang: str, places: int | None, text: str) -> None:
    assert format_angka(value, lang, places=places) == text
