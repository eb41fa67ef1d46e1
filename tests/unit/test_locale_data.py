"""The staff's locale is read from Babel's CLDR files once and kept: a later process
writes dates, times, amounts and durations exactly as Babel does from its own files,
without opening them; a kept file that is not a locale is never run, only replaced."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Writes a few of everything in each staff locale, and lists the CLDR files it opened.
PROBE = """
import json, sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0]))
                 if event == "open" and str(args[0]).endswith(".dat") else None)
from kiosk.core import display
moment = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
shown = {locale: [display.day(date(2026, 11, 23), locale), display.day_time(moment, locale),
                  display.clock(moment, locale), display.day_month(moment, locale),
                  display.amount(Decimal("25000"), locale), display.amount(Decimal("12.5"), locale),
                  display.percent(0.833, locale), display.tenths(4.5, locale),
                  display.duration(timedelta(hours=3, minutes=5), locale)]
         for locale in ("en_GB", "hy_AM", "sw_KE")}
print(json.dumps({"shown": shown, "opened": opened}))
"""


def _run(cache: Path) -> dict[str, object]:
    env = {**os.environ, "KIOSK_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_kept_locale_writes_what_babel_writes_without_its_files(tmp_path: Path) -> None:
    first = _run(tmp_path / "cache")
    assert first["opened"]  # Babel's own files, read once
    kept = sorted((tmp_path / "cache" / "locales").iterdir())
    assert len(kept) == 3 and all(p.stat().st_mode & 0o777 == 0o600 for p in kept)
    again = _run(tmp_path / "cache")
    assert again["opened"] == []
    assert again["shown"] == first["shown"]
    assert again["shown"]["hy_AM"][4] == "25\u00a0000"  # type: ignore[index]


class _Planted:
    """Stands for anything that is not a locale: unpickling it would create a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_a_kept_file_that_is_no_locale_is_never_run(tmp_path: Path) -> None:
    cache, planted = tmp_path / "cache", tmp_path / "planted"
    _run(cache)
    victim = next((cache / "locales").iterdir())
    victim.write_bytes(pickle.dumps(_Planted(planted)))
    again = _run(cache)
    assert not planted.exists()
    assert again["opened"]  # that locale read from Babel's files again ...
    assert type(pickle.loads(victim.read_bytes())).__name__ == "Locale"  # ... and kept
