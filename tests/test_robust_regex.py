"""Every regular expression of the package runs in linear time on hostile input.

A pattern with adjacent or nested quantifiers over the same characters can backtrack
quadratically: ``# renja-rules: ignore[SL001] a`` + 100,000 spaces + ``b`` took 23 s in
the old suppression pattern, 100,000 blank lines took 11 s in the fast reader's
``_DIVERGENT`` (since replaced by ``_REWRITABLE``). Each expression here gets ~1 MB of the
input shaped to hurt it most, and
must finish within a CPU budget (``time.process_time``, so a loaded machine does not
fail it) far above what a linear pass costs (well under 0.1 s each, measured) and far
below what a quadratic one costs (minutes). A CPU timer stops the run at the budget, so
a regression fails in seconds instead of hanging the suite.

``test_every_expression_is_audited`` lists the package's patterns from its source: a
new pattern without a case here fails it.
"""

from __future__ import annotations

import ast
import gc
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import renja_rules
from renja_rules import cli, config, documents, expression, fastload, fixes, loader, modeldata, numbers, suppressions
from renja_rules.kinds.ceiling import CeilingParams
from renja_rules.rules import RuleSpec
from renja_rules.kinds import cross, hierarchy, number as number_kind, years as years_kind
from renja_rules.export import book
from renja_rules.readers import headings, importer, table, text as text_reader
from renja_rules.report import junit, output
from renja_rules.web import names

SIZE = 1_000_000
BUDGET = 2.0  # CPU seconds for ~1 MB; linear passes take < 0.1 s, quadratic ones minutes


class _OverBudget(Exception):
    pass


