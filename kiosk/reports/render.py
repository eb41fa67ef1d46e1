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

from kiosk.core.display import amount, percent
from kiosk.core.spreadsheet import spreadsheet_text
from kiosk.core.text import shown
from kiosk.reports.charts import bar, sparkline
from kiosk.reports.compute import Durations, Report

Row = tuple[str, str, str, str]
BOM = "\ufeff"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _durations(d: Durations) -> dict[str, Any]:
    return {"count": d.count, "median_min": _minutes(d.median_min),
            "p90_min": _minutes(d.p90_min)}


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
        return [title, "  (none)", ""]
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
    return "\n".join(out).rstrip() + "\n"
