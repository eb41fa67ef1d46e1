"""Rules that span policy files: references, the hierarchy, absurd combinations.

Each rule yields ``(file, dotted_key, message)``; the loader adds line numbers. Every
message says what is wrong and what is expected instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.i18n import N_, _, available_languages, lookup
from kiosk.core.policy_files import (
    CatalogueFile,
    CategoriesFile,
    ChecklistsFile,
    PropertyFile,
    Role,
    RolesFile,
    Sla,
    TiersFile,
    as_written,
)
from kiosk.core.policy_parts import ClockKind, ItemKind, ReportFieldKind, Severity
from kiosk.core.policy_references import unknown_reference

Finding = tuple[str, str, str]
POSTED_KINDS = (ItemKind.FOLIO_CREDIT, ItemKind.DISCOUNT)  # what reaches the guest's bill
CAPS = ("per_incident_cap", "per_guest_stay_cap", "per_shift_cap", "max_discount_pct")


def _duplicates(ids: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    dups = []
    for index, value in enumerate(ids):
        if value in seen:
            dups.append((index, value))
        seen.add(value)
    return dups


_TWICE = {
    "item": N_("item id '{id}' is used twice; expected each id once"),
    "role": N_("role id '{id}' is used twice; expected each id once"),
    "category": N_("category id '{id}' is used twice; expected each id once"),
    "tier": N_("tier id '{id}' is used twice; expected each id once"),
}


def _twice(kind: str, ident: str) -> str:
    return lookup(_TWICE[kind]).format(id=ident)


def _ids(catalogue: CatalogueFile | None) -> list[str]:
    """Item ids in catalogue order, for messages that list them."""
    return [i.id for i in catalogue.item] if catalogue else []


class _Labels:
    """Labels must use offered languages and include the default one."""

    def __init__(self, prop: PropertyFile | None):
        self.languages = set(prop.property.languages) if prop else set()
        # A default that is not offered is reported once, in property.toml, not per label.
        default = prop.property.default_language if prop else None
        self.default = default if default in self.languages else None

    def check(self, file: str, key: str, labels: dict[str, str]) -> Iterator[Finding]:
        if not self.languages:
            return
        unknown = sorted(set(labels) - self.languages)
        if unknown:
            yield (file, key, _not_offered(unknown, sorted(self.languages)))
        if self.default and self.default not in labels:
            yield (file, key, _('has no text in the default language; expected {language} '
                                '= "..." among them').format(language=self.default))


def _not_offered(unknown: list[str], offered: Iterable[str]) -> str:
    return _("language {unknown} is not offered; expected only languages in "
             "property.languages ({offered})").format(unknown=", ".join(unknown),
                                                      offered=", ".join(offered))


def _property(prop: PropertyFile) -> Iterator[Finding]:
    p = prop.property
    if p.default_language not in p.languages:
        yield ("property.toml", "property.default_language",
               _("'{language}' is not offered; expected one of property.languages "
                 "({offered}), or add it there").format(language=p.default_language,
                                                        offered=", ".join(p.languages)))
    if p.staff_language not in available_languages():
        yield ("property.toml", "property.staff_language",
               _("'{language}' is not a language the kiosk's screens speak; expected one "
                 "of {known}").format(language=p.staff_language,
                                      known=", ".join(available_languages())))
    for index, lang in _duplicates(p.languages):
        yield ("property.toml", f"property.languages.{index}",
               _("'{language}' is listed twice; expected each language once").format(
                   language=lang))
    letters = p.letters
    if letters.signer != "agent" and not (letters.senior_name and letters.senior_title):
        yield ("property.toml", "property.letters.signer",
               _("'{signer}' needs a senior signer; expected senior_name and "
                 "senior_title (one per language) in [property.letters]").format(
                   signer=letters.signer))
    offered = set(p.languages)
    for key, used in (("property.letters.senior_title", letters.senior_title),
                      ("property.letterhead", p.letterhead)):
        unknown = sorted(set(used) - offered)
        if unknown:
            yield ("property.toml", key, _not_offered(unknown, p.languages))
    try:
        ZoneInfo(p.timezone)
    except (KeyError, ValueError, OSError):
        yield ("property.toml", "property.timezone",
               _("unknown time zone '{zone}'; expected an IANA name like "
                 '"Asia/Yerevan" or "Africa/Nairobi"').format(zone=p.timezone))


def _catalogue(catalogue: CatalogueFile, labels: _Labels) -> Iterator[Finding]:
    for index, dup in _duplicates([i.id for i in catalogue.item]):
        yield ("catalogue.toml", f"item.{index}.id",
               _twice("item", dup))
    for index, item in enumerate(catalogue.item):
        yield from labels.check("catalogue.toml", f"item.{index}.label", item.label)
        for lang, forms in item.phrase.items():
            if "other" not in forms:
                yield ("catalogue.toml", f"item.{index}.phrase.{lang}",
                       _('has no "other" form; expected other = "..." (the form for any '
                         "number the other forms do not cover)"))
        unknown = sorted(set(item.phrase) - labels.languages) if labels.languages else []
        if unknown:
            yield ("catalogue.toml", f"item.{index}.phrase",
                   _not_offered(unknown, sorted(labels.languages)))
        if item.kind == ItemKind.DISCOUNT and item.percent is None:
            yield ("catalogue.toml", f"item.{index}.percent",
                   _("is missing; expected percent = the percentage one unit takes off, "
                     'since this item\'s kind is "discount"'))
        if item.transaction_code is not None and item.kind not in POSTED_KINDS:
            yield ("catalogue.toml", f"item.{index}.transaction_code",
                   _('is set on an item of kind "{kind}"; expected a transaction code only '
                     "on folio_credit and discount items (the ones posted to the guest's "
                     "bill)").format(kind=item.kind.value))
        if item.kind != ItemKind.DISCOUNT and item.percent is not None:
            yield ("catalogue.toml", f"item.{index}.percent",
                   _('is set on an item of kind "{kind}"; expected percent only on items '
                     'of kind "discount" (remove this line)').format(kind=item.kind.value))


def _role_contradictions(index: int, role: Role,
                         catalogue: CatalogueFile | None) -> Iterator[Finding]:
    """Limits of one role that can never all hold at once."""
    for cap, whole in (("per_guest_stay_cap", N_("the whole stay")),
                       ("per_shift_cap", N_("the whole shift"))):
        if role.per_incident_cap > getattr(role, cap):
            yield ("roles.toml", f"role.{index}.per_incident_cap",
                   _("{value} is above this role's {cap} {limit}; expected at most that, "
                     "since one incident cannot exceed {whole}").format(
                       value=role.per_incident_cap, cap=cap, limit=getattr(role, cap),
                       whole=lookup(whole)))
    if catalogue is None:
        return
    items = {i.id: i for i in catalogue.item}
    for item_id, qty in role.items.items():
        item = items.get(item_id)
        if item is None or qty == 0:
            continue
        if item.unit_value > role.per_incident_cap:
            yield ("roles.toml", f"role.{index}.items.{item_id}",
                   _("one {item} is worth {value}, above this role's per_incident_cap "
                     "{cap}, so it could never be given; expected 0 (or no line), or a "
                     "higher per_incident_cap").format(item=item_id, value=item.unit_value,
                                                       cap=role.per_incident_cap))
        if item.percent is not None and item.percent > role.max_discount_pct:
            yield ("roles.toml", f"role.{index}.items.{item_id}",
                   _("one {item} takes off {percent}%, above this role's max_discount_pct "
                     "{cap}, so it could never be given; expected 0 (or no line), or a "
                     "higher max_discount_pct").format(item=item_id, percent=item.percent,
                                                       cap=role.max_discount_pct))


def _hierarchy(index: int, lower: Role, role: Role, item_ids: set[str]) -> Iterator[Finding]:
    """Roles are listed lowest first: a higher role is never more restricted."""
    for cap in CAPS:
        low, high = getattr(lower, cap), getattr(role, cap)
        if high < low:
            yield ("roles.toml", f"role.{index}.{cap}",
                   _("{value} is below {low} for {lower}, the role listed before it; "
                     "expected at least {low}, since roles are listed lowest first").format(
                       value=high, low=low, lower=lower.id))
    for item_id, qty in lower.items.items():
        if item_ids and item_id not in item_ids:
            continue  # reported once as an unknown item
        mine = role.items.get(item_id, 0)
        if mine < qty:
            yield ("roles.toml", f"role.{index}.items.{item_id}",
                   _("{role} may give {mine} but {lower}, listed before it, may give "
                     "{qty}; expected at least {qty}, since roles are listed lowest "
                     "first").format(role=role.id, mine=mine, lower=lower.id, qty=qty))


def _roles(roles: RolesFile, catalogue: CatalogueFile | None,
           labels: _Labels) -> Iterator[Finding]:
    for index, dup in _duplicates([r.id for r in roles.role]):
        yield ("roles.toml", f"role.{index}.id",
               _twice("role", dup))
    item_ids = {i.id for i in catalogue.item} if catalogue else set()
    for index, role in enumerate(roles.role):
        yield from labels.check("roles.toml", f"role.{index}.label", role.label)
        if catalogue is not None:
            for item_id in role.items:
                if item_id not in item_ids:
                    yield ("roles.toml", f"role.{index}.items.{item_id}",
                           unknown_reference("item", item_id, _ids(catalogue),
                                             "catalogue.toml"))
        yield from _role_contradictions(index, role, catalogue)
        if index > 0:
            yield from _hierarchy(index, roles.role[index - 1], role, item_ids)


def _sla(key: str, sla: Sla) -> Iterator[Finding]:
    if sla.acknowledge > sla.resolve:
        yield ("categories.toml", f"{key}.acknowledge",
               _("{acknowledge} minutes to acknowledge is longer than the {resolve} "
                 "to resolve; expected at most {resolve}").format(
                   acknowledge=sla.acknowledge, resolve=sla.resolve))


def _categories(categories: CategoriesFile, catalogue: CatalogueFile | None,
                roles: RolesFile | None, labels: _Labels) -> Iterator[Finding]:
    for index, dup in _duplicates([c.id for c in categories.category]):
        yield ("categories.toml", f"category.{index}.id",
               _twice("category", dup))
    missing = [s.value for s in Severity if s not in categories.sla]
    if missing:
        yield ("categories.toml", "sla",
               _("has no minutes for {missing}; expected acknowledge and resolve "
                 "minutes for every severity ({all})").format(
                   missing=", ".join(missing), all=", ".join(s.value for s in Severity)))
    for sev, sla in categories.sla.items():
        yield from _sla(f"sla.{sev.value}", sla)
    item_ids = {i.id for i in catalogue.item} if catalogue else set()
    for index, cat in enumerate(categories.category):
        yield from labels.check("categories.toml", f"category.{index}.label", cat.label)
        for field in ("suggested", "not_allowed"):
            for pos, item_id in enumerate(getattr(cat, field)):
                if catalogue is not None and item_id not in item_ids:
                    yield ("categories.toml", f"category.{index}.{field}.{pos}",
                           unknown_reference("item", item_id, _ids(catalogue),
                                             "catalogue.toml"))
        for item_id in sorted(set(cat.suggested) & set(cat.not_allowed)):
            yield ("categories.toml", f"category.{index}.suggested",
                   _("'{item}' is both suggested and not allowed; expected it in only "
                     "one of the two lists").format(item=item_id))
        for sev, sla in cat.sla.items():
            yield from _sla(f"category.{index}.sla.{sev.value}", sla)
    role_ids = [r.id for r in roles.role] if roles else []
    levels: set[tuple[str, int]] = set()
    for index, esc in enumerate(categories.escalation):
        if (esc.breach, esc.level) in levels:
            yield ("categories.toml", f"escalation.{index}.level",
                   _("level {level} for {breach} is defined twice; expected each "
                     "breach and level once").format(level=esc.level, breach=esc.breach))
        levels.add((esc.breach, esc.level))
        if roles is not None and esc.notify_role not in role_ids:
            yield ("categories.toml", f"escalation.{index}.notify_role",
                   unknown_reference("role", esc.notify_role, role_ids, "roles.toml"))


def _departments(categories: CategoriesFile, labels: _Labels) -> Iterator[Finding]:
    for index, dup in _duplicates([d.id for d in categories.department]):
        yield ("categories.toml", f"department.{index}.id",
               _("department id '{id}' is used twice; expected each id once").format(id=dup))
    declared = {d.id: d for d in categories.department}
    for index, department in enumerate(categories.department):
        yield from labels.check("categories.toml", f"department.{index}.label",
                                department.label)
        if isinstance(department.owner, dict):  # one text is every language's
            yield from labels.check("categories.toml", f"department.{index}.owner",
                                    department.owner)
        hours = department.hours
        if hours is not None and hours.opens == hours.closes:
            yield ("categories.toml", f"department.{index}.hours.closes",
                   _("closes when it opens ({time}); expected another time (an earlier "
                     "one for a night shift), or no hours for round the clock")
                   .format(time=hours.opens))
    for index, cat in enumerate(categories.category):
        if cat.clock != ClockKind.WORKING_HOURS:
            continue
        owner = declared.get(cat.department)
        if owner is None or owner.hours is None:
            yield ("categories.toml", f"category.{index}.clock",
                   _("follows working hours, but department '{department}' has none; "
                     "expected a [[department]] with id = \"{department}\" and its hours")
                   .format(department=cat.department))


def _follow_up(prop: PropertyFile, roles: RolesFile) -> Iterator[Finding]:
    role_ids = [r.id for r in roles.role]
    rules = prop.follow_up
    for key in ("unreachable_role", "not_satisfied_role"):
        role = getattr(rules, key)
        if role is not None and role not in role_ids:
            yield ("property.toml", f"follow_up.{key}",
                   unknown_reference("role", role, role_ids, "roles.toml"))


def _report(tiers: TiersFile, labels: _Labels) -> Iterator[Finding]:
    if tiers.report is None:
        for index, tier in enumerate(tiers.tier):
            if tier.report:
                yield ("tiers.toml", f"tier.{index}.report",
                       _("asks for the incident report, but there is no [report]; "
                         "expected [[report.field]] boxes for it"))
        return
    fields = tiers.report.field
    for index, dup in _duplicates([f.id for f in fields]):
        yield ("tiers.toml", f"report.field.{index}.id",
               _("report field id '{id}' is used twice; expected each id once")
               .format(id=dup))
    for index, box in enumerate(fields):
        yield from labels.check("tiers.toml", f"report.field.{index}.label", box.label)
        if box.kind == ReportFieldKind.CHOICE and len(box.choices) < 2:
            yield ("tiers.toml", f"report.field.{index}.choices",
                   _("a choice needs at least two choices; expected a list like "
                     "[\"yes\", \"no\", \"later\"]"))
        if box.kind != ReportFieldKind.CHOICE and box.choices:
            yield ("tiers.toml", f"report.field.{index}.choices",
                   _("only a field of kind = \"choice\" has choices; expected kind = "
                     "\"choice\", or no choices"))


def _checklists(checklists: ChecklistsFile, labels: _Labels) -> Iterator[Finding]:
    if checklists.use not in checklists.checklists:
        yield ("checklists.toml", "use",
               _("there is no checklist named '{name}'; expected one of: {known}").format(
                   name=checklists.use, known=", ".join(sorted(checklists.checklists))))
    for name, steps in checklists.checklists.items():
        for index, dup in _duplicates([s.id for s in steps]):
            yield ("checklists.toml", f"checklists.{name}.{index}.id",
                   _("step id '{id}' is used twice in {name}; expected each id once").format(
                       id=dup, name=name))
        marked = [index for index, step in enumerate(steps) if step.apology]
        for index in marked[1:]:
            yield ("checklists.toml", f"checklists.{name}.{index}.apology",
                   _("{name} marks more than one step as the apology; expected apology = "
                     "true on one step only").format(name=name))
        for index, step in enumerate(steps):
            for part in ("title", "prompt"):
                yield from labels.check("checklists.toml", f"checklists.{name}.{index}.{part}",
                                        getattr(step, part))


def _notify(prop: PropertyFile, roles: RolesFile) -> Iterator[Finding]:
    notify = prop.notify
    role_ids = [r.id for r in roles.role]
    for index, dup in _duplicates([t.role for t in notify.target]):
        yield ("property.toml", f"notify.target.{index}.role",
               _("role '{role}' has two targets; expected one [[notify.target]] per "
                 "role").format(role=dup))
    for index, target in enumerate(notify.target):
        if target.role not in role_ids:
            yield ("property.toml", f"notify.target.{index}.role",
                   _("'{role}' is not a role in roles.toml; expected one of {known}").format(
                       role=target.role, known=", ".join(role_ids)))
        if target.email and notify.smtp is None:
            yield ("property.toml", f"notify.target.{index}.email",
                   _("has addresses but there is no [notify.smtp] mail server; expected "
                     "both, or no addresses"))
    if notify.command is not None and not notify.command[0].startswith("/"):
        yield ("property.toml", "notify.command.0",
               _('{value} is not a full path; expected the program named from /, like '
                 '"/usr/local/bin/pager"').format(value=as_written(notify.command[0])))


def _tiers(tiers: TiersFile, roles: RolesFile | None, labels: _Labels) -> Iterator[Finding]:
    for index, dup in _duplicates([t.id for t in tiers.tier]):
        yield ("tiers.toml", f"tier.{index}.id",
               _twice("tier", dup))
    if tiers.tier[0].from_value != 0:
        yield ("tiers.toml", "tier.0.from",
               _("the first tier starts from {value}; expected 0, so every total has a "
                 "tier").format(value=tiers.tier[0].from_value))
    for index in range(1, len(tiers.tier)):
        start: Decimal = tiers.tier[index].from_value
        previous: Decimal = tiers.tier[index - 1].from_value
        if start <= previous:
            yield ("tiers.toml", f"tier.{index}.from",
                   _("{value} is not above the previous tier's {previous}; expected tiers "
                     "listed from the smallest up").format(value=start, previous=previous))
    role_ids = [r.id for r in roles.role] if roles else []
    for index, tier in enumerate(tiers.tier):
        yield from labels.check("tiers.toml", f"tier.{index}.label", tier.label)
        yield from labels.check("tiers.toml", f"tier.{index}.action", tier.action)
        if (tier.notify_role is None) != (tier.within_hours is None):
            absent = "notify_role" if tier.notify_role is None else "within_hours"
            yield ("tiers.toml", f"tier.{index}.{absent}",
                   _("is missing; expected notify_role and within_hours together (who must "
                     "be told, and within how many hours)"))
        if roles is not None and tier.notify_role and tier.notify_role not in role_ids:
            yield ("tiers.toml", f"tier.{index}.notify_role",
                   unknown_reference("role", tier.notify_role, role_ids, "roles.toml"))


def check_rules(files: dict[str, Any]) -> Iterator[Finding]:
    """Every cross-file finding for the files that passed their own validation."""
    prop: PropertyFile | None = files.get("property.toml")
    roles: RolesFile | None = files.get("roles.toml")
    catalogue: CatalogueFile | None = files.get("catalogue.toml")
    categories: CategoriesFile | None = files.get("categories.toml")
    checklists: ChecklistsFile | None = files.get("checklists.toml")
    tiers: TiersFile | None = files.get("tiers.toml")
    labels = _Labels(prop)
    if prop is not None:
        yield from _property(prop)
    if catalogue is not None:
        yield from _catalogue(catalogue, labels)
    if roles is not None:
        yield from _roles(roles, catalogue, labels)
    if categories is not None:
        yield from _categories(categories, catalogue, roles, labels)
        yield from _departments(categories, labels)
    if checklists is not None:
        yield from _checklists(checklists, labels)
    if tiers is not None:
        yield from _tiers(tiers, roles, labels)
        yield from _report(tiers, labels)
    if prop is not None and roles is not None:
        yield from _notify(prop, roles)
        yield from _follow_up(prop, roles)
