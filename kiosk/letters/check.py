"""``kiosk letter check``: compile every template, then render every language ×
category with sample data: once with hostile guest text, then across the states of the
record that change the words (see ``samples``), refusing leftovers (see ``leftovers``).
Problems come back as ``FILE:LINE: message`` lines."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any

from jinja2 import meta, nodes

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _
from kiosk.core.plain import Record
from kiosk.core.policy_set import Policy
from kiosk.letters.bounded import BoundedLetters
from kiosk.letters.folder import links_outside
from kiosk.letters.leftovers import leftovers, missing_translations
from kiosk.letters.pdf import FileRefused
from kiosk.letters.render import (
    LAYOUT,
    STYLESHEET,
    LetterTemplates,
    language_template,
    located_error,
)
from kiosk.letters.samples import (
    SAMPLE_AGENT,
    SAMPLE_AT,
    STATES,
    Sample,
    sample_incident,
    sample_manager,
    samples,
)
from kiosk.letters.sandbox import LetterEnvironment, RenderLimit
from kiosk.letters.view import letter_view

_LETTER_NAMES = frozenset({
    "lang", "hotel", "letter", "guest", "incident", "compensation", "compensation_total",
    "agent", "managers", "signature_below", "range", "namespace", "cycler", "joiner",
    "follow_up", "personal", "signer", "signatures",
})
_LAYOUT_NAMES = _LETTER_NAMES | {"body", "signature", "stylesheet"}
# Pages for the desk's own paperwork, not letters: what each is given.
SHEETS = {
    "shift_log.html.j2": frozenset({"language", "hotel", "title", "period", "headers",
                                    "nothing", "sections", "range", "namespace", "cycler",
                                    "joiner"}),
}


class CheckReport(Record):
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    templates: int = 0
    renders: int = 0
    states: int = len(STATES)

    @property
    def ok(self) -> bool:
        return not self.problems


def _first_line(ast: nodes.Template, name: str) -> int:
    for node in ast.find_all(nodes.Name):
        if node.name == name and node.ctx == "load":
            return node.lineno
    return 1


def _static(env: LetterEnvironment, folder: Path, name: str, shown: Path,
            report: CheckReport) -> None:
    """Syntax errors and unknown variables, found without rendering; ``report`` gets a
    line for each."""
    try:
        source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
        ast = env.parse(source, name, filename)
        env.compile(ast, name, filename)
    except Exception as exc:
        report.problems.append(str(located_error(exc, folder, shown)))
        return
    if name in SHEETS:
        known = SHEETS[name]
        said = _("{where}: unknown variable: '{name}' is not a variable of this page")
    else:
        known = _LAYOUT_NAMES if name == LAYOUT else _LETTER_NAMES
        said = _("{where}: unknown variable: '{name}' is not a letter variable")
    for unknown in sorted(meta.find_undeclared_variables(ast) - known):
        report.problems.append(said.format(
            where=f"{(shown / name).as_posix()}:{_first_line(ast, unknown)}", name=unknown))


def _in_layout(exc: LetterError, folder: Path, shown: Path) -> str:
    """A message named with the folder as the user gave it; a refusal from the PDF
    renderer (which has no line) is put on the page layout, where fetches start."""
    message = str(exc)
    if message.startswith(folder.as_posix()):
        return shown.as_posix() + message[len(folder.as_posix()):]
    if isinstance(exc, FileRefused):
        return f"{(shown / LAYOUT).as_posix()}: {message}"
    return message


def check_letters(folder: Path, policy: Policy, shown: Path | None = None) -> CheckReport:
    shown = shown if shown is not None else folder
    report = CheckReport()
    if not folder.is_dir():
        report.problems.append(_("{where}: no such folder").format(where=shown.as_posix()))
        return report
    templates = BoundedLetters(folder)
    for name in links_outside(folder):
        report.problems.append(_("{where}: a link to a place outside the letters folder; "
                                 "expected the file itself, inside it").format(
                                     where=(shown / name).as_posix()))
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2"))
    broken: set[str] = set()
    for name in names:
        found = len(report.problems)
        _static(templates.markdown_env, folder, name, shown, report)
        if len(report.problems) > found:
            broken.add(name)
    report.templates = len(names)
    for required in (LAYOUT, STYLESHEET, language_template(policy.property.default_language)):
        if not (folder / required).is_file():
            report.problems.append(_("{where}: missing").format(
                where=(shown / required).as_posix()))
    if LAYOUT in broken or not (folder / LAYOUT).is_file():
        return report

    seen: set[str] = set()
    printed: set[str] = set()  # one PDF per template: what the page fetches
    for language in policy.property.languages:
        if not templates.exists(language_template(language)):
            report.notes.append(_("{where}: missing; {language} letters use the {default} "
                                  "template").format(
                where=(shown / language_template(language)).as_posix(), language=language,
                default=policy.property.default_language))
        for category in policy.categories:
            try:
                choice = templates.choose(language, category,
                                          policy.property.default_language)
                if choice.template in broken:
                    continue  # already reported; rendering would say it again
                incident = sample_incident(policy, category, language)
                view = letter_view(incident, policy, choice.language, SAMPLE_AGENT,
                                   [sample_manager(policy)], SAMPLE_AT)
                letter = templates.markdown(choice, view)
                if choice.template in printed:
                    templates.html(letter, view)
                else:
                    printed.add(choice.template)
                    templates.pdf(letter, view)
                report.renders += 1
            except LetterError as exc:
                if isinstance(exc, RenderLimit):
                    broken.add(choice.template)  # each render would cost the full limit
                _once(report, seen, _in_layout(exc, folder, shown))
    _check_states(templates, folder, shown, policy, broken, report, seen)
    return report


def _check_states(templates: LetterTemplates, folder: Path, shown: Path, policy: Policy,
                  broken: set[str], report: CheckReport, seen: set[str]) -> None:
    """Every language × category × state, refusing what a finished letter must not hold."""
    for language in policy.property.languages:
        for message in missing_translations(policy, language):
            _once(report, seen, _("{language}: missing translation: {problem}").format(
                language=language, problem=message))
        if language not in policy.property.letterhead and \
                language != policy.property.default_language:
            report.notes.append(_("property.toml: no [property.letterhead.{language}]; "
                                  "{language} letters print the name and address of "
                                  "[property]").format(language=language))
    for sample in samples(policy):
        try:
            choice = templates.choose(sample.language, sample.category,
                                      policy.property.default_language)
            if choice.template in broken:
                continue
            view = _view(sample, choice.language)
            letter = templates.markdown(choice, view)
            templates.html(letter, view)
            report.renders += 1
            for problem in leftovers(letter.text, view, sample.policy):
                _once(report, seen, f"{(shown / choice.template).as_posix()}: {problem}",
                      f" ({sample.label})")
        except LetterError as exc:
            _once(report, seen, _in_layout(exc, folder, shown))


def _view(sample: Sample, language: str) -> dict[str, Any]:
    return letter_view(sample.incident, sample.policy, language, SAMPLE_AGENT,
                       [sample_manager(sample.policy)], SAMPLE_AT, sample.wording)


def _once(report: CheckReport, seen: set[str], message: str, where: str = "") -> None:
    """Report ``message`` the first time only (``where`` says which sample showed it)."""
    if message not in seen:
        seen.add(message)
        report.problems.append(message + where)
