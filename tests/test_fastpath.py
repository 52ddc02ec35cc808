"""The fast path (rapidyaml, positions on demand) and the full path (PyYAML with positions)
must agree on everything: data, violations, positions, and errors."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import renja_rules
from fuzz.strategies import both_paths
from renja_rules import fastload, loader
from renja_rules.loader import load_yaml_text

from .conftest import CLEAN, EXAMPLES, bench_generator

pytestmark = pytest.mark.skipif(not fastload.AVAILABLE, reason="rapidyaml is not installed")

RULES = renja_rules.load_rules()
PLANS = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.fixture()
def full_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastload, "_ryml", None)


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_fast_data_equals_full_data(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    fast = fastload.fast_load(text)
    assert fast is not None, "the shipped examples should take the fast path"
    assert fast == load_yaml_text(text, str(path))[0]


@pytest.mark.parametrize("seed", range(24))
def test_plans_written_as_people_write_them_take_the_fast_path(seed: int) -> None:
    # Comments everywhere, single quotes, non-ASCII names, names folded into block scalars,
    # empty collections and CRLF (bench/generate.py: vary): ordinary content, read by the fast
    # path (issue 19: one `sub_kegiatan: []` used to send a whole Renstra to the full loader),
    # into exactly what the full loader reads.
    import random

    generate = bench_generator()
    made = generate.generate_plan(seed, 30, style=generate.STYLES[seed % 3])
    text = generate.vary(made[0] if isinstance(made, tuple) else made, random.Random(seed), share=0.5)
    assert fastload.decline_reason(text) is None
    assert fastload.fast_load(text) == load_yaml_text(text, "varied.yaml")[0]
    assert renja_rules.parse_plan(text, "varied.yaml").jenis == "perubahan-renja"  # still a valid plan


def test_every_variation_is_made() -> None:
    # The variations above are really there (a test of the generator, so that the test above means something).
    import random

    generate = bench_generator()
    texts = []
    for seed in range(24):
        made = generate.generate_plan(seed, 30, style=generate.STYLES[seed % 3])
        texts.append(generate.vary(made[0] if isinstance(made, tuple) else made, random.Random(seed), share=0.5))
    joined = "\n".join(texts)
    for made in ("  # ", "\n# ", ": '", "—", ": >-", "sebelum: {}", "bidang_urusan: []", "\r\n", "\n---", "\n...\n", "\\xE1", "\\u2019", "capaian >"):
        assert made in joined or made.replace("\n# ", "# ") in joined, made


def _violations(path) -> list[dict]:  # type: ignore[no-untyped-def]
    return [v.model_dump() for v in renja_rules.check(renja_rules.load_plan(path), RULES)]


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_same_violations_and_positions_on_both_paths(path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    fast = _violations(path)
    monkeypatch.setattr(fastload, "_ryml", None)
    assert _violations(path) == fast


def test_a_clean_file_never_computes_positions() -> None:
    plan = renja_rules.load_plan(CLEAN)
    assert renja_rules.check(plan, RULES) == []
    assert plan.locator.full is None  # nothing reported, nothing located


@pytest.mark.parametrize(
    "text",
    [
        "dokumen: &d {jenis: renja, tahun: 2021}\nprogram: []\n",          # anchors: full path
        "dokumen: {jenis: renja, tahun: 2021}\ndokumen: {jenis: renja, tahun: 2021}\n",  # duplicate key
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: \"2.17.01\", nama: ~}]\n",
        "dokumen:\n\tjenis: renja\n",                                         # a tab
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: 2.10}]\n",     # a plain number as code
        "dokumen: {jenis: renja, tahun: 2021, judul: true}\n",                 # a boolean where text belongs
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: \"2.17.01\", bogus: 1}]\n",  # unknown key
        # "&", "*", "!", "?", "~" as text, and as YAML where a node starts
        "dokumen: {jenis: renja, tahun: 2021, judul: Koperasi & UKM}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: 'Sarana, & Prasarana *) !'}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: Apa? ya ~ tidak}\n",
        "dokumen:\n  jenis: renja\n  tahun: 2021\n  judul: catatan *) lihat\n",
        "dokumen:\n  jenis: renja\n  tahun: 2021\n  judul: *) lihat\n",          # an alias where a node starts
        "dokumen:\n  jenis: renja\n  tahun: 2021\n  judul: !!str 5\n",         # a tag
        "dokumen:\n  jenis: renja\n  tahun: 2021\n  judul: ~\n",               # null
        "dokumen:\n  jenis: renja\n  tahun: 2021\n  judul: &a x\n",            # an anchor
        "dokumen:\n  jenis: renja\n  tahun: 2021\n? judul\n: x\n",             # a complex key
        "base: &b {jenis: renja}\ndokumen:\n  <<: *b\n  tahun: 2021\n",         # a merge key
        "dokumen: {jenis: renja, tahun: 2021, judul: [a, ~, b]}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: x}\nprogram:\n- &p {kode: '2.17.01'}\n",
        # duplicate keys are found by counting; quotes and colons inside text must not fool the count
        "dokumen: {jenis: renja, tahun: 2021, jenis: renja}\n",
        "dokumen:\n  jenis: renja\n  tahun: 2021\nprogram:\n- {kode: '2.17.01', kode: '2.17.02'}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: 'a\": b'}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: 'a\\\": b\\\\'}\n",
        'dokumen: {jenis: renja, tahun: 2021}\n"x\\\\": 1\n',
        "dokumen: {jenis: renja, tahun: 2021, judul: false}\nprogram: []\n",
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [true, {kode: '1', indikator: [[false]]}]\n",  # booleans in lists
        # found by the differential fuzz target: an invalid escape, a lone carriage return
        'dokumen: {jenis: renja, tahun: 2021}\nprogram:\n- kode: 2.17.01\n  nama: "\\uD800"\n',
        "dokumen: {jenis: renja, tahun: 2021, judul: '36{\ra,87'}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: 'a\r\n  b'}\r\nprogram: []\r\n",
        # ... and a document end marker before anything (PyYAML refuses it; rapidyaml read on)
        "...\ndokumen: {jenis: renja, tahun: 2021}\n",
        # "%" starting a plain scalar: PyYAML refuses it, rapidyaml read it as text in a flow mapping
        "dokumen: {jenis: renja, tahun: 2021, judul: %x}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: [a, %b]}\n",
        "%YAML 1.1\n---\ndokumen: {jenis: renja, tahun: 2021}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: capaian 80,79% dan 100 %}\n",
        # a comma first on its line after blank lines: rapidyaml kept the line breaks in the value before it
        "dokumen: {jenis: renja, tahun: 2021, judul: x\n\n\n , pemerintah_daerah: y}\n",
        "dokumen: {jenis: renja, tahun: 2021}\nprogram: [{kode: '1', nama: a b\n \n\n ,indikator: []}]\n",
        # tabs: between letters they are text to both; elsewhere the file goes to the full loader
        "dokumen: {jenis: renja, tahun: 2021, judul: Program\tPenunjang}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: x-\t, pemerintah_daerah: y}\n",
        "dokumen: {jenis: renja, tahun: 2021, judul: x\t# c\n}\n",
    ],
)
def test_fast_and_full_paths_agree_on_awkward_input(text: str) -> None:
    fast, full = both_paths(text, RULES)
    assert fast == full


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "full path"])
def test_damaged_cells_are_counted_while_validating(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import SEED_31

    if not fast:
        monkeypatch.setattr(fastload, "_ryml", None)
    assert renja_rules.load_plan(SEED_31).has_damaged_cells is True  # "0,00 0" (AN001)
    assert renja_rules.load_plan(CLEAN).has_damaged_cells is False
    damaged = renja_rules.parse_plan(CLEAN.read_text(encoding="utf-8").replace('"4.462.281.900,00"', '"4.462.281 900,00"', 1))
    assert damaged.has_damaged_cells is True
    assert [v.rule_id for v in renja_rules.check(damaged, RULES) if v.rule_id.startswith("AN")] == ["AN001"]


@pytest.mark.parametrize("text,fast", [
    ("a: |\n  x\n  y", False),                       # the last value a block scalar: rapidyaml adds a line break
    ("a: >\n  x", False),
    ("a:\n  - b: |+\n      x", False),
    ("a: |\n  x\nb: capaian > 100% | naik", True),    # "|" and ">" in text, and a block scalar before the end
    ("a: [x, y]\nb: {c: d}", True),
    ("a: >-\n  x\nb: []", True),
])
def test_a_file_without_a_final_line_break(text: str, fast: bool) -> None:
    """A plan saved without a final line break stays on the fast path unless a block scalar ends it."""
    assert (fastload.decline_reason(text) is None) is fast
    if fast:
        assert fastload.fast_load(text) == load_yaml_text(text, "x.yaml")[0]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "infinity", "[1, nan]"])
def test_inf_and_nan_are_text_as_the_full_loader_has_them(value: str) -> None:
    """rapidyaml's JSON writes them as .nan and .inf; a pandas empty cell turned to text is "nan"."""
    plan = CLEAN.read_text(encoding="utf-8")
    text = plan.replace("  tabel: \"3.1\"\n", f"  tabel: \"3.1\"\n  catatan: {value}\n", 1)
    assert text != plan
    assert "inf or nan" in (fastload.decline_reason(text) or "")  # before: read as ".nan", ".inf"
    fast, full = both_paths(text, RULES)
    assert fast == full


