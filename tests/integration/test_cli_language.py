"""The commands speak the staff's language: chosen by --ui-lang, else KIOSK_UI_LANG, else
the system locale, else English; help, click's own words and `policy check`'s messages
in that language; an unknown language refused in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest

from kiosk.cli import cli
from kiosk.cli.language import Translated, asked_language, choose_language
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import system_language
from tests.conftest import ROOT

ROOT_VALUE_OPTIONS = {"--policies", "--letters", "--store", "--terminal", "--ui-lang"}


def kiosk_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, with no language in its environment but
    the one the test gives."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("KIOSK_", "LC_")) and k not in ("LANG", "LANGUAGE")}
    clean.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60, check=False)


def every_command(group: click.Group, ctx: click.Context) -> Iterator[click.Command]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield command
        if isinstance(command, click.Group):
            yield from every_command(command, click.Context(command, parent=ctx,
                                                            info_name=name))


def test_the_flag_is_read_before_the_subcommand_only() -> None:
    assert asked_language(["--ui-lang", "hy", "policy", "check"], ROOT_VALUE_OPTIONS) == "hy"
    assert asked_language(["--store", "s", "--ui-lang=sw", "staff"], ROOT_VALUE_OPTIONS) == "sw"
    assert asked_language(["--ui-lang", "hy"], ROOT_VALUE_OPTIONS) == "hy"
    # a value of an option of the kiosk itself is not the flag; after the subcommand it
    # is the subcommand's business
    assert asked_language(["--terminal", "--ui-lang", "staff"], ROOT_VALUE_OPTIONS) is None
    assert asked_language(["incident", "add", "--ui-lang", "hy"], ROOT_VALUE_OPTIONS) is None
    assert asked_language(["--", "--ui-lang", "hy"], ROOT_VALUE_OPTIONS) is None
    assert asked_language(["--ui-lang"], ROOT_VALUE_OPTIONS) is None


def test_the_system_locale_is_read_as_posix_does() -> None:
    assert system_language({"LANG": "hy_AM.UTF-8"}) == "hy"
    assert system_language({"LC_MESSAGES": "sw_KE", "LANG": "hy_AM.UTF-8"}) == "sw"
    assert system_language({"LC_ALL": "C.UTF-8", "LANG": "hy_AM.UTF-8"}) is None
    assert system_language({"LC_ALL": "", "LANG": "sw_TZ.UTF-8@euro"}) == "sw"
    assert system_language({"LANG": "POSIX"}) is None
    assert system_language({}) is None


def test_an_unknown_language_by_name_is_refused_and_a_foreign_locale_is_english() -> None:
    with pytest.raises(ValidationError, match=r"--ui-lang: .*'xx'; .* en"):
        choose_language("xx", {})
    with pytest.raises(ValidationError, match=r"KIOSK_UI_LANG: .*'fr'"):
        choose_language(None, {"KIOSK_UI_LANG": "fr"})
    assert choose_language(None, {"LANG": "fr_FR.UTF-8"}) == "en"
    assert choose_language(None, {}) == "en"
    assert choose_language("EN", {"KIOSK_UI_LANG": "xx"}) == "en"  # the flag wins


@pytest.mark.parametrize("how", [("--ui-lang", "tlh"), ("KIOSK_UI_LANG", "tlh")])
def test_an_unknown_language_is_one_line_and_exit_2(how: tuple[str, str]) -> None:
    name, value = how
    done = (kiosk_process(name, value, "policy", "check") if name.startswith("--")
            else kiosk_process("policy", "check", **{name: value}))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {name}: ") and "'tlh'" in lines[0]
    assert "en" in lines[0] and "Traceback" not in done.stderr


def test_every_command_shows_its_help_in_the_staff_language() -> None:
    """Commands are declared before the language is known: each must be one that looks
    its help up when it is shown (a plain click command would stay English)."""
    ctx = click.Context(cli, info_name="kiosk")
    commands = [cli, *every_command(cli, ctx)]
    plain = [c.name for c in commands if not isinstance(c, Translated)]
    assert plain == []
    assert len(commands) > 40
    undocumented = [c.name for c in commands if not c.help]
    assert undocumented == []

