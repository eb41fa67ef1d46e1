"""A policy folder that passed is not validated again until a file, the code or the
catalogues change; the kept copy is owner-only and read back as policy data only."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from kiosk.core import policy_cache
from kiosk.core.errors import PolicyError
from kiosk.core.policy_files import POLICY_FILES
from kiosk.core.policy_load import load_policy
from kiosk.core.training import load_scenarios
from tests.conftest import POLICIES


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(policy_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / "policies"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(POLICIES, copy)
    return copy


def _entry(folder: Path, cache: Path) -> Path:
    texts = {name: (folder / name).read_text("utf-8") for name in POLICY_FILES}
    return cache / f"{policy_cache.cache_key(texts)}.policy"


class _Planted:
    """What a hostile cache file would make an unrestricted unpickler do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def test_a_policy_that_passed_is_kept_owner_only_and_read_back(folder, cache):
    first = load_policy(folder)
    entry = _entry(folder, cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    # The kept copy is what the next load returns, without validating the files again.
    policy_cache.keep(entry.stem, dataclasses.replace(first, version="kept", source=None))
    again = load_policy(folder)
    assert again.version == "kept"
    assert again.source == folder
    assert dataclasses.replace(again, version=first.version) == first
    assert again.roles[0].per_incident_cap == first.roles[0].per_incident_cap


def test_any_edit_is_validated_afresh(folder, cache):
    load_policy(folder)
    prop = folder / "property.toml"
    text = prop.read_text("utf-8")
    prop.write_text("# a note\n" + text, "utf-8")
    assert load_policy(folder).version == "2026.11"
    assert len(list(cache.glob("*.policy"))) == 2
    # Same content hash once parsed, but a quoted date is not a date: refused, not kept.
    prop.write_text(text.replace("effective = 2026-11-01", 'effective = "2026-11-01"'),
                    "utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(folder)
    assert any("policy.effective" in line for line in caught.value.lines())
    assert len(list(cache.glob("*.policy"))) == 2


def test_a_foreign_file_is_never_run_and_is_replaced(folder, cache, tmp_path):
    first = load_policy(folder)
    entry = _entry(folder, cache)
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    assert load_policy(folder) == first
    assert not marker.exists()
    assert load_policy(folder) == first  # the entry was written afresh


def test_a_copy_others_may_write_is_ignored(folder, cache):
    first = load_policy(folder)
    entry = _entry(folder, cache)
    policy_cache.keep(entry.stem, dataclasses.replace(first, version="tampered", source=None))
    entry.chmod(0o666)
    assert load_policy(folder).version == first.version


def test_without_a_usable_cache_folder_the_policy_still_loads(folder, tmp_path,
                                                              monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(policy_cache.CACHE_ENV, str(blocker))
    assert load_policy(folder).version == "2026.11"


def test_a_practice_scenario_that_passed_is_kept_too(folder, cache):
    policy = load_policy(folder)
    first, problems = load_scenarios(folder, policy)
    assert first and problems == []
    scenario = first[0]
    path = folder / scenario.file
    key = policy_cache.cache_key({scenario.file: path.read_text("utf-8")})
    policy_cache.keep(key, dataclasses.replace(scenario.model, room="999"))
    again, _problems = load_scenarios(folder, policy)
    assert again[0].model.room == "999"
    assert [s.model for s in again][1:] == [s.model for s in first][1:]
    # Still checked against the policy in force each time: a category it lacks is named.
    path.write_text(path.read_text("utf-8").replace(
        f'category = "{scenario.model.category}"', 'category = "nowhere"'), "utf-8")
    assert any("nowhere" in p.message for p in load_scenarios(folder, policy)[1])
    assert any("nowhere" in p.message for p in load_scenarios(folder, policy)[1])
