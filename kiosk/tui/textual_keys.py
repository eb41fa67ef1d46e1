"""Textual's own keys in the staff's words: the ones its widgets bring (a text box's
editing keys, a table's and a list's cursor keys, the tabs', a choice's), which the keys
panel lists beside the kiosk's. Their keys and actions stay Textual's; only the words are
ours, by action, so the catalogue holds them like every other word on screen."""

from __future__ import annotations

from kiosk.core.i18n import N_

WORDS = {
    # Moving between fields (the kiosk's own tab keys replace the screen's).
    "app.focus_next": N_("Next field"),
    "app.focus_previous": N_("Previous field"),
    # Moving the cursor: in a text box, a table, a list.
    "cursor_up": N_("One line up"),
    "cursor_down": N_("One line down"),
    "cursor_left": N_("Move left"),
    "cursor_right": N_("Move right"),
    "cursor_left_word": N_("One word left"),
    "cursor_word_left": N_("One word left"),
    "cursor_right_word": N_("One word right"),
    "cursor_word_right": N_("One word right"),
    "home": N_("Start of the line"),
    "cursor_line_start": N_("Start of the line"),
    "end": N_("End of the line"),
    "cursor_line_end": N_("End of the line"),
    "cursor_page_up": N_("One page up"),
    "page_up": N_("One page up"),
    "cursor_page_down": N_("One page down"),
    "page_down": N_("One page down"),
    "page_left": N_("One page left"),
    "page_right": N_("One page right"),
    "scroll_up": N_("Scroll up"),
    "scroll_down": N_("Scroll down"),
    "scroll_left": N_("Scroll left"),
    "scroll_right": N_("Scroll right"),
    "scroll_home": N_("To the beginning"),
    "scroll_end": N_("To the end"),
    "scroll_top": N_("To the first row"),
    "scroll_bottom": N_("To the last row"),
    "first": N_("First in the list"),
    "last": N_("Last in the list"),
    # Selecting text.
    "cursor_up(True)": N_("Select upwards"),
    "cursor_down(True)": N_("Select downwards"),
    "cursor_left(True)": N_("Select to the left"),
    "cursor_right(True)": N_("Select to the right"),
    "cursor_left_word(True)": N_("Select a word to the left"),
    "cursor_word_left(True)": N_("Select a word to the left"),
    "cursor_right_word(True)": N_("Select a word to the right"),
    "cursor_word_right(True)": N_("Select a word to the right"),
    "home(True)": N_("Select to the start of the line"),
    "cursor_line_start(True)": N_("Select to the start of the line"),
    "end(True)": N_("Select to the end of the line"),
    "cursor_line_end(True)": N_("Select to the end of the line"),
    "select_line": N_("Select the line"),
    "select_all": N_("Select all"),
    # Editing.
    "delete_left": N_("Delete the character on the left"),
    "delete_right": N_("Delete the character on the right"),
    "delete_left_word": N_("Delete the word on the left"),
    "delete_word_left": N_("Delete the word on the left"),
    "delete_right_word": N_("Delete the word on the right"),
    "delete_word_right": N_("Delete the word on the right"),
    "delete_left_all": N_("Delete to the start of the line"),
    "delete_to_start_of_line": N_("Delete to the start of the line"),
    "delete_right_all": N_("Delete to the end of the line"),
    "delete_to_end_of_line_or_delete_line": N_("Delete to the end of the line"),
    "delete_line": N_("Delete the line"),
    "cut": N_("Cut the selected text"),
    "copy": N_("Copy the selected text"),
    "screen.copy_text": N_("Copy the selected text"),
    "paste": N_("Paste"),
    "undo": N_("Undo"),
    "redo": N_("Redo"),
    "submit": N_("Confirm what is typed"),
    # Choosing: a row, an option in a list, a button, a tab.
    "select": N_("Choose"),
    "select_cursor": N_("Choose"),
    "show_overlay": N_("Open the list"),
    "dismiss": N_("Close the list"),
    "next_button": N_("Next option"),
    "previous_button": N_("Previous option"),
    "toggle_button": N_("Choose this option"),
    "press": N_("Press the button"),
    "next_tab": N_("Next tab"),
    "previous_tab": N_("Previous tab"),
}

# The headings the keys panel gives a widget's own keys (``BINDING_GROUP_TITLE``).
GROUP_TITLES = {
    "Input": N_("Typing"),
}
