"""Markdown → HTML (markdown-it, raw HTML off) and HTML → PDF (WeasyPrint).

WeasyPrint may read only files inside the letters folder (the stylesheet, a logo): a
template cannot make the renderer fetch anything from the network or the disk beyond.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt
from markupsafe import Markup

from kiosk.core.errors import LetterError

# Raw HTML stays text: guest words can never become tags in the printed letter.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})

# WeasyPrint reports a refused fetch or an unknown CSS property as a warning; the letter
# still renders, and the kiosk's own log is not the place for CSS chatter.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def markdown_to_html(text: str) -> Markup:
    return Markup(_MARKDOWN.render(text))  # noqa: S704 - markdown-it escapes all text


@functools.cache
def _folder_fetcher() -> Any:
    """WeasyPrint takes most of a second to import, so it is imported on the first PDF,
    not by every command that merely loads this package (reports, policy checks)."""
    from weasyprint.urls import URLFetcher

    class FolderFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``file:`` URLs inside one folder (and ``data:``); refuses the rest."""

        def __init__(self, folder: Path):
            super().__init__(timeout=2, allowed_protocols=("file", "data"))
            self._folder = folder.resolve()

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(self._folder):
                    raise ValueError(f"outside the letters folder: {path.name}")
            return super().fetch(url, headers)

    return FolderFetcher


def html_to_pdf(html: str, folder: Path) -> bytes:
    from weasyprint import HTML

    FolderFetcher = _folder_fetcher()
    try:
        document = HTML(string=html, base_url=str(folder.resolve()) + "/",
                        url_fetcher=FolderFetcher(folder))
        pdf = document.write_pdf()
    except Exception as exc:  # WeasyPrint raises many types; the desk needs one line
        raise LetterError(f"the PDF could not be made: {type(exc).__name__}: {exc}") from exc
    if not pdf:
        raise LetterError("the PDF could not be made: empty output")
    return bytes(pdf)
