"""`kiosk guests` commands: import the PMS's in-house list, find an in-house guest."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kiosk.cli.actor import by_option, staff_acting
from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.documents import parse_json_document
from kiosk.cli.language import Group, argument
from kiosk.config import Settings
from kiosk.core.display import day, hotel_time, locale_now, value_word
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.models import to_dict
from kiosk.desk.context import Desk
from kiosk.desk.guest_list import (
    MAX_FILE_BYTES,
    ImportResult,
    find_in_house,
    history,
    hotel_today,
    parse_csv,
    parse_json,
    replace_list,
)
from kiosk.desk.text_rules import clean_text


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise ValidationError(_("no such file: {str}").format(str=safe_text(str(path), 120)))
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("the file is larger than {value} MB; is this the "
                                "in-house list?").format(value=MAX_FILE_BYTES // (1024 * 1024)))
    return data


def _format(path: Path, given: str | None) -> str:
    if given:
        return given
    suffix = path.suffix.casefold()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix == ".json":
        return "json"
    raise ValidationError(_("cannot tell the format of {name}: name it .csv or .json, "
                            "or pass --format csv|json").format(name=safe_text(path.name, 60)))


def _report(result: ImportResult, replaced: bool) -> None:
    for refusal in result.refused:
        click.echo(_("refused {refusal}").format(refusal=safe_text(str(refusal), 300)),
                   err=True)
    if result.ignored_columns:
        click.echo(_("ignored columns: {columns}").format(
            columns=safe_text(", ".join(result.ignored_columns), 200)), err=True)
    taken, refused = len(result.taken), len(result.refused)
    if replaced:
        said = ngettext("took {n} guest, refused {refused}; the in-house list is replaced.",
                        "took {n} guests, refused {refused}; the in-house list is replaced.",
                        taken)
    else:
        said = ngettext("would take {n} guest, refused {refused} (dry run).",
                        "would take {n} guests, refused {refused} (dry run).", taken)
    click.echo(said.format(n=taken, refused=refused))


@click.group("guests", cls=Group, help=TOP["guests"].help)
def guests_group() -> None:
    pass


@guests_group.command("import", help=N_(
    "Replace the in-house list with FILE (the PMS export, CSV or "
    "JSON).\n\nPrints one line per refused row on stderr and what was taken. "
    "Exit 0 when the list was replaced, even with refused rows; 1 when "
    "nothing was taken."))
@argument("file", N_("FILE"), type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]),
              help=N_("The file's format (default: from its name)."))
@click.option("--dry-run", is_flag=True, help=N_("Check the file; change nothing."))
@by_option
@folder_options
def import_cmd(file: Path, fmt: str | None, dry_run: bool, by: str,
               settings: Settings) -> None:
    kind = _format(file, fmt)
    data = _read(file)
    desk = Desk.open(settings, create=False)
    actor = staff_acting(desk, by)
    today = hotel_today(desk)
    if kind == "csv":
        result = parse_csv(desk.policy, data, today)
    else:
        result = parse_json(desk.policy, parse_json_document(data), today)
    if not result.taken:
        _report(result, replaced=False)
        raise ValidationError(_("no row could be taken; the in-house list is unchanged"))
    if not dry_run:
        replace_list(desk, result, actor.id, file.name)
    _report(result, replaced=not dry_run)


@guests_group.command("find", help=N_(
    "In-house guests by room or the start of a name."))
@argument("query", N_("QUERY"))
@click.option("--history", "with_history", is_flag=True,
              help=N_("Also list each guest's earlier incidents."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@folder_options
def find_cmd(query: str, with_history: bool, as_json: bool, settings: Settings) -> None:
    query = clean_text("QUERY", query, max_len=120, min_len=1)
    desk = Desk.open(settings, create=False)
    found = find_in_house(desk, query)
    if as_json:
        out = []
        for guest in found:
            doc = to_dict(guest)
            if with_history:
                doc["history"] = [i.ref for i in history(desk, guest)]
            out.append(doc)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(_("No in-house guest matches."))
        return
    locale = locale_now(desk.policy)
    for guest in found:
        vip = ", VIP" if guest.vip else ""
        tier = f", {safe_text(guest.loyalty_tier, 40)}" if guest.loyalty_tier else ""
        stay = _("{arrival} to {departure}").format(arrival=day(guest.arrival, locale),
                                                    departure=day(guest.departure, locale))
        click.echo(f"{safe_text(guest.room, 16)}  {safe_text(guest.name, 60)} "
                   f"({guest.language}{vip}{tier}) {stay}"
                   + (f"  {safe_text(guest.contact, 60)}" if guest.contact else ""))
        if with_history:
            for incident in history(desk, guest):
                click.echo(_("    earlier: {ref} {value} {value2} {category}").format(
                               ref=incident.ref, value=value_word(incident.status.value),
                               value2=day(hotel_time(desk.policy, incident.reported_at),
                                          locale),
                               category=incident.category))
