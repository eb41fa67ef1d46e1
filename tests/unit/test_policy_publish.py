"""Publishing: the shipped folder is published as it stands, ``kiosk policy publish``
writes the manifest only for a valid folder, and ``policy check`` says what is pending."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.core.policy_publish import MANIFEST, load_published, pending_files
from tests.conftest import POLICIES


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=60)


def test_the_shipped_policy_is_published_as_it_stands():
    """An edit to policies/ must be published (and its version raised) in the same
    commit, or every kiosk started from this tree refuses it."""
    policy, manifest = load_published(POLICIES)
    assert manifest is not None, "policies/ has no published.json"
    assert pending_files(POLICIES, manifest) == []
    assert manifest.version == policy.version


def test_publish_from_the_command_line(tmp_path: Path):
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    (folder / MANIFEST).unlink()
    check = kiosk("policy", "check", str(folder))
    assert check.returncode == 0 and "not published yet" in check.stderr
    run = kiosk("policy", "publish", str(folder))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Published {folder}: version 2026.11")
    assert (folder / MANIFEST).is_file()
    tiers = folder / "tiers.toml"
    tiers.write_text(tiers.read_text("utf-8") + "\n# a note\n", "utf-8")
    check = kiosk("policy", "check", str(folder))
    assert check.returncode == 0 and "tiers.toml changed since version 2026.11" in check.stderr
    tiers.write_text("[[tier]]\nid = ", "utf-8")
    refused = kiosk("policy", "publish", str(folder))
    assert refused.returncode == 1 and "Traceback" not in refused.stdout + refused.stderr
    assert "tiers.toml" in refused.stdout + refused.stderr
