"""The board uses the width it has: at 120×40 severity, owner and whom a late clock
escalates to are read whole; at 80×24 too, whom to tell on a line of its own when the
clock's line has no room. Read from what the terminal shows, in each staff language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable

from kiosk.core.display import role_word
from kiosk.core.i18n import lookup
from kiosk.desk import staff
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import SEVERITY_SHOWN
from tests.tui.flow import screen_text, sign_in


@pytest.mark.parametrize("language", ["en", "hy", "sw"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_board_shows_severity_owner_and_escalation_whole(
        make_app: Callable[..., KioskApp], desk: Desk, language: str,
        size: tuple[int, int]) -> None:
    staff.set_ui_lang(desk, "agent1", language, "super1")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, "agent1", "1397")
        table = app.screen.query_one("#open-incidents", DataTable)
        lines = screen_text(app).splitlines()
        rows = board(desk, "", language).open
        late = [r for r in rows if r.sla.breached and r.sla.notify_role]
        assert late, "the demo has a late incident that escalates"
        for row in rows:
            at = next(i for i, line in enumerate(lines) if row.ref in line)
            line = lines[at]
            word = lookup(SEVERITY_SHOWN[row.severity][0])
            assert f" {word} " in line, (row.ref, line)
            assert f" {row.owner} " in line, (row.ref, line)
            if row in late:
                target = "→" + role_word(desk.policy, row.sla.notify_role or "")
                where = line if size[0] == 120 else line + lines[at + 1]
                assert target in where, (row.ref, target, line, lines[at + 1])
        inside = table.content_size.width
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert inside - 3 <= used <= inside
