"""Markdown → HTML (markdown-it, raw HTML off) and HTML → PDF (WeasyPrint).

WeasyPrint may read only files inside the letters folder (the stylesheet, a logo): a
template cannot make the renderer fetch anything from the network or the disk beyond.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from markdown_it import MarkdownIt
from markupsafe import Markup

from kiosk.core.errors import LetterError
from kiosk.core.i18n import _
from kiosk.letters.folder import OutsideFolder, read_inside


class FileRefused(LetterError):
    """The page asked for a file outside the letters folder (it has no line of its own)."""

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
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):  # type: ignore[misc]
        """Fatal, so WeasyPrint stops instead of printing the letter without it."""

    class FolderFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files inside one folder (and ``data:``); refuses everything else.

        The URL is read as WeasyPrint hands it over, spelled any way a template likes:
        the scheme is compared without case, the path is decoded and resolved (links
        included), and the file is read here rather than by urllib, so what was checked
        is what is read."""

        def __init__(self, folder: Path):
            super().__init__(timeout=2, allowed_protocols=("data",))
            self._folder = folder.resolve()

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            try:
                if scheme != "file" or parts.netloc.lower() not in ("", "localhost"):
                    raise OutsideFolder(_("'{asked}' is outside the letters folder").format(
                        asked=_shown(url)))
                path = Path(url2pathname(parts.path))
                data = read_inside(self._folder, path, _shown(url))
            except LetterError as exc:
                raise Refused(str(exc)) from None
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.resolve().as_uri(), data, {"Content-Type": mime})

    return FolderFetcher, Refused


@functools.cache
def _fonts() -> Any:
    """One font configuration for every PDF of the process: Pango finds and loads each
    font once, not once a letter (a fresh one per letter doubled a render's time)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Pango's font map is not made for several threads at once; renders take turns.
_RENDERING = threading.Lock()


def _shown(url: str) -> str:
    return url if len(url) <= 120 else url[:119] + "…"


def html_to_pdf(html: str, folder: Path) -> bytes:
    from weasyprint import HTML

    FolderFetcher, Refused = _folder_fetcher()
    try:
        with _RENDERING:
            document = HTML(string=html, base_url=str(folder.resolve()) + "/",
                            url_fetcher=FolderFetcher(folder))
            pdf = document.write_pdf(font_config=_fonts())
    except Refused as exc:
        raise FileRefused(_("the letter refers to a file it may not use: {why}").format(
            why=exc)) from None
    except Exception as exc:  # WeasyPrint raises many types; the desk needs one line
        raise LetterError(_("the PDF could not be made: {kind}: {why}").format(
            kind=type(exc).__name__, why=exc)) from exc
    if not pdf:
        raise LetterError(_("the PDF could not be made: empty output"))
    return bytes(pdf)
