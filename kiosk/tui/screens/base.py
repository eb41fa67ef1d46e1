"""What every kiosk screen shares: typed access to the app and its desk."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import ModalScreen, Screen

from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.tui.tasks import run_task

if TYPE_CHECKING:
    from kiosk.tui.app import KioskApp

R = TypeVar("R")


class DeskMixin:
    """Shortcuts for screens: the app, the desk, the signed-in staff member, and
    ``task`` to run a use case in a worker."""

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

    def task(self, job: Callable[[], R], done: Callable[[R], Any] | None = None, *,
             failed: Callable[[BaseException], Any] | None = None, title: str = "",
             group: str = "desk", exclusive: bool = False) -> None:
        run_task(cast(Screen[Any], self), job, done, failed=failed, title=title,
                 group=group, exclusive=exclusive)


class KioskScreen(DeskMixin, Screen[Any]):  # type: ignore[misc]  # task: see DeskMixin
    pass


class KioskModal(DeskMixin, ModalScreen[Any]):  # type: ignore[misc]  # task: see DeskMixin
    pass
