"""A dropdown list whose keys are never lost to a quick typist.

Textual's Select opens on a key binding that the app looks up only once the key has
travelled through the screen, and it moves focus into its list on a later turn still.
Keys sent 60-80 ms behind the enter that opened the list (or behind a tab, which the
kiosk acts on at once) were read while the list was not yet listening, and dropped or
sent to the next field. Here the dropdown reads its own keys, in the order they came,
whichever part of it has focus, so each key does what the agent meant.

Its list is built when the dropdown first takes focus (the kiosk holds keys typed
meanwhile, see keys_in_order), not with the form: a Select builds its list as it is
composed, and the new-incident form's five lists, which an agent may never open, cost
tens of milliseconds of the form's opening.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay

Part = TypeVar("Part", SelectCurrent, SelectOverlay)
OPENERS = frozenset({"enter", "down", "up", "space"})
MOVES = {"down": "cursor_down", "up": "cursor_up", "home": "first", "end": "last",
         "pageup": "page_up", "pagedown": "page_down"}


class Dropdown(Select[str]):
    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)

    def _child(self, kind: type[Part]) -> Part | None:
        return next((c for c in self.children if isinstance(c, kind)), None)

    def _built(self) -> SelectOverlay | None:
        return self._child(SelectOverlay)

    def _overlay(self) -> SelectOverlay:
        """The list, built and filled the first time it is needed."""
        overlay = self._built()
        if overlay is None:
            overlay = SelectOverlay(type_to_search=self._type_to_search)
            self.mount(overlay.data_bind(compact=Select.compact))
            super()._setup_options_renderables()
        return overlay

    def on_focus(self) -> None:
        self._overlay()

    def _setup_options_renderables(self) -> None:
        if self._built() is not None:  # else the list is filled when it is built
            super()._setup_options_renderables()

    def _watch_value(self, value: str | NoSelection) -> None:
        if self._built() is not None:
            super()._watch_value(value)
            return
        # Select's own, without the list's highlight, which opening the list sets.
        self._value = value
        current = self._child(SelectCurrent)
        if current is None:  # not composed yet
            return
        if value == self.NULL:
            current.update(self.NULL)
        else:
            prompt = next((p for p, v in self._options if v == value), None)
            if prompt is not None:
                current.update(prompt)
        self.post_message(self.Changed(self, value))

    def _watch_prompt(self, prompt: str) -> None:
        if self.is_mounted:
            self._overlay()
        super()._watch_prompt(prompt)

    def action_show_overlay(self) -> None:
        self._overlay()
        super().action_show_overlay()

    async def _on_key(self, event: events.Key) -> None:
        if not self.expanded:
            if event.key in OPENERS:
                self._take(event)
                self.action_show_overlay()
            return
        overlay = self._overlay()
        if event.key in MOVES:
            self._take(event)
            getattr(overlay, f"action_{MOVES[event.key]}")()
        elif event.key == "enter":
            self._take(event)
            if overlay.highlighted is not None:
                self._choose(overlay.highlighted)
            self._close()
        elif event.key == "escape":
            self._take(event)
            self._close()

    @staticmethod
    def _take(event: Message) -> None:
        # Handled here only: Textual's own handlers would move focus on a later turn.
        event.stop()
        event.prevent_default()

    def _watch_expanded(self, expanded: bool) -> None:
        """Textual's own, but focus moves into the list now rather than on a later turn,
        and not at all when a tab typed behind the opening key has moved on already."""
        if not self.is_attached:  # being removed
            return
        overlay = self._overlay()
        self.set_class(expanded, "-expanded")
        if not expanded:
            return
        if self.screen.focused is self:
            self.screen.set_focus(overlay, scroll_visible=False)
        chosen = [i for i, (_, value) in enumerate(self._options) if value == self.value]
        overlay.select(chosen[0] if chosen else None)
        self.query_one(SelectCurrent).has_value = bool(chosen)

    def _choose(self, index: int) -> None:
        value = self._options[index][1]
        if isinstance(value, str) and value != self.value:
            self.value = value

    @on(SelectOverlay.UpdateSelection)
    def _chosen(self, event: SelectOverlay.UpdateSelection) -> None:
        """A click on an option."""
        self._take(event)
        self._choose(event.option_index)
        self._close()

    @on(SelectOverlay.Dismiss)
    def _dismissed(self, event: SelectOverlay.Dismiss) -> None:
        self._take(event)
        self._close()

    def _close(self) -> None:
        # Focus comes back from the list, but never from where a tab has taken it.
        if self.screen.focused in (self._built(), None):
            self.screen.set_focus(self, scroll_visible=False)
        self.expanded = False
