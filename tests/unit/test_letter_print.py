"""The printed letter: the signatures never stand alone, later pages say whose letter
they are, Armenian quotes stay upright, the paper size and letterhead come from the
property, and a long account leaves the apology on page 1 (pdftotext and pypdf)."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.models import CompensationDecision, CompensationLine, Incident
from kiosk.core.policy_set import Policy
from kiosk.letters.render import LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident, sample_manager
from kiosk.letters.view import letter_view
from tests.conftest import LETTERS


@pytest.fixture(scope="module")
def templates() -> LetterTemplates:
    return LetterTemplates(LETTERS)


def incident_for(policy: Policy, language: str, category: str = "maintenance",
                 items: int = 1, account: str | None = None,
                 name: str = "Anna Ter-Petrosyan") -> Incident:
    incident = sample_incident(policy, category, language)
    chosen = list(policy.items.values())[:items]
    lines = [CompensationLine(i.id, 1, i.unit_value, "Suite 801" if i.remark_required
                              else "") for i in chosen]
    decision = CompensationDecision(
        lines=lines, total=sum((ln.value for ln in lines), start=lines[0].value * 0),
        currency=policy.currency, verdict="allowed", reasons=[],
        policy_hash=policy.policy_hash, decided_by="a1", decided_role="agent",
        decided_at=SAMPLE_AT)
    incident.compensation = [decision]
    incident.guest = replace(incident.guest, name=name)
    incident.account = account if account is not None else "Երեկ ժամը 3-ին ոչինչ չարվեց։"
    return incident


def pdf_of(templates: LetterTemplates, policy: Policy, incident: Incident) -> bytes:
    language = incident.guest.language
    choice = templates.choose(language, incident.category, policy.property.default_language)
    view = letter_view(incident, policy, choice.language, SAMPLE_AGENT,
                       [sample_manager(policy)], SAMPLE_AT)
    return templates.pdf(templates.markdown(choice, view), view)


def pdftotext_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


def fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


# Sign-off and the closing paragraph's last words, per language.
SIGN_OFF = {"en": ("Yours sincerely", "welcoming you again"),
            "hy": ("Հարգանքով", "հյուրընկալելու հաճույքը"),
            "sw": ("Wako kwa dhati", "kukukaribisha tena")}


@pytest.mark.parametrize("language", ["hy", "en"])
def test_the_signatures_never_stand_alone_on_a_page(templates, policy, tmp_path,
                                                    language):
    """As the list of gifts grows, the page break moves through the letter; wherever it
    falls, the closing paragraph stays on the page with the sign-off and signatures."""
    sign_off, closing = SIGN_OFF[language]
    two_pages = 0
    for items in range(4, len(policy.items) + 1):
        pages = pdftotext_pages(pdf_of(templates, policy, incident_for(
            policy, language, items=items, account="Ա " * 250)), tmp_path)
        two_pages += len(pages) > 1
        with_sign_off = [n for n, page in enumerate(pages) if sign_off in page]
        with_closing = [n for n, page in enumerate(pages) if closing in page]
        assert with_sign_off == with_closing, (items, pages[-1][:200])
        assert SAMPLE_AGENT.name in pages[with_sign_off[0]]
    assert two_pages, "no letter ran onto a second page; the test proves nothing"


@pytest.mark.parametrize(("language", "word"), [("en", "page"), ("hy", "էջ"),
                                                ("sw", "ukurasa")])
def test_pages_after_the_first_carry_the_page_number_and_guest_name(
        templates, policy, language, word):
    incident = incident_for(policy, language, items=len(policy.items),
                            account="Ա " * 280, name="Zara Mkrtchyan")
    reader = PdfReader(io.BytesIO(pdf_of(templates, policy, incident)))
    assert len(reader.pages) >= 2
    first, second = (reader.pages[0].extract_text(), reader.pages[1].extract_text())
    assert f"Zara Mkrtchyan · {word} 2" in second
    assert f"{word} 1" not in first


def test_armenian_quotes_never_mix_slanted_and_upright_glyphs(templates, policy):
    """Noto Serif Armenian has no italic, so an italic quote slants only its digits and
    Latin letters («ժամը 3-ը»). Armenian letters set no glyph in italic at all."""
    hy = pdf_of(templates, policy, incident_for(
        policy, "hy", account="Ժամը 3-ը անց էր, Wi-Fi-ը չէր աշխատում։"))
    assert not [f for f in fonts(hy) if "Italic" in f], fonts(hy)
    en = pdf_of(templates, policy, incident_for(policy, "en", account="It was 3 am."))
    assert [f for f in fonts(en) if "Italic" in f], "English quotes are italic"


def _paper(policy: Policy, paper: str) -> Policy:
    letters = dataclasses.replace(policy.property.letters, paper=paper)
    return dataclasses.replace(policy, property=dataclasses.replace(
        policy.property, letters=letters))


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_paper_size_comes_from_the_property(templates, policy, paper, size):
    pdf = pdf_of(templates, _paper(policy, paper), incident_for(policy, "en"))
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


@pytest.mark.parametrize(("language", "apology"), [
    ("en", "Please accept our sincere apologies"),
    ("hy", "Խնդրում ենք ընդունել մեր անկեղծ ներողությունը"),
    ("sw", "Tunaomba radhi kwa dhati")])
def test_a_long_account_never_pushes_the_apology_to_page_two(templates, policy, tmp_path,
                                                             language, apology):
    account = "\n".join(f"At {h}:00 the noise started again next door, and when I "
                        "called the desk nobody came up to see." for h in range(60))
    incident = incident_for(policy, language, account=account)
    pages = pdftotext_pages(pdf_of(templates, policy, incident), tmp_path)
    assert apology in pages[0]
    assert len(pages) == 1


@pytest.mark.parametrize(("language", "head", "address"), [
    ("hy", "«Արարատ Գարդեն» հյուրանոց", "Աբովյան փողոց 12"),
    ("en", "Hotel Ararat Garden", "12 Abovyan Street")])
def test_the_letterhead_is_written_in_the_letters_language(templates, policy, tmp_path,
                                                           language, head, address):
    pages = pdftotext_pages(pdf_of(templates, policy, incident_for(policy, language)),
                            tmp_path)
    assert head in pages[0] and address in pages[0]


def test_english_letter_dates_are_british_in_print(templates, policy, tmp_path):
    pages = pdftotext_pages(pdf_of(templates, policy, incident_for(policy, "en")),
                            tmp_path)
    assert "23 November 2026" in pages[0] and "November 23" not in pages[0]
