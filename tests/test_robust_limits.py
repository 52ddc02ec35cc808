"""Input limits: a file over any limit is refused (which limit, where) and the run goes on.

Each limit of :class:`renja_rules.loader.Limits` is tested three ways: at its boundary
(the value at the limit passes, one more is refused, at the right line and column), on
the command line with its default (exit 2, the other files still checked), and with the
largest hostile file of its kind, which must be refused within 1 s and 100 MB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from fuzz.corpus import fast_path_available, run_in_process
from fuzz.hostile import HOSTILE, in_child, measure, refuse
from renja_rules.errors import PlanError, RuleError
from renja_rules.loader import Limits, load_yaml_text, read_text
from renja_rules.pipeline import load_plan
from renja_rules.plan import parse_plan

DEFAULT = Limits()




def refused(text: str, limits: Limits) -> PlanError:
    with pytest.raises(PlanError) as caught:
        load_yaml_text(text, "f.yaml", limits)
    return caught.value


# --- each limit at its boundary --------------------------------------------------------


def test_max_bytes(tmp_path: Path) -> None:
    limits = Limits(max_bytes=100)
    at, over = tmp_path / "at.yaml", tmp_path / "over.yaml"
    at.write_bytes(b"a: " + b"x" * 97)
    over.write_bytes(b"a: " + b"x" * 98)
    assert read_text(at, limits)
    with pytest.raises(PlanError) as caught:
        read_text(over, limits)
    assert "max_bytes=100" in caught.value.message and "101 bita" in caught.value.message
    assert caught.value.file == str(over) and caught.value.line is None  # a whole-file limit: no line
    assert "max_bytes=100" in refused("a: " + "x" * 98, limits).message  # text handed over directly


def test_max_bytes_counts_the_file_not_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + b"a: 1\n")
    with pytest.raises(PlanError):
        read_text(path, Limits(max_bytes=7))  # 8 bytes on disk


def test_max_depth() -> None:
    limits = Limits(max_depth=3)
    assert load_yaml_text("a: {b: {c: 1}}", "f.yaml", limits)[0] == {"a": {"b": {"c": "1"}}}
    error = refused("a: {b: {c: {d: 1}}}", limits)
    assert "max_depth=3" in error.message and (error.line, error.column) == (1, 16)
    error = refused("a:\n  b:\n    - - 1\n", limits)
    assert "max_depth=3" in error.message and (error.line, error.column) == (3, 9)


def test_max_depth_counts_what_an_alias_brings() -> None:
    limits = Limits(max_depth=3)
    assert load_yaml_text("x: &x [1]\ny: *x\n", "f.yaml", limits)
    error = refused("x: &x [[1]]\ny: {z: *x}\n", limits)
    assert "max_depth=3" in error.message and (error.line, error.column) == (2, 8)


def test_max_nodes() -> None:
    limits = Limits(max_nodes=5)  # the mapping itself and its values
    assert load_yaml_text("a: 1\nb: 2\nc: 3\nd: 4\n", "f.yaml", limits)
    error = refused("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n", limits)
    assert "max_nodes=5" in error.message and (error.line, error.column) == (5, 4)


def test_max_nodes_counts_every_copy_an_alias_makes() -> None:
    limits = Limits(max_nodes=10)
    assert load_yaml_text("a: &a {x: 1, y: 2}\nb: *a\nc: *a\n", "f.yaml", limits)  # 1 + 3 * 3 values
    error = refused("a: &a {x: 1, y: 2}\nb: *a\nc: *a\nd: *a\n", limits)
    assert "max_nodes=10" in error.message and (error.line, error.column) == (4, 4)


def test_max_scalar_length_of_values_and_keys() -> None:
    limits = Limits(max_scalar_length=10)
    assert load_yaml_text("a: '0123456789'", "f.yaml", limits)
    error = refused("a: '01234567890'", limits)
    assert "max_scalar_length=10" in error.message and (error.line, error.column) == (1, 4)
    error = refused("b: 1\n01234567890: x", limits)
    assert "max_scalar_length=10" in error.message and (error.line, error.column) == (2, 1)


def test_max_rows() -> None:
    limits = Limits(max_rows=3)
    assert load_yaml_text("a: [1, 2]\nb: [3]\n", "f.yaml", limits)
    error = refused("a: [1, 2]\nb: [3, 4]\n", limits)
    assert "max_rows=3" in error.message and (error.line, error.column) == (2, 8)
    error = refused("a: &a [1, 2]\nb: *a\n", limits)  # rows brought by an alias count too
    assert "max_rows=3" in error.message and (error.line, error.column) == (2, 4)


def test_max_aliases() -> None:
    limits = Limits(max_aliases=2)
    assert load_yaml_text("- &a x\n- *a\n- *a\n", "f.yaml", limits)
    error = refused("- &a x\n- *a\n- *a\n- *a\n", limits)
    assert "max_aliases=2" in error.message and (error.line, error.column) == (4, 3)
    error = refused("- &k x\n- {*k : 1}\n- {*k : 2}\n- {*k : 3}\n", limits)  # aliases used as keys count too
    assert "max_aliases=2" in error.message and (error.line, error.column) == (4, 4)


def test_rule_files_have_the_same_limits(tmp_path: Path) -> None:
    from renja_rules.rules import load_rules

    path = tmp_path / "rules.yaml"
    path.write_text("version: 1\nrules: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    assert "max_depth" in caught.value.message and caught.value.line == 2


def test_the_defaults_leave_room_for_real_tables() -> None:
    from tests.conftest import SEED_21, SEED_31

    for path in (SEED_31, SEED_21):
        text = path.read_text(encoding="utf-8")
        # fifty copies of the seed's rows in one file would still be accepted
        assert len(text) * 50 < DEFAULT.max_bytes
    assert DEFAULT.max_nodes >= 50 * 1984 and DEFAULT.max_rows >= 50 * 124 and DEFAULT.max_depth >= 4 * 14


# --- on the command line, with the default limits: refused, and the other files checked ---

OTHER = """dokumen: {jenis: perubahan-renja, tahun: 2021}
program:
  - kode: "2.AB.01"
