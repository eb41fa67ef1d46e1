"""Seed a store with years of realistic incidents, fast (the store's bulk path).

Used by store_bench.py and report_bench.py:

    from seed import seed_store   (or: from tests.bench.seed import seed_store)
    info = seed_store(root, 100_000, policy, random.Random(7))

The incidents span ``years`` up to ``end`` (a busy 500-room hotel sees about 27 a day):
guests from Armenia, East Africa and elsewhere (about one in five comes back), the
active checklist walked step by step, compensation chosen from the category's
suggestions within the agent's role (a supervisor's approval when it is more), letters
issued and printed, follow-up calls made. Everything older than three days is closed;
the last half day is still open at the desk.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from kiosk.core.clock import FixedClock
from kiosk.core.models import (
    Approval,
    CompensationDecision,
    CompensationLine,
    FollowUp,
    Guest,
    Honorific,
    Incident,
    LetterRecord,
    Outcome,
    PrintRecord,
    Staff,
    Status,
    StepRecord,
)
from kiosk.core.policy_set import Policy
from kiosk.store import TinyStore, open_store
from kiosk.store.layout import new_incident_id

FIRST = {
    "hy": ["Անի", "Արամ", "Լևոն", "Մարիամ", "Նարեկ", "Գայանե", "Տիգրան", "Սոնա", "Արմեն",
           "Լիլիթ", "Դավիթ", "Հասմիկ", "Գոռ", "Նունե", "Վահե", "Արփի", "Սամվել", "Թամար",
           "Կարեն", "Մանե", "Ռուբեն", "Լուսինե", "Հայկ", "Զառա", "Էդգար", "Սիրանուշ"],
    "sw": ["Juma", "Neema", "Amani", "Zawadi", "Baraka", "Grace", "Mariam", "Otieno",
           "Wanjiru", "Imani", "Halima", "Musa", "Rehema", "Salim", "Faraji", "Upendo",
           "Hamisi", "Subira", "Jabari", "Akinyi", "Bakari", "Mwanaisha", "Kato", "Nuru"],
    "en": ["John", "Anna", "Peter", "Sophie", "Lucas", "Emma", "Oliver", "Mia", "Noah",
           "Clara", "Daniel", "Hannah", "Marco", "Julia", "Tomás", "Ingrid", "Pierre",
           "Yuki", "Omar", "Elena", "Jakub", "Freya", "Mateo", "Aisha"],
}
LAST = {
    "hy": ["Պետրոսյան", "Վարդանյան", "Հակոբյան", "Սարգսյան", "Գրիգորյան", "Մկրտչյան",
           "Հովհաննիսյան", "Ավետիսյան", "Կարապետյան", "Խաչատրյան", "Ղազարյան", "Մանուկյան",
           "Աբրահամյան", "Մարտիրոսյան", "Սահակյան", "Դավթյան", "Ստեփանյան", "Հարությունյան",
           "Պողոսյան", "Ալեքսանյան", "Թադևոսյան", "Բաբայան", "Եղիազարյան", "Միքայելյան"],
    "sw": ["Mushi", "Otieno", "Wanjiru", "Kamau", "Mwangi", "Njoroge", "Achieng", "Odhiambo",
           "Kimaro", "Massawe", "Mollel", "Swai", "Onyango", "Chege", "Wafula", "Kiprono",
           "Mutua", "Ndege", "Shirima", "Lyimo", "Komba", "Mrema", "Nyerere", "Kariuki"],
    "en": ["Smith", "Müller", "Rossi", "Dubois", "Jensen", "Novak", "Garcia", "Kowalski",
           "Brown", "Schneider", "Tanaka", "Haddad", "Larsen", "Moreau", "Costa", "Weber",
           "Nilsson", "Ferrari", "Horvat", "Silva", "Fischer", "Bianchi", "Olsen", "Petit"],
}


def guest_name(rng: random.Random, language: str) -> str:
    """Given name, sometimes a second one, family name: mostly distinct, as real guests
    are, with the odd common name coming back."""
    first = rng.choice(FIRST[language])
    if rng.random() < 0.85:
        first = f"{first} {rng.choice(FIRST[language])}"
    return f"{first} {rng.choice(LAST[language])}"


ACCOUNTS = {
    "noise": "Loud party next door until 3 am, called twice and nothing happened.",
    "housekeeping": "The room was not cleaned and there were no fresh towels after a "
                    "long day of meetings.",
    "maintenance": "The air conditioning stopped at night and the room was far too hot.",
    "food_beverage": "Breakfast was cold and we waited forty minutes for the omelette.",
    "billing": "The minibar was charged twice on the bill although we never opened it.",
    "staff_attitude": "The porter was rude when we asked for help with the luggage.",
    "reservation_error": "We booked a twin room and were given a double; nobody could fix it.",
    "wifi_technology": "The Wi-Fi kept dropping and I could not join my video call.",
}
NOTES = ["Guest calm now", "Listened without interrupting", "Apologised in person",
         "Engineering called", "Manager informed", "Offered tea in the lobby", ""]
SEVERITIES = ["low", "medium", "medium", "medium", "high", "high", "critical"]


@dataclass
class SeedInfo:
    store: TinyStore
    n: int
    staff: dict[str, list[str]]  # role → staff ids
    guests: list[str] = field(default_factory=list)  # names used, for look-ups
    end: datetime = field(default_factory=lambda: datetime.now(UTC))


def _staff(policy: Policy) -> list[Staff]:
    """40 agents, 10 supervisors, 4 of each role above."""
    counts = [40, 10] + [4] * (len(policy.roles) - 2)
    out = []
    for role, count in zip(policy.roles, counts, strict=False):
        for k in range(count):
            out.append(Staff(id=f"{role.id[:2]}{k:03d}", name=f"{role.id} {k}",
                             role=role.id, pin_hash="$seeded$no-sign-in"))
    return out


def _decision(policy: Policy, rng: random.Random, category: str, agent: str,
              supervisor: str, at: datetime) -> CompensationDecision | None:
    suggested = [i for i in policy.categories[category].suggested if i in policy.items]
    if not suggested or rng.random() < 0.3:
        return None
    picks = rng.sample(suggested, k=min(len(suggested), rng.choice([1, 1, 2])))
    lines = [CompensationLine(i, 1, policy.items[i].unit_value) for i in picks]
    total = sum((line.value for line in lines), Decimal(0))
    agent_cap = policy.roles[0].per_incident_cap
    allowed_items = policy.roles[0].items
    needs = total > agent_cap or any(allowed_items.get(i, 0) < 1 for i in picks)
    approval = Approval(supervisor, policy.roles[1].id, "guest waited too long",
                        at) if needs else None
    remark = "room 1207, sea view" if any(policy.items[i].remark_required for i in picks) else ""
    for line in lines:
        line.remark = remark if policy.items[line.item_id].remark_required else ""
    return CompensationDecision(
        lines=lines, total=total, currency=policy.currency,
        verdict="needs_approval" if needs else "allowed", reasons=[],
        policy_hash=policy.policy_hash, decided_by=agent, decided_role=policy.roles[0].id,
        decided_at=at, approval=approval)


def make_incident(policy: Policy, rng: random.Random, at: datetime, end: datetime,
                  staff: dict[str, list[str]], guests: list[tuple[str, str]],
                  incident_id: str, ref: str) -> Incident:
    """One realistic incident reported at ``at``, in the state it would be at ``end``."""
    if guests and rng.random() < 0.2:
        name, language = rng.choice(guests)
    else:
        language = rng.choice(["hy", "hy", "sw", "en"])
        name = guest_name(rng, language)
        guests.append((name, language))
    arrival = (at - timedelta(days=rng.randint(0, 3))).date()
    room = f"{rng.randint(1, 10)}{rng.randint(1, 50):02d}"
    guest = Guest(name=name, language=language, room=room, arrival=arrival,
                  departure=arrival + timedelta(days=rng.randint(1, 7)),
                  honorific=rng.choice(list(Honorific)),
                  loyalty_id=f"AG{rng.randint(100000, 999999)}" if rng.random() < 0.3 else "",
                  contact=f"+374 9{rng.randint(1000000, 9999999)}")
    category = rng.choice(sorted(policy.categories))
    agent = rng.choice(staff[policy.roles[0].id])
    supervisor = rng.choice(staff[policy.roles[1].id])
    incident = Incident(
        id=incident_id, ref=ref, property=policy.property.name,
        terminal=f"desk-{rng.randint(1, 4)}",
        agent_id=agent, guest=guest, category=category, severity=rng.choice(SEVERITIES),
        account=ACCOUNTS.get(category, "Something went wrong during the stay."),
        reported_at=at, location=f"Room {room}" if rng.random() < 0.7 else "Lobby")
    age = end - at
    if age < timedelta(minutes=5):
        return incident
    step_at = at
    for step in policy.steps:
        step_at += timedelta(minutes=rng.randint(1, 6))
        incident.steps.append(StepRecord(step.id, agent, step_at, rng.choice(NOTES)))
    incident.acknowledged_at = incident.steps[0].at
    decision = _decision(policy, rng, category, agent, supervisor, step_at)
    if decision is not None:
        incident.compensation.append(decision)
        incident.tier = policy.tier_for(decision.total).id
    if age < timedelta(hours=12):
        return incident
    incident.resolved_at = step_at + timedelta(minutes=rng.randint(10, 300))
    incident.status = Status.RESOLVED
    incident.letters.append(LetterRecord(
        version=1, language=guest.language, template=f"apology.{guest.language}.md.j2",
        policy_hash=policy.policy_hash, content_hash=f"{rng.getrandbits(256):064x}",
        file=f"{incident_id}/v1.pdf", created_at=incident.resolved_at, created_by=agent,
        prints=[PrintRecord(at=incident.resolved_at, queue="frontdesk", status="printed",
                            job_id=f"frontdesk-{rng.randint(1, 99999)}", by=agent)]))
    due = incident.resolved_at + timedelta(hours=policy.property.follow_up_hours)
    incident.follow_up = FollowUp(due=due)
    if age < timedelta(days=2):
        return incident
    incident.follow_up.done_at = due + timedelta(minutes=rng.randint(0, 240))
    incident.follow_up.outcome = rng.choice([Outcome.SATISFIED] * 6 + [
        Outcome.NOT_SATISFIED, Outcome.UNREACHABLE])
    incident.follow_up.by = supervisor
    incident.status = Status.FOLLOWED_UP
    if age < timedelta(days=3):
        return incident
    incident.status = Status.CLOSED
    incident.closed_at = incident.follow_up.done_at + timedelta(hours=rng.randint(1, 48))
    incident.updated_at = incident.closed_at
    return incident


def _ref(rng: random.Random, used: set[str]) -> str:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    while True:
        ref = "".join(rng.choice(alphabet) for _ in range(6))
        if ref not in used:
            used.add(ref)
            return ref


def seed_store(root: Path, n: int, policy: Policy, rng: random.Random,
               end: datetime | None = None, years: float = 10.0) -> SeedInfo:
    """A store at ``root`` (must be new or empty) with ``n`` incidents over ``years``
    up to ``end`` (default now), plus its staff. Returns what a benchmark needs."""
    end = end or datetime.now(UTC)
    store = open_store(root, clock=FixedClock(end), terminal="seed")
    assert isinstance(store, TinyStore)
    staff: dict[str, list[str]] = {}
    for member in _staff(policy):
        store.add_staff(member, actor="seed")
        staff.setdefault(member.role, []).append(member.id)
    span = timedelta(days=365.25 * years).total_seconds()
    start = end - timedelta(seconds=span)
    times = sorted(rng.uniform(0, span) for _ in range(n))
    guests: list[tuple[str, str]] = []
    refs: set[str] = set()

    def incidents() -> Iterator[Incident]:
        for offset in times:
            at = start + timedelta(seconds=offset)
            yield make_incident(policy, rng, at, end, staff, guests,
                                new_incident_id(at),
                                _ref(rng, refs))

    store.bulk_load(incidents(), actor="seed")
    store.clock = lambda: datetime.now(UTC)
    return SeedInfo(store=store, n=n, staff=staff, guests=[g for g, _ in guests], end=end)


def sample_incident(incident_id: str, ref: str, agent: str, at: datetime,
                    name: str = "Անի Պետրոսյան", room: str = "412",
                    category: str = "noise") -> Incident:
    """A plain open incident, for tests that need many of them quickly."""
    arrival = at.date() - timedelta(days=1)
    return Incident(
        id=incident_id, ref=ref, property="Hotel Ararat Garden", terminal="test-desk",
        agent_id=agent, guest=Guest(name=name, language="hy", room=room, arrival=arrival,
                                    departure=arrival + timedelta(days=4)),
        category=category, severity="medium", account="Loud party next door until 3 am",
        reported_at=at)
