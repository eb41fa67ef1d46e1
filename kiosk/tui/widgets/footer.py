"""The footer every screen shows: Textual's own, built again only when the keys it shows
change.

Textual's footer is rebuilt whenever the screen's bindings may have changed, and that is
at every move of focus: each rebuild mounts a new widget for every key shown and styles it
twice. At the desk focus moves with every tab and every form field, while the keys shown
stay the same, so each move cost a rebuild the person waited for before the next key
was taken (about 25 ms on the sign-in screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

# What the footer shows of one key: the key, its words, its group, whether it works now.
KeyShown = tuple[str, str, str, str, str, bool, str]


def keys_shown(screen: Screen[object]) -> tuple[KeyShown, ...]:
    """Everything of the screen's keys that Footer.compose draws, in its order."""
    app = screen.app
    return tuple(
        (binding.key, app.get_key_display(binding), binding.description, binding.action,
         binding.group.description if binding.group else "", enabled, tooltip)
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == app.COMMAND_PALETTE_BINDING)


class KioskFooter(Footer):
    """Footer that draws its keys with the rest of the screen, and skips the rebuild
    when the keys it would show are those it shows."""

    def __init__(self) -> None:
        super().__init__()
        # Textual's footer starts empty and fills in on a later turn, a second mount
        # and paint that came just as the first keys were typed: draw the keys at once.
        self.set_reactive(Footer._bindings_ready, True)
        self._drawn: tuple[KeyShown, ...] | None = None

    def compose(self) -> ComposeResult:
        self._drawn = keys_shown(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual rebuilds only for the focused app's current screen: record only then,
        # so keys changed meanwhile are drawn when the app has focus again.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = keys_shown(screen)
            if shown == self._drawn:
                return
            self._drawn = shown
        super().bindings_changed(screen)
