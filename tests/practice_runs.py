"""Practice runs kept beside a desk's store, made as the practice screens make them: one
finished, whose incident was given nothing (so it does not fit the failure), one begun
and left."""

from __future__ import annotations

from datetime import date

from kiosk.core.models import Guest
from kiosk.core.training import Scenario
from kiosk.desk import practice
from kiosk.desk.context import Desk
from kiosk.desk.incidents import open_incident

PRACTISED = ("noise_wedding_party", "wifi_video_call")


def practise(desk: Desk, agent: str = "agent1") -> list[Scenario]:
    """Two runs by ``agent``: the first scenario of ``PRACTISED`` finished, the second
    begun; the scenarios, in that order."""
    found, _problems = practice.scenarios(desk)
    chosen = [next(s for s in found if s.id == wanted) for wanted in PRACTISED]
    room = practice.practice_desk(desk, agent)
    member = room.store.get_staff(agent)
    run = practice.start_run(room, chosen[0], member)
    form = practice.intake(chosen[0], "en", room)
    guest = Guest(name=form["name"], language=form["language"], room=form["room"],
                  arrival=date.fromisoformat(form["arrival"]),
                  departure=date.fromisoformat(form["departure"]))
    open_incident(room, agent, guest, form["category"], form["severity"], form["account"])
    practice.finish_run(room, run, chosen[0])
    practice.start_run(room, chosen[1], member)
    return chosen
