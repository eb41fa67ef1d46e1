"""The parts of a policy as the kiosk reads them: roles, catalogue items, categories,
the checklist's steps, tiers, the property and its letters, notifications.

Plain frozen dataclasses (``kiosk.core.plain.Part``), built from files that passed
validation (``policy_files`` holds what a supervisor may write and checks it;
``policy_validate`` builds these from it) or recalled from the cache of validated
policies. Every command reads a policy, most never validate one, so nothing here imports
the validation library. Each part has exactly the fields and defaults of its file model
of the same name (a unit test holds them together).
"""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal
from enum import StrEnum

from kiosk.core.plain import Part


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ItemKind(StrEnum):
    FOLIO_CREDIT = "folio_credit"
    VOUCHER = "voucher"
    AMENITY = "amenity"
    UPGRADE = "upgrade"
    LOYALTY_POINTS = "loyalty_points"
    DISCOUNT = "discount"


class Signer(StrEnum):
    AGENT = "agent"  # the agent who handled it (and whoever approved)
    SENIOR = "senior"  # the senior signer alone, writing as "I"
    BOTH = "both"  # the senior signer and the agent


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


class AfterLast(StrEnum):
    FOLLOWED_UP = "followed_up"  # recorded as unreachable; the incident stays resolved
    CLOSED = "closed"  # recorded as unreachable and the incident closed


class ClockKind(StrEnum):
    ALWAYS = "always"  # the SLA clock runs round the clock
    WORKING_HOURS = "working_hours"  # it runs only in the department's working hours


class ReportFieldKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"


class StepUse(StrEnum):
    SUMMARY = "summary"  # its note sums up the guest's account
    REMEDY = "remedy"  # its note says what was done to put it right


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PinLockout(Part):
    tries: int
    minutes: int


class Letterhead(Part):
    name: str
    address: list[str] = field(default_factory=list)


class LetterSettings(Part):
    signer: Signer = Signer.AGENT
    senior_name: str = ""
    senior_title: dict[str, str] = field(default_factory=dict)
    show_values: bool = False
    paper: Paper = Paper.A4
    guest_relations_phone: str = ""
    guest_relations_email: str = ""
    locales: dict[str, str] = field(default_factory=lambda: {"en": "en_GB"})


class Property(Part):
    name: str
    address: list[str]
    currency: str
    languages: list[str]
    default_language: str
    timezone: str
    idle_lock_seconds: int
    pin_lockout: PinLockout
    printer: str
    follow_up_hours: int
    shift_hours: int
    id: str | None = None
    phone: str = ""
    email: str = ""
    staff_language: str = "en"
    pin_min_length: int = 4
    practice_printer: str | None = None
    spend_outlier_times: Decimal = Decimal(3)
    checkout: str = "12:00"
    letters: LetterSettings = field(default_factory=LetterSettings)
    letterhead: dict[str, Letterhead] = field(default_factory=dict)


class ChainLink(Part):
    dsn: str = ""
    dsn_file: str = ""
    group: str | None = None
    share_contacts: bool = False
    share_stays: bool = True
    sync_minutes: int = 5


class Smtp(Part):
    host: str
    sender: str
    port: int = 25
    starttls: bool = False
    username: str = ""
    timeout_seconds: int = 20


class NotifyTarget(Part):
    role: str
    email: list[str] = field(default_factory=list)
    command: bool = True


class Notify(Part):
    command: list[str] | None = None
    command_timeout_seconds: int = 30
    retry_minutes: list[int] = field(default_factory=lambda: [1, 5, 15, 60])
    smtp: Smtp | None = None
    target: list[NotifyTarget] = field(default_factory=list)


class FollowUpRules(Part):
    attempts: int = 3
    retry_hours: list[int] = field(default_factory=lambda: [4, 24])
    after_last: AfterLast = AfterLast.FOLLOWED_UP
    unreachable_role: str | None = "supervisor"
    not_satisfied_role: str = "supervisor"


class WorkingHours(Part):
    opens: str
    closes: str
    days: list[str] = field(default_factory=lambda: list(WEEKDAYS))


class Department(Part):
    id: str
    label: dict[str, str]
    owner: dict[str, str] = field(default_factory=dict)  # per language; {} for no one
    hours: WorkingHours | None = None


class ReportField(Part):
    id: str
    label: dict[str, str]
    kind: ReportFieldKind = ReportFieldKind.TEXT
    required: bool = True
    choices: list[str] = field(default_factory=list)
    max_length: int = 2000


class Role(Part):
    id: str
    label: dict[str, str]
    per_incident_cap: Decimal
    per_guest_stay_cap: Decimal
    per_shift_cap: Decimal
    max_discount_pct: Decimal
    items: dict[str, int]
    approves: bool = False
    manages_staff: bool = False


class Item(Part):
    id: str
    kind: ItemKind
    label: dict[str, str]
    unit_value: Decimal
    remark_required: bool = False
    percent: Decimal | None = None
    transaction_code: str | None = None
    points: int | None = None
    phrase: dict[str, dict[str, str]] = field(default_factory=dict)


class Sla(Part):
    acknowledge: int
    resolve: int


class Category(Part):
    id: str
    label: dict[str, str]
    default_severity: Severity
    department: str = "front_office"
    suggested: list[str] = field(default_factory=list)
    not_allowed: list[str] = field(default_factory=list)
    sla: dict[Severity, Sla] = field(default_factory=dict)
    clock: ClockKind = ClockKind.ALWAYS
    pause_for_guest: bool = False


class Escalation(Part):
    breach: str
    level: int
    after_minutes: int
    notify_role: str


class Step(Part):
    id: str
    title: dict[str, str]
    prompt: dict[str, str]
    required: bool = True
    letter: StepUse | None = None
    apology: bool = False


class Tier(Part):
    id: str
    label: dict[str, str]
    from_value: Decimal
    action: dict[str, str]
    notify_role: str | None = None
    within_hours: int | None = None
    report: bool = False



# --- practice scenarios (policies/training/*.toml, see ``kiosk.core.training``) ---------
class ScenarioText(Part):
    """A scenario in one staff language."""

    title: str
    guest_name: str
    situation: str
    debrief: list[str]
    says: dict[str, str]  # checklist step id -> what the guest says at that step
    address_as: str = ""


class ScenarioFile(Part):
    id: str
    category: str
    severity: Severity
    room: str
    guest_language: str
    fit: list[str]
    text: dict[str, ScenarioText]
    too_much: list[str] = field(default_factory=list)
    spend_ceiling: Decimal | None = None