def test_words_with_inf_and_nan_stay_on_the_fast_path() -> None:
    text = "a: sistem informasi\nb: Pelayanan\nc: [infrastruktur, ketahanan]\nd: Inf\ne: NaN\n"
    assert fastload.decline_reason(text) is None
    assert fastload.fast_load(text) == load_yaml_text(text, "x.yaml")[0]


def test_booleans_in_lists_are_text_as_the_full_loader_has_them() -> None:
    text = "a: [true, {b: [false, [true]], c: true}, x]\nd: false\n"
    assert fastload.fast_load(text) == load_yaml_text(text, "x.yaml")[0] == {
        "a": ["true", {"b": ["false", ["true"]], "c": "true"}, "x"], "d": "false"}


def test_text_with_yaml_punctuation_stays_on_the_fast_path() -> None:
    text = CLEAN.read_text(encoding="utf-8").replace("Dinas", "Dinas & Badan ~ *) Apa? !", 1)
    assert text != CLEAN.read_text(encoding="utf-8")
    assert fastload.fast_load(text) == load_yaml_text(text, "x.yaml")[0]


_SPECIAL = st.sampled_from(["&", "*", "!", "~", "? ", "<<", "&a ", "*a", "!!str ", "~\n", "- ", ": ", ", ", "[", "]", "{", "}",
                            "#", "'", '"', ".5", "5.", ".nan", "Null", "true", "\\", " ", "\n", "\r", "\\u", "\\x",
                            "\t", "a\tb", "\\t", "\\\n", "\n\n\n ,", "---\n", "\n...\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_and_full_paths_agree_on_mutated_plans(data: st.DataObject) -> None:
    # Differential: whatever the fast path accepts must give exactly the full path's answer.
    from .conftest import SEED_31

    text = data.draw(st.sampled_from([CLEAN, SEED_31])).read_text(encoding="utf-8")  # flow and block layouts
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(_SPECIAL) + text[at:]
    fast, full = both_paths(text, RULES)
    assert fast == full


def test_the_fast_path_and_the_plain_path_report_the_same_on_a_generated_corpus(
    tmp_path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    # Issue 6: the benchmarked path (rapidyaml, positions from its tree, worker processes)
    # and the plain path (PyYAML's loader with every position, one process) give the same
    # report, byte for byte, on a corpus with defects in every layout and document sets.
    from click.testing import CliRunner

    from renja_rules.cli import main

    from .conftest import bench_generator

    root = tmp_path / "corpus"
    bench_generator().write_corpus(root, 60, 5, (10, 80), defect_rate=0.1, evaluasi_share=0.3)

    def run(*options: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", "-f", "json", "--no-cache", *options, str(root)])
        return result.exit_code, result.stdout

    fast = run("--jobs", "2")
    monkeypatch.setattr(fastload, "_ryml", None)
    plain = run("--jobs", "1")
    assert fast == plain
    document = json.loads(fast[1])
    assert fast[0] == 1 and document["summary"]["checked"] == 60
    assert len({v["rule_id"] for v in document["violations"]}) >= 8  # many kinds of defect, located
    assert all(v["line"] and v["column"] for v in document["violations"] if not v["rule_id"].startswith("JM"))


# The prechecks written as one scan of the text per construct. _declined finds the
# same with one pass over the bytes and scans only for what occurs; it must decide alike.
# (Lines starting with a document marker or a comma are read_or_decline's, tested above.)
_CLOSING_PATTERNS = (re.compile(r":[ ]+[\]}]"), re.compile(r"-[ ]+[\]}]"), re.compile(r"\n[ ]*[\]}]"))


def _declined_by_scans(text: str) -> bool:
    return bool(
        fastload._TAB_APART.search(text)
        or fastload._ESCAPES_APART.search(text)
        or re.search(r"(?:^|[:\-,\[{])[ ]*[|>][-+]?[0-9]", text, re.MULTILINE)
        or (not text.isascii() and any(marker in text for marker in ("\x85", "\u2028", "\u2029")))
        or ("\r" in text and text.count("\r") != text.count("\r\n"))
        or "<<" in text
        or (any(char in text for char in ("&", "*", "!", "~", "?", "<<", "@", "`", "%"))
            and fastload._NODE_PROPERTY.search(text))
        or any(pattern.search(text) for pattern in _CLOSING_PATTERNS)
        or text.startswith(("]", "}"))
        or loader._NOT_PRINTABLE.search(text)
        or fastload._DIVERGENT_WORDS.search(text)
    )


_FRAGMENTS = [
    "a", "kode: '1.01'", "\n", "\r\n", "\r", " ", "  ", ":", ": ", "-", "- ", ",", "[", "]", "{", "}", "\t", "\\",
    "%", "%YAML", "%TAG", "\n---", "---", "\n...", "..", "&", "*", "!", "~", "?", "<", "<<", "@", "`", ".inf",
    ".Inf", ".INF", ".nan", ".NaN", ".NAN", "NaN", "Null", "NULL", "null", "nULL", "\x00", "\x07", "\x1f",
    "\x7f", "\x85", "\u2028", "\u2029", "é", "İ", "\ufeff", "\U0001f600", "\ud800",
    ":]", "? ", "?\n", "~ #", "~,", "[~]", "{? a}", "<< :", "-&a", ", *b", "a?b", "x~y", "\r\n?",
    "L", "P", "\\t", "\\u2013", '\\"', "a\tb", "\n ,", "\n,",
    "|2", ">-1", "|+", ">", "|", "²", "\x80", "\x9f", "\xa0", "\xc2", "°", "\ud7ff", "\udfff", "\ue000", "\ufffd", "\ufffe", "\uffff", "한", "\uffef",
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
@example("|+²")  # not an indentation indicator: str.isdigit took "²" (found by CI's run of this test)
@example("a: >-1\n")
@example("a: x >9\n")  # a comparison in a text, no header (issue 19 item 5)
def test_prechecks_decide_as_one_scan_per_construct(text: str) -> None:
    original = text.encode("utf-8", "surrogatepass")
    assert (fastload._declined(text, original) is not None) == _declined_by_scans(text)


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_prechecks_pass_the_examples(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    assert fastload._declined(text, text.encode("utf-8")) is None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_node_properties_are_found_as_the_pattern_finds_them(text: str) -> None:
    original = text.encode("utf-8", "surrogatepass")
    watched = set(original.translate(None, fastload._UNWATCHED))
    assert fastload._node_property(text, watched) == bool(fastload._NODE_PROPERTY.search(text))


def test_empty_collections_take_the_fast_path() -> None:
    """Issue 19 item 5: `sub_kegiatan: []` sent a whole real plan to the full loader."""
    text = ('dokumen: {jenis: renstra, tahun: 2026, periode: "2026-2030"}\nprogram:\n  - kode: "2.17.01"\n'
            '    indikator: [ ]\n    kegiatan:\n      - {kode: "2.17.01.2.01", sub_kegiatan: [], indikator: [{}]}\n')
    read = fastload.fast_read(text)
    assert read is not None
    data, _ = load_yaml_text(text, "p.yaml")
    assert read[0] == data


# A document's own markers, as yamllint's document-start rule asks for them: "---" (after the
# file's header comments, with a comment of its own, CRLF) and "..." at the end.
_ONE_DOCUMENT = [
    "---\n{plan}",
    "# Renja 2021\n\n---\n{plan}",
    "---  # the plan\n{plan}",
    "---\n{plan}...\n",
    "---\n{plan}...  # end\n\n# nothing after\n",
    "{plan}...\n",
    "{plan}...",
]


@pytest.mark.parametrize("layout", _ONE_DOCUMENT)
def test_one_documents_own_markers_stay_on_the_fast_path(layout: str) -> None:
    """Issue 19 item 5: a plan that starts with "---" was read by the full loader (twice the time)."""
    from .conftest import SEED_31

    for path in (CLEAN, SEED_31):
        plan = path.read_text(encoding="utf-8")
        for text in (layout.format(plan=plan), layout.format(plan=plan).replace("\n", "\r\n")):
            assert fastload.decline_reason(text) is None, text[:40]
            fast, full = both_paths(text, RULES)
            assert fast == full  # data, violations and their lines and columns
            assert fast[0] == "plan"


@pytest.mark.parametrize(
    "layout",
    [
        "---\n{plan}---\n{plan}",                     # two documents
        "---\n{plan}...\n---\n{plan}",
        "{plan}...\n{plan}",                           # content after the end
        "...\n{plan}",                                 # an end before anything
        "--- !!map\n{plan}",                           # a tag on the marker line
        "--- {{a: 1}}\n{plan}",                        # content on the marker line
        "----\n{plan}",                                # not a marker
        "---x: 1\n{plan}",
        "dokumen: {{jenis: renja, judul: 'a\n---\n  b'}}\n",  # a marker inside a quoted scalar
        "program: []\n---\n{plan}",                    # content before the start
        "{plan}....\n",
        "%YAML 1.1\n---\n{plan}",                      # a directive
    ],
)
def test_other_markers_go_to_the_full_loader(layout: str) -> None:
    text = layout.format(plan=CLEAN.read_text(encoding="utf-8"))
    assert "document marker" in (fastload.decline_reason(text) or "")  # declined for its markers
    fast, full = both_paths(text, RULES)
    assert fast == full


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["---", "...", "--- ", "...  # x", "# c", "", "  ", "a: 1", "- b", "'q", "\r"]),
                max_size=6).map("\n".join))
def test_marker_blanking_keeps_offsets_and_only_blanks_markers(text: str) -> None:
    blanked = fastload._one_document(text)
    if blanked is None:
        return
    assert len(blanked) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, blanked)) if a != b]
    runs = [changed[k:k + 3] for k in range(0, len(changed), 3)]
    assert len(runs) <= 2  # at most the start and the end marker
    for run in runs:
        start = run[0]
        assert run == [start, start + 1, start + 2]
        assert start == 0 or text[start - 1] == "\n"  # at the start of a line
        assert text[start:start + 3] in ("---", "...") and blanked[start:start + 3] == "   "
        rest = text[start + 3:].split("\n", 1)[0].strip(" \r")
        assert rest == "" or rest.startswith("#")  # alone on its line, a comment aside


