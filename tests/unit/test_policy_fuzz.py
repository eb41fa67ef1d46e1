"""Whatever a policy file holds, loading it gives a Policy or a PolicyError whose every
problem names a file, a key and what is expected; never another exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.errors import PolicyError
from kiosk.core.policy_files import POLICY_FILES
from kiosk.core.policy_load import load_policy
from tests.conftest import POLICIES

TEXTS = {name: (POLICIES / name).read_text("utf-8") for name in POLICY_FILES}
TOKENS = ["", "-1", "1e400", "nan", "true", '"x"', "[]", "{}", "[[", "]]", "=", "#", '"""',
          "2026-02-30", "20,000", "{ en = 1 }", "[role]", "[[role]]", "\x00", "\ufeff", "ü",
          "99999999999999999999999", '"AMD"', "id", "items", "0"]


@st.composite
def broken_file(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(list(POLICY_FILES)))
    lines = TEXTS[name].splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "value", "token", "truncate"]))
        if edit == "delete":
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, lines[index])
        elif edit == "value" and "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = f"{key}= {draw(st.sampled_from(TOKENS))}"
        elif edit == "token":
            lines.insert(index, draw(st.sampled_from(TOKENS)))
        else:
            lines = lines[:index]
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=20))
    return name, data


def assert_well_formed(error: PolicyError, texts: dict[str, bytes]) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file
        assert problem.key
        assert "expected" in problem.message, problem
        if problem.line is not None and problem.file in texts:
            assert 1 <= problem.line <= texts[problem.file].count(b"\n") + 1, problem
        assert "\n" not in str(problem)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(broken_file(), min_size=1, max_size=3))
def test_broken_files_never_raise_anything_but_policy_error(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "policy"
        shutil.copytree(POLICIES, folder)
        written = {}
        for name, data in files:
            (folder / name).write_bytes(data)
            written[name] = data
        try:
            load_policy(folder)
        except PolicyError as error:
            assert_well_formed(error, written)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(POLICY_FILES)), st.binary(max_size=300))
def test_random_bytes_are_a_policy_error(name, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "policy"
        shutil.copytree(POLICIES, folder)
        (folder / name).write_bytes(data)
        try:
            load_policy(folder)
        except PolicyError as error:
            assert_well_formed(error, {name: data})
