"""Bulk read path for reports: incident digests, cached per day file.

A report over ten years cannot rebuild 100,000 full incidents each time, so digests
(kiosk.core.digest) are kept in ``cache/digests/YEAR.bin`` beside the day files, each
day's entry stamped with the day file's identity (inode, size, mtime). A day file that
changed since (today's, usually) is read again and its entry replaced; the rest come
from the cache. The cache is derived data: deleting the folder only makes the next
report slower. Day files are replaced atomically by the store, so reading one without
the lock always sees a whole version of it. The cache is in Python's ``marshal``
format (plain tuples and strings), several times faster to read than JSON; a cache
file that does not read back is simply rebuilt.

``iter_days`` keeps one more thing per day beside them, in ``cache/days/YEAR.bin``: the
caller's summary of the day (the report's partial figures, kiosk.reports.compute), so a
report over ten years merges some 3,650 summaries instead of reading 100,000 digests.
Given a way to combine summaries, it also keeps each year's summary of its days in
``cache/years/YEAR.bin``, stamped with every day file's identity: a period that takes a
past year whole reads one summary for it, not 365.

A store's first report has all of these to make; its years are made at once in worker
processes, one per core (``_build_apart``), each year's files exactly as one process
alone would write them.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from kiosk.core.collection import collection_paused
from kiosk.core.digest import (
    DIGEST_VERSION,
    IncidentDigest,
    from_plain,
    plain_from_document,
)
from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store import apart
from kiosk.store.files import ensure_dir, identity, write_atomic
from kiosk.store.layout import FORMAT_VERSION, INCIDENTS_DIR, partition_of
from kiosk.store.tables import INCIDENTS, load

CACHE_DIR = "cache/digests"
DAYS_DIR = "cache/days"  # each day's summary for a report, beside the digests
YEARS_DIR = "cache/years"  # each year's summary, when the caller can combine them
STAMP = f"digest-{DIGEST_VERSION}/store-{FORMAT_VERSION}"


def _day_files(root: Path) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    """Day files by year folder, in date order: store-relative path and identity (as
    ``kiosk.store.files.identity`` gives it), from one directory scan per year."""
    by_year: dict[str, list[tuple[str, tuple[int, ...]]]] = defaultdict(list)
    try:
        years = sorted(e.name for e in os.scandir(root / INCIDENTS_DIR)
                       if e.is_dir() and e.name.isdigit())
    except FileNotFoundError:
        return {}
    for year in years:
        entries = []
        for entry in os.scandir(root / INCIDENTS_DIR / year):
            if entry.name[:1].isdigit() and entry.name.endswith(".json"):
                st = entry.stat()
                entries.append((f"{INCIDENTS_DIR}/{year}/{entry.name}",
                                (st.st_ino, st.st_size, st.st_mtime_ns)))
        by_year[year] = sorted(entries)
    return by_year


def _load_cache(path: Path, stamp: str = STAMP) -> dict[str, Any]:
    try:
        # Only kiosk users can write the store folder, and they can edit incidents
        # anyway: this file is no more trusted than the day files beside it.
        data = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return {}  # missing or damaged: rebuilt from the day files
    if isinstance(data, dict) and data.get("stamp") == stamp and isinstance(
            data.get("days"), dict):
        days: dict[str, Any] = data["days"]
        return days
    return {}


def _digest_rows(docs: Iterable[Any], rel: str) -> list[Any]:
    """The documents' digests as the cache keeps them (``to_plain``), by report time."""
    try:
        return sorted(map(plain_from_document, docs), key=_REPORTED)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise StoreError(_("corrupt store file {rel}: an incident cannot be read ({why})").format(
            rel=rel, why=exc)
                         ) from None


_REPORTED = itemgetter(IncidentDigest._fields.index("reported"))


def _incidents(raw: bytes, rel: str) -> dict[str, Any]:
    """A day file's incident documents. orjson reads day files about twice as fast as
    the standard library (measured on 100,000 incidents); what it refuses (a lone
    surrogate escape the standard library accepts, or a damaged file) goes through the
    store's own reader, which accepts the one and names the file for the other."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = load(raw, rel)
    rows = data.get(INCIDENTS, {}) if isinstance(data, dict) else None
    if not isinstance(rows, dict) or not all(isinstance(d, dict) for d in rows.values()):
        return load(raw, rel).get(INCIDENTS, {})  # not a store file: the store says why
    return rows


def _read_day(root: Path, rel: str) -> tuple[list[Any], tuple[int, ...]] | None:
    """The day's digests (plain, by report time) and the identity they were read at."""
    path = root / rel
    before = identity(path)
    if before is None:
        return None
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    rows = _digest_rows(_incidents(raw, rel).values(), rel)
    stamp = tuple(before) if identity(path) == before else ()  # changed under us: no cache
    return rows, stamp


