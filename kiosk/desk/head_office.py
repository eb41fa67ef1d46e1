"""Head office's use cases: the chain report. Head office may have no store of its own;
its line to the database comes from KIOSK_CHAIN_DSN, a connection file, or the [chain]
section of the policy folder it is given."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from kiosk.chain.link import chain_dsn
from kiosk.chain.report import ChainReport, chain_report
from kiosk.config import Settings
from kiosk.core.errors import ChainError, PolicyError
from kiosk.core.i18n import _
from kiosk.core.policy_load import load_policy


def head_office_dsn(settings: Settings, dsn_file: Path | None = None) -> str:
    link = None
    if dsn_file is None:
        try:
            link = load_policy(settings.policies).chain
        except PolicyError:
            link = None  # head office's own folder need not be a property's
    dsn = chain_dsn(link, settings.policies, dsn_file)
    if not dsn:
        raise ChainError(_("no chain to report on: set {variable}, pass {flag}, or add a "
                           "{section} section to {file}").format(
            variable="KIOSK_CHAIN_DSN", flag="--dsn-file", section="[chain]",
            file="property.toml"))
    return dsn


def run_chain_report(settings: Settings, since: date | None, until: date | None,
                     properties: list[str], dsn_file: Path | None = None,
                     now: datetime | None = None) -> ChainReport:
    return chain_report(head_office_dsn(settings, dsn_file), now or datetime.now(UTC),
                        since, until, properties)
