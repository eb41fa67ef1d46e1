"""How the desk's screens, commands and reports show hotel time, money and shares: one
rule each, used by all. ``locale`` is the staff's CLDR locale (``staff_locale``); without
one, the plain forms the commands and files have always printed. Babel writes each, from
the locale's data as ``locale_data`` keeps it between processes. (Letters use Babel for
the guest's own locale instead.)"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent, get_currency_precision
from babel.units import format_unit

from kiosk.core.i18n import N_, _, current_language, lookup, translations
from kiosk.core.locale_data import loaded
from kiosk.core.models import Honorific
from kiosk.core.policy_set import Policy


def hotel_zone(policy: Policy) -> tzinfo:
    """The property's time zone; UTC when this machine does not know it (the policy
    check refuses a zone no machine knows)."""
    try:
        return ZoneInfo(policy.property.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def hotel_time(policy: Policy, moment: datetime) -> datetime:
    """The hotel's wall-clock time for a moment; a moment without a zone is UTC, as the
    store keeps every time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(hotel_zone(policy))


def staff_locale(policy: Policy, language: str) -> str:
    """The CLDR locale that writes dates and numbers for a staff language: the one the
    property names for that language (en_GB for en), else the language itself."""
    return policy.property.letters.locales.get(language, language)


def locale_now(policy: Policy) -> str:
    """The CLDR locale of the language staff read right now (a command's --ui-lang, the
    person signed in)."""
    return staff_locale(policy, current_language())


def amount(value: Decimal | int, locale: str | None = None) -> str:
    """``25,000``; ``12.50``; ``0.125``: whole amounts without decimals, others with two
    or, when the policy gives one, three (never rounded away). In ``locale``'s digits
    grouping and decimal sign (``25 000`` in Armenian)."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2 if value == round(value, 2) else 3
    if locale is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, pattern, locale=loaded(locale),
                              decimal_quantization=True)
    if places == 3:
        return f"{value:,.3f}".rstrip("0")
    return f"{value:,.{places}f}"


def money(value: Decimal | int, currency: str, locale: str | None = None) -> str:
    """``25,000 AMD``: an amount and its ISO 4217 code, for commands and files."""
    return f"{amount(value, locale)} {currency}"


# A terminal screen wraps text at every Unicode space, the no-break ones too (Rich and
# Textual split words at ``\s``): "20 000 AMD" was drawn as "20" and "000 AMD" on two
# lines, "dak 4" as "dak" and "4". On screen the spaces inside an amount or a duration
# are therefore a blank cell that is no space at all, the blank braille pattern, so the
# figure wraps as one word.
SCREEN_BLANK = "\u2800"


def unbroken(figure: str) -> str:
    """A figure (an amount, a duration) as the screens show it: one word, its spaces
    drawn as ``SCREEN_BLANK``."""
    return re.sub(r"\s", SCREEN_BLANK, figure)


def screen_money(value: Decimal | int, currency: str, locale: str | None = None) -> str:
    """``25 000 AMD`` as the screens show it: the same words as ``money``, never wrapped
    inside (at the thousands space or before the code)."""
    return unbroken(money(value, currency, locale))


def minor_units(value: Decimal | int, currency: str) -> int:
    """An amount in the currency's smallest unit, as programs and ledgers count it: ISO
    4217's decimals for the code (CLDR's, through Babel): 400.00 AMD is 40000."""
    scaled = Decimal(value).scaleb(get_currency_precision(currency))
    return int(scaled.to_integral_value())


def tenths(value: float, locale: str | None = None) -> str:
    """A measured figure to one decimal, ``4.5`` (the minutes a practised apology took),
    with ``locale``'s decimal sign: ``4,5`` in Armenian."""
    if locale is None:
        return f"{value:.1f}"
    return format_decimal(round(value, 1), "0.0", locale=loaded(locale))


def percent(rate: float | Decimal | None, locale: str | None = None, places: int = 1) -> str:
    """``83.3%`` for a share from 0 to 1 (``places`` decimals: ``10%`` with none); ``–``
    when there is nothing to divide."""
    if rate is None:
        return "–"
    if locale is not None:
        pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
        return format_percent(rate, pattern, locale=loaded(locale))
    return f"{float(rate) * 100:.{places}f}%"


def clock(moment: datetime, locale: str) -> str:
    """``Mon 23 Nov 12:30``, the screens' clock, in the staff's locale."""
    return format_datetime(moment, "EEE d MMM HH:mm", tzinfo=moment.tzinfo,
                           locale=loaded(locale))


def hour_minute(moment: datetime, locale: str) -> str:
    return format_time(moment, "HH:mm", tzinfo=moment.tzinfo, locale=loaded(locale))


def day(value: date, locale: str) -> str:
    """``23 Nov 2026``: a day with its year, as commands print it for people."""
    return format_date(value, "medium", locale=loaded(locale))


def day_time(moment: datetime, locale: str) -> str:
    """``23 Nov 2026 14:00``: a moment (already in hotel time) with its year."""
    return f"{day(moment, locale)} {hour_minute(moment, locale)}"


def day_month(moment: datetime | date, locale: str) -> str:
    """``23 Nov``: a day this year, short."""
    return format_date(moment, "d MMM", locale=loaded(locale))


def _unit(value: int, unit: str, locale: str) -> str:
    """One CLDR duration unit, narrow (``12m``, ``12ր``) where the locale has it."""
    text = format_unit(value, f"duration-{unit}", length="narrow", locale=loaded(locale))
    if "duration-" in text:  # no narrow pattern in this locale (Swahili hours)
        text = format_unit(value, f"duration-{unit}", length="short", locale=loaded(locale))
    return text