def iter_digests(root: Path, since: datetime | None = None, until: datetime | None = None,
                 fresh: Mapping[str, Mapping[str, Any]] | None = None
                 ) -> Iterator[IncidentDigest]:
    """Digests of incidents reported in [since, until), oldest first. ``fresh`` holds
    the day files the log has changed (rel → incident rows), read instead of the disk."""
    fresh = fresh or {}
    low, high = _edges(since, until)
    since_ts = since.timestamp() if since is not None else None
    until_ts = until.timestamp() if until is not None else None
    for year, days, wanted in _years(root, fresh, low, high):
        cache_path = root / CACHE_DIR / f"{year}.bin"
        with collection_paused():
            cache = _load_cache(cache_path)
            entries, dirty = _year_entries(root, wanted, cache, fresh)
        for rel, entry in entries:
            if low < rel < high:  # a day wholly inside the period: no checks
                yield from map(from_plain, entry["rows"])
                continue
            for row in entry["rows"]:
                digest = from_plain(row)
                if since_ts is not None and digest.reported < since_ts:
                    continue
                if until_ts is not None and digest.reported >= until_ts:
                    continue
                yield digest
        gone = set(cache) - {rel for rel, _ in days}
        for rel in gone:
            del cache[rel]
        if dirty or gone:
            _save_cache(root, cache_path, cache)


Days = list[tuple[str, tuple[int, ...]]]


def _edges(since: datetime | None, until: datetime | None) -> tuple[str, str]:
    """The first and last day files of [since, until), as their store-relative paths."""
    return (partition_of(since) if since is not None else "",
            partition_of(until) if until is not None else "~")


def _years(root: Path, fresh: Mapping[str, Any], low: str, high: str
           ) -> Iterator[tuple[str, Days, Days]]:
    """Each year with any day in [low, high]: its days and those wanted, in order."""
    by_year = _with_fresh(_day_files(root), fresh)
    for year in sorted(by_year):
        days = sorted(by_year[year])
        wanted = [(rel, ident) for rel, ident in days if low <= rel <= high]
        if wanted:
            yield year, days, wanted


def _with_fresh(by_year: dict[str, list[tuple[str, tuple[int, ...]]]],
                fresh: Mapping[str, Any]) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    """The day files by year, with the days only the log holds so far."""
    for rel in fresh:
        year = rel.split("/")[1]
        if rel not in {r for r, _ in by_year.get(year, [])}:
            by_year.setdefault(year, []).append((rel, ()))
    return by_year


def iter_days(root: Path, summarize: Callable[[list[IncidentDigest]], Any], stamp: str,
              since: datetime | None = None, until: datetime | None = None,
              fresh: Mapping[str, Mapping[str, Any]] | None = None,
              combine: Callable[[list[Any]], Any] | None = None
              ) -> Iterator[tuple[Any, list[IncidentDigest]]]:
    """The incidents reported in [since, until) day by day, oldest first: a day wholly
    inside the period comes as ``(summarize(its digests), [])``, the summary kept in
    ``cache/days/YEAR.bin`` stamped with the day file's identity and ``stamp`` (the
    caller's version of what a summary holds); the period's first and last days, and
    the days the log has changed (``fresh``, as for ``iter_digests``), come as
    ``(None, their digests)``. A summary must be plain data (what ``marshal`` keeps).
    With ``combine`` (the summaries of consecutive days, oldest first, made one), a year
    whose every day is inside the period and none in the log comes as one
    ``(combine(its days' summaries), [])``, kept in ``cache/years/YEAR.bin``; and the
    past years the period takes whole from its start, before the store's newest year
    (the one the desk is writing), come as one summary of them all, kept in
    ``cache/years/past.bin``.
    Like the digests, the summaries are derived: deleting them costs time only."""
    fresh = fresh or {}
    low, high = _edges(since, until)
    full_stamp = f"{STAMP}/days/{stamp}"
    years = [(year, days, wanted,
              combine is not None and len(wanted) == len(days)
              and all(low < rel < high and rel not in fresh for rel, _ in days))
             for year, days, wanted in _years(root, fresh, low, high)]
    _build_apart(root, years, summarize, full_stamp, fresh, combine, since, until)
    past = 0
    while past < len(years) - 1 and years[past][3] and years[past][0] != _newest(root):
        past += 1
    if combine is not None and past >= 2:
        yield _past_years(root, years[:past], combine, summarize, full_stamp, fresh), []
        years = years[past:]
    for year, days, wanted, whole in years:
        yield from _one_year(root, year, days, wanted, whole, summarize, full_stamp, fresh,
                             combine, since, until)


