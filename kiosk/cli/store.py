"""`kiosk store` commands: check the store, copy it."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import EXIT_FAIL, folder_options, safe_text
from kiosk.cli.language import Group, argument
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.store import open_store
from kiosk.store.api import StoreApi


@click.group("store", cls=Group, help=TOP["store"].help)
def store_group() -> None:
    pass


def _open(settings: Settings) -> StoreApi:
    return open_store(settings.store, terminal=settings.terminal, create=False)


@store_group.command("verify", help=N_(
    "Read every file; exit 1 naming each problem (parse, ids, references, "
    "audit, records against the audit trail, what this terminal saw before)."))
@folder_options
def verify(settings: Settings) -> None:
    report = _open(settings).check()
    for warning in report.warnings:
        click.echo(_("warning: {warning}").format(warning=safe_text(warning, 400)), err=True)
    if report.problems:
        for problem in report.problems:
            click.echo(_("problem: {problem}").format(problem=safe_text(problem, 400)), err=True)
        click.echo(_("store NOT OK: {total_problems} problem(s) in {store}").format(
                       total_problems=report.total_problems, store=settings.store),
                   err=True)
        raise SystemExit(EXIT_FAIL)
    click.echo(_("store OK: {incidents} incidents, {audit_entries} audit entries, "
                 "{staff} staff ({store})").format(
                   incidents=report.incidents, audit_entries=report.audit_entries,
                   staff=report.staff, store=settings.store))


@store_group.command("backup", help=N_(
    "Copy the store to DEST (a new or empty folder), consistently, under the "
    "lock."))
@argument("dest", N_("DEST"), type=click.Path(path_type=Path))
@folder_options
def backup(dest: Path, settings: Settings) -> None:
    _open(settings).backup(dest)
    click.echo(_("backup written to {dest}").format(dest=dest))
