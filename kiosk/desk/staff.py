"""Staff use cases: add, list, disable, reset PIN, sign in, verify an approver.

PINs are hashed (argon2) and never logged, stored or passed as arguments on a command
line. Wrong PINs count towards the policy's lockout.
"""

from __future__ import annotations

from kiosk.core.models import Staff
from kiosk.desk.context import Desk


def add_staff(desk: Desk, name: str, role: str, pin: str, actor: str = "system") -> Staff:
    """Create a staff member; ``ValidationError`` for an unknown role or a weak PIN."""
    raise NotImplementedError


def list_staff(desk: Desk) -> list[Staff]:
    raise NotImplementedError


def disable_staff(desk: Desk, staff_id: str, actor: str) -> Staff:
    raise NotImplementedError


def reset_pin(desk: Desk, staff_id: str, pin: str, actor: str) -> Staff:
    """Set a new PIN and clear the lockout."""
    raise NotImplementedError


def sign_in(desk: Desk, staff_id: str, pin: str) -> Staff:
    """The staff member, or ``AuthError`` ("Wrong PIN — 3 tries left", "Locked until
    14:35", "This account is disabled"). Wrong PINs count towards the lockout."""
    raise NotImplementedError


def verify_approver(desk: Desk, approver_id: str, pin: str, agent_id: str,
                    needed_role: str) -> Staff:
    """An approver for an over-limit decision: a *different* active staff member whose
    role is ``needed_role`` or above, with the right PIN. ``AuthError`` otherwise."""
    raise NotImplementedError
