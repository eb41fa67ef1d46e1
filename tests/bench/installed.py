"""The benchmarks time the kiosk as installed: with its bytecode compiled, as pip does for
a wheel and `make run` does for the working tree. Without it, a machine that sets
PYTHONDONTWRITEBYTECODE compiles every kiosk module from source in every process, and
the peers (click, Textual), compiled at their install, would be timed on other terms."""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def compile_kiosk() -> None:
    if not compileall.compile_dir(ROOT / "kiosk", quiet=1, workers=0):
        raise SystemExit("could not compile the kiosk's bytecode")
