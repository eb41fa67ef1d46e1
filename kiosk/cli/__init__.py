"""The ``kiosk`` command. With no subcommand it opens the kiosk; subcommands live one
group per module beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.cli.common import EXIT_FAIL, EXIT_USAGE, report_errors
from kiosk.config import Settings


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--policies", type=click.Path(path_type=Path), envvar="KIOSK_POLICIES",
              help="Policy folder (KIOSK_POLICIES; default: the shipped policies).")
@click.option("--letters", type=click.Path(path_type=Path), envvar="KIOSK_LETTERS",
              help="Letter templates folder (KIOSK_LETTERS; default: the shipped letters).")
@click.option("--store", type=click.Path(path_type=Path), envvar="KIOSK_STORE",
              help="Store folder (KIOSK_STORE; default: a folder in your data directory).")
@click.option("--terminal", envvar="KIOSK_TERMINAL",
              help="This terminal's name in the audit trail (KIOSK_TERMINAL; default: host).")
@click.version_option(package_name="kiosk")
@click.pass_context
@report_errors
def cli(ctx: click.Context, policies: Path | None, letters: Path | None, store: Path | None,
        terminal: str | None) -> None:
    """Front-desk service-recovery kiosk. Without a command, opens the kiosk."""
    settings = Settings.resolve(policies, letters, store, terminal)
    ctx.obj = settings
    if ctx.invoked_subcommand is None:
        from kiosk.tui.launch import launch

        launch(settings)


def _register() -> None:
    from kiosk.cli import demo, incident, letters, policy, policy_admin, report, staff, store

    for module in (policy, staff, incident, store, letters, report, demo):
        for command in module.COMMANDS:
            cli.add_command(command)
    policy.policy.add_command(policy_admin.diff)
    policy.policy.add_command(policy_admin.replay_command)


_register()


def main() -> None:
    try:
        cli.main(prog_name="kiosk", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_FAIL)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except BaseException as exc:
        click.echo(f"error: unexpected {type(exc).__name__}: {exc}", err=True)
        sys.exit(70)
