"""Printing through CUPS with ``lp``: check the queue, send the file, read the job id.

Every failure is a ``PrintError`` whose text is one line a desk agent can act on. CUPS
accepts jobs for a *stopped* (disabled) queue and holds them, so the queue's state is
asked first: a letter must not sit unseen in a stopped queue while the guest waits.
The client commands honour ``CUPS_SERVER`` like any CUPS client.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from kiosk.core.errors import PrintError
from kiosk.core.i18n import _, lookup
from kiosk.core.printer_queue import QUEUE_RULE, is_queue_name
from kiosk.core.text import shown, shows_as_itself

TIMEOUT_SECONDS = 15.0
_JOB_ID = re.compile(r"request id is (\S+)")


def _clean(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return shown(line)[:200]


def _explain(stderr: str, queue: str) -> str:
    text = stderr.lower()
    if ("scheduler is not running" in text or "unable to connect" in text
            or "connection refused" in text or "no such file or directory" in text
            or "server-error-service-unavailable" in text):
        return _("the print server (CUPS) is not running")
    if ("invalid destination" in text or "does not exist" in text
            or "unknown destination" in text or "no destinations added" in text):
        return _("there is no printer queue named '{queue}' (see lpstat -p)").format(queue=queue)
    if "not accepting" in text:
        return _("printer '{queue}' is not accepting jobs (cupsaccept {queue} turns it "
                 "on)").format(queue=queue)
    return _clean(stderr) or _("the print command failed")


class _Runner:
    """Runs CUPS client commands within one shared time budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def __call__(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise PrintError(_("the print server did not answer within {seconds} s").format(
                seconds=f"{self.seconds:g}"))
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=left,
                                  env=env, check=False, errors="replace")
        except FileNotFoundError:
            raise PrintError(_("the print command '{command}' is not installed (install the "
                               "CUPS client)").format(command=args[0])) from None
        except subprocess.TimeoutExpired:
            raise PrintError(_("the print server did not answer within {seconds} s").format(
                seconds=f"{self.seconds:g}")) from None
        except OSError as exc:
            raise PrintError(_("cannot run '{command}': {error}").format(
                command=args[0], error=exc.strerror or exc)) from None


def _reason(output: str) -> str:
    """The operator's reason CUPS keeps after a stop or reject (indented line)."""
    lines = [ln.strip() for ln in output.splitlines()[1:] if ln.strip()]
    reason = _clean(lines[0]) if lines else ""
    return f" ({reason})" if reason and reason.lower() not in ("paused", "reason unknown") \
        else ""


def check_queue(queue: str, run: _Runner) -> None:
    """``PrintError`` unless ``queue`` exists, is enabled and accepts jobs."""
    status = run(["lpstat", "-p", queue])
    if status.returncode != 0 or not status.stdout.strip():
        # Without a scheduler lpstat only says the name is unknown; ask which it is.
        scheduler = run(["lpstat", "-r"])
        if "not running" in scheduler.stdout + scheduler.stderr:
            raise PrintError(_("the print server (CUPS) is not running"))
        raise PrintError(_explain(status.stderr or status.stdout, queue))
    if " disabled" in status.stdout.split("\n", 1)[0]:
        raise PrintError(_("printer '{queue}' is stopped{reason} (cupsenable {queue} starts "
                           "it)").format(queue=queue, reason=_reason(status.stdout)))
    accepting = run(["lpstat", "-a", queue])
    if accepting.returncode != 0:
        raise PrintError(_explain(accepting.stderr, queue))
    if "not accepting" in accepting.stdout:
        raise PrintError(_("printer '{queue}' is not accepting jobs{reason} (cupsaccept "
                           "{queue} turns it on)").format(queue=queue,
                                                          reason=_reason(accepting.stdout)))


def check_queue_name(queue: str) -> None:
    """``PrintError`` unless ``queue`` follows CUPS's rule for queue names."""
    if not is_queue_name(queue):
        raise PrintError(_("'{queue}' is not a printer queue name; expected {rule}").format(
            queue=_clean(queue), rule=lookup(QUEUE_RULE)))


def send(pdf: Path, queue: str, title: str, timeout: float = TIMEOUT_SECONDS) -> str:
    """Print ``pdf`` on ``queue``; the CUPS job id (e.g. ``frontdesk-12``)."""
    check_queue_name(queue)
    if not pdf.is_file():
        raise PrintError(_("the letter file is missing: {file}").format(file=pdf.name))
    run = _Runner(timeout)
    check_queue(queue, run)
    title = "".join(ch for ch in title if shows_as_itself(ch))[:80] or pdf.name
    done = run(["lp", "-d", queue, "-t", title, "--", str(pdf)])
    if done.returncode != 0:
        raise PrintError(_explain(done.stderr or done.stdout, queue))
    found = _JOB_ID.search(done.stdout)
    if not found:
        raise PrintError(_("lp did not give a job id: {output}").format(
            output=_clean(done.stdout)))
    return found[1]
