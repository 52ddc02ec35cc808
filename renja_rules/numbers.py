"""Indonesian number notation: exact parsing into ``Decimal`` and formatting back.

Plan files are transcribed from PDFs and spreadsheets, so one column may hold
``1.234.567,00`` (dot for thousands, comma for decimals), ``(34.210.100,00)`` or
``-16.454.000,00`` for negatives, ``63,28 %`` or ``104.76 %`` for percentages and
``53 Stel`` for a target with its unit. Everything here is exact: no value ever
passes through a binary float.

A cell that looks like a number but cannot be read as one (``0,00 0``,
``2318 4 HOK``) is not an error of the tool: it is a defect of the plan, kept in
:class:`Angka.cacat` so that a rule can report it where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

__all__ = [
    "Angka",
    "YamlNumber",
    "PLACEHOLDERS",
    "parse_uang",
    "parse_nilai",
    "format_angka",
    "format_uang",
    "looks_like_money",
    "round_half_up",
]

# More significant digits than any budget has; beyond it a cell is damage, and the
# engine's decimal context (see engine.DECIMAL_PRECISION) stays exact for sums of such values.
# The same bound holds for digits before and after the decimal point, so an exponent
# (``1e999`` written as a YAML number) cannot make a cell huge or tiny either.
MAX_DIGITS = 30

# Beyond this magnitude (only reachable by arithmetic, never by a cell) a value is written
# in scientific notation instead of millions of digits.
_MAX_PLAIN_EXPONENT = 100

# Cells that mean "nothing here" in the source tables.
PLACEHOLDERS = frozenset({"-", "–", "—"})

_MINUS = ("-", "−", "–")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PLAIN_INT = re.compile(r"\d+")
_COMMA_DECIMAL = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")
_YAML_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?")
# Characters a money cell may contain; anything else is a wrong type, not a damaged number.
# An unquoted YAML number whose dots each stand before three digits ("750.000", "1.500.000"):
# YAML reads a decimal point (750), Indonesian notation a thousands separator (750000).
_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_MONEY_CHARS = re.compile(r"[\d.,()\s+\-−–]*")
_LEADING_NUMBER = re.compile(r"([-+−]?\d[\d.,]*)\s*(.*)", re.DOTALL)


class YamlNumber(str):
    """The text of a scalar that YAML itself typed as int or float (written unquoted).

    Its dot is a decimal point (``1.5``), unlike the Indonesian strings where a dot
    groups thousands. The text is kept, never the float, so ``2.10`` stays ``2.10``.
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Angka:
    """One numeric cell of a plan, as written and as understood.

    ``nilai`` is the exact value, or ``None`` when the cell is empty, a placeholder
    (``-``), qualitative text, or damaged. ``cacat`` says why a cell that should be
    a number could not be read; ``kosong`` marks an empty or placeholder cell.
    """

    teks: str
    nilai: Decimal | None
    satuan: str | None = None
    cacat: str | None = None
    kosong: bool = False
    # An unquoted ``750.000`` (YAML reads 750): its reading in Indonesian notation, which
    # --unsafe-fixes may write in quotes where the file writes money that way throughout.
    bacaan: Decimal | None = None

    def __str__(self) -> str:
        return self.teks


def _parse_plain(text: str, yaml_number: bool) -> Decimal | None:
    """Read an unsigned number in Indonesian (or, for YAML numbers, plain) notation."""
    if yaml_number:
        if not _YAML_NUMBER.fullmatch(text):
            return None
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return None
    if _PLAIN_INT.fullmatch(text):
        return Decimal(text)
    if _THOUSANDS.fullmatch(text):
        return Decimal(text.replace(".", ""))
    if _COMMA_DECIMAL.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.fullmatch(text):
        # "104.76": a single dot not followed by a group of three is a decimal point.
        return Decimal(text)
    return None


def _parse_signed(text: str, yaml_number: bool) -> Decimal | None:
    text = text.strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    elif text.startswith(_MINUS):
        negative, text = True, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    value = _parse_plain(text, yaml_number)
    # Indonesian notation has no exponent: text of at most MAX_DIGITS characters holds at
    # most that many digits, before or after the comma, so it is within bounds (tested).
    if value is None or ((yaml_number or len(text) > MAX_DIGITS) and not _within_bounds(value)):
        return None
    # copy_negate is exact (unary minus would round to the context's 28 digits); -0 is 0.
    return value.copy_negate() if negative and value else value


