"""Which notifications an incident calls for, and how a failed delivery is retried.

An incident past its time reaches an escalation level that names a role
(categories.toml); a compensation total reaches a tier that names one (tiers.toml,
"general manager notified within 24 h"). Each such fact is one notification, keyed so
that it is queued once however often the outbox is filled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.display import day_time, hotel_time, money, staff_locale, value_word
from kiosk.core.i18n import SOURCE_LANGUAGE, translations
from kiosk.core.models import Incident, Notice, Outcome
from kiosk.core.policy_set import Policy
from kiosk.core.sla import sla_state

COMMAND, EMAIL = "command", "email"
# The language a role's readers read (``kiosk.desk.notify.readers_language``).
Readers = Callable[[str], str]


class _Words:
    """A notification written for its readers: the catalogue, the policy's labels and
    the CLDR formats of their language, whatever language this process speaks."""

    def __init__(self, policy: Policy, language: str) -> None:
        self.policy = policy
        self.language = language
        self.catalogue = translations(language)
        self.locale = staff_locale(policy, language)
        # Named as gettext's own functions, so that the catalogue's extraction finds
        # the messages looked up through them.
        self.gettext = self.catalogue.gettext
        self.ngettext = self.catalogue.ngettext

    def when(self, moment: datetime) -> str:
        return day_time(hotel_time(self.policy, moment), self.locale)

    def about(self, incident: Incident) -> list[str]:
        g = incident.guest
        return [self.gettext("Incident {ref}: {category}, severity {severity}").format(
                    ref=incident.ref,
                    category=self.policy.category_label(incident.category, self.language),
                    severity=value_word(incident.severity, self.language)),
                self.gettext("Room {room}, guest {name}").format(room=g.room, name=g.name),
                self.gettext("Reported {when}").format(when=self.when(incident.reported_at))]


def _staff_language(policy: Policy) -> Readers:
    return lambda _role: policy.property.staff_language


def breach_notice(policy: Policy, incident: Incident, now: datetime,
                  readers: Readers | None = None) -> Notice | None:
    state = sla_state(policy, incident, now)
    if not state.breached or state.notify_role is None or state.due is None:
        return None
    words = _Words(policy, (readers or _staff_language(policy))(state.notify_role))
    if state.phase == "acknowledge":
        subject = words.gettext("Incident {ref}: the time to acknowledge passed (level "
                                "{level})")
        due = words.gettext("It was to be acknowledged by {when}.")
    else:
        subject = words.gettext("Incident {ref}: the time to resolve passed (level {level})")
        due = words.gettext("It was to be resolved by {when}.")
    return Notice(
        id="", key=f"{incident.id}:breach:{state.phase}:{state.level}",
        incident_id=incident.id, ref=incident.ref, kind="breach", role=state.notify_role,
        subject=subject.format(ref=incident.ref, level=state.level),
        lines=[*words.about(incident), due.format(when=words.when(state.due))],
        created_at=now, language=words.language)


def tier_notice(policy: Policy, incident: Incident, now: datetime,
                readers: Readers | None = None) -> Notice | None:
    """The tier the incident's compensation reached, when it names someone to tell;
    the acknowledgement is due ``within_hours`` after the decision that reached it."""
    if not incident.compensation:
        return None
    tier = policy.tier_for(incident.compensation_total)
    if tier.notify_role is None:
        return None
    running, reached = Decimal(0), incident.compensation[-1].decided_at
    for decision in incident.compensation:
        running += decision.total
        if running >= tier.from_value:
            reached = decision.decided_at
            break
    due = reached + timedelta(hours=tier.within_hours or 24)
    words = _Words(policy, (readers or _staff_language(policy))(tier.notify_role))
    language = words.language
    return Notice(
        id="", key=f"{incident.id}:tier:{tier.id}", incident_id=incident.id,
        ref=incident.ref, kind="tier", role=tier.notify_role,
        subject=words.gettext("Incident {ref}: compensation {value} ({tier})").format(
            ref=incident.ref,
            value=money(incident.compensation_total, policy.currency, words.locale),
            tier=policy.label(tier.label, language)),
        lines=[*words.about(incident), policy.label(tier.action, language),
               words.gettext("Please acknowledge by {when}.").format(when=words.when(due))],
        created_at=now, ack_due=due, language=language)


def second_recovery_notice(policy: Policy, incident: Incident, now: datetime,
                           readers: Readers | None = None) -> Notice | None:
    """A second recovery (the guest was not satisfied at the follow-up call) is told to
    the policy's ``not_satisfied_role``."""
    if not incident.second_of:
        return None
    role = policy.follow_up.not_satisfied_role
    words = _Words(policy, (readers or _staff_language(policy))(role))
    return Notice(
        id="", key=f"{incident.id}:second_recovery", incident_id=incident.id,
        ref=incident.ref, kind="second_recovery", role=role,
        subject=words.gettext("Incident {ref}: second recovery, the guest was not "
                              "satisfied").format(ref=incident.ref),
        lines=[*words.about(incident),
               words.gettext("Opened from incident {ref} at its follow-up call.").format(
                   ref=incident.second_of),
               words.gettext("Guest's words: {words}").format(words=incident.account)],
        created_at=now, language=words.language)


