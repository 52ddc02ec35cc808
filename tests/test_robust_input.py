"""Every class of broken or hostile plan file gets a clear answer with file, line and column.

One test per input class, through the command line: the exit code (2 for a file the tool
cannot use; 1 with the rule that reports a defect the plan may contain), the location,
words that say what is wrong, and never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import threading
import time
from pathlib import Path

import pytest

import renja_rules
from fuzz.corpus import Outcome, fast_path_available, run_in_process
from renja_rules.errors import PlanError

from .conftest import CLEAN, SEED_31

HEAD = "dokumen:\n  jenis: perubahan-renja\n  tahun: 2021\n"
FAST_PATH = fast_path_available()


def check(tmp_path: Path, content: str | bytes, name: str = "plan.yaml", *options: str) -> tuple[Outcome, Path]:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    outcome = run_in_process(["check", *options, str(path)], tmp_path)
    assert outcome.problems() == [], outcome.output
    return outcome, path


def located(outcome: Outcome, path: Path) -> list[tuple[int, int, str]]:
    """(line, column, rest) of every line the report gives for ``path``."""
    found = []
    for line in outcome.output.splitlines():
        match = re.match(re.escape(str(path)) + r":(\d+):(\d+): (.*)", line)
        if match:
            found.append((int(match.group(1)), int(match.group(2)), match.group(3)))
    return found


def row(**cells: str) -> str:
    """A plan with one program and one indicator row holding ``cells`` (flow style, line 7)."""
    fields = {"uraian": "Jumlah", "lokasi": "Dinas", "sumber_dana": "APBD",
              "sesudah": "{target: '1 Orang', pagu: '1,00'}", **cells}
    body = ", ".join(f"{key}: {value}" for key, value in fields.items())
    return HEAD + f"program:\n  - kode: '2.17.01'\n    indikator:\n      - {{{body}}}\n"


# --- encoding and line ends -------------------------------------------------------------


@pytest.mark.parametrize("line, column, byte", [(b"  judul: Caf\xe9 Koperasi\n", 13, "0xe9"),
                                                (b"  judul: Kop\xc3\xa9rasi \xff\n", 19, "0xff")])
def test_invalid_utf8(tmp_path: Path, line: bytes, column: int, byte: str) -> None:
    outcome, path = check(tmp_path, HEAD.encode() + line)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (4, column)  # counted in characters, as an editor does
    assert "UTF-8" in outcome.output and byte in outcome.output


def test_utf8_byte_order_mark_is_accepted_and_positions_stay_right(tmp_path: Path) -> None:
    one_line = '{dokumen: {jenis: perubahan-renja, tahun: 2021}, program: [{kode: "2.AB.01"}]}\n'
    outcome, path = check(tmp_path, b"\xef\xbb\xbf" + one_line.encode())
    assert outcome.exit_code == 1
    column = one_line.index('"2.AB.01"') + 1  # the mark is invisible: columns count without it
    assert (1, column) in [(line, col) for line, col, rest in located(outcome, path) if "KD001" in rest]


def _seed_violations(text: str) -> list[tuple[str, int | None, int | None]]:
    plan = renja_rules.parse_plan(text, "seed.yaml")
    return [(v.rule_id, v.line, v.column) for v in renja_rules.check(plan, renja_rules.load_rules())]


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: "\ufeff" + text.replace("\n", "\r\n"), id="bom-crlf"),
        pytest.param(lambda text: text.replace("\n", "\r"), id="lone-cr"),
    ],
)
def test_other_line_ends_are_accepted_and_positions_stay_right(transform) -> None:  # type: ignore[no-untyped-def]
    text = SEED_31.read_text(encoding="utf-8")
    expected = _seed_violations(text)
    assert expected and _seed_violations(transform(text)) == expected


def test_crlf_through_the_command_line(tmp_path: Path) -> None:
    lf, lf_path = check(tmp_path, SEED_31.read_bytes(), "lf.yaml")
    crlf, crlf_path = check(tmp_path, SEED_31.read_bytes().replace(b"\n", b"\r\n"), "crlf.yaml")
    assert lf.exit_code == crlf.exit_code == 1
    assert located(crlf, crlf_path) == located(lf, lf_path)


def test_yaml_only_line_breaks_do_not_shift_positions(tmp_path: Path) -> None:
    # NEL and LS break lines for YAML, not for editors, grep or git: positions follow the editor.
    text = HEAD + '  judul: "Rencana\x85Kerja\u2028Perubahan"\nprogram:\n  - kode: \'2.AB.01\'\n'
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1
    assert (6, 11) in [(line, col) for line, col, rest in located(outcome, path) if "KD001" in rest]


def test_a_file_the_fast_path_reads_but_yaml_does_not_is_answered_per_file(tmp_path: Path) -> None:
    # NEL ends the plain scalar for YAML, so 'Kerja' is a key without ':'. rapidyaml once read the
    # file, and the positions computed later raised in the middle of the run and ended it.
    bad = tmp_path / "a-nel.yaml"
    bad.write_text(HEAD + "  judul: Rencana\x85Kerja\nprogram:\n  - kode: '2.AB.01'\n", encoding="utf-8")
    other = tmp_path / "b-other.yaml"
    other.write_text(HEAD + "program:\n  - kode: '2.AB.01'\n", encoding="utf-8")
    outcome = run_in_process(["check", str(bad), str(other)], tmp_path)
    assert outcome.problems() == [] and outcome.exit_code == 2
    assert located(outcome, bad) and located(outcome, other)  # both files answered


def test_tabs_in_indentation(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "program:\n\t- kode: '2.17.01'\n")
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (5, 1)
    assert "tab" in outcome.output


def test_a_tab_inside_a_value_is_text(tmp_path: Path) -> None:
    outcome, _ = check(tmp_path, HEAD + "  judul: Rencana\tKerja\n")
    assert outcome.exit_code == 0


def test_control_characters(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "  judul: Rencana\x1bKerja\n")
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (4, 17)
    assert "U+001B" in outcome.output


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = random.Random(7).randbytes(4096)
    outcome, path = check(tmp_path, garbage)
    assert outcome.exit_code == 2
    assert located(outcome, path), outcome.output  # with a line and column
    assert "UTF-8" in outcome.output or "binary" in outcome.output


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD.encode() + b"  judul: a\x00b\n")
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (4, 11) and "binary" in outcome.output


def test_utf16_file(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD.encode("utf-16"))
    assert outcome.exit_code == 2
    assert located(outcome, path) and "UTF-8" in outcome.output


# --- YAML structure ---------------------------------------------------------------------


def test_duplicate_keys(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "program:\n  - kode: '2.17.01'\n    nama: A\n    kode: '2.17.02'\n")
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (7, 5) and "kunci ganda 'kode'" in outcome.output


@pytest.mark.parametrize(
    "text, found, where",
    [("- dokumen: {}\n- program: []\n", "list", (1, 1)), ("Renja 2021\n", "scalar", (1, 1)),
     ("42\n", "scalar", (1, 1)), ("--- !!null\n", "scalar", (1, 5)), ("---\n", "scalar", (2, 1))],
)
def test_a_document_that_is_not_a_mapping(tmp_path: Path, text: str, found: str, where: tuple[int, int]) -> None:
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == where
    assert "mapping" in outcome.output and found in outcome.output


def test_several_documents(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "---\n" + HEAD)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (4, 1) and "lebih dari satu dokumen YAML" in outcome.output


@pytest.mark.parametrize("text", ["", "\n\n", "# hanya komentar\n", "\ufeff"])
def test_empty_files(tmp_path: Path, text: str) -> None:
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (1, 1) and "berkas kosong" in outcome.output


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch PWNED']",
        "!!python/object/apply:os.system 'touch PWNED'",
        "!!python/object/new:os.system ['touch PWNED']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:pathlib.Path {}",
        "!!binary dG91Y2ggUFdORUQ=",
        "!!set {touch PWNED}",
        "!custom touch PWNED",
    ],
)
def test_yaml_tags_are_never_constructed(tmp_path: Path, tag: str) -> None:
    outcome, path = check(tmp_path, HEAD + f"  judul: {tag}\n")
    assert not (tmp_path / "PWNED").exists()
    # A tagged scalar is only its text; a tagged list or mapping is the wrong type for judul.
    assert outcome.exit_code in (0, 2)
    if outcome.exit_code == 2:
        assert located(outcome, path)[0][:2] == (4, 10) and "judul" in outcome.output


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    text = HEAD + "umum: &umum {lokasi: Dinas}\nprogram:\n  - kode: '2.17.01'\n    indikator:\n      - <<: *umum\n"
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (8, 9) and "merge" in outcome.output


def test_anchors_and_aliases_within_the_limits_are_accepted(tmp_path: Path) -> None:
    text = HEAD + (
        "program:\n  - kode: '2.17.01'\n    indikator:\n"
        "      - {uraian: A, lokasi: &dinas Dinas Koperasi, sumber_dana: &apbd APBD,"
        " sesudah: {target: '1 Orang', pagu: '1,00'}, selisih: '1,00'}\n"
        "      - {uraian: B, lokasi: *dinas, sumber_dana: *apbd, sesudah: {target: '2 Orang', pagu: '-5,00'},"
        " selisih: '-5,00'}\n"
    )
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1  # read, and checked: the negative pagu on the second row
    # (and a program with a pagu and no kegiatan: PL005, on the first row's pagu)
    found = [(line, column, rest.split()[0]) for line, column, rest in located(outcome, path)]
    assert [rule for *_, rule in found] == ["PL005", "PG004"]
    assert found[1][:2] == (8, text.splitlines()[7].index("'-5,00'") + 1)


@pytest.mark.parametrize(
    "text, where, words",
    [
        ("a: &a [*a]\n", (1, 8), "merujuk ke dirinya sendiri"),
        ("a: *nowhere\n", (1, 4), "tanpa anchor"),
        ("a: &a 1\nb: &a 2\n", (2, 4), "didefinisikan dua kali"),
        ("? [a, b]\n: 1\n", (1, 3), "kunci harus berupa teks"),
    ],
)
def test_broken_anchors_aliases_and_keys(tmp_path: Path, text: str, where: tuple[int, int], words: str) -> None:
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == where and words in outcome.output


# --- numbers, codes, rows -----------------------------------------------------------------

PLAIN = ["2021", "-7", "1.5", "2.10", "1e5", "1E-3", "2.17.01", "0x1F", "1_000", "1:20", "true", "yes", "null",
         "~", "Rp1.000,00", "1.234.567,89", "100%", "53 Stel", ".nan", ".inf", "-.inf", "Null", "NULL", ".5", "5.",
         "-.5", "0.5", "5.0", "1.05", "-0.5", "[.5]", "[5., 1]", "[-.5]", "05.", "-5.", ".5e3", "[1, .NaN]", "[Null]", "{a: .5}"]


@pytest.mark.parametrize("value", PLAIN)
def test_the_fast_path_and_the_loader_read_a_plain_scalar_alike(value: str) -> None:
    from renja_rules.loader import load_yaml_text

    text = f"dokumen: {{judul: {value}}}\n"
    loaded = load_yaml_text(text, "f.yaml")[0]["dokumen"]["judul"]
    if not FAST_PATH:
        return
    from renja_rules.fastload import fast_load

    fast = fast_load(text)
    if fast is not None:  # None: the fast path leaves the file to the loader
        read = fast["dokumen"]["judul"]
        assert (type(read), read) == (type(loaded), loaded)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1e999", "-1e999"])
def test_nan_and_infinity_where_money_belongs(tmp_path: Path, value: str) -> None:
    # A damaged cell (AN001) where it stands, the rest of the file still checked (issue 17).
    outcome, path = check(tmp_path, row(selisih=value))
    assert outcome.exit_code == 1
    column = row(selisih=value).splitlines()[6].index(value) + 1
    found = [(line, col, rest) for line, col, rest in located(outcome, path) if rest.startswith("AN001")]
    assert [(line, col) for line, col, _ in found] == [(7, column)]
    assert "selisih" in found[0][2] and "rupiah" in found[0][2]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e999", "1e-999", "-1E+400"])
def test_nan_and_infinity_where_a_value_belongs(tmp_path: Path, value: str) -> None:
    text = row(sebelum=f"{{target: {value}, pagu: '1,00'}}")
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1
    column = text.splitlines()[6].index(value) + 1
    assert (7, column) in [(line, col) for line, col, rest in located(outcome, path) if rest.startswith("AN001")]


@pytest.mark.parametrize("value", [".nan", "1e999", "1.5", "'dua'", "99999999999999999999999999999999999999999"])
def test_nan_and_fractions_where_a_count_belongs(tmp_path: Path, value: str) -> None:
    outcome, path = check(tmp_path, HEAD + f"  jumlah: {{program: {value}}}\n")
    assert outcome.exit_code in (1, 2)
    if outcome.exit_code == 2:
        assert located(outcome, path)[0][:2] == (4, 21) and "jumlah.program" in outcome.output
    else:  # a big whole number is a count; it is simply not the table's count
        assert "JM001" in outcome.output


@pytest.mark.parametrize(
    "cell",
    [
        "'" + "9" * 31 + "'",  # more significant digits than MAX_DIGITS
        "'1." + "000." * 10 + "000,00'",  # 34 digits before the comma
        "'0," + "0" * 40 + "1'",  # 41 decimals
        "1e40",  # a YAML number with a large exponent, as a value with unit
    ],
)
def test_numbers_with_more_digits_than_allowed(tmp_path: Path, cell: str) -> None:
    field = "target" if cell == "1e40" else "pagu"
    other = "pagu: '1,00'" if field == "target" else "target: '1 Orang'"
    text = row(sebelum=f"{{{field}: {cell}, {other}}}")
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1
    column = text.splitlines()[6].index(cell) + 1
    assert (7, column) in [(line, col) for line, col, rest in located(outcome, path) if rest.startswith("AN001")]


def test_negative_pagu(tmp_path: Path) -> None:
    text = row(sebelum="{target: '1 Orang', pagu: '(3.223.000,00)'}")
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1
    column = text.splitlines()[6].index("'(3.223.000,00)'") + 1
    assert (7, column) in [(line, col) for line, col, rest in located(outcome, path) if rest.startswith("PG003")]


@pytest.mark.parametrize(
    "level, code, rule",
    [("program", "2.17 .01", "KD001"), ("program", "2.I7.01", "KD001"), ("kegiatan", "2.17.01.2.O1", "KD002"),
     ("kegiatan", "2.17.01. 2.01", "KD002"), ("sub_kegiatan", "2.17.01.2.01.0x", "KD003"),
     ("sub_kegiatan", "2.17.01.2.01.06 ", "KD003")],
)
def test_codes_with_spaces_or_letters(tmp_path: Path, level: str, code: str, rule: str) -> None:
    codes = {"program": "2.17.01", "kegiatan": "2.17.01.2.01", "sub_kegiatan": "2.17.01.2.01.06", level: code}
    text = HEAD + (
        f"program:\n  - kode: '{codes['program']}'\n    kegiatan:\n      - kode: '{codes['kegiatan']}'\n"
        f"        sub_kegiatan:\n          - kode: '{codes['sub_kegiatan']}'\n"
    )
    outcome, path = check(tmp_path, text)
    assert outcome.exit_code == 1
    line = {"program": 5, "kegiatan": 7, "sub_kegiatan": 9}[level]
    column = text.splitlines()[line - 1].index("'") + 1
    assert (line, column, rule) in [(line, col, rest.split()[0]) for line, col, rest in located(outcome, path)]


def test_an_empty_indicator_row(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "program:\n  - kode: '2.17.01'\n    indikator:\n      - {}\n")
    assert outcome.exit_code == 1
    rules = {rest.split()[0] for line, col, rest in located(outcome, path) if (line, col) == (7, 9)}
    assert {"WJ001", "WJ002", "WJ006"} <= rules


@pytest.mark.parametrize("rows", ["", " ~", " null"])
def test_indicator_rows_written_as_nothing(tmp_path: Path, rows: str) -> None:
    outcome, path = check(tmp_path, HEAD + f"program:\n  - kode: '2.17.01'\n    indikator:{rows}\n")
    assert outcome.exit_code == 2
    assert located(outcome, path)[0][:2] == (6, 16 if rows else 15) and "indikator" in outcome.output


def test_an_item_without_indicator_rows_is_reported(tmp_path: Path) -> None:
    outcome, path = check(tmp_path, HEAD + "program:\n  - kode: '2.17.01'\n    indikator: []\n")
    assert outcome.exit_code == 1
    assert (5, 11, "WJ007") in [(line, col, rest.split()[0]) for line, col, rest in located(outcome, path)]


# --- files that are not files -----------------------------------------------------------


class _Unblocker:
    """Gives whoever waits on a pipe an end of file after ``seconds`` (so a failing test cannot hang)."""

    def __init__(self, pipe: Path, seconds: float) -> None:
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(pipe, seconds), daemon=True)
        self.thread.start()

    def _run(self, pipe: Path, seconds: float) -> None:
        if not self.done.wait(seconds):
            with contextlib.suppress(OSError):  # ENXIO: nobody was waiting
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipa.yaml"
    os.mkfifo(pipe)
    other = tmp_path / "lain.yaml"
    other.write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    helper = _Unblocker(pipe, 1.5)
    started = time.perf_counter()
    outcome = run_in_process(["check", str(pipe), str(other)], tmp_path)
    waited = time.perf_counter() - started
    helper.stop()
    assert outcome.problems() == [] and outcome.exit_code == 2
    assert f"{pipe}: " in outcome.output and "bukan berkas biasa" in outcome.output
    assert waited < 1, f"the run waited {waited:.1f} s on the pipe"


def test_the_loader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from renja_rules.loader import Limits, read_text

    pipe = tmp_path / "pipa.yaml"
    os.mkfifo(pipe)
    for path in [pipe] + [device for device in (Path("/dev/zero"),) if device.exists()]:
        with pytest.raises(PlanError) as caught:
            read_text(path, Limits())
        assert "bukan berkas biasa" in caught.value.message


def test_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "putar.yaml"
    loop.symlink_to(loop)
    outcome = run_in_process(["check", str(loop)], tmp_path)
    assert outcome.problems() == [] and outcome.exit_code == 2
    assert f"{loop}: " in outcome.output and "tidak dapat dibaca" in outcome.output


def test_lone_surrogates_in_text_handed_to_the_library() -> None:
    with pytest.raises(PlanError) as caught:
        renja_rules.parse_plan(HEAD + "  judul: a\ud800b\n", "teks.yaml")
    assert (caught.value.line, caught.value.column) == (4, 11) and "U+D800" in caught.value.message
