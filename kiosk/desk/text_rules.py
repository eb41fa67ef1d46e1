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
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from kiosk.core.clock import implausible_day, plausible_day
from kiosk.core.errors import ValidationError
from kiosk.core.guest_keys import is_invisible, without_invisible
from kiosk.core.i18n import N_, _, lookup
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
            return ch, N_("invisible direction marks")
        if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            kind = N_("line breaks or control characters") if not multiline \
                else N_("control characters")
            return ch, kind
        if is_invisible(ch):
            return ch, N_("invisible characters")
    return None


def clean_text(field: str, value: object, *, max_len: int, min_len: int = 0,
               multiline: bool = False) -> str:
    """Checked, trimmed, NFC text for ``field`` or ``ValidationError`` saying what is wrong."""
    if not isinstance(value, str):
        raise ValidationError(_("{field}: must be text").format(field=field))
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if min_len and not without_invisible(text).strip():
        raise ValidationError(_("{field}: must not be empty").format(field=field))
    bad = _bad_char(text, multiline)
    if bad is not None:
        ch, kind = bad
        raise ValidationError(_(
            "{field}: contains {code}; {kind} and escape sequences are not accepted, "
            "remove them and try again").format(field=field, code=f"U+{ord(ch):04X}",
                                                kind=lookup(kind)))
    if len(text) < min_len:
        said = (_("{field}: must not be empty") if min_len == 1
                else _("{field}: needs at least {n} characters"))
        raise ValidationError(said.format(field=field, n=min_len))
    if len(text) > max_len:
        raise ValidationError(_("{field}: {n} characters is more than the {most} "
                                "allowed").format(field=field, n=len(text), most=max_len))
    return text


def clean_room(value: object) -> str:
    room = clean_text("guest.room", value, max_len=16, min_len=1)
    if not _ROOM_RE.match(room):
        raise ValidationError(_("{field}: use letters, digits, spaces, '.', '/' or '-' "
                                "(at most 16), e.g. 412 or 12B").format(field="guest.room"))
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
        problems.setdefault(prefers, _("{field}: the guest prefers it, but it is "
                                       "empty").format(field=f"guest.{prefers}"))
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
        raise ValidationError(not_a_letter_language("guest.language", language, languages))
    return language


def _check_day(name: str, value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError(_("{field}: must be a date (YYYY-MM-DD)").format(
            field=f"guest.{name}"))
    if not plausible_day(value):
        raise ValidationError(f"guest.{name}: {implausible_day(value)}")
    return value


def _check_stay(arrival: date, departure: date) -> None:
    if arrival > departure:
        raise ValidationError(before_arrival("guest.departure", arrival, departure))
    if (departure - arrival).days > LONGEST_STAY_DAYS:
        raise ValidationError(_("{field}: a stay of more than {n} days is not plausible; "
                                "check the dates").format(field="guest.departure",
                                                          n=LONGEST_STAY_DAYS))


def _check_honorific(value: Honorific | str) -> Honorific:
    try:
        return Honorific(value)
    except ValueError:
        raise ValidationError(not_one_of("guest.honorific", str(value),
                                         [h.value for h in Honorific])) from None


def _check_prefers(value: object) -> str:
    prefers = value or ""
    if prefers not in ("", *CONTACT_KINDS):
        raise ValidationError(not_one_of("guest.prefers", str(prefers), CONTACT_KINDS))
    return str(prefers)


def check_phone(field: str, value: str) -> str:
    """A phone number as written (digits, spaces, + ( ) . / -), or empty."""
    phone = clean_text(field, value, max_len=30)
    if phone and (not _PHONE_RE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 4):
        raise ValidationError(_("{field}: '{value}' is not a phone number (digits, spaces, "
                                "+ ( ) . / -)").format(field=field,
                                                       value=clean_for_message(phone, 30)))
    return phone


def check_email(field: str, value: str) -> str:
    """An e-mail address, or empty."""
    email = clean_text(field, value, max_len=254)
    if email and not _EMAIL_RE.fullmatch(email):
        raise ValidationError(_("{field}: '{value}' is not an e-mail address").format(
            field=field, value=clean_for_message(email, 40)))
    return email


# The field a message starts with ("guest.room: …", in Armenian "guest.room․ …").
_FIELD_LEAD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\s*[:\u2024]\s+")


def without_field(message: str) -> str:
    """A message about one field without the field's id, for a form that shows the
    field's own label beside it."""
    return _FIELD_LEAD.sub("", message, count=1)


def not_one_of(field: str, value: str, choices: Iterable[str]) -> str:
    return _("{field}: '{value}' is not one of {choices}").format(
        field=field, value=clean_for_message(value), choices=", ".join(choices))


def not_a_letter_language(field: str, value: str, languages: Iterable[str]) -> str:
    return _("{field}: '{value}' is not one of this hotel's letter languages "
             "({languages})").format(field=field, value=clean_for_message(value),
                                     languages=", ".join(languages))


def before_arrival(field: str, arrival: date, departure: date) -> str:
    return _("{field}: {departure} is before the arrival {arrival}").format(
        field=field, departure=departure.isoformat(), arrival=arrival.isoformat())


def clean_for_message(value: str, limit: int = 40) -> str:
    """Echo a rejected value in an error without letting it act on a terminal."""
    return shown(value, limit)
