"""The report as JSON (for other tools), CSV (for spreadsheets) and a text table.

CSV is one long table, ``section,key,detail,value``, so every section fits one sheet
and a pivot table can regroup it. It is UTF-8 with a byte-order mark, which is how
spreadsheet programs recognise UTF-8 (Armenian names stay intact on opening).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.display import amount, day, duration, percent, staff_locale, value_word
from kiosk.core.i18n import _, current_language, ngettext
from kiosk.core.policy_set import Policy
from kiosk.core.spreadsheet import spreadsheet_text
from kiosk.core.text import aligned, shown
from kiosk.reports.charts import bar, sparkline
from kiosk.reports.compute import Durations, Report, Share

Row = tuple[str, str, str, str]
BOM = "\ufeff"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _durations(d: Durations) -> dict[str, Any]:
    return {"count": d.count, "median_min": _minutes(d.median_min),
            "p90_min": _minutes(d.p90_min)}


def _share(s: Share) -> dict[str, Any]:
    return {"of": s.whole, "count": s.part, "rate": _rate(s.rate)}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def measures_json(report: Report) -> dict[str, Any]:
    """The measures research ties to a recovered guest (see kiosk.reports.compute)."""
    back = report.return_after
    return {
        "time_to_apology": _durations(report.apology),
        "apology_given": _share(report.apology_given),
        "first_contact_resolution": _share(report.first_contact),
        "satisfaction_scores": report.scores,
        "top_box": _share(report.top_box),
        "top_box_by_outcome": {k: _share(v) for k, v in report.top_box_by_outcome.items()},
        "remedy_fit": _share(report.remedy_fit),
        "cost_per_recovered_guest": _money(report.cost_per_recovered),
        "spend_outliers": {
            "times": str(report.spend_outlier_times),
            "property_per_incident": _money(report.spend_per_incident),
            "agents": [{"agent": o.agent_id, "name": report.staff_names.get(o.agent_id, ""),
                        "incidents": o.incidents, "per_incident": str(o.average),
                        "times": str(o.times)} for o in report.spend_outliers]},
        "return_after_recovery": None if back is None else {
            "recovered": _share(back.recovered), "not_recovered": _share(back.not_recovered)},
    }


def to_json(report: Report) -> dict[str, Any]:
    """A plain dict: money as decimal strings, rates 0–1 or null, dates ISO."""
    return {
        "since": report.since.isoformat() if report.since else None,
        "until": report.until.isoformat() if report.until else None,
        "generated_at": report.now.isoformat(),
        "currency": report.currency,
        "incidents": report.incidents,
        "by_category": report.by_category,
        "by_severity": report.by_severity,
        "by_category_severity": report.by_category_severity,
        "weekly": [{"week": w.isoformat(), "incidents": n} for w, n in report.weekly],
        "time_to_acknowledge": _durations(report.acknowledge),
        "time_to_resolve": _durations(report.resolve),
        "sla_breach": {
            c: {"incidents": b.incidents, "breached": b.breached, "rate": _rate(b.rate)}
            for c, b in report.sla_breach.items()
        },
        "compensation_total": str(report.compensation_total),
        "compensation_by_category": {k: str(v) for k, v in
                                     report.compensation_by_category.items()},
        "compensation_by_item": {k: {"qty": v.qty, "value": str(v.value)}
                                 for k, v in report.compensation_by_item.items()},
        "compensation_by_agent": {k: str(v) for k, v in
                                  report.compensation_by_agent.items()},
        "approvals": report.approvals,
        "approvals_by_approver": report.approvals_by_approver,
        "staff_names": report.staff_names,
        "tiers": report.tiers,
        "follow_ups": report.follow_ups,
        "satisfied": report.satisfied,
        "not_satisfied": report.not_satisfied,
        "unreachable": report.unreachable,
        "recovery_rate": _rate(report.recovery_rate),
        "unreachable_rate": _rate(report.unreachable_rate),
        "repeat_guests": report.repeat_guests,
        "repeat_guest_names": report.repeat_guest_names,
        "root_causes": [
            {"category": r.category, "department": r.department, "location": r.location,
             "incidents": r.count} for r in report.root_causes
        ],
        "policy_versions": [
            {"policy_hash": p.policy_hash, "version": p.version or None,
             "decisions": p.decisions, "value": str(p.value)}
            for p in report.policy_versions
        ],
        "escalations": [
            {"ref": e.ref, "category": e.category, "phase": e.phase, "level": e.level,
             "notify_role": e.notify_role, "overdue_min": e.overdue_min}
            for e in report.escalations
        ],
        **measures_json(report),
    }


def render_json(report: Report) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=2)


def _num(value: float | Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def rows(report: Report) -> Iterator[Row]:
    """The long form: one row per figure."""
    yield ("summary", "incidents", "", str(report.incidents))
    yield ("summary", "currency", "", report.currency)
    for cat, sevs in report.by_category_severity.items():
        yield ("incidents", cat, "all", str(report.by_category[cat]))
        for sev, n in sevs.items():
            yield ("incidents", cat, sev, str(n))
    for sev, n in report.by_severity.items():
        yield ("severity", sev, "", str(n))
    for week, n in report.weekly:
        yield ("weekly", week.isoformat(), "", str(n))
    for name, d in (("acknowledge", report.acknowledge), ("resolve", report.resolve)):
        yield ("time_minutes", name, "count", str(d.count))
        yield ("time_minutes", name, "median", _num(d.median_min))
        yield ("time_minutes", name, "p90", _num(d.p90_min))
    for cat, b in report.sla_breach.items():
        yield ("sla_breach", cat, "breached", str(b.breached))
        yield ("sla_breach", cat, "rate", _num(b.rate))
    yield ("compensation", "total", "", str(report.compensation_total))
    for cat, value in report.compensation_by_category.items():
        yield ("compensation_by_category", cat, "", str(value))
    for item, use in report.compensation_by_item.items():
        yield ("compensation_by_item", item, "qty", str(use.qty))
        yield ("compensation_by_item", item, "value", str(use.value))
    for agent, value in report.compensation_by_agent.items():
        yield ("compensation_by_agent", agent, report.staff_names.get(agent, ""), str(value))
    yield ("approvals", "total", "", str(report.approvals))
    for approver, n in report.approvals_by_approver.items():
        yield ("approvals", approver, report.staff_names.get(approver, ""), str(n))
    for tier, n in report.tiers.items():
        yield ("tiers", tier, "", str(n))
    yield ("follow_up", "with_outcome", "", str(report.follow_ups))
    yield ("follow_up", "satisfied", "", str(report.satisfied))
    yield ("follow_up", "not_satisfied", "", str(report.not_satisfied))
    yield ("follow_up", "unreachable", "", str(report.unreachable))
    yield ("follow_up", "recovery_rate", "", _num(report.recovery_rate))
    yield ("follow_up", "unreachable_rate", "", _num(report.unreachable_rate))
    yield ("repeat_guests", "total", "", str(report.repeat_guests))
    for name in report.repeat_guest_names:
        yield ("repeat_guests", "guest", name, "1")
    for r in report.root_causes:
        yield ("root_causes", f"{r.category} @ {r.location or '-'}", r.department,
               str(r.count))
    for p in report.policy_versions:
        yield ("policy_versions", p.policy_hash[:12], p.version, str(p.decisions))
    for e in report.escalations:
        yield ("escalations", e.ref, f"{e.phase} level {e.level} → {e.notify_role or '-'}",
               str(e.overdue_min))
    yield from measure_rows(report)


def _share_rows(section: str, key: str, s: Share) -> Iterator[Row]:
    yield (section, key, f"of {s.whole}", str(s.part))
    yield (section, f"{key}_rate", "", _num(s.rate))


def measure_rows(report: Report) -> Iterator[Row]:
    yield ("time_minutes", "apology", "count", str(report.apology.count))
    yield ("time_minutes", "apology", "median", _num(report.apology.median_min))
    yield ("time_minutes", "apology", "p90", _num(report.apology.p90_min))
    yield from _share_rows("apology", "given", report.apology_given)
    yield from _share_rows("first_contact", "resolved", report.first_contact)
    for score, n in enumerate(report.scores):
        yield ("satisfaction", "score", str(score), str(n))
    yield from _share_rows("satisfaction", "top_box", report.top_box)
    for outcome, s in report.top_box_by_outcome.items():
        yield from _share_rows("satisfaction", f"top_box_{outcome}", s)
    yield from _share_rows("remedy_fit", "lines", report.remedy_fit)
    yield ("compensation", "per_recovered_guest", "", _num(report.cost_per_recovered))
    yield ("compensation", "per_incident", "", _num(report.spend_per_incident))
    for o in report.spend_outliers:
        yield ("spend_outliers", o.agent_id, report.staff_names.get(o.agent_id, ""),
               str(o.times))
    if report.return_after is not None:
        yield from _share_rows("return_after", "recovered", report.return_after.recovered)
        yield from _share_rows("return_after", "not_recovered",
                               report.return_after.not_recovered)


def render_csv(report: Report) -> str:
    """CSV text starting with a BOM; write it as UTF-8 bytes unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("section", "key", "detail", "value"))
    writer.writerows(tuple(spreadsheet_text(str(cell)) for cell in row) for row in rows(report))
    return BOM + out.getvalue()


