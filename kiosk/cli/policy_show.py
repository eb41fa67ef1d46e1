"""`kiosk policy show` and `kiosk policy simulate`: a policy folder summed up, and what
the engine decides for a proposal under it (amounts in the staff's formats)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from kiosk.cli.commands import POLICY
from kiosk.cli.common import fail, folder_options, safe_text, table
from kiosk.cli.language import Command, argument
from kiosk.config import Settings
from kiosk.core.display import amount, day, locale_now, money, percent, value_word
from kiosk.core.engine import Decision, Line, Verdict, decide
from kiosk.core.i18n import N_, _, current_language, lookup
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import said

MAX_QTY = 1000


# --- show ---------------------------------------------------------------------------
def _table(rows: list[list[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """Numbers right-aligned, words (the ``left`` columns) left."""
    return table(rows, right=tuple(i for i in range(len(rows[0])) if i not in left),
                 indent="  ")


def _limits_table(p: Policy, loc: str) -> list[str]:
    roles = [r.id for r in p.roles]
    rows = [[_("limit ({currency})").format(currency=p.currency), *roles]]
    for cap, name in (("per_incident_cap", N_("per incident")),
                      ("per_guest_stay_cap", N_("per guest per stay")),
                      ("per_shift_cap", N_("per agent per shift"))):
        rows.append([lookup(name), *(amount(getattr(r, cap), loc) for r in p.roles)])
    rows.append([_("max discount"), *(percent(r.max_discount_pct / 100, loc, places=0)
                                      for r in p.roles)])
    return _table(rows)


def _items_table(p: Policy, loc: str) -> list[str]:
    rows = [[_("item (how many per incident)"), _("unit value"), _("kind"),
             *(r.id for r in p.roles)]]
    for item in p.items.values():
        counts = [amount(r.items.get(item.id, 0), loc) if r.items.get(item.id) else "-"
                  for r in p.roles]
        kind = value_word(item.kind.value)
        if item.percent:
            kind += " " + percent(item.percent / 100, loc, places=0)
        rows.append([item.id + (" *" if item.remark_required else ""),
                     amount(item.unit_value, loc), kind, *counts])
    return _table(rows, left=(0, 2))


def render_policy(p: Policy) -> list[str]:
    """The policy summed up for a supervisor: the ids the files use, each with its label
    in the staff's language, and every amount in the language's CLDR formats."""
    prop = p.property
    language, loc = current_language(), locale_now(p)
    out = [
        _("{name} — policy {version}, effective {day}").format(
            name=prop.name, version=p.version, day=day(p.effective, loc)),
        _("hash {hash}").format(hash=p.policy_hash),
        _("currency {currency}; letters in {languages} (default {default}); time zone "
          "{zone}; shift {shift} h; follow-up after {follow_up} h").format(
            currency=p.currency, languages=", ".join(prop.languages),
            default=prop.default_language, zone=prop.timezone,
            shift=amount(prop.shift_hours, loc), follow_up=amount(prop.follow_up_hours, loc)),
        "",
        _("Roles, lowest first: {roles}").format(
            roles=" < ".join(f"{r.id} ({p.role_label(r.id, language)})" for r in p.roles)),
        *_limits_table(p, loc),
        "",
        *_items_table(p, loc),
        _("  - = may not give it; * = the agent must add a remark"),
        "",
        _("Categories"),
    ]
    for cat in p.categories.values():
        line = _("  {id}: {label} — {severity}, {department}; suggested: {items}").format(
            id=cat.id, label=p.category_label(cat.id, language),
            severity=value_word(cat.default_severity.value),
            department=p.department_label(cat.department, language),
            items=", ".join(cat.suggested) or _("none"))
        if cat.not_allowed:
            line += _("; never: {items}").format(items=", ".join(cat.not_allowed))
        out.append(line)
    out += ["", _("Departments")]
    for dept_id, department in p.departments.items():
        owner = p.department_owner(dept_id, language)
        out.append(_("  {id}: {label} — work orders to {owner}").format(
            id=dept_id, label=p.label(department.label, language), owner=owner)
            if owner else _("  {id}: {label}").format(id=dept_id,
                                                      label=p.label(department.label,
                                                                    language)))
    steps = ", ".join(p.label(s.title, language) if s.required
                      else _("{step} (optional)").format(step=p.label(s.title, language))
                      for s in p.steps)
    others = sorted(set(p.checklists) - {p.checklist_name})
    in_use = _("Checklist in use: {name} — {steps}").format(name=p.checklist_name,
                                                           steps=steps)
    if others:
        in_use += _(" (also defined: {names})").format(names=", ".join(others))
    out += ["", in_use, "", _("Documentation tiers (by incident total)")]
    for tier in p.tiers:
        line = _("  {id}: from {amount} — {action}").format(
            id=tier.id, amount=money(tier.from_value, p.currency, loc),
            action=p.label(tier.action, language))
        if tier.notify_role:
            line += _(" (notify {role} within {hours} h)").format(
                role=p.role_label(tier.notify_role, language),
                hours=amount(tier.within_hours or 0, loc))
        out.append(line)
    return out


@click.command("show", cls=Command, help=POLICY["show"].help)
@argument("folder", N_("[FOLDER]"), required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for other tools."))
@folder_options
def show(folder: Path | None, as_json: bool, settings: Settings) -> None:
    loaded = load_policy(folder if folder is not None else settings.policies)
    if as_json:
        click.echo(json.dumps(loaded.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in render_policy(loaded):
        click.echo(safe_text(line, 400))


# --- simulate -----------------------------------------------------------------------
def _parse_line(text: str) -> Line:
    item, sep, qty = text.partition(":")
    if not item.strip():
        raise click.BadParameter(_("'{text}' has no item id; expected ID or ID:QTY, like "
                                   "dinner_voucher:2").format(text=text))
    if not sep:
        return Line(item.strip(), 1)
    if not qty.strip().isdigit() or not 1 <= int(qty) <= MAX_QTY:
        raise click.BadParameter(_("'{text}' has no valid quantity; expected ID:QTY with a "
                                   "whole number from 1 to {most}, like dinner_voucher:2"
                                   ).format(text=text, most=MAX_QTY))
    return Line(item.strip(), int(qty))


def _lines(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[Line]:
    return [_parse_line(v) for v in values]


class AmountType(click.ParamType[Decimal]):
    name = N_("amount")  # click shows it in capitals

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or amount < 0:
            self.fail(_("'{value}' is not an amount; expected a number of 0 or more, "
                        "without thousands separators, like 25000").format(value=value),
                      param, ctx)
        return amount


def _known(said: str, value: str, known: list[str]) -> None:
    """``said`` is marked with N_: "unknown role '{value}'; known roles: {known}"."""
    if value not in known:
        fail(lookup(said).format(value=safe_text(value, 60), known=", ".join(known)))


def render_decision(p: Policy, d: Decision, category: str, lines: list[Line]) -> list[str]:
    verdict = {Verdict.ALLOWED: _("ALLOWED"),
               Verdict.NEEDS_APPROVAL: _("NEEDS APPROVAL by {role} (or above)").format(
                   role=d.approver_role),
               Verdict.FORBIDDEN: _("FORBIDDEN")}[d.verdict]
    tier = next(t for t in p.tiers if t.id == d.tier)
    out = [verdict,
           _("  role {role}, category {category}, policy {version} ({hash})").format(
               role=d.role, category=category, version=p.version, hash=p.short_hash)]
    for line in lines:
        item = p.items[line.item_id]
        out.append(_("  {qty} × {item} at {value}").format(
            qty=line.qty, item=line.item_id, value=money(item.unit_value, p.currency)))
    out += [_("  total {total}; tier {tier}: {action}").format(
                total=money(d.total, d.currency), tier=d.tier, action=p.label(tier.action)),
            _("Reasons:"), *(f"  - {r}" for r in said(d.reasons, p)),
            _("Headroom for {role} (limit, used including this, left):").format(role=d.role)]
    rows = [[h.cap.replace("_", " "), amount(h.limit), amount(h.used), amount(h.left)]
            for h in d.headroom]
    return out + _table(rows)


@click.command("simulate", cls=Command, help=POLICY["simulate"].help)
@click.option("--role", required=True, help=N_("Role proposing, e.g. agent."))
@click.option("--category", required=True, help=N_("Category of the failure, e.g. noise."))
@click.option("--item", "lines", multiple=True, required=True, callback=_lines,
              metavar=N_("ID[:QTY]"), help=N_("A compensation line; repeat for more."))
@click.option("--guest-stay-total", type=AmountType(), default=Decimal(0), show_default=True,
              help=N_("What this guest already received this stay."))
@click.option("--shift-total", type=AmountType(), default=Decimal(0), show_default=True,
              help=N_("What this person already gave this shift."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for other tools."))
@folder_options
def simulate(role: str, category: str, lines: list[Line], guest_stay_total: Decimal,
             shift_total: Decimal, as_json: bool, settings: Settings) -> None:
    loaded = load_policy(settings.policies)
    _known(N_("unknown role '{value}'; known roles: {known}"), role,
           [r.id for r in loaded.roles])
    _known(N_("unknown category '{value}'; known categories: {known}"), category,
           list(loaded.categories))
    for line in lines:
        _known(N_("unknown item '{value}'; known items: {known}"), line.item_id,
               list(loaded.items))
    decision = decide(loaded, role, category, lines, guest_stay_total, shift_total)
    if as_json:
        shown = decision.to_dict()
        for entry, text in zip(shown["reasons"], said(decision.reasons, loaded), strict=True):
            entry["text"] = text
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    for text in render_decision(loaded, decision, category, lines):
        click.echo(text)
