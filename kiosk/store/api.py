"""What the rest of the kiosk may ask of the store. The TinyDB implementation lives
beside this file; use cases, screens and commands code against this protocol only
(an import contract in pyproject.toml holds them to it) and open a store with
``kiosk.store.open_store``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from kiosk.core.models import Draft, Incident, Staff, Status
from kiosk.core.plain import Value

if TYPE_CHECKING:  # named in the signatures only: a command that never reports
    from kiosk.core.digest import IncidentDigest  # does not build the digest types


class LockedTotals(Protocol):
    """Totals as they stand inside the store lock, for a check that must decide on the
    same state the write lands on."""

    def stay_total(self, stay_key: str, exclude_incident: str | None = None) -> Decimal: ...
    def shift_total(self, staff_id: str, since: datetime) -> Decimal: ...


R = TypeVar("R")

# Run under the lock on the incident about to be written; raising abandons the write.
LimitCheck = Callable[[Incident, LockedTotals], None]


class VerifyReport(Value):
    """What `kiosk store verify` found."""

    problems: list[str]  # one line each; long runs of one kind are summed up
    incidents: int
    audit_entries: int
    staff: int
    total_problems: int = 0
    warnings: list[str] = field(default_factory=list)  # worth knowing, not damage
    head: tuple[int, str] | None = None  # the audit chain's last (seq, hash)


class StoreApi(Protocol):
    root: Path

    @property
    def letters_dir(self) -> Path:
        """Folder beside the store where issued letter files go (never overwritten)."""
        ...

    # --- staff -----------------------------------------------------------------------
    def add_staff(self, staff: Staff, actor: str) -> None: ...
    def get_staff(self, staff_id: str) -> Staff: ...  # StoreError when unknown
    def list_staff(self) -> list[Staff]: ...
    def update_staff(self, staff_id: str, mutate: Callable[[Staff], None], actor: str,
                     action: str, detail: dict[str, Any] | None = None) -> Staff: ...

    # --- incidents -------------------------------------------------------------------
    def new_incident_id(self) -> tuple[str, str]: ...  # (ULID, short desk reference)
    def add_incident(self, incident: Incident, actor: str,
                     detail: dict[str, Any] | None = None,
                     check: LimitCheck | None = None) -> None: ...
    def update_incident(self, incident_id: str, mutate: Callable[[Incident], None],
                        actor: str, action: str,
                        detail: dict[str, Any] | None = None,
                        check: LimitCheck | None = None) -> Incident:
        """Read, mutate and write one incident under the store lock, with its audit
        entry in the same step. ``mutate`` may raise to abandon the change; ``check``
        then sees the changed incident and the totals under the same lock."""
        ...
    def get_incident(self, id_or_ref: str) -> Incident: ...  # StoreError when unknown
    def get_incidents(self, ids: list[str]) -> list[Incident]: ...  # one read; the gone
    # ones left out
    def open_incidents(self) -> list[Incident]: ...
    def find_incidents(self, status: Status | None = None, guest: str | None = None,
                       room: str | None = None, limit: int | None = None) -> list[Incident]: ...
    def guest_incidents(self, name: str) -> list[Incident]: ...  # same guest, any stay
    def iter_incidents(self, since: datetime | None = None,
                       until: datetime | None = None) -> Iterator[Incident]: ...
    def stay_total(self, stay_key: str, exclude_incident: str | None = None) -> Decimal: ...
    def shift_total(self, staff_id: str, since: datetime) -> Decimal: ...
    def follow_ups_due(self, now: datetime) -> list[Incident]: ...

    # --- drafts ----------------------------------------------------------------------
    def save_draft(self, draft: Draft) -> None: ...
    def drafts_for(self, staff_id: str) -> list[Draft]: ...
    def delete_draft(self, draft_id: str) -> None: ...

    # --- small queues (e.g. prints waiting for a printer) ----------------------------
    def queue_put(self, queue: str, key: str, doc: dict[str, Any]) -> None: ...
    def queue_items(self, queue: str) -> dict[str, dict[str, Any]]: ...
    def queue_remove(self, queue: str, key: str) -> None: ...

    # --- desk records: the in-house guest list, outboxes, postings, work orders -----
    # One collection of documents per kind (a lower-case id), read and changed whole.
    def records(self, kind: str) -> dict[str, dict[str, Any]]: ...
    def change_records(self, kind: str, change: Callable[[dict[str, dict[str, Any]]], R],
                       actor: str, action: str, subject: str,
                       detail: dict[str, Any] | None = None) -> R:
        """Under the store lock: read the collection, let ``change`` alter it in
        place (raising abandons the change), write it whole with one audit entry."""
        ...

    # --- audit -----------------------------------------------------------------------
    def audit(self, actor: str, action: str, subject: str,
              detail: dict[str, Any] | None = None) -> None: ...
    def audit_entries(self, after: int = 0) -> list[dict[str, Any]]:
        """Entries with a sequence number above ``after``, in order of ``seq`` (1, 2, …:
        stable, never reused)."""
        ...

    # --- reading the record in bulk ----------------------------------------------------
    def history(self, since: datetime | None = None,
                until: datetime | None = None) -> Iterator[IncidentDigest]:
        """Digests of the incidents reported in [since, until), oldest first (reports)."""
        ...
    def report_days(self, summarize: Callable[[list[IncidentDigest]], Any], stamp: str,
                    since: datetime | None = None, until: datetime | None = None,
                    combine: Callable[[list[Any]], Any] | None = None
                    ) -> Iterator[tuple[Any, list[IncidentDigest]]]:
        """The same incidents day by day: ``(summary, [])`` for a day wholly inside the
        period (``summarize``'s plain-data answer, kept under ``stamp``), ``(None,
        digests)`` for the period's edge days and what the log holds; with ``combine``,
        a past year wholly inside the period as one ``(combined summary, [])``."""
        ...

    # --- maintenance -----------------------------------------------------------------
    def settle(self) -> None:
        """Bring the store's files up to date with its write-ahead log."""
        ...
    def verify(self) -> list[str]: ...  # problems; empty when all is well
    def check(self) -> VerifyReport: ...  # verify, with counts and warnings
    def backup(self, dest: Path) -> None: ...
