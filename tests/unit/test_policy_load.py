from decimal import Decimal

from kiosk.core.policy_load import load_policy


def test_shipped_policy_loads(policy):
    assert [r.id for r in policy.roles] == ["agent", "supervisor", "duty_manager",
                                            "general_manager"]
    assert policy.currency == "AMD"
    assert policy.checklist_name == "LEARN"
    assert [s.id for s in policy.steps] == ["listen", "empathize", "apologize", "react",
                                            "notify"]
    assert policy.tier_for(Decimal(0)).id == "shift_log"
    assert len(policy.policy_hash) == 64


def test_comment_edits_keep_the_hash(tmp_path, policy):
    import shutil

    from tests.conftest import POLICIES

    copy = tmp_path / "p"
    shutil.copytree(POLICIES, copy)
    path = copy / "roles.toml"
    path.write_text("# a supervisor's note\n" + path.read_text("utf-8"), "utf-8")
    assert load_policy(copy).policy_hash == policy.policy_hash
    path.write_text(path.read_text("utf-8").replace("per_incident_cap = 20000",
                                                    "per_incident_cap = 25000"), "utf-8")
    assert load_policy(copy).policy_hash != policy.policy_hash
