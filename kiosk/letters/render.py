"""Finding a letter's template and rendering it: Markdown for the screen, PDF for print.

Templates live in one folder:

    <lang>.md.j2             the letter in one language (Markdown with Jinja)
    <lang>/<category>.md.j2  optional: a category's own letter in that language
    layout.html.j2           the one page layout around every letter (letterhead,
                             date, recipient, signature block), for print
    letter.css               print styles and fonts

A language template writes ``{{ signature_below }}`` on its own line where the
signature block starts; in print what follows is set as the signature block, together
with the letter's last paragraph, so the signatures never stand alone on a page.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markdown_it import MarkdownIt
from markupsafe import Markup

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.letters.inert import MarkdownSafe
from kiosk.letters.pdf import html_to_pdf, markdown_to_html
from kiosk.letters.practice_mark import marked
from kiosk.letters.sandbox import LetterEnvironment, Limits, RenderLimit

LAYOUT = "layout.html.j2"
STYLESHEET = "letter.css"
SIGNATURE_MARK = "\ue000"  # private use: guest text shows such characters as \ue000
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_CATEGORY = re.compile(r"^[a-z0-9_]{1,64}$")
_BLOCKS = MarkdownIt("commonmark")


def last_block(text: str) -> tuple[str, str]:
    """``text`` split before its last top-level block (paragraph, list, quote): that
    block goes to print with the signatures, which then never stand alone on a page."""
    starts = [t.map[0] for t in _BLOCKS.parse(text)
              if t.level == 0 and t.nesting >= 0 and t.map]
    if len(starts) < 2:
        return text, ""
    lines = text.split("\n")
    return "\n".join(lines[:starts[-1]]), "\n".join(lines[starts[-1]:])


class Choice(Value):
    template: str  # name inside the folder, e.g. "hy.md.j2" or "hy/noise.md.j2"
    language: str  # the language the letter is written in
    fallback_from: str  # the language asked for, when its template was missing


class MarkdownLetter(Value):
    body: str
    signature: str
    choice: Choice

    @property
    def text(self) -> str:
        """The whole letter as Markdown, for the screen."""
        return self.body.rstrip() + "\n\n" + self.signature.strip() + "\n"


def language_template(language: str) -> str:
    return f"{language}.md.j2"


def category_template(language: str, category: str) -> str:
    return f"{language}/{category}.md.j2"


def where(exc: BaseException, folder: Path) -> tuple[str, int | None]:
    """The template file and line an error happened at (name inside ``folder``)."""
    if isinstance(exc, TemplateSyntaxError) and exc.name:
        return exc.name, exc.lineno
    root = str(folder.resolve())
    found: tuple[str, int | None] = ("", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        name = frame.filename
        if name.endswith(".j2") and name.startswith(root):
            found = (Path(name).relative_to(root).as_posix(), frame.lineno)
    return found


def explain(exc: BaseException) -> str:
    """A supervisor's one-line reading of a template error."""
    # Jinja's own words after ours stay as Jinja writes them: they name the template's
    # code, which is written in English whatever the staff read.
    if isinstance(exc, TemplateSyntaxError):
        return _("syntax error: {why}").format(why=exc.message)
    if isinstance(exc, SecurityError):
        return _("not allowed in a letter template: {why}").format(why=exc)
    if isinstance(exc, UndefinedError):
        return _("unknown variable: {why}").format(why=exc.message)
    if isinstance(exc, TemplateNotFound):
        return _("template not found: {name}").format(name=exc.name)
    if isinstance(exc, LetterError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def located_error(exc: BaseException, folder: Path, shown: Path | None = None,
                  template: str = "") -> LetterError:
    """``FILE:LINE: message`` as a ``LetterError``; ``shown`` is the folder as the user
    named it, ``template`` the file to name when the error has no line of its own."""
    name, line = where(exc, folder)
    name = name or template
    base = shown if shown is not None else folder
    place = f"{(base / name).as_posix()}:{line}: " if name and line else (
        f"{(base / name).as_posix()}: " if name else "")
    kind = RenderLimit if isinstance(exc, RenderLimit) else LetterError
    return kind(place + explain(exc))


class LetterTemplates:
    """One letters folder: its two environments (Markdown, HTML) and its stylesheet."""

    def __init__(self, folder: Path, limits: Limits | None = None, mark: str = ""):
        """``mark``: a word set across every printed page (a practice letter's)."""
        self.folder = folder
        self.limits = limits or Limits()
        self.mark = mark
        self.markdown_env = LetterEnvironment(folder, html=False, limits=self.limits)
        self.html_env = LetterEnvironment(folder, html=True, limits=self.limits)

    def exists(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def choose(self, language: str, category: str, default_language: str) -> Choice:
        """The template for this language and category; the default language's when
        the guest's has none (``fallback_from`` then names the guest's language)."""
        for lang in dict.fromkeys((language, default_language)):
            if not _CODE.match(lang or ""):
                continue
            names = [language_template(lang)]
            if _CATEGORY.match(category):
                names.insert(0, category_template(lang, category))
            for name in names:
                if self.exists(name):
                    return Choice(name, lang, "" if lang == language else language)
        raise LetterError(
            _("no letter template for '{language}' nor the default language '{default}' in "
              "{folder}").format(language=language, default=default_language,
                                 folder=self.folder))

    # --- rendering ----------------------------------------------------------------------
    def _run(self, env: LetterEnvironment, name: str, variables: dict[str, Any]) -> str:
        try:
            template = env.get_template(name)
            return env.generate_bounded(lambda: template.generate(variables))
        except Exception as exc:  # a template can raise anything Python can
            raise located_error(exc, self.folder, template=name) from None

    def markdown(self, choice: Choice, view: dict[str, Any]) -> MarkdownLetter:
        variables = {**view, "signature_below": MarkdownSafe("\n\n" + SIGNATURE_MARK + "\n\n")}
        text = self._run(self.markdown_env, choice.template, variables)
        body, _, signature = text.partition(SIGNATURE_MARK)
        return MarkdownLetter(body.strip() + "\n", signature.strip() + "\n", choice)

    def html(self, letter: MarkdownLetter, view: dict[str, Any]) -> str:
        body, closing = last_block(letter.body)
        signature = markdown_to_html(letter.signature)
        if closing:
            signature = (Markup('<div class="closing">') + markdown_to_html(closing)
                         + Markup("</div>\n") + signature)
        variables = {
            **view,
            "body": markdown_to_html(body),
            "signature": signature,
            "stylesheet": STYLESHEET,
        }
        return self._run(self.html_env, LAYOUT, variables)

    def pdf(self, letter: MarkdownLetter, view: dict[str, Any]) -> bytes:
        return self.page_pdf(marked(self.html(letter, view), self.mark))

    def sheet(self, name: str, variables: dict[str, Any]) -> str:
        """A staff sheet (the shift log) from its HTML template ``name`` in the letters
        folder, in the same sandbox and bounds as a letter."""
        return self._run(self.html_env, name, variables)

    def sheet_pdf(self, name: str, variables: dict[str, Any]) -> bytes:
        return self.page_pdf(self.sheet(name, variables))

    def page_pdf(self, page: str) -> bytes:
        """A page already made from the templates, as PDF."""
        return html_to_pdf(page, self.folder)
