"""The practice scenarios the hotel ships (policies/training): every category at least
twice, each one an agent can finish within the agent's own limits, and the Armenian
written with Armenian punctuation. The file format itself is tested in
test_training_scenarios.py and the policy corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from kiosk.core.engine import Line, Verdict, decide
from kiosk.core.policy_load import load_policy
from kiosk.core.training import Scenario, load_scenarios
from tests.conftest import POLICIES

POLICY = load_policy(POLICIES)
SCENARIOS, PROBLEMS = load_scenarios(POLICIES, POLICY)
# A Latin full stop straight after an Armenian letter ends a sentence the wrong way
# («։» does); the abbreviation «էլ. փոստ» (e-mail) keeps its stop.
LATIN_STOP = re.compile(r"[\u0531-\u0587][.](?=\s|$)")


def test_every_category_is_practised_at_least_twice_by_varied_guests() -> None:
    assert PROBLEMS == []
    per_category = Counter(s.model.category for s in SCENARIOS)
    assert {c: per_category[c] for c in POLICY.categories if per_category[c] < 2} == {}
    assert {s.model.guest_language for s in SCENARIOS} == set(POLICY.property.languages)
    assert {s.model.severity.value for s in SCENARIOS} == {"low", "medium", "high",
                                                          "critical"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_an_agent_can_practise_it_within_their_limits(scenario: Scenario) -> None:
    model = scenario.model
    lowest = POLICY.roles[0].id
    # The debrief counts compensation that needed approval as not fitting, so what the
    # scenario calls fitting must be the agent's own to give.
    needs_more = [item for item in model.fit
                  if decide(POLICY, lowest, model.category, [Line(item)]).verdict
                  != Verdict.ALLOWED]
    assert needs_more == [], f"the {lowest} role may not give these without approval"
    category = POLICY.categories[model.category]
    assert not set(model.too_much) & set(category.not_allowed)  # never possible at all
    if model.spend_ceiling is not None:
        each_once = sum(POLICY.items[item].unit_value for item in model.fit)
        assert each_once <= model.spend_ceiling, "what fits is already overdoing it"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_its_armenian_ends_sentences_with_the_armenian_full_stop(scenario: Scenario) -> None:
    text = scenario.model.text["hy"]
    parts = [text.title, text.situation, *text.debrief, *text.says.values()]
    wrong = [part for part in parts if LATIN_STOP.search(part.replace("էլ. ", ""))]
    assert wrong == []
