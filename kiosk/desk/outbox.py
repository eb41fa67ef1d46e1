"""Filling the notification outbox: what an incident's use case queues for someone to
hear. Apart from delivering (``kiosk.desk.notify``), so that recording an incident
never loads the mail and command senders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.core.models import PERSON, Notice, Staff, from_dict, to_dict
from kiosk.desk.context import Desk
from kiosk.desk.staff import staff_language

OUTBOX = "outbox"
SYSTEM = "system"  # the kiosk itself: filling the outbox and delivering are automatic


def read_notices(docs: dict[str, dict[str, Any]]) -> list[Notice]:
    return [from_dict(Notice, d) for d in docs.values()]


def enqueue(desk: Desk, fresh: list[Notice], actor: str = SYSTEM) -> list[Notice]:
    """Queue each notice whose key is not queued yet; the ones added, with their ids."""
    if not fresh:
        return []

    def change(docs: dict[str, dict[str, Any]]) -> list[Notice]:
        added = []
        for notice in fresh:
            if notice.key in docs:
                continue
            notice.id = f"N{len(docs) + 1:06d}"
            docs[notice.key] = to_dict(notice)
            added.append(notice)
        return added

    return desk.store.change_records(OUTBOX, change, actor, "notify.queue",
                                     ",".join(n.ref for n in fresh)[:200],
                                     {"keys": [n.key for n in fresh][:20]})


def readers_language(desk: Desk) -> Callable[[str], str]:
    """The language a notification to a role is written in: the one every active person
    in that role reads (their own ui_lang, else the property's); the property's
    staff_language when they read different ones, or no one holds the role. The staff
    list is read once, when a notification first asks."""
    policy = desk.policy
    people: list[Staff] = []

    def language(role: str) -> str:
        if not people:
            people.extend(s for s in desk.store.list_staff() if s.active and s.kind == PERSON)
        spoken = {staff_language(policy, s) for s in people if s.role == role}
        return spoken.pop() if len(spoken) == 1 else staff_language(policy, None)

    return language
