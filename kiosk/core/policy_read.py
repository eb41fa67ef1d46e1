"""Reading a policy folder's files as text, every fault a problem with its file and
line (nothing stops at the first): what a policy needs before it is validated, or
recalled from the cache of policies validated before."""

from __future__ import annotations

import difflib
from dataclasses import field
from pathlib import Path
from typing import Any

from kiosk.core.errors import PolicyProblem
from kiosk.core.i18n import _
from kiosk.core.plain import Record
from kiosk.core.plain_file import NotPlainFile, read_plain

# The files of a policy folder, in reading order (``policy_files`` has the model of each).
POLICY_FILES = ("property.toml", "roles.toml", "catalogue.toml", "categories.toml",
                "checklists.toml", "tiers.toml")
MAX_FILE_BYTES = 1_000_000
EXPECTED_FILES = ", ".join(POLICY_FILES)


class Folder(Record):
    """What was read so far; problems accumulate, nothing stops at the first."""

    path: Path
    problems: list[PolicyProblem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)

    def add(self, file: str, line: int | None, key: str, message: str) -> None:
        self.problems.append(PolicyProblem(file, line, key, message))


def read_file(folder: Folder, name: str) -> str | None:
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


def unknown_files(folder: Folder) -> None:
    present = sorted(p.name for p in folder.path.glob("*.toml"))
    for unknown in present:
        if unknown in POLICY_FILES:
            continue
        close = difflib.get_close_matches(unknown, POLICY_FILES, n=1)
        if close:
            said = _("not a policy file; did you mean {close}? expected only {files}")
        else:
            said = _("not a policy file; expected only {files}")
        folder.add(unknown, None, "(file)", said.format(close=close[0] if close else "",
                                                        files=EXPECTED_FILES))
