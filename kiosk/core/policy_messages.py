"""Problems in a supervisor's words: readable keys, and messages that say what is wrong
and what is expected, for validation errors and for TOML syntax errors."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from kiosk.core.policy_files import Expected, as_written

_TOML_AT = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)")
_THOUSANDS = re.compile(r"=\s*-?\d{1,3}(,\d{3})+")
_DATE_LIKE = re.compile(r"=\s*\d{4}-\d\d?-\d\d?")
_VALUE_HINT = ('expected text in "double quotes", a number without quotes, true or '
               "false, a date like 2026-11-01, a [list] or a { table }")


def friendly_key(raw: Any, loc: tuple[Any, ...]) -> str:
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


def _strip(annotation: Any) -> tuple[Any, list[Any]]:
    """The bare type under Annotated/Optional, and the metadata found on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            metadata.extend(annotation.__metadata__)
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, metadata


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The declared type at ``loc`` inside ``model``; None when the path leaves it."""
    current: Any = model
    for part in loc:
        current, _ = _strip(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part)) or next(
                (f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return None
            current = typing.Annotated[(field.annotation, *field.metadata)] \
                if field.metadata else field.annotation
        elif origin is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return current


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    bare, _ = _strip(_annotation_at(model, loc))
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return bare
    return None


def _expectation(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """What belongs at ``loc``, in words."""
    annotation = _annotation_at(model, loc)
    bare, metadata = _strip(annotation)
    for meta in metadata:
        if isinstance(meta, Expected):
            return meta.text
    # The TOML header a supervisor would write, e.g. [property.pin_lockout].
    name = ".".join(str(p) for p in loc if not isinstance(p, int)) or "entry"
    if typing.get_origin(bare) is list:
        inner, _ = _strip(typing.get_args(bare)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return f"one or more [[{name}]] tables (double brackets)"
        return 'a list in square brackets, like ["a", "b"]'
    if typing.get_origin(bare) is dict or (isinstance(bare, type)
                                           and issubclass(bare, BaseModel)):
        keys = _allowed_keys(bare) if isinstance(bare, type) else []
        hint = f" with {', '.join(keys)}" if keys else " of key = value lines"
        return f"a [{name}] table{hint}"
    return "a value"


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _too_many_or_few(error: dict[str, Any], model: type[BaseModel],
                     loc: tuple[Any, ...]) -> str:
    ctx = error.get("ctx", {})
    actual = ctx.get("actual_length")
    if error["type"] == "too_long":
        return f"has {actual} entries; expected at most {ctx.get('max_length')}"
    what = "is empty" if not actual else f"has only {actual}"
    expectation = _expectation(model, loc)
    if expectation == "a value":
        expectation = f"at least {ctx.get('min_length')} entries"
    return f"{what}; expected {expectation}"


def validation_message(error: dict[str, Any], model: type[BaseModel]) -> str:
    """One pydantic error as 'what is wrong; expected …'."""
    kind = error["type"]
    loc = tuple(p for p in error["loc"] if p != "[key]")
    value = error.get("input")
    if kind == "policy_value":
        return str(error["ctx"]["message"])
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = _allowed_keys(parent) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else " (a typo?)"
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{loc[-1]}'{guess}{hint}"
    if kind == "missing":
        return f"is missing; expected {_expectation(model, loc)}"
    if kind in ("too_short", "too_long"):
        return _too_many_or_few(error, model, loc)
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return f"found {as_written(value)}; expected {_expectation(model, loc)}"
    text = str(error.get("msg", "is not valid"))
    return f"{as_written(value)}: {text[:1].lower()}{text[1:]}"


def syntax_message(message: str, line_text: str) -> tuple[int | None, str]:
    """A tomllib error as (line, 'TOML syntax error: what; expected …')."""
    at = _TOML_AT.search(message)
    line = int(at.group(1)) if at and at.group(1) else None
    plain = _TOML_AT.sub("", message).strip()
    if _THOUSANDS.search(line_text):
        what = ("a number has a thousands separator; expected digits only, "
                "like 20000 (not 20,000)")
    elif _DATE_LIKE.search(line_text) and not re.search(r'=\s*"', line_text):
        what = "not a real date; expected a date written YYYY-MM-DD, like 2026-11-01"
    elif plain.startswith(("Cannot overwrite a value", "Cannot declare")):
        what = "this is set twice; expected each key and each [table] only once"
    elif plain == "Invalid value":
        what = f"the value after = is not valid; {_VALUE_HINT}"
    elif plain.startswith("Unterminated string") or plain.startswith("Illegal character"):
        what = 'text is not closed; expected "text" with its closing quote on the same line'
    elif plain.startswith("Expected '=' after a key"):
        what = "a line without =; expected key = value"
    elif plain.startswith("Expected newline or end of document"):
        what = ("more than one thing on this line; expected one key = value per line "
                "(add a # before a comment)")
    elif plain.startswith("Unclosed"):
        what = f"{plain[len('Unclosed '):]} is not closed; expected its closing bracket"
    else:
        what = f"{plain[:1].lower()}{plain[1:]}; expected valid TOML (compare with the " \
               "shipped file)"
    return line, f"TOML syntax error: {what}"
