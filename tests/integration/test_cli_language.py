"""The commands speak the staff's language: chosen by --ui-lang, else KIOSK_UI_LANG, else
the system locale, else English; help, click's own words and `policy check`'s messages
in that language; an unknown language refused in one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.cli.language import Argument, Translated, asked_language, choose_language
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import current_language, system_language
from tests.conftest import POLICIES, ROOT
from tests.integration.test_cli_policy import CORPUS, build_case
from tests.staff_words import english_on

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


# --- in the staff's language, with the translators' catalogues ----------------------
LOCALE = ROOT / "kiosk" / "locale"
ARMENIAN = re.compile(r"[\u0531-\u0587]")
# Broken folders whose problems cover each kind of message `policy check` gives: wrong
# values, a missing and an unknown key, TOML syntax, references, contradicting limits.
BROKEN = ("wrong_types", "unknown_key", "unclosed_text", "unknown_item", "contradicting_caps",
          "thousands_separator", "missing_key", "missing_file", "not_utf8", "empty_file",
          "unknown_file", "binary_file")


def translated(lang: str) -> dict[str, str]:
    """Each message of the language's catalogue that has a translation: msgid → text."""
    with (LOCALE / lang / "LC_MESSAGES" / "kiosk.po").open("rb") as po:
        catalog = read_po(po)
    return {m.id if isinstance(m.id, str) else m.id[0]:
            m.string if isinstance(m.string, str) else m.string[0]
            for m in catalog if m.id and m.string and not m.fuzzy and m.string != m.id}


def english_left(output: str, lang: str) -> list[str]:
    """English words of messages that have a translation and still show: every literal
    run of 16 characters or more of such a message, looked for in the output."""
    flat = " ".join(output.split())
    left = []
    for msgid in translated(lang):
        for piece in re.split(r"\{[^{}]*\}|%\(\w+\)s", msgid):
            piece = " ".join(piece.split())
            if len(piece) >= 16 and piece in flat:
                left.append(piece)
    return left


