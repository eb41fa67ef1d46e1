"""The headless intake document: validated whole, decided whole, saved whole or not at all."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.errors import AuthError, ValidationError
from kiosk.core.models import Incident
from kiosk.desk.context import Desk
from kiosk.desk.intake import add_from_document, parse_document
from tests.integration.desk_setup import make_desk, make_team

MINIMAL: dict[str, Any] = {
    "agent": "agent",
    "guest": {"name": "Անի Պետրոսյան", "language": "hy", "room": "412",
              "arrival": "2026-11-20", "departure": "2026-11-25"},
    "category": "noise", "severity": "medium",
    "account": "Loud party next door until 3 am",
    "compensation": [{"item": "welcome_amenity", "qty": 1}],
}


def doc(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(MINIMAL)
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return document


def intake(desk: Desk, document: Any, approver_pin: str | None = None) -> Incident:
    """The intake as the agent who proved who they are (the CLI checks the PIN)."""
    return add_from_document(desk, document, desk.store.get_staff("agent"), approver_pin)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = make_desk(tmp_path / "store")
    make_team(desk)
    return desk


def test_minimal_document_is_accepted(desk: Desk) -> None:
    incident = intake(desk, doc())
    saved = desk.store.get_incident(incident.id)
    assert saved.guest.name == "Անի Պետրոսյան"
    assert saved.compensation[0].lines[0].item_id == "welcome_amenity"
    assert saved.compensation[0].verdict == "allowed"


def test_full_document_with_steps_and_optional_fields(desk: Desk) -> None:
    document = doc(guest__honorific="ms", guest__loyalty_id="AG-1", guest__contact="+374 1",
                   location="4th floor",
                   steps=[{"step": "listen", "note": "Party in 414"},
                          {"step": "empathize"}],
                   compensation=[{"item": "welcome_amenity", "qty": 1, "remark": "Wine"}])
    incident = intake(desk, document)
    assert [s.step_id for s in incident.steps] == ["listen", "empathize"]
    assert incident.acknowledged_at is not None
    assert incident.guest.honorific.value == "ms"
    assert incident.compensation[0].lines[0].remark == "Wine"


OVER = [{"item": "room_upgrade", "qty": 1, "remark": "Suite 801"}]


def test_over_limit_without_approval_saves_nothing(desk: Desk) -> None:
    with pytest.raises(ValidationError, match=r"Needs approval.*(?i:supervisor)"):
        intake(desk, doc(compensation=OVER))
    assert desk.store.find_incidents() == []


def test_over_limit_with_supervisor_approval(desk: Desk) -> None:
    document = doc(compensation=OVER,
                   approval={"approver": "supervisor", "reason": "Booking error"})
    with pytest.raises(ValidationError, match="PIN is needed"):
        intake(desk, document)
    assert desk.store.get_staff("supervisor").failed_attempts == 0
    with pytest.raises(AuthError, match="Wrong staff id or PIN"):
        intake(desk, document, "0000")
    with pytest.raises(AuthError, match="cannot approve your own"):
        intake(desk, doc(compensation=OVER,
                                    approval={"approver": "agent", "reason": "x"}), "1397")
    assert desk.store.find_incidents() == []
    incident = intake(desk, document, "2684")
    approval = incident.compensation[0].approval
    assert approval is not None and approval.approver_id == "supervisor"


@pytest.mark.parametrize(("document", "message"), [
    (doc(colour="red"), "colour: unknown field"),
    (doc(guest__nmae="x"), "guest.nmae: unknown field"),
    (doc(agent=7), "agent: must be a valid string"),
    (doc(guest__arrival="20/11/2026"), "guest.arrival: must be a date written YYYY-MM-DD"),
    (doc(guest__arrival="2026-02-30"), "guest.arrival: not a real calendar date"),
    (doc(compensation=[{"item": "welcome_amenity", "qty": "1"}]), "compensation.0.qty"),
    (doc(compensation=[{"item": "welcome_amenity", "qty": 1.5}]), "compensation.0.qty"),
    (doc(compensation=[{"item": "welcome_amenity", "qty": True}]), "compensation.0.qty"),
    (doc(compensation=[{"item": "welcome_amenity", "qty": 0}]), "compensation.0.qty"),
    (doc(account="x" * 100_000), "account: too long"),
    (doc(guest__honorific="sir"), "guest.honorific: must be one of"),
    (doc(compensation={"item": "welcome_amenity"}), "compensation"),
    (doc(approval={"approver": "supervisor", "reason": "x", "pin": "2684"}),
     "approval.pin: unknown field"),
])
def test_document_shape_errors_name_the_field(desk: Desk, document: Any, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        intake(desk, document)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert desk.store.find_incidents() == []


@pytest.mark.parametrize(("document", "message"), [
    (doc(guest__name="Ani\x1b[31mRed"), "guest.name: contains U+001B"),
    (doc(account="Loud \x07 party"), "account: contains U+0007"),
    (doc(guest__language="de"), "guest.language"),
    (doc(guest__departure="2026-11-01"), "before the arrival"),
    (doc(category="ghosts"), "category"),
    (doc(severity="apocalyptic"), "severity"),
    (doc(compensation=[{"item": "discount_10", "qty": 1}]), "Not possible"),
    (doc(steps=[{"step": "apologize"}]), "steps.0: Do 'Listen' before"),
])
def test_document_content_errors_save_nothing(desk: Desk, document: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        intake(desk, document)
    assert desk.store.find_incidents() == []


@pytest.mark.parametrize("named", ["generalmanager", "ghost"])
def test_the_document_never_names_who_acts(desk: Desk, named: str) -> None:
    """The agent signed in is the one who acts: a document naming the general manager
    gets no general-manager limits, and saves nothing."""
    over = [{"item": "room_night_credit", "qty": 1, "remark": "Two nights"}]
    with pytest.raises(AuthError, match="nobody acts as someone else"):
        intake(desk, doc(agent=named, compensation=over))
    assert desk.store.find_incidents() == []
    incident = intake(desk, doc(agent=...))  # no agent: the actor
    assert incident.agent_id == "agent"


def test_disabled_agent_is_refused(desk: Desk) -> None:
    from kiosk.desk.staff import disable_staff

    disable_staff(desk, "agent", "supervisor")
    with pytest.raises(ValidationError, match="disabled"):
        intake(desk, doc())


def test_not_an_object() -> None:
    with pytest.raises(ValidationError, match="JSON object"):
        parse_document([MINIMAL])
