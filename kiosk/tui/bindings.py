"""Every key the kiosk answers to, kept as data: an id, the keys, the action and the
words the footer shows. Screens take their lists from here, so the footer and the code
cannot drift apart. The words are marked with ``N_`` here, at import, and shown in the
staff member's language by the screens (``kiosk.tui.screens.base.spoken``)."""

from __future__ import annotations

from textual.binding import Binding

from kiosk.core.i18n import N_


def key(binding_id: str, keys: str, action: str, description: str, *, show: bool = True,
        priority: bool = False, tooltip: str = "", key_display: str | None = None) -> Binding:
    # A key without words (tab, the keys panel's own esc) is plumbing: the keys panel
    # leaves it out, as it leaves out Textual's system keys. The panel writes a tooltip
    # after the words: only one that explains more than they say.
    return Binding(keys, action, description, show=show, priority=priority,
                   tooltip=tooltip, id=f"kiosk.{binding_id}",
                   key_display=key_display, system=not description)


# The key that opens the keys panel: every key of the screen, the ones the footer has no
# room for too. The footer keeps it on the right, where Textual keeps its palette key
# (``App.COMMAND_PALETTE_BINDING`` names the key the footer docks there).
KEYS_PANEL = "f1"


# Whole app. ctrl+q and ctrl+c replace Textual's own, so an agent cannot close the
# kiosk; the app decides per role in ``check_action``.
APP = [
    key("quit", "ctrl+q", "quit", N_("Quit"), priority=True,
        tooltip=N_("Close the kiosk (supervisors only).")),
    key("help_quit", "ctrl+c", "help_quit", "", show=False),
    key("suspend", "ctrl+z", "suspend_process", "", show=False),
    key("lock", "ctrl+l", "lock", N_("Lock"), priority=True,
        tooltip=N_("Lock the terminal and go back to sign-in.")),
    key("contrast", "f9", "toggle_contrast", N_("Contrast"), show=False,
        tooltip=N_("Switch the high-contrast theme on or off.")),
    # show=False: the footer docks it on its right by itself (not twice).
    key("keys", KEYS_PANEL, "toggle_keys", N_("Keys"), priority=True, show=False,
        tooltip=N_("Every key of this screen; esc closes the list.")),
    key("palette", "ctrl+p", "command_palette", N_("palette"), show=False, priority=True,
        tooltip=N_("Open the command palette")),
    # Focus moves as soon as tab arrives, so keys typed right behind it (a fast typist,
    # a badge reader) land in the next field — never a PIN in the visible staff-id box.
    # esc closes the keys panel first; without the panel it is the screen's own esc.
    key("hide_keys", "escape", "hide_keys", "", show=False, priority=True),
    key("focus_next", "tab", "app.focus_next", "", show=False, priority=True),
    key("focus_previous", "shift+tab", "app.focus_previous", "", show=False, priority=True),
]

SIGN_IN = [
    key("signin.submit", "ctrl+s", "sign_in", N_("Sign in"), priority=True),
    key("signin.language", "f2", "language", N_("Language"), priority=True,
        tooltip=N_("Show the screens in the next language (until someone signs in).")),
    key("signin.practice", "f3", "practice", N_("Practice"), priority=True,
        tooltip=N_("Sign in and practise a recovery with a scenario's guest.")),
]

FIRST_RUN = [
    key("first.create", "ctrl+s", "create", N_("Create supervisor"), priority=True),
    key("first.language", "f2", "language", N_("Language"), priority=True,
        tooltip=N_("Show the screens in the next language; the supervisor created here "
                   "keeps it.")),
]

