"""Hypothesis strategies and oracles for fuzzing renja-rules, shared by the tests and ``fuzz/run.py``.

Four targets, each a function that takes one generated input and either returns (a
result, or one of the project's documented errors) or raises :class:`Crash`:

- ``plan``: YAML-ish text and mutations of the shipped example plans, through
  ``parse_plan`` and then ``check`` with the default rules (what ``renja-rules check``
  does with a file);
- ``numbers``: ``parse_uang`` and ``parse_nilai`` on any text, written quoted or as a
  YAML number;
- ``expression``: random token sequences and random strings through ``parse_expression``,
  and every expression that compiles evaluated on hostile values;
- ``rules``: mutations of the shipped rule files through ``parse_rules``, and every rule
  file that compiles run over the example plans.
"""

from __future__ import annotations

import decimal
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st

import renja_rules
from fuzz.baseline import baseline_inputs, run_baseline
from renja_rules.engine import DECIMAL_PRECISION
from renja_rules.errors import RenjaRulesError
from renja_rules.expression import FUNCTIONS, KEYWORDS, MISSING, DivisionByZero, ExpressionError, parse_expression
from renja_rules.numbers import MAX_DIGITS, Angka, YamlNumber, format_angka, format_uang, parse_nilai, parse_uang
from renja_rules.plan import LEVELS, field_catalogue
from renja_rules.rules import RuleSet, default_rules_dir, parse_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLANS = sorted((ROOT / "examples").rglob("*.yaml"))
RULE_FILES = sorted(default_rules_dir().glob("*.yaml"))


