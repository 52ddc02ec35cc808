"""Positions of the fast path: rapidyaml's answers must be PyYAML's, or not given.

``fastload._ryml_positions`` places values by their offset in rapidyaml's tree; the full
loader's :class:`~renja_rules.loader.SourceMap` is the reference. For every value of every
shipped example and of generated plans in each layout, each path asked alone must come
back with exactly the reference's positions (for it and its parents), or ``None`` (then
libyaml's events answer).
"""

from __future__ import annotations

import pytest

from renja_rules import fastload
from renja_rules.loader import SourceMap, load_yaml_text
from renja_rules.plan import parse_plan

from .conftest import EXAMPLES, bench_generator

pytestmark = pytest.mark.skipif(not fastload.AVAILABLE, reason="rapidyaml is not installed")

generate = bench_generator()


def _texts() -> list[tuple[str, str]]:
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.rglob("*.yaml"))]
    for jenis in ("perubahan-renja", "evaluasi-renja"):
        for style in ("flow", "block", "compact"):
            texts.append((f"{jenis}-{style}", generate.generate_plan(7, 40, jenis, 0.2, style=style)))
    return texts


TEXTS = _texts()


def _assert_exact_or_declined(text: str, paths: list[tuple[str | int, ...]]) -> int:
    reference = load_yaml_text(text, "x.yaml")[1].values
    answered = 0
    for path in paths:
        found = fastload._ryml_positions(text, {path})
        if found is None:
            continue
        answered += 1
        assert set(found) == {path[:size] for size in range(len(path) + 1)}
        for prefix, position in found.items():
            assert position == reference[prefix], prefix
    return answered


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_every_value_of_a_plan_is_placed_where_pyyaml_places_it(name: str, text: str) -> None:
    paths = list(load_yaml_text(text, name)[1].values)
    answered = _assert_exact_or_declined(text, paths)
    assert answered == len(paths)  # these files hold nothing rapidyaml cannot place


def test_many_paths_at_once_give_the_same_answers_as_the_events() -> None:
    for name, text in TEXTS:
        paths = set(load_yaml_text(text, name)[1].values)
        assert fastload._ryml_positions(text, paths) == fastload._event_positions(text, paths), name


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\r\nb: {c: 'x', d: \"y\"}\r\n",                       # CRLF line ends
        "a: 'Dinas Koperasi, Usaha Mikro'\nb: [ 1,  2 ,3]\n",    # quoted scalars, spaced flow items
        "nama: Pemerintahan Kota Malang — Bidang\nx: é\ny: [é, ü]\n",  # columns count characters, not bytes
        "a:\n- b: 1\n  c: 2\n-   d: 3\n- - 4\n  - 5\n",             # block sequences, nested, indented items
        "a:\n  - {b: 1}\n  - [2, 3]\n  -\n    e: 4\n",                # flow items in a block sequence, item on the next line
        "a: |\n  literal\nb: >\n  folded\nc: x\n",                 # block scalars: declined, never misplaced
        "a:\nb: {}\nc: []\nd: ''\n",                               # empty values and collections
        "a: [\n  1,\n  2\n]\nb: {\n  c: 3 }\n",                    # multi-line flow collections
        "'a b': 1\n\"c\": {\"d e\": 2}\n",                          # quoted keys
        "a: # comment\n  b: 1\nc: a - 1\n",                         # comments in the way, plain text with a dash
        "a:\n  - # comment\n    b: 1\n",
        "a: x\rb: y\n",                                              # a lone CR: declined
        "\ufeffa: 1\n",                                              # byte-order mark: declined
        "a:\n" + "".join(f"- {{k: {i}, v: 'x'}}\n" for i in range(100)),  # long lists: entries listed once
        "a: [" + ", ".join(str(i) for i in range(100)) + "]\n",
    ],
)
def test_awkward_yaml_is_placed_exactly_or_declined(text: str) -> None:
    try:
        paths = list(load_yaml_text(text, "x.yaml")[1].values)
    except Exception:  # noqa: BLE001 - text the loader refuses is not a question for positions
        pytest.skip("not loadable")
    _assert_exact_or_declined(text, paths)


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_without_parents_every_path_is_located_as_with_them(name: str, text: str) -> None:
    # What a violation needs: the deepest part of its path that exists. Paths of cells that
    # are absent (a required field left out) are located at their nearest parent.
    reference = load_yaml_text(text, name)[1]
    paths = set(reference.values) | {path + ("tidak_ada", 0) for path in list(reference.values)[::7]}
    with_parents = fastload.locate_paths(text, paths)
    without = fastload.locate_paths(text, paths, parents=False)
    assert len(without) <= len(with_parents)
    for path in paths:
        expected = reference.locate(path)
        assert SourceMap(name, with_parents).locate(path) == expected, path
        assert SourceMap(name, without).locate(path) == expected, path


def test_a_plan_answers_positions_of_parents_it_did_not_place() -> None:
    text = generate.generate_plan(3, 12, "perubahan-renja", 0.0, style="compact")
    plan = parse_plan(text, "x.yaml")
    assert plan.locator.parsed is not None  # read by the fast path: positions are found on demand
    reference = load_yaml_text(text, "x.yaml")[1]
    row = plan.nodes("indikator")[5].path
    plan.prepare_locations([row + ("sesudah", "pagu"), row + ("tidak_ada",)], parents=False)
    assert plan.locate(row + ("sesudah", "pagu")) == reference.locate(row + ("sesudah", "pagu"))
    assert plan.locate(row + ("tidak_ada",)) == reference.locate(row)
    assert plan.position(row + ("tidak_ada",)) is None
    for size in range(len(row) + 1):  # never placed: read when asked, and right
        assert plan.position(row[:size]) == reference.values[row[:size]]
