"""The line to head office: where its connection string comes from, connecting with a
bounded wait, and bringing the schema up to date through versioned migrations."""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
from yoyo import read_migrations
from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend
from yoyo.connections import DatabaseURI
from yoyo.exceptions import LockTimeout

from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.policy_parts import ChainLink

DSN_ENV = "KIOSK_CHAIN_DSN"
CONNECT_TIMEOUT = 5  # seconds: a desk never waits longer for a dead line
MIGRATION_TABLE = "_chain_migrations"

_migrated: set[str] = set()
_migrated_lock = threading.Lock()


def chain_dsn(link: ChainLink | None, policy_folder: Path | None = None,
              dsn_file: Path | None = None) -> str | None:
    """KIOSK_CHAIN_DSN wins, then a file named on the command line, then the policy's
    ``dsn_file`` (relative to the policy folder), then its ``dsn``; None when the
    property has no chain."""
    if os.environ.get(DSN_ENV):
        return os.environ[DSN_ENV].strip()
    if dsn_file is None and link is not None and link.dsn_file:
        dsn_file = Path(link.dsn_file)
        if not dsn_file.is_absolute() and policy_folder is not None:
            dsn_file = policy_folder / dsn_file
    if dsn_file is not None:
        try:
            return dsn_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ChainError(_("cannot read the chain's connection file {file}: {why}").format(
                file=dsn_file, why=exc.strerror or exc)) from None
    if link is not None and link.dsn:
        return link.dsn
    return None


def _described(exc: Exception) -> str:
    """The first line of a driver error, which never holds the password."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        raise ChainError(_("the chain's connection string is not valid")) from None
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    params.setdefault("application_name", "kiosk")
    try:
        conn = psycopg.connect(psycopg.conninfo.make_conninfo("", **params),
                               autocommit=autocommit)
    except psycopg.Error as exc:
        raise ChainError(_("head office is not reachable: {why}").format(
            why=_described(exc))) from None
    migrate(dsn)
    return conn


def _migration_backend(dsn: str) -> PostgresqlPsycopgBackend:
    """yoyo's psycopg 3 backend, given a libpq connection string rather than a URI."""
    params = {k: v for k, v in psycopg.conninfo.conninfo_to_dict(dsn).items()
              if v is not None}
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    uri = DatabaseURI("postgresql+psycopg", params.pop("user", None),
                      params.pop("password", None), params.pop("host", None),
                      params.pop("port", None), params.pop("dbname", None), params)
    backend = PostgresqlPsycopgBackend(uri, MIGRATION_TABLE)
    backend.init_database()
    return backend


def migrations_folder() -> Path:
    return Path(str(resources.files("kiosk.chain") / "migrations"))


def migrate(dsn: str) -> None:
    """Apply the migrations this kiosk knows and the database lacks (once per process
    and database; yoyo's lock makes two terminals starting together safe)."""
    with _migrated_lock:
        if dsn in _migrated:
            return
        try:
            backend = _migration_backend(dsn)
            try:
                migrations = read_migrations(str(migrations_folder()))
                with backend.lock():
                    backend.apply_migrations(backend.to_apply(migrations))
            finally:
                backend.connection.close()
        except (psycopg.Error, LockTimeout) as exc:
            raise ChainError(_("cannot bring head office's schema up to date: {why}").format(
                why=_described(exc))) from None
        _migrated.add(dsn)

