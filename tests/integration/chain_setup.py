"""Properties of a hotel group for the chain tests: each a policy folder with its own
stable id and a [chain] section pointing at a connection file, and a seeded store."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.policy_load import load_policy
from kiosk.desk.context import Desk
from tests.bench.seed import seed_store
from tests.conftest import LETTERS, POLICIES, republish

# Far enough back that every incident still open is long past its SLA: the property's
# report and head office's then agree whatever second each one runs.
SEED_END = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class Property:
    id: str
    policies: Path
    store: Path

    @property
    def settings(self) -> Settings:
        return Settings(policies=self.policies, letters=LETTERS, store=self.store,
                        terminal="desk-1")

    def desk(self) -> Desk:
        return Desk.open(self.settings, FixedClock(SEED_END))

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update({"KIOSK_POLICIES": str(self.policies), "KIOSK_LETTERS": str(LETTERS),
                    "KIOSK_STORE": str(self.store), "KIOSK_TERMINAL": "desk-1", **extra})
        return env

    def kiosk(self, *args: str, timeout: float = 120, **extra: str
              ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", *args], env=self.env(**extra),
                              capture_output=True, text=True, timeout=timeout)

    def own_report(self) -> dict[str, Any]:
        done = self.kiosk("report", "--format", "json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def property_folder(folder: Path, property_id: str, dsn: str, name: str = "",
                    chain_extra: str = "") -> Path:
    """A copy of the shipped policies with this property's id and the chain's line."""
    shutil.copytree(POLICIES, folder)
    prop = folder / "property.toml"
    text = prop.read_text(encoding="utf-8")
    text = text.replace("[property]\n", f'[property]\nid = "{property_id}"\n', 1)
    if name:
        text = text.replace('name = "Hotel Ararat Garden"', f'name = "{name}"', 1)
    (folder / "chain.dsn").write_text(dsn + "\n", encoding="utf-8")
    text += f'\n[chain]\ndsn_file = "chain.dsn"\ngroup = "ararat_group"\n{chain_extra}'
    prop.write_text(text, encoding="utf-8")
    republish(folder)
    return folder


def make_property(top: Path, property_id: str, dsn: str, incidents: int = 120,
                  seed: int = 7, **kw: str) -> Property:
    folder = property_folder(top / property_id / "policies", property_id, dsn, **kw)
    store = top / property_id / "store"
    if incidents:
        seed_store(store, incidents, load_policy(folder), random.Random(seed), end=SEED_END,
                   years=1.0)
    return Property(property_id, folder, store)


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """The figures both reports give (the escalation list is the desk's live view), with
    lists whose order is only a tie-break sorted."""
    skip = {"since", "until", "generated_at", "escalations"}
    out = {k: v for k, v in report.items() if k not in skip}
    out["policy_versions"] = sorted(out["policy_versions"], key=lambda p: p["policy_hash"])
    return out
