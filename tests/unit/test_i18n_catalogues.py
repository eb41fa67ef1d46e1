"""Each language's catalogue is read straight from its folder, and says what gettext's
own search would find there."""

from __future__ import annotations

import gettext

import pytest

from kiosk.core.i18n import DOMAIN, LOCALE_DIR, available_languages, translations


@pytest.mark.parametrize("code", [c for c in available_languages() if c != "en"] + ["en"])
def test_a_language_reads_the_catalogue_gettext_finds(code: str) -> None:
    found = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
    read = translations(code)
    assert isinstance(read, gettext.GNUTranslations)
    assert read._catalog == found._catalog  # type: ignore[attr-defined]
    assert read.ngettext("{n} incident", "{n} incidents", 5) == found.ngettext(
        "{n} incident", "{n} incidents", 5)


@pytest.mark.parametrize("code", ["fr", "HY", "hy_AM", "../hy", ""])
def test_a_code_without_a_folder_of_its_own_is_searched_as_gettext_does(code: str) -> None:
    try:
        found = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
    except OSError:
        assert type(translations(code)) is gettext.NullTranslations
    else:
        assert translations(code)._catalog == found._catalog  # type: ignore[attr-defined]
