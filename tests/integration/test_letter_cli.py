"""`kiosk letter check` and `kiosk letter render` as a hotel's IT person runs them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.desk.context import Desk
from kiosk.desk.demo import seed_demo
from tests.conftest import LETTERS, POLICIES


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_shipped_letters_check_clean():
    run = kiosk("letter", "check", str(LETTERS), "--policies", str(POLICIES))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "624 letters rendered (3 languages × 8 categories × 25 states" in run.stdout


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    en = folder / "en.md.j2"
    en.write_text(en.read_text().replace("{{ follow_up.day }}", "{{ follow_up.day "))
    hy = folder / "hy.md.j2"
    hy.write_text(hy.read_text().replace("{{ guest.salutation }}", "{{ guest_salutation }}"))
    sw = folder / "sw.md.j2"
    sw.write_text(sw.read_text().replace("{{ guest.salutation }}",
                                         "{{ ''.__class__.__mro__ }}"))
    return folder


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_broken_letters_are_listed_file_line_message(broken: Path):
    run = kiosk("letters", "check", str(broken), "--policies", str(POLICIES))
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert all(re.match(r"^\S+\.j2:\d+: ", line) for line in lines), lines
    en_line = _line_of(broken / "en.md.j2", "{{ follow_up.day ")
    hy_line = _line_of(broken / "hy.md.j2", "{{ guest_salutation }}")
    assert any(ln.startswith(f"{broken}/en.md.j2:{en_line}: syntax error") for ln in lines)
    assert any(ln.startswith(f"{broken}/hy.md.j2:{hy_line}: unknown variable") for ln in lines)


def test_sandbox_violation_is_reported_with_its_line(broken: Path):
    (broken / "en.md.j2").write_text((LETTERS / "en.md.j2").read_text())
    (broken / "hy.md.j2").write_text((LETTERS / "hy.md.j2").read_text())
    run = kiosk("letters", "check", str(broken), "--policies", str(POLICIES))
    assert run.returncode == 1
    sw_line = _line_of(broken / "sw.md.j2", "__class__")
    assert run.stdout.startswith(f"{broken}/sw.md.j2:{sw_line}: not allowed")


def test_missing_folder_is_one_line():
    run = kiosk("letters", "check", "/nonexistent/letters", "--policies", str(POLICIES))
    assert run.returncode == 1 and run.stdout.strip() == "/nonexistent/letters: no such folder"


def test_render_markdown_and_pdf(settings: Settings, tmp_path: Path):
    desk = Desk.open(settings)
    seed_demo(desk)
    incident = desk.store.find_incidents()[0]
    env = {"KIOSK_STORE": str(settings.store), "KIOSK_POLICIES": str(POLICIES),
           "KIOSK_LETTERS": str(LETTERS)}
    md = kiosk("letter", "render", incident.ref, "--lang", "sw", env=env)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("Mpendwa ")
    fallback = kiosk("letter", "render", incident.ref, "--lang", "fr", env=env)
    assert fallback.returncode == 0 and "no 'fr' letter template" in fallback.stderr
    out = tmp_path / "letter.pdf"
    pdf = kiosk("letter", "render", incident.ref, "--format", "pdf", "-o", str(out), env=env)
    assert pdf.returncode == 0, pdf.stderr
    assert out.read_bytes().startswith(b"%PDF")
    missing = kiosk("letter", "render", "NOSUCH", env=env)
    assert missing.returncode == 1 and missing.stderr.startswith("error: ")
    assert "Traceback" not in missing.stderr


def test_a_desk_page_is_checked_with_its_own_variables(tmp_path: Path):
    """The shift log's page is not a letter: its own variables pass, a stranger does not."""
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    sheet = folder / "shift_log.html.j2"
    sheet.write_text(sheet.read_text() + "\n<p>{{ guest.name }}</p>\n")
    run = kiosk("letters", "check", str(folder), "--policies", str(POLICIES))
    assert run.returncode == 1
    line = len(sheet.read_text().splitlines())
    assert run.stdout.splitlines() == [
        f"{folder}/shift_log.html.j2:{line}: unknown variable: 'guest' is not a variable "
        "of this page"], run.stdout
