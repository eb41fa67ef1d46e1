"""A new incident from the board through the checklist, and compensation: within the
agent's limits, over them with a supervisor's approval, and refused with the agent's own
PIN."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.pilot import Pilot

from kiosk.core.models import Guest, Honorific, Incident, Status
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.approval import ApprovalDialog
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, shown, sign_in


def noise_complaint(desk: Desk, name: str = "Anoush Grigoryan") -> Incident:
    today = desk.now().date()
    guest = Guest(name, "hy", "512", today, today + timedelta(days=3), Honorific.MS)
    return incidents.open_incident(desk, "agent1", guest, "noise", "medium",
                                   "Music through the wall until 3 a.m.")


async def open_from_board(pilot: Pilot[None], guest_name: str) -> None:
    await pilot.press("ctrl+f", *guest_name, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_new_incident_through_the_whole_checklist(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        form = app.screen
        await pilot.press(*"Nadia Oko", "enter")  # focus moves on to the title
        await pilot.click("#f-room")
        await pilot.press(*"221", "enter")
        await pilot.click("#f-account")
        await pilot.press(*"No hot [b]water[/b]")
        await settle(pilot)
        assert "No earlier incidents" in shown(app, "#history-text")
        form.query_one("#f-category").value = "maintenance"
        await pilot.pause()
        # Severity follows the category's default.
        assert form.query_one("#f-severity").value == "high"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        checklist = app.screen
        assert "0/5 steps" in shown(app, "#checklist-progress")

        # A required step needs a note or a confirmation: enter alone does nothing.
        await pilot.press("enter")
        await settle(pilot)
        assert "0/5 steps" in shown(app, "#checklist-progress")
        await pilot.press(*"Cold since 7", "enter")
        await settle(pilot)
        assert "1/5 steps" in shown(app, "#checklist-progress")
        assert "Empathize" in shown(app, "#checklist-progress")
        await pilot.press("ctrl+o")  # confirm without a note
        await settle(pilot)
        for note in ("Sorry", "Engineer up", "Told eng"):
            await pilot.press(*note, "enter")
            await settle(pilot)
        assert "5/5 steps" in shown(app, "#checklist-progress")
        assert "checklist complete" in shown(app, "#checklist-progress")
        steps_text = shown(app, "#steps-text")
        assert "Engineer up" in steps_text and "confirmed" in steps_text
        incident_id = checklist.incident_id
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)

    saved = incidents.get_incident(desk, incident_id)
    assert saved.guest.name == "Nadia Oko" and saved.guest.room == "221"
    assert saved.account == "No hot [b]water[/b]"
    assert (saved.category, saved.severity) == ("maintenance", "high")
    assert [s.step_id for s in saved.steps] == [s.id for s in desk.policy.steps]
    assert saved.steps[1].note == "" and saved.steps[1].confirmed
    assert saved.status == Status.RESOLVED and saved.follow_up is not None


async def test_compensation_within_the_agents_limits(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    incident = noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await open_from_board(pilot, "Anoush")
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, CompensationScreen)
        await pilot.press("plus")  # the first suggestion: the welcome amenity
        await settle(pilot)
        assert "WITHIN YOUR LIMITS" in shown(app, "#decision")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
    given = incidents.get_incident(desk, incident.id).compensation
    assert len(given) == 1
    assert given[0].verdict == "allowed" and given[0].approval is None
    assert [(line.item_id, line.qty) for line in given[0].lines] == [("welcome_amenity", 1)]


async def ask_for_upgrade(pilot: Pilot[None]) -> None:
    """As agent1, on a fresh noise complaint, choose the room upgrade (the third
    suggestion for noise) and give it: it needs a supervisor, and a remark saying which
    room. Leaves the approval dialog open."""
    await sign_in(pilot, "agent1", "1397")
    await open_from_board(pilot, "Anoush")
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("down", "down", "plus")
    await pilot.click("#remark")
    await pilot.press(*"801", "enter")
    await settle(pilot)
    assert "NEEDS A SUPERVISOR" in shown(pilot.app, "#decision")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ApprovalDialog)


def _approvals(desk: Desk) -> int:
    return sum(e["action"] == "staff.approve" for e in desk.store.audit_entries())


async def test_over_the_limit_approved_by_a_supervisor(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    incident = noise_complaint(desk)
    approvals_before = _approvals(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_for_upgrade(pilot)
        # Grace Njeri (supervisor) is first in the list: she picks herself.
        await pilot.press("enter", *"3851", "enter", *"Repeat noise", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        # The desk is told who approved by name, as the approver list showed her.
        told = " ".join(str(n.message) for n in app._notifications)
        assert "approved by Grace Njeri." in told
    given = incidents.get_incident(desk, incident.id).compensation
    assert len(given) == 1
    decision = given[0]
    assert decision.verdict == "needs_approval" and decision.approval is not None
    assert decision.approval.approver_id == "super1"
    assert decision.approval.reason == "Repeat noise"
    assert decision.lines[0].item_id == "room_upgrade"
    assert decision.lines[0].remark == "801"
    # The PIN is checked once: one approval in the audit trail, not one per screen.
    assert _approvals(desk) == approvals_before + 1


async def test_the_agents_own_pin_cannot_approve(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    incident = noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_for_upgrade(pilot)
        dialog = app.screen
        await pilot.click("#approver-id")
        await pilot.press(*"agent1", "enter", *"1397", "enter", *"Fine", "enter")
        await settle(pilot)
        assert app.screen is dialog  # still asking
        assert "cannot approve your own" in shown(app, "#approval-message")
        assert dialog.query_one("#approver-pin").value == ""
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompensationScreen)
    assert incidents.get_incident(desk, incident.id).compensation == []
