"""Letting go of closed screens' widgets.

Textual keeps three kinds of reference to a widget after it is removed, each dropped
only later:
- a widget that watches a longer-lived object (a text area watches the app's theme)
  stays in that object's list of watchers until the watched value next changes
  (Textual issue 6666), and the theme never changes at the desk;
- a widget subscribed to a longer-lived object's signal (every text box to its
  screen's "text selection started") stays subscribed until the signal is next sent:
  the subscription is weak, but its callback holds the widget;
- a node's cache of ``query_one`` answers keeps the widgets it found, old ones too,
  until a thousand newer answers push them out, and the sign-in screen and the board
  live all day.
Together they kept every new-incident form's text area, the sign-in screen's old PIN
boxes and more: about 0.3 MB a round at a busy desk. Each time a screen closes, the
app drops them from every node still open.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.signal import Signal


def _open_nodes(app: App[Any]) -> Iterator[DOMNode]:
    yield app
    for screen in app.screen_stack:
        yield from screen.walk_children(with_self=True)


def let_go_of_closed(app: App[Any]) -> int:
    """Drop closed widgets' watchers and subscriptions, and every cached query answer,
    from the nodes still open; how many watchers and subscriptions were dropped."""
    dropped = 0
    for node in _open_nodes(app):
        # Textual keeps watchers under this name (``setattr``, so not name-mangled).
        for watchers in (getattr(node, "__watchers", None) or {}).values():
            kept = [(watcher, callback) for watcher, callback in watchers
                    if not (watcher._closing or watcher._closed)]
            dropped += len(watchers) - len(kept)
            watchers[:] = kept
        for signal in [v for v in vars(node).values() if isinstance(v, Signal)]:
            # As Textual itself drops them when the signal is sent.
            gone = [n for n in signal._subscriptions if not (n.is_running and n.is_attached)]
            for subscriber in gone:
                signal.unsubscribe(subscriber)
            dropped += len(gone)
        node._query_one_cache.clear()  # answers are found again at the next query
    return dropped