# Escapes in double-quoted scalars: what a tool writes for a cell with a tab, a line break or a
# quote ("Dinas\tKoperasi", "baris 1\nbaris 2"). The fast path reads them (issue 19 item 5);
# the few that rapidyaml reads differently (_ESCAPES_APART) go to the full loader.
_ESCAPE_PARTS = ["a", " ", "\\", "\\\\", '\\"', "\\n", "\\t", "\\r", "\\/", "\\b", "\\f", "\\ ", "\\N", "\\_", "\\L",
                 "\\P", "\\x41", "\\xe9", "\\x0", "\\u00e9", "\\u2013", "\\uD800", "\\uDC00", "\\U0001F600", "\\U00110000",
                 "\\0", "\\e", "\\\n", "\\\n  ", "\n", "\n  ", "\n\n  ", "é", "'", '"', "#", ": ", "\\\r\n", "\r\n", "\\u",
                 "\\x", "\\q", "\\\t"]


@st.composite
def _with_escapes(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(st.sampled_from(_ESCAPE_PARTS), max_size=8)))
    return draw(st.sampled_from([
        'a: "{0}"\nb: 1\n', "a: '{0}'\nb: 1\n", "a: x{0}\nb: 1\n", '"k{0}": 1\nb: 1\n',
        'a: {{c: "{0}", d: x{0}}}\n', "a: |\n  x{1}\nb: 1\n", 'a:\n  - "{0}"\n  - "{0}{0}"\n',
    ])).format(body, body.replace("\n", "\n  "))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_with_escapes())
