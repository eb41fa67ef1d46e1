"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from tests.cups_fixture import cups_queue  # noqa: F401  (shared fixture)
from tests.pg_fixture import chain_db, pg_cluster  # noqa: F401  (shared fixtures)

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
LETTERS = ROOT / "letters"


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The shipped policy set."""
    return load_policy(POLICIES)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Shipped policies and letters, a fresh store in a temporary folder."""
    return Settings(policies=POLICIES, letters=LETTERS, store=tmp_path / "store",
                    terminal="test-desk")


@pytest.fixture(autouse=True)
def _staff_language_english() -> None:
    """Each test starts in English: a kiosk run that signed in an Armenian-speaking
    agent leaves the process speaking Armenian for the next test file in a worker."""
    from kiosk.core.i18n import use_language

    use_language("en")


@pytest.fixture(autouse=True)
def _no_kiosk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's own KIOSK_* settings."""
    for name in list(os.environ):
        if name.startswith("KIOSK_"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _terminal_state(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                    ) -> Path:
    """What a terminal remembers of the stores it saw goes to a folder of the test's
    own (child processes inherit it), never the user's state folder."""
    state = tmp_path_factory.mktemp("terminal-state")
    monkeypatch.setenv("KIOSK_STATE_DIR", str(state))
    return state


def publish(folder: Path) -> None:
    """Publish a policy folder a test has edited, as a supervisor would."""
    from datetime import UTC, datetime

    from kiosk.core.policy_publish import publish_policy

    publish_policy(folder, datetime.now(UTC))


def republish(folder: Path) -> None:
    """A copied and edited policy folder becomes a property's own, published afresh."""
    (folder / "published.json").unlink(missing_ok=True)
    publish(folder)
