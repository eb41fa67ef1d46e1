"""Keys are read in the order they were typed.

Textual hands each key to the widget that has focus as soon as it arrives, and acts on
the app's priority keys (tab, ctrl+s) at once. A key whose work moves focus (enter that
opens a list or goes to the next field, tab) or reads the form (ctrl+s) can so act
before the keys typed ahead of it have reached their field: at 60-80 ms between keys on
a busy terminal, a category chosen in its list was saved as the old one, and the last
letters of the guest's account went missing. The app therefore passes a key on only
once the screen has dealt with the ones before it (never holding one longer than
``MOST_HELD`` seconds, so a screen that stays busy cannot freeze the keyboard).
"""

from __future__ import annotations

from textual.screen import Screen

MOST_HELD = 0.5  # seconds
LOOK_AGAIN = 0.005  # seconds between looks at a busy screen


def screen_busy(screen: Screen[object]) -> bool:
    """Messages still waiting in the screen or any of its widgets."""
    return any(node._message_queue.qsize()
               for node in screen.walk_children(with_self=True))
