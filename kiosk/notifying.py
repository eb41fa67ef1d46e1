"""The two ways a notification leaves the kiosk: the command the policy names (one JSON
document on stdin, exit 0 means delivered) and e-mail through the hotel's relay.

Each failure is a ``DeliveryError`` whose text is one line for ``kiosk notify status``;
the outbox keeps the notification and tries again later. The deliverer runs unattended
(cron) and whoever reads the outbox may read another language, so the error keeps its
message and values, and is put into words where it is shown.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import subprocess
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.i18n import N_, lookup
from kiosk.core.policy_parts import Smtp
from kiosk.core.text import shown


class DeliveryError(KioskError):
    """A notification did not go through this time; it stays in the outbox.

    ``message`` is marked with ``N_`` and has named placeholders for ``values``."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = {name: str(value) for name, value in values.items()}
        super().__init__(said(message, self.values))


def said(message: str, values: dict[str, str]) -> str:
    """A delivery error in the language staff read now."""
    return lookup(message).format(**values)


def _line(text: str) -> str:
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return shown(first, 200)


def run_command(argv: list[str], document: dict[str, Any], timeout: float) -> None:
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    try:
        proc = subprocess.run(argv, input=data, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise DeliveryError(N_("the command took longer than {seconds} s"),
                            seconds=f"{timeout:g}") from None
    except OSError as exc:
        raise DeliveryError(N_("the command cannot run: {why}"),
                            why=exc.strerror or exc) from None
    if proc.returncode != 0:
        said = _line(proc.stderr.decode("utf-8", "replace")) or \
            _line(proc.stdout.decode("utf-8", "replace"))
        if said:
            raise DeliveryError(N_("the command exited {code}: {said}"),
                                code=proc.returncode, said=said)
        raise DeliveryError(N_("the command exited {code}"), code=proc.returncode)


def send_mail(smtp: Smtp, to: list[str], subject: str, body: str, message_id: str) -> None:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=message_id)
    message.set_content(body)
    password = os.environ.get("KIOSK_SMTP_PASSWORD", "")
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, password)
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(N_("the mail server refused {addresses}"),
                            addresses=", ".join(exc.recipients)) from None
    except smtplib.SMTPResponseException as exc:
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        raise DeliveryError(N_("the mail server said {code} {text}"), code=exc.smtp_code,
                            text=_line(text)) from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise DeliveryError(N_("no mail server at {address} ({why})"),
                            address=f"{smtp.host}:{smtp.port}", why=_line(reason)) from None
    if refused:
        raise DeliveryError(N_("the mail server refused {addresses}"),
                            addresses=", ".join(sorted(refused)))
