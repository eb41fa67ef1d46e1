"""`kiosk policy check | show | simulate` as a supervisor runs them: real processes on
real folders, including every broken folder of tests/policy_corpus."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from tests.conftest import POLICIES, ROOT

CORPUS = ROOT / "tests" / "policy_corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def kiosk_process(*args: str, cwd: Path | None = None) -> Run:
    """The real command in its own process, exactly as a supervisor runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def kiosk(*args: str, cwd: Path | None = None) -> Run:
    """The same command in this process (starting Python for each would be slow)."""
    previous = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash must fail the test, not pass as exit code 1
    return Run(result.exit_code, result.stdout, result.stderr)


def build_case(case: Path, into: Path) -> None:
    """The shipped folder with the case's files laid over it (see the corpus README)."""
    if (case / "no_folder.txt").exists():
        return
    shutil.copytree(POLICIES, into)
    for path in case.iterdir():
        if path.name == "training" and path.is_dir():  # the case's scenarios alone
            shutil.rmtree(into / "training", ignore_errors=True)
            shutil.copytree(path, into / "training")
        elif path.name == "remove.txt":
            for name in path.read_text("utf-8").split():
                (into / name).unlink()
        elif path.suffix == ".toml":
            shutil.copyfile(path, into / path.name)


def test_the_corpus_covers_enough_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_broken_policy_gives_its_message(case: str, tmp_path: Path):
    build_case(CORPUS / case, tmp_path / "policy")
    result = kiosk_process("policy", "check", "policy", cwd=tmp_path)
    expected = (CORPUS / case / "expected.txt").read_text("utf-8")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == expected
    assert result.stderr == ""
    assert result.returncode == 1


def test_shipped_policies_are_valid():
    result = kiosk_process("policy", "check", "policies/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: policies is a valid policy, version 2026.11")


def test_check_defaults_to_the_policies_option(tmp_path: Path):
    build_case(CORPUS / "bad_currency", tmp_path / "policy")
    result = kiosk("--policies", str(tmp_path / "policy"), "policy", "check")
    assert result.returncode == 1
    assert "property.currency" in result.stdout
    assert kiosk("policy", "check").returncode == 0  # the shipped folder


def test_check_on_a_file_instead_of_a_folder(tmp_path: Path):
    (tmp_path / "roles.toml").write_text("x = 1\n", "utf-8")
    result = kiosk("policy", "check", "roles.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("roles.toml: (folder): is a file, not a folder; expected "
                                    "a folder holding property.toml, roles.toml")


def test_check_usage_error_is_exit_2():
    result = kiosk("policy", "check", "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_show_json_lists_roles_lowest_first_and_amounts_as_text():
    result = kiosk("policy", "show", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["policy_hash"]) == 64
    assert data["currency"] == "AMD"
    assert data["version"] == "2026.11"
    assert [r["id"] for r in data["roles"]] == ["agent", "supervisor", "duty_manager",
                                                "general_manager"]
    agent = data["roles"][0]
    assert agent["per_incident_cap"] == "20000"
    assert agent["items"]["drink_voucher"] == 2
    items = {i["id"]: i for i in data["items"]}
    assert items["dinner_voucher"]["unit_value"] == "30000"
    assert items["discount_10"]["kind"] == "discount"
    assert items["discount_10"]["percent"] == "10"
    assert "noise" in [c["id"] for c in data["categories"]]
    assert data["checklist"]["use"] == "LEARN"
    assert [t["id"] for t in data["tiers"]] == ["shift_log", "incident_report", "gm_notified"]


def test_show_prints_the_limits_table():
    result = kiosk("policy", "show", "policies")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.strip().startswith("limit (AMD)"))
    assert header.split()[2:] == ["agent", "supervisor", "duty_manager", "general_manager"]
    incident = next(line for line in lines if line.strip().startswith("per incident"))
    assert incident.split()[2:] == ["20,000", "80,000", "200,000", "1,000,000"]
    dinner = next(line for line in lines if line.strip().startswith("dinner_voucher"))
    assert dinner.split()[1:] == ["30,000", "voucher", "-", "1", "2", "5"]
    assert "Checklist in use: LEARN" in result.stdout


def test_show_on_a_broken_folder_lists_the_problems(tmp_path: Path):
    build_case(CORPUS / "hierarchy", tmp_path / "policy")
    result = kiosk("policy", "show", str(tmp_path / "policy"))
    assert result.returncode == 1
    roles = tmp_path / "policy" / "roles.toml"
    assert result.stderr.startswith(f"{roles}:45: role[supervisor].per_shift_cap: 90000 is "
                                    "below 100000 for agent")
    assert "Traceback" not in result.stderr