def in_process(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


WHOLE = ("(file)", "(folder)")


@pytest.mark.parametrize("case", BROKEN)
def test_policy_check_tells_an_armenian_supervisor_in_armenian(case: str,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    build_case(CORPUS / case, folder)
    code, out, err = in_process("--ui-lang", "hy", "policy", "check", str(folder))
    assert code == 1 and err == ""
    lines = out.splitlines()
    english = (CORPUS / case / "expected.txt").read_text("utf-8").splitlines()
    assert len(lines) == len(english)  # one line per problem, as in English
    for line, was in zip(lines, english, strict=True):
        where = was.split(": ", 2)[:2]  # FILE:LINE and the key stay as written
        assert line.startswith(str(folder / where[0].removeprefix("policy/")))
        _, key, message = line.split(": ", 2)
        assert ARMENIAN.search(message), line
        # ...but a problem of the whole file or folder says so in the supervisor's words
        assert key == where[1] if where[1] not in WHOLE else ARMENIAN.search(key), line
    assert english_left(out, "hy") == []


def test_policy_check_in_armenian_from_a_real_process(tmp_path: Path) -> None:
    build_case(CORPUS / "wrong_types", tmp_path / "policy")
    done = kiosk_process("--ui-lang", "hy", "policy", "check", str(tmp_path / "policy"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert all(ARMENIAN.search(line.split(": ", 2)[2]) for line in done.stdout.splitlines())
    assert english_left(done.stdout, "hy") == []


def test_the_help_is_in_swahili() -> None:
    done = kiosk_process("--ui-lang", "sw", "--help")
    assert done.returncode == 0, done.stderr
    words = translated("sw")
    for msgid in ("Usage:", "Options", "Commands", "Show this message and exit.",
                  "Front-desk service-recovery kiosk. Without a command, opens the kiosk."):
        assert msgid in words, f"no Swahili for {msgid!r}"
        assert " ".join(words[msgid].split()) in " ".join(done.stdout.split()), msgid
    assert done.stdout.startswith(words["Usage:"] + " kiosk")
    assert english_left(done.stdout, "sw") == []


def test_click_errors_are_in_the_chosen_language() -> None:
    code, _out, err = in_process("--ui-lang", "sw", "policy", "check", "--bogus")
    assert code == 2
    words = translated("sw")
    assert words["Usage:"] in err
    assert "No such option" not in err and "Try '" not in err


def test_the_language_comes_from_the_flag_the_variable_or_the_locale() -> None:
    english = kiosk_process("--help").stdout
    armenian = kiosk_process("--ui-lang", "hy", "--help").stdout
    swahili = kiosk_process("--ui-lang", "sw", "--help").stdout
    assert len({english, armenian, swahili}) == 3
    assert kiosk_process("--help", KIOSK_UI_LANG="hy").stdout == armenian
    assert kiosk_process("--help", LANG="hy_AM.UTF-8").stdout == armenian
    assert kiosk_process("--help", LC_MESSAGES="sw_KE.UTF-8", LANG="hy_AM.UTF-8"
                         ).stdout == swahili
    assert kiosk_process("--help", LC_ALL="C.UTF-8", LANG="hy_AM.UTF-8").stdout == english
    assert kiosk_process("--help", LANG="fr_FR.UTF-8").stdout == english
    # the flag wins over the variable, which wins over the locale
    assert kiosk_process("--ui-lang", "sw", "--help", KIOSK_UI_LANG="hy").stdout == swahili
    assert kiosk_process("--help", KIOSK_UI_LANG="sw", LANG="hy_AM.UTF-8").stdout == swahili
    # and a subcommand's help follows it too (the commands load later)
    assert kiosk_process("staff", "--help", KIOSK_UI_LANG="hy").stdout == \
        kiosk_process("--ui-lang", "hy", "staff", "--help").stdout != \
        kiosk_process("staff", "--help").stdout


def test_the_language_of_one_run_does_not_stay_for_the_next() -> None:
    assert in_process("--ui-lang", "hy", "--help")[1] != in_process("--help")[1]
    assert current_language() == "en"


def command_paths(group: click.Group, ctx: click.Context,
                  path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command's words after ``kiosk``, through the lazy command table."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, click.Context(command, parent=ctx,
                                                            info_name=name), (*path, name))


# Written as typed in every language: the program, its options' and variables' names,
# file names and formats.
HELP_DATA = ["kiosk", "KIOSK_POLICIES", "KIOSK_LETTERS", "KIOSK_STORE", "KIOSK_UI_LANG",
             "JSON", "CSV", "PDF", "HTML", "UTF", "TOML", "PostgreSQL", "README", "Markdown",
             "stdin", "stderr", "cron", "systemd timer", "reports", "table",
             # the CSV's columns, JSON keys, values typed after an option, a sample name
             "section key detail value", "agent approval", "open done", "noise", "group",
             "Fatuma"]


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_every_commands_help_has_no_english_left(lang: str) -> None:
    paths = [(), *command_paths(cli, click.Context(cli, info_name="kiosk"))]
    assert len(paths) > 40
    names = "|".join(sorted({re.escape(n) for path in paths for n in path}, key=len,
                            reverse=True))
    quoted = re.compile(rf"kiosk(?:\s+(?:{names})\b)+")  # a command named in the text
    found: dict[str, list[str]] = {}
    for path in paths:
        code, out, err = in_process("--ui-lang", lang, *path, "--help")
        assert code == 0 and err == "", (path, err)
        # Option names (--store, --by) and choices ([csv|json]) are what is typed: they
        # stay as written. Metavars (FILE, TEXT) are the staff's words, looked for
        # below (test_every_commands_metavars_are_in_the_staff_language).
        # The usage line and each listed subcommand's name are the command as typed.
        shown = re.sub(r"(?m)^  [a-z][\w-]*(?=  |$)", " ", out.split("\n", 1)[-1])
        shown = quoted.sub(" ", shown)
        shown = re.sub(r"--?[\w-]+|\[[^\]\n]*\]|\b[A-Z_]{2,}\b|`[^`]*`", " ", shown)
        english = english_on(shown, lang, HELP_DATA) + english_left(out, lang)
        if english:
            found[" ".join(("kiosk", *path))] = english
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize(("lang", "words"), [("hy", "տվյալների պահոց չկա"),
                                             ("sw", "hakuna hifadhidata")])
def test_the_stores_refusals_are_in_the_staff_language(tmp_path: Path, lang: str,
                                                       words: str) -> None:
    """An error made below the commands (the store's) reaches the staff in their words."""
    done = kiosk_process("--ui-lang", lang, "--store", str(tmp_path / "nowhere"), "notify",
                         "status")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    (line,) = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
    assert words in line, line
    assert english_left(line, lang) == [] and "no store" not in line


# Words a policy's own fields are checked with (a time of day, a weekday, a follow-up's
# attempts and its last step, an SLA clock's kind): English once, in every language.
FIELD_WORDS = ("a time of day", "double quotes", "a day of the week", "one of: mon",
               "10 attempts", "what to do after the last call", "a kind of clock")


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_policy_fields_own_words_are_in_the_staff_language(lang: str,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    shutil.copytree(POLICIES, folder)
    (folder / "published.json").unlink(missing_ok=True)
    prop = folder / "property.toml"
    text = prop.read_text("utf-8")
    text = text.replace('checkout = "12:00"', 'checkout = "12h"', 1)
    text = text.replace("attempts = 3", "attempts = 99", 1)
    text = text.replace('after_last = "followed_up"', 'after_last = "shrug"', 1)
    prop.write_text(text, "utf-8")
    categories = folder / "categories.toml"
    categories.write_text(categories.read_text("utf-8").replace(
        'clock = "working_hours"', 'clock = "sometimes"', 1), "utf-8")
    code, out, err = in_process("--ui-lang", lang, "policy", "check", str(folder))
    assert code == 1 and err == "", err
    assert len(out.splitlines()) >= 4, out
    for words in FIELD_WORDS:
        assert words not in out, (words, out)


# --- the metavars a command names, in the staff's language --------------------------
# Kept as written in every language (each declaration's TRANSLATORS: note says so):
# "ID" is what the kiosk prints a code as in every language; a date's or time's pattern
# shows the order of the digits to type (ISO 8601). A language code (xx) and a range
# (0-10) have no capitals to look for.
KEPT_METAVAR_WORDS = {"ID", "YYYY", "MM", "DD", "HH"}
CAPITALS = re.compile(r"(?<![\w-])[A-Z][A-Z_]*(?!\w)")  # "FOLDER-ի" too


def shown_metavars(out: str, path: tuple[str, ...]) -> str:
    """The usage line after the command's words, and the left column (option names and
    metavars) of each row of the help's listed sections."""
    usage, _sep, rest = out.partition("\n\n")
    shown = [usage.split(None, 2 + len(path))[-1]]  # after "Usage:", the program, path
    section = False
    for line in rest.splitlines():
        if not line.strip():
            section = False
        elif not line.startswith(" ") and line.rstrip().endswith(":"):
            section = True
        elif section and re.match(r"  \S", line):
            shown.append(line[2:].split("  ", 1)[0])
    return "\n".join(shown)


def metavar_words(text: str) -> set[str]:
    """Capital words but option names and a date type's own format ([%Y-%m-%d])."""
    return set(CAPITALS.findall(re.sub(r"--?[\w-]+|%\w", " ", text))) - KEPT_METAVAR_WORDS


def named_in_error(err: str) -> str:
    return " ".join(re.findall(r"'([^']*)'", err))


def arguments_of(path: tuple[str, ...]) -> list[click.Argument]:
    ctx = click.Context(cli, info_name="kiosk")
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(ctx, name)
        assert found is not None, path
        command, ctx = found, click.Context(found, parent=ctx, info_name=name)
    return [p for p in command.get_params(ctx) if isinstance(p, click.Argument)]


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_every_commands_metavars_are_in_the_staff_language(lang: str) -> None:
    """No metavar of the English help (NAME, STAFF_ID, [OPTIONS], TEXT) is left in the
    usage line or the options' and arguments' rows, nor in the error that names a
    missing argument."""
    paths = [(), *command_paths(cli, click.Context(cli, info_name="kiosk"))]
    found: dict[str, set[str]] = {}
    for path in paths:
        english = in_process(*path, "--help")[1]
        code, out, err = in_process("--ui-lang", lang, *path, "--help")
        assert code == 0 and err == "", (path, err)
        left = (metavar_words(shown_metavars(english, path))
                & metavar_words(shown_metavars(out, path)))
        arguments = arguments_of(path)
        assert all(isinstance(a, Argument) for a in arguments), path
        if any(argument.required for argument in arguments):
            code, _out, err = in_process("--ui-lang", lang, *path)
            assert code == 2, (path, err)
            left |= (metavar_words(named_in_error(in_process(*path)[2]))
                     & metavar_words(named_in_error(err)))
        if left:
            found[" ".join(("kiosk", *path))] = left
    assert found == {}, "\n".join(f"{k}: {sorted(v)}" for k, v in found.items())


@pytest.mark.parametrize(("lang", "name", "folder"), [("hy", "ԱՆՈՒՆ", "ՀԻՆ"),
                                                      ("sw", "JINA", "AWALI")])
def test_click_names_an_argument_by_its_metavar_in_the_staff_language(
        lang: str, name: str, folder: str, tmp_path: Path) -> None:
    code, _out, err = in_process("--ui-lang", lang, "staff", "add")
    assert code == 2
    assert f" [{translated(lang)['[OPTIONS]'].strip('[]')}] {name}" in err.splitlines()[0]
    assert f"'{name}'" in err and "NAME" not in err
    a_file = tmp_path / "policy.toml"
    a_file.write_text("", "utf-8")
    code, _out, err = in_process("--ui-lang", lang, "policy", "diff", str(a_file), ".")
    assert code == 2 and f"'{folder}'" in err and "OLD" not in err, err


def declared_metavars() -> set[str]:
    """The metavars the commands name themselves that are one word ("[FOLDER]" too)."""
    ctx = click.Context(cli, info_name="kiosk")
    return {param.metavar.strip("[]") for command in [cli, *every_command(cli, ctx)]
            for param in command.get_params(ctx)
            if param.metavar and re.fullmatch(r"\[?[A-Z][A-Z_]*\]?", param.metavar)}


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_help_names_a_metavar_as_the_usage_line_does(lang: str) -> None:
    """A text that refers to a metavar ("Copy the store to DEST") uses the word the
    usage line shows, and an optional argument's bracketed metavar is the same word."""
    words = translated(lang)
    metavars = declared_metavars() & words.keys()
    assert {"NAME", "FOLDER", "STAFF_ID", "DEST"} <= metavars
    english = [(msgid, word) for msgid, text in words.items() for word in metavars
               if re.search(rf"(?<![\w-]){word}(?!\w)", text)]
    assert english == []
    unlike = [word for word in words if word[:1] == "[" and word.strip("[]") in metavars
              and words[word] != f"[{words[word.strip('[]')]}]"]
    assert unlike == []


@pytest.mark.parametrize("lang", ["en", "hy", "sw"])
def test_an_option_named_with_its_value_in_a_help_shows_that_value(lang: str) -> None:
    """"With --chain DIR --group NAME" in a help is what the rows show, in every
    language."""
    paths = [(), *command_paths(cli, click.Context(cli, info_name="kiosk"))]
    unlike = []
    for path in paths:
        out = in_process("--ui-lang", lang, *path, "--help")[1]
        rows = dict(re.findall(r"(?m)^  (?:-\w, )?(--[\w-]+) (\S+)", out))
        for option, word in re.findall(r"(--[\w-]+) ([^\W\d_][^\s,.;()՝։]*)", out):
            given = word.rstrip(":")
            shown = rows.get(option)
            # "ԱՆՈՒՆ-ով": the word with a case ending
            if (given.split("-", 1)[0].isupper() and shown is not None
                    and given != shown and not given.startswith(shown + "-")):
                unlike.append(f"kiosk {' '.join(path)}: {option} {given}, shown {shown}")
    assert unlike == []