# What the fuzz found while _ESCAPES_APART was drawn up (60,000 examples): each read differently.
@example('a: "\\\\ \\L\\L"\nb: 1\n')      # \L after an escaped backslash: a character lost
@example('a: "\\n\\L\\L"\nb: 1\n')             # ... or after \n: the line break lost
@example('a: "\\\n\n  "\nb: 1\n')            # an escaped line break before an empty line
@example('a: "\n  \\ \n  "\nb: 1\n')          # an escaped space before a line break
@example('a: "x\\\r\n\r\n  y"\r\nb: 1\r\n')
def test_escapes_read_by_the_fast_path_read_as_the_full_loader_reads_them(text: str) -> None:
    fast = fastload.fast_load(text)
    if fast is not None:
        assert fast == load_yaml_text(text, "x.yaml")[0]


def test_long_texts_folded_by_pyyaml_stay_on_the_fast_path() -> None:
    """PyYAML (allow_unicode off, its default) writes a long name with non-ASCII letters in
    double quotes, escaped and folded with escaped line breaks; the fast path reads it."""
    import yaml

    plan = CLEAN.read_text(encoding="utf-8")
    name = "Dinas Koperasi dan Usaha Mikro — Bidang Pemberdayaan Usaha Mikro, Kecil dan Menengah Tahap II " * 2
    cell = yaml.dump({"perangkat_daerah": name}, default_flow_style=False)
    assert '"' in cell and "\\u2014" in cell and "\\\n" in cell  # quoted, escaped, folded
    text = plan.replace("  perangkat_daerah: Dinas Koperasi dan Usaha Mikro\n", "  " + cell.replace("\n  ", "\n    "), 1)
    assert text != plan
    assert fastload.decline_reason(text) is None
    fast, full = both_paths(text, RULES)
    assert fast == full and fast[0] == "plan" and fast[1]["dokumen"]["perangkat_daerah"] == name


