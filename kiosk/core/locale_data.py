"""The staff's CLDR locale with its data loaded, kept between processes.

At the first date or amount a process writes in a locale, Babel reads the global CLDR
tables (460 KB, only to find the locale's parent) and then the locale and each of its
parents, merging them: about 12 ms of CPU at the start of every command that prints
one. The loaded ``babel.Locale`` is kept in the kiosk's cache folder (beside the
policies, see ``policy_cache``), named by the Babel and Python versions and the locale,
and read back through an unpickler that builds nothing but Babel's own locale types: a
file that was tampered with or written by another release is ignored, and the locale
loaded from Babel's files again. Every rule of formatting stays Babel's.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import sys
from typing import Any

import babel
from babel import Locale

from kiosk.core.policy_cache import cache_root, read_owned, write_owned

# What a loaded locale is made of; anything else in the file refuses it.
_ALLOWED = {
    "babel.core": {"Locale"},
    "babel.localedata": {"LocaleDataDict", "Alias"},
    "babel.plural": {"PluralRule"},
    "babel.dates": {"DateTimePattern"},
    "babel.numbers": {"NumberPattern"},
}


class _LocaleUnpickler(pickle.Unpickler):
    """Only Babel's locale types and plain values (the pickle documentation's
    "restricting globals")."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a locale")


def _name(locale: str) -> str:
    key = "\0".join((babel.__version__, sys.version, locale))
    return hashlib.sha256(key.encode()).hexdigest() + ".locale"


@functools.cache
def loaded(locale: str) -> Locale:
    """``locale`` (``en_GB``, ``hy``) as Babel parses it, its data already read;
    ``UnknownLocaleError`` or ``ValueError`` as from ``Locale.parse``."""
    path = cache_root() / "locales" / _name(locale)
    data = read_owned(path)
    if data is not None:
        try:
            kept = _LocaleUnpickler(io.BytesIO(data)).load()
        except Exception:
            kept = None
        if isinstance(kept, Locale):
            return kept
    fresh = Locale.parse(locale)
    _ = fresh.number_symbols  # reads the locale's whole data, so all of it is kept
    try:
        blob = pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return fresh  # a Babel whose locale does not pickle: loaded afresh each time
    write_owned(path.parent, path.name, blob)
    return fresh
