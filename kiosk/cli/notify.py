"""`kiosk notify` commands: the notification outbox (status, deliver, ack)."""

from __future__ import annotations

import json
from datetime import datetime

import click

from kiosk.cli.actor import by_option, staff_acting
from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.language import Group, argument
from kiosk.config import Settings
from kiosk.core.display import day_time, hotel_time, hour_minute, locale_now, value_word
from kiosk.core.i18n import N_, _, current_language, ngettext
from kiosk.core.models import Notice, to_dict
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.notify import (
    acknowledge,
    collect,
    deliver,
    delivery_error,
    outbox,
    state_of,
    state_parts,
)
from kiosk.desk.text_rules import clean_text


def _when(policy: Policy, notice: Notice) -> str:
    return day_time(hotel_time(policy, notice.created_at), locale_now(policy))


def _state(notice: Notice, now: datetime) -> str:
    """Where the notification stands, in the staff's language."""
    return ", ".join(value_word(part) for part in state_parts(notice, now))


def _channels(policy: Policy, notice: Notice) -> str:
    parts = []
    for d in notice.deliveries:
        channel = value_word(d.channel)
        if d.status == "delivered" and d.delivered_at is not None:
            parts.append(_("{channel} delivered {time}").format(
                channel=channel,
                time=hour_minute(hotel_time(policy, d.delivered_at), locale_now(policy))))
        elif d.status == "failing":
            retry = (hour_minute(hotel_time(policy, d.next_at), locale_now(policy))
                     if d.next_at else "-")
            parts.append(ngettext("{channel} failing after {n} try, next {retry}: {error}",
                                  "{channel} failing after {n} tries, next {retry}: {error}",
                                  d.attempts).format(channel=channel, n=d.attempts,
                                                     retry=retry,
                                                     error=safe_text(delivery_error(d), 160)))
        else:
            # A delivery claimed by a deliverer is on its way; any other is still waiting.
            state = "sending" if d.status == "sending" else "waiting"
            parts.append(f"{channel} {value_word(state)}")
    return "; ".join(parts) or _("no command or e-mail for {role} in property.toml "
                                 "[notify]").format(
                                     role=policy.role_label(notice.role, current_language()))


@click.group("notify", cls=Group, help=TOP["notify"].help)
def notify_group() -> None:
    pass


@notify_group.command("status", help=N_(
    "What the outbox holds: each notification, its channels and "
    "acknowledgement."))
@click.option("--all", "show_all", is_flag=True,
              help=N_("Also the delivered and acknowledged ones (default: what still waits)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@folder_options
def status_cmd(show_all: bool, as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    now, policy = desk.now(), desk.policy
    notices = outbox(desk)
    if not show_all:
        notices = [n for n in notices if state_of(n, now) not in
                   ("delivered", "delivered, acknowledged")]
    if as_json:
        click.echo(json.dumps([{**to_dict(n), "state": state_of(n, now)} for n in notices],
                              ensure_ascii=False, indent=2))
        return
    if not notices:
        click.echo(_("Nothing waits in the outbox."))
        return
    for n in notices:
        role = policy.role_label(n.role, current_language())
        click.echo(f"{n.id}  {_when(policy, n)}  {role}  {_state(n, now)}  "
                   f"{safe_text(n.subject, 120)}")
        click.echo(f"         {_channels(policy, n)}")


@notify_group.command("deliver", help=N_(
    "Queue what the incidents call for, then send every delivery that is "
    "due.\n\nRun it every minute (cron, a systemd timer). A failed delivery "
    "stays queued and is tried again after the policy's retry_minutes; `kiosk "
    "notify status` shows it."))
@click.option("--no-collect", is_flag=True,
              help=N_("Only deliver what is queued; do not look at the incidents first."))
@folder_options
def deliver_cmd(no_collect: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    queued = [] if no_collect else collect(desk)
    run = deliver(desk)
    for notice, channel, why in run.failed:
        click.echo(_("not delivered: {id} by {channel}: {why}").format(
                       id=notice.id, channel=channel, why=safe_text(why, 200)))
    click.echo(_("queued {n}, delivered {n2}, failed {n3} (kept for the next try).").format(
                   n=len(queued), n2=len(run.delivered), n3=len(run.failed)))


@notify_group.command("ack", help=N_(
    "Acknowledge notification ID (e.g. N000012) as the person told."))
@argument("notice_id", N_("ID"))
@by_option
@folder_options
def ack_cmd(notice_id: str, by: str, settings: Settings) -> None:
    notice_id = clean_text("ID", notice_id, max_len=20, min_len=1)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    notice = acknowledge(desk, notice_id, staff)
    click.echo(_("{id} acknowledged by {name}.").format(
                   id=notice.id, name=safe_text(staff.name, 60)))
