"""The replay's fast path gives the same verdicts as asking the engine every time."""

from __future__ import annotations

import random
from collections import defaultdict, deque
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from kiosk.core.engine import Line, decide
from kiosk.core.models import CompensationDecision, CompensationLine, Guest, Incident
from kiosk.core.policy_set import Policy
from kiosk.core.replay import replay

ROLES = ("agent", "agent", "agent", "supervisor", "duty_manager", "night_auditor")


def random_history(policy: Policy, rng: random.Random, n: int) -> list[Incident]:
    items = [*policy.items, "minibar_credit"]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for k in range(n):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        lines = [CompensationLine(rng.choice(items), rng.randint(1, 3), Decimal(5000))
                 for _ in range(rng.randint(1, 3))]
        decision = CompensationDecision(
            lines, sum((x.value for x in lines), Decimal(0)), "AMD",
            rng.choice(["allowed", "needs_approval"]), [], "h", f"s{rng.randrange(4)}",
            rng.choice(ROLES), at)
        guest = Guest(f"G{rng.randrange(40)}", "en", "1", date(2026, 1, 1), date(2026, 1, 3))
        out.append(Incident(f"I{k}", f"R{k}", "H", "t", "s0", guest,
                            rng.choice([*policy.categories, "lost_luggage"]), "low", "…", at,
                            compensation=[decision]))
    return out


def engine_every_time(policy: Policy, history: list[Incident]) -> dict[tuple[str, str], int]:
    """The replay's rules written plainly: decide() for every decision."""
    taken = sorted(((d.decided_at, i, d) for i in history for d in i.compensation),
                   key=lambda t: t[0])
    stay: dict[str, Decimal] = defaultdict(Decimal)
    window: dict[str, deque[tuple[datetime, Decimal]]] = defaultdict(deque)
    shift: dict[str, Decimal] = defaultdict(Decimal)
    hours = timedelta(hours=policy.property.shift_hours)
    out: dict[tuple[str, str], int] = defaultdict(int)
    for at, incident, d in taken:
        while window[d.decided_by] and window[d.decided_by][0][0] <= at - hours:
            shift[d.decided_by] -= window[d.decided_by].popleft()[1]
        if not policy.has_role(d.decided_role):
            verdict, given = "forbidden", Decimal(0)
        else:
            result = decide(policy, d.decided_role, incident.category,
                            [Line(x.item_id, x.qty) for x in d.lines],
                            stay[incident.guest.stay_key], shift[d.decided_by])
            verdict = result.verdict.value
            given = Decimal(0) if verdict == "forbidden" else result.total
        if given:
            stay[incident.guest.stay_key] += given
            window[d.decided_by].append((at, given))
            shift[d.decided_by] += given
        out[(d.verdict, verdict)] += 1
    return dict(out)


def test_fast_path_matches_the_engine(policy: Policy) -> None:
    for seed in range(3):
        history = random_history(policy, random.Random(seed), 400)
        assert dict(replay(policy, history).transitions) == engine_every_time(policy, history)
