"""Shared CLI plumbing: the group class every kiosk command runs under (commands loaded
when they run; every failure one clear line and an exit code, never a traceback), and
the folder options every command takes."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from kiosk.cli.commands import Lazy
from kiosk.cli.language import (
    Group,
    asked_language,
    choose_language,
    route_click,
    short_help,
)
from kiosk.config import Settings
from kiosk.core.clock import implausible_day, plausible_day
from kiosk.core.errors import KioskError, PolicyError, ValidationError
from kiosk.core.i18n import N_, _, current_language, lookup, use_language
from kiosk.core.plain import Value
from kiosk.core.text import aligned, cut, shows_as_itself

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BUG = 130, 70


def load(spec: str) -> Any:
    """``"package.module:name"`` imported now. The one place the CLI loads code late:
    each command's modules (the store, PDF, reports, Textual), and the error log, load
    only when they are needed, so a command pays only for what it uses."""
    module, _sep, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class LazyGroup(Group):
    """A group whose subcommands are named in ``kiosk.cli.commands`` and imported when
    one runs (click's documented lazy-loading pattern); its help lists them from there,
    importing none."""

    def __init__(self, *args: Any, lazy: Mapping[str, Lazy] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            command = load(self.lazy[cmd_name].spec)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name].spec} is not a command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [name for name in self.list_commands(ctx) if not self._hidden(ctx, name)]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, self._summary(ctx, name, limit)) for name in names])

    def _hidden(self, ctx: click.Context, name: str) -> bool:
        if name in self.lazy and name not in self.commands:
            return self.lazy[name].hidden
        command = self.get_command(ctx, name)
        return command is None or command.hidden

    def _summary(self, ctx: click.Context, name: str, limit: int) -> str:
        if name in self.lazy and name not in self.commands:
            return short_help(lookup(self.lazy[name].help), limit)
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit) if command is not None else ""


class KioskGroup(LazyGroup):
    """The ``kiosk`` command: typed errors become one line and an exit code, here only;
    anything unexpected also goes, with its traceback, to a log file the hotel's IT
    person can find (its path is in the message). It also sets the language every word
    is shown in, before anything is parsed."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        before = current_language()
        route_click()
        try:
            return super().main(*args, **kwargs)
        finally:
            use_language(before)  # a caller in the same process keeps its own

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        if parent is None:
            value_options = {name for param in self.params if isinstance(param, click.Option)
                             and not param.is_flag for name in param.opts}
            try:
                use_language(choose_language(asked_language(args, value_options),
                                             os.environ))
            except ValidationError as exc:
                fail(str(exc), EXIT_USAGE)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort, BrokenPipeError):
            raise
        except PolicyError as exc:
            for line in exc.lines():
                click.echo(safe_text(line, 600), err=True)
            raise SystemExit(EXIT_FAIL) from None
        except KioskError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail(_("interrupted"), EXIT_INTERRUPTED)
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except Exception as exc:
            where = load("kiosk.errorlog:log_unexpected")(exc, sys.argv)
            message = safe_text(load("kiosk.errorlog:redact")(str(exc)), 200)
            said = (_("unexpected {kind}: {message}; details in {where}") if where
                    else _("unexpected {kind}: {message}"))
            fail(said.format(kind=type(exc).__name__, message=message, where=where), EXIT_BUG)
        return None


class Flags(Value):
    """The folder flags given on ``kiosk`` itself, before any subcommand."""

    policies: Path | None = None
    letters: Path | None = None
    store: Path | None = None
    terminal: str | None = None


def folder_options(func: F) -> F:
    """Add --policies/--letters/--store to a command. A flag on the subcommand wins over
    one on ``kiosk`` itself, which wins over KIOSK_* variables (read by ``Settings``
    alone), which win over the defaults."""
    options = [
        click.option("--policies", "policies", type=click.Path(path_type=Path),
                     help=N_("Policy folder (or KIOSK_POLICIES).")),
        click.option("--letters", "letters", type=click.Path(path_type=Path),
                     help=N_("Letter templates folder (or KIOSK_LETTERS).")),
        click.option("--store", "store", type=click.Path(path_type=Path),
                     help=N_("Store folder (or KIOSK_STORE).")),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, policies: Path | None, letters: Path | None, store: Path | None,
                **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        given: Flags = ctx.find_object(Flags) or Flags()
        settings = Settings.resolve(policies or given.policies, letters or given.letters,
                                    store or given.store, given.terminal)
        return func(*args, settings=settings, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int = EXIT_FAIL) -> None:
    """Print one line to stderr and exit."""
    click.echo(_("error: {message}").format(message=message), err=True)
    raise SystemExit(code)


def safe_text(value: str, limit: int = 200) -> str:
    """Guest or file text made inert for a terminal: no escape sequences, one line, in
    at most ``limit`` terminal cells."""
    cleaned = "".join(
        ch if shows_as_itself(ch) else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else "?")
        for ch in value.replace("\n", " ")
    )
    return cut(cleaned, limit)


def table(rows: Sequence[Sequence[str]], right: tuple[int, ...] = (),
          indent: str = "") -> list[str]:
    """Columns padded to their widest cell in terminal cells (``kiosk.core.text``)."""
    return aligned(rows, right, indent)


def stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def day_option(name: str, value: str | None) -> date | None:
    """A ``--since``/``--until`` style day, or ``ValidationError`` in one line."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("{option}: '{value}' is not a date (YYYY-MM-DD)").format(
            option=name, value=safe_text(value, 20)))
    if not plausible_day(day):
        raise ValidationError(_("{option}: {problem}").format(option=name,
                                                              problem=implausible_day(day)))
    return day