class Crash(Exception):
    """An outcome that is neither a result nor a documented error: a bug to fix."""

    def __init__(self, target: str, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [frame for frame in frames if "renja_rules" in frame.filename] or frames
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        self.signature = f"{target}: {type(exc).__name__} at {where}"
        self.functions = [frame.name for frame in ours]  # the call chain inside renja_rules
        self.exc = exc
        super().__init__(f"{self.signature}: {exc}")


# Crashes found by fuzzing whose fix belongs to code the fuzz suite does not own. Each has a
# strict xfail regression test; the CI fuzz tests and the atheris harness let them pass and
# fuzz/run.py labels them, so that a new crash stands out. Remove an entry once it is fixed.
# (The one entry so far, engine.py letting DivisionByZero escape a `when` condition, is fixed;
# its test is test_fuzz_regressions.py::test_division_by_zero_in_a_when_condition.)
KNOWN_CRASHES: dict[str, Callable[[Crash], bool]] = {}


def known(crash: Crash) -> str | None:
    """The KNOWN_CRASHES entry this crash is, if any."""
    return next((name for name, matches in KNOWN_CRASHES.items() if matches(crash)), None)


# --- building blocks ------------------------------------------------------------------

HOSTILE_SCALARS = [
    "", "-", "~", "null", "true", "no", ".nan", ".NaN", ".inf", "-.inf", "1e999", "-1e999", "1e-999",
    "1E+999999999", "0x1F", "0o17", "0b101", "1_000", "190:20:30", "2021-01-01", "9" * 40, "9" * 31,
    "1." + "0" * 40, "-0", "(0)", "()", "(", "-Rp1,00", "Rp.1.000,00", "1.234.567,89", "(3.223.000,00)",
    "0,00 0", "2318 4 HOK", "100%", "63,28 %", "1,2,3", "1..2", ",5", "5,", "٣٤٥", "１２３", "𝟗", "½",
    "'quoted'", '"double"', "[]", "{}", "[1, 2]", "{a: 1}", "!!python/object/apply:os.system ['echo hi']",
    "!!python/name:os.system", "!!binary aGk=", "!!float 1", "!!int x", "!!str 1", "!!map {}", "!custom x",
    "&a x", "*a", "*undefined", "<<", "? x", "- x", "|", ">", "'unterminated", '"\\x00"', '"\\uD800"',
    "a\tb", "\u2028", "\x85", "\ufeff", "x" * 300,
]

FIELD_WORDS = sorted({part for level in LEVELS for name in field_catalogue(level) for part in name}) + [
    "kode", "nama", "dokumen", "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "indikator",
    "unit", "jumlah", "total", "rata_rata", "predikat", "<<", "__class__",
]

YAML_ALPHABET = st.sampled_from(
    list(": -[]{},'\"#&*!|>?%@`\n\n  \t\r\ufeff\x85\u2028") + ["0", "1", "9", ".", "a", "é", "\x00", "\x01", "\ud800"]
)
YAML_TOKENS = st.sampled_from(
    ["\n", "\n  ", "\n    ", "\r\n", ": ", "- ", "[", "]", "{", "}", ", ", "---\n", "...\n", "# c\n", "&a ", "*a",
     "!!python/object:os.system ", "!!str ", "? ", "'", '"', "|\n", ">-\n", "<<: ", "\t",
     # what the fast path reads since 2026-12-06, and what it declines beside it
     "x\ty", "\\t", "\\xE9", "\\u2014", "\\\n  ", "\\ ", "\\L", "\n\n\n , ", "?x",
     # a threshold in a text, and the block scalar headers it resembles
     " >90%", "(>80%)", "|2\n", ">-1\n", "|+3\n", ">2-\n"]
    + FIELD_WORDS + HOSTILE_SCALARS
)


def yamlish_text() -> st.SearchStrategy[str]:
    """Text that looks like YAML: tokens of the plan's own vocabulary, hostile scalars and raw characters."""
    return st.lists(st.one_of(YAML_TOKENS, st.text(YAML_ALPHABET, max_size=5)), max_size=60).map("".join)


@st.composite
def mutated(draw: st.DrawFn, texts: list[str]) -> str:
    """One of ``texts`` after a few random edits: a scalar swapped for a hostile one, lines
    deleted, duplicated, re-indented or swapped, spans deleted or replaced, bytes inserted."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        operation = draw(st.sampled_from(["scalar", "scalar", "scalar", "delete", "duplicate", "indent", "swap",
                                          "span", "insert", "key"]))
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        line = lines[index] if lines else ""
        if operation == "scalar" and ": " in line:
            head = line[: line.index(": ") + 2]
            lines[index] = head + draw(st.one_of(st.sampled_from(HOSTILE_SCALARS), st.text(max_size=12)))
        elif operation == "key" and ":" in line:
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = indent + draw(st.sampled_from(FIELD_WORDS)) + line[line.index(":"):]
        elif operation == "delete" and lines:
            del lines[index]
        elif operation == "duplicate" and lines:
            lines.insert(index, line)
        elif operation == "indent":
            lines[index] = draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + line.lstrip(" ")
        elif operation == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        text = "\n".join(lines)
        if operation == "span" and text:
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start, min(len(text), start + 40)))
            text = text[:start] + draw(st.one_of(st.just(""), YAML_TOKENS, st.text(max_size=4))) + text[end:]
        elif operation == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.one_of(YAML_TOKENS, st.text(YAML_ALPHABET, max_size=3))) + text[at:]
    return text


def _read(paths: list[Path]) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in paths]


def _small_plans() -> list[str]:
    """The shipped example plans plus every rule's own PASS/FAIL snippets: small, valid starting points."""
    from renja_rules.loader import dump_yaml

    texts = _read(EXAMPLE_PLANS)
    for rule in RULES:
        if rule.examples:
            texts.extend(dump_yaml(snippet) for snippet in rule.examples.pass_ + rule.examples.fail)
    return texts


RULES = renja_rules.load_rules()
PLAN_TEXTS = _small_plans()
RULE_TEXTS = _read(RULE_FILES)


# Cells at the edges of what is accepted: the most digits, both signs, zero (a divisor), damaged ones.
CELLS = [
    "-", "", "0", "0,00", "1", "100%", "53 Stel", "0 -", "Ada", "1.234.567,89", "(3.223.000,00)", "-16.454.000,00",
    "-Rp1.000,00", "9" * MAX_DIGITS, "-" + "9" * MAX_DIGITS, "0," + "0" * (MAX_DIGITS - 1) + "1",
    "9" * (MAX_DIGITS + 1), "99,99 %", "0,00 0", "2318 4 HOK", "1e29", "1.5",
]
YAML_NUMBERS = ["0", "-7", "1.5", "1e29", "1e-29", "1e31", str(10**29), ".nan", ".inf", "0x1F"]
CODES = ["2.17.01", "2.17.01.2.01", "2.17.01.2.01.06", "2.17.01.2.01.0006", "2.17.02", "2.17.01.1.01", "",
         " ", "x", "2..17", "2.17.01.2.01.06.07", "२.१७.०१", "2.17.01 ", "9" * 40]


@st.composite
def plan_documents(draw: st.DrawFn) -> str:
    """A plan built from the model's own structure with edge-case cells and codes, as YAML text.

    Most of these load, so the rules run on them: sums of the largest numbers, divisions by
    zero, damaged cells, codes that do not nest, counts that do not match.
    """
    from renja_rules.loader import dump_yaml

    cell = st.one_of(st.sampled_from(CELLS), st.sampled_from(YAML_NUMBERS).map(YamlNumber),
                     st.text(st.sampled_from(list("0123456789.,-() %")), max_size=12))
    maybe = st.one_of(st.none(), cell)

    def pair(first: str, second: str) -> dict[str, Any]:
        return {key: value for key, value in ((first, draw(maybe)), (second, draw(maybe))) if value is not None}

    def indikator() -> dict[str, Any]:
        row: dict[str, Any] = {"uraian": draw(st.sampled_from(["Jumlah", "", "-"]))}
        for name in draw(st.lists(st.sampled_from(["sebelum", "sesudah", "target_renstra", "realisasi_renstra_lalu",
                                                   "target", "realisasi", "capaian", "realisasi_kumulatif",
                                                   "capaian_renstra"]), max_size=5, unique=True)):
            row[name] = pair("target", "pagu") if name in ("sebelum", "sesudah") else pair("k", "rp")
        if draw(st.booleans()):
            row["selisih"] = draw(cell)
        if draw(st.booleans()):
            row.update(lokasi="Dinas", sumber_dana="APBD")
        if draw(st.booleans()):
            row["kumulatif"] = draw(st.booleans())
            row["polaritas"] = draw(st.sampled_from(["positif", "negatif"]))
        return row

    def item(children: list[str]) -> dict[str, Any]:
        node: dict[str, Any] = {"kode": draw(st.sampled_from(CODES)),
                                "indikator": [indikator() for _ in range(draw(st.integers(0, 2)))]}
        if children:
            node[children[0]] = [item(children[1:]) for _ in range(draw(st.integers(0, 2)))]
        return node

    jenis = draw(st.sampled_from(["renja", "perubahan-renja", "evaluasi-renja"]))
    count = st.one_of(st.none(), st.integers(-1, 5), st.just(10**40))
    jumlah = {key: value for key in ("program", "kegiatan", "sub_kegiatan") if (value := draw(count)) is not None}
    document: dict[str, Any] = {"dokumen": {"jenis": jenis, "tahun": 2021, "jumlah": jumlah},
                                "program": [item(["kegiatan", "sub_kegiatan"]) for _ in range(draw(st.integers(0, 2)))]}
    for program in document["program"]:
        if draw(st.booleans()):
            program["rata_rata"] = {"capaian": pair("k", "rp"), "capaian_renstra": pair("k", "rp")}
            program["predikat"] = {"capaian": {"k": draw(st.sampled_from(["ST", "T", "S", "R", "SR", "X"]))}}
    if draw(st.booleans()):
        document["total"] = {name: pair("k", "rp") for name in ("target", "realisasi", "capaian")}
    if draw(st.booleans()):
        document["urusan"] = [{"kode": "2", "bidang_urusan": [{"kode": draw(st.sampled_from(["2.17", "2.211", "x"])),
                                                               "program": document.pop("program")}]}]
    return dump_yaml(document)


def plan_inputs() -> st.SearchStrategy[str]:
    """Target ``plan``: YAML-ish text, mutations of the example plans and rule examples, and
    plans built from the model with edge-case cells."""
    return st.one_of(yamlish_text(), mutated(PLAN_TEXTS), mutated(PLAN_TEXTS), plan_documents(), plan_documents())


def number_inputs() -> st.SearchStrategy[str]:
    """Target ``numbers``: hostile scalars, number-like text, and any text; some typed by YAML."""
    numberish = st.text(st.sampled_from(list("0123456789.,-−–()+ %eERp_") + ["٣", "１", " "]), max_size=45)
    text = st.one_of(st.sampled_from(HOSTILE_SCALARS), numberish, st.text(max_size=30))
    return st.one_of(text, text.map(YamlNumber))


def expression_inputs() -> st.SearchStrategy[tuple[str, str]]:
    """Target ``expression``: (level, source), the source random tokens or random text."""
    names = sorted({".".join(name) for level in LEVELS for name in field_catalogue(level)})
    token = st.one_of(
        st.sampled_from(names),
        st.sampled_from(sorted(FUNCTIONS) + sorted(KEYWORDS)),
        st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "(", ")", ",", "(", ")"]),
        st.sampled_from(["0", "1", "100", "0.5", "9" * 31, "1" + "0" * 60, "'ST'", "''", "'a b'"]),
        st.sampled_from([".", "[", "]", "[0]", ".__class__", "__import__", "lambda", ":", "for", "in", "if",
                         "else", "**", "%", "{", "}", "@", "\\", "import", "os", "eval", "open", "x.y",
                         "_private", "sum", "len", "=", "!", "'", '"', "\n", "#"]),
        st.integers(-10**40, 10**40).map(str),
    )
    tokens = st.lists(token, max_size=40).map(" ".join)
    return st.tuples(st.sampled_from(LEVELS), st.one_of(tokens, tokens, st.text(max_size=60)))


