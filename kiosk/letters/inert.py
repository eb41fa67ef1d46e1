"""Guest and staff text made inert: it prints exactly as typed, never as markup.

Two outputs need it. The Markdown preview: every character Markdown could read as syntax
is backslash-escaped, and line breaks become hard breaks so a value cannot start a
heading, list or quote of its own. Both outputs: characters that are not printable text
(terminal escape sequences, bidi overrides, private-use code points) are shown as
visible ``\\x1b``-style text, so nothing in a letter can move a cursor, reorder a line or
forge the signature marker.
"""

from __future__ import annotations

import re

from kiosk.core.text import all_show_as_themselves, shows_as_itself

# Characters CommonMark (and the GFM tables/strikethrough the preview widget reads) may
# treat as syntax anywhere in a line, each with the backslash that makes it text.
_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>&|~#"})
# Characters that are syntax only at the start of a line: list bullets, setext
# underlines, ordered-list numbers ("3." / "3)").
_MD_LINE_START = re.compile(r"^(\s*)([-+=])|^(\s*\d{1,9})([.)])", re.MULTILINE)
# Format characters that change how text around them is displayed.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


class MarkdownSafe(str):
    """Markdown that a filter already made safe; the output step leaves it alone."""

    __slots__ = ()


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every non-printing character (except newline and tab) shown as an
    escape such as ``\\x1b``. Printable text is left exactly as typed."""
    text = _LINE_BREAKS.sub("\n", text)
    if all_show_as_themselves(text):  # most text: a letter renders hundreds of values
        return text
    out = []
    for ch in text:
        if ch in "\n\t" or (shows_as_itself(ch) and ch not in _BIDI):
            out.append(ch)
        else:
            out.append(_visible(ch))
    return "".join(out)


def _escape_lines(text: str) -> list[str]:
    text = visible(text).translate(_MD_SPECIAL)
    text = _MD_LINE_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)
    return text.split("\n")


def md_inline(text: str) -> MarkdownSafe:
    """Text for a Markdown paragraph: inert, with its own line breaks kept as hard
    breaks (a backslash at the end of the line)."""
    return MarkdownSafe("\\\n".join(_escape_lines(text)))


def md_quote(text: str) -> MarkdownSafe:
    """Text as a Markdown block quote, line for line (the guest's account)."""
    lines = _escape_lines(text.strip("\n"))
    quoted = []
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        quoted.append("> " + line + ("" if last else "\\"))
    return MarkdownSafe("\n".join(quoted))
