from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.letters.inert import md_inline, md_quote, visible
from kiosk.letters.pdf import markdown_to_html


def test_control_characters_become_visible():
    assert visible("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert visible("Пётр Ծովինար\u00a0Mwangi") == "Пётр Ծովինար\u00a0Mwangi"


def test_quote_marks_every_line():
    assert md_quote("a\nb") == "> a\\\n> b"


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F,
                                      blacklist_characters="\x7f"), max_size=60))
def test_any_printable_text_renders_as_the_same_text(text):
    html = markdown_to_html(md_inline(text))
    for tag in ("<em>", "<strong>", "<a ", "<code>", "<h", "<ul>", "<ol>", "<img",
                "<blockquote>", "<hr"):
        assert tag not in html.replace("<p>", "").replace("<br />", "")