"""


def _many_keys(count: int) -> str:
    return "".join(f"k{i}: 1\n" for i in range(count))


# For each limit: the file over it, and where the answer must point (None: the whole file).
CLI_CASES: dict[str, Callable[[], tuple[str, str | None]]] = {
    "max_bytes": lambda: ("#" * (DEFAULT.max_bytes + 1), None),
    "max_depth": lambda: ("dokumen: " + "[" * (DEFAULT.max_depth + 1) + "]" * (DEFAULT.max_depth + 1) + "\n",
                          ":1:74:"),
    "max_nodes": lambda: (_many_keys(DEFAULT.max_nodes), f":{DEFAULT.max_nodes}:"),
    "max_scalar_length": lambda: ("dokumen:\n  judul: " + "x" * (DEFAULT.max_scalar_length + 1) + "\n", ":2:10:"),
    "max_rows": lambda: ("- 1\n" * (DEFAULT.max_rows + 1), f":{DEFAULT.max_rows + 1}:3:"),
    "max_aliases": lambda: ("- &a x\n" + "- *a\n" * (DEFAULT.max_aliases + 1), f":{DEFAULT.max_aliases + 2}:3:"),
}


@pytest.mark.parametrize("limit", sorted(CLI_CASES))
def test_a_file_over_a_default_limit_is_refused_and_the_others_are_checked(tmp_path: Path, limit: str) -> None:
    text, where = CLI_CASES[limit]()
    hostile = tmp_path / "a-hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    other = tmp_path / "b-other.yaml"
    other.write_text(OTHER, encoding="utf-8")
    outcome = run_in_process(["check", str(hostile), str(other)], tmp_path)
    assert outcome.problems() == []
    assert outcome.exit_code == 2
    line = next(line for line in outcome.output.splitlines() if line.startswith(str(hostile)))
    assert limit in line, line
    if where is not None:
        assert line.startswith(f"{hostile}{where}"), line
    assert f"{other}:3:11: KD001" in outcome.output  # the other file was still checked


@pytest.mark.parametrize("limit", ["max_rows", "max_nodes"])
def test_a_well_formed_plan_over_a_limit_is_refused(tmp_path: Path, limit: str) -> None:
    head = "dokumen: {jenis: renja, tahun: 2021}\nprogram:\n  - kode: '1.01.01'\n    indikator:\n"
    if limit == "max_rows":
        rows = "".join(f"      - {{uraian: u{i}}}\n" for i in range(DEFAULT.max_rows + 1))
    else:  # eleven values per row: over max_nodes long before max_rows
        row = "      - {uraian: u, lokasi: l, sumber_dana: s, sebelum: {target: '1 Orang', pagu: '1,00'}, " \
              "sesudah: {target: '1 Orang', pagu: '1,00'}}\n"
        rows = row * (DEFAULT.max_nodes // 10)
    path = tmp_path / "besar.yaml"
    path.write_text(head + rows, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert limit in caught.value.message


# --- the largest hostile files: refused within 1 s and 100 MB ------------------------------

# Figures of one run (python fuzz/hostile.py; 2-core Xeon, CPython 3.11, libyaml, rapidyaml 0.15;
# CPU seconds and growth of resident memory, each file in a fresh process):
#                               loader stage       load_plan (CLI)
#   file           bytes       s       MB          s       MB       refused by
#   alias_bomb          413    0.008    1.9        0.008     2.0    max_rows
#   deep_flow    10,485,750    0.056   20.5        3.673  1902.4    max_depth
#   deep_block   10,484,779    0.048   20.2        0.909    33.7    max_depth
#   huge_scalar  10,485,739    0.106   46.3        0.404    50.1    max_scalar_length
#   many_keys    10,485,751    0.620   79.7        3.280   476.2    max_nodes
#   long_line    10,485,756    0.405   69.0        1.704   358.9    max_nodes
#   many_rows    10,485,740    0.146   37.9        0.810   221.2    max_rows
#   many_aliases 10,485,757    0.061   22.4        0.058    22.4    max_aliases
#   too_large    10,485,761    0.000    0.0        0.000     0.0    max_bytes

FAST_PATH = fast_path_available()
# Through load_plan these once went to rapidyaml whole (0.8-3.7 s, 220-1,900 MB before the
# loader refused them); now a file whose node count may exceed max_nodes (counted from the
# characters that introduce nodes, before parsing) goes to the loader.


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, (build, _limit) in HOSTILE.items():
        files[name] = folder / f"{name}.yaml"
        files[name].write_text(build(), encoding="utf-8")
    return files


def _cases() -> list[object]:
    cases = [pytest.param("loader", name, id=f"loader-{name}") for name in HOSTILE]
    for name in HOSTILE:
        cases.append(pytest.param("plan", name, id=f"load_plan-{name}"))
    return cases


@pytest.mark.parametrize("stage, name", _cases())
def test_the_largest_hostile_files_are_refused_within_1_s_and_100_mb(hostile_files: dict[str, Path], stage: str,
                                                                     name: str) -> None:
    path = hostile_files[name]
    limit = HOSTILE[name][1]
    assert path.stat().st_size <= DEFAULT.max_bytes + 1
    # CPU time, not wall time: other processes on a busy CI machine must not fail the test.
    if stage == "loader":  # in this process: the loader itself is bounded
        error, seconds, megabytes = measure(lambda: refuse(path, stage))
        message = error.message if error else "ACCEPTED"
    else:  # load_plan runs whatever sits in front of the loader: in a child, its memory capped at 500 MB
        figures = in_child(path, stage, timeout=60, cap_mb=500)
        message, seconds, megabytes = str(figures["message"]), float(figures["seconds"]), float(figures["peak_mb"])
    assert limit in message, message
    assert seconds < 1.0, f"{name}: refused in {seconds:.2f} s of CPU time"
    assert megabytes < 100, f"{name}: {megabytes:.0f} MB"


def test_a_hostile_file_through_parse_plan_is_refused_too() -> None:
    # parse_plan is the whole path the CLI takes (including any fast path in front of the loader).
    with pytest.raises(PlanError) as caught:
        parse_plan(HOSTILE["alias_bomb"][0](), "bom.yaml")
    assert "alias" in caught.value.message
    with pytest.raises(PlanError) as caught:
        parse_plan("dokumen: " + "[" * 1000 + "]" * 1000, "dalam.yaml")
    assert "max_depth" in caught.value.message
