"""The words the kiosk shows its staff, in the staff member's own language.

Standard gettext catalogues (``kiosk/locale/<lang>/LC_MESSAGES/kiosk.mo``, compiled from
the checked-in ``.po`` files by Babel). One staff member works a terminal at a time, so
the language is one setting for the process: the sign-in screen and the command line set
it, everything else only asks for words.

- ``_("…")`` and ``ngettext(one, many, n)`` look a message up in the current language.
- ``N_("…")`` marks a message for the catalogue where it is written (a class attribute,
  a table of labels) and is looked up with ``_`` (or ``lookup`` when the message is held
  in a variable) where it is shown.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

DOMAIN = "kiosk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_code = SOURCE_LANGUAGE


@lru_cache(maxsize=8)
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``code``; English (the messages as written) when the
    language has none."""
    # A plain code is the name of its folder: read it without gettext's search, which
    # loads the locale module (its tables) to expand "hy" into "hy_AM.UTF-8" and the like.
    plain = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if code.isascii() and code.isalpha() and code.islower() and plain.is_file():
        with plain.open("rb") as catalogue:
            return gettext.GNUTranslations(catalogue)
    try:
        return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
    except OSError:
        return gettext.NullTranslations()


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """English and every language with a compiled catalogue, in code order: looked for
    once a process, as each catalogue is read once (``translations``)."""
    compiled = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return tuple(sorted(compiled | {SOURCE_LANGUAGE}))


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language of the system locale, as POSIX picks it (LC_ALL, else LC_MESSAGES,
    else LANG): ``hy_AM.UTF-8`` is ``hy``; None for the C/POSIX locale or none set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            code = value.partition(".")[0].partition("@")[0].partition("_")[0].lower()
            return None if code in ("c", "posix", "") else code
    return None


def use_language(code: str | None) -> str:
    """Make ``code`` the language of every message from now on; returns the one used."""
    global _current, _current_code
    chosen = (code or SOURCE_LANGUAGE).strip() or SOURCE_LANGUAGE
    _current = translations(chosen)
    _current_code = chosen
    return chosen


def next_language() -> str:
    """The language after the current one, in the order of the catalogues: what the
    language key switches to before anyone signs in."""
    languages = available_languages()
    now = current_language()
    return languages[(languages.index(now) + 1) % len(languages)] \
        if now in languages else languages[0]


def current_language() -> str:
    return _current_code


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message


def lookup(marked: str) -> str:
    """A message marked with ``N_`` where it was written (a help text, a table of
    labels), looked up in the current language where it is shown."""
    return _current.gettext(marked) if marked else marked  # "" is the catalogue's header

