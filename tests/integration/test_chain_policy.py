"""`kiosk policy publish --chain` and `kiosk policy pull` against a real PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core.policy_load import load_policy
from kiosk.core.policy_publish import read_manifest
from kiosk.desk.context import PolicyHolder
from tests.conftest import POLICIES
from tests.integration.chain_setup import make_property

pytestmark = pytest.mark.chain


def head_office_folder(tmp_path: Path, version: str, drink: str) -> Path:
    folder = tmp_path / f"group-{version}"
    shutil.copytree(POLICIES, folder)
    prop = folder / "property.toml"
    prop.write_text(prop.read_text(encoding="utf-8").replace(
        'version = "2026.11"', f'version = "{version}"'), encoding="utf-8")
    cat = folder / "catalogue.toml"
    text = cat.read_text(encoding="utf-8")
    assert "unit_value = 3000" in text
    cat.write_text(text.replace("unit_value = 3000", f"unit_value = {drink}", 1),
                   encoding="utf-8")
    return folder


def test_publish_then_pull_puts_the_group_policy_in_force_keeping_the_property_file(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=0)
    group = head_office_folder(tmp_path, "2027.01", "3500")
    done = prop.kiosk("policy", "publish", "--chain", str(group), "--group", "ararat_group",
                      "--dsn-file", str(prop.policies / "chain.dsn"))
    assert done.returncode == 0, done.stderr
    assert "published policy 2027.01" in done.stdout
    own_property = (prop.policies / "property.toml").read_text(encoding="utf-8")
    pulled = prop.kiosk("policy", "pull", "--publish")
    assert pulled.returncode == 0, pulled.stderr
    assert "2027.01" in pulled.stdout and "is in force" in pulled.stdout
    assert (prop.policies / "catalogue.toml").read_text(encoding="utf-8") == \
        (group / "catalogue.toml").read_text(encoding="utf-8")
    assert (prop.policies / "property.toml").read_text(encoding="utf-8") == \
        own_property.replace('version = "2026.11"', 'version = "2027.01"')
    assert load_policy(prop.policies).property.id == "ararat"
    again = prop.kiosk("policy", "pull")
    assert "already in force" in again.stdout


def test_an_overridable_file_stays_the_property_own(tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=0)
    own_catalogue = (prop.policies / "catalogue.toml").read_text(encoding="utf-8")
    group = head_office_folder(tmp_path, "2027.02", "4000")
    roles = (group / "roles.toml").read_text(encoding="utf-8")
    first_cap = next(line for line in roles.splitlines() if line.startswith("per_incident_cap"))
    (group / "roles.toml").write_text(roles.replace(first_cap, "per_incident_cap = 25000", 1),
                                      encoding="utf-8")
    assert prop.kiosk("policy", "publish", "--chain", str(group), "--group", "ararat_group",
                      "--overridable", "catalogue.toml").returncode == 0
    pulled = prop.kiosk("policy", "pull")
    assert pulled.returncode == 0, pulled.stderr
    assert "kept this property's own property.toml, catalogue.toml" in pulled.stdout
    assert (prop.policies / "catalogue.toml").read_text(encoding="utf-8") == own_catalogue
    assert load_policy(prop.policies).roles[0].per_incident_cap == 25000


def test_a_broken_folder_or_a_reused_version_is_refused(tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=0)
    group = head_office_folder(tmp_path, "2027.03", "3500")
    assert prop.kiosk("policy", "publish", "--chain", str(group), "--group", "g").returncode == 0
    (group / "catalogue.toml").write_text(
        (group / "catalogue.toml").read_text(encoding="utf-8").replace(
            "unit_value = 3500", "unit_value = 3600", 1), encoding="utf-8")
    reused = prop.kiosk("policy", "publish", "--chain", str(group), "--group", "g")
    assert reused.returncode == 1
    assert "already published for g with other content" in reused.stderr
    (group / "tiers.toml").write_text("tier = 3\n", encoding="utf-8")
    broken = prop.kiosk("policy", "publish", "--chain", str(group), "--group", "g")
    assert broken.returncode == 1 and "tiers.toml" in broken.stderr
    assert "Traceback" not in broken.stderr + reused.stderr


def test_a_pulled_policy_runs_at_the_desk_only_after_it_is_published(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=0)
    now = datetime.now(UTC)
    desk = PolicyHolder.load(prop.policies, now)
    assert desk.current.version == "2026.11"
    group = head_office_folder(tmp_path, "2027.04", "3500")
    assert prop.kiosk("policy", "publish", "--chain", str(group), "--group",
                      "ararat_group").returncode == 0
    pulled = prop.kiosk("policy", "pull")
    assert pulled.returncode == 0, pulled.stderr
    assert "kiosk policy publish" in pulled.stdout
    assert not desk.reload(now)
    assert "catalogue.toml" in desk.pending and desk.current.version == "2026.11"
    published = prop.kiosk("policy", "publish")
    assert published.returncode == 0, published.stderr
    assert desk.reload(now)
    assert desk.current.version == "2027.04" and desk.pending == ()
    assert desk.current.policy_hash == load_policy(prop.policies).policy_hash
    assert desk.current.items == load_policy(group).items
    assert read_manifest(prop.policies).version == "2027.04"  # type: ignore[union-attr]


def test_an_override_the_bundle_does_not_allow_is_refused_in_one_line(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=0)
    group = head_office_folder(tmp_path, "2027.05", "3500")
    assert prop.kiosk("policy", "publish", "--chain", str(group), "--group", "ararat_group",
                      "--overridable", "catalogue.toml").returncode == 0
    pulled = prop.kiosk("policy", "pull", "--publish")
    assert pulled.returncode == 0, pulled.stderr
    manifest = read_manifest(prop.policies)
    assert manifest is not None and manifest.version == "2027.05"
    roles = prop.policies / "roles.toml"
    first_cap = next(line for line in roles.read_text(encoding="utf-8").splitlines()
                     if line.startswith("per_incident_cap"))
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        first_cap, "per_incident_cap = 25000", 1), encoding="utf-8")
    prop_toml = prop.policies / "property.toml"
    prop_toml.write_text(prop_toml.read_text(encoding="utf-8").replace(
        'version = "2027.05"', 'version = "2027.05-ararat"', 1), encoding="utf-8")
    refused = prop.kiosk("policy", "publish")
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert "roles.toml" in lines[0] and "ararat_group" in lines[0]
    assert "catalogue.toml" in lines[0]  # what the property may change instead
    assert read_manifest(prop.policies) == manifest
    roles.write_text((group / "roles.toml").read_text(encoding="utf-8"), encoding="utf-8")
    cat = prop.policies / "catalogue.toml"
    cat.write_text(cat.read_text(encoding="utf-8").replace(
        "unit_value = 3", "unit_value = 4", 1), encoding="utf-8")
    allowed = prop.kiosk("policy", "publish")
    assert allowed.returncode == 0, allowed.stderr
    assert read_manifest(prop.policies).version == "2027.05-ararat"  # type: ignore[union-attr]
