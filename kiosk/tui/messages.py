"""What screens tell the app, and the app tells screens: messages up, attributes down.

A screen never calls into the app to change the session; it posts one of these and the
app, which owns the session, acts on it.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from kiosk.core.models import Staff
from kiosk.core.training import Scenario


class SignedIn(Message):
    """A PIN was accepted at the sign-in screen (``practice``: to practise at once)."""

    def __init__(self, member: Staff, practice: bool = False) -> None:
        super().__init__()
        self.member = member
        self.practice = practice


class LanguageChosen(Message):
    """The sign-in screen's language key: speak ``code`` until someone signs in."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class Locked(Message):
    """Posted to the sign-in screen when the terminal locks: forget everything typed."""


class PolicyChanged(Message):
    """Posted to the current screen after a policy reload, valid or not."""


class ReloadPolicies(Message):
    """A supervisor asked to read the policy files again now."""


class FirstSupervisorCreated(Message):
    """The first-run screen created the store's first supervisor."""

    def __init__(self, member: Staff) -> None:
        super().__init__()
        self.member = member


class KeepDraft(Message):
    """A screen is left with typed work on it: keep it as the signed-in person's draft."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.data = data


class DraftKept(Message):
    """Posted to the current screen once a draft is in the store (the board lists it)."""


class RetryStore(Message):
    """The store could not be read at start; try again."""


class PracticeChosen(Message):
    """The agent chose a scenario to practise: the app starts the run."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario


class PracticeEnded(Message):
    """The practice run is over: back to the real desk."""


class ScreenClosed(Message):
    """A screen is gone: the app lets go of what Textual still holds of it."""
