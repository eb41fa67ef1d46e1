"""Staff use cases: add, list, disable, enable, unlock, reset PIN, sign in, verify an approver;
and the integrations (a property-management system feeding incidents) that act under
their own name with a secret instead of a PIN.

PINs are hashed (argon2) and never logged, stored or passed as arguments on a command
line. Every try is counted *before* the PIN is checked, inside the store lock, so however
many guesses arrive at once at most ``pin_lockout.tries`` of them are ever checked. The
first lock is short and each further one doubles, up to the policy's minutes: a few
wrong PINs typed from any shell cannot shut a supervisor out for long, while a guesser
meets ever longer waits. An unknown id and a wrong PIN read the same and cost the same
(a dummy hash is checked), so staff ids cannot be confirmed by trying.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.core.display import hotel_time, role_word
from kiosk.core.errors import AuthError, StoreError, ValidationError
from kiosk.core.guest_keys import fold
from kiosk.core.i18n import SOURCE_LANGUAGE, _, available_languages
from kiosk.core.models import INTEGRATION, PERSON, Staff
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import clean_for_message, clean_text

PIN_RE = re.compile(r"^[0-9]{4,12}$")
STAFF_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,31}$")
FIRST_LOCK_MINUTES = 1
DIGEST_PREFIX = "sha256:"

# OWASP's argon2id baseline (19 MiB, 2 passes): slow for a guesser, quick at the desk.
# Two lanes, one per core of a desk terminal: the same memory and passes, so the same
# work for each guess, done in about half the time at the desk (RFC 9106 uses four).
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=2)
# glibc's malloc option number for the size from which a block is mapped on its own.
_M_MMAP_THRESHOLD, _MAPPED_FROM = -3, 4 * 1024 * 1024


@cache
def _hasher() -> PasswordHasher:
    """The hasher, once large blocks are given back to the system when freed.

    glibc raises its mapping threshold to the largest block freed so far, so after the
    first check argon2's 19 MiB come from the heap of the thread that checks, and that
    heap keeps them when the check ends: the kiosk, which checks PINs in worker threads,
    grew by 19 MiB for each thread that ever checked one. A fixed threshold keeps every
    block of 4 MiB or more mapped on its own, returned the moment it is freed.
    """
    # ctypes is imported here, not at the top: only a process that checks a PIN needs it,
    # and the commands that never do start without it.
    import ctypes

    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # glibc and musl; not macOS
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _MAPPED_FROM)
    return _HASHER


# --- PINs --------------------------------------------------------------------------
def check_pin(pin: object) -> str:
    """The shape every PIN has (for reading one): 4 to 12 digits."""
    if not isinstance(pin, str) or not PIN_RE.match(pin):
        # Never echo the PIN itself.
        raise ValidationError(_("A PIN is 4 to 12 digits (0-9), nothing else."))
    return pin


def _straight(pin: str) -> bool:
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {-1})


def check_new_pin(policy: Policy, pin: object, staff_id: str = "") -> str:
    """A PIN someone may choose: the shape, the policy's length, and not guessable at a
    glance (one digit repeated, a straight run, the staff id's own digits)."""
    pin = check_pin(pin)
    shortest = policy.property.pin_min_length
    if len(pin) < shortest:
        raise ValidationError(_("A PIN needs at least {n} digits.").format(n=shortest))
    if len(set(pin)) == 1:
        raise ValidationError(_("A PIN may not be one digit repeated; choose another."))
    if _straight(pin):
        raise ValidationError(_("A PIN may not be a straight run of digits, each one "
                                "more or one less than the last; choose another."))
    own = "".join(ch for ch in staff_id if ch.isdigit())
    if len(own) >= 4 and (own in pin or pin in own):
        raise ValidationError(_("A PIN may not be the digits of the staff id; choose "
                                "another."))
    return pin


def hash_pin(pin: str) -> str:
    return _hasher().hash(check_pin(pin))


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_hex(8))


def _pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def local_clock_time(policy: Policy, moment: datetime) -> str:
    """``HH:MM`` in the hotel's time zone."""
    return hotel_time(policy, moment).strftime("%H:%M")


def _wrong() -> str:
    return _("Wrong staff id or PIN.")


