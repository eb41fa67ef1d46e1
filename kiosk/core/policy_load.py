"""Read a policy folder, validate every file and every cross-file rule, and report all
problems at once as ``FILE:LINE: dotted.key: message``.

Nothing here raises anything but ``PolicyError``: empty, binary, non-UTF-8 or
syntactically broken files become problems like any other.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import types
import typing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.policy import POLICY_FILES, Strict
from kiosk.core.policy_rules import check_rules
from kiosk.core.policy_set import Policy

MAX_FILE_BYTES = 1_000_000
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.\s]+?)\s*=")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


# --- line numbers -------------------------------------------------------------------
def _clean_key(part: str) -> str:
    return part.strip().strip("\"'")


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key path (array entries by index) to the line that defines it."""
    lines: dict[str, int] = {}
    counters: dict[str, int] = {}
    current = ""
    in_multiline = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_multiline:
            in_multiline += raw.count("[") - raw.count("]")
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(raw)
        if header and not _KEY.match(raw):
            name = ".".join(_clean_key(p) for p in header.group(2).split("."))
            if header.group(1) == "[[":
                # The index of an array-of-tables entry counts within its parent path.
                parent = ""
                resolved = []
                for part in name.split("."):
                    parent = f"{parent}.{part}" if parent else part
                    resolved.append(part)
                    if parent == name:
                        break
                    if parent in counters:
                        resolved.append(str(counters[parent] - 1))
                        parent = f"{parent}.{counters[parent] - 1}"
                key = ".".join(resolved)
                index = counters.get(key, 0)
                counters[key] = index + 1
                counters[name] = index + 1
                current = f"{key}.{index}"
            else:
                resolved = []
                prefix = ""
                for part in name.split("."):
                    prefix = f"{prefix}.{part}" if prefix else part
                    resolved.append(part)
                    if prefix in counters and prefix != name:
                        resolved.append(str(counters[prefix] - 1))
                        prefix = f"{prefix}.{counters[prefix] - 1}"
                current = ".".join(resolved)
            lines.setdefault(current, number)
            continue
        key = _KEY.match(raw)
        if key:
            dotted = ".".join(_clean_key(p) for p in key.group(1).split("."))
            path = f"{current}.{dotted}" if current else dotted
            lines.setdefault(path, number)
            value = raw[key.end():]
            if value.strip().startswith("[") and value.count("[") > value.count("]"):
                in_multiline = value.count("[") - value.count("]")
    return lines


def line_for(lines: dict[str, int], dotted: str) -> int | None:
    """The line of ``dotted`` or of its nearest ancestor that has one."""
    parts = dotted.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


# --- friendly keys and messages ---------------------------------------------------
def _friendly_key(raw: Any, loc: tuple[Any, ...]) -> str:
    """``role.1.per_incident_cap`` reads better as ``role[supervisor].per_incident_cap``."""
    out: list[str] = []
    node = raw
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int) and isinstance(node, list):
            entry = node[part] if 0 <= part < len(node) else None
            ident = entry.get("id") if isinstance(entry, dict) else None
            label = f"[{ident}]" if isinstance(ident, str) and ident else f"[{part}]"
            if out:
                out[-1] += label
            else:
                out.append(label)
            node = entry
            continue
        out.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
    return ".".join(out) or "(file)"


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                field = next(
                    (f for f in current.model_fields.values() if f.alias == part), None
                )
            if field is None:
                return None
            current = field.annotation
        elif origin is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _message(error: dict[str, Any], model: type[Strict]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(_model_at(model, loc[:-1]))
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{loc[-1]}' (a typo?){hint}"
    if kind == "missing":
        return "missing; this key is required"
    text = error["msg"]
    text = text[0].lower() + text[1:] if text else text
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{text} (found {shown})"


# --- loading ------------------------------------------------------------------------
def _read(path: Path) -> tuple[str | None, PolicyProblem | None]:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, PolicyProblem(name, None, "(file)",
                                       f"file is {size} bytes; a policy file is at most "
                                       f"{MAX_FILE_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        return None, PolicyProblem(name, None, "(file)", f"cannot read: {exc.strerror}")
    if b"\x00" in data:
        return None, PolicyProblem(name, None, "(file)",
                                   "binary data, not a text file; expected TOML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, PolicyProblem(name, line, "(file)",
                                   f"not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                   "save the file as UTF-8")
    if not text.strip():
        return None, PolicyProblem(name, None, "(file)",
                                   "the file is empty; expected the settings it holds "
                                   "(see the shipped policies/ for an example)")
    return text, None


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


def load_policy(folder: Path | str) -> Policy:
    """Load and validate a policy folder; raise ``PolicyError`` listing every problem."""
    folder = Path(folder)
    problems: list[PolicyProblem] = []
    if not folder.is_dir():
        raise PolicyError([PolicyProblem(str(folder), None, "(folder)",
                                         "not a folder of policy files")])
    raw_by_file: dict[str, Any] = {}
    models: dict[str, Any] = {}
    present = {p.name for p in folder.glob("*.toml")}
    for unknown in sorted(present - set(POLICY_FILES)):
        problems.append(PolicyProblem(
            unknown, None, "(file)",
            f"unknown policy file (a typo?); expected: {', '.join(POLICY_FILES)}"))
    for name, model in POLICY_FILES.items():
        path = folder / name
        if not path.exists():
            problems.append(PolicyProblem(name, None, "(file)",
                                          "missing file; every policy folder needs it"))
            continue
        text, problem = _read(path)
        if problem is not None:
            problems.append(problem)
            continue
        assert text is not None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            at = _TOML_AT.search(message)
            line = int(at.group(1)) if at else None
            message = _TOML_AT.sub("", message).strip()
            problems.append(PolicyProblem(name, line, "(syntax)",
                                          f"TOML syntax error: {message}"))
            continue
        raw_by_file[name] = raw
        lines = key_lines(text)
        try:
            models[name] = model.model_validate(raw)
        except PydanticError as exc:
            for error in exc.errors():
                loc = tuple(p for p in error["loc"] if p != "[key]")
                dotted = ".".join(str(p) for p in loc)
                problems.append(PolicyProblem(
                    name, line_for(lines, dotted), _friendly_key(raw, loc),
                    _message(error, model)))
    texts = {name: (folder / name).read_text("utf-8") for name in models}
    for file, dotted, message in check_rules(models):
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        problems.append(PolicyProblem(
            file, line_for(key_lines(texts[file]), dotted) if file in texts else None,
            _friendly_key(raw_by_file.get(file, {}), loc), message))
    if problems:
        raise PolicyError(problems)
    return _assemble(models, raw_by_file, folder)


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
    )
