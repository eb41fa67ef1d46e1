"""Validating a policy folder's files and every cross-file rule, and reporting all
problems at once as ``FILE:LINE: dotted.key: message``; then the ``Policy`` they make.
Only a folder not validated before in exactly this state needs this (see
``policy_cache``)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticError

from kiosk.core import policy_parts
from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.i18n import _
from kiosk.core.policy_files import POLICY_FILES, Strict
from kiosk.core.policy_lines import key_at, key_lines, line_for, readable_path, repeated_key
from kiosk.core.policy_messages import friendly_key, syntax_message, validation_message
from kiosk.core.policy_read import Folder
from kiosk.core.policy_rules import check_rules
from kiosk.core.policy_set import Policy


def parse_file(folder: Folder, name: str, text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        repeated = repeated_key(text)
        if repeated and message.startswith(("Cannot overwrite", "Cannot declare")):
            line: int | None = repeated[1]
        else:
            line, _what = syntax_message(message, "")
        lines = text.splitlines()
        line_text = lines[line - 1] if line and 0 < line <= len(lines) else ""
        _line, what = syntax_message(message, line_text)
        at = key_at(text, line) if line else None
        key = readable_path(text, at) if at else "(syntax)"
        folder.add(name, line, key, what)
    except (RecursionError, MemoryError):
        folder.add(name, None, "(syntax)", _("nested too deeply to read; expected plain "
                                             "key = value lines and [tables]"))
    return None


def validate_file(folder: Folder, name: str, model: type[Strict], raw: dict[str, Any]) -> None:
    try:
        folder.models[name] = model.model_validate(raw)
    except PydanticError as exc:
        lines = key_lines(folder.texts[name])
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != "[key]")
            dotted = ".".join(str(p) for p in loc)
            folder.add(name, line_for(lines, dotted), friendly_key(raw, loc),
                       validation_message(dict(error), model))


def validated(folder: Folder) -> Policy:
    """The policy of the files ``folder`` has read, validated and assembled; raise
    ``PolicyError`` listing every problem (those found while reading first)."""
    for name, model in POLICY_FILES.items():
        if name not in folder.texts:
            continue
        raw = parse_file(folder, name, folder.texts[name])
        if raw is None:
            continue
        folder.raw[name] = raw
        validate_file(folder, name, model, raw)
    for file, dotted, message in check_rules(folder.models):
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        lines = key_lines(folder.texts[file])
        folder.add(file, line_for(lines, dotted),
                   friendly_key(folder.raw.get(file, {}), loc), message)
    if folder.problems:
        raise PolicyError(sorted(folder.problems, key=_reading_order), str(folder.path))
    return _assemble(folder.models, folder.raw, folder.path)


_FILE_ORDER = {name: index for index, name in enumerate(POLICY_FILES)}


def _reading_order(problem: PolicyProblem) -> tuple[int, int]:
    """File by file in the usual order, top to bottom within each (stable otherwise)."""
    return _FILE_ORDER.get(problem.file, -1), problem.line or 0


# --- the result ---------------------------------------------------------------------
def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def policy_hash(raw: dict[str, Any]) -> str:
    """A content hash of the parsed files: editing a comment does not change it."""
    blob = json.dumps(_canonical(raw), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def part(value: Any) -> Any:
    """``value`` with every file model in it made the policy part of the same name
    (``policy_parts``), lists, tables and plain values as they are."""
    if isinstance(value, Strict):
        kind = getattr(policy_parts, type(value).__name__)
        return kind(**{f.name: part(getattr(value, f.name)) for f in dataclasses.fields(kind)})
    if isinstance(value, list):
        return [part(v) for v in value]
    if isinstance(value, dict):
        return {k: part(v) for k, v in value.items()}
    return value


def _department(department: Any, default_language: str) -> policy_parts.Department:
    """A department's part; an owner given as one text is the owner in every language
    (a one-language hotel's), kept under the default language."""
    owner = department.owner
    owners = dict(owner) if isinstance(owner, dict) else \
        ({default_language: owner} if owner else {})
    return policy_parts.Department(id=department.id, label=dict(department.label),
                                   owner=owners, hours=part(department.hours))


def _assemble(models: dict[str, Any], raw: dict[str, Any], folder: Path) -> Policy:
    prop = models["property.toml"]
    checklists = models["checklists.toml"]
    categories = models["categories.toml"]
    report = models["tiers.toml"].report
    return Policy(
        version=prop.policy.version,
        effective=prop.policy.effective,
        property=part(prop.property),
        roles=tuple(part(models["roles.toml"].role)),
        items={i.id: part(i) for i in models["catalogue.toml"].item},
        categories={c.id: part(c) for c in categories.category},
        default_sla=part(dict(categories.sla)),
        checklist_name=checklists.use,
        checklists={k: tuple(part(v)) for k, v in checklists.checklists.items()},
        tiers=tuple(part(models["tiers.toml"].tier)),
        escalation=tuple(part(categories.escalation)),
        policy_hash=policy_hash(raw),
        source=folder,
        chain=part(prop.chain),
        notify=part(prop.notify),
        follow_up=part(prop.follow_up),
        departments={d.id: _department(d, prop.property.default_language)
                     for d in categories.department},
        report_fields=tuple(part(report.field)) if report else (),
    )
