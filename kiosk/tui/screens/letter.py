"""The apology letter: a Markdown preview in the guest's language, switch language,
save (issue), print. A print failure keeps the saved letter and offers a retry."""

from __future__ import annotations

from typing import ClassVar

from markdown_it import MarkdownIt
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Markdown, Static

from kiosk.core.display import language_in
from kiosk.core.errors import PrintError
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident, LetterRecord, LetterWording, PrintRecord
from kiosk.desk import letters
from kiosk.desk.letters import Preview
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.wording import WordingDialog
from kiosk.tui.tasks import explain
from kiosk.tui.text import clean, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader


def inert_parser() -> MarkdownIt:
    """Markdown without raw HTML: whatever a guest wrote is shown as text."""
    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


def named(language: str) -> str:
    """The letter's language as the agent reads it: in their own language first."""
    return language_in(language, current_language())


class LetterScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.LETTER)
    AUTO_FOCUS = "#letter-scroll"

    # A save or print on its way: the keys wait for it. A print still pending (the
    # printer was off) is what ctrl+r retries.
    busy: reactive[bool] = reactive(False, bindings=True)
    pending_print: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, incident: Incident):
        super().__init__()
        self.incident = incident
        languages = self.desk.policy.property.languages
        self.language = (incident.guest.language if incident.guest.language in languages
                         else self.desk.policy.property.default_language)
        self.saved: LetterRecord | None = None
        self.wording: LetterWording | None = None  # the agent's adjustments, if any

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Letter"))
        summary = Text.assemble((self.incident.ref, "bold"), "  ")
        summary.append_text(inert(self.incident.guest.name, limit=30))
        yield Static(summary, id="letter-summary", classes="summary")
        yield Static("", id="letter-status", classes="status")
        with VerticalScroll(id="letter-scroll", can_focus=True):
            yield Markdown("", id="letter-preview", parser_factory=inert_parser,
                           open_links=False)
        yield KioskFooter()

    def on_mount(self) -> None:
        self.preview()

    # --- preview -------------------------------------------------------------------
    def preview(self) -> None:
        incident_id, language, wording = self.incident.id, self.language, self.wording
        self.status(_("Preparing the letter in {language}…").format(
            language=named(language)))
        self.run_job(lambda: letters.preview_letter(self.desk, incident_id, language, wording),
                  self.show, group="preview", exclusive=True, title=_("No preview"))

    def show(self, preview: Preview) -> None:
        self.query_one("#letter-preview", Markdown).update(clean(preview.markdown))
        note = _("Letter in {language}").format(language=named(preview.language))
        if preview.fallback_from:
            note += " " + _("(no template in {wanted}; shown in {shown})").format(
                wanted=named(preview.fallback_from),
                shown=named(preview.language))
        if self.saved is not None and self.saved.language == self.language:
            note += " · " + _("saved as version {version}").format(version=self.saved.version)
        else:
            note += " · " + _("not saved yet")
        if self.pending_print:
            note += " · " + _("print pending: ctrl+r to retry")
        self.status(note)

    def status(self, message: str, error: bool = False) -> None:
        line = self.query_one("#letter-status", Static)
        line.set_class(error, "error")
        line.update(Text(message))

    def action_language(self) -> None:
        languages = list(self.desk.policy.property.languages)
        index = languages.index(self.language) if self.language in languages else -1
        self.language = languages[(index + 1) % len(languages)]
        self.preview()

    # --- the agent's wording ---------------------------------------------------------
    def action_wording(self) -> None:
        self.app.push_screen(WordingDialog(self.wording, self.language), self.reworded)

    def reworded(self, wording: LetterWording | None) -> None:
        if wording is None:
            return
        self.wording = wording if wording != LetterWording() else None
        self.saved = None  # the saved version no longer matches what is shown
        self.preview()

    # --- save and print ------------------------------------------------------------
    def _current_saved(self) -> LetterRecord | None:
        if self.saved is not None and self.saved.language == self.language:
            return self.saved
        return None

    def still_busy(self) -> bool:
        if self.busy:
            self.notify(_("Still working on the last request…"), timeout=3)
        return self.busy

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.pending_print and (None if self.busy else True)
        if action in ("save", "print", "language", "wording") and self.busy:
            return None
        return True

    def action_save(self) -> None:
        if self.still_busy():
            return
        self.busy = True
        incident_id, staff_id, language = self.incident.id, self.me.id, self.language
        wording = self.wording
        self.run_job(lambda: letters.issue_letter(self.desk, incident_id, staff_id, language,
                                                  wording),
                     self.issued, failed=self.failed)

    def issued(self, record: LetterRecord) -> None:
        self.busy = False
        self.saved = record
        language = named(record.language)
        self.notify(_("Letter saved as version {version} ({language}).").format(
            version=record.version, language=language), title=_("Letter"))
        self.status(_("Letter in {language} · saved as version {version}").format(
            language=language, version=record.version))

    def action_print(self) -> None:
        if self.still_busy():
            return
        self.busy = True
        incident_id, staff_id, language = self.incident.id, self.me.id, self.language
        wording = self.wording
        record = self._current_saved()

        def job() -> tuple[LetterRecord, PrintRecord]:
            saved = record or letters.issue_letter(self.desk, incident_id, staff_id,
                                                   language, wording)
            try:
                printed = letters.print_letter(self.desk, incident_id, staff_id,
                                               version=saved.version)
            except PrintError as exc:
                raise LetterPrintFailed(saved, exc) from exc
            return saved, printed

        self.run_job(job, self.printed, failed=self.print_failed)

    action_retry = action_print

    def printed(self, result: tuple[LetterRecord, PrintRecord]) -> None:
        self.busy = False
        self.saved, record = result
        self.pending_print = False
        if record.job_id:
            sent = _("Letter version {version} sent to {queue} (job {job}).").format(
                version=self.saved.version, queue=record.queue, job=record.job_id)
        else:
            sent = _("Letter version {version} sent to {queue}.").format(
                version=self.saved.version, queue=record.queue)
        self.notify(sent, title=_("Printed"))
        self.status(_("Letter in {language} · version {version} printed on {queue}").format(
            language=named(self.saved.language), version=self.saved.version,
            queue=record.queue))

    def print_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, LetterPrintFailed):
            self.saved = exc.saved
            self.pending_print = True
            reason = explain(exc.error)
            self.notify(_("{problem} — ctrl+r tries again.").format(problem=reason),
                        title=_("Not printed"),
                        severity="error", timeout=12)
            self.status(_("Version {version} saved · NOT PRINTED · ctrl+r to retry").format(
                version=exc.saved.version),
                        error=True)
        else:
            self.failed(exc)

    def failed(self, exc: BaseException) -> None:
        self.busy = False
        self.notify(explain(exc), title=_("Letter"), severity="error", timeout=10)


class LetterPrintFailed(Exception):
    """The letter was saved but did not print; carries the saved record along."""

    def __init__(self, saved: LetterRecord, error: PrintError):
        super().__init__(str(error))
        self.saved = saved
        self.error = error