# --- text table -----------------------------------------------------------------------
def inert(text: str, limit: int = 40) -> str:
    """Text typed by people (names, locations) shown without escape sequences."""
    return shown(text, limit)


def _table(title: str, header: tuple[str, ...], body: list[tuple[str, ...]],
           right: tuple[int, ...] = ()) -> list[str]:
    """A titled table, its columns measured in terminal cells; ``right`` columns (the
    figures) aligned right."""
    if not body:
        return [title, "  " + _("(none)"), ""]
    body = [tuple(inert(c) for c in row) for row in body]
    return [title, *aligned([header, *body], right=right, indent="  "), ""]


class Words:
    """How one table is written for its reader: the policy's labels in the staff's
    language and the figures in its CLDR locale; without a policy, the ids and plain
    figures the report has always printed."""

    def __init__(self, policy: Policy | None = None) -> None:
        self.policy = policy
        self.language = current_language()
        self.locale = None if policy is None else staff_locale(policy, self.language)

    def count(self, n: int) -> str:
        return str(n) if self.locale is None else amount(n, self.locale)

    def money(self, value: Decimal) -> str:
        return amount(value, self.locale)

    def rate(self, value: float | None) -> str:
        return percent(value, self.locale)

    def minutes(self, value: float | None) -> str:
        return minutes_text(value, self.locale)

    def day(self, value: date) -> str:
        return value.isoformat() if self.locale is None else day(value, self.locale)

    def category(self, category_id: str) -> str:
        p = self.policy
        return category_id if p is None else p.category_label(category_id, self.language)

    def item(self, item_id: str) -> str:
        p = self.policy
        return item_id if p is None else p.item_label(item_id, self.language)

    def department(self, department_id: str) -> str:
        p = self.policy
        return department_id if p is None else p.department_label(department_id,
                                                                  self.language)

    def role(self, role_id: str | None) -> str:
        if not role_id:
            return "–"
        p = self.policy
        return role_id if p is None else p.role_label(role_id, self.language)

    def tier(self, tier_id: str) -> str:
        p = self.policy
        tier = None if p is None else next((t for t in p.tiers if t.id == tier_id), None)
        return tier_id if p is None or tier is None else p.label(tier.label, self.language)

    def value(self, value: str) -> str:
        return value if self.policy is None else value_word(value)


