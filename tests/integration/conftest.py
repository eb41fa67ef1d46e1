"""Fixtures shared by the desk use-case tests: a store on a fixed clock with one person
per role. A test module that needs a different desk defines its own ``desk``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.desk.context import Desk
from tests.integration.desk_setup import START, make_desk, make_team


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock) -> Desk:
    return make_desk(tmp_path / "store", clock)


@pytest.fixture
def team(desk: Desk) -> dict[str, str]:
    return make_team(desk)
