"""No English sentence reaches the staff from the code without the catalogue: every text of
two or more words given to an error, a notification, a printed line or a label on screen
is looked up with ``_`` / ``ngettext`` (or marked ``N_`` where it is written), in every
layer whose words reach the staff: the desk's rules, the core, the commands and the
screens, and the store's, the chain's, the letters', the printer's and the notifications'
errors that the commands and the screens pass on."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import kiosk

PACKAGE = Path(kiosk.__file__).resolve().parent
LAYERS = ("desk", "core", "cli", "tui", "store", "chain", "letters", "reports",
          "notifying.py", "printing.py", "config.py")
LOOKUPS = {"_", "N_", "ngettext", "lookup"}
# Where a text is shown: a typed error (its str() is the line the staff read), a
# notification, a printed line, a widget's text, a guest-list refusal.
SHOWN = {"notify", "echo", "secho", "Static", "Label", "fail", "Refusal", "Section",
         # typed errors whose names do not end in Error
         "RenderLimit", "OutsideFolder", "FileRefused", "Refused"}
# Modules that gather what they find into lists of lines the staff read (`kiosk store
# verify`'s problems and warnings, `kiosk policy diff`'s and `replay`'s lines, `kiosk
# letters check`'s problems and notes): there a text added to a list, written in a list
# of lines or returned as a line is shown too.
LISTED = {"store/verify.py", "store/audit.py", "store/seen.py", "core/policy_diff.py",
          "core/replay.py", "letters/check.py", "letters/leftovers.py", "letters/render.py"}
LISTING = {"add", "append", "_once"}
# Errors that are the program's own, never a person's: a bug, not a message.
INTERNAL = {"RuntimeError", "TypeError", "AssertionError", "KeyError", "UnpicklingError",
            "NotImplementedError", "PydanticCustomError"}
# Keyword arguments that carry ids and style, not words.
NOT_WORDS = {"id", "classes", "name", "severity", "style", "markup", "variant", "key"}
# Commands, style names and policy keys written as they are typed, in every language.
VERBATIM = {"bold red", "kiosk store verify", '  kiosk staff add "', "(group policy)",
            "[policy] version", "kiosk notify status", "kiosk policy publish"}
# Two words or more, each of Latin letters standing alone (ids such as ``field-label``,
# ``policy.version`` or ``KIOSK_STORE`` are one word, not a sentence).
ENGLISH_WORD = re.compile(r"(?<![\w.\-/=])[A-Za-z]{2,}(?![\w\-/=]|\.\w)")


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _shows(name: str, listed: bool = False) -> bool:
    if name in INTERNAL:
        return False
    return name in SHOWN or name.endswith(("Error", "Exception")) or (
        listed and name in LISTING)


def _sentence(text: str) -> bool:
    return len(ENGLISH_WORD.findall(re.sub(r"\{[^{}]*\}", " ", text))) >= 2


def _texts(node: ast.AST) -> Iterator[ast.Constant]:
    """The string constants under ``node`` that no catalogue lookup wraps."""
    if isinstance(node, ast.Call) and _called(node.func) in LOOKUPS:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.keyword) and child.arg in NOT_WORDS:
            continue  # an id within a shown call: `Section(_("Catalogue"), key=...)`
        yield from _texts(child)


def english_in(path: Path, listed: bool | None = None) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    if listed is None:
        listed = path.relative_to(PACKAGE).as_posix() in LISTED
    found = []
    for node in ast.walk(tree):
        if listed and isinstance(node, ast.List | ast.Return):
            # a list of lines (`out += ["", "Decisions that would change:"]`), or a line
            # (or a word spliced into one) handed back to the caller
            given = list(node.elts) if isinstance(node, ast.List) else [node.value]
            shown_as = "list" if isinstance(node, ast.List) else "return"
        elif isinstance(node, ast.Call) and _shows(_called(node.func), listed):
            given = [*node.args, *(k.value for k in node.keywords if k.arg not in NOT_WORDS)]
            shown_as = _called(node.func)
        else:
            continue
        for arg in given:
            if arg is None:
                continue
            for text in _texts(arg):
                if _sentence(text.value) and text.value not in VERBATIM:
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{text.lineno}: "
                                 f"{shown_as}({text.value!r})")
    return found


def test_the_scan_finds_english_and_passes_what_is_looked_up(tmp_path: Path) -> None:
    sample = PACKAGE / "_sample_for_scan.py"
    code = ('raise ValidationError(f"{field}: must not be empty")\n'
            'raise ValidationError(_("{field}: must not be empty").format(field=f))\n'
            'self.notify(N_("Saved it"), severity="warning")\n'
            'yield Static(id="board-status", classes="message error")\n'
            'click.echo("policy_hash")\n'
            'raise RuntimeError("no one is signed in")\n'
            'out.append(Refusal(line, "not an object"))\n')
    sample.write_text(code, "utf-8")
    try:
        found = english_in(sample)
    finally:
        sample.unlink()
    assert [f.split(": ", 1)[1] for f in found] == [
        "ValidationError(': must not be empty')", "Refusal('not an object')"]


def test_the_scan_reads_the_problems_a_check_lists(tmp_path: Path) -> None:
    sample = PACKAGE / "_sample_for_scan.py"
    sample.write_text('problems.add("index", f"index {kind} lacks incident {id}")\n'
                      'problems.append(_("{where}: not an audit entry").format(where=w))\n'
                      'warnings.append(f"{n} records were last written before")\n'
                      'out += ["", f"{n} decisions would change"]\n'
                      'def reason():\n    return f"The role {role} is not in it."\n'
                      '_once(report, seen, f"{language}: missing translation: {m}")\n'
                      'out += [_("Decisions that would change:"), f"  {b} → {a}"]\n',
                      "utf-8")
    try:
        plain, listed = english_in(sample), english_in(sample, listed=True)
    finally:
        sample.unlink()
    assert plain == []
    assert sorted(f.split(": ", 1)[1] for f in listed) == sorted([
        "add(' lacks incident ')", "append(' records were last written before')",
        "list(' decisions would change')", "return('The role ')", "return(' is not in it.')",
        "_once(': missing translation: ')"])
    assert {"store/verify.py", "store/audit.py", "core/policy_diff.py", "core/replay.py",
            "letters/check.py", "letters/leftovers.py"} <= LISTED


def _modules(layer: Path) -> list[Path]:
    return [layer] if layer.is_file() else sorted(layer.rglob("*.py"))


def test_every_message_to_staff_goes_through_the_catalogue() -> None:
    found = [hit for layer in LAYERS for path in _modules(PACKAGE / layer)
             for hit in english_in(path)]
    assert not found, "English not looked up in the catalogue:\n" + "\n".join(found)
