"""A real local mail server (aiosmtpd on 127.0.0.1) and a real notification command,
each of which can be taken down and brought back, and a policy folder that names both."""

from __future__ import annotations

import json
import shutil
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.conftest import republish

ROOT = Path(__file__).resolve().parents[2]

# Appends the JSON document it reads to RECEIVED; fails while DOWN exists.
COMMAND = """\
import pathlib, sys
here = pathlib.Path(sys.argv[1])
data = sys.stdin.buffer.read()
if (here / "DOWN").exists():
    print("pager gateway unreachable", file=sys.stderr)
    sys.exit(3)
with open(here / "received.jsonl", "ab") as out:
    out.write(data + b"\\n")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class MailServer:
    port: int
    messages: list[Envelope] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: SMTP, session: Session,
                          envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class Pager:
    folder: Path

    def down(self) -> None:
        (self.folder / "DOWN").touch()

    def up(self) -> None:
        (self.folder / "DOWN").unlink(missing_ok=True)

    def received(self) -> list[dict[str, Any]]:
        path = self.folder / "received.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def notify_section(port: int, pager: Path) -> str:
    script = pager / "pager.py"
    return f"""[notify]
command = [{json.dumps(sys.executable)}, {json.dumps(str(script))}, {json.dumps(str(pager))}]
command_timeout_seconds = 20
retry_minutes = [1, 5]

[notify.smtp]
host = "127.0.0.1"
port = {port}
from = "kiosk@araratgarden.example"

[[notify.target]]
role = "duty_manager"
email = ["duty@araratgarden.example"]

[[notify.target]]
role = "general_manager"
email = ["gm@araratgarden.example", "owner@araratgarden.example"]
"""


def policy_folder(dest: Path, port: int, pager: Path) -> Path:
    """The shipped policies with a [notify] section naming this server and command."""
    shutil.copytree(ROOT / "policies", dest)
    prop = dest / "property.toml"
    text = prop.read_text("utf-8")
    head = text[: text.index("[notify]")]
    prop.write_text(head + notify_section(port, pager), "utf-8")
    republish(dest)
    return dest
