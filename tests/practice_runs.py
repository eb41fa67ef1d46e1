"""Practice runs kept beside a desk's store, made as the practice screens make them: one
finished, whose incident was heard, met with empathy and apologised for a minute and a
half apart but given nothing (so it does not fit the failure), one begun and left."""

from __future__ import annotations

from datetime import date

from kiosk.core.clock import FixedClock
from kiosk.core.models import Guest
from kiosk.core.training import Scenario
from kiosk.desk import practice
from kiosk.desk.context import Desk
from kiosk.desk.incidents import open_incident, record_step

PRACTISED = ("noise_wedding_party", "wifi_video_call")


def practise(desk: Desk, clock: FixedClock, agent: str = "agent1") -> list[Scenario]:
    """Two runs by ``agent`` on ``desk``, whose clock is ``clock``: the first scenario of
    ``PRACTISED`` finished, its apology 4.5 minutes after the incident was opened, the
    second begun; the scenarios, in that order."""
    found, _problems = practice.scenarios(desk)
    chosen = [next(s for s in found if s.id == wanted) for wanted in PRACTISED]
    room = practice.practice_desk(desk, agent)
    member = room.store.get_staff(agent)
    run = practice.start_run(room, chosen[0], member)
    form = practice.intake(chosen[0], "en", room)
    guest = Guest(name=form["name"], language=form["language"], room=form["room"],
                  arrival=date.fromisoformat(form["arrival"]),
                  departure=date.fromisoformat(form["departure"]))
    incident = open_incident(room, agent, guest, form["category"], form["severity"],
                             form["account"])
    for step in ("listen", "empathize", "apologize"):
        clock.advance(seconds=90)
        record_step(room, incident.id, agent, step, note="Heard, and said so")
    practice.finish_run(room, run, chosen[0])
    practice.start_run(room, chosen[1], member)
    return chosen
