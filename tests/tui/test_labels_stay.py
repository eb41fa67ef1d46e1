"""Every box keeps its label on screen once something is typed into it (a placeholder
is gone with the first key, and then nothing says which box is which)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from tests.tui.flow import screen_text, settle, sign_in
from tests.tui.test_incident_flow import noise_complaint, open_from_board


def beside(app: KioskApp, box: Input) -> str:
    """What the screen shows left of the box on its own rows, in its frame's top line
    and on the row above it: where a person looks for the box's label."""
    lines = screen_text(app).splitlines()
    region = box.region
    rows = [lines[y][:region.x] for y in range(region.y, region.bottom)]
    if region.height > 1:  # framed: the frame's top line
        rows.append(lines[region.y][region.x:region.right])
    if region.y > 0:
        rows.append(lines[region.y - 1][region.x:region.right])
    return " ".join(rows)


async def typed_into(pilot: object, app: KioskApp, selector: str, text: str) -> Input:
    box = app.screen.query_one(selector, Input)
    box.focus()
    box.value = text
    await settle(pilot)  # type: ignore[arg-type]
    return box


async def test_labels_stay_when_text_is_typed(make_app: Callable[..., KioskApp],
                                              desk: Desk) -> None:
    noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = await typed_into(pilot, app, "#staff-id", "agent1")
        assert "Staff id" in beside(app, box)
        box = await typed_into(pilot, app, "#pin", "13")
        assert "PIN" in beside(app, box)
        app.screen.query_one("#pin", Input).value = ""
        await sign_in(pilot, "agent1", "1397")
        box = await typed_into(pilot, app, "#board-search", "Anoush")
        assert "Search" in beside(app, box)
        box.value = ""
        await settle(pilot)
        await open_from_board(pilot, "Anoush")
        box = await typed_into(pilot, app, "#step-note", "Guest upset")
        assert "Note" in beside(app, box)