def test_cells_with_tabs_and_line_breaks_stay_on_the_fast_path() -> None:
    from renja_rules.loader import dump_yaml

    from .conftest import SEED_31

    plan = SEED_31.read_text(encoding="utf-8")
    # what a tool writes for such cells: double quotes and escapes
    cell = dump_yaml({"x": "Dinas Koperasi\tdan Usaha Mikro\r\nTahap \"I\" – 2021 C:\\data é"}, flow=False).split(": ", 1)[1].strip()
    assert cell.startswith('"') and "\\t" in cell and "\\r\\n" in cell
    text = plan.replace("perangkat_daerah: Dinas Koperasi dan Usaha Mikro", f"perangkat_daerah: {cell}", 1)
    assert text != plan
    assert fastload.decline_reason(text) is None
    fast, full = both_paths(text, RULES)
    assert fast == full and fast[0] == "plan"


@pytest.mark.parametrize("text", ["Persentase desa dengan cakupan >90%", "Nilai SAKIP >60 (BB)", "Jalan kabupaten lebar >5 m",
                                  "Capaian (>80%)", "Rasio |1-2| dari target", "nilai >-1 atau <+1"])
def test_a_comparison_in_a_name_stays_on_the_fast_path(text: str) -> None:
    """Issue 19 item 5: ">90%" in an indicator's text sent the whole plan to the full loader,
    taken for a block scalar's indentation indicator (``|2``, ``>-1``), which only a node can start with."""
    plan = CLEAN.read_text(encoding="utf-8")
    title = next(line for line in plan.splitlines() if line.startswith("  judul: "))
    for written in (text, f"'{text}'", f'"{text}"'):
        changed = plan.replace(title, f"  judul: {written}", 1)
        assert changed != plan
        assert fastload.decline_reason(changed) is None, written
        fast, full = both_paths(changed, RULES)
        assert fast == full and fast[0] == "plan"


