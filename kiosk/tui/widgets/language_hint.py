"""The line that names the language the screens speak before anyone signs in, and the
key that changes it: on the sign-in and the first run alike."""

from __future__ import annotations

from collections.abc import Iterator

from textual.widgets import Static

from kiosk.core.display import language_name
from kiosk.core.i18n import _, available_languages, current_language


def language_hint(hint_id: str | None = None) -> Iterator[Static]:
    """The hint, or nothing when the kiosk has only one language to offer."""
    if len(available_languages()) > 1:
        yield Static(_("Language: {name} (F2 to change)").format(
            name=language_name(current_language())), classes="hint", id=hint_id)
