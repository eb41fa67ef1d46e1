"""`kiosk report`: the supervisors' report as a table, CSV, JSON or the monthly PDF."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import EXIT_USAGE, fail, folder_options, load
from kiosk.cli.language import Command
from kiosk.config import Settings
from kiosk.core.clock import implausible_day, plausible_day
from kiosk.core.display import hotel_zone
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.reports import period, run_report
from kiosk.reports.render import render_csv, render_json, render_table

DAY = click.DateTime(formats=["%Y-%m-%d"])
MONTH = click.DateTime(formats=["%Y-%m"])


def month_days(month: datetime) -> tuple[date, date]:
    first = month.date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def day_of(value: datetime | None) -> date | None:
    if value is not None and not plausible_day(value.date()):
        fail(implausible_day(value.date()), EXIT_USAGE)
    return value.date() if value is not None else None


def write_out(text: str, output: Path | None) -> None:
    """UTF-8 whatever the terminal's locale, so Armenian names survive a pipe."""
    data = text.encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)


@click.command("report", cls=Command, help=TOP["report"].help)
@click.option("--since", type=DAY, help=N_("First day, YYYY-MM-DD (hotel time), included."))
@click.option("--until", type=DAY, help=N_("Last day, YYYY-MM-DD (hotel time), included."))
@click.option("--month", type=MONTH, help=N_("A whole month, YYYY-MM (instead of --since and "
                                              "--until); the PDF's default is this month."))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "pdf"]),
              default="table", show_default=True, help=N_("How to print the report."))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write to this file instead of the screen."))
@click.option("--chain", is_flag=True,
              help=N_("Head office's report across the group's properties, from PostgreSQL."))
@click.option("--property", "properties", multiple=True, metavar=N_("ID"),
              help=N_("With --chain: only this property (repeat for more)."))
@click.option("--dsn-file", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("With --chain: file holding the connection string (else KIOSK_CHAIN_DSN "
                   "or the [chain] section of property.toml)."))
@folder_options
def report(since: datetime | None, until: datetime | None, month: datetime | None, fmt: str,
           output: Path | None, chain: bool, properties: tuple[str, ...], dsn_file: Path | None,
           settings: Settings) -> None:
    if since and until and until < since:
        fail(_("--until is before --since"))
    if month and (since or until):
        fail(_("--month goes instead of --since and --until"))
    if fmt == "pdf" and chain:
        fail(_("--format pdf is for one property's report, not --chain"))
    if month:
        since, until = (datetime.combine(d, datetime.min.time()) for d in month_days(month))
    if chain:
        # PostgreSQL and the chain's figures load only for head office's report.
        text = load("kiosk.cli.report_chain:chain_text")(
            settings, day_of(since), day_of(until), list(properties), dsn_file, fmt)
        write_out(text if text.endswith("\n") else text + "\n", output)
        return
    if properties or dsn_file:
        fail(_("--property and --dsn-file go with --chain"))
    desk = Desk.open(settings, create=False)
    if fmt == "pdf" and not (since or until):
        today = desk.now().astimezone(hotel_zone(desk.policy)).date()
        since = datetime.combine(today.replace(day=1), datetime.min.time())
    start, end = period(desk, day_of(since), day_of(until))
    result = run_report(desk, start, end)
    if fmt == "pdf":
        what = (since or desk.now()).strftime("%Y-%m")
        export = load("kiosk.desk.report_export:export_report")  # the PDF machinery, only now
        default = load("kiosk.desk.report_export:default_export")
        saved = export(desk, result, "pdf", output or default(desk, "pdf", what))
        click.echo(_("Report saved to {path}").format(path=saved))
        return
    text = render_table(result, desk.policy) if fmt == "table" else \
        {"csv": render_csv, "json": render_json}[fmt](result)
    write_out(text if text.endswith("\n") else text + "\n", output)
