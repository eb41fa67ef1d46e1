"""`kiosk store verify` shares a large store's day files between worker processes, one
per core, while the command walks the audit trail: real `kiosk store verify`
processes show it says exactly what one process alone says (the same lines, in the
same order, the same exit), on a clean store, on a damaged one, the second time
(from the proof of the first), and when a worker dies."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core.policy_load import load_policy
from tests.bench.seed import seed_store
from tests.conftest import POLICIES, ROOT
from tests.interrupt import ctrl_c_when_busy, interruptible

# `kiosk store verify` as it runs, with every store large enough to share out, each day
# file a worker reads written down by its pid, and the way a worker is to fail, if any.
DRIVER = """
import os, sys, threading, time
from kiosk.store import verify
seen, how = sys.argv[1], os.environ.get("VERIFY_FAILS", "")
verify.APART_FROM = 2
day_file = verify._day_file
def noted(files, rel, problems, latest, stored):
    if latest is None:  # only a worker goes without the chain
        with open(seen, "a") as out:
            out.write(f"{os.getpid()}\\n")
        if how == "die":
            os._exit(3)
        if how == "slow":
            time.sleep(60)
    return day_file(files, rel, problems, latest, stored)
verify._day_file = noted
if os.environ.get("SECOND_THREAD"):
    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
with open(seen, "a") as out:
    out.write(f"command {os.getpid()}\\n")
sys.argv = ["kiosk", *sys.argv[2:]]
from kiosk.cli import main
main()
"""

END = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("apart") / "store"
    seed_store(root, 90, load_policy(POLICIES), random.Random(5), end=END, years=0.5)
    return root


def verify(root: Path, state: Path, seen: Path, **env: str
           ) -> tuple[int, str, str, list[str]]:
    """One `kiosk store verify` of ``root`` remembering in ``state``: its exit, output,
    errors, and the pids of the workers that read day files."""
    seen.unlink(missing_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(seen), "store", "verify", "--store", str(root)],
        capture_output=True, text=True, env={**clean, "KIOSK_STATE_DIR": str(state), **env},
        cwd=ROOT, timeout=120, check=False)
    lines = seen.read_text().split("\n") if seen.exists() else []
    command = next(line.split()[1] for line in lines if line.startswith("command "))
    workers = sorted({line for line in lines if line and not line.startswith("command ")})
    assert command not in workers
    said = [text.replace(str(root), "STORE") for text in (done.stdout, done.stderr)]
    return done.returncode, said[0], said[1], workers


def both(seeded: Path, tmp: Path, damage: bool = False, times: int = 1, **env: str
         ) -> list[tuple[tuple[int, str, str], tuple[int, str, str], list[str]]]:
    """Each verify of a copy of the store, alone and shared out (each on a copy and a
    state of its own): the two reports and the workers of the shared one."""
    runs = []
    for way in ("alone", "apart"):
        root, state = tmp / way / "store", tmp / way / "state"
        shutil.copytree(seeded, root)
        if damage:
            damaged(root)
        extra = {"SECOND_THREAD": "1"} if way == "alone" else env
        runs.append([verify(root, state, tmp / f"{way}.seen", **extra) for _ in range(times)])
    return [((a[0], a[1], a[2]), (b[0], b[1], b[2]), b[3])
            for a, b in zip(*runs, strict=True)]


def damaged(root: Path) -> None:
    """One incident's account edited by hand, one day file and one index shard cut
    short."""
    days = sorted((root / "incidents").rglob("*.json"))
    assert len(days) > 20
    text = days[3].read_text("utf-8")
    edited = text.replace('"account":"', '"account":"EDITED ', 1)
    assert edited != text
    days[3].write_text(edited, "utf-8")
    days[11].write_bytes(days[11].read_bytes()[:-40])
    shard = sorted((root / "index").glob("k*.json"))[5]
    shard.write_bytes(shard.read_bytes()[:-3])


CORES = len(os.sched_getaffinity(0))


@pytest.mark.skipif(CORES < 2, reason="one core: nothing to share")
def test_a_clean_store_is_read_in_workers_and_told_alike(seeded: Path, tmp_path: Path
                                                          ) -> None:
    [(alone, apart, workers)] = both(seeded, tmp_path)
    assert alone[0] == 0 and "store OK: 90 incidents" in alone[1], alone
    assert apart == alone
    assert len(workers) == CORES


@pytest.mark.skipif(CORES < 2, reason="one core: nothing to share")
def test_a_damaged_store_gets_the_same_lines_in_the_same_order(seeded: Path,
                                                                tmp_path: Path) -> None:
    [(alone, apart, workers)] = both(seeded, tmp_path, damage=True)
    assert alone[0] == 1 and "store NOT OK" in alone[2]
    assert "not what audit entry" in alone[2] and "corrupt store file incidents/" in alone[2]
    assert "corrupt store file index/k" in alone[2]
    assert apart == alone and len(workers) == CORES


@pytest.mark.skipif(CORES < 2, reason="one core: nothing to share")
def test_the_second_verify_works_from_the_proof_alike(seeded: Path, tmp_path: Path) -> None:
    runs = both(seeded, tmp_path, times=2)
    for alone, apart, workers in runs:
        assert alone[0] == 0 and apart == alone and len(workers) == CORES


@pytest.mark.skipif(CORES < 2, reason="one core: nothing to share")
def test_a_worker_that_dies_leaves_its_files_to_the_command(seeded: Path,
                                                             tmp_path: Path) -> None:
    for damage in (False, True):
        [(alone, apart, workers)] = both(seeded, tmp_path / str(damage), damage=damage,
                                         VERIFY_FAILS="die")
        assert apart == alone and workers
        assert "Traceback" not in apart[2]


def test_a_process_with_another_thread_reads_alone(seeded: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(seeded, root)
    code, out, _err, workers = verify(root, tmp_path / "state", tmp_path / "seen",
                                      SECOND_THREAD="1")
    assert code == 0 and "store OK" in out and workers == []


@pytest.mark.skipif(CORES < 2, reason="one core: nothing to share")
def test_ctrl_c_ends_the_workers_at_once(seeded: Path, tmp_path: Path) -> None:
    """Workers busy for a minute each: ctrl+c to the command ends it and them in
    moments, with its one line."""
    root, seen = tmp_path / "store", tmp_path / "seen"
    shutil.copytree(seeded, root)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    command = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(seen), "store", "verify", "--store", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**clean, "KIOSK_STATE_DIR": str(tmp_path / "state"), "VERIFY_FAILS": "slow"},
        preexec_fn=interruptible)

    def busy() -> list[int]:
        lines = seen.read_text().split("\n") if seen.exists() else []
        return sorted({int(line) for line in lines if line.isdigit()})

    ctrl_c_when_busy(command, busy, CORES)
