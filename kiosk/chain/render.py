"""Head office's report as JSON, CSV (the property report's long form with the property
in front) and a text table: the comparison first, then each property's own figures."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from kiosk.chain.report import ChainReport, PropertyFigures
from kiosk.core.display import amount, percent
from kiosk.reports.render import BOM, _table, rows, to_json


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _comparison(p: PropertyFigures) -> dict[str, Any]:
    cost = p.cost_per_recovered
    return {"incidents": p.report.incidents, "currency": p.report.currency,
            "compensation_total": str(p.report.compensation_total),
            "cost_per_recovered_guest": None if cost is None else str(cost),
            "recovery_rate": _rate(p.report.recovery_rate),
            "sla_breached": p.breached, "sla_breach_rate": _rate(p.sla_breach_rate)}


def to_chain_json(report: ChainReport) -> dict[str, Any]:
    currencies = {
        cur: {"compensation_total": str(total), "satisfied": satisfied,
              "cost_per_recovered_guest": str((total / satisfied).quantize(Decimal("0.01")))
              if satisfied else None}
        for cur, (total, satisfied) in report.compensation_by_currency().items()}
    return {
        "since": report.since.isoformat() if report.since else None,
        "until": report.until.isoformat() if report.until else None,
        "generated_at": report.now.isoformat(),
        "chain": {"properties": len(report.properties), "incidents": report.incidents,
                  "follow_ups": report.follow_ups, "satisfied": report.satisfied,
                  "recovery_rate": _rate(report.recovery_rate),
                  "sla_breached": report.breached,
                  "sla_breach_rate": _rate(report.sla_breach_rate),
                  "by_currency": currencies},
        "properties": {
            p.property_id: {
                "name": p.name,
                "last_sync_at": p.last_sync_at.isoformat() if p.last_sync_at else None,
                "refused": p.refused,
                "comparison": _comparison(p),
                "report": to_json(p.report),
            } for p in report.properties},
        "agents_far_above": [
            {"property": a.property_id, "agent": a.agent_id, "name": a.name,
             "decisions": a.decisions, "average": str(a.average),
             "property_average": str(a.property_average), "ratio": str(a.ratio)}
            for a in report.agents_far_above],
    }


def render_chain_json(report: ChainReport) -> str:
    return json.dumps(to_chain_json(report), ensure_ascii=False, indent=2)


def render_chain_csv(report: ChainReport) -> str:
    """``property,section,key,detail,value``; the chain's own rows under property ``*``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("property", "section", "key", "detail", "value"))
    chain = to_chain_json(report)["chain"]
    for key in ("incidents", "follow_ups", "satisfied", "recovery_rate", "sla_breached",
                "sla_breach_rate"):
        writer.writerow(("*", "chain", key, "", "" if chain[key] is None else chain[key]))
    for p in report.properties:
        for key, value in _comparison(p).items():
            writer.writerow((p.property_id, "comparison", key, "",
                             "" if value is None else value))
        writer.writerows((p.property_id, *row) for row in rows(p.report))
    for a in report.agents_far_above:
        writer.writerow((a.property_id, "agents_far_above", a.agent_id, a.name, str(a.ratio)))
    return BOM + out.getvalue()


def render_chain_table(report: ChainReport) -> str:
    period = (f"{report.since or 'the beginning'} to {report.until or 'now'}")
    out = [f"Chain report, {period}: {len(report.properties)} properties, "
           f"{report.incidents} incidents; recovery rate {percent(report.recovery_rate)}, "
           f"SLA breach rate {percent(report.sla_breach_rate)}", ""]
    body: list[tuple[str, ...]] = []
    for p in report.properties:
        cost = p.cost_per_recovered
        body.append((p.property_id, p.name, str(p.report.incidents),
                     f"{amount(p.report.compensation_total)} {p.report.currency}",
                     "–" if cost is None else f"{amount(cost)} {p.report.currency}",
                     percent(p.report.recovery_rate), percent(p.sla_breach_rate),
                     "REFUSED" if p.refused else
                     (p.last_sync_at.strftime("%Y-%m-%d %H:%M") if p.last_sync_at else "–")))
    out += _table("Properties", ("property", "name", "incidents", "compensation",
                                 "per recovered guest", "recovery", "SLA breach",
                                 "last sync"), body)
    out += _table("Agents far above their property's average compensation",
                  ("property", "agent", "decisions", "average", "property", "ratio"),
                  [(a.property_id, f"{a.name} ({a.agent_id})" if a.name else a.agent_id,
                    str(a.decisions), amount(a.average), amount(a.property_average),
                    f"{a.ratio}x") for a in report.agents_far_above])
    refused = [p for p in report.properties if p.refused]
    if refused:
        out += ["Refused until looked into:"]
        out += [f"  {p.property_id}: {p.refused}" for p in refused] + [""]
    return "\n".join(out).rstrip() + "\n"
