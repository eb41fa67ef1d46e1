"""The follow-up call: record how it went (satisfied / not satisfied / unreachable), the
guest's 0-10 score and what the guest said."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Input, RadioButton, RadioSet, Static

from kiosk.core.display import role_word
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _, lookup
from kiosk.core.models import Incident, Outcome
from kiosk.desk import drafts, follow_through
from kiosk.desk.incidents import follow_up_score
from kiosk.desk.text_rules import without_field
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import day, hhmm, inert, money
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

OUTCOME_LABELS = {
    Outcome.SATISFIED: N_("Satisfied"),
    Outcome.NOT_SATISFIED: N_("Not satisfied"),
    Outcome.UNREACHABLE: N_("Unreachable"),
}


class FollowUpScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.FOLLOW_UP)
    AUTO_FOCUS = "#outcome"

    # The outcome on its way to the store: ctrl+s waits for it.
    busy: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, incident: Incident, feedback: str = "", outcome: str = "",
                 score: str = ""):
        super().__init__()
        self.incident = incident
        self._feedback = feedback
        self._outcome = outcome
        self._score = score

    def compose(self) -> ComposeResult:
        policy = self.desk.policy
        incident = self.incident
        yield KioskHeader(_("Follow-up"))
        about = Text.assemble((incident.ref, "bold"), "  ")
        about.append_text(inert(incident.guest.name, limit=30))
        about.append("  " + _("room {room}").format(room=incident.guest.room[:8]) + "  "
                     + _("since {day}").format(day=day(incident.reported_at, policy)))
        if incident.guest.contact:
            about.append("\n" + _("Contact:") + " ")
            about.append_text(inert(incident.guest.contact, limit=60))
        about.append("\n" + _("Their words:") + " ", style="bold")
        about.append_text(inert(incident.account, limit=150))
        if incident.compensation:
            about.append("\n" + _("Given: {amount}").format(
                amount=money(incident.compensation_total, policy.currency, policy)))
        with Vertical(id="followup-box"):
            yield Static(about, id="followup-about")
            with RadioSet(id="outcome"):
                for outcome, label in OUTCOME_LABELS.items():
                    yield RadioButton(lookup(label), value=outcome.value == self._outcome,
                                      id=f"outcome-{outcome.value}")
            yield Static(_("Score 0-10: how the guest rates the stay now (if they say)"),
                         classes="field-label")
            yield Input(self._score, id="score", max_length=2, restrict=r"[0-9]*")
            yield Input(self._feedback, placeholder=_("What the guest said (feedback)"),
                        id="feedback", max_length=2000)
        yield KioskFooter()

    def outcome(self) -> Outcome | None:
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return Outcome(pressed.id.removeprefix("outcome-"))

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        outcome = self.outcome()
        score = self.query_one("#score", Input).value.strip()
        # Every problem at once, each under its label.
        problems = [] if outcome is not None else [
            _("Outcome: choose how the call went.")]
        try:
            follow_up_score(score)
        except ValidationError as exc:
            problems.append(_("Score: {problem}").format(problem=without_field(str(exc))))
        if problems or outcome is None:
            self.notify("\n".join(problems), title=_("Not recorded"), severity="warning")
            return
        if self.busy:
            return
        draft = self._draft()
        self.busy = True
        feedback = self.query_one("#feedback", Input).value.strip()
        incident_id, staff_id, desk = self.incident.id, self.me.id, self.desk

        def keep(_: BaseException) -> None:  # failed after a lock: the call notes are kept
            if draft is not None:
                drafts.save_draft(desk, staff_id, draft)

        self.run_job(lambda: follow_through.record_follow_up(
                         desk, incident_id, staff_id, outcome, feedback, score),
                     self.recorded, failed=self.not_recorded, orphaned=keep)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.busy:
            return None
        return True

    def recorded(self, done: follow_through.FollowThrough) -> None:
        """Say what the call set going: a second recovery (now at the top of the board)
        or the next call."""
        self.busy = False
        policy = self.desk.policy
        said = _("Follow-up on {ref} recorded.").format(ref=done.incident.ref)
        if done.second is not None:
            said += " " + _("Not satisfied: second recovery {second} opened; {role} told."
                            ).format(second=done.second.ref,
                                     role=role_word(policy,
                                                     policy.follow_up.not_satisfied_role))
        elif done.next_call is not None:
            when = f"{day(done.next_call, policy)} {hhmm(done.next_call, policy)}"
            said += " " + _("Unreachable: next call booked for {when}.").format(when=when)
        self.notify(said, title=_("Follow-up"), timeout=8)
        self.dismiss()

    def not_recorded(self, exc: BaseException) -> None:
        self.busy = False
        self.notify(explain(exc), title=_("Not recorded"), severity="error", timeout=8)

    def draft_data(self) -> dict[str, Any] | None:
        if self.busy:  # on its way to the store; kept there if that fails (see save)
            return None
        return self._draft()

    def _draft(self) -> dict[str, Any] | None:
        feedback = self.query_one("#feedback", Input).value.strip()
        score = self.query_one("#score", Input).value.strip()
        outcome = self.outcome()
        if not feedback and not score and outcome is None:
            return None
        return {"screen": "followup", "incident_id": self.incident.id, "feedback": feedback,
                "outcome": outcome.value if outcome else "", "score": score,
                "title": _("Follow-up on {ref}").format(ref=self.incident.ref)}
