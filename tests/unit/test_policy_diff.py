"""`kiosk policy diff`: each kind of change comes out as the sentence a supervisor reads."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.core.policy_diff import diff_policies
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from tests.conftest import POLICIES


def edited(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Policy:
    folder = tmp_path / "proposed"
    shutil.copytree(POLICIES, folder)
    for name, replacements in edits.items():
        path = folder / name
        text = path.read_text("utf-8")
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    return load_policy(folder)


def test_same_policy_has_no_change(policy: Policy) -> None:
    diff = diff_policies(policy, policy)
    assert not diff.changed
    assert diff.lines()[-1] == "No change to any rule."


def test_role_caps_items_and_discount_in_words(policy: Policy, tmp_path: Path) -> None:
    new = edited(tmp_path, {"roles.toml": [
        ("per_incident_cap = 20000", "per_incident_cap = 25000"),
        ("per_shift_cap = 100000", "per_shift_cap = 90000"),
        ("max_discount_pct = 10", "max_discount_pct = 15"),
        ("drink_voucher = 2\n", "drink_voucher = 3\n"),
        ("laundry_credit = 1\n", ""),
        ("discount_10 = 1\n", "discount_10 = 1\nspa_voucher = 1\n"),
    ]})
    diff = diff_policies(policy, new)
    agent = next(s for s in diff.sections if s.title == "Role Front-desk agent (agent)")
    assert agent.changes == [
        "Per-incident limit raised from 20,000 AMD to 25,000 AMD.",
        "Per-shift limit lowered from 100,000 AMD to 90,000 AMD.",
        "Largest discount raised from 10% to 15%.",
        "drink_voucher (drinks for two at the lobby bar): up to 3 per incident instead of 2.",
        "May no longer give laundry_credit (complimentary laundry and pressing) "
        "(was up to 1 per incident).",
        "May now give spa_voucher (a treatment at our spa) (up to 1 per incident).",
    ]
    supervisor = next(s for s in diff.sections if "(supervisor)" in s.title)
    assert supervisor.changes == []
    text = "\n".join(diff.lines())
    assert "Role Supervisor" not in text  # unchanged roles are not listed


def test_catalogue_categories_tiers_checklist_escalation(policy: Policy,
                                                         tmp_path: Path) -> None:
    new = edited(tmp_path, {
        "catalogue.toml": [("unit_value = 4000", "unit_value = 4500")],
        "categories.toml": [
            ('not_allowed = ["discount_10"]', 'not_allowed = ["discount_10", "spa_voucher"]'),
            ("low = { acknowledge = 60, resolve = 1440 }",
             "low = { acknowledge = 45, resolve = 1440 }"),
            ("after_minutes = 240", "after_minutes = 120"),
        ],
        "tiers.toml": [("from = 30000", "from = 25000")],
    })
    diff = diff_policies(policy, new)
    sections = {s.title: s.changes for s in diff.sections}
    assert sections["Catalogue"] == [
        "drink_voucher (drinks for two at the lobby bar) now counts as 4,500 AMD "
        "(was 4,000 AMD)."]
    assert sections["Categories"] == [
        "Default SLA for low: acknowledge within 45 minutes, resolve within 1,440 minutes "
        "(was 60 minutes and 1,440 minutes).",
        "noise: items not allowed now include spa_voucher (a treatment at our spa).",
    ]
    assert sections["Documentation tiers"] == [
        "Tier incident_report now starts at 25,000 AMD (was 30,000 AMD)."]
    assert sections["Escalation"] == [
        "Late resolution, level 2: general_manager is told 120 minutes after the time runs "
        "out (was general_manager after 240 minutes)."]
    assert sections["Checklist"] == []


def test_checklist_in_use_and_property(policy: Policy, tmp_path: Path) -> None:
    new = edited(tmp_path, {
        "checklists.toml": [('use = "LEARN"', 'use = "HEARD"')],
        "property.toml": [("follow_up_hours = 24", "follow_up_hours = 48")],
    })
    diff = diff_policies(policy, new)
    sections = {s.title: s.changes for s in diff.sections}
    assert sections["Checklist"][0] == "The desk now follows the HEARD checklist (was LEARN)."
    assert sections["Property"] == ["follow_up_hours is now 48 (was 24)."]
