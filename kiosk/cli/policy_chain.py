"""`kiosk policy publish --chain` and `kiosk policy pull`: one policy for the group."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.common import fail, folder_options
from kiosk.config import Settings
from kiosk.desk.policy_bundles import publish_for_group, pull_for_property


@click.command("publish")
@click.option("--chain", "folder", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="The policy folder to publish to the group's properties.")
@click.option("--group", required=True, help="The group of properties it is for.")
@click.option("--overridable", multiple=True, metavar="FILE",
              help="A file a property may keep its own copy of (repeat; property.toml "
                   "always is).")
@click.option("--dsn-file", type=click.Path(path_type=Path, dir_okay=False),
              help="File holding head office's connection string (else KIOSK_CHAIN_DSN).")
@folder_options
def publish(folder: Path, group: str, overridable: tuple[str, ...], dsn_file: Path | None,
            settings: Settings) -> None:
    """Check a policy folder and store it centrally for a group (version and hash)."""
    if not group.strip():
        fail("--group must not be empty")
    bundle = publish_for_group(settings, folder, group, list(overridable), dsn_file)
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
