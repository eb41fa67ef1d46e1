"""The kiosk's commands by name: where each one's code is and its help, so that
``kiosk --help`` (and ``kiosk policy --help``, ``kiosk incident --help``) lists them in
the staff's language without importing any of them. Each command takes its help from
here, the one place it is written."""

from __future__ import annotations

from kiosk.core.i18n import N_
from kiosk.core.plain import Value


class Lazy(Value):
    """A command imported only when it runs: ``"package.module:name"`` and its help
    (an ``N_()`` message, looked up when shown)."""

    spec: str
    help: str
    hidden: bool = False


# `kiosk …`
TOP: dict[str, Lazy] = {
    "policy": Lazy("kiosk.cli.policy:policy", N_(
        "Check, show and try out the policy files supervisors edit.")),
    "staff": Lazy("kiosk.cli.staff:staff_group", N_(
        "Add, list, disable staff and reset PINs.")),
    "integration": Lazy("kiosk.cli.integration:integration_group", N_(
        "Add, list and disable integrations (systems that feed the kiosk).")),
    "incident": Lazy("kiosk.cli.incident:incident_group", N_(
        "Add incidents from JSON, find them again, note, reassign and reopen "
        "them.")),
    "store": Lazy("kiosk.cli.store:store_group", N_(
        "Check and back up the shared store.")),
    "letter": Lazy("kiosk.cli.letters:letter_group", N_(
        "Letters: check the templates; render, issue or print one incident's "
        "letter.")),
    "letters": Lazy("kiosk.cli.letters:letters_group", N_(
        "Same as `kiosk letter check|proof`."), hidden=True),
    "report": Lazy("kiosk.cli.report:report", N_(
        "Incidents, response times, SLA breaches, compensation, approvals, "
        "follow-up outcomes, repeat guests, root causes, policy versions and "
        "escalations.\n\nWith --chain, head office's report: the same figures per "
        "property, computed in PostgreSQL, with the chain's totals and "
        "comparisons (cost per recovered guest, recovery and SLA breach rates, "
        "agents far above their property's average).\n\nCSV is UTF-8 with a "
        "byte-order mark (spreadsheets then keep Armenian names intact) in long "
        "form: section,key,detail,value. PDF is the general manager's monthly "
        "report with charts, in the staff's language; without --output it goes to "
        "the store's letters folder (reports/) and the command prints where.")),
    "sync": Lazy("kiosk.cli.chain:sync", N_(
        "Send head office everything it has not acknowledged yet: incidents with "
        "their steps, compensation, approvals, letters (not the PDFs) and "
        "follow-ups, staff names and roles, the policy versions used, and the "
        "audit trail itself.\n\nSafe to run again, from any terminal, at any time; "
        "a run that is stopped carries on from where head office's "
        "acknowledgement stands. The connection string comes from KIOSK_CHAIN_DSN "
        "or the [chain] section of property.toml.")),
    "demo": Lazy("kiosk.cli.demo:demo", N_(
        "Open the kiosk on a demo store (seeded with demo staff and incidents).")),
    "guests": Lazy("kiosk.cli.guests:guests_group", N_(
        "The in-house guest list from the property-management system.")),
    "notify": Lazy("kiosk.cli.notify:notify_group", N_(
        "The notification outbox: breaches and tiers that tell someone.")),
    "postings": Lazy("kiosk.cli.postings:postings_group", N_(
        "Folio credits and discounts for the property-management system.")),
    "followup": Lazy("kiosk.cli.followup:followup_group", N_(
        "Follow-up calls: what is due (record one with `kiosk incident follow-"
        "up`).")),
    "orders": Lazy("kiosk.cli.orders:orders_group", N_(
        "Work orders for the departments: what each is asked to do, and by "
        "when.")),
    "shift": Lazy("kiosk.cli.shift:shift_group", N_(
        "The shift's handover.")),
    "training": Lazy("kiosk.cli.training:training_group", N_(
        "Practice runs on the desk's real screens.")),
}

# `kiosk policy …` beyond those written in kiosk.cli.policy
POLICY: dict[str, Lazy] = {
    "show": Lazy("kiosk.cli.policy_show:show", N_(
        "Summarize a policy folder: limits per role, items, categories, "
        "checklist, tiers.")),
    "simulate": Lazy("kiosk.cli.policy_show:simulate", N_(
        "Show what the engine decides for a proposal, as the desk would.")),
    "diff": Lazy("kiosk.cli.policy_admin:diff", N_(
        "What changes from policy folder OLD to NEW: each role's limits and "
        "items, catalogue values, category rules, tiers, checklist, escalation.")),
    "replay": Lazy("kiosk.cli.policy_admin:replay_command", N_(
        "Decide past compensation again under the proposed policy in FOLDER: how "
        "many decisions would change, which incidents, and what it would cost.")),
    "pull": Lazy("kiosk.cli.policy_chain:pull", N_(
        "Bring the group's latest policy into this property's folder, checked as "
        "any edit is. It is in force once the folder is published (kiosk policy "
        "publish, or --publish here); a running kiosk then picks it up by itself.")),
}

# `kiosk incident …` beyond those written in kiosk.cli.incident
INCIDENT: dict[str, Lazy] = {
    "add": Lazy("kiosk.cli.incident_add:add", N_(
        "Add an incident from a JSON document; prints the new id alone on the "
        'last line.\n\nWho adds it proves it: the staff member named as "agent" '
        "with their PIN (KIOSK_ACTOR_PIN or the terminal), or an integration "
        "(KIOSK_INTEGRATION with KIOSK_INTEGRATION_SECRET or --secret-file), "
        "which acts under its own name. A line beyond the actor's limits needs an "
        '"approval" block; the approver\'s PIN is read from KIOSK_APPROVER_PIN or '
        "asked at the terminal.")),
    "history": Lazy("kiosk.cli.incident_life:history_cmd", N_(
        "The incident's audit trail: who did what, when, on which terminal.")),
    "note": Lazy("kiosk.cli.incident_life:note_cmd", N_(
        "Add a note to incident ID.")),
    "reassign": Lazy("kiosk.cli.incident_life:reassign_cmd", N_(
        "Give incident ID a new owner.")),
    "reopen": Lazy("kiosk.cli.incident_life:reopen_cmd", N_(
        "Open a resolved or closed incident ID again.")),
    "report": Lazy("kiosk.cli.incident_report:report_cmd", N_(
        "The incident report of incident ID: fill it, show it, write or print "
        "it.")),
    "wait": Lazy("kiosk.cli.incident_life:wait_cmd", N_(
        "Wait on the guest: the SLA clock of incident ID stands still (where "
        "the category allows it) until `kiosk incident resume`.")),
    "resume": Lazy("kiosk.cli.incident_life:resume_cmd", N_(
        "The guest is back: the SLA clock of incident ID runs again.")),
    "follow-up": Lazy("kiosk.cli.incident_life:follow_up_cmd", N_(
        "Record the follow-up call on resolved incident ID.")),
}
