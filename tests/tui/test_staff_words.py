"""Words shown outside the screens' own catalogue lookups — the incident record as the
store holds it, the board's severity words, the printer's refusals — are in the staff's
language too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.core.errors import PrintError
from kiosk.core.i18n import use_language
from kiosk.desk.context import Desk
from kiosk.printing import check_queue_name
from kiosk.tui.screens.record import describe, read_record
from tests.staff_words import desk_data, english_on


@pytest.fixture
def speaking() -> Iterator[None]:
    yield
    use_language("en")


@pytest.mark.parametrize("language", ["hy", "sw"])
def test_every_demo_record_reads_in_the_staffs_language(desk: Desk, language: str,
                                                        speaking: None) -> None:
    data = desk_data(desk)
    use_language(language)
    for incident in desk.store.iter_incidents():
        text = describe(desk.policy, read_record(desk, incident.id)).plain
        assert english_on(text, language, data) == [], text
    with pytest.raises(PrintError) as refused:
        check_queue_name("front desk")
    assert english_on(str(refused.value), language,
                      ["front desk", "CUPS", "lpstat", "frontdesk"]) == []
