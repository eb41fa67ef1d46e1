"""The Textual kiosk app."""
