"""Add the day summaries already at head office up into the month summaries."""

from typing import Any

from yoyo import step

from kiosk.chain.summary import fill_months

__depends__ = {"0009.month-summaries"}


def fill(conn: Any) -> None:
    with conn.cursor() as cur:
        fill_months(cur)


steps = [step(fill)]