def _within_bounds(value: Decimal) -> bool:
    """Finite, at most MAX_DIGITS significant digits, and as many before and after the point."""
    if not value.is_finite():
        return False
    digits, exponent = len(value.as_tuple().digits), value.as_tuple().exponent
    assert isinstance(exponent, int)
    return digits <= MAX_DIGITS and exponent >= -MAX_DIGITS and digits + exponent <= MAX_DIGITS


def looks_like_money(text: str) -> bool:
    """True when ``text`` holds only characters a rupiah cell can hold (digits, separators, sign)."""
    body = text.strip()
    if body[:2].lower() == "rp":
        body = body[2:].lstrip(". ")
    return _MONEY_CHARS.fullmatch(body) is not None


# How nearly every rupiah cell is written, selisih with its minus: the answer needs no
# further checks (at most 3 + 8 * 3 + 2 = 29 digits, within MAX_DIGITS).
_CANONICAL_UANG = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3}){0,8},[0-9][0-9]")

# Angka's fields set through their slots: a third of the cost of the frozen dataclass's
# __init__, for the cells read on every plan's first check.
_new_object = object.__new__
_SET_TEKS, _SET_NILAI, _SET_SATUAN, _SET_CACAT, _SET_KOSONG = (
    Angka.__dict__[name].__set__ for name in ("teks", "nilai", "satuan", "cacat", "kosong")
)


def _exact(teks: str, nilai: Decimal, satuan: str | None = None) -> Angka:
    """``Angka(teks, nilai, satuan)``, built faster (tests compare the two)."""
    angka = _new_object(Angka)
    _SET_TEKS(angka, teks)
    _SET_NILAI(angka, nilai)
    _SET_SATUAN(angka, satuan)
    _SET_CACAT(angka, None)
    _SET_KOSONG(angka, False)
    return angka


def canonical_uang(text: str) -> Angka | None:
    """The rupiah amount of text written the usual way (``1.234.567,00``, ``-907.555.609,00``), else None.

    The same answer as :func:`parse_uang` for such text (property-tested), in a fraction
    of its time.
    """
    if _CANONICAL_UANG.fullmatch(text) is None:
        return None
    value = Decimal(text.replace(".", "").replace(",", "."))
    # -0,00 is 0,00, as in _parse_signed.
    return _exact(text, value.copy_negate() if value.is_signed() and not value else value)


def parse_uang(text: str) -> Angka:
    """Parse a rupiah amount: ``1.234.567,00``, ``(3.223.000,00)``, ``-16.454.000,00``, ``0``.

    Passing: ``parse_uang("1.234.567,89").nilai == Decimal("1234567.89")``.
    Damaged: ``parse_uang("0,00 0").cacat`` is set and ``nilai`` is ``None``.
    """
    if type(text) is str:  # not a YamlNumber, whose dot is a decimal point
        angka = canonical_uang(text)
        if angka is not None:
            return angka
    return _parse_uang(text)


def _parse_uang(text: str) -> Angka:
    """parse_uang for every notation (the canonical one included: the tests compare)."""
    raw = str(text)
    body = raw.strip()
    if body == "" or body in PLACEHOLDERS:
        return Angka(raw, None, kosong=True)
    if body[:2].lower() == "rp":
        body = body[2:].lstrip(". ")
    if body.endswith(",-"):  # "Rp1.500.000.000,-": the usual way of writing "no cents"
        body = body[:-2].rstrip()
    if isinstance(text, YamlNumber) and _AMBIGUOUS.fullmatch(body):
        as_yaml = format_angka(Decimal(body).normalize(), "id")
        return Angka(raw, None, cacat=f"ambigu: tanpa tanda kutip YAML membacanya {as_yaml} (titik desimal), "
                                      f"ejaan Indonesia {body}; tulis \"{body},00\" (dengan tanda kutip) atau "
                                      f"{body.replace('.', '')}", bacaan=Decimal(body.replace(".", "")))
    value = _parse_signed(body, isinstance(text, YamlNumber))
    if value is None:
        return Angka(raw, None, cacat="bukan angka rupiah yang sah")
    return Angka(raw, value)


# How most values with a unit are written: "67 Stel", "80,79%", "100 %", "12". Short enough
# to be within MAX_DIGITS, one word or % for a unit: the answer needs no further checks.
_SIMPLE_NILAI = re.compile(r"([0-9]{1,15}(?:,[0-9]{1,14})?) ?([A-Za-z]+|%)?")


