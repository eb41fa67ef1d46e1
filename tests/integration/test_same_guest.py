"""The stay and the repeat-guest check cannot be dodged with text that looks the same,
and invisible characters never reach the store."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kiosk.core.engine import Line
from kiosk.core.errors import ValidationError
from kiosk.core.models import Guest
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from tests.unit.test_guest_keys import INVISIBLE_NAMES


def _guest(**changes: Any) -> Guest:
    values: dict[str, Any] = dict(name="Cap Guest", language="en", room="500",
                                  arrival=date(2026, 11, 20), departure=date(2026, 11, 25))
    values.update(changes)
    return Guest(**values)


def _open(desk: Desk, agent: str, **changes: Any) -> str:
    return incidents.open_incident(desk, agent, _guest(**changes), "noise", "medium",
                                   "Loud party next door").id


@pytest.mark.parametrize("room", ["500.", "5-00", "5 00"])
def test_a_room_spelled_otherwise_is_the_same_stay(desk: Desk, team: dict[str, str],
                                                   room: str) -> None:
    for agent, changes in ((team["agent"], {}), (team["agent"], {"room": room}),
                           (team["agent2"], {"name": "cap  GUEST", "room": room})):
        incidents.give_compensation(desk, _open(desk, agent, **changes), agent,
                                    [Line("breakfast_voucher")])  # 12,000 each
    assert desk.store.stay_total(_guest().stay_key) == 36000
    fourth = _open(desk, team["agent2"], room=room)
    with pytest.raises(ValidationError, match="Needs approval"):  # 48,000 > 40,000
        incidents.give_compensation(desk, fourth, team["agent2"], [Line("breakfast_voucher")])


def test_the_repeat_flag_sees_the_same_guest(desk: Desk, team: dict[str, str]) -> None:
    _open(desk, team["agent"], room="500.")
    history = incidents.guest_history(desk, _guest(name="CAP  guest"))
    assert history.repeat and len(history.incidents) == 1


@pytest.mark.parametrize("name", [n for n in INVISIBLE_NAMES
                                  if any(ch in n for ch in "\u200b\u200c\u200d\ufeff\u00ad"
                                         "\u2060\u200e\u2066\U000e0041\ufe0f\u3164\u180e")])
def test_invisible_characters_are_refused_with_one_line(desk: Desk, team: dict[str, str],
                                                        name: str) -> None:
    with pytest.raises(ValidationError, match=r"^guest\.name: .*invisible") as err:
        _open(desk, team["agent"], name=name)
    assert "\n" not in str(err.value)
    assert desk.store.find_incidents() == []


@pytest.mark.parametrize("field", ["name", "account"])
@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200c\ufeff", " \u2060 ", "\u3164"])
def test_empty_once_invisible_characters_go_is_empty(desk: Desk, team: dict[str, str],
                                                     field: str, text: str) -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        if field == "name":
            _open(desk, team["agent"], name=text)
        else:
            incidents.open_incident(desk, team["agent"], _guest(), "noise", "medium", text)


@pytest.mark.parametrize(("arrival", "departure"), [
    (date(1, 1, 1), date(1, 1, 3)), (date(9999, 12, 28), date(9999, 12, 31)),
    (date(1899, 5, 1), date(1899, 5, 2))])
def test_stays_out_of_reason_are_refused(desk: Desk, team: dict[str, str], arrival: date,
                                         departure: date) -> None:
    with pytest.raises(ValidationError, match=r"^guest\.arrival: .*not a plausible"):
        _open(desk, team["agent"], arrival=arrival, departure=departure)
