"""Practice on the real screens: choose a scenario, read the scene, then the real intake,
checklist (with the guest's lines), compensation and letter on the practice desk, and
the debrief at the end (``kiosk/desk/practice.py`` swaps the desk)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.display import language_in, tenths, value_word
from kiosk.core.errors import PolicyProblem
from kiosk.core.i18n import _, current_language, ngettext
from kiosk.core.models import Incident, Status
from kiosk.core.policy_set import Policy
from kiosk.core.practice_debrief import Debrief
from kiosk.core.training import Scenario
from kiosk.desk import letters, practice
from kiosk.desk.practice import PracticeSession
from kiosk.tui import bindings
from kiosk.tui.messages import PracticeChosen, PracticeEnded
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.letter import inert_parser
from kiosk.tui.text import clean, duration, hhmm, inert, locale_of, money
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader


def minutes(value: float, policy: Policy) -> str:
    """``4.5`` minutes, with the staff's decimal sign (``4,5`` in Armenian)."""
    return tenths(value, locale_of(policy))


def took(value: float, policy: Policy) -> str:
    """A practised step's minutes as the staff's own units: ``4m 30s``, ``dak 4 sek 30``."""
    return duration(timedelta(minutes=value), policy, to_the_second=True)


class ScenarioPickerScreen(KioskScreen):
    """The scenarios of the policy in force, in the agent's language."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings.PRACTICE_PICK)
    AUTO_FOCUS = "#scenarios"

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Scenario] = []

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Practice"))
        yield Static(_("Choose a scenario to practise on the real screens. Nothing you "
                       "do reaches the real store, the printer or the reports."),
                     classes="hint", id="practice-hint")
        yield OptionList(id="scenarios")
        yield KioskFooter()

    def on_mount(self) -> None:
        real = self.kiosk.real_desk
        self.run_job(lambda: practice.scenarios(real), self.show,
                     title=_("Cannot read the practice scenarios"))

    def show(self, loaded: tuple[list[Scenario], list[PolicyProblem]]) -> None:
        self.found, broken = loaded
        policy, lang = self.desk.policy, current_language()
        options = self.query_one("#scenarios", OptionList)
        options.clear_options()
        for scenario in self.found:
            text, model = scenario.text(lang), scenario.model
            label = Text.assemble(inert(text.title, "bold", limit=60), "\n  ",
                                  (f"{policy.category_label(model.category, lang)} · "
                                   f"{value_word(model.severity.value)} · "
                                   f"{language_in(model.guest_language, lang)}", "dim"))
            options.add_option(Option(label, id=scenario.id))
        if self.found:
            options.highlighted = 0
        else:
            self.query_one("#practice-hint", Static).update(
                _("No practice scenarios yet: a supervisor adds them in the policy "
                  "folder's training/ (see the README)."))
        files = sorted({p.file for p in broken})
        if files:
            self.notify(ngettext("{n} scenario has problems and is left out; 'kiosk "
                                 "policy check' lists them.",
                                 "{n} scenarios have problems and are left out; 'kiosk "
                                 "policy check' lists them.", len(files)).format(
                n=len(files)), severity="warning", timeout=8)

    @on(OptionList.OptionSelected, "#scenarios")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        scenario = next((s for s in self.found if s.id == event.option.id), None)
        if scenario is not None:
            self.post_message(PracticeChosen(scenario))
            self.dismiss()


class PracticeBriefScreen(KioskScreen):
    """The practice run's home: the scene as the trainer sets it, then on to the real
    intake; back here after the checklist, and on to the debrief."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings.PRACTICE_BRIEF)

    def __init__(self) -> None:
        super().__init__()
        self.incident: Incident | None = None

    @property
    def session(self) -> PracticeSession:
        session = self.kiosk.practice
        if session is None:
            raise RuntimeError("no practice run")
        return session

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Practice"))
        with VerticalScroll(id="practice-body"):
            yield Static(self.scene(), id="practice-scene")
        yield KioskFooter()

    def scene(self) -> Text:
        scenario, policy, lang = self.session.scenario, self.desk.policy, current_language()
        text, model = scenario.text(lang), scenario.model
        out = Text()
        out.append_text(inert(text.title, "bold"))
        out.append("\n" + _("Guest: {name}, room {room}; the letter goes out in {language}.")
                   .format(name=text.guest_name, room=model.room,
                           language=language_in(model.guest_language, lang)) + "\n")
        out.append(f"{policy.category_label(model.category, lang)} · "
                   f"{value_word(model.severity.value)}\n\n", style="dim")
        out.append_text(inert(text.situation, one_line=False))
        steps = policy.steps
        if steps and (said := text.says.get(steps[0].id)):
            out.append("\n\n" + _("The guest:") + " ", style="bold")
            out.append_text(inert(said, one_line=False))
        out.append("\n\n" + _("ctrl+n opens the incident with the guest's details; the "
                              "checklist shows what the guest says at each step. ctrl+e "
                              "ends the run with its debrief."), style="bold")
        return out

    def on_screen_resume(self) -> None:
        session = self.session
        self.run_job(lambda: practice.run_incident(session.desk, session.run),
                     self.back_from_the_desk, title=_("Cannot read the practice incident"))

    def back_from_the_desk(self, incident: Incident | None) -> None:
        self.incident = incident
        if incident is not None and incident.status != Status.OPEN:
            self.action_debrief()  # resolved: the run is over

    def action_start(self) -> None:
        if self.incident is not None:
            self.app.push_screen(ChecklistScreen(self.incident.id))
            return
        session = self.session
        self.app.push_screen(IncidentScreen(practice.intake(session.scenario,
                                                            current_language(),
                                                            session.desk)))

    def action_debrief(self) -> None:
        session = self.session
        self.run_job(lambda: practice.finish_run(session.desk, session.run,
                                                 session.scenario),
                     lambda found: self.app.switch_screen(DebriefScreen(*found)),
                     group="debrief", exclusive=True, title=_("No debrief"))

    def action_end(self) -> None:
        self.post_message(PracticeEnded())


