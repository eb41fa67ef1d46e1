"""`kiosk postings` commands: folio credits and discounts for the PMS (pending,
export, ack)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from kiosk.cli.actor import by_option, staff_acting
from kiosk.cli.commands import TOP
from kiosk.cli.common import day_option, folder_options, safe_text
from kiosk.cli.documents import parse_json_document
from kiosk.cli.language import Group, argument
from kiosk.config import Settings
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.postings import Posting
from kiosk.core.spreadsheet import spreadsheet_text
from kiosk.desk.context import Desk
from kiosk.desk.postings import Pending, acknowledge, export, pending

COLUMNS = ("posting_id", "batch", "repeat", "incident_ref", "room", "guest", "arrival",
           "departure", "transaction_code", "item", "kind", "quantity", "amount", "currency",
           "percent", "decided_at", "decided_by", "remark")
MAX_ACK_BYTES = 16 * 1024 * 1024


def _row(batch: str, item: Pending) -> dict[str, Any]:
    p: Posting = item.posting
    return {"posting_id": p.id, "batch": item.batch or batch,
            "repeat": item.state == "exported", "incident_ref": p.ref, "room": p.room,
            "guest": p.guest, "arrival": p.arrival, "departure": p.departure,
            "transaction_code": p.transaction_code, "item": p.item, "kind": p.kind,
            "quantity": p.quantity, "amount": str(p.amount), "currency": p.currency,
            "percent": None if p.percent is None else str(p.percent),
            "decided_at": p.decided_at.isoformat(), "decided_by": p.decided_by,
            "remark": p.remark}


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["yes" if row[c] is True else "no" if row[c] is False else
                         "" if row[c] is None else spreadsheet_text(str(row[c])) for c in COLUMNS])
    return out.getvalue()


@click.group("postings", cls=Group, help=TOP["postings"].help)
def postings_group() -> None:
    pass


@postings_group.command("pending", help=N_(
    "Postings the PMS has not acknowledged: new, exported, or held (no code)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@folder_options
def pending_cmd(as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    waiting = pending(desk)
    if as_json:
        click.echo(json.dumps([{**_row("", p), "state": p.state} for p in waiting],
                              ensure_ascii=False, indent=2))
        return
    if not waiting:
        click.echo(_("No postings pending."))
        return
    for item in waiting:
        p = item.posting
        state = {"new": _("new"),
                 "exported": _("exported in {batch}, not yet posted").format(batch=item.batch),
                 "held": _("held: no transaction_code for {item} in catalogue.toml").format(
                     item=p.item)}
        click.echo(_("{id}  {ref}  room {room}  {value}  {amount} {currency}  {state}").format(
                       id=p.id, ref=p.ref, room=safe_text(p.room, 16),
                       value=p.transaction_code or '-', amount=p.amount, currency=p.currency,
                       state=state[item.state]))


@postings_group.command("export", help=N_(
    "Export the postings not exported yet, each once, for the PMS to post."))
@click.option("--since", help=N_("Only credits given on or after this day (YYYY-MM-DD)."))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write here instead of standard output."))
@click.option("--again", is_flag=True,
              help=N_("Include postings exported before but not yet acknowledged "
                   "(marked repeat, for a file that got lost)."))
@by_option
@folder_options
def export_cmd(since: str | None, fmt: str, output: Path | None, again: bool, by: str,
               settings: Settings) -> None:
    day = day_option("--since", since)
    if output is not None and output.exists():
        raise ValidationError(_("{str} exists already; an export never overwrites one").format(
                                  str=safe_text(str(output), 120)))
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    batch, taken = export(desk, staff.id, day, again)
    rows = [_row(batch, p) for p in taken]
    text = _csv(rows) if fmt == "csv" else \
        json.dumps({"batch": batch, "postings": rows}, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            with output.open("x", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise ValidationError(_("cannot write {str} ({strerror}); batch {batch} "
                                    "is marked exported: run the export again with "
                                    "--again").format(
                                      str=safe_text(str(output), 120), strerror=exc.strerror,
                                      batch=batch)) from None
        click.echo(ngettext("{n} posting in batch {batch} written to {path}.",
                            "{n} postings in batch {batch} written to {path}.",
                            len(rows)).format(n=len(rows), batch=batch,
                                              path=safe_text(str(output), 120)), err=True)


def _ack_rows(data: bytes, name: str) -> list[tuple[int, str, str]]:
    if name.casefold().endswith(".json"):
        document = parse_json_document(data)
        if isinstance(document, dict) and "postings" in document:
            document = document["postings"]
        if not isinstance(document, list):
            raise ValidationError(_("expected a JSON list of postings (or "
                                    '{"postings": [...]})'))
        rows = []
        for n, item in enumerate(document, 1):
            if isinstance(item, str):
                rows.append((n, item, ""))
            elif isinstance(item, dict) and isinstance(item.get("posting_id"), str):
                ref = item.get("pms_reference", "")
                rows.append((n, item["posting_id"], ref if isinstance(ref, str) else ""))
            else:
                raise ValidationError(_("row {n}: expected a posting id or an object "
                                        "with posting_id").format(n=n))
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("the file is not UTF-8 text")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "posting_id" not in reader.fieldnames:
        raise ValidationError(_("expected a CSV file with a posting_id column"))
    try:
        return [(reader.line_num, (r.get("posting_id") or "").strip(),
                 (r.get("pms_reference") or "").strip()) for r in reader]
    except csv.Error as exc:
        raise ValidationError(_("not a readable CSV file (line {line_num}): {exc}").format(
                                  line_num=reader.line_num, exc=exc)) from None


@postings_group.command("ack", help=N_(
    "Record what the PMS posted: FILE lists posting ids (CSV with a "
    "posting_id column, optionally pms_reference; or JSON). All or nothing."))
@argument("file", N_("FILE"), type=click.Path(path_type=Path, dir_okay=False))
@by_option
@folder_options
def ack_cmd(file: Path, by: str, settings: Settings) -> None:
    if not file.is_file():
        raise ValidationError(_("no such file: {str}").format(str=safe_text(str(file), 120)))
    with file.open("rb") as handle:
        data = handle.read(MAX_ACK_BYTES + 1)
    if len(data) > MAX_ACK_BYTES:
        raise ValidationError(_("the file is larger than 16 MB"))
    rows = _ack_rows(data, file.name)
    desk = Desk.open(settings, create=False)
    staff = staff_acting(desk, by)
    result = acknowledge(desk, staff.id, rows)
    if result.refused:
        for line in result.refused:
            click.echo(_("refused {line}").format(line=safe_text(line, 200)), err=True)
        raise ValidationError(_("{n} row(s) refused; nothing was recorded").format(
                                  n=len(result.refused)))
    click.echo(_("posted {n}, already posted {n2}.").format(
                   n=len(result.posted), n2=len(result.already)))
