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
from datetime import timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.display import amount, percent, value_word
from kiosk.core.i18n import _
from kiosk.core.spreadsheet import spreadsheet_text
from kiosk.core.text import shown
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


def _table(title: str, header: tuple[str, ...], body: list[tuple[str, ...]]) -> list[str]:
    if not body:
        return [title, "  " + _("(none)"), ""]
    body = [tuple(inert(c) for c in row) for row in body]
    widths = [max(len(str(r[i])) for r in (header, *body)) for i in range(len(header))]
    line = "  ".join
    out = [title, ("  " + line(h.ljust(w) for h, w in zip(header, widths, strict=True))).rstrip()]
    for row in body:
        cells = [str(c).rjust(w) if i and _numeric(c) else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        out.append(("  " + line(cells)).rstrip())
    return [*out, ""]


def _numeric(text: str) -> bool:
    return bool(text) and text.replace(".", "").replace("%", "").replace(",", "").isdigit()


def _min(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def render_table(report: Report) -> str:
    cur = report.currency
    # ``until`` is the first moment after the period: show the last day in it.
    last = (report.until - timedelta(microseconds=1)).date() if report.until else "now"
    period = f"{report.since.date() if report.since else 'the beginning'} to {last}"
    top = max(report.by_category.values(), default=0)
    out = [f"Service recovery report, {period}: {report.incidents} incidents", ""]
    out += _table("Incidents by category", ("category", "incidents", ""), [
        (c, str(n), bar(n, top)) for c, n in report.by_category.items()])
    out += _table("Incidents by severity", ("severity", "incidents"),
                  [(s, str(n)) for s, n in report.by_severity.items()])
    if report.weekly:
        counts = [n for _, n in report.weekly]
        out += [f"Weekly trend ({report.weekly[0][0]} to {report.weekly[-1][0]}, "
                f"peak {max(counts)})", "  " + sparkline(counts[-60:]), ""]
    out += _table("Time to acknowledge and resolve (minutes)",
                  ("", "incidents", "median", "p90"), [
                      (name, str(d.count), _min(d.median_min), _min(d.p90_min))
                      for name, d in (("acknowledge", report.acknowledge),
                                      ("resolve", report.resolve))])
    out += _table("SLA breaches by category", ("category", "incidents", "breached", "rate"),
                  [(c, str(b.incidents), str(b.breached), percent(b.rate))
                   for c, b in report.sla_breach.items()])
    out += [f"Compensation given: {amount(report.compensation_total)} {cur}", ""]
    top_value = max(report.compensation_by_category.values(), default=Decimal(0))
    out += _table(f"Compensation by category ({cur})", ("category", "value", ""), [
        (c, amount(v), bar(v, top_value)) for c, v in report.compensation_by_category.items()])
    out += _table(f"Compensation by item ({cur})", ("item", "qty", "value"), [
        (i, str(u.qty), amount(u.value)) for i, u in report.compensation_by_item.items()])
    out += _table(f"Compensation by agent ({cur})", ("agent", "value"), [
        (report.staff_label(a), amount(v)) for a, v in report.compensation_by_agent.items()])
    out += _table(f"Approvals: {report.approvals}", ("approved by", "decisions"), [
        (report.staff_label(a), str(n)) for a, n in report.approvals_by_approver.items()])
    out += _table("Documentation tiers reached", ("tier", "incidents"),
                  [(t, str(n)) for t, n in report.tiers.items()])
    out += [f"Follow-up: {report.follow_ups} with an outcome; recovery rate "
            f"{percent(report.recovery_rate)} ({report.satisfied} satisfied, "
            f"{report.not_satisfied} not satisfied), unreachable "
            f"{percent(report.unreachable_rate)} ({report.unreachable})", ""]
    out += [f"Repeat guests: {report.repeat_guests}", ""]
    out += _table("Root causes (most frequent)", ("category", "location", "department",
                                                  "incidents"),
                  [(r.category, r.location or "–", r.department, str(r.count))
                   for r in report.root_causes])
    out += _table("Decisions by policy version", ("policy", "version", "decisions", "value"),
                  [(p.policy_hash[:12], p.version or "(earlier)", str(p.decisions),
                    amount(p.value)) for p in report.policy_versions])
    out += _table(f"Escalations now: {len(report.escalations)} past their time",
                  ("ref", "category", "late to", "level", "notify", "overdue min"),
                  [(e.ref, e.category, e.phase, str(e.level), e.notify_role or "–",
                    str(e.overdue_min)) for e in report.escalations[:20]])
    out += measure_lines(report)
    return "\n".join(out).rstrip() + "\n"


def _of(s: Share) -> str:
    return _("{rate} ({part} of {whole})").format(rate=percent(s.rate), part=s.part,
                                                   whole=s.whole)


def return_caveat() -> str:
    return _("Meta-analyses (de Matos et al. 2007) find that a recovery lifts satisfaction, "
             "not reliably whether the guest returns.")


def measure_lines(report: Report) -> list[str]:
    """The measures as sentences, for the table and the report screen."""
    cur = report.currency
    a = report.apology
    out = [_("What research says matters"),
           "  " + _("Apology given: {rate} ({part} of {whole}); time to apology median "
                    "{median}, p90 {p90}").format(
               rate=percent(report.apology_given.rate), part=report.apology_given.part,
               whole=report.apology_given.whole, median=minutes_text(a.median_min),
               p90=minutes_text(a.p90_min)),
           "  " + _("First-contact resolution: {rate} ({part} of {whole} resolved)").format(
               rate=percent(report.first_contact.rate), part=report.first_contact.part,
               whole=report.first_contact.whole),
           "  " + _("Top-box satisfaction (9-10): {rate} ({part} of {whole} scored)").format(
               rate=percent(report.top_box.rate), part=report.top_box.part,
               whole=report.top_box.whole)]
    for outcome, s in report.top_box_by_outcome.items():
        out.append("    " + _("followed up as {outcome}: {share}").format(
            outcome=value_word(outcome), share=_of(s)))
    out += ["  " + _("Remedy fit: {rate} ({part} of {whole} lines among the category's "
                     "suggestions)").format(rate=percent(report.remedy_fit.rate),
                                            part=report.remedy_fit.part,
                                            whole=report.remedy_fit.whole),
            "  " + _("Cost per recovered guest: {value}").format(
                value="–" if report.cost_per_recovered is None
                else f"{amount(report.cost_per_recovered)} {cur}"), ""]
    out += _table(_("Spend outliers: {times} times the property's {value} per incident or "
                    "more").format(times=report.spend_outlier_times,
                                   value=f"{amount(report.spend_per_incident or 0)} {cur}"),
                  (_("agent"), _("incidents"), _("per incident"), _("times")),
                  [(report.staff_label(o.agent_id), str(o.incidents), amount(o.average),
                    str(o.times)) for o in report.spend_outliers])
    back = report.return_after
    if back is None:
        out.append(_("Return after recovery: no guest list has been imported yet."))
    else:
        out.append(_("Return after recovery: stayed again after a satisfied follow-up {yes}; "
                     "after one not satisfied {no}").format(yes=_of(back.recovered),
                                                             no=_of(back.not_recovered)))
    return [*out, "  " + return_caveat()]


def minutes_text(value: float | None) -> str:
    return "–" if value is None else _("{n} min").format(n=f"{value:.0f}")
