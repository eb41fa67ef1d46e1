"""The policy model: what supervisors write in policies/*.toml, validated.

Every model forbids unknown keys, so a typo in a hand-edited file is an error rather
than a silently ignored rule. Each scalar field checks its value itself and, when it is
wrong, says what it found and what is expected in a supervisor's words (``Expected``).
Cross-file rules (references, the role hierarchy) live in ``kiosk.core.policy_rules``;
reading files and mapping problems to lines lives in ``kiosk.core.policy_load``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, PlainValidator
from pydantic_core import CoreSchema, PydanticCustomError

from kiosk.core.i18n import N_, _, lookup
from kiosk.core.policy_parts import (
    WEEKDAYS,
    AfterLast,
    ClockKind,
    ItemKind,
    Paper,
    ReportFieldKind,
    Severity,
    Signer,
    StepUse,
)
from kiosk.core.policy_read import POLICY_FILES as FILE_NAMES
from kiosk.core.printer_queue import QUEUE_PATTERN, QUEUE_RULE

MAX_AMOUNT = Decimal("1000000000000")  # far above any real compensation; catches typos


# --- values that check themselves -------------------------------------------------
class _Wrong(Exception):
    """What is wrong with a value, in a few words (the expectation is added later)."""


def as_written(value: Any) -> str:
    """A value as a supervisor wrote it in TOML, short and on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 50 else text[:46] + '..."'
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 50 else text[:47] + "..."


class Expected:
    """Field metadata: the expectation, also used when the key is missing."""

    def __init__(self, text: str, **values: object):
        self.template = text  # marked with N_ where it is written, said when shown
        self.values = values

    @property
    def text(self) -> str:
        said = lookup(self.template)
        return said.format(**self.values) if self.values else said


class Checked(Expected):
    """An expectation that checks the value itself: the field's only validator."""

    def __init__(self, text: str, check: Callable[[Any], Any], **values: object):
        super().__init__(text, **values)
        self.check = check

    def validate(self, value: Any) -> Any:
        try:
            return self.check(value)
        except _Wrong as wrong:
            message = _("{wrong}; expected {expected}").format(wrong=wrong,
                                                               expected=self.text)
            raise PydanticCustomError("policy_value", "{message}",
                                      {"message": message}) from None

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        return PlainValidator(self.validate).__get_pydantic_core_schema__(source, handler)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return _("a true/false value")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, (date, datetime)):
        return _("a date")
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    return type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _not_a(value: Any, what: str) -> _Wrong:
    """'"20000" is text, not a number' or 'found a list, not a number'; ``what`` is
    marked with ``N_`` where it is written."""
    if isinstance(value, (dict, list)):
        return _Wrong(_("found {value}, not {what}").format(value=as_written(value),
                                                            what=lookup(what)))
    return _Wrong(_("{value} is {kind}, not {what}").format(
        value=as_written(value), kind=_type_name(value), what=lookup(what)))


def _is(value: Any, what: str) -> _Wrong:
    """'"Noise" is not a valid id'; ``what`` is marked with ``N_`` where it is written."""
    return _Wrong(_("{value} is not {what}").format(value=as_written(value),
                                                    what=lookup(what)))


class _Said:
    """A word marked with ``N_``, said in the reader's language when formatted."""

    def __init__(self, marked: str):
        self.marked = marked

    def __format__(self, spec: str) -> str:
        return format(lookup(self.marked), spec)


def _text(limit: int, minimum: int = 1) -> Checked:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _not_a(value, N_("text"))
        if len(value) < minimum:
            raise _Wrong(_("is empty"))
        if len(value) > limit:
            raise _Wrong(_("is {length} characters long").format(length=len(value)))
        return value

    if minimum == 0:
        return Checked(N_('text in "double quotes", at most {limit} characters'), check,
                       limit=limit)
    return Checked(N_('text in "double quotes", not empty, at most {limit} characters'),
                   check, limit=limit)


