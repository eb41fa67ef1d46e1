"""Load a policy folder: read its files, and take the policy validated from exactly
these files before (``policy_cache``), or validate them in full (``policy_validate``),
which reports every problem at once as ``FILE:LINE: dotted.key: message``.

Nothing here raises anything but ``PolicyError``: a missing folder, empty, binary,
non-UTF-8 or syntactically broken files become problems like any other.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.core import policy_cache
from kiosk.core.errors import PolicyError
from kiosk.core.i18n import _
from kiosk.core.policy_read import (
    EXPECTED_FILES,
    MAX_FILE_BYTES,
    POLICY_FILES,
    Folder,
    read_file,
    unknown_files,
)
from kiosk.core.policy_set import Policy

__all__ = ["MAX_FILE_BYTES", "load_policy"]


def load_policy(path: Path | str) -> Policy:
    """Load and validate a policy folder; raise ``PolicyError`` listing every problem."""
    folder = Folder(Path(path))
    if not folder.path.is_dir():
        if folder.path.exists():
            said = _("is a file, not a folder; expected a folder holding {files}")
        else:
            said = _("does not exist; expected a folder holding {files}")
        folder.add(str(folder.path), None, "(folder)", said.format(files=EXPECTED_FILES))
        raise PolicyError(folder.problems, str(folder.path))
    unknown_files(folder)
    for name in POLICY_FILES:
        text = read_file(folder, name)
        if text is not None:
            folder.texts[name] = text
    # Files read exactly as they were when they last passed need no validation again.
    key = None
    if not folder.problems and len(folder.texts) == len(POLICY_FILES):
        key = policy_cache.cache_key(folder.texts)
        known = policy_cache.recall(key, Policy)
        if known is not None:
            return dataclasses.replace(known, source=folder.path)
    # Validation is imported only here: a folder recalled from the cache never needs it.
    from kiosk.core import policy_validate

    policy = policy_validate.validated(folder)
    if key is not None:
        policy_cache.keep(key, dataclasses.replace(policy, source=None))
    return policy
