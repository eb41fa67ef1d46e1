"""Dates, money and numbers in the letter's language, from CLDR through Babel.

Money drops the fraction when the amount is whole: a guest reads "25 000 ֏" or
"AMD 25,000", the way prices are written at the hotel; an amount with cents keeps them.
Babel does not apply CLDR's currency spacing, so a letter code such as "AMD" sitting
against a digit gets the no-break space CLDR asks for.
"""

from __future__ import annotations

import copy
import functools
from datetime import date, datetime, tzinfo
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern

from kiosk.core.errors import LetterError

NBSP = "\u00a0"


@functools.lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise LetterError(f"no formatting rules for language '{language}'") from exc


@functools.lru_cache(maxsize=64)
def _money_patterns(language: str) -> tuple[NumberPattern, NumberPattern]:
    pattern = locale_for(language).currency_formats["standard"]
    if isinstance(pattern, str):
        pattern = parse_pattern(pattern)
    whole = copy.copy(pattern)
    whole.frac_prec = (0, 0)
    return pattern, whole


def money(amount: Decimal, currency: str, language: str) -> str:
    """``25 000 ֏`` (hy), ``AMD 25,000`` (en), ``AMD 25,000`` (sw); cents when present."""
    amount = Decimal(amount)
    locale = locale_for(language)
    with_cents, whole = _money_patterns(language)
    pattern = whole if amount == amount.to_integral_value() else with_cents
    text = pattern.apply(amount, locale, currency=currency, currency_digits=False)
    symbol = get_currency_symbol(currency, locale)
    return _currency_spacing(text, symbol)


def _currency_spacing(text: str, symbol: str) -> str:
    at = text.find(symbol)
    if at < 0 or (not symbol[-1].isalpha() and not symbol[0].isalpha()):
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and symbol[-1].isalpha():
        return text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and symbol[0].isalpha():
        return text[:at] + NBSP + text[at:]
    return text


def long_date(moment: date | datetime, language: str, tz: tzinfo | None = None) -> str:
    """``23 November 2026`` in the letter's language, on the hotel's calendar."""
    if isinstance(moment, datetime):
        if tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        moment = moment.date()
    return format_date(moment, "long", locale=locale_for(language))
