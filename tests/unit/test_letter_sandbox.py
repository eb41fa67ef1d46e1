"""Hostile templates (tests/hostile_templates/) are refused with a clear LetterError that
names the file, and none of them hangs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.errors import LetterError
from kiosk.letters.render import Choice, LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident
from kiosk.letters.sandbox import Limits
from kiosk.letters.view import letter_view

HOSTILE = Path(__file__).resolve().parent.parent / "hostile_templates"
CASES = sorted(p.name for p in HOSTILE.glob("*.md.j2"))


@pytest.fixture(scope="module")
def hostile() -> LetterTemplates:
    return LetterTemplates(HOSTILE, Limits(seconds=0.5))


def test_the_corpus_is_there():
    assert len(CASES) >= 25


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", CASES)
def test_hostile_template_is_refused(hostile, policy, name):
    view = letter_view(sample_incident(policy, "noise", "en"), policy, "en", SAMPLE_AGENT,
                       [], SAMPLE_AT)
    with pytest.raises(LetterError) as caught:
        hostile.markdown(Choice(name, "en", ""), view)
    message = str(caught.value)
    assert name in message
    assert "Traceback" not in message and "\n" not in message
