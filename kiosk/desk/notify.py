"""The notification outbox: fill it from the incidents, deliver what is due, show what
waits, record acknowledgements.

Delivery happens in three steps so the store lock is never held while a command runs
or a mail server answers: claim what is due (under the lock), send (outside it),
record each result (under the lock). A deliverer that dies after claiming leaves a
claim that expires, and the notification is sent again: at least once, never lost.
The notification's id goes with every try so a receiver can drop a repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from datetime import datetime, timedelta
from typing import Any

from kiosk.core.errors import AuthError, ValidationError
from kiosk.core.i18n import N_, _
from kiosk.core.models import Delivery, Notice, Staff, from_dict, to_dict
from kiosk.core.notices import (
    COMMAND,
    EMAIL,
    channels_for,
    mail_body,
    notice_document,
    recipients,
    retry_after,
    wanted_notices,
)
from kiosk.core.plain import Record
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.outbox import OUTBOX, SYSTEM, enqueue, read_notices, readers_language
from kiosk.desk.text_rules import clean_for_message
from kiosk.notifying import DeliveryError, run_command, said, send_mail

CLAIM_TIMEOUT = timedelta(minutes=10)
TIER_LOOKBACK = timedelta(days=14)

# Sends one notice on one channel; raises DeliveryError when it did not go through.
Sender = Callable[[Policy, Notice], None]


def send_by_command(policy: Policy, notice: Notice) -> None:
    argv = policy.notify.command
    if argv is None:
        raise DeliveryError(N_("no notification command in {file} {section}"),
                            file="property.toml", section="[notify]")
    run_command(list(argv), notice_document(policy, notice),
                policy.notify.command_timeout_seconds)


def send_by_email(policy: Policy, notice: Notice) -> None:
    smtp, to = policy.notify.smtp, recipients(policy, notice.role)
    if smtp is None or not to:
        raise DeliveryError(N_("no mail server or no addresses for {role}"),
                            role=notice.role)
    send_mail(smtp, to, notice.subject, mail_body(notice), notice.id)


SENDERS: dict[str, Sender] = {COMMAND: send_by_command, EMAIL: send_by_email}


class DeliveryRun(Record):
    delivered: list[tuple[Notice, str]] = field(default_factory=list)
    failed: list[tuple[Notice, str, str]] = field(default_factory=list)  # notice, channel, why


# --- filling the outbox ----------------------------------------------------------------
def collect(desk: Desk) -> list[Notice]:
    """Queue what the incidents call for now: open incidents past their time, and
    recent compensation that reached a tier naming someone to tell."""
    policy, now = desk.policy, desk.now()
    queued = desk.store.records(OUTBOX)
    seen: dict[str, Notice] = {}
    incidents = {i.id: i for i in desk.store.iter_incidents(since=now - TIER_LOOKBACK)}
    incidents.update({i.id: i for i in desk.store.open_incidents()})
    readers = readers_language(desk)
    for incident in incidents.values():
        for notice in wanted_notices(policy, incident, now, readers):
            if notice.key not in queued:
                seen[notice.key] = notice
    return enqueue(desk, list(seen.values()))


# --- delivering ------------------------------------------------------------------------
def _due(delivery: Delivery, now: datetime) -> bool:
    if delivery.status == "sending":
        return delivery.claimed_at is None or now - delivery.claimed_at >= CLAIM_TIMEOUT
    if delivery.status in ("pending", "failing"):
        return delivery.next_at is None or delivery.next_at <= now
    return False


def _plan(policy: Policy, notice: Notice) -> None:
    """Add a delivery for each channel the policy now has for the role, so a channel
    configured later still gets the notifications that waited for it."""
    have = {d.channel for d in notice.deliveries}
    for channel in channels_for(policy, notice.role):
        if channel not in have:
            notice.deliveries.append(Delivery(channel))


def _anything_due(policy: Policy, docs: dict[str, dict[str, Any]], now: datetime) -> bool:
    for notice in read_notices(docs):
        _plan(policy, notice)
        if any(_due(d, now) for d in notice.deliveries):
            return True
    return False


def deliver(desk: Desk, senders: dict[str, Sender] | None = None) -> DeliveryRun:
    """Send every delivery that is due; record each result."""
    senders = senders or SENDERS
    policy, now = desk.policy, desk.now()
    if not _anything_due(policy, desk.store.records(OUTBOX), now):
        return DeliveryRun()

    def claim(docs: dict[str, dict[str, Any]]) -> list[tuple[Notice, str]]:
        claimed = []
        for key, doc in docs.items():
            notice = from_dict(Notice, doc)
            _plan(policy, notice)
            for delivery in notice.deliveries:
                if _due(delivery, now):
                    delivery.status, delivery.claimed_at = "sending", now
                    claimed.append((notice, delivery.channel))
            docs[key] = to_dict(notice)
        return claimed

    claimed = desk.store.change_records(OUTBOX, claim, SYSTEM, "notify.claim", OUTBOX)
    run = DeliveryRun()
    # (key, channel) -> None when delivered, else why not
    outcome: dict[tuple[str, str], DeliveryError | None] = {}
    for notice, channel in claimed:
        try:
            senders[channel](policy, notice)
        except DeliveryError as exc:
            outcome[(notice.key, channel)] = exc
            run.failed.append((notice, channel, str(exc)))
        else:
            outcome[(notice.key, channel)] = None
            run.delivered.append((notice, channel))
    done_at = desk.now()

    def record(docs: dict[str, dict[str, Any]]) -> None:
        for (key, channel), error in outcome.items():
            notice = from_dict(Notice, docs[key])
            for delivery in notice.deliveries:
                if delivery.channel != channel:
                    continue
                delivery.attempts += 1
                delivery.claimed_at = None
                if error is not None:
                    delivery.status, delivery.last_error = "failing", str(error)[:300]
                    delivery.error_message = error.message
                    delivery.error_values = {k: v[:300] for k, v in error.values.items()}
                    delivery.next_at = done_at + retry_after(policy, delivery.attempts)
                else:
                    delivery.status, delivery.last_error = "delivered", ""
                    delivery.error_message, delivery.error_values = "", {}
                    delivery.delivered_at, delivery.next_at = done_at, None
            docs[key] = to_dict(notice)

    desk.store.change_records(OUTBOX, record, SYSTEM, "notify.deliver", OUTBOX,
                              {"delivered": len(run.delivered), "failed": len(run.failed)})
    return run


# --- reading and acknowledging ---------------------------------------------------------
def outbox(desk: Desk) -> list[Notice]:
    """Every notification, newest first, each with the channels the policy now has."""
    notices = read_notices(desk.store.records(OUTBOX))
    for notice in notices:
        _plan(desk.policy, notice)
    return sorted(notices, key=lambda n: n.id, reverse=True)


def delivery_error(delivery: Delivery) -> str:
    """Why the last try failed, in the language staff read now."""
    if delivery.error_message:
        try:
            return said(delivery.error_message, delivery.error_values)
        except (KeyError, IndexError, ValueError):  # written by another release
            pass
    return delivery.last_error


def state_parts(notice: Notice, now: datetime) -> tuple[str, ...]:
    """Where a notification stands, as codes: how its deliveries went (delivered,
    waiting, failing, undeliverable), then, when it asks for one, its acknowledgement
    (acknowledged, to_acknowledge, acknowledgement_overdue)."""
    if not notice.deliveries:
        return ("undeliverable",)
    states = {d.status for d in notice.deliveries}
    if "failing" in states:
        sent = "failing"
    elif states == {"delivered"}:
        sent = "delivered"
    else:
        sent = "waiting"
    if notice.ack_due is None:
        return (sent,)
    if notice.acked_at is not None:
        return (sent, "acknowledged")
    return (sent, "acknowledgement_overdue" if now > notice.ack_due else "to_acknowledge")


def state_of(notice: Notice, now: datetime) -> str:
    """One value for programs (``kiosk notify status --json``): ``delivered``,
    ``failing, acknowledgement overdue`` …"""
    return ", ".join(part.replace("_", " ") for part in state_parts(notice, now))


def acknowledge(desk: Desk, notice_id: str, staff: Staff) -> Notice:
    """Record that ``staff`` has seen the notification (the tier's "notified within
    24 h" is met when it is acknowledged in time)."""
    wanted = notice_id.strip().upper()
    policy, now = desk.policy, desk.now()

    def change(docs: dict[str, dict[str, Any]]) -> Notice:
        for key, doc in docs.items():
            notice = from_dict(Notice, doc)
            if notice.id != wanted:
                continue
            if policy.has_role(staff.role) and policy.has_role(notice.role) and \
                    not policy.at_least(staff.role, notice.role):
                raise AuthError(_("{id} is for the {role}; {name} is a {own}").format(
                    id=notice.id, role=notice.role, name=clean_for_message(staff.name),
                    own=staff.role))
            if notice.acked_at is not None:
                raise ValidationError(_("{id} was acknowledged already by {by} at "
                                        "{at}").format(
                    id=notice.id, by=notice.acked_by,
                    at=notice.acked_at.isoformat(timespec="minutes")))
            notice.acked_at, notice.acked_by = now, staff.id
            docs[key] = to_dict(notice)
            return notice
        raise ValidationError(_("no notification {id}; see {command}").format(
            id=clean_for_message(notice_id), command="kiosk notify status"))

    return desk.store.change_records(OUTBOX, change, staff.id, "notify.ack", wanted)
