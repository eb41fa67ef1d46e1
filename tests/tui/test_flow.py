"""The shared test steps wait for every worker: one cancelled on purpose (an exclusive
refresh replaced by the next) is the kiosk working, one that failed still fails the test."""

from __future__ import annotations

import threading

import pytest
from textual.app import App
from textual.worker import WorkerFailed

from tests.tui.flow import settle


class Desk(App[None]):
    pass


async def test_a_replaced_exclusive_worker_does_not_fail_the_wait() -> None:
    release = threading.Event()
    app = Desk()
    async with app.run_test() as pilot:
        app.run_worker(release.wait, thread=True, group="refresh", exclusive=True)
        app.run_worker(lambda: None, thread=True, group="refresh", exclusive=True)
        release.set()
        await settle(pilot)
        assert not [w for w in app.workers if w.is_running]


async def test_a_failed_worker_still_fails_the_wait() -> None:
    def broken() -> None:
        raise RuntimeError("the store is gone")

    app = Desk()
    async with app.run_test() as pilot:
        app.run_worker(broken, thread=True, exit_on_error=False)
        with pytest.raises(WorkerFailed):
            await settle(pilot)
