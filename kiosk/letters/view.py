"""The plain view a letter template sees: dicts of text and numbers, never store objects.

Everything a guest reads is already formatted for the letter's language (dates, money,
counts in words) and every phrase is already in that language, so templates hold
words, not logic. What the letter says follows the record: whether the fault is put
right yet (and when), what the agent recorded as the remedy, whether the guest is still
in house, whether a follow-up call is booked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from kiosk.core.display import hotel_zone
from kiosk.core.models import Honorific, Incident, LetterWording, Status
from kiosk.core.plain import Value
from kiosk.core.policy_parts import ItemKind, Signer, StepUse
from kiosk.core.policy_set import Policy
from kiosk.core.work_orders import work_done
from kiosk.letters.locale_format import (
    count,
    day_month,
    long_date,
    money,
    number,
    percent,
    plural_form,
    short_time,
)
from kiosk.letters.salutation import salutation, title

# The guest's own words are quoted in full up to this length; a longer account would
# push the apology off the first page, so the letter quotes the agent's summary or the
# account's opening sentences instead.
QUOTE_MAX = 600
QUOTE_LINES = 8
EXCERPT_MAX = 360
_SENTENCE_END = re.compile(r"[.!?։…](?=\s)")
_MONEY_KINDS = (ItemKind.FOLIO_CREDIT,)


class Signatory(Value):
    """A person who signs the letter: the agent, or a manager who approved."""

    name: str
    role: str  # role id from the policy


def format_locale(policy: Policy, language: str) -> str:
    """The CLDR locale that writes this letter language's dates and numbers."""
    return policy.property.letters.locales.get(language, language)


def _person(person: Signatory, policy: Policy, language: str) -> dict[str, str]:
    try:
        role = policy.label(policy.role(person.role).label, language)
    except KeyError:
        role = person.role
    return {"name": person.name, "role": role}


def _senior(policy: Policy, language: str) -> dict[str, str]:
    letters = policy.property.letters
    return {"name": letters.senior_name,
            "role": policy.label(letters.senior_title, language)
            if letters.senior_title else ""}


# --- compensation as the guest reads it ----------------------------------------------
def _phrase(forms: dict[str, str], values: dict[str, str], quantity: int, remark: str,
            fmt: str) -> str:
    if remark and "remark" in forms:
        text = forms["remark"]
    else:
        text = forms.get(plural_form(quantity, fmt)) or forms["other"]
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _grouped(incident: Incident) -> list[tuple[str, str, int, Decimal, str]]:
    """(item, remark, quantity, value, currency), the same item and remark added up:
    three vouchers given in two decisions read as three."""
    found: dict[tuple[str, str], list[Any]] = {}
    for decision in incident.compensation:
        for line in decision.lines:
            key = (line.item_id, line.remark.strip())
            entry = found.setdefault(key, [0, Decimal(0), decision.currency])
            entry[0] += line.qty
            entry[1] += line.value
    return [(item, remark, qty, value, currency)
            for (item, remark), (qty, value, currency) in found.items()]


def _compensation(incident: Incident, policy: Policy, language: str,
                  fmt: str) -> list[dict[str, Any]]:
    show_values = policy.property.letters.show_values
    lines = []
    for item_id, remark, qty, value, currency in _grouped(incident):
        item = policy.items.get(item_id)
        amount = money(value, currency, fmt)
        kind = item.kind if item else None
        if kind == ItemKind.LOYALTY_POINTS and item and item.points:
            counted = number(qty * item.points, fmt)  # points add up, in digits
            how_many = qty * item.points
        else:
            counted, how_many = count(qty, fmt), qty
        pct = item.percent * qty if item and item.percent is not None else None
        values = {"n": counted, "amount": amount, "remark": remark,
                  "percent": percent(pct, fmt) if pct is not None else "",
                  "percent_number": number(pct, fmt) if pct is not None else ""}
        forms = item.phrase.get(language) if item else None
        if forms:
            phrase = _phrase(forms, values, how_many, remark, fmt)
        else:  # no phrase in this language: the screen label (letters check says so)
            phrase = policy.label(item.label, language) if item else item_id
        is_money = kind in _MONEY_KINDS
        is_discount = kind == ItemKind.DISCOUNT
        # A discount's amount depends on the final bill: the catalogue's figure is an
        # estimate, so the letter never prints it. Money always states its amount.
        shows_amount = (is_money or (show_values and not is_discount
                                     and kind != ItemKind.LOYALTY_POINTS))
        lines.append({
            "id": item_id,
            "kind": str(kind) if kind else "",
            "phrase": phrase,
            "label": policy.label(item.label, language) if item else item_id,
            "quantity": qty,
            "gift": not is_money and not is_discount,
            "amount": amount if shows_amount and amount not in phrase else "",
            "value": amount,
            "remark": remark,
        })
    return lines


# --- the guest's account --------------------------------------------------------------
def _step_note(incident: Incident, policy: Policy, use: StepUse) -> str:
    wanted = {s.id for steps in policy.checklists.values() for s in steps if s.letter == use}
    notes = [s.note.strip() for s in incident.steps if s.step_id in wanted and s.note.strip()]
    return notes[-1] if notes else ""


def _fits(text: str) -> bool:
    return len(text) <= QUOTE_MAX and text.count("\n") < QUOTE_LINES


