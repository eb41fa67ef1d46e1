"""Count every property's incidents already at head office into the day summaries."""

from typing import Any

from yoyo import step

from kiosk.chain.summary import rebuild_all

__depends__ = {"0007.day-summaries"}


def fill(conn: Any) -> None:
    with conn.cursor() as cur:
        rebuild_all(cur, ("day",))  # the month summaries come with 0009


steps = [step(fill)]
