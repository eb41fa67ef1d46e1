"""Policy bundles: head office publishes a checked policy folder for a group (version,
content hash, and which files a property may keep its own copy of); a property pulls
the latest into a folder of its own, where the usual check and local publish apply.
``property.toml`` is always the property's own: it says who the property is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg
import tomlkit
from psycopg.types.json import Jsonb
from tomlkit.exceptions import TOMLKitError

from kiosk.chain.link import connect
from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_read import POLICY_FILES

ALWAYS_LOCAL = "property.toml"


class Bundle(Value):
    group: str
    version: str
    bundle_hash: str
    overridable: tuple[str, ...]
    files: dict[str, str]  # file name → text
    effective: date | None = None  # None: published before bundles carried it


def _failed(exc: psycopg.Error) -> ChainError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return ChainError(_("head office's policy store failed: {why}").format(why=first))


def publish_bundle(dsn: str, folder: Path, group: str, overridable: list[str]) -> Bundle:
    """Check ``folder`` (``PolicyError`` when broken) and store it for ``group``. The
    same version published again with the same content changes nothing; with other
    content it is refused (a property must be able to trust a version number)."""
    policy = load_policy(folder)
    unknown = sorted(set(overridable) - set(POLICY_FILES))
    if unknown:
        raise ChainError(_("not a policy file: {unknown} (expected some of {expected})").format(
            unknown=', '.join(unknown), expected=', '.join(POLICY_FILES)))
    files = {name: (folder / name).read_text(encoding="utf-8") for name in POLICY_FILES
             if name != ALWAYS_LOCAL}
    parts = tuple(sorted({*overridable, ALWAYS_LOCAL}))
    try:
        with connect(dsn, autocommit=True) as conn, conn.transaction():
            conn.execute("INSERT INTO policy_bundle (group_name, version, bundle_hash, "
                         "overridable, files, effective) VALUES (%s, %s, %s, %s, %s, %s) "
                         "ON CONFLICT DO NOTHING",
                         (group, policy.version, policy.policy_hash, list(parts), Jsonb(files),
                          policy.effective))
            row = conn.execute("SELECT bundle_hash FROM policy_bundle WHERE group_name = %s "
                               "AND version = %s", (group, policy.version)).fetchone()
    except psycopg.Error as exc:
        raise _failed(exc) from None
    if row is None or row[0] != policy.policy_hash:
        raise ChainError(_("version {version} is already published for {group} with other "
                           "content; give this policy a new version").format(
            version=policy.version, group=group))
    return Bundle(group, policy.version, policy.policy_hash, parts, files, policy.effective)


def latest_bundle(dsn: str, group: str) -> Bundle:
    try:
        with connect(dsn, autocommit=True) as conn:
            row = conn.execute("SELECT version, bundle_hash, overridable, files, effective "
                               "FROM policy_bundle WHERE group_name = %s "
                               "ORDER BY published_at DESC, version DESC LIMIT 1",
                               (group,)).fetchone()
    except psycopg.Error as exc:
        raise _failed(exc) from None
    if row is None:
        raise ChainError(_("head office has published no policy for {group}").format(group=group))
    version, bundle_hash, parts, files, effective = row
    return Bundle(group, version, bundle_hash, tuple(parts), dict(files), effective)


def stage_bundle(bundle: Bundle, current: Path, dest: Path) -> list[str]:
    """Write the bundle into the empty folder ``dest``, keeping the property's own copy
    of each file the bundle lets it override; the property's own ``property.toml`` takes
    the bundle's version (and effective day), which the property's reports then print.
    Returns the files kept from ``current``."""
    dest.mkdir(parents=True, exist_ok=False)
    kept: list[str] = []
    for name in POLICY_FILES:
        own = current / name
        if name == ALWAYS_LOCAL:
            text = _with_version(own.read_text(encoding="utf-8"), bundle)
            kept.append(name)
        elif name in bundle.overridable and own.is_file():
            text = own.read_text(encoding="utf-8")
            kept.append(name)
        elif name in bundle.files:
            text = bundle.files[name]
        else:
            continue
        (dest / name).write_text(text, encoding="utf-8")
    return kept


def _with_version(text: str, bundle: Bundle) -> str:
    """``property.toml`` with [policy] version (and effective) set to the bundle's, every
    other line as the property wrote it. A file that is not TOML is left for the usual
    check to report."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError:
        return text
    table = doc.get("policy")
    if not isinstance(table, dict):
        return text
    table["version"] = bundle.version
    if bundle.effective is not None:
        table["effective"] = bundle.effective
    return tomlkit.dumps(doc)
