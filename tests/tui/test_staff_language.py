"""The screens speak the staff member's language: the terminal's (staff_language in
property.toml) before anyone signs in, switched with a key at sign-in, the person's own
once they sign in, and the terminal's again after a lock."""

from __future__ import annotations

import pytest

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import current_language
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from tests.tui.flow import screen_text, settle, sign_in


async def test_language_follows_the_terminal_the_key_and_the_person(desk: Desk) -> None:
    staff.set_ui_lang(desk, "agent1", "hy", "super1")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert current_language() == "en"
        assert "Language: English" in screen_text(app)

        await pilot.press("f2")
        await settle(pilot)
        assert current_language() == "hy"
        assert "Հայերեն" in screen_text(app)
        await pilot.press("f2")
        await settle(pilot)
        assert current_language() == "sw"
        assert "Kiswahili" in screen_text(app)

        await sign_in(pilot, "agent1", "1397")
        assert app.staff is not None and app.staff.id == "agent1"
        assert current_language() == "hy"

        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.staff is None
        assert current_language() == "en"
        assert "Language: English" in screen_text(app)

        # Someone without a language of their own gets the property's.
        await sign_in(pilot, "agent2", "2684")
        assert current_language() == "en"


def test_a_staff_language_the_kiosk_does_not_speak_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="not one the kiosk speaks"):
        staff.set_ui_lang(desk, "agent1", "fr", "super1")
    with pytest.raises(ValidationError, match="not one the kiosk speaks"):
        staff.add_staff(desk, "Nare Sargsyan", "agent", "8642", actor="super1",
                        ui_lang="xx")
    added = staff.add_staff(desk, "Nare Sargsyan", "agent", "8642", actor="super1",
                            ui_lang="sw")
    assert staff.staff_language(desk.policy, added) == "sw"
    assert staff.staff_language(desk.policy, None) == "en"
