"""How the desk's screens, commands and reports show hotel time, money and shares: one
rule each, used by all (letters use Babel for the guest's own locale instead)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def amount(value: Decimal | int) -> str:
    """``25,000``; ``12.50``; ``0.125``: whole amounts without decimals, others with two
    or, when the policy gives one, three (never rounded away)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    if value == round(value, 2):
        return f"{value:,.2f}"
    return f"{value:,.3f}".rstrip("0")


def money(value: Decimal | int, currency: str) -> str:
    """``25,000 AMD``: an amount and its ISO 4217 code, for screens and commands."""
    return f"{amount(value)} {currency}"


def percent(rate: float | None) -> str:
    """``83.3%`` for a share from 0 to 1; ``–`` when there is nothing to divide."""
    return "–" if rate is None else f"{rate * 100:.1f}%"
