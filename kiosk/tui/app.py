"""The kiosk app: who is signed in, kiosk mode, themes, the idle lock and live policy.

Screens do the desk's work through the use cases in ``kiosk.desk``; this class only
keeps the session (the signed-in staff member) and the rules that hold on every screen:
an agent cannot leave the app, an idle terminal locks itself, what was being typed is
kept as a draft for the same person (screens say what through ``DraftSource``), and a
terminal that goes away ends the kiosk with the drafts kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sys
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input
from textual.widgets._toast import ToastRack

from kiosk.core.errors import KioskError
from kiosk.core.i18n import N_, _, current_language, lookup, ngettext, use_language
from kiosk.core.models import Staff
from kiosk.desk import drafts, staff
from kiosk.desk.context import Desk
from kiosk.desk.policy_watch import PolicyWatcher, ReloadEvent, ReloadKind
from kiosk.tui import bindings
from kiosk.tui.keys_in_order import LOOK_AGAIN, MOST_HELD, screen_busy
from kiosk.tui.messages import (
    DraftKept,
    FirstSupervisorCreated,
    KeepDraft,
    LanguageChosen,
    Locked,
    PolicyChanged,
    PracticeChosen,
    PracticeEnded,
    ReloadPolicies,
    RetryStore,
    ScreenClosed,
    SignedIn,
)
from kiosk.tui.screens.base import DraftSource
from kiosk.tui.screens.signin import SignInScreen
from kiosk.tui.screens.store_problem import StoreProblemScreen
from kiosk.tui.tasks import explain, run_task
from kiosk.tui.terminal import GOING_AWAY, stop_soon, terminal_gone
from kiosk.tui.text import clean
from kiosk.tui.watchers import let_go_of_closed

LET_GO_AGAIN_S = 0.5

if TYPE_CHECKING:
    from kiosk.desk.practice import PracticeSession

HIGH_CONTRAST = Theme(
    name="kiosk-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    warning="#FFD700",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
)
STANDARD_THEME = "textual-dark"

# Workers that belong to the signed-in person (drafts offered at sign-in): a lock
# cancels them with the screens.
SESSION = "session"
# Exit code when the terminal went away (128 + SIGHUP, as a shell reports it).
TERMINAL_GONE = 129


class KioskApp(App[None]):
    """The front-desk terminal."""

    CSS_PATH = "kiosk.tcss"
    TITLE = "Service recovery"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.APP)
    # The footer docks this key on its right, always in view (see bindings.KEYS_PANEL);
    # the palette keeps ctrl+p, listed in the keys panel.
    COMMAND_PALETTE_BINDING: ClassVar[str] = bindings.KEYS_PANEL

    # Who is signed in decides which keys work (lock, quit, the supervisor area).
    staff: reactive[Staff | None] = reactive(None, bindings=True)
    # An empty store: the first-run screen may close the app.
    no_staff: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, desk: Desk, *, idle_seconds: float | None = None, demo: bool = False,
                 policy_check_seconds: float | None = 5.0, high_contrast: bool = False,
                 tick_seconds: float = 1.0, staff_list: list[Staff] | None = None):
        """``staff_list``: the staff already read before the app started (the sign-in
        is then drawn at once, not after a worker's round trip); None reads it here.
        ``idle_seconds``: None takes the policy's idle lock; 0 turns it off (tests).
        ``policy_check_seconds``: how often to look for edited policy files; None never.
        ``tick_seconds``: how often clocks and SLA timers on screen move."""
        super().__init__()
        self.real_desk = desk
        # A practice run swaps the desk every screen works on (kiosk/desk/practice.py).
        self.practice: PracticeSession | None = None
        self._practice_base = 0  # screens above this many belong to the run
        self.demo = demo
        self.tick_seconds = tick_seconds
        self._idle_seconds = idle_seconds
        self._idle_timer: Timer | None = None
        self._policy_check_seconds = policy_check_seconds
        self.policy_watcher = PolicyWatcher(desk)
        self._last_activity = time.monotonic()
        self._start_contrast = high_contrast
        self._leaving = False
        self._syncing = False
        self._held_keys: deque[events.Key] = deque()
        self._held_since = 0.0
        self._staff_at_start = staff_list
        self.register_theme(HIGH_CONTRAST)

    @property
    def desk(self) -> Desk:
        """The desk the screens work on: the practice one during a practice run."""
        return self.practice.desk if self.practice is not None else self.real_desk

    # --- start ---------------------------------------------------------------------
    def on_mount(self) -> None:
        self.speak(None)
        self.theme = HIGH_CONTRAST.name if self._start_contrast else STANDARD_THEME
        self.sub_title = self.desk.policy.property.name
        if self.idle_seconds:
            self._idle_timer = self.set_interval(min(1.0, self.idle_seconds / 4),
                                                 self._check_idle)
        if self._policy_check_seconds:
            self.set_interval(self._policy_check_seconds, self.check_policies)
        if not self.is_headless:
            self._watch_terminal()
        link = self.desk.policy.chain
        if link is not None:
            self.set_interval(link.sync_minutes * 60, self.sync_chain)
        self._read_staff()

    def sync_chain(self) -> None:
        """Send head office what it lacks, off the UI thread. A dead line only leaves a
        note for the supervisor area: the desk never waits for head office."""
        if self._syncing:
            return
        self._syncing = True

        def job() -> None:
            # PostgreSQL's driver loads only in a hotel that belongs to a chain.
            from kiosk.desk import sync

            try:
                # A failure is recorded by sync_now for the supervisor area.
                with contextlib.suppress(KioskError):
                    if sync.chain_settings(self.real_desk) is not None:
                        sync.sync_now(self.real_desk)
            finally:
                self._syncing = False

        run_task(self, job, group="chain")

    def _read_staff(self) -> None:
        if self._staff_at_start is not None:
            members, self._staff_at_start = self._staff_at_start, None
            self._open_first_screen(members)
            return
        run_task(self, lambda: staff.list_staff(self.desk), self._open_first_screen,
                 failed=self._store_unreadable)

    def _open_first_screen(self, members: list[Staff]) -> None:
        self.no_staff = not any(m.active for m in members)
        self.push_screen(SignInScreen(members))
        if self.no_staff:
            from kiosk.tui.screens.first_run import FirstRunScreen  # rarely needed

            self.push_screen(FirstRunScreen())

    def _store_unreadable(self, exc: BaseException) -> None:
        """Say so on a screen of its own: a blank kiosk tells the desk nothing."""
        if isinstance(self.screen, StoreProblemScreen):
            self.screen.show(explain(exc))
        else:
            self.push_screen(StoreProblemScreen(explain(exc), self.desk.settings.store))

    def on_retry_store(self, _: RetryStore) -> None:
        run_task(self, lambda: staff.list_staff(self.desk), self._store_readable,
                 failed=self._store_unreadable)

    def _store_readable(self, members: list[Staff]) -> None:
        if isinstance(self.screen, StoreProblemScreen):
            self.pop_screen()
        self._open_first_screen(members)

    def on_first_supervisor_created(self, _: FirstSupervisorCreated) -> None:
        self.no_staff = False
        self.pop_screen()

    # --- the staff's language -------------------------------------------------------
    def speak(self, member: Staff | None) -> None:
        """Speak ``member``'s language, or the terminal's (the property's
        staff_language) when no one is signed in."""
        self.speak_code(staff.staff_language(self.desk.policy, member))

    def speak_code(self, code: str) -> None:
        use_language(code)
        self.title = _("Service recovery")
        self.refresh_bindings()

    async def on_language_chosen(self, message: LanguageChosen) -> None:
        if self.staff is not None:
            return
        self.speak_code(message.code)
        respeak = getattr(self.screen, "respeak", None)  # the sign-in, the first run
        if respeak is not None:
            await respeak()

    # --- the session ---------------------------------------------------------------
    @property
    def idle_seconds(self) -> float:
        """Seconds without a key or click before the terminal locks; 0 means never."""
        if self._idle_seconds is None:
            return float(self.desk.policy.property.idle_lock_seconds)
        return self._idle_seconds

    @idle_seconds.setter
    def idle_seconds(self, seconds: float | None) -> None:
        self._idle_seconds = seconds
        if seconds and self._idle_timer is None and self.is_running:
            self._idle_timer = self.set_interval(min(1.0, seconds / 4), self._check_idle)

    @property
    def is_supervisor(self) -> bool:
        """Role ≥ the policy's supervisor role (the first that may approve)."""
        if self.staff is None:
            return False
        policy = self.desk.policy
        try:
            return policy.at_least(self.staff.role, policy.supervisor_role)
        except KeyError:  # a role a new policy no longer has
            return False

    @property
    def may_quit(self) -> bool:
        return (self.is_supervisor or self.no_staff
                or isinstance(self.screen, StoreProblemScreen))

    def on_signed_in(self, message: SignedIn) -> None:
        from kiosk.tui.screens.board import BoardScreen  # not needed to start
        from kiosk.tui.screens.practice import ScenarioPickerScreen

        member = message.member
        self.speak(member)
        self.staff = member
        self._last_activity = time.monotonic()
        self.push_screen(BoardScreen())
        if message.practice:
            self.push_screen(ScenarioPickerScreen())
        run_task(self, lambda: drafts.drafts_for(self.desk, member.id), self._offer_drafts,
                 group=SESSION, title=_("Cannot read drafts"))

    def _offer_drafts(self, found: list[Any]) -> None:
        if found:
            self.notify(ngettext("You have {n} unfinished draft: ctrl+d to resume it.",
                                 "You have {n} unfinished drafts: ctrl+d to resume them.",
                                 len(found)).format(n=len(found)),
                        title=_("Welcome back"), timeout=8)

    def on_screen_closed(self, _: ScreenClosed) -> None:
        let_go_of_closed(self)
        # On a busy machine the closed screen's widgets may still be on their way out
        # when this message is taken: look again once they are gone.
        self.set_timer(LET_GO_AGAIN_S, lambda: let_go_of_closed(self))

    def on_keep_draft(self, message: KeepDraft) -> None:
        member = self.staff
        if member is None:
            return
        def kept(_result: object) -> None:
            self.notify(_("Kept as a draft: ctrl+d on the board resumes it."),
                        title=_("Draft"), timeout=5)
            self.screen.post_message(DraftKept())

        run_task(self, lambda: drafts.save_draft(self.desk, member.id, message.data), kept,
                 group=SESSION, title=_("Draft not saved"))

    def _typed_work(self) -> list[dict[str, Any]]:
        """What the screens on the stack would like kept, top first."""
        return [data for screen in reversed(self.screen_stack)
                if (data := _draft_of(screen)) is not None]

    async def action_lock(self, reason: str = "") -> None:
        """Save what is being typed as a draft, then go back to sign-in. Work already
        sent to the store finishes there; its result is not drawn for the next person.
        ``reason``: a message marked with ``N_``, said after the lock."""
        member = self.staff
        if member is None:
            return
        pending = self._typed_work()
        self.staff = None
        self.workers.cancel_group(self, SESSION)
        for data in pending:
            run_task(self, functools.partial(drafts.save_draft, self.desk, member.id, data),
                     title=_("Draft not saved"))
        while len(self.screen_stack) > 1 and not isinstance(self.screen, SignInScreen):
            await self.pop_screen()
        self.practice = None
        self.speak(None)
        self.screen.post_message(Locked())
        self.clear_notifications()
        if reason:
            self.notify(lookup(reason), title=_("Locked"), timeout=6)

    # --- practice ------------------------------------------------------------------
    def on_practice_chosen(self, message: PracticeChosen) -> None:
        """Open the practice store (off the UI thread) and start the run on it."""
        member = self.staff
        if member is None or self.practice is not None:
            return
        real, scenario = self.real_desk, message.scenario

        def job() -> PracticeSession:
            from kiosk.desk import practice  # not needed to start

            desk = practice.practice_desk(real, member.id)
            run = practice.start_run(desk, scenario, member)
            return practice.PracticeSession(desk, scenario, run)

        run_task(self, job, self._practising, group=SESSION,
                 title=_("Practice not started"))

    def _practising(self, session: PracticeSession) -> None:
        if self.staff is None or self.staff.id != session.run.agent_id:
            return  # locked meanwhile
        from kiosk.tui.screens.practice import PracticeBriefScreen  # not needed to start

        self.practice = session
        self._practice_base = len(self.screen_stack)
        self.push_screen(PracticeBriefScreen())

    async def on_practice_ended(self, _: PracticeEnded) -> None:
        """Back to the real desk: every practice screen goes with the run."""
        while self.practice is not None and len(self.screen_stack) > self._practice_base:
            await self.pop_screen()
        self.practice = None

    def guest_says(self, step_id: str) -> str:
        """What the practice guest says at ``step_id``, in the agent's language; ""
        outside practice."""
        session = self.practice
        if session is None:
            return ""
        return session.scenario.says(current_language(), step_id)

    # --- idle lock -----------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp)) and not event.is_forwarded:
            self._last_activity = time.monotonic()
        if isinstance(event, events.Key) and not event.is_forwarded and (
                self._held_keys or screen_busy(self.screen)):
            # Behind the keys typed before it (see keys_in_order).
            if not self._held_keys:
                self._held_since = time.monotonic()
                self.set_timer(LOOK_AGAIN, self._pass_keys_on)
            self._held_keys.append(event)
            return
        await super().on_event(event)

    async def _pass_keys_on(self) -> None:
        while self._held_keys:
            if (screen_busy(self.screen)
                    and time.monotonic() - self._held_since < MOST_HELD):
                self.set_timer(LOOK_AGAIN, self._pass_keys_on)
                return
            self._held_since = time.monotonic()
            await super().on_event(self._held_keys.popleft())

    async def _check_idle(self) -> None:
        if self.staff is None or not self.idle_seconds:
            return
        if time.monotonic() - self._last_activity >= self.idle_seconds:
            # Looked up after the lock, in the terminal's language, not the last person's.
            await self.action_lock(N_("Locked after no activity; anything typed is kept "
                                      "as a draft for you."))

    # --- the terminal going away ---------------------------------------------------
    def _watch_terminal(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in GOING_AWAY:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.terminal_went_away)
        self.set_interval(0.5, self._check_terminal)

    def _check_terminal(self) -> None:
        if terminal_gone(sys.__stdin__.fileno() if sys.__stdin__ else 0):
            self.terminal_went_away()

    def terminal_went_away(self) -> None:
        """Keep the signed-in person's typed work, then end, whatever it takes."""
        if self._leaving:
            return
        self._leaving = True
        stop_soon(TERMINAL_GONE)
        member = self.staff
        if member is not None:
            for data in self._typed_work():
                # Here and now, on this thread: the process ends in a moment.
                with contextlib.suppress(Exception):
                    drafts.save_draft(self.desk, member.id, data)
        self.exit(return_code=TERMINAL_GONE)

    # --- live policy ---------------------------------------------------------------
    def check_policies(self, force: bool = False) -> None:
        """Look for edited policy files off the UI thread (``force``: a supervisor's
        reload). The watcher swaps in a valid edit at once and keeps the last good
        version when an edit is broken."""
        watcher = self.policy_watcher
        run_task(self, watcher.reload_now if force else watcher.poll, self._policy_event,
                 group="policy", exclusive=True, title=_("Policy not reloaded"))

    def on_reload_policies(self, _: ReloadPolicies) -> None:
        self.check_policies(force=True)

    def _policy_event(self, event: ReloadEvent | None) -> None:
        if event is None:
            return
        if event.kind in (ReloadKind.REFUSED, ReloadKind.PENDING):
            if self.is_supervisor or self.no_staff:
                refused = event.kind == ReloadKind.REFUSED
                self.notify(event.message, timeout=12,
                            title=_("Policy refused") if refused else _("Policy edit pending"),
                            severity="error" if refused else "warning")
        else:
            self.notify(event.message, title=_("Policy reloaded"))
        self.refresh_bindings()
        self.screen.post_message(PolicyChanged())

    # --- kiosk mode ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return self.may_quit
        if action == "lock":
            return self.staff is not None
        if action == "hide_keys":
            # By name: the panel's Markdown stack is not loaded to start the kiosk.
            return bool(self.screen.query("HelpPanel"))
        return True

    def action_hide_keys(self) -> None:
        self.action_hide_help_panel()

    def action_toggle_keys(self) -> None:
        """The keys panel (Textual's own, in the staff's words), or away with it."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def action_quit(self) -> None:
        """Supervisors only; what is typed on any screen is kept as their draft first."""
        if not self.may_quit:
            return
        member, pending = self.staff, self._typed_work()
        if member is not None and pending:
            def keep() -> None:
                for data in pending:
                    drafts.save_draft(self.desk, member.id, data)

            run_task(self, keep, lambda _: self.exit(),
                     failed=lambda exc: self.notify(
                         _("{problem} — the kiosk stays open so nothing is lost.")
                         .format(problem=explain(exc)),
                         title=_("Draft not saved"), severity="error", timeout=10))
            return
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c: never closes the kiosk; supervisors are reminded of ctrl+q."""
        if self.may_quit:
            self.notify(_("Press ctrl+q to close the kiosk."), title=_("Quit?"))

    def action_suspend_process(self) -> None:
        """ctrl+z: a kiosk never drops to a shell."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications often carry names and words from guests: always shown inert."""
        super().notify(clean(message), title=clean(title, one_line=True), severity=severity,
                       timeout=timeout, markup=False)
        self.place_toasts()

    def on_descendant_focus(self, _: events.DescendantFocus) -> None:
        self.place_toasts()

    def place_toasts(self) -> None:
        """Toasts go on the side of the screen with more room beside the box being typed
        in (above it or below it) and never grow past it, so they never cover it."""
        if not self.screen_stack:  # a focus change still queued as the kiosk closes
            return
        racks = self.screen.query_children(ToastRack)
        if not racks:
            return
        rack, box, height = racks.first(), self.screen.focused, self.screen.size.height
        # The text area by name: importing it would slow the kiosk's start.
        if box is None or not (isinstance(box, Input) or type(box).__name__ == "TextArea"):
            rack.remove_class("-above")
            rack.styles.max_height = None
            return
        region = box.region
        room_above, room_below = region.y - 1, height - region.bottom - 1  # header, footer
        rack.set_class(room_above > room_below, "-above")
        rack.styles.max_height = max(0, max(room_above, room_below))

    def action_toggle_contrast(self) -> None:
        self.theme = (STANDARD_THEME if self.theme == HIGH_CONTRAST.name
                      else HIGH_CONTRAST.name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette offers no way out of the app, and no screenshots to disk,
        unless a supervisor is signed in."""
        yield SystemCommand(_("High contrast"), _("Switch the high-contrast theme on or off"),
                            self.action_toggle_contrast)
        yield SystemCommand(_("Keys"), _("Show the keys of this screen"),
                            self.action_show_help_panel)
        if self.staff is not None:
            yield SystemCommand(_("Lock"), _("Lock the terminal and go back to sign-in"),
                                self.action_lock)
        if self.may_quit:
            yield SystemCommand(_("Quit"), _("Close the kiosk"), self.action_quit)


def _draft_of(screen: Screen[Any]) -> dict[str, Any] | None:
    """What a screen would like kept (see ``DraftSource``); None for other screens."""
    if not hasattr(screen, "draft_data"):
        return None
    source = cast(DraftSource, screen)
    return source.draft_data()
