"""Wrong types at every field of the plan model, generated from the model itself.

For each field path of :class:`renja_rules.model.PlanDocument` (lists entered at their
first row) a minimal valid plan is built, then the field's value is replaced by a value
of the wrong shape: a list or a mapping where a scalar belongs, a scalar or the other
container where a list or mapping belongs. Every such file must be refused (exit 2)
with the offending value's own line and column and the field's dotted name. A YAML
boolean where a scalar belongs is text as written: accepted, or refused at its position.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, Iterator, Literal, Union

import pytest
from pydantic import BaseModel

import renja_rules
from fuzz.corpus import run_in_process
from renja_rules.errors import PlanError
from renja_rules.loader import dump_yaml, load_yaml_text
from renja_rules.model import Nilai, PlanDocument, Uang

Path_ = tuple[str | int, ...]


def _options(annotation: Any) -> list[Any]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is Union:
        return [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return [annotation]


def _shape(annotation: Any) -> tuple[str, Any]:
    """('list', item model) / ('mapping', model) / ('scalar', annotation)."""
    (option,) = _options(annotation)[:1]
    if typing.get_origin(option) is list:
        return "list", typing.get_args(option)[0]
    if isinstance(option, type) and issubclass(option, BaseModel):
        return "mapping", option
    return "scalar", option


def field_paths(model: type[BaseModel] = PlanDocument, prefix: Path_ = ()) -> Iterator[tuple[Path_, str, Any]]:
    """Every field of ``model`` and its nested models: (data path, shape, annotation)."""
    for name, info in model.model_fields.items():
        path = prefix + (name,)
        shape, inner = _shape(info.annotation)
        yield path, shape, inner
        if shape == "list" and isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from field_paths(inner, path + (0,))
        elif shape == "mapping":
            yield from field_paths(inner, path)


def _sample(annotation: Any, name: str) -> Any:
    """A valid value for a required scalar field."""
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)[0]
    if annotation is int:
        return 2021
    if annotation in (Uang, Nilai):
        return "1"
    return {"kode": "2.17.01"}.get(name, "teks")


def _minimal(model: type[BaseModel]) -> dict[str, Any]:
    """The required fields of ``model`` with valid values."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            shape, inner = _shape(info.annotation)
            data[name] = _minimal(inner) if shape == "mapping" else [] if shape == "list" else _sample(inner, name)
    return data


def plan_with(path: Path_, value: Any) -> dict[str, Any]:
    """A minimal valid plan (a revision table) in which the field at ``path`` holds ``value``."""
    data = _minimal(PlanDocument)
    model: Any = PlanDocument
    node: Any = data
    for position, part in enumerate(path[:-1]):
        following = path[position + 1]
        if isinstance(part, int):
            continue
        shape, inner = _shape(model.model_fields[part].annotation)
        model = inner
        if shape == "list":
            node = node.setdefault(part, [_minimal(inner)])
            node = node[following]  # type: ignore[index]
        else:
            node = node.setdefault(part, _minimal(inner))
    node[path[-1]] = value
    return data


WRONG = {
    "scalar": {"a list": ["satu", "dua"], "a mapping": {"a": "b"}},
    "list": {"a scalar": "teks", "a mapping": {"a": "b"}},
    "mapping": {"a scalar": "teks", "a list": ["satu"]},
}

CASES = [
    pytest.param(path, wrong_value, id=f"{'.'.join(map(str, path))}={label.replace(' ', '-')}")
    for path, shape, _inner in field_paths()
    for label, wrong_value in WRONG[shape].items()
]


def test_the_generator_covers_the_whole_model() -> None:
    paths = {".".join(map(str, path)) for path, _shape_, _inner in field_paths()}
    assert {"dokumen.jenis", "dokumen.jumlah.kegiatan", "program.0.kegiatan.0.sub_kegiatan.0.indikator.0.sesudah.pagu",
            "urusan.0.bidang_urusan.0.unit.kode", "program.0.rata_rata.capaian.k", "total.capaian_renstra.rp",
            "program.0.indikator.0.kumulatif"} <= paths
    assert len(CASES) > 200


