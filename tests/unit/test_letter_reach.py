"""A letters folder cannot reach outside itself: no URL spelling, relative path or
symbolic link makes the printed PDF carry a file from elsewhere on the machine, and
``letters check`` names each such reach. PDFs are read back with pypdf."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.errors import LetterError
from kiosk.letters.check import check_letters
from kiosk.letters.render import LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident
from kiosk.letters.view import letter_view
from tests.conftest import LETTERS

SECRET = "approver-pin-4711-do-not-print"

# Every spelling names the same secret file (``{secret}`` is its absolute path).
URL_SPELLINGS = [
    "file://{secret}",
    "FILE://{secret}",
    "File://{secret}",
    "fIlE://{secret}",
    "file:{secret}",
    "FILE:{secret}",
    "file://localhost{secret}",
    "FILE://LOCALHOST{secret}",
    "{secret}",
    "../outside/secret.txt",
    "./../outside/secret.txt",
    "%2e%2e/outside/secret.txt",
    "file://{quoted}",
    "FILE://{secret}?x=1#top",
]


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped letters, and a secret file beside (outside) it."""
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return folder, outside / "secret.txt"


def _render(folder: Path, policy, language: str = "en") -> bytes:
    templates = LetterTemplates(folder)
    choice = templates.choose(language, "noise", "en")
    view = letter_view(sample_incident(policy, "noise", language), policy, choice.language,
                       SAMPLE_AGENT, [], SAMPLE_AT)
    return templates.pdf(templates.markdown(choice, view), view)


def _carries(pdf: bytes, secret: str) -> bool:
    reader = PdfReader(io.BytesIO(pdf))
    attached = b"".join(b"".join(v) for v in reader.attachments.values())
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return secret.encode() in attached or secret in text or secret.encode() in pdf


def _link_in_layout(folder: Path, href: str) -> None:
    layout = folder / "layout.html.j2"
    text = layout.read_text(encoding="utf-8")
    link = f'<link rel="attachment" href="{href}">'
    layout.write_text(text.replace("</head>", link + "\n</head>", 1), encoding="utf-8")


def test_an_attachment_inside_the_folder_still_works(places, policy):
    """The fence is not a wall: a file inside the letters folder may be used."""
    folder, _ = places
    (folder / "terms.txt").write_text("house terms " + SECRET, encoding="utf-8")
    _link_in_layout(folder, "terms.txt")
    assert _carries(_render(folder, policy), SECRET)


@pytest.mark.parametrize("spelling", URL_SPELLINGS)
def test_no_url_spelling_reaches_a_file_outside(places, policy, spelling):
    folder, secret = places
    href = spelling.format(secret=secret.as_posix(),
                           quoted=secret.as_posix().replace("/", "%2F").replace("%2F", "/", 1))
    _link_in_layout(folder, href)
    with pytest.raises(LetterError, match="outside the letters folder"):
        pdf = _render(folder, policy)
        assert not _carries(pdf, SECRET)  # what leaked, if the render did not refuse
    report = check_letters(folder, policy)
    assert any("outside the letters folder" in p and "layout.html.j2" in p
               for p in report.problems), report.problems


def test_a_stylesheet_cannot_fetch_outside(places, policy):
    folder, secret = places
    css = folder / "letter.css"
    css.write_text(f'@import url("FILE://{secret.as_posix()}");\n'
                   + css.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(LetterError, match="outside the letters folder"):
        _render(folder, policy)


def test_a_symlink_to_a_file_outside_is_refused(places, policy):
    folder, secret = places
    (folder / "terms.txt").symlink_to(secret)
    _link_in_layout(folder, "terms.txt")
    with pytest.raises(LetterError, match="outside the letters folder"):
        _render(folder, policy)
    report = check_letters(folder, policy)
    assert any("terms.txt" in p and "outside the letters folder" in p
               for p in report.problems), report.problems


def test_include_through_a_symlinked_folder_is_refused(places, policy):
    folder, secret = places
    (folder / "etc").symlink_to(secret.parent, target_is_directory=True)
    en = folder / "en.md.j2"
    en.write_text('{% include "etc/secret.txt" %}\n' + en.read_text(encoding="utf-8"),
                  encoding="utf-8")
    with pytest.raises(LetterError, match="outside the letters folder"):
        pdf = _render(folder, policy)
        assert not _carries(pdf, SECRET)
    report = check_letters(folder, policy)
    assert any("outside the letters folder" in p for p in report.problems), report.problems
    assert not any(SECRET in p for p in report.problems)


def test_a_symlinked_template_pointing_outside_is_refused(places, policy):
    folder, secret = places
    (folder / "en.md.j2").unlink()
    (folder / "en.md.j2").symlink_to(secret)
    with pytest.raises(LetterError, match="outside the letters folder"):
        _render(folder, policy)
