"""A word across every page of a letter (PRACTICE), added to the finished page so that
no letter template, the hotel's own included, can leave it out."""

from __future__ import annotations

import re

from markupsafe import escape

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
# Fixed boxes repeat on every printed page; the word sits large and light behind the
# text and small and dark along the top, so a copy cut to the text still shows it.
_STYLE = ("<style>.kiosk-mark{position:fixed;left:0;right:0;text-align:center;"
          "font-family:sans-serif;font-weight:bold;letter-spacing:0.2em}"
          ".kiosk-mark.big{top:38%;font-size:72pt;color:rgba(200,0,0,0.16);"
          "transform:rotate(-30deg)}"
          ".kiosk-mark.top{top:-12mm;font-size:10pt;color:#a00}</style>")


def marked(page: str, mark: str) -> str:
    """``page`` (HTML) with ``mark`` on every page; unchanged when ``mark`` is empty."""
    if not mark:
        return page
    word = escape(mark)
    boxes = (f'{_STYLE}<div class="kiosk-mark big">{word}</div>'
             f'<div class="kiosk-mark top">{word}</div>')
    body = _BODY.search(page)
    if body is None:
        return boxes + page
    return page[:body.end()] + boxes + page[body.end():]
