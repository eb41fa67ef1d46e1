"""Classes every command builds at its start cost no more than they must: a dataclass
without a docstring is documented with its own signature, which ``inspect`` works out
anew in every process (a few tenths of a millisecond a class, each command dozens)."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

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
