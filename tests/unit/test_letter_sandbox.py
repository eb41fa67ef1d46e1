"""Hostile templates (tests/hostile_templates/) are refused with a clear LetterError that
names the file, and none of them hangs or eats memory: renders run in the bounded helper
process (memory ceiling, hard deadline), as at the desk, in the CLI and in letters check."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.core.errors import LetterError
from kiosk.letters.bounded import BoundedLetters, helper_pid, prestart
from kiosk.letters.render import Choice
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident
from kiosk.letters.sandbox import Limits
from kiosk.letters.view import letter_view

HOSTILE = Path(__file__).resolve().parent.parent / "hostile_templates"
CASES = sorted(p.name for p in HOSTILE.glob("*.md.j2"))
BOMBS = [name for name in CASES if name.startswith("bomb_")]


@pytest.fixture(scope="module")
def hostile() -> BoundedLetters:
    return BoundedLetters(HOSTILE, Limits(seconds=1.0))


def _view(policy):
    return letter_view(sample_incident(policy, "noise", "en"), policy, "en", SAMPLE_AGENT,
                       [], SAMPLE_AT)


def test_the_corpus_is_there():
    assert len(CASES) >= 40 and len(BOMBS) >= 10


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", CASES)
def test_hostile_template_is_refused(hostile, policy, name):
    view = _view(policy)
    with pytest.raises(LetterError) as caught:
        hostile.markdown(Choice(name, "en", ""), view)
    message = str(caught.value)
    assert name in message
    assert "Traceback" not in message and "\n" not in message


def _helper_memory() -> tuple[int, int]:
    """The helper's address-space ceiling and its peak virtual size, in bytes."""
    pid = helper_pid()
    assert pid is not None
    limits = Path(f"/proc/{pid}/limits").read_text()
    ceiling = int(next(ln for ln in limits.splitlines()
                       if ln.startswith("Max address space")).split()[3])
    status = Path(f"/proc/{pid}/status").read_text()
    peak_kb = int(next(ln for ln in status.splitlines() if ln.startswith("VmPeak")).split()[1])
    return ceiling, peak_kb * 1024


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", BOMBS)
def test_memory_bomb_is_refused_within_two_seconds_and_bounded_memory(policy, name):
    """Each bomb passes the sandbox's size checks and then asks one filter for tens of
    gigabytes; the default limits refuse it within 2 s, under a bounded address space."""
    letters = BoundedLetters(HOSTILE)
    prestart()
    view = _view(policy)
    with pytest.raises(LetterError):
        letters.markdown(Choice("unknown_variable.md.j2", "en", ""), view)  # helper warm
    start = time.monotonic()
    with pytest.raises(LetterError) as caught:
        letters.markdown(Choice(name, "en", ""), view)
    elapsed = time.monotonic() - start
    assert elapsed < Limits().seconds + 0.5, f"{name} took {elapsed:.1f} s"
    assert name in str(caught.value) and "\n" not in str(caught.value)
    if helper_pid() is not None:
        ceiling, peak = _helper_memory()
        assert ceiling <= 1024 * 1024 * 1024 and peak <= ceiling


def test_the_helper_survives_a_bomb_and_renders_the_next_letter(policy):
    from tests.conftest import LETTERS

    view = _view(policy)
    with pytest.raises(LetterError):
        BoundedLetters(HOSTILE).markdown(Choice("bomb_upper.md.j2", "en", ""), view)
    letters = BoundedLetters(LETTERS)
    letter = letters.markdown(letters.choose("en", "noise", "en"), view)
    assert "Hotel" in letter.text or letter.text.strip()
    assert letters.pdf(letter, view).startswith(b"%PDF")