def numeric_expressions(level: str) -> st.SearchStrategy[str]:
    """Well-typed arithmetic over the numeric fields of ``level``: what a rule author may write."""
    fields = sorted(".".join(name) for name, kind in field_catalogue(level).items() if kind in ("uang", "nilai", "angka"))
    leaf = st.one_of(st.sampled_from(fields or ["0"]),
                     st.sampled_from(["0", "1", "100", "0.5", "9" * MAX_DIGITS, "0." + "0" * (MAX_DIGITS - 2) + "1"]))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda x: f"abs({x})"), inner.map(lambda x: f"-{x}"),
            st.tuples(inner, st.integers(0, MAX_DIGITS)).map(lambda t: f"round({t[0]}, {t[1]})"),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            st.tuples(st.sampled_from(fields or ["x"]), inner).map(lambda t: f"default({t[0]}, {t[1]})"),
        )

    return st.recursive(leaf, extend, max_leaves=12)


@st.composite
def expression_rules(draw: st.DrawFn) -> str:
    """A rule file with one expression rule: a random well-typed assertion and edge-case parameters."""
    level = draw(st.sampled_from(["indikator", "sub_kegiatan", "kegiatan", "program"]))
    numbers = numeric_expressions(level)
    assertion = f"{draw(numbers)} {draw(st.sampled_from(['==', '!=', '<', '<=', '>', '>=']))} {draw(numbers)}"
    params = {
        "assert": assertion,
        "tolerance": draw(st.sampled_from(["0", "0.5", "1e-30", "9" * MAX_DIGITS, "1e99999", "-1", "nan", "x"])),
        "when_missing": draw(st.sampled_from(["skip", "violation"])),
        "on_zero_division": draw(st.sampled_from(["skip", "violation"])),
        "value_kind": draw(st.sampled_from(["uang", "angka", "persen"])),
    }
    rule: dict[str, Any] = {
        "id": "FZ001", "title": {"id": "t", "en": "t"}, "severity": "error", "applies_to": level,
        "kind": "expression", "params": params,
        "message": {"id": "{item} {expected} {actual} {diff} {field}", "en": "{item} {expected} {actual} {diff}"},
    }
    if draw(st.booleans()):
        rule["when"] = f"{draw(numbers)} > 0"
    from renja_rules.loader import dump_yaml

    return dump_yaml({"version": 1, "rules": [rule]})


