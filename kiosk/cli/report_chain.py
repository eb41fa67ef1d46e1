"""`kiosk report --chain`: head office's report as text, apart from `kiosk report` so that
a property's own report never loads PostgreSQL's driver or the chain's figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.chain.render import render_chain_csv, render_chain_json, render_chain_table
from kiosk.config import Settings
from kiosk.desk.head_office import run_chain_report


def chain_text(settings: Settings, since: date | None, until: date | None,
               properties: list[str], dsn_file: Path | None, fmt: str) -> str:
    figures = run_chain_report(settings, since, until, properties, dsn_file)
    render = {"table": render_chain_table, "csv": render_chain_csv,
              "json": render_chain_json}[fmt]
    return render(figures)
