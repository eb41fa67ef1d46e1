"""Every screen's keys are kept as lists in kiosk.tui.bindings: within one list a key may
do one thing only (a second binding of the same key is silently never reached)."""

from __future__ import annotations

from textual.binding import Binding

from kiosk.tui import bindings


def key_lists() -> dict[str, list[Binding]]:
    return {name: value for name, value in vars(bindings).items()
            if name.isupper() and isinstance(value, list)
            and value and all(isinstance(b, Binding) for b in value)}


def test_the_key_lists_are_found() -> None:
    assert {"APP", "SIGN_IN", "BOARD", "REPORT"} <= set(key_lists())


def test_no_key_does_two_things_on_one_screen() -> None:
    clashes = []
    for name, keys in key_lists().items():
        seen: dict[str, str] = {}
        for binding in keys:
            for key in binding.key.split(","):
                key = key.strip()
                if key in seen and seen[key] != binding.action:
                    clashes.append(f"{name}: {key} is both {seen[key]} and {binding.action}")
                seen.setdefault(key, binding.action)
    assert clashes == []
