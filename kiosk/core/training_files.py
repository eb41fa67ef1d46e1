"""What a practice scenario file may hold, checked (see ``kiosk.core.training``): only
a file not validated before in exactly this text needs this."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kiosk.core import policy_parts
from kiosk.core.policy_files import (
    Amount,
    Identifier,
    LanguageCode,
    SeverityValue,
    Strict,
    _text,
)
from kiosk.core.policy_read import Folder
from kiosk.core.policy_validate import parse_file, part, validate_file


class ScenarioText(Strict):
    """A scenario in one staff language."""

    title: Annotated[str, _text(120)]
    guest_name: Annotated[str, _text(120)]
    address_as: Annotated[str, _text(120, minimum=0)] = ""
    situation: Annotated[str, _text(2000)]
    debrief: Annotated[list[Annotated[str, _text(500)]], Field(min_length=1, max_length=12)]
    # checklist step id -> what the guest says at that step
    says: Annotated[dict[Identifier, Annotated[str, _text(1000)]],
                    Field(min_length=1, max_length=30)]


class ScenarioFile(Strict):
    id: Identifier
    category: Identifier
    severity: SeverityValue
    room: Annotated[str, _text(12)]
    guest_language: LanguageCode
    fit: Annotated[list[Identifier], Field(min_length=1, max_length=30)]
    too_much: Annotated[list[Identifier], Field(max_length=30)] = []  # noqa: RUF012 - pydantic copies it
    spend_ceiling: Amount | None = None
    text: Annotated[dict[LanguageCode, ScenarioText], Field(min_length=1, max_length=30)]


def validated(folder: Folder, name: str, text: str) -> policy_parts.ScenarioFile | None:
    """The scenario file ``name`` holding ``text``; None, with its problems added to
    ``folder``, when it is not one."""
    raw = parse_file(folder, name, text)
    if raw is None:
        return None
    folder.raw[name] = raw
    validate_file(folder, name, ScenarioFile, raw)
    model = folder.models.get(name)
    if not isinstance(model, ScenarioFile):
        return None
    scenario: policy_parts.ScenarioFile = part(model)
    return scenario