def _lookup(desk: Desk, staff_id: str) -> Staff | None:
    if not isinstance(staff_id, str) or not staff_id:
        return None
    try:
        return desk.store.get_staff(staff_id)
    except StoreError:
        return None


def name_of(desk: Desk, staff_id: str) -> str:
    """The person's name as the desk shows it, or the id when no one has it."""
    found = _lookup(desk, staff_id)
    return found.name if found is not None else staff_id


def _get(desk: Desk, staff_id: str) -> Staff:
    """A staff member named by someone managing staff (not a sign-in: ids may show)."""
    found = _lookup(desk, staff_id)
    if found is None:
        raise AuthError(_("No staff member with id '{id}'.").format(
            id=clean_for_message(str(staff_id))))
    return found


def _new_staff_id(taken: set[str]) -> str:
    # Short and typeable at sign-in; random so two terminals never pick the same one.
    for digits in (4, 4, 4, 6, 6, 8):
        candidate = "s" + "".join(secrets.choice("0123456789") for _ in range(digits))
        if candidate not in taken:
            return candidate
    raise StoreError(_("could not find a free staff id; try again"))


def _not_a_role(policy: Policy, role: object) -> str:
    return _("role: '{value}' is not a role in the policy ({roles})").format(
        value=clean_for_message(str(role)), roles=", ".join(r.id for r in policy.roles))


def manages_staff(policy: Policy, member: Staff) -> bool:
    return member.active and member.kind == PERSON and policy.has_role(member.role) \
        and policy.role(member.role).manages_staff


# --- managing staff -----------------------------------------------------------------
def check_ui_lang(ui_lang: object) -> str:
    """A staff member's language: one the kiosk has words in, or "" for the property's."""
    code = str(ui_lang or "").strip()
    if code and code not in available_languages():
        raise ValidationError(_("ui language: '{value}' is not one the kiosk speaks "
                                "({languages})").format(
            value=clean_for_message(code), languages=", ".join(available_languages())))
    return code


def staff_language(policy: Policy, member: Staff | None) -> str:
    """The language the screens speak to ``member``: their own, else the property's
    staff_language (also the language of a terminal no one is signed in to)."""
    chosen = member.ui_lang if member is not None else ""
    if chosen in available_languages():
        return chosen
    default = policy.property.staff_language
    return default if default in available_languages() else SOURCE_LANGUAGE


def set_ui_lang(desk: Desk, staff_id: str, ui_lang: str, actor: str) -> Staff:
    """Choose the language the kiosk speaks to a staff member ("" for the property's)."""
    code = check_ui_lang(ui_lang)
    _get(desk, staff_id)

    def mutate(staff: Staff) -> None:
        staff.ui_lang = code

    return desk.store.update_staff(staff_id, mutate, actor, "staff.ui_lang",
                                   {"ui_lang": code})


def add_staff(desk: Desk, name: str, role: str, pin: str, actor: str = "system",
              staff_id: str | None = None, same_name_ok: bool = False,
              ui_lang: str = "") -> Staff:
    """Create a staff member; ``ValidationError`` for an unknown role, a weak PIN or a
    name already on the list (unless ``same_name_ok``: two people may share a name)."""
    policy = desk.policy
    name = clean_text(_("name"), name, max_len=80, min_len=1)
    if not isinstance(role, str) or not policy.has_role(role):
        raise ValidationError(_not_a_role(policy, role))
    everyone = desk.store.list_staff()
    taken = {s.id for s in everyone}
    if staff_id is None:
        staff_id = _new_staff_id(taken)
    elif not STAFF_ID_RE.match(staff_id):
        raise ValidationError(_("staff id: 2-32 lower-case letters, digits, '-' or '_'"))
    elif staff_id in taken:
        raise ValidationError(_("staff id: '{id}' is already taken").format(id=staff_id))
    ui_lang = check_ui_lang(ui_lang)
    pin_hash = hash_pin(check_new_pin(policy, pin, staff_id))
    same = [s for s in everyone if s.kind == PERSON and fold(s.name) == fold(name)]
    if same and not same_name_ok:
        raise ValidationError(_("name: {name} is already on the staff list ({id}); if this "
                                "is another person with the same name, confirm it "
                                "({flag})").format(name=clean_for_message(same[0].name),
                                                   id=same[0].id, flag="--same-name-ok"))
    staff = Staff(id=staff_id, name=name, role=role, pin_hash=pin_hash,
                  created_at=desk.now(), ui_lang=ui_lang)
    desk.store.add_staff(staff, actor)
    return staff


