"""JSON documents handed to a command, from a file or stdin ('-'): bounded in size and
depth, strict (no duplicate keys, no NaN), and each fault one clear line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.common import safe_text
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _

MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_DEPTH = 20


def read_bytes(source: str) -> bytes:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise ValidationError(_("no such file: {source}").format(
                                      source=safe_text(source, 120)))
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("the document is larger than {value} KB").format(
                                  value=MAX_DOCUMENT_BYTES // 1024))
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValidationError(_("the field '{key}' appears twice").format(
                                      key=safe_text(key, 40)))
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise ValidationError(_("{name} is not a number this kiosk accepts").format(name=name))


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def parse_json_document(data: bytes) -> Any:
    """Bytes → a JSON value, or ``ValidationError`` in one line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("the document is not valid UTF-8 (byte {start})").format(
                                  start=exc.start)) from None
    if not text.strip():
        raise ValidationError(_("the document is empty"))
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(_("not valid JSON: {msg} at line {lineno} column {colno}").format(
                                  msg=exc.msg, lineno=exc.lineno, colno=exc.colno)) from None
    except RecursionError:
        raise ValidationError(_("the document is nested too deeply")) from None
    if _depth(value) > MAX_DEPTH:
        raise ValidationError(_("the document is nested too deeply"))
    return value