def rule_inputs() -> st.SearchStrategy[str]:
    """Target ``rules``: a mutation of a shipped rule file, or a generated expression rule."""
    return st.one_of(mutated(RULE_TEXTS), mutated(RULE_TEXTS), expression_rules())


# --- oracles --------------------------------------------------------------------------


def _guard(target: str, run: Callable[[], Any], allowed: tuple[type[BaseException], ...]) -> str:
    """'ok' or 'error' (a documented error); anything else raises :class:`Crash`."""
    try:
        run()
    except allowed:
        return "error"
    except RecursionError as exc:  # a bug too: nothing should recurse on input
        raise Crash(target, exc) from exc
    except Exception as exc:
        raise Crash(target, exc) from exc
    return "ok"


def run_plan(text: str, *, with_rules: bool = True) -> str:
    def run() -> None:
        plan = renja_rules.parse_plan(text, "fuzz.yaml")
        if with_rules:
            for violation in renja_rules.check(plan, RULES):
                violation.model_dump(mode="json")

    return _guard("plan", run, (RenjaRulesError,))


class PathsDiffer(AssertionError):
    """The fast path (rapidyaml) and the full loader answered a plan differently."""


def both_paths(text: str, rules: RuleSet | None = None) -> tuple[object, object]:
    """The answers of the fast path and of the full loader for one plan text.

    Each is the document and the violations (with positions), or the error message.
    """
    from renja_rules import fastload

    def outcome() -> object:
        try:
            plan = renja_rules.parse_plan(text, "fuzz.yaml")
        except RenjaRulesError as error:
            return ("error", str(error))
        return ("plan", plan.document.model_dump(), [v.model_dump() for v in renja_rules.check(plan, rules or RULES)])

    fast = outcome()
    saved, fastload._ryml = fastload._ryml, None
    try:
        return fast, outcome()
    finally:
        fastload._ryml = saved


