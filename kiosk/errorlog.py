"""The log of unexpected errors: one file per user, where the hotel's IT person finds it
(``kiosk.log`` in the platform's log folder; under ``XDG_STATE_HOME`` on Linux). Typed
errors are the user's to fix and are not logged; a bug is, with its traceback."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import traceback
from collections.abc import Sequence
from pathlib import Path

import platformdirs

MAX_BYTES = 1_000_000  # a few hundred tracebacks; older ones roll over to kiosk.log.1 …
BACKUPS = 3
HIDDEN = "[hidden]"
_SECRET_WORDS = ("PIN", "SECRET", "PASSWORD", "KEY")


class _OwnerOnlyFile(logging.handlers.RotatingFileHandler):
    """Each log file, the first and every rolled-over one, readable by its owner only."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, "a", encoding=self.encoding)


def log_path() -> Path:
    return platformdirs.user_log_path("kiosk", appauthor=False) / "kiosk.log"


def redact(text: str) -> str:
    """``text`` without the values of secret-looking KIOSK_* variables (a PIN given for a
    command must never reach a log or a message)."""
    for name, value in os.environ.items():
        if name.startswith("KIOSK_") and len(value) >= 4 \
                and any(word in name for word in _SECRET_WORDS):
            text = text.replace(value, HIDDEN)
    return text


def log_unexpected(exc: BaseException, argv: Sequence[str]) -> Path | None:
    """Append ``exc`` with its traceback to the log; the log's path, or None when it
    cannot be written (the error itself is still shown)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _OwnerOnlyFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                 encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(message)s"))
    logger = logging.Logger("kiosk.unexpected")
    logger.addHandler(handler)
    try:
        details = "".join(traceback.format_exception(exc))
        logger.error(redact(f"{' '.join(argv)}\n{details}"))
    finally:
        handler.close()
    return path
