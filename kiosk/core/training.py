"""Practice scenarios: the files a supervisor writes in ``policies/training/*.toml``.

Each file is one guest and one failure, for an agent to rehearse a recovery on the real
screens (see ``kiosk/desk/practice.py``)::

    id = "noise_wedding_party"        # a-z 0-9 _, equals the file's stem
    category = "noise"                # a category id from categories.toml
    severity = "medium"               # low | medium | high | critical
    room = "512"
    guest_language = "hy"             # the guest's language: the practice letter's
    fit = ["welcome_amenity"]         # catalogue items that fit this failure
    too_much = ["room_night_credit"]  # items that would be overdoing it
    spend_ceiling = 40                # optional: a total above this is overdoing it

    [text.en]                         # and [text.hy], [text.sw]: every staff language
    title = "..."
    guest_name = "..."
    address_as = "..."                # optional
    situation = "..."                 # the scene, as the trainer sets it for the agent
    debrief = ["a point the debrief makes", "..."]

    [text.en.says]                    # what the guest says at each checklist step
    listen = "..."

The agent reads the text in their own staff language; the letter goes out in
``guest_language``. Problems are ``PolicyProblem`` lines like the policy's own, with the
file named ``training/<stem>.toml``. A broken scenario never stops the kiosk: the
policy loads without it, ``kiosk policy check`` lists it, practice leaves it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kiosk.core import policy_cache
from kiosk.core.errors import PolicyProblem
from kiosk.core.i18n import _, available_languages
from kiosk.core.plain import Value
from kiosk.core.policy_lines import key_lines, line_for
from kiosk.core.policy_parts import ScenarioFile, ScenarioText
from kiosk.core.policy_read import Folder, read_file
from kiosk.core.policy_references import unknown_reference
from kiosk.core.policy_set import Policy

FOLDER = "training"  # inside the policy folder
MAX_SCENARIOS = 200
_STEM = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Scenario(Value):
    """A checked scenario, with the file it came from (``training/<id>.toml``)."""

    model: ScenarioFile
    file: str

    @property
    def id(self) -> str:
        return self.model.id

    def text(self, language: str) -> ScenarioText:
        """The scenario in ``language``; English, else any, when it has none."""
        texts = self.model.text
        return texts.get(language) or texts.get("en") or next(iter(texts.values()))

    def says(self, language: str, step_id: str) -> str:
        return self.text(language).says.get(step_id, "")


def scenario_files(policy_folder: Path) -> list[Path]:
    folder = Path(policy_folder) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"))


def load_scenarios(policy_folder: Path, policy: Policy | None
                   ) -> tuple[list[Scenario], list[PolicyProblem]]:
    """Every scenario of the folder that is valid against ``policy`` (None: the policy
    is broken, so only each file's own shape is checked), and every problem found."""
    folder = Folder(Path(policy_folder))
    files = scenario_files(folder.path)
    if len(files) > MAX_SCENARIOS:
        folder.add(FOLDER, None, "(folder)", _(
            "holds {count} scenarios; expected at most {most}").format(
            count=len(files), most=MAX_SCENARIOS))
        files = files[:MAX_SCENARIOS]
    found: list[Scenario] = []
    for path in files:
        name = f"{FOLDER}/{path.name}"
        before = len(folder.problems)
        scenario = _one(folder, name, path.stem)
        if scenario is None:
            continue
        wrong = list(_against_policy(scenario.model, path.stem, policy))
        if wrong:  # a file's lines are worked out only to say where it is wrong
            lines = key_lines(folder.texts[name])
            for dotted, message in wrong:
                folder.add(name, line_for(lines, dotted), _readable(dotted), message)
        if len(folder.problems) == before:
            found.append(scenario)
        else:  # top to bottom within the file, like the policy's own messages
            folder.problems[before:] = sorted(folder.problems[before:],
                                              key=lambda p: p.line or 0)
    return found, folder.problems


def _one(folder: Folder, name: str, stem: str) -> Scenario | None:
    text = read_file(folder, name)
    if text is None:
        return None
    folder.texts[name] = text
    # A file read exactly as when it last passed its own checks is not validated again.
    key = policy_cache.cache_key({name: text})
    known = policy_cache.recall(key, ScenarioFile)
    if known is not None:
        return Scenario(known, name)
    # Validation is imported only here: a file recalled from the cache never needs it.
    from kiosk.core import training_files

    model = training_files.validated(folder, name, text)
    if model is None:
        return None
    policy_cache.keep(key, model)
    return Scenario(model, name)


def _readable(dotted: str) -> str:
    """``fit.1`` reads as ``fit[1]``, like the policy's other messages."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", dotted)


def _against_policy(model: ScenarioFile, stem: str, policy: Policy | None
                    ) -> Iterator[tuple[str, str]]:
    """(dotted key, message) for the file's name and each reference the policy in force
    does not know (None: a broken policy, whose ids cannot be trusted)."""
    if not _STEM.fullmatch(stem) or model.id != stem:
        yield "id", _("'{id}' differs from the file's name; expected the file to be "
                      "called {id}.toml, or id = \"{stem}\"").format(id=model.id, stem=stem)
    if policy is None:
        return
    category = policy.categories.get(model.category)
    if category is None:
        yield "category", _("unknown category '{value}'; expected a category id from "
                            "categories.toml: {known}").format(
            value=model.category, known=", ".join(policy.categories))
    items = list(policy.items)
    for key in ("fit", "too_much"):
        for index, item in enumerate(getattr(model, key)):
            if item not in policy.items:
                yield f"{key}.{index}", unknown_reference("item", item, items,
                                                          "catalogue.toml")
            elif category is not None and item in category.not_allowed and key == "fit":
                yield f"{key}.{index}", _(
                    "'{item}' is not allowed for {category} (categories.toml "
                    "not_allowed); expected an item the desk may give").format(
                    item=item, category=model.category)
    for index, item in enumerate(model.too_much):
        if item in model.fit:
            yield f"too_much.{index}", _("'{item}' is also in fit; expected each item "
                                         "in one of the two lists").format(item=item)
    languages = policy.property.languages
    if model.guest_language not in languages:
        yield "guest_language", _("'{language}' is not a letter language; expected one "
                                  "of property.languages ({offered})").format(
            language=model.guest_language, offered=", ".join(languages))
    steps = [step.id for step in policy.steps]
    for language in available_languages():
        if language not in model.text:
            yield "text", _("has no [text.{language}]; expected the scenario in every "
                            "language the desk's screens speak ({known})").format(
                language=language, known=", ".join(available_languages()))
    for language, text in model.text.items():
        for step_id in text.says:
            if step_id not in steps:
                yield f"text.{language}.says.{step_id}", _(
                    "'{step}' is not a step of the {checklist} checklist; expected one "
                    "of: {steps}").format(step=step_id, checklist=policy.checklist_name,
                                           steps=", ".join(steps))
        missing = [s for s in steps if s not in text.says]
        if missing:
            yield f"text.{language}.says", _(
                "says nothing at {missing}; expected a line for every step of the "
                "{checklist} checklist").format(missing=", ".join(missing),
                                                 checklist=policy.checklist_name)