def run_paths(text: str) -> str:
    """Target ``paths``, differential: both paths must give the same answer; else a crash."""

    def run() -> None:
        fast, full = both_paths(text)
        if fast != full:
            raise PathsDiffer(f"fast path: {str(fast)[:200]}; full loader: {str(full)[:200]}")

    return _guard("paths", run, ())


def run_numbers(text: str) -> str:
    def run() -> None:
        for parse in (parse_uang, parse_nilai):
            angka = parse(text)
            if not isinstance(angka, Angka):
                raise AssertionError(f"{parse.__name__} returned {angka!r}")
            value = angka.nilai
            if value is not None:
                if not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS:
                    raise AssertionError(f"{parse.__name__}({text!r}) accepted {value!r}")
                format_angka(value, "id")
                format_angka(value, "en", places=2)
                format_uang(value, "id")

    return _guard("numbers", run, ())


_VALUES: dict[str, list[Any]] = {
    "uang": [None, Decimal(0), Decimal("-1"), Decimal("1234567.89"), Decimal("9" * MAX_DIGITS),
             Decimal("-" + "9" * MAX_DIGITS), Decimal("0." + "0" * (MAX_DIGITS - 2) + "1")],
    "teks": [None, "", "-", "ST", "Orang", "x" * 100],
    "bool": [None, True, False],
}
_VALUES["nilai"] = _VALUES["angka"] = _VALUES["uang"]