@pytest.mark.parametrize("header", ["|2", ">-1", "|+3", ">2-"])
def test_an_indentation_indicator_where_a_node_starts_still_declines(header: str) -> None:
    plan = CLEAN.read_text(encoding="utf-8")
    title = next(line for line in plan.splitlines() if line.startswith("  judul: "))
    for layout in (f"  judul: {header}\n    Rumusan\n", f"  judul:\n    {header}\n     Rumusan\n"):
        changed = plan.replace(title + "\n", layout, 1)
        assert changed != plan
        assert "indentation indicator" in (fastload.decline_reason(changed) or ""), layout
        fast, full = both_paths(changed, RULES)
        assert fast == full


@pytest.mark.parametrize("escape", ["\\L", "\\P", "\\ \n  x", "\\  \r\n  x", "\\\n\n  x", "\\\r\n  \r\n  x"])
def test_escapes_the_parsers_read_differently_go_to_the_full_loader(escape: str) -> None:
    plan = CLEAN.read_text(encoding="utf-8")
    title = next(line for line in plan.splitlines() if line.startswith("  judul: "))
    text = plan.replace(title, f'  judul: "Rumusan{escape}"', 1)
    assert "escape" in (fastload.decline_reason(text) or "")
    fast, full = both_paths(text, RULES)
    assert fast == full