BOARD = [
    key("board.new", "ctrl+n", "new_incident", N_("New incident"), priority=True),
    key("board.search", "ctrl+f", "search", N_("Search"), priority=True),
    key("board.followups", "ctrl+o", "follow_ups", N_("Follow-ups"), priority=True),
    key("board.drafts", "ctrl+d", "drafts", N_("Drafts"), priority=True),
    key("board.supervisor", "ctrl+t", "supervisor", N_("Supervisor"), priority=True),
    # Not in the footer: at 80 columns it would push the lock key off the line; the
    # Keys panel lists it.
    key("board.history", "ctrl+y", "history", N_("History"), priority=True, show=False,
        tooltip=N_("Every incident, resolved ones too.")),
    key("board.orders", "f3", "work_orders", N_("Work orders"), show=False,
        tooltip=N_("The departments' work orders: owner, promised time, status.")),
    key("board.shift", "f4", "shift_log", N_("Shift log"), show=False,
        tooltip=N_("This shift's incidents, compensation, approvals and open items.")),
    key("board.refresh", "f5", "refresh", N_("Refresh"), show=False),
    key("board.practice", "f6", "practice", N_("Practice"), show=False,
        tooltip=N_("Practise a recovery on these screens with a scenario's guest.")),
]

HISTORY = [
    key("history.search", "ctrl+f", "search", N_("Search"), priority=True),
    key("history.back", "escape", "back", N_("Board")),
]

RECORD = [
    key("record.note", "ctrl+n", "note", N_("Add note"), priority=True),
    key("record.reassign", "ctrl+g", "reassign", N_("Reassign"), priority=True),
    key("record.reopen", "ctrl+r", "reopen", N_("Reopen"), priority=True),
    key("record.report", "ctrl+e", "report", N_("Report"), priority=True,
        tooltip=N_("The incident report this incident's paperwork tier asks for.")),
    key("record.back", "escape", "back", N_("Back")),
]

CHANGE = [
    key("change.save", "ctrl+s", "save", N_("Save"), priority=True),
    key("change.cancel", "escape", "cancel", N_("Cancel")),
]

INCIDENT = [
    key("incident.save", "ctrl+s", "save", N_("Save & start"), priority=True),
    key("incident.use_guest", "ctrl+g", "use_guest", N_("Use guest"), priority=True,
        tooltip=N_("Fill the guest's fields from the in-house list.")),
    key("incident.continue", "ctrl+r", "continue_open", N_("Continue open"), priority=True,
        tooltip=N_("Go on with the guest's incident that is still open.")),
    key("incident.back", "escape", "back", N_("Back")),
]

CHECKLIST = [
    key("checklist.confirm", "ctrl+o", "confirm", N_("Done (no note)"), priority=True),
    key("checklist.compensate", "ctrl+g", "compensate", N_("Compensate"), priority=True),
    key("checklist.letter", "ctrl+t", "letter", N_("Letter"), priority=True),
    key("checklist.resolve", "ctrl+r", "resolve", N_("Resolve"), priority=True),
    key("checklist.back", "escape", "back", N_("Board")),
]

COMPENSATION = [
    key("comp.more", "plus,equals_sign,right", "more", "+1", key_display="+"),
    key("comp.less", "minus,left", "less", "-1", key_display="-"),
    key("comp.give", "ctrl+s", "give", N_("Give"), priority=True),
    key("comp.back", "escape", "back", N_("Back")),
]

APPROVAL = [
    key("approval.approve", "ctrl+s", "approve", N_("Approve"), priority=True),
    key("approval.cancel", "escape", "cancel", N_("Cancel")),
]

LETTER = [
    key("letter.language", "ctrl+g", "language", N_("Language"), priority=True),
    key("letter.save", "ctrl+s", "save", N_("Save"), priority=True),
    key("letter.print", "ctrl+o", "print", N_("Print"), priority=True),
    key("letter.retry", "ctrl+r", "retry", N_("Retry print"), priority=True),
    key("letter.wording", "ctrl+e", "wording", N_("Wording"), priority=True),
    key("letter.back", "escape", "back", N_("Back")),
]

WORDING = [
    key("wording.apply", "ctrl+s", "apply", N_("Use"), priority=True),
    key("wording.cancel", "escape", "cancel", N_("Cancel")),
]

