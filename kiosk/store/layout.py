"""Where things live inside a store folder, and how keys are normalised.

    kiosk-store.json        format version (a folder without it is not a store)
    .lock                   the inter-process lock
    wal.log, .tmp-*         the write-ahead log and files being put in place (files.py)
    backup-complete.json    in a backup: written last (backup-incomplete until then)
    incidents/YYYY/YYYY-MM-DD.json   one TinyDB file per day of report
    index/active.json       incidents not yet closed, recent compensation per staff,
                            the head of the audit chain
    index/kNNNN.json        ref, guest (and stay), room (by year) and odd-id look-ups,
                            by hash
    staff.json, drafts.json, queues.json
    records/KIND.json       desk records kept whole: the in-house guest list, the
                            notification outbox, postings, work orders
    audit/NNNNNN.json       the hash-chained audit trail, in segments
    letters/                issued letter files
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime

from ulid_transform import ulid_at_time, ulid_to_timestamp

from kiosk.core import guest_keys

FORMAT_FILE = "kiosk-store.json"
FORMAT_NAME = "kiosk-store"
FORMAT_VERSION = 2  # 2: 4,096 key shards, a room's entries by year (1 is upgraded)
LOCK_FILE = ".lock"

INCIDENTS_DIR = "incidents"
ACTIVE_INDEX = "index/active.json"
INDEX_DIR = "index"
KEY_SHARDS = 4096  # about 8 KB each at 100,000 incidents: a save reads and writes four
STAFF_FILE = "staff.json"
DRAFTS_FILE = "drafts.json"
QUEUES_FILE = "queues.json"
RECORDS_DIR = "records"
AUDIT_DIR = "audit"
AUDIT_HEAD = ACTIVE_INDEX  # table "audit_head": kept with the index written every step
AUDIT_SEGMENT = 200  # entries per audit file: bounded, whatever the years
LETTERS_DIR = "letters"
BULK_MARKER = "bulk-load-in-progress"
SNAPSHOTS_DIR = ".snapshots"  # hard-linked views for verify and backup
BACKUP_PARTIAL = "backup-incomplete"  # stands in a backup folder until the copy is whole
BACKUP_DONE = "backup-complete.json"  # written last: when, how many files, the head

# Files and folders a store may hold; anything else in a folder means it is not ours.
KNOWN_NAMES = {FORMAT_FILE, LOCK_FILE, "wal.log", INCIDENTS_DIR, INDEX_DIR, "cache",
               STAFF_FILE, DRAFTS_FILE, QUEUES_FILE, RECORDS_DIR, AUDIT_DIR, LETTERS_DIR,
               BULK_MARKER, SNAPSHOTS_DIR, BACKUP_PARTIAL, BACKUP_DONE}


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


_DAY_FILES: dict[date, str] = {}  # a few thousand days at most: names made once


def partition_of(reported_at: datetime | str) -> str:
    """The day file an incident lives in, by its (UTC) report time."""
    if isinstance(reported_at, str):
        reported_at = datetime.fromisoformat(reported_at)
    day = as_utc(reported_at).date()
    name = _DAY_FILES.get(day)
    if name is None:
        name = _DAY_FILES[day] = f"{INCIDENTS_DIR}/{day.year:04d}/{day.isoformat()}.json"
    return name


def audit_segment(seq: int) -> str:
    return f"{AUDIT_DIR}/{(seq - 1) // AUDIT_SEGMENT:06d}.json"


def key_shard(kind: str, key: str) -> str:
    """The index file holding ``key``. A stay lives with its guest's name, so a save
    touches one file for both."""
    if kind == "stay":
        kind, key = "guest", key.partition("|")[0]
    # CRC-32 spreads keys as evenly as a cryptographic hash (nothing here is secret),
    # at a fifth of the cost: verify works out the shard of every key in the store.
    shard = zlib.crc32(f"{kind}\0{key}".encode()) % KEY_SHARDS
    name = _SHARD_FILES.get(shard)
    if name is None:
        name = _SHARD_FILES[shard] = f"{INDEX_DIR}/k{shard:04d}.json"
    return name


# Names made as they are first needed: all 4,096 at import would cost every command
# a few milliseconds, for the four a save touches.
_SHARD_FILES: dict[int, str] = {}


def room_year_key(room: str, part: str) -> str:
    """A room's index key for the incidents of one year (that of day file ``part``): a
    room's whole history would grow with the years, and every save rewrites the entry
    of its room."""
    return room_in_year(norm_room(room), day_file_year(part))


def room_in_year(room: str, year: str) -> str:
    """The index key of an already normalised ``room``'s incidents of ``year``."""
    return f"{room}|{year}"


def day_file_year(part: str) -> str:
    """``incidents/2026/2026-12-03.json`` → ``2026``."""
    return part.split("/")[1]




# A ULID: 26 letters of Crockford's base32, the first at most 7 (48 bits of time).
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}", re.IGNORECASE)


def new_incident_id(now: datetime) -> str:
    """A ULID for an incident reported ``now``: sortable, unique across terminals."""
    return str(ulid_at_time(now.timestamp()))


def id_partition(incident_id: str) -> str | None:
    """The day file a ULID's own time points to: where its incident normally is."""
    if not _ULID.fullmatch(incident_id):
        return None
    try:
        at = datetime.fromtimestamp(ulid_to_timestamp(incident_id) / 1000, UTC)
    except (ValueError, OverflowError):  # beyond the calendar's last year
        return None
    return partition_of(at)


# Guest names and rooms match by the one rule in core (case, spacing, Unicode forms,
# invisible characters, a room's punctuation).
norm_name = guest_keys.name_key
norm_room = guest_keys.room_key


_REF_FIX = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def norm_ref(ref: str) -> str:
    """A desk reference as typed: any case; O/I/L read as 0/1 (Crockford base32)."""
    return ref.strip().upper().translate(_REF_FIX)
