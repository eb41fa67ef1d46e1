"""The debrief after a practice run: what the agent did with the scenario's guest.

A pure function of the practice incident, the policy in force and the scenario:

- the checklist's steps in the policy's order, each with its time and the minutes from
  the start (the incident opened at intake, as the report counts it);
- minutes to the apology: the report's own measure (``core/digest.py``);
- whether the compensation fit: something was given, every item is among the
  scenario's ``fit``, none needed a supervisor's approval (within the role's limits),
  and the total is not above ``spend_ceiling``. Items in ``too_much`` are named as
  overdoing it, items in neither list as not matching the failure.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from kiosk.core.digest import from_incident
from kiosk.core.engine import Verdict
from kiosk.core.models import Incident
from kiosk.core.plain import Value
from kiosk.core.policy_set import Policy
from kiosk.core.training import Scenario


class StepTime(Value):
    step_id: str
    at: datetime | None  # None: not done
    minutes: float | None  # from the start
    note: str = ""


class Debrief(Value):
    scenario_id: str
    incident_ref: str
    started_at: datetime
    steps: tuple[StepTime, ...]
    apology_minutes: float | None
    items: tuple[tuple[str, int], ...]  # (item id, how many), in the order given
    total: Decimal
    currency: str
    fitting: tuple[str, ...]  # items among the scenario's fit
    overdone: tuple[str, ...]  # items among its too_much
    unmatched: tuple[str, ...]  # items in neither list
    within_role: bool  # nothing needed a supervisor's approval
    above_ceiling: bool
    letter_language: str  # "" when no letter was issued
    letter_version: int = 0

    @property
    def fits(self) -> bool:
        return (bool(self.items) and not self.overdone and not self.unmatched
                and self.within_role and not self.above_ceiling)

    @property
    def steps_done(self) -> int:
        return sum(1 for step in self.steps if step.at is not None)

    def to_record(self) -> dict[str, Any]:
        """JSON-ready, for the practice record and ``kiosk training report``."""
        return {
            "scenario": self.scenario_id, "ref": self.incident_ref,
            "started_at": self.started_at.isoformat(),
            "steps": [{"step": s.step_id, "at": s.at.isoformat() if s.at else None,
                       "minutes": _round(s.minutes)} for s in self.steps],
            "steps_done": self.steps_done, "steps_total": len(self.steps),
            "apology_minutes": _round(self.apology_minutes),
            "items": [{"item": item, "qty": qty} for item, qty in self.items],
            "total": str(self.total), "currency": self.currency,
            "fitting": list(self.fitting), "overdone": list(self.overdone),
            "unmatched": list(self.unmatched), "within_role": self.within_role,
            "above_ceiling": self.above_ceiling, "fits": self.fits,
            "letter_language": self.letter_language, "letter_version": self.letter_version,
        }


def _round(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 1)


def debrief(incident: Incident, policy: Policy, scenario: Scenario) -> Debrief:
    start = incident.reported_at
    records = {record.step_id: record for record in incident.steps}
    steps = tuple(
        StepTime(step.id, record.at, (record.at - start).total_seconds() / 60,
                 record.note) if (record := records.get(step.id)) else
        StepTime(step.id, None, None)
        for step in policy.steps)
    given: dict[str, int] = {}
    for decision in incident.compensation:
        for line in decision.lines:
            given[line.item_id] = given.get(line.item_id, 0) + line.qty
    fit, too_much = set(scenario.model.fit), set(scenario.model.too_much)
    ceiling = scenario.model.spend_ceiling
    total = incident.compensation_total
    letter = incident.letters[-1] if incident.letters else None
    return Debrief(
        scenario_id=scenario.id, incident_ref=incident.ref, started_at=start, steps=steps,
        apology_minutes=from_incident(incident).apology_min,
        items=tuple(given.items()), total=total, currency=policy.currency,
        fitting=tuple(i for i in given if i in fit),
        overdone=tuple(i for i in given if i in too_much),
        unmatched=tuple(i for i in given if i not in fit and i not in too_much),
        within_role=all(d.verdict == Verdict.ALLOWED for d in incident.compensation),
        above_ceiling=ceiling is not None and total > ceiling,
        letter_language=letter.language if letter else "",
        letter_version=letter.version if letter else 0)
