"""What a policy change does, in words a supervisor reads before publishing it.

``diff_policies(old, new)`` compares two loaded policies and returns sections (roles
one by one, catalogue, categories, tiers, checklist, escalation, property), each a list
of sentences. Nothing here reads files; the CLI loads both folders first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.core.display import money
from kiosk.core.policy_parts import Role
from kiosk.core.policy_set import Policy

CAPS = (("per_incident_cap", "per-incident limit"),
        ("per_guest_stay_cap", "per-stay limit"),
        ("per_shift_cap", "per-shift limit"))


@dataclass
class Section:
    title: str
    changes: list[str] = field(default_factory=list)


@dataclass
class PolicyDiff:
    old_version: str
    new_version: str
    old_hash: str
    new_hash: str
    sections: list[Section]

    @property
    def changed(self) -> bool:
        return any(s.changes for s in self.sections)

    def lines(self) -> list[str]:
        head = (f"Policy {self.old_version} ({self.old_hash[:12]}) → "
                f"{self.new_version} ({self.new_hash[:12]})")
        if not self.changed:
            return [head, "No change to any rule."]
        out = [head]
        for section in self.sections:
            if section.changes:
                out += ["", section.title + ":"] + [f"  - {c}" for c in section.changes]
        return out


def _raised(before: Decimal, after: Decimal) -> str:
    return "raised" if after > before else "lowered"


def _items_text(ids: Iterable[str]) -> str:
    return ", ".join(i.replace("_", " ") for i in sorted(ids))


def _compare_sets(what: str, old: Iterable[str], new: Iterable[str]) -> list[str]:
    old_set, new_set = set(old), set(new)
    out = []
    if new_set - old_set:
        out.append(f"{what} now include {_items_text(new_set - old_set)}.")
    if old_set - new_set:
        out.append(f"{what} no longer include {_items_text(old_set - new_set)}.")
    return out


def _role_changes(old: Role, new: Role, cur: str) -> list[str]:
    out = []
    for attr, words in CAPS:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            out.append(f"{words.capitalize()} {_raised(before, after)} from "
                       f"{money(before, cur)} to {money(after, cur)}.")
    if old.max_discount_pct != new.max_discount_pct:
        out.append(f"Largest discount {_raised(old.max_discount_pct, new.max_discount_pct)} "
                   f"from {old.max_discount_pct}% to {new.max_discount_pct}%.")
    for item in sorted(set(old.items) | set(new.items)):
        before, after = old.items.get(item, 0), new.items.get(item, 0)
        name = item.replace("_", " ")
        if before == after:
            continue
        if before == 0:
            out.append(f"May now give {name} (up to {after} per incident).")
        elif after == 0:
            out.append(f"May no longer give {name} (was up to {before} per incident).")
        else:
            out.append(f"{name.capitalize()}: up to {after} per incident instead of {before}.")
    return out


def _roles(old: Policy, new: Policy) -> list[Section]:
    cur = new.currency
    old_roles = {r.id: r for r in old.roles}
    new_roles = {r.id: r for r in new.roles}
    sections = []
    for role in new.roles:
        title = f"Role {new.label(role.label, 'en')} ({role.id})"
        before = old_roles.get(role.id)
        if before is None:
            sections.append(Section(title, [
                f"New role: limits {money(role.per_incident_cap, cur)} per incident, "
                f"{money(role.per_guest_stay_cap, cur)} per stay, "
                f"{money(role.per_shift_cap, cur)} per shift; items "
                f"{_items_text(k for k, v in role.items.items() if v) or 'none'}."]))
        else:
            sections.append(Section(title, _role_changes(before, role, cur)))
    for role_id in old_roles.keys() - new_roles.keys():
        sections.append(Section(f"Role {role_id}", ["Removed: staff with this role can no "
                                                    "longer sign in to give compensation."]))
    old_order = [r.id for r in old.roles if r.id in new_roles]
    new_order = [r.id for r in new.roles if r.id in old_roles]
    if old_order != new_order:
        sections.append(Section("Role order", [
            f"Hierarchy (lowest first) is now {' < '.join(r.id for r in new.roles)}."]))
    return sections


def _catalogue(old: Policy, new: Policy) -> list[str]:
    cur = new.currency
    out = []
    for item_id in sorted(set(old.items) | set(new.items)):
        before, after = old.items.get(item_id), new.items.get(item_id)
        name = item_id.replace("_", " ")
        if before is None and after is not None:
            out.append(f"New item {name} ({after.kind.value}), worth "
                       f"{money(after.unit_value, cur)}.")
        elif after is None and before is not None:
            out.append(f"Item {name} removed from the catalogue.")
        elif before is not None and after is not None:
            if before.unit_value != after.unit_value:
                out.append(f"{name.capitalize()} now counts as {money(after.unit_value, cur)}"
                           f" (was {money(before.unit_value, cur)}).")
            if before.percent != after.percent:
                out.append(f"{name.capitalize()} now takes {after.percent}% off "
                           f"(was {before.percent}%).")
            if before.kind != after.kind:
                out.append(f"{name.capitalize()} is now a {after.kind.value} "
                           f"(was {before.kind.value}).")
            if before.remark_required != after.remark_required:
                out.append(f"{name.capitalize()} "
                           f"{'now needs' if after.remark_required else 'no longer needs'}"
                           " a remark.")
    return out


def _sla_text(sla: Any) -> str:
    return f"acknowledge {sla.acknowledge} min, resolve {sla.resolve} min"


def _categories(old: Policy, new: Policy) -> list[str]:
    out = []
    for severity in sorted(set(old.default_sla) | set(new.default_sla)):
        sla_before, sla_after = old.default_sla.get(severity), new.default_sla.get(severity)
        if sla_before != sla_after and sla_after is not None:
            out.append(f"Default SLA for {severity.value}: {_sla_text(sla_after)}"
                       + (f" (was {_sla_text(sla_before)})." if sla_before else "."))
    for cat_id in sorted(set(old.categories) | set(new.categories)):
        before, after = old.categories.get(cat_id), new.categories.get(cat_id)
        if after is None:
            out.append(f"Category {cat_id} removed.")
            continue
        if before is None:
            out.append(f"New category {cat_id} (department {after.department}).")
            continue
        label = cat_id.replace("_", " ").capitalize()
        if before.department != after.department:
            out.append(f"{label}: department {after.department} (was {before.department}).")
        if before.default_severity != after.default_severity:
            out.append(f"{label}: default severity {after.default_severity.value} "
                       f"(was {before.default_severity.value}).")
        out += [f"{label}: {c[0].lower()}{c[1:]}" for c in
                _compare_sets("Items not allowed", before.not_allowed, after.not_allowed)]
        out += [f"{label}: {c[0].lower()}{c[1:]}" for c in
                _compare_sets("Suggested items", before.suggested, after.suggested)]
        for severity in sorted(set(before.sla) | set(after.sla)):
            b, a = before.sla.get(severity), after.sla.get(severity)
            if b != a:
                out.append(f"{label}, {severity.value}: "
                           + (f"{_sla_text(a)}" if a else "back to the default SLA")
                           + (f" (was {_sla_text(b)})." if b else "."))
    return out


def _keyed(rows: Iterable[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    return {key(r): r for r in rows}


def _tiers(old: Policy, new: Policy, cur: str) -> list[str]:
    out = []
    before, after = _keyed(old.tiers, lambda t: t.id), _keyed(new.tiers, lambda t: t.id)
    for tier_id in [t.id for t in new.tiers] + sorted(before.keys() - after.keys()):
        b, a = before.get(tier_id), after.get(tier_id)
        if a is None:
            out.append(f"Tier {tier_id} removed.")
        elif b is None:
            out.append(f"New tier {tier_id} from {money(a.from_value, cur)}.")
        else:
            if b.from_value != a.from_value:
                out.append(f"Tier {tier_id} now starts at {money(a.from_value, cur)} "
                           f"(was {money(b.from_value, cur)}).")
            if (b.notify_role, b.within_hours) != (a.notify_role, a.within_hours):
                who = (f"{a.notify_role} within {a.within_hours} h" if a.notify_role
                       else "nobody")
                out.append(f"Tier {tier_id} now notifies {who}.")
    return out


def _checklist(old: Policy, new: Policy) -> list[str]:
    out = []
    if old.checklist_name != new.checklist_name:
        out.append(f"The desk now follows the {new.checklist_name} checklist "
                   f"(was {old.checklist_name}).")
    before = [s.id for s in old.steps]
    after = [s.id for s in new.steps]
    if before != after:
        out.append(f"Steps: {' → '.join(after)} (was {' → '.join(before)}).")
    required_before = {s.id for s in old.steps if s.required}
    required_after = {s.id for s in new.steps if s.required}
    common = set(before) & set(after)
    for step in sorted((required_after - required_before) & common):
        out.append(f"Step {step} is now required.")
    for step in sorted((required_before - required_after) & common):
        out.append(f"Step {step} is now optional.")
    return out


def _escalation(old: Policy, new: Policy) -> list[str]:
    def rules(policy: Policy) -> dict[tuple[str, int], tuple[int, str]]:
        return {(r.breach, r.level): (r.after_minutes, r.notify_role)
                for r in policy.escalation}

    before, after = rules(old), rules(new)
    out = []
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key), after.get(key)
        breach, level = key
        if a is None:
            out.append(f"Late to {breach}, level {level}: removed.")
        elif b != a:
            out.append(f"Late to {breach}, level {level}: {a[1]} is told {a[0]} min after "
                       f"the time runs out" + (f" (was {b[1]} after {b[0]} min)." if b
                                               else " (new)."))
    return out


def _property(old: Policy, new: Policy) -> list[str]:
    out = []
    if old.effective != new.effective:
        out.append(f"Effective from {new.effective} (was {old.effective}).")
    old_values = asdict(old.property)
    for name, value in asdict(new.property).items():
        before = old_values.get(name)
        if before != value:
            out.append(f"{name.replace('_', ' ').capitalize()}: {value} (was {before}).")
    return out


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    cur = new.currency
    sections = [
        *_roles(old, new),
        Section("Catalogue", _catalogue(old, new)),
        Section("Categories", _categories(old, new)),
        Section("Documentation tiers", _tiers(old, new, cur)),
        Section("Checklist", _checklist(old, new)),
        Section("Escalation", _escalation(old, new)),
        Section("Property", _property(old, new)),
    ]
    return PolicyDiff(old.version, new.version, old.policy_hash, new.policy_hash, sections)
