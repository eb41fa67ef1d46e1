"""Compile the message catalogues when the package is built or installed (editable too),
so every install has the ``.mo`` files the kiosk reads, while only the ``.po`` sources are
kept in version control."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("kiosk") / "locale"


def compile_catalogues(root: Path) -> list[Path]:
    """Write ``kiosk.mo`` beside each ``kiosk.po``; fuzzy (unreviewed) entries stay out,
    as with ``pybabel compile``."""
    written = []
    for po_path in sorted((root / LOCALE).glob("*/LC_MESSAGES/kiosk.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


class CatalogueBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo_path in compile_catalogues(root):
            # Ignored by git, so named as an artifact for the wheel to carry them.
            build_data["artifacts"].append(mo_path.relative_to(root).as_posix())
