"""`kiosk letter`: check the templates, and render, issue or print one incident's letter.
`kiosk letters check`, the older spelling, still works."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kiosk.cli.actor import acting, integration_asked
from kiosk.cli.commands import TOP
from kiosk.cli.common import EXIT_FAIL, fail, folder_options, safe_text
from kiosk.cli.language import Group, argument
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.core.models import LetterWording
from kiosk.core.policy_load import load_policy
from kiosk.desk.context import Desk
from kiosk.desk.letters import (
    Preview,
    issue_letter,
    pending_prints,
    preview_letter,
    print_letter,
    render_pdf,
    retry_pending,
)
from kiosk.desk.records import get_incident
from kiosk.letters.check import check_letters
from kiosk.letters.proof import proof_pdf

# TRANSLATORS: keep as written: the shape of the two-letter language code to type.
_LANG = click.option("--lang", "language", metavar=N_("xx"),
                     help=N_("Letter language (default: the guest's)."))
_BY = click.option("--by", "staff_id", metavar=N_("STAFF"),
                   help=N_("Your staff id (default: the incident's agent); your PIN is read "
                        "from KIOSK_ACTOR_PIN or the terminal. An integration sets "
                        "KIOSK_INTEGRATION and its secret instead."))


def _wording_options(command: Any) -> Any:
    """The agent's adjustments at the letter step, in the guest's language."""
    for option in reversed((
        click.option("--address-as", "address_as", default="",
                     help=N_('How to address the guest in this letter ("Mr Smith", '
                          '"Bi. Fatuma"; default: as recorded at intake).')),
        click.option("--personal", default="",
                     help=N_("A short paragraph of your own, in the guest's language.")),
        click.option("--remedy", default="",
                     help=N_("What was done to put it right, for the guest (default: the "
                          "note of the checklist's remedy step).")),
    )):
        command = option(command)
    return command


def _wording(address_as: str, personal: str, remedy: str) -> LetterWording | None:
    if not (address_as or personal or remedy):
        return None
    return LetterWording(address_as=address_as, personal=personal, remedy=remedy)


@click.group("letter", cls=Group, help=TOP["letter"].help)
def letter_group() -> None:
    pass


@letter_group.command("check", help=N_(
    "Compile every template in FOLDER (default: --letters) and render each "
    "language × category with sample data. Exit 0 when all is well; 1 with "
    "FILE:LINE: message lines."))
@argument("folder", N_("[FOLDER]"), required=False, type=click.Path(path_type=Path))
@folder_options
def check(folder: Path | None, settings: Settings) -> None:
    path = folder if folder is not None else settings.letters
    policy = load_policy(settings.policies)
    report = check_letters(path, policy)
    for note in report.notes:
        click.echo(_("note: {note}").format(note=safe_text(note, 400)), err=True)
    for problem in report.problems:
        click.echo(safe_text(problem, 400))
    if not report.ok:
        raise SystemExit(EXIT_FAIL)
    click.echo(_("OK: {path}: {templates} templates, {renders} letters rendered ({n} "
                 "languages × {n2} categories × {states} states, and hostile guest "
                 "text)").format(
                   path=path, templates=report.templates, renders=report.renders,
                   n=len(policy.property.languages), n2=len(policy.categories),
                   states=report.states))


@letter_group.command("proof", help=N_(
    "Write every sample letter of FOLDER (default: --letters) to one PDF, a "
    "labelled page each: every category, then every state that changes the "
    "words, per language, for a native reviewer to read in one sitting."))
@argument("folder", N_("[FOLDER]"), required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help=N_("The PDF to write."))
@click.option("--lang", "languages", multiple=True, metavar=N_("xx"),
              help=N_("Only this language (repeat for more; default: all)."))
@folder_options
def proof(folder: Path | None, output: Path, languages: tuple[str, ...],
          settings: Settings) -> None:
    path = folder if folder is not None else settings.letters
    policy = load_policy(settings.policies)
    unknown = [lang for lang in languages if lang not in policy.property.languages]
    if unknown:
        fail(_("--lang {unknown}: not one of this hotel's letter languages ({value})").format(
                 unknown=safe_text(unknown[0], 20), value=', '.join(policy.property.languages)), 2)
    data, count = proof_pdf(path, policy, languages or None)
    output.write_bytes(data)
    click.echo(_("Wrote {output}: {count} letters.").format(output=output, count=count))


def _fallback_note(preview: Preview) -> None:
    if preview.fallback_from:
        click.echo(_("note: no '{fallback_from}' letter template; the letter is in "
                     "{language}").format(
                       fallback_from=safe_text(preview.fallback_from, 20),
                       language=preview.language), err=True)


def _actor(desk: Desk, incident_id: str, staff_id: str | None) -> str:
    """Who is doing it, proved with their PIN (or an integration's secret)."""
    if integration_asked(None):
        return acting(desk, staff_id).id
    return acting(desk, staff_id or get_incident(desk, incident_id).agent_id).id


@letter_group.command("render", help=N_(
    "Render ID's letter without storing it."))
@argument("incident_id", N_("ID"))
@_LANG
@click.option("--format", "fmt", type=click.Choice(["md", "pdf"]), default="md",
              show_default=True, help=N_("Markdown (as on screen) or PDF (as printed)."))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write to this file (a PDF to a terminal needs it)."))
@_wording_options
@folder_options
def render(incident_id: str, language: str | None, fmt: str, output: Path | None,
           address_as: str, personal: str, remedy: str, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    wording = _wording(address_as, personal, remedy)
    if fmt == "md":
        preview = preview_letter(desk, incident_id, language, wording)
        data = preview.markdown.encode("utf-8")
    else:
        if output is None and sys.stdout.isatty():
            fail(_("a PDF is not for the terminal: give -o FILE"))
        data, preview = render_pdf(desk, incident_id, language, wording)
    _fallback_note(preview)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(_("Wrote {output} ({language}, {n:,} bytes).").format(
                       output=output, language=preview.language, n=len(data)), err=True)


@letter_group.command("issue", help=N_(
    "Render ID's letter as PDF and store it as a new version, with the "
    "adjustments given here recorded on that version."))
@argument("incident_id", N_("ID"))
@_LANG
@_BY
@_wording_options
@folder_options
def issue(incident_id: str, language: str | None, staff_id: str | None, address_as: str,
          personal: str, remedy: str, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    record = issue_letter(desk, incident_id, _actor(desk, incident_id, staff_id), language,
                          _wording(address_as, personal, remedy))
    if record.fallback_from:
        click.echo(_("note: no '{fallback_from}' letter template; the letter is in "
                     "{language}").format(
                       fallback_from=safe_text(record.fallback_from, 20),
                       language=record.language), err=True)
    click.echo(_("Letter version {version} ({language}) stored: {value}").format(
                   version=record.version, language=record.language,
                   value=desk.store.letters_dir / record.file))


@letter_group.command("print", help=N_(
    "Print ID's stored letter through CUPS (issuing it first when there is "
    "none), or retry the prints that are pending."))
@argument("incident_id", N_("ID"), required=False)
@click.option("--printer", metavar=N_("QUEUE"),
              help=N_("CUPS queue (default: printer in the property policy; with "
                      "--retry-pending, each print's own queue)."))
@click.option("--version", "version", type=click.IntRange(1), metavar=N_("N"),
              help=N_("Which stored version (default: the latest; issued first if none)."))
@click.option("--retry-pending", "retry_pending_", is_flag=True,
              help=N_("Retry every print still pending."))
@_BY
@folder_options
def print_cmd(incident_id: str | None, printer: str | None, version: int | None,
              retry_pending_: bool, staff_id: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    if retry_pending_:
        _retry(desk, staff_id, printer)
        return
    if not incident_id:
        fail(_("give an incident ID, or --retry-pending"), 2)
        return
    actor = _actor(desk, incident_id, staff_id)
    incident = get_incident(desk, incident_id)
    if not incident.letters and version is None:
        record = issue_letter(desk, incident.id, actor)
        click.echo(_("Letter version {version} ({language}) stored.").format(
                       version=record.version, language=record.language))
    printed = print_letter(desk, incident.id, actor, printer, version)
    click.echo(_("Printed on {queue}: job {job_id}.").format(
                   queue=printed.queue, job_id=printed.job_id))


def _retry(desk: Desk, staff_id: str | None, printer: str | None) -> None:
    waiting = pending_prints(desk)
    if not waiting:
        click.echo(_("No prints are pending."))
        return
    named = staff_id or str(next(iter(waiting.values())).get("by", ""))
    actor = acting(desk, None if integration_asked(None) else named).id
    results = retry_pending(desk, actor, printer)
    left = [r for r in results if r.status != "printed"]
    for record in results:
        if record.status == "printed":
            click.echo(_("printed on {queue}: job {job_id}").format(
                           queue=record.queue, job_id=record.job_id))
        else:
            click.echo(_("still pending on {queue}: {error}").format(
                           queue=record.queue, error=safe_text(record.error, 300)))
    click.echo(_("{value} printed, {n} still pending.").format(
                   value=len(results) - len(left), n=len(left)))
    if left:
        raise SystemExit(EXIT_FAIL)


# The older spelling of `kiosk letter check`, kept so hotels' scripts keep working.
letters_group = Group("letters", commands={"check": check, "proof": proof},
                      hidden=True, help=TOP["letters"].help)
