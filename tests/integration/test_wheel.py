"""A built wheel carries the compiled catalogues: the build hook compiles every .po it
finds (the .mo files are not in version control), so a hotel that installs the wheel
reads the screens in Armenian and Swahili too."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT

SOURCES = ("kiosk", "policies", "letters", "pyproject.toml", "hatch_build.py", "README.md")


def test_a_built_wheel_carries_the_compiled_catalogues(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in SOURCES:  # a clean copy: no .mo left over from a development install
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name,
                            ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    assert not list(tree.rglob("*.mo"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path / "dist"), str(tree)],
        capture_output=True, text=True, timeout=240, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("kiosk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for lang in ("en", "hy", "sw"):
            assert f"kiosk/locale/{lang}/LC_MESSAGES/kiosk.mo" in names
        archive.extractall(tmp_path / "installed", [n for n in names if n.endswith(".mo")])
    armenian = gettext.translation("kiosk", localedir=tmp_path / "installed/kiosk/locale",
                                   languages=["hy"])
    assert armenian.gettext("Not possible") == "Հնարավոր չէ"
