"""What the kiosk loads to reach its sign-in screen: neither PostgreSQL's driver (only a
hotel in a chain syncs, later, off the screen) nor the Markdown stack of the key panel
and the letter preview, nor the PDF, template and chart libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = ("import json, sys\nimport kiosk.tui.app, kiosk.tui.launch, kiosk.desk.context\n"
         "print(json.dumps(sorted(sys.modules)))\n")
LATER = ("psycopg", "yoyo", "markdown_it", "pygments", "jinja2", "weasyprint", "matplotlib",
         "plotext", "kiosk.chain", "kiosk.letters", "kiosk.reports", "kiosk.tui.screens.board")


def test_the_kiosk_starts_without_what_it_needs_later() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(done.stdout)
    assert "textual.app" in loaded and "kiosk.tui.screens.signin" in loaded
    assert [name for name in loaded if name.startswith(LATER)] == []
