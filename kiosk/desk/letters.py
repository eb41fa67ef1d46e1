"""Letter use cases: preview, issue (store), print through CUPS, retry pending prints.

An issued letter is a PDF under ``<store>/letters/<incident id>/v<N>-<lang>.pdf``,
created with O_EXCL so nothing is ever overwritten: issuing again makes version N+1, and
a reprint sends the identical stored file (its sha256 is checked against the record).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Any

from kiosk import printing
from kiosk.core.errors import LetterError, PrintError, StoreError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, LetterRecord, LetterWording, PrintRecord, to_dict
from kiosk.core.plain import Value
from kiosk.desk.context import Desk
from kiosk.desk.records import active_staff, get_incident
from kiosk.desk.text_rules import NAME_MAX, clean_text
from kiosk.letters.bounded import BoundedLetters
from kiosk.letters.render import LetterTemplates, MarkdownLetter
from kiosk.letters.view import Signatory, letter_view

PRINT_QUEUE = "prints"  # the store queue holding prints that wait for a printer
PERSONAL_MAX = 600  # a short paragraph: the apology stays on the first page
REMEDY_MAX = 300
_VERSION = re.compile(r"^v(\d+)-")


class Preview(Value):
    markdown: str
    language: str  # the language actually used
    template: str
    fallback_from: str  # the language asked for when its template was missing, else ""


# --- templates, one set per letters folder ------------------------------------------
_TEMPLATES: dict[tuple[Path, str], LetterTemplates] = {}
_TEMPLATES_LOCK = threading.Lock()


def templates_for(desk: Desk) -> LetterTemplates:
    """The letters folder's templates (with the desk's mark on every page, if any);
    Jinja reloads a template a supervisor edits."""
    key = (Path(desk.settings.letters), desk.letter_mark)
    with _TEMPLATES_LOCK:
        found = _TEMPLATES.get(key)
        if found is None:
            found = _TEMPLATES[key] = BoundedLetters(key[0], mark=desk.letter_mark)
        return found


def _signatory(desk: Desk, staff_id: str) -> Signatory:
    try:
        staff = desk.store.get_staff(staff_id)
    except StoreError:
        return Signatory(staff_id, "")
    return Signatory(staff.name, staff.role)


def _signatories(desk: Desk, incident: Incident) -> tuple[Signatory, list[Signatory]]:
    approvers = [d.approval.approver_id for d in incident.compensation if d.approval]
    managers = [_signatory(desk, a) for a in dict.fromkeys(approvers)
                if a != incident.agent_id]
    return _signatory(desk, incident.agent_id), managers


def clean_wording(wording: LetterWording | None) -> LetterWording | None:
    """The agent's adjustments, checked like any typed text; None when there are none."""
    if wording is None:
        return None
    checked = LetterWording(
        address_as=clean_text("address as", wording.address_as, max_len=NAME_MAX),
        personal=clean_text("personal paragraph", wording.personal, max_len=PERSONAL_MAX,
                            multiline=True),
        remedy=clean_text("remedy", wording.remedy, max_len=REMEDY_MAX, multiline=True))
    return checked if checked != LetterWording() else None


def _compose(desk: Desk, incident: Incident, language: str | None,
             wording: LetterWording | None = None) -> tuple[MarkdownLetter, dict[str, Any]]:
    policy = desk.policy
    templates = templates_for(desk)
    wanted = language or incident.guest.language or policy.property.default_language
    choice = templates.choose(wanted, incident.category, policy.property.default_language)
    agent, managers = _signatories(desk, incident)
    view = letter_view(incident, policy, choice.language, agent, managers, desk.now(),
                       clean_wording(wording))
    return templates.markdown(choice, view), view


def preview_letter(desk: Desk, incident_id: str, language: str | None = None,
                   wording: LetterWording | None = None) -> Preview:
    letter, _ = _compose(desk, get_incident(desk, incident_id), language, wording)
    choice = letter.choice
    return Preview(letter.text, choice.language, choice.template, choice.fallback_from)


def render_pdf(desk: Desk, incident_id: str, language: str | None = None,
               wording: LetterWording | None = None) -> tuple[bytes, Preview]:
    """The PDF of the letter as it would be issued now, without storing it."""
    incident = get_incident(desk, incident_id)
    letter, view = _compose(desk, incident, language, wording)
    choice = letter.choice
    pdf = templates_for(desk).pdf(letter, view)
    return pdf, Preview(letter.text, choice.language, choice.template, choice.fallback_from)


# --- issuing ------------------------------------------------------------------------
def _write_new_version(folder: Path, incident: Incident, language: str,
                       pdf: bytes) -> tuple[int, Path]:
    # A letter holds the guest's name, room and complaint: the owner's only, as the store.
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    taken = [r.version for r in incident.letters]
    taken += [int(m[1]) for p in folder.iterdir() if (m := _VERSION.match(p.name))]
    version = max(taken, default=0) + 1
    while True:
        path = folder / f"v{version}-{language}.pdf"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            version += 1  # another terminal took this number a moment ago
            continue
        try:
            os.write(fd, pdf)
            os.fsync(fd)
        finally:
            os.close(fd)
        return version, path


