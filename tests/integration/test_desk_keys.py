"""Keys typed into the kiosk's terminal at a person's pace are never lost: a real
pty, a real kiosk process, and the incident read back from the store."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.desk.context import Desk
from tests.conftest import LETTERS, POLICIES, ROOT
from tests.integration.test_terminal_gone import KIOSK, kiosk_env
from tests.pty_kiosk import PtyKiosk

DOWN, ENTER, TAB = "\x1b[B", "\r", "\t"


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[PtyKiosk]:
    running = PtyKiosk([KIOSK, "--store", str(tmp_path / "store"), "demo"], ROOT,
                       kiosk_env(tmp_path), size=(80, 24))
    yield running
    running.close()


def paced(kiosk: PtyKiosk, keys: list[str], gap: float) -> None:
    """Each key on its own, ``gap`` seconds apart, as a quick typist sends them (a key's
    escape sequence in one write, as a terminal sends it)."""
    for key in keys:
        os.write(kiosk.master, key.encode())
        time.sleep(gap)
        kiosk.read(0)


@pytest.mark.parametrize("gap", [0.06, 0.08])
def test_category_keys_just_after_the_list_opens_are_kept(
        kiosk: PtyKiosk, tmp_path: Path, gap: float) -> None:
    kiosk.wait_for("Lilit Harutyunyan  agent1")
    kiosk.settle()
    kiosk.type(TAB + "agent1")
    kiosk.wait_for("▊  agent1")
    kiosk.type(TAB + "1397")
    kiosk.wait_for("▊  ••••")
    kiosk.type(ENTER)
    kiosk.wait_for("Open incidents")
    kiosk.type("\x0e")  # ctrl+n
    kiosk.wait_for("Earlier incidents")
    kiosk.settle(quiet=0.5)
    kiosk.type("Ara Paced", pause=0.3)
    paced(kiosk, [TAB] * 4 + list("412"), gap)
    # Seven fields down to the category, the list opened and two down: the third
    # category ("Something broken in the room", high by default).
    paced(kiosk, [TAB] * 7 + [ENTER, DOWN, DOWN, ENTER, TAB, TAB, TAB], gap)
    paced(kiosk, list("Tap drips"), gap)
    kiosk.type("\x13", pause=0.3)  # ctrl+s
    kiosk.wait_for("Listen")
    store = Desk.open(Settings(POLICIES, LETTERS, tmp_path / "store", "check")).store
    [incident] = [i for i in store.open_incidents() if i.guest.name == "Ara Paced"]
    assert (incident.category, incident.severity) == ("maintenance", "high")
    assert incident.account == "Tap drips"