def _one_year(root: Path, year: str, days: Days, wanted: Days, whole: bool,
              summarize: Callable[[list[IncidentDigest]], Any], full_stamp: str,
              fresh: Mapping[str, Mapping[str, Any]],
              combine: Callable[[list[Any]], Any] | None, since: datetime | None,
              until: datetime | None) -> Iterator[tuple[Any, list[IncidentDigest]]]:
    """One year as ``iter_days`` gives it: whole as one summary, or day by day."""
    if combine is None or not whole:
        yield from _days_of(root, year, days, wanted, summarize, full_stamp, fresh, since,
                            until)
    else:
        yield _whole_year(root, year, days, combine, summarize, full_stamp, fresh), []


# What the worker processes build: the arguments of ``_build_apart``, inherited by fork.
_APART: tuple[Any, ...] = ()


def _build_apart(root: Path, years: list[tuple[str, Days, Days, bool]],
                 summarize: Callable[[list[IncidentDigest]], Any], full_stamp: str,
                 fresh: Mapping[str, Mapping[str, Any]],
                 combine: Callable[[list[Any]], Any] | None,
                 since: datetime | None, until: datetime | None) -> None:
    """Years that never kept their summaries (a first report), built in worker
    processes at once (kiosk.store.apart), each writing its years' caches as the
    caller's own pass would; that pass then finds them kept, and builds what a worker
    that failed left undone."""
    global _APART
    ways = apart.cores()
    never = [i for i, (year, _days, _wanted, whole) in enumerate(years)
             if not (root / (YEARS_DIR if combine is not None and whole else DAYS_DIR)
                     / f"{year}.bin").exists()]
    if len(never) < 2 or not ways or not _writable(root):
        return

    def size(index: int) -> int:
        return sum(ident[1] for _rel, ident in years[index][2] if len(ident) > 1)

    _APART = (root, years, summarize, full_stamp, fresh, combine, since, until)
    try:
        apart.share_out(apart.split(never, size, ways), _build_years)
    finally:
        _APART = ()


def _build_years(share: list[int]) -> None:
    for index in share:
        _build_year(index)


def _writable(root: Path) -> bool:
    """Whether the caches can be kept: a store this user may only read reports without
    them, and workers would build what no one keeps."""
    try:
        for folder in (CACHE_DIR, DAYS_DIR, YEARS_DIR):
            ensure_dir(root, root / folder)
    except OSError:
        return False
    return all(os.access(root / folder, os.W_OK) for folder in (CACHE_DIR, DAYS_DIR,
                                                                 YEARS_DIR))


def _build_year(index: int) -> None:
    """In a worker: one year's caches, as ``iter_days`` keeps them."""
    root, years, summarize, full_stamp, fresh, combine, since, until = _APART
    year, days, wanted, whole = years[index]
    for _part in _one_year(root, year, days, wanted, whole, summarize, full_stamp, fresh,
                           combine, since, until):
        pass


def _newest(root: Path) -> str:
    """The store's newest year folder: the year the desk is writing."""
    try:
        return max((e.name for e in os.scandir(root / INCIDENTS_DIR)
                    if e.is_dir() and e.name.isdigit()), default="")
    except FileNotFoundError:
        return ""


def _past_years(root: Path, years: list[tuple[str, Days, Days, bool]],
                combine: Callable[[list[Any]], Any],
                summarize: Callable[[list[IncidentDigest]], Any], full_stamp: str,
                fresh: Mapping[str, Mapping[str, Any]]) -> Any:
    """One summary of consecutive whole years, kept while none of their days changed."""
    ids = tuple((year, tuple(days)) for year, days, _wanted, _whole in years)
    path = root / YEARS_DIR / "past.bin"
    with collection_paused():
        kept = _load_cache(path, full_stamp).get("past")
    if isinstance(kept, dict) and kept.get("ids") == ids:
        return kept["sum"]
    parts = [_whole_year(root, year, days, combine, summarize, full_stamp, fresh)
             for year, days, _wanted, _whole in years]
    with collection_paused():
        combined = combine(parts)
    _save_cache(root, path, {"past": {"ids": ids, "sum": combined}}, full_stamp)
    return combined


