"""Staff use cases: add, list, disable, reset PIN, sign in, verify an approver.

PINs are hashed (argon2) and never logged, stored or passed as arguments on a command
line. Wrong PINs count towards the policy's lockout.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.core.display import hotel_time
from kiosk.core.errors import AuthError, StoreError, ValidationError
from kiosk.core.models import Staff
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import clean_for_message, clean_text

PIN_RE = re.compile(r"^[0-9]{4,12}$")
STAFF_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,31}$")

# OWASP's argon2id baseline (19 MiB, 2 passes): slow for a guesser, quick at the desk.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


# --- helpers -------------------------------------------------------------------------
def check_pin(pin: object) -> str:
    if not isinstance(pin, str) or not PIN_RE.match(pin):
        # Never echo the PIN itself.
        raise ValidationError("A PIN is 4 to 12 digits (0-9), nothing else.")
    return pin


def hash_pin(pin: str) -> str:
    return _HASHER.hash(check_pin(pin))


def _pin_matches(staff: Staff, pin: str) -> bool:
    try:
        return _HASHER.verify(staff.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def local_clock_time(policy: Policy, moment: datetime) -> str:
    """``HH:MM`` in the hotel's time zone."""
    return hotel_time(policy, moment).strftime("%H:%M")


def _get(desk: Desk, staff_id: str) -> Staff:
    if not isinstance(staff_id, str) or not staff_id:
        raise AuthError("No staff id given.")
    try:
        return desk.store.get_staff(staff_id)
    except StoreError:
        raise AuthError(f"No staff member with id '{clean_for_message(staff_id)}'.") from None


def _role_label(policy: Policy, role_id: str) -> str:
    try:
        return policy.label(policy.role(role_id).label, "en").lower()
    except KeyError:
        return role_id.replace("_", " ")


def _new_staff_id(taken: set[str]) -> str:
    # Short and typeable at sign-in; random so two terminals never pick the same one.
    for digits in (4, 4, 4, 6, 6, 8):
        candidate = "s" + "".join(secrets.choice("0123456789") for _ in range(digits))
        if candidate not in taken:
            return candidate
    raise StoreError("could not find a free staff id; try again")


# --- use cases -----------------------------------------------------------------------
def add_staff(desk: Desk, name: str, role: str, pin: str, actor: str = "system",
              staff_id: str | None = None) -> Staff:
    """Create a staff member; ``ValidationError`` for an unknown role or a weak PIN."""
    policy = desk.policy
    name = clean_text("name", name, max_len=80, min_len=1)
    if not isinstance(role, str) or not policy.has_role(role):
        raise ValidationError(f"role: '{clean_for_message(str(role))}' is not a role in the "
                              f"policy ({', '.join(r.id for r in policy.roles)})")
    pin_hash = hash_pin(pin)
    taken = {s.id for s in desk.store.list_staff()}
    if staff_id is None:
        staff_id = _new_staff_id(taken)
    elif not STAFF_ID_RE.match(staff_id):
        raise ValidationError("staff id: 2-32 lower-case letters, digits, '-' or '_'")
    elif staff_id in taken:
        raise ValidationError(f"staff id: '{staff_id}' is already taken")
    staff = Staff(id=staff_id, name=name, role=role, pin_hash=pin_hash,
                  created_at=desk.now())
    desk.store.add_staff(staff, actor)
    return staff


def list_staff(desk: Desk) -> list[Staff]:
    return sorted(desk.store.list_staff(), key=lambda s: (not s.active, s.name.casefold()))


def needs_bootstrap(desk: Desk) -> bool:
    """True while no active staff member may manage staff (a brand-new store): then the
    first supervisor may be added without anyone signing in."""
    policy = desk.policy
    return not any(
        s.active and policy.has_role(s.role) and policy.at_least(s.role, policy.supervisor_role)
        for s in desk.store.list_staff()
    )


def disable_staff(desk: Desk, staff_id: str, actor: str) -> Staff:
    _get(desk, staff_id)

    def mutate(staff: Staff) -> None:
        staff.active = False

    return desk.store.update_staff(staff_id, mutate, actor, "staff.disable")


def reset_pin(desk: Desk, staff_id: str, pin: str, actor: str) -> Staff:
    """Set a new PIN and clear the lockout."""
    _get(desk, staff_id)
    pin_hash = hash_pin(pin)

    def mutate(staff: Staff) -> None:
        staff.pin_hash = pin_hash
        staff.failed_attempts = 0
        staff.locked_until = None

    return desk.store.update_staff(staff_id, mutate, actor, "staff.reset_pin")


