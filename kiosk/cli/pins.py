"""Reading a PIN or a secret: from its environment variable, else typed at the terminal
without echo, else (where a command allows it) one line of piped stdin. Never an
argument."""

from __future__ import annotations

import os
import sys

import click

from kiosk.cli.common import stdin_is_tty
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _


def read_secret(env_name: str, prompt: str, *, allow_stdin: bool = False) -> str | None:
    """A PIN from ``env_name``, else typed at the terminal without echo, else (when
    ``allow_stdin``) one line of piped stdin. None when there is no way to ask."""
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if stdin_is_tty():
        return str(click.prompt(prompt, hide_input=True, default="", show_default=False))
    if allow_stdin:
        return stdin_line()
    return None


def stdin_line() -> str:
    raw = sys.stdin.buffer.readline(256)
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise ValidationError(_("the PIN on stdin is not valid UTF-8")) from None
