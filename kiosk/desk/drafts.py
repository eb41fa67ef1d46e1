"""Drafts: what an agent had typed when the terminal locked, offered back to them only."""

from __future__ import annotations

import json
from typing import Any

from ulid_transform import ulid_now

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _
from kiosk.core.models import Draft
from kiosk.desk.context import Desk

# A draft is a half-typed intake form, not an archive: keep it small.
DRAFT_MAX_BYTES = 64 * 1024


def save_draft(desk: Desk, staff_id: str, data: dict[str, Any],
               draft_id: str | None = None) -> Draft:
    """Save (or overwrite the agent's own) draft. ``data`` is whatever the form holds."""
    if not isinstance(data, dict):
        raise ValidationError(_("A draft is a set of form fields."))
    try:
        size = len(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError):
        raise ValidationError(_("A draft may only hold text, numbers and lists.")) from None
    if size > DRAFT_MAX_BYTES:
        raise ValidationError(_("The draft is {size} KB; at most {most} KB is kept.").format(
            size=size // 1024, most=DRAFT_MAX_BYTES // 1024))
    if draft_id is not None and not any(d.id == draft_id for d in drafts_for(desk, staff_id)):
        # Someone else's draft id (or a stale one) never overwrites their work.
        draft_id = None
    draft = Draft(id=draft_id or str(ulid_now()), staff_id=staff_id, terminal=desk.terminal,
                  saved_at=desk.now(), data=data)
    desk.store.save_draft(draft)
    return draft


def drafts_for(desk: Desk, staff_id: str) -> list[Draft]:
    """This agent's drafts, newest first; nobody else's."""
    own = [d for d in desk.store.drafts_for(staff_id) if d.staff_id == staff_id]
    return sorted(own, key=lambda d: d.saved_at, reverse=True)


def discard_draft(desk: Desk, draft_id: str, staff_id: str) -> None:
    """Delete one of the agent's own drafts; another person's draft is not theirs to drop."""
    if not any(d.id == draft_id for d in drafts_for(desk, staff_id)):
        raise ValidationError(_("No such draft of yours."))
    desk.store.delete_draft(draft_id)
