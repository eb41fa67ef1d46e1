"""The top line of every screen: the property, who is signed in, the hotel's time."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from kiosk.tui.text import clock_text, inert
from kiosk.tui.widgets.practice_banner import PracticeBanner

if TYPE_CHECKING:
    from kiosk.tui.app import KioskApp


class DeskClock(Static):
    """The hotel's wall-clock time, from the desk's clock (fixed in tests).

    Drawn with the screen's first frame, and drawn again only when the minute shown
    changes: each new text lays the whole screen out again, which a big form feels
    as a key that waits."""

    def on_mount(self) -> None:
        self.set_interval(cast("KioskApp", self.app).tick_seconds, self.tick)

    def tick(self) -> None:
        app = cast("KioskApp", self.app)
        shown = clock_text(app.desk.now(), app.desk.policy)
        if shown != self.content:
            self.update(shown)


MIN_NAME = 6  # cells of the property's name kept however long the title


class KioskHeader(Horizontal):
    """Property name, the screen's title, the signed-in staff member and the clock."""

    def __init__(self, title: str, show_staff: bool = True):
        super().__init__()
        self.screen_title = title
        self.show_staff = show_staff

    def compose(self) -> ComposeResult:
        app = cast("KioskApp", self.app)
        if app.practice is not None:
            self.add_class("practice")
            yield PracticeBanner()
        yield Static(inert(app.desk.policy.property.name, "bold"), classes="header-property")
        heading = Text("  ·  " + self.screen_title)
        if app.demo:
            heading.append("  [DEMO]", "bold")
        self.heading_cells = heading.cell_len
        yield Static(heading, classes="header-title")
        who = Text()
        if self.show_staff and app.staff is not None:
            who = inert(app.staff.name, limit=22)
        yield Static(who, classes="header-who")
        yield DeskClock(clock_text(app.desk.now(), app.desk.policy), classes="header-clock")

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """The screen's title is never cut: the property's name gives way first (a long
        Armenian or Swahili title at 80 columns), measured in cells."""
        name = self.query_one(".header-property", Static)
        others = sum(child.outer_size.width for child in self.children
                     if not (child.has_class("header-property") or child.has_class("header-title")))
        room = max(MIN_NAME, self.size.width - others - self.heading_cells - 1)
        if name.styles.max_width is None and name.outer_size.width <= room:
            return  # it fits as it is: no second layout of the screen
        name.styles.max_width = room