def simulate(*args: str) -> dict:
    result = kiosk("policy", "simulate", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("args", "verdict", "approver"), [
    (["--role", "agent", "--category", "housekeeping", "--item", "welcome_amenity"],
     "allowed", None),
    (["--role", "agent", "--category", "noise", "--item", "dinner_voucher"],
     "needs_approval", "supervisor"),
    (["--role", "agent", "--category", "reservation_error", "--item", "room_night_credit"],
     "needs_approval", "duty_manager"),
    (["--role", "supervisor", "--category", "billing", "--item", "folio_credit:4"],
     "allowed", None),
    (["--role", "agent", "--category", "noise", "--item", "discount_10"], "forbidden", None),
    (["--role", "agent", "--category", "maintenance", "--item", "room_night_credit:6"],
     "forbidden", None),
    (["--role", "agent", "--category", "housekeeping", "--item", "drink_voucher:2",
      "--guest-stay-total", "35000"], "needs_approval", "supervisor"),
    (["--role", "agent", "--category", "housekeeping", "--item", "drink_voucher",
      "--shift-total", "98000"], "needs_approval", "supervisor"),
])
def test_simulate_verdicts_on_the_shipped_policy(args, verdict, approver):
    decision = simulate(*args)
    assert decision["verdict"] == verdict
    assert decision["approver_role"] == approver
    assert decision["reasons"]
    assert len(decision["policy_hash"]) == 64


def test_simulate_json_carries_total_tier_and_headroom():
    decision = simulate("--role", "agent", "--category", "staff_attitude",
                        "--item", "drink_voucher:2", "--item", "welcome_amenity",
                        "--guest-stay-total", "10000", "--shift-total", "5000.50")
    assert decision["verdict"] == "allowed"
    assert decision["total"] == "14000"
    assert decision["tier"] == "shift_log"
    left = {h["cap"]: h["left"] for h in decision["headroom"]}
    assert left == {"per_incident": "6000", "per_guest_stay": "16000",
                    "per_shift": "80999.50", "discount_pct": "10"}


def test_simulate_prints_a_readable_decision():
    result = kiosk("policy", "simulate", "--role", "agent", "--category", "noise",
                   "--item", "dinner_voucher", "--item", "drink_voucher:2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "NEEDS APPROVAL by supervisor (or above)"
    assert "  total 38,000 AMD; tier incident_report: Complete the incident report " \
           "before the end of the shift." in lines
    assert "  - Front-desk agent may not give “dinner for two at our restaurant”." in lines
    assert any(line.split() == ["per", "incident", "20,000", "38,000", "-18,000"]
               for line in lines)


def test_simulate_unknown_role_lists_the_known_ones():
    result = kiosk_process("policy", "simulate", "--role", "manager", "--category", "noise",
                   "--item", "welcome_amenity")
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: unknown role 'manager'; known roles: agent, "
                                     "supervisor, duty_manager, general_manager")


def test_simulate_unknown_category_and_item_are_errors_too():
    result = kiosk("policy", "simulate", "--role", "agent", "--category", "nois",
                   "--item", "welcome_amenity")
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown category 'nois'; known categories: noise")
    result = kiosk("policy", "simulate", "--role", "agent", "--category", "noise",
                   "--item", "champagne")
    assert result.returncode == 1
    assert "unknown item 'champagne'" in result.stderr


@pytest.mark.parametrize("bad", [["--item", "dinner_voucher:x"], ["--item", "dinner_voucher:0"],
                                 ["--item", ":2"], ["--item", "spa_voucher",
                                                    "--guest-stay-total", "-5"],
                                 ["--item", "spa_voucher", "--shift-total", "12,000"]])
def test_simulate_bad_syntax_is_a_usage_error(bad):
    result = kiosk("policy", "simulate", "--role", "agent", "--category", "noise", *bad)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "expected" in result.stderr


def test_simulate_uses_the_policies_option(tmp_path: Path):
    folder = tmp_path / "policy"
    shutil.copytree(POLICIES, folder)
    roles = folder / "roles.toml"
    roles.write_text(roles.read_text("utf-8").replace("per_incident_cap = 20000\n",
                                                      "per_incident_cap = 40000\n"), "utf-8")
    args = ["policy", "simulate", "--role", "agent", "--category", "housekeeping",
            "--item", "breakfast_voucher", "--item", "drink_voucher:2",
            "--item", "welcome_amenity", "--json"]
    shipped = json.loads(kiosk(*args).stdout)
    changed = json.loads(kiosk(*args, "--policies", str(folder)).stdout)
    assert shipped["verdict"] == "needs_approval"
    assert changed["verdict"] == "allowed"
    assert changed["policy_hash"] != shipped["policy_hash"]


def test_the_group_is_importable_for_other_subcommands():
    from kiosk.cli.policy import policy

    # Its subcommands load when asked for (the group is lazy), whatever was imported
    # before: the test read the loaded ones only, and passed or failed by test order.
    context = click.Context(policy)
    names = ("check", "show", "simulate")
    assert set(names) <= set(policy.list_commands(context))
    assert all(isinstance(policy.get_command(context, name), click.Command) for name in names)


def test_diff_names_the_broken_folder(tmp_path: Path):
    build_case(CORPUS / "hierarchy", tmp_path / "proposed")
    result = kiosk("policy", "diff", str(POLICIES), str(tmp_path / "proposed"))
    assert result.returncode == 1
    roles = tmp_path / "proposed" / "roles.toml"
    assert result.stderr.startswith(f"{roles}:45: role[supervisor].per_shift_cap")
    assert "Traceback" not in result.stderr