def list_staff(desk: Desk) -> list[Staff]:
    """The people (not the integrations), active first, by name."""
    people = [s for s in desk.store.list_staff() if s.kind == PERSON]
    return sorted(people, key=lambda s: (not s.active, s.name.casefold()))


def needs_bootstrap(desk: Desk) -> bool:
    """True only on a store that has never had staff: then the first supervisor may be
    added without anyone signing in. Once anyone was added it never opens again."""
    return not desk.store.list_staff()


def disable_staff(desk: Desk, staff_id: str, actor: str) -> Staff:
    """Disable someone: never oneself, never the last active person who may manage
    staff (the store would have nobody left to let anyone in)."""
    target = _get(desk, staff_id)
    if staff_id == actor:
        raise ValidationError(_("You cannot disable yourself; ask another supervisor."))
    policy = desk.policy
    if manages_staff(policy, target) and not any(
            manages_staff(policy, s) for s in desk.store.list_staff() if s.id != staff_id):
        raise ValidationError(_("{name} is the last active person who may manage staff; "
                                "add or enable another first.").format(
            name=clean_for_message(target.name)))

    def mutate(staff: Staff) -> None:
        staff.active = False

    return desk.store.update_staff(staff_id, mutate, actor, "staff.disable")


def enable_staff(desk: Desk, staff_id: str, actor: str) -> Staff:
    target = _get(desk, staff_id)
    if target.active:
        raise ValidationError(_("{name} ({id}) is already active.").format(
            name=clean_for_message(target.name), id=target.id))

    def mutate(staff: Staff) -> None:
        staff.active = True
        staff.failed_attempts = 0
        staff.locked_until = None

    return desk.store.update_staff(staff_id, mutate, actor, "staff.enable")


def unlock_staff(desk: Desk, staff_id: str, actor: str) -> Staff:
    """End a lockout after wrong PINs now (the PIN is unchanged)."""
    target = _get(desk, staff_id)
    if target.kind != PERSON:
        raise ValidationError(_("{id} is an integration: it has a secret, not a PIN").format(
            id=target.id))
    locked = target.locked_until is not None and target.locked_until > desk.now()
    if not locked and not target.failed_attempts:
        raise ValidationError(_("{name} ({id}) is not locked.").format(
            name=clean_for_message(target.name), id=target.id))

    def mutate(staff: Staff) -> None:
        staff.failed_attempts = 0
        staff.locked_until = None
        staff.locks = 0

    return desk.store.update_staff(staff_id, mutate, actor, "staff.unlock")


def reset_pin(desk: Desk, staff_id: str, pin: str, actor: str) -> Staff:
    """Set a new PIN and clear the lockout."""
    target = _get(desk, staff_id)
    if target.kind != PERSON:
        raise ValidationError(_("{id} is an integration: it has a secret, not a PIN").format(
            id=target.id))
    pin_hash = hash_pin(check_new_pin(desk.policy, pin, staff_id))

    def mutate(staff: Staff) -> None:
        staff.pin_hash = pin_hash
        staff.failed_attempts = 0
        staff.locked_until = None
        staff.locks = 0

    return desk.store.update_staff(staff_id, mutate, actor, "staff.reset_pin")


# --- checking a PIN -----------------------------------------------------------------
def _lock_minutes(policy: Policy, locks_before: int) -> int:
    """1, 2, 4, 8 … minutes, up to the policy's ``pin_lockout.minutes``."""
    return min(policy.property.pin_lockout.minutes, FIRST_LOCK_MINUTES << min(locks_before, 16))


def _locked_message(policy: Policy, staff: Staff, until: datetime) -> str:
    return _("{name} is locked after too many wrong PINs; try again at {time}.").format(
        name=clean_for_message(staff.name), time=local_clock_time(policy, until))


