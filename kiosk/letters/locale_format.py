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
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import (
    NumberPattern,
    format_decimal,
    format_percent,
    get_currency_symbol,
    parse_pattern,
)

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _

NBSP = "\u00a0"


@functools.lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise LetterError(_("no formatting rules for language '{language}'").format(
            language=language)) from exc


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


def number(value: int | Decimal, language: str) -> str:
    """Digits with the locale's grouping: ``3,000`` (en, sw), ``3 000`` with a no-break
    space (hy)."""
    return format_decimal(value, locale=locale_for(language))


# Counts up to ten in words, as a letter writes them ("three dinner vouchers"). CLDR's
# spell-out rules are not in Babel; these are the base forms. Swahili numbers agree with
# their noun: these are the N-class forms ("vocha tatu", "siku tatu", "mara tatu"), so
# Swahili phrases count N-class nouns.
_COUNT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    "hy": ("մեկ", "երկու", "երեք", "չորս", "հինգ", "վեց", "յոթ", "ութ", "ինը", "տասը"),
    "sw": ("moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa", "kumi"),
}


def count(value: int, language: str) -> str:
    """``three`` in words up to ten where the language's words are known, else digits."""
    words = _COUNT_WORDS.get(language.split("_")[0].split("-")[0])
    if words and 1 <= value <= len(words):
        return words[value - 1]
    return number(value, language)


def plural_form(value: int | Decimal, language: str) -> str:
    """The CLDR plural category of ``value`` in ``language``: one, few, many, other…"""
    return str(locale_for(language).plural_form(value))


def percent(value: Decimal, language: str) -> str:
    """``10%`` for 10, in the locale's own percent pattern."""
    return format_percent(Decimal(value) / 100, locale=locale_for(language))


def short_time(moment: datetime, language: str, tz: tzinfo | None = None) -> str:
    """``15:30`` on the hotel's clock, in the locale's own short pattern."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return format_time(moment, "short", locale=locale_for(language))


def long_date(moment: date | datetime, language: str, tz: tzinfo | None = None) -> str:
    """``23 November 2026`` in the letter's language, on the hotel's calendar."""
    if isinstance(moment, datetime):
        if tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        moment = moment.date()
    return format_date(moment, "long", locale=locale_for(language))


# A day in a sentence, without the year: "23 November" (en), "23 Novemba" (sw). Armenian
# puts the month first in a sentence («նոյեմբերի 23-ին»); the template adds the ending.
_DAY_PATTERNS = {"hy": "MMMM d"}


def day_month(moment: date | datetime, language: str, tz: tzinfo | None = None) -> str:
    if isinstance(moment, datetime):
        if tz is not None and moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        moment = moment.date()
    locale = locale_for(language)
    pattern = _DAY_PATTERNS.get(locale.language)
    if pattern:
        return format_date(moment, pattern, locale=locale)
    return format_skeleton("MMMMd", moment, locale=locale)