def unreachable_notice(policy: Policy, incident: Incident, now: datetime,
                       readers: Readers | None = None) -> Notice | None:
    """The last follow-up call did not reach the guest either."""
    follow = incident.follow_up
    role = policy.follow_up.unreachable_role
    if follow is None or follow.outcome != Outcome.UNREACHABLE or role is None:
        return None
    words = _Words(policy, (readers or _staff_language(policy))(role))
    calls = len(follow.unreachable)
    last = words.when(follow.done_at) if follow.done_at else ""
    return Notice(
        id="", key=f"{incident.id}:unreachable", incident_id=incident.id, ref=incident.ref,
        kind="unreachable", role=role,
        subject=words.gettext(
            "Incident {ref}: the guest could not be reached for the follow-up").format(
            ref=incident.ref),
        lines=[*words.about(incident),
               words.ngettext("{n} call, the last {when}.",
                                        "{n} calls, the last {when}.", calls).format(
                   n=calls, when=last)],
        created_at=now, language=words.language)


def wanted_notices(policy: Policy, incident: Incident, now: datetime,
                   readers: Readers | None = None) -> list[Notice]:
    """What ``incident`` calls for now, each written in the language ``readers`` gives
    for the role it tells (else the property's staff language)."""
    found = [breach_notice(policy, incident, now, readers),
             tier_notice(policy, incident, now, readers),
             second_recovery_notice(policy, incident, now, readers),
             unreachable_notice(policy, incident, now, readers)]
    return [n for n in found if n is not None]


def channels_for(policy: Policy, role: str) -> list[str]:
    """How ``role`` is told under this policy: the command, e-mail, both or neither."""
    notify = policy.notify
    target = next((t for t in notify.target if t.role == role), None)
    wanted = []
    if notify.command is not None and (target is None or target.command):
        wanted.append(COMMAND)
    if notify.smtp is not None and target is not None and target.email:
        wanted.append(EMAIL)
    return wanted


def recipients(policy: Policy, role: str) -> list[str]:
    target = next((t for t in policy.notify.target if t.role == role), None)
    return list(target.email) if target is not None else []


def retry_after(policy: Policy, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: the policy's list, its last value
    repeating."""
    steps = policy.notify.retry_minutes
    return timedelta(minutes=steps[min(max(attempts, 1), len(steps)) - 1])


def notice_document(policy: Policy, notice: Notice) -> dict[str, Any]:
    """The one JSON document the notification command reads on stdin. ``id`` is stable
    across retries, so a receiver can drop a repeat."""
    return {
        "id": notice.id, "kind": notice.kind, "role": notice.role,
        "property": policy.property.name, "subject": notice.subject,
        "lines": list(notice.lines), "language": notice.language,
        "incident": {"id": notice.incident_id, "ref": notice.ref},
        "created_at": notice.created_at.isoformat(),
        "ack_due": notice.ack_due.isoformat() if notice.ack_due else None,
        "recipients": recipients(policy, notice.role),
    }


def mail_body(notice: Notice) -> str:
    """The mail's text, in the language the notice was written in."""
    catalogue = translations(notice.language or SOURCE_LANGUAGE)
    ack = ("\n" + catalogue.gettext("Acknowledge it: {command}").format(
        command=f"kiosk notify ack {notice.id} --by YOUR_STAFF_ID") + "\n"
           if notice.ack_due else "")
    return "\n".join(notice.lines) + "\n" + ack + f"\n({notice.id})\n"