def run_expression(level: str, source: str, seed: int = 0) -> str:
    fields = field_catalogue(level)

    def run() -> None:
        for want in ("bool", "num", None):
            try:
                expression = parse_expression(source, fields, want=want)
            except ExpressionError as exc:
                if not isinstance(exc.offset, int) or not 0 <= exc.offset <= len(source):
                    raise AssertionError(f"offset {exc.offset!r} outside the expression") from None
                continue
            for round_ in range(3):
                def lookup(name: tuple[str, ...], round_: int = round_) -> Any:
                    choices = _VALUES.get(fields.get(name, "teks"), _VALUES["teks"])
                    return choices[(hash(name) + seed + round_ * 7) % len(choices)]

                with decimal.localcontext() as context:
                    context.prec = DECIMAL_PRECISION
                    context.rounding = decimal.ROUND_HALF_UP
                    try:
                        result = expression.evaluate(lookup)
                        if expression.is_comparison:
                            expression.sides(lookup)
                    except DivisionByZero:
                        continue
                if result is not MISSING and not isinstance(result, (Decimal, str, bool)):
                    raise AssertionError(f"evaluated to {result!r}")

    return _guard("expression", run, ())


_PLANS_FOR_RULES = [renja_rules.parse_plan(text, str(path)) for path, text in zip(EXAMPLE_PLANS, _read(EXAMPLE_PLANS))]


def _rules_outcome(text: str) -> Any:
    try:
        return [(rule.id, rule.location, rule.spec.model_dump(mode="json", by_alias=True), rule.params, rule.when)
                for rule in parse_rules(text, "fuzz-rules.yaml")]
    except RenjaRulesError as error:
        return ("error", error.message, error.location)


def run_rules(text: str) -> str:
    """No crash; and the fast path compiles the file as the full loader does (or fails alike)."""
    import renja_rules.rules as rules_module

    def run() -> None:
        rules = RuleSet(tuple(parse_rules(text, "fuzz-rules.yaml")))
        for plan in _PLANS_FOR_RULES:
            for violation in renja_rules.check(plan, rules):
                violation.model_dump(mode="json")

    answer = _guard("rules", run, (RenjaRulesError,))
    fast = _rules_outcome(text)
    fast_read = rules_module.fast_read
    rules_module.fast_read = lambda *args, **kwargs: None
    try:
        full = _rules_outcome(text)
    finally:
        rules_module.fast_read = fast_read
    if fast != full:
        raise Crash("rules", AssertionError(f"fast path {fast!r:.300} != full loader {full!r:.300}"))
    return answer


TARGETS: dict[str, tuple[Callable[[], st.SearchStrategy[Any]], Callable[[Any], str]]] = {
    "plan": (plan_inputs, run_plan),
    "paths": (plan_inputs, run_paths),
    "numbers": (number_inputs, run_numbers),
    "expression": (expression_inputs, lambda pair: run_expression(*pair)),
    "rules": (rule_inputs, run_rules),
    "baseline": (baseline_inputs, run_baseline),  # fuzz/baseline.py
}


# --- kinds of answer, for keeping a varied corpus ---------------------------------------


def _shape(message: str) -> str:
    """An error message with its particulars (quoted text, numbers) removed: one kind of answer."""
    import re

    message = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    return re.sub(r"\d+", "N", message)[:120]


def describe(target: str, value: Any) -> str:
    """A short name for the kind of answer ``value`` gets (only for inputs that did not crash)."""
    if target == "numbers":
        parts = []
        for parse in (parse_uang, parse_nilai):
            angka = parse(value)
            parts.append("kosong" if angka.kosong else "cacat" if angka.cacat else "nilai" if angka.nilai is not None
                         else "teks")
        return f"{'yaml' if isinstance(value, YamlNumber) else 'text'}:{'/'.join(parts)}"
    if target == "expression":
        level, source = value
        try:
            parse_expression(source, field_catalogue(level), want=None)
        except ExpressionError as exc:
            return _shape(exc.message)
        return "ok"
    if target == "baseline":
        return run_baseline(value)
    if target == "config":
        return run_config(value)
    if target == "cache":
        return run_cache(value)
    if target == "tables":
        return run_tables(value)
    try:
        if target == "plan":
            renja_rules.parse_plan(value, "fuzz.yaml")
        else:
            parse_rules(value, "fuzz-rules.yaml")
    except RenjaRulesError as error:
        return _shape(error.message)
    return "ok"


