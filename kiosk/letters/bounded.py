"""Letters rendered in a separate process, under a memory ceiling and a hard deadline.

Jinja's sandbox bounds what template code does, not what one filter does with a huge
value: ``([a] * 200000) | upper`` asks ``str()`` for 40 GB in a single C call, where no
trace hook can stop it. So every render runs in a helper process started once and kept
warm: its address space is capped (``RLIMIT_AS``, what it needed after warming up plus
``MEMORY_BYTES``), so such an allocation fails at once with ``MemoryError``; and the
kiosk waits at most ``Limits.seconds`` for an answer before it kills the helper and
starts a fresh one. The helper sees none of the kiosk's secrets: it starts with a short
list of environment variables, never a PIN or a key.

``BoundedLetters`` has the same methods as ``LetterTemplates``; only the rendering
moves out. Calls are serialised (one helper, one render at a time): a render takes
milliseconds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import kiosk
from kiosk.core.errors import LetterError
from kiosk.core.i18n import _, current_language, use_language
from kiosk.letters.pdf import FileRefused
from kiosk.letters.practice_mark import marked
from kiosk.letters.render import LAYOUT, Choice, LetterTemplates, MarkdownLetter
from kiosk.letters.sandbox import Limits, RenderLimit

MEMORY_BYTES = 256 * 1024 * 1024  # beyond what the warmed-up helper holds
START_SECONDS = 60.0  # importing WeasyPrint and loading fonts, on a busy machine
SOFT_SHARE = 0.75  # the helper's own time limit, as a share of the hard one: it can
#                    still say which line was looping before the kiosk gives up on it
_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TMPDIR",
               "TZ", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_CACHE_HOME",
               "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_DATA_DIRS", "SOURCE_DATE_EPOCH")


# How long laying out a staff sheet (the shift log: many rows, a few pages) may take.
SHEET_SECONDS = 30.0


class BoundedLetters(LetterTemplates):
    """``LetterTemplates`` whose renders run in the bounded helper process."""

    def markdown(self, choice: Choice, view: dict[str, Any]) -> MarkdownLetter:
        letter: MarkdownLetter = _render(self, choice.template, "markdown", choice, view)
        return letter

    def html(self, letter: MarkdownLetter, view: dict[str, Any]) -> str:
        page: str = _render(self, LAYOUT, "html", letter, view)
        return page

    def pdf(self, letter: MarkdownLetter, view: dict[str, Any]) -> bytes:
        if self.mark:  # the page is marked here, whatever the layout template writes
            page = marked(self.html(letter, view), self.mark)
            marked_pdf: bytes = _render(self, LAYOUT, "page_pdf", page)
            return marked_pdf
        pdf: bytes = _render(self, LAYOUT, "pdf", letter, view)
        return pdf


    def sheet_pdf(self, name: str, variables: dict[str, Any]) -> bytes:
        # The template runs under a letter's bounds; the page it made (no template code
        # left, at most max_chars long) is laid out under the longer bound of a sheet of
        # many rows.
        page: str = _render(self, name, "sheet", name, variables)
        paper = BoundedLetters(self.folder, dataclasses.replace(
            self.limits, seconds=max(self.limits.seconds, SHEET_SECONDS)))
        pdf: bytes = _render(paper, name, "page_pdf", page)
        return pdf


# --- the kiosk's side -------------------------------------------------------------------
def _child_env() -> dict[str, str]:
    env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
    package_root = str(Path(kiosk.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = package_root
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class _Helper:
    """One helper process and the socket to it."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.letters.bounded", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), env=_child_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(START_SECONDS):
            raise LetterError(_("the letter renderer did not start"))
        try:
            self.conn.recv()
        except (EOFError, OSError):
            raise LetterError(_("the letter renderer could not start")) from None
        self.ready = True

    def stop(self) -> None:
        self.conn.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


_LOCK = threading.Lock()
_HELPER: _Helper | None = None


def prestart() -> None:
    """Start the helper now (it takes a second), so the first letter is quick."""
    global _HELPER
    with _LOCK:
        if _HELPER is None or _HELPER.process.poll() is not None:
            _HELPER = _Helper()


def helper_pid() -> int | None:
    """The helper's process id, if one runs (for tests and diagnostics)."""
    return _HELPER.process.pid if _HELPER is not None else None


def _render(templates: LetterTemplates, name: str, method: str, *args: Any) -> Any:
    global _HELPER
    limits = templates.limits
    # The helper says what went wrong in the language of the person who asked.
    request = (method, str(templates.folder), limits, current_language(), args)
    where = f"{(templates.folder / name).as_posix()}: "
    with _LOCK:
        if _HELPER is None or _HELPER.process.poll() is not None:
            _HELPER = _Helper()
        helper = _HELPER
        helper.wait_ready()
        try:
            helper.conn.send(request)
            answered = helper.conn.poll(limits.seconds)
            reply = helper.conn.recv() if answered else None
        except (EOFError, OSError):
            answered, reply = True, None
        if reply is None:
            helper.stop()
            _HELPER = None
            # A fresh helper warms up while the desk shows the message.
            threading.Thread(target=prestart, daemon=True).start()
            if not answered:
                raise RenderLimit(where + _("the template took longer than {seconds} s")
                                  .format(seconds=f"{limits.seconds:g}")) from None
            raise RenderLimit(where + _("the template asked for more memory than a "
                                        "letter needs")) from None
    kind, value = reply
    if kind == "ok":
        return value
    raise _REFUSALS.get(kind, LetterError)(value)


# How the helper names each kind of refusal, so the kiosk raises the same kind.
_REFUSALS: dict[str, type[LetterError]] = {"limit": RenderLimit, "refused": FileRefused}


# --- the helper's side ------------------------------------------------------------------
def _virtual_size() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _warm_up() -> None:
    """Import WeasyPrint and load the fonts once, so renders start warm."""
    from kiosk.letters.pdf import html_to_pdf

    html_to_pdf('<p lang="hy">Warm · Բարև ֏</p><p>Karibu</p>', Path.cwd())


def _serve(fd: int) -> None:
    conn = Connection(fd)
    with contextlib.suppress(LetterError):  # no fonts: each PDF says so in its own words
        _warm_up()
    ceiling = _virtual_size() + MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    conn.send("ready")
    folders: dict[tuple[str, Limits], LetterTemplates] = {}
    while True:
        try:
            method, folder, limits, language, args = conn.recv()
        except (EOFError, OSError):
            return  # the kiosk closed the socket or went away
        use_language(language)
        try:
            templates = folders.get((folder, limits))
            if templates is None:
                soft = dataclasses.replace(limits, seconds=limits.seconds * SOFT_SHARE)
                templates = folders[(folder, limits)] = LetterTemplates(Path(folder), soft)
            value = getattr(LetterTemplates, method)(templates, *args)
            reply: tuple[str, Any] = ("ok", value)
        except RenderLimit as exc:
            reply = ("limit", str(exc))
        except FileRefused as exc:
            reply = ("refused", str(exc))
        except LetterError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = ("limit", _("the letter needs more memory than a letter may use"))
        except Exception as exc:  # a bug here must not look like a hang to the kiosk
            reply = ("error", _("the letter could not be made: {why}").format(
                why=f"{type(exc).__name__}: {exc}"))
        conn.send(reply)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
