"""When the terminal goes away (an ssh connection drops, tmux is killed, the window is
closed) the kiosk keeps what was typed as a draft and ends within 2 seconds, however it
was started: straight, or through `make run`. A real pty, a real kiosk process."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.desk import drafts
from kiosk.desk.context import Desk
from tests.conftest import LETTERS, POLICIES, ROOT
from tests.pty_kiosk import PtyKiosk

KIOSK = str(Path(sys.executable).with_name("kiosk"))


def kiosk_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(tmp_path / "data"),
               KIOSK_POLICIES=str(POLICIES), KIOSK_LETTERS=str(LETTERS))
    env.pop("KIOSK_STORE", None)
    env.pop("TEXTUAL_DRIVER", None)
    return env


@pytest.fixture
def running() -> Iterator[list[PtyKiosk]]:
    started: list[PtyKiosk] = []
    yield started
    for kiosk in started:
        kiosk.close()


def start_typing_an_incident(kiosk: PtyKiosk) -> None:
    # The sign-in list, not the demo's staff table printed before the kiosk starts:
    # keys typed before the screen is up would go to the shell's echo.
    kiosk.wait_for("Lilit Harutyunyan  agent1")
    kiosk.settle()
    kiosk.type("\tagent1")
    kiosk.wait_for("▊  agent1")
    kiosk.type("\t1397")
    kiosk.wait_for("▊  ••••")
    kiosk.type("\r")
    kiosk.wait_for("Open incidents")
    kiosk.type("\x0e")  # ctrl+n
    kiosk.wait_for("Earlier incidents")
    kiosk.type("Ara Hangup", pause=0.6)


def draft_names(store: Path) -> list[str]:
    desk = Desk.open(Settings(POLICIES, LETTERS, store, "check"))
    return [d.data["fields"]["name"] for d in drafts.drafts_for(desk, "agent1")]


def test_closing_the_terminal_keeps_the_draft_and_ends_the_kiosk(
        tmp_path: Path, running: list[PtyKiosk]) -> None:
    store = tmp_path / "store"
    kiosk = PtyKiosk([KIOSK, "--store", str(store), "demo"], ROOT, kiosk_env(tmp_path))
    running.append(kiosk)
    start_typing_an_incident(kiosk)
    kiosk.hang_up()
    assert kiosk.exited_within(2.0), "the kiosk kept running without its terminal"
    assert draft_names(store) == ["Ara Hangup"]


def test_sighup_keeps_the_draft_and_ends_the_kiosk(
        tmp_path: Path, running: list[PtyKiosk]) -> None:
    store = tmp_path / "store"
    kiosk = PtyKiosk([KIOSK, "--store", str(store), "demo"], ROOT, kiosk_env(tmp_path))
    running.append(kiosk)
    start_typing_an_incident(kiosk)
    kiosk.process.send_signal(signal.SIGHUP)
    assert kiosk.exited_within(2.0), "the kiosk kept running after SIGHUP"
    assert draft_names(store) == ["Ara Hangup"]


@pytest.mark.skipif(shutil.which("make") is None and os.environ.get("CI") != "true",
                    reason="make is not installed")
def test_started_through_make_run_it_ends_with_its_terminal(
        tmp_path: Path, running: list[PtyKiosk]) -> None:
    kiosk = PtyKiosk(["make", "--no-print-directory", "run"], ROOT, kiosk_env(tmp_path))
    running.append(kiosk)
    start_typing_an_incident(kiosk)
    kiosk.hang_up()
    assert kiosk.exited_within(2.0), "make run kept going without its terminal"
    store = tmp_path / "data" / "kiosk" / "demo-store"
    assert draft_names(store) == ["Ara Hangup"]
    # Nothing of the kiosk is left behind either.
    with pytest.raises(ProcessLookupError):
        os.killpg(kiosk.process.pid, 0)
