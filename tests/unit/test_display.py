"""Hotel time, money and shares as every screen, command and report shows them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from kiosk.core.display import amount, hotel_time, minor_units, money, percent
from kiosk.core.policy_set import Policy


def test_money_keeps_cents_and_never_rounds_a_value_away() -> None:
    assert money(Decimal(25000), "AMD") == "25,000 AMD"
    assert money(Decimal("12.5"), "EUR") == "12.50 EUR"  # reasons said 12.5 EUR
    assert amount(Decimal("0.125")) == "0.125"  # the screens said 0.12
    assert amount(Decimal("1234567.10")) == "1,234,567.10"
    assert amount(7) == "7"


def test_minor_units_follow_each_currencys_decimals() -> None:
    assert minor_units(Decimal(40000), "AMD") == 4000000
    assert minor_units(Decimal("12.5"), "EUR") == 1250
    assert minor_units(Decimal(500), "JPY") == 500
    assert minor_units(Decimal("0.125"), "BHD") == 125


def test_shares() -> None:
    assert percent(None) == "–"
    assert percent(5 / 6) == "83.3%"


def test_hotel_time_is_the_property_zone_and_a_bare_time_is_utc(policy: Policy) -> None:
    moment = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
    local = hotel_time(policy, moment)
    assert local.utcoffset() is not None and local == moment
    assert hotel_time(policy, moment.replace(tzinfo=None)) == local