def _pattern(regex: str, what: str, expected: str) -> Checked:
    compiled = re.compile(regex)

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _not_a(value, what)
        if not compiled.fullmatch(value):
            raise _is(value, what)
        return value

    return Checked(expected, check)


def _whole(low: int, high: int, unit: str = "") -> Checked:
    def check(value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not _is_number(value):
            raise _not_a(value, N_("a whole number"))
        if not isinstance(value, int):
            raise _is(value, N_("a whole number"))
        if value < low:
            raise _Wrong(_("{value} is below {low}").format(value=value, low=low))
        if value > high:
            raise _Wrong(_("{value} is above {high}").format(value=value, high=high))
        return value

    if unit:
        return Checked(N_("a whole number from {low} to {high} {unit}, without quotes"),
                       check, low=low, high=high, unit=_Said(unit))
    return Checked(N_("a whole number from {low} to {high}, without quotes"), check,
                   low=low, high=high)


def _decimal(value: Any) -> Decimal:
    if not _is_number(value):
        raise _not_a(value, N_("a number"))
    # TOML floats such as 12.5 go through repr so 0.1 stays exactly 0.1.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise _is(value, N_("a finite number"))
    return number


def _amount_check(value: Any) -> Decimal:
    number = _decimal(value)
    if number < 0:
        raise _Wrong(_("{value} is negative").format(value=as_written(value)))
    if number > MAX_AMOUNT:
        raise _Wrong(_("{value} is absurdly large").format(value=as_written(value)))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise _Wrong(_("{value} has more than 3 decimals").format(value=as_written(value)))
    return number


def _percent(low_exclusive: bool) -> Checked:
    def check(value: Any) -> Decimal:
        number = _decimal(value)
        if number < 0:
            raise _Wrong(_("{value} is negative").format(value=as_written(value)))
        if low_exclusive and number == 0:
            raise _Wrong(_("{value} is zero").format(value=as_written(value)))
        if number > 100:
            raise _Wrong(_("{value} is above 100").format(value=as_written(value)))
        return number

    if low_exclusive:
        return Checked(N_("a percentage above 0 up to 100, without quotes or %"), check)
    return Checked(N_("a percentage from 0 up to 100, without quotes or %"), check)


def _times(low: int, high: int) -> Checked:
    def check(value: Any) -> Decimal:
        number = _decimal(value)
        if not low <= number <= high:
            raise _Wrong(_("{value} is not from {low} to {high}").format(
                value=as_written(value), low=low, high=high))
        return number

    return Checked(N_("a number from {low} to {high} (times), without quotes"), check,
                   low=low, high=high)


def _choice(enum: type[StrEnum], what: str) -> Checked:
    allowed = [e.value for e in enum]

    def check(value: Any) -> StrEnum:
        if not isinstance(value, str):
            raise _not_a(value, what)
        if value not in allowed:
            raise _is(value, what)
        return enum(value)

    return Checked(N_("one of: {allowed}"), check, allowed=", ".join(allowed))


def _bool_check(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _not_a(value, N_("true or false"))
    return value


def _date_check(value: Any) -> date:
    if isinstance(value, datetime):
        raise _Wrong(_("{value} is a date and time, not a date").format(
            value=as_written(value)))
    if not isinstance(value, date):
        raise _not_a(value, N_("a date"))
    return value


Identifier = Annotated[str, _pattern(
    r"[a-z][a-z0-9_]{0,39}", N_("a valid id"),
    N_("an id of lower-case letters, digits and _ that starts with a letter "
    "(at most 40), like late_checkout"),
)]
ChecklistName = Annotated[str, _pattern(
    r"[A-Za-z][A-Za-z0-9_]{0,39}", N_("a valid checklist name"),
    N_("a checklist name of letters, digits and _ that starts with a letter, like LEARN"),
)]
LanguageCode = Annotated[str, _pattern(
    r"[a-z]{2,3}", N_("a language code"),
    N_("a two- or three-letter lower-case language code, like en, hy or sw"),
)]
Currency = Annotated[str, _pattern(
    r"[A-Z]{3}", N_("a currency code"),
    N_("a three-letter ISO 4217 code in capitals, like AMD"),
)]
PrinterQueue = Annotated[str, _pattern(QUEUE_PATTERN, N_("a printer queue name"), QUEUE_RULE)]
Breach = Annotated[str, _pattern(r"acknowledge|resolve", N_("a kind of breach"),
                                  N_("one of: acknowledge, resolve"))]
Amount = Annotated[Decimal, Checked(
    N_("an amount from 0 to {most} without quotes or thousands separators, like 20000"),
    _amount_check, most=MAX_AMOUNT,
)]
Flag = Annotated[bool, Checked(N_("true or false, without quotes"), _bool_check)]
Day = Annotated[date, Checked(N_("a date written YYYY-MM-DD without quotes, like 2026-11-01"),
                              _date_check)]
SeverityValue = Annotated[Severity, _choice(Severity, N_("a severity"))]
ItemKindValue = Annotated[ItemKind, _choice(ItemKind, N_("a kind of compensation"))]
# Labels and prompts per language, e.g. { en = "Noise", hy = "Աղմուկ", sw = "Kelele" }.
Labels = Annotated[
    dict[LanguageCode, Annotated[str, _text(500)]],
    Field(min_length=1),
    Expected(N_("one text per language, like {example}"),
             example='{ en = "Noise", hy = "Աղմուկ", sw = "Kelele" }'),
]

# A department's owner per language: a post's title, as the label, but shorter.
Owners = Annotated[
    dict[LanguageCode, Annotated[str, _text(80)]],
    Field(min_length=1),
    Expected(N_("one text per language, like {example}"),
             example='{ en = "Chief engineer", hy = "Գլխավոր ինժեներ", sw = "Mhandisi Mkuu" }'),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- the files --------------------------------------------------------------------
class PolicyMeta(Strict):
    version: Annotated[str, _text(40)]
    effective: Day


class PinLockout(Strict):
    tries: Annotated[int, _whole(1, 20, N_("tries"))]
    # The longest lock; the first lasts a minute and each further one twice as long.
    minutes: Annotated[int, _whole(1, 24 * 60, N_("minutes"))]


PropertyId = Annotated[str, _pattern(
    r"[a-z0-9][a-z0-9_-]{0,39}", N_("a property id"),
    N_("a short id of lower-case letters, digits, _ or - (at most 40), like yerevan-ararat"),
)]


class Letterhead(Strict):
    """The hotel's name and address as one language writes them (letterhead)."""

    name: Annotated[str, _text(120)]
    address: Annotated[list[Annotated[str, _text(200, minimum=0)]], Field(max_length=8)] = []


# Plural forms of a guest-facing phrase: CLDR categories, plus "remark" for a line
# whose remark the guest reads (an upgrade names its room).
PhraseForm = Annotated[str, _pattern(r"zero|one|two|few|many|other|remark", N_("a plural form"),
                                     N_("one of: zero, one, two, few, many, other, remark"))]
PhraseForms = Annotated[
    dict[PhraseForm, Annotated[str, _text(300)]],
    Field(min_length=1),
    Expected(N_("plural forms, like {example}"),
             example='{ one = "a dinner voucher", other = "{n} dinner vouchers" }'),
]
Locale = Annotated[str, _pattern(r"[a-z]{2,3}(_[A-Z]{2})?", N_("a locale"),
                                 N_("a locale like en_GB or hy_AM"))]


class LetterSettings(Strict):
    signer: Annotated[Signer, _choice(Signer, N_("a signer"))] = Signer.AGENT
    senior_name: Annotated[str, _text(120, minimum=0)] = ""
    senior_title: dict[LanguageCode, Annotated[str, _text(120)]] = {}
    # Gifts print "with our compliments"; true adds what each is worth.
    show_values: Flag = False
    paper: Annotated[Paper, _choice(Paper, N_("a paper size"))] = Paper.A4
    guest_relations_phone: Annotated[str, _text(40, minimum=0)] = ""
    guest_relations_email: Annotated[str, _text(120, minimum=0)] = ""
    # Which CLDR locale formats dates and numbers for a letter language (en_GB: 23
    # November 2026, British style).
    locales: dict[LanguageCode, Locale] = {"en": "en_GB"}


class Property(Strict):
    # Stable across renames: the chain files everything this property sends under it.
    id: PropertyId | None = None
    name: Annotated[str, _text(120)]
    address: Annotated[list[Annotated[str, _text(200, minimum=0)]], Field(max_length=8)]
    phone: Annotated[str, _text(40, minimum=0)] = ""
    email: Annotated[str, _text(120, minimum=0)] = ""
    currency: Currency
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=30)]
    default_language: LanguageCode
    # The language the desk's screens speak before anyone signs in, and to staff who
    # have not chosen one (letters go out in the guest's language, not this one).
    staff_language: LanguageCode = "en"
    timezone: Annotated[str, _text(60)]
    idle_lock_seconds: Annotated[int, _whole(15, 3600, N_("seconds"))]
    pin_lockout: PinLockout
    pin_min_length: Annotated[int, _whole(4, 12, N_("digits"))] = 4
    printer: PrinterQueue
    # The only queue practice letters may print to (never ``printer``); none: a practice
    # letter is shown, not printed.
    practice_printer: PrinterQueue | None = None
    follow_up_hours: Annotated[int, _whole(1, 24 * 30, N_("hours"))]
    shift_hours: Annotated[int, _whole(1, 24, N_("hours"))]
    # The report names agents whose average compensation per incident is at least this
    # many times the property's.
    spend_outlier_times: Annotated[Decimal, _times(1, 100)] = Decimal(3)
    # Check-out time on the departure day: an SLA deadline after it is "before checkout".
    checkout: HourMinute = "12:00"
    letters: LetterSettings = Field(default_factory=LetterSettings)
    # The letterhead per letter language; a language without one prints name and address.
    letterhead: dict[LanguageCode, Letterhead] = {}


class ChainLink(Strict):
    """The optional line to head office. The connection string itself may sit in a
    file (``dsn_file``) or KIOSK_CHAIN_DSN, so a password never lives in a policy file."""

    dsn: Annotated[str, _text(1000, minimum=0)] = ""
    dsn_file: Annotated[str, _text(1000, minimum=0)] = ""
    group: Identifier | None = None
    # Whether guests' phone numbers and e-mail addresses leave the property.
    share_contacts: Flag = False
    # Whether the stays history (name key, loyalty id, arrival) goes, for return after
    # recovery at head office.
    share_stays: Flag = True
    sync_minutes: Annotated[int, _whole(1, 24 * 60, N_("minutes"))] = 5


EmailAddress = Annotated[str, _pattern(
    r"[^@\s\"]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,20}", N_("an e-mail address"),
    N_('an e-mail address in "double quotes", like "duty@hotel.example"'),
)]
Argument = Annotated[str, _text(500, minimum=0)]


class Smtp(Strict):
    """The mail server the kiosk hands notifications to (a relay on the hotel's own
    network); no password here: a relay that needs one reads KIOSK_SMTP_PASSWORD."""

    host: Annotated[str, _text(253)]
    port: Annotated[int, _whole(1, 65535)] = 25
    sender: Annotated[EmailAddress, Field(alias="from")]
    starttls: Flag = False
    username: Annotated[str, _text(120, minimum=0)] = ""
    timeout_seconds: Annotated[int, _whole(1, 120, N_("seconds"))] = 20

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class NotifyTarget(Strict):
    """Who hears about a role's notifications, and how."""

    role: Identifier
    email: Annotated[list[EmailAddress], Field(max_length=20)] = []
    command: Flag = True  # whether the notification command gets these too


class Notify(Strict):
    # The program that gets each notification as one JSON document on stdin (exit 0:
    # delivered), and its arguments; the program is named by its full path.
    command: Annotated[list[Argument], Field(min_length=1, max_length=20)] | None = None
    command_timeout_seconds: Annotated[int, _whole(1, 300, N_("seconds"))] = 30
    # Minutes to wait before each retry; the last one repeats until it goes through.
    retry_minutes: Annotated[
        list[Annotated[int, _whole(1, 24 * 60, N_("minutes"))]],
        Field(min_length=1, max_length=12),
    ] = [1, 5, 15, 60]
    smtp: Smtp | None = None
    target: Annotated[list[NotifyTarget], Field(max_length=20)] = []


class FollowUpRules(Strict):
    """How the follow-up call is retried when the guest cannot be reached, and who
    hears when it fails for good or the guest is not satisfied."""

    # Calls in all, the first included; the last unreachable one ends the follow-up.
    attempts: Annotated[int, _whole(1, 10, N_("attempts"))] = 3
    # Hours from an unreachable call to the next one; the last value repeats.
    retry_hours: Annotated[
        list[Annotated[int, _whole(1, 24 * 14, N_("hours"))]],
        Field(min_length=1, max_length=10),
    ] = [4, 24]
    after_last: Annotated[AfterLast, _choice(AfterLast, N_("what to do after the last call"))] \
        = AfterLast.FOLLOWED_UP
    # Told when the last call fails (none: nobody); told of every second recovery.
    unreachable_role: Identifier | None = "supervisor"
    not_satisfied_role: Identifier = "supervisor"


HourMinute = Annotated[str, _pattern(r"([01][0-9]|2[0-3]):[0-5][0-9]", N_("a time of day"),
                                     N_('a time of day in "double quotes", like "08:00"'))]
Weekday = Annotated[str, _pattern(r"mon|tue|wed|thu|fri|sat|sun", N_("a day of the week"),
                                  N_("one of: mon, tue, wed, thu, fri, sat, sun"))]


class WorkingHours(Strict):
    opens: HourMinute
    closes: HourMinute
    days: Annotated[list[Weekday], Field(min_length=1, max_length=7)] = list(WEEKDAYS)


class Department(Strict):
    """Who owns a category's root cause and takes its work orders."""

    id: Identifier
    label: Labels
    # Who takes the department's work orders (a name or post, "Chief engineer"): one
    # text, or one per language like the label (staff read it in their own).
    owner: Annotated[str, _text(80, minimum=0)] | Owners = Field(default_factory=dict)
    # When the department works; none: round the clock.
    hours: WorkingHours | None = None


class ReportField(Strict):
    """One box of the incident report."""

    id: Identifier
    label: Labels
    kind: Annotated[ReportFieldKind, _choice(ReportFieldKind, N_("a kind of field"))] = \
        ReportFieldKind.TEXT
    required: Flag = True
    choices: Annotated[list[Annotated[str, _text(80)]], Field(max_length=30)] = []
    max_length: Annotated[int, _whole(1, 4000, N_("characters"))] = 2000


class IncidentReportForm(Strict):
    field: Annotated[list[ReportField], Field(min_length=1, max_length=40)]


class PropertyFile(Strict):
    policy: PolicyMeta
    property: Property
    chain: ChainLink | None = None
    notify: Notify = Field(default_factory=Notify)
    follow_up: FollowUpRules = Field(default_factory=FollowUpRules)


class Role(Strict):
    id: Identifier
    label: Labels
    per_incident_cap: Amount
    per_guest_stay_cap: Amount
    per_shift_cap: Amount
    max_discount_pct: Annotated[Decimal, _percent(low_exclusive=False)]
    # catalogue item id -> how many of it one incident may carry at this role
    items: Annotated[
        dict[Identifier, Annotated[int, _whole(0, 1000)]],
        Expected(N_("a [role.items] table with one line per item, item = how many, "
                 "like drink_voucher = 2")),
    ]
    # What the role may do beyond giving, said by the role itself (never its place in
    # the list): approve others' over-limit compensation; add, disable and enable staff.
    approves: Flag = False
    manages_staff: Flag = False


class RolesFile(Strict):
    role: Annotated[list[Role], Field(min_length=1, max_length=20)]


TransactionCode = Annotated[str, _pattern(
    r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}", N_("a transaction code"),
    N_('the PMS transaction code in "double quotes", letters, digits, _ . or - (at most 20), '
    'like "9010"'),
)]


