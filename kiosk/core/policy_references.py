"""A reference to an id the policy does not have, said as one problem: shared by the
policy's own rules and the practice scenarios checked against it (which run on every
check, with or without the validation)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kiosk.core.i18n import N_, lookup

# What a reference names, each said whole (an article does not translate on its own).
_REFERENCES = {
    "item": (N_("unknown item '{value}' (did you mean '{close}'?); expected an item id "
                "from {where}"),
             N_("unknown item '{value}'; expected an item id from {where}: {known}")),
    "role": (N_("unknown role '{value}' (did you mean '{close}'?); expected a role id "
                "from {where}"),
             N_("unknown role '{value}'; expected a role id from {where}: {known}")),
}


def unknown_reference(kind: str, value: str, known: Iterable[str], where: str) -> str:
    """'unknown item 'x' (did you mean 'y'?); expected an item id from catalogue.toml'."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1)
    guessed, listed = _REFERENCES[kind]
    return lookup(guessed if close else listed).format(
        value=value, close=close[0] if close else "", where=where, known=", ".join(known))

