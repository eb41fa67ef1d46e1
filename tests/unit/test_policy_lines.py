"""Line numbers and readable keys for problems in hand-edited TOML."""

from __future__ import annotations

import shutil

import pytest

from kiosk.core.errors import PolicyError
from kiosk.core.policy_lines import key_lines, readable_path, repeated_key
from kiosk.core.policy_load import load_policy
from tests.conftest import POLICIES

TEXT = '''\
# a comment = not a key
use = "LEARN"
notes = """
fake = 1
[fake]
"""
list = [
  "a",   # [not a table]
  "b",
]

[[role]]
id = "agent"
[role.items]
tea = 1

[[role]]
id = "supervisor"
[role.items]
tea = 2

[[checklists.LEARN]]
id = "listen"
[[checklists.LEARN]]
id = "empathize"
'''


def test_key_lines_follow_tables_arrays_and_multiline_values():
    lines = key_lines(TEXT)
    assert lines["use"] == 2
    assert lines["list"] == 7
    assert "fake" not in lines
    assert lines["role.0"] == 12
    assert lines["role.0.items.tea"] == 15
    assert lines["role.1.id"] == 18
    assert lines["role.1.items.tea"] == 20
    assert lines["checklists.LEARN.1.id"] == 25


def test_readable_path_names_entries_by_id():
    assert readable_path(TEXT, "role.1.items.tea") == "role[supervisor].items.tea"
    assert readable_path(TEXT, "checklists.LEARN.0.id") == "checklists.LEARN[listen].id"
    assert readable_path(TEXT, "role.7.id") == "role[7].id"


def test_repeated_key_finds_the_second_one():
    assert repeated_key("a = 1\nb = 2\na = 3\n") == ("a", 3)
    assert repeated_key("[x]\na = 1\n[x]\n") == ("x", 3)
    assert repeated_key(TEXT) is None


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("drink_voucher = 2\n", "drink_voucher = 1.5\n",
     "role[agent].items.drink_voucher: 1.5 is not a whole number; expected a whole number "
     "from 0 to 1000, without quotes"),
    ("max_discount_pct = 30\n", "max_discount_pct = 130\n",
     "role[duty_manager].max_discount_pct: 130 is above 100; expected a percentage from 0 "
     "up to 100, without quotes or %"),
])
def test_problems_point_at_the_edited_line(tmp_path, old, new, expected):
    folder = tmp_path / "p"
    shutil.copytree(POLICIES, folder)
    roles = folder / "roles.toml"
    text = roles.read_text("utf-8")
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    roles.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(folder)
    assert [str(p) for p in caught.value.problems] == [f"roles.toml:{line}: {expected}"]