@pytest.mark.parametrize("path, wrong", CASES)
def test_a_value_of_the_wrong_shape_is_refused_at_its_position(path: Path_, wrong: Any) -> None:
    text = dump_yaml(plan_with(path, wrong))
    _data, source = load_yaml_text(text, "plan.yaml")
    with pytest.raises(PlanError) as caught:
        renja_rules.parse_plan(text, "plan.yaml")
    error = caught.value
    assert (error.line, error.column) == source.values[path], (error, text)
    assert ".".join(map(str, path)) in error.message


SCALARS = [path for path, shape, _inner in field_paths() if shape == "scalar"]


@pytest.mark.parametrize("path", SCALARS, ids=[".".join(map(str, path)) for path in SCALARS])
def test_a_yaml_boolean_where_a_scalar_belongs_is_text_or_refused_at_its_position(path: Path_) -> None:
    text = dump_yaml(plan_with(path, "PLACEHOLDER")).replace("PLACEHOLDER", "yes")  # YAML 1.1 reads it as true
    _data, source = load_yaml_text(text, "plan.yaml")
    try:
        renja_rules.parse_plan(text, "plan.yaml")
    except PlanError as error:
        assert (error.line, error.column) == source.values[path]
        assert ".".join(map(str, path)) in error.message


def test_through_the_command_line_every_file_is_answered_at_its_value(tmp_path: Path) -> None:
    """All the wrong-shape files in one run: each answered with its own position, none stops the others."""
    expected: dict[str, tuple[int, int]] = {}
    for index, case in enumerate(CASES):
        path, wrong = case.values
        text = dump_yaml(plan_with(path, wrong))
        name = tmp_path / "plans" / f"{index:04d}.yaml"
        name.parent.mkdir(exist_ok=True)
        name.write_text(text, encoding="utf-8")
        expected[str(name)] = load_yaml_text(text, str(name))[1].values[path]
    outcome = run_in_process(["check", str(tmp_path / "plans")], tmp_path)
    assert outcome.problems() == [] and outcome.exit_code == 2
    answered = {}
    for line in outcome.output.splitlines():
        file, _, rest = line.partition(".yaml:")
        if rest:
            row, column = rest.split(":")[:2]
            answered.setdefault(file + ".yaml", (int(row), int(column)))
    assert answered == expected


# --- numbers beyond what a cell holds (README, Robustness: "A number cell holds at most 30 ...") ---

_CLEAN_TEXT = (Path(__file__).resolve().parent.parent / "examples" / "bersih" / "perubahan-renja-bersih.yaml").read_text(
    encoding="utf-8")


@pytest.mark.parametrize("cell, outcome", [
    ("1" * 31, "AN001"),  # one digit too many, unquoted
    ('"' + "9" * 100_000 + '"', "AN001"),  # quoted, as many digits as the scalar limit allows
    ('"1.234.567.890.123.456.789.012.345.678.901.234,00"', "AN001"),
    (".nan", "AN001"), ("1e999", "AN001"), ('"banyak"', "AN001"), ('"Rp 5 juta"', "AN001"),
    ('"2O.037.800,00"', "AN001"), ("750.000", "AN001"),  # issue 17: a finding on the cell, not exit 2
    ("[1, 2]", "exit 2"), ("{a: 1}", "exit 2"),  # what cannot be a cell at all stays a structural error
])
def test_what_a_rupiah_cell_cannot_hold_is_answered_as_the_readme_says(cell: str, outcome: str) -> None:
    text = _CLEAN_TEXT.replace('pagu: "114.859.200,00"}', f"pagu: {cell}}}", 1)
    assert text != _CLEAN_TEXT
    if outcome == "exit 2":
        with pytest.raises(PlanError):
            renja_rules.parse_plan(text, "p.yaml")
        return
    violations = renja_rules.check(renja_rules.parse_plan(text, "p.yaml"), renja_rules.load_rules())
    assert [v.rule_id for v in violations if v.field == "sebelum.pagu"] == ["AN001"]


@pytest.mark.parametrize("cell", [".nan", "1e999", '"' + "1" * 31 + ' Stel"'])
def test_what_a_value_cell_cannot_hold_is_a_damaged_cell(cell: str) -> None:
    text = _CLEAN_TEXT.replace('target: "100%", pagu: "114.859.200,00"}', f'target: {cell}, pagu: "114.859.200,00"}}', 1)
    assert text != _CLEAN_TEXT
    violations = renja_rules.check(renja_rules.parse_plan(text, "p.yaml"), renja_rules.load_rules())
    assert "AN001" in [v.rule_id for v in violations if v.field == "sebelum.target"]