FOLLOW_UP = [
    key("followup.save", "ctrl+s", "save", N_("Record"), priority=True),
    key("followup.back", "escape", "back", N_("Back")),
]

FOLLOW_UPS = [
    key("followups.record", "enter", "record", N_("Record the call"), priority=True),
    key("followups.back", "escape", "back", N_("Board")),
]

ORDERS = [
    key("orders.update", "enter", "update", N_("Update"), priority=True,
        tooltip=N_("Change the highlighted order's status, owner or note.")),
    key("orders.department", "f2", "department", N_("Department"),
        tooltip=N_("Show the next department's orders (all, then each).")),
    key("orders.done", "f3", "done_too", N_("Done too"),
        tooltip=N_("Show the orders already done as well, or hide them.")),
    key("orders.back", "escape", "back", N_("Board")),
]

SHIFT_LOG = [
    key("shift.print", "ctrl+o", "print", N_("Print"), priority=True,
        tooltip=N_("Print this shift's log on the desk's printer.")),
    key("shift.back", "escape", "back", N_("Board")),
]

INCIDENT_REPORT = [
    key("report_form.save", "ctrl+s", "save", N_("Save"), priority=True),
    key("report_form.print", "ctrl+o", "print", N_("Print"), priority=True),
    key("report_form.back", "escape", "back", N_("Back")),
]

SUPERVISOR = [
    key("supervisor.reload", "ctrl+r", "reload", N_("Reload policies"), priority=True),
    key("supervisor.add", "ctrl+n", "staff('add')", N_("Add staff"), priority=True),
    key("supervisor.disable", "ctrl+d", "staff('toggle')", N_("Disable/enable"),
        priority=True),
    key("supervisor.unlock", "ctrl+u", "staff('unlock')", N_("Unlock"), priority=True),
    key("supervisor.pin", "ctrl+k", "staff('new_pin')", N_("New PIN"), priority=True),
    key("supervisor.language", "f2", "staff_language", N_("Staff language"),
        tooltip=N_("The highlighted staff member's language: the next one, or the "
                   "property's.")),
    key("supervisor.back", "escape", "back", N_("Board")),
]

STAFF_CHANGE = [
    key("staff.apply", "ctrl+s", "apply", N_("Apply"), priority=True),
    key("staff.cancel", "escape", "cancel", N_("Cancel")),
]

STORE_PROBLEM = [
    key("store.retry", "ctrl+r", "retry", N_("Try again"), priority=True),
]

REPORT = [
    key("report.back", "escape", "back", N_("Back"),
        tooltip=N_("Back to the supervisor area.")),
    key("report.period", "p", "next_period", N_("Period"),
        tooltip=N_("Cycle the period: today, this shift, 7, 30, 90 days, 12 months, all.")),
    key("report.refresh", "f5", "refresh", N_("Refresh"),
        tooltip=N_("Read the store again.")),
    key("report.export", "x", "export", N_("Export"),
        tooltip=N_("Save the report as CSV or PDF, to the letters folder or a file.")),
]

REPORT_EXPORT = [
    key("report_export.save", "ctrl+s", "save", N_("Save"), priority=True),
    key("report_export.cancel", "escape", "cancel", N_("Cancel")),
]

PRACTICE_PICK = [
    key("practice.back", "escape", "back", N_("Board")),
]

PRACTICE_BRIEF = [
    key("practice.start", "ctrl+n", "start", N_("Intake"), priority=True,
        tooltip=N_("Open the incident with the guest's details (or go on with it).")),
    key("practice.debrief", "ctrl+e", "debrief", N_("Debrief"), priority=True),
    key("practice.end", "escape", "end", N_("End practice")),
]

PRACTICE_DEBRIEF = [
    key("debrief.end", "escape", "end", N_("End practice")),
]

PRACTICE_RECORD = [
    key("record_practice.back", "escape", "back", N_("Back")),
]

# Textual's own key words, shown in the footer through the same lookup as ours.
TEXTUAL_WORDS = [N_("palette")]
