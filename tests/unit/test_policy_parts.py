"""The policy the kiosk runs on is made of plain parts (``policy_parts``), each with
exactly the fields and defaults of the file model of the same name that validated it,
so a part built from a checked file, or recalled from the cache, is the same policy."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import BaseModel

from kiosk.core import policy_files, policy_parts, training_files
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_validate import part
from tests.conftest import ROOT

PARTS = [kind for kind in vars(policy_parts).values()
         if dataclasses.is_dataclass(kind) and kind is not policy_parts.Part]


def _model(name: str) -> type[BaseModel]:
    found = getattr(policy_files, name, None) or getattr(training_files, name)
    assert issubclass(found, policy_files.Strict)
    return found


def _default(field: dataclasses.Field[object]) -> object:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None if field.default is dataclasses.MISSING else field.default


@pytest.mark.parametrize("kind", PARTS, ids=lambda kind: kind.__name__)
def test_each_part_has_its_file_models_fields_and_defaults(kind: type) -> None:
    model = _model(kind.__name__)
    fields = {f.name: f for f in dataclasses.fields(kind)}
    assert sorted(fields) == sorted(model.model_fields)
    for name, info in model.model_fields.items():
        required = info.is_required()
        assert required == (fields[name].default is dataclasses.MISSING
                            and fields[name].default_factory is dataclasses.MISSING), name
        if not required:  # a model's default model is compared as the part it makes
            assert _default(fields[name]) == part(info.get_default(
                call_default_factory=True)), name


def test_a_validated_policy_holds_parts_only() -> None:
    policy = load_policy(ROOT / "policies")
    seen: list[object] = []

    def walk(value: object) -> None:
        assert not isinstance(value, BaseModel), value
        if dataclasses.is_dataclass(value):
            seen.append(type(value))
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)

    walk(dataclasses.replace(policy, source=None))
    assert {policy_parts.Role, policy_parts.Item, policy_parts.Category, policy_parts.Step,
            policy_parts.Tier, policy_parts.Property, policy_parts.Notify} <= set(seen)


def test_a_part_is_frozen_like_its_model() -> None:
    sla = part(policy_files.Sla(acknowledge=5, resolve=60))
    assert sla == policy_parts.Sla(acknowledge=5, resolve=60)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sla.resolve = 1  # type: ignore[misc]


@pytest.mark.parametrize("kind", PARTS, ids=lambda kind: kind.__name__)
def test_a_part_compiles_no_methods_of_its_own(kind: type) -> None:
    """Every command builds these classes at its start: they share one set of methods
    rather than each compiling its own, as a plain dataclass would."""
    for method in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__"):
        assert getattr(kind, method) is getattr(policy_parts.Part, method), method