def render_table(report: Report, policy: Policy | None = None) -> str:
    """The report for a person at a terminal: with ``policy``, every label in the staff's
    language and every figure in its CLDR formats."""
    w = Words(policy)
    cur = report.currency
    # ``until`` is the first moment after the period: show the last day in it.
    first = w.day(report.since.date()) if report.since else _("the beginning")
    last = w.day((report.until - timedelta(microseconds=1)).date()) if report.until \
        else _("now")
    top = max(report.by_category.values(), default=0)
    out = [ngettext("Service recovery report, {first} to {last}: {n} incident",
                    "Service recovery report, {first} to {last}: {n} incidents",
                    report.incidents).format(first=first, last=last,
                                              n=w.count(report.incidents)), ""]
    out += _table(_("Incidents by category"), (_("Category"), _("Incidents"), ""), [
        (w.category(c), w.count(n), bar(n, top)) for c, n in report.by_category.items()],
        right=(1,))
    out += _table(_("Incidents by severity"), (_("Severity"), _("Incidents")),
                  [(w.value(s), w.count(n)) for s, n in report.by_severity.items()],
                  right=(1,))
    if report.weekly:
        counts = [n for _week, n in report.weekly]
        out += [_("Weekly trend ({first} to {last}, peak {peak})").format(
                    first=w.day(report.weekly[0][0]), last=w.day(report.weekly[-1][0]),
                    peak=w.count(max(counts))),
                "  " + sparkline(counts[-60:]), ""]
    out += _table(_("Time to acknowledge and resolve"),
                  ("", _("Incidents"), _("median"), _("p90")), [
                      (label, w.count(d.count), w.minutes(d.median_min),
                       w.minutes(d.p90_min))
                      for label, d in ((_("acknowledge"), report.acknowledge),
                                       (_("resolve"), report.resolve))], right=(1, 2, 3))
    out += _table(_("SLA breaches by category"),
                  (_("Category"), _("Incidents"), _("breached"), _("rate")),
                  [(w.category(c), w.count(b.incidents), w.count(b.breached), w.rate(b.rate))
                   for c, b in report.sla_breach.items()], right=(1, 2, 3))
    out += [_("Compensation given: {value} {currency}").format(
        value=w.money(report.compensation_total), currency=cur), ""]
    top_value = max(report.compensation_by_category.values(), default=Decimal(0))
    out += _table(_("Compensation by category ({currency})").format(currency=cur),
                  (_("Category"), _("Value"), ""), [
        (w.category(c), w.money(v), bar(v, top_value))
        for c, v in report.compensation_by_category.items()], right=(1,))
    out += _table(_("Compensation by item ({currency})").format(currency=cur),
                  (_("Item"), _("Qty"), _("Value")), [
        (w.item(i), w.count(u.qty), w.money(u.value))
        for i, u in report.compensation_by_item.items()], right=(1, 2))
    out += _table(_("Compensation by agent ({currency})").format(currency=cur),
                  (_("Agent"), _("Value")), [
        (report.staff_label(a), w.money(v)) for a, v in report.compensation_by_agent.items()],
        right=(1,))
    out += _table(_("Approvals: {n}").format(n=w.count(report.approvals)),
                  (_("Approved by"), _("Decisions")), [
        (report.staff_label(a), w.count(n)) for a, n in report.approvals_by_approver.items()],
        right=(1,))
    out += _table(_("Documentation tiers reached"), (_("Tier"), _("Incidents")),
                  [(w.tier(t), w.count(n)) for t, n in report.tiers.items()], right=(1,))
    out += [_("Follow-up: {n} with an outcome; recovery rate {rate} ({satisfied} satisfied, "
              "{not_satisfied} not satisfied), unreachable {unreachable_rate} "
              "({unreachable})").format(
        n=w.count(report.follow_ups), rate=w.rate(report.recovery_rate),
        satisfied=w.count(report.satisfied), not_satisfied=w.count(report.not_satisfied),
        unreachable_rate=w.rate(report.unreachable_rate),
        unreachable=w.count(report.unreachable)), ""]
    out += [_("Repeat guests: {n}").format(n=w.count(report.repeat_guests)), ""]
    out += _table(_("Root causes (most frequent)"),
                  (_("Category"), _("Location"), _("Department"), _("Incidents")),
                  [(w.category(r.category), r.location or "–", w.department(r.department),
                    w.count(r.count)) for r in report.root_causes], right=(3,))
    out += _table(_("Decisions by policy version"),
                  (_("Policy"), _("Version"), _("Decisions"), _("Value")),
                  [(p.policy_hash[:12], p.version or _("(earlier)"), w.count(p.decisions),
                    w.money(p.value)) for p in report.policy_versions], right=(2, 3))
    late = len(report.escalations)
    out += _table(ngettext("Escalations now: {n} past its time",
                           "Escalations now: {n} past their time", late).format(
                      n=w.count(late)),
                  (_("Ref"), _("Category"), _("Late to"), _("Level"), _("Notify"),
                   _("Overdue")),
                  [(e.ref, w.category(e.category), w.value(e.phase), w.count(e.level),
                    w.role(e.notify_role), w.minutes(e.overdue_min))
                   for e in report.escalations[:20]], right=(3, 5))
    out += measure_lines(report, w.locale)
    return "\n".join(out).rstrip() + "\n"


