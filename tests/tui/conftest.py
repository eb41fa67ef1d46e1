"""Kiosk tests run the real app on a real store in a temporary folder, with a clock
that stands still so SLA timers, the on-screen time and snapshots never move."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from kiosk.tui.app import KioskApp
from tests.conftest import LETTERS, POLICIES

# 12:30 at the hotel (Asia/Yerevan, UTC+4) on a Monday.
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _steady_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursors, and incident references drawn from a seeded generator, so
    two runs draw the same screens."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    monkeypatch.setattr("kiosk.store.tinystore.secrets", random.Random(2026))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo store seeded per test session; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo-template")
    settings = Settings(policies=POLICIES, letters=LETTERS, store=folder / "store",
                        terminal="test-desk")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kiosk.store.tinystore.secrets", random.Random(2026))
        seed_demo(Desk.open(settings, clock=FixedClock(NOW)))
    return folder / "store"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def desk(tmp_path: Path, demo_template: Path, clock: FixedClock) -> Desk:
    """A desk on a private copy of the seeded demo store."""
    store = tmp_path / "store"
    shutil.copytree(demo_template, store)
    settings = Settings(policies=POLICIES, letters=LETTERS, store=store,
                        terminal="test-desk")
    return Desk.open(settings, clock=clock)


@pytest.fixture
def empty_desk(settings: Settings, clock: FixedClock) -> Desk:
    return Desk.open(settings, clock=clock)


@pytest.fixture
def make_app(desk: Desk) -> Callable[..., KioskApp]:
    def build(**options: object) -> KioskApp:
        options.setdefault("idle_seconds", 0)
        options.setdefault("policy_check_seconds", None)
        return KioskApp(desk, **options)  # type: ignore[arg-type]

    return build
