"""Rules that span policy files: references, the hierarchy, absurd combinations.

Each rule yields ``(file, dotted_key, message)``; the loader adds line numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kiosk.core.policy import (
    CatalogueFile,
    CategoriesFile,
    ChecklistsFile,
    ItemKind,
    PropertyFile,
    RolesFile,
    Severity,
    TiersFile,
)

Finding = tuple[str, str, str]


def _duplicates(ids: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    dups = []
    for index, value in enumerate(ids):
        if value in seen:
            dups.append((index, value))
        seen.add(value)
    return dups


def check_rules(files: dict[str, Any]) -> Iterator[Finding]:
    prop: PropertyFile | None = files.get("property.toml")
    roles: RolesFile | None = files.get("roles.toml")
    catalogue: CatalogueFile | None = files.get("catalogue.toml")
    categories: CategoriesFile | None = files.get("categories.toml")
    checklists: ChecklistsFile | None = files.get("checklists.toml")
    tiers: TiersFile | None = files.get("tiers.toml")

    languages: set[str] = set()
    if prop is not None:
        p = prop.property
        languages = set(p.languages)
        if p.default_language not in languages:
            yield (
                "property.toml",
                "property.default_language",
                f"'{p.default_language}' is not among property.languages "
                f"{sorted(languages)}; add it there or pick one of them",
            )
        for index, lang in _duplicates(p.languages):
            yield ("property.toml", f"property.languages.{index}", f"'{lang}' is listed twice")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(p.timezone)
        except (KeyError, ValueError, OSError):
            yield (
                "property.toml",
                "property.timezone",
                f"unknown time zone '{p.timezone}'; expected an IANA name like 'Asia/Yerevan'",
            )

    def check_labels(file: str, key: str, labels: dict[str, str]) -> Iterator[Finding]:
        if not languages:
            return
        unknown = sorted(set(labels) - languages)
        if unknown:
            yield (
                file,
                key,
                f"language {', '.join(unknown)} is not offered in property.languages "
                f"{sorted(languages)}",
            )
        if prop is not None and prop.property.default_language not in labels:
            yield (
                file,
                key,
                f"missing the default language '{prop.property.default_language}'",
            )

    item_ids: set[str] = set()
    if catalogue is not None:
        ids = [i.id for i in catalogue.item]
        item_ids = set(ids)
        for index, dup in _duplicates(ids):
            yield ("catalogue.toml", f"item.{index}.id", f"duplicate item id '{dup}'")
        for index, item in enumerate(catalogue.item):
            yield from check_labels("catalogue.toml", f"item.{index}.label", item.label)
            if item.kind == ItemKind.DISCOUNT and item.percent is None:
                yield (
                    "catalogue.toml",
                    f"item.{index}.percent",
                    "a discount item needs 'percent' (the percentage one unit takes off)",
                )
            if item.kind != ItemKind.DISCOUNT and item.percent is not None:
                yield (
                    "catalogue.toml",
                    f"item.{index}.percent",
                    "'percent' is only for items of kind \"discount\"",
                )

    role_ids: list[str] = []
    if roles is not None:
        role_ids = [r.id for r in roles.role]
        for index, dup in _duplicates(role_ids):
            yield ("roles.toml", f"role.{index}.id", f"duplicate role id '{dup}'")
        previous = None
        for index, role in enumerate(roles.role):
            yield from check_labels("roles.toml", f"role.{index}.label", role.label)
            if catalogue is not None:
                for item_id in role.items:
                    if item_id not in item_ids:
                        yield (
                            "roles.toml",
                            f"role.{index}.items.{item_id}",
                            f"unknown item '{item_id}'; items are defined in catalogue.toml",
                        )
            if role.per_incident_cap > role.per_guest_stay_cap:
                yield (
                    "roles.toml",
                    f"role.{index}.per_incident_cap",
                    f"{role.per_incident_cap} is above this role's per_guest_stay_cap "
                    f"{role.per_guest_stay_cap}; one incident cannot exceed the whole stay",
                )
            if previous is not None:
                # Roles are listed lowest first: a higher role must never be more restricted.
                for cap in ("per_incident_cap", "per_guest_stay_cap", "per_shift_cap",
                            "max_discount_pct"):
                    low, high = getattr(previous, cap), getattr(role, cap)
                    if high < low:
                        yield (
                            "roles.toml",
                            f"role.{index}.{cap}",
                            f"{high} is below {previous.id}'s {low}; roles are listed lowest "
                            "first and a higher role may not be more restricted",
                        )
                for item_id, qty in previous.items.items():
                    if role.items.get(item_id, 0) < qty:
                        yield (
                            "roles.toml",
                            f"role.{index}.items.{item_id}",
                            f"{role.id} may give {role.items.get(item_id, 0)} but the lower "
                            f"role {previous.id} may give {qty}; a higher role may not be "
                            "more restricted",
                        )
            previous = role

    if categories is not None:
        ids = [c.id for c in categories.category]
        for index, dup in _duplicates(ids):
            yield ("categories.toml", f"category.{index}.id", f"duplicate category id '{dup}'")
        missing = [s.value for s in Severity if s not in categories.sla]
        if missing:
            yield (
                "categories.toml",
                "sla",
                f"missing severities {', '.join(missing)}; every severity needs "
                "acknowledge and resolve minutes",
            )
        for sev, sla in categories.sla.items():
            if sla.acknowledge > sla.resolve:
                yield ("categories.toml", f"sla.{sev.value}.acknowledge",
                       f"{sla.acknowledge} minutes to acknowledge is longer than "
                       f"{sla.resolve} to resolve")
        for index, cat in enumerate(categories.category):
            yield from check_labels("categories.toml", f"category.{index}.label", cat.label)
            for field in ("suggested", "not_allowed"):
                for pos, item_id in enumerate(getattr(cat, field)):
                    if catalogue is not None and item_id not in item_ids:
                        yield (
                            "categories.toml",
                            f"category.{index}.{field}.{pos}",
                            f"unknown item '{item_id}'; items are defined in catalogue.toml",
                        )
            both = set(cat.suggested) & set(cat.not_allowed)
            for item_id in sorted(both):
                yield ("categories.toml", f"category.{index}.suggested",
                       f"'{item_id}' is both suggested and not allowed")
            for sev, sla in cat.sla.items():
                if sla.acknowledge > sla.resolve:
                    yield ("categories.toml", f"category.{index}.sla.{sev.value}.acknowledge",
                           f"{sla.acknowledge} minutes to acknowledge is longer than "
                           f"{sla.resolve} to resolve")
        for index, esc in enumerate(categories.escalation):
            if roles is not None and esc.notify_role not in role_ids:
                yield ("categories.toml", f"escalation.{index}.notify_role",
                       f"unknown role '{esc.notify_role}'; roles are defined in roles.toml")

    if checklists is not None:
        if checklists.use not in checklists.checklists:
            yield (
                "checklists.toml",
                "use",
                f"no checklist named '{checklists.use}'; defined: "
                f"{', '.join(sorted(checklists.checklists))}",
            )
        for name, steps in checklists.checklists.items():
            for index, dup in _duplicates([s.id for s in steps]):
                yield ("checklists.toml", f"checklists.{name}.{index}.id",
                       f"duplicate step id '{dup}'")
            for index, step in enumerate(steps):
                yield from check_labels("checklists.toml", f"checklists.{name}.{index}.title",
                                        step.title)
                yield from check_labels("checklists.toml", f"checklists.{name}.{index}.prompt",
                                        step.prompt)

    if tiers is not None:
        ids = [t.id for t in tiers.tier]
        for index, dup in _duplicates(ids):
            yield ("tiers.toml", f"tier.{index}.id", f"duplicate tier id '{dup}'")
        if tiers.tier[0].from_value != 0:
            yield ("tiers.toml", "tier.0.from",
                   "the first tier must start from 0 so every total has a tier")
        for index in range(1, len(tiers.tier)):
            if tiers.tier[index].from_value <= tiers.tier[index - 1].from_value:
                yield ("tiers.toml", f"tier.{index}.from",
                       f"{tiers.tier[index].from_value} must be above the previous tier's "
                       f"{tiers.tier[index - 1].from_value}; list tiers from smallest up")
        for index, tier in enumerate(tiers.tier):
            yield from check_labels("tiers.toml", f"tier.{index}.label", tier.label)
            yield from check_labels("tiers.toml", f"tier.{index}.action", tier.action)
            if roles is not None and tier.notify_role and tier.notify_role not in role_ids:
                yield ("tiers.toml", f"tier.{index}.notify_role",
                       f"unknown role '{tier.notify_role}'; roles are defined in roles.toml")