def _of(s: Share, locale: str | None = None) -> str:
    return _("{rate} ({part} of {whole})").format(rate=percent(s.rate, locale),
                                                   part=_count(s.part, locale),
                                                   whole=_count(s.whole, locale))


def _count(n: int | Decimal, locale: str | None) -> str:
    """A count or a figure: as written for programs, else in ``locale``'s digits."""
    return str(n) if locale is None else amount(n, locale)


def return_caveat() -> str:
    return _("Meta-analyses (de Matos et al. 2007) find that a recovery lifts satisfaction, "
             "not reliably whether the guest returns.")


def measure_lines(report: Report, locale: str | None = None) -> list[str]:
    """The measures as sentences, for the table and the report screen; figures in
    ``locale``'s CLDR formats when given."""
    cur = report.currency
    a = report.apology

    def rate(value: float | None) -> str:
        return percent(value, locale)

    def count(n: int) -> str:
        return _count(n, locale)

    out = [_("What research says matters"),
           "  " + _("Apology given: {rate} ({part} of {whole}); time to apology median "
                    "{median}, p90 {p90}").format(
               rate=rate(report.apology_given.rate), part=count(report.apology_given.part),
               whole=count(report.apology_given.whole),
               median=minutes_text(a.median_min, locale),
               p90=minutes_text(a.p90_min, locale)),
           "  " + _("First-contact resolution: {rate} ({part} of {whole} resolved)").format(
               rate=rate(report.first_contact.rate), part=count(report.first_contact.part),
               whole=count(report.first_contact.whole)),
           "  " + _("Top-box satisfaction (9-10): {rate} ({part} of {whole} scored)").format(
               rate=rate(report.top_box.rate), part=count(report.top_box.part),
               whole=count(report.top_box.whole))]
    for outcome, s in report.top_box_by_outcome.items():
        out.append("    " + _("followed up as {outcome}: {share}").format(
            outcome=value_word(outcome), share=_of(s, locale)))
    out += ["  " + _("Remedy fit: {rate} ({part} of {whole} lines among the category's "
                     "suggestions)").format(rate=rate(report.remedy_fit.rate),
                                            part=count(report.remedy_fit.part),
                                            whole=count(report.remedy_fit.whole)),
            "  " + _("Cost per recovered guest: {value}").format(
                value="–" if report.cost_per_recovered is None
                else f"{amount(report.cost_per_recovered, locale)} {cur}"), ""]
    out += _table(_("Spend outliers: {times} times the property's {value} per incident or "
                    "more").format(times=_count(report.spend_outlier_times, locale),
                                   value=f"{amount(report.spend_per_incident or 0, locale)} "
                                         f"{cur}"),
                  (_("agent"), _("incidents"), _("per incident"), _("times")),
                  [(report.staff_label(o.agent_id), count(o.incidents),
                    amount(o.average, locale), _count(o.times, locale))
                   for o in report.spend_outliers], right=(1, 2, 3))
    back = report.return_after
    if back is None:
        out.append(_("Return after recovery: no guest list has been imported yet."))
    else:
        out.append(_("Return after recovery: stayed again after a satisfied follow-up {yes}; "
                     "after one not satisfied {no}").format(yes=_of(back.recovered, locale),
                                                             no=_of(back.not_recovered,
                                                                    locale)))
    return [*out, "  " + return_caveat()]


def minutes_text(value: float | None, locale: str | None = None) -> str:
    """A duration counted in minutes: ``8 min``; in ``locale``'s own units when given
    (``8ր``, ``dak 8``, ``2ժ 5ր``)."""
    if value is None:
        return "–"
    if locale is not None:
        return duration(timedelta(minutes=round(value)), locale)
    return _("{n} min").format(n=f"{value:.0f}")