def duration(delta: timedelta, locale: str | None = None, units: int = 2, *,
             to_the_second: bool = False) -> str:
    """Compact and signed: ``12m``, ``3h05``, ``2d4h``, ``-7m`` when overdue; with a
    ``locale``, its own narrow units (``3ժ 5ր``, ``saa 3 dak 5``), the ``units`` largest.
    ``to_the_second``: under an hour, the seconds too (``4ր 30վ``, ``dak 4 sek 30``), for
    how long a practised step took."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    hours, days = minutes // 60, minutes // (60 * 24)
    if locale is None:
        if minutes < 60:
            return f"{sign}{minutes}m"
        if hours < 48:
            return f"{sign}{hours}h{minutes % 60:02d}"
        return f"{sign}{days}d{hours % 24}h"
    if to_the_second and minutes < 60:
        parts = [_unit(minutes, "minute", locale)] if minutes else []
        if abs(seconds) % 60 or not minutes:
            parts.append(_unit(abs(seconds) % 60, "second", locale))
    elif minutes < 60:
        parts = [_unit(minutes, "minute", locale)]
    elif hours < 48:
        parts = [_unit(hours, "hour", locale)]
        if minutes % 60:
            parts.append(_unit(minutes % 60, "minute", locale))
    else:
        parts = [_unit(days, "day", locale)]
        if hours % 24:
            parts.append(_unit(hours % 24, "hour", locale))
    return sign + " ".join(parts[:units])


# The store's and the policy's fixed values, as staff read them.
_VALUE_WORDS = {
    "low": N_("low"), "medium": N_("medium"), "high": N_("high"),
    "critical": N_("critical"),
    "open": N_("open"), "resolved": N_("resolved"), "followed_up": N_("followed up"),
    "closed": N_("closed"), "in_progress": N_("in progress"), "done": N_("done"),
    "printed": N_("printed"), "pending": N_("pending"),
    "satisfied": N_("satisfied"), "not_satisfied": N_("not satisfied"),
    "unreachable": N_("unreachable"),
    "acknowledge": N_("acknowledge"), "resolve": N_("resolve"),
    "allowed": N_("allowed"), "needs_approval": N_("needs approval"),
    "forbidden": N_("forbidden"),
    "note": N_("note"), "reassign": N_("reassigned"), "reopen": N_("reopened"),
    # A notification and each of its deliveries (``kiosk notify status``).
    "waiting": N_("waiting"), "sending": N_("sending"), "delivered": N_("delivered"),
    "failing": N_("failing"), "undeliverable": N_("undeliverable"),
    "acknowledged": N_("acknowledged"), "to_acknowledge": N_("to acknowledge"),
    "acknowledgement_overdue": N_("acknowledgement overdue"),
    "command": N_("command"), "email": N_("e-mail"),
    # What a compensation item is (``kiosk policy show``).
    "folio_credit": N_("folio credit"), "voucher": N_("voucher"), "amenity": N_("amenity"),
    "upgrade": N_("upgrade"), "loyalty_points": N_("loyalty points"),
    "discount": N_("discount"),
}


def value_word(value: object, language: str | None = None) -> str:
    """A severity, status, follow-up outcome, SLA phase or verdict in the staff's
    language (or in ``language``, for words written for someone else to read)."""
    text = str(value)
    if text not in _VALUE_WORDS:
        return text.replace("_", " ")
    marked = _VALUE_WORDS[text]
    return lookup(marked) if language is None else translations(language).gettext(marked)


# The guest's title as the staff read it; the record keeps the value (``mr``), and the
# letter writes it in the guest's language (kiosk/letters/salutation.py).
_TITLES: dict[str, str] = {
    # TRANSLATORS: titles the desk chooses for a guest. Where the language has one word
    # for Ms and Mrs, say which is which.
    Honorific.MR: N_("Mr"), Honorific.MS: N_("Ms"), Honorific.MRS: N_("Mrs"),
    # TRANSLATORS: a gender-neutral title; where the language has none, keep "Mx" and
    # say what it is.
    Honorific.MX: N_("Mx"), Honorific.DR: N_("Dr"),
}


def yes_no(value: bool) -> str:
    """Yes or no, in the staff's language."""
    return _("yes") if value else _("no")


def title_word(honorific: Honorific | str) -> str:
    """A guest's title in the staff's language; "—" for none."""
    marked = _TITLES.get(honorific)
    return lookup(marked) if marked else "—"


def role_word(policy: Policy, role_id: str) -> str:
    """A role as named mid-sentence ("a duty manager"), in the staff's language."""
    return policy.role_label(role_id, current_language()).lower()


def named(ident: str, label: str) -> str:
    """An id as a supervisor types it (``drink_voucher``), with the policy's name for it
    in the staff's language beside it when that says more than the id itself."""
    same = label.casefold() in (ident.casefold(), ident.replace("_", " ").casefold())
    return ident if same else f"{ident} ({label})"


@functools.lru_cache(maxsize=64)
def language_in(language: str, shown_in: str) -> str:
    """``language`` as staff read it in a list: its CLDR name in ``shown_in`` and, when
    that differs, in itself ("Armenian (հայերեն)"); the code when CLDR has no name."""
    try:
        own = Locale.parse(language.replace("-", "_"))
        name = own.get_display_name(Locale.parse(shown_in.replace("-", "_"))) or language
    except (UnknownLocaleError, ValueError):
        return language
    native = own.get_display_name(own) or ""
    return name if not native or native == name else f"{name} ({native})"


def language_name(code: str) -> str:
    """A language's name in that language ("Հայերեն", "Kiswahili"), for choosing it."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]