def _check_pin_with_lockout(desk: Desk, staff: Staff, pin: str, action: str,
                            wrong_extra: str = "") -> Staff:
    """Right PIN → lockout cleared; wrong PIN → counted, and ``AuthError``."""
    policy = desk.policy
    now = desk.now()
    if not staff.active:
        raise AuthError(f"{staff.name}'s account is disabled.")
    if staff.locked_until is not None and now < staff.locked_until:
        raise AuthError(f"{staff.name} is locked after too many wrong PINs; try again at "
                        f"{local_clock_time(policy, staff.locked_until)}.")
    if isinstance(pin, str) and PIN_RE.match(pin) and _pin_matches(staff, pin):
        if staff.failed_attempts or staff.locked_until is not None:
            def clear(fresh: Staff) -> None:
                fresh.failed_attempts = 0
                fresh.locked_until = None

            return desk.store.update_staff(staff.id, clear, staff.id, action)
        desk.store.audit(staff.id, action, staff.id)
        return staff

    lockout = policy.property.pin_lockout
    outcome: dict[str, object] = {}

    def count(fresh: Staff) -> None:
        # Counted on the freshly read record: two terminals guessing at once both count.
        fresh.failed_attempts += 1
        if fresh.failed_attempts >= lockout.tries:
            fresh.failed_attempts = 0
            fresh.locked_until = now + timedelta(minutes=lockout.minutes)
        outcome["left"] = lockout.tries - fresh.failed_attempts
        outcome["locked"] = fresh.locked_until

    desk.store.update_staff(staff.id, count, staff.id, f"{action}.wrong_pin")
    locked = outcome.get("locked")
    if isinstance(locked, datetime) and locked > now:
        raise AuthError(f"Wrong PIN{wrong_extra}. {staff.name} is now locked until "
                        f"{local_clock_time(policy, locked)}.")
    left = outcome["left"]
    raise AuthError(f"Wrong PIN{wrong_extra} — {left} {'try' if left == 1 else 'tries'} left.")


def sign_in(desk: Desk, staff_id: str, pin: str) -> Staff:
    """The staff member, or ``AuthError`` ("Wrong PIN — 3 tries left", "Locked until
    14:35", "This account is disabled"). Wrong PINs count towards the lockout."""
    return _check_pin_with_lockout(desk, _get(desk, staff_id), pin, "staff.sign_in")


def verify_approver(desk: Desk, approver_id: str, pin: str, agent_id: str,
                    needed_role: str) -> Staff:
    """An approver for an over-limit decision: a *different* active staff member whose
    role is ``needed_role`` or above, with the right PIN. ``AuthError`` otherwise."""
    policy = desk.policy
    needed = _role_label(policy, needed_role)
    if approver_id == agent_id:
        raise AuthError(f"You cannot approve your own compensation: a {needed} (or above) "
                        "must enter their own staff id and PIN.")
    approver = _get(desk, approver_id)
    if not approver.active:
        raise AuthError(f"{approver.name}'s account is disabled.")
    ranked = policy.has_role(approver.role) and policy.has_role(needed_role)
    if not ranked or not policy.at_least(approver.role, needed_role):
        raise AuthError(f"{approver.name} is a {_role_label(policy, approver.role)}; this "
                        f"needs a {needed} or above.")
    extra = ""
    if isinstance(pin, str) and PIN_RE.match(pin) and not _pin_matches(approver, pin):
        try:
            agent: Staff | None = desk.store.get_staff(agent_id)
        except StoreError:
            agent = None
        if agent is not None and _pin_matches(agent, pin):
            extra = " (that is the agent's own PIN; the approver must enter theirs)"
    return _check_pin_with_lockout(desk, approver, pin, "staff.approve", extra)


def authorize_manager(desk: Desk, staff_id: str, pin: str) -> Staff:
    """Sign in someone who manages staff: supervisor role or above."""
    staff = sign_in(desk, staff_id, pin)
    policy = desk.policy
    if not (policy.has_role(staff.role) and policy.at_least(staff.role, policy.supervisor_role)):
        raise AuthError(f"{staff.name} is a {_role_label(policy, staff.role)}; managing "
                        f"staff needs a {_role_label(policy, policy.supervisor_role)} "
                        "or above.")
    return staff
