"""Where a command finds its folders, how it fails, and what it loads: real processes
as a hotel's IT person runs them, except where a fault is injected in-process."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.cli import policy as policy_commands
from tests.conftest import POLICIES, ROOT


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env={**clean, **(env or {})})


def test_a_flag_on_kiosk_wins_over_the_environment(tmp_path: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    run = kiosk("--policies", str(POLICIES), "policy", "check", env={"KIOSK_POLICIES": nowhere})
    assert run.returncode == 0, run.stderr
    assert str(POLICIES) in run.stdout and nowhere not in run.stdout + run.stderr


def test_a_flag_on_the_subcommand_wins_over_one_on_kiosk(tmp_path: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    run = kiosk("--policies", nowhere, "policy", "check", "--policies", str(POLICIES))
    assert run.returncode == 0, run.stderr


def test_the_environment_wins_over_the_default(tmp_path: Path) -> None:
    nowhere = str(tmp_path / "nowhere")
    run = kiosk("policy", "check", env={"KIOSK_POLICIES": nowhere})
    assert run.returncode == 1
    assert nowhere in run.stdout and "Traceback" not in run.stdout + run.stderr


def test_a_command_loads_only_what_it_needs() -> None:
    code = (
        "import sys\n"
        "from kiosk.cli import cli\n"
        f"cli.main(['--policies', {str(POLICIES)!r}, 'policy', 'check'], standalone_mode=False)\n"
        "heavy = ('textual', 'weasyprint', 'jinja2', 'tinydb', 'kiosk.store', 'kiosk.reports',"
        " 'kiosk.letters', 'kiosk.tui', 'kiosk.cli.staff', 'kiosk.cli.report')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, check=True)
    assert json.loads(run.stdout.strip().splitlines()[-1].replace("'", '"')) == []


def test_every_group_still_answers_help() -> None:
    run = kiosk("--help")
    assert run.returncode == 0
    for name in ("policy", "staff", "incident", "store", "letter", "report", "demo"):
        assert f"  {name} " in run.stdout
    assert "  letters " not in run.stdout  # the older spelling works but is not offered
    for group in (("policy",), ("letter",), ("letters",)):
        assert kiosk(*group, "--help").returncode == 0


def test_an_unexpected_error_is_one_line_and_logged_without_the_pin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = "482913"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KIOSK_ACTOR_PIN", pin)

    def broken(_folder: Path) -> None:
        raise RuntimeError(f"the check broke while holding {pin}")

    monkeypatch.setattr(policy_commands, "load_policy", broken)
    result = CliRunner().invoke(cli, ["policy", "check", str(POLICIES)])
    assert result.exit_code == 70
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    log = tmp_path / "state" / "kiosk" / "log" / "kiosk.log"
    assert lines[0] == ("error: unexpected RuntimeError: the check broke while holding "
                        f"[hidden]; details in {log}")
    text = log.read_text("utf-8")
    assert "Traceback" in text and "RuntimeError" in text and "broken" in text
    assert pin not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
