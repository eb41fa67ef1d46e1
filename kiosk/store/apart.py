"""Long reads of one command shared out to worker processes, one per core.

A store's first report and its first verify read every day file, and a day file's work
needs nothing of another's: each worker is forked with what the command holds (the
policy, the audit chain), works through its share, and hands back a plain result in
``marshal`` form through a pipe. Only in a process of one thread (a command, not the
kiosk's screens), where a fork copies nothing half-done. A worker that fails or dies
hands back nothing, and the caller does its share itself; ctrl+c ends the workers at
once (a process pool would finish its queue first).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")


def cores() -> int:
    """How many workers are worth forking here: 0 when work cannot be shared (one
    core, or a process with more than one thread)."""
    usable = len(os.sched_getaffinity(0))
    return usable if usable > 1 and threading.active_count() == 1 else 0


def split(items: Sequence[T], weight: Callable[[T], int], ways: int) -> list[list[T]]:
    """``items`` in ``ways`` shares of about equal weight (the heaviest first, each to
    the share with the least so far); no share is empty."""
    shares: list[list[T]] = [[] for _ in range(min(ways, len(items)))]
    loads = [0] * len(shares)
    for item in sorted(items, key=weight, reverse=True):
        lightest = loads.index(min(loads))
        shares[lightest].append(item)
        loads[lightest] += weight(item)
    return shares


def share_out(shares: list[list[T]], work: Callable[[list[T]], Any]) -> list[Any]:
    """``work`` on each share in a worker process of its own; each worker's result, or
    None for one that failed, died, or could not be started."""
    with working(shares, work) as results:
        return results()


@contextlib.contextmanager
def working(shares: list[list[T]], work: Callable[[list[T]], Any]
            ) -> Iterator[Callable[[], list[Any]]]:
    """``share_out`` while the caller goes on with work of its own: the workers start
    at once, and the function given waits for their results. Workers still running
    when the block ends (ctrl+c, an error) are stopped."""
    workers: list[tuple[int, int]] = []  # (pid, read end of its pipe)

    def results() -> list[Any]:
        found: list[Any] = [None] * len(shares)
        for n, (pid, read) in enumerate(workers):
            try:
                data = _read_all(read)
            finally:
                os.close(read)
                workers[n] = (pid, -1)
            _pid, status = os.waitpid(pid, 0)
            workers[n] = (0, -1)
            if os.waitstatus_to_exitcode(status) == 0:
                with contextlib.suppress(ValueError, EOFError, TypeError):
                    found[n] = marshal.loads(data)  # noqa: S302 - our own worker's
        return found

    try:
        with contextlib.suppress(OSError):  # no (more) workers: the caller does the rest
            for share in shares:
                read, write = os.pipe()
                try:
                    pid = os.fork()
                except OSError:
                    os.close(read)
                    os.close(write)
                    raise
                if pid == 0:
                    os.close(read)
                    _work(share, work, write)
                os.close(write)
                workers.append((pid, read))
        yield results
    finally:
        for _pid, read in workers:
            if read >= 0:
                os.close(read)
        _stop([pid for pid, _read in workers if pid])


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _work(share: list[T], work: Callable[[list[T]], Any], fd: int) -> NoReturn:
    """A worker's life: its share worked and handed back, then gone without running
    the command's exit (its buffers and handlers are the command's, not its own)."""
    code = 1
    try:
        data = memoryview(marshal.dumps(work(share)))
        while data:
            data = data[os.write(fd, data):]
        code = 0
    except BaseException:  # noqa: S110 - the caller does the share and meets it again
        pass
    finally:
        os._exit(code)


def _stop(workers: list[int], grace: float = 1.0) -> None:
    """Workers told to stop as ctrl+c tells them (a file half written is taken away),
    and killed when they have not within ``grace`` seconds."""
    for pid in workers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    while workers and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(workers[0], os.WNOHANG)[0] == 0:
                time.sleep(0.005)
                continue
        del workers[0]
    for pid in workers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
