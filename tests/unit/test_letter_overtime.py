"""A template past its deadline stops inside the template, in the process that renders
it, whether or not its loop calls anything: the helper process's hard deadline (which
kills the helper and costs the next letter a warm-up) is only the last fence."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.core.errors import LetterError
from kiosk.letters.render import Choice, LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident
from kiosk.letters.sandbox import Limits, RenderLimit
from kiosk.letters.view import letter_view

HOSTILE = Path(__file__).resolve().parent.parent / "hostile_templates"
# Loops that call nothing (the string loops), loops whose range is a call each time round,
# and a macro calling itself, each in a template of one line.
SLOW = ["nested_loops.md.j2", "nested_string_loops.md.j2", "macro_fanout.md.j2"]


@pytest.fixture(scope="module")
def view(policy):
    return letter_view(sample_incident(policy, "noise", "en"), policy, "en", SAMPLE_AGENT,
                       [], SAMPLE_AT)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", SLOW)
def test_a_late_template_stops_in_process_and_names_its_line(view, name):
    templates = LetterTemplates(HOSTILE, Limits(seconds=0.3))
    started = time.monotonic()
    with pytest.raises(LetterError) as caught:
        templates.markdown(Choice(name, "en", ""), view)
    assert time.monotonic() - started < 3
    message = str(caught.value)
    assert isinstance(caught.value, RenderLimit) and "took longer than 0.3 s" in message
    assert f"{name}:1" in message or f"{name}, line 1" in message, message
    assert sys.gettrace() is None  # the render left no tracer behind


def test_a_render_in_time_leaves_no_tracer_and_other_threads_alone(view):
    templates = LetterTemplates(Path(__file__).resolve().parents[2] / "letters",
                                Limits(seconds=0.2))
    choice = templates.choose("en", "noise", "en")
    for _ in range(3):
        templates.markdown(choice, view)
    time.sleep(0.3)  # past every deadline of the renders above: nothing fires late
    traced: list[object] = []
    worker = threading.Thread(target=lambda: traced.append(sys.gettrace()))
    worker.start()
    worker.join()
    assert sys.gettrace() is None and traced == [None]
    assert templates.markdown(choice, view).body
