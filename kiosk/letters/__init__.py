"""Apology letters: sandboxed Jinja templates → Markdown (screen) and PDF (print)."""

from kiosk.letters.check import CheckReport, check_letters
from kiosk.letters.render import Choice, LetterTemplates, MarkdownLetter
from kiosk.letters.sandbox import Limits
from kiosk.letters.view import Signatory, letter_view

__all__ = ["CheckReport", "Choice", "LetterTemplates", "Limits", "MarkdownLetter",
           "Signatory", "check_letters", "letter_view"]
