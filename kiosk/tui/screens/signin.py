"""Sign-in: pick a name (or type a staff id), then the PIN. Shows the property and the
time and nothing of the previous agent's work."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.display import role_word
from kiosk.core.i18n import _, next_language
from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.tui import bindings
from kiosk.tui.messages import LanguageChosen, Locked, SignedIn
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader
from kiosk.tui.widgets.language_hint import language_hint


def unsaid(message: str, *typed: str) -> str:
    """``message`` without anything typed into the form: an error never shows a PIN,
    nor a PIN typed by mistake into the staff-id box."""
    for value in typed:
        if value:
            message = message.replace(value, "…")
    return message


class SignInScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.SIGN_IN)
    AUTO_FOCUS = "#staff-list"
    # The list follows the store: someone disabled or added at another terminal (or by
    # the command line) shows here within this many seconds.
    REFRESH_SECONDS: ClassVar[float] = 5.0

    def __init__(self, members: list[Staff] | None = None) -> None:
        """``members``: the staff list already read at start (saves a second read)."""
        super().__init__()
        self._members = members
        # Shown from the list given: its first resume needs no second read.
        self._just_read = False
        self._known: set[str] = set()

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Sign in"), show_staff=False)
        with Vertical(id="signin-box", classes="box"):
            yield Static(_("Choose your name (or type your staff id), then your PIN."),
                         classes="hint")
            yield OptionList(id="staff-list")
            # Each box's name in its frame: a placeholder is gone with the first key.
            staff_id = Input(id="staff-id", max_length=40)
            staff_id.border_title = _("Staff id")
            yield staff_id
            pin = Input(id="pin", password=True, max_length=32)
            pin.border_title = _("PIN")
            yield pin
            yield Static("", id="signin-message", classes="message")
            yield from language_hint("signin-language")
        yield KioskFooter()

    def on_mount(self) -> None:
        if self._members is not None:
            self.show_staff(self._members)
            self._members = None
            self._just_read = True
        else:
            self.load_staff()
        self.set_interval(self.REFRESH_SECONDS, self.load_staff)

    def on_screen_resume(self) -> None:
        if self._just_read:
            self._just_read = False
            return
        self.load_staff()

    async def respeak(self) -> None:
        """Draw the screen again in the current language, from the name list up."""
        await self.recompose()
        self.reset()
        self.load_staff()

    async def on_locked(self, _message: Locked) -> None:
        # Back after a lock: nothing of the last person stays on screen, and the
        # terminal speaks its own language again.
        await self.respeak()

    def action_language(self) -> None:
        """The next language the kiosk speaks, for the person about to sign in."""
        self.post_message(LanguageChosen(next_language()))

    def reset(self) -> None:
        """Empty both boxes and start again from the name list, so the next keys land
        where the hint says (a PIN never in the visible staff-id box)."""
        self.query_one("#staff-id", Input).value = ""
        self.query_one("#pin", Input).value = ""
        self.query_one("#staff-list", OptionList).focus()

    def load_staff(self) -> None:
        if not self.is_current:  # someone is signed in; read again when back here
            return
        self.run_job(lambda: staff.list_staff(self.desk), self.show_staff,
                     group="staff-list", exclusive=True, title=_("Cannot read the staff list"))

    def show_staff(self, members: list[Staff]) -> None:
        active = [m for m in members if m.active]
        options = self.query_one("#staff-list", OptionList)
        shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
        self._known = {m.id for m in members}
        if shown == [m.id for m in active]:
            return  # unchanged: the highlight stays where the person moved it
        index = options.highlighted
        chosen = shown[index] if index is not None and index < len(shown) else None
        options.clear_options()
        policy = self.desk.policy
        for member in active:
            label = Text.assemble(inert(member.name, limit=30),
                                  (f"  {member.id} · {role_word(policy, member.role)}",
                                   "dim"))
            options.add_option(Option(label, id=member.id))
        if options.option_count:
            ids = [m.id for m in active]
            options.highlighted = ids.index(chosen) if chosen in ids else min(
                index or 0, options.option_count - 1)

    @on(OptionList.OptionSelected, "#staff-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#staff-id", Input).value = event.option.id or ""
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#staff-id")
    def id_typed(self) -> None:
        self.query_one("#pin", Input).focus()

    def action_practice(self) -> None:
        """Sign in as for ctrl+s, then straight to the practice scenarios."""
        self.action_sign_in(practice=True)

    @on(Input.Submitted, "#pin")
    def pin_entered(self) -> None:
        self.action_sign_in()

    def action_sign_in(self, practice: bool = False) -> None:
        staff_id = self.query_one("#staff-id", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        pin = pin_input.value
        if not staff_id:
            options = self.query_one("#staff-list", OptionList)
            if options.highlighted is not None:
                staff_id = options.get_option_at_index(options.highlighted).id or ""
        if not staff_id or not pin:
            self.say(_("Choose your name and enter your PIN."))
            return
        # What was typed in the id box is only repeated when it is a known id.
        typed = () if staff_id in self._known else (staff_id,)
        self.reset()
        self.say(_("Checking…"), error=False)
        self.run_job(lambda: staff.sign_in(self.desk, staff_id, pin),
                     lambda member: self.post_message(SignedIn(member, practice)),
                     failed=lambda exc: self.say(unsaid(explain(exc), pin, *typed)))

    def say(self, message: str, error: bool = True) -> None:
        box = self.query_one("#signin-message", Static)
        box.set_class(error, "error")
        box.update(Text(message))
