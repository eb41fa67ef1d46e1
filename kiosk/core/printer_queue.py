"""What a printer queue name may be: CUPS's rule, in one place.

CUPS (``validate_name`` in its scheduler, and ``lpadmin(8)``) takes up to 127 printable
characters except space, tab, ``/``, ``\\``, ``?``, ``'``, ``"`` and ``#``. The kiosk keeps
to printable ASCII within that (no control or invisible characters can reach the audit
trail through a queue name) and refuses a leading ``-``, which ``lp`` would read as an
option.
"""

from __future__ import annotations

import re

from kiosk.core.i18n import N_

QUEUE_PATTERN = r"(?!-)(?:(?![/\\?'\"#])[\x21-\x7e]){1,127}"
QUEUE_RULE = N_("a CUPS queue name: up to 127 letters, digits and punctuation, without "
                "spaces or / \\ ? ' \" #, not starting with -, like frontdesk (see lpstat -p)")
_QUEUE = re.compile(QUEUE_PATTERN)


def is_queue_name(name: str) -> bool:
    return bool(_QUEUE.fullmatch(name))
