from __future__ import annotations

from decimal import Decimal

from kiosk.reports.charts import bar, sparkline
from kiosk.reports.render import inert


def test_bar_scales_to_the_largest() -> None:
    assert bar(10, 10, width=4) == "████"
    assert bar(5, 10, width=4) == "██"
    assert bar(Decimal(1), Decimal(16), width=4) == "▎"  # 2 eighths of a cell
    assert bar(0, 10) == "" and bar(3, 0) == ""


def test_sparkline_keeps_quiet_weeks_visible() -> None:
    assert sparkline([0, 3, 6]) == "▁▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_people_text_is_made_inert() -> None:
    assert inert("Room\x1b[31m 5") == "Room?[31m 5"
    assert len(inert("x" * 100)) == 40
