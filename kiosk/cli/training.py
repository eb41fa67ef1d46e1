"""`kiosk training report`: each agent's practice runs and what their debriefs found."""

from __future__ import annotations

import json

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options
from kiosk.cli.language import Command, Group
from kiosk.cli.tables import Label, emit, format_option
from kiosk.config import Settings
from kiosk.core.clock import system_clock
from kiosk.core.display import locale_now, tenths
from kiosk.core.i18n import N_, _, current_language
from kiosk.desk.context import PolicyHolder
from kiosk.desk.practice import record_at, record_rows

COLUMNS = ("started_at", "agent", "scenario", "steps", "apology_minutes", "fits", "total",
           "letter", "finished")


@click.group("training", cls=Group, help=TOP["training"].help)
def training_group() -> None:
    pass


@training_group.command("report", cls=Command, help=N_(
    "Each practice run kept beside the store: steps done, minutes to the apology, "
    "whether the compensation fit, the letter."))
@click.option("--agent", metavar=N_("ID"), help=N_("Only this person's runs (staff id or name)."))
@format_option
@folder_options
def report(agent: str | None, fmt: str, settings: Settings) -> None:
    runs = record_at(settings.store, agent)
    if fmt == "json":
        click.echo(json.dumps(runs, ensure_ascii=False, indent=2))
        return
    policies = PolicyHolder.load(settings.policies, system_clock())
    locale = locale_now(policies.current)
    # People read each scenario by its title and the minutes with their decimal sign;
    # CSV keeps the id and the plain figure.
    rows = [{**row, "scenario": Label(row["scenario"], row["title"]),
             "apology_minutes": None if row["apology_minutes"] is None else Label(
                 str(row["apology_minutes"]), tenths(row["apology_minutes"], locale))}
            for row in record_rows(runs, policies, current_language())]
    headers = (_("Started"), _("Agent"), _("Scenario"), _("Steps"), _("Apology (min)"),
               _("Fit"), _("Total"), _("Letter"), _("Finished"))
    emit(rows, COLUMNS, headers, fmt, _("No practice runs yet."), locale=locale)
