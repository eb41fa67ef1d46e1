"""Reading a file that a person may have replaced with something else.

Policy files and letter templates are edited by hand, so the name may turn out to be a
FIFO (reading it waits for ever), a device (``/dev/zero`` never ends), a symbolic link to
somewhere else, or a stray file of gigabytes. Only a regular file of bounded size is
read, and the read itself is bounded, so a file that grows while it is read cannot eat
memory either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.core.i18n import _


class NotPlainFile(Exception):
    """The name is not a regular file of acceptable size; ``reason`` says what it is."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def read_plain(path: Path, max_bytes: int, *, follow_links: bool = False) -> bytes:
    """The bytes of ``path``; ``NotPlainFile`` unless it is a regular file of at most
    ``max_bytes``. ``FileNotFoundError`` and other ``OSError`` pass through."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise NotPlainFile(path, _("a symbolic link, not the file itself")) from exc
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotPlainFile(path, _kind(info.st_mode))
        if info.st_size > max_bytes:
            raise NotPlainFile(path, _("{size} bytes, more than the {most} allowed").format(
                size=f"{info.st_size:,}", most=f"{max_bytes:,}"))
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise NotPlainFile(path, _("more than the {most} bytes allowed").format(
                most=f"{max_bytes:,}"))
        return data
    finally:
        os.close(fd)