def _check_pin_with_lockout(desk: Desk, found: Staff | None, pin: str, action: str,
                            wrong_extra: str = "") -> Staff:
    """Right PIN → lockout cleared; wrong PIN or unknown id → ``AuthError`` (the same
    words and about the same cost for both). The try is counted before the check."""
    policy = desk.policy
    now = desk.now()
    if found is None or found.kind != PERSON:
        _pin_matches(_dummy_hash(), pin if isinstance(pin, str) else "")
        desk.store.audit("unknown", f"{action}.unknown_id", "-")
        raise AuthError(_wrong())
    lockout = policy.property.pin_lockout
    outcome: dict[str, datetime | None] = {}

    def reserve(fresh: Staff) -> None:
        # On the freshly read record, under the store lock: two terminals guessing at
        # once both count, and a try past the limit is never checked.
        if not fresh.active:
            raise AuthError(_("{name}'s account is disabled.").format(
                name=clean_for_message(fresh.name)))
        if fresh.locked_until is not None and now < fresh.locked_until:
            raise AuthError(_locked_message(policy, fresh, fresh.locked_until))
        fresh.failed_attempts += 1
        if fresh.failed_attempts >= lockout.tries:
            fresh.failed_attempts = 0
            fresh.locked_until = now + timedelta(minutes=_lock_minutes(policy, fresh.locks))
            fresh.locks += 1
        outcome["locked"] = fresh.locked_until if fresh.failed_attempts == 0 else None

    staff = desk.store.update_staff(found.id, reserve, found.id, f"{action}.try")
    if isinstance(pin, str) and PIN_RE.match(pin) and _pin_matches(staff.pin_hash, pin):
        # A hash made with other settings (an earlier release's) is made again now,
        # while the PIN is at hand, in the same save.
        rehashed = hash_pin(pin) if _hasher().check_needs_rehash(staff.pin_hash) else None

        def clear(fresh: Staff) -> None:
            fresh.failed_attempts = 0
            fresh.locked_until = None
            fresh.locks = 0
            if rehashed is not None and fresh.pin_hash == staff.pin_hash:
                fresh.pin_hash = rehashed

        return desk.store.update_staff(staff.id, clear, staff.id, action)
    locked = outcome.get("locked")
    if isinstance(locked, datetime) and locked > now:
        raise AuthError(_("{wrong} Too many tries: {locked}").format(
            wrong=_wrong() + wrong_extra, locked=_locked_message(policy, staff, locked)))
    raise AuthError(_wrong() + wrong_extra)


def sign_in(desk: Desk, staff_id: str, pin: str) -> Staff:
    """The staff member, or ``AuthError`` ("Wrong staff id or PIN.", "… is locked …",
    "… account is disabled"). Every try counts towards the lockout."""
    return _check_pin_with_lockout(desk, _lookup(desk, staff_id), pin, "staff.sign_in")


def may_approve(policy: Policy, role_id: str, needed_role: str) -> bool:
    """Whether ``role_id`` approves (its own attribute in roles.toml) and stands at or
    above ``needed_role``."""
    return policy.has_role(role_id) and policy.has_role(needed_role) \
        and policy.role(role_id).approves and policy.at_least(role_id, needed_role)


def verify_approver(desk: Desk, approver_id: str, pin: str, agent_id: str,
                    needed_role: str) -> Staff:
    """An approver for an over-limit decision: a *different* active staff member whose
    role approves and is ``needed_role`` or above, with the right PIN. ``AuthError``
    otherwise."""
    policy = desk.policy
    needed = role_word(policy, needed_role)
    if approver_id == agent_id:
        raise AuthError(_("You cannot approve your own compensation: a {role} (or above) "
                          "must enter their own staff id and PIN.").format(role=needed))
    approver = _lookup(desk, approver_id)
    if approver is not None and approver.kind == PERSON \
            and not may_approve(policy, approver.role, needed_role):
        raise AuthError(_("{name} is a {role}; this needs a {needed} or above.").format(
            name=clean_for_message(approver.name), role=role_word(policy, approver.role),
            needed=needed))
    extra = ""
    if approver is not None and isinstance(pin, str) and PIN_RE.match(pin) \
            and not _pin_matches(approver.pin_hash, pin):
        agent = _lookup(desk, agent_id)
        if agent is not None and _pin_matches(agent.pin_hash, pin):
            extra = " " + _("(that is the agent's own PIN; the approver must enter theirs)")
    return _check_pin_with_lockout(desk, approver, pin, "staff.approve", extra)


