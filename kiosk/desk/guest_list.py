"""The in-house guest list from the property-management system (PMS): import, look-up,
and the guest's earlier incidents.

An import replaces the whole list in one store step, so a terminal never sees half of
one. Each row is checked on its own: a bad row is refused with the reason and the good
ones are taken. A file that cannot be read as a whole (not UTF-8, too big, no header,
a column missing) or that has no acceptable row at all replaces nothing: a broken
export must never empty the desk's list.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.core.clock import implausible_day, plausible_day
from kiosk.core.display import hotel_time
from kiosk.core.errors import ValidationError
from kiosk.core.guest_keys import fold, name_key, room_key, stay_key
from kiosk.core.i18n import _, ngettext
from kiosk.core.models import Guest, Incident, InHouseGuest, from_dict, to_dict
from kiosk.core.plain import Record, Value
from kiosk.core.policy_set import Policy
from kiosk.core.spreadsheet import looks_like_formula
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import (
    LONGEST_STAY_DAYS,
    NAME_MAX,
    before_arrival,
    check_email,
    check_phone,
    clean_for_message,
    clean_room,
    clean_text,
    not_a_letter_language,
)

RECORDS = "in_house"
STAYS = "stays"  # every stay any import listed: whether recovered guests came back
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL = 500
HISTORY_WINDOW = timedelta(days=2 * 365)

COLUMNS = ("name", "address_as", "language", "room", "arrival", "departure", "phone",
           "email", "loyalty_id", "loyalty_tier", "vip")
REQUIRED = ("name", "language", "room", "arrival", "departure")
_ALIASES = {"e_mail": "email", "mail": "email", "guest_name": "name", "room_number": "room",
            "loyalty": "loyalty_id", "tier": "loyalty_tier"}

_LOYALTY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
_TRUE = {"true", "yes", "y", "1", "vip"}
_FALSE = {"false", "no", "n", "0", ""}


class Refusal(Value):
    row: int  # the line in a CSV file (the header is line 1), the position in JSON
    reason: str

    def __str__(self) -> str:
        return _("row {n}: {reason}").format(n=self.row, reason=self.reason)


class ImportResult(Record):
    taken: list[InHouseGuest] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


# --- one cell, one row ---------------------------------------------------------------
def _cell(column: str, value: object, *, max_len: int = MAX_CELL,
          required: bool = False) -> str:
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(_("{field}: must be text").format(field=column))
    text = clean_text(column, str(value), max_len=max_len, min_len=1 if required else 0)
    if looks_like_formula(text) and column != "phone":
        raise ValidationError(_("{field}: '{value}' starts like a spreadsheet formula; not "
                                "accepted").format(field=column,
                                                   value=clean_for_message(text, 20)))
    return text


def _day(column: str, value: object) -> date:
    text = _cell(column, value, max_len=10, required=True)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(_("{field}: '{value}' is not a real date written "
                                "YYYY-MM-DD").format(field=column,
                                                     value=clean_for_message(text, 20))) from None
    if not plausible_day(day):
        raise ValidationError(f"{column}: {implausible_day(day)}")
    return day


def _vip(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _cell("vip", value, max_len=10).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(_("{field}: '{value}' is not yes or no").format(
        field="vip", value=clean_for_message(text, 20)))


def parse_row(policy: Policy, row: Mapping[str, object], today: date) -> InHouseGuest:
    """One checked guest, or ``ValidationError`` naming the first bad column."""
    for column in REQUIRED:
        if row.get(column) in (None, ""):
            raise ValidationError(_("{field}: must not be empty").format(field=column))
    name = _cell("name", row.get("name"), max_len=NAME_MAX, required=True)
    language = _cell("language", row.get("language"), max_len=3, required=True).casefold()
    if language not in policy.property.languages:
        raise ValidationError(not_a_letter_language("language", language,
                                                    policy.property.languages))
    room = clean_room(_cell("room", row.get("room"), max_len=16, required=True))
    arrival, departure = _day("arrival", row.get("arrival")), _day("departure",
                                                                    row.get("departure"))
    if departure < arrival:
        raise ValidationError(before_arrival("departure", arrival, departure))
    if (departure - arrival).days > LONGEST_STAY_DAYS:
        raise ValidationError(_("{field}: a stay of more than {n} days is not "
                                "plausible").format(field="departure", n=LONGEST_STAY_DAYS))
    if departure < today:
        raise ValidationError(_("{field}: {departure} is in the past; the guest is no "
                                "longer in house").format(field="departure",
                                                          departure=departure.isoformat()))
    phone = check_phone("phone", _cell("phone", row.get("phone"), max_len=30))
    email = check_email("email", _cell("email", row.get("email"), max_len=254))
    loyalty_id = _cell("loyalty_id", row.get("loyalty_id"), max_len=40)
    if loyalty_id and not _LOYALTY_RE.fullmatch(loyalty_id):
        raise ValidationError(_("{field}: '{value}' is not a loyalty number (letters, "
                                "digits and -)").format(field="loyalty_id",
                                                        value=clean_for_message(loyalty_id)))
    return InHouseGuest(
        name=name, language=language, room=room, arrival=arrival, departure=departure,
        address_as=_cell("address_as", row.get("address_as"), max_len=NAME_MAX),
        phone=phone, email=email, loyalty_id=loyalty_id,
        loyalty_tier=_cell("loyalty_tier", row.get("loyalty_tier"), max_len=40),
        vip=_vip(row.get("vip")),
    )


# --- whole files ---------------------------------------------------------------------
def _column(header: str) -> str:
    key = re.sub(r"[\s-]+", "_", header.strip().casefold())
    return _ALIASES.get(key, key)


def _csv_rows(data: bytes) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(_("the file is not UTF-8 text (line {line}); export it from "
                                "the PMS as UTF-8").format(line=line)) from None
    if "\x00" in text:
        raise ValidationError(_("the file holds binary data (NUL bytes), not a CSV export"))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096],
                                                                        ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ValidationError(_("the file is empty; expected a header line naming the "
                                    "columns ({columns})").format(columns=", ".join(COLUMNS)))
        columns = [_column(h) for h in header]
        rows: list[tuple[int, dict[str, object]]] = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ValidationError(_too_many_rows())
            line = reader.line_num
            if len(cells) != len(columns):
                rows.append((line, {"__shape__": _("{n} cells where the header has "
                                                   "{columns}").format(n=len(cells),
                                                                       columns=len(columns))}))
                continue
            rows.append((line, dict(zip(columns, cells, strict=True))))
    except csv.Error as exc:
        raise ValidationError(_("not a readable CSV file (line {line}): {problem}").format(
            line=reader.line_num, problem=exc)) from None
    return rows, columns


def _json_rows(document: Any) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    if isinstance(document, dict) and set(document) == {"guests"}:
        document = document["guests"]
    if not isinstance(document, list):
        raise ValidationError(_("expected a JSON list of guests (or {example})").format(
            example='{"guests": [...]}'))
    if len(document) > MAX_ROWS:
        raise ValidationError(_too_many_rows())
    rows: list[tuple[int, dict[str, object]]] = []
    columns: set[str] = set()
    for n, item in enumerate(document, 1):
        if not isinstance(item, dict):
            rows.append((n, {"__shape__": _("not an object with the guest's fields")}))
            continue
        named = {_column(str(k)): v for k, v in item.items()}
        columns |= named.keys()
        rows.append((n, named))
    return rows, sorted(columns)


def read_guest_file(policy: Policy, rows: list[tuple[int, dict[str, object]]],
                    columns: Iterable[str], today: date) -> ImportResult:
    """Every row checked; a second guest for a room already taken is refused."""
    seen = set(columns)
    if rows:
        missing = [c for c in REQUIRED if c not in seen]
        if missing:
            raise ValidationError(ngettext(
                "missing column: {missing} (expected {columns})",
                "missing columns: {missing} (expected {columns})", len(missing)).format(
                    missing=", ".join(missing), columns=", ".join(COLUMNS)))
    result = ImportResult(ignored_columns=sorted(seen - set(COLUMNS)))
    rooms: dict[str, int] = {}
    for line, row in rows:
        shape = row.get("__shape__")
        if isinstance(shape, str):
            result.refused.append(Refusal(line, shape))
            continue
        try:
            guest = parse_row(policy, row, today)
        except ValidationError as exc:
            result.refused.append(Refusal(line, str(exc)))
            continue
        key = room_key(guest.room)
        if key in rooms:
            result.refused.append(Refusal(line, _(
                "{field}: {room} is already given to the guest on row {n}").format(
                    field="room", room=guest.room, n=rooms[key])))
            continue
        rooms[key] = line
        result.taken.append(guest)
    return result


def parse_csv(policy: Policy, data: bytes, today: date) -> ImportResult:
    _check_size(data)
    rows, columns = _csv_rows(data)
    return read_guest_file(policy, rows, columns, today)


def parse_json(policy: Policy, document: Any, today: date) -> ImportResult:
    rows, columns = _json_rows(document)
    return read_guest_file(policy, rows, columns, today)


def _check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("the file is larger than {value} MB; is this the in-house "
                                "list?").format(value=MAX_FILE_BYTES // (1024 * 1024)))


def _too_many_rows() -> str:
    return _("more than {n} guests in one file; is this the in-house list?").format(
        n=MAX_ROWS)


def hotel_today(desk: Desk) -> date:
    return hotel_time(desk.policy, desk.now()).date()


def replace_list(desk: Desk, result: ImportResult, actor: str, source: str) -> None:
    """Put ``result.taken`` in place of the in-house list, in one store step."""
    if not result.taken:
        raise ValidationError(_("no row could be taken; the in-house list is unchanged"))
    fresh = {room_key(g.room): to_dict(g) for g in result.taken}

    def change(docs: dict[str, dict[str, Any]]) -> None:
        docs.clear()
        docs.update(fresh)

    desk.store.change_records(RECORDS, change, actor, "guests.import", RECORDS,
                              {"taken": len(result.taken), "refused": len(result.refused),
                               "source": source[:120]})
    stays = {stay_key(g.name, g.room, g.arrival): {
        "guest_key": name_key(g.name), "loyalty_id": g.loyalty_id,
        "arrival": g.arrival.isoformat(), "departure": g.departure.isoformat()}
        for g in result.taken}

    def remember(docs: dict[str, dict[str, Any]]) -> int:
        new = stays.keys() - docs.keys()
        docs.update(stays)
        return len(new)

    # The list above is replaced; the stays it names are kept, for "did they return".
    desk.store.change_records(STAYS, remember, actor, "guests.stays", STAYS,
                              {"stays": len(stays)})


def stays_history(desk: Desk) -> list[tuple[str, str, str]]:
    """(name key, loyalty id, arrival) of every stay an import listed."""
    return [(d["guest_key"], d["loyalty_id"], d["arrival"])
            for d in desk.store.records(STAYS).values()]


# --- at the desk ---------------------------------------------------------------------
def in_house(desk: Desk) -> list[InHouseGuest]:
    guests = [from_dict(InHouseGuest, d) for d in desk.store.records(RECORDS).values()]
    return sorted(guests, key=lambda g: room_key(g.room))


def find_in_house(desk: Desk, query: str, limit: int = 10) -> list[InHouseGuest]:
    """The in-house guests a typed room or name prefix points to: the room itself
    first, then names whose first or any later word starts with what was typed."""
    wanted, wanted_room = fold(query), room_key(query)
    if not wanted:
        return []
    room, by_name = [], []
    for guest in in_house(desk):
        name = fold(guest.name)
        if wanted_room and room_key(guest.room) == wanted_room:
            room.append(guest)
        elif name.startswith(wanted) or any(w.startswith(wanted) for w in name.split()):
            by_name.append(guest)
    return (room + sorted(by_name, key=lambda g: fold(g.name)))[:limit]


def as_guest(guest: InHouseGuest) -> Guest:
    """What intake fills in from the list."""
    return Guest(name=guest.name, language=guest.language, room=guest.room,
                 arrival=guest.arrival, departure=guest.departure,
                 loyalty_id=guest.loyalty_id, contact=guest.contact,
                 address_as=guest.address_as, phone=guest.phone, email=guest.email)


def _contact_key(value: str) -> str:
    value = value.strip().casefold()
    if "@" in value:
        return value
    digits = "".join(c for c in value if c.isdigit())
    return digits if len(digits) >= 6 else ""


def _contact_keys(guest: Guest | InHouseGuest) -> set[str]:
    values = [guest.phone, guest.email]
    if isinstance(guest, Guest):
        values.append(guest.contact)
    return {k for k in map(_contact_key, values) if k}


def history(desk: Desk, guest: Guest | InHouseGuest,
            now: datetime | None = None) -> list[Incident]:
    """This guest's earlier incidents, newest first: the same loyalty id, phone or
    e-mail in the last two years, and any under the same name."""
    moment = now or desk.now()
    contacts = _contact_keys(guest)
    name = guest.name.strip()
    found: dict[str, Incident] = ({i.id: i for i in desk.store.guest_incidents(name)}
                                  if name else {})
    if guest.loyalty_id or contacts:
        for incident in desk.store.iter_incidents(since=moment - HISTORY_WINDOW):
            g = incident.guest
            if (guest.loyalty_id and g.loyalty_id == guest.loyalty_id) or \
                    (contacts and _contact_keys(g) & contacts):
                found[incident.id] = incident
    return sorted(found.values(), key=lambda i: i.reported_at, reverse=True)
