"""Which channels a role is told by, and the retry spacing, from the policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from kiosk.core.notices import channels_for, retry_after
from kiosk.core.policy_parts import Notify, NotifyTarget, Smtp
from kiosk.core.policy_set import Policy


def with_notify(policy: Policy, **fields: object) -> Policy:
    return replace(policy, notify=Notify(**fields))


def test_channels_follow_the_targets(policy: Policy) -> None:
    assert channels_for(policy, "duty_manager") == []  # the shipped policy names none
    smtp = Smtp(host="127.0.0.1", sender="k@hotel.example")
    both = with_notify(policy, command=["/bin/true"], smtp=smtp, target=[
        NotifyTarget(role="duty_manager", email=["d@hotel.example"]),
        NotifyTarget(role="supervisor", command=False, email=["s@hotel.example"])])
    assert channels_for(both, "duty_manager") == ["command", "email"]
    assert channels_for(both, "supervisor") == ["email"]
    assert channels_for(both, "general_manager") == ["command"]  # no target: command only


def test_retry_spacing_repeats_its_last_step(policy: Policy) -> None:
    spaced = with_notify(policy, retry_minutes=[1, 5, 15])
    assert [retry_after(spaced, n) for n in (1, 2, 3, 4, 9)] == \
        [timedelta(minutes=m) for m in (1, 5, 15, 15, 15)]
