"""A store's first report builds its years' caches in worker processes, one per core,
as real `kiosk report` processes show: the caches are those one process makes alone, a
worker that fails or dies leaves its year to the report's own pass, a process with a
second thread never forks, and a damaged day file still gets its one line."""

from __future__ import annotations

import marshal
import os
import random
import shutil
import subprocess
import sys
import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from kiosk.core.display import hotel_zone
from kiosk.core.policy_load import load_policy
from kiosk.store import open_store
from kiosk.store.digests import CACHE_DIR, DAYS_DIR, YEARS_DIR
from tests.bench.seed import seed_store
from tests.conftest import POLICIES, ROOT
from tests.integration.test_report_partials import END, merged, one_pass
from tests.interrupt import ctrl_c_when_busy, interruptible

CACHES = (CACHE_DIR, DAYS_DIR, YEARS_DIR)

# `kiosk report` as it runs, each year a worker builds written down (pid and year) and
# the way a worker is to fail, if any, taken from the environment.
DRIVER = """
import os, sys, threading, time
from kiosk.store import digests
built, how = sys.argv[1], os.environ.get("BUILD_FAILS", "")
build = digests._build_year
def recorded(index):
    year = digests._APART[1][index][0]
    with open(built, "a") as out:
        out.write(f"{os.getpid()} {year}\\n")
    if how == "raise" and index == 0:
        raise RuntimeError("a worker's own trouble")
    if how == "die" and index == 1:
        os._exit(3)
    if how == "slow":
        time.sleep(60)
    build(index)
digests._build_year = recorded
if os.environ.get("SECOND_THREAD"):
    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
print(os.getpid(), file=sys.stderr)
sys.argv = ["kiosk", *sys.argv[2:]]
from kiosk.cli import main
main()
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("first") / "store"
    seed_store(root, 360, load_policy(POLICIES), random.Random(23), end=END, years=3.3)
    return root


def alone(root: Path, days: tuple[date, date] | None = None) -> dict[str, object]:
    """The caches one process makes of ``root`` by itself (in a thread here, so no
    worker forks), for the hotel days ``days`` or all, then taken away again for the
    report to make."""
    done: list[str] = []
    thread = threading.Thread(target=lambda: done.append(report_of(root, days)))
    thread.start()
    thread.join()
    assert done, "the report in a thread failed"
    kept = caches(root)
    shutil.rmtree(root / "cache")
    return kept


def report_of(root: Path, days: tuple[date, date] | None = None) -> str:
    """The report from the kept day partials, in this process: over the hotel days
    ``days`` (as `kiosk report --since --until` counts them), or the whole history."""
    policy = load_policy(POLICIES)
    start = end = None
    if days is not None:
        zone = hotel_zone(policy)
        start = datetime.combine(days[0], time(), zone)
        end = datetime.combine(days[1] + timedelta(days=1), time(), zone)
    return merged(open_store(root, terminal="test"), policy, start, end)


def caches(root: Path) -> dict[str, object]:
    """Every cache file, read back (marshal: what is kept, not how it is laid out)."""
    return {f"{folder}/{path.name}": marshal.loads(path.read_bytes())
            for folder in CACHES for path in sorted((root / folder).glob("*.bin"))}


def report(root: Path, tmp: Path, *period: str, **env: str
           ) -> tuple[subprocess.CompletedProcess[str], list[tuple[str, str]]]:
    built = tmp / "built.txt"
    built.unlink(missing_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(built), "report", "--format", "json", *period,
         "--store", str(root), "--policies", str(POLICIES)],
        capture_output=True, text=True, env={**clean, **env}, cwd=ROOT, timeout=120,
        check=False)
    rows = built.read_text().split() if built.exists() else []
    return done, list(zip(rows[::2], rows[1::2], strict=True))


def fresh_copy(seeded: Path, tmp: Path) -> Path:
    """A copy of the seeded store that never reported (the caches name each day file's
    inode: they are compared on one copy only)."""
    root = tmp / "store"
    shutil.copytree(seeded, root)
    shutil.rmtree(root / "cache", ignore_errors=True)
    return root


def years_of(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "incidents").iterdir() if p.name.isdigit())


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing to share")
def test_the_years_are_built_in_workers(seeded: Path, tmp_path: Path) -> None:
    root = fresh_copy(seeded, tmp_path)
    expected = alone(root)
    done, built = report(root, tmp_path)
    assert done.returncode == 0, done.stderr
    command = done.stderr.split()[0]
    assert sorted(year for _pid, year in built) == years_of(root)  # each year once
    workers = {pid for pid, _year in built}
    cores = len(os.sched_getaffinity(0))
    assert command not in workers and len(workers) == min(cores, len(years_of(root)))
    assert caches(root) == expected
    # The report's own pass found them kept: a second report builds nothing.
    again, rebuilt = report(root, tmp_path)
    assert again.returncode == 0 and rebuilt == []
    store = open_store(root, terminal="test")
    assert report_of(root) == one_pass(store, load_policy(POLICIES), None, None)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: nothing to share")
def test_a_period_is_built_in_workers_as_alone(seeded: Path, tmp_path: Path) -> None:
    """A period that starts and ends inside years: those years' days are built apart
    (only the days inside it kept), the years between whole."""
    root = fresh_copy(seeded, tmp_path)
    days = (date(2024, 3, 12), date(2026, 6, 30))
    expected = alone(root, days)
    done, built = report(root, tmp_path, "--since", "2024-03-12", "--until", "2026-06-30")
    assert done.returncode == 0, done.stderr
    assert sorted(year for _pid, year in built) == ["2024", "2025", "2026"]
    assert expected and caches(root) == expected


@pytest.mark.parametrize("how", ["raise", "die"])
def test_a_worker_that_fails_leaves_its_year_to_the_report(
        seeded: Path, tmp_path: Path, how: str) -> None:
    root = fresh_copy(seeded, tmp_path)
    expected = alone(root)
    done, built = report(root, tmp_path, BUILD_FAILS=how)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and built
    assert caches(root) == expected


def test_ctrl_c_ends_the_workers_at_once(seeded: Path, tmp_path: Path) -> None:
    """Workers busy for a minute each: ctrl+c to the command ends it and them in
    moments, with its one line, and leaves no half-written cache behind."""
    root = fresh_copy(seeded, tmp_path)
    built = tmp_path / "built.txt"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    command = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(built), "report", "--format", "json",
         "--store", str(root), "--policies", str(POLICIES)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**clean, "BUILD_FAILS": "slow"}, preexec_fn=interruptible)
    ctrl_c_when_busy(command, lambda: [int(pid) for pid in built.read_text().split()[::2]]
                     if built.exists() else [], 2)
    assert not [p for p in (root / "cache").rglob(".*")]


def test_a_process_with_another_thread_builds_alone(seeded: Path, tmp_path: Path) -> None:
    root = fresh_copy(seeded, tmp_path)
    expected = alone(root)
    done, built = report(root, tmp_path, SECOND_THREAD="1")
    assert done.returncode == 0, done.stderr
    assert built == []
    assert caches(root) == expected


def test_a_damaged_day_file_is_named_in_one_line(seeded: Path, tmp_path: Path) -> None:
    root = fresh_copy(seeded, tmp_path)
    day = sorted((root / "incidents" / years_of(root)[1]).glob("*.json"))[3]
    day.write_bytes(day.read_bytes()[:-40])
    done, built = report(root, tmp_path)
    assert built  # the workers ran, and met it too
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, done.stderr  # the driver's pid, then the one line
    assert lines[1].startswith("error: ") and day.name in lines[1]
