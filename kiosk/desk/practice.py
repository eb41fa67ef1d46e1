"""Practice: an agent rehearses a recovery on the real screens, with a scenario's guest.

Everything a run touches is swapped here, in one place, for a practice handle
(``practice_desk``): the store is a folder of its own beside the real one
(``<store>-practice``), letters print only to the property's ``practice_printer`` (never
its front-desk printer; without one they are shown, not printed) and carry PRACTICE on
every page, and the policy in force is the real one without its line to head office
and without anyone to notify. So the real store, the printer queue, the postings, the
outbox, the chain's sync and the reports never see a practice run: they read the real
store, which a practice desk cannot reach.

The practice store keeps each run (``practice_runs``) with its debrief, so supervisors
see every agent's record (``kiosk training report``, the supervisor area). Practice
runs are recorded against a real signed-in person: the staff list is copied from the
real store when a run starts (a PIN lockout stays the stricter of the two).
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from kiosk import printing
from kiosk.core.display import hotel_time
from kiosk.core.errors import PolicyProblem, PrintError, StoreError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, Staff
from kiosk.core.plain import Value
from kiosk.core.policy_parts import Notify
from kiosk.core.policy_set import Policy
from kiosk.core.practice_debrief import Debrief, debrief
from kiosk.core.training import Scenario, load_scenarios
from kiosk.desk.context import Desk, PolicyHolder
from kiosk.store import open_store
from kiosk.store.api import StoreApi

RUNS = "practice_runs"  # the practice store's record of runs
SUFFIX = "-practice"


def practice_folder(store_root: Path) -> Path:
    """The practice store beside the real one: ``/srv/kiosk/store-practice``."""
    root = Path(store_root)
    return root.with_name(root.name + SUFFIX)


class PracticePrinter:
    """Prints only to the practice queue, whatever queue a screen asks for."""

    def __init__(self, queue: str | None, real_queue: str):
        self.queue = queue if queue and queue != real_queue else None

    def __call__(self, pdf: Path, queue: str, title: str) -> str:
        if self.queue is None:
            raise PrintError(_("practice letters are shown, not printed (the property "
                               "names no practice_printer)"))
        return printing.send(pdf, self.queue, "PRACTICE " + title)


_POLICIES: dict[str, Policy] = {}
_POLICIES_LOCK = threading.Lock()


def practice_policy(policy: Policy) -> Policy:
    """The policy in force without its line to head office or anyone to notify."""
    with _POLICIES_LOCK:
        found = _POLICIES.get(policy.policy_hash)
        if found is None or found.version != policy.version:
            prop = policy.property
            printer = prop.practice_printer or prop.printer
            found = _POLICIES[policy.policy_hash] = dataclasses.replace(
                policy, chain=None, notify=Notify(),
                property=dataclasses.replace(prop, printer=printer))
        return found


class PracticeDesk(Desk):
    """A desk on the practice store; its policy follows the real one as it reloads."""

    @property
    def policy(self) -> Policy:
        return practice_policy(self.policies.current)


def practice_desk(real: Desk, actor: str) -> PracticeDesk:
    """Open (making it the first time) the practice store for ``real``'s store, with the
    staff copied in by ``actor`` (the person about to practise). ``StoreError`` when it
    cannot be used."""
    folder = practice_folder(real.store.root)
    store = open_store(folder, clock=real.clock, terminal=real.terminal)
    copy_staff(real.store, store, actor)
    prop = real.policy.property
    return PracticeDesk(settings=dataclasses.replace(real.settings, store=folder),
                        store=store, policies=real.policies, clock=real.clock,
                        printer=PracticePrinter(prop.practice_printer, prop.printer),
                        letter_mark=_("PRACTICE"))


def copy_staff(real: StoreApi, practice: StoreApi, actor: str) -> None:
    """The real staff list into the practice store (read from the real one only)."""
    known = {m.id: m for m in practice.list_staff()}
    for member in real.list_staff():
        mine = known.get(member.id)
        if mine is None:
            practice.add_staff(dataclasses.replace(member), actor)
            continue
        fresh = _stricter(member, mine)
        if fresh != mine:
            practice.update_staff(member.id, _taking(fresh), actor, "practice.staff")


def _taking(fresh: Staff) -> Callable[[Staff], None]:
    def take(member: Staff) -> None:
        for name in (f.name for f in dataclasses.fields(Staff)):
            setattr(member, name, getattr(fresh, name))

    return take


def _stricter(real: Staff, mine: Staff) -> Staff:
    """The real record, keeping the practice store's PIN lockout when it is stricter:
    starting practice again never wipes a run of wrong PINs."""
    locked = max((t for t in (real.locked_until, mine.locked_until) if t), default=None)
    return dataclasses.replace(real, failed_attempts=max(real.failed_attempts,
                                                         mine.failed_attempts),
                               locks=max(real.locks, mine.locks), locked_until=locked)


# --- scenarios ------------------------------------------------------------------------
def scenarios(desk: Desk) -> tuple[list[Scenario], list[PolicyProblem]]:
    """The valid scenarios of the policy folder in force, and the broken ones' problems."""
    return load_scenarios(desk.policies.folder, desk.policies.current)


