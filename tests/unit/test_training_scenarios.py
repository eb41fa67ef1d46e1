"""Practice scenarios load against the policy in force; broken ones are in the policy
corpus (tests/policy_corpus/training_*), checked by `kiosk policy check`."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.core.policy_load import load_policy
from kiosk.core.training import load_scenarios
from tests.conftest import POLICIES, ROOT

SAMPLES = ROOT / "tests" / "fixtures" / "training"


def test_a_sample_scenario_loads_and_policy_check_counts_it(tmp_path: Path) -> None:
    folder = tmp_path / "policy"
    shutil.copytree(POLICIES, folder)
    shutil.rmtree(folder / "training", ignore_errors=True)
    shutil.copytree(SAMPLES, folder / "training")
    scenarios, problems = load_scenarios(folder, load_policy(folder))
    assert problems == []
    [scenario] = scenarios
    assert scenario.id == "noise_wedding_party"
    assert scenario.file == "training/noise_wedding_party.toml"
    assert scenario.text("sw").address_as == "Bi. Petrosyan"
    assert scenario.text("fr").title == "A wedding party next door at 2 a.m."  # English
    assert scenario.says("hy", "apologize").startswith("Ժամը մեկին")
    result = CliRunner().invoke(cli, ["policy", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 practice scenario checked." in result.stdout


def test_without_a_valid_policy_only_the_files_own_shape_is_checked(tmp_path: Path) -> None:
    (tmp_path / "training").mkdir()
    shutil.copy(SAMPLES / "noise_wedding_party.toml", tmp_path / "training" / "other.toml")
    scenarios, problems = load_scenarios(tmp_path, None)
    assert scenarios == []
    assert [(p.file, p.line, p.key) for p in problems] == [("training/other.toml", 2, "id")]
