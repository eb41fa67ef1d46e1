"""The commands speak the staff's language: which one (``--ui-lang``, else
``KIOSK_UI_LANG``, else the system locale, else English), and help that is looked up in
it when it is shown.

click evaluates help when a command is declared and our commands are declared before the
language is known (and some only when they run), so help is written with ``N_()`` and
looked up (``lookup``) by the ``Command`` and ``Group`` classes here, when formatted.
click's own words ("Usage:", "No such option") come from the stdlib's ``gettext`` bound
in click's modules at import, which only reads the language from the environment; they
are routed through our catalogue instead (``route_click``), which holds them too
(``kiosk.cli.click_words``).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import (
    N_,
    _,
    available_languages,
    lookup,
    ngettext,
    system_language,
)

UI_LANG_ENV = "KIOSK_UI_LANG"
UI_LANG_FLAG = "--ui-lang"
SHOW_HELP = N_("Show this message and exit.")
_SENTENCE_ENDS = (".", "։")  # the Armenian full stop ends a sentence too

# click's modules that show words to a person; each binds gettext's functions at import.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui",
                  "types", "utils")


def route_click() -> None:
    """click's words looked up in the kiosk's catalogue, in the language chosen here."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is not None:
            module._ = _  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = ngettext  # type: ignore[attr-defined]


def asked_language(args: Sequence[str], value_options: set[str]) -> str | None:
    """The ``--ui-lang`` given on ``kiosk`` itself, read before click parses anything,
    so that click's own errors and help are in that language too. Only the words before
    the subcommand are read: ``value_options`` are the options there that take a value."""
    items = list(args)
    index = 0
    while index < len(items):
        arg = items[index]
        if arg == UI_LANG_FLAG:
            return items[index + 1] if index + 1 < len(items) else None
        if arg.startswith(UI_LANG_FLAG + "="):
            return arg.partition("=")[2]
        if arg == "--" or not arg.startswith("-"):
            return None
        index += 2 if arg in value_options else 1
    return None


def choose_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """The flag, else KIOSK_UI_LANG, else the system locale when the kiosk speaks it,
    else English. A language asked for by name that the kiosk does not speak is refused
    (in the system's language, or English)."""
    known = available_languages()
    for source, value in ((UI_LANG_FLAG, flag), (UI_LANG_ENV, environ.get(UI_LANG_ENV))):
        if value is None or not value.strip():
            continue
        code = value.strip().lower().replace("-", "_").partition("_")[0]
        if code in known:
            return code
        raise ValidationError(
            _("{source}: the kiosk does not speak '{value}'; expected one of: {known}")
            .format(source=source, value=click.unstyle(value)[:20], known=", ".join(known)))
    system = system_language(environ)
    return system if system in known else "en"


def short_help(text: str, limit: int) -> str:
    """The first sentence of the first paragraph, shortened to ``limit``."""
    words = text.partition("\n\n")[0].split()
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if word.endswith(_SENTENCE_ENDS) and (last or not words[index + 1][0].islower()):
            words = words[: index + 1]
            break
    line = " ".join(words)
    if len(line) <= limit:
        return line
    return textwrap.shorten(line, max(limit, 4), placeholder="...", break_on_hyphens=False)


class Translated(click.Command):
    """Help texts (the command's, its options' and arguments') looked up when shown."""

    def get_short_help_str(self, limit: int = 45) -> str:
        text = lookup(self.short_help or self.help or "")
        return short_help(text, limit) if not self.short_help else text.strip()

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(lookup(self.help).partition("\f")[0].strip())

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(lookup(self.epilog).strip())

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line's [OPTIONS] and COMMAND [ARGS]... in the staff's words."""
        words = {self.options_metavar, getattr(self, "subcommand_metavar", None)} - {None}
        return [lookup(piece) if piece in words else piece
                for piece in super().collect_usage_pieces(ctx)]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            # click fills it in the language of the moment; ours is looked up when shown
            option.help = SHOW_HELP
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [_help_row(ctx, param, record) for param in self.get_params(ctx)
                if not isinstance(param, click.Argument)
                and (record := param.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(argument.help for argument in arguments):
            with formatter.section(_("Positional arguments")):
                formatter.write_dl([_help_row(ctx, a, a.get_help_record(ctx))
                                    for a in arguments])


def _help_row(ctx: click.Context, param: click.Parameter,
              record: tuple[str, str]) -> tuple[str, str]:
    """click's row with the parameter's own help looked up and a metavar click made
    from the value's type in the staff's words; click's additions ("[default: 0]",
    "[required]") are in the language already."""
    names, text = record
    own = getattr(param, "help", None)
    if own and text.startswith(own):
        text = lookup(own) + text[len(own):]
    if not isinstance(param, click.Argument) and not getattr(param, "is_flag", False):
        made, shown = param.make_metavar(ctx), type_metavar(ctx, param)
        names = ", ".join(name.removesuffix(" " + made) + " " + shown
                          if name.endswith(" " + made) else name
                          for name in names.split(", "))
    return names, text


def type_metavar(ctx: click.Context, param: click.Parameter) -> str:
    """The metavar shown for ``param``: one the command names (STAFF_ID, QUEUE), marked
    with ``N_()``, is looked up; one click makes from the value's type (PATH, TEXT) is
    the type's name in the staff's language (click names some types in the language of
    the moment it declared them, before the staff's was known); a type's own (a
    choice's values) is what is typed and stays."""
    if param.metavar is not None:
        return lookup(param.metavar)
    if param.type.get_metavar(param=param, ctx=ctx):
        return param.make_metavar(ctx)
    shown = lookup(param.type.name).upper()
    return shown + "..." if param.nargs != 1 else shown


class Argument(click.Argument):
    """A positional argument whose metavar (marked with ``N_()``) is looked up wherever
    click shows it: the usage line, the "Positional arguments" rows and the errors that
    name it ("Missing argument 'NAME'")."""

    def make_metavar(self, ctx: click.Context) -> str:
        return lookup(super().make_metavar(ctx))


_Decorated = TypeVar("_Decorated", bound=Callable[..., Any])


def argument(name: str, metavar: str, **attrs: Any) -> Callable[[_Decorated], _Decorated]:
    """``click.argument`` with the metavar the staff see named by the command: click's
    own (the parameter's name in capitals) is English. As in click, an optional
    argument's metavar is written with its brackets ("[FOLDER]")."""
    return click.argument(name, metavar=metavar, cls=Argument, **attrs)


class Command(Translated):
    """A kiosk command: its help is shown in the staff's language."""


class Group(Translated, click.Group):
    """A kiosk group: its commands and subgroups are kiosk ones unless they say."""

    command_class = Command
    group_class = type

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Translated.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)