class Item(Strict):
    id: Identifier
    kind: ItemKindValue
    label: Labels
    unit_value: Amount
    remark_required: Flag = False
    # Only for kind = "discount": the percentage off the folio that one unit gives.
    percent: Annotated[Decimal, _percent(low_exclusive=True)] | None = None
    # Folio credits and discounts: the PMS transaction code their posting carries.
    transaction_code: TransactionCode | None = None
    # Only for kind = "loyalty_points": how many points one unit gives.
    points: Annotated[int, _whole(1, 10_000_000, N_("points"))] | None = None
    # What the guest reads in the letter, per language, in plural forms.
    phrase: dict[LanguageCode, PhraseForms] = {}


class CatalogueFile(Strict):
    item: Annotated[list[Item], Field(min_length=1, max_length=500)]


class Sla(Strict):
    acknowledge: Annotated[int, _whole(1, 60 * 24 * 14, N_("minutes"))]
    resolve: Annotated[int, _whole(1, 60 * 24 * 60, N_("minutes"))]


SlaTable = dict[SeverityValue, Sla]


class Category(Strict):
    id: Identifier
    label: Labels
    department: Identifier = "front_office"
    default_severity: SeverityValue
    suggested: list[Identifier] = []
    not_allowed: list[Identifier] = []
    sla: SlaTable = {}
    # "working_hours": the clock runs only while the department works ([[department]]).
    clock: Annotated[ClockKind, _choice(ClockKind, N_("a kind of clock"))] = ClockKind.ALWAYS
    # Whether the clock stops while the desk waits on the guest.
    pause_for_guest: Flag = False


