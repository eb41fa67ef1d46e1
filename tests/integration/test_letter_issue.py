"""Issuing stores the PDF under a new version and records it on the incident; a stored
file is never overwritten, and a changed one is refused for printing."""

from __future__ import annotations

import hashlib
import io
import os
import stat

import pytest
from pypdf import PdfReader

from kiosk.config import Settings
from kiosk.core.errors import LetterError
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from kiosk.desk.letters import issue_letter, preview_letter, stored_file
from kiosk.desk.records import get_incident


@pytest.fixture
def desk(settings: Settings) -> Desk:
    desk = Desk.open(settings)
    seed_demo(desk)
    return desk


def _with_approval(desk: Desk):
    for incident in desk.store.find_incidents():
        if any(d.approval for d in incident.compensation):
            return incident
    raise AssertionError("the demo store has no approved compensation")


def test_issue_stores_a_new_version_each_time(desk):
    incident = _with_approval(desk)
    first = issue_letter(desk, incident.id, incident.agent_id)
    second = issue_letter(desk, incident.id, incident.agent_id, language="en")
    assert (first.version, second.version) == (1, 2)
    assert first.file == f"{incident.id}/v1-{first.language}.pdf"
    data = (desk.store.letters_dir / first.file).read_bytes()
    assert hashlib.sha256(data).hexdigest() == first.content_hash
    assert first.policy_hash == desk.policy.policy_hash
    saved = get_incident(desk, incident.id)
    assert [r.version for r in saved.letters] == [1, 2]
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert incident.guest.name.split()[-1] in text
    actions = [e["action"] for e in desk.store.audit_entries()]
    assert actions.count("letter.issue") == 2


def test_letter_is_signed_by_agent_and_approving_manager(desk):
    incident = _with_approval(desk)
    preview = preview_letter(desk, incident.id)
    approver = next(d.approval for d in incident.compensation if d.approval)
    assert desk.store.get_staff(incident.agent_id).name in preview.markdown
    assert desk.store.get_staff(approver.approver_id).name in preview.markdown


def test_missing_language_falls_back_and_is_recorded(desk):
    incident = _with_approval(desk)
    record = issue_letter(desk, incident.id, incident.agent_id, language="fr")
    assert (record.language, record.fallback_from) == ("en", "fr")


def test_changed_stored_file_is_refused(desk):
    incident = _with_approval(desk)
    record = issue_letter(desk, incident.id, incident.agent_id)
    (desk.store.letters_dir / record.file).write_bytes(b"%PDF-1.7 forged")
    with pytest.raises(LetterError, match="changed after it was issued"):
        stored_file(desk, record)


def test_existing_file_is_never_overwritten(desk):
    incident = _with_approval(desk)
    folder = desk.store.letters_dir / incident.id
    folder.mkdir(parents=True)
    (folder / "v1-en.pdf").write_bytes(b"someone else's")
    record = issue_letter(desk, incident.id, incident.agent_id, language="en")
    assert record.version == 2
    assert (folder / "v1-en.pdf").read_bytes() == b"someone else's"


def test_a_stored_letter_is_the_owners_only_whatever_the_umask(desk):
    # A letter carries the guest's name, room and complaint: like every file the store
    # writes, nobody but the kiosk's own user may read it.
    incident = _with_approval(desk)
    old = os.umask(0o022)
    try:
        record = issue_letter(desk, incident.id, incident.agent_id)
    finally:
        os.umask(old)
    path = desk.store.letters_dir / record.file
    for shown in (path, path.parent, desk.store.letters_dir):
        mode = stat.S_IMODE(shown.stat().st_mode)
        assert mode & 0o077 == 0, f"{shown.name} is {mode:03o}"
