"""Printer queue names follow CUPS's rule, in one place (core/printer_queue.py): a name
CUPS would refuse, or one carrying control characters, is refused before a pending
print is recorded, so nothing of it reaches the audit trail or the pending queue."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from kiosk.core.errors import PrintError
from kiosk.core.printer_queue import is_queue_name
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from kiosk.desk.letters import issue_letter, pending_prints, print_letter

BAD = ["front desk", "desk\x1b[2J", "desk\nlp", "a/b", "a#b", "it's", 'say"', "why?",
       "-o", "x" * 128, "", "tab\there", "zero\u200bwidth", "del\x7f"]
GOOD = ["frontdesk", "Front_Desk-2", "desk.lobby", "frontdesk@printserver", "x" * 127]


@pytest.mark.parametrize("name", BAD)
def test_bad_names_are_refused(name: str):
    assert not is_queue_name(name)


@pytest.mark.parametrize("name", GOOD)
def test_good_names_pass(name: str):
    assert is_queue_name(name)


def test_a_bad_queue_is_refused_before_anything_is_recorded(settings: Settings):
    desk = Desk.open(settings)
    seed_demo(desk)
    incident = desk.store.find_incidents()[0]
    issue_letter(desk, incident.id, incident.agent_id)
    before = len(desk.store.audit_entries())
    with pytest.raises(PrintError, match="not a printer queue name"):
        print_letter(desk, incident.id, incident.agent_id, printer="desk\x1b[2J\nforged")
    assert pending_prints(desk) == {}
    entries = desk.store.audit_entries()
    assert len(entries) == before
    assert not any("\x1b" in str(e) for e in entries)
    assert not desk.store.get_incident(incident.id).letters[-1].prints
