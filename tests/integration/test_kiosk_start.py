"""The kiosk opened from the command line, in a real terminal: the staff list is read
with the store before the app starts, and a list that cannot be read then is said on a
screen of its own, as when the app read it itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.test_terminal_gone import KIOSK, kiosk_env
from tests.pty_kiosk import PtyKiosk


def test_a_damaged_staff_list_at_start_is_said_on_the_store_screen(tmp_path: Path) -> None:
    env = kiosk_env(tmp_path)
    store = tmp_path / "store"
    subprocess.run([KIOSK, "--store", str(store), "demo", "--seed-only"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    (store / "staff.json").write_text('{"staff": {"x": ', encoding="utf-8")
    kiosk = PtyKiosk([KIOSK, "--store", str(store)], ROOT, env)
    try:
        kiosk.wait_for("The kiosk cannot read its store.")
        assert "staff.json" in kiosk.text()
        assert "Traceback" not in kiosk.text()
    finally:
        kiosk.close()

