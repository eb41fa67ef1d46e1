"""Printing for real through a private CUPS server with a cups-pdf queue
(tests/cups_fixture.py): the letter arrives as a PDF; a stopped or rejecting queue, a
missing server or a missing ``lp`` keep the print pending, and a retry prints it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.config import Settings
from kiosk.core.errors import PrintError
from kiosk.desk.context import Desk
from kiosk.desk.demo import DEMO_STAFF, seed_demo
from kiosk.desk.letters import issue_letter, pending_prints, print_letter, retry_pending
from kiosk.desk.records import get_incident
from tests.cups_fixture import CupsQueue


@pytest.fixture
def desk(settings: Settings) -> Desk:
    desk = Desk.open(settings)
    seed_demo(desk)
    return desk


@pytest.fixture
def issued(desk: Desk):
    incident = desk.store.find_incidents()[0]
    record = issue_letter(desk, incident.id, incident.agent_id)
    return incident, record


def _last_print(desk: Desk, incident_id: str):
    return get_incident(desk, incident_id).letters[-1].prints[-1]


@pytest.mark.cups
def test_printed_letter_arrives_as_pdf(desk, issued, cups_queue: CupsQueue):
    incident, _ = issued
    before = cups_queue.pdfs()
    printed = print_letter(desk, incident.id, incident.agent_id, printer=cups_queue.name)
    assert printed.status == "printed"
    assert printed.job_id.startswith(cups_queue.name + "-")
    arrived = cups_queue.wait_for_pdf(before)
    assert arrived.read_bytes().startswith(b"%PDF")
    saved = _last_print(desk, incident.id)
    assert (saved.status, saved.job_id, saved.queue) == ("printed", printed.job_id,
                                                         cups_queue.name)
    entry = [e for e in desk.store.audit_entries() if e["action"] == "letter.print"][-1]
    assert entry["detail"]["job_id"] == printed.job_id


@pytest.mark.cups
@pytest.mark.parametrize("state", ["disabled", "rejecting"])
def test_unready_queue_keeps_print_pending_until_retry(desk, issued, cups_queue, state):
    incident, _ = issued
    try:
        if state == "disabled":
            cups_queue.disable("paper jam")
            expected = "stopped"
        else:
            cups_queue.reject("out of toner")
            expected = "not accepting"
        with pytest.raises(PrintError, match=expected) as caught:
            print_letter(desk, incident.id, incident.agent_id, printer=cups_queue.name)
        assert "pending" in str(caught.value) and "\n" not in str(caught.value)
        assert _last_print(desk, incident.id).status == "pending"
        assert len(pending_prints(desk)) == 1
        still = retry_pending(desk, incident.agent_id)
        assert [r.status for r in still] == ["pending"]
    finally:
        cups_queue.reset()
    before = cups_queue.pdfs()
    done = retry_pending(desk, incident.agent_id)
    assert [r.status for r in done] == ["printed"]
    assert pending_prints(desk) == {}
    assert _last_print(desk, incident.id).job_id == done[0].job_id
    cups_queue.wait_for_pdf(before)


def test_cups_down_is_one_clear_line_and_pending(desk, issued, tmp_path, monkeypatch):
    incident, _ = issued
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-such-cups.sock"))
    with pytest.raises(PrintError, match=r"^the print server \(CUPS\) is not running;"):
        print_letter(desk, incident.id, incident.agent_id, printer="frontdesk")
    assert next(iter(pending_prints(desk).values()))["queue"] == "frontdesk"


def test_no_lp_command_is_one_clear_line(desk, issued, tmp_path, monkeypatch):
    incident, _ = issued
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintError, match="not installed"):
        print_letter(desk, incident.id, incident.agent_id)
    assert _last_print(desk, incident.id).status == "pending"


@pytest.mark.cups
def test_cli_print_and_retry(desk, cups_queue, settings):
    incident = desk.store.find_incidents()[0]
    pin = next(p for sid, _, _, p in DEMO_STAFF if sid == incident.agent_id)
    env = {**os.environ, "KIOSK_STORE": str(settings.store),
           "KIOSK_POLICIES": str(settings.policies), "KIOSK_LETTERS": str(settings.letters),
           "KIOSK_ACTOR_PIN": pin}  # the agent proves it is them
    before = cups_queue.pdfs()
    run = subprocess.run([sys.executable, "-m", "kiosk", "letter", "print", incident.ref,
                          "--printer", cups_queue.name], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert f"job {cups_queue.name}-" in run.stdout
    cups_queue.wait_for_pdf(before)
    retry = subprocess.run([sys.executable, "-m", "kiosk", "letter", "print",
                            "--retry-pending"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert retry.returncode == 0 and "No prints are pending" in retry.stdout


@pytest.mark.cups
def test_retry_pending_on_the_printer_named(desk, issued, cups_queue, settings):
    """A letter pending on a queue that is gone is retried on the one the desk names."""
    incident, _ = issued
    with pytest.raises(PrintError):
        print_letter(desk, incident.id, incident.agent_id, printer="no-such-queue")
    pin = next(p for sid, _, _, p in DEMO_STAFF if sid == incident.agent_id)
    env = {**os.environ, "KIOSK_STORE": str(settings.store),
           "KIOSK_POLICIES": str(settings.policies), "KIOSK_LETTERS": str(settings.letters),
           "KIOSK_ACTOR_PIN": pin}
    before = cups_queue.pdfs()
    retry = subprocess.run([sys.executable, "-m", "kiosk", "letter", "print",
                            "--retry-pending", "--printer", cups_queue.name],
                           capture_output=True, text=True, env=env, timeout=120)
    assert retry.returncode == 0, retry.stdout + retry.stderr
    assert f"printed on {cups_queue.name}: job {cups_queue.name}-" in retry.stdout
    cups_queue.wait_for_pdf(before)
    assert pending_prints(desk) == {}
