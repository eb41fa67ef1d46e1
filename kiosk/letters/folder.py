"""The letters folder as a fence: templates, the stylesheet and anything the page refers
to are read only from inside it, whatever the spelling, and never through a symbolic
link that leads elsewhere."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _
from kiosk.core.plain_file import NotPlainFile, read_plain

MAX_FILE_BYTES = 5_000_000  # a template, the stylesheet, a logo


class OutsideFolder(LetterError):
    """A template or the page asked for a file outside the letters folder."""


def inside(folder: Path, path: Path, asked: str) -> Path:
    """``path`` with every link resolved, checked to lie inside ``folder``; ``asked`` is
    how the template spelled it, for the message."""
    resolved = path.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise OutsideFolder(_("'{asked}' is outside the letters folder").format(asked=asked))
    return resolved


def read_inside(folder: Path, path: Path, asked: str) -> bytes:
    """The bytes of a regular file inside ``folder`` (``LetterError`` otherwise)."""
    resolved = inside(folder, path, asked)
    try:
        return read_plain(resolved, MAX_FILE_BYTES, follow_links=False)
    except NotPlainFile as exc:
        raise LetterError(_("'{asked}' cannot be used: {reason}").format(
            asked=asked, reason=exc.reason)) from None
    except FileNotFoundError:
        raise LetterError(_("'{asked}' does not exist in the letters folder").format(
            asked=asked)) from None
    except OSError as exc:
        raise LetterError(_("'{asked}' cannot be read: {why}").format(
            asked=asked, why=exc.strerror or exc)) from None


def links_outside(folder: Path) -> list[str]:
    """Names (inside ``folder``) of the symbolic links that lead outside it."""
    root = folder.resolve()
    found: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            found.append(path.relative_to(folder).as_posix())
    return found