@contextmanager
def _cpu_limit(seconds: float) -> Iterator[None]:
    """Raise _OverBudget once the process has spent ``seconds`` of CPU (the regex engine checks signals)."""

    def expire(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _cpu(run: Callable[[str], object], text: str, budget: float) -> float:
    """CPU seconds ``run(text)`` takes; infinity if it would take over ``budget``.

    (The timer and ``process_time`` count a little differently: stopped by the timer
    means over budget, whatever ``process_time`` says.)
    """
    # The collector is paused: a case that lists a million matches would otherwise have the
    # collector walk the whole test session's heap again and again (seen in CI over budget at
    # 2 s for lone CRs, 0.16 s without the collector), which says nothing about the expression.
    gc.collect()
    gc.disable()
    start = time.process_time()
    try:
        with _cpu_limit(budget):
            run(text)
    except _OverBudget:
        return float("inf")
    finally:
        gc.enable()
    return time.process_time() - start


@dataclass(frozen=True)
class Case:
    """One expression (``module.NAME``, or ``module:pattern`` for one written inline), the way the
    package applies it, and the shape of input that makes it work hardest."""

    expression: str
    run: Callable[[str], object]
    make: Callable[[int], str]
    shape: str


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


_SHAPE = hierarchy.compile_shape("U.BB.PP.[12].KK|U.BB.PP")
_INLINE_FIX_DECIMAL = r"\d+\.\d{1,2}|\d+\.\d{4,}"
_INLINE_FIX_QUOTE = r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$"
_INLINE_TOOL_HEADER = r"\s*\[tool\.renja-rules"


_RULE_ID = modeldata._test(RuleSpec.model_fields["id"].metadata[0])
_PENUNJANG = modeldata._test(CeilingParams.model_fields["penunjang"].metadata[0])


def _scalar(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", text)


CASES = [
    # Suppression comments: the reported hang, and a line of heads with no "]" after them.
    Case("suppressions._COMMENT", suppressions.parse_suppressions,
         lambda n: "# renja-rules: ignore[SL001] a" + " " * n + "b", "spaces inside the reason"),
    Case("suppressions._COMMENT", suppressions.parse_suppressions,
         _repeat("# renja-rules: ignore[ "), "heads without a closing bracket"),
    Case("suppressions._ID", suppressions.parse_suppressions,
         lambda n: "# renja-rules: ignore[" + "SL0," * (n // 4) + "] why", "a long list of IDs"),
    # The fast reader's checks of the text.
    Case("fastload._REWRITABLE", fastload._REWRITABLE.search,
         lambda n: "target: 0.5\n" + "\n" * n + "urusan:\n", "blank lines"),
    Case("fastload._REWRITABLE", fastload._REWRITABLE.search, _repeat("1.2.3 "), "dotted numbers"),
    Case("fastload._REWRITABLE", fastload._REWRITABLE.search, _repeat("a.b- "), "dots after letters"),
    Case("fastload._NODE_PROPERTY", fastload._NODE_PROPERTY.search, _repeat("-  "), "dashes and spaces"),
    Case("fastload._NODE_PROPERTY", fastload._NODE_PROPERTY.search,
         lambda n: ": ~" + " " * n + "x", "spaces after a tilde"),
    Case("fastload._MERGE_KEY", fastload._MERGE_KEY.search, _repeat("<< "), "merge keys without a colon"),
    Case("fastload._DIVERGENT_WORDS", fastload._DIVERGENT_WORDS.search, _repeat(".inNul"), "word beginnings"),
    Case("fastload._ESCAPES_APART", fastload._ESCAPES_APART.search, lambda n: "\\" + " " * n + "x", "spaces after a backslash"),
    Case("fastload._ESCAPES_APART", fastload._ESCAPES_APART.search, _repeat("\\\n   "), "escaped line breaks before text"),
    Case("fastload._LEADING_COMMA", fastload._LEADING_COMMA.search, _repeat("\n      "), "lines of spaces"),
    Case("fastload._LINE_START", fastload._LINE_START.search, _repeat("\n      --.."), "lines of spaces, dashes and dots"),
    Case("fastload._TAB_APART", fastload._TAB_APART.search, _repeat("a\tb "), "tabs between letters"),
    Case("fastload._MARKER_REST", fastload._one_document, lambda n: "---" + " " * n + "x\n", "spaces after a marker"),
    Case("fastload._BLANK_LINES", fastload._one_document, lambda n: "# a \n" * (n // 5) + "x\n---\n",
         "comment lines, then content before the marker"),
    Case("fastload._BLANK_LINES", fastload._one_document, lambda n: "#\r" * (n // 2) + "\n---\n", "lone carriage returns"),
    Case("fastload._BLANK_TAIL", fastload._one_document, lambda n: "a: 1\n...\n" + "  # c\n" * (n // 6) + "x",
         "comment lines, then content after the end"),
    # The full loader.
    Case("loader._PLAIN_NUMBER", loader._PLAIN_NUMBER.fullmatch, lambda n: "1" * n + ".x", "digits then a dot"),
    Case("loader._PLAIN_NUMBER", loader._PLAIN_NUMBER.fullmatch, lambda n: "1" * n + "e", "digits then an e"),
    Case("loader._NOT_PRINTABLE", loader._NOT_PRINTABLE.search, _repeat("é"), "printable text"),
    Case("loader._LINE_BREAK", lambda text: list(loader._LINE_BREAK.finditer(text)), _repeat("\r"), "lone CRs"),
    # Numbers.
    Case("numbers._THOUSANDS", numbers._THOUSANDS.fullmatch, lambda n: "1.111" * (n // 5) + "1", "groups then one digit"),
    Case("numbers._PLAIN_INT", numbers._PLAIN_INT.fullmatch, lambda n: "1" * n + "x", "digits then a letter"),
    Case("numbers._COMMA_DECIMAL", numbers._COMMA_DECIMAL.fullmatch, lambda n: "1" * n + "x", "digits then a letter"),
    Case("numbers._COMMA_DECIMAL", numbers._COMMA_DECIMAL.fullmatch,
         lambda n: "111." * (n // 4) + "1,1x", "groups then a comma"),
    Case("numbers._DOT_DECIMAL", numbers._DOT_DECIMAL.fullmatch, lambda n: "1" * n + ".1x", "digits then a letter"),
    Case("numbers._YAML_NUMBER", numbers._YAML_NUMBER.fullmatch, lambda n: "1_" * (n // 2) + ".1e", "digits, a broken exponent"),
    Case("numbers._MONEY_CHARS", numbers._MONEY_CHARS.fullmatch, lambda n: "1. " * (n // 3) + "x", "money characters then a letter"),
    Case("numbers._LEADING_NUMBER", numbers._LEADING_NUMBER.fullmatch, lambda n: "1" + " " * n + "x", "spaces after a number"),
    Case("numbers._CANONICAL_UANG", numbers._CANONICAL_UANG.fullmatch, lambda n: "1" * n, "digits"),
    Case("numbers._SIMPLE_NILAI", numbers._SIMPLE_NILAI.fullmatch, lambda n: "1 " + "a" * n + "1", "a long unit"),
    # Fixes.
    Case("fixes._NUMBER_HEAD", lambda text: fixes.render_replacement(text, "5"),
         lambda n: "(" + "1," * (n // 2) + ")" + " " * 10, "separators then spaces"),
    Case(f"fixes:{_INLINE_FIX_DECIMAL}", lambda text: fixes.render_replacement(text, "5"),
         lambda n: "1" * n + ".1", "digits then a dot"),
    Case(f"fixes:{_INLINE_FIX_QUOTE}", lambda text: fixes._token(_scalar(text), text),
         lambda n: "a" + " " * n + "a", "spaces inside"),
    # Documents, configuration, the command line, reports, expressions, hierarchy shapes.
    Case("documents._PERANGKAT_DAERAH", lambda text: documents.guess_set_key("p.yaml", text),
         _repeat("  perangkat_daerah \n"), "almost the key, line after line"),
    Case("documents._SHARED", documents.may_be_shared, _repeat("  jenis: 'pagu\n"), "almost the shared jenis"),
    Case("documents._SHARED", documents.may_be_shared, lambda n: " " * n + "jenis x", "spaces without the key's end"),
    Case("documents._DROPPED", documents.same_name, _repeat("U.M.'"), "a name of dots and quotes"),
    Case("documents._SEPARATORS", documents.same_name, _repeat("a -/ "), "a name of separators"),
    Case("documents._PERIOD", lambda text: documents._PERIOD.match(text), lambda n: "2026" + " " * n + "-x",
         "spaces after the first year"),
    Case("cross._WORDS", cross._same_words, _repeat("Jumlah, (unit) "), "an indicator's long text"),
    Case("config._TOOL_TABLE", lambda text: config._TOOL_TABLE.search(text),
         lambda n: "renja-rules" + "\n" * n + "[tool.x]", "blank lines"),
    Case(f"config:{_INLINE_TOOL_HEADER}", lambda text: config._toml_table(text, "pyproject.toml"),
         lambda n: "\n" * n + "[tool.renja-rules]\nlang = 'id'\n", "blank lines before the table"),
    Case("config._key_lines", lambda text: config._toml_table(text, "pyproject.toml"),
         lambda n: "[tool.renja-rules]\n" + "".join(f"k{i} = 1\n" for i in range(n // 12)), "a table of many keys"),
    Case("config._CODE", config._CODE.fullmatch, _repeat("A"), "letters"),
    # The readers of workbooks, CSV and PDF-table text: cells and title lines hold what anyone typed.
    Case("table._NUMBER_ROW", table._NUMBER_ROW.match, lambda n: "1 =" + " " * n + "a", "spaces after '='"),
    Case("table._NUMBER_ROW", table._NUMBER_ROW.match, lambda n: "1=" + "1 " * (n // 2) + "a", "a long formula"),
    Case("table._MONEY", table._MONEY.match, lambda n: "1" + ".000" * (n // 4) + "x", "groups then a letter"),
    Case("table._BARE", table._BARE.match, lambda n: "1" + ",1" * (n // 2) + "x", "parts then a letter"),
    Case("table._CODE", table._CODE.match, lambda n: "1" + ".1" * (n // 2) + "x", "segments then a letter"),
    Case("table:^\\(?-?\\d", lambda text: re.match(r"^\(?-?\d", text), _repeat("("), "brackets"),
    Case("text._MARKUP", lambda text: text_reader._MARKUP.sub("", text), _repeat("<b</"), "broken tags"),
    Case("number._DOT_DECIMAL", number_kind._DOT_DECIMAL.search, lambda n: "1" * n + ".123", "digits, no decimal point"),
    Case("number._DOT_DECIMAL", number_kind._DOT_DECIMAL.search, _repeat("1.000."), "dotted groups"),
    Case("number._COMMA_DECIMAL", number_kind._COMMA_DECIMAL.search, _repeat("1,123"), "commas, three digits"),
    Case("years._YEAR", years_kind._YEAR.findall, _repeat("20211"), "digits, no year standing alone"),
    Case("table._YEAR", table._YEAR.search, _repeat("20211"), "digits, no year standing alone"),
    Case("table._YEAR_HEADING", table._YEAR_HEADING.fullmatch, lambda n: "tahun" + " " * n + "2026x",
         "spaces after 'tahun', then no year"),
    Case("table._YEAR_HEADING", table._YEAR_HEADING.fullmatch, _repeat("tahun 2026 "), "years again and again"),
    Case("text._TABEL", text_reader._TABEL.match, lambda n: "tabel " + "1." * (n // 2) + "x", "a long number"),
    Case("text._TABEL", text_reader._TABEL.match, lambda n: "tabel 1" + " " * n + "x", "spaces at the end"),
    Case("text._SPACES", lambda text: text_reader._SPACES.sub(" ", text), _repeat(" \t"), "blanks"),
    Case("headings._PUNCT", lambda text: headings._PUNCT.sub(" ", text), _repeat("-/"), "punctuation"),
    Case("importer._TAHUN", importer._TAHUN.findall, lambda n: "tahun" + " " * n + "x", "spaces after 'tahun'"),
    Case("importer._TAHUN", importer._TAHUN.findall, _repeat("tahun "), "the word again and again"),
    Case("importer._RENTANG", importer._RENTANG.search, lambda n: "2026" + " " * n + "-x", "spaces inside a range"),
    Case("importer._RENTANG", importer._RENTANG.search, _repeat("2026-"), "ranges without an end"),
    Case("importer._DAERAH", importer._DAERAH.search, lambda n: "Kota" + " " * n + "x", "spaces after the region"),
    Case("importer._DAERAH", importer._DAERAH.search, _repeat("Kota A "), "regions again and again"),
    Case("importer._PERIODE", importer._PERIODE.search, lambda n: "Triwulan" + " " * n + "x", "spaces"),
    Case("importer._HEAD_REGION", importer._HEAD_REGION.match, lambda n: "BUPATI A" + " " * n + "x", "spaces"),
    Case("importer._HEAD_REGION", importer._HEAD_REGION.match, lambda n: "BUPATI " + "AB " * (n // 3) + "x",
         "many words"),
    Case("importer._PLAN_IN_HEADING", importer._PLAN_IN_HEADING.search, _repeat("RENCANA KERJA "),
         "the words again and again"),
    Case("importer._REGULATION", importer._REGULATION.search, _repeat("PERATURAN BUPATI NOMOR 1 TAHUN "),
         "regulations without a year"),
    Case("text._BAB", text_reader._BAB.match, lambda n: "#" * (n // 2) + "BAB" + " " * (n // 2) + "x", "marks, spaces"),
    Case("text._COUNTS", text_reader._COUNTS.search, _repeat("1 (satu) program, 2 kegiatan dan "),
         "counts without sub kegiatan"),
    Case("text._COUNTS", text_reader._COUNTS.search, _repeat("1 "), "numbers"),
    Case("importer._PD_HEAD", importer._perangkat_daerah, lambda n: "Dinas" + " " * n + "x", "spaces (the old "
         "pattern was quadratic here)"),
    Case("importer._REGION_WORD", importer._perangkat_daerah, _repeat("Dinas Kot "), "near-regions"),
    Case("importer:tabel\\s+\\S+", lambda text: re.fullmatch(r"tabel\s+\S+", text, re.IGNORECASE),
         lambda n: "tabel" + " " * n, "spaces only"),
    Case("importer:tabel\\s+(\\S+)$", lambda text: re.match(r"tabel\s+(\S+)$", text, re.IGNORECASE),
         lambda n: "tabel " + "x" * n + " y", "a long word and another"),
    Case("importer:[A-Za-z][^:#\\n]*", lambda text: re.fullmatch(r"[A-Za-z][^:#\n]*", text), lambda n: "a" * n + ":",
         "a long word then a colon"),
    Case("inference:^\\(?-?[\\d.,\\s]+\\)?", lambda text: re.sub(r"^\(?-?[\d.,\s]+\)?", "", text),
         _repeat("1 ."), "digits, blanks and dots"),
    Case("inference:\\w+", lambda text: re.findall(r"\w+", text), _repeat("ab "), "words"),
    Case("plans:(\\d+): ", lambda text: re.match(r"(\d+): ", text), _repeat("1"), "digits without a colon"),
    Case("command:[^0-9A-Za-z.]+", lambda text: re.sub(r"[^0-9A-Za-z.]+", "-", text), _repeat("a -"), "mixed"),
    Case("book._SHEET_NAME_BAD", lambda text: book._SHEET_NAME_BAD.sub("_", text), _repeat("a["), "names full of bad characters"),
    Case("names._UNSAFE", lambda text: names.safe_name(text, set()), _repeat("a?* "), "a browser's long odd name"),
    Case("book:[^A-Za-z0-9_]", lambda text: re.search(r"[^A-Za-z0-9_]", text), _repeat("a"), "a long plain name"),
    Case("numbers._AMBIGUOUS", numbers._AMBIGUOUS.fullmatch, lambda n: "1" + ".000" * (n // 4) + ".00",
         "groups of three that end in two"),
    Case("config._TOML_PLACE", lambda text: config._TOML_PLACE.search(text),
         lambda n: "(at line 1, column " * (n // 19), "places without their closing digits"),
    Case("cli._OUTPUT", cli._OUTPUT.fullmatch, _repeat("a"), "a name without '='"),
    Case("output._TEMPORARY", output._TEMPORARY.fullmatch, lambda n: "." + ".renja-rules-1-" * (n // 15) + "0.tmp",
         "a name of temporary-name heads (names are at most 255 bytes; linear all the same)"),
    Case("junit._NOT_XML", junit._NOT_XML.search, _repeat("é"), "text XML allows"),
    Case("expression._TOKEN", expression._TOKEN.match, lambda n: "a." * (n // 2) + "1", "a dotted name, then a digit"),
    Case("expression._TOKEN", expression._TOKEN.match, lambda n: "'" + "a" * n, "an unclosed quote"),
    Case("hierarchy._SHAPE_PART", lambda text: hierarchy.compile_shape(text[:100_000]), _repeat("U.[1]"), "a long shape"),
    Case("hierarchy.compile_shape", _SHAPE.fullmatch, _repeat("1."), "a long kode"),
    # The models' own patterns, checked on kept rule data (renja_rules.modeldata._test).
    Case("modeldata.compiled", _RULE_ID, _repeat("AB1"), "a long would-be rule ID"),
    Case("modeldata.compiled", _PENUNJANG, _repeat("1"), "a long program number"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.expression.split(':')[0]}: {case.shape}" for case in CASES])
def test_expression_is_linear_on_hostile_input(case: Case) -> None:
    text = case.make(SIZE)
    assert len(text) >= SIZE * 0.9
    spent = _cpu(case.run, text, BUDGET)
    assert spent < BUDGET, f"{case.expression} on {case.shape}: over {BUDGET} s of CPU for {len(text):,} characters"


def test_budget_stops_a_quadratic_pattern() -> None:
    """The harness itself: the old suppression pattern is cut off at the budget, not waited for."""
    start = time.process_time()
    assert _cpu(_OLD_COMMENT.search, "# renja-rules: ignore[SL001] a" + " " * SIZE + "b", 0.3) == float("inf")
    assert time.process_time() - start < 5


def _package_expressions() -> set[str]:
    """``module.NAME`` of each module-level ``re.compile``, ``module:pattern`` of each inline one."""
    found: set[str] = set()
    root = Path(renja_rules.__file__).parent
    for path in root.rglob("*.py"):
        module = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                call = node.value.func
                if isinstance(call, ast.Attribute) and call.attr == "compile" and getattr(call.value, "id", "") == "re":
                    found.update(f"{module}.{target.id}" for target in node.targets if isinstance(target, ast.Name))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "re"
                and node.func.attr in {"search", "match", "fullmatch", "findall", "finditer", "sub", "split"}
            ):
                pattern = node.args[0] if node.args else None
                text = pattern.value if isinstance(pattern, ast.Constant) else ast.unparse(pattern) if pattern else ""
                found.add(f"{module}:{text}")
    return found


def test_every_expression_is_audited() -> None:
    audited = {case.expression for case in CASES}
    missing = _package_expressions() - audited
    assert not missing, f"regular expressions without a hostile-input case here: {sorted(missing)}"


_OLD_COMMENT = re.compile(r"(?:^|\s)#\s*renja-rules:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$")


def _same_suppression(line: str) -> None:
    match = _OLD_COMMENT.search(line)
    found = suppressions.parse_suppressions(line).get(1)
    if match is None:
        assert found is None, line
        return
    assert found is not None, line
    ids = tuple(p.strip().upper() for p in match.group(1).split(",") if p.strip())
    assert found.ids == tuple(p for p in ids if suppressions._ID.fullmatch(p)), line
    assert found.reason == match.group(2), line
    assert found.column == line.index("#", match.start()) + 1, line


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["# ", "#", "renja-rules:", " ", "\t", "\u00a0", "ignore[", "]", "PG001", ",", "sl",
                                 "alasan", "x", "[", "\x0b"]), max_size=14).map("".join))
def test_suppression_parsing_unchanged_on_generated_lines(line: str) -> None:
    _same_suppression(line)


def test_suppression_parsing_unchanged_on_ordinary_lines() -> None:
    """The rewritten comment parser reads what the old whole-line pattern read."""
    lines = [
        "  - kode: 1.01  # renja-rules: ignore[PG001, sl] pagu dari DPA  ",
        "x: 1 #renja-rules:ignore[PG]reason\t",
        "# renja-rules: ignore[] ",
        "a# renja-rules: ignore[PG] not a comment  # renja-rules: ignore[SL] second",
        "# renja-rules: ignore[PG no close",
        "# renja-rules: ignore[PG] a ] b \u00a0",
        "\t#  renja-rules:  ignore[AB12,CD] alasan: [lihat] catatan",
    ]
    for line in lines:
        _same_suppression(line)


def test_pyproject_keys_are_placed_as_before() -> None:
    """One pass over the lines places each ordinary key where a pattern per key placed it."""
    text = (
        "[project]\nname = 'x'\nlang = 'zz'\n[tool.renja-rules]\n  select = ['PG']\n\"ignore\" = []\n"
        "lang=\"en\"\nfail-on = 'error'\n# rules = []\nrules = [\n  'a.yaml',\n]\nper-file-ignores = {}\n"
    )
    lines = text.splitlines()
    start = 3
    expected = {}
    for key in ("select", "ignore", "lang", "fail-on", "rules", "per-file-ignores"):
        for number in range(start, len(lines)):
            match = re.match(rf"\s*(\"?{re.escape(key)}\"?)\s*=", lines[number])
            if match:
                expected[key] = (number + 1, match.start(1) + 1)
                break
    table, source = config._toml_table(text, "pyproject.toml")
    assert set(table) == set(expected)
    assert {key: source.values[(key,)] for key in table} == expected