def authorize_manager(desk: Desk, staff_id: str, pin: str,
                      target_role: str | None = None) -> Staff:
    """Sign in someone who manages staff (``manages_staff`` on their role) and, when
    ``target_role`` is given, whose own role is not below it: the one check for the
    command line and the supervisor area alike."""
    staff = sign_in(desk, staff_id, pin)
    policy = desk.policy
    if not manages_staff(policy, staff):
        raise AuthError(_("{name} is a {role}; managing staff needs a role with "
                          "{setting} in {file}.").format(
            name=clean_for_message(staff.name), role=role_word(policy, staff.role),
            setting="manages_staff = true", file="roles.toml"))
    if target_role and policy.has_role(target_role) and policy.has_role(staff.role) \
            and policy.role_rank(target_role) > policy.role_rank(staff.role):
        raise AuthError(_("{name} may not manage a {role}: that role is above their "
                          "own").format(name=clean_for_message(staff.name),
                                        role=role_word(policy, target_role)))
    return staff


def authenticate_person(desk: Desk, staff_id: str, pin: str | None) -> Staff:
    """A staff member named in a command, proved with their PIN."""
    if not pin:
        raise AuthError(_("a PIN is needed for '{id}' ({variable}, or typed at the "
                          "terminal)").format(id=clean_for_message(str(staff_id)),
                                              variable="KIOSK_ACTOR_PIN"))
    return sign_in(desk, staff_id, pin)


# --- integrations -------------------------------------------------------------------
def _secret_hash(secret: str) -> str:
    # The secret is 256 random bits: a plain digest cannot be searched, and it keeps
    # each feed command quick.
    return DIGEST_PREFIX + hashlib.sha256(secret.encode()).hexdigest()


def add_integration(desk: Desk, name: str, role: str, actor: str) -> tuple[Staff, str]:
    """A new integration and its secret (shown once; only its digest is kept)."""
    policy = desk.policy
    if not isinstance(name, str) or not STAFF_ID_RE.match(name):
        raise ValidationError(_("integration name: 2-32 lower-case letters, digits, '-' "
                                "or '_', e.g. {example}").format(example="pms-feed"))
    if not isinstance(role, str) or not policy.has_role(role):
        raise ValidationError(_not_a_role(policy, role))
    if _lookup(desk, name) is not None:
        raise ValidationError(_("'{name}' is already taken by a staff member or "
                                "integration").format(name=name))
    secret = secrets.token_urlsafe(32)
    feed = Staff(id=name, name=name, role=role, pin_hash=_secret_hash(secret),
                 created_at=desk.now(), kind=INTEGRATION)
    desk.store.add_staff(feed, actor)
    return feed, secret


def list_integrations(desk: Desk) -> list[Staff]:
    return sorted((s for s in desk.store.list_staff() if s.kind == INTEGRATION),
                  key=lambda s: s.id)


def disable_integration(desk: Desk, name: str, actor: str) -> Staff:
    feed = _lookup(desk, name)
    if feed is None or feed.kind != INTEGRATION:
        raise ValidationError(_("no integration named '{name}'").format(
            name=clean_for_message(str(name))))

    def mutate(staff: Staff) -> None:
        staff.active = False

    return desk.store.update_staff(feed.id, mutate, actor, "integration.disable")


def authenticate_integration(desk: Desk, name: str, secret: str | None) -> Staff:
    """The active integration ``name`` if ``secret`` is its secret; ``AuthError`` with the
    same words for an unknown name, a wrong secret or a disabled integration."""
    feed = _lookup(desk, name)
    given = _secret_hash((secret or "").strip())
    expected = feed.pin_hash if feed is not None and feed.kind == INTEGRATION else ""
    if not (hmac.compare_digest(given, expected or _secret_hash(secrets.token_hex(8)))
            and feed is not None and feed.active and secret):
        raise AuthError(_("Wrong integration name or secret, or the integration is "
                          "disabled."))
    return feed