# --- target ``fixes``: --fix and --diff through the command line, with and without rapidyaml ---

# Damage to flow mappings and sequences, where rapidyaml and libyaml disagreed most
# ("{target:, pagu: ...}", "[:null]", "{<<}"): each pair replaces the first by the second.
FLOW_DAMAGE = [
    ('{target: "', "{target:, x"), (", pagu: ", ", pagu:, "), (", pagu: ", ",pagu:"), ("{", "{<<}, "),
    ("{", "{:null, "), ("}", ":}"), ("{target: ", "{target:? "), ('"}', '" -}'), ("{", "[:"), ("- ", "- '' ? "),
]


@st.composite
def flow_damaged(draw: st.DrawFn, texts: list[str]) -> str:
    """One of ``texts`` with one to three flow collections damaged (see ``FLOW_DAMAGE``)."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 3))):
        old, new = draw(st.sampled_from(FLOW_DAMAGE))
        places = [index for index in range(len(text)) if text.startswith(old, index)][:50]
        if places:
            at = draw(st.sampled_from(places))
            text = text[:at] + new + text[at + len(old):]
    return text


def fix_inputs() -> st.SearchStrategy[str]:
    """Target ``fixes``: damaged example plans (mostly with something to fix) and built plans."""
    return st.one_of(mutated(PLAN_TEXTS), flow_damaged(PLAN_TEXTS), plan_documents())


class FixPathsDiffer(AssertionError):
    """``--fix`` or ``--diff`` answered differently with rapidyaml than without it."""


def run_fixes(text: str) -> str:
    """Target ``fixes``, differential: ``check --fix`` and ``check --diff`` on the plan, through the
    command line, once with rapidyaml and once without. Each must answer with exit 0, 1 or 2
    and no traceback, and both readers must print and write the same."""
    import tempfile

    from fuzz.corpus import run_in_process
    from renja_rules import fastload

    def outcomes() -> list[tuple[int, str, bytes]]:
        found = []
        with tempfile.TemporaryDirectory(prefix="renja-fuzz-fix-") as folder:
            workdir = Path(folder)
            plan = workdir / "plan.yaml"
            for mode in ("--fix", "--diff"):
                plan.write_text(text, encoding="utf-8", errors="surrogatepass")
                outcome = run_in_process(["check", "--no-cache", mode, "plan.yaml"], workdir)
                problems = outcome.problems()
                if problems:
                    raise AssertionError(f"{mode}: {'; '.join(problems)}: {outcome.output[-300:]}")
                found.append((outcome.exit_code, outcome.output, plan.read_bytes()))
        return found

    def run() -> None:
        fast = outcomes()
        saved, fastload._ryml = fastload._ryml, None
        try:
            full = outcomes()
        finally:
            fastload._ryml = saved
        if fast != full:
            raise FixPathsDiffer(f"with rapidyaml: {str(fast)[:300]}; without: {str(full)[:300]}")

    return _guard("fixes", run, ())


TARGETS["fixes"] = (fix_inputs, run_fixes)

from fuzz.settings import cache_inputs, config_inputs, run_cache, run_config  # noqa: E402

TARGETS["config"] = (config_inputs, run_config)  # fuzz/settings.py
TARGETS["cache"] = (cache_inputs, run_cache)

from fuzz.tables import run_tables, table_inputs  # noqa: E402

TARGETS["tables"] = (table_inputs, run_tables)  # fuzz/tables.py
