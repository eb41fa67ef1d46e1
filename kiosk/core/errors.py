"""Typed errors. The CLI turns each into one clear line and an exit code; the TUI into a
notification. Nothing here ever reaches a user as a traceback."""

from __future__ import annotations

from pathlib import PurePath

from kiosk.core.i18n import N_, lookup
from kiosk.core.plain import Value

# The key of a problem with a whole file or folder rather than one of its settings: it
# names no setting a supervisor types, so it is shown in their words.
WHOLE = {
    # TRANSLATORS: in place of a setting's name, "policy/roles.toml: (file): missing file"
    "(file)": N_("(file)"),
    # TRANSLATORS: in place of a setting's name, when the whole policy folder is wrong
    "(folder)": N_("(folder)"),
}


class KioskError(Exception):
    """Base of every error a user may see. ``str(err)`` is the one line to show."""


class PolicyProblem(Value):
    """One problem in a policy folder: file, line, dotted key and message."""

    file: str
    line: int | None
    key: str
    message: str

    def located(self, folder: str = "") -> str:
        """``FILE:LINE: key: message``, the file named with its folder when given."""
        named = bool(folder) and self.key != "(folder)"
        file = str(PurePath(folder, self.file)) if named else self.file
        where = f"{file}:{self.line}" if self.line else file
        key = lookup(WHOLE[self.key]) if self.key in WHOLE else self.key
        return f"{where}: {key}: {self.message}"

    def __str__(self) -> str:
        return self.located()


class PolicyError(KioskError):
    """One or more problems in a policy folder; ``problems`` lists them all."""

    def __init__(self, problems: list[PolicyProblem], folder: str = ""):
        self.problems = problems
        self.folder = folder
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        """One line per problem, each file named with its folder, so that a command
        reading two folders (diff, replay) says which one is broken."""
        return [problem.located(self.folder) for problem in self.problems]


class StoreError(KioskError):
    """The store cannot do what was asked (missing record, corrupt file, lock timeout)."""


class LetterError(KioskError):
    """A letter template cannot be rendered or a letter cannot be issued."""


class PrintError(KioskError):
    """The printer did not take the job; the letter stays stored and the print pending."""


class ValidationError(KioskError):
    """Input from a person or another system is not acceptable as it stands."""


class AuthError(KioskError):
    """A PIN was wrong, a staff member is locked or disabled, or the role is too low."""


class ChainError(KioskError):
    """Head office's database cannot be reached, or refused what this property sent."""


class ReportError(KioskError):
    """A report cannot be exported (an unknown format, a file that cannot be written)."""
