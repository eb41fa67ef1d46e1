"""The supervisor area (role ≥ supervisor): staff list, policy status and reload, and
the way to the reports screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, Static, TabbedContent, TabPane

from kiosk.core.display import language_name, role_word
from kiosk.core.i18n import _, available_languages, ngettext
from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.desk.sync import SyncStatus, sync_status
from kiosk.tui import bindings
from kiosk.tui.messages import PolicyChanged, ReloadPolicies
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.practice_record import PracticeRecordScreen
from kiosk.tui.screens.report import ReportScreen
from kiosk.tui.screens.staff_admin import ADD, DISABLE, ENABLE, StaffDialog
from kiosk.tui.text import clock_text, day, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader


def shown_path(folder: Path) -> str:
    """Relative to where the kiosk was started when it lies below it: shorter to read."""
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(folder)


# After a language in the staff list: the person follows the property's staff language.
PROPERTY_MARK = " *"


class SupervisorScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.SUPERVISOR)

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[str, Staff] = {}

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Supervisor"))
        with TabbedContent(id="supervisor-tabs"):
            with TabPane(_("Staff"), id="tab-staff"):
                yield DataTable(id="staff-table", cursor_type="row")
                yield Static("", id="staff-note", classes="status")
            with TabPane(_("Policy"), id="tab-policy"), VerticalScroll():
                yield Static("", id="policy-status")
                yield Static("", id="chain-status")
            with TabPane(_("Reports"), id="tab-reports"):
                yield Static(_("Figures on incidents, compensation, SLA and follow-ups."),
                             id="reports-note")
                yield Button(_("Open reports"), id="open-reports", variant="primary")
            with TabPane(_("Practice"), id="tab-practice"):
                yield Static(_("Each agent's practice runs and what their debriefs "
                               "found."), id="practice-note")
                yield Button(_("Open the practice record"), id="open-practice",
                             variant="primary")
        yield KioskFooter()

    def on_mount(self) -> None:
        if not self.kiosk.is_supervisor:  # never reachable by an agent; belt and braces
            self.dismiss()
            return
        table = self.query_one("#staff-table", DataTable)
        table.add_columns(_("Id"), _("Name"), _("Role"), _("Status"), _("Language"))
        self.refresh_bindings()
        self.load()

    def load(self) -> None:
        self.run_job(lambda: staff.list_staff(self.desk), self.show_staff,
                  title=_("Cannot read the staff list"))
        self.run_job(lambda: sync_status(self.desk), self.show_sync, group="chain",
                     title=_("Cannot read the sync state"))
        self.show_policy()

    def show_sync(self, status: SyncStatus) -> None:
        """Head office's line: when it last took this property's record, what waits."""
        if not status.configured:
            return
        policy = self.desk.policy
        text = Text("\n" + _("Head office:") + " ", style="bold")
        when = clock_text(status.last_sync_at, policy) if status.last_sync_at else _("never")
        text.append(_("last sync {when}").format(when=when) + " · "
                    + ngettext("{n} audit entry waiting", "{n} audit entries waiting",
                               status.backlog).format(n=status.backlog) + "\n")
        if status.error:
            text.append(_("Last try failed (the desk works on; it catches up later):") + " ",
                        style="yellow")
            text.append_text(inert(status.error, limit=160))
        self.query_one("#chain-status", Static).update(text)

    def show_staff(self, members: list[Staff]) -> None:
        self.members = {m.id: m for m in members}
        table = self.query_one("#staff-table", DataTable)
        keep = table.cursor_row
        table.clear()
        now = self.desk.now()
        house = self.desk.policy.property.staff_language
        for member in members:
            if not member.active:
                state = Text(_("disabled"), style="dim")
            elif member.locked_until is not None and member.locked_until > now:
                state = Text(_("locked"), style="bold red")
            else:
                state = Text(_("active"), style="green")
            # The property's language is marked, not spelled out in the cell: "as the
            # property (English)" in Armenian or Swahili would push the column off an
            # 80-column screen.
            spoken = (language_name(member.ui_lang) if member.ui_lang
                      else language_name(house) + PROPERTY_MARK)
            table.add_row(Text(member.id), inert(member.name, limit=24),
                          Text(role_word(self.desk.policy, member.role)), state,
                          Text(spoken), key=member.id)
        followers = any(not m.ui_lang for m in members)
        self.query_one("#staff-note", Static).update(
            PROPERTY_MARK.strip() + " " + _("the property's staff language (property.toml)")
            if followers else "")
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    # --- staff changes (the same use cases and rules as `kiosk staff`) --------------
    def chosen(self) -> Staff | None:
        table = self.query_one("#staff-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.members.get(key or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "staff":
            on_staff_tab = self.query_one("#supervisor-tabs", TabbedContent).active \
                == "tab-staff"
            return on_staff_tab and (parameters[:1] == ("add",) or self.chosen() is not None)
        return True

    def action_staff(self, change: str) -> None:
        target = self.chosen()
        if change == "toggle":
            if target is None:
                return
            change = DISABLE if target.active else ENABLE
        elif change == ADD:
            target = None
        elif target is None:
            return
        self.app.push_screen(StaffDialog(change, target), self.changed)

    def changed(self, member: Staff | None) -> None:
        if member is not None:
            self.notify(_("{name} ({id}): done.").format(name=member.name, id=member.id),
                        title=_("Staff"))
            self.load()

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def show_policy(self) -> None:
        holder = self.desk.policies
        policy = holder.current
        text = Text()
        text.append(_("In force:") + " ", style="bold")
        text.append(_("version {version}, effective {day}").format(
            version=policy.version, day=day(policy.effective, policy)) + "\n")
        text.append(_("Hash: {hash}").format(hash=policy.short_hash) + "\n")
        text.append(_("Folder:") + " ")
        text.append_text(inert(shown_path(holder.folder), limit=60))
        text.append("\n" + _("Last reload: {when}").format(
            when=clock_text(holder.loaded_at, policy)) + "\n")
        counts = (ngettext("{n} category", "{n} categories", len(policy.categories))
                  .format(n=len(policy.categories)),
                  ngettext("{n} item", "{n} items", len(policy.items))
                  .format(n=len(policy.items)),
                  ngettext("{n} role", "{n} roles", len(policy.roles))
                  .format(n=len(policy.roles)))
        text.append(_("Checklist: {name}").format(name=policy.checklist_name) + " · "
                    + " · ".join(counts) + "\n")
        if holder.pending:
            text.append(_("Pending edit, NOT in force until published:") + " ",
                        style="bold yellow")
            text.append(", ".join(holder.pending) + "\n")
            text.append_text(inert(_("Publish it with: {command}").format(
                command=f"kiosk policy publish {shown_path(holder.folder)}"), limit=120))
            text.append("\n")
        elif not holder.published and holder.last_error is None:
            text.append(_("Never published: edits take effect only once published with")
                        + "\n",
                        style="bold yellow")
            text.append_text(inert(f"kiosk policy publish {shown_path(holder.folder)}",
                                   limit=120))
            text.append("\n")
        elif holder.last_error is None:
            text.append(_("Pending edit: none (files match the version in force)") + "\n",
                        style="green")
        else:
            text.append(_("Pending edit REFUSED — the version above stays in force:") + "\n",
                        style="bold red")
            for problem in holder.last_error.problems[:12]:
                text.append("• ")
                text.append_text(inert(problem, limit=200))
                text.append("\n")
        text.append("\n" + _("ctrl+r reloads the policy files now."), style="dim")
        self.query_one("#policy-status", Static).update(text)

    def on_policy_changed(self, _: PolicyChanged) -> None:
        self.show_policy()

    def action_reload(self) -> None:
        self.post_message(ReloadPolicies())

    def action_staff_language(self) -> None:
        """The highlighted staff member's language: the next the kiosk speaks, then back
        to the property's."""
        member = self.chosen()
        if member is None:
            return
        staff_id = member.id
        choices = ["", *available_languages()]
        following = choices[(choices.index(member.ui_lang) + 1) % len(choices)] \
            if member.ui_lang in choices else ""
        actor = self.me.id
        self.run_job(lambda: staff.set_ui_lang(self.desk, staff_id, following, actor),
                     lambda _member: self.load(), title=_("Language not changed"))

    @on(Button.Pressed, "#open-reports")
    def open_reports(self) -> None:
        self.app.push_screen(ReportScreen())

    @on(Button.Pressed, "#open-practice")
    def open_practice(self) -> None:
        self.app.push_screen(PracticeRecordScreen())
