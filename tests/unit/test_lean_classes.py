"""Classes every command builds at its start cost no more than they must: a dataclass
without a docstring is documented with its own signature, which ``inspect`` works out
anew in every process (a few tenths of a millisecond a class, each command dozens)."""

from __future__ import annotations

import dataclasses
import importlib
from datetime import datetime

import pytest

from kiosk.core import models
from kiosk.core.plain import Part, Record, Value

# What `kiosk incident list` and `kiosk incident add` load of the kiosk's own classes.
ON_EVERY_PATH = ("kiosk.config", "kiosk.core.errors", "kiosk.core.models",
                 "kiosk.core.engine", "kiosk.core.policy_set", "kiosk.core.policy_parts",
                 "kiosk.core.policy_publish", "kiosk.core.group_policy",
                 "kiosk.desk.context", "kiosk.desk.incidents")


@pytest.mark.parametrize("name", ON_EVERY_PATH)
def test_each_dataclass_is_documented_in_words(name: str) -> None:
    module = importlib.import_module(name)
    undocumented = [kind.__name__ for kind in vars(module).values()
                    if isinstance(kind, type) and dataclasses.is_dataclass(kind)
                    and kind.__module__ == name
                    and (kind.__doc__ or "").startswith(f"{kind.__name__}(")]
    assert undocumented == []


@pytest.mark.parametrize("name", ON_EVERY_PATH)
def test_no_class_on_every_path_compiles_its_methods(name: str) -> None:
    """Each dataclass there is a ``Part``, ``Record`` or ``Value``: a frozen dataclass
    compiles six methods when its module is imported (half a millisecond a class)."""
    module = importlib.import_module(name)
    compiled = [kind.__name__ for kind in vars(module).values()
                if isinstance(kind, type) and dataclasses.is_dataclass(kind)
                and kind.__module__ == name and not issubclass(kind, Part | Record | Value)]
    assert compiled == []


RECORDS = [kind for kind in vars(models).values()
           if isinstance(kind, type) and issubclass(kind, Record) and kind is not Record]


@pytest.mark.parametrize("kind", RECORDS, ids=lambda kind: kind.__name__)
def test_a_record_compiles_no_methods_at_import(kind: type) -> None:
    """The records share their comparison and display, and each one's ``__init__`` is
    written only when the first of its class is made."""
    for method in ("__eq__", "__repr__", "__hash__"):
        assert getattr(kind, method) is getattr(Record, method), method


def test_a_record_is_made_as_a_dataclass_would_be() -> None:
    first = models.FollowUp(datetime(2026, 11, 20, 9, 0), feedback="Fine")
    second = models.FollowUp(due=datetime(2026, 11, 20, 9, 0), feedback="Fine")
    assert first == second and first is not second
    assert first.unreachable == [] and first.unreachable is not second.unreachable
    assert (first.done_at, first.outcome, first.score, first.attempt) == (None, None, None, 1)
    assert repr(first).startswith("FollowUp(due=datetime.datetime(2026, 11, 20, 9, 0), ")
    first.score = 9
    assert first != second
    assert dataclasses.replace(first, score=3).score == 3
    with pytest.raises(TypeError):
        hash(first)
    with pytest.raises(TypeError):
        models.FollowUp()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        models.FollowUp(datetime(2026, 11, 20), due=datetime(2026, 11, 21))  # type: ignore[misc]
    assert models.from_dict(models.FollowUp, models.to_dict(first)) == first
