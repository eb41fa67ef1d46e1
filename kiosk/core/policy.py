"""The policy model: what supervisors write in policies/*.toml, validated.

Every model forbids unknown keys, so a typo in a hand-edited file is an error rather
than a silently ignored rule. Cross-file rules (references, the role hierarchy) live in
``kiosk.core.policy_rules``; reading files and mapping problems to lines lives in
``kiosk.core.policy_load``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", strict=True)
]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$", strict=True)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal("1000000000000"))]
# Labels and prompts per language, e.g. { en = "Noise", hy = "Աղմուկ", sw = "Kelele" }.
Labels = dict[LanguageCode, Annotated[str, StringConstraints(min_length=1, max_length=500)]]

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class PolicyMeta(Strict):
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    effective: date


class PinLockout(Strict):
    tries: Annotated[int, Field(ge=1, le=20)]
    minutes: Annotated[int, Field(ge=1, le=24 * 60)]


class Property(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    address: Annotated[list[Annotated[str, StringConstraints(max_length=200)]], Field(max_length=8)]
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    email: Annotated[str, StringConstraints(max_length=120)] = ""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$", strict=True)]
    languages: Annotated[list[LanguageCode], Field(min_length=1, max_length=30)]
    default_language: LanguageCode
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    idle_lock_seconds: Annotated[int, Field(ge=15, le=3600)]
    pin_lockout: PinLockout
    printer: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,127}$")]
    follow_up_hours: Annotated[int, Field(ge=1, le=24 * 30)]
    shift_hours: Annotated[int, Field(ge=1, le=24)]


class PropertyFile(Strict):
    policy: PolicyMeta
    property: Property


class Role(Strict):
    id: Identifier
    label: Labels
    per_incident_cap: Amount
    per_guest_stay_cap: Amount
    per_shift_cap: Amount
    max_discount_pct: Annotated[Decimal, Field(ge=0, le=100)]
    # catalogue item id -> how many of it one incident may carry at this role
    items: dict[Identifier, Annotated[int, Field(ge=0, le=1000)]]


class RolesFile(Strict):
    role: Annotated[list[Role], Field(min_length=1, max_length=20)]


class Item(Strict):
    id: Identifier
    kind: ItemKind
    label: Labels
    unit_value: Amount
    remark_required: bool = False
    # Only for kind = "discount": the percentage off the folio that one unit gives.
    percent: Annotated[Decimal, Field(gt=0, le=100)] | None = None


class CatalogueFile(Strict):
    item: Annotated[list[Item], Field(min_length=1, max_length=500)]


class Sla(Strict):
    acknowledge: Annotated[int, Field(ge=1, le=60 * 24 * 14)]
    resolve: Annotated[int, Field(ge=1, le=60 * 24 * 60)]


SlaTable = dict[Severity, Sla]


class Category(Strict):
    id: Identifier
    label: Labels
    department: Identifier = "front_office"
    default_severity: Severity
    suggested: list[Identifier] = []
    not_allowed: list[Identifier] = []
    sla: SlaTable = {}


class Escalation(Strict):
    breach: Annotated[str, StringConstraints(pattern=r"^(acknowledge|resolve)$")]
    level: Annotated[int, Field(ge=1, le=9)]
    after_minutes: Annotated[int, Field(ge=0, le=60 * 24 * 30)]
    notify_role: Identifier


class CategoriesFile(Strict):
    sla: SlaTable
    category: Annotated[list[Category], Field(min_length=1, max_length=200)]
    escalation: list[Escalation] = []


class Step(Strict):
    id: Identifier
    title: Labels
    prompt: Labels
    required: bool = True


class ChecklistsFile(Strict):
    use: Identifier | Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    checklists: dict[
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")],
        Annotated[list[Step], Field(min_length=1, max_length=30)],
    ]


class Tier(Strict):
    id: Identifier
    label: Labels
    # The tier applies from this incident total upwards, up to the next tier's start.
    from_value: Annotated[Amount, Field(alias="from")]
    action: Labels
    notify_role: Identifier | None = None
    within_hours: Annotated[int, Field(ge=1, le=24 * 14)] | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TiersFile(Strict):
    tier: Annotated[list[Tier], Field(min_length=1, max_length=20)]


# The files of a policy folder and the model each must satisfy.
POLICY_FILES: dict[str, type[Strict]] = {
    "property.toml": PropertyFile,
    "roles.toml": RolesFile,
    "catalogue.toml": CatalogueFile,
    "categories.toml": CategoriesFile,
    "checklists.toml": ChecklistsFile,
    "tiers.toml": TiersFile,
}
