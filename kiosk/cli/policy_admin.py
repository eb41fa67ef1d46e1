"""`kiosk policy diff` and `kiosk policy replay`: what a proposed policy changes, in
words and against past decisions, before a supervisor publishes it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from kiosk.cli.commands import POLICY
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.language import Command, argument
from kiosk.cli.report import DAY, day_of, write_out
from kiosk.config import Settings
from kiosk.core.i18n import N_
from kiosk.core.policy_diff import diff_policies
from kiosk.core.policy_load import load_policy
from kiosk.core.replay import ReplayResult, replay_lines, transition_table
from kiosk.desk.context import Desk
from kiosk.desk.reports import period, replay_policy

FOLDER = click.Path(path_type=Path, file_okay=False)


@click.command("diff", cls=Command, help=POLICY["diff"].help)
@argument("old", N_("OLD"), type=FOLDER)
@argument("new", N_("NEW"), type=FOLDER)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for other tools."))
@folder_options
def diff(old: Path, new: Path, as_json: bool, settings: Settings) -> None:
    result = diff_policies(load_policy(old), load_policy(new))
    if as_json:
        click.echo(json.dumps({
            "old": {"version": result.old_version, "policy_hash": result.old_hash},
            "new": {"version": result.new_version, "policy_hash": result.new_hash},
            "changed": result.changed,
            "sections": {s.key: s.changes for s in result.sections if s.changes},
        }, ensure_ascii=False, indent=2))
        return
    write_out("\n".join(safe_text(line, 400) for line in result.lines()) + "\n", None)


def replay_json(result: ReplayResult) -> dict[str, Any]:
    return {
        "version": result.version,
        "policy_hash": result.policy_hash,
        "currency": result.currency,
        "incidents": result.incidents,
        "decisions": result.decisions,
        "changed": result.changed_count,
        "transitions": [{"recorded": b, "proposed": a, "decisions": n}
                        for b, a, n in transition_table(result)],
        "recorded_cost": str(result.recorded_cost),
        "proposed_cost": str(result.new_cost),
        "cost_difference": str(result.cost_difference),
        "no_longer_given": str(result.no_longer_given),
        "price_change": str(result.price_change),
        "missing_items": dict(result.missing_items),
        "price_changes": {k: {"recorded": str(b), "proposed": str(a)}
                          for k, (b, a) in result.price_changes.items()},
        "changed_decisions": [
            {"incident": r.incident_id, "ref": r.ref, "decided_at": r.decided_at.isoformat(),
             "role": r.role, "recorded": r.before, "proposed": r.after,
             "recorded_total": str(r.recorded_total), "proposed_total": str(r.new_total),
             "reason": r.reason} for r in result.changed
        ],
    }


@click.command("replay", cls=Command, help=POLICY["replay"].help)
@argument("folder", N_("FOLDER"), type=FOLDER)
@click.option("--since", type=DAY, help=N_("First day, YYYY-MM-DD (hotel time), included."))
@click.option("--until", type=DAY, help=N_("Last day, YYYY-MM-DD (hotel time), included."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for other tools."))
@folder_options
def replay_command(folder: Path, since: datetime | None, until: datetime | None,
                   as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    start, end = period(desk, day_of(since), day_of(until))
    result = replay_policy(desk, folder, start, end)
    if as_json:
        write_out(json.dumps(replay_json(result), ensure_ascii=False, indent=2) + "\n", None)
        return
    write_out("\n".join(safe_text(line, 400) for line in replay_lines(result)) + "\n", None)
