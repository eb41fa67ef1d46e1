"""Why the engine decided as it did, in words: each reason is a code and its values (item,
role and category ids, amounts, counts), worded in the reader's language when it is shown.
A decision recorded before reasons had codes keeps its English sentences, shown as they
were written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from kiosk.core.display import amount, money, screen_money, staff_locale
from kiosk.core.i18n import N_, current_language, lookup
from kiosk.core.models import CompensationDecision, Reason
from kiosk.core.policy_set import Policy

MESSAGES: Mapping[str, str] = {
    "within_limits": N_("Within your limits: {total} of {cap} for this incident."),
    "role_may_not_give": N_("{role} may not give “{item}”."),
    "more_than_role_gives": N_("{qty} × “{item}” is over the limit of {allowed} for {role}."),
    "over_incident_cap": N_("The total {total} is over the per-incident limit of {cap}."),
    "over_stay_cap": N_("With the {given} already given this stay, the guest would receive "
                        "{after}, over the per-stay limit of {cap}."),
    "over_shift_cap": N_("With the {given} already given this shift, that makes {after}, "
                         "over the per-shift limit of {cap}."),
    "over_discount": N_("A discount of {discount} is over the limit of {limit} for {role}."),
    "approver": N_("{role} (or above) can approve this."),
    "no_role": N_("No role in the policy may give this; reduce the compensation."),
    "not_a_category": N_("'{category}' is not a category in the policy."),
    "quantity_below_one": N_("The quantity of “{item}” must be at least 1."),
    "not_in_catalogue": N_("'{item}' is not in the compensation catalogue."),
    "not_for_category": N_("“{item}” may not be given for “{category}” complaints."),
}
# What each value is, so it is shown as staff read it: money in the property currency,
# a count in the locale's digits, an id as the policy's label in the reader's language.
MONEY = frozenset({"total", "cap", "given", "after"})
NUMBERS = frozenset({"qty", "allowed"})
PERCENTS = frozenset({"discount", "limit"})


def reason(code: str, **values: object) -> Reason:
    if code not in MESSAGES:
        raise KeyError(code)
    return Reason(code, {k: str(v) for k, v in values.items()})


def _value(policy: Policy, name: str, value: str, on_screen: bool) -> str:
    language = current_language()
    locale = staff_locale(policy, language)
    try:
        if name in MONEY:
            shown = screen_money if on_screen else money
            return shown(Decimal(value), policy.currency, locale)
        if name in NUMBERS:
            return amount(Decimal(value), locale)
        if name in PERCENTS:
            return amount(Decimal(value), locale) + "%"
    except InvalidOperation:
        return value
    if name == "item" and value in policy.items:
        return policy.label(policy.items[value].label, language)
    if name == "role" and value in {r.id for r in policy.roles}:
        return policy.label(policy.role(value).label, language)
    if name == "category":
        return policy.category_label(value, language)
    return value


def say(reason: Reason | str, policy: Policy, *, on_screen: bool = False) -> str:
    """One reason in the staff's current language, amounts in its CLDR locale's digits
    (``on_screen``: never wrapped inside, ``display.screen_money``); an English sentence
    from an old record as it is."""
    if isinstance(reason, str):
        return reason
    message = MESSAGES.get(reason.code)
    if message is None:  # a code from a newer kiosk: its values still say something
        return f"{reason.code}: " + ", ".join(f"{k} {v}" for k, v in reason.values.items())
    values = {k: _value(policy, k, v, on_screen) for k, v in reason.values.items()}
    try:
        return lookup(message).format(**values)
    except (KeyError, IndexError):  # a translation naming a value this record lacks
        return message.format_map({k: values.get(k, "") for k in _names(message)})


def _names(message: str) -> list[str]:
    return [part.split("}", 1)[0] for part in message.split("{")[1:]]


def said(reasons: Iterable[Reason | str], policy: Policy, *,
         on_screen: bool = False) -> list[str]:
    return [say(r, policy, on_screen=on_screen) for r in reasons]


def recorded(record: CompensationDecision) -> list[Reason | str]:
    """A recorded decision's reasons: its codes, or the English sentences an older record
    holds."""
    return [*record.why] if record.why else [*record.reasons]
