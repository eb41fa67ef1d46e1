"""Letters render in every language × category, as Markdown and as PDF, and guest text
comes out inert and exactly as typed."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from pypdf import PdfReader

from kiosk.core.errors import LetterError
from kiosk.core.models import Honorific
from kiosk.core.policy_set import Policy
from kiosk.letters.locale_format import money
from kiosk.letters.pdf import markdown_to_html
from kiosk.letters.render import LetterTemplates
from kiosk.letters.samples import SAMPLE_AGENT, SAMPLE_AT, sample_incident, sample_manager
from kiosk.letters.view import letter_view
from tests.conftest import LETTERS

LANGUAGES = ("en", "hy", "sw")


@pytest.fixture(scope="module")
def templates() -> LetterTemplates:
    return LetterTemplates(LETTERS)


def _letter(templates: LetterTemplates, policy: Policy, language: str, category: str,
            **guest: object):
    incident = sample_incident(policy, category, language)
    if guest:
        incident.guest = replace(incident.guest, **guest)  # type: ignore[arg-type]
    choice = templates.choose(language, category, policy.property.default_language)
    view = letter_view(incident, policy, choice.language, SAMPLE_AGENT,
                       [sample_manager(policy)], SAMPLE_AT)
    return incident, view, templates.markdown(choice, view)


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_renders_markdown(templates, policy, language):
    for category in policy.categories:
        _, view, letter = _letter(templates, policy, language, category)
        assert view["compensation"][0]["phrase"] in letter.body.replace("\\", "")
        assert "Anna Hakobyan" in letter.signature
        assert letter.choice.language == language and not letter.choice.fallback_from


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_category_renders_pdf_with_name_and_amount(templates, policy, language):
    for category in policy.categories:
        _, view, letter = _letter(templates, policy, language, category,
                                  name="Anna Petrosyan")
        pdf = templates.pdf(letter, view)
        assert pdf.startswith(b"%PDF")
        text = _pdf_text(pdf)
        assert "Petrosyan" in text
        phrase = " ".join(view["compensation"][0]["phrase"].split()[:2])
        assert phrase.replace("\u00a0", " ") in " ".join(text.replace("\u00a0", " ").split())


def test_armenian_money_uses_the_dram_sign_and_armenian_grouping(templates, policy):
    _, _, letter = _letter(templates, policy, "hy", "billing", name="Anna Ter-Petrosyan")
    assert money(25000, "AMD", "hy") == "25\u00a0000\u00a0֏"
    assert "֏" in letter.body
    assert "Հարգելի տիկին Anna Ter-Petrosyan" in letter.body
    assert "։" in letter.body  # Armenian full stop


def test_money_formats_follow_the_locale():
    from decimal import Decimal

    assert money(Decimal(25000), "AMD", "en") == "AMD\u00a025,000"
    assert money(Decimal("12.50"), "USD", "en") == "$12.50"
    assert money(Decimal(25000), "KES", "sw") == "Ksh\u00a025,000"


@pytest.mark.parametrize(("language", "honorific", "greeting"), [
    ("en", Honorific.MS, "Dear Ms Wanjiru Mwangi,"),
    ("en", Honorific.DR, "Dear Dr Wanjiru Mwangi,"),
    ("en", Honorific.MX, "Dear Mx Wanjiru Mwangi,"),
    ("en", Honorific.NONE, "Dear Wanjiru Mwangi,"),
    ("hy", Honorific.MR, "Հարգելի պարոն Wanjiru Mwangi,"),
    ("sw", Honorific.MR, "Mpendwa Bw. Wanjiru Mwangi,"),
    ("sw", Honorific.MRS, "Mpendwa Bi. Wanjiru Mwangi,"),
    ("sw", Honorific.DR, "Mpendwa Dkt. Wanjiru Mwangi,"),
    ("sw", Honorific.MX, "Mpendwa Wanjiru Mwangi,"),
])
def test_greeting_uses_the_honorific_and_full_name(templates, policy, language, honorific,
                                                   greeting):
    _, _, letter = _letter(templates, policy, language, "noise", name="Wanjiru Mwangi",
                           honorific=honorific)
    assert letter.body.startswith(greeting)


def test_swahili_dates_use_swahili_month_names(templates, policy):
    incident = sample_incident(policy, "billing", "sw")
    incident.reported_at = SAMPLE_AT - timedelta(days=1)
    view = letter_view(incident, policy, "sw", SAMPLE_AGENT, [], SAMPLE_AT)
    letter = templates.markdown(templates.choose("sw", "billing", "en"), view)
    assert "tarehe 22 Novemba" in letter.body
    assert view["letter"]["date"] == "23 Novemba 2026"


def test_missing_language_falls_back_to_the_default(templates, policy):
    choice = templates.choose("fr", "noise", "en")
    assert (choice.template, choice.language, choice.fallback_from) == ("en.md.j2", "en", "fr")
    assert templates.choose("../en", "noise", "en").fallback_from == "../en"


def test_category_override_is_preferred(tmp_path, policy):
    for name in ("en.md.j2", "layout.html.j2", "letter.css"):
        (tmp_path / name).write_text((LETTERS / name).read_text())
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "noise.md.j2").write_text("Quiet, {{ guest.name }}.\n")
    own = LetterTemplates(tmp_path)
    assert own.choose("en", "noise", "en").template == "en/noise.md.j2"
    assert own.choose("en", "billing", "en").template == "en.md.j2"


def test_no_template_at_all_is_a_letter_error(tmp_path):
    with pytest.raises(LetterError, match="no letter template"):
        LetterTemplates(tmp_path).choose("hy", "noise", "en")


HOSTILE_GUEST = ("Ann <b>bold</b> **x** [link](http://evil.example) {{ 7*7 }} {% if %} "
                 "# heading\n- item\n1. one\n> quote \x1b[31mred\x1b[0m \u202eevil")


def test_guest_text_is_inert_in_markdown_and_html(templates, policy):
    _, view, letter = _letter(templates, policy, "en", "noise", name=HOSTILE_GUEST,
                              honorific=Honorific.NONE)
    html = templates.html(letter, view)
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<a " not in html and "<strong>x</strong>" not in html
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "\x1b" not in letter.text and "\x1b" not in html and "\\x1b[31m" in html
    assert "\u202e" not in html and "\\u202e" in html
    rendered = markdown_to_html(letter.body)
    assert "<h1>" not in rendered and "<li>item" not in rendered


def test_account_quote_keeps_every_line(templates, policy):
    incident = sample_incident(policy, "noise", "en")
    incident.account = "line one\n\n# not a heading\n    indented <i>x</i>"
    view = letter_view(incident, policy, "en", SAMPLE_AGENT, [], SAMPLE_AT)
    letter = templates.markdown(templates.choose("en", "noise", "en"), view)
    html = markdown_to_html(letter.body)
    assert "line one" in html and "# not a heading" in html
    assert "indented &lt;i&gt;x&lt;/i&gt;" in html and "<h1>" not in html


def test_huge_guest_text_is_refused_cleanly(templates, policy):
    with pytest.raises(LetterError, match="longer than"):
        _letter(templates, policy, "en", "noise", name="A" * 300_000)


def test_long_unbroken_guest_text_still_prints(templates, policy):
    _, view, letter = _letter(templates, policy, "en", "noise", name="Z" * 3000)
    pdf = templates.pdf(letter, view)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
