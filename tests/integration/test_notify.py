"""The notification outbox against a real mail server on 127.0.0.1 and a real command:
down, then back, nothing lost and nothing sent twice."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from email.policy import default as default_policy
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.models import CompensationDecision, CompensationLine, Guest, Incident
from kiosk.desk import notify, staff
from kiosk.desk.context import Desk
from kiosk.desk.incidents import open_incident
from tests.bench.seed import sample_incident
from tests.conftest import republish
from tests.integration.desk_setup import START, make_team
from tests.integration.notify_setup import (
    COMMAND,
    MailServer,
    Pager,
    free_port,
    policy_folder,
)
from tests.integration.test_cli_language import english_left
from tests.integration.test_cli_staff import kiosk, one_clean_line
from tests.staff_words import english_on

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mail() -> Iterator[MailServer]:
    server = MailServer(free_port())
    yield server
    server.stop()


@pytest.fixture
def pager(tmp_path: Path) -> Pager:
    folder = tmp_path / "pager"
    folder.mkdir()
    (folder / "pager.py").write_text(COMMAND, "utf-8")
    return Pager(folder)


@pytest.fixture
def desk(tmp_path: Path, mail: MailServer, pager: Pager) -> Desk:
    policies = policy_folder(tmp_path / "policies", mail.port, pager.folder)
    settings = Settings(policies=policies, letters=ROOT / "letters",
                        store=tmp_path / "store", terminal="test-desk")
    return Desk.open(settings, FixedClock(START))


def clock(desk: Desk) -> FixedClock:
    assert isinstance(desk.clock, FixedClock)
    return desk.clock


def late_incident(desk: Desk, agent: str) -> Incident:
    """A high-severity incident nobody acknowledged: 15 minutes allowed, then the
    supervisor, 30 minutes later the duty manager."""
    guest = Guest("Անի Պետրոսյան", "hy", "412", START.date(), START.date() + timedelta(days=3))
    incident = open_incident(desk, agent, guest, "maintenance", "high", "No hot water")
    clock(desk).advance(minutes=50)
    return incident


def test_breach_waits_while_both_are_down_then_goes_once(
        desk: Desk, mail: MailServer, pager: Pager) -> None:
    team = make_team(desk)
    incident = late_incident(desk, team["agent"])
    pager.down()  # and the mail server is not started yet
    queued = notify.collect(desk)
    assert [(n.kind, n.role, n.ref) for n in queued] == \
        [("breach", "duty_manager", incident.ref)]
    run = notify.deliver(desk)
    assert run.delivered == []
    why = sorted((channel, text) for _, channel, text in run.failed)
    assert why[0] == ("command", "the command exited 3: pager gateway unreachable")
    assert why[1][0] == "email" and why[1][1].startswith(f"no mail server at 127.0.0.1:{mail.port}")
    (waiting,) = notify.outbox(desk)
    assert notify.state_of(waiting, desk.now()) == "failing"
    assert {d.attempts for d in waiting.deliveries} == {1}
    # Not due again before the policy's first retry (1 minute) …
    assert notify.deliver(desk).failed == []
    # … nor queued twice, however often the outbox is filled.
    assert notify.collect(desk) == []
    clock(desk).advance(minutes=1)
    mail.start()
    pager.up()
    run = notify.deliver(desk)
    assert sorted(c for _, c in run.delivered) == ["command", "email"] and run.failed == []
    (sent,) = mail.messages
    assert sent.rcpt_tos == ["duty@araratgarden.example"]
    message = email.message_from_bytes(sent.content, policy=default_policy)  # type: ignore[arg-type]
    assert message["Subject"] == \
        f"Incident {incident.ref}: the time to acknowledge passed (level 2)"
    (document,) = pager.received()
    assert document["id"] == waiting.id and document["incident"]["ref"] == incident.ref
    assert document["role"] == "duty_manager" and document["kind"] == "breach"
    clock(desk).advance(minutes=10)
    assert notify.deliver(desk).delivered == []
    assert len(mail.messages) == 1 and len(pager.received()) == 1
    (done,) = notify.outbox(desk)
    assert notify.state_of(done, desk.now()) == "delivered"


def test_a_deliverer_that_died_mid_send_is_taken_over(
        desk: Desk, mail: MailServer, pager: Pager) -> None:
    team = make_team(desk)
    late_incident(desk, team["agent"])
    notify.collect(desk)

    def dies(policy: object, notice: object) -> None:
        raise KeyboardInterrupt  # the process is stopped between claim and result

    with pytest.raises(KeyboardInterrupt):
        notify.deliver(desk, {"command": dies, "email": dies})
    (claimed,) = notify.outbox(desk)
    assert {d.status for d in claimed.deliveries} == {"sending"}
    mail.start()
    assert notify.deliver(desk).delivered == []  # another deliverer may still be on it
    clock(desk).advance(minutes=11)
    assert len(notify.deliver(desk).delivered) == 2
    assert len(mail.messages) == 1 and len(pager.received()) == 1


def test_general_manager_tier_is_sent_and_acknowledged(
        desk: Desk, mail: MailServer, pager: Pager) -> None:
    team = make_team(desk)
    incident_id, ref = desk.store.new_incident_id()
    incident = sample_incident(incident_id, ref, team["agent"], START)
    incident.resolved_at = START  # the SLA is met; only the tier calls for a notification
    incident.acknowledged_at = START
    incident.compensation.append(CompensationDecision(
        lines=[CompensationLine("room_night_credit", 3, Decimal(60000), "3 nights")],
        total=Decimal(180000), currency="AMD", verdict="needs_approval", reasons=[],
        policy_hash="p", decided_by=team["agent"], decided_role="agent", decided_at=START))
    desk.store.add_incident(incident, team["agent"])
    mail.start()
    (notice,) = notify.collect(desk)
    assert (notice.kind, notice.role) == ("tier", "general_manager")
    assert notice.ack_due == START + timedelta(hours=24)
    assert len(notify.deliver(desk).delivered) == 2
    (sent,) = mail.messages
    assert sorted(sent.rcpt_tos) == ["gm@araratgarden.example", "owner@araratgarden.example"]
    assert f"kiosk notify ack {notice.id}" in sent.content.decode()  # type: ignore[union-attr]
    assert notify.state_of(notify.outbox(desk)[0], desk.now()) == "delivered, to acknowledge"
    clock(desk).advance(hours=25)
    assert notify.state_of(notify.outbox(desk)[0], desk.now()) == \
        "delivered, acknowledgement overdue"
    agent = desk.store.get_staff(team["agent"])
    with pytest.raises(Exception, match="is for the general_manager"):
        notify.acknowledge(desk, notice.id, agent)
    gm = staff.sign_in(desk, team["general_manager"], "4962")
    acked = notify.acknowledge(desk, notice.id.lower(), gm)
    assert acked.acked_by == gm.id
    assert notify.state_of(notify.outbox(desk)[0], desk.now()) == "delivered, acknowledged"
    with pytest.raises(Exception, match="acknowledged already"):
        notify.acknowledge(desk, notice.id, gm)
    entries = [e for e in desk.store.audit_entries() if e["action"] == "notify.ack"]
    assert [e["actor"] for e in entries] == [gm.id]


def test_commands_as_real_processes(tmp_path: Path, mail: MailServer,
                                    pager: Pager) -> None:
    """`kiosk notify deliver/status/ack`: the server down, then back; bad input."""
    policies = policy_folder(tmp_path / "policies", mail.port, pager.folder)
    store = tmp_path / "store"
    past = FixedClock(START.replace(year=2025))  # long before the commands' real clock
    desk = Desk.open(Settings(policies=policies, letters=ROOT / "letters", store=store,
                              terminal="test-desk"), past)
    team = make_team(desk)
    late_incident(desk, team["agent"])

    def run(*args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env |= {"KIOSK_ACTOR_PIN": pin} if pin else {}
        proc = subprocess.run([sys.executable, "-m", "kiosk", "--policies", str(policies),
                               "--store", str(store), *args], capture_output=True,
                              env=env, timeout=60, check=False, stdin=subprocess.DEVNULL)
        return subprocess.CompletedProcess(proc.args, proc.returncode,
                                           proc.stdout.decode(), proc.stderr.decode())

    pager.down()
    first = run("notify", "deliver")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == \
        "queued 1, delivered 0, failed 2 (kept for the next try)."
    status = run("notify", "status")
    assert "N000001" in status.stdout and "failing after 1 try" in status.stdout
    assert "pager gateway unreachable" in status.stdout
    # The state, the channels and the role in the staff's language; the command's own
    # error (the pager's words) as it said it.
    for language, words in (("hy", ("ձախողվում", "հրաման")), ("sw", ("inashindwa", "amri"))):
        shown = run("--ui-lang", language, "notify", "status")
        assert shown.returncode == 0, shown.stderr
        first = shown.stdout.splitlines()[0]
        assert not re.search(r"\b(failing|waiting|duty_manager|duty manager)\b", first), first
        detail = shown.stdout.replace("pager gateway unreachable", "")
        assert not re.search(r"\b(command|exited|mail|server|failing|after|try|next)\b",
                             detail), detail
        assert all(word in shown.stdout for word in words), shown.stdout
    mail.start()
    pager.up()
    # The next retry is a minute away; the store's clock is the real one now.
    again = run("notify", "deliver")
    assert again.stdout.strip().endswith("delivered 0, failed 0 (kept for the next try).")
    doc = json.loads(run("notify", "status", "--json").stdout)
    assert doc[0]["state"] == "failing"
    for bad, words in [(("notify", "ack", "N999999", "--by", "generalmanager"), "no notification"),
                       (("notify", "ack", "N000001", "--by", "generalmanager"), "KIOSK_ACTOR_PIN"),
                       (("notify", "ack", "\x1b[2J", "--by", "x"), "ID: contains U+001B")]:
        assert words in one_clean_line(run(*bad, pin="4962" if "N999999" in bad else None))
    assert "Wrong staff id or PIN" in one_clean_line(run("notify", "ack", "N000001", "--by",
                                             "generalmanager", pin="0000"))
    missing = kiosk(tmp_path / "nowhere", "notify", "status")
    assert "no store" in one_clean_line(missing)


ARMENIAN = re.compile(r"[\u0531-\u0587]")


def test_notifications_speak_their_readers_language(tmp_path: Path, mail: MailServer,
                                                    pager: Pager) -> None:
    """The duty manager reads Armenian (their own language); the general manager has
    none of their own, so the property's staff language (Swahili) is theirs. Queued in
    an English process, delivered by `kiosk notify deliver`: each notification's subject
    and body, mailed and handed to the command, are in its reader's language, with
    the hotel's time and money in that language's formats."""
    policies = policy_folder(tmp_path / "policies", mail.port, pager.folder)
    prop = policies / "property.toml"
    prop.write_text(prop.read_text("utf-8").replace('staff_language = "en"',
                                                   'staff_language = "sw"'), "utf-8")
    republish(policies)
    store = tmp_path / "store"
    past = FixedClock(START.replace(year=2025))  # long before the command's real clock
    desk = Desk.open(Settings(policies=policies, letters=ROOT / "letters", store=store,
                              terminal="test-desk"), past)
    team = make_team(desk)
    staff.set_ui_lang(desk, team["duty_manager"], "hy", "system")
    guest = Guest("Անի Պետրոսյան", "hy", "412", past().date(),
                  past().date() + timedelta(days=3))
    late = open_incident(desk, team["agent"], guest, "maintenance", "high", "No hot water")
    incident_id, ref = desk.store.new_incident_id()
    costly = sample_incident(incident_id, ref, team["agent"], past())
    costly.acknowledged_at = costly.resolved_at = past()
    costly.compensation.append(CompensationDecision(
        lines=[CompensationLine("room_night_credit", 3, Decimal(60000), "3 nights")],
        total=Decimal(180000), currency="AMD", verdict="needs_approval", reasons=[],
        policy_hash="p", decided_by=team["agent"], decided_role="agent", decided_at=past()))
    desk.store.add_incident(costly, team["agent"])
    past.advance(minutes=50)
    queued = {n.role: n for n in notify.collect(desk)}
    assert {"duty_manager", "general_manager"} <= set(queued)
    mail.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "LC_"))}
    done = subprocess.run([sys.executable, "-m", "kiosk", "--policies", str(policies),
                           "--store", str(store), "notify", "deliver"], capture_output=True,
                          text=True, env=env | {"LANG": "C.UTF-8"}, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    mails = {sent.rcpt_tos[0]: email.message_from_bytes(
        sent.content, policy=default_policy) for sent in mail.messages}  # type: ignore[arg-type]
    documents = {d["id"]: d for d in pager.received()}
    names = [guest.name, late.ref, costly.ref, costly.guest.name, costly.guest.room, "412",
             *(n.id for n in queued.values()), "kiosk notify ack", "YOUR_STAFF_ID", "AMD"]
    for role, address, lang in (("duty_manager", "duty@araratgarden.example", "hy"),
                                ("general_manager", "gm@araratgarden.example", "sw")):
        notice = queued[role]
        message = mails[address]
        body = message.get_content()
        document = documents[notice.id]
        text = "\n".join([message["Subject"], body, document["subject"], *document["lines"]])
        assert english_on(text, lang, names) == [], text
        assert english_left(text, lang) == [], text
        assert (ARMENIAN.search(message["Subject"]) is not None) == (lang == "hy")
        assert document["language"] == lang
    gm = mails["gm@araratgarden.example"]
    assert "180,000 AMD" in gm["Subject"]  # Swahili digits
    assert "kiosk notify ack" in gm.get_content()
