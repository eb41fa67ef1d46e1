"""What a policy change does, in words a supervisor reads before publishing it.

``diff_policies(old, new)`` compares two loaded policies and returns sections (roles
one by one, catalogue, categories, tiers, checklist, escalation, property), each a list
of sentences in the staff's language: roles, items, categories, departments, tiers and
steps by their id and the policy's label in that language, amounts, shares and days in
its CLDR formats. Nothing here reads files; the CLI loads both folders first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, field
from decimal import Decimal
from typing import Any

from kiosk.core.display import amount, day, locale_now, money, named, percent, value_word
from kiosk.core.i18n import N_, _, current_language, lookup, ngettext
from kiosk.core.plain import Record
from kiosk.core.policy_parts import Role, Sla
from kiosk.core.policy_set import Policy

# Each limit, raised and lowered: one whole sentence per case, so each language words it.
CAPS = (("per_incident_cap", N_("Per-incident limit raised from {before} to {after}."),
         N_("Per-incident limit lowered from {before} to {after}.")),
        ("per_guest_stay_cap", N_("Per-stay limit raised from {before} to {after}."),
         N_("Per-stay limit lowered from {before} to {after}.")),
        ("per_shift_cap", N_("Per-shift limit raised from {before} to {after}."),
         N_("Per-shift limit lowered from {before} to {after}.")))


class Section(Record):
    title: str
    changes: list[str] = field(default_factory=list)
    key: str = ""  # the section's name in the JSON, the same in every language


class PolicyDiff(Record):
    old_version: str
    new_version: str
    old_hash: str
    new_hash: str
    sections: list[Section]

    @property
    def changed(self) -> bool:
        return any(s.changes for s in self.sections)

    def lines(self) -> list[str]:
        head = _("Policy {old} ({old_hash}) → {new} ({new_hash})").format(
            old=self.old_version, old_hash=self.old_hash[:12], new=self.new_version,
            new_hash=self.new_hash[:12])
        if not self.changed:
            return [head, _("No change to any rule.")]
        out = [head]
        for section in self.sections:
            if section.changes:
                out += ["", _("{section}:").format(section=section.title)]
                out += [f"  - {c}" for c in section.changes]
        return out


class _Words:
    """The names and formats of one diff: ids with their labels in the staff's language
    (from the new policy, or the old one for what was removed), amounts in its locale."""

    def __init__(self, old: Policy, new: Policy):
        self.old, self.new = old, new
        self.language, self.loc, self.cur = current_language(), locale_now(new), new.currency

    def money(self, value: Decimal) -> str:
        return money(value, self.cur, self.loc)

    def number(self, value: Decimal | int) -> str:
        return amount(value, self.loc)

    def share(self, pct: Decimal | None) -> str:
        return percent(None if pct is None else pct / 100, self.loc, places=0)

    def minutes(self, n: int) -> str:
        return ngettext("{n} minute", "{n} minutes", n).format(n=self.number(n))

    def _policy(self, has: Callable[[Policy], bool]) -> Policy:
        return self.new if has(self.new) else self.old

    def item(self, item_id: str) -> str:
        p = self._policy(lambda p: item_id in p.items)
        return named(item_id, p.item_label(item_id, self.language))

    def items(self, ids: Iterable[str]) -> str:
        return ", ".join(self.item(i) for i in sorted(ids))

    def role(self, role_id: str) -> str:
        p = self._policy(lambda p: p.has_role(role_id))
        return named(role_id, p.role_label(role_id, self.language))

    def category(self, cat_id: str) -> str:
        p = self._policy(lambda p: cat_id in p.categories)
        return named(cat_id, p.category_label(cat_id, self.language))

    def department(self, dept_id: str) -> str:
        p = self._policy(lambda p: dept_id in p.departments)
        return named(dept_id, p.department_label(dept_id, self.language))

    def tier(self, tier_id: str) -> str:
        p = self._policy(lambda p: any(t.id == tier_id for t in p.tiers))
        tier = next(t for t in p.tiers if t.id == tier_id)
        return named(tier_id, p.label(tier.label, self.language))

    def step(self, step_id: str) -> str:
        p = self._policy(lambda p: any(s.id == step_id for s in p.steps))
        step = next(s for s in p.steps if s.id == step_id)
        return named(step_id, p.label(step.title, self.language))

    def sla(self, sla: Sla) -> dict[str, str]:
        return {"acknowledge": self.minutes(sla.acknowledge),
                "resolve": self.minutes(sla.resolve)}


def _compare_sets(w: _Words, label: str, messages: tuple[str, str], old: Iterable[str],
                  new: Iterable[str]) -> list[str]:
    """``messages``: what now includes more items, and what no longer includes some."""
    old_set, new_set = set(old), set(new)
    out = []
    if new_set - old_set:
        out.append(lookup(messages[0]).format(category=label, items=w.items(new_set - old_set)))
    if old_set - new_set:
        out.append(lookup(messages[1]).format(category=label, items=w.items(old_set - new_set)))
    return out


def _role_changes(w: _Words, old: Role, new: Role) -> list[str]:
    out = []
    for attr, raised, lowered in CAPS:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            out.append(lookup(raised if after > before else lowered).format(
                before=w.money(before), after=w.money(after)))
    if old.max_discount_pct != new.max_discount_pct:
        said = (_("Largest discount raised from {before} to {after}.")
                if new.max_discount_pct > old.max_discount_pct
                else _("Largest discount lowered from {before} to {after}."))
        out.append(said.format(before=w.share(old.max_discount_pct),
                               after=w.share(new.max_discount_pct)))
    for item in sorted(set(old.items) | set(new.items)):
        before, after = old.items.get(item, 0), new.items.get(item, 0)
        if before == after:
            continue
        if before == 0:
            out.append(_("May now give {item} (up to {n} per incident).").format(
                item=w.item(item), n=w.number(after)))
        elif after == 0:
            out.append(_("May no longer give {item} (was up to {n} per incident).").format(
                item=w.item(item), n=w.number(before)))
        else:
            out.append(_("{item}: up to {after} per incident instead of {before}.").format(
                item=w.item(item), after=w.number(after), before=w.number(before)))
    return out


def _new_role(w: _Words, role: Role) -> str:
    given = [k for k, v in role.items.items() if v]
    limits = {"incident": w.money(role.per_incident_cap),
              "stay": w.money(role.per_guest_stay_cap), "shift": w.money(role.per_shift_cap)}
    if not given:
        return _("New role: limits {incident} per incident, {stay} per stay, {shift} per "
                 "shift; no items.").format(**limits)
    return _("New role: limits {incident} per incident, {stay} per stay, {shift} per "
             "shift; items {items}.").format(items=w.items(given), **limits)


def _roles(w: _Words) -> list[Section]:
    old, new = w.old, w.new
    old_roles = {r.id: r for r in old.roles}
    new_roles = {r.id: r for r in new.roles}
    sections = []
    for role in new.roles:
        title = _("Role {label} ({id})").format(label=new.label(role.label, w.language),
                                                id=role.id)
        key = f"Role {new.label(role.label, 'en')} ({role.id})"
        before = old_roles.get(role.id)
        changes = [_new_role(w, role)] if before is None else _role_changes(w, before, role)
        sections.append(Section(title, changes, key=key))
    for role_id in old_roles.keys() - new_roles.keys():
        sections.append(Section(
            _("Role {label} ({id})").format(label=old.role_label(role_id, w.language),
                                            id=role_id),
            [_("Removed: staff with this role can no longer sign in to give compensation.")],
            key=f"Role {role_id}"))
    old_order = [r.id for r in old.roles if r.id in new_roles]
    new_order = [r.id for r in new.roles if r.id in old_roles]
    if old_order != new_order:
        sections.append(Section(_("Role order"), [
            _("Hierarchy (lowest first) is now {roles}.").format(
                roles=" < ".join(r.id for r in new.roles))], key="Role order"))
    return sections


def _catalogue(w: _Words) -> list[str]:
    old, new = w.old, w.new
    out = []
    for item_id in sorted(set(old.items) | set(new.items)):
        before, after = old.items.get(item_id), new.items.get(item_id)
        name = w.item(item_id)
        if before is None and after is not None:
            out.append(_("New item {item} ({kind}), worth {value}.").format(
                item=name, kind=value_word(after.kind.value), value=w.money(after.unit_value)))
        elif after is None and before is not None:
            out.append(_("Item {item} removed from the catalogue.").format(item=name))
        elif before is not None and after is not None:
            if before.unit_value != after.unit_value:
                out.append(_("{item} now counts as {value} (was {before}).").format(
                    item=name, value=w.money(after.unit_value),
                    before=w.money(before.unit_value)))
            if before.percent != after.percent:
                out.append(_("{item} now takes {share} off (was {before}).").format(
                    item=name, share=w.share(after.percent), before=w.share(before.percent)))
            if before.kind != after.kind:
                out.append(_("{item} is now of the kind {kind} (was {before}).").format(
                    item=name, kind=value_word(after.kind.value),
                    before=value_word(before.kind.value)))
            if before.remark_required != after.remark_required:
                said = (_("{item} now needs a remark.") if after.remark_required
                        else _("{item} no longer needs a remark."))
                out.append(said.format(item=name))
    return out


_NOT_ALLOWED = (N_("{category}: items not allowed now include {items}."),
                N_("{category}: items not allowed no longer include {items}."))
_SUGGESTED = (N_("{category}: suggested items now include {items}."),
              N_("{category}: suggested items no longer include {items}."))


def _categories(w: _Words) -> list[str]:
    old, new = w.old, w.new
    out = []
    for severity in sorted(set(old.default_sla) | set(new.default_sla)):
        sla_before, sla_after = old.default_sla.get(severity), new.default_sla.get(severity)
        if sla_before != sla_after and sla_after is not None:
            said = (_("Default SLA for {severity}: acknowledge within {acknowledge}, "
                      "resolve within {resolve}.") if sla_before is None else
                    _("Default SLA for {severity}: acknowledge within {acknowledge}, "
                      "resolve within {resolve} (was {was_acknowledge} and "
                      "{was_resolve})."))
            was = w.sla(sla_before) if sla_before else {}
            out.append(said.format(severity=value_word(severity.value), **w.sla(sla_after),
                                   **{f"was_{k}": v for k, v in was.items()}))
    for cat_id in sorted(set(old.categories) | set(new.categories)):
        before, after = old.categories.get(cat_id), new.categories.get(cat_id)
        label = w.category(cat_id)
        if after is None:
            out.append(_("Category {category} removed.").format(category=label))
            continue
        if before is None:
            out.append(_("New category {category} (department {department}).").format(
                category=label, department=w.department(after.department)))
            continue
        if before.department != after.department:
            out.append(_("{category}: department {department} (was {before}).").format(
                category=label, department=w.department(after.department),
                before=w.department(before.department)))
        if before.default_severity != after.default_severity:
            out.append(_("{category}: default severity {severity} (was {before}).").format(
                category=label, severity=value_word(after.default_severity.value),
                before=value_word(before.default_severity.value)))
        out += _compare_sets(w, label, _NOT_ALLOWED, before.not_allowed, after.not_allowed)
        out += _compare_sets(w, label, _SUGGESTED, before.suggested, after.suggested)
        for severity in sorted(set(before.sla) | set(after.sla)):
            b, a = before.sla.get(severity), after.sla.get(severity)
            if b == a:
                continue
            words = {"category": label, "severity": value_word(severity.value)}
            if a is None and b is not None:
                said = _("{category}, {severity}: back to the default SLA (was acknowledge "
                         "within {was_acknowledge}, resolve within {was_resolve}).")
            elif b is None:
                said = _("{category}, {severity}: acknowledge within {acknowledge}, resolve "
                         "within {resolve}.")
            else:
                said = _("{category}, {severity}: acknowledge within {acknowledge}, resolve "
                         "within {resolve} (was {was_acknowledge} and {was_resolve}).")
            if a is not None:
                words.update(w.sla(a))
            if b is not None:
                words.update({f"was_{k}": v for k, v in w.sla(b).items()})
            out.append(said.format(**words))
    return out


def _keyed(rows: Iterable[Any], key: Callable[[Any], str]) -> dict[str, Any]:
    return {key(r): r for r in rows}


def _tiers(w: _Words) -> list[str]:
    out = []
    before = _keyed(w.old.tiers, lambda t: t.id)
    after = _keyed(w.new.tiers, lambda t: t.id)
    for tier_id in [t.id for t in w.new.tiers] + sorted(before.keys() - after.keys()):
        b, a = before.get(tier_id), after.get(tier_id)
        name = w.tier(tier_id)
        if a is None:
            out.append(_("Tier {tier} removed.").format(tier=name))
        elif b is None:
            out.append(_("New tier {tier} from {value}.").format(
                tier=name, value=w.money(a.from_value)))
        else:
            if b.from_value != a.from_value:
                out.append(_("Tier {tier} now starts at {value} (was {before}).").format(
                    tier=name, value=w.money(a.from_value), before=w.money(b.from_value)))
            if (b.notify_role, b.within_hours) != (a.notify_role, a.within_hours):
                if a.notify_role:
                    hours = a.within_hours or 0
                    out.append(ngettext("Tier {tier} now notifies {role} within {n} hour.",
                                        "Tier {tier} now notifies {role} within {n} hours.",
                                        hours).format(tier=name, role=w.role(a.notify_role),
                                                      n=w.number(hours)))
                else:
                    out.append(_("Tier {tier} now notifies no one.").format(tier=name))
    return out


def _checklist(w: _Words) -> list[str]:
    old, new = w.old, w.new
    out = []
    if old.checklist_name != new.checklist_name:
        out.append(_("The desk now follows the {name} checklist (was {before}).").format(
            name=new.checklist_name, before=old.checklist_name))
    before = [s.id for s in old.steps]
    after = [s.id for s in new.steps]
    if before != after:
        out.append(_("Steps: {steps} (was {before}).").format(
            steps=" → ".join(after), before=" → ".join(before)))
    required_before = {s.id for s in old.steps if s.required}
    required_after = {s.id for s in new.steps if s.required}
    common = set(before) & set(after)
    for step in sorted((required_after - required_before) & common):
        out.append(_("Step {step} is now required.").format(step=w.step(step)))
    for step in sorted((required_before - required_after) & common):
        out.append(_("Step {step} is now optional.").format(step=w.step(step)))
    return out


# Per kind of breach: the rule removed, a new rule, a changed rule.
_LATE = {
    "acknowledge": (
        N_("Late acknowledgement, level {level}: the rule is removed."),
        N_("Late acknowledgement, level {level}: {role} is told {minutes} after the time "
           "runs out (new)."),
        N_("Late acknowledgement, level {level}: {role} is told {minutes} after the time "
           "runs out (was {was_role} after {was_minutes}).")),
    "resolve": (
        N_("Late resolution, level {level}: the rule is removed."),
        N_("Late resolution, level {level}: {role} is told {minutes} after the time runs "
           "out (new)."),
        N_("Late resolution, level {level}: {role} is told {minutes} after the time runs "
           "out (was {was_role} after {was_minutes}).")),
}


def _escalation(w: _Words) -> list[str]:
    def rules(policy: Policy) -> dict[tuple[str, int], tuple[int, str]]:
        return {(r.breach, r.level): (r.after_minutes, r.notify_role)
                for r in policy.escalation}

    before, after = rules(w.old), rules(w.new)
    out = []
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key), after.get(key)
        breach, level = key
        removed, added, changed = _LATE.get(breach, _LATE["resolve"])
        if a is None:
            out.append(lookup(removed).format(level=level))
        elif b != a:
            words = {"level": level, "role": w.role(a[1]), "minutes": w.minutes(a[0])}
            if b is None:
                out.append(lookup(added).format(**words))
            else:
                out.append(lookup(changed).format(was_role=w.role(b[1]),
                                                  was_minutes=w.minutes(b[0]), **words))
    return out


def _property(w: _Words) -> list[str]:
    old, new = w.old, w.new
    out = []
    if old.effective != new.effective:
        out.append(_("In force from {day} (was {before}).").format(
            day=day(new.effective, w.loc), before=day(old.effective, w.loc)))
    old_values = asdict(old.property)
    for name, value in asdict(new.property).items():
        before = old_values.get(name)
        if before != value:
            # The key as it is written in property.toml, so the supervisor finds it.
            out.append(_("{key} is now {value} (was {before}).").format(
                key=name, value=value, before=before))
    return out


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    w = _Words(old, new)
    sections = [
        *_roles(w),
        Section(_("Catalogue"), _catalogue(w), key="Catalogue"),
        Section(_("Categories"), _categories(w), key="Categories"),
        Section(_("Documentation tiers"), _tiers(w), key="Documentation tiers"),
        Section(_("Checklist"), _checklist(w), key="Checklist"),
        Section(_("Escalation"), _escalation(w), key="Escalation"),
        Section(_("Property"), _property(w), key="Property"),
    ]
    return PolicyDiff(old.version, new.version, old.policy_hash, new.policy_hash, sections)
