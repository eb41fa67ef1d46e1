"""click's own words that staff see (help headings, usage errors, prompts), marked here
so that the kiosk's catalogue holds them: click looks them up itself, through the
functions ``kiosk.cli.language.route_click`` gives it. The msgids are click's, to the
letter (click 8.5.1); its messages for programmers (bad declarations) are left out."""

from __future__ import annotations

from kiosk.core.i18n import N_, ngettext

WORDS = (
    # What the usage line says comes after a command (click's options_metavar and
    # subcommand_metavar), and the names of value types click makes metavars of.
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("[COMMAND] [ARGS]..."),
    N_("text"),
    N_("integer"),
    N_("integer range"),
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Invalid start character for option ({option})"),
    N_("Could not open file {filename!r}: {message}"),
    N_("unknown error"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("required"),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Do you want to continue?"),
    N_("Value must be an iterable."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
)


def _plurals(n: int) -> tuple[str, ...]:
    """Never called: marks click's messages with plural forms for the catalogue."""
    return (
        ngettext("Got unexpected extra argument ({args})",
                 "Got unexpected extra arguments ({args})", n),
        ngettext("Did you mean {possibility}?",
                 "(Did you mean one of: {possibilities}?)", n),
        ngettext("Option {name!r} requires an argument.",
                 "Option {name!r} requires {nargs} arguments.", n),
        ngettext("Takes {nargs} values but 1 was given.",
                 "Takes {nargs} values but {len} were given.", n),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
        ngettext("{value!r} does not match the format {format}.",
                 "{value!r} does not match the formats {formats}.", n),
    )
