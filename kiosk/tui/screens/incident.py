"""New incident: the guest (offered from the in-house list as a room or a name is
typed), their contacts, their earlier incidents (with a repeat-complaint flag, and an
open one offered to continue instead of a second beside it), the category and
severity, and the guest's account in their own words."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from kiosk.core.display import hotel_time, language_in, title_word, value_word
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _, current_language, lookup
from kiosk.core.models import Guest, Honorific, Incident, InHouseGuest
from kiosk.desk import drafts, guest_list, history, incidents, sync
from kiosk.desk.incidents import GuestHistory
from kiosk.desk.text_rules import without_field
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import day, inert
from kiosk.tui.widgets.dropdown import Dropdown
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

TEXT_FIELDS = ("name", "address_as", "room", "arrival", "departure", "phone", "email",
               "loyalty_id", "location")
CHOICE_FIELDS = ("honorific", "language", "prefers", "category", "severity")
OFFERS = 5  # in-house guests offered at once; typing more narrows them
SEVERITIES = ("low", "medium", "high", "critical")


# Each box's label, beside it on the form and leading what is wrong with it.
LABELS = {"name": N_("Guest"), "honorific": N_("Title"), "address_as": N_("Address as"),
          "language": N_("Language"), "room": N_("Room"), "arrival": N_("Arrival"),
          "departure": N_("Departure"), "phone": N_("Phone"), "email": N_("E-mail"),
          "prefers": N_("Prefers"), "loyalty_id": N_("Loyalty"), "category": N_("Category"),
          "severity": N_("Severity"), "location": N_("Where"),
          "account": N_("The guest's account")}


def label(name: str) -> str:
    return lookup(LABELS[name]) if name in LABELS else name


def parse_day(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(_("{field}: write the date as YYYY-MM-DD.").format(
            field=label)) from None


class IncidentScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.INCIDENT)
    AUTO_FOCUS = "#f-name"

    # A save on its way to the store: ctrl+s waits for it.
    saving: reactive[bool] = reactive(False, bindings=True)
    # In-house guests matching what is typed: ctrl+g fills the form from one.
    offered: reactive[bool] = reactive(False, bindings=True)
    # The guest's incident still open in this room: ctrl+r continues it.
    open_earlier: reactive[str] = reactive("", bindings=True)

    def __init__(self, prefill: dict[str, Any] | None = None):
        super().__init__()
        self.prefill = prefill or {}
        self._category = ""  # the category whose default severity is shown
        self.offers: list[InHouseGuest] = []
        self.taken: InHouseGuest | None = None  # the list's guest the form was filled from
        # The open incident the agent was told about: a second ctrl+s opens a new one.
        self.second_ok = ""

    def compose(self) -> ComposeResult:
        policy = self.desk.policy
        today = hotel_time(policy, self.desk.now()).date()
        fields = self.prefill
        yield KioskHeader(_("New incident"))
        with Horizontal(id="incident-body"):
            with VerticalScroll(id="incident-form"):
                yield from self._row(label("name"), Input(
                    fields.get("name", ""), placeholder=_("Full name"), id="f-name",
                    compact=True, max_length=120))
                yield from self._row(label("honorific"), Dropdown(
                    [(title_word(h), h.value)
                     for h in Honorific],
                    value=fields.get("honorific", Honorific.NONE.value), allow_blank=False,
                    id="f-honorific", compact=True))
                yield from self._row(label("address_as"), Input(
                    fields.get("address_as", ""), id="f-address_as", compact=True,
                    max_length=120, placeholder=_('Optional: "Mr Smith", "Bi. Fatuma"')))
                yield from self._row(label("language"), Dropdown(
                    [(language_in(code, current_language()), code)
                     for code in policy.property.languages],
                    value=fields.get("language", policy.property.default_language),
                    allow_blank=False, id="f-language", compact=True))
                yield from self._row(label("room"), Input(
                    fields.get("room", ""), placeholder=_("e.g. 412"), id="f-room",
                    compact=True, max_length=12))
                yield from self._row(label("arrival"), Input(
                    fields.get("arrival", today.isoformat()), id="f-arrival",
                    compact=True, max_length=10))
                yield from self._row(label("departure"), Input(
                    fields.get("departure", (today + timedelta(days=1)).isoformat()),
                    id="f-departure", compact=True, max_length=10))
                yield from self._row(label("phone"), Input(
                    fields.get("phone", ""), id="f-phone", compact=True, max_length=30,
                    placeholder=_("For the follow-up call")))
                yield from self._row(label("email"), Input(
                    fields.get("email", ""), id="f-email", compact=True, max_length=254))
                yield from self._row(label("prefers"), Dropdown(
                    [(_("no preference"), ""), (_("phone"), "phone"),
                     (_("e-mail"), "email")],
                    value=fields.get("prefers", ""), allow_blank=False, id="f-prefers",
                    compact=True))
                yield from self._row(label("loyalty_id"), Input(
                    fields.get("loyalty_id", ""), id="f-loyalty_id", compact=True,
                    max_length=40, placeholder=_("Loyalty number (optional)")))
                categories = [(policy.label(c.label, current_language()), c.id)
                              for c in policy.categories.values()]
                yield from self._row(label("category"), Dropdown(
                    categories, value=fields.get("category", categories[0][1]),
                    allow_blank=False, id="f-category", compact=True))
                self._category = str(fields.get("category", categories[0][1]))
                category = policy.categories[self._category]
                yield from self._row(label("severity"), Dropdown(
                    [(value_word(s), s) for s in SEVERITIES],
                    value=fields.get("severity", category.default_severity.value),
                    allow_blank=False, id="f-severity", compact=True))
                yield from self._row(label("location"), Input(
                    fields.get("location", ""), placeholder=_("Location (optional)"),
                    id="f-location", compact=True, max_length=120))
                yield Label(_("The guest's account, in their words:"),
                            classes="field-label")
                yield TextArea(fields.get("account", ""), id="f-account",
                               soft_wrap=True, show_line_numbers=False)
            history = Vertical(id="guest-history")
            history.border_title = _("Earlier incidents")
            with history:
                # Hidden until a look-up offers someone (shown in the first frame as
                # they are, not hidden by a second layout after it).
                offered = Label(_("In house:"), id="in-house-label")
                offers = OptionList(id="in-house", compact=True)
                offered.display = offers.display = False
                yield offered
                yield offers
                yield Static(Text(_("Type a room or the guest's name to look them up."),
                                  style="dim"), id="history-text")
        yield KioskFooter()

    @staticmethod
    def _row(label: str, widget: Any) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(label, classes="field-label")
            yield widget

    # --- values --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            data[name] = self.query_one(f"#f-{name}", Input).value
        for name in CHOICE_FIELDS:
            value = self.query_one(f"#f-{name}", Select).value
            data[name] = value if isinstance(value, str) else ""
        data["account"] = self.query_one("#f-account", TextArea).text
        return data

    def guest(self, data: dict[str, Any]) -> Guest:
        return Guest(
            name=data["name"].strip(),
            language=data["language"],
            room=data["room"].strip(),
            arrival=parse_day(data["arrival"], label("arrival")),
            departure=parse_day(data["departure"], label("departure")),
            honorific=Honorific(data["honorific"] or Honorific.NONE.value),
            address_as=data.get("address_as", "").strip(),
            phone=data.get("phone", "").strip(),
            email=data.get("email", "").strip(),
            prefers=data.get("prefers", ""),
            loyalty_id=data.get("loyalty_id", "").strip(),
        )

    def draft_data(self) -> dict[str, Any] | None:
        if self.saving:  # on its way to the store; kept there if that fails (see save)
            return None
        return self._draft(self.values())

    @staticmethod
    def _draft(data: dict[str, Any]) -> dict[str, Any] | None:
        if not (data["name"].strip() or data["room"].strip() or data["account"].strip()):
            return None
        title = _("New incident: {guest}").format(guest=data["name"].strip() or _("guest"))
        return {"screen": "incident", "title": title, "fields": data}

    # --- guest look-up -------------------------------------------------------------
    @on(Input.Changed, "#f-name")
    @on(Input.Changed, "#f-room")
    def look_up(self, event: Input.Changed) -> None:
        data = self.values()
        typed = event.value.strip()
        desk = self.desk
        if len(typed) >= (1 if event.input.id == "f-room" else 2):
            self.run_job(lambda: guest_list.find_in_house(desk, typed, OFFERS),
                         self._show_offers, group="in-house", exclusive=True,
                         title=_("In-house list not read"))
        else:
            self._show_offers([])
        if len(data["name"].strip()) < 2 and not data["loyalty_id"].strip():
            return
        try:
            guest = self.guest(data)
        except ValidationError:
            return
        self.run_job(lambda: incidents.guest_history(desk, guest), self.show_history,
                     group="history", exclusive=True, title=_("Guest look-up failed"))

    def _show_offers(self, found: list[InHouseGuest]) -> None:
        # The guest the form was just filled from is not offered again.
        if self.taken is not None:
            found = [g for g in found if g != self.taken]
        self.offers = found
        self.offered = bool(found)
        options = self.query_one("#in-house", OptionList)
        options.clear_options()
        options.add_options(Option(inert(f"{g.room} {g.name}", limit=26))
                            for g in found)
        if found:
            options.highlighted = 0
        options.display = bool(found)
        self.query_one("#in-house-label", Label).display = bool(found)

    @on(OptionList.OptionSelected, "#in-house")
    def offer_chosen(self, event: OptionList.OptionSelected) -> None:
        self.fill(self.offers[event.option_index])

    def action_use_guest(self) -> None:
        if not self.offers:
            return
        index = self.query_one("#in-house", OptionList).highlighted or 0
        self.fill(self.offers[min(index, len(self.offers) - 1)])

    def fill(self, guest: InHouseGuest) -> None:
        """The form's guest fields from the in-house list; category and account stay."""
        self.taken = guest
        for name, value in (("name", guest.name), ("address_as", guest.address_as),
                            ("room", guest.room), ("arrival", guest.arrival.isoformat()),
                            ("departure", guest.departure.isoformat()),
                            ("phone", guest.phone), ("email", guest.email),
                            ("loyalty_id", guest.loyalty_id)):
            self.query_one(f"#f-{name}", Input).value = value
        self.query_one("#f-language", Select).value = guest.language
        self.query_one("#f-prefers", Select).value = ("phone" if guest.phone else
                                                      "email" if guest.email else "")
        extra = [x for x in (guest.loyalty_tier, _("VIP") if guest.vip else "") if x]
        self.notify(_("Filled from the in-house list: {name}, room {room}.").format(
            name=guest.name, room=guest.room) + (f" ({', '.join(extra)})" if extra else ""),
            title=_("In house"))
        self.query_one("#f-category", Select).focus()

    def show_history(self, found: GuestHistory) -> None:
        policy = self.desk.policy
        text = Text()
        still_open = found.still_open[0] if found.still_open else None
        self.open_earlier = still_open.id if still_open else ""
        if still_open is not None:
            text.append(_(" {ref} is still open ").format(ref=still_open.ref),
                        style="bold reverse red")
            text.append("\n")
            text.append(_("ctrl+r continues it (what is typed becomes its note)."),
                        style="bold")
            text.append("\n")
        if found.repeat:
            text.append(" " + _("REPEAT COMPLAINT") + " \n", style="bold reverse yellow")
        if not found.incidents:
            text.append(_("No earlier incidents."), style="dim")
        for earlier in found.incidents[:6]:
            category = policy.categories.get(earlier.category)
            label = (policy.label(category.label, current_language()) if category
                     else earlier.category)
            text.append(f"{day(earlier.reported_at, policy)} ", style="bold")
            text.append_text(inert(f"{label} · " + _("room {room}").format(
                room=earlier.guest.room), limit=34))
            text.append(f" · {value_word(earlier.status.value)}", style="dim")
            text.append("\n")
        self.query_one("#history-text", Static).update(text)
        loyalty = str(self.values()["loyalty_id"].strip() or next(
            (i.guest.loyalty_id for i in found.incidents if i.guest.loyalty_id), ""))
        if loyalty and self.desk.policy.chain is not None:
            self.run_job(lambda: sync.sister_history(self.desk, loyalty),
                         functools.partial(self.show_sisters, text), group="sisters",
                         exclusive=True, title=_("Sister hotels not looked up"))

    def show_sisters(self, local_text: Text, found: sync.SisterHistory) -> None:
        """A loyalty guest's incidents at the group's other properties, under their own."""
        if not found.incidents and found.live:
            return
        text = local_text.copy()
        where = (_("At sister hotels") if found.live
                 else _("At sister hotels (last known copy)"))
        text.append(f"\n{where}:\n", style="bold")
        for other in found.incidents[:6]:
            text.append(f"{other.reported_at[:10]} ", style="bold")
            text.append_text(inert(f"{other.property_name} · {other.category}", limit=34))
            text.append("\n")
        self.query_one("#history-text", Static).update(text)

    @on(Select.Changed, "#f-category")
    def category_changed(self, event: Select.Changed) -> None:
        """The new category's default severity, unless the agent chose another one by
        hand (a severity that is not the last category's default)."""
        categories = self.desk.policy.categories
        category = categories.get(str(event.value))
        before = categories.get(self._category)
        self._category = str(event.value)
        severity = self.query_one("#f-severity", Select)
        if category is not None and (
                before is None or severity.value == before.default_severity.value):
            severity.value = category.default_severity.value

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    # --- actions -------------------------------------------------------------------
    def problems(self, data: dict[str, Any]) -> dict[str, str]:
        """Every problem of the form at once, by field (see ``incidents.intake_problems``),
        each message led by the label beside its box."""
        found: dict[str, str] = {}
        days: dict[str, date] = {}
        for name in ("arrival", "departure"):
            try:
                days[name] = parse_day(data[name], label(name))
            except ValidationError as exc:
                found[name] = str(exc)
        # A date that cannot be read is said once; the rest is checked with a stand-in.
        today = hotel_time(self.desk.policy, self.desk.now()).date()
        arrival = days.get("arrival") or min(today, days.get("departure", today))
        departure = days.get("departure") or max(arrival, today)
        guest = self.guest({**data, "arrival": arrival.isoformat(),
                            "departure": departure.isoformat()})
        for name, message in incidents.intake_problems(
                self.desk.policy, guest, data["category"], data["severity"],
                data["account"], data["location"]).items():
            found.setdefault(name, f"{label(name)}: {without_field(message)}")
        return found

    def action_save(self) -> None:
        if self.saving:
            return
        data = self.values()
        problems = self.problems(data)
        for row in self.query(".field-row"):
            row.remove_class("-invalid")
        if problems:
            for name in problems:
                for box in self.query(f"#f-{name}"):
                    if box.parent is not None:
                        box.parent.add_class("-invalid")
            self.notify("\n".join(problems.values()), title=_("Not saved"),
                        severity="error", timeout=12)
            self.query_one(f"#f-{next(iter(problems))}").focus()
            return
        guest = self.guest(data)
        agent_id, desk, draft = self.me.id, self.desk, self._draft(data)
        second_ok = self.second_ok
        self.saving = True

        def job() -> Incident | GuestHistory:
            # Asked of the store now, not of the panel: it may be a moment old.
            found = incidents.guest_history(desk, guest)
            if found.still_open and found.still_open[0].id != second_ok:
                return found
            return incidents.open_incident(
                desk, agent_id, guest, data["category"], data["severity"],
                data["account"], location=data["location"].strip())

        def keep(_: BaseException) -> None:  # failed after a lock: the typed form is kept
            if draft is not None:
                drafts.save_draft(desk, agent_id, draft)

        self.run_job(job, self.saved, failed=self.not_saved, orphaned=keep)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.saving:
            return None  # shown, dimmed, until the store answers
        if action == "use_guest":
            return self.offered
        if action == "continue_open":
            return bool(self.open_earlier) and not self.saving
        return True

    def saved(self, result: Incident | GuestHistory) -> None:
        self.saving = False
        if isinstance(result, GuestHistory):
            self.show_history(result)
            earlier = result.still_open[0]
            self.second_ok = earlier.id
            self.notify(_("{ref} is still open for this guest: ctrl+r continues it, "
                          "ctrl+s again opens a second incident.").format(ref=earlier.ref),
                        title=_("Still open"), severity="warning", timeout=10)
            return
        incident = result
        self.notify(_("Incident {ref} opened.").format(ref=incident.ref), title=_("Saved"))
        self.app.switch_screen(ChecklistScreen(incident.id))

    def action_continue_open(self) -> None:
        """Go on with the open incident; the account typed here is kept as its note."""
        incident_id, note = self.open_earlier, self.values()["account"].strip()
        if not incident_id or self.saving:
            return
        desk, member = self.desk, self.me
        self.saving = True

        def job() -> str:
            if note:
                history.add_note(desk, incident_id, member, note)
            return incident_id

        self.run_job(job, self.continued, failed=self.not_saved)

    def continued(self, incident_id: str) -> None:
        self.saving = False
        self.app.switch_screen(ChecklistScreen(incident_id))

    def not_saved(self, exc: BaseException) -> None:
        self.saving = False
        self.notify(explain(exc), title=_("Not saved"), severity="error", timeout=8)