class Escalation(Strict):
    breach: Breach
    level: Annotated[int, _whole(1, 9)]
    after_minutes: Annotated[int, _whole(0, 60 * 24 * 30, N_("minutes"))]
    notify_role: Identifier


class CategoriesFile(Strict):
    sla: SlaTable
    category: Annotated[list[Category], Field(min_length=1, max_length=200)]
    escalation: list[Escalation] = []
    department: Annotated[list[Department], Field(max_length=100)] = []


class Step(Strict):
    id: Identifier
    title: Labels
    prompt: Labels
    required: Flag = True
    # What the letter takes from this step's note: "summary" or "remedy".
    letter: Annotated[StepUse, _choice(StepUse, N_("a letter use"))] | None = None
    # The step at which the guest hears the apology: the reports' time to apology and
    # apology-given rate read it, whatever the step is called.
    apology: Flag = False


class ChecklistsFile(Strict):
    use: ChecklistName
    checklists: Annotated[
        dict[ChecklistName, Annotated[list[Step], Field(min_length=1, max_length=30)]],
        Field(min_length=1),
    ]


class Tier(Strict):
    id: Identifier
    label: Labels
    # The tier applies from this incident total upwards, up to the next tier's start.
    from_value: Annotated[Amount, Field(alias="from")]
    action: Labels
    notify_role: Identifier | None = None
    within_hours: Annotated[int, _whole(1, 24 * 14, N_("hours"))] | None = None
    # Whether an incident in this tier needs the incident report ([report]).
    report: Flag = False

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class TiersFile(Strict):
    tier: Annotated[list[Tier], Field(min_length=1, max_length=20)]
    report: IncidentReportForm | None = None


# The model each file of a policy folder must satisfy.
POLICY_FILES: dict[str, type[Strict]] = dict(zip(FILE_NAMES, (
    PropertyFile, RolesFile, CatalogueFile, CategoriesFile, ChecklistsFile, TiersFile),
    strict=True))
