"""Use cases: what the desk does. The TUI and the CLI both call these, so a thing that
works in ``kiosk incident add`` works the same at the desk."""
