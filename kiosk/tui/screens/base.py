"""What every kiosk screen shares: typed, read-only access to the app's session and
desk, and ``run_job`` to run a use case in a worker.

Screens read the session (attributes down) and never change it: they post a message
from ``kiosk.tui.messages`` and the app acts on it (messages up).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual import events
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from kiosk.core.i18n import lookup
from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.tui import textual_keys
from kiosk.tui.messages import KeepDraft, ScreenClosed
from kiosk.tui.tasks import run_task

if TYPE_CHECKING:
    from kiosk.tui.app import KioskApp

R = TypeVar("R")


class DraftSource(Protocol):
    """A screen that can hold typed work: what it would like kept when the terminal
    locks or the screen is left (None when there is nothing worth keeping)."""

    def draft_data(self) -> dict[str, Any] | None: ...


class DeskMixin:
    """Shortcuts for screens: the app, the desk, the signed-in staff member, and
    ``run_job`` to run a use case in a worker."""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", cast(Screen[Any], self).app)

    @property
    def desk(self) -> Desk:
        return self.kiosk.desk

    @property
    def me(self) -> Staff:
        member = self.kiosk.staff
        if member is None:  # screens past sign-in are popped when the terminal locks
            raise RuntimeError("no one is signed in")
        return member

    def run_job(self, job: Callable[[], R], done: Callable[[R], Any] | None = None, *,
                failed: Callable[[BaseException], Any] | None = None,
                orphaned: Callable[[BaseException], Any] | None = None, title: str = "",
                group: str = "desk", exclusive: bool = False) -> None:
        """Run ``job`` off the UI thread; see ``run_task``. The worker is this screen's,
        so leaving the screen (or a lock) drops what ``done`` would have drawn."""
        run_task(cast(Screen[Any], self), job, done, failed=failed, orphaned=orphaned,
                 title=title, group=group, exclusive=exclusive)

    def leave(self) -> None:
        """Back to the screen below, keeping typed work as a draft (never lost to one
        Esc too many)."""
        screen = cast(Screen[Any], self)
        source = getattr(screen, "draft_data", None)
        data = source() if callable(source) else None
        if data is not None:
            # Straight to the app: this screen is gone before it could pass it on.
            screen.app.post_message(KeepDraft(data))
        screen.dismiss()

    def on_unmount(self) -> None:
        # Straight to the app, as above; it lets go of this screen's widgets.
        cast(Screen[Any], self).app.post_message(ScreenClosed())


def spoken(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The keys with their words in the current language: bindings are written once, at
    import, with ``N_``; the footer and the keys panel read them through here. Textual's
    own keys (a text box's, a table's …) get theirs by action from ``textual_keys``, and
    no explanation of Textual's (English) beside them."""
    for binding in active.values():
        # The panel heads a widget's own keys with its class's title: say it too.
        title = type(binding.node).BINDING_GROUP_TITLE
        if title in textual_keys.GROUP_TITLES:
            binding.node.BINDING_GROUP_TITLE = lookup(textual_keys.GROUP_TITLES[title])
    return {key: _in_staff_words(binding) for key, binding in active.items()}


def _in_staff_words(active: ActiveBinding) -> ActiveBinding:
    binding = active.binding
    if (binding.id or "").startswith("kiosk."):
        description, tooltip = lookup(binding.description), lookup(binding.tooltip)
    else:
        description = lookup(textual_keys.WORDS.get(binding.action, binding.description))
        tooltip = ""
    return active._replace(
        binding=dataclasses.replace(binding, description=description, tooltip=tooltip),
        tooltip=tooltip)


class StaffWords:
    """For every screen: the footer shows each key's words in the staff's language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return spoken(super().active_bindings)  # type: ignore[misc]


class SteadyLayout:
    """A screen is not laid out again for the size it already has.

    Textual tells a screen it was resized when it is first laid out, and the screen then
    lays itself and every screen beneath it out again at that same size: on the
    new-incident form, two layouts after the first frame that a key typed at once waited
    for. A screen beneath that missed a real change of size meanwhile takes it when it
    comes back (Textual lays out a resumed screen whose size changed)."""

    async def _on_resize(self, event: events.Resize) -> None:
        if event.size == cast(Screen[Any], self).outer_size:
            event.stop()
            event.prevent_default()


class KioskScreen(StaffWords, SteadyLayout, DeskMixin, Screen[Any]):
    def action_back(self) -> None:
        self.leave()


class KioskModal(StaffWords, SteadyLayout, DeskMixin, ModalScreen[Any]):
    pass
