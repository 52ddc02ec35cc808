"""A validated pydantic model as plain data, and back, without building its validator.

The compiled rule set is kept between runs as data (:mod:`renja_rules.rules`): a rule file's
rules, as their models dump them in JSON mode. Building a model's validator is most of what
reading the default rules costs a one-file run (pydantic generates each model's schema on
first use), so the kept data is turned back into models with ``model_construct``, which
builds nothing. ``model_construct`` checks nothing either: :func:`rebuilt` checks, itself,
that every value has the type its field's annotation gives and meets the field's constraints
(bounds, lengths, patterns), and runs the fields' own validators (a kept entry is only as
trusted as the working tree); it raises :class:`Unexpected` otherwise, and for any model that
validates itself in a way not checked here (the model is then validated by pydantic instead). :func:`as_data` gives the data only when it comes
back equal to the model it was dumped from, so a model this module cannot carry exactly
is never kept.
"""

from __future__ import annotations

import re
import types
import typing
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Callable

import annotated_types
from pydantic import BaseModel

__all__ = ["as_data", "rebuilt", "Unexpected"]


class Unexpected(Exception):
    """The data is not what a model of this class dumps."""


def as_data(model: BaseModel) -> dict[str, Any] | None:
    """The model in JSON form (field names, not aliases), or None when it does not come back the same."""
    data = model.model_dump(mode="json")
    try:
        back = rebuilt(type(model), data)
    except Unexpected:
        return None
    return data if back == model else None


def rebuilt(cls: type[BaseModel], data: Any) -> BaseModel:
    """The model ``cls`` holding ``data`` (what :func:`as_data` gave), its types checked; raises :class:`Unexpected`."""
    return _converter(cls)(data)  # type: ignore[no-any-return]


Convert = Callable[[Any], Any]


@cache  # one converter per annotation: a rule set rebuilds hundreds of models of a dozen classes
def _converter(annotation: Any) -> Convert:
    """A function turning JSON data into the value ``annotation`` describes, or raising Unexpected."""
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return _same
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return _union(tuple(_converter(member) for member in typing.get_args(annotation)))
    if origin is typing.Literal:
        return _literal(typing.get_args(annotation))
    if origin in (list, tuple, dict):
        return _container(origin, typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    if annotation is type(None):
        return _none
    if annotation is Decimal:
        return _decimal
    if annotation in (str, int, bool, float):
        return _exactly(annotation)
    raise Unexpected(str(annotation))  # a shape not listed here: the model is validated instead


def _same(value: Any) -> Any:
    return value


def _none(value: Any) -> None:
    if value is not None:
        raise Unexpected("None")


def _decimal(value: Any) -> Decimal:
    if type(value) is str:  # JSON mode writes a Decimal as its exact text
        try:
            return Decimal(value)
        except InvalidOperation:
            pass
    raise Unexpected("Decimal")


def _exactly(kind: type) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise Unexpected(kind.__name__)
        return value

    return convert


def _union(members: tuple[Convert, ...]) -> Convert:
    def convert(value: Any) -> Any:
        for member in members:
            try:
                return member(value)
            except Unexpected:
                continue
        raise Unexpected("none of a union's types")

    return convert


def _literal(choices: tuple[Any, ...]) -> Convert:
    def convert(value: Any) -> Any:
        if any(type(value) is type(choice) and value == choice for choice in choices):
            return value
        raise Unexpected(f"{value!r} is not one of {choices}")

    return convert


def _container(origin: type, arguments: tuple[Any, ...]) -> Convert:
    if origin is tuple:
        return _tuple(arguments)
    if origin is list:
        return _list(_converter(arguments[0]) if arguments else _same)
    return _dict(*((_converter(arguments[0]), _converter(arguments[1])) if arguments else (_same, _same)))


def _tuple(arguments: tuple[Any, ...]) -> Convert:
    if Ellipsis in arguments:
        raise Unexpected("a tuple of any length")
    items = tuple(_converter(argument) for argument in arguments)

    def convert(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(items):  # JSON writes a tuple as a list
            raise Unexpected("tuple")
        return tuple(item(entry) for item, entry in zip(items, value))

    return convert


def _list(item: Convert) -> Convert:
    def convert(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Unexpected("list")
        return value if item is _same else [item(entry) for entry in value]

    return convert


def _dict(key: Convert, entry: Convert) -> Convert:
    def convert(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise Unexpected("dict")
        if entry is _same:  # dict[str, Any]: plan snippets of examples, taken whole once their keys are checked
            for name in value:
                key(name)
            return value
        return {key(name): entry(item) for name, item in value.items()}

    return convert


def _model(cls: type[BaseModel]) -> Convert:
    """Each field's type and constraints checked, its validators run, then the model constructed."""
    decorators = cls.__pydantic_decorators__
    if decorators.model_validators or decorators.root_validators or decorators.validators:
        raise Unexpected(f"{cls.__name__} validates itself as a whole")
    validators: dict[str, list[Callable[[Any], Any]]] = {}
    for decorator in decorators.field_validators.values():
        if decorator.info.mode != "after":
            raise Unexpected(f"{cls.__name__} has a validator before its types are checked")
        for name in decorator.info.fields:
            validators.setdefault(name, []).append(decorator.func)
    fields = {name: _checked(_converter(info.annotation), info.metadata, validators.get(name, ()))
              for name, info in cls.model_fields.items()}
    names = fields.keys()
    required = frozenset(name for name, info in cls.model_fields.items() if info.is_required())

    def convert(value: Any) -> BaseModel:
        if type(value) is not dict or not required <= value.keys() <= names:
            raise Unexpected(cls.__name__)
        return cls.model_construct(**{name: fields[name](item) for name, item in value.items()})

    return convert


def _checked(convert: Convert, metadata: list[Any], validators: Any) -> Convert:
    """``convert``, then the field's constraints (bounds, lengths, a pattern) and its after-validators."""
    tests = [_test(item) for item in metadata]
    if not tests and not validators:
        return convert

    def checked(value: Any) -> Any:
        value = convert(value)
        if value is not None and not all(test(value) for test in tests):
            raise Unexpected("a value outside its field's constraints")
        for validate in validators:
            try:
                value = validate(value)
            except (ValueError, AssertionError) as error:  # what pydantic reports as a validation error
                raise Unexpected(str(error)) from None
        return value

    return checked


def _test(constraint: Any) -> Callable[[Any], bool]:
    """A field constraint pydantic checks, as a test; a constraint not listed makes the model not kept."""
    if isinstance(constraint, annotated_types.Ge):
        return lambda value: value >= constraint.ge
    if isinstance(constraint, annotated_types.Gt):
        return lambda value: value > constraint.gt
    if isinstance(constraint, annotated_types.Le):
        return lambda value: value <= constraint.le
    if isinstance(constraint, annotated_types.Lt):
        return lambda value: value < constraint.lt
    if isinstance(constraint, annotated_types.MinLen):
        return lambda value: len(value) >= constraint.min_length
    if isinstance(constraint, annotated_types.MaxLen):
        return lambda value: len(value) <= constraint.max_length
    pattern = getattr(constraint, "pattern", None)
    if isinstance(pattern, str) and set(vars(constraint)) == {"pattern"}:
        compiled = re.compile(pattern)  # pydantic's own patterns of the models (not data): searched, as it does
        return lambda value: compiled.search(value) is not None
    raise Unexpected(f"a constraint not checked here: {constraint!r}")