def _excerpt(text: str) -> str:
    """The account's opening sentences, up to ``EXCERPT_MAX`` characters."""
    head = text[:EXCERPT_MAX]
    ends = [m.end() for m in _SENTENCE_END.finditer(head + " ")]
    if ends and ends[-1] > EXCERPT_MAX // 3:
        cut = head[:ends[-1]]
    else:
        cut = head.rsplit(None, 1)[0] if " " in head else head
    lines = cut.strip().split("\n")[:QUOTE_LINES - 1]
    return "\n".join(lines).rstrip(" ,;:—-") + " …"


def _account(incident: Incident, policy: Policy) -> tuple[str, str]:
    """What the letter quotes and how: "full", "summary" (the agent's) or "excerpt"."""
    account = incident.account.strip()
    if _fits(account):
        return account, "full"
    summary = _step_note(incident, policy, StepUse.SUMMARY)
    if summary and _fits(summary):
        return summary, "summary"
    return _excerpt(account), "excerpt"


# --- the state of things --------------------------------------------------------------
def _resolution(incident: Incident, fmt: str, tz: tzinfo,
                issued_at: datetime) -> dict[str, Any]:
    done = incident.status != Status.OPEN and incident.resolved_at is not None
    if not done or incident.resolved_at is None:
        return {"resolved": False, "resolved_on": "", "resolved_day": "",
                "resolved_time": "", "resolved_today": False}
    at = incident.resolved_at
    return {"resolved": True, "resolved_on": long_date(at, fmt, tz),
            "resolved_day": day_month(at, fmt, tz),
            "resolved_time": short_time(at, fmt, tz),
            "resolved_today": at.astimezone(tz).date() == issued_at.astimezone(tz).date()}


def _follow_up(incident: Incident, policy: Policy, fmt: str, tz: tzinfo,
               issued_at: datetime) -> dict[str, Any]:
    prop = policy.property
    booked = incident.follow_up is not None and incident.follow_up.done_at is None \
        and incident.follow_up.due > issued_at
    due = incident.follow_up.due if incident.follow_up is not None and booked else None
    return {
        "booked": booked,
        "on": long_date(due, fmt, tz) if due else "",
        "day": day_month(due, fmt, tz) if due else "",
        "time": short_time(due, fmt, tz) if due else "",
        "phone": prop.letters.guest_relations_phone or prop.phone,
        "email": prop.letters.guest_relations_email or prop.email,
    }


def _signatures(policy: Policy, language: str, agent: dict[str, str],
                managers: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    signer = policy.property.letters.signer
    if signer == Signer.SENIOR:
        return [_senior(policy, language)]
    if signer == Signer.BOTH:
        return [_senior(policy, language), agent]
    return [agent, *managers]


def letter_view(incident: Incident, policy: Policy, language: str, agent: Signatory,
                managers: list[Signatory], issued_at: datetime,
                wording: LetterWording | None = None) -> dict[str, Any]:
    """The variables of one letter (see the README for the list)."""
    prop = policy.property
    wording = wording or LetterWording()
    tz = hotel_zone(policy)
    fmt = format_locale(policy, language)
    category = policy.categories.get(incident.category)
    currency = incident.compensation[0].currency if incident.compensation else prop.currency
    guest = incident.guest
    honorific = guest.honorific if isinstance(guest.honorific, Honorific) else Honorific.NONE
    today = issued_at.astimezone(tz).date()
    head = prop.letterhead.get(language)
    address_as = wording.address_as or guest.address_as
    account, account_kind = _account(incident, policy)
    agent_view = _person(agent, policy, language)
    managers_view = [_person(m, policy, language) for m in managers]
    return {
        "lang": language,
        "hotel": {
            "name": head.name if head else prop.name,
            "address": list(head.address if head and head.address else prop.address),
            "phone": prop.phone,
            "email": prop.email,
        },
        "letter": {"date": long_date(issued_at, fmt, tz), "language": language,
                   "paper": str(prop.letters.paper), "proof_label": ""},
        "guest": {
            "name": guest.name,
            "address_as": address_as,
            "salutation": salutation(guest.name, address_as, honorific.value, language),
            "honorific": honorific.value,
            "title": title(honorific.value, language),
            "room": guest.room,
            "arrival": long_date(guest.arrival, fmt),
            "departure": long_date(guest.departure, fmt),
            # The guest who leaves today reads a closing for after the stay.
            "in_house": guest.departure > today,
        },
        "incident": {
            "ref": incident.ref,
            "category": incident.category,
            "category_label": policy.label(category.label, language) if category
            else incident.category,
            "severity": incident.severity,
            "account": account,
            "account_kind": account_kind,
            "location": incident.location,
            "reported_on": long_date(incident.reported_at, fmt, tz),
            "reported_day": day_month(incident.reported_at, fmt, tz),
            "reported_today": incident.reported_at.astimezone(tz).date() == today,
            "remedy": wording.remedy or work_done(incident)
            or _step_note(incident, policy, StepUse.REMEDY),
            **_resolution(incident, fmt, tz, issued_at),
        },
        "follow_up": _follow_up(incident, policy, fmt, tz, issued_at),
        "compensation": _compensation(incident, policy, language, fmt),
        "compensation_total": money(incident.compensation_total, currency, fmt),
        "personal": wording.personal,
        "signer": {"first_person": prop.letters.signer == Signer.SENIOR},
        "agent": agent_view,
        "managers": managers_view,
        "signatures": _signatures(policy, language, agent_view, managers_view),
    }
