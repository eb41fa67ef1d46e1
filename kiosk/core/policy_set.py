"""The validated policy set that the rest of the kiosk reads: one object, one hash."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kiosk.core.plain import Value
from kiosk.core.policy_parts import (
    Category,
    ChainLink,
    Department,
    Escalation,
    FollowUpRules,
    Item,
    Notify,
    Property,
    ReportField,
    Role,
    Severity,
    Sla,
    Step,
    Tier,
)


class Policy(Value):
    """The policy in force, assembled from a folder's files (or recalled from the cache)."""

    version: str
    effective: date
    property: Property
    roles: tuple[Role, ...]  # lowest first
    items: dict[str, Item]
    categories: dict[str, Category]
    default_sla: dict[Severity, Sla]
    checklist_name: str
    checklists: dict[str, tuple[Step, ...]]
    tiers: tuple[Tier, ...]  # ascending by ``from_value``
    escalation: tuple[Escalation, ...]
    policy_hash: str  # sha256 of the canonical content; recorded with every decision
    source: Path | None = field(default=None, compare=False)
    chain: ChainLink | None = None  # the line to head office, when the group has one
    notify: Notify = field(default_factory=Notify)  # who hears of breaches and tiers
    follow_up: FollowUpRules = field(default_factory=FollowUpRules)  # retries, who hears
    departments: dict[str, Department] = field(default_factory=dict)  # declared ones
    report_fields: tuple[ReportField, ...] = ()  # the incident report's boxes, in order

    # --- look-ups -------------------------------------------------------------------
    @builtins.property
    def currency(self) -> str:
        return self.property.currency

    @builtins.property
    def short_hash(self) -> str:
        return self.policy_hash[:12]

    @builtins.property
    def steps(self) -> tuple[Step, ...]:
        """The active recovery checklist (LEARN by default)."""
        return self.checklists[self.checklist_name]

    def next_step(self, done: Iterable[str]) -> Step | None:
        """The first checklist step whose id is not in ``done``; None when all are."""
        recorded = set(done)
        return next((step for step in self.steps if step.id not in recorded), None)

    def offered_items(self, category_id: str) -> list[Item]:
        """The items a category allows, its suggestions first (in their order), then
        the rest of the catalogue in its order."""
        category = self.categories.get(category_id)
        suggested = list(category.suggested) if category else []
        banned = set(category.not_allowed) if category else set()
        allowed = [item for item in self.items.values() if item.id not in banned]
        return sorted(allowed, key=lambda item: (item.id not in suggested,
                                                 suggested.index(item.id)
                                                 if item.id in suggested else 0))

    def role(self, role_id: str) -> Role:
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(role_id)

    def role_rank(self, role_id: str) -> int:
        """0 for the lowest role; higher means more authority."""
        for rank, role in enumerate(self.roles):
            if role.id == role_id:
                return rank
        raise KeyError(role_id)

    def has_role(self, role_id: str) -> bool:
        return any(r.id == role_id for r in self.roles)

    def at_least(self, role_id: str, minimum: str) -> bool:
        """Whether ``role_id`` is ``minimum`` or above in the hierarchy."""
        return self.role_rank(role_id) >= self.role_rank(minimum)

    @builtins.property
    def supervisor_role(self) -> str:
        """The lowest role that approves (``approves = true`` in roles.toml); the
        highest role when none does."""
        return next((r.id for r in self.roles if r.approves), self.roles[-1].id)

    def sla(self, category_id: str, severity: Severity | str) -> Sla:
        severity = Severity(severity)
        category = self.categories.get(category_id)
        if category is not None and severity in category.sla:
            return category.sla[severity]
        return self.default_sla[severity]

    def department_of(self, category_id: str) -> str:
        category = self.categories.get(category_id)
        return category.department if category else "front_office"

    def department_label(self, department_id: str, language: str | None = None) -> str:
        """The department's label in ``language`` (else the property's); its id when
        undeclared."""
        department = self.departments.get(department_id)
        return self.label(department.label, language) if department else department_id

    def department_owner(self, department_id: str, language: str | None = None) -> str:
        """Who takes the department's work orders, in ``language`` (else the
        property's); "" when the policy names no one."""
        department = self.departments.get(department_id)
        return self.label(department.owner, language) if department and department.owner \
            else ""

    def owner_shown(self, department_id: str, owner: str, language: str | None = None) -> str:
        """A work order's owner as ``language`` reads it: the department's owner as the
        policy names them in that language when the order still has them (an order keeps
        the words it was given, in the property's language), anyone else as typed."""
        department = self.departments.get(department_id)
        if department is not None and owner and owner in department.owner.values():
            return self.label(department.owner, language)
        return owner

    def role_label(self, role_id: str, language: str | None = None) -> str:
        """A role's label in ``language``; its id, in words, when the policy has no such
        role."""
        try:
            return self.label(self.role(role_id).label, language)
        except KeyError:
            return role_id.replace("_", " ")

    def tier_for(self, total: Decimal) -> Tier:
        chosen = self.tiers[0]
        for tier in self.tiers:
            if total >= tier.from_value:
                chosen = tier
        return chosen

    def label(self, labels: dict[str, str], language: str | None = None) -> str:
        """A label in ``language``, else the property default, else any."""
        language = language or self.property.default_language
        if language in labels:
            return labels[language]
        if self.property.default_language in labels:
            return labels[self.property.default_language]
        return next(iter(labels.values()))

    def category_label(self, category_id: str, language: str | None = None) -> str:
        """A category's label in ``language``; its id when the policy no longer has it."""
        category = self.categories.get(category_id)
        return self.label(category.label, language) if category else category_id

    def item_label(self, item_id: str, language: str | None = None) -> str:
        """A catalogue item's name in ``language``; its id when the policy no longer has it."""
        item = self.items.get(item_id)
        return self.label(item.label, language) if item else item_id

    def step_title(self, step_id: str, language: str | None = None) -> str:
        """A checklist step's title in ``language``; its id when the checklist no longer
        has it."""
        step = next((s for s in self.steps if s.id == step_id), None)
        return self.label(step.title, language) if step else step_id

    def tier_label(self, tier_id: str, language: str | None = None) -> str:
        """A documentation tier's name in ``language``; its id when the policy no longer
        has it."""
        tier = next((t for t in self.tiers if t.id == tier_id), None)
        return self.label(tier.label, language) if tier else tier_id

    # --- a plain summary other tools read instead of the TOML ------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: amounts as decimal strings, roles lowest first."""
        prop = self.property
        return {
            "policy_hash": self.policy_hash,
            "version": self.version,
            "effective": self.effective.isoformat(),
            "currency": self.currency,
            "property": {
                "name": prop.name, "languages": list(prop.languages),
                "default_language": prop.default_language, "timezone": prop.timezone,
                "shift_hours": prop.shift_hours, "follow_up_hours": prop.follow_up_hours,
                "idle_lock_seconds": prop.idle_lock_seconds, "printer": prop.printer,
            },
            "roles": [
                {"id": r.id, "rank": rank, "label": dict(r.label),
                 "per_incident_cap": str(r.per_incident_cap),
                 "per_guest_stay_cap": str(r.per_guest_stay_cap),
                 "per_shift_cap": str(r.per_shift_cap),
                 "max_discount_pct": str(r.max_discount_pct),
                 "items": {k: v for k, v in r.items.items() if v > 0}}
                for rank, r in enumerate(self.roles)
            ],
            "items": [
                {"id": i.id, "kind": i.kind.value, "unit_value": str(i.unit_value),
                 "percent": None if i.percent is None else str(i.percent),
                 "remark_required": i.remark_required, "label": dict(i.label)}
                for i in self.items.values()
            ],
            "categories": [
                {"id": c.id, "label": dict(c.label), "department": c.department,
                 "default_severity": c.default_severity.value,
                 "suggested": list(c.suggested), "not_allowed": list(c.not_allowed),
                 "sla": {s.value: {"acknowledge": self.sla(c.id, s).acknowledge,
                                   "resolve": self.sla(c.id, s).resolve} for s in Severity}}
                for c in self.categories.values()
            ],
            "checklist": {
                "use": self.checklist_name,
                "available": sorted(self.checklists),
                "steps": [{"id": s.id, "title": dict(s.title), "required": s.required}
                          for s in self.steps],
            },
            "tiers": [
                {"id": t.id, "from": str(t.from_value), "label": dict(t.label),
                 "action": dict(t.action), "notify_role": t.notify_role,
                 "within_hours": t.within_hours}
                for t in self.tiers
            ],
        }
