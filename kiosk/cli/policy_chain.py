"""`kiosk policy publish --chain` (an option of `policy publish`) and `kiosk policy pull`:
one policy for the group."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.commands import POLICY
from kiosk.cli.common import fail, folder_options
from kiosk.cli.language import Command
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.core.policy_publish import publish_hint
from kiosk.desk.policy_bundles import publish_for_group, pull_for_property


def publish_for_chain(folder: Path, group: str | None, overridable: tuple[str, ...],
                      dsn_file: Path | None, settings: Settings) -> None:
    """Check a policy folder and store it centrally for a group (version and hash)."""
    name = (group or "").strip()
    if not name:
        fail(_("--chain needs --group NAME, the group of properties it is for"))
    bundle = publish_for_group(settings, folder, name, list(overridable), dsn_file)
    click.echo(_("published policy {version} ({bundle_hash}) for {group}; properties "
                 "may keep their own {value}").format(
                   version=bundle.version, bundle_hash=bundle.bundle_hash[:12], group=bundle.group,
                   value=', '.join(bundle.overridable)))


@click.command("pull", cls=Command, help=POLICY["pull"].help)
@click.option("--group", metavar=N_("NAME"),
              help=N_("The group (default: group under [chain] in property.toml)."))
@click.option("--publish", "publish_now", is_flag=True,
              help=N_("Publish the folder at once, as kiosk policy publish does."))
@folder_options
def pull(group: str | None, publish_now: bool, settings: Settings) -> None:
    pulled = pull_for_property(settings, group, publish=publish_now)
    b = pulled.bundle
    kept = ", ".join(pulled.kept)
    if pulled.published and not pulled.changed and not publish_now:
        click.echo(_("policy {version} of {group} is already in force").format(
            version=b.version, group=b.group))
    elif pulled.published:
        click.echo(_("policy {version} ({hash}) of {group} is in force; kept this "
                     "property's own {kept}").format(version=b.version,
                                                     hash=b.bundle_hash[:12], group=b.group,
                                                     kept=kept))
    else:
        click.echo(_("policy {version} ({hash}) of {group} is in {folder}, checked; kept "
                     "this property's own {kept}. Publish it to put it in force: {hint}"
                     ).format(version=b.version, hash=b.bundle_hash[:12], group=b.group,
                              folder=settings.policies, kept=kept,
                              hint=publish_hint(settings.policies)))
