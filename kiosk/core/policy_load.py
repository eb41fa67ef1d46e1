"""Read a policy folder, validate every file and every cross-file rule, and report all
problems at once as ``FILE:LINE: dotted.key: message``.

Nothing here raises anything but ``PolicyError``: a missing folder, empty, binary,
non-UTF-8 or syntactically broken files become problems like any other.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticError

from kiosk.core import policy_cache
from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.i18n import _
from kiosk.core.plain_file import NotPlainFile, read_plain
from kiosk.core.policy_files import POLICY_FILES, Strict
from kiosk.core.policy_lines import key_at, key_lines, line_for, readable_path, repeated_key
from kiosk.core.policy_messages import friendly_key, syntax_message, validation_message
from kiosk.core.policy_rules import check_rules
from kiosk.core.policy_set import Policy

MAX_FILE_BYTES = 1_000_000
EXPECTED_FILES = ", ".join(POLICY_FILES)


@dataclass
class _Folder:
    """What was read so far; problems accumulate, nothing stops at the first."""

    path: Path
    problems: list[PolicyProblem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)

    def add(self, file: str, line: int | None, key: str, message: str) -> None:
        self.problems.append(PolicyProblem(file, line, key, message))


# --- reading ------------------------------------------------------------------------
def _read(folder: _Folder, name: str) -> str | None:
    path = folder.path / name
    try:
        data = read_plain(path, MAX_FILE_BYTES)
    except NotPlainFile as exc:
        folder.add(name, None, "(file)", _(
            "{reason}; expected a policy text file of at most {most} bytes in the folder "
            "itself").format(reason=exc.reason, most=f"{MAX_FILE_BYTES:,}"))
        return None
    except FileNotFoundError:
        folder.add(name, None, "(file)", _("missing file; expected every policy folder "
                                           "to hold it (copy it from the shipped policies/)"))
        return None
    except OSError as exc:
        folder.add(name, None, "(file)", _("cannot be read ({why}); expected a readable "
                                           "text file").format(why=exc.strerror))
        return None
    if b"\x00" in data:
        folder.add(name, None, "(file)", _("binary data, not text; expected a TOML text "
                                           "file saved as UTF-8"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        folder.add(name, line, "(file)", _("not UTF-8 text (byte {byte}); expected the "
                                           "file saved as UTF-8").format(
            byte=f"0x{data[exc.start]:02x}"))
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    if not text.strip():
        folder.add(name, None, "(file)", _("the file is empty; expected its settings "
                                           "(copy it from the shipped policies/)"))
        return None
    return text


def _parse(folder: _Folder, name: str, text: str) -> dict[str, Any] | None:
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
        _, what = syntax_message(message, line_text)
        at = key_at(text, line) if line else None
        key = readable_path(text, at) if at else "(syntax)"
        folder.add(name, line, key, what)
    except (RecursionError, MemoryError):
        folder.add(name, None, "(syntax)", _("nested too deeply to read; expected plain "
                                             "key = value lines and [tables]"))
    return None


def _validate(folder: _Folder, name: str, model: type[Strict], raw: dict[str, Any]) -> None:
    try:
        folder.models[name] = model.model_validate(raw)
    except PydanticError as exc:
        lines = key_lines(folder.texts[name])
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if p != "[key]")
            dotted = ".".join(str(p) for p in loc)
            folder.add(name, line_for(lines, dotted), friendly_key(raw, loc),
                       validation_message(dict(error), model))


def _unknown_files(folder: _Folder) -> None:
    present = sorted(p.name for p in folder.path.glob("*.toml"))
    for unknown in present:
        if unknown in POLICY_FILES:
            continue
        close = difflib.get_close_matches(unknown, list(POLICY_FILES), n=1)
        if close:
            said = _("not a policy file; did you mean {close}? expected only {files}")
        else:
            said = _("not a policy file; expected only {files}")
        folder.add(unknown, None, "(file)", said.format(close=close[0] if close else "",
                                                        files=EXPECTED_FILES))


def load_policy(path: Path | str) -> Policy:
    """Load and validate a policy folder; raise ``PolicyError`` listing every problem."""
    folder = _Folder(Path(path))
    if not folder.path.is_dir():
        if folder.path.exists():
            said = _("is a file, not a folder; expected a folder holding {files}")
        else:
            said = _("does not exist; expected a folder holding {files}")
        folder.add(str(folder.path), None, "(folder)", said.format(files=EXPECTED_FILES))
        raise PolicyError(folder.problems, str(folder.path))
    _unknown_files(folder)
    for name in POLICY_FILES:
        text = _read(folder, name)
        if text is not None:
            folder.texts[name] = text
    # Files read exactly as they were when they last passed need no validation again.
    key = None
    if not folder.problems and len(folder.texts) == len(POLICY_FILES):
        key = policy_cache.cache_key(folder.texts)
        known = policy_cache.recall(key, Policy)
        if known is not None:
            return dataclasses.replace(known, source=folder.path)
    for name, model in POLICY_FILES.items():
        if name not in folder.texts:
            continue
        raw = _parse(folder, name, folder.texts[name])
        if raw is None:
            continue
        folder.raw[name] = raw
        _validate(folder, name, model, raw)
    for file, dotted, message in check_rules(folder.models):
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        lines = key_lines(folder.texts[file])
        folder.add(file, line_for(lines, dotted),
                   friendly_key(folder.raw.get(file, {}), loc), message)
    if folder.problems:
        raise PolicyError(sorted(folder.problems, key=_reading_order), str(folder.path))
    policy = _assemble(folder.models, folder.raw, folder.path)
    if key is not None:
        policy_cache.keep(key, dataclasses.replace(policy, source=None))
    return policy


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


def _assemble(models: dict[str, Any], raw: dict[str, Any], folder: Path) -> Policy:
    prop = models["property.toml"]
    checklists = models["checklists.toml"]
    categories = models["categories.toml"]
    return Policy(
        version=prop.policy.version,
        effective=prop.policy.effective,
        property=prop.property,
        roles=tuple(models["roles.toml"].role),
        items={i.id: i for i in models["catalogue.toml"].item},
        categories={c.id: c for c in categories.category},
        default_sla=dict(categories.sla),
        checklist_name=checklists.use,
        checklists={k: tuple(v) for k, v in checklists.checklists.items()},
        tiers=tuple(models["tiers.toml"].tier),
        escalation=tuple(categories.escalation),
        policy_hash=policy_hash(raw),
        source=folder,
        chain=prop.chain,
        notify=prop.notify,
        follow_up=prop.follow_up,
        departments={d.id: d for d in categories.department},
        report_fields=tuple(models["tiers.toml"].report.field)
        if models["tiers.toml"].report else (),
    )