def simple_nilai(text: str) -> Angka | None:
    """The value of text written the usual way (``67 Stel``, ``80,79%``, ``12``), else None.

    The same answer as :func:`parse_nilai` for such text (property-tested).
    """
    match = _SIMPLE_NILAI.fullmatch(text)
    if match is None:
        return None
    number, unit = match.groups()
    return _exact(text, Decimal(number.replace(",", ".")), unit)


def parse_nilai(text: str) -> Angka:
    """Parse a value with its unit: ``53 Stel``, ``100%``, ``63,28 %``, ``0 -``, ``12``.

    A value without a leading number (``Ada``, ``WTP``) is qualitative: kept as text,
    ``nilai`` is ``None`` and nothing is wrong with it. A unit that starts with a digit
    (``2318 4 HOK``) means a number split by the conversion: that is a defect.
    """
    if type(text) is str:  # not a YamlNumber, whose dot is a decimal point
        angka = simple_nilai(text)
        if angka is not None:
            return angka
    return _parse_nilai(text)


def _parse_nilai(text: str) -> Angka:
    """parse_nilai for every notation (the usual one included: the tests compare)."""
    raw = str(text)
    body = raw.strip()
    if body == "" or body in PLACEHOLDERS:
        return Angka(raw, None, kosong=True)
    if isinstance(text, YamlNumber):
        # YAML typed it as a number (.nan, .inf and 1e999 included): readable, or damaged.
        value = _parse_signed(body, True)
        return Angka(raw, value, cacat=None if value is not None else "bukan angka yang sah")
    match = _LEADING_NUMBER.fullmatch(body)
    if match is None:
        return Angka(raw, None)
    number, unit = match.group(1), match.group(2).strip()
    if unit[:1].isdigit():
        return Angka(raw, None, cacat="angka terpisah spasi atau satuan diawali angka")
    value = _parse_signed(number, False)
    if value is None:
        return Angka(raw, None, cacat="bukan angka yang sah")
    if unit in PLACEHOLDERS or unit == "":
        unit_value = None
    else:
        unit_value = " ".join(unit.split())
    return Angka(raw, value, satuan=unit_value)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, as the tables round.

    A value with more digits than the decimal context holds (a ratio of a huge number to a
    tiny one) cannot be quantized; it is already coarser than the places asked for, so it
    is returned as it is instead of raising InvalidOperation.
    """
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


_TO_INDONESIAN = str.maketrans(",.", ".,")


def format_angka(value: Decimal, lang: str = "id", places: int | None = None) -> str:
    """Format a decimal in the reader's notation: ``1.234.567,5`` (id) or ``1,234,567.5`` (en).

    ``places`` fixes the number of decimals (rounding half-up); by default the value's
    own exponent is kept, so nothing is silently rounded.
    """
    if not value.is_finite():
        return str(value)  # never a cell (the parsers refuse them); said as it is, not as a crash
    magnitude = value.copy_abs()
    decimal_point = "," if lang == "id" else "."
    if magnitude != 0 and abs(magnitude.adjusted()) > _MAX_PLAIN_EXPONENT:
        return ("-" if value.is_signed() else "") + format(magnitude, "E").replace(".", decimal_point)
    if places is not None:
        # A context of its own: exact whatever the caller's precision, half-up as the tables round.
        context = Context(prec=max(magnitude.adjusted(), 0) + max(places, 0) + 2, rounding=ROUND_HALF_UP)
        magnitude = magnitude.quantize(Decimal(1).scaleb(-places, context=context), context=context)
    sign = "-" if value.is_signed() and magnitude != 0 else ""
    text = format(magnitude, ",f")  # grouped with "," and "." as English writes it
    return sign + (text.translate(_TO_INDONESIAN) if lang == "id" else text)


def format_uang(value: Decimal, lang: str = "id") -> str:
    """Format rupiah with two decimals, as the tables print it: ``Rp9.175.511.065,00``."""
    if not value.is_finite():
        return "Rp" + str(value)
    sign = "-" if value.is_signed() and value != 0 else ""
    value = value.copy_abs()
    if value == value.to_integral_value() or -value.as_tuple().exponent <= 2:
        return sign + "Rp" + format_angka(value, lang, places=2)
    return sign + "Rp" + format_angka(value, lang)
