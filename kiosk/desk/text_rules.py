"""Rules for text that people and other systems type into the kiosk.

Decision: control characters and terminal escape sequences are *refused*, never
silently stripped, so what is stored is exactly what was typed and the person sees
which field to fix. Multi-line fields (the guest's account, notes, feedback) may hold
line breaks and tabs; one-line fields (names, rooms) may not. Bidirectional overrides
are refused too: they can make a name read differently from what is stored.
Invisible characters (zero-width spaces and joiners, bidi marks, tag characters,
fillers: ``core.guest_keys.is_invisible``) are refused too, so two names that look the
same are stored the same; a text that is nothing but them is empty. Only free text may
keep the joiners and variation selectors that emoji and some scripts need.
Surrounding spaces are trimmed and text is normalised to NFC so the same name typed on
two terminals compares equal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from kiosk.core.clock import implausible_day, plausible_day
from kiosk.core.errors import ValidationError
from kiosk.core.guest_keys import is_invisible, without_invisible
from kiosk.core.models import Guest, Honorific
from kiosk.core.policy_set import Policy
from kiosk.core.text import shown

NAME_MAX = 120
ACCOUNT_MAX = 4000
NOTE_MAX = 2000
REMARK_MAX = 500
SHORT_MAX = 120
LONGEST_STAY_DAYS = 400

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_JOINERS = {"\u200c", "\u200d", *(chr(c) for c in range(0xFE00, 0xFE10))}
_ROOM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]{0,15}$")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()./-]{2,29}")
_EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}")
CONTACT_KINDS = ("phone", "email")

T = TypeVar("T")


def _bad_char(text: str, multiline: bool) -> tuple[str, str] | None:
    """The first character that may not appear in this kind of field, if any, and what
    kind of character it is."""
    allowed = "\n\t" if multiline else ""
    for ch in text:
        if ch in allowed or (multiline and ch in _JOINERS):
            continue
        if ch in _BIDI:
            return ch, "invisible direction marks"
        if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            kind = "line breaks or control characters" if not multiline \
                else "control characters"
            return ch, kind
        if is_invisible(ch):
            return ch, "invisible characters"
    return None


def clean_text(field: str, value: object, *, max_len: int, min_len: int = 0,
               multiline: bool = False) -> str:
    """Checked, trimmed, NFC text for ``field`` or ``ValidationError`` saying what is wrong."""
    if not isinstance(value, str):
        raise ValidationError(f"{field}: must be text")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if min_len and not without_invisible(text).strip():
        raise ValidationError(f"{field}: must not be empty")
    bad = _bad_char(text, multiline)
    if bad is not None:
        ch, kind = bad
        raise ValidationError(
            f"{field}: contains U+{ord(ch):04X}; {kind} and escape sequences are not "
            "accepted, remove them and try again")
    if len(text) < min_len:
        raise ValidationError(f"{field}: must not be empty" if min_len == 1
                              else f"{field}: needs at least {min_len} characters")
    if len(text) > max_len:
        raise ValidationError(f"{field}: {len(text)} characters is more than the "
                              f"{max_len} allowed")
    return text


def clean_room(value: object) -> str:
    room = clean_text("guest.room", value, max_len=16, min_len=1)
    if not _ROOM_RE.match(room):
        raise ValidationError("guest.room: use letters, digits, spaces, '.', '/' or '-' "
                              "(at most 16), e.g. 412 or 12B")
    return room


def check_guest(policy: Policy, guest: Guest) -> Guest:
    """A checked copy of ``guest``; ``ValidationError`` names the first bad field."""
    problems: dict[str, str] = {}
    checked = _checked_guest(policy, guest, problems)
    if problems:
        raise ValidationError(next(iter(problems.values())))
    return checked


def guest_problems(policy: Policy, guest: Guest) -> dict[str, str]:
    """Every bad field of ``guest`` at once, so a form can show them together: the
    field ("name", "room", "phone" ...) and the message, which names it ("guest.room: …")."""
    problems: dict[str, str] = {}
    _checked_guest(policy, guest, problems)
    return problems


def field_problem(problems: dict[str, str], field: str, check: Callable[[], T],
                  fallback: T) -> T:
    """``check()``, or ``fallback`` with its ValidationError kept under ``field`` (the
    first one only) so the remaining checks still run."""
    try:
        return check()
    except ValidationError as exc:
        problems.setdefault(field, str(exc))
        return fallback


def _checked_guest(policy: Policy, guest: Guest, problems: dict[str, str]) -> Guest:
    def take(field: str, check: Callable[[], T], fallback: T) -> T:
        return field_problem(problems, field, check, fallback)

    language = take("language", lambda: _check_language(policy, guest.language),
                    guest.language)
    arrival = take("arrival", lambda: _check_day("arrival", guest.arrival), None)
    departure = take("departure", lambda: _check_day("departure", guest.departure), None)
    if arrival is not None and departure is not None:
        take("departure", lambda: _check_stay(arrival, departure), None)
    honorific = take("honorific", lambda: _check_honorific(guest.honorific),
                     Honorific.NONE)
    phone = take("phone", lambda: check_phone("guest.phone", guest.phone), "")
    email = take("email", lambda: check_email("guest.email", guest.email), "")
    prefers = take("prefers", lambda: _check_prefers(guest.prefers), "")
    chosen = {"phone": phone, "email": email}
    if prefers and not chosen[prefers] and prefers not in problems:
        problems.setdefault(prefers, f"guest.{prefers}: the guest prefers it, but it is "
                                     "empty")
    # The follow-up call uses the preferred contact, else the phone, else the e-mail.
    contact = chosen.get(prefers, "") or phone or email or take(
        "contact", lambda: clean_text("guest.contact", guest.contact, max_len=SHORT_MAX), "")
    return Guest(
        name=take("name", lambda: clean_text("guest.name", guest.name, max_len=NAME_MAX,
                                             min_len=1), ""),
        language=language,
        room=take("room", lambda: clean_room(guest.room), ""),
        arrival=arrival or guest.arrival,
        departure=departure or guest.departure,
        honorific=honorific,
        loyalty_id=take("loyalty_id", lambda: clean_text(
            "guest.loyalty_id", guest.loyalty_id, max_len=40), ""),
        contact=contact,
        address_as=take("address_as", lambda: clean_text(
            "guest.address_as", guest.address_as, max_len=NAME_MAX), ""),
        phone=phone, email=email, prefers=prefers,
    )


def _check_language(policy: Policy, language: str) -> str:
    languages = policy.property.languages
    if language not in languages:
        raise ValidationError(f"guest.language: '{clean_for_message(language)}' is "
                              f"not one of this hotel's letter languages "
                              f"({', '.join(languages)})")
    return language


def _check_day(name: str, value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError(f"guest.{name}: must be a date (YYYY-MM-DD)")
    if not plausible_day(value):
        raise ValidationError(f"guest.{name}: {implausible_day(value)}")
    return value


def _check_stay(arrival: date, departure: date) -> None:
    if arrival > departure:
        raise ValidationError(f"guest.departure: {departure.isoformat()} is before "
                              f"the arrival {arrival.isoformat()}")
    if (departure - arrival).days > LONGEST_STAY_DAYS:
        raise ValidationError(f"guest.departure: a stay of more than {LONGEST_STAY_DAYS} "
                              "days is not plausible; check the dates")


def _check_honorific(value: Honorific | str) -> Honorific:
    try:
        return Honorific(value)
    except ValueError:
        raise ValidationError(
            f"guest.honorific: '{clean_for_message(str(value))}' is not one of "
            f"{', '.join(h.value for h in Honorific)}") from None


def _check_prefers(value: object) -> str:
    prefers = value or ""
    if prefers not in ("", *CONTACT_KINDS):
        raise ValidationError(f"guest.prefers: '{clean_for_message(str(prefers))}' is not "
                              f"one of {', '.join(CONTACT_KINDS)}")
    return str(prefers)


def check_phone(field: str, value: str) -> str:
    """A phone number as written (digits, spaces, + ( ) . / -), or empty."""
    phone = clean_text(field, value, max_len=30)
    if phone and (not _PHONE_RE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 4):
        raise ValidationError(f"{field}: '{clean_for_message(phone, 30)}' is not a phone "
                              "number (digits, spaces, + ( ) . / -)")
    return phone


def check_email(field: str, value: str) -> str:
    """An e-mail address, or empty."""
    email = clean_text(field, value, max_len=254)
    if email and not _EMAIL_RE.fullmatch(email):
        raise ValidationError(f"{field}: '{clean_for_message(email, 40)}' is not an e-mail "
                              "address")
    return email


def clean_for_message(value: str, limit: int = 40) -> str:
    """Echo a rejected value in an error without letting it act on a terminal."""
    return shown(value, limit)
