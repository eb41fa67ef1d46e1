"""Commands are imported only when they run: `kiosk --help` lists every command with its
short help in the staff's language from the table of commands, importing none of them,
and says exactly what the commands themselves would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.cli.commands import INCIDENT, POLICY, TOP
from kiosk.cli.common import LazyGroup, load
from kiosk.cli.language import route_click
from kiosk.config import Settings
from kiosk.core.i18n import use_language
from kiosk.desk.context import Desk
from kiosk.desk.staff import add_staff
from tests.conftest import ROOT

LANGUAGES = ("en", "hy", "sw")
TABLES = {(): TOP, ("policy",): POLICY, ("incident",): INCIDENT}


def _group(path: tuple[str, ...]) -> tuple[LazyGroup, click.Context]:
    ctx = click.Context(cli, info_name="kiosk")
    group: click.Command = cli
    for name in path:
        assert isinstance(group, click.Group)
        found = group.get_command(ctx, name)
        assert found is not None
        group, ctx = found, click.Context(found, parent=ctx, info_name=name)
    assert isinstance(group, LazyGroup)
    return group, ctx


def _listing(format_commands: object, group: click.Group, ctx: click.Context) -> str:
    formatter = ctx.make_formatter()
    format_commands(group, ctx, formatter)  # type: ignore[operator]
    return formatter.getvalue()


@pytest.mark.parametrize("path", list(TABLES), ids=lambda p: " ".join(("kiosk", *p)))
def test_each_lazy_command_takes_its_help_from_the_table(path: tuple[str, ...]) -> None:
    group, _ctx = _group(path)
    assert group.lazy == TABLES[path]
    for name, entry in TABLES[path].items():
        command = load(entry.spec)
        assert isinstance(command, click.Command), name
        assert (command.help, command.hidden) == (entry.help, entry.hidden), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_listing_says_what_the_commands_themselves_would(lang: str) -> None:
    route_click()  # click's own words in the language too, as every run has them
    use_language(lang)
    try:
        for path in TABLES:
            light, ctx = _group(path)
            shown = _listing(LazyGroup.format_commands, light, ctx)
            fresh = type(light)(light.name, commands=dict(light.commands), lazy=light.lazy,
                                help=light.help)
            loaded = _listing(click.Group.format_commands, fresh, ctx)
            assert shown == loaded, path
            assert all(f"  {name} " in shown for name, entry in light.lazy.items()
                       if not entry.hidden)
    finally:
        use_language("en")


def _every_path(group: click.Group, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    ctx = click.Context(group, info_name=path[-1] if path else "kiosk")
    found = [path]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, (*path, name)
        if isinstance(command, click.Group):
            found += _every_path(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def test_every_command_answers_help_through_the_lazy_groups() -> None:
    paths = _every_path(cli, ())
    assert len(paths) > 40
    for path in paths:
        result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("Usage: "), path


def _loaded(*argv: str, pin: str | None = None) -> tuple[str, set[str]]:
    """What a real `kiosk ARGV` process printed and the modules it had imported (the
    actor's PIN from KIOSK_ACTOR_PIN when given)."""
    probe = ("import json, sys\nfrom kiosk.cli import main\n"
             f"sys.argv = ['kiosk', *{list(argv)!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    if pin is not None:
        env["KIOSK_ACTOR_PIN"] = pin
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


HEAVY = ("textual", "tinydb", "jinja2", "weasyprint", "psycopg", "matplotlib",
         "kiosk.desk", "kiosk.store", "kiosk.letters", "kiosk.tui", "kiosk.reports")


def test_the_help_imports_no_command() -> None:
    """`kiosk --help` loads the table, not the commands, nor the libraries they need."""
    shown, loaded = _loaded("--help")
    assert "Commands:" in shown and "  policy " in shown
    specs = [entry.spec for table in TABLES.values() for entry in table.values()]
    assert not {spec.partition(":")[0] for spec in specs} & loaded
    assert [name for name in loaded if name.startswith(("pydantic", *HEAVY))] == []


def test_policy_check_imports_only_the_policy() -> None:
    shown, loaded = _loaded("policy", "check", str(ROOT / "policies"))
    assert shown.startswith("OK: ")
    assert [name for name in loaded if name.startswith(HEAVY)] == []


# What only a policy folder (or practice scenario) not validated before needs.
VALIDATION = ("pydantic", "pydantic_core", "annotated_types", "tomllib",
              "kiosk.core.policy_files", "kiosk.core.policy_validate",
              "kiosk.core.training_files")


# Not needed to check a policy: the engine, the incident records, the staff's number
# and date formats (Babel's), the other policy commands.
NOT_FOR_CHECKING = ("babel", "kiosk.core.engine", "kiosk.core.models", "kiosk.core.display",
                    "kiosk.cli.policy_show", "kiosk.cli.policy_admin", "zoneinfo")


def test_policy_check_of_a_folder_checked_before_imports_no_validation() -> None:
    """The folder and its practice scenarios passed once and are unchanged: they are
    recalled from the cache, the validation library never loaded, nor what only the
    other policy commands use."""
    argv = ("policy", "check", str(ROOT / "policies"))
    _loaded(*argv)  # validated once and kept
    shown, loaded = _loaded(*argv)
    assert shown.startswith("OK: ") and "practice scenarios checked" in shown
    assert sorted(name for name in loaded if name.startswith(VALIDATION)) == []
    assert sorted(name for name in loaded if name.startswith(NOT_FOR_CHECKING)) == []


# Not needed to list incidents: the JSON intake and its document models, PIN hashing,
# mail, the staff commands, the package-metadata scan an id library made at import, the
# network library (the terminal's name is the host's), printing (the subprocesses that
# reach CUPS), the C library's locale tables (the staff's words are found by language
# code), and (the policy being kept validated) the policy's validation.
NOT_FOR_LISTING = ("kiosk.printing", "subprocess", "locale",
                   "kiosk.desk.intake", "kiosk.desk.staff", "kiosk.cli.staff",
                   "kiosk.cli.actor", "kiosk.desk.incidents", "kiosk.notifying", "argon2",
                   "smtplib", "ssl", "importlib.metadata", "kiosk.core.policy_validate",
                   "kiosk.core.policy_messages", "kiosk.core.policy_rules", "tomllib",
                   "pydantic", "kiosk.core.policy_files", "socket")


def test_incident_list_imports_only_what_listing_needs(settings: Settings) -> None:
    Desk.open(settings)  # the store, and the policy validated once and kept
    argv = ("--policies", str(settings.policies), "--store", str(settings.store),
            "incident", "list")
    _loaded(*argv)
    shown, loaded = _loaded(*argv)
    assert shown.strip() == "No incidents match."
    assert sorted(set(NOT_FOR_LISTING) & loaded) == []
    assert sorted(name for name in loaded if name.startswith(VALIDATION)) == []


# Not needed to add an incident from a document: a validation library (the document's
# shape is checked in plain code), the package-metadata scan one makes for its plugins,
# the notification senders (mail, its TLS), printing and its subprocesses, the C
# library's locale tables, and (the policy being kept validated) the policy's validation.
NOT_FOR_ADDING = ("kiosk.printing", "subprocess", "locale",
                  "pydantic", "pydantic_core", "annotated_types", "importlib.metadata",
                  "kiosk.core.policy_validate", "kiosk.core.policy_files", "tomllib",
                  "kiosk.notifying", "kiosk.desk.notify", "smtplib", "ssl")


def test_incident_add_imports_no_validation_library(settings: Settings,
                                                    tmp_path: Path) -> None:
    desk = Desk.open(settings)
    add_staff(desk, "Ani Sargsyan", desk.policy.roles[0].id, "583920", staff_id="ani1")
    document = tmp_path / "incident.json"
    document.write_text(json.dumps({
        "agent": "ani1", "category": "noise", "severity": "medium",
        "account": "Loud party next door until 3 am",
        "guest": {"name": "Անի Պետրոսյան", "language": "hy", "room": "412",
                  "arrival": "2026-11-20", "departure": "2026-11-25"}}), "utf-8")
    argv = ("--policies", str(settings.policies), "--store", str(settings.store),
            "incident", "add", "--json", str(document))
    _loaded(*argv, pin="583920")  # the policy validated once and kept
    shown, loaded = _loaded(*argv, pin="583920")
    assert len(shown.strip().splitlines()[-1]) == 26  # the incident's id: it was added
    assert sorted(name for name in loaded if name.startswith(NOT_FOR_ADDING)) == []