def _whole_year(root: Path, year: str, days: Days, combine: Callable[[list[Any]], Any],
                summarize: Callable[[list[IncidentDigest]], Any], full_stamp: str,
                fresh: Mapping[str, Mapping[str, Any]]) -> Any:
    """One summary of a year whose every day is wanted, kept while none changed."""
    ids = tuple(days)
    path = root / YEARS_DIR / f"{year}.bin"
    with collection_paused():
        kept = _load_cache(path, full_stamp).get("year")
    if isinstance(kept, dict) and kept.get("ids") == ids:
        return kept["sum"]
    parts = [part for part, _ in _days_of(root, year, days, days, summarize, full_stamp,
                                            fresh, None, None)]
    with collection_paused():
        combined = combine(parts)
    _save_cache(root, path, {"year": {"ids": ids, "sum": combined}}, full_stamp)
    return combined


def _days_of(root: Path, year: str, days: Days, wanted: Days,
             summarize: Callable[[list[IncidentDigest]], Any], full_stamp: str,
             fresh: Mapping[str, Mapping[str, Any]], since: datetime | None,
             until: datetime | None) -> Iterator[tuple[Any, list[IncidentDigest]]]:
    """One year's wanted days, as ``iter_days`` gives them when not taking it whole."""
    low, high = _edges(since, until)
    since_ts = since.timestamp() if since is not None else None
    until_ts = until.timestamp() if until is not None else None
    path = root / DAYS_DIR / f"{year}.bin"
    with collection_paused():
        summaries = _load_cache(path, full_stamp)
    inside = [(rel, ident) for rel, ident in wanted
              if low < rel < high and rel not in fresh]
    stale = [(rel, ident) for rel, ident in inside
             if not isinstance(summaries.get(rel), dict)
             or summaries[rel].get("id") != ident]
    gone = set(summaries) - {rel for rel, _ in days}
    for rel in gone:
        del summaries[rel]
    if stale:
        _summarize(root, year, stale, summaries, summarize, fresh)
    if stale or gone:
        _save_cache(root, path, summaries, full_stamp)
    kept = {rel for rel, _ in inside}
    for rel, _ident in wanted:
        if rel in kept:
            if rel in summaries:  # else the day file went away meanwhile
                yield summaries[rel]["sum"], []
            continue
        rows = _digest_rows(fresh[rel].values(), rel) if rel in fresh else \
            (_read_day(root, rel) or ([], ()))[0]
        digests = [d for d in map(from_plain, rows)
                   if (since_ts is None or d.reported >= since_ts)
                   and (until_ts is None or d.reported < until_ts)]
        yield None, digests


def _summarize(root: Path, year: str, stale: list[tuple[str, tuple[int, ...]]],
               summaries: dict[str, Any], summarize: Callable[[list[IncidentDigest]], Any],
               fresh: Mapping[str, Mapping[str, Any]]) -> None:
    """Summaries of the ``stale`` days from their digests (the digest cache brought up
    to date on the way)."""
    cache_path = root / CACHE_DIR / f"{year}.bin"
    with collection_paused():
        cache = _load_cache(cache_path)
        entries, dirty = _year_entries(root, stale, cache, fresh)
        for rel, entry in entries:
            summaries[rel] = {"id": entry["id"],
                              "sum": summarize(list(map(from_plain, entry["rows"])))}
    if dirty:
        _save_cache(root, cache_path, cache)


def _year_entries(root: Path, wanted: list[tuple[str, tuple[int, ...]]],
                  cache: dict[str, Any], fresh: Mapping[str, Mapping[str, Any]]
                  ) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
    """Each wanted day's cache entry, read again where its day file changed (the cache
    updated in place), and whether anything was read."""
    entries: list[tuple[str, dict[str, Any]]] = []
    dirty = False
    for rel, ident in wanted:
        entry = cache.get(rel)
        if rel in fresh:  # the log has changed it: from the log, not cached
            entry = {"id": (), "rows": _digest_rows(fresh[rel].values(), rel)}
        elif entry is None or entry.get("id") != ident:
            read = _read_day(root, rel)
            if read is None:
                continue
            entry = cache[rel] = {"id": read[1], "rows": read[0]}
            dirty = True
        entries.append((rel, entry))
    return entries, dirty


def _save_cache(root: Path, path: Path, days: dict[str, Any], stamp: str = STAMP) -> None:
    # A read-only store still reports, only without the speed-up.
    with contextlib.suppress(OSError, ValueError):  # ValueError: not plain data
        ensure_dir(root, path.parent)
        write_atomic(path, marshal.dumps({"stamp": stamp, "days": days}))
