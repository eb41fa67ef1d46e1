"""A private CUPS server with a cups-pdf queue, for tests that print for real.

``cups_queue`` (session scope) starts ``cupsd`` with its own configuration, spool and
socket in a temporary folder, adds a cups-pdf queue whose PDFs land in a folder of its
own, and points ``CUPS_SERVER`` at the socket for the whole test session, so ``lp`` and
``lpstat`` (and so ``kiosk.printing``) talk to it. Several test sessions may run at once.

Where cupsd or the cups-pdf backend is missing, or the tests do not run as root, tests
using it are skipped with that reason — except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CUPSD = Path("/usr/sbin/cupsd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONFIG_DIR = Path("/etc/cups")  # cups-pdf reads cups-pdf-<instance>.conf here


@dataclass
class CupsQueue:
    """A working cups-pdf print queue.

    Attributes:
        name:    the queue name, for ``lp -d`` / ``--printer`` / the property policy.
        server:  the ``CUPS_SERVER`` value (path of the private socket); already set in
                 ``os.environ`` for the session.
        out_dir: the folder cups-pdf writes each printed job into, as a PDF.

    Methods: ``pdfs()`` lists the PDFs so far; ``wait_for_pdf(before, timeout)`` waits
    for a PDF that was not in ``before`` and returns its path; ``disable()`` /
    ``enable()`` (cupsdisable / cupsenable) and ``reject()`` / ``accept()``
    (cupsreject / cupsaccept) change the queue's state; ``reset()`` makes it enabled
    and accepting again.
    """

    name: str
    server: str
    out_dir: Path
    root: Path = field(repr=False)

    def _admin(self, *args: str) -> None:
        subprocess.run(list(args), check=True, capture_output=True, timeout=15,
                       env={**os.environ, "CUPS_SERVER": self.server})

    def pdfs(self) -> set[Path]:
        return set(self.out_dir.glob("*.pdf"))

    def wait_for_pdf(self, before: set[Path] | None = None, timeout: float = 60) -> Path:
        before = before or set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in sorted(self.pdfs() - before):
                # cups-pdf writes the file, then closes it; a non-empty %%EOF means done.
                data = path.read_bytes()
                if data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]:
                    return path
            time.sleep(0.1)
        log = self.root / "log" / "error_log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise AssertionError(f"no PDF from queue {self.name} within {timeout:g} s\n{tail}")

    def disable(self, reason: str = "paper jam") -> None:
        self._admin("cupsdisable", "-r", reason, self.name)

    def enable(self) -> None:
        self._admin("cupsenable", self.name)

    def reject(self, reason: str = "out of toner") -> None:
        self._admin("cupsreject", "-r", reason, self.name)

    def accept(self) -> None:
        self._admin("cupsaccept", self.name)

    def reset(self) -> None:
        self.enable()
        self.accept()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CUPS printing tests must run in CI: {reason}")
    pytest.skip(reason)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _start_cupsd(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    for sub in ("etc/ppd", "spool/tmp", "state", "cache", "log", "pdf", "cups-pdf-spool"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    socket = str(root / "cups.sock")
    files = _write(root / "etc" / "cups-files.conf", f"""
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
StateDir {root}/state
CacheDir {root}/cache
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
Sandboxing Relaxed
FileDevice No
""")
    conf = _write(root / "etc" / "cupsd.conf", f"""
LogLevel warn
Listen {socket}
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
""")
    process = subprocess.Popen([str(CUPSD), "-f", "-c", str(conf), "-s", str(files)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    env = {**os.environ, "CUPS_SERVER": socket, "LC_ALL": "C"}
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"cupsd exited: {err.strip()[:500]}")
        state = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, env=env,
                               check=False)
        if "scheduler is running" in state.stdout:
            return process, socket
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("cupsd did not start within 20 s")


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[CupsQueue]:
    """A private cupsd with a cups-pdf queue; see ``CupsQueue``."""
    missing = [str(p) for p in (CUPSD, CUPS_PDF_BACKEND, CUPS_PDF_PPD) if not p.exists()]
    if missing:
        _unavailable(f"CUPS / cups-pdf not installed ({', '.join(missing)} missing)")
    if os.geteuid() != 0:
        _unavailable("the private CUPS server for printing tests needs root")
    if not shutil.which("lp") or not shutil.which("lpadmin"):
        _unavailable("the CUPS client commands lp / lpadmin are not installed")

    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    instance = "kiosktest" + uuid.uuid4().hex[:10]
    instance_conf = CUPS_PDF_CONFIG_DIR / f"cups-pdf-{instance}.conf"
    process = None
    saved = os.environ.get("CUPS_SERVER")
    try:
        process, socket = _start_cupsd(root)
        _write(instance_conf, f"""Out {root}/pdf
Spool {root}/cups-pdf-spool
Log {root}/log
Label 2
Grp root
""")
        queue = CupsQueue(name=instance, server=socket, out_dir=root / "pdf", root=root)
        queue._admin("lpadmin", "-p", instance, "-E", "-v", f"cups-pdf:/{instance}",
                     "-P", str(CUPS_PDF_PPD))
        queue._admin("cupsenable", instance)
        queue._admin("cupsaccept", instance)
        os.environ["CUPS_SERVER"] = socket
        yield queue
    finally:
        if saved is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = saved
        if process is not None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.poll() is None:
                process.kill()
        instance_conf.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
