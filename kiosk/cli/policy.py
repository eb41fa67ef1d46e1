"""`kiosk policy` commands: check and publish a policy folder. The others (show,
simulate, diff, replay, pull) are named in ``kiosk.cli.commands`` and load only when
they run: checking a folder needs neither the engine nor the staff's number formats.

The group object ``policy`` is public so other modules can attach more subcommands.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from kiosk.cli.commands import POLICY, TOP
from kiosk.cli.common import EXIT_FAIL, LazyGroup, fail, folder_options, safe_text
from kiosk.cli.language import argument
from kiosk.config import Settings
from kiosk.core.errors import PolicyError
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_publish import pending_files, publish_hint, publish_policy, read_manifest
from kiosk.core.policy_set import Policy
from kiosk.core.training import load_scenarios


@click.group("policy", cls=LazyGroup, lazy=POLICY, help=TOP["policy"].help)
def policy() -> None:
    pass


def _folder(folder: Path | None, settings: Settings) -> Path:
    return folder if folder is not None else settings.policies


# --- check --------------------------------------------------------------------------
@policy.command("check", help=N_(
    "Validate a policy folder (default: --policies) and list every "
    "problem.\n\nExit 0 when valid; 1 with one line per problem, FILE:LINE: "
    "key: message."))
@argument("folder", N_("[FOLDER]"), required=False, type=click.Path(path_type=Path))
@folder_options
def check(folder: Path | None, settings: Settings) -> None:
    path = _folder(folder, settings)
    problems: list[str] = []
    loaded: Policy | None = None
    try:
        loaded = load_policy(path)
    except PolicyError as exc:
        problems = exc.lines()
    # The practice scenarios beside it: their own shape always, references when the
    # policy itself is valid.
    scenarios, broken = load_scenarios(path, loaded)
    problems += PolicyError(broken, str(path)).lines() if broken else []
    if problems or loaded is None:
        for line in problems:
            click.echo(safe_text(line, 600))
        raise SystemExit(EXIT_FAIL) from None
    click.echo(_("OK: {folder} is a valid policy, version {version} (effective {day}), "
                 "hash {hash}").format(folder=path, version=loaded.version,
                                       day=loaded.effective.isoformat(),
                                       hash=loaded.short_hash))
    if scenarios:
        click.echo(ngettext("{n} practice scenario checked.", "{n} practice scenarios "
                            "checked.", len(scenarios)).format(n=len(scenarios)))
    manifest = read_manifest(path)
    if manifest is None:
        click.echo(_("note: not published yet; running kiosks use it only after "
                     "'{command}'").format(command=publish_hint(path)), err=True)
    elif changed := pending_files(path, manifest):
        click.echo(_("note: {files} changed since version {version} was published; "
                     "'{command}' puts the edit in force").format(
            files=", ".join(changed), version=manifest.version,
            command=publish_hint(path)), err=True)


# --- publish ------------------------------------------------------------------------
@policy.command("publish", help=N_(
    "Check a policy folder (default: --policies) and publish it: running "
    "kiosks take the new version within seconds. Nothing is published when a "
    "file has a problem. With --chain DIR --group NAME, store it at head "
    "office for the group instead."))
@argument("folder", N_("[FOLDER]"), required=False, type=click.Path(path_type=Path))
@click.option("--chain", "chain_folder", type=click.Path(path_type=Path, file_okay=False),
              metavar=N_("DIR"),
              help=N_("Publish this folder to the group's properties at head office instead."))
@click.option("--group", metavar=N_("NAME"),
              help=N_("With --chain: the group of properties it is for."))
@click.option("--overridable", multiple=True, metavar=N_("FILE"),
              help=N_("With --chain: a file a property may keep its own copy of (repeat; "
                   "property.toml always is)."))
@click.option("--dsn-file", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("With --chain: file holding head office's connection string "
                   "(else KIOSK_CHAIN_DSN)."))
@folder_options
def publish(folder: Path | None, chain_folder: Path | None, group: str | None,
            overridable: tuple[str, ...], dsn_file: Path | None, settings: Settings) -> None:
    if chain_folder is not None:
        # Loaded only here: the chain's driver is not needed for a local publish.
        from kiosk.cli.policy_chain import publish_for_chain

        publish_for_chain(chain_folder, group, overridable, dsn_file, settings)
        return
    if group is not None or overridable or dsn_file is not None:
        fail(_("--group, --overridable and --dsn-file go with --chain DIR"))
    path = _folder(folder, settings)
    manifest = publish_policy(path, datetime.now(UTC))
    click.echo(ngettext("Published {folder}: version {version}, hash {hash} ({n} file).",
                        "Published {folder}: version {version}, hash {hash} ({n} files).",
                        len(manifest.files)).format(
        folder=path, version=manifest.version, hash=manifest.policy_hash[:12],
        n=len(manifest.files)))