# YAML's structure around the scalars (flow and block collections, blank and comment lines,
# quotes across lines, markers, properties), for the fast path against the full loader:
# whatever the fast path reads, it reads as the full loader does. The examples are what
# this found (with 60,000 examples) in code that had passed every test above.
_STRUCTURE_PARTS = ["a", "b c", " ", "  ", "\n", "\n  ", "\n    ", "\n\n", "\n \n", "# c", " # c", ": ", ":", "- ", "-",
                    ", ", ",", "[", "]", "{", "}", "'", "''", '"', "é", "1", "1.000,00", "\r\n", "|", ">", "?", "%", "true",
                    "null", "~", "\\n", "\\", "\t", "a\tb", "---", "...", "&a ", "*a", "!x ", "<<", "100%", "(3.000,00)"]
_STRUCTURES = [
    "k: {0}\nj: {1}\n", "k: [{0}, {1}]\n", "k: {{p: {0}, q: {1}}}\n", "- {0}\n- {1}\n", "k:\n  - {0}\n  - {1}\n",
    "k: |\n  {0}\n  {1}\nj: 1\n", "k: '{0}\n  {1}'\n", 'k: "{0}\n  {1}"\n', "{0}: {1}\n", "k: {0}\n  {1}\nj: 1\n",
    "k: {{p: {0}\n  , q: {1}}}\n", "k: [\n  {0},\n  {1}\n]\n", "- - {0}\n  - {1}\n", "# {0}\n---\nk: [{1}]\n",
    "k: {0}  # c\nj:\n  # {1}\n  x\n", "k: [{0}, # c\n  {1}]\n", "k: >-\n  {0}\n\nj: {1}\n", "k: |2\n   {0}\n  {1}\n",
]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(_STRUCTURES), st.lists(st.sampled_from(_STRUCTURE_PARTS), max_size=14).map("".join),
       st.lists(st.sampled_from(_STRUCTURE_PARTS), max_size=14).map("".join), st.sampled_from(["", "crlf", "no end"]))
@example("k: {{p: {0}\n  , q: {1}}}\n", "x\n\n\n", "1", "")  # a comma first on its line after blank lines
@example("k: [{0}, {1}]\n", "a", "true", "")             # a boolean in a list
@example("k: [{0}, {1}]\n", "a", "?a", "")               # a key in a flow collection
@example("k: {{p: {0}, q: {1}}}\n", "x-\t", "y", "")      # a tab before a comma
@example("k: {0}\nj: {1}\n", "", "# c\n  .5", "no end")     # a rewritten number on a line of its own
@example("k: {0}\nj: {1}\n", "~", "", "crlf")                # ~ before a CRLF line end
@example("k: |2\n{0}\n{1}\n", "   ", "  ", "")               # an indentation indicator, lines of spaces
@example("k: {0}\nj: {1}\n", "nan", "[inf, -inf, infinity]", "")  # rewritten by rapidyaml's JSON as .nan, .inf
def test_the_fast_path_reads_yamls_structure_as_the_full_loader(structure: str, first: str, second: str,
                                                                 ending: str) -> None:
    text = structure.format(first, second)
    if ending == "crlf":
        text = text.replace("\n", "\r\n")
    elif ending == "no end":
        text = text.rstrip("\n")  # a file saved without a final line break
    fast = fastload.fast_load(text)
    if fast is not None:
        assert fast == load_yaml_text(text, "x.yaml")[0]


@settings(max_examples=3000, deadline=None)
@given(st.text(st.characters(codec=None, blacklist_categories=()), max_size=30)
       | st.lists(st.sampled_from(["a", "é", "\x80", "\x85", "\x9f", "\xa0", "\ud800", "\udfff", "\ue000", "\ufffe", "\uffff",
                                   "\ufffd", "\uffbf", "한", "\U0001f600", "\x00", "\x7f", "\t", "\r"]), max_size=8).map("".join))
def test_not_printable_on_the_bytes_finds_what_the_pattern_finds(text: str) -> None:
    original = text.encode("utf-8", "surrogatepass")
    watched = set(original.translate(None, fastload._UNWATCHED))
    assert fastload._not_printable(original, watched) == bool(loader._NOT_PRINTABLE.search(text)), repr(text)