def intake(scenario: Scenario, staff_language: str, desk: Desk) -> dict[str, Any]:
    """The new-incident form as the scenario fills it: the guest's name as their own
    language writes it (the letter's), their opening words as the account in the
    agent's language."""
    text = scenario.text(staff_language)
    model = scenario.model
    guest = scenario.text(model.guest_language)
    today = hotel_time(desk.policy, desk.now()).date()
    steps = desk.policy.steps
    opening = text.says.get(steps[0].id, "") if steps else ""
    return {"name": guest.guest_name, "address_as": guest.address_as, "room": model.room,
            "language": model.guest_language, "category": model.category,
            "severity": model.severity.value, "arrival": today.isoformat(),
            "departure": (today + timedelta(days=2)).isoformat(),
            "account": opening or text.situation}


# --- runs -----------------------------------------------------------------------------
class PracticeRun(Value):
    id: str
    scenario: str
    agent_id: str
    started_at: datetime


def start_run(desk: PracticeDesk, scenario: Scenario, member: Staff) -> PracticeRun:
    run = PracticeRun(secrets.token_hex(8), scenario.id, member.id, desk.now())
    doc = {"id": run.id, "scenario": scenario.id, "title": scenario.text("en").title,
           "agent_id": member.id, "agent": member.name, "role": member.role,
           "started_at": run.started_at.isoformat(), "finished_at": None,
           "debrief": None}

    def add(runs: dict[str, dict[str, Any]]) -> None:
        runs[run.id] = doc

    desk.store.change_records(RUNS, add, member.id, "practice.start", run.id,
                              {"scenario": scenario.id})
    return run


def run_incident(desk: PracticeDesk, run: PracticeRun) -> Incident | None:
    """The incident the agent opened in this run: theirs, the newest since it began."""
    mine = [i for i in desk.store.find_incidents(limit=50)
            if i.agent_id == run.agent_id and i.reported_at >= run.started_at]
    return max(mine, key=lambda i: i.reported_at, default=None)


def finish_run(desk: PracticeDesk, run: PracticeRun, scenario: Scenario
               ) -> tuple[Debrief | None, Incident | None]:
    """The debrief (None when no incident was opened), kept with the run."""
    incident = run_incident(desk, run)
    found = debrief(incident, desk.policy, scenario) if incident is not None else None
    finished = desk.now().isoformat()

    def close(runs: dict[str, dict[str, Any]]) -> None:
        if run.id not in runs:
            raise StoreError(_("practice run {id} is not in the practice store").format(
                id=run.id))
        runs[run.id] = {**runs[run.id], "finished_at": finished,
                        "debrief": found.to_record() if found else None}

    desk.store.change_records(RUNS, close, run.agent_id, "practice.finish", run.id)
    return found, incident


def practice_record(store: StoreApi, agent: str | None = None) -> list[dict[str, Any]]:
    """Every run kept, oldest first; ``agent``: one person's, by id or name."""
    runs = sorted(store.records(RUNS).values(), key=lambda r: str(r.get("started_at")))
    if agent:
        wanted = agent.casefold()
        runs = [r for r in runs if wanted in (str(r.get("agent_id", "")).casefold(),
                                              str(r.get("agent", "")).casefold())]
    return runs


class PracticeSession(Value):
    """A run in progress on a terminal: its desk, scenario and record."""

    desk: PracticeDesk
    scenario: Scenario
    run: PracticeRun


def record_at(store_root: Path, agent: str | None = None) -> list[dict[str, Any]]:
    """The practice record kept beside the store at ``store_root`` (none: no run yet)."""
    folder = practice_folder(store_root)
    if not folder.exists():
        return []
    return practice_record(open_store(folder, create=False), agent)


def record_rows(runs: list[dict[str, Any]], policies: PolicyHolder,
                language: str) -> list[dict[str, Any]]:
    """One flat row per run, for a table, CSV or the supervisor area: the start in hotel
    time, the scenario's title in ``language`` (the English one the run kept when the
    policy folder no longer has the scenario), the total as an amount."""
    found, _problems = load_scenarios(policies.folder, policies.current)
    titles = {scenario.id: scenario.text(language).title for scenario in found}
    rows = []
    for run in runs:
        found_in = run.get("debrief") or {}
        started = run.get("started_at")
        scenario = str(run.get("scenario", ""))
        rows.append({
            "started_at": hotel_time(policies.current, datetime.fromisoformat(str(started)))
            if started else None,
            "agent": run.get("agent_id", ""), "name": run.get("agent", ""),
            "scenario": scenario,
            "title": titles.get(scenario) or run.get("title") or scenario,
            "steps": f"{found_in['steps_done']}/{found_in['steps_total']}" if found_in else "",
            "apology_minutes": found_in.get("apology_minutes"),
            "fits": found_in.get("fits") if found_in else None,
            "total": Decimal(found_in["total"]) if found_in.get("total") else None,
            "letter": found_in.get("letter_language", ""),
            "finished": bool(run.get("finished_at"))})
    return rows