class DebriefScreen(KioskScreen):
    """What the run showed: the steps and their times, the apology, whether the
    compensation fit, the letter, and the trainer's points."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings.PRACTICE_DEBRIEF)

    def __init__(self, found: Debrief | None, incident: Incident | None) -> None:
        super().__init__()
        self.found = found
        self.incident = incident

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Debrief"))
        with VerticalScroll(id="practice-body"):
            yield Static(self.text(), id="debrief-text")
            # The letter as the guest would have read it, below the figures.
            yield Markdown("", id="debrief-letter", parser_factory=inert_parser)
        yield KioskFooter()

    def on_mount(self) -> None:
        incident = self.incident
        if incident is None or not incident.letters:
            self.query_one("#debrief-letter", Markdown).display = False
            return
        record = incident.letters[-1]
        self.run_job(lambda: letters.preview_letter(self.desk, incident.id, record.language,
                                                    record.wording),
                     lambda preview: self.query_one("#debrief-letter", Markdown).update(
                         clean(preview.markdown)),
                     title=_("The letter cannot be shown"))

    def text(self) -> Text:
        session = self.kiosk.practice
        if session is None:
            return Text()
        lang = current_language()
        scenario_text = session.scenario.text(lang)
        out = Text()
        out.append_text(inert(scenario_text.title, "bold"))
        out.append("\n")
        found = self.found
        if found is None:
            out.append(_("No incident was opened in this run: nothing to debrief.") + "\n")
        else:
            self._steps(out, found)
            self._fit(out, found)
        out.append("\n" + _("Points to take away:") + "\n", style="bold")
        for point in scenario_text.debrief:
            out.append("• ")
            out.append_text(inert(point, one_line=False))
            out.append("\n")
        out.append("\n" + _("esc ends the practice run; it is kept in your practice "
                            "record."), style="dim")
        return out

    def _steps(self, out: Text, found: Debrief) -> None:
        policy, lang = self.desk.policy, current_language()
        titles = {step.id: policy.label(step.title, lang) for step in policy.steps}
        out.append(_("Steps, in the checklist's order:") + "\n", style="bold")
        since = {step.step_id: "+" + took(step.minutes, policy) for step in found.steps
                 if step.at is not None and step.minutes is not None}
        wide = max(map(cell_len, since.values()), default=0)  # the times right-aligned
        for step in found.steps:
            name = titles.get(step.step_id, step.step_id)
            if step.at is None or step.step_id not in since:
                out.append(f"  ·  {'':5}  {'':{wide}}  ", style="dim")
                out.append(name + " — " + _("not done") + "\n", style="dim")
                continue
            out.append("  ✓  ", style="green")
            out.append(f"{hhmm(step.at, policy):5}  ")
            out.append(" " * (wide - cell_len(since[step.step_id])) + since[step.step_id])
            out.append(f"  {name}\n")
        if found.apology_minutes is None:
            out.append(_("No apology was recorded.") + "\n", style="bold red")
        else:
            out.append(_("The apology came {time} after the incident was opened.")
                       .format(time=took(found.apology_minutes, policy)) + "\n")

    def _fit(self, out: Text, found: Debrief) -> None:
        policy, lang = self.desk.policy, current_language()

        def label(item_id: str) -> str:
            item = policy.items.get(item_id)
            return policy.label(item.label, lang) if item else item_id

        out.append("\n" + _("Compensation:") + " ", style="bold")
        if not found.items:
            out.append(_("none given.") + "\n")
        else:
            given = ", ".join(f"{label(i)} ×{qty}" for i, qty in found.items)
            out.append_text(inert(given, limit=200))
            out.append("  " + _("total {total}").format(
                total=money(found.total, found.currency, policy)) + "\n")
        if found.fits:
            out.append("  ✓ " + _("It fit the failure, within your role's limits.") + "\n",
                       style="bold green")
        else:
            out.append("  ✗ " + _("It did not fit:") + "\n", style="bold yellow")
            reasons = []
            if not found.items:
                reasons.append(_("nothing was given"))
            if found.overdone:
                reasons.append(_("overdoing it: {items}").format(
                    items=", ".join(label(i) for i in found.overdone)))
            if found.unmatched:
                reasons.append(_("not what this failure calls for: {items}").format(
                    items=", ".join(label(i) for i in found.unmatched)))
            if not found.within_role:
                reasons.append(_("beyond your role's limits: it needed a supervisor"))
            if found.above_ceiling:
                reasons.append(_("more than this failure is worth"))
            for reason in reasons:
                out.append(f"    - {reason}\n")
        if found.letter_language:
            out.append(_("Letter: version {version} in {language}, marked PRACTICE.")
                       .format(version=found.letter_version,
                               language=language_in(found.letter_language, lang)) + "\n")
        else:
            out.append(_("No letter was issued.") + "\n", style="yellow")

    def action_end(self) -> None:
        self.post_message(PracticeEnded())
