"""Only regular files of bounded size are read from a policy folder: a FIFO, a device,
a symbolic link or a stray huge file in it is one clear problem line, never a hang or a
gigabyte read (in ``policy check``, and in a running kiosk's watcher)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.errors import PolicyError
from kiosk.core.policy_load import load_policy
from tests.conftest import POLICIES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(POLICIES, copy)
    return copy


def _problems(folder: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy(folder)
    return caught.value.lines()


def _replace_with_fifo(folder: Path, name: str) -> None:
    (folder / name).unlink()
    os.mkfifo(folder / name)


@pytest.mark.timeout(30)
def test_a_fifo_is_refused_without_waiting(folder: Path):
    _replace_with_fifo(folder, "tiers.toml")
    lines = _problems(folder)
    assert any("tiers.toml" in ln and "named pipe" in ln for ln in lines), lines


@pytest.mark.timeout(60)
def test_policy_check_on_a_fifo_is_one_line_and_exits(folder: Path):
    _replace_with_fifo(folder, "roles.toml")
    run = subprocess.run([sys.executable, "-m", "kiosk", "policy", "check", str(folder)],
                         capture_output=True, text=True, timeout=50)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert [ln for ln in run.stdout.splitlines() if "roles.toml" in ln] == [
        f"{folder}/roles.toml: (file): a named pipe (FIFO); expected a policy text file "
        "of at most 1,000,000 bytes in the folder itself"]


@pytest.mark.timeout(30)
def test_a_link_to_dev_zero_is_refused(folder: Path):
    (folder / "catalogue.toml").unlink()
    (folder / "catalogue.toml").symlink_to("/dev/zero")
    lines = _problems(folder)
    assert any("catalogue.toml" in ln and "symbolic link" in ln for ln in lines), lines


@pytest.mark.timeout(30)
@pytest.mark.skipif(os.geteuid() != 0 and os.environ.get("CI") != "true",
                    reason="making a device node needs root")
def test_a_device_node_is_refused(folder: Path):
    (folder / "catalogue.toml").unlink()
    os.mknod(folder / "catalogue.toml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # zero
    lines = _problems(folder)
    assert any("catalogue.toml" in ln and "a device" in ln for ln in lines), lines


@pytest.mark.timeout(30)
def test_a_huge_policy_file_is_refused_unread(folder: Path):
    with open(folder / "tiers.toml", "r+b") as file:
        file.truncate(1_500_000_000)  # sparse: costs no disk, but 1.5 GB to read
    start = time.process_time()
    lines = _problems(folder)
    assert time.process_time() - start < 1.0
    assert any("tiers.toml" in ln and "1,500,000,000 bytes" in ln for ln in lines), lines


@pytest.mark.timeout(30)
def test_a_folder_in_place_of_a_file_is_refused(folder: Path):
    (folder / "tiers.toml").unlink()
    (folder / "tiers.toml").mkdir()
    lines = _problems(folder)
    assert any("tiers.toml" in ln and ("a folder" in ln or "Is a directory" in ln)
               for ln in lines), lines


def test_a_file_nested_too_deeply_is_one_problem_line(folder: Path):
    (folder / "roles.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    lines = _problems(folder)
    assert lines == [f"{folder / 'roles.toml'}: (syntax): nested too deeply to read; "
                     "expected plain key = value lines and [tables]"], lines
