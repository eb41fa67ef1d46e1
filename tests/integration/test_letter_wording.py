"""How the guest is addressed comes from intake (desk and JSON) and the letter step; the
agent's paragraph and adjustments are stored with the letter version; the letter of an
open incident and of a resolved one say different, true things."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.errors import ValidationError
from kiosk.core.models import Guest, Honorific, LetterWording
from kiosk.desk.context import Desk
from kiosk.desk.incidents import (
    get_incident,
    open_incident,
    record_step,
    resolve_incident,
)
from kiosk.desk.intake import add_from_document
from kiosk.desk.letters import issue_letter, preview_letter
from tests.conftest import LETTERS, POLICIES
from tests.integration.desk_setup import make_desk, make_team


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = make_desk(tmp_path / "store")
    make_team(desk)
    return desk


def _guest(**changes: object) -> Guest:
    fields: dict[str, object] = {
        "name": "John Smith Jr.", "language": "en", "room": "412",
        "arrival": date(2026, 11, 20), "departure": date(2026, 11, 26),
        "honorific": Honorific.MR}
    fields.update(changes)
    return Guest(**fields)  # type: ignore[arg-type]


def test_desk_intake_keeps_address_as_and_the_letter_uses_it(desk):
    incident = open_incident(desk, "agent", _guest(address_as="  Mr   Smith "),
                             "maintenance", "high", "The shower is broken.")
    assert get_incident(desk, incident.id).guest.address_as == "Mr   Smith"  # as typed
    assert preview_letter(desk, incident.id).markdown.startswith("Dear Mr Smith,")


def test_without_address_as_the_letter_uses_the_full_name(desk):
    incident = open_incident(desk, "agent", _guest(), "maintenance", "high", "Broken.")
    text = preview_letter(desk, incident.id).markdown
    assert text.startswith("Dear Mr John Smith Jr.,") and "Mr Jr." not in text


def test_address_as_with_control_characters_is_refused(desk):
    with pytest.raises(ValidationError, match=r"guest\.address_as"):
        open_incident(desk, "agent", _guest(address_as="Mr\x1b[2J Smith"), "maintenance",
                      "high", "Broken.")


def test_json_intake_takes_address_as(desk):
    document = {
        "agent": "agent", "category": "noise", "severity": "medium",
        "guest": {"name": "Fatuma binti Hassan", "language": "sw", "room": "509",
                  "arrival": "2026-11-20", "departure": "2026-11-25", "honorific": "ms",
                  "address_as": "Bi. Fatuma"},
        "account": "Kelele usiku kucha.",
    }
    incident = add_from_document(desk, document, desk.store.get_staff("agent"))
    assert incident.guest.address_as == "Bi. Fatuma"
    text = preview_letter(desk, incident.id).markdown
    assert text.startswith("Mpendwa Bi. Fatuma,") and "Bi. Hassan" not in text


def test_the_agents_wording_is_stored_with_the_letter_version(desk):
    incident = open_incident(desk, "agent", _guest(), "maintenance", "high", "Broken.")
    wording = LetterWording(address_as="Mr Smith",
                            personal="We have left a fan in your room for tonight.",
                            remedy="A new shower mixer arrives tomorrow morning.")
    first = issue_letter(desk, incident.id, "agent", wording=wording)
    second = issue_letter(desk, incident.id, "agent")
    saved = get_incident(desk, incident.id).letters
    assert saved[0].version == first.version and saved[0].wording == wording
    assert saved[1].version == second.version and saved[1].wording is None
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        (desk.store.letters_dir / first.file).read_bytes())).pages)
    for words in ("Dear Mr Smith,", "We have left a fan", "A new shower mixer"):
        assert words in " ".join(text.split())
    audit = [e for e in desk.store.audit_entries() if e["action"] == "letter.issue"]
    assert audit[0]["detail"]["wording"]["personal"].startswith("We have left a fan")


def test_a_personal_paragraph_that_is_too_long_is_refused(desk):
    incident = open_incident(desk, "agent", _guest(), "maintenance", "high", "Broken.")
    with pytest.raises(ValidationError, match="personal paragraph"):
        issue_letter(desk, incident.id, "agent",
                     wording=LetterWording(personal="Very sorry. " * 100))


def test_the_open_and_the_resolved_letter_tell_the_truth(desk, clock):
    incident = open_incident(desk, "agent", _guest(), "maintenance", "high",
                             "The air conditioning is broken.")
    for step in desk.policy.steps:
        note = "The technician has been called." if step.letter == "remedy" else "ok"
        record_step(desk, incident.id, "agent", step.id, note)
    open_text = preview_letter(desk, incident.id).markdown
    assert "Our engineers repaired" not in open_text
    assert "The technician has been called." in open_text
    resolve_incident(desk, incident.id, "agent")
    done = preview_letter(desk, incident.id).markdown.replace("\\", "")
    assert "Our engineers repaired the fault today at 14:00" in done
    assert "We will call you on 24 November at 14:00" in done
    assert "+374 10 555 125" in done


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))


def test_letter_issue_takes_the_wording_on_the_command_line(desk, tmp_path):
    incident = open_incident(desk, "agent", _guest(), "maintenance", "high", "Broken.")
    run = kiosk("--store", str(tmp_path / "store"), "--policies", str(POLICIES),
                "--letters", str(LETTERS), "letter", "render", incident.id,
                "--address-as", "Mr Smith", "--personal", "See you at breakfast.")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Dear Mr Smith,") and "See you at breakfast." in run.stdout


@pytest.fixture
def leftover_letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    en = folder / "en.md.j2"
    text = en.read_text()
    text = text.replace("- {{ line.phrase }}{% if line.amount %} (worth {{ line.amount }})"
                        "{% endif +%}",
                        "- {{ line.label }} × {{ line.quantity }} (a value of "
                        "{{ line.value }})")
    en.write_text(text.replace("Dear {{ guest.salutation }},", "Dear ,"))
    sw = folder / "sw.md.j2"
    sw.write_text(sw.read_text().replace("Tunaomba radhi kwa dhati.",
                                         "Please accept our sincere apologies."))
    return folder


def test_letters_check_refuses_leftovers(leftover_letters):
    run = kiosk("letters", "check", str(leftover_letters), "--policies", str(POLICIES))
    assert run.returncode == 1, run.stdout
    out = run.stdout
    assert "Traceback" not in out + run.stderr
    assert "en.md.j2: invoice notation '×'" in out
    assert "en.md.j2: the price of the gift" in out
    assert "en.md.j2: the salutation is empty" in out
    assert "sw.md.j2: text in another language in a sw letter: 'Please'" in out


def test_letters_check_refuses_a_missing_translation(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    catalogue = policies / "catalogue.toml"
    blocks = catalogue.read_text().split("[[item]]")
    blocks = ["".join(ln for ln in b.splitlines(keepends=True)
                      if not ln.startswith("phrase.hy")) if '"dinner_voucher"' in b else b
              for b in blocks]
    catalogue.write_text("[[item]]".join(blocks))
    run = kiosk("letters", "check", str(LETTERS), "--policies", str(policies))
    assert run.returncode == 1, run.stdout
    assert ("hy: missing translation: catalogue.toml: item 'dinner_voucher' has no hy "
            "phrase") in run.stdout


def test_letters_proof_writes_one_labelled_page_per_letter(tmp_path):
    out = tmp_path / "proof.pdf"
    run = kiosk("letters", "proof", str(LETTERS), "--policies", str(POLICIES),
                "--lang", "hy", "-o", str(out))
    assert run.returncode == 0, run.stderr
    reader = PdfReader(out)
    count = int(run.stdout.split(":")[-1].split()[0])
    assert count >= 30 and len(reader.pages) == count  # every sample fits one page
    labels = [page.extract_text().splitlines()[0] for page in reader.pages]
    assert labels[0] == "hy · noise · resolved today, in house, Ms, one gift"
    assert any(label.endswith("open, remedy under way") for label in labels)
    assert len(set(labels)) == len(labels)
    assert json.dumps(labels, ensure_ascii=False).count("hy · ") == count


def test_letters_proof_refuses_an_unknown_language(tmp_path):
    run = kiosk("letters", "proof", "--policies", str(POLICIES), "--lang", "fr",
                "-o", str(tmp_path / "p.pdf"))
    assert run.returncode == 2 and "not one of this hotel's letter languages" in run.stderr
    assert "Traceback" not in run.stderr
