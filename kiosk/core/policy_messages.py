"""Problems in a supervisor's words: readable keys, and messages that say what is wrong
and what is expected, for validation errors and for TOML syntax errors."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from kiosk.core.i18n import N_, _, lookup
from kiosk.core.policy_files import Expected, as_written

_TOML_AT = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)")
_THOUSANDS = re.compile(r"=\s*-?\d{1,3}(,\d{3})+")
_DATE_LIKE = re.compile(r"=\s*\d{4}-\d\d?-\d\d?")
_VALUE_HINT = N_('expected text in "double quotes", a number without quotes, true or '
                "false, a date like 2026-11-01, a [list] or a {table}")
# pydantic's own messages are English: each error type it may raise is said in ours.
_PYDANTIC_TYPES = {
    "string_type": N_("is not text"),
    "int_type": N_("is not a whole number"),
    "int_parsing": N_("is not a whole number"),
    "int_from_float": N_("is not a whole number"),
    "float_type": N_("is not a number"),
    "float_parsing": N_("is not a number"),
    "decimal_type": N_("is not a number"),
    "decimal_parsing": N_("is not a number"),
    "bool_type": N_("is not true or false"),
    "bool_parsing": N_("is not true or false"),
    "date_type": N_("is not a date"),
    "date_parsing": N_("is not a date"),
    "datetime_type": N_("is not a date and time"),
    "literal_error": N_("is not one of the values allowed here"),
    "enum": N_("is not one of the values allowed here"),
    "greater_than_equal": N_("is too small"),
    "greater_than": N_("is too small"),
    "less_than_equal": N_("is too large"),
    "less_than": N_("is too large"),
    "string_too_short": N_("is too short"),
    "string_too_long": N_("is too long"),
    "string_pattern_mismatch": N_("is not written as expected"),
}


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
        current, _meta = _strip(current)
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
    bare, _meta = _strip(_annotation_at(model, loc))
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
        inner, _meta = _strip(typing.get_args(bare)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return _("one or more [[{name}]] tables (double brackets)").format(name=name)
        return _("a list in square brackets, like {example}").format(example='["a", "b"]')
    if typing.get_origin(bare) is dict or (isinstance(bare, type)
                                           and issubclass(bare, BaseModel)):
        keys = _allowed_keys(bare) if isinstance(bare, type) else []
        if keys:
            return _("a [{name}] table with {keys}").format(name=name, keys=", ".join(keys))
        return _("a [{name}] table of key = value lines").format(name=name)
    return ""


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _too_many_or_few(error: dict[str, Any], model: type[BaseModel],
                     loc: tuple[Any, ...]) -> str:
    ctx = error.get("ctx", {})
    actual = ctx.get("actual_length")
    if error["type"] == "too_long":
        return _("has {actual} entries; expected at most {most}").format(
            actual=actual, most=ctx.get("max_length"))
    expectation = _expectation(model, loc) or _("at least {least} entries").format(
        least=ctx.get("min_length"))
    if not actual:
        return _("is empty; expected {expected}").format(expected=expectation)
    return _("has only {actual}; expected {expected}").format(actual=actual,
                                                               expected=expectation)


def validation_message(error: dict[str, Any], model: type[BaseModel]) -> str:
    """One pydantic error as 'what is wrong; expected …', in the reader's language."""
    kind = error["type"]
    loc = tuple(p for p in error["loc"] if p != "[key]")
    value = error.get("input")
    if kind == "policy_value":
        return str(error["ctx"]["message"])
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = _allowed_keys(parent) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        if close:
            said = _("unknown key '{key}' (did you mean '{close}'?)").format(
                key=loc[-1], close=close[0])
        else:
            said = _("unknown key '{key}' (a typo?)").format(key=loc[-1])
        if allowed:
            return _("{problem}; expected one of: {allowed}").format(
                problem=said, allowed=", ".join(allowed))
        return said
    expected = _expectation(model, loc) or _("a value")
    if kind == "missing":
        return _("is missing; expected {expected}").format(expected=expected)
    if kind in ("too_short", "too_long"):
        return _too_many_or_few(error, model, loc)
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("found {value}; expected {expected}").format(value=as_written(value),
                                                             expected=expected)
    what = lookup(_PYDANTIC_TYPES.get(kind, N_("is not valid here")))
    return _("{value} {problem}; expected {expected}").format(
        value=as_written(value), problem=what, expected=expected)


def syntax_message(message: str, line_text: str) -> tuple[int | None, str]:
    """A tomllib error as (line, 'TOML syntax error: what; expected …')."""
    at = _TOML_AT.search(message)
    line = int(at.group(1)) if at and at.group(1) else None
    plain = _TOML_AT.sub("", message).strip()
    if _THOUSANDS.search(line_text):
        what = _("a number has a thousands separator; expected digits only, "
                 "like 20000 (not 20,000)")
    elif _DATE_LIKE.search(line_text) and not re.search(r'=\s*"', line_text):
        what = _("not a real date; expected a date written YYYY-MM-DD, like 2026-11-01")
    elif plain.startswith(("Cannot overwrite a value", "Cannot declare")):
        what = _("this is set twice; expected each key and each [table] only once")
    elif plain == "Invalid value":
        what = _("the value after = is not valid; {hint}").format(
            hint=lookup(_VALUE_HINT).format(table="{ table }"))
    elif plain.startswith("Unterminated string") or plain.startswith("Illegal character"):
        what = _('text is not closed; expected "text" with its closing quote on the same '
                 "line")
    elif plain.startswith("Expected '=' after a key"):
        what = _("a line without =; expected key = value")
    elif plain.startswith("Expected newline or end of document"):
        what = _("more than one thing on this line; expected one key = value per line "
                 "(add a # before a comment)")
    elif plain.startswith("Unclosed"):
        what = _("{what} is not closed; expected its closing bracket").format(
            what=plain[len("Unclosed "):])
    else:
        # tomllib's words are English: the supervisor still learns where and what
        what = _("{problem}; expected valid TOML (compare with the shipped file)").format(
            problem=f"{plain[:1].lower()}{plain[1:]}")
    return line, _("TOML syntax error: {what}").format(what=what)
