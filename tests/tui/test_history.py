"""The incident history screen: every incident found again, resolved ones too; one
incident's whole record; a note, a reopening and a new owner added there, each audited
as the person signed in."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input, Select

from kiosk.core.models import Status
from kiosk.desk import history, incidents
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.history import HistoryScreen
from kiosk.tui.screens.record import RecordScreen
from kiosk.tui.screens.record_change import ChangeDialog
from tests.tui.flow import settle, shown, sign_in

LONG_NOTE = ("Guest asked that IT call her before 9 am on her next stay; " * 6).strip()


def _rows(app: KioskApp) -> list[str]:
    table = app.screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def test_history_finds_resolved_incidents_and_changes_them_audited(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    (oneill,) = history.search(desk, guest="O'Neill")
    assert oneill.status != Status.OPEN
    history.add_note(desk, oneill.id, desk.store.get_staff("super1"), LONG_NOTE)
    every = history.search(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        # Every incident, whatever its status, newest first.
        assert _rows(app) == [i.ref for i in every]
        assert any(i.status != Status.OPEN for i in every)
        search = app.screen.query_one("#history-search", Input)
        for query in ("O'Ne", oneill.ref.lower(), "221",
                      oneill.reported_at.date().isoformat()):
            search.value = query
            await settle(pilot)
            assert oneill.ref in _rows(app), query
        search.value = "O'Ne"
        await settle(pilot)
        assert _rows(app) == [oneill.ref]
        search.value = "2026-02-30"  # no such day: said so, nothing else lost
        await settle(pilot)
        assert "not a real date" in shown(app, "#history-status")
        search.value = "O'Ne"
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the list, then open the row
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen)
        text = shown(app, "#record-text")
        # The note in full, the compensation, the follow-up and the audit trail.
        assert " ".join(LONG_NOTE.split()) in " ".join(text.split())
        assert "Happy with the new access point" in text and "Audit trail" in text
        assert "incident.note" in text and "Compensation" in text
        assert record.check_action("reopen", ()) is True

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ChangeDialog)
        await pilot.press("enter")  # no reason: refused in the dialog, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, ChangeDialog)
        assert "reason" in shown(app, "#change-message")
        await pilot.press(*"Wi-Fi down again", "enter")
        await settle(pilot)
        assert app.screen is record
        assert record.check_action("reopen", ()) is False  # open now: no reopen key
        assert "Wi-Fi down again" in shown(app, "#record-text")

        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"IT on its way", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChangeDialog)
        dialog.query_one("#change-owner", Select).value = "super1"
        dialog.query_one("#change-text", Input).focus()
        await pilot.press(*"Grace knows the IT lead", "enter")
        await settle(pilot)
        assert app.screen is record
        assert "Grace Njeri (super1)" in shown(app, "#record-text")

    fresh = incidents.get_incident(desk, oneill.id)
    assert fresh.status == Status.OPEN and fresh.owner == "super1"
    assert [(n.kind, n.staff_id) for n in fresh.notes] == [
        ("note", "super1"), ("reopen", "agent1"), ("note", "agent1"),
        ("reassign", "agent1")]
    assert fresh.notes[-1].text.endswith("Grace knows the IT lead")
    _, trail = history.audit_trail(desk, oneill.id)
    assert [(e["action"], e["actor"]) for e in trail[-3:]] == [
        ("incident.reopen", "agent1"), ("incident.note", "agent1"),
        ("incident.reassign", "agent1")]