def issue_letter(desk: Desk, incident_id: str, staff_id: str,
                 language: str | None = None,
                 wording: LetterWording | None = None) -> LetterRecord:
    """Render the PDF, store it under a new version, record it on the incident with
    the agent's adjustments (``wording``), so the version can be told apart."""
    staff = active_staff(desk, staff_id, "issued by")
    incident = get_incident(desk, incident_id)
    wording = clean_wording(wording)
    pdf, preview = render_pdf(desk, incident.id, language, wording)
    letters_dir = desk.store.letters_dir
    try:
        version, path = _write_new_version(letters_dir / incident.id, incident,
                                           preview.language, pdf)
    except OSError as exc:
        raise LetterError(_("cannot store the letter in {folder}: {problem}").format(
            folder=letters_dir, problem=exc.strerror or exc)) from None
    record = LetterRecord(
        version=version, language=preview.language, template=preview.template,
        policy_hash=desk.policy.policy_hash,
        content_hash=hashlib.sha256(pdf).hexdigest(),
        file=path.relative_to(letters_dir).as_posix(), created_at=desk.now(),
        created_by=staff.id, fallback_from=preview.fallback_from, wording=wording)
    desk.store.update_incident(
        incident.id, lambda inc: inc.letters.append(record), staff.id, "letter.issue",
        {"version": version, "language": record.language, "file": record.file,
         "content_hash": record.content_hash, "fallback_from": record.fallback_from,
         "wording": to_dict(wording)})
    return record


# --- printing -----------------------------------------------------------------------
def _letter(incident: Incident, version: int | None) -> LetterRecord:
    if not incident.letters:
        raise LetterError(_("no letter has been issued for {ref} yet").format(
            ref=incident.ref))
    if version is None:
        return incident.letters[-1]
    for record in incident.letters:
        if record.version == version:
            return record
    raise LetterError(_("{ref} has no letter version {version}").format(
        ref=incident.ref, version=version))


def stored_file(desk: Desk, record: LetterRecord) -> Path:
    """The stored PDF, checked to be the very file that was issued."""
    path = desk.store.letters_dir / record.file
    try:
        data = path.read_bytes()
    except OSError:
        raise LetterError(_("the stored letter {file} is missing").format(
            file=record.file)) from None
    if hashlib.sha256(data).hexdigest() != record.content_hash:
        raise LetterError(_("the stored letter {file} was changed after it was issued; "
                            "issue a new version").format(file=record.file))
    return path


def _pending_key(incident_id: str, version: int) -> str:
    return f"{incident_id}.v{version}"


def _add_print(desk: Desk, incident_id: str, version: int, record: PrintRecord,
               action: str) -> None:
    def mutate(incident: Incident) -> None:
        _letter(incident, version).prints.append(record)

    desk.store.update_incident(
        incident_id, mutate, record.by or "system", action,
        {"version": version, "queue": record.queue, "status": record.status,
         "job_id": record.job_id, "error": record.error})


def _send(desk: Desk, incident: Incident, letter: LetterRecord, queue: str,
          staff_id: str) -> PrintRecord:
    path = stored_file(desk, letter)
    title = f"{incident.ref} v{letter.version} {letter.language}"
    job_id = (desk.printer or printing.send)(path, queue, title)
    return PrintRecord(at=desk.now(), queue=queue, status="printed", job_id=job_id,
                       by=staff_id)


def print_letter(desk: Desk, incident_id: str, staff_id: str, printer: str | None = None,
                 version: int | None = None) -> PrintRecord:
    """Send the stored PDF to CUPS. On failure the print is kept pending for retry and
    ``PrintError`` says why in one line."""
    staff = active_staff(desk, staff_id, "printed by")
    incident = get_incident(desk, incident_id)
    letter = _letter(incident, version)
    queue = printer or desk.policy.property.printer
    printing.check_queue_name(queue)  # a bad name is refused, never kept as pending
    try:
        record = _send(desk, incident, letter, queue, staff.id)
    except PrintError as exc:
        pending = PrintRecord(at=desk.now(), queue=queue, status="pending",
                              error=str(exc), by=staff.id)
        desk.store.queue_put(PRINT_QUEUE, _pending_key(incident.id, letter.version), {
            "incident_id": incident.id, "ref": incident.ref, "version": letter.version,
            "queue": queue, "by": staff.id, "at": pending.at.isoformat(),
            "error": str(exc), "attempts": 1})
        _add_print(desk, incident.id, letter.version, pending, "letter.print_pending")
        raise PrintError(_("{problem}; the letter is saved and the print is pending").format(
            problem=exc)) from None
    _add_print(desk, incident.id, letter.version, record, "letter.print")
    desk.store.queue_remove(PRINT_QUEUE, _pending_key(incident.id, letter.version))
    return record


def pending_prints(desk: Desk) -> dict[str, dict[str, Any]]:
    return desk.store.queue_items(PRINT_QUEUE)


def retry_pending(desk: Desk, staff_id: str, printer: str | None = None) -> list[PrintRecord]:
    """Try every pending print again, on ``printer`` when one is named (the queue it
    waited for may be gone), else on its own queue. Printed ones leave the queue and are
    recorded; the rest stay, and come back here with status ``pending`` and the reason."""
    staff = active_staff(desk, staff_id, "retried by")
    results: list[PrintRecord] = []
    for key, doc in sorted(pending_prints(desk).items()):
        queue = str(printer or doc.get("queue") or desk.policy.property.printer)
        try:
            incident = get_incident(desk, str(doc["incident_id"]))
            letter = _letter(incident, int(doc["version"]))
            record = _send(desk, incident, letter, queue, staff.id)
        except (PrintError, LetterError, StoreError, KeyError, ValueError) as exc:
            desk.store.queue_put(PRINT_QUEUE, key, {
                **doc, "queue": queue, "error": str(exc),
                "attempts": int(doc.get("attempts", 1)) + 1})
            results.append(PrintRecord(at=desk.now(), queue=queue, status="pending",
                                       error=str(exc), by=staff.id))
            continue
        _add_print(desk, incident.id, letter.version, record, "letter.print")
        desk.store.queue_remove(PRINT_QUEUE, key)
        results.append(record)
    return results
