"""A memory-bomb template in the letters folder is refused in bounded time and memory
wherever letters are made: ``letters check``, ``letter render`` in the CLI, and the
desk's preview and issue. The commands run as real processes under a 4 GB address
limit of their own, so that a regression fails by its memory (the command's own peak is
read back from the kernel) rather than by the machine's."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.core.errors import LetterError
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from kiosk.desk.letters import issue_letter, preview_letter
from tests.conftest import LETTERS, POLICIES

BOMB = "{% set a = 'x' * 200000 %}{{ ([a] * 200000) | upper | length }}\n"
WALL_SECONDS = 30.0  # a command's start, the helper's start and the refusal, busy machine
PEAK_BYTES = 512 * 1024 * 1024  # the command itself; the render happens in its helper
# Either bound may stop a bomb first: the memory ceiling, or on a busy machine the deadline.
REFUSED = r"more memory than a letter needs|took longer than"


def _refused(text: str) -> bool:
    return re.search(REFUSED, text) is not None


def _capped() -> None:
    cap = 4 * 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def kiosk(tmp: Path, *args: str, env: dict[str, str]) -> tuple[Run, float]:
    """Run a command; its output, and its wall time. Asserts its peak memory."""
    start = time.monotonic()
    with open(tmp / "out", "w+") as out, open(tmp / "err", "w+") as err:
        process = subprocess.Popen([sys.executable, "-m", "kiosk", *args], stdout=out,
                                   stderr=err, text=True, env={**os.environ, **env},
                                   preexec_fn=_capped)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(process.returncode, out.read(), err.read())
    assert usage.ru_maxrss * 1024 < PEAK_BYTES, f"the command grew to {usage.ru_maxrss} kB"
    return run, time.monotonic() - start


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def bombed(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    en = folder / "en.md.j2"
    en.write_text(BOMB + en.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.timeout(240)
def test_letters_check_refuses_the_bomb(bombed: Path):
    run, took = kiosk(bombed.parent, "letters", "check", str(bombed),
                      env={"KIOSK_POLICIES": str(POLICIES)})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert any(line.startswith(f"{bombed}/en.md.j2") and _refused(line)
               for line in run.stdout.splitlines()), run.stdout
    assert took < WALL_SECONDS, f"letters check took {took:.1f} s"


@pytest.mark.timeout(240)
def test_letter_render_refuses_the_bomb(settings: Settings, bombed: Path):
    desk = Desk.open(settings)
    seed_demo(desk)
    incident = next(i for i in desk.store.find_incidents() if i.guest.language == "en")
    env = {"KIOSK_STORE": str(settings.store), "KIOSK_POLICIES": str(POLICIES),
           "KIOSK_LETTERS": str(bombed)}
    run, took = kiosk(bombed.parent, "letter", "render", incident.ref, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.startswith("error: ") and _refused(run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1
    assert took < WALL_SECONDS, f"letter render took {took:.1f} s"


@pytest.mark.timeout(120)
def test_the_desk_refuses_the_bomb_and_stores_nothing(settings: Settings, bombed: Path):
    desk = Desk.open(replace(settings, letters=bombed))
    seed_demo(desk)
    incident = next(i for i in desk.store.find_incidents() if i.guest.language == "en")
    with pytest.raises(LetterError, match=REFUSED):
        preview_letter(desk, incident.id)
    with pytest.raises(LetterError, match=REFUSED):
        issue_letter(desk, incident.id, incident.agent_id)
    assert not desk.store.get_incident(incident.id).letters
