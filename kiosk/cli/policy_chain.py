"""`kiosk policy publish --chain` (an option of `policy publish`) and `kiosk policy pull`:
one policy for the group."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.common import fail, folder_options
from kiosk.config import Settings
from kiosk.desk.policy_bundles import publish_for_group, pull_for_property


def publish_for_chain(folder: Path, group: str | None, overridable: tuple[str, ...],
                      dsn_file: Path | None, settings: Settings) -> None:
    """Check a policy folder and store it centrally for a group (version and hash)."""
    name = (group or "").strip()
    if not name:
        fail("--chain needs --group NAME, the group of properties it is for")
    bundle = publish_for_group(settings, folder, name, list(overridable), dsn_file)
    click.echo(f"published policy {bundle.version} ({bundle.bundle_hash[:12]}) for "
               f"{bundle.group}; properties may keep their own {', '.join(bundle.overridable)}")


@click.command("pull")
@click.option("--group", help="The group (default: group under [chain] in property.toml).")
@folder_options
def pull(group: str | None, settings: Settings) -> None:
    """Bring the group's latest policy into this property's folder, checked as any edit
    is; a running kiosk picks it up by itself."""
    pulled = pull_for_property(settings, group)
    b = pulled.bundle
    if not pulled.changed:
        click.echo(f"policy {b.version} of {b.group} is already in force")
        return
    kept = f"; kept this property's own {', '.join(pulled.kept)}" if pulled.kept else ""
    click.echo(f"policy {b.version} ({b.bundle_hash[:12]}) of {b.group} is in force{kept}")
