"""Where each key of a policy file is written: dotted paths to line numbers.

A light scan of the text, not a parser: it only has to agree with tomllib on files that
parse, and never fail on files that do not (syntax errors are located with it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.\s]+?)\s*=")


def _clean_key(part: str) -> str:
    return part.strip().strip("\"'")


def _table_path(header: str, is_array: bool, counters: dict[str, int]) -> str:
    """The indexed path of a [table] or [[array.entry]] header, e.g. ``role.2.items``."""
    resolved: list[str] = []
    prefix = ""
    parts = [_clean_key(p) for p in header.split(".")]
    for position, part in enumerate(parts):
        prefix = f"{prefix}.{part}" if prefix else part
        resolved.append(part)
        # A parent that is an array of tables means its latest entry.
        if position < len(parts) - 1 and prefix in counters:
            resolved.append(str(counters[prefix] - 1))
            prefix = f"{prefix}.{counters[prefix] - 1}"
    key = ".".join(resolved)
    if not is_array:
        return key
    index = counters.get(key, 0)
    counters[key] = index + 1
    return f"{key}.{index}"


def positions(text: str) -> Iterator[tuple[str, int]]:
    """Each dotted key path (array entries by index) with the line that sets it, in order."""
    counters: dict[str, int] = {}
    current = ""
    in_array = 0
    in_string = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if raw.count(in_string) % 2 == 1:
                in_string = ""
            continue
        if in_array:
            in_array += raw.count("[") - raw.count("]")
            continue
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(raw)
        if header and not _KEY.match(raw):
            current = _table_path(header.group(2), header.group(1) == "[[", counters)
            yield current, number
            continue
        key = _KEY.match(raw)
        if key:
            dotted = ".".join(_clean_key(p) for p in key.group(1).split("."))
            yield (f"{current}.{dotted}" if current else dotted), number
            value = raw[key.end():]
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    in_string = quote
            if not in_string and value.strip().startswith("["):
                in_array = max(value.count("[") - value.count("]"), 0)


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key path (array entries by index) to the line that defines it."""
    lines: dict[str, int] = {}
    for path, number in positions(text):
        lines.setdefault(path, number)
    return lines


def repeated_key(text: str) -> tuple[str, int] | None:
    """The first key or table set twice, and the line of its second appearance."""
    seen: set[str] = set()
    for path, number in positions(text):
        if path in seen:
            return path, number
        seen.add(path)
    return None


def key_at(text: str, line: int) -> str | None:
    """The dotted key set on ``line``, or the table that line belongs to."""
    found = None
    for path, number in positions(text):
        if number > line:
            break
        found = path
    return found


def line_for(lines: dict[str, int], dotted: str) -> int | None:
    """The line of ``dotted`` or of its nearest ancestor that has one."""
    parts = dotted.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


_QUOTED = re.compile(r'=\s*"([^"]*)"')


def readable_path(text: str, dotted: str) -> str:
    """``role.1.items`` as ``role[supervisor].items``, using the ids written in ``text``."""
    lines = text.splitlines()
    ids: dict[str, str] = {}
    for path, number in positions(text):
        found = _QUOTED.search(lines[number - 1]) if path.endswith(".id") else None
        if found:
            ids[path.removesuffix(".id")] = found.group(1)
    out: list[str] = []
    prefix = ""
    for part in dotted.split("."):
        prefix = f"{prefix}.{part}" if prefix else part
        if part.isdigit() and out:
            out[-1] += f"[{ids.get(prefix, part)}]"
        else:
            out.append(part)
    return ".".join(out)
